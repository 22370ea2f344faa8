//! EXT-09 (`selectedItemValuePath`), EXT-10 (`x-ms-enum-values`), EXT-11
//! (`x-ms-pageable`), EXT-15 (`x-ms-notification`), EXT-16 (`x-ms-editor`) and EXT-17
//! (`filterFunctions`).

use foldhash::{HashSet, HashSetExt};

use crate::model::Severity;
use crate::read::json::Value;
use crate::rules::Sink;

use super::super::definition::Definition;
use super::super::util::{Tally, excerpt, ptr};
use super::super::webhooks::has_notification_url;
use super::scan::{Found, Hit};
use super::schema::type_of;
use super::{EXT_01, EXT_09, EXT_10, EXT_11, EXT_15, EXT_16, EXT_17};

/// The filter functions certpack knows (OData's; the validator's list is unpublished).
const FILTER_FUNCTIONS: &[&str] = &[
    "eq",
    "ne",
    "gt",
    "ge",
    "lt",
    "le",
    "and",
    "or",
    "not",
    "has",
    "in",
    "add",
    "sub",
    "mul",
    "div",
    "mod",
    "negate",
    "contains",
    "startswith",
    "endswith",
    "substringof",
    "length",
    "indexof",
    "replace",
    "substring",
    "tolower",
    "toupper",
    "trim",
    "concat",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "fractionalseconds",
    "date",
    "time",
    "now",
    "totaloffsetminutes",
    "totalseconds",
    "mindatetime",
    "maxdatetime",
    "round",
    "floor",
    "ceiling",
    "isof",
    "cast",
    "any",
    "all",
    "sum",
    "min",
    "max",
    "average",
    "countdistinct",
];

/// The `nextLinkName`s the platform follows.
const NEXT_LINKS: &[&str] = &["nextLink", "@odata.nextLink"];

/// EXT-09 (placement), 10, 11, 15, 16 and 17 on one definition.
pub(super) fn check(sink: &mut Sink, def: &Definition<'_>, found: &Found<'_>) {
    for at in &found.misplaced_selected {
        sink.emit(
            &EXT_09,
            def.at(at),
            "`selectedItemValuePath` is only allowed in the `parameters` of `x-ms-dynamic-tree.browse`; map \
             this one with `parameterReference` or a value",
        );
    }
    for hit in &found.enum_values {
        enum_values(sink, def, hit);
    }
    for hit in &found.pageable {
        pageable(sink, def, hit);
    }
    for hit in &found.editor {
        editor(sink, def, hit);
    }
    filters(sink, def, &found.filters);
    notification(sink, def);
}

/// EXT-10.
fn enum_values(sink: &mut Sink, def: &Definition<'_>, hit: &Hit<'_>) {
    let at = ptr(&hit.pointer, "x-ms-enum-values");
    let Some(entries) = hit.node.get("x-ms-enum-values").and_then(Value::as_array) else {
        return; // SWG-11 reports one that is not an array
    };
    let allowed: Option<Vec<serde_json::Value>> = hit
        .node
        .get("enum")
        .and_then(Value::as_array)
        .map(|e| e.iter().map(Value::to_serde).collect());
    let mut seen: Vec<serde_json::Value> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let here = format!("{at}/{i}");
        if e.as_object().is_none() {
            continue;
        }
        if e.get("displayName").is_none() {
            sink.emit(
                &EXT_10,
                def.at(&here),
                format!(
                    "entry {i} of `x-ms-enum-values` has no `displayName`; add the label users see"
                ),
            );
        }
        let Some(v) = e.get("value") else { continue };
        let value = v.to_serde();
        let shown = excerpt(&value.to_string(), 60);
        if let Some(allowed) = &allowed
            && !allowed.contains(&value)
        {
            sink.emit(
                &EXT_10,
                def.at(&ptr(&here, "value")),
                format!("`x-ms-enum-values` names {shown}, which is not one of the `enum` values"),
            );
        }
        if seen.contains(&value) {
            sink.emit(
                &EXT_10,
                def.at(&ptr(&here, "value")),
                format!("`x-ms-enum-values` names {shown} twice; keep one entry"),
            );
        } else if seen.len() < 1_000 {
            seen.push(value);
        }
    }
}

/// EXT-11.
fn pageable(sink: &mut Sink, def: &Definition<'_>, hit: &Hit<'_>) {
    let Some(p) = hit
        .node
        .get("x-ms-pageable")
        .filter(|p| p.as_object().is_some())
    else {
        return;
    };
    let at = ptr(&hit.pointer, "x-ms-pageable");
    match p.get("nextLinkName") {
        None => sink.emit(
            &EXT_11,
            def.at(&at),
            "`x-ms-pageable` has no `nextLinkName`; set `nextLink` or `@odata.nextLink`",
        ),
        Some(n) => match n.as_str() {
            Some(s) if NEXT_LINKS.contains(&s) => {}
            _ => sink.emit(
                &EXT_11,
                def.at(&ptr(&at, "nextLinkName")),
                format!(
                    "`x-ms-pageable.nextLinkName` is {}; the platform follows only `nextLink` or `@odata.nextLink`",
                    excerpt(&n.to_serde().to_string(), 60)
                ),
            ),
        },
    }
}

/// EXT-16.
fn editor(sink: &mut Sink, def: &Definition<'_>, hit: &Hit<'_>) {
    if hit.node.get("x-ms-editor").and_then(Value::as_str) != Some("dictionary") {
        return;
    }
    let ty = type_of(def, hit.node);
    let closed = hit
        .node
        .get("additionalProperties")
        .and_then(Value::as_bool)
        == Some(false);
    let problem = match ty {
        Some("object") if closed => "has `additionalProperties: false`".to_owned(),
        Some("object") => return,
        Some(t) => format!("is `type: {}`", excerpt(t, 30)),
        None => "has no `type: object`".to_owned(),
    };
    sink.emit(
        &EXT_16,
        def.at(&ptr(&hit.pointer, "x-ms-editor")),
        format!(
            "`x-ms-editor: dictionary` is on a schema that {problem}; use it on an object with `additionalProperties`"
        ),
    );
}

/// The `filterFunctions` of a schema node, directly or in its `x-ms-capabilities`.
fn filter_functions(v: &Value) -> Option<&Value> {
    v.get("filterFunctions").or_else(|| {
        v.get("x-ms-capabilities")
            .and_then(|c| c.get("filterFunctions"))
    })
}

/// EXT-17.
fn filters(sink: &mut Sink, def: &Definition<'_>, hits: &[Hit<'_>]) {
    if hits.is_empty() {
        return;
    }
    let mut unknown = Tally::new(
        &EXT_17,
        Severity::Warning,
        "`filterFunctions` values are not filter functions certpack knows",
    );
    for hit in hits {
        let at = ptr(&hit.pointer, "filterFunctions");
        let Some(list) = hit.node.get("filterFunctions").and_then(Value::as_array) else {
            continue;
        };
        if list.is_empty() {
            sink.emit(
                &EXT_17,
                def.at(&at),
                "`filterFunctions` is empty; list the supported functions or remove it",
            );
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, f) in list.iter().enumerate() {
            let Some(name) = f.as_str() else { continue };
            let here = format!("{at}/{i}");
            if !seen.insert(name) {
                sink.emit(
                    &EXT_17,
                    def.at(&here),
                    format!("`filterFunctions` lists `{}` twice", excerpt(name, 40)),
                );
                continue;
            }
            if !FILTER_FUNCTIONS
                .iter()
                .any(|k| k.eq_ignore_ascii_case(name))
            {
                unknown.add_with(
                    || def.at(&here),
                    excerpt(name, 40),
                    format!(
                        "`filterFunctions` lists `{}`, which is not an OData filter function",
                        excerpt(name, 40)
                    ),
                );
            }
        }
    }
    unknown.finish(sink);
    // In a request schema (a body, `$ref`s followed): each node once.
    let mut reported = HashSet::new();
    for op in &def.ops {
        let Some((_, at, schema)) = def.body_schema(op) else {
            continue;
        };
        def.walk(schema, &at, true, |n| {
            if filter_functions(n.value).is_some() && reported.insert(n.pointer.clone()) {
                sink.emit(
                    &EXT_17,
                    def.at(&n.pointer),
                    format!(
                        "`filterFunctions` is in the request body of `{}`; it describes response columns only",
                        op.label()
                    ),
                );
            }
            true
        });
    }
}

/// EXT-15, and EXT-01 for `x-ms-notification.operationId`.
fn notification(sink: &mut Sink, def: &Definition<'_>) {
    for op in &def.ops {
        let Some(n) = op.value.get("x-ms-notification") else {
            continue;
        };
        let at = ptr(&op.pointer, "x-ms-notification");
        let label = op.label();
        if !op.is_trigger() {
            sink.emit(
                &EXT_15,
                def.at(&at),
                format!("`{label}` has `x-ms-notification` but is not a trigger (`x-ms-trigger`)"),
            );
        } else if op.notification_content().is_some() || has_notification_url(def, op) {
            sink.emit(
                &EXT_15,
                def.at(&at),
                format!(
                    "`{label}` is a webhook trigger; `x-ms-notification` belongs on the polling trigger that names it"
                ),
            );
        }
        let Some(id) = n.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        match def.op(id) {
            None => sink.emit(
                &EXT_01,
                def.at(&ptr(&at, "operationId")),
                format!(
                    "`x-ms-notification` of `{label}` names `{}`, which is not an operationId of the definition",
                    excerpt(id, 60)
                ),
            ),
            Some(t) if !t.is_webhook() => sink.emit(
                &EXT_15,
                def.at(&ptr(&at, "operationId")),
                format!(
                    "`x-ms-notification` of `{label}` names `{}`, which is not a webhook trigger (`x-ms-trigger` with \
                     `x-ms-notification-content`)",
                    t.label()
                ),
            ),
            Some(_) => {}
        }
    }
}
