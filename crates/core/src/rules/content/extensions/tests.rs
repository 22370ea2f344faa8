use serde_json::{Value as J, json};

use super::super::testing::*;
use super::super::webhooks::tests::add_webhook;
use super::*;
use crate::model::Severity;
use crate::rules::cases::Case;

use Severity::Warning as W;

/// The `x-ms-dynamic-values` of `ListTasks.projectId` (calls `ListProjects`).
fn projects_ref(v: &mut J) -> &mut J {
    &mut v["paths"]["/tasks"]["get"]["parameters"][0]["x-ms-dynamic-values"]
}

/// The parameters of `ListTasks`.
fn list_params(v: &mut J) -> &mut Vec<J> {
    v["paths"]["/tasks"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
}

/// Adds `ListBoards` (`GET /boards`: required `projectId`, optional integer `kind`) and
/// a `boardId` parameter of `ListTasks` listing them with `mapping`.
fn boards(v: &mut J, mapping: J) {
    v["paths"]["/boards"] = json!({"get": {
        "operationId": "ListBoards", "summary": "List boards", "description": "Lists boards.",
        "x-ms-visibility": "internal",
        "parameters": [
            {"name": "projectId", "in": "query", "required": true, "type": "string"},
            {"name": "kind", "in": "query", "required": false, "type": "integer"}
        ],
        "responses": {"200": {"description": "The boards.", "schema": {"type": "array",
            "items": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}}}
    }});
    list_params(v).push(json!({
        "name": "boardId", "in": "query", "type": "string", "x-ms-summary": "Board",
        "description": "Only tasks of this board.",
        "x-ms-dynamic-values": {"operationId": "ListBoards", "value-path": "id", "value-title": "name",
            "parameters": mapping}
    }));
}

/// Adds `boardId` to `NewTask` (the body of `CreateTask` and `UpdateTask`), listed with
/// `x-ms-dynamic-values` from `projectId` (a body property), with or without the twin.
fn body_boards(v: &mut J, twin: bool) {
    boards(v, json!({"projectId": {"parameter": "projectId"}}));
    let mut prop = json!({"type": "string", "x-ms-summary": "Board", "description": "The board.",
        "x-ms-dynamic-values": {"operationId": "ListBoards", "value-path": "id", "value-title": "name",
            "parameters": {"projectId": {"parameter": "projectId"}}}});
    if twin {
        prop["x-ms-dynamic-list"] = json!({"operationId": "ListBoards", "itemValuePath": "id",
            "itemTitlePath": "name", "parameters": {"projectId": {"parameterReference": "body/projectId"}}});
    }
    v["definitions"]["NewTask"]["properties"]["boardId"] = prop;
}

/// Adds `GetTaskSchema` (`GET /schema`, returning `{schema: {…}}`) and a `details`
/// property of `NewTask` whose schema comes from it.
fn dynamic_schema(v: &mut J, value_path: &str, twin: Option<&str>) {
    v["paths"]["/schema"] = json!({"get": {
        "operationId": "GetTaskSchema", "summary": "Get the task schema", "description": "The schema.",
        "x-ms-visibility": "internal",
        "responses": {"200": {"description": "The schema.", "schema": {"type": "object",
            "properties": {"schema": {"type": "object"}}}}}
    }});
    let mut details = json!({"type": "object", "x-ms-dynamic-schema":
        {"operationId": "GetTaskSchema", "value-path": value_path}});
    if let Some(ivp) = twin {
        details["x-ms-dynamic-properties"] =
            json!({"operationId": "GetTaskSchema", "itemValuePath": ivp});
    }
    v["definitions"]["NewTask"]["properties"]["details"] = details;
}

/// Adds `PollTasks` (`GET /tasks/poll`), a trigger when `trigger`, naming `OnTaskDone`
/// in `x-ms-notification`.
fn poll(v: &mut J, trigger: bool) {
    add_webhook(v);
    let mut op = json!({"operationId": "PollTasks", "summary": "When a task is done",
        "description": "Polls for done tasks.", "x-ms-notification": {"operationId": "OnTaskDone"},
        "responses": {"200": {"description": "The tasks.", "schema": {"$ref": "#/definitions/Task"}}}});
    if trigger {
        op["x-ms-trigger"] = "batch".into();
    }
    v["paths"]["/tasks/poll"] = json!({ "get": op });
}

fn annotate(v: &mut J, path: &str, method: &str, a: J) {
    v["paths"][path][method]["x-ms-api-annotation"] = a;
}

fn task_title(v: &mut J) -> &mut J {
    &mut v["definitions"]["Task"]["properties"]["title"]
}

pub(super) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            &EXT_01,
            || with_swagger(|v| projects_ref(v)["operationId"] = "ListProject".into()),
            || {
                with_swagger(|v| {
                    let r = projects_ref(v).as_object_mut().unwrap();
                    r.remove("operationId");
                    r.insert("builtInOperation".into(), "AzureBlob.ListFolderV2".into());
                })
            },
        ),
        Case::new(
            &EXT_02,
            || {
                with_swagger(|v| {
                    boards(
                        v,
                        json!({"projectId": {"parameter": "projectId"}, "colour": "red"}),
                    )
                })
            },
            || {
                with_swagger(|v| {
                    boards(
                        v,
                        json!({"projectId": {"parameter": "projectId"}, "kind": 1}),
                    )
                })
            },
        ),
        Case::new(
            &EXT_03,
            || {
                with_swagger(|v| {
                    boards(
                        v,
                        json!({"projectId": {"parameter": "projectId"}, "kind": "1"}),
                    )
                })
            },
            || {
                with_swagger(|v| {
                    boards(
                        v,
                        json!({"projectId": {"parameter": "projectId"}, "kind": {"value": 1}}),
                    )
                })
            },
        ),
        Case::new(
            &EXT_03,
            || with_swagger(|v| boards(v, json!({"projectId": {"parameter": "status"}}))),
            || with_swagger(|v| boards(v, json!({"projectId": {"parameter": "projectId"}}))),
        )
        .reported_as(W),
        Case::new(
            &EXT_04,
            || {
                with_swagger(|v| {
                    boards(v, json!({"projectId": {"parameter": "projectId"}}));
                    list_params(v)[0]["x-ms-visibility"] = "internal".into();
                })
            },
            || {
                with_swagger(|v| {
                    boards(v, json!({"projectId": {"parameter": "projectId"}}));
                    list_params(v)[0]["x-ms-visibility"] = "advanced".into();
                })
            },
        ),
        Case::new(
            &EXT_05,
            || with_swagger(|v| body_boards(v, false)),
            || with_swagger(|v| body_boards(v, true)),
        ),
        Case::new(
            &EXT_06,
            || with_swagger(|v| dynamic_schema(v, "schema/properties", None)),
            || with_swagger(|v| dynamic_schema(v, "schema/properties", Some("schema"))),
        ),
        Case::new(
            &EXT_07,
            || with_swagger(|v| projects_ref(v)["value-title"] = "title".into()),
            || with_swagger(|v| projects_ref(v)["value-title"] = "Name".into()),
        ),
        Case::new(
            &EXT_08,
            || {
                with_swagger(|v| {
                    dynamic_schema(v, "schema", None);
                    v["paths"]["/tasks"]["post"]["parameters"][0]["x-ms-dynamic-schema"] =
                        json!({"operationId": "GetTaskSchema", "value-path": "schema"});
                })
            },
            || with_swagger(|v| dynamic_schema(v, "schema", None)),
        ),
        Case::new(
            &EXT_09,
            || with_swagger(|v| projects_ref(v)["capability"] = "file-picker".into()),
            || {
                with_swagger(|v| {
                    projects_ref(v)["capability"] = "file-picker".into();
                    list_params(v)[0]["x-ms-dynamic-tree"] = json!({
                        "open": {"operationId": "ListProjects", "itemValuePath": "id", "itemTitlePath": "name"}});
                })
            },
        ),
        Case::new(
            &EXT_10,
            || {
                with_swagger(|v| {
                    list_params(v)[1]["x-ms-enum-values"] = json!([
                        {"value": "open", "displayName": "Open"}, {"value": "closed", "displayName": "Closed"}]);
                })
            },
            || {
                with_swagger(|v| {
                    list_params(v)[1]["x-ms-enum-values"] = json!([
                        {"value": "open", "displayName": "Open"}, {"value": "done", "displayName": "Done"}]);
                })
            },
        ),
        Case::new(
            &EXT_11,
            || {
                with_swagger(|v| {
                    v["paths"]["/tasks"]["get"]["x-ms-pageable"] = json!({"nextLinkName": "next"})
                })
            },
            || {
                with_swagger(|v| {
                    v["paths"]["/tasks"]["get"]["x-ms-pageable"] =
                        json!({"nextLinkName": "@odata.nextLink"})
                })
            },
        ),
        Case::new(
            &EXT_12,
            || {
                with_swagger(|v| {
                    annotate(
                        v,
                        "/tasks/{taskId}",
                        "get",
                        json!({"replacement": {"api": "contoso", "operationId": "GetTask_V2"}}),
                    )
                })
            },
            || {
                with_swagger(|v| {
                    annotate(
                        v,
                        "/tasks/{taskId}",
                        "get",
                        json!({"replacement": {"api": "contoso", "operationId": "GetTask_V2"}}),
                    );
                    v["paths"]["/tasks/{taskId}"]["get"]["deprecated"] = true.into();
                })
            },
        ),
        Case::new(
            &EXT_13,
            || {
                with_swagger(|v| {
                    annotate(
                        v,
                        "/tasks",
                        "get",
                        json!({"family": "Tasks", "revision": 1}),
                    );
                    annotate(
                        v,
                        "/projects",
                        "get",
                        json!({"family": "Tasks", "revision": 1}),
                    );
                })
            },
            || {
                with_swagger(|v| {
                    annotate(
                        v,
                        "/tasks",
                        "get",
                        json!({"family": "Tasks", "revision": 1}),
                    );
                    annotate(
                        v,
                        "/projects",
                        "get",
                        json!({"family": "Tasks", "revision": 2}),
                    );
                })
            },
        ),
        Case::new(
            &EXT_13,
            || with_swagger(|v| annotate(v, "/tasks", "get", json!({"family": "ListTasks"}))),
            || {
                with_swagger(|v| {
                    annotate(
                        v,
                        "/tasks",
                        "get",
                        json!({"family": "ListTasks", "revision": 1}),
                    )
                })
            },
        )
        .reported_as(W),
        Case::new(
            &EXT_14,
            || {
                with_swagger(|v| {
                    v["info"]["x-ms-api-annotation"] = json!({"status": "Preview"});
                    annotate(v, "/tasks", "get", json!({"status": "Production"}));
                })
            },
            || {
                with_swagger(|v| {
                    v["info"]["x-ms-api-annotation"] = json!({"status": "Preview"});
                    annotate(v, "/tasks", "get", json!({"status": "Preview"}));
                })
            },
        ),
        Case::new(
            &EXT_15,
            || with_swagger(|v| poll(v, false)),
            || with_swagger(|v| poll(v, true)),
        ),
        Case::new(
            &EXT_16,
            || {
                with_swagger(|v| {
                    v["definitions"]["NewTask"]["properties"]["labels"] =
                        json!({"type": "string", "x-ms-editor": "dictionary"})
                })
            },
            || {
                with_swagger(|v| {
                    v["definitions"]["NewTask"]["properties"]["labels"] = json!({"type": "object",
                        "additionalProperties": {"type": "string"}, "x-ms-editor": "dictionary"})
                })
            },
        ),
        Case::new(
            &EXT_17,
            || {
                with_swagger(|v| {
                    task_title(v)["x-ms-capabilities"] = json!({"filterFunctions": ["eq", "eq"]})
                })
            },
            || {
                with_swagger(|v| {
                    task_title(v)["x-ms-capabilities"] =
                        json!({"filterFunctions": ["eq", "startswith"]})
                })
            },
        ),
        Case::new(
            &EXT_17,
            || {
                with_swagger(|v| {
                    task_title(v)["x-ms-capabilities"] = json!({"filterFunctions": ["eq", "fuzzy"]})
                })
            },
            || {
                with_swagger(|v| {
                    task_title(v)["x-ms-capabilities"] =
                        json!({"filterFunctions": ["eq", "EndsWith"]})
                })
            },
        )
        .reported_as(W),
    ]
}

mod logic;
