//! PAR — parameters (validator-rules.md §1.3, §4, §5).
//!
//! Two views of the parameters: each *list* as written (a path item's or an
//! operation's `parameters` array, for PAR-01/02), and each parameter *object* as
//! written, once (root `parameters`, inline list entries; `$ref` entries are checked
//! where they point), for PAR-03…09. The effective list of each operation is used
//! only for body with formData (PAR-02); OPS-07 already counts its bodies.
//!
//! The validator refuses what PAR-01…05 check and no connector merged since 2023
//! breaks it. The rest are warnings: lists Microsoft does not publish
//! (collectionFormat, reserved names), or what merged connectors have (an encoded
//! query parameter, an optional internal parameter with a default).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::model::Severity;
use crate::read::json::Value;
use crate::rules::Sink;

use super::definition::{Definition, METHODS, Role, Step, is_internal};
use super::util::{Tally, excerpt, ptr};
use super::{EXTENSIONS, SWR};

rules! {
    PAR_01 {
        code: "PAR-01",
        severity: Error,
        scope: Connector,
        title: "A parameter list names each parameter once",
        explanation: "In an operation's or a path item's `parameters`, list each entry once and never two parameters \
            with the same `name` and `in` (a path-item parameter is overridden by writing it again in the \
            operation, not twice in one list). The validator refuses a repeated entry and a repeated pair \
            (OperationParametersAreNotUnique, OperationParametersContainDuplicateParameter, \
            PathParametersContainDuplicateParameter); no connector merged since 2023 has one.",
        url: SWR,
        validator: [
            "OperationParametersAreNotUnique",
            "OperationParametersContainDuplicateParameter",
            "PathParametersContainDuplicateParameter",
        ],
    }
    PAR_02 {
        code: "PAR-02",
        severity: Error,
        scope: Connector,
        title: "At most one body parameter per list, and never a body with formData",
        explanation: "A request has one body: either one `in: body` parameter or `in: formData` fields, never both \
            (ParameterListContainsFormDataAndBody), and a path item lists at most one body parameter \
            (PathParametersContainMultipleBodyParameters; OPS-07 reports it for the operations under it). The \
            validator refuses both; no connector merged since 2023 has one.",
        url: SWR,
        validator: [
            "ParameterListContainsFormDataAndBody",
            "PathParametersContainMultipleBodyParameters",
        ],
    }
    PAR_03 {
        code: "PAR-03",
        severity: Error,
        scope: Connector,
        title: "A body parameter has a schema and nothing meant for other locations",
        explanation: "Describe an `in: body` parameter with its `schema`; `type`, `format`, `items`, `enum`, \
            `default`, `collectionFormat`, `allowEmptyValue` and the limits (`maximum`, `maxLength`, `pattern`…) \
            belong in that schema. The validator refuses a body without `schema` (BodyParameterSchemaRequired) \
            and those members beside it (BodyParameterPropertyNotValid); no connector merged since 2023 has one.",
        url: SWR,
        validator: ["BodyParameterSchemaRequired", "BodyParameterPropertyNotValid"],
    }
    PAR_04 {
        code: "PAR-04",
        severity: Error,
        scope: Connector,
        title: "Query, header, path and formData parameters have no schema; files only in formData",
        explanation: "A parameter that is not `in: body` is described by its own `type` (and `items`), not a \
            `schema` (NonBodyParameterSchemaNotValid); `type: file` is for `in: formData` only \
            (FileParameterMustBeInFormData); `allowEmptyValue` applies to query and formData parameters only. \
            The validator refuses the first two and Swagger 2.0 the third; no connector merged since 2023 has \
            one.",
        url: SWR,
        validator: ["NonBodyParameterSchemaNotValid", "FileParameterMustBeInFormData"],
    }
    PAR_05 {
        code: "PAR-05",
        severity: Error,
        scope: Connector,
        title: "formData parameter names are ASCII",
        explanation: "The validator refuses an `in: formData` parameter whose `name` has a character outside US-ASCII \
            (InvalidFormDataParameterName): the name is sent as the form field's name. Use the ASCII name the \
            service expects and put the accented label in `x-ms-summary`.",
        url: SWR,
        validator: ["InvalidFormDataParameterName"],
    }
    PAR_06 {
        code: "PAR-06",
        severity: Warning,
        scope: Connector,
        title: "Array parameters use collectionFormat csv",
        explanation: "The validator refuses a `collectionFormat` outside a set it does not publish \
            (CollectionFormatValueNotSupported). `csv` (the default) is safe: every merged connector that sets \
            one uses it. `ssv`, `tsv`, `pipes` and `multi` are warnings; send the values comma-separated, or \
            check that the connector works as you expect after import.",
        url: SWR,
        validator: ["CollectionFormatValueNotSupported"],
    }
    PAR_07 {
        code: "PAR-07",
        severity: Warning,
        scope: Connector,
        title: "Query parameters do not set x-ms-url-encoding",
        explanation: "`x-ms-url-encoding` is for path parameters; query values are always encoded once. The \
            validator names it on a query parameter (QueryParameterEncodingNotSupported), but 4 connectors \
            merged since 2023 have it, so it is a warning: remove it.",
        url: EXTENSIONS,
        validator: ["QueryParameterEncodingNotSupported"],
    }
    PAR_08 {
        code: "PAR-08",
        severity: Warning,
        scope: Connector,
        title: "Header parameters do not use names the platform sets",
        explanation: "The validator refuses parameter names reserved for their location (ReservedParameterIsUsed) \
            without publishing the list. Headers the gateway or HTTP itself sets (`Authorization`, `Host`, \
            `Content-Length`, `Cookie`, `Connection`, `Transfer-Encoding`…) are the likely ones; none of the 524 \
            merged connectors declares one. It is a warning until the list is known: let the connection's \
            security definition send `Authorization`, and drop the others.",
        url: SWR,
        validator: ["ReservedParameterIsUsed"],
    }
    PAR_09 {
        code: "PAR-09",
        severity: Warning,
        scope: Connector,
        title: "An internal parameter or property with a default is required",
        explanation: "Users never see an `x-ms-visibility: internal` parameter or property, so its `default` is sent \
            only when it is required; optional, it may be dropped (InternalPropertyWithDefaultOptional, \
            PropertyMustBeRequired). Add `required: true` (for a property, list it in the schema's `required`). \
            5 connectors merged since 2023 have such parameters, so it is a warning.",
        url: SWR,
        validator: ["InternalPropertyWithDefaultOptional", "PropertyMustBeRequired"],
    }
}

/// Members of a non-body parameter that an `in: body` parameter must not have.
const NOT_ON_BODY: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "collectionFormat",
    "allowEmptyValue",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// Header names the gateway or HTTP sets (ReservedParameterIsUsed; list inferred).
const RESERVED_HEADERS: &[&str] = &[
    "Authorization",
    "Proxy-Authorization",
    "Host",
    "Content-Length",
    "Cookie",
    "Set-Cookie",
    "Connection",
    "Keep-Alive",
    "Transfer-Encoding",
    "TE",
    "Trailer",
    "Upgrade",
    "Expect",
];

/// Swagger 2.0 collection formats other than `csv` (others are SWG-11's).
const OTHER_FORMATS: &[&str] = &["ssv", "tsv", "pipes", "multi"];

/// How many nested `items` levels are searched for a `collectionFormat`.
const MAX_ITEMS_DEPTH: usize = 16;

/// A `parameters` array as written.
struct List<'a> {
    /// Pointer to the array.
    pointer: String,
    items: &'a [Value],
    /// A path item's list (rather than an operation's).
    path_item: bool,
    /// For a path item's list: whether the path item has an operation.
    has_ops: bool,
}

/// PAR on one definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let lists = lists(def);
    for l in &lists {
        list(sink, def, l);
    }
    body_with_form(sink, def);
    let mut t = Folds::new();
    for (pointer, value) in written(def, &lists) {
        parameter(sink, def, &pointer, value, &mut t);
    }
    properties(def, &mut t);
    t.finish(sink);
}

/// The folded (non-error) checks.
struct Folds {
    format: Tally,
    encoding: Tally,
    reserved: Tally,
    internal: Tally,
}

impl Folds {
    fn new() -> Self {
        Folds {
            format: Tally::new(
                &PAR_06,
                Severity::Warning,
                "parameters use a `collectionFormat` other than `csv`",
            ),
            encoding: Tally::new(
                &PAR_07,
                Severity::Warning,
                "query parameters set `x-ms-url-encoding`",
            ),
            reserved: Tally::new(
                &PAR_08,
                Severity::Warning,
                "header parameters use a name the platform sets",
            ),
            internal: Tally::new(
                &PAR_09,
                Severity::Warning,
                "internal parameters or properties have a default but are not required",
            ),
        }
    }

    fn finish(self, sink: &mut Sink) {
        for t in [self.format, self.encoding, self.reserved, self.internal] {
            t.finish(sink);
        }
    }
}

/// Every `parameters` array of the path items and operations.
fn lists<'a>(def: &Definition<'a>) -> Vec<List<'a>> {
    let mut out = Vec::new();
    for p in def
        .root
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or_default()
    {
        let Some(members) = p.value.as_object() else {
            continue;
        };
        let base = ptr("/paths", &p.key);
        let has_ops = members.iter().any(|m| METHODS.contains(&m.key.as_str()));
        if let Some(items) = p.value.get("parameters").and_then(Value::as_array) {
            out.push(List {
                pointer: ptr(&base, "parameters"),
                items,
                path_item: true,
                has_ops,
            });
        }
        for m in members {
            if !METHODS.contains(&m.key.as_str()) {
                continue;
            }
            if let Some(items) = m.value.get("parameters").and_then(Value::as_array) {
                out.push(List {
                    pointer: ptr(&ptr(&base, &m.key), "parameters"),
                    items,
                    path_item: false,
                    has_ops: true,
                });
            }
        }
    }
    out
}

/// Every parameter object as written, once: root `parameters`, then the inline
/// entries of each list.
fn written<'a>(def: &Definition<'a>, lists: &[List<'a>]) -> Vec<(String, &'a Value)> {
    let mut out = Vec::new();
    for m in def
        .root
        .get("parameters")
        .and_then(Value::as_object)
        .unwrap_or_default()
    {
        out.push((ptr("/parameters", &m.key), &m.value));
    }
    let mut seen = HashSet::new();
    for l in lists {
        if !seen.insert(l.pointer.as_str()) {
            continue;
        }
        for (i, item) in l.items.iter().enumerate() {
            if item.get("$ref").is_none() && item.as_object().is_some() {
                out.push((format!("{}/{i}", l.pointer), item));
            }
        }
    }
    out
}

/// PAR-01 and the path-item half of PAR-02 on one list.
fn list(sink: &mut Sink, def: &Definition<'_>, l: &List<'_>) {
    let whose = if l.path_item {
        "the path item's"
    } else {
        "the operation's"
    };
    let mut refs: HashMap<&str, usize> = HashMap::new();
    let mut keys: HashMap<(&str, &str), usize> = HashMap::new();
    let mut bodies: Vec<&str> = Vec::new();
    let mut first_body = String::new();
    for (i, item) in l.items.iter().enumerate() {
        let at = format!("{}/{i}", l.pointer);
        if let Some(r) = item.get("$ref").and_then(Value::as_str) {
            if let Some(&j) = refs.get(r) {
                sink.emit(
                    &PAR_01,
                    def.at(&at),
                    format!(
                        "{whose} `parameters` list `{}` twice (entries {j} and {i}); remove one",
                        excerpt(r, 80)
                    ),
                );
                continue;
            }
            refs.insert(r, i);
        }
        let Some((_, v)) = def.resolve(item, &at) else {
            continue;
        };
        let (Some(name), Some(loc)) = (
            v.get("name").and_then(Value::as_str),
            v.get("in").and_then(Value::as_str),
        ) else {
            continue;
        };
        match keys.get(&(name, loc)) {
            Some(&j) => sink.emit(
                &PAR_01,
                def.at(&at),
                format!(
                    "entries {j} and {i} of {whose} `parameters` are both `{}` in `{loc}`; keep one",
                    excerpt(name, 60)
                ),
            ),
            None => {
                keys.insert((name, loc), i);
                if loc == "body" {
                    if bodies.is_empty() {
                        first_body.clone_from(&at);
                    }
                    bodies.push(name);
                }
            }
        }
    }
    // With operations under it, OPS-07 reports the bodies of each operation.
    if l.path_item && !l.has_ops && bodies.len() > 1 {
        let names: Vec<String> = bodies
            .iter()
            .map(|b| format!("`{}`", excerpt(b, 40)))
            .collect();
        sink.emit(
            &PAR_02,
            def.at(&first_body),
            format!(
                "the path item's `parameters` have {} body parameters ({}); at most one",
                bodies.len(),
                names.join(", ")
            ),
        );
    }
}

/// PAR-02: a body and formData in the parameters that apply to one operation.
fn body_with_form(sink: &mut Sink, def: &Definition<'_>) {
    let mut reported = HashSet::new();
    for op in &def.ops {
        let ps = def.params(op);
        let (Some(body), Some(form)) = (
            ps.iter().find(|p| p.is_body()),
            ps.iter().find(|p| p.location() == "formData"),
        ) else {
            continue;
        };
        if reported.insert((body.pointer.clone(), form.pointer.clone())) {
            sink.emit(
                &PAR_02,
                def.at(&body.pointer),
                format!(
                    "`{}` has both the body parameter `{}` and the formData parameter `{}`; send one or the other",
                    op.label(),
                    body.name(),
                    form.name()
                ),
            );
        }
    }
}

/// PAR-03…09 on one parameter object as written.
fn parameter(sink: &mut Sink, def: &Definition<'_>, at: &str, v: &Value, t: &mut Folds) {
    let s = |k: &str| v.get(k).and_then(Value::as_str);
    let name = s("name").unwrap_or("?");
    let label = excerpt(name, 60);
    let Some(loc) = s("in") else {
        return;
    };
    if loc == "body" {
        if v.get("schema").is_none() {
            sink.emit(
                &PAR_03,
                def.at(at),
                format!("the body parameter `{label}` has no `schema`; describe the body there"),
            );
        }
        for m in v.as_object().unwrap_or_default() {
            if NOT_ON_BODY.contains(&m.key.as_str()) {
                sink.emit(
                    &PAR_03,
                    def.at(&ptr(at, &m.key)),
                    format!(
                        "the body parameter `{label}` has `{}`, which belongs in its `schema`",
                        m.key
                    ),
                );
            }
        }
        return;
    }
    if !matches!(loc, "query" | "header" | "path" | "formData") {
        return; // SWG-11 reports an unknown `in`
    }
    if v.get("schema").is_some() {
        sink.emit(
            &PAR_04,
            def.at(&ptr(at, "schema")),
            format!(
                "the {loc} parameter `{label}` has a `schema`; only body parameters do: use `type` (and `items`)"
            ),
        );
    }
    if s("type") == Some("file") && loc != "formData" {
        sink.emit(
            &PAR_04,
            def.at(&ptr(at, "type")),
            format!(
                "the {loc} parameter `{label}` is `type: file`, which only formData parameters can be"
            ),
        );
    }
    if v.get("allowEmptyValue").is_some() && matches!(loc, "path" | "header") {
        sink.emit(
            &PAR_04,
            def.at(&ptr(at, "allowEmptyValue")),
            format!(
                "the {loc} parameter `{label}` sets `allowEmptyValue`, which applies to query and formData only"
            ),
        );
    }
    if loc == "formData" && !name.is_ascii() {
        sink.emit(
            &PAR_05,
            def.at(&ptr(at, "name")),
            format!(
                "the formData parameter `{label}` has a name with non-ASCII characters; use an ASCII name \
                 and put the label in `x-ms-summary`"
            ),
        );
    }
    collection_format(def, at, v, &label, t);
    if loc == "query" && v.get("x-ms-url-encoding").is_some() {
        t.encoding.add_with(
            || def.at(&ptr(at, "x-ms-url-encoding")),
            label.clone(),
            format!("the query parameter `{label}` sets `x-ms-url-encoding`, which is for path parameters; remove it"),
        );
    }
    if loc == "header"
        && let Some(r) = RESERVED_HEADERS
            .iter()
            .find(|r| r.eq_ignore_ascii_case(name.trim()))
    {
        t.reserved.add_with(
            || def.at(&ptr(at, "name")),
            label.clone(),
            format!("the header parameter `{label}` is `{r}`, which the platform sets; remove it"),
        );
    }
    let required = v.get("required").and_then(Value::as_bool) == Some(true);
    if is_internal(v) && v.get("default").is_some() && !required {
        t.internal.add_with(
            || def.at(at),
            label.clone(),
            format!(
                "the parameter `{label}` is internal with a default but not required, so the default may not be \
                 sent; add `required: true`"
            ),
        );
    }
}

/// PAR-06 on a parameter and its nested `items`.
fn collection_format(def: &Definition<'_>, at: &str, v: &Value, label: &str, t: &mut Folds) {
    let mut cur = v;
    let mut pointer = at.to_owned();
    for _ in 0..MAX_ITEMS_DEPTH {
        if let Some(f) = cur.get("collectionFormat").and_then(Value::as_str)
            && OTHER_FORMATS.contains(&f)
        {
            t.format.add_with(
                || def.at(&ptr(&pointer, "collectionFormat")),
                label.to_owned(),
                format!("the parameter `{label}` uses `collectionFormat: {f}`; only `csv` is known to work"),
            );
        }
        match cur.get("items") {
            Some(i) => {
                cur = i;
                pointer = ptr(&pointer, "items");
            }
            None => break,
        }
    }
}

/// PAR-09 on schema properties: internal, with a default, not required. Response
/// schemas are left out (nothing is sent).
fn properties(def: &Definition<'_>, t: &mut Folds) {
    for root in def.schema_roots() {
        if root.role == Role::Response {
            continue;
        }
        def.walk(root.value, &root.pointer, false, |node| {
            if let Step::Property(name) = node.step
                && !node.required
                && is_internal(node.value)
                && node.value.get("default").is_some()
            {
                let label = excerpt(name, 60);
                t.internal.add_with(
                    || def.at(&node.pointer),
                    label.clone(),
                    format!(
                        "the property `{label}` is internal with a default but not in its schema's `required`, \
                         so the default may not be sent; list it there"
                    ),
                );
            }
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::cases::Case;
    use serde_json::json;

    use Severity::{Error as E, Warning as W};

    fn get_params(v: &mut serde_json::Value) -> &mut Vec<serde_json::Value> {
        v["paths"]["/tasks"]["get"]["parameters"]
            .as_array_mut()
            .unwrap()
    }

    fn push(v: &mut serde_json::Value, p: serde_json::Value) {
        get_params(v).push(p);
    }

    fn post_params(v: &mut serde_json::Value) -> &mut Vec<serde_json::Value> {
        v["paths"]["/tasks"]["post"]["parameters"]
            .as_array_mut()
            .unwrap()
    }

    fn query(name: &str) -> serde_json::Value {
        json!({"name": name, "in": "query", "type": "string", "x-ms-summary": "Q", "description": "A query."})
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &PAR_01,
                || {
                    with_swagger(|v| {
                        let p = get_params(v)[1].clone();
                        push(v, p);
                    })
                },
                || {
                    with_swagger(|v| {
                        let mut p = get_params(v)[1].clone();
                        p["in"] = "header".into();
                        push(v, p);
                    })
                },
            ),
            Case::new(
                &PAR_02,
                || {
                    with_swagger(|v| {
                        post_params(v)
                            .push(json!({"name": "file", "in": "formData", "type": "file"}));
                    })
                },
                || {
                    with_swagger(|v| {
                        post_params(v).push(query("file"));
                    })
                },
            ),
            Case::new(
                &PAR_03,
                || {
                    with_swagger(|v| {
                        post_params(v)[0]["type"] = "object".into();
                    })
                },
                || {
                    with_swagger(|v| {
                        post_params(v)[0]["description"] = "The task.".into();
                    })
                },
            ),
            Case::new(
                &PAR_04,
                || {
                    with_swagger(|v| {
                        get_params(v)[1]["type"] = "file".into();
                    })
                },
                || {
                    with_swagger(|v| {
                        get_params(v)[1]["format"] = "binary".into();
                    })
                },
            ),
            Case::new(
                &PAR_05,
                || {
                    with_swagger(|v| {
                        let p = json!({"name": "fichié", "in": "formData", "type": "string"});
                        v["paths"]["/tasks"]["put"] = v["paths"]["/tasks"]["post"].clone();
                        v["paths"]["/tasks"]["put"]["parameters"] = json!([p]);
                    })
                },
                || {
                    with_swagger(|v| {
                        let p = json!({"name": "fichier", "in": "formData", "type": "string", "x-ms-summary": "Fiché"});
                        v["paths"]["/tasks"]["put"] = v["paths"]["/tasks"]["post"].clone();
                        v["paths"]["/tasks"]["put"]["parameters"] = json!([p]);
                    })
                },
            ),
            Case::new(
                &PAR_06,
                || {
                    with_swagger(|v| {
                        let p = &mut get_params(v)[1];
                        p["type"] = "array".into();
                        p["items"] = json!({"type": "string"});
                        p["collectionFormat"] = "pipes".into();
                    })
                },
                || {
                    with_swagger(|v| {
                        let p = &mut get_params(v)[1];
                        p["type"] = "array".into();
                        p["items"] = json!({"type": "string"});
                        p["collectionFormat"] = "csv".into();
                    })
                },
            ),
            Case::new(
                &PAR_07,
                || with_swagger(|v| get_params(v)[1]["x-ms-url-encoding"] = "single".into()),
                || with_swagger(|v| get_params(v)[1]["x-ms-url-encoding-note"] = "single".into()),
            ),
            Case::new(
                &PAR_08,
                || {
                    with_swagger(|v| {
                        let mut p = query("authorization");
                        p["in"] = "header".into();
                        push(v, p);
                    })
                },
                || {
                    with_swagger(|v| {
                        let mut p = query("Accept");
                        p["in"] = "header".into();
                        push(v, p);
                    })
                },
            ),
            Case::new(
                &PAR_09,
                || {
                    with_swagger(|v| {
                        let p = &mut get_params(v)[1];
                        p["x-ms-visibility"] = "internal".into();
                        p["default"] = "open".into();
                    })
                },
                || {
                    with_swagger(|v| {
                        let p = &mut get_params(v)[1];
                        p["x-ms-visibility"] = "internal".into();
                        p["default"] = "open".into();
                        p["required"] = true.into();
                    })
                },
            ),
        ]
    }

    fn run(v: &serde_json::Value) -> Vec<(String, Severity)> {
        let f = json_file("apiDefinition.swagger.json", &v.to_string());
        let def = Definition::new(&f, Origin::SourceFolder).unwrap();
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
    fn repeated_refs_and_pairs() {
        let mut v = good_swagger();
        v["parameters"] = json!({"Q": query("q")});
        push(&mut v, json!({"$ref": "#/parameters/Q"}));
        push(&mut v, json!({"$ref": "#/parameters/Q"}));
        assert_eq!(run(&v), one("PAR-01", E), "the same $ref: one finding");
        let mut v = good_swagger();
        v["parameters"] = json!({"Q": query("q")});
        push(&mut v, json!({"$ref": "#/parameters/Q"}));
        push(&mut v, query("q"));
        assert_eq!(run(&v), one("PAR-01", E), "a $ref and an inline twin");
        // the operation overriding a path-item parameter is fine
        let mut v = good_swagger();
        let p = v["paths"]["/tasks/{taskId}"]["parameters"][0].clone();
        v["paths"]["/tasks/{taskId}"]["get"]["parameters"] = json!([p]);
        assert!(run(&v).is_empty());
    }

    #[test]
    fn path_item_bodies_without_operations() {
        let body = |n: &str| json!({"name": n, "in": "body", "schema": {"type": "string"}});
        let mut v = good_swagger();
        v["paths"]["/spare"] = json!({"parameters": [body("a"), body("b")]});
        assert_eq!(run(&v), one("PAR-02", E));
        // under operations, OPS-07 reports it
        let mut v = good_swagger();
        v["paths"]["/tasks/{taskId}"]["parameters"] = json!([
            v["paths"]["/tasks/{taskId}"]["parameters"][0].clone(),
            body("a"),
            body("b")
        ]);
        assert!(run(&v).is_empty());
    }

    #[test]
    fn body_with_form_once_per_pair() {
        let mut v = good_swagger();
        let form = json!({"name": "f", "in": "formData", "type": "string"});
        let body = json!({"name": "b", "in": "body", "schema": {"type": "string"}});
        let item = &mut v["paths"]["/tasks/{taskId}"]["parameters"];
        item.as_array_mut().unwrap().extend([form, body]);
        // three operations under the path item, one finding
        assert_eq!(run(&v), one("PAR-02", E));
    }

    #[test]
    fn non_body_members() {
        let mut v = good_swagger();
        get_params(&mut v)[1]["schema"] = json!({"type": "string"});
        assert_eq!(run(&v), one("PAR-04", E));
        let mut v = good_swagger();
        v["paths"]["/tasks/{taskId}"]["parameters"][0]["allowEmptyValue"] = true.into();
        assert_eq!(run(&v), one("PAR-04", E));
        let mut v = good_swagger();
        get_params(&mut v)[1]["allowEmptyValue"] = true.into();
        assert!(run(&v).is_empty(), "allowed on a query parameter");
        let mut v = good_swagger();
        post_params(&mut v)[0]
            .as_object_mut()
            .unwrap()
            .remove("schema");
        assert_eq!(run(&v), one("PAR-03", E));
    }

    #[test]
    fn nested_collection_format_and_folding() {
        let mut v = good_swagger();
        let p = &mut get_params(&mut v)[1];
        p["type"] = "array".into();
        p["items"] =
            json!({"type": "array", "collectionFormat": "ssv", "items": {"type": "string"}});
        assert_eq!(run(&v), one("PAR-06", W));
        let mut v = good_swagger();
        for i in 0..6 {
            let mut q = query(&format!("q{i}"));
            q["x-ms-url-encoding"] = "single".into();
            push(&mut v, q);
        }
        assert_eq!(run(&v), one("PAR-07", W), "folded into one");
    }

    #[test]
    fn internal_properties_with_defaults() {
        let mut v = good_swagger();
        v["definitions"]["NewTask"]["properties"]["kind"] =
            json!({"type": "string", "x-ms-visibility": "internal", "default": "task"});
        assert_eq!(run(&v), one("PAR-09", W));
        v["definitions"]["NewTask"]["required"] = json!(["projectId", "title", "kind"]);
        assert!(run(&v).is_empty());
        // in a response schema nothing is sent
        let mut v = good_swagger();
        v["paths"]["/tasks"]["get"]["responses"]["200"]["schema"] = json!({"type": "object",
            "properties": {"kind": {"type": "string", "x-ms-visibility": "internal", "default": "task"}}});
        assert!(run(&v).is_empty());
    }
}
