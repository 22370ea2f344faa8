//! Checks across sources (package-format.md §2, §4): the connector inside the
//! solution against the source folder (XCK-01), and the Partner Center privacy link
//! against the definition's `Privacy policy` metadata (PC-08).

use crate::connector::{ConnectorFiles, FileData, JsonFile, Origin};
use crate::model::Location;
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::properties::customizations;
use super::util::{excerpt, ptr};
use super::{PREP, VP_DOC};

rules! {
    XCK_01 {
        code: "XCK-01",
        severity: Warning,
        scope: Submission,
        title: "The connector in the solution matches the source folder",
        explanation: "Microsoft reviews the copy inside the connector solution. When it differs from your source folder, \
            one of them is stale: update the connector in the maker portal from the source (or the source from \
            the portal), then export the solution again.",
        url: PREP,
    }
    PC_08 {
        code: "PC-08",
        severity: Warning,
        scope: Submission,
        title: "The privacy link in the form matches the definition's Privacy policy",
        explanation: "Give the same privacy policy URL in the Partner Center form and in the definition's \
            `x-ms-connector-metadata` `Privacy policy` entry, so reviewers and users see one policy.",
        url: VP_DOC,
    }
}

/// Connection-parameter keys the maker portal fills in or that must differ between
/// the open-source folder (placeholders) and the solution (real values).
const PORTAL_KEYS: &[&str] = &["clientId", "clientSecret", "redirectUrl", "properties"];

/// The first place where `b` differs from `a`: its pointer and what differs.
fn first_difference(
    a: &Value,
    b: &Value,
    at: &str,
    ignore: &dyn Fn(&str, &str) -> bool,
) -> Option<(String, String)> {
    let show = |v: &Value| match &v.kind {
        Kind::String(s) if s.chars().count() <= 60 => format!("`{s}`"),
        Kind::String(_) => "a longer text".to_owned(),
        Kind::Number(n) => format!("`{n}`"),
        Kind::Bool(x) => format!("`{x}`"),
        Kind::Null => "`null`".to_owned(),
        Kind::Array(i) => format!("a list of {}", i.len()),
        Kind::Object(_) => "an object".to_owned(),
    };
    let differ = || {
        Some((
            at.to_owned(),
            format!("{} in the source, {} in the solution", show(a), show(b)),
        ))
    };
    match (&a.kind, &b.kind) {
        (Kind::Object(am), Kind::Object(bm)) => {
            for m in am {
                if ignore(at, &m.key) || a.get(&m.key).is_some_and(|v| !std::ptr::eq(v, &m.value)) {
                    continue; // duplicates: the last one counts
                }
                let p = ptr(at, &m.key);
                match b.get(&m.key) {
                    Some(bv) => {
                        if let Some(d) = first_difference(&m.value, bv, &p, ignore) {
                            return Some(d);
                        }
                    }
                    None => {
                        return Some((
                            p,
                            format!("`{}` is in the source but not in the solution", m.key),
                        ));
                    }
                }
            }
            bm.iter()
                .find(|m| !ignore(at, &m.key) && a.get(&m.key).is_none())
                .map(|m| {
                    (
                        ptr(at, &m.key),
                        format!("`{}` is in the solution but not in the source", m.key),
                    )
                })
        }
        (Kind::Array(ai), Kind::Array(bi)) => {
            for (i, (x, y)) in ai.iter().zip(bi).enumerate() {
                if let Some(d) = first_difference(x, y, &format!("{at}/{i}"), ignore) {
                    return Some(d);
                }
            }
            (ai.len() != bi.len()).then(|| {
                (
                    format!("{at}/{}", ai.len().min(bi.len())),
                    format!(
                        "{} items in the source, {} in the solution",
                        ai.len(),
                        bi.len()
                    ),
                )
            })
        }
        (Kind::Number(x), Kind::Number(y)) if x == y => None,
        (x, y) if x == y => None,
        _ => differ(),
    }
}

fn source_params(f: &JsonFile) -> Option<&Value> {
    f.root()?.pointer("/properties/connectionParameters")
}

fn name(f: &JsonFile) -> &str {
    f.vpath.rsplit(['/', '\\']).next().unwrap_or(&f.vpath)
}

/// XCK-01: compares the connector inside a solution with the source folder —
/// definition, connection parameters, brand colour and script — and reports the
/// first difference of each, at its place in the solution's copy.
pub fn compare(sink: &mut Sink, source: &ConnectorFiles, solution: &ConnectorFiles) {
    if source.origin != Origin::SourceFolder || solution.origin != Origin::Solution {
        return;
    }
    if let (Some(a), Some(b)) = (&source.swagger, &solution.swagger)
        && let (Some(ar), Some(br)) = (a.root(), b.root())
        && let Some((p, what)) = first_difference(ar, br, "", &|_, _| false)
    {
        sink.emit(
            &XCK_01,
            b.at(&p),
            format!(
                "the definition differs from the source's `{}` first at `{}`: {what}",
                name(a),
                display(&p)
            ),
        );
    }
    if let (Some(a), Some(b)) = (&source.properties, &solution.properties)
        && let (Some(ap), Some(br)) = (source_params(a), b.root())
        && let Some((p, what)) = first_difference(ap, br, "", &|at, key| {
            at.ends_with("/oAuthSettings") && PORTAL_KEYS.contains(&key)
        })
    {
        sink.emit(
            &XCK_01,
            b.at(&p),
            format!(
                "the connection parameters differ from `connectionParameters` in the source's `{}` first at `{}`: {what}",
                name(a),
                display(&p)
            ),
        );
    }
    let source_colour = super::brand_colour(source);
    if let (Some(a), Some(b)) = (
        source_colour.as_deref(),
        solution.icon_brand_color.as_deref(),
    ) && !a.trim().eq_ignore_ascii_case(b.trim())
    {
        let at = solution
            .properties
            .as_ref()
            .or(solution.swagger.as_ref())
            .map_or_else(|| Location::file(&solution.label), customizations);
        sink.emit(
            &XCK_01,
            at,
            format!(
                "`iconbrandcolor` is `{}` in the solution but `{}` in the source",
                excerpt(b, 10),
                excerpt(a, 10)
            ),
        );
    }
    if let (Some(a), Some(b)) = (&source.script, &solution.script) {
        script(sink, a, b);
    }
}

fn display(p: &str) -> &str {
    if p.is_empty() { "/" } else { p }
}

fn script(sink: &mut Sink, a: &FileData, b: &FileData) {
    let norm = |f: &FileData| String::from_utf8_lossy(&f.bytes).replace("\r\n", "\n");
    let (ta, tb) = (norm(a), norm(b));
    // spaces at the ends of lines do not count, as where the first difference is
    let (ta, tb) = (ta.trim_end(), tb.trim_end());
    if ta
        .lines()
        .map(str::trim_end)
        .eq(tb.lines().map(str::trim_end))
    {
        return;
    }
    let line = ta
        .lines()
        .zip(tb.lines())
        .position(|(x, y)| x.trim_end() != y.trim_end())
        .unwrap_or_else(|| ta.lines().count().min(tb.lines().count()));
    let n = u32::try_from(line + 1).unwrap_or(u32::MAX);
    sink.emit(
        &XCK_01,
        Location::file(&b.vpath).with_line_col(n, 1),
        format!("the script differs from the source's script first at line {n}"),
    );
}

/// `https://Host/path/` → `https://host/path` for comparing links.
fn normalise_url(u: &str) -> String {
    let u = u.trim().trim_end_matches('/');
    match u.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
            let sep = if path.is_empty() { "" } else { "/" };
            format!(
                "{}://{}{sep}{path}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            )
        }
        None => u.to_owned(),
    }
}

/// The definition's `Privacy policy` link, with its pointer.
fn privacy_link(sw: &JsonFile) -> Option<(String, &str)> {
    let items = sw.root()?.get("x-ms-connector-metadata")?.as_array()?;
    items.iter().enumerate().find_map(|(i, m)| {
        let name = m.get("propertyName")?.as_str()?;
        name.trim()
            .eq_ignore_ascii_case("Privacy policy")
            .then(|| {
                Some((
                    format!("/x-ms-connector-metadata/{i}/propertyValue"),
                    m.get("propertyValue")?.as_str()?,
                ))
            })?
    })
}

/// PC-08: the privacy link of the form (`properties.privacyPolicyUrl`) against the
/// definition's `Privacy policy`. Silent when either is missing (PC-04 and SWG-07
/// report those).
pub fn check_privacy_link(sink: &mut Sink, form_url: &str, files: &ConnectorFiles) {
    let Some(sw) = &files.swagger else { return };
    let Some((pointer, link)) = privacy_link(sw) else {
        return;
    };
    if form_url.trim().is_empty()
        || link.trim().is_empty()
        || normalise_url(form_url) == normalise_url(link)
    {
        return;
    }
    sink.emit(
        &PC_08,
        sw.at(&pointer).with_field("properties.privacyPolicyUrl"),
        format!(
            "the form's privacy link `{}` differs from the definition's Privacy policy `{}`",
            excerpt(form_url.trim(), 80),
            excerpt(link.trim(), 80)
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::Diagnostic;
    use crate::rules::cases::Case;

    /// XCK-01 between the good source folder and its solution copy changed by `f`.
    fn against(f: fn(&mut ConnectorFiles)) -> Vec<Diagnostic> {
        let mut sol = solution_copy();
        f(&mut sol);
        let mut sink = Sink::new();
        compare(&mut sink, &good_connector(), &sol);
        sink.into_diagnostics()
    }

    /// The solution copy with its definition changed by `f`.
    fn definition(sol: &mut ConnectorFiles, f: fn(&mut serde_json::Value)) {
        let mut sw = good_swagger();
        f(&mut sw);
        sol.swagger = Some(json_file(
            "pkg.zip!/PkgAssets/c.zip!/Connector/x_openapidefinition.json",
            &sw.to_string(),
        ));
    }

    /// PC-08 with the privacy link `url` in the form.
    fn privacy(url: &str) -> Vec<Diagnostic> {
        let mut sink = Sink::new();
        check_privacy_link(&mut sink, url, &good_connector());
        sink.into_diagnostics()
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &XCK_01,
                || {
                    against(|sol| {
                        definition(sol, |v| {
                            v["paths"]["/tasks"]["get"]["summary"] = "List all tasks".into()
                        })
                    })
                },
                // the same definition, written differently
                || against(|sol| definition(sol, |_| {})),
            ),
            Case::new(
                &XCK_01,
                || against(|sol| sol.icon_brand_color = Some("#1f6f44".into())),
                || against(|sol| sol.icon_brand_color = Some(" #1f6f43".into())),
            ),
            Case::new(
                &XCK_01,
                || {
                    against(|sol| {
                        let script = sol.script.as_mut().unwrap();
                        script.bytes = String::from_utf8_lossy(&script.bytes)
                            .replacen("\"ListTasks\"", "\"GetTask\"", 1)
                            .into_bytes();
                    })
                },
                || {
                    against(|sol| {
                        let script = sol.script.as_mut().unwrap();
                        script.bytes = String::from_utf8_lossy(&script.bytes)
                            .replace('\n', "  \r\n")
                            .into_bytes();
                    })
                },
            ),
            Case::new(
                &PC_08,
                || privacy("https://contoso.example.com/legal/privacy"),
                || privacy("https://Contoso.Example.com/privacy/"),
            ),
        ]
    }

    fn solution_copy() -> ConnectorFiles {
        let mut c = good_connector();
        c.origin = Origin::Solution;
        let sw = good_swagger();
        c.swagger = Some(json_file(
            "pkg.zip!/PkgAssets/c.zip!/Connector/x_openapidefinition.json",
            &serde_json::to_string_pretty(&sw).unwrap(),
        ));
        let mut params = good_properties()["properties"]["connectionParameters"].clone();
        params["token"]["oAuthSettings"]["clientId"] =
            "8f14e45f-ceea-4672-a4ce-0d2a5c1b9b7e".into();
        c.properties = Some(json_file(
            "pkg.zip!/PkgAssets/c.zip!/Connector/x_connectionparameters.json",
            &params.to_string(),
        ));
        c.icon_brand_color = Some("#1F6F43".into());
        c.readme = None;
        c.intro = None;
        c
    }

    fn run(source: &ConnectorFiles, solution: &ConnectorFiles) -> Vec<(String, Option<String>)> {
        let mut sink = Sink::new();
        compare(&mut sink, source, solution);
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.location.pointer.clone()))
            .collect()
    }

    #[test]
    fn identical_copies_are_silent() {
        assert!(run(&good_connector(), &solution_copy()).is_empty());
    }

    #[test]
    fn xck01_definition_differs() {
        let mut sol = solution_copy();
        let mut sw = good_swagger();
        sw["paths"]["/tasks"]["get"]["summary"] = "List all tasks".into();
        sol.swagger = Some(json_file(
            "pkg.zip!/Connector/x_openapidefinition.json",
            &sw.to_string(),
        ));
        assert_eq!(
            run(&good_connector(), &sol),
            [(
                "XCK-01".to_owned(),
                Some("/paths/~1tasks/get/summary".to_owned())
            )]
        );
    }

    #[test]
    fn xck01_parameters_colour_and_script() {
        let mut sol = solution_copy();
        let mut params = good_properties()["properties"]["connectionParameters"].clone();
        params["token"]["uiDefinition"]["displayName"] = "Sign in".into();
        sol.properties = Some(json_file(
            "pkg.zip!/Connector/x_connectionparameters.json",
            &params.to_string(),
        ));
        sol.icon_brand_color = Some("#000000".into());
        let mut script = sol.script.clone().unwrap();
        script.bytes.extend_from_slice(b"\n// changed\n");
        sol.script = Some(script);
        let d = run(&good_connector(), &sol);
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d.iter().all(|(c, _)| c == "XCK-01"));
        assert_eq!(d[0].1.as_deref(), Some("/token/uiDefinition/displayName"));
    }

    #[test]
    fn xck01_script_spaces_at_line_ends_do_not_count() {
        let mut sol = solution_copy();
        let script = sol.script.as_mut().unwrap();
        script.bytes = String::from_utf8_lossy(&script.bytes)
            .replace('\n', "  \r\n")
            .into_bytes();
        assert!(run(&good_connector(), &sol).is_empty());
    }

    #[test]
    fn pc08_privacy_link() {
        let files = good_connector();
        let mut sink = Sink::new();
        check_privacy_link(&mut sink, "https://CONTOSO.example.com/privacy/", &files);
        assert!(sink.diagnostics().is_empty());
        check_privacy_link(
            &mut sink,
            "https://contoso.example.com/legal/privacy",
            &files,
        );
        let d = sink.diagnostics();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "PC-08");
        assert_eq!(
            d[0].location.field.as_deref(),
            Some("properties.privacyPolicyUrl")
        );
        assert!(d[0].location.line.is_some());
    }
}
