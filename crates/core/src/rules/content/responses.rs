//! Responses (RSP-01…07) — certification-requirements.md §3.6 and the validator
//! rules of validator-rules.md §1.4 and §6.
//!
//! The success response is a `2xx`, or `default` when there is none: 27 connectors
//! merged since 2023 have `default` as their only success response, so the
//! validator accepts it, and a schema under such a `default` is a warning (move it to
//! `200`), not the error it is beside a `2xx`. Webhook triggers return what
//! `x-ms-notification-content` describes, so their `responses` may be empty.

use foldhash::{HashMap, HashMapExt};

use crate::model::Severity;
use crate::read::json::{Kind, Value};
use crate::rules::Sink;

use super::definition::{Definition, Op, Step, is_success};
use super::util::{Tally, ptr};
use super::{PREP, SWR};

rules! {
    RSP_01 {
        code: "RSP-01",
        severity: Error,
        scope: Connector,
        title: "Every operation has a success response",
        explanation: "Declare each operation's success response: a `2xx` (`200` with its schema, or `204`), or \
            `default` when the service has no other. The validator refuses an operation without responses \
            (OperationMustHaveResponse), except that a webhook trigger whose output is its \
            `x-ms-notification-content` may have empty `responses` (a warning: five merged webhook triggers do). \
            Error codes only, with no `2xx` or `default` (OperationShouldHaveSuccessfulResponse), is a warning: a \
            connector merged in 2023 has such operations.",
        url: SWR,
        validator: ["OperationMustHaveResponse", "OperationShouldHaveSuccessfulResponse"],
    }
    RSP_02 {
        code: "RSP-02",
        severity: Warning,
        scope: Connector,
        title: "The default response has no schema beside a 2xx",
        explanation: "The validator names a schema on the `default` response (DefaultResponseHasSchema): beside a \
            `2xx` the designer may show the error's fields as output, so remove it; when `default` is the only \
            success response (25 merged connectors do this), move the schema to `200`. Merged connectors have \
            both, two of them since 2023 beside a `2xx`, so it is a warning.",
        url: SWR,
        validator: ["DefaultResponseHasSchema"],
    }
    RSP_03 {
        code: "RSP-03",
        severity: Error,
        scope: Connector,
        title: "A trigger's 200/201 response has a schema",
        explanation: "A trigger's output is what its `200`/`201` response (or its `x-ms-notification-content`) \
            describes: the validator refuses a trigger without either (SchemaDefinitionSetIncorrectly), and no \
            merged trigger lacks it. For an action it is a warning (one merged action in ten has none): give the \
            response the schema of what it returns so flows can use its fields, or use `204`.",
        url: SWR,
        validator: ["SchemaDefinitionSetIncorrectly"],
    }
    RSP_04 {
        code: "RSP-04",
        severity: Warning,
        scope: Connector,
        title: "No empty object schemas",
        explanation: "An object schema without properties gives users nothing to pick: list its properties, use \
            `x-ms-dynamic-schema` when the shape is dynamic, or remove it. Reviewers ask for it (policy \
            5000.2.4.4 per third-party reports); empty objects listed as `required` are left alone.",
        url: PREP,
        validator: ["5000.2.4.4"],
    }
    RSP_05 {
        code: "RSP-05",
        severity: Warning,
        scope: Connector,
        title: "Only one response of an operation has a schema",
        explanation: "The designer uses one response's schema as the operation's output; keep the schema on the \
            success response only and describe errors without one (OperationHasManyResponsesWithSchema). 43 \
            merged connectors have more, so this is a warning.",
        url: SWR,
        validator: ["OperationHasManyResponsesWithSchema"],
    }
    RSP_06 {
        code: "RSP-06",
        severity: Error,
        scope: Connector,
        title: "A response's header names are unique ignoring case",
        explanation: "HTTP header names are case-insensitive, so a response that declares `X-Total` and `x-total` \
            declares one header twice: the validator refuses it (ResponseHeadersAreNotUnique). Keep one.",
        url: SWR,
        validator: ["ResponseHeadersAreNotUnique"],
    }
    RSP_07 {
        code: "RSP-07",
        severity: Error,
        scope: Connector,
        title: "Response keys are `default` or an HTTP status code",
        explanation: "Each key of `responses` is `default` or a three-digit status code from 100 to 599; the \
            validator refuses anything else, such as `2XX` or `ok` (ResponseMustBeDefaultOrHttpStatusCode).",
        url: SWR,
        validator: ["ResponseMustBeDefaultOrHttpStatusCode"],
    }
}

/// RSP on every operation of the definition.
pub fn check(sink: &mut Sink, def: &Definition<'_>) {
    let mut no_schema = Tally::new(
        &RSP_03,
        Severity::Warning,
        "actions return 200/201 without a schema",
    );
    let mut many = Tally::new(
        &RSP_05,
        Severity::Warning,
        "operations have a schema on more than one response",
    );
    let mut empty = Tally::new(&RSP_04, Severity::Warning, "schemas are empty objects");
    for op in &def.ops {
        responses(sink, def, op, &mut no_schema, &mut many);
    }
    empty_schemas(def, &mut empty);
    for t in [no_schema, many, empty] {
        t.finish(sink);
    }
}

fn status_key(k: &str) -> bool {
    k == "default"
        || (k.len() == 3 && k.bytes().all(|b| b.is_ascii_digit()) && ("100"..="599").contains(&k))
}

fn responses(
    sink: &mut Sink,
    def: &Definition<'_>,
    op: &Op<'_>,
    no_schema: &mut Tally,
    many: &mut Tally,
) {
    let p = ptr(&op.pointer, "responses");
    let written = op.value.get("responses").and_then(Value::as_object);
    let Some(rs) = written.filter(|r| !r.is_empty()) else {
        let webhook = op.is_webhook();
        sink.emit_as(
            &RSP_01,
            if webhook {
                Severity::Warning
            } else {
                Severity::Error
            },
            def.at(&p),
            if webhook {
                format!(
                    "the webhook trigger `{}` declares no responses; add the `200` the service answers \
                     the subscription with",
                    op.label()
                )
            } else {
                format!("`{}` declares no responses", op.label())
            },
        );
        return;
    };
    for m in rs {
        if !status_key(&m.key) {
            sink.emit(
                &RSP_07,
                def.at(&ptr(&p, &m.key)),
                format!(
                    "`{}` has a response `{}`: use `default` or a status code from 100 to 599",
                    op.label(),
                    m.key
                ),
            );
        }
    }
    let resolved = def.responses(op);
    let has_2xx = rs.iter().any(|m| is_success(&m.key));
    let has_default = rs.iter().any(|m| m.key == "default");
    if !has_2xx && !has_default {
        sink.emit_as(
            &RSP_01,
            Severity::Warning,
            def.at(&p),
            format!(
                "`{}` has no success response (no `2xx` and no `default`)",
                op.label()
            ),
        );
    }
    if let Some((_, dp, d)) = resolved.iter().find(|(k, _, _)| *k == "default")
        && d.get("schema").is_some()
    {
        let at = def.at(&ptr(dp, "schema"));
        if has_2xx {
            sink.emit(
                &RSP_02,
                at,
                format!(
                    "the default response of `{}` has a schema beside a 2xx response",
                    op.label()
                ),
            );
        } else {
            sink.emit_as(
                &RSP_02,
                Severity::Warning,
                at,
                format!(
                    "the default response of `{}` has a schema; declare it as `200` instead",
                    op.label()
                ),
            );
        }
    }
    let has_output = |r: &Value| r.get("schema").is_some();
    let notification = op.notification_content().is_some();
    for (k, rp, r) in &resolved {
        if (*k == "200" || *k == "201") && !has_output(r) && !notification {
            if op.is_trigger() {
                sink.emit(
                    &RSP_03,
                    def.at(rp),
                    format!(
                        "the trigger `{}` returns {k} without a schema: flows get no trigger outputs",
                        op.label()
                    ),
                );
            } else {
                no_schema.add_with(
                    || def.at(rp),
                    op.label(),
                    format!("the {k} response of `{}` has no schema", op.label()),
                );
            }
        }
        headers(sink, def, op, rp, r);
    }
    // a schema on `default` beside a 2xx is RSP-02's; alone, it is the output
    let with_schema = resolved
        .iter()
        .filter(|(k, _, r)| *k != "default" && has_output(r))
        .count();
    if with_schema > 1 {
        many.add_with(
            || def.at(&p),
            op.label(),
            format!("{with_schema} responses of `{}` have a schema", op.label()),
        );
    }
}

fn headers(sink: &mut Sink, def: &Definition<'_>, op: &Op<'_>, at: &str, r: &Value) {
    let Some(hs) = r.get("headers").and_then(Value::as_object) else {
        return;
    };
    let mut seen: HashMap<String, &str> = HashMap::new();
    for h in hs {
        if let Some(first) = seen.insert(h.key.to_ascii_lowercase(), &h.key) {
            sink.emit(
                &RSP_06,
                def.at(&ptr(&ptr(at, "headers"), &h.key)),
                format!(
                    "a response of `{}` declares the header `{}` twice (also as `{first}`)",
                    op.label(),
                    h.key
                ),
            );
        }
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

/// RSP-04 over response schemas and definitions, as written.
fn empty_schemas(def: &Definition<'_>, t: &mut Tally) {
    let mut starts: Vec<(String, &Value)> = Vec::new();
    for op in &def.ops {
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
    if let Some(defs) = def.root.get("definitions").and_then(Value::as_object) {
        for m in defs {
            starts.push((ptr("/definitions", &m.key), &m.value));
        }
    }
    for (base, s) in starts {
        def.walk(s, &base, false, |node| {
            let reportable = matches!(node.step, Step::Root | Step::Property(_) | Step::Items);
            if reportable && is_empty_object(node.value) {
                if !node.required {
                    t.add_with(
                        || def.at(&node.pointer),
                        node.pointer.clone(),
                        format!("the schema at `{}` is an empty object", node.pointer),
                    );
                }
                return false;
            }
            matches!(node.value.kind, Kind::Object(_))
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

    fn get_responses(v: &mut serde_json::Value, r: serde_json::Value) {
        v["paths"]["/tasks"]["get"]["responses"] = r;
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &RSP_01,
                || {
                    with_swagger(|v| {
                        get_responses(v, json!({"404": {"description": "Not found."}}))
                    })
                },
                || {
                    with_swagger(|v| {
                        get_responses(v, json!({"default": {"description": "The tasks."}}))
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &RSP_01,
                || with_swagger(|v| get_responses(v, json!({}))),
                || with_swagger(|v| get_responses(v, json!({"204": {"description": "Done."}}))),
            ),
            Case::new(
                &RSP_02,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["default"]["schema"] =
                            json!({"$ref": "#/definitions/Task"});
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["default"]["description"] =
                            "Failed.".into();
                    })
                },
            ),
            Case::new(
                &RSP_02,
                || {
                    with_swagger(|v| {
                        get_responses(
                            v,
                            json!({"default": {"description": "The tasks.",
                            "schema": {"$ref": "#/definitions/Task"}}}),
                        );
                    })
                },
                || {
                    with_swagger(|v| {
                        get_responses(
                            v,
                            json!({"200": {"description": "The tasks.",
                            "schema": {"$ref": "#/definitions/Task"}}}),
                        );
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &RSP_03,
                || {
                    with_swagger(|v| {
                        let op = &mut v["paths"]["/tasks"]["get"];
                        op["x-ms-trigger"] = "batch".into();
                        op["responses"]["200"]
                            .as_object_mut()
                            .unwrap()
                            .remove("schema");
                    })
                },
                || with_swagger(|v| v["paths"]["/tasks"]["get"]["x-ms-trigger"] = "batch".into()),
            ),
            Case::new(
                &RSP_03,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["200"]
                            .as_object_mut()
                            .unwrap()
                            .remove("schema");
                    })
                },
                || {
                    with_swagger(|v| {
                        let r = v["paths"]["/tasks"]["get"]["responses"]
                            .as_object_mut()
                            .unwrap();
                        let ok = r.remove("200").unwrap();
                        r.insert("204".into(), json!({"description": ok["description"]}));
                    })
                },
            )
            .reported_as(W),
            Case::new(
                &RSP_04,
                || {
                    with_swagger(|v| {
                        v["definitions"]["Task"]["properties"]["extra"] = json!({"type": "object"})
                    })
                },
                || {
                    with_swagger(|v| {
                        v["definitions"]["Task"]["properties"]["extra"] =
                            json!({"type": "object", "x-ms-dynamic-schema": {}});
                    })
                },
            ),
            Case::new(
                &RSP_05,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["404"] = json!({"description": "Not found.", "schema": {"$ref": "#/definitions/Task"}});
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["404"] =
                            json!({"description": "Not found."});
                    })
                },
            ),
            Case::new(
                &RSP_06,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["200"]["headers"] =
                            json!({"X-Total": {"type": "integer"}, "x-total": {"type": "integer"}});
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["200"]["headers"] =
                            json!({"X-Total": {"type": "integer"}, "X-Page": {"type": "integer"}});
                    })
                },
            ),
            Case::new(
                &RSP_07,
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["2XX"] =
                            json!({"description": "Fine."});
                    })
                },
                || {
                    with_swagger(|v| {
                        v["paths"]["/tasks"]["get"]["responses"]["299"] =
                            json!({"description": "Fine."});
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
    fn rsp01_webhook_trigger_without_responses_is_a_warning() {
        let mut v = good_swagger();
        let op = &mut v["paths"]["/tasks"]["post"];
        op["x-ms-trigger"] = "single".into();
        op["x-ms-notification-content"] = json!({"schema": {"$ref": "#/definitions/Task"}});
        op["responses"] = json!({});
        assert_eq!(run(&v), one("RSP-01", W));
    }

    #[test]
    fn rsp04_required_empty_objects_are_fine() {
        let mut v = good_swagger();
        v["definitions"]["Task"]["properties"]["extra"] = json!({"type": "object"});
        v["definitions"]["Task"]["required"]
            .as_array_mut()
            .unwrap()
            .push("extra".into());
        assert!(run(&v).is_empty());
    }

    #[test]
    fn rsp03_notification_content_counts_as_output() {
        let mut v = good_swagger();
        let op = &mut v["paths"]["/tasks"]["post"];
        op["x-ms-trigger"] = "single".into();
        op["x-ms-notification-content"] = json!({"schema": {"$ref": "#/definitions/Task"}});
        let rs = op["responses"].as_object_mut().unwrap();
        for r in rs.values_mut() {
            r.as_object_mut().unwrap().remove("schema");
        }
        assert!(!run(&v).iter().any(|(c, s)| c == "RSP-03" && *s == E));
    }
}
