//! WHK — webhook triggers and notification URLs (validator-rules.md §1.6, §7).
//!
//! A webhook trigger subscribes by sending the service a URL to call: the *notification
//! URL property*, a property of its request body marked `x-ms-notification-url: true`,
//! which the platform fills in. Each operation's body is walked with `$ref`s expanded,
//! keeping the chain of schemas above each node (by depth: the walk is depth first), so
//! that "internal" and "required" can be judged all the way down. A definition shared
//! by several operations is reported once.

use foldhash::{HashSet, HashSetExt};

use crate::model::Severity;
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::SWR;
use super::definition::{Definition, Node, Op, Param, Step, is_internal};
use super::extensions::schema::type_of;
use super::util::{Tally, excerpt, ptr};

rules! {
    WHK_01 {
        code: "WHK-01",
        severity: Error,
        scope: Connector,
        title: "A webhook trigger has a notification URL property and notification content",
        explanation: "A webhook trigger (`x-ms-trigger` with `x-ms-notification-content`) must send the service the \
            URL to call: a property of its body with `x-ms-notification-url: true` \
            (WebhookOperationsMissingNotificationUrlProperty); and an operation with such a property is a \
            webhook, so it needs `x-ms-notification-content` describing what the service posts \
            (OperationMustHaveNotificationContentExtension). The validator refuses both; none of the 123 webhook \
            triggers merged since 2023 breaks it.",
        url: SWR,
        validator: [
            "WebhookOperationsMissingNotificationUrlProperty",
            "OperationMustHaveNotificationContentExtension",
        ],
    }
    WHK_02 {
        code: "WHK-02",
        severity: Error,
        scope: Connector,
        title: "The notification URL is a string property of the request body",
        explanation: "`x-ms-notification-url: true` marks the body property the platform fills with the callback \
            URL: it must be `type: string` (NotificationUrlNotString) and sit in a request body, not on a query, \
            header or path parameter, nor written in a response or notification schema \
            (NotificationUrlNotAllowedInThisPosition). The validator refuses both; no connector merged since \
            2023 has one. A definition that a response refers to is not judged: Tikit (merged 2024) returns its \
            subscription, notification URL included, that way. A notification URL without any `type` is a \
            warning: Eigen Events Connector (merged 2021) has one, and the platform sends a string anyway.",
        url: SWR,
        validator: ["NotificationUrlNotString", "NotificationUrlNotAllowedInThisPosition"],
    }
    WHK_03 {
        code: "WHK-03",
        severity: Error,
        scope: Connector,
        title: "The notification URL is internal and required all the way down",
        explanation: "Users never type the callback URL, so the notification URL property, or an object or the body \
            parameter above it, must be `x-ms-visibility: internal` (NotificationUrlNotInternal), and every \
            property from the body root down to it must be listed in its parent's `required` \
            (NotificationUrlNotRequired). The validator refuses both; no connector merged since 2023 has one. \
            A body parameter without `required: true` is a warning: 9 connectors merged since 2023 have one \
            (the platform sends the body anyway), but set it.",
        url: SWR,
        validator: ["NotificationUrlNotInternal", "NotificationUrlNotRequired"],
    }
    WHK_04 {
        code: "WHK-04",
        severity: Error,
        scope: Connector,
        title: "A polling trigger and the webhook it names agree on their shared parameters",
        explanation: "An operation with `x-ms-notification` (fetch) and the webhook trigger it names (subscribe) are \
            shown as one trigger: a parameter name they share must have the same `type` and the same \
            `x-ms-visibility` in both. The validator refuses a difference \
            (ParamtersWithSameNameMustHaveSameTypeAndVisibility; the pairing is inferred); no merged connector \
            uses `x-ms-notification`.",
        url: SWR,
        validator: ["ParamtersWithSameNameMustHaveSameTypeAndVisibility"],
    }
}

const URL: &str = "x-ms-notification-url";

/// `x-ms-notification-url: true`.
fn marks_url(v: &Value) -> bool {
    v.get(URL).and_then(Value::as_bool) == Some(true)
}

/// One level of the chain above a node: its schema and how it was reached.
struct Level<'a> {
    value: &'a Value,
    step: Step<'a>,
    required: bool,
}

/// A notification URL property of an operation's body.
struct Site<'a> {
    pointer: String,
    value: &'a Value,
    /// Some schema above it (the body root included) is internal.
    internal_above: bool,
    /// The first property on the way that is not in its parent's `required`.
    optional_step: Option<&'a str>,
}

/// The notification URL properties of `op`'s body (and a body parameter marked itself).
fn sites<'a>(def: &Definition<'a>, body: &Param<'a>) -> Vec<Site<'a>> {
    let mut out = Vec::new();
    let Some(schema) = body.value.get("schema") else {
        return out;
    };
    if marks_url(body.value) {
        out.push(Site {
            pointer: body.pointer.clone(),
            value: schema,
            internal_above: false,
            optional_step: None,
        });
    }
    let mut chain: Vec<Level<'a>> = Vec::new();
    def.walk(
        schema,
        &ptr(&body.pointer, "schema"),
        true,
        |n: &Node<'a>| {
            chain.truncate(n.depth);
            let required = n.required || required_via_all_of(&chain, n);
            if marks_url(n.value) {
                let optional_step = chain
                    .iter()
                    .skip(1)
                    .chain(std::iter::once(&Level {
                        value: n.value,
                        step: n.step.clone(),
                        required,
                    }))
                    .find_map(|l| match l.step {
                        Step::Property(name) if !l.required => Some(name),
                        _ => None,
                    });
                out.push(Site {
                    pointer: n.pointer.clone(),
                    value: n.value,
                    internal_above: chain.iter().any(|l| is_internal(l.value)),
                    optional_step,
                });
            }
            chain.push(Level {
                value: n.value,
                step: n.step.clone(),
                required,
            });
            true
        },
    );
    out
}

/// A property of an `allOf` part listed in the `required` of the schema holding the
/// `allOf`.
fn required_via_all_of(chain: &[Level<'_>], n: &Node<'_>) -> bool {
    let Step::Property(name) = n.step else {
        return false;
    };
    let [.., outer, part] = chain else {
        return false;
    };
    part.step == Step::AllOf
        && match outer.value.get("required").map(|r| &r.kind) {
            Some(Kind::Array(items)) => items.iter().any(|i| i.as_str() == Some(name)),
            _ => false,
        }
}

/// Whether `op` has a notification URL property (in its parameters or its body).
pub(crate) fn has_notification_url(def: &Definition<'_>, op: &Op<'_>) -> bool {
    def.params(op)
        .iter()
        .any(|p| marks_url(p.value) || (p.is_body() && !sites(def, p).is_empty()))
}

/// WHK on one definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let mentions = def.file.doc.text().contains(URL);
    let mut reported: HashSet<String> = HashSet::new();
    let mut optional_body = Tally::new(
        &WHK_03,
        Severity::Warning,
        "webhook body parameters holding the notification URL are not `required: true`",
    );
    for op in &def.ops {
        let label = op.label();
        let mut found = 0usize;
        if mentions {
            for p in def.params(op) {
                if p.is_body() {
                    let ss = sites(def, p);
                    found += ss.len();
                    for s in &ss {
                        site(sink, def, &label, p, s, &mut reported);
                    }
                    if !ss.is_empty()
                        && !p.required()
                        && reported.insert(format!("body {}", p.pointer))
                    {
                        optional_body.add_with(
                            || def.at(&p.pointer),
                            label.clone(),
                            format!(
                                "the body parameter `{}` of `{label}` holds the notification URL but is not \
                                 `required: true`",
                                excerpt(p.name(), 60)
                            ),
                        );
                    }
                } else if marks_url(p.value) {
                    found += 1;
                    if reported.insert(format!("param {}", p.pointer)) {
                        sink.emit(
                            &WHK_02,
                            def.at(&ptr(&p.pointer, URL)),
                            format!(
                                "the {} parameter `{}` is marked `x-ms-notification-url`; the URL goes in a property \
                                 of the request body",
                                p.location(),
                                excerpt(p.name(), 60)
                            ),
                        );
                    }
                }
            }
        }
        if op.is_webhook() && found == 0 {
            sink.emit(
                &WHK_01,
                def.at(&op.pointer),
                format!(
                    "`{label}` is a webhook trigger but has no body property with `x-ms-notification-url: true` \
                     for the callback URL"
                ),
            );
        }
        if found > 0 && op.notification_content().is_none() {
            sink.emit(
                &WHK_01,
                def.at(&op.pointer),
                format!(
                    "`{label}` has a notification URL property but no `x-ms-notification-content` describing \
                     what the service posts"
                ),
            );
        }
    }
    optional_body.finish(sink);
    if mentions {
        responses(sink, def, &mut reported);
    }
    pairs(sink, def);
}

/// WHK-02 (type) and WHK-03 (internal, required) on one site.
fn site(
    sink: &mut Sink,
    def: &Definition<'_>,
    label: &str,
    body: &Param<'_>,
    s: &Site<'_>,
    reported: &mut HashSet<String>,
) {
    let ty = type_of(def, s.value);
    if ty != Some("string") && reported.insert(format!("type {}", s.pointer)) {
        let (severity, is) = match ty {
            Some(t) => (Severity::Error, format!("`type: {}`", excerpt(t, 30))),
            None => (Severity::Warning, "no `type`".to_owned()),
        };
        sink.emit_as(
            &WHK_02,
            severity,
            def.at(&s.pointer),
            format!("the notification URL property of `{label}` has {is}; make it `type: string`"),
        );
    }
    if !(s.internal_above || body.internal() || is_internal(s.value))
        && reported.insert(format!("internal {}", s.pointer))
    {
        sink.emit(
            &WHK_03,
            def.at(&s.pointer),
            format!(
                "the notification URL property of `{label}` is not internal, nor is anything above it; add \
                 `x-ms-visibility: internal`"
            ),
        );
    }
    if let Some(step) = s.optional_step
        && reported.insert(format!("required {}", s.pointer))
    {
        sink.emit(
            &WHK_03,
            def.at(&s.pointer),
            format!(
                "on the way to the notification URL property of `{label}`, `{}` is not in its parent's `required`",
                excerpt(step, 60)
            ),
        );
    }
}

/// WHK-02: a notification URL property written in a response or notification schema
/// itself. One in a definition that a response refers to is left alone: Tikit, merged
/// in 2024, returns its subscription that way.
fn responses(sink: &mut Sink, def: &Definition<'_>, reported: &mut HashSet<String>) {
    for op in &def.ops {
        let mut roots: Vec<(String, &Value)> = Vec::new();
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
            def.walk(s, &at, false, |n| {
                if marks_url(n.value)
                    && reported.insert(format!("response {}", n.pointer))
                {
                    sink.emit(
                        &WHK_02,
                        def.at(&ptr(&n.pointer, URL)),
                        format!(
                            "a response schema of `{}` marks a property `x-ms-notification-url`; only a request \
                             body property may be",
                            op.label()
                        ),
                    );
                }
                true
            });
        }
    }
}

/// WHK-04: each operation with `x-ms-notification` against the webhook it names.
fn pairs(sink: &mut Sink, def: &Definition<'_>) {
    let visibility = |p: &Param<'_>| {
        p.str("x-ms-visibility")
            .map_or_else(|| "none".to_owned(), str::to_ascii_lowercase)
    };
    for op in &def.ops {
        let Some(id) = op
            .value
            .get("x-ms-notification")
            .and_then(|n| n.get("operationId"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let Some(sub) = def.op(id).filter(|t| t.is_webhook()) else {
            continue; // EXT-01 and EXT-15 report it
        };
        for p in def.params(op).iter().filter(|p| !p.is_body()) {
            let Some(q) = def
                .params(sub)
                .iter()
                .find(|q| !q.is_body() && q.name() == p.name())
            else {
                continue;
            };
            let (pt, qt) = (p.str("type").unwrap_or("?"), q.str("type").unwrap_or("?"));
            let (pv, qv) = (visibility(p), visibility(q));
            if pt != qt || pv != qv {
                let what = if pt == qt {
                    format!("`x-ms-visibility` {pv} and {qv}")
                } else {
                    format!("`type` {} and {}", excerpt(pt, 20), excerpt(qt, 20))
                };
                sink.emit(
                    &WHK_04,
                    def.at(&p.pointer),
                    format!(
                        "the parameter `{}` of `{}` and of the webhook `{}` it names differ: {what}",
                        excerpt(p.name(), 60),
                        op.label(),
                        sub.label()
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
pub(super) mod tests;
