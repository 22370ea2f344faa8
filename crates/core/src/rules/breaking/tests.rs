//! The BRK family's cases (pairs of versions built from the `good` fixture by
//! mutating its JSON) and its unit tests: places, quoted messages, mitigation,
//! bounds.

use serde_json::{Value, json};

use super::*;
use crate::connector::ConnectorFiles;
use crate::model::{Diagnostic, Severity};
use crate::rules::cases::{Case, HELLO_PQ, check_mez_pair, check_pair, hello_pq};
use crate::rules::content::testing::{good_connector, good_properties, good_swagger, json_file};

/// The good connector with `swagger` and `props` as its files, under `dir`.
fn files(dir: &str, swagger: &Value, props: &Value) -> ConnectorFiles {
    let mut f = good_connector();
    f.swagger = Some(json_file(
        &format!("{dir}/apiDefinition.swagger.json"),
        &serde_json::to_string_pretty(swagger).unwrap(),
    ));
    f.properties = Some(json_file(
        &format!("{dir}/apiProperties.json"),
        &serde_json::to_string_pretty(props).unwrap(),
    ));
    f
}

/// The findings of good → good with its swagger changed by `new`.
fn pair(new: fn(&mut Value)) -> Vec<Diagnostic> {
    pair2(|_| {}, new)
}

/// The findings of good changed by `old` → good changed by `new`.
fn pair2(old: fn(&mut Value), new: fn(&mut Value)) -> Vec<Diagnostic> {
    let (mut a, mut b) = (good_swagger(), good_swagger());
    old(&mut a);
    new(&mut b);
    check_pair(
        &files("old", &a, &good_properties()),
        &files("new", &b, &good_properties()),
    )
}

/// The findings of good → good with its apiProperties changed by `new`.
fn props(new: fn(&mut Value)) -> Vec<Diagnostic> {
    let mut b = good_properties();
    new(&mut b);
    check_pair(
        &files("old", &good_swagger(), &good_properties()),
        &files("new", &good_swagger(), &b),
    )
}

fn op<'v>(v: &'v mut Value, path: &str, method: &str) -> &'v mut Value {
    &mut v["paths"][path][method]
}

fn list_params(v: &mut Value) -> &mut Vec<Value> {
    op(v, "/tasks", "get")["parameters"].as_array_mut().unwrap()
}

fn status_param(v: &mut Value) -> &mut Value {
    &mut list_params(v)[1]
}

fn task_props(v: &mut Value) -> &mut serde_json::Map<String, Value> {
    v["definitions"]["Task"]["properties"]
        .as_object_mut()
        .unwrap()
}

/// ListTasks versioned: kept under advanced, with ListTasks_V2 as revision 2.
fn versioned(v: &mut Value) {
    op(v, "/tasks", "get")["x-ms-visibility"] = "advanced".into();
    let mut v2 = op(v, "/tasks", "get").clone();
    v2["operationId"] = "ListTasks_V2".into();
    v2["summary"] = "List tasks (V2)".into();
    v2["x-ms-visibility"] = "important".into();
    v2["x-ms-api-annotation"] = json!({"family": "ListTasks", "revision": 2});
    v["paths"]["/v2/tasks"] = json!({ "get": v2 });
}

fn new_required_param(v: &mut Value) {
    list_params(v).push(
        json!({"name": "workspace", "in": "query", "required": true, "type": "string",
        "x-ms-summary": "Workspace", "description": "The workspace."}),
    );
}

pub(super) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            &BRK_01,
            || pair(|v| drop(v["paths"].as_object_mut().unwrap().remove("/projects"))),
            || pair(|v| op(v, "/projects", "get")["deprecated"] = true.into()),
        ),
        Case::new(
            &BRK_02,
            || pair(|v| op(v, "/tasks", "get")["operationId"] = "ListAllTasks".into()),
            || pair(|v| op(v, "/tasks", "get")["summary"] = "List all tasks".into()),
        ),
        Case::new(
            &BRK_03,
            || {
                pair(|v| {
                    let p = v["paths"]
                        .as_object_mut()
                        .unwrap()
                        .remove("/projects")
                        .unwrap();
                    v["paths"]["/v2/projects"] = p;
                })
            },
            || {
                pair(|v| {
                    let mut p = v["paths"]["/projects"].clone();
                    p["get"]["operationId"] = "ListProjects_V2".into();
                    v["paths"]["/v2/projects"] = p;
                })
            },
        ),
        Case::new(
            &BRK_04,
            || {
                pair(|v| {
                    let get = v["paths"]["/projects"]
                        .as_object_mut()
                        .unwrap()
                        .remove("get")
                        .unwrap();
                    v["paths"]["/projects"]["post"] = get;
                })
            },
            || {
                pair(|v| {
                    let mut post = op(v, "/projects", "get").clone();
                    post["operationId"] = "CreateProject".into();
                    v["paths"]["/projects"]["post"] = post;
                })
            },
        ),
        Case::new(
            &BRK_05,
            || pair(|v| status_param(v)["in"] = "header".into()),
            || {
                pair(|v| {
                    list_params(v).push(json!({"name": "trace", "in": "header", "type": "string"}));
                })
            },
        ),
        Case::new(
            &BRK_06,
            || pair(|v| drop(list_params(v).remove(1))),
            || {
                pair(|v| {
                    status_param(v)["x-ms-visibility"] = "internal".into();
                    status_param(v)["default"] = "open".into();
                })
            },
        ),
        Case::new(
            &BRK_07,
            || pair(|v| status_param(v)["required"] = true.into()),
            || {
                pair(|v| {
                    status_param(v)["required"] = true.into();
                    status_param(v)["x-ms-visibility"] = "internal".into();
                    status_param(v)["default"] = "open".into();
                })
            },
        ),
        Case::new(
            &BRK_08,
            || pair(new_required_param),
            || {
                pair(|v| {
                    new_required_param(v);
                    list_params(v)[2]["x-ms-visibility"] = "internal".into();
                    list_params(v)[2]["default"] = "main".into();
                })
            },
        ),
        // the same change on a versioned operation: a warning; unversioned, not one
        Case::new(
            &BRK_08,
            || {
                pair(|v| {
                    new_required_param(v);
                    versioned(v);
                })
            },
            || pair(new_required_param),
        )
        .reported_as(Severity::Warning),
        Case::new(
            &BRK_09,
            || pair(|v| list_params(v)[0]["type"] = "integer".into()),
            || pair(|v| list_params(v)[0]["description"] = "The project.".into()),
        ),
        Case::new(
            &BRK_10,
            || pair(|v| list_params(v)[0]["enum"] = json!(["a", "b"])),
            || pair(|v| status_param(v)["enum"] = json!(["open", "done", "archived"])),
        ),
        Case::new(
            &BRK_11,
            || pair(|v| status_param(v)["enum"] = json!(["open"])),
            || pair(|v| status_param(v)["enum"] = json!(["done", "open", "archived"])),
        ),
        Case::new(
            &BRK_12,
            || pair(|v| status_param(v)["x-ms-visibility"] = "internal".into()),
            || {
                pair(|v| {
                    status_param(v)["x-ms-visibility"] = "internal".into();
                    status_param(v)["default"] = "open".into();
                })
            },
        ),
        Case::new(
            &BRK_13,
            || pair(|v| drop(task_props(v).remove("created"))),
            || pair(|v| drop(task_props(v).insert("updated".into(), json!({"type": "string"})))),
        ),
        Case::new(
            &BRK_14,
            || pair(|v| task_props(v)["created"]["type"] = "integer".into()),
            || pair(|v| task_props(v)["created"]["description"] = "When it was made.".into()),
        ),
        Case::new(
            &BRK_15,
            || pair(|v| task_props(v)["created"]["format"] = "date".into()),
            || pair(|v| task_props(v)["created"]["x-ms-summary"] = "Created on".into()),
        ),
        Case::new(
            &BRK_16,
            || {
                pair(|v| {
                    let r = op(v, "/tasks", "post")["responses"]
                        .as_object_mut()
                        .unwrap();
                    let created = r.remove("201").unwrap();
                    r.insert("200".into(), created);
                })
            },
            || {
                pair(|v| {
                    op(v, "/tasks", "post")["responses"]["404"] =
                        json!({"description": "No such project."});
                })
            },
        ),
        Case::new(
            &BRK_17,
            || pair(|v| op(v, "/tasks/{taskId}", "get")["x-ms-trigger"] = "single".into()),
            || {
                pair2(
                    |v| op(v, "/tasks/{taskId}", "get")["x-ms-trigger"] = "single".into(),
                    |v| {
                        op(v, "/tasks/{taskId}", "get")["x-ms-trigger"] = "single".into();
                        op(v, "/tasks/{taskId}", "get")["x-ms-trigger-hint"] =
                            "Polls for the task.".into();
                    },
                )
            },
        ),
        Case::new(
            &BRK_19,
            || pair(|v| v["host"] = "tasks.contoso.example.com".into()),
            || pair(|v| v["schemes"] = json!(["https", "http"])),
        ),
        Case::new(
            &BRK_20,
            || {
                props(|p| {
                    p["properties"]["connectionParameters"]["region"] = json!({"type": "string",
                        "uiDefinition": {"displayName": "Region", "description": "Your region.",
                            "constraints": {"required": "true"}}});
                })
            },
            || {
                props(|p| {
                    p["properties"]["connectionParameters"]["region"] = json!({"type": "string",
                        "uiDefinition": {"displayName": "Region", "description": "Your region.",
                            "constraints": {"required": "false"}}});
                })
            },
        ),
        Case::new(
            &BRK_21,
            || {
                props(|p| {
                    p["properties"]["policyTemplateInstances"] = json!([{"templateId": "setheader",
                        "title": "Version", "parameters": {"x-ms-apimTemplateParameter.name": "api-version"}}]);
                })
            },
            || props(|p| p["properties"]["iconBrandColor"] = "#1f6f44".into()),
        ),
        Case::new(
            &BRK_23,
            || {
                pair(|v| {
                    v["paths"]["/tags"] = json!({"get": {"operationId": "ListTags", "summary": "List tags",
                        "description": "Lists the tags.", "responses": {"200": {"description": "The tags."}}}});
                })
            },
            || pair(|_| {}),
        ),
        Case::new(
            &BRK_24,
            || {
                pair(|v| {
                    list_params(v).push(json!({"name": "top", "in": "query", "type": "integer",
                        "x-ms-summary": "Top"}));
                })
            },
            || pair(new_required_param),
        ),
        Case::new(
            &BRK_25,
            || pair(|v| drop(task_props(v).insert("updated".into(), json!({"type": "string"})))),
            || pair(|v| drop(task_props(v).remove("created"))),
        ),
        Case::new(
            &BRK_26,
            || pair(|v| op(v, "/projects", "get")["deprecated"] = true.into()),
            || pair(|v| op(v, "/projects", "get")["description"] = "Lists your projects.".into()),
        ),
        Case::new(
            &BRK_27,
            || pair(versioned),
            || {
                pair(|v| {
                    let mut v2 = op(v, "/tasks", "get").clone();
                    v2["operationId"] = "ListTasks2".into();
                    v["paths"]["/v2/tasks"] = json!({ "get": v2 });
                })
            },
        ),
        Case::new(
            &BRK_28,
            || {
                pair2(
                    |v| {
                        op(v, "/tasks", "get")["x-ms-api-annotation"] = json!({"status": "Preview"})
                    },
                    |v| {
                        op(v, "/tasks", "get")["x-ms-api-annotation"] =
                            json!({"status": "Production"})
                    },
                )
            },
            || {
                pair2(
                    |v| {
                        op(v, "/tasks", "get")["x-ms-api-annotation"] =
                            json!({"status": "Production"})
                    },
                    |v| {
                        op(v, "/tasks", "get")["x-ms-api-annotation"] =
                            json!({"status": "Production"})
                    },
                )
            },
        ),
        Case::new(
            &BRK_29,
            || pair(|v| op(v, "/tasks", "get")["description"] = "Lists tasks.".into()),
            || pair(|_| {}),
        ),
        Case::new(
            &BRK_30,
            || pair(|v| v["info"]["title"] = "Contoso Work".into()),
            || {
                pair(|v| {
                    v["info"]["description"] =
                        "Contoso Tasks keeps your team's work in order.".into()
                })
            },
        ),
        Case::new(&BRK_31, || mez(&[FN_RENAMED]), || mez(&[FN_ADDED])),
        Case::new(&BRK_31, || mez(&KIND_RENAMED), || mez(&[AUTH_ADDED])),
        Case::new(
            &BRK_32,
            || mez(&[MESSAGE_REQUIRED]),
            || mez(&[OPTIONAL_ADDED]),
        ),
        // `DataSource.Path = false`: marking a parameter takes it out of the path;
        // renaming one outside the path changes neither the path nor the calls
        Case::new(
            &BRK_32,
            || mez_from(&[MESSAGE_REQUIRED], &[PATH_EXCLUDED]),
            || mez_from(&[PATH_EXCLUDED], &[PATH_EXCLUDED, MESSAGE_RENAMED]),
        ),
        Case::new(&BRK_33, || mez(&[AUTH_SWAPPED]), || mez(&[AUTH_ADDED])),
        Case::new(&BRK_35, || mez(&[OPTIONAL_ADDED]), || mez(&[])),
        Case::new(&BRK_35, || mez(&[AUTH_ADDED]), || mez(&[MESSAGE_REQUIRED])),
        Case::new(&BRK_35, || mez(&[FN_ADDED]), || mez(&[PATCH])),
        Case::new(&BRK_36, || mez(&[PATCH]), || mez(&[AUTH_ADDED])),
    ]
}

// Edits of the Power Query sample's section document (`cases::hello_pq`).
const FN_RENAMED: (&str, &str) = ("shared HelloWorld.Contents", "shared HelloWorld.Feed");
const FN_ADDED: (&str, &str) = (
    "\nHelloWorldImpl = (",
    "\nshared HelloWorld.Feed = HelloWorldImpl;\n\nHelloWorldImpl = (",
);
const KIND_RENAMED: [(&str, &str); 2] = [
    (
        "[DataSource.Kind=\"HelloWorld\"",
        "[DataSource.Kind=\"Hello\"",
    ),
    ("\nHelloWorld = [", "\nHello = ["),
];
const MESSAGE_REQUIRED: (&str, &str) = (
    "optional message as (type text meta [",
    "message as (type text meta [",
);
const PATH_EXCLUDED: (&str, &str) = (
    "optional message as (type text meta [",
    "message as (type text meta [\n        DataSource.Path = false,",
);
const MESSAGE_RENAMED: (&str, &str) = ("message as (type text", "note as (type text");
const OPTIONAL_ADDED: (&str, &str) = (
    "{\"Hello\"}\n    ]))",
    "{\"Hello\"}\n    ]), optional count as number)",
);
const AUTH_SWAPPED: (&str, &str) = ("Anonymous = []", "Key = []");
const AUTH_ADDED: (&str, &str) = ("Anonymous = []", "Anonymous = [], Key = []");
const PATCH: (&str, &str) = (
    "\"https://example.com/hello/\"",
    "\"https://example.com/hello/v2/\"",
);

/// `check NEW.mez --previous OLD.mez`: the clean sample against itself with `edits`.
fn mez(edits: &[(&str, &str)]) -> Vec<Diagnostic> {
    check_mez_pair(HELLO_PQ, &hello_pq(edits))
}

/// `check NEW.mez --previous OLD.mez`: the sample with `old` edits against the sample
/// with `new` edits.
fn mez_from(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<Diagnostic> {
    check_mez_pair(&hello_pq(old), &hello_pq(new))
}

#[test]
fn data_source_path_false_keeps_the_path_not_the_calls() {
    // marked: the path loses `message`
    let d = mez_from(&[MESSAGE_REQUIRED], &[PATH_EXCLUDED]);
    let f = find(&d, "BRK-32");
    assert!(
        f.message
            .contains("changed from `(message as text)` to `()`"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("without `DataSource.Path = false`"),
        "{}",
        f.message
    );
    // a new required argument outside the path: the same path, but calls break
    let d = mez(&[PATH_EXCLUDED]);
    let f = find(&d, "BRK-32");
    assert!(
        f.message.contains("data source path is the same"),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("`()` before and `(message as text meta [DataSource.Path = false])` now"),
        "{}",
        f.message
    );
    // the same argument, renamed or documented otherwise: nothing
    for new in [
        &[PATH_EXCLUDED, MESSAGE_RENAMED][..],
        &[
            PATH_EXCLUDED,
            ("Documentation.FieldCaption = \"Message\",", ""),
        ],
    ] {
        let d = mez_from(&[PATH_EXCLUDED], new);
        assert!(!d.iter().any(|d| d.code == "BRK-32"), "{d:?}");
    }
    // outside the path before, in it now: the path changes
    let d = mez_from(&[PATH_EXCLUDED], &[MESSAGE_REQUIRED]);
    assert!(
        find(&d, "BRK-32")
            .message
            .contains("to `(message as text)`")
    );
}

#[test]
fn pq_findings_name_both_places_and_the_major_version() {
    let d = mez(&[MESSAGE_REQUIRED]);
    let f = find(&d, "BRK-32");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("`(message as text)`"), "{}", f.message);
    assert!(f.message.contains("from `()`"), "{}", f.message);
    assert!(
        f.message
            .contains("The major version did not go up (`1.0.0` → `1.0.0`)"),
        "{}",
        f.message
    );
    assert!(
        f.location
            .file
            .as_deref()
            .is_some_and(|f| f.ends_with("new/HelloWorld.mez!/HelloWorld.pq")),
        "{:?}",
        f.location
    );
    let prev = f.previous.as_ref().unwrap();
    assert!(
        prev.file
            .as_deref()
            .is_some_and(|f| f.ends_with("old/HelloWorld.mez!/HelloWorld.pq")),
        "{prev:?}"
    );
    assert_eq!((prev.line, f.location.line), (Some(10), Some(10)));
    // PQ-14 comes along: the version was not raised
    assert!(d.iter().any(|d| d.code == "PQ-14"), "{d:?}");
    // a new major version: no note
    let d = mez(&[MESSAGE_REQUIRED, ("\"1.0.0\"", "\"2.0.0\"")]);
    let f = find(&d, "BRK-32");
    assert!(!f.message.contains("major version"), "{}", f.message);
    assert!(!d.iter().any(|d| d.code == "PQ-14"), "{d:?}");
    for d in mez(&[FN_RENAMED])
        .iter()
        .chain(&mez(&KIND_RENAMED))
        .chain(&mez(&[AUTH_SWAPPED]))
    {
        assert!(d.previous.is_some(), "{d:?}");
    }
}

#[test]
fn a_pq_parameter_s_documentation_is_not_its_signature() {
    // a required parameter loses its caption: the name, type and order are the same
    let d = check_mez_pair(
        &hello_pq(&[MESSAGE_REQUIRED]),
        &hello_pq(&[
            MESSAGE_REQUIRED,
            ("Documentation.FieldCaption = \"Message\",", ""),
        ]),
    );
    assert!(!d.iter().any(|d| d.code == "BRK-32"), "{d:?}");
    // its type changes: it is
    let d = check_mez_pair(
        &hello_pq(&[MESSAGE_REQUIRED]),
        &hello_pq(&[
            MESSAGE_REQUIRED,
            ("message as (type text", "message as (type number"),
        ]),
    );
    assert!(d.iter().any(|d| d.code == "BRK-32"), "{d:?}");
}

#[test]
fn a_renamed_pq_function_is_named() {
    let d = mez(&[FN_RENAMED]);
    let f = find(&d, "BRK-31");
    assert!(
        f.message.contains("`HelloWorld.Contents` is gone"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("renamed to `HelloWorld.Feed`"),
        "{}",
        f.message
    );
    assert_eq!(f.location.line, Some(10));
    assert!(
        d.iter()
            .any(|d| d.code == "BRK-35" && d.message.contains("HelloWorld.Feed"))
    );
    let d = mez(&KIND_RENAMED);
    let k = d
        .iter()
        .find(|d| d.code == "BRK-31" && d.message.contains("Data Source Kind `HelloWorld`"))
        .unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(k.previous.as_ref().unwrap().line, Some(36));
}

#[test]
fn a_pq_patch_says_a_patch_would_do() {
    let d = mez(&[PATCH, ("\"1.0.0\"", "\"1.1.0\"")]);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "BRK-36");
    assert!(
        d[0].message.contains("(`1.0.1`) would do"),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].location.line, Some(1));
    // the same document again: no BRK finding (PQ-14 only: the version is not raised)
    let same = check_mez_pair(HELLO_PQ, HELLO_PQ);
    assert!(same.iter().all(|d| d.code == "PQ-14"), "{same:?}");
}

fn find<'d>(d: &'d [Diagnostic], code: &str) -> &'d Diagnostic {
    d.iter().find(|d| d.code == code).unwrap_or_else(|| {
        panic!(
            "no {code} in {:?}",
            d.iter().map(|d| &d.code).collect::<Vec<_>>()
        )
    })
}

#[test]
fn a_removed_operation_names_both_places_and_quotes_the_validator() {
    let d = pair(|v| drop(v["paths"].as_object_mut().unwrap().remove("/projects")));
    assert_eq!(d.len(), 1, "{d:?}");
    let f = &d[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message.split(" Keep it").next().unwrap(),
        "Operation `ListProjects` (“List projects”) was removed. Microsoft's validator: “The operation has \
         been deleted. This change breaks existing flows.” ValuePath: operation/ListProjects."
    );
    // the nearest place that still exists in the new file: `/paths`
    assert_eq!(
        f.location.file.as_deref(),
        Some("new/apiDefinition.swagger.json")
    );
    assert_eq!(f.location.pointer.as_deref(), Some("/paths"));
    assert!(f.location.line.is_some());
    let prev = f.previous.as_ref().unwrap();
    assert_eq!(prev.file.as_deref(), Some("old/apiDefinition.swagger.json"));
    assert_eq!(prev.pointer.as_deref(), Some("/paths/~1projects/get"));
    assert!(prev.line.is_some() && prev.column.is_some());
}

#[test]
fn removing_a_deprecated_operation_is_still_an_error() {
    let d = pair2(
        |v| op(v, "/projects", "get")["deprecated"] = true.into(),
        |v| drop(v["paths"].as_object_mut().unwrap().remove("/projects")),
    );
    assert_eq!(find(&d, "BRK-01").severity, Severity::Error);
}

#[test]
fn mitigation_turns_errors_into_warnings() {
    let plain = pair(|v| drop(task_props(v).remove("created")));
    let on_list = plain
        .iter()
        .find(|d| d.code == "BRK-13" && d.message.contains("`ListTasks`"))
        .unwrap();
    assert_eq!(on_list.severity, Severity::Error);
    assert!(
        on_list
            .message
            .contains("ValuePath: operation/ListTasks/responses/200/schema/items/created")
    );
    let versioned_too = pair(|v| {
        drop(task_props(v).remove("created"));
        versioned(v);
    });
    let on_list = versioned_too
        .iter()
        .find(|d| d.code == "BRK-13" && d.message.contains("operation `ListTasks` ("))
        .unwrap();
    assert_eq!(on_list.severity, Severity::Warning, "{}", on_list.message);
    assert!(
        on_list
            .message
            .starts_with("Breaking, mitigated by versioning: "),
        "{}",
        on_list.message
    );
    assert!(
        on_list.message.contains("`ListTasks_V2` is revision 2"),
        "{}",
        on_list.message
    );
    // the other operations using `Task` are not versioned: still errors
    assert!(versioned_too.iter().any(|d| d.code == "BRK-13"
        && d.message.contains("`GetTask`")
        && d.severity == Severity::Error));
    // a version without the old one marked is no mitigation
    let unmarked = pair(|v| {
        drop(task_props(v).remove("created"));
        versioned(v);
        op(v, "/tasks", "get")["x-ms-visibility"] = "important".into();
    });
    assert!(unmarked.iter().any(|d| d.code == "BRK-13"
        && d.message.contains("`ListTasks`")
        && d.severity == Severity::Error));
}

#[test]
fn output_type_and_format_quote_their_value_paths() {
    let d = pair(|v| task_props(v)["created"]["type"] = "integer".into());
    let m: Vec<&str> = d
        .iter()
        .filter(|d| d.code == "BRK-14")
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        m.iter()
            .any(|m| m.ends_with("ValuePath: operation/GetTask/responses/200/schema/created/type")),
        "{m:?}"
    );
    let d = pair(|v| task_props(v)["created"]["format"] = "date".into());
    let f = d
        .iter()
        .find(|d| d.code == "BRK-15" && d.message.contains("`GetTask`"))
        .unwrap();
    assert!(
        f.message
            .contains("“The type format has been changed for the output field."),
        "{}",
        f.message
    );
    assert!(
        f.message
            .ends_with("ValuePath: operation/GetTask/responses/200/schema/created/format")
    );
    assert_eq!(
        f.location.pointer.as_deref(),
        Some("/definitions/Task/properties/created")
    );
    // an object becoming an array is one type change, not a removal of its members
    let d = pair(|v| {
        v["definitions"]["Task"] = json!({"type": "array", "items": {"type": "string"}});
    });
    assert!(d.iter().any(|d| d.code == "BRK-14"));
    assert!(!d.iter().any(|d| d.code == "BRK-13"), "{d:?}");
}

#[test]
fn body_properties_are_inputs() {
    let d = pair(|v| {
        let p = v["definitions"]["NewTask"].as_object_mut().unwrap();
        p["properties"]["priority"] = json!({"type": "integer", "x-ms-summary": "Priority"});
        p["required"] = json!(["projectId", "title", "priority"]);
        drop(p["properties"].as_object_mut().unwrap().remove("assignee"));
    });
    let added = find(&d, "BRK-08");
    assert!(
        added
            .message
            .contains("ValuePath: operation/CreateTask/parameter/body/schema/priority"),
        "{}",
        added.message
    );
    assert!(
        d.iter()
            .any(|d| d.code == "BRK-06" && d.message.contains("`assignee`"))
    );
    let d = pair(|v| {
        v["definitions"]["NewTask"]["properties"]["status"]["enum"] = json!(["open"]);
    });
    assert!(d.iter().any(|d| d.code == "BRK-11"), "{d:?}");
}

#[test]
fn a_moved_parameter_quotes_the_validator() {
    let d = pair(|v| status_param(v)["in"] = "header".into());
    let f = find(&d, "BRK-05");
    assert!(f.message.contains(
        "“The location has been changed for the parameter. Existing flows will continue to \
         send the parameter in the old location.” ValuePath: operation/ListTasks/parameter/status"
    ));
    assert!(
        !d.iter().any(|d| d.code == "BRK-06" || d.code == "BRK-24"),
        "{d:?}"
    );
}

#[test]
fn a_renamed_operation_is_not_also_added() {
    let d = pair(|v| op(v, "/tasks", "get")["operationId"] = "ListAllTasks".into());
    assert_eq!(
        d.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["BRK-02"],
        "{d:?}"
    );
    assert!(d[0].message.contains("ValuePath: operation/ListTasks"));
}

#[test]
fn the_swagger_security_type_is_prp_08() {
    let d = pair(|v| {
        v["securityDefinitions"] =
            json!({"api_key": {"type": "apiKey", "in": "header", "name": "X-Key"}});
    });
    let f = find(&d, "PRP-08");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message.contains("`oauth2` (accessCode)") && f.message.contains("`apiKey` in header")
    );
    assert_eq!(f.location.pointer.as_deref(), Some("/securityDefinitions"));
    assert!(f.previous.is_some());
}

#[test]
fn every_brk_row_is_declared_once_and_18_is_prp_08() {
    let codes: Vec<&str> = FAMILY.rules.iter().map(|r| r.code).collect();
    for n in 1..=30 {
        let code = format!("BRK-{n:02}");
        assert_eq!(codes.contains(&code.as_str()), n != 18, "{code}");
    }
    const { assert!(!BRK_22.offline) };
    for r in FAMILY.rules {
        assert_eq!(r.scope, crate::rules::Scope::Update, "{}", r.code);
    }
}

fn many_operations(n: usize, extra: &Value) -> Value {
    let mut paths = serde_json::Map::new();
    for i in 0..n {
        paths.insert(
            format!("/items/{i}"),
            json!({"get": {"operationId": format!("Get{i}"), "summary": format!("Get item {i}"),
                "parameters": [{"name": "q", "in": "query", "type": "string"}],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/D0"}}}}}),
        );
    }
    let mut v =
        json!({"swagger": "2.0", "info": {"title": "Many", "version": "1"}, "paths": paths});
    v["definitions"] = extra.clone();
    v
}

/// A DAG of `$ref`s whose expansion doubles at each of 40 levels.
fn exploding_definitions() -> Value {
    Value::Object(crate::rules::content::testing::ref_lattice(
        json!({"type": "string"}),
    ))
}

#[test]
fn hostile_definitions_stay_bounded() {
    let t = std::time::Instant::now();
    let defs = exploding_definitions();
    let a = many_operations(10_000, &defs);
    let mut b = a.clone();
    b["paths"].as_object_mut().unwrap().remove("/items/17");
    b["paths"]["/items/3"]["get"]["parameters"][0]["required"] = true.into();
    let old = files("old", &a, &good_properties());
    let new = files("new", &b, &good_properties());
    let c = crate::diff::compare(&old, &new);
    let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "BRK-01").count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == "BRK-07").count(),
        1,
        "{codes:?}"
    );
    // identical hostile versions: no findings at all
    let c = crate::diff::compare(&old, &files("new", &a, &good_properties()));
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics.first());
    // nested as deep as the reader takes
    let mut deep = json!({"type": "string"});
    // each level is two levels of JSON (`properties`, `x`): 2 × 120 is near the 256 cap
    for _ in 0..120 {
        deep = json!({"type": "object", "properties": {"x": deep}});
    }
    let mut a = good_swagger();
    a["definitions"]["Task"] = deep.clone();
    let mut b = a.clone();
    b["definitions"]["Task"]["type"] = "array".into();
    let c = crate::diff::compare(
        &files("old", &a, &good_properties()),
        &files("new", &b, &good_properties()),
    );
    assert!(c.diagnostics.iter().any(|d| d.code == "BRK-14"));
    assert!(
        t.elapsed() < std::time::Duration::from_secs(120),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn a_pq_fix_in_a_module_alone_is_a_patch_naming_the_module() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, module: &str| {
        let path = dir.path().join(name);
        let bytes = crate::example::zip_of(&[
            ("HelloWorld.pq", HELLO_PQ.as_bytes()),
            ("Helpers.pqm", module.as_bytes()),
        ]);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let old = write("old.mez", "[ Greet = (text as text) as text => text ]");
    let new = write(
        "new.mez",
        "[ Greet = (text as text) as text => Text.Trim(text) ]",
    );
    let opts = crate::check::CheckOptions::default();
    let d = crate::check::check_update(&old, &new, &opts).unwrap();
    let f = find(&d, "BRK-36");
    assert!(
        f.message.starts_with("`Helpers.pqm` changed"),
        "{}",
        f.message
    );
    // the same module on both sides: no patch
    let same = write("same.mez", "[ Greet = (text as text) as text => text ]");
    let d = crate::check::check_update(&old, &same, &opts).unwrap();
    assert!(d.iter().all(|d| d.code != "BRK-36"), "{d:?}");
}
