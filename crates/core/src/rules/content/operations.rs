//! Operations (OPS-01…08): identity, summary, description, visibility and the
//! parameters' wording and structure — certification-requirements.md §3.6 and the
//! validator rules of validator-rules.md §1.1 and §1.3.
//!
//! Severities follow what Microsoft refuses, measured on the connectors it merged
//! (`../shared/corpus`): an error only where the validator refuses it and merged
//! connectors do not have it. The sanitizer behind `OperationIdSanitized` keeps
//! `_` and `-` (452 merged operationIds use `_`, 178 use `-`), so OPS-01 refuses
//! only other characters; operations with `x-ms-visibility: internal` are never
//! shown, so their summary and description are not asked for. What reviewers ask
//! for but merged connectors often lack is a warning or a note, folded into one
//! finding per connector past three ([`Tally`]).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::model::Severity;
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::definition::{Definition, Op, Param};
use super::util::{Tally, excerpt, ptr, strip_qualifier};
use super::{EXTENSIONS, PREP, STRINGS, SWR};

rules! {
    OPS_01 {
        code: "OPS-01",
        severity: Error,
        scope: Connector,
        title: "Every operation has a unique operationId that the validator keeps as it is",
        explanation: "Give each operation an `operationId` made of ASCII letters, digits, `_` and `-`, different \
            from every other operation's. The validator refuses a missing or repeated id and one its sanitizer \
            would change (any other character: a space, `.`, `/`, an accent). `_` and `-` are kept and merged \
            connectors use them (452 ids with `_`, 178 with `-`), but Microsoft's string guidance prefers \
            PascalCase (`ListTasks`), so they get a note; an id starting with a digit gets a warning.",
        url: SWR,
        validator: ["OperationIdRequired", "OperationIdNotUnique", "OperationIdSanitized"],
    }
    OPS_02 {
        code: "OPS-02",
        severity: Error,
        scope: Connector,
        title: "Every visible operation has a short summary ending in a letter, digit or qualifier",
        explanation: "Give each operation users see a `summary` of at most 80 characters, without `/`, ending with a \
            letter or digit (a trailing `(…)` or `[…]` qualifier is fine). The validator refuses longer summaries \
            and `/` (OperationSummaryTooLong, RestrictedCharactersInSummary, ValueMustEndWithAlphanumeric); no \
            merged summary has one. Internal operations (`x-ms-visibility: internal`) need no summary. \
            Characters no merged summary uses (`\\ ? ! & \" < > * % @ + = ;`) get a warning; other punctuation \
            a note, as the string guidance asks for letters, digits, spaces and parentheses.",
        url: PREP,
        validator: ["OperationSummaryTooLong", "RestrictedCharactersInSummary", "ValueMustEndWithAlphanumeric"],
    }
    OPS_03 {
        code: "OPS-03",
        severity: Error,
        scope: Connector,
        title: "Every visible operation has a description that is a sentence, not the summary again",
        explanation: "Give each operation users see a `description`: a full sentence ending in a full stop that says \
            more than the summary. Reviewers refuse a missing description; one equal to the summary is a warning \
            and one without final punctuation a note (a third of merged descriptions lack it). Internal \
            operations need none.",
        url: PREP,
    }
    OPS_04 {
        code: "OPS-04",
        severity: Info,
        scope: Connector,
        title: "Every operation sets x-ms-visibility",
        explanation: "The certification checklist asks for `x-ms-visibility` (`important`, `advanced`, `internal` or \
            `none`) on each operation. 77% of merged operations omit it, so this is a note; a value outside the \
            four is a warning.",
        url: EXTENSIONS,
    }
    OPS_05 {
        code: "OPS-05",
        severity: Warning,
        scope: Connector,
        title: "Every parameter has x-ms-summary (at most 80 characters) and a description",
        explanation: "Give each parameter users see an `x-ms-summary` (its label, at most 80 characters) and a \
            `description` (its tooltip). The validator refuses a summary over 80 characters (FieldLengthExceeded); \
            reviewers ask for the label and tooltip, which a quarter of merged parameters lack, so those are \
            warnings.",
        url: STRINGS,
        validator: ["FieldLengthExceeded"],
    }
    OPS_06 {
        code: "OPS-06",
        severity: Error,
        scope: Connector,
        title: "An internal, required parameter has a default",
        explanation: "A parameter with `x-ms-visibility: internal` is never shown, so when it is also required it must \
            have a `default` (for a body, every required property of its schema must have one, or be the \
            `x-ms-notification-url`); otherwise the operation cannot be called. No merged connector breaks it.",
        url: EXTENSIONS,
    }
    OPS_07 {
        code: "OPS-07",
        severity: Error,
        scope: Connector,
        title: "Parameters follow the validator: path required, no connectionId, one body, no body in GET",
        explanation: "The validator refuses a path parameter without `required: true` \
            (PathParameterMustBeRequired), a parameter named `connectionId` (ConnectionIdParameterNotAllowed) and \
            two body parameters (OperationParametersContainMultipleBodyParameters); no merged connector has one. \
            A body or formData parameter in a GET (BodyOrFormDataParameterInFetchOperationNotAllowed) is a \
            warning: clients drop it and the validator names it, but two connectors merged since 2023 have one.",
        url: SWR,
        validator: [
            "PathParameterMustBeRequired",
            "ConnectionIdParameterNotAllowed",
            "OperationParametersContainMultipleBodyParameters",
            "BodyOrFormDataParameterInFetchOperationNotAllowed",
        ],
    }
    OPS_08 {
        code: "OPS-08",
        severity: Warning,
        scope: Connector,
        title: "An operationId is at most 64 characters",
        explanation: "The validator refuses operationIds over a length it does not publish (OperationIdTooLong). No \
            connector merged since 2023 has one over 64 characters (the longest is exactly 64), so a longer id is a \
            warning: shorten it.",
        url: SWR,
        validator: ["OperationIdTooLong"],
    }
}

/// Characters no merged operation summary contains (validator-rules.md §1.1).
const NEVER_IN_SUMMARY: &[char] = &[
    '\\', '?', '!', '&', '"', '<', '>', '*', '%', '@', '+', '=', ';',
];
const MAX_ID: usize = 64;

/// OPS on every operation of the definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let mut t = Folds::new();
    operation_ids(sink, def, &mut t);
    for op in &def.ops {
        summary(sink, def, op, &mut t);
        if !op.is_internal() {
            description(sink, def, op, &mut t);
        }
        visibility(sink, def, op, &mut t);
    }
    parameters(sink, def, &mut t);
    t.finish(sink);
}

/// The folded (non-error) checks of this family.
struct Folds {
    id_chars: Tally,
    summary_chars: Tally,
    same_as_summary: Tally,
    punctuation: Tally,
    visibility: Tally,
    param_summary: Tally,
    param_description: Tally,
}

impl Folds {
    fn new() -> Self {
        Folds {
            id_chars: Tally::new(
                &OPS_01,
                Severity::Info,
                "operationIds use `_` or `-` (kept by the validator; PascalCase is preferred)",
            ),
            summary_chars: Tally::new(
                &OPS_02,
                Severity::Info,
                "operation summaries use punctuation other than parentheses",
            ),
            same_as_summary: Tally::new(
                &OPS_03,
                Severity::Warning,
                "operations have a description equal to their summary",
            ),
            punctuation: Tally::new(
                &OPS_03,
                Severity::Info,
                "operation descriptions do not end with a full stop",
            ),
            visibility: Tally::new(
                &OPS_04,
                Severity::Info,
                "operations have no `x-ms-visibility`",
            ),
            param_summary: Tally::new(
                &OPS_05,
                Severity::Warning,
                "parameters have no `x-ms-summary`",
            ),
            param_description: Tally::new(
                &OPS_05,
                Severity::Warning,
                "parameters have no `description`",
            ),
        }
    }

    fn finish(self, sink: &mut Sink) {
        for t in [
            self.id_chars,
            self.summary_chars,
            self.same_as_summary,
            self.punctuation,
            self.visibility,
            self.param_summary,
            self.param_description,
        ] {
            t.finish(sink);
        }
    }
}

fn operation_ids(sink: &mut Sink, def: &Definition<'_>, t: &mut Folds) {
    let mut seen: HashMap<&str, &Op<'_>> = HashMap::new();
    for op in &def.ops {
        let at = || def.at(&ptr(&op.pointer, "operationId"));
        let all: Vec<&Value> = op
            .value
            .as_object()
            .unwrap_or_default()
            .iter()
            .filter(|m| m.key == "operationId")
            .map(|m| &m.value)
            .collect();
        if all.len() > 1 {
            let differ = all.windows(2).any(|w| w[0].kind != w[1].kind);
            let sev = if differ {
                Severity::Error
            } else {
                Severity::Warning
            };
            sink.emit_as(
                &OPS_01,
                sev,
                at(),
                format!(
                    "`{} {}` sets `operationId` {} times{}; parsers keep the last",
                    op.method.to_ascii_uppercase(),
                    op.path,
                    all.len(),
                    if differ { " with different values" } else { "" }
                ),
            );
        }
        let id = match op.value.get("operationId") {
            None => {
                sink.emit(
                    &OPS_01,
                    def.at(&op.pointer),
                    format!(
                        "`{} {}` has no operationId",
                        op.method.to_ascii_uppercase(),
                        op.path
                    ),
                );
                continue;
            }
            Some(v) => match v.as_str() {
                Some(s) if !s.is_empty() => s,
                _ => {
                    sink.emit(
                        &OPS_01,
                        at(),
                        format!(
                            "`{}`: the operationId must be a non-empty string",
                            op.label()
                        ),
                    );
                    continue;
                }
            },
        };
        if let Some(c) = id
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        {
            sink.emit(
                &OPS_01,
                at(),
                format!(
                    "the validator's sanitizer would change the operationId `{}`: it contains `{c}`; use \
                     letters, digits, `_` and `-` only",
                    excerpt(id, 64)
                ),
            );
        } else if id.contains(['_', '-']) {
            t.id_chars.add(
                at(),
                id.to_owned(),
                format!("the operationId `{id}` uses `_` or `-`; PascalCase is preferred"),
            );
        }
        if id.starts_with(|c: char| c.is_ascii_digit()) {
            sink.emit_as(
                &OPS_01,
                Severity::Warning,
                at(),
                format!("the operationId `{id}` starts with a digit; start it with a letter"),
            );
        }
        let n = id.chars().count();
        if n > MAX_ID {
            sink.emit(
                &OPS_08,
                at(),
                format!(
                    "the operationId `{}` is {n} characters; at most {MAX_ID}",
                    excerpt(id, 40)
                ),
            );
        }
        match seen.get(id) {
            Some(first) => sink.emit(
                &OPS_01,
                at(),
                format!(
                    "the operationId `{id}` is also used by `{} {}`",
                    first.method.to_ascii_uppercase(),
                    first.path
                ),
            ),
            None => {
                seen.insert(id, op);
            }
        }
    }
}

fn summary(sink: &mut Sink, def: &Definition<'_>, op: &Op<'_>, t: &mut Folds) {
    let p = ptr(&op.pointer, "summary");
    let Some(s) = op
        .value
        .get("summary")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
    else {
        if !op.is_internal() {
            sink.emit(
                &OPS_02,
                def.at(&p),
                format!("`{}` has no summary", op.label()),
            );
        }
        return;
    };
    let mut wrong = Vec::new();
    let n = s.chars().count();
    if n > 80 {
        wrong.push(format!("is {n} characters (at most 80)"));
    }
    if s.contains('/') {
        wrong.push("contains `/`".to_owned());
    }
    let core = strip_qualifier(s);
    if !core.ends_with(|c: char| c.is_alphanumeric()) {
        wrong.push(match s.chars().last() {
            Some(c) if c.is_whitespace() => "ends with a space".to_owned(),
            Some(c) => format!("ends with `{c}`"),
            None => String::new(),
        });
    }
    if !wrong.is_empty() {
        sink.emit(
            &OPS_02,
            def.at(&p),
            format!(
                "the summary of `{}` (`{}`) {}",
                op.label(),
                excerpt(s, 40),
                wrong.join(" and ")
            ),
        );
    }
    if let Some(c) = s.chars().find(|c| NEVER_IN_SUMMARY.contains(c)) {
        sink.emit_as(
            &OPS_02,
            Severity::Warning,
            def.at(&p),
            format!(
                "the summary of `{}` contains `{c}`, which no merged summary has; use words",
                op.label()
            ),
        );
    } else if let Some(c) = core
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '(' | ')' | '/')))
    {
        t.summary_chars.add_with(
            || def.at(&p),
            op.label(),
            format!("the summary of `{}` contains `{c}`", op.label()),
        );
    }
}

fn description(sink: &mut Sink, def: &Definition<'_>, op: &Op<'_>, t: &mut Folds) {
    let p = ptr(&op.pointer, "description");
    let Some(d) = op
        .value
        .get("description")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        sink.emit(
            &OPS_03,
            def.at(&p),
            format!("`{}` has no description", op.label()),
        );
        return;
    };
    let summary = op
        .value
        .get("summary")
        .and_then(Value::as_str)
        .map(str::trim);
    if summary.is_some_and(|s| s.eq_ignore_ascii_case(d)) {
        t.same_as_summary.add_with(
            || def.at(&p),
            op.label(),
            format!("the description of `{}` repeats its summary", op.label()),
        );
    } else if !d.ends_with(['.', '!', '?']) {
        t.punctuation.add_with(
            || def.at(&p),
            op.label(),
            format!(
                "the description of `{}` does not end with a full stop",
                op.label()
            ),
        );
    }
}

fn visibility(sink: &mut Sink, def: &Definition<'_>, op: &Op<'_>, t: &mut Folds) {
    match op.value.get("x-ms-visibility") {
        None => t.visibility.add_with(
            || def.at(&op.pointer),
            op.label(),
            format!("`{}` has no `x-ms-visibility`", op.label()),
        ),
        Some(v) => {
            let ok = v
                .as_str()
                .is_some_and(|s| ["important", "advanced", "internal", "none"].contains(&s));
            if !ok {
                sink.emit_as(
                    &OPS_04,
                    Severity::Warning,
                    def.at(&ptr(&op.pointer, "x-ms-visibility")),
                    format!(
                        "`{}`: `x-ms-visibility` must be `important`, `advanced`, `internal` or `none`",
                        op.label()
                    ),
                );
            }
        }
    }
}

fn parameters(sink: &mut Sink, def: &Definition<'_>, t: &mut Folds) {
    // Labels and tooltips: where each parameter is written, once.
    let mut written: Vec<(String, &Value)> = Vec::new();
    if let Some(g) = def.root.get("parameters").and_then(Value::as_object) {
        for m in g {
            written.push((ptr("/parameters", &m.key), &m.value));
        }
    }
    let mut seen_paths = HashSet::new();
    for op in &def.ops {
        for (list, base) in [
            (op.path_item.get("parameters"), &op.path_pointer),
            (op.value.get("parameters"), &op.pointer),
        ] {
            if base == &op.path_pointer && !seen_paths.insert(base.clone()) {
                continue;
            }
            let base = ptr(base, "parameters");
            for (i, item) in list
                .and_then(Value::as_array)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if item.get("$ref").is_none() {
                    written.push((format!("{base}/{i}"), item));
                }
            }
        }
    }
    for (pointer, value) in &written {
        wording(sink, def, pointer, value, t);
    }
    // Structure: per operation, on the parameters that apply to it.
    let mut reported = HashSet::new();
    for op in &def.ops {
        let ps = def.params(op);
        let mut bodies = 0;
        for p in ps {
            let mut once = |sink: &mut Sink, rule, msg: String| {
                if reported.insert((p.pointer.clone(), msg.clone())) {
                    sink.emit(rule, def.at(&p.pointer), msg);
                }
            };
            if p.location() == "path" && !p.required() {
                once(
                    sink,
                    &OPS_07,
                    format!(
                        "the path parameter `{}` must have `required: true`",
                        p.name()
                    ),
                );
            }
            if p.name().eq_ignore_ascii_case("connectionId") {
                once(
                    sink,
                    &OPS_07,
                    format!("the parameter `{}` uses a reserved name", p.name()),
                );
            }
            if p.internal() && p.required() && !has_defaults(def, p) {
                once(
                    sink,
                    &OPS_06,
                    if p.is_body() {
                        format!(
                            "the body parameter `{}` is internal and required, but its schema has a required \
                             property without a default",
                            p.name()
                        )
                    } else {
                        format!(
                            "the parameter `{}` is internal and required but has no default",
                            p.name()
                        )
                    },
                );
            }
            if matches!(p.location(), "body" | "formData") && op.method == "get" {
                sink.emit_as(
                    &OPS_07,
                    Severity::Warning,
                    def.at(&p.pointer),
                    format!(
                        "`{}` is a GET with a {} parameter `{}`; clients do not send a body with GET",
                        op.label(),
                        p.location(),
                        p.name()
                    ),
                );
            }
            bodies += usize::from(p.is_body());
        }
        if bodies > 1 {
            sink.emit(
                &OPS_07,
                def.at(&ptr(&op.pointer, "parameters")),
                format!("`{}` has {bodies} body parameters; at most one", op.label()),
            );
        }
    }
}

/// Whether an internal, required parameter can be sent without the user: it has a
/// `default`, or (for a body) every required property of its schema, all the way
/// down, has one or is the notification URL.
fn has_defaults(def: &Definition<'_>, p: &Param<'_>) -> bool {
    if p.value.get("default").is_some() {
        return true;
    }
    let Some(schema) = p.value.get("schema") else {
        return false;
    };
    if schema.get("default").is_some() {
        return true;
    }
    if !p.is_body() {
        return false;
    }
    let mut ok = true;
    let mut any_required = false;
    def.walk(schema, &ptr(&p.pointer, "schema"), true, |node| {
        if !ok {
            return false;
        }
        if node.depth > 0 && !node.required {
            return false; // optional: not sent, nothing below matters
        }
        let v = node.value;
        if node.depth > 0 {
            any_required = true;
            let filled = v.get("default").is_some()
                || v.get("x-ms-notification-url").and_then(Value::as_bool) == Some(true);
            if filled {
                return false;
            }
            let object = v.get("properties").is_some()
                || v.get("type").and_then(Value::as_str) == Some("object");
            if !object {
                ok = false;
                return false;
            }
        }
        true
    });
    ok && (any_required || required_names(schema).is_empty())
}

fn required_names(schema: &Value) -> Vec<&str> {
    match schema.get("required").map(|r| &r.kind) {
        Some(Kind::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// OPS-05 on one written parameter.
fn wording(sink: &mut Sink, def: &Definition<'_>, pointer: &str, value: &Value, t: &mut Folds) {
    let str_of = |k: &str| value.get(k).and_then(Value::as_str);
    let internal = str_of("x-ms-visibility").is_some_and(|v| v.eq_ignore_ascii_case("internal"));
    if internal || value.as_object().is_none() {
        return;
    }
    let label = str_of("name").unwrap_or("?").to_owned();
    let body = str_of("in") == Some("body");
    match str_of("x-ms-summary") {
        Some(s) if s.chars().count() > 80 => sink.emit_as(
            &OPS_05,
            Severity::Error,
            def.at(&ptr(pointer, "x-ms-summary")),
            format!(
                "the `x-ms-summary` of `{label}` is {} characters (at most 80)",
                s.chars().count()
            ),
        ),
        Some(s) if !s.trim().is_empty() => {}
        _ if body => {}
        _ => t.param_summary.add_with(
            || def.at(pointer),
            label.clone(),
            format!("the parameter `{label}` has no `x-ms-summary`"),
        ),
    }
    let described = str_of("description").is_some_and(|d| !d.trim().is_empty());
    if !described && !body {
        t.param_description.add_with(
            || def.at(pointer),
            label.clone(),
            format!("the parameter `{label}` has no `description`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::cases::Case;
    use serde_json::json;

    use Severity::{Error as E, Info as I, Warning as W};

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &OPS_01,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["operationId"] = "List Tasks".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["operationId"] = "List_Tasks-V2".into()
                    })
                },
            ),
            Case::new(
                &OPS_01,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["post"]["operationId"] = "ListTasks".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["post"]["operationId"] = "listtasks".into()
                    })
                },
            ),
            Case::new(
                &OPS_01,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["operationId"] = "List_Tasks".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["operationId"] = "ListTasksV2".into()
                    })
                },
            )
            .reported_as(I),
            Case::new(
                &OPS_02,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["summary"] = "List tasks/projects".into()
                    })
                },
                || {
                    with_swagger(|v| {
                        let op = &mut v["paths"]["/tasks"]["get"];
                        op["summary"] = "List tasks [DEPRECATED]".into();
                    })
                },
            ),
            Case::new(
                &OPS_02,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]
                            .as_object_mut()
                            .unwrap()
                            .remove("summary");
                    })
                },
                || {
                    with_swagger(|v| {
                        let op = v["paths"]["/tasks"]["get"].as_object_mut().unwrap();
                        op.remove("summary");
                        op.insert("x-ms-visibility".into(), "internal".into());
                    })
                },
            ),
            Case::new(
                &OPS_03,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]
                            .as_object_mut()
                            .unwrap()
                            .remove("description");
                    })
                },
                || {
                    with_swagger(|v| {
                        let op = v["paths"]["/tasks"]["get"].as_object_mut().unwrap();
                        op.remove("description");
                        op.insert("x-ms-visibility".into(), "internal".into());
                    })
                },
            ),
            Case::new(
                &OPS_04,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]
                            .as_object_mut()
                            .unwrap()
                            .remove("x-ms-visibility");
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["x-ms-visibility"] = "advanced".into()
                    })
                },
            ),
            Case::new(
                &OPS_05,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks/{taskId}"]["parameters"][0]
                            .as_object_mut()
                            .unwrap()
                            .remove("x-ms-summary");
                    })
                },
                || {
                    with_swagger(|v| {
                        let p = &mut v["paths"]["/tasks/{taskId}"]["parameters"][0];
                        p.as_object_mut().unwrap().remove("x-ms-summary");
                        p["x-ms-visibility"] = "internal".into();
                        p["default"] = "1".into();
                    })
                },
            ),
            Case::new(
                &OPS_06,
                || {
                    with_swagger(|v| {
                        push_param(
                            v,
                            json!({"name": "api-version", "in": "query", "type": "string",
                    "required": true, "x-ms-visibility": "internal"}),
                        )
                    })
                },
                || {
                    with_swagger(|v| {
                        push_param(
                            v,
                            json!({"name": "api-version", "in": "query", "type": "string",
                    "required": true, "x-ms-visibility": "internal", "default": "2024-01-01"}),
                        )
                    })
                },
            ),
            Case::new(
                &OPS_06,
                || {
                    with_swagger(|v| {
                        add_hook(
                            v,
                            internal_body(json!({"kind": {"type": "string"}}), &["kind"]),
                        )
                    })
                },
                || {
                    with_swagger(|v| {
                        add_hook(
                            v,
                            internal_body(
                                json!({"kind": {"type": "string", "default": "Task"}}),
                                &["kind"],
                            ),
                        );
                    })
                },
            ),
            Case::new(
                &OPS_07,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks/{taskId}"]["parameters"][0]["required"] = false.into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks/{taskId}"]["parameters"][0]["required"] = true.into()
                    })
                },
            ),
            Case::new(
                &OPS_07,
                || {
                    with_swagger(|v| {
                        push_param(
                            v,
                            json!({"name": "body", "in": "body", "schema": {"type": "string"}}),
                        )
                    })
                },
                || {
                    with_swagger(|v| {
                        push_param(v, json!({"name": "body", "in": "query", "type": "string"}))
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &OPS_08,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["operationId"] = "L".repeat(65).into()
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["operationId"] = "L".repeat(64).into()
                    })
                },
            ),
        ]
    }

    fn push_param(v: &mut serde_json::Value, p: serde_json::Value) {
        v["paths"]["/tasks"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(p);
    }

    fn internal_body(props: serde_json::Value, required: &[&str]) -> serde_json::Value {
        json!({"name": "body", "in": "body", "required": true, "x-ms-visibility": "internal",
               "schema": {"type": "object", "required": required, "properties": props}})
    }

    /// A POST `/hooks` whose only parameter is `body`.
    fn add_hook(v: &mut serde_json::Value, body: serde_json::Value) {
        let mut op = v["paths"]["/tasks"]["post"].clone();
        op["operationId"] = "CreateHook".into();
        op["parameters"] = json!([body]);
        v["paths"]["/hooks"] = json!({ "post": op });
    }

    fn run(v: &serde_json::Value) -> Vec<(String, Severity)> {
        run_file(&json_file("apiDefinition.swagger.json", &v.to_string()))
    }

    fn run_file(f: &crate::connector::JsonFile) -> Vec<(String, Severity)> {
        let def = Definition::new(f, Origin::SourceFolder).unwrap();
        let mut sink = Sink::new();
        check(&mut sink, &def);
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    }

    #[test]
    fn good_is_silent() {
        assert!(run(&good_swagger()).is_empty());
    }

    #[test]
    fn ops01_sanitizer_set_and_folding() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["operationId"] = "List.Tasks".into();
        assert_eq!(run(&v), one("OPS-01", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["operationId"] = "2Tasks".into();
        assert_eq!(run(&v), one("OPS-01", W));
        let mut v = good_swagger();
        for (i, op) in all_ops_mut(&mut v).into_iter().enumerate() {
            op.insert("operationId".into(), format!("Op_{i}").into());
        }
        assert_eq!(run(&v), one("OPS-01", I), "notes fold into one");
    }

    #[test]
    fn ops01_duplicate_key_in_one_operation() {
        let text = good_swagger().to_string().replacen(
            "\"operationId\":\"ListTasks\"",
            "\"operationId\":\"ListTasks\",\"operationId\":\"ListAllTasks\"",
            1,
        );
        assert_eq!(run_file(&json_file("a.json", &text)), one("OPS-01", E));
        let text = good_swagger().to_string().replacen(
            "\"operationId\":\"ListTasks\"",
            "\"operationId\":\"ListTasks\",\"operationId\":\"ListTasks\"",
            1,
        );
        assert_eq!(run_file(&json_file("a.json", &text)), one("OPS-01", W));
    }

    #[test]
    fn ops02_summary() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["summary"] = "x".repeat(81).into();
        assert_eq!(run(&v), one("OPS-02", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["summary"] = "List the team's tasks".into();
        assert_eq!(run(&v), one("OPS-02", I));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["summary"] = "List tasks & notes".into();
        assert_eq!(run(&v), one("OPS-02", W));
        for ok in ["List tasks (V2)", "List tasks [DEPRECATED]"] {
            let mut v = good_swagger();
            v["paths"]["/tasks"]["get"]["summary"] = ok.into();
            assert!(run(&v).is_empty(), "{ok}");
        }
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["summary"] = "List tasks.".into();
        assert_eq!(
            run(&v),
            one("OPS-02", E),
            "internal or not, a summary that is there is checked"
        );
    }

    #[test]
    fn ops03_description() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["description"] = "List tasks".into();
        assert_eq!(run(&v), one("OPS-03", W));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["description"] = "Lists the tasks of a project".into();
        assert_eq!(run(&v), one("OPS-03", I));
    }

    #[test]
    fn ops04_visibility_is_folded() {
        let mut v = good_swagger();
        for op in all_ops_mut(&mut v) {
            op.remove("x-ms-visibility");
        }
        assert_eq!(run(&v), one("OPS-04", I), "folded into one finding");
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["x-ms-visibility"] = "hidden".into();
        assert_eq!(run(&v), one("OPS-04", W));
    }

    #[test]
    fn ops05_long_summary_is_an_error() {
        let mut v = good_swagger();
        v["paths"]["/tasks/{taskId}"]["parameters"][0]["x-ms-summary"] = "x".repeat(81).into();
        assert_eq!(run(&v), one("OPS-05", E));
    }

    #[test]
    fn ops06_body_defaults_all_the_way_down() {
        // 3E Events / ForceManager CRM: every required property has a default or is the notification URL
        let body = internal_body(
            json!({
                "kind": {"type": "string", "default": "Matter"},
                "callback": {"type": "string", "x-ms-notification-url": true},
                "filter": {"type": "object", "required": ["on"], "properties": {"on": {"type": "string", "default": "Created"}}},
                "optional": {"type": "string"}
            }),
            &["kind", "callback", "filter"],
        );
        let mut v = good_swagger();
        add_hook(&mut v, body);
        assert!(run(&v).is_empty(), "{:?}", run(&v));
        let body = internal_body(
            json!({"filter": {"type": "object", "required": ["on"], "properties": {"on": {"type": "string"}}}}),
            &["filter"],
        );
        let mut v = good_swagger();
        add_hook(&mut v, body);
        assert_eq!(run(&v), one("OPS-06", E));
    }

    #[test]
    fn ops07_two_bodies() {
        let mut v = good_swagger();
        let body = v["paths"]["/tasks"]["post"]["parameters"][0].clone();
        let mut second = body.clone();
        second["name"] = "other".into();
        v["paths"]["/tasks"]["post"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(second);
        assert_eq!(run(&v), one("OPS-07", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["parameters"][0]["name"] = "connectionId".into();
        assert_eq!(run(&v), one("OPS-07", E));
    }

    #[test]
    fn findings_have_places() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["summary"] = "List tasks.".into();
        let f = json_file("a.json", &serde_json::to_string_pretty(&v).unwrap());
        let def = Definition::new(&f, Origin::SourceFolder).unwrap();
        let mut sink = Sink::new();
        check(&mut sink, &def);
        let d = &sink.diagnostics()[0];
        assert_eq!(
            d.location.pointer.as_deref(),
            Some("/paths/~1tasks/get/summary")
        );
        assert!(d.location.line.is_some_and(|l| l > 1));
    }
}
