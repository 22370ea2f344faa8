use serde_json::{Value as J, json};

use super::super::testing::*;
use super::*;
use crate::rules::cases::Case;

use Severity::{Error as E, Warning as W};

/// Adds the webhook trigger `OnTaskDone` (`POST /hooks`): a required body whose
/// internal, required `callbackUrl` is the notification URL.
pub(crate) fn add_webhook(v: &mut J) {
    v["paths"]["/hooks"] = json!({"post": {
        "operationId": "OnTaskDone", "summary": "When a task is done",
        "description": "Calls the flow when a task is done.", "x-ms-trigger": "single",
        "parameters": [{"name": "body", "in": "body", "required": true, "schema": {"type": "object",
            "required": ["callbackUrl"], "properties": {"callbackUrl": {"type": "string",
                "x-ms-notification-url": true, "x-ms-visibility": "internal"}}}}],
        "x-ms-notification-content": {"description": "The task.", "schema": {"$ref": "#/definitions/Task"}},
        "responses": {"201": {"description": "Subscribed."}}
    }});
}

fn body(v: &mut J) -> &mut J {
    &mut v["paths"]["/hooks"]["post"]["parameters"][0]
}

fn url(v: &mut J) -> &mut J {
    &mut body(v)["schema"]["properties"]["callbackUrl"]
}

/// `add_webhook`, and a polling trigger naming it, both with a query parameter
/// `filter` (of `fetch` and `subscribe` type).
fn pair(v: &mut J, fetch: &str, subscribe: &str) {
    add_webhook(v);
    let filter = |t: &str| json!({"name": "filter", "in": "query", "type": t});
    v["paths"]["/hooks"]["post"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(filter(subscribe));
    v["paths"]["/tasks/poll"] = json!({"get": {"operationId": "PollTasks", "summary": "When a task is done",
        "description": "Polls.", "x-ms-trigger": "batch", "x-ms-notification": {"operationId": "OnTaskDone"},
        "parameters": [filter(fetch)],
        "responses": {"200": {"description": "The tasks.", "schema": {"$ref": "#/definitions/Task"}}}}});
}

pub(super) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            &WHK_01,
            || {
                with_swagger(|v| {
                    add_webhook(v);
                    url(v).as_object_mut().unwrap().remove(URL);
                })
            },
            || with_swagger(add_webhook),
        ),
        Case::new(
            &WHK_02,
            || {
                with_swagger(|v| {
                    add_webhook(v);
                    url(v)["type"] = "integer".into();
                })
            },
            || {
                with_swagger(|v| {
                    add_webhook(v);
                    url(v)["format"] = "uri".into();
                })
            },
        ),
        Case::new(
            &WHK_03,
            || {
                with_swagger(|v| {
                    add_webhook(v);
                    url(v)["x-ms-visibility"] = "advanced".into();
                })
            },
            || {
                with_swagger(|v| {
                    add_webhook(v);
                    url(v)["x-ms-visibility"] = "advanced".into();
                    body(v)["x-ms-visibility"] = "internal".into();
                })
            },
        ),
        Case::new(
            &WHK_03,
            || {
                with_swagger(|v| {
                    add_webhook(v);
                    body(v)["required"] = false.into();
                })
            },
            || {
                with_swagger(|v| {
                    add_webhook(v);
                    body(v)["description"] = "The subscription.".into();
                })
            },
        )
        .reported_as(W),
        Case::new(
            &WHK_04,
            || with_swagger(|v| pair(v, "string", "integer")),
            || with_swagger(|v| pair(v, "string", "string")),
        ),
    ]
}

/// The WHK findings on `v`.
fn run(v: &J) -> Vec<(String, Severity, String)> {
    let f = json_file("apiDefinition.swagger.json", &v.to_string());
    let def = Definition::new(&f, Origin::SourceFolder).unwrap();
    let mut sink = Sink::new();
    check(&mut sink, &def);
    sink.diagnostics()
        .iter()
        .map(|d| (d.code.clone(), d.severity, d.message.clone()))
        .collect()
}

fn codes_of(v: &J) -> Vec<(String, Severity)> {
    run(v).into_iter().map(|(c, s, _)| (c, s)).collect()
}

fn with(f: impl FnOnce(&mut J)) -> J {
    let mut v = good_swagger();
    add_webhook(&mut v);
    f(&mut v);
    v
}

#[test]
fn good_webhook_is_silent() {
    assert!(run(&good_swagger()).is_empty());
    assert!(run(&with(|_| {})).is_empty(), "{:?}", run(&with(|_| {})));
}

#[test]
fn url_needs_notification_content() {
    let v = with(|v| {
        v["paths"]["/hooks"]["post"]
            .as_object_mut()
            .unwrap()
            .remove("x-ms-notification-content");
    });
    let r = run(&v);
    assert_eq!(codes_of(&v), one("WHK-01", E));
    assert!(r[0].2.contains("no `x-ms-notification-content`"), "{r:?}");
    // on the path item it counts
    let v = with(|v| {
        let nc = v["paths"]["/hooks"]["post"]
            .as_object_mut()
            .unwrap()
            .remove("x-ms-notification-content")
            .unwrap();
        v["paths"]["/hooks"]["x-ms-notification-content"] = nc;
    });
    assert!(run(&v).is_empty(), "{:?}", run(&v));
}

#[test]
fn required_all_the_way_down_through_refs_and_all_of() {
    // body → subscription ($ref) → callback (in an allOf part, required by the outer)
    let nested = |v: &mut J, outer_required: J| {
        v["definitions"]["Sub"] = json!({"required": outer_required, "allOf": [
            {"type": "object", "properties": {"callback": {"type": "string",
                "x-ms-notification-url": true}}}]});
        body(v)["schema"] = json!({"type": "object", "required": ["subscription"],
            "x-ms-visibility": "internal",
            "properties": {"subscription": {"$ref": "#/definitions/Sub"}}});
    };
    let v = with(|v| nested(v, json!(["callback"])));
    assert!(run(&v).is_empty(), "{:?}", run(&v));
    let v = with(|v| nested(v, json!([])));
    let r = run(&v);
    assert_eq!(codes_of(&v), one("WHK-03", E), "{r:?}");
    assert!(
        r[0].2
            .contains("`callback` is not in its parent's `required`"),
        "{r:?}"
    );
    let v = with(|v| {
        nested(v, json!(["callback"]));
        body(v)["schema"]["required"] = json!([]);
    });
    let r = run(&v);
    assert!(r[0].2.contains("`subscription`"), "{r:?}");
}

#[test]
fn positions() {
    // a query parameter marked as the URL
    let v = with(|v| {
        v["paths"]["/hooks"]["post"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "cb", "in": "query", "type": "string", "x-ms-notification-url": true}));
    });
    assert_eq!(codes_of(&v), one("WHK-02", E));
    // written in a response: refused; a definition a response refers to: left alone
    let v = with(|v| {
        v["paths"]["/hooks"]["post"]["responses"]["201"]["schema"] = json!({"type": "object",
            "properties": {"callbackUrl": {"type": "string", "x-ms-notification-url": true}}});
    });
    assert_eq!(codes_of(&v), one("WHK-02", E));
    let v = with(|v| {
        v["definitions"]["Echo"] = json!({"type": "object",
            "properties": {"callbackUrl": {"type": "string", "x-ms-notification-url": true}}});
        v["paths"]["/hooks"]["post"]["responses"]["201"]["schema"] =
            json!({"$ref": "#/definitions/Echo"});
    });
    assert!(run(&v).is_empty(), "{:?}", run(&v));
    // no type at all: a warning
    let v = with(|v| {
        url(v).as_object_mut().unwrap().remove("type");
    });
    assert_eq!(codes_of(&v), one("WHK-02", W));
}

#[test]
fn shared_body_is_reported_once_and_folds() {
    let mut v = good_swagger();
    v["definitions"]["Hook"] = json!({"type": "object", "required": ["url"],
        "properties": {"url": {"type": "string", "x-ms-notification-url": true}}});
    for i in 0..6 {
        v["paths"][format!("/hooks/{i}")] = json!({"post": {"operationId": format!("On{i}"),
            "x-ms-trigger": "single",
            "parameters": [{"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Hook"}}],
            "x-ms-notification-content": {"schema": {"$ref": "#/definitions/Task"}},
            "responses": {"201": {"description": "ok"}}}});
    }
    let r = codes_of(&v);
    assert_eq!(
        r.iter().filter(|d| **d == ("WHK-03".to_owned(), E)).count(),
        1,
        "not internal, once: {r:?}"
    );
    assert_eq!(
        r.iter().filter(|d| **d == ("WHK-03".to_owned(), W)).count(),
        1,
        "folded: {r:?}"
    );
}

#[test]
fn visibility_pairs() {
    let v = with(|v| {
        pair(v, "string", "string");
        v["paths"]["/tasks/poll"]["get"]["parameters"][0]["x-ms-visibility"] = "advanced".into();
    });
    let r = run(&v);
    assert_eq!(codes_of(&v), one("WHK-04", E));
    assert!(
        r[0].2.contains("`x-ms-visibility` advanced and none"),
        "{r:?}"
    );
}
