//! Operations (OPS-01…07) and their responses (RSP-01…05) — certification-requirements.md
//! §3.6, with the validator rule names of S-SWR.
//!
//! Severities follow what Microsoft refuses, calibrated on the 15,976 operations of
//! merged connectors (peers.md §5): a missing operationId, summary or description is
//! rare there and an error here; a missing `x-ms-visibility` (77 % of merged
//! operations), an unpunctuated description (35 %), a description equal to its
//! summary (1,226 operations) or a parameter without `x-ms-summary` (25 %) is not
//! refused, so those are notes or warnings and are folded into one finding per
//! connector once they pass three ([`Tally`]).

use std::collections::{HashMap, HashSet};

use crate::connector::JsonFile;
use crate::model::Severity;
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::util::{Path, Tally, ends_alnum, excerpt, ptr};
use super::{EXTENSIONS, PREP, STRINGS, SWR};

rules! {
    OPS_01 {
        code: "OPS-01",
        severity: Error,
        scope: Connector,
        title: "Every operation has a unique, alphanumeric operationId",
        explanation: "Give each operation an `operationId` of letters and digits only (PascalCase, e.g. `ListTasks`), \
            different from every other operation's (validator rules OperationIdRequired, OperationIdNotUnique, \
            OperationIdSanitized).",
        url: SWR,
    }
    OPS_02 {
        code: "OPS-02",
        severity: Error,
        scope: Connector,
        title: "Every operation has a short summary ending in a letter or digit",
        explanation: "Give each operation a `summary` of at most 80 characters with no `/`, ending with a letter, digit \
            or `)`, using only letters, digits, spaces and parentheses (OperationSummaryTooLong, \
            RestrictedCharactersInSummary).",
        url: PREP,
    }
    OPS_03 {
        code: "OPS-03",
        severity: Error,
        scope: Connector,
        title: "Every operation has a description that is a sentence, not the summary again",
        explanation: "Give each operation a `description`: a full sentence ending in a full stop that says more than \
            the summary. A missing description is refused; one equal to the summary or without final \
            punctuation is a warning or a note.",
        url: PREP,
    }
    OPS_04 {
        code: "OPS-04",
        severity: Info,
        scope: Connector,
        title: "Every operation sets x-ms-visibility",
        explanation: "The certification checklist asks for `x-ms-visibility` (`important`, `advanced`, `internal` or \
            `none`) on each operation. Most merged connectors omit it on some operations, so this is a note.",
        url: EXTENSIONS,
    }
    OPS_05 {
        code: "OPS-05",
        severity: Warning,
        scope: Connector,
        title: "Every parameter has x-ms-summary (at most 80 characters) and a description",
        explanation: "Give each parameter users see an `x-ms-summary` (its label, at most 80 characters) and a \
            `description` (its tooltip). A summary over 80 characters is an error; a missing one a warning, \
            as a quarter of merged parameters lack it.",
        url: STRINGS,
    }
    OPS_06 {
        code: "OPS-06",
        severity: Error,
        scope: Connector,
        title: "An internal, required parameter has a default",
        explanation: "A parameter with `x-ms-visibility: internal` is never shown, so when it is also required it must \
            have a `default` value; otherwise the operation cannot be called.",
        url: EXTENSIONS,
    }
    OPS_07 {
        code: "OPS-07",
        severity: Error,
        scope: Connector,
        title: "Parameters follow the validator: path required, no connectionId, one body, no body in GET",
        explanation: "Mark path parameters `required: true` (PathParameterMustBeRequired), do not name a parameter \
            `connectionId` (ConnectionIdParameterNotAllowed), keep at most one body parameter \
            (OperationParametersContainMultipleBodyParameters) and no body or formData parameter in a GET \
            (BodyOrFormDataParameterInFetchOperationNotAllowed).",
        url: SWR,
    }
    RSP_01 {
        code: "RSP-01",
        severity: Error,
        scope: Connector,
        title: "Every operation has a successful (2xx) response",
        explanation: "Declare the success response of each operation, e.g. `200` with its schema or `204` \
            (OperationMustHaveResponse, OperationShouldHaveSuccessfulResponse).",
        url: SWR,
    }
    RSP_02 {
        code: "RSP-02",
        severity: Error,
        scope: Connector,
        title: "The default response has no schema",
        explanation: "Remove the `schema` from the `default` response; describe errors in their own status codes \
            (DefaultResponseHasSchema).",
        url: SWR,
    }
    RSP_03 {
        code: "RSP-03",
        severity: Warning,
        scope: Connector,
        title: "A 200/201 response has a schema",
        explanation: "Give the `200`/`201` response the schema of what the operation returns, so its fields can be used \
            in flows (SchemaDefinitionSetIncorrectly); use `204` when nothing is returned. One merged operation \
            in ten has no response schema, so this is a warning.",
        url: SWR,
    }
    RSP_04 {
        code: "RSP-04",
        severity: Warning,
        scope: Connector,
        title: "No empty object schemas",
        explanation: "An object schema without properties gives users nothing to pick: list its properties, use \
            `x-ms-dynamic-schema` when the shape is dynamic, or remove it (policy 5000.2.4.4 per third-party \
            reports). Empty objects listed as `required` are left alone.",
        url: PREP,
    }
    RSP_05 {
        code: "RSP-05",
        severity: Warning,
        scope: Connector,
        title: "Only one response of an operation has a schema",
        explanation: "Keep the schema on the success response only (OperationHasManyResponsesWithSchema); describe \
            error responses without a schema.",
        url: SWR,
    }
}

/// HTTP methods a path item can hold.
pub const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// One operation of the definition.
pub struct Op<'a> {
    /// Pointer to the operation (`/paths/~1tasks/get`).
    pub pointer: String,
    /// The HTTP method (lowercase).
    pub method: &'a str,
    /// The path template.
    pub path: &'a str,
    /// The operation object.
    pub value: &'a Value,
    /// The path item holding it (for shared parameters).
    pub path_item: &'a Value,
    /// Pointer to the path item.
    pub path_pointer: String,
}

impl Op<'_> {
    /// The operationId, when it is a string.
    pub fn id(&self) -> Option<&str> {
        self.value.get("operationId").and_then(Value::as_str)
    }

    /// The operationId, or `GET /path` without one.
    pub fn label(&self) -> String {
        match self.id() {
            Some(id) if !id.trim().is_empty() => id.to_owned(),
            _ => format!("{} {}", self.method.to_ascii_uppercase(), self.path),
        }
    }
}

/// The operations of a definition, in document order.
pub fn list(root: &Value) -> Vec<Op<'_>> {
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut ops = Vec::new();
    for p in paths {
        let Some(members) = p.value.as_object() else {
            continue;
        };
        let path_pointer = ptr("/paths", &p.key);
        for m in members {
            if let Some(method) = METHODS.iter().find(|x| **x == m.key) {
                ops.push(Op {
                    pointer: ptr(&path_pointer, method),
                    method,
                    path: &p.key,
                    value: &m.value,
                    path_item: &p.value,
                    path_pointer: path_pointer.clone(),
                });
            }
        }
    }
    ops
}

/// A parameter as it applies to an operation: where it is written, and its
/// definition (resolved through `#/parameters/...`).
struct Param<'a> {
    /// Where the definition is (the global parameter for a `$ref`).
    pointer: String,
    value: &'a Value,
}

impl Param<'_> {
    fn str(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }
    fn name(&self) -> &str {
        self.str("name").unwrap_or("?")
    }
    fn location(&self) -> &str {
        self.str("in").unwrap_or("")
    }
    fn required(&self) -> bool {
        self.value.get("required").and_then(Value::as_bool) == Some(true)
    }
    fn internal(&self) -> bool {
        self.str("x-ms-visibility")
            .is_some_and(|v| v.eq_ignore_ascii_case("internal"))
    }
}

/// Resolves a local `$ref` (`#/parameters/x`) one level.
fn resolve<'a>(root: &'a Value, v: &'a Value, at: String) -> Option<(String, &'a Value)> {
    match v.get("$ref") {
        Some(r) => {
            let target = r.as_str()?.strip_prefix('#')?;
            let resolved = root.pointer(target)?;
            Some((target.to_owned(), resolved))
        }
        None => Some((at, v)),
    }
}

/// The parameters that apply to `op`: the path item's, overridden by the operation's.
fn params<'a>(root: &'a Value, op: &Op<'a>) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    let mut seen: HashMap<(&'a str, &'a str), usize> = HashMap::new();
    let lists = [
        (op.path_item.get("parameters"), &op.path_pointer),
        (op.value.get("parameters"), &op.pointer),
    ];
    for (list, base) in lists {
        let Some(items) = list.and_then(Value::as_array) else {
            continue;
        };
        let base = ptr(base, "parameters");
        for (i, item) in items.iter().enumerate() {
            let Some((pointer, value)) = resolve(root, item, format!("{base}/{i}")) else {
                continue;
            };
            let field = |k: &str| value.get(k).and_then(Value::as_str).unwrap_or("");
            let key = (field("name"), field("in"));
            let p = Param { pointer, value };
            match seen.get(&key) {
                Some(&at) => out[at] = p,
                None => {
                    seen.insert(key, out.len());
                    out.push(p);
                }
            }
        }
    }
    out
}

/// OPS and RSP on every operation of `sw`.
pub fn check(sink: &mut Sink, sw: &JsonFile, ops: &[Op<'_>]) {
    let Some(root) = sw.root() else { return };
    operation_ids(sink, sw, ops);
    let mut t = Folds::new();
    for op in ops {
        summary(sink, sw, op, &mut t);
        description(sink, sw, op, &mut t);
        visibility(sink, sw, op, &mut t);
        responses(sink, sw, op, &mut t);
    }
    parameters(sink, sw, root, ops, &mut t);
    empty_schemas(sw, root, ops, &mut t.empty_schema);
    t.finish(sink);
}

/// The folded (non-error) checks of this family.
struct Folds {
    summary_chars: Tally,
    same_as_summary: Tally,
    punctuation: Tally,
    visibility: Tally,
    param_summary: Tally,
    param_description: Tally,
    no_schema: Tally,
    empty_schema: Tally,
    many_schemas: Tally,
}

impl Folds {
    fn new() -> Self {
        Folds {
            summary_chars: Tally::new(
                &OPS_02,
                Severity::Warning,
                "operation summaries use characters other than letters, digits, spaces and parentheses",
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
            no_schema: Tally::new(
                &RSP_03,
                Severity::Warning,
                "operations return 200/201 without a schema",
            ),
            empty_schema: Tally::new(&RSP_04, Severity::Warning, "schemas are empty objects"),
            many_schemas: Tally::new(
                &RSP_05,
                Severity::Warning,
                "operations have a schema on more than one response",
            ),
        }
    }

    fn finish(self, sink: &mut Sink) {
        for t in [
            self.summary_chars,
            self.same_as_summary,
            self.punctuation,
            self.visibility,
            self.param_summary,
            self.param_description,
            self.no_schema,
            self.empty_schema,
            self.many_schemas,
        ] {
            t.finish(sink);
        }
    }
}

fn operation_ids(sink: &mut Sink, sw: &JsonFile, ops: &[Op<'_>]) {
    let mut seen: HashMap<&str, &Op<'_>> = HashMap::new();
    for op in ops {
        let at = || sw.at(&ptr(&op.pointer, "operationId"));
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
                    sw.at(&op.pointer),
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
        if let Some(c) = id.chars().find(|c| !c.is_ascii_alphanumeric()) {
            sink.emit(
                &OPS_01,
                at(),
                format!("the operationId `{id}` contains `{c}`: use letters and digits only"),
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

fn summary(sink: &mut Sink, sw: &JsonFile, op: &Op<'_>, t: &mut Folds) {
    let p = ptr(&op.pointer, "summary");
    let Some(s) = op
        .value
        .get("summary")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
    else {
        sink.emit(
            &OPS_02,
            sw.at(&p),
            format!("`{}` has no summary", op.label()),
        );
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
    if !(ends_alnum(s) || s.ends_with(')')) {
        wrong.push(match s.chars().last() {
            Some(c) if c.is_whitespace() => "ends with a space".to_owned(),
            Some(c) => format!("ends with `{c}`"),
            None => String::new(),
        });
    }
    if !wrong.is_empty() {
        sink.emit(
            &OPS_02,
            sw.at(&p),
            format!(
                "the summary of `{}` (`{}`) {}",
                op.label(),
                excerpt(s, 40),
                wrong.join(" and ")
            ),
        );
    }
    let trimmed = s.trim_end_matches(|c: char| !c.is_alphanumeric());
    if let Some(c) = trimmed
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == ' ' || *c == '(' || *c == ')' || *c == '/'))
    {
        t.summary_chars.add(
            sw.at(&p),
            op.label(),
            format!("the summary of `{}` contains `{c}`", op.label()),
        );
    }
}

fn description(sink: &mut Sink, sw: &JsonFile, op: &Op<'_>, t: &mut Folds) {
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
            sw.at(&p),
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
        t.same_as_summary.add(
            sw.at(&p),
            op.label(),
            format!("the description of `{}` repeats its summary", op.label()),
        );
    } else if !d.ends_with(['.', '!', '?']) {
        t.punctuation.add(
            sw.at(&p),
            op.label(),
            format!(
                "the description of `{}` does not end with a full stop",
                op.label()
            ),
        );
    }
}

fn visibility(sink: &mut Sink, sw: &JsonFile, op: &Op<'_>, t: &mut Folds) {
    match op.value.get("x-ms-visibility") {
        None => t.visibility.add(
            sw.at(&op.pointer),
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
                    sw.at(&ptr(&op.pointer, "x-ms-visibility")),
                    format!(
                        "`{}`: `x-ms-visibility` must be `important`, `advanced`, `internal` or `none`",
                        op.label()
                    ),
                );
            }
        }
    }
}

fn has_schema(v: &Value) -> bool {
    v.get("schema").is_some()
}

fn responses(sink: &mut Sink, sw: &JsonFile, op: &Op<'_>, t: &mut Folds) {
    let p = ptr(&op.pointer, "responses");
    let Some(rs) = op
        .value
        .get("responses")
        .and_then(Value::as_object)
        .filter(|r| !r.is_empty())
    else {
        sink.emit(
            &RSP_01,
            sw.at(&p),
            format!("`{}` declares no responses", op.label()),
        );
        return;
    };
    let success = |code: &str| code.len() == 3 && code.starts_with('2');
    if !rs
        .iter()
        .any(|m| success(&m.key) || m.key.eq_ignore_ascii_case("2XX"))
    {
        sink.emit(
            &RSP_01,
            sw.at(&p),
            format!("`{}` has no 2xx response", op.label()),
        );
    }
    if let Some(d) = rs.iter().rev().find(|m| m.key == "default")
        && has_schema(&d.value)
    {
        sink.emit(
            &RSP_02,
            sw.at(&format!("{p}/default/schema")),
            format!("the default response of `{}` has a schema", op.label()),
        );
    }
    let notification = op.value.get("x-ms-notification-content").is_some()
        || op.path_item.get("x-ms-notification-content").is_some();
    for m in rs {
        if (m.key == "200" || m.key == "201") && !has_schema(&m.value) && !notification {
            t.no_schema.add(
                sw.at(&ptr(&p, &m.key)),
                op.label(),
                format!("the {} response of `{}` has no schema", m.key, op.label()),
            );
        }
    }
    let with_schema = rs
        .iter()
        .filter(|m| m.key != "default" && has_schema(&m.value))
        .count();
    if with_schema > 1 {
        t.many_schemas.add(
            sw.at(&p),
            op.label(),
            format!("{with_schema} responses of `{}` have a schema", op.label()),
        );
    }
}

fn parameters(sink: &mut Sink, sw: &JsonFile, root: &Value, ops: &[Op<'_>], t: &mut Folds) {
    // Labels and tooltips: where each parameter is written, once.
    let mut written: Vec<(String, &Value)> = Vec::new();
    if let Some(g) = root.get("parameters").and_then(Value::as_object) {
        for m in g {
            written.push((ptr("/parameters", &m.key), &m.value));
        }
    }
    let mut seen_paths = HashSet::new();
    for op in ops {
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
        wording(
            sink,
            sw,
            &Param {
                pointer: pointer.clone(),
                value,
            },
            t,
        );
    }
    // Structure: per operation, on the parameters that apply to it.
    let mut reported = HashSet::new();
    for op in ops {
        let ps = params(root, op);
        let mut bodies = 0;
        for p in &ps {
            let mut once = |sink: &mut Sink, rule, msg: String| {
                if reported.insert((p.pointer.clone(), msg.clone())) {
                    sink.emit(rule, sw.at(&p.pointer), msg);
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
            if p.internal() && p.required() && no_default(p) {
                once(
                    sink,
                    &OPS_06,
                    format!(
                        "the parameter `{}` is internal and required but has no default",
                        p.name()
                    ),
                );
            }
            let body = matches!(p.location(), "body" | "formData");
            if body && op.method == "get" {
                sink.emit(
                    &OPS_07,
                    sw.at(&p.pointer),
                    format!(
                        "`{}` is a GET with a {} parameter `{}`",
                        op.label(),
                        p.location(),
                        p.name()
                    ),
                );
            }
            bodies += usize::from(p.location() == "body");
        }
        if bodies > 1 {
            sink.emit(
                &OPS_07,
                sw.at(&ptr(&op.pointer, "parameters")),
                format!("`{}` has {bodies} body parameters; at most one", op.label()),
            );
        }
    }
}

fn no_default(p: &Param<'_>) -> bool {
    p.value.get("default").is_none()
        && p.value
            .get("schema")
            .and_then(|s| s.get("default"))
            .is_none()
}

/// OPS-05 on one written parameter.
fn wording(sink: &mut Sink, sw: &JsonFile, p: &Param<'_>, t: &mut Folds) {
    if p.internal() || p.value.as_object().is_none() {
        return;
    }
    let label = p.name().to_owned();
    match p.str("x-ms-summary") {
        Some(s) if s.chars().count() > 80 => sink.emit_as(
            &OPS_05,
            Severity::Error,
            sw.at(&ptr(&p.pointer, "x-ms-summary")),
            format!(
                "the `x-ms-summary` of `{label}` is {} characters (at most 80)",
                s.chars().count()
            ),
        ),
        Some(s) if !s.trim().is_empty() => {}
        _ if p.location() == "body" => {}
        _ => t.param_summary.add(
            sw.at(&p.pointer),
            label.clone(),
            format!("the parameter `{label}` has no `x-ms-summary`"),
        ),
    }
    let described = p.str("description").is_some_and(|d| !d.trim().is_empty());
    if !described && p.location() != "body" {
        t.param_description.add(
            sw.at(&p.pointer),
            label.clone(),
            format!("the parameter `{label}` has no `description`"),
        );
    }
}

/// Keys that make an object schema non-empty even without properties.
const SHAPED: &[&str] = &[
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "$ref",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-properties",
    "items",
];

fn is_empty_object(s: &Value) -> bool {
    let Some(members) = s.as_object() else {
        return false;
    };
    let typed = s.get("type").and_then(Value::as_str) == Some("object");
    let props = s.get("properties");
    let no_props = props.is_none_or(|p| p.as_object().is_some_and(<[_]>::is_empty));
    (typed || props.is_some())
        && no_props
        && !members.iter().any(|m| SHAPED.contains(&m.key.as_str()))
}

/// RSP-04 over response schemas and definitions.
fn empty_schemas(sw: &JsonFile, root: &Value, ops: &[Op<'_>], t: &mut Tally) {
    let mut starts: Vec<(String, &Value)> = Vec::new();
    for op in ops {
        let p = ptr(&op.pointer, "responses");
        for m in op
            .value
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or_default()
        {
            if let Some(s) = m.value.get("schema") {
                starts.push((ptr(&ptr(&p, &m.key), "schema"), s));
            }
        }
    }
    if let Some(defs) = root.get("definitions").and_then(Value::as_object) {
        for m in defs {
            starts.push((ptr("/definitions", &m.key), &m.value));
        }
    }
    for (base, s) in starts {
        empty_walk(sw, &base, s, &mut Path::default(), t);
    }
}

fn empty_walk<'a>(sw: &JsonFile, base: &str, s: &'a Value, path: &mut Path<'a>, t: &mut Tally) {
    if is_empty_object(s) {
        let p = path.pointer(base);
        t.add(
            sw.at(&p),
            p.clone(),
            format!("the schema at `{p}` is an empty object"),
        );
        return;
    }
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        path.push_key("properties");
        for m in props {
            if !required.contains(&m.key.as_str()) || !is_empty_object(&m.value) {
                path.push_key(&m.key);
                empty_walk(sw, base, &m.value, path, t);
                path.pop();
            }
        }
        path.pop();
    }
    if let Some(items) = s.get("items")
        && matches!(items.kind, Kind::Object(_))
    {
        path.push_key("items");
        empty_walk(sw, base, items, path, t);
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use serde_json::json;

    fn run(v: &serde_json::Value) -> Vec<(String, Severity)> {
        let f = json_file("apiDefinition.swagger.json", &v.to_string());
        run_file(&f)
    }

    fn run_file(f: &JsonFile) -> Vec<(String, Severity)> {
        let ops = list(f.root().unwrap());
        let mut sink = Sink::new();
        check(&mut sink, f, &ops);
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    }

    use Severity::{Error as E, Info as I, Warning as W};

    #[test]
    fn good_is_silent() {
        assert!(run(&good_swagger()).is_empty());
    }

    #[test]
    fn ops01_operation_ids() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["post"]["operationId"] = "ListTasks".into();
        assert_eq!(run(&v), one("OPS-01", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["operationId"] = "List_Tasks".into();
        assert_eq!(run(&v), one("OPS-01", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]
            .as_object_mut()
            .unwrap()
            .remove("operationId");
        assert_eq!(run(&v), one("OPS-01", E));
    }

    #[test]
    fn ops01_duplicate_key_in_one_operation() {
        let text = good_swagger().to_string().replacen(
            "\"operationId\":\"ListTasks\"",
            "\"operationId\":\"ListTasks\",\"operationId\":\"ListAllTasks\"",
            1,
        );
        let f = json_file("a.json", &text);
        assert_eq!(run_file(&f), one("OPS-01", E));
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
        v["paths"]["/tasks"]["get"]["summary"] = "List tasks/projects.".into();
        assert_eq!(run(&v), one("OPS-02", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["summary"] = "x".repeat(81).into();
        assert_eq!(run(&v), one("OPS-02", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["summary"] = "List the team's tasks".into();
        assert_eq!(run(&v), one("OPS-02", W));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["summary"] = "List tasks (V2)".into();
        assert!(run(&v).is_empty());
    }

    #[test]
    fn ops03_description() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]
            .as_object_mut()
            .unwrap()
            .remove("description");
        assert_eq!(run(&v), one("OPS-03", E));
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
        v["paths"]["/tasks"]["get"]
            .as_object_mut()
            .unwrap()
            .remove("x-ms-visibility");
        assert_eq!(run(&v), one("OPS-04", I));
        let mut v = good_swagger();
        for op in all_ops_mut(&mut v) {
            op.remove("x-ms-visibility");
        }
        let d = run(&v);
        assert_eq!(d, one("OPS-04", I), "folded into one finding");
    }

    #[test]
    fn ops05_parameter_wording() {
        let mut v = good_swagger();
        v["paths"]["/tasks/{taskId}"]["parameters"][0]
            .as_object_mut()
            .unwrap()
            .remove("x-ms-summary");
        assert_eq!(run(&v), one("OPS-05", W));
        let mut v = good_swagger();
        v["paths"]["/tasks/{taskId}"]["parameters"][0]["x-ms-summary"] = "x".repeat(81).into();
        assert_eq!(run(&v), one("OPS-05", E));
    }

    #[test]
    fn ops06_internal_required_needs_default() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(
                json!({"name": "api-version", "in": "query", "type": "string",
                "required": true, "x-ms-visibility": "internal"}),
            );
        assert_eq!(run(&v), one("OPS-06", E));
        let last = v["paths"]["/tasks"]["get"]["parameters"]
            .as_array_mut()
            .unwrap();
        let n = last.len() - 1;
        last[n]["default"] = "2024-01-01".into();
        assert!(run(&v).is_empty());
    }

    #[test]
    fn ops07_parameter_structure() {
        let mut v = good_swagger();
        v["paths"]["/tasks/{taskId}"]["parameters"][0]["required"] = false.into();
        assert_eq!(
            run(&v),
            one("OPS-07", E),
            "path parameter not required, reported once"
        );
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["parameters"][0]["name"] = "connectionId".into();
        assert_eq!(run(&v), one("OPS-07", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "body", "in": "body", "schema": {"type": "string"}}));
        assert_eq!(run(&v), one("OPS-07", E));
        let mut v = good_swagger();
        let body = v["paths"]["/tasks"]["post"]["parameters"][0].clone();
        let mut second = body.clone();
        second["name"] = "other".into();
        v["paths"]["/tasks"]["post"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(second);
        assert_eq!(run(&v), one("OPS-07", E));
    }

    #[test]
    fn rsp01_success_response() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["responses"] = json!({"default": {"description": "Failed."}});
        assert_eq!(run(&v), one("RSP-01", E));
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["responses"] = json!({});
        assert_eq!(run(&v), one("RSP-01", E));
    }

    #[test]
    fn rsp02_default_without_schema() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["responses"]["default"]["schema"] =
            json!({"$ref": "#/definitions/Task"});
        assert_eq!(run(&v), one("RSP-02", E));
    }

    #[test]
    fn rsp03_success_schema() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["responses"]["200"]
            .as_object_mut()
            .unwrap()
            .remove("schema");
        assert_eq!(run(&v), one("RSP-03", W));
    }

    #[test]
    fn rsp04_empty_objects() {
        let mut v = good_swagger();
        v["definitions"]["Task"]["properties"]["extra"] = json!({"type": "object"});
        assert_eq!(run(&v), one("RSP-04", W));
        v["definitions"]["Task"]["required"]
            .as_array_mut()
            .unwrap()
            .push("extra".into());
        assert!(run(&v).is_empty(), "required empty objects are fine");
        let mut v = good_swagger();
        v["definitions"]["Task"]["properties"]["extra"] =
            json!({"type": "object", "x-ms-dynamic-schema": {}});
        assert!(run(&v).is_empty());
    }

    #[test]
    fn rsp05_one_schema() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["responses"]["404"] =
            json!({"description": "Not found.", "schema": {"$ref": "#/definitions/Task"}});
        assert_eq!(run(&v), one("RSP-05", W));
    }

    #[test]
    fn findings_have_places() {
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["summary"] = "List tasks.".into();
        let f = json_file("a.json", &serde_json::to_string_pretty(&v).unwrap());
        let ops = list(f.root().unwrap());
        let mut sink = Sink::new();
        check(&mut sink, &f, &ops);
        let d = &sink.diagnostics()[0];
        assert_eq!(
            d.location.pointer.as_deref(),
            Some("/paths/~1tasks/get/summary")
        );
        assert!(d.location.line.is_some_and(|l| l > 1));
    }
}
