//! EXT-03 (sources), EXT-04, EXT-05 and EXT-08: where the values a dynamic reference
//! maps come from, seen from each operation whose parameters, body or responses reach
//! the reference (`$ref`s expanded), each finding once. With its newer twin beside it
//! (`x-ms-dynamic-list`, `-properties`), a legacy reference's sources are not judged:
//! the twin says where the values are.

use foldhash::{HashSet, HashSetExt};

use crate::model::Severity;
use crate::read::json::Value;
use crate::rules::Sink;

use super::super::definition::{Definition, Op, Param, is_internal};
use super::super::util::{excerpt, ptr};
use super::dynamic::{Ext, Folds, From, from, label, slot};
use super::scan::DYNAMIC;
use super::schema::{Lookup, Nav, navigate, navigate_by, property, type_of};
use super::{EXT_03, EXT_04, EXT_05, EXT_08};

/// Where a value comes from, as the target sees it.
#[derive(Debug)]
struct Source<'a> {
    ty: Option<&'a str>,
    required: bool,
    internal: bool,
}

/// The operation a reference sits in.
struct Here<'d, 'a> {
    def: &'d Definition<'a>,
    op: &'d Op<'a>,
    params: &'d [Param<'a>],
    body: Option<&'d Param<'a>>,
}

impl<'a> Here<'_, 'a> {
    fn param(&self, name: &str) -> Option<&Param<'a>> {
        self.params
            .iter()
            .find(|p| p.name() == name && !p.is_body())
            .or_else(|| self.params.iter().find(|p| p.name() == name))
    }

    fn of_param(&self, p: &Param<'a>) -> Source<'a> {
        let ty = if p.is_body() {
            p.value.get("schema").and_then(|s| type_of(self.def, s))
        } else {
            p.str("type")
        };
        Source {
            ty,
            required: p.required(),
            internal: p.internal(),
        }
    }

    /// The body's top-level property `name`, exactly.
    fn body_property(&self, name: &str) -> Option<Source<'a>> {
        let body = self.body?;
        let schema = body.value.get("schema")?;
        match property(self.def, schema, name, false) {
            Lookup::Found(v, req) => Some(Source {
                ty: type_of(self.def, v),
                required: body.required() && req,
                internal: body.internal() || self.root_internal(schema) || is_internal(v),
            }),
            _ => None,
        }
    }

    fn root_internal(&self, schema: &'a Value) -> bool {
        self.def
            .resolve(schema, "")
            .is_some_and(|(_, s)| is_internal(s))
    }

    /// Whether `name` is a property of the body, or a dotted path into it.
    fn in_body(&self, name: &'a str) -> bool {
        let Some(schema) = self.body.and_then(|b| b.value.get("schema")) else {
            return false;
        };
        matches!(
            navigate_by(self.def, schema, name, '.', false),
            Nav::Found(_)
        )
    }

    /// `parameterReference`: a parameter, then property names into a body.
    fn reference(&self, r: &'a str) -> Option<Source<'a>> {
        let (first, rest) = r.split_once('/').unwrap_or((r, ""));
        let p = self.param(first)?;
        if rest.is_empty() {
            return Some(self.of_param(p));
        }
        if !p.is_body() {
            return None;
        }
        let schema = p.value.get("schema")?;
        match navigate(self.def, schema, rest, false) {
            Nav::Found(reached) => Some(Source {
                ty: type_of(self.def, reached.value),
                required: p.required() && reached.required,
                internal: p.internal() || self.root_internal(schema) || reached.internal,
            }),
            _ => None,
        }
    }
}

/// Whether an object holds a dynamic reference.
fn has_dynamic(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|ms| ms.iter().any(|m| DYNAMIC[..5].contains(&m.key.as_str())))
}

/// EXT-03/04/05 for each operation, and EXT-08 on its body parameter.
pub(super) fn check(sink: &mut Sink, def: &Definition<'_>, folds: &mut Folds) {
    let mut seen: HashSet<String> = HashSet::new();
    for op in &def.ops {
        let params = def.params(op);
        let here = Here {
            def,
            op,
            params,
            body: params.iter().find(|p| p.is_body()),
        };
        let mut nodes: Vec<(String, &Value)> = Vec::new();
        let mut roots: Vec<(String, &Value)> = Vec::new();
        for p in params {
            if !p.is_body() {
                if has_dynamic(p.value) {
                    nodes.push((p.pointer.clone(), p.value));
                }
                continue;
            }
            for key in &DYNAMIC[..5] {
                if p.value.get(key).is_some() && seen.insert(format!("EXT-08 {} {key}", p.pointer))
                {
                    sink.emit(
                        &EXT_08,
                        def.at(&ptr(&p.pointer, key)),
                        format!(
                            "the body parameter `{}` carries `{key}`; move it into its `schema`, on the property it fills",
                            excerpt(p.name(), 60)
                        ),
                    );
                }
            }
            if let Some(s) = p.value.get("schema") {
                roots.push((ptr(&p.pointer, "schema"), s));
            }
        }
        for (_, at, r) in def.responses(op) {
            if let Some(s) = r.get("schema") {
                roots.push((ptr(&at, "schema"), s));
            }
        }
        if let Some(s) = op.notification_content().and_then(|n| n.get("schema")) {
            let base = if op.value.get("x-ms-notification-content").is_some() {
                &op.pointer
            } else {
                &op.path_pointer
            };
            roots.push((ptr(&ptr(base, "x-ms-notification-content"), "schema"), s));
        }
        for (at, s) in roots {
            def.walk(s, &at, true, |n| {
                if has_dynamic(n.value) {
                    nodes.push((n.pointer.clone(), n.value));
                }
                true
            });
        }
        for (at, node) in nodes {
            node_sources(sink, &here, &at, node, &mut seen, folds);
        }
    }
}

/// The sources of the mappings of one node, seen from `here`.
fn node_sources(
    sink: &mut Sink,
    here: &Here<'_, '_>,
    at: &str,
    node: &Value,
    seen: &mut HashSet<String>,
    folds: &mut Folds,
) {
    let def = here.def;
    let op = here.op.label();
    let name = label(at, node);
    let emit_as = |seen: &mut HashSet<String>,
                   sink: &mut Sink,
                   rule: &'static crate::rules::Rule,
                   severity: Severity,
                   place: &str,
                   msg: String| {
        if seen.insert(format!("{} {place}", rule.code)) {
            sink.emit_as(rule, severity, def.at(place), msg);
        }
    };
    let emit = |seen: &mut HashSet<String>,
                sink: &mut Sink,
                rule: &'static crate::rules::Rule,
                place: &str,
                msg: String| emit_as(seen, sink, rule, rule.severity, place, msg);
    for ext in Ext::ALL {
        let Some(r) = node.get(ext.key()).filter(|r| r.as_object().is_some()) else {
            continue;
        };
        let twin = node
            .get(ext.twin().key())
            .is_some_and(|t| t.as_object().is_some());
        // With its twin beside it, the legacy mapping is kept for older clients: the
        // twin says where the values come from.
        if ext.legacy() && twin {
            continue;
        }
        let target = r
            .get("operationId")
            .and_then(Value::as_str)
            .and_then(|id| def.op(id));
        let members = r
            .get("parameters")
            .and_then(Value::as_object)
            .unwrap_or_default();
        let base = ptr(&ptr(at, ext.key()), "parameters");
        for m in members {
            let place = ptr(&base, &m.key);
            let source = match from(&m.value) {
                From::Parameter(p) => {
                    let param = here.param(p);
                    let in_body = here.body_property(p);
                    if ext.legacy() {
                        let fix = if ext == Ext::Values {
                            "x-ms-dynamic-list"
                        } else {
                            "x-ms-dynamic-properties"
                        };
                        let body = here.body.map_or("body", |b| b.name());
                        if param.is_some() && in_body.is_some() {
                            emit(
                                seen,
                                sink,
                                &EXT_05,
                                &place,
                                format!(
                                    "`{}` in the `{}` of `{name}` is both a parameter of `{op}` and a property of its \
                                     body; add `{fix}` with `parameterReference` saying which",
                                    excerpt(p, 60),
                                    ext.key()
                                ),
                            );
                        } else if param.is_none() && here.in_body(p) {
                            emit(
                                seen,
                                sink,
                                &EXT_05,
                                &place,
                                format!(
                                    "`{}` in the `{}` of `{name}` is a property of the body of `{op}`, not a \
                                     parameter; add `{fix}` with `{{\"parameterReference\": \"{body}/…\"}}`",
                                    excerpt(p, 60),
                                    ext.key()
                                ),
                            );
                        } else if param.is_none() {
                            emit_as(
                                seen,
                                sink,
                                &EXT_05,
                                Severity::Warning,
                                &place,
                                format!(
                                    "`{}` in the `{}` of `{name}` names nothing `{op}` has, so the called \
                                     operation gets no value from it there",
                                    excerpt(p, 60),
                                    ext.key()
                                ),
                            );
                        }
                    }
                    param.map(|p| here.of_param(p)).or(in_body)
                }
                From::Reference(r) => here.reference(r),
                From::Fixed(_) | From::Other => None,
            };
            let Some(source) = source else { continue };
            if source.internal {
                emit(
                    seen,
                    sink,
                    &EXT_04,
                    &place,
                    format!(
                        "the `{}` of `{name}` feeds `{}` from an internal source in `{op}`; users never fill it in",
                        ext.key(),
                        excerpt(&m.key, 60)
                    ),
                );
            }
            let Some(t) = target else { continue };
            let Some(s) = slot(def, t, &m.key) else {
                continue;
            };
            let tl = t.label();
            if let (Some(a), Some(b)) = (source.ty, s.ty)
                && a != b
            {
                emit(
                    seen,
                    sink,
                    &EXT_03,
                    &place,
                    format!(
                        "the `{}` of `{name}` feeds `{}` of `{tl}` (`{b}`) from a `{a}` in `{op}`",
                        ext.key(),
                        excerpt(&m.key, 60)
                    ),
                );
            }
            if s.required && !source.required && seen.insert(format!("required {place}")) {
                folds.required.add_with(
                    || def.at(&place),
                    format!("{name} → {tl}"),
                    format!(
                        "the `{}` of `{name}` feeds the required `{}` of `{tl}` from an optional source in `{op}`",
                        ext.key(),
                        excerpt(&m.key, 60)
                    ),
                );
            }
        }
    }
}
