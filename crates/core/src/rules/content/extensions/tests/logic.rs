//! Unit tests of the EXT checks' trickier logic, on the definition alone.

use serde_json::{Value as J, json};

use super::super::super::testing::*;
use super::super::*;
use super::*;
use crate::model::Severity;

use Severity::{Error as E, Warning as W};

/// The EXT findings on `v`: (code, severity, message).
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
    f(&mut v);
    v
}

#[test]
fn good_is_silent() {
    assert!(
        run(&good_swagger()).is_empty(),
        "{:?}",
        run(&good_swagger())
    );
}

#[test]
fn produced_properties_match_ignoring_case_through_refs_and_all_of() {
    let paged = |v: &mut J| {
        v["definitions"]["Project"] = json!({"type": "object",
            "properties": {"id": {"type": "string"}, "attributes": {"$ref": "#/definitions/Attrs"}}});
        v["definitions"]["Attrs"] =
            json!({"type": "object", "properties": {"Name": {"type": "string"}}});
        v["definitions"]["Page"] = json!({"allOf": [
            {"type": "object", "properties": {"nextLink": {"type": "string"}}},
            {"properties": {"value": {"type": "array", "items": {"$ref": "#/definitions/Project"}}}}]});
        v["paths"]["/projects"]["get"]["responses"]["200"]["schema"] =
            json!({"$ref": "#/definitions/Page"});
        let r = projects_ref(v);
        r["value-collection"] = "Value".into();
        r["value-title"] = "attributes/name".into();
    };
    assert!(run(&with(paged)).is_empty(), "{:?}", run(&with(paged)));
    // the collection is not there
    let v = with(|v| {
        paged(v);
        projects_ref(v)["value-collection"] = "values".into();
    });
    let r = run(&v);
    assert_eq!(codes_of(&v), one("EXT-07", W));
    assert!(r[0].2.contains("has no `values`"), "{r:?}");
    // the root is an object, not an array
    let v = with(|v| {
        paged(v);
        projects_ref(v)
            .as_object_mut()
            .unwrap()
            .remove("value-collection");
    });
    let r = run(&v);
    assert!(r[0].2.contains("needs an array"), "{r:?}");
    // a nested property that is missing
    let v = with(|v| {
        paged(v);
        projects_ref(v)["value-title"] = "attributes/label".into();
    });
    let r = run(&v);
    assert!(r[0].2.contains("no `label`"), "{r:?}");
    // a response that does not list its properties is taken on trust
    let v = with(|v| {
        v["paths"]["/projects"]["get"]["responses"]["200"]["schema"]["items"] =
            json!({"type": "object"});
        projects_ref(v)["value-title"] = "whatever".into();
    });
    assert!(run(&v).is_empty());
}

#[test]
fn mapping_forms() {
    // {"parameter": p}, {"value": v} and bare values
    let ok = with(|v| {
        boards(
            v,
            json!({"projectId": {"parameter": "projectId"}, "kind": 2}),
        )
    });
    assert!(run(&ok).is_empty(), "{:?}", run(&ok));
    for (bad, what) in [
        (
            json!({"projectId": {"parameter": "projectId"}, "kind": 2.5}),
            "2.5",
        ),
        (
            json!({"projectId": {"parameter": "projectId"}, "kind": {"value": true}}),
            "true",
        ),
        (json!({"projectId": 7}), "7"),
    ] {
        let v = with(|v| boards(v, bad));
        let r = run(&v);
        assert_eq!(codes_of(&v), one("EXT-03", E), "{r:?}");
        assert!(r[0].2.contains(what), "{r:?}");
    }
    // a source parameter of another type
    let v = with(|v| {
        boards(
            v,
            json!({"projectId": {"parameter": "projectId"}, "kind": {"parameter": "status"}}),
        )
    });
    let r = run(&v);
    assert_eq!(codes_of(&v), one("EXT-03", E), "{r:?}");
    assert!(r[0].2.contains("from a `string`"), "{r:?}");
    // a required parameter left out, unless it has a default
    let v = with(|v| boards(v, json!({"kind": 1})));
    let r = run(&v);
    assert_eq!(codes_of(&v), one("EXT-02", E), "{r:?}");
    assert!(
        r[0].2
            .contains("without its required parameter `projectId`"),
        "{r:?}"
    );
    let v = with(|v| {
        boards(v, json!({"kind": 1}));
        v["paths"]["/boards"]["get"]["parameters"][0]["default"] = "p1".into();
    });
    assert!(run(&v).is_empty());
    // a key that differs only by case
    let v = with(|v| {
        boards(
            v,
            json!({"projectid": {"parameter": "projectId"}, "projectId": "p"}),
        )
    });
    let r = run(&v);
    assert!(
        r.iter()
            .any(|d| d.0 == "EXT-02" && d.2.contains("differs only by case")),
        "{r:?}"
    );
}

#[test]
fn parameter_references_and_twins() {
    // With the twin, the legacy mapping's body source is not reported; the twin's is
    // checked: type and requiredness through the body schema.
    let v = with(|v| body_boards(v, true));
    assert!(run(&v).is_empty(), "{:?}", run(&v));
    let v = with(|v| {
        body_boards(v, true);
        v["definitions"]["NewTask"]["properties"]["projectId"]["type"] = "integer".into();
    });
    let r = run(&v);
    assert_eq!(codes_of(&v), one("EXT-03", E), "{r:?}");
    let v = with(|v| {
        body_boards(v, true);
        v["definitions"]["NewTask"]["required"] = json!(["title"]);
    });
    assert_eq!(
        codes_of(&v),
        one("EXT-03", W),
        "an optional body property feeds a required parameter"
    );
    // internal: the property, or the object above it
    let v = with(|v| {
        body_boards(v, true);
        v["definitions"]["NewTask"]["properties"]["projectId"]["x-ms-visibility"] =
            "internal".into();
    });
    assert_eq!(codes_of(&v), one("EXT-04", E));
    // a reference into the body that names nothing is not judged here
    let v = with(|v| {
        body_boards(v, true);
        v["definitions"]["NewTask"]["properties"]["boardId"]["x-ms-dynamic-list"]["parameters"]["projectId"] =
            json!({"parameterReference": "body/nothing"});
    });
    assert!(run(&v).is_empty(), "{:?}", run(&v));
    // without the twin: a body property is not a parameter (one finding, though
    // NewTask is the body of two operations)
    let v = with(|v| body_boards(v, false));
    let r = run(&v);
    assert_eq!(codes_of(&v), one("EXT-05", E), "{r:?}");
    assert!(r[0].2.contains("a property of the body"), "{r:?}");
    // a dotted path into the body is a body property too; a name of nothing is a warning
    for (p, sev) in [("projectId.id", W), ("nothing", W)] {
        let v = with(|v| {
            body_boards(v, false);
            v["definitions"]["NewTask"]["properties"]["boardId"]["x-ms-dynamic-values"]["parameters"]
                ["projectId"] = json!({ "parameter": p });
        });
        assert_eq!(codes_of(&v), one("EXT-05", sev), "{p}: {:?}", run(&v));
    }
    let v = with(|v| {
        body_boards(v, false);
        v["definitions"]["NewTask"]["properties"]["owner"] =
            json!({"type": "object", "properties": {"projectId": {"type": "string"}}});
        v["definitions"]["NewTask"]["properties"]["boardId"]["x-ms-dynamic-values"]["parameters"]
            ["projectId"] = json!({"parameter": "owner.projectId"});
    });
    assert_eq!(codes_of(&v), one("EXT-05", E), "{:?}", run(&v));
    // a name that is both a parameter and a body property
    let v = with(|v| {
        body_boards(v, false);
        v["paths"]["/tasks"]["post"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "projectId", "in": "query", "required": true, "type": "string"}));
    });
    let r = run(&v);
    assert!(
        r.iter()
            .any(|d| d.0 == "EXT-05" && d.2.contains("both a parameter")),
        "{r:?}"
    );
}

#[test]
fn mapping_keys_into_the_called_body() {
    // the called operation takes a body: `body/x` keys and (legacy) its top-level names
    let target = |v: &mut J| {
        v["paths"]["/boards/search"] = json!({"post": {
            "operationId": "SearchBoards", "summary": "Search boards", "description": "Searches.",
            "x-ms-visibility": "internal",
            "parameters": [{"name": "body", "in": "body", "required": true, "schema": {"type": "object",
                "required": ["projectId"], "properties": {"projectId": {"type": "string"}}}}],
            "responses": {"200": {"description": "The boards.", "schema": {"type": "array",
                "items": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}});
    };
    for key in ["body/projectId", "projectId"] {
        let v = with(|v| {
            target(v);
            let r = projects_ref(v);
            r["operationId"] = "SearchBoards".into();
            r["value-title"] = "id".into();
            r["parameters"] = json!({ key: {"parameter": "status"} });
        });
        assert_eq!(codes_of(&v), one("EXT-03", W), "{key}: {:?}", run(&v));
    }
    let v = with(|v| {
        target(v);
        let r = projects_ref(v);
        r["operationId"] = "SearchBoards".into();
        r["value-title"] = "id".into();
        r["parameters"] = json!({"body/nothing": "x"});
    });
    assert_eq!(codes_of(&v), one("EXT-02", E));
}

#[test]
fn schema_and_properties_paths() {
    for (vp, twin, fires) in [
        ("schema/properties", Some("schema"), false),
        ("schema/properties", Some("schema/properties"), true),
        ("schema/properties", None, true),
        ("properties", None, true),
        ("properties", Some(""), false),
        ("schema", None, false),
        ("schema", Some("schema"), false),
        ("schema", Some("other"), true),
    ] {
        let v = with(|v| dynamic_schema(v, vp, twin));
        let r = codes_of(&v);
        let ext06 = r.iter().any(|d| d.0 == "EXT-06");
        assert_eq!(ext06, fires, "{vp} / {twin:?}: {r:?}");
    }
    // the schema the called operation returns lacks the value-path
    let v = with(|v| dynamic_schema(v, "definition", None));
    assert_eq!(codes_of(&v), one("EXT-07", W));
}

#[test]
fn trees_and_pickers() {
    let tree = |v: &mut J, open_param: J| {
        list_params(v)[0]["x-ms-dynamic-tree"] = json!({
            "open": {"operationId": "ListProjects", "parameters": open_param},
            "browse": {"operationId": "ListProjects", "parameters": {"parent": {"selectedItemValuePath": "id"}}}});
    };
    let v = with(|v| tree(v, json!({})));
    assert!(run(&v).is_empty(), "{:?}", run(&v));
    let v = with(|v| tree(v, json!({"parent": {"selectedItemValuePath": "id"}})));
    assert_eq!(codes_of(&v), one("EXT-09", E));
    let v = with(|v| {
        tree(v, json!({}));
        list_params(v)[0]["x-ms-dynamic-tree"]["browse"]["operationId"] = "Browse".into();
    });
    assert_eq!(codes_of(&v), one("EXT-01", E));
    // a connector-level file picker (root x-ms-capabilities) needs no tree
    let v = with(|v| {
        v["x-ms-capabilities"] = json!({"file-picker": {"open": {"operationId": "ListProjects"},
            "browse": {"operationId": "ListProjects"}}});
    });
    assert!(run(&v).is_empty(), "{:?}", run(&v));
    let v = with(|v| {
        list_params(v)[0]["x-ms-capabilities"] =
            json!({"file-picker": {"open": {"operationId": "Nope"}}});
    });
    let r = codes_of(&v);
    assert!(
        r.contains(&("EXT-01".to_owned(), E)) && r.contains(&("EXT-09".to_owned(), E)),
        "{r:?}"
    );
}

#[test]
fn enum_values_entries() {
    let v = with(|v| {
        list_params(v)[1]["x-ms-enum-values"] = json!([{"value": "open", "displayName": "Open"}, {"value": "open", "displayName": "Again"}, {"value": "done"}]);
    });
    let r = run(&v);
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(
        r.iter().any(|d| d.2.contains("twice")) && r.iter().any(|d| d.2.contains("displayName"))
    );
}

#[test]
fn families_and_revisions() {
    let v = with(|v| {
        for (path, m) in [
            ("/tasks", "get"),
            ("/tasks/{taskId}", "get"),
            ("/projects", "get"),
        ] {
            annotate(
                v,
                path,
                m,
                json!({"family": "Tasks", "status": "Production"}),
            );
        }
    });
    let r = run(&v);
    let n = |needle: &str| r.iter().filter(|d| d.2.contains(needle)).count();
    assert_eq!(n("no `revision`"), 4, "3 warnings and one error: {r:?}");
    assert_eq!(n("are not deprecated"), 1, "{r:?}");
    assert_eq!(n("`status: Production`"), 1, "{r:?}");
    // the suffix of the revision
    assert!(families::ends_with_revision("GetTask_V2", 2));
    assert!(families::ends_with_revision("GetTaskV12", 12));
    assert!(!families::ends_with_revision("GetTaskV12", 2));
    assert!(!families::ends_with_revision("GetTask_V1", 2));
    let v = with(|v| annotate(v, "/tasks/{taskId}", "get", json!({"revision": 2})));
    let r = run(&v);
    assert_eq!(codes_of(&v), one("EXT-13", W));
    assert!(r[0].2.contains("`GetTask_V2`"), "{r:?}");
    let v = with(|v| {
        annotate(v, "/tasks/{taskId}", "get", json!({"revision": "3"}));
        v["paths"]["/tasks/{taskId}"]["get"]["operationId"] = "GetTask_V1".into();
    });
    let r = run(&v);
    assert!(r[0].2.contains("(as `GetTask_V3`)"), "{r:?}");
    // replacement without its members
    let v = with(|v| {
        annotate(v, "/tasks/{taskId}", "get", json!({"replacement": {}}));
        v["paths"]["/tasks/{taskId}"]["get"]["deprecated"] = true.into();
    });
    assert_eq!(run(&v).len(), 2);
}

#[test]
fn notifications_need_a_webhook() {
    let v = with(|v| {
        poll(v, true);
        v["paths"]["/tasks/poll"]["get"]["x-ms-notification"]["operationId"] =
            "ListProjects".into();
    });
    assert_eq!(codes_of(&v), one("EXT-15", E));
    let v = with(|v| {
        poll(v, true);
        v["paths"]["/tasks/poll"]["get"]["x-ms-notification"]["operationId"] = "Nope".into();
    });
    assert_eq!(codes_of(&v), one("EXT-01", E));
    // on the webhook itself
    let v = with(|v| {
        add_webhook(v);
        v["paths"]["/hooks"]["post"]["x-ms-notification"] = json!({"operationId": "OnTaskDone"});
    });
    assert_eq!(codes_of(&v), one("EXT-15", E));
}

#[test]
fn filter_functions_in_requests_and_editors() {
    let v = with(|v| {
        v["definitions"]["NewTask"]["properties"]["title"]["x-ms-capabilities"] =
            json!({"filterFunctions": ["eq"]});
    });
    let r = run(&v);
    assert_eq!(
        codes_of(&v),
        one("EXT-17", E),
        "reported once for two operations: {r:?}"
    );
    assert!(r[0].2.contains("request body"));
    let v = with(|v| {
        v["definitions"]["NewTask"]["properties"]["labels"] = json!({"type": "object",
            "additionalProperties": false, "x-ms-editor": "dictionary"});
    });
    assert_eq!(codes_of(&v), one("EXT-16", E));
}

#[test]
fn hostile_input_is_bounded() {
    // a self-referencing schema carrying a dynamic reference, used by many operations
    let mut v = good_swagger();
    v["definitions"]["Node"] = json!({"type": "object", "properties": {
        "next": {"$ref": "#/definitions/Node"},
        "pick": {"type": "string", "x-ms-dynamic-values": {"operationId": "ListProjects",
            "value-path": "id", "value-title": "name", "parameters": {"a": {"parameter": "zzz"}}}}}});
    for i in 0..300 {
        v["paths"][format!("/n{i}")] = json!({"post": {"operationId": format!("N{i}"),
            "parameters": [{"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Node"}}],
            "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Node"}}}}});
    }
    let start = std::time::Instant::now();
    let r = run(&v);
    assert!(start.elapsed().as_secs() < 20);
    // one EXT-02 (the key) and one EXT-05 (the source), not one per operation
    assert_eq!(r.iter().filter(|d| d.0 == "EXT-05").count(), 1, "{r:?}");
    assert_eq!(r.iter().filter(|d| d.0 == "EXT-02").count(), 1, "{r:?}");
    // garbage in the extensions never panics
    for junk in [
        json!(null),
        json!([]),
        json!("x"),
        json!({"operationId": 3, "parameters": []}),
        json!({"operationId": "ListProjects", "parameters": {"": {"parameter": ""}}, "value-collection": "/"}),
    ] {
        let v = with(|v| {
            *projects_ref(v) = junk.clone();
            list_params(v)[1]["x-ms-enum-values"] = junk.clone();
            v["paths"]["/tasks"]["get"]["x-ms-pageable"] = junk.clone();
            v["paths"]["/tasks"]["get"]["x-ms-api-annotation"] = junk.clone();
        });
        let _ = run(&v);
    }
}
