//! Schema lookups for the extension checks: a schema with its `allOf` parts merged
//! and `$ref`s resolved, its type, and paths of property names into it (`value-path`,
//! `parameterReference`). All bounded: a fixed number of parts and segments.

use crate::read::json::{Kind, Value};

use super::super::definition::{Definition, is_internal};

/// At most this many parts (the schema and its nested `allOf` entries) are merged.
const MAX_PARTS: usize = 64;

/// At most this many segments of a path are followed.
const MAX_SEGMENTS: usize = 32;

/// The schema `v` and its `allOf` parts, each `$ref` resolved, breadth first.
pub(crate) fn parts<'a>(def: &Definition<'a>, v: &'a Value) -> Vec<&'a Value> {
    let mut out: Vec<&'a Value> = Vec::new();
    let mut queue: Vec<&'a Value> = vec![v];
    let mut i = 0;
    while let Some(&cur) = queue.get(i) {
        i += 1;
        if out.len() >= MAX_PARTS {
            break;
        }
        let Some((_, s)) = def.resolve(cur, "") else {
            continue;
        };
        if out.iter().any(|x| std::ptr::eq(*x, s)) {
            continue;
        }
        out.push(s);
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            for a in all.iter().take(MAX_PARTS.saturating_sub(queue.len())) {
                queue.push(a);
            }
        }
    }
    out
}

/// The schema's `type` (the first of its parts that has one).
pub(crate) fn type_of<'a>(def: &Definition<'a>, v: &'a Value) -> Option<&'a str> {
    parts(def, v)
        .into_iter()
        .find_map(|p| p.get("type").and_then(Value::as_str))
}

/// A property looked up in a schema.
#[derive(Debug)]
pub(crate) enum Lookup<'a> {
    /// Found: the property's schema (resolved) and whether the schema lists it in
    /// `required`.
    Found(&'a Value, bool),
    /// The schema does not list its properties (or allows others): no telling.
    Open,
    /// The schema lists its properties and this is not one.
    Missing,
}

/// The property `name` of `schema`, exact first, then ignoring case when allowed.
pub(crate) fn property<'a>(
    def: &Definition<'a>,
    schema: &'a Value,
    name: &str,
    ignore_case: bool,
) -> Lookup<'a> {
    let ps = parts(def, schema);
    let required = |key: &str| {
        ps.iter().any(|p| match p.get("required").map(|r| &r.kind) {
            Some(Kind::Array(items)) => items.iter().any(|i| i.as_str() == Some(key)),
            _ => false,
        })
    };
    let mut listed = false;
    for exact in [true, false] {
        if !exact && !ignore_case {
            break;
        }
        for p in &ps {
            let Some(props) = p.get("properties").and_then(Value::as_object) else {
                continue;
            };
            listed = true;
            let hit = props.iter().rev().find(|m| {
                if exact {
                    m.key == name
                } else {
                    m.key.eq_ignore_ascii_case(name)
                }
            });
            if let Some(m) = hit {
                let v = def.resolve(&m.value, "").map_or(&m.value, |(_, v)| v);
                return Lookup::Found(v, required(&m.key));
            }
        }
    }
    let open = ps.iter().any(|p| {
        matches!(
            p.get("additionalProperties").map(|a| &a.kind),
            Some(Kind::Object(_) | Kind::Bool(true))
        ) || p.get("x-ms-dynamic-schema").is_some()
            || p.get("x-ms-dynamic-properties").is_some()
    });
    if !listed || open || ps.len() >= MAX_PARTS {
        Lookup::Open
    } else {
        Lookup::Missing
    }
}

/// Where a path into a schema leads.
#[derive(Debug)]
pub(crate) enum Nav<'a> {
    /// The schema at the end of the path.
    Found(Reached<'a>),
    /// Somewhere on the way a schema does not list its properties.
    Open,
    /// This segment is not a property of the schema before it.
    Missing(&'a str),
}

/// The end of a path.
#[derive(Debug)]
pub(crate) struct Reached<'a> {
    /// Its schema (resolved).
    pub value: &'a Value,
    /// Every step is listed in its parent's `required`.
    pub required: bool,
    /// Some schema on the way (the start excluded) or the end is internal.
    pub internal: bool,
}

/// Follows `path` (`/`-separated property names; empty segments skipped) from
/// `schema`.
pub(crate) fn navigate<'a>(
    def: &Definition<'a>,
    schema: &'a Value,
    path: &'a str,
    ignore_case: bool,
) -> Nav<'a> {
    navigate_by(def, schema, path, '/', ignore_case)
}

/// [`navigate`] with segments separated by `sep` (older references write body paths
/// with dots: `WebHook.LifecycleId`).
pub(crate) fn navigate_by<'a>(
    def: &Definition<'a>,
    schema: &'a Value,
    path: &'a str,
    sep: char,
    ignore_case: bool,
) -> Nav<'a> {
    let mut cur = def.resolve(schema, "").map_or(schema, |(_, v)| v);
    let mut required = true;
    let mut internal = false;
    for (n, seg) in path.split(sep).filter(|s| !s.is_empty()).enumerate() {
        if n >= MAX_SEGMENTS {
            return Nav::Open;
        }
        match property(def, cur, seg, ignore_case) {
            Lookup::Found(v, req) => {
                required &= req;
                internal |= is_internal(v);
                cur = v;
            }
            Lookup::Open => return Nav::Open,
            Lookup::Missing => return Nav::Missing(seg),
        }
    }
    Nav::Found(Reached {
        value: cur,
        required,
        internal,
    })
}

/// What a schema is, for "should produce an array".
#[derive(Debug)]
pub(crate) enum Shape<'a> {
    /// An array, with its `items` when given.
    Array(Option<&'a Value>),
    /// Not an array: its type (`object` when only `properties` say so).
    Other(&'a str),
    /// No telling.
    Unknown,
}

/// The shape of `v`.
pub(crate) fn shape<'a>(def: &Definition<'a>, v: &'a Value) -> Shape<'a> {
    let ps = parts(def, v);
    let ty = ps
        .iter()
        .find_map(|p| p.get("type").and_then(Value::as_str));
    let items = ps.iter().find_map(|p| p.get("items"));
    match ty {
        Some("array") => Shape::Array(items),
        Some(t) => Shape::Other(t),
        None if items.is_some() => Shape::Array(items),
        None if ps.iter().any(|p| p.get("properties").is_some()) => Shape::Other("object"),
        None => Shape::Unknown,
    }
}
