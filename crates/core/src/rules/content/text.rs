//! The connector's title and description (TTL-01…04, DSC-01…03) and the wording of
//! every other string in the definition (STR-01/02) — certification-requirements.md
//! §3.1, §3.2, §3.6.
//!
//! Independent publishers: Microsoft shows IP connectors as "<Name> (Independent
//! Publisher)", but none of the 388 merged IP swaggers carries that suffix in
//! `info.title` (peers.md §5): it is added outside the swagger. So certpack does not
//! require it, and when it is there it does not count toward the 30 characters and
//! its closing parenthesis is not "a non-alphanumeric ending".

use crate::connector::JsonFile;
use crate::model::{PublisherKind, Severity};
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::definition::{Definition, Op};
use super::util::{
    Path, Phrase, Segment, Tally, ends_alnum, excerpt, find_phrases, product_names,
    product_names_outside_urls, ptr, quoted, strip_qualifier,
};
use super::{PREP, STRINGS, SWR};

rules! {
    TTL_01 {
        code: "TTL-01",
        severity: Error,
        scope: Connector,
        title: "The connector title is present and at most 30 characters",
        explanation: "Set `info.title` in the definition to the product or organisation name, at most 30 characters; \
            the validator refuses a longer one (FieldLengthExceeded) and no merged title is longer. The \
            \"(Independent Publisher)\" suffix of IP connectors is not counted.",
        url: PREP,
        validator: ["FieldLengthExceeded", "RequiredPropertyMissing", "5000.2.2.1"],
    }
    TTL_02 {
        code: "TTL-02",
        severity: Error,
        scope: Connector,
        title: "The title has no reserved words",
        explanation: "Remove \"API\", \"Connector\", \"Copilot\", \"Copilot Studio\" and Power Platform product names \
            (Power Apps, Power Automate, Power BI, Power Pages, ...) from `info.title`: \"Office 365 Outlook\", \
            not \"Office 365 Outlook API\". Microsoft's submission page makes it a must, the validator names it \
            (ValueContainsRestrictedWords) and the certification team sends Partner Center submissions back for \
            it, so it is an error in a solution. The open-source repository merged titles with `Power Apps` and \
            `Copilot` as late as 2024, so in a source folder it is a warning.",
        url: PREP,
        validator: ["ValueContainsRestrictedWords", "5000.2.2.2"],
    }
    TTL_03 {
        code: "TTL-03",
        severity: Error,
        scope: Connector,
        title: "The title ends with a letter or digit",
        explanation: "`info.title` must not end with punctuation, a space or a line break (ValueMustEndWithAlphanumeric): \
            remove the trailing character. A trailing qualifier in parentheses or brackets is fine, as merged \
            titles show (`Asite (Canada)`, `XC-Gate (Preview)`): the character before it counts.",
        url: PREP,
        validator: ["ValueMustEndWithAlphanumeric", "5000.2.2.3"],
    }
    TTL_04 {
        code: "TTL-04",
        severity: Warning,
        scope: Connector,
        title: "The title is in English (ASCII)",
        explanation: "The validator wants English titles (ValueMustBeInEnglish) but does not say how it judges; three \
            merged titles have non-ASCII characters (`Brønnøysundregistrene`, `OpenText™ …`), so this is a \
            warning. Use the English spelling of the name.",
        url: SWR,
        validator: ["ValueMustBeInEnglish", "5000.2.3.1"],
    }
    DSC_01 {
        code: "DSC-01",
        severity: Error,
        scope: Connector,
        title: "The description is 30 to 500 characters",
        explanation: "Write `info.description` as a concise statement of what the service does and the value of the \
            connector, between 30 and 500 characters. The validator refuses other lengths (FieldLengthNotInRange) \
            and no merged description has one.",
        url: PREP,
        validator: ["FieldLengthNotInRange", "5000.2.3.4"],
    }
    DSC_02 {
        code: "DSC-02",
        severity: Warning,
        scope: Connector,
        title: "The description names no Power Platform product",
        explanation: "Microsoft's submission page asks that `info.description` name no Power Platform product (Power \
            Apps, Power Automate, Power BI, Copilot Studio, ...): describe the service instead. Reviewers ask for \
            it, but merged connectors have such descriptions, so it is a warning. Links are not read: \
            `…/power-automate/…` in a URL names nothing.",
        url: PREP,
        validator: ["5000.2.3.5"],
    }
    DSC_03 {
        code: "DSC-03",
        severity: Warning,
        scope: Connector,
        title: "The description is a full sentence ending in punctuation",
        explanation: "End `info.description` with a full stop (or ! or ?) and check its spelling and grammar; \
            reviewers ask for full sentences (5000.2.3.2).",
        url: STRINGS,
        validator: ["5000.2.3.2"],
    }
    STR_01 {
        code: "STR-01",
        severity: Warning,
        scope: Connector,
        title: "Summaries and descriptions name no Power Platform product",
        explanation: "Microsoft's string guidance asks that operation, parameter and schema strings name no Power \
            Platform product (Power Apps, Power Automate, Power BI, ...), since the same connector appears in all \
            of them: describe what the operation does instead. Reviewers ask for it, but merged connectors have \
            such strings (an `x-ms-summary` \"PowerAutomate\" among them), so it is a warning. Links are not \
            read.",
        url: STRINGS,
    }
    STR_02 {
        code: "STR-02",
        severity: Warning,
        scope: Connector,
        title: "Descriptions hold no URLs and only ASCII characters",
        explanation: "Third-party reports of policy 5000.2.3.6 say descriptions with URLs or non-ASCII characters are \
            sent back. Move links to the README or intro.md and use plain ASCII punctuation (straight quotes, \
            `-` instead of dashes). A note in operation descriptions, where no refusal is known.",
        url: None,
        validator: ["5000.2.3.6"],
    }
}

const IP_SUFFIX: &str = "(Independent Publisher)";
const MAX_TITLE: usize = 30;

/// Words reserved in the title, besides the product names.
const TITLE_WORDS: &[Phrase] = &[
    ("API", &["api"]),
    ("Connector", &["connector"]),
    ("Copilot", &["copilot"]),
];

/// TTL, DSC and STR on one definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>, publisher: PublisherKind) {
    let (sw, root) = (def.file, def.root);
    let info = root.get("info");
    title(sink, def, info.and_then(|i| i.get("title")), publisher);
    description(sink, sw, info.and_then(|i| i.get("description")));
    strings(sink, sw, root);
    operation_descriptions(sink, sw, &def.ops);
}

fn title(sink: &mut Sink, def: &Definition<'_>, v: Option<&Value>, publisher: PublisherKind) {
    let at = || def.at("/info/title");
    let Some(full) = v.and_then(Value::as_str).filter(|t| !t.trim().is_empty()) else {
        let msg = match v {
            Some(v) if v.as_str().is_none() => "`info.title` is not a string",
            Some(_) => "`info.title` is empty",
            None => "the definition has no `info.title`",
        };
        sink.emit(&TTL_01, at(), msg);
        return;
    };
    let has_suffix = full
        .len()
        .checked_sub(IP_SUFFIX.len())
        .and_then(|i| full.get(i..))
        .is_some_and(|s| s.eq_ignore_ascii_case(IP_SUFFIX));
    let ip = publisher == PublisherKind::Independent;
    let name = if ip && has_suffix {
        full[..full.len() - IP_SUFFIX.len()].trim_end()
    } else {
        full
    };
    let n = name.chars().count();
    if n > MAX_TITLE {
        let note = if name.len() == full.len() {
            ""
        } else {
            " (not counting \"(Independent Publisher)\")"
        };
        sink.emit(
            &TTL_01,
            at(),
            format!("the title `{name}` is {n} characters{note}; the limit is {MAX_TITLE}"),
        );
    }
    let mut reserved = find_phrases(name, TITLE_WORDS);
    reserved.extend(product_names(name));
    if !reserved.is_empty() {
        sink.emit_as(
            &TTL_02,
            in_solution(def),
            at(),
            format!(
                "the title `{name}` contains the reserved word(s) {}",
                quoted(&reserved)
            ),
        );
    }
    if has_suffix && !ip {
        sink.emit_as(
            &TTL_03,
            Severity::Warning,
            at(),
            format!(
                "the title `{full}` carries the independent-publisher suffix, but this is a verified-publisher \
                 connector: remove it"
            ),
        );
    } else if !ends_alnum(strip_qualifier(name)) {
        let msg = match name.chars().last() {
            Some(c) if c.is_whitespace() => {
                format!(
                    "the title `{}` ends with a space or line break",
                    name.trim_end()
                )
            }
            Some(c) => format!("the title `{name}` ends with `{c}`"),
            None => format!("the title `{name}` is empty"),
        };
        sink.emit(&TTL_03, at(), msg);
    }
    if let Some(c) = name.chars().find(|c| !c.is_ascii()) {
        sink.emit(
            &TTL_04,
            at(),
            format!("the title `{name}` contains the non-ASCII character `{c}`"),
        );
    }
}

fn description(sink: &mut Sink, sw: &JsonFile, v: Option<&Value>) {
    let at = || sw.at("/info/description");
    let Some(d) = v.and_then(Value::as_str) else {
        let msg = if v.is_some() {
            "`info.description` is not a string"
        } else {
            "the definition has no `info.description`"
        };
        sink.emit(&DSC_01, at(), msg);
        return;
    };
    let n = d.trim().chars().count();
    if !(30..=500).contains(&n) {
        sink.emit(
            &DSC_01,
            at(),
            format!("the description is {n} characters; it must be 30 to 500"),
        );
    }
    let names = product_names_outside_urls(d);
    if !names.is_empty() {
        sink.emit(
            &DSC_02,
            at(),
            format!("the description names {}", quoted(&names)),
        );
    }
    if n > 0 && !d.trim_end().ends_with(['.', '!', '?']) {
        sink.emit(
            &DSC_03,
            at(),
            format!(
                "the description does not end with a full stop: `…{}`",
                tail(d.trim_end(), 30)
            ),
        );
    }
    if let Some(why) = url_or_non_ascii(d) {
        sink.emit(&STR_02, at(), format!("the description {why}"));
    }
}

/// Error for the definition in a solution (what Partner Center certifies), warning
/// in a source folder (the open-source repository merged such folders).
pub(crate) fn in_solution(def: &Definition<'_>) -> Severity {
    match def.origin {
        crate::connector::Origin::Solution => Severity::Error,
        crate::connector::Origin::SourceFolder => Severity::Warning,
    }
}

/// The last `max` characters of `s`.
fn tail(s: &str, max: usize) -> &str {
    let n = s.chars().count();
    match s.char_indices().nth(n.saturating_sub(max)) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// Why a description breaks STR-02, if it does.
fn url_or_non_ascii(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    if let Some(i) = ["http://", "https://", "www."]
        .iter()
        .filter_map(|p| lower.find(p))
        .min()
    {
        let url: String = s[i..].chars().take_while(|c| !c.is_whitespace()).collect();
        return Some(format!("contains the URL `{}`", excerpt(&url, 60)));
    }
    s.chars().find(|c| !c.is_ascii()).map(|c| {
        format!(
            "contains the non-ASCII character `{c}` (U+{:04X})",
            u32::from(c)
        )
    })
}

/// Keys whose string values are shown to users.
const STRING_KEYS: &[&str] = &["summary", "description", "x-ms-summary", "title"];
/// Keys holding sample data, not wording.
const DATA_KEYS: &[&str] = &[
    "example",
    "examples",
    "x-ms-examples",
    "default",
    "enum",
    "x-ms-test-value",
    "x-example",
];

/// STR-01 over the whole definition (the title and description have their own
/// rules), depth first without recursion.
fn strings(sink: &mut Sink, sw: &JsonFile, root: &Value) {
    let mut path = Path::default();
    // (value, its depth, how it was reached)
    let mut stack: Vec<(&Value, usize, Option<Segment<'_>>)> = vec![(root, 0, None)];
    while let Some((v, depth, seg)) = stack.pop() {
        if let Some(seg) = seg {
            path.set(depth - 1, seg);
        }
        match &v.kind {
            Kind::Object(members) => {
                for m in members.iter().rev() {
                    if DATA_KEYS.contains(&m.key.as_str()) {
                        continue;
                    }
                    match &m.value.kind {
                        Kind::String(s) if STRING_KEYS.contains(&m.key.as_str()) => {
                            let names = product_names_outside_urls(s);
                            if names.is_empty() {
                                continue;
                            }
                            path.set(depth, Segment::Key(&m.key));
                            let p = path.pointer("");
                            if p != "/info/title" && p != "/info/description" {
                                sink.emit(
                                    &STR_01,
                                    sw.at(&p),
                                    format!("`{}` names {}", m.key, quoted(&names)),
                                );
                            }
                        }
                        Kind::Object(_) | Kind::Array(_) => {
                            stack.push((&m.value, depth + 1, Some(Segment::Key(&m.key))));
                        }
                        _ => {}
                    }
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    if matches!(item.kind, Kind::Object(_) | Kind::Array(_)) {
                        stack.push((item, depth + 1, Some(Segment::Index(i))));
                    }
                }
            }
            _ => {}
        }
    }
}

/// STR-02 on operation descriptions: folded, as a note (no Microsoft rule is known
/// to refuse them there).
fn operation_descriptions(sink: &mut Sink, sw: &JsonFile, ops: &[Op<'_>]) {
    let mut t = Tally::new(
        &STR_02,
        Severity::Info,
        "operation descriptions contain a URL or non-ASCII characters",
    );
    for op in ops {
        if let Some(why) = op
            .value
            .get("description")
            .and_then(Value::as_str)
            .and_then(url_or_non_ascii)
        {
            let p = ptr(&op.pointer, "description");
            t.add(
                sw.at(&p),
                op.label(),
                format!("the description of `{}` {why}", op.label()),
            );
        }
    }
    t.finish(sink);
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::Diagnostic;
    use crate::rules::cases::Case;

    fn title(t: &'static str) -> Vec<Diagnostic> {
        with_swagger(|v| v["info"]["title"] = t.into())
    }

    fn description(d: &'static str) -> Vec<Diagnostic> {
        with_swagger(|v| v["info"]["description"] = d.into())
    }

    /// Every content finding on the good connector as it is inside a solution,
    /// with the title `t`.
    fn title_in_solution(t: &'static str) -> Vec<Diagnostic> {
        let mut v = good_swagger();
        v["info"]["title"] = t.into();
        let mut files = good_connector();
        files.origin = Origin::Solution;
        files.swagger = Some(json_file(
            "pkg.zip!/PkgAssets/c.zip!/Connector/x_openapidefinition.json",
            &v.to_string(),
        ));
        run_content(&files)
    }

    fn list_description(d: &'static str) -> Vec<Diagnostic> {
        with_swagger(|v| v["paths"]["/tasks"]["get"]["description"] = d.into())
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &TTL_01,
                || title("Contoso Tasks And Projects Plan"),
                || title("Contoso Tasks And Projects Pla"),
            ),
            Case::new(&TTL_01, || title(" "), || title("C")),
            Case::new(
                &TTL_02,
                || title_in_solution("Contoso Tasks API"),
                || title_in_solution("Contoso Tasks Rapid"),
            ),
            Case::new(
                &TTL_02,
                || title("Contoso Tasks for Power Apps"),
                || title("Contoso Tasks for Apps"),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &TTL_03,
                || title("Contoso Tasks -"),
                || title("Contoso Tasks (Preview)"),
            ),
            Case::new(
                &TTL_03,
                || title("Contoso (Independent Publisher)"),
                || title("Contoso (Independent)"),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &TTL_04,
                || title("Contoso Tâches"),
                || title("Contoso Taches"),
            ),
            Case::new(
                &DSC_01,
                || description("Tracks your team's tasks now."),
                || description("Tracks your team's tasks well."),
            ),
            Case::new(
                &DSC_02,
                || description("Contoso Tasks tracks your team's work from Power Automate."),
                || {
                    description(
                        "Contoso Tasks tracks your team's work from flows, see \
                         https://learn.microsoft.com/power-automate/ for them.",
                    )
                },
            ),
            Case::new(
                &DSC_03,
                || description("Contoso Tasks keeps your team's work in one place"),
                || description("Contoso Tasks keeps your team's work in one place?"),
            ),
            Case::new(
                &STR_01,
                || list_description("Lists the tasks of a project for Power BI."),
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["x-ms-examples"] =
                            serde_json::json!({"description": "Lists the tasks for Power BI."})
                    })
                },
            ),
            Case::new(
                &STR_02,
                || description("Contoso Tasks keeps your team\u{2019}s work in one place."),
                || description("Contoso Tasks keeps your team's work in one place."),
            ),
            Case::new(
                &STR_02,
                || {
                    list_description(
                        "Lists the tasks of a project, see https://contoso.example.com.",
                    )
                },
                || list_description("Lists the tasks of a project, see the Contoso site."),
            )
            .reported_as(Severity::Info),
        ]
    }

    fn run(sw: &str, publisher: PublisherKind) -> Vec<String> {
        let f = json_file("apiDefinition.swagger.json", sw);
        let def = Definition::new(&f, Origin::SourceFolder).unwrap();
        let mut sink = Sink::new();
        check(&mut sink, &def, publisher);
        codes(&sink)
    }

    fn with_info(title: &str, description: &str) -> String {
        let mut v = good_swagger();
        v["info"]["title"] = title.into();
        v["info"]["description"] = description.into();
        v.to_string()
    }

    const DESC: &str = "Contoso Tasks keeps your team's work in one place and on schedule.";
    const V: PublisherKind = PublisherKind::Verified;
    const IP: PublisherKind = PublisherKind::Independent;

    #[test]
    fn good_is_silent() {
        assert!(run(&good_swagger().to_string(), V).is_empty());
    }

    #[test]
    fn ttl01_length_and_presence() {
        assert_eq!(
            run(&with_info("Contoso Tasks And Projects Planner X", DESC), V),
            ["TTL-01"]
        );
        assert!(run(&with_info("Contoso Tasks", DESC), V).is_empty());
        let mut v = good_swagger();
        v["info"].as_object_mut().unwrap().remove("title");
        assert_eq!(run(&v.to_string(), V), ["TTL-01"]);
        // the IP suffix does not count
        let t = "Contoso Tasks Planner (Independent Publisher)";
        assert!(run(&with_info(t, DESC), IP).is_empty());
        assert_eq!(
            run(
                &with_info(
                    "Contoso Tasks And Projects Planner X (Independent Publisher)",
                    DESC
                ),
                IP
            ),
            ["TTL-01"]
        );
    }

    #[test]
    fn ttl02_reserved_words() {
        assert_eq!(run(&with_info("Contoso API", DESC), V), ["TTL-02"]);
        assert_eq!(run(&with_info("Cards for Power Apps", DESC), V), ["TTL-02"]);
        assert_eq!(run(&with_info("MCAS Connector", DESC), V), ["TTL-02"]);
        assert!(run(&with_info("Rapid Capital", DESC), V).is_empty());
    }

    #[test]
    fn ttl03_ending() {
        assert_eq!(run(&with_info("Contoso Tasks.", DESC), V), ["TTL-03"]);
        assert_eq!(run(&with_info("Contoso Tasks ", DESC), V), ["TTL-03"]);
        assert_eq!(
            run(&with_info("Tasks (Independent Publisher)", DESC), V),
            ["TTL-03"]
        );
        assert!(run(&with_info("Contoso (Independent Publisher)", DESC), IP).is_empty());
        assert!(run(&with_info("Contoso Tasks 365", DESC), V).is_empty());
    }

    #[test]
    fn ttl04_ascii() {
        assert_eq!(run(&with_info("Brønnøysund", DESC), V), ["TTL-04"]);
        assert!(run(&with_info("Bronnoysund", DESC), V).is_empty());
    }

    #[test]
    fn dsc01_length() {
        assert_eq!(run(&with_info("Contoso", "Too short."), V), ["DSC-01"]);
        assert_eq!(
            run(&with_info("Contoso", &format!("{}.", "a".repeat(501))), V),
            ["DSC-01"]
        );
        let mut v = good_swagger();
        v["info"].as_object_mut().unwrap().remove("description");
        assert_eq!(run(&v.to_string(), V), ["DSC-01"]);
        assert!(run(&with_info("Contoso", DESC), V).is_empty());
    }

    #[test]
    fn dsc02_product_names() {
        let d = "Use Contoso Tasks from Power Automate to track your team's work.";
        assert_eq!(run(&with_info("Contoso", d), V), ["DSC-02"]);
    }

    #[test]
    fn dsc03_punctuation() {
        let d = "Contoso Tasks keeps your team's work in one place";
        assert_eq!(run(&with_info("Contoso", d), V), ["DSC-03"]);
        assert!(run(&with_info("Contoso", &format!("{d}!")), V).is_empty());
    }

    #[test]
    fn str01_product_names_anywhere() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["description"] =
            "Lists tasks for use in Power BI reports.".into();
        assert_eq!(run(&v.to_string(), V), ["STR-01"]);
        // sample data is not wording
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["x-ms-examples"] =
            serde_json::json!({"description": "Power BI"});
        assert!(run(&v.to_string(), V).is_empty());
    }

    #[test]
    fn str02_urls_and_non_ascii() {
        let d = "Contoso Tasks keeps work on schedule. See https://contoso.example.com.";
        assert_eq!(run(&with_info("Contoso", d), V), ["STR-02"]);
        let d = "Contoso Tasks keeps your team’s work on schedule.";
        assert_eq!(run(&with_info("Contoso", d), V), ["STR-02"]);
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["description"] = "Lists tasks – all of them.".into();
        let f = json_file("a.json", &v.to_string());
        let def = Definition::new(&f, Origin::SourceFolder).unwrap();
        let mut sink = Sink::new();
        check(&mut sink, &def, V);
        assert_eq!(sink.diagnostics()[0].severity, Severity::Info);
    }
}
