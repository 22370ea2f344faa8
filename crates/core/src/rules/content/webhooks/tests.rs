use serde_json::{Value as J, json};

use super::super::testing::*;
use super::*;
use crate::rules::cases::Case;

use Severity::Warning as W;

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
