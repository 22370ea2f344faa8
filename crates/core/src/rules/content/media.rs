//! MED — consumes, produces and MIME types (validator-rules.md §1.3, §3, §5, §6).
//!
//! An operation's *effective* `consumes`/`produces` is its own list, or else the
//! root's (an operation's `[]` overrides the root). The validator refuses a form
//! without `consumes` (MED-01), a malformed MIME type (MED-02), `consumes` that does
//! not fit formData parameters (MED-04) and response examples of a type the
//! operation does not produce (MED-05); no connector merged since 2023 has one.
//! Merged connectors do send bodies without `consumes` (JSON is assumed: a note),
//! use types beyond the four the validator's page names (MED-03, a warning) and a
//! body with only form types (MED-04, a warning).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::model::Severity;
use crate::read::json::Value;
use crate::rules::Sink;

use super::SWR;
use super::definition::{Definition, Op};
use super::util::{Tally, excerpt, ptr};

rules! {
    MED_01 {
        code: "MED-01",
        severity: Error,
        scope: Connector,
        title: "Operations with a body or form fields declare consumes",
        explanation: "Give an operation with `in: formData` parameters a `consumes` list (its own or the root's) \
            with `multipart/form-data` or `application/x-www-form-urlencoded`: the validator refuses it \
            otherwise (ConsumesMissing), and no merged connector lacks it. With an `in: body` parameter, an absent \
            or empty `consumes` is a note: JSON is assumed, and 39 connectors merged since 2023 rely on it; \
            `\"consumes\": [\"application/json\"]` says it.",
        url: SWR,
        validator: ["ConsumesMissing"],
    }
    MED_02 {
        code: "MED-02",
        severity: Error,
        scope: Connector,
        title: "MIME types in consumes and produces are well formed",
        explanation: "Write each `consumes` and `produces` entry as `type/subtype`, optionally followed by \
            `; name=value` parameters (`application/json; charset=utf-8`), with no spaces or other separators in \
            the names. The validator refuses anything else (MimeTypeNotValid); no connector merged since 2023 \
            has one.",
        url: SWR,
        validator: ["MimeTypeNotValid"],
    }
    MED_03 {
        code: "MED-03",
        severity: Warning,
        scope: Connector,
        title: "MIME types are ones the validator supports",
        explanation: "The validator refuses types outside a list it does not publish (MimeTypeNotSupported); its \
            page names `application/json`, `text/plain`, `multipart/form-data` and \
            `application/x-www-form-urlencoded`. Connectors merged since 2023 use others (`text/json`, \
            `application/xml`, `application/pdf`, `*/*`), so any other type is a warning: prefer the four, and \
            check after import that the connector sends and reads what the service expects.",
        url: SWR,
        validator: ["MimeTypeNotSupported"],
    }
    MED_04 {
        code: "MED-04",
        severity: Error,
        scope: Connector,
        title: "consumes fits the request: form types for formData, no files with urlencoded only",
        explanation: "formData parameters are sent as a form, so the operation's `consumes` must list \
            `multipart/form-data` or `application/x-www-form-urlencoded` \
            (MimeTypeNotCompatibleWithRequestContentSchemaType); a file (`type: file`, or `string` with \
            `format: binary`) needs `multipart/form-data`, as `application/x-www-form-urlencoded` cannot carry \
            it (StringBinaryNotSupportedForFormUrlEncoded). The validator refuses both and no connector merged \
            since 2023 has one. A body parameter with only form types in `consumes` is a warning (5 merged \
            connectors have one): declare the body's own type, or use formData parameters.",
        url: SWR,
        validator: [
            "MimeTypeNotCompatibleWithRequestContentSchemaType",
            "StringBinaryNotSupportedForFormUrlEncoded",
        ],
    }
    MED_05 {
        code: "MED-05",
        severity: Error,
        scope: Connector,
        title: "Response examples use a MIME type the operation produces",
        explanation: "Each key of a response's `examples` is a MIME type, and must be in the operation's \
            `produces` (its own or the root's): the validator refuses an example of a type the operation does \
            not return (ResponseExampleMustBeProducedByOperation). No merged connector has one. Add the type to \
            `produces` or change the key.",
        url: SWR,
        validator: ["ResponseExampleMustBeProducedByOperation"],
    }
}

/// The types the validator's page names as valid.
const SUPPORTED: &[&str] = &[
    "application/json",
    "text/plain",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
];
const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// MED on one definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let mut no_consumes = Tally::new(
        &MED_01,
        Severity::Info,
        "operations with a body declare no `consumes` (JSON is assumed)",
    );
    let mut body_form = Tally::new(
        &MED_04,
        Severity::Warning,
        "operations have a body parameter but only form types in `consumes`",
    );
    mime_types(sink, def);
    let mut examples = HashSet::new();
    for op in &def.ops {
        request(sink, def, op, &mut no_consumes, &mut body_form);
        response_examples(sink, def, op, &mut examples);
    }
    no_consumes.finish(sink);
    body_form.finish(sink);
}

/// A `consumes`/`produces` list as it applies to an operation.
enum Media {
    /// Neither the operation nor the root has one.
    Absent,
    /// The list (the pointer of the array) and its string entries' essences.
    List(String, Vec<String>),
    /// Not an array (SWG-11's): not checked here.
    Other,
}

fn effective(def: &Definition<'_>, op: &Op<'_>, key: &str) -> Media {
    let (at, v) = match op.value.get(key) {
        Some(v) => (ptr(&op.pointer, key), v),
        None => match def.root.get(key) {
            Some(v) => (ptr("", key), v),
            None => return Media::Absent,
        },
    };
    match v.as_array() {
        Some(items) => Media::List(
            at,
            items
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|s| parse(s).ok())
                .collect(),
        ),
        None => Media::Other,
    }
}

/// The essence (`type/subtype`, lower-cased) of a well-formed MIME type, or what is
/// wrong with it.
fn parse(s: &str) -> Result<String, &'static str> {
    let mut parts = s.split(';');
    let head = parts.next().unwrap_or_default().trim();
    let Some((t, sub)) = head.split_once('/') else {
        return Err("is not `type/subtype`");
    };
    if !token(t) || !token(sub) {
        return Err("has a type or subtype that is empty or holds spaces or separators");
    }
    for p in parts {
        let Some((name, value)) = p.split_once('=') else {
            return Err("has a parameter that is not `name=value`");
        };
        let value = value.trim();
        let quoted = value.len() >= 2 && value.starts_with('"') && value.ends_with('"');
        if !token(name.trim()) || !(token(value) || quoted) {
            return Err("has a parameter whose name or value is not valid");
        }
    }
    Ok(head.to_ascii_lowercase())
}

/// An HTTP token (RFC 9110 `tchar`s), not empty.
fn token(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// MED-02 and MED-03 on every list, each written once.
fn mime_types(sink: &mut Sink, def: &Definition<'_>) {
    let mut lists: Vec<(String, &Value)> = Vec::new();
    for key in ["consumes", "produces"] {
        if let Some(v) = def.root.get(key) {
            lists.push((ptr("", key), v));
        }
    }
    for op in &def.ops {
        for key in ["consumes", "produces"] {
            if let Some(v) = op.value.get(key) {
                lists.push((ptr(&op.pointer, key), v));
            }
        }
    }
    let mut seen = HashSet::new();
    // essence → (first place, how many places)
    let mut unsupported: Vec<(String, String, usize)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (at, v) in &lists {
        if !seen.insert(at.as_str()) {
            continue;
        }
        for (i, item) in v.as_array().unwrap_or_default().iter().enumerate() {
            let Some(s) = item.as_str() else {
                continue;
            };
            let place = format!("{at}/{i}");
            match parse(s) {
                Err(why) => sink.emit(
                    &MED_02,
                    def.at(&place),
                    format!("the MIME type `{}` {why}", excerpt(s, 60)),
                ),
                Ok(e) if SUPPORTED.contains(&e.as_str()) => {}
                Ok(e) => match index.get(&e) {
                    Some(&n) => {
                        if let Some(u) = unsupported.get_mut(n) {
                            u.2 += 1;
                        }
                    }
                    None => {
                        index.insert(e.clone(), unsupported.len());
                        unsupported.push((e, place, 1));
                    }
                },
            }
        }
    }
    let mut t = Tally::new(
        &MED_03,
        Severity::Warning,
        "MIME types are not among the four the validator names",
    );
    for (e, place, n) in unsupported {
        let times = if n > 1 {
            format!(" ({n} lists)")
        } else {
            String::new()
        };
        t.add_with(
            || def.at(&place),
            e.clone(),
            format!(
                "`{}`{times} is not among the types the validator names (`application/json`, `text/plain`, \
                 `multipart/form-data`, `application/x-www-form-urlencoded`)",
                excerpt(&e, 60)
            ),
        );
    }
    t.finish(sink);
}

/// MED-01 and MED-04 on one operation's request.
fn request(
    sink: &mut Sink,
    def: &Definition<'_>,
    op: &Op<'_>,
    no_consumes: &mut Tally,
    body_form: &mut Tally,
) {
    let ps = def.params(op);
    let forms: Vec<_> = ps.iter().filter(|p| p.location() == "formData").collect();
    let body = ps.iter().find(|p| p.is_body());
    if forms.is_empty() && body.is_none() {
        return;
    }
    let (at, types) = match effective(def, op, "consumes") {
        Media::Other => return,
        Media::Absent => (op.pointer.clone(), Vec::new()),
        Media::List(at, types) => (at, types),
    };
    if types.is_empty() {
        let written = op.value.get("consumes").is_some() || def.root.get("consumes").is_some();
        let place = if written { at } else { op.pointer.clone() };
        let what = if written {
            "an empty `consumes`"
        } else {
            "no `consumes`"
        };
        if let Some(f) = forms.first() {
            sink.emit(
                &MED_01,
                def.at(&place),
                format!(
                    "`{}` has the formData parameter `{}` but {what}; add `multipart/form-data` or \
                     `application/x-www-form-urlencoded`",
                    op.label(),
                    f.name()
                ),
            );
        } else if let Some(b) = body {
            no_consumes.add_with(
                || def.at(&place),
                op.label(),
                format!(
                    "`{}` has the body parameter `{}` but {what}; JSON is assumed: say so with \
                     `application/json`",
                    op.label(),
                    b.name()
                ),
            );
        }
        return;
    }
    let form_type = |t: &String| t == MULTIPART || t == URLENCODED;
    if let Some(f) = forms.first()
        && !types.iter().any(form_type)
    {
        sink.emit(
            &MED_04,
            def.at(&at),
            format!(
                "`{}` has the formData parameter `{}` but its `consumes` lists neither `multipart/form-data` \
                 nor `application/x-www-form-urlencoded`",
                op.label(),
                f.name()
            ),
        );
    }
    if types.iter().all(|t| t == URLENCODED) {
        for f in &forms {
            let ty = f.str("type");
            if ty == Some("file") || (ty == Some("string") && f.str("format") == Some("binary")) {
                sink.emit(
                    &MED_04,
                    def.at(&f.pointer),
                    format!(
                        "the formData parameter `{}` of `{}` is a file, which \
                         `application/x-www-form-urlencoded` cannot carry; use `multipart/form-data`",
                        f.name(),
                        op.label()
                    ),
                );
            }
        }
    }
    if let Some(b) = body
        && types.iter().all(form_type)
    {
        body_form.add_with(
            || def.at(&at),
            op.label(),
            format!(
                "`{}` has the body parameter `{}` but its `consumes` lists only form types; declare the body's \
                 type or send formData parameters",
                op.label(),
                b.name()
            ),
        );
    }
}

/// MED-05 on one operation's responses.
fn response_examples(
    sink: &mut Sink,
    def: &Definition<'_>,
    op: &Op<'_>,
    reported: &mut HashSet<String>,
) {
    let produced = match effective(def, op, "produces") {
        Media::Other => return,
        Media::Absent => Vec::new(),
        Media::List(_, types) => types,
    };
    for (code, at, r) in def.responses(op) {
        let Some(examples) = r.get("examples").and_then(Value::as_object) else {
            continue;
        };
        let base = ptr(&at, "examples");
        for m in examples {
            let ok = parse(&m.key).is_ok_and(|e| produced.contains(&e));
            let place = ptr(&base, &m.key);
            if !ok && reported.insert(format!("{place}\n{}", op.pointer)) {
                sink.emit(
                    &MED_05,
                    def.at(&place),
                    format!(
                        "the `{code}` response of `{}` has an example of `{}`, which it does not produce; add the \
                         type to `produces` or change the key",
                        op.label(),
                        excerpt(&m.key, 60)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::cases::Case;
    use serde_json::json;

    use Severity::{Error as E, Info as I, Warning as W};

    /// A `PUT /upload` with one formData parameter of `ty` (and `format`).
    fn upload(v: &mut serde_json::Value, consumes: serde_json::Value, ty: &str, format: &str) {
        let mut op = v["paths"]["/tasks"]["post"].clone();
        op["operationId"] = "Upload".into();
        let mut p = json!({"name": "file", "in": "formData", "type": ty, "x-ms-summary": "File",
            "description": "The file."});
        if !format.is_empty() {
            p["format"] = format.into();
        }
        op["parameters"] = json!([p]);
        if !consumes.is_null() {
            op["consumes"] = consumes;
        }
        v["paths"]["/upload"] = json!({ "put": op });
    }

    fn no_root_consumes(v: &mut serde_json::Value) {
        v.as_object_mut().unwrap().remove("consumes");
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &MED_01,
                || {
                    with_swagger(|v| {
                        no_root_consumes(v);
                        upload(v, serde_json::Value::Null, "string", "");
                    })
                },
                || {
                    with_swagger(|v| {
                        no_root_consumes(v);
                        upload(v, json!(["multipart/form-data"]), "string", "");
                    })
                },
            ),
            Case::new(
                &MED_01,
                || with_swagger(no_root_consumes),
                || with_swagger(|v| v["consumes"] = json!(["application/json"])),
            )
            .reported_as(I),
            Case::new(
                &MED_02,
                || with_swagger(|v| v["produces"] = json!(["application json"])),
                || with_swagger(|v| v["produces"] = json!(["application/json; charset=utf-8"])),
            ),
            Case::new(
                &MED_03,
                || with_swagger(|v| v["produces"] = json!(["application/json", "text/json"])),
                || with_swagger(|v| v["produces"] = json!(["application/json", "text/plain"])),
            ),
            Case::new(
                &MED_04,
                || with_swagger(|v| upload(v, json!(["application/json"]), "string", "")),
                || {
                    with_swagger(|v| {
                        upload(
                            v,
                            json!(["application/x-www-form-urlencoded"]),
                            "string",
                            "",
                        )
                    })
                },
            ),
            Case::new(
                &MED_04,
                || {
                    with_swagger(|v| {
                        upload(v, json!(["application/x-www-form-urlencoded"]), "file", "")
                    })
                },
                || {
                    with_swagger(|v| {
                        upload(
                            v,
                            json!(["application/x-www-form-urlencoded", "multipart/form-data"]),
                            "file",
                            "",
                        )
                    })
                },
            ),
            Case::new(
                &MED_04,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["post"]["consumes"] = json!(["multipart/form-data"])
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["post"]["consumes"] =
                            json!(["multipart/form-data", "application/json"])
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &MED_05,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["200"]["examples"] =
                            json!({"application/xml": "<tasks/>"})
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["200"]["examples"] =
                            json!({"application/json": []})
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
    fn mime_types_parse() {
        for ok in [
            "application/json",
            "Application/JSON",
            "*/*",
            "application/vnd.api+json",
            " text/plain ; charset=utf-8",
            "multipart/form-data; boundary=\"a b\"",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(parse("Text/Plain; charset=x").as_deref(), Ok("text/plain"));
        for bad in [
            "json",
            "application/",
            "/json",
            "application/json;",
            "application/json; charset",
            "application/js on",
            "application/json, text/plain",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn operation_lists_override_the_root() {
        // an operation's empty list hides the root's
        let mut v = good_swagger();
        v["paths"]["/tasks"]["post"]["consumes"] = json!([]);
        assert_eq!(run(&v), one("MED-01", I));
        // the root's list serves operations without their own
        let mut v = good_swagger();
        v["consumes"] = json!(["multipart/form-data"]);
        upload(&mut v, serde_json::Value::Null, "file", "");
        let r = run(&v);
        assert!(!r.contains(&("MED-04".into(), E)), "{r:?}");
        // binary strings count as files
        let mut v = good_swagger();
        upload(
            &mut v,
            json!(["application/x-www-form-urlencoded"]),
            "string",
            "binary",
        );
        assert_eq!(run(&v), one("MED-04", E));
    }

    #[test]
    fn unsupported_types_are_reported_once_each() {
        let mut v = good_swagger();
        v["produces"] = json!(["application/xml"]);
        for op in all_ops_mut(&mut v) {
            op.insert("produces".into(), json!(["application/xml", "text/json"]));
        }
        let r = run(&v);
        assert_eq!(r, vec![("MED-03".into(), W), ("MED-03".into(), W)]);
    }

    #[test]
    fn examples_compare_essences() {
        let mut v = good_swagger();
        v["produces"] = json!(["application/json; charset=UTF-8"]);
        v["paths"]["/tasks"]["get"]["responses"]["200"]["examples"] =
            json!({"application/json; charset=UTF-8": [], "Application/JSON": []});
        assert!(run(&v).is_empty());
        let mut v = good_swagger();
        v.as_object_mut().unwrap().remove("produces");
        v["paths"]["/tasks"]["get"]["responses"]["200"]["examples"] =
            json!({"application/json": []});
        assert_eq!(run(&v), one("MED-05", E), "nothing is produced");
    }
}
