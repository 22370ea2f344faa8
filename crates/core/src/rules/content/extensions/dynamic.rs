//! EXT-01, 02, 03 (fixed values), 06, 07, 09: dynamic references (`x-ms-dynamic-values/-schema/-list/-properties`),
//! trees and file pickers.
//!
//! A dynamic reference calls a *target* operation with a *mapping*: each key is a
//! target parameter, each value says where its value comes from — `{"parameter": p}`
//! (a parameter of the operation the reference sits in), `{"parameterReference":
//! "body/x"}` (a parameter or a path into the body), `{"value": v}` or a bare value.
//! What needs only the reference and its target (EXT-01, 02, the fixed values of 03,
//! 06, 07, 09) is checked once per written reference; what needs the operation the
//! reference sits in (the sources: EXT-03, 04, 05) is checked for each operation whose
//! parameters, body or responses reach it, each finding once.

use crate::model::Severity;
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::super::definition::{Definition, Op};
use super::super::util::{Tally, excerpt, ptr};
use super::scan::Hit;
use super::schema::{Nav, Shape, navigate, shape, type_of};
use super::{EXT_01, EXT_02, EXT_03, EXT_06, EXT_07, EXT_09};

/// The four dynamic references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ext {
    Values,
    Schema,
    List,
    Properties,
}

impl Ext {
    pub(super) const ALL: [Ext; 4] = [Ext::Values, Ext::Schema, Ext::List, Ext::Properties];

    pub(super) fn key(self) -> &'static str {
        match self {
            Ext::Values => "x-ms-dynamic-values",
            Ext::Schema => "x-ms-dynamic-schema",
            Ext::List => "x-ms-dynamic-list",
            Ext::Properties => "x-ms-dynamic-properties",
        }
    }

    /// The newer extension that says the same with `parameterReference`s, or the
    /// older one it stands beside.
    pub(super) fn twin(self) -> Ext {
        match self {
            Ext::Values => Ext::List,
            Ext::List => Ext::Values,
            Ext::Schema => Ext::Properties,
            Ext::Properties => Ext::Schema,
        }
    }

    /// `x-ms-dynamic-values` or `-schema`, whose `{"parameter": p}` names parameters only.
    pub(super) fn legacy(self) -> bool {
        matches!(self, Ext::Values | Ext::Schema)
    }
}

/// Where a mapped value comes from.
#[derive(Debug)]
pub(super) enum From<'a> {
    /// `{"parameter": p}`.
    Parameter(&'a str),
    /// `{"parameterReference": "a/b"}`.
    Reference(&'a str),
    /// `{"value": v}` or a bare value.
    Fixed(&'a Value),
    /// Anything else (`value-property`, a malformed entry).
    Other,
}

pub(super) fn from(v: &Value) -> From<'_> {
    if v.as_object().is_none() {
        return From::Fixed(v);
    }
    if let Some(p) = v.get("parameter") {
        return p.as_str().map_or(From::Other, From::Parameter);
    }
    if let Some(r) = v.get("parameterReference") {
        return r.as_str().map_or(From::Other, From::Reference);
    }
    v.get("value").map_or(From::Other, From::Fixed)
}

/// The warnings, folded across the definition.
pub(super) struct Folds {
    pub(super) required: Tally,
    pub(super) produce: Tally,
}

/// EXT-01…09 on the dynamic nodes `hits`.
pub(super) fn check(sink: &mut Sink, def: &Definition<'_>, hits: &[Hit<'_>]) {
    if hits.is_empty() {
        return;
    }
    let mut folds = Folds {
        required: Tally::new(
            &EXT_03,
            Severity::Warning,
            "required parameters of called operations are fed from optional ones",
        ),
        produce: Tally::new(
            &EXT_07,
            Severity::Warning,
            "dynamic references name an array or property the called operation does not return",
        ),
    };
    for hit in hits {
        written(sink, def, hit, &mut folds);
    }
    super::sources::check(sink, def, &mut folds);
    folds.required.finish(sink);
    folds.produce.finish(sink);
}

/// A short name for a dynamic node: a parameter's `name`, else the last key of its
/// pointer.
pub(super) fn label(pointer: &str, node: &Value) -> String {
    if let Some(n) = node.get("name").and_then(Value::as_str) {
        return excerpt(n, 60);
    }
    let last = pointer.rsplit('/').next().unwrap_or("");
    excerpt(&last.replace("~1", "/").replace("~0", "~"), 60)
}

/// The checks of one written node.
fn written(sink: &mut Sink, def: &Definition<'_>, hit: &Hit<'_>, folds: &mut Folds) {
    let node = hit.node;
    let name = label(&hit.pointer, node);
    for ext in Ext::ALL {
        let Some(r) = node.get(ext.key()).filter(|r| r.as_object().is_some()) else {
            continue;
        };
        let at = ptr(&hit.pointer, ext.key());
        if let Some(target) = called(sink, def, r, &at, ext.key()) {
            mapping(sink, def, r, &at, target, ext.key());
            produces(def, ext, r, &at, target, &name, &mut folds.produce);
        }
    }
    paths_agree(sink, def, hit);
    let tree = node.get("x-ms-dynamic-tree");
    let picker = node
        .get("x-ms-capabilities")
        .and_then(|c| c.get("file-picker"));
    for (ext, value) in [("x-ms-dynamic-tree", tree), ("x-ms-capabilities", picker)] {
        let Some(value) = value else { continue };
        let base = if ext == "x-ms-capabilities" {
            ptr(&ptr(&hit.pointer, ext), "file-picker")
        } else {
            ptr(&hit.pointer, ext)
        };
        for part in ["open", "browse"] {
            if let Some(r) = value.get(part).filter(|r| r.as_object().is_some()) {
                let what = if ext == "x-ms-capabilities" {
                    format!("x-ms-capabilities.file-picker.{part}")
                } else {
                    format!("{ext}.{part}")
                };
                called(sink, def, r, &ptr(&base, part), &what);
            }
        }
    }
    let picks = picker.is_some()
        || node
            .get("x-ms-dynamic-values")
            .and_then(|d| d.get("capability"))
            .and_then(Value::as_str)
            == Some("file-picker");
    // The root's x-ms-capabilities.file-picker describes the connector, not a value.
    if picks && tree.is_none() && !hit.pointer.is_empty() {
        sink.emit(
            &EXT_09,
            def.at(&hit.pointer),
            format!(
                "`{name}` has a file picker but no `x-ms-dynamic-tree`; add one with the same `open` and `browse` \
                 operations"
            ),
        );
    }
}

/// EXT-01: the operation `r` calls, reporting one that does not exist.
fn called<'d, 'a>(
    sink: &mut Sink,
    def: &'d Definition<'a>,
    r: &'a Value,
    at: &str,
    what: &str,
) -> Option<&'d Op<'a>> {
    match r.get("operationId") {
        Some(id) => {
            let id = id.as_str()?;
            let op = def.op(id);
            if op.is_none() {
                let hint = def
                    .ops
                    .iter()
                    .filter_map(Op::id)
                    .find(|o| o.eq_ignore_ascii_case(id))
                    .map(|o| format!("; `{}` differs only by case", excerpt(o, 60)))
                    .unwrap_or_default();
                sink.emit(
                    &EXT_01,
                    def.at(&ptr(at, "operationId")),
                    format!(
                        "`{what}` calls `{}`, which is not an operationId of the definition{hint}",
                        excerpt(id, 60)
                    ),
                );
            }
            op
        }
        None => {
            if r.get("capability").is_none() && r.get("builtInOperation").is_none() {
                sink.emit(
                    &EXT_01,
                    def.at(at),
                    format!("`{what}` has no `operationId`: name the operation it calls"),
                );
            }
            None
        }
    }
}

/// A target parameter a mapping key names.
#[derive(Debug)]
pub(super) struct Slot<'a> {
    pub(super) ty: Option<&'a str>,
    pub(super) required: bool,
}

/// The target parameter `key` names: an effective parameter, a path into the body
/// (`body/x`), or (as older connectors write it) a top-level body property.
pub(super) fn slot<'a>(def: &Definition<'a>, target: &Op<'a>, key: &'a str) -> Option<Slot<'a>> {
    let ps = def.params(target);
    let named = ps
        .iter()
        .find(|p| p.name() == key && !p.is_body())
        .or_else(|| ps.iter().find(|p| p.name() == key));
    if let Some(p) = named {
        let ty = if p.is_body() {
            p.value.get("schema").and_then(|s| type_of(def, s))
        } else {
            p.str("type")
        };
        return Some(Slot {
            ty,
            required: p.required(),
        });
    }
    let body = ps.iter().find(|p| p.is_body())?;
    let schema = body.value.get("schema")?;
    let (path, open_ok) = match key.split_once('/') {
        Some((first, rest)) if first == body.name() => (rest, true),
        Some(_) => return None,
        None => (key, false),
    };
    match navigate(def, schema, path, false) {
        Nav::Found(r) => Some(Slot {
            ty: type_of(def, r.value),
            required: body.required() && r.required,
        }),
        Nav::Open if open_ok => Some(Slot {
            ty: None,
            required: false,
        }),
        _ => None,
    }
}

/// Whether a fixed value fits a parameter type.
fn fits(ty: &str, v: &Value) -> bool {
    match (ty, &v.kind) {
        ("string", Kind::String(_))
        | ("boolean", Kind::Bool(_))
        | ("array", Kind::Array(_))
        | ("object", Kind::Object(_))
        | ("number", Kind::Number(_)) => true,
        ("integer", Kind::Number(n)) => n.fract() == 0.0,
        ("string" | "boolean" | "array" | "object" | "number" | "integer", _) => false,
        _ => true, // `file` or an unknown type: SCH-14's
    }
}

/// A short rendering of a JSON value for a message.
fn show(v: &Value) -> String {
    match &v.kind {
        Kind::String(s) => format!("\"{}\"", excerpt(s, 40)),
        Kind::Number(n) => n.to_string(),
        Kind::Bool(b) => b.to_string(),
        Kind::Null => "null".to_owned(),
        Kind::Array(_) => "an array".to_owned(),
        Kind::Object(_) => "an object".to_owned(),
    }
}

/// EXT-02 and the fixed values of EXT-03: the mapping's keys against the target.
fn mapping<'a>(
    sink: &mut Sink,
    def: &Definition<'a>,
    r: &'a Value,
    at: &str,
    target: &Op<'a>,
    what: &str,
) {
    let members = r
        .get("parameters")
        .and_then(Value::as_object)
        .unwrap_or_default();
    let base = ptr(at, "parameters");
    let t = target.label();
    for m in members {
        let Some(s) = slot(def, target, &m.key) else {
            let hint = def
                .params(target)
                .iter()
                .find(|p| p.name().eq_ignore_ascii_case(&m.key))
                .map(|p| format!("; `{}` differs only by case", excerpt(p.name(), 60)))
                .unwrap_or_default();
            sink.emit(
                &EXT_02,
                def.at(&ptr(&base, &m.key)),
                format!(
                    "`{what}` maps `{}`, which is not a parameter of `{t}`{hint}",
                    excerpt(&m.key, 60)
                ),
            );
            continue;
        };
        if let From::Fixed(v) = from(&m.value)
            && let Some(ty) = s.ty
            && !fits(ty, v)
        {
            sink.emit(
                &EXT_03,
                def.at(&ptr(&base, &m.key)),
                format!(
                    "`{what}` gives `{}` of `{t}` the value {}, which is not of its type `{ty}`",
                    excerpt(&m.key, 60),
                    show(v)
                ),
            );
        }
    }
    for p in def.params(target) {
        if p.required()
            && !p.is_body()
            && p.value.get("default").is_none()
            && !members.iter().any(|m| m.key == p.name())
        {
            sink.emit(
                &EXT_02,
                def.at(at),
                format!(
                    "`{what}` calls `{t}` without its required parameter `{}`; map it in `parameters`",
                    excerpt(p.name(), 60)
                ),
            );
        }
    }
}

/// EXT-07: the target's success response has what the reference reads.
fn produces<'a>(
    def: &Definition<'a>,
    ext: Ext,
    r: &'a Value,
    at: &str,
    target: &Op<'a>,
    name: &str,
    tally: &mut Tally,
) {
    let Some((_, _, resp)) = def.success_response(target) else {
        return;
    };
    let Some(schema) = resp.get("schema") else {
        return;
    };
    let t = target.label();
    let what = ext.key();
    let text = |k: &str| r.get(k).and_then(Value::as_str);
    let mut add = |key: &str, msg: String| {
        tally.add_with(|| def.at(&ptr(at, key)), format!("{name} → {t}"), msg);
    };
    let (collection, fields): (&str, [&str; 2]) = match ext {
        Ext::Values => ("value-collection", ["value-path", "value-title"]),
        Ext::List => ("itemsPath", ["itemValuePath", "itemTitlePath"]),
        Ext::Schema | Ext::Properties => {
            let key = if ext == Ext::Schema {
                "value-path"
            } else {
                "itemValuePath"
            };
            if let Some(vp) = text(key)
                && let Nav::Missing(seg) = navigate(def, schema, vp, true)
            {
                add(
                    key,
                    format!(
                        "the `{what}` of `{name}` reads `{}` from `{t}`, whose response has no `{}`",
                        excerpt(vp, 60),
                        excerpt(seg, 40)
                    ),
                );
            }
            return;
        }
    };
    let path = text(collection).unwrap_or("");
    let node = match navigate(def, schema, path, true) {
        Nav::Found(reached) => reached.value,
        Nav::Open => return,
        Nav::Missing(seg) => {
            add(
                collection,
                format!(
                    "the `{what}` of `{name}` takes its list from `{}` of `{t}`'s response, which has no `{}`",
                    excerpt(path, 60),
                    excerpt(seg, 40)
                ),
            );
            return;
        }
    };
    let items = match shape(def, node) {
        Shape::Array(items) => items,
        Shape::Other(ty) => {
            let whose = if path.is_empty() {
                format!("`{t}` returns")
            } else {
                format!("`{}` of `{t}`'s response is", excerpt(path, 60))
            };
            add(
                collection,
                format!(
                    "the `{what}` of `{name}` needs an array, but {whose} `{ty}`; set `{collection}` to the array"
                ),
            );
            return;
        }
        Shape::Unknown => return,
    };
    let Some(items) = items else { return };
    for field in fields {
        if let Some(vp) = text(field)
            && let Nav::Missing(seg) = navigate(def, items, vp, true)
        {
            add(
                field,
                format!(
                    "the `{what}` of `{name}` reads `{}` from the items `{t}` returns, which have no `{}`",
                    excerpt(vp, 60),
                    excerpt(seg, 40)
                ),
            );
        }
    }
}

/// EXT-06: `x-ms-dynamic-schema.value-path` and `x-ms-dynamic-properties.itemValuePath`.
fn paths_agree(sink: &mut Sink, def: &Definition<'_>, hit: &Hit<'_>) {
    let node = hit.node;
    let Some(ds) = node
        .get("x-ms-dynamic-schema")
        .filter(|d| d.as_object().is_some())
    else {
        return;
    };
    let vp = match ds.get("value-path") {
        Some(v) => match v.as_str() {
            Some(s) => s,
            None => return,
        },
        None => "",
    };
    let trimmed = vp.trim_matches('/');
    let (ends, expected) = match trimmed.rsplit_once('/') {
        Some((head, "properties")) => (true, head),
        None if trimmed == "properties" => (true, ""),
        _ => (false, trimmed),
    };
    let name = label(&hit.pointer, node);
    match node
        .get("x-ms-dynamic-properties")
        .filter(|d| d.as_object().is_some())
    {
        None if ends => sink.emit(
            &EXT_06,
            def.at(&ptr(
                &ptr(&hit.pointer, "x-ms-dynamic-schema"),
                "value-path",
            )),
            format!(
                "the `x-ms-dynamic-schema` of `{name}` reads `{}`, which ends in `properties`; add \
                 `x-ms-dynamic-properties` with `itemValuePath: \"{expected}\"`",
                excerpt(vp, 60)
            ),
        ),
        None => {}
        Some(dp) => {
            let ivp = dp
                .get("itemValuePath")
                .and_then(Value::as_str)
                .unwrap_or("");
            if dp
                .get("itemValuePath")
                .is_some_and(|v| v.as_str().is_none())
            {
                return;
            }
            if ivp.trim_matches('/') != expected {
                let want = if expected.is_empty() {
                    "no `itemValuePath`".to_owned()
                } else {
                    format!("`itemValuePath: \"{}\"`", excerpt(expected, 60))
                };
                sink.emit(
                    &EXT_06,
                    def.at(&ptr(&hit.pointer, "x-ms-dynamic-properties")),
                    format!(
                        "the `x-ms-dynamic-properties` of `{name}` reads `{}` but its `x-ms-dynamic-schema` reads \
                         `{}`; the twin needs {want}",
                        excerpt(ivp, 60),
                        excerpt(vp, 60)
                    ),
                );
            }
        }
    }
}
