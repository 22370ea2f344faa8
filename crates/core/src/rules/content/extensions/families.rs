//! EXT-12 (annotation `replacement`), EXT-13 (families and revisions) and EXT-14
//! (release status), from each operation's `x-ms-api-annotation`. Operations are
//! grouped by family in a hash map, so the checks stay linear.

use foldhash::{HashMap, HashMapExt};

use crate::model::Severity;
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::super::definition::{Definition, Op};
use super::super::util::{Tally, excerpt, ptr};
use super::{EXT_12, EXT_13, EXT_14};

/// One annotated operation.
struct Member<'d, 'a> {
    op: &'d Op<'a>,
    /// The revision, written as a number or a string, normalised (`2`).
    revision: Option<String>,
    production: bool,
}

/// A revision as text: integers without a fraction, strings trimmed.
fn revision(v: &Value) -> Option<String> {
    match &v.kind {
        Kind::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{n:.0}")),
        Kind::Number(n) => Some(n.to_string()),
        Kind::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// Whether `id` ends with the suffix of revision `n`: `V2`, `v2` (after `_` or not).
pub(super) fn ends_with_revision(id: &str, n: u64) -> bool {
    let digits = n.to_string();
    id.strip_suffix(&digits)
        .is_some_and(|rest| rest.ends_with(['V', 'v']))
}

/// `id` without a version suffix it has (`Merge_V1` → `Merge`).
fn unversioned(id: &str) -> &str {
    let digits = id.trim_end_matches(|c: char| c.is_ascii_digit());
    match digits.strip_suffix(['V', 'v']) {
        Some(base) if digits.len() < id.len() && !base.is_empty() => base
            .strip_suffix('_')
            .filter(|b| !b.is_empty())
            .unwrap_or(base),
        _ => id,
    }
}

/// EXT-12…14 on one definition.
pub(super) fn check(sink: &mut Sink, def: &Definition<'_>) {
    let connector_preview = def
        .root
        .pointer("/info/x-ms-api-annotation/status")
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("preview"));
    let mut families: HashMap<&str, Vec<Member<'_, '_>>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut empty = Tally::new(
        &EXT_13,
        Severity::Warning,
        "operations of a family have no `revision`",
    );
    let mut suffix = Tally::new(
        &EXT_13,
        Severity::Warning,
        "operations at revision 2 or later have an operationId without the `V`N suffix",
    );
    let mut ahead = Tally::new(
        &EXT_14,
        Severity::Error,
        "operations are in Production while the connector is in Preview",
    );
    for op in &def.ops {
        let Some(a) = op
            .value
            .get("x-ms-api-annotation")
            .filter(|a| a.as_object().is_some())
        else {
            continue;
        };
        let at = ptr(&op.pointer, "x-ms-api-annotation");
        let label = op.label();
        replacement(sink, def, op, a, &at);
        let rev = a.get("revision").and_then(revision);
        let production = a
            .get("status")
            .and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("production"));
        if production && connector_preview {
            ahead.add_with(
                || def.at(&ptr(&at, "status")),
                label.clone(),
                format!(
                    "`{label}` is `status: Production` but the connector (`info.x-ms-api-annotation.status`) is \
                     Preview; set the operation to Preview"
                ),
            );
        }
        if let Some(n) = rev.as_deref().and_then(|r| r.parse::<u64>().ok())
            && n >= 2
            && let Some(id) = op.id()
            && !ends_with_revision(id, n)
        {
            suffix.add_with(
                || def.at(&ptr(&at, "revision")),
                label.clone(),
                format!(
                    "`{label}` is at revision {n} but its operationId does not end with `V{n}` (as `{}_V{n}`)",
                    excerpt(unversioned(id), 60)
                ),
            );
        }
        let Some(family) = a.get("family").and_then(Value::as_str) else {
            continue;
        };
        if rev.is_none() {
            empty.add_with(
                || def.at(&at),
                label.clone(),
                format!(
                    "`{label}` is in the family `{}` but has no `revision`; number its versions 1, 2…",
                    excerpt(family, 60)
                ),
            );
        }
        let list = families.entry(family).or_default();
        if list.is_empty() {
            order.push(family);
        }
        list.push(Member {
            op,
            revision: rev,
            production,
        });
    }
    for family in order {
        let Some(members) = families.get(family) else {
            continue;
        };
        group(sink, def, family, members);
    }
    empty.finish(sink);
    suffix.finish(sink);
    ahead.finish(sink);
}

/// EXT-12.
fn replacement(sink: &mut Sink, def: &Definition<'_>, op: &Op<'_>, a: &Value, at: &str) {
    let Some(r) = a.get("replacement") else {
        return;
    };
    let at = ptr(at, "replacement");
    let label = op.label();
    if !op.is_deprecated() {
        sink.emit(
            &EXT_12,
            def.at(&at),
            format!("`{label}` names a replacement but is not `deprecated: true`; deprecate it or remove `replacement`"),
        );
    }
    if r.as_object().is_none() {
        return;
    }
    for key in ["api", "operationId"] {
        if r.get(key).is_none() {
            sink.emit(
                &EXT_12,
                def.at(&at),
                format!("the `replacement` of `{label}` has no `{key}`"),
            );
        }
    }
}

/// EXT-13's errors on one family.
fn group(sink: &mut Sink, def: &Definition<'_>, family: &str, members: &[Member<'_, '_>]) {
    let name = excerpt(family, 60);
    let mut revisions: HashMap<&str, &Op<'_>> = HashMap::new();
    for m in members {
        let Some(r) = m.revision.as_deref() else {
            continue;
        };
        match revisions.get(r) {
            Some(first) => sink.emit(
                &EXT_13,
                def.at(&ptr(&ptr(&m.op.pointer, "x-ms-api-annotation"), "revision")),
                format!(
                    "`{}` and `{}` of the family `{name}` are both revision {}; give each its own",
                    m.op.label(),
                    first.label(),
                    excerpt(r, 20)
                ),
            ),
            None => {
                revisions.insert(r, m.op);
            }
        }
    }
    let at = |m: &Member<'_, '_>| def.at(&ptr(&m.op.pointer, "x-ms-api-annotation"));
    let labels = |ms: &[&Member<'_, '_>]| {
        ms.iter()
            .take(5)
            .map(|m| format!("`{}`", m.op.label()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let unnumbered: Vec<&Member<'_, '_>> =
        members.iter().filter(|m| m.revision.is_none()).collect();
    if let [_, second, ..] = unnumbered.as_slice() {
        sink.emit(
            &EXT_13,
            at(second),
            format!(
                "{} operations of the family `{name}` have no `revision` ({}); at most one may lack it",
                unnumbered.len(),
                labels(&unnumbered)
            ),
        );
    }
    let active: Vec<&Member<'_, '_>> = members.iter().filter(|m| !m.op.is_deprecated()).collect();
    if let [_, _, third, ..] = active.as_slice() {
        sink.emit(
            &EXT_13,
            at(third),
            format!(
                "{} operations of the family `{name}` are not deprecated ({}); deprecate all but the latest two",
                active.len(),
                labels(&active)
            ),
        );
    }
    let live: Vec<&Member<'_, '_>> = active.iter().copied().filter(|m| m.production).collect();
    if let [_, second, ..] = live.as_slice() {
        sink.emit(
            &EXT_13,
            at(second),
            format!(
                "{} active operations of the family `{name}` are `status: Production` ({}); keep one in Production",
                live.len(),
                labels(&live)
            ),
        );
    }
}
