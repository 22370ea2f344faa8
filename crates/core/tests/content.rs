//! Content rules end to end: the `good` fixture folder yields no finding; each
//! defect made in a copy of it yields exactly its rule's code; the connector inside
//! a solution is checked with zip paths; the cross-checks (XCK-01, PC-08, PRP-08,
//! SEC-01 verbatim) work on real loaded files.

#[path = "../benches/support/generate.rs"]
mod generate;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use certpack_core::check::{CheckOptions, check_path};
use certpack_core::connector::{self, ConnectorFiles};
use certpack_core::example::{ConnectorSpec, SolutionSpec};
use certpack_core::model::{PublisherKind, Report, Severity};
use certpack_core::read::zip::{Archive, Limits};
use certpack_core::rules::content::icon::sample_icon;
use certpack_core::rules::content::{cross, properties, secrets};
use certpack_core::rules::files::FILE_01;
use certpack_core::rules::{Sink, all};
use certpack_core::secret::ClientSecret;
use serde_json::{Value, json};

fn good_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/connectors/good")
}

fn opts(publisher: PublisherKind) -> CheckOptions {
    CheckOptions {
        publisher,
        ..CheckOptions::default()
    }
}

fn codes(r: &Report) -> BTreeSet<String> {
    r.diagnostics.iter().map(|d| d.code.clone()).collect()
}

#[test]
fn good_fixture_has_no_findings() {
    let r = check_path(&good_dir(), &opts(PublisherKind::Verified)).unwrap();
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
}

/// A copy of the good folder to damage.
struct Copy {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Copy {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("connector");
        std::fs::create_dir(&dir).unwrap();
        for e in std::fs::read_dir(good_dir()).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        }
        Copy { _tmp: tmp, dir }
    }
    fn json(&self, name: &str, f: impl FnOnce(&mut Value)) {
        let p = self.dir.join(name);
        let mut v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        f(&mut v);
        std::fs::write(p, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    }
    fn swagger(&self, f: impl FnOnce(&mut Value)) {
        self.json("apiDefinition.swagger.json", f);
    }
    fn props(&self, f: impl FnOnce(&mut Value)) {
        self.json("apiProperties.json", f);
    }
    fn text(&self, name: &str, f: impl FnOnce(String) -> String) {
        let p = self.dir.join(name);
        let t = std::fs::read_to_string(&p).unwrap_or_default();
        std::fs::write(p, f(t)).unwrap();
    }
    fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.dir.join(name), bytes).unwrap();
    }
    fn remove(&self, name: &str) {
        std::fs::remove_file(self.dir.join(name)).unwrap();
    }
}

type Defect = fn(&Copy);

/// Makes the copy a valid independent-publisher connector (brand colour, no icon).
fn as_ip(c: &Copy) {
    c.props(|v| v["properties"]["iconBrandColor"] = "#da3b01".into());
    c.remove("icon.png");
}

const BG: [u8; 4] = [0x1f, 0x6f, 0x43, 255];
const LOGO: [u8; 4] = [245, 245, 245, 255];

fn defects() -> Vec<(&'static str, PublisherKind, Defect)> {
    use PublisherKind::{Independent as IP, Verified as V};
    vec![
        ("TTL-01", V, |c| {
            c.swagger(|v| v["info"]["title"] = "Contoso Tasks And Projects Planner".into())
        }),
        ("TTL-02", V, |c| {
            c.swagger(|v| v["info"]["title"] = "Contoso Tasks API".into())
        }),
        ("TTL-03", V, |c| {
            c.swagger(|v| v["info"]["title"] = "Contoso Tasks!".into())
        }),
        ("TTL-04", V, |c| {
            c.swagger(|v| v["info"]["title"] = "Contoso Tâches".into())
        }),
        ("DSC-01", V, |c| {
            c.swagger(|v| v["info"]["description"] = "Tasks for teams.".into())
        }),
        ("DSC-02", V, |c| {
            c.swagger(|v| {
                v["info"]["description"] =
                    "Track the tasks of your team from Power Automate and get notified.".into()
            })
        }),
        ("DSC-03", V, |c| {
            c.swagger(|v| {
                v["info"]["description"] =
                    "Contoso Tasks keeps your team's work in one place".into()
            })
        }),
        ("STR-01", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["post"]["description"] =
                    "Creates a task from a Power Apps form.".into()
            })
        }),
        ("STR-02", V, |c| {
            c.swagger(|v| {
                v["info"]["description"] =
                    "Contoso Tasks keeps your work in one place. See https://contoso.example.com."
                        .into()
            })
        }),
        ("SWG-01", V, |c| c.swagger(|v| v["swagger"] = "3.0".into())),
        ("SWG-10", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]["parameters"][0]["x_ms_summary"] = "Project".into()
            })
        }),
        ("SWG-11", V, |c| {
            c.swagger(|v| v["paths"]["/tasks"]["get"]["parameters"][1]["required"] = "false".into())
        }),
        ("SWG-12", V, |c| {
            c.swagger(|v| {
                v["info"].as_object_mut().unwrap().remove("version");
            })
        }),
        ("SWG-13", V, |c| {
            c.swagger(|v| v["securityDefinitions"]["oauth2_auth"]["flow"] = "implicit".into())
        }),
        ("SWG-14", V, |c| {
            c.swagger(|v| v["security"] = serde_json::json!([{ "oauth2_auth": "tasks.readwrite" }]))
        }),
        ("SWG-15", V, |c| {
            c.swagger(|v| v["tags"] = serde_json::json!([{ "name": "Tasks" }, { "name": "Tasks" }]))
        }),
        ("SWG-16", V, |c| {
            c.swagger(|v| {
                v["externalDocs"] = serde_json::json!({ "url": "docs.contoso.example.com" })
            })
        }),
        ("SWG-02", V, |c| {
            c.swagger(|v| v["x-padding"] = "a".repeat(1 << 20).into())
        }),
        ("SWG-03", V, |c| {
            c.swagger(|v| v["host"] = "https://api.contoso.example.com".into())
        }),
        ("SWG-04", V, |c| c.swagger(|v| v["basePath"] = "v1".into())),
        ("SWG-05", V, |c| {
            c.swagger(|v| v["schemes"] = json!(["http"]))
        }),
        ("SWG-06", V, |c| {
            c.swagger(|v| v["info"]["contact"]["email"] = "support".into())
        }),
        ("SWG-07", V, |c| {
            c.swagger(|v| {
                v.as_object_mut().unwrap().remove("x-ms-connector-metadata");
            })
        }),
        ("SWG-08", V, |c| {
            c.swagger(|v| {
                v["x-ms-connector-metadata"][2]["propertyValue"] = "Productivity;Toys".into()
            })
        }),
        ("SWG-09", V, |c| {
            c.swagger(|v| {
                let op = v["paths"]["/projects"]["get"].clone();
                for i in 0..260 {
                    let mut o = op.clone();
                    o["operationId"] = format!("ListProjects{i}").into();
                    v["paths"][format!("/projects{i}")] = json!({ "get": o });
                }
            })
        }),
        ("OPS-01", V, |c| {
            c.swagger(|v| v["paths"]["/tasks"]["post"]["operationId"] = "ListTasks".into())
        }),
        ("OPS-02", V, |c| {
            c.swagger(|v| v["paths"]["/tasks"]["get"]["summary"] = "List tasks/projects".into())
        }),
        ("OPS-03", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]
                    .as_object_mut()
                    .unwrap()
                    .remove("description");
            })
        }),
        ("OPS-04", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]
                    .as_object_mut()
                    .unwrap()
                    .remove("x-ms-visibility");
            })
        }),
        ("OPS-05", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks/{taskId}"]["parameters"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("x-ms-summary");
            })
        }),
        ("OPS-06", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]["parameters"][0]["x-ms-visibility"] = "internal".into()
            })
        }),
        ("OPS-07", V, |c| {
            c.swagger(|v| v["paths"]["/tasks/{taskId}"]["parameters"][0]["required"] = false.into())
        }),
        ("OPS-08", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]["operationId"] =
                    format!("ListTasks{}", "X".repeat(60)).into()
            })
        }),
        ("RSP-06", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]["responses"]["200"]["headers"] =
                    json!({"X-Total": {"type": "integer"}, "x-total": {"type": "integer"}})
            })
        }),
        ("RSP-07", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]["responses"]["2XX"] = json!({"description": "Fine."})
            })
        }),
        ("RSP-01", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]["responses"] =
                    json!({"404": {"description": "Not found."}})
            })
        }),
        ("RSP-02", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]["responses"]["default"]["schema"] =
                    json!({"type": "string"})
            })
        }),
        ("RSP-03", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks/{taskId}"]["get"]["responses"]["200"]
                    .as_object_mut()
                    .unwrap()
                    .remove("schema");
            })
        }),
        ("RSP-04", V, |c| {
            c.swagger(|v| {
                v["definitions"]["Task"]["properties"]["extra"] = json!({"type": "object"})
            })
        }),
        ("RSP-05", V, |c| {
            c.swagger(|v| {
                v["paths"]["/tasks"]["get"]["responses"]["404"] =
                    json!({"description": "Not found.", "schema": {"type": "string"}})
            })
        }),
        ("PRP-01", V, |c| {
            c.props(|v| {
                v["properties"]["connectionParameters"]["token"]["type"] = "oAuthSetting".into()
            })
        }),
        ("PRP-02", V, |c| {
            c.props(|v| v["properties"]["iconBrandColor"] = "#007EE5".into())
        }),
        ("PRP-03", IP, |c| {
            as_ip(c);
            c.props(|v| v["properties"]["iconBrandColor"] = "#1f6f43".into());
        }),
        ("PRP-04", V, |c| {
            c.props(|v| {
                v["properties"].as_object_mut().unwrap().remove("publisher");
            })
        }),
        ("PRP-05", V, |c| {
            c.props(|v| {
                v["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientSecret"] =
                    "Qx8~h2Lr0pZk3vN9_wT5yB7cD1eF4gH6jK".into()
            })
        }),
        ("PRP-06", V, |c| {
            c.props(|v| v["properties"]["connectionParameters"]["token"]["uiDefinition"]["constraints"]["required"] = true.into())
        }),
        ("PRP-07", V, |c| {
            c.props(|v| {
                v["properties"]["connectionParameters"]["token"]["uiDefinition"]
                    .as_object_mut()
                    .unwrap()
                    .remove("displayName");
            })
        }),
        ("ICN-01", V, |c| {
            c.write("icon.png", b"\xff\xd8\xff\xe0\x00\x10JFIF")
        }),
        ("ICN-02", V, |c| {
            c.write("icon.png", &sample_icon(300, BG, LOGO))
        }),
        ("ICN-03", V, |c| {
            // 230×230, padded past 1 MB with a text chunk
            let mut out = Vec::new();
            let mut e = png::Encoder::new(&mut out, 230, 230);
            e.set_color(png::ColorType::Rgba);
            e.add_text_chunk("Comment".into(), "x".repeat(1 << 20))
                .unwrap();
            e.write_header()
                .unwrap()
                .write_image_data(&BG.repeat(230 * 230))
                .unwrap();
            c.write("icon.png", &out);
        }),
        ("ICN-04", V, |c| {
            c.write("icon.png", &sample_icon(230, BG, [0, 0, 0, 0]))
        }),
        ("ICN-05", V, |c| {
            c.write("icon.png", &sample_icon(230, [200, 30, 30, 255], LOGO))
        }),
        ("ICN-06", IP, |c| {
            as_ip(c);
            c.write("icon.png", &sample_icon(230, BG, LOGO));
        }),
        ("CSX-01", V, |c| {
            c.text("script.csx", |t| {
                format!("{t}\n// {}\n", "x".repeat(1 << 20))
            })
        }),
        ("CSX-02", V, |c| {
            c.text("script.csx", |t| t.replace(": ScriptBase", ""))
        }),
        ("CSX-03", V, |c| {
            c.text("script.csx", |t| {
                format!("using System.Data.SqlClient;\n{t}")
            })
        }),
        ("CSX-04", V, |c| {
            c.text("script.csx", |t| {
                t.replace(
                    "var body =",
                    "var client = new HttpClient();\n        var body =",
                )
            })
        }),
        ("DOC-01", V, |c| {
            c.text("README.md", |t| {
                t.replace("## Known Issues and Limitations", "## Notes")
            })
        }),
        ("DOC-02", V, |c| {
            c.text("intro.md", |t| t.replace("## FAQ", "## Questions"))
        }),
        ("DOC-03", V, |c| {
            c.text("intro.md", |t| {
                t.replace("## FAQ", "## Actions\n\n- List tasks\n\n## FAQ")
            })
        }),
        ("DOC-04", IP, |c| {
            as_ip(c);
            c.text("README.md", |t| {
                t.replace("enter your own OAuth client id and secret", "sign in")
            });
        }),
        ("SEC-01", V, |c| {
            c.text("README.md", |t| {
                format!("{t}\nToken: ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\n")
            })
        }),
        ("JSON-01", V, |c| {
            c.text("apiDefinition.swagger.json", |t| {
                t.replacen("\"swagger\": \"2.0\",", "\"swagger\": \"2.0\",,", 1)
            })
        }),
    ]
}

#[test]
fn each_defect_yields_exactly_its_code() {
    let mut failures = Vec::new();
    for (code, publisher, defect) in defects() {
        let c = Copy::new();
        defect(&c);
        let r = check_path(&c.dir, &opts(publisher)).unwrap();
        let got = codes(&r);
        if got != BTreeSet::from([code.to_owned()]) {
            failures.push(format!("{code}: got {got:?}\n{:#?}", r.diagnostics));
        }
        for d in &r.diagnostics {
            assert!(
                d.location.file.is_some(),
                "{code}: finding without a file: {d:?}"
            );
            let json = d
                .location
                .file
                .as_deref()
                .is_some_and(|f| f.ends_with(".json"));
            if json && d.code != "JSON-01" {
                assert!(
                    d.location.pointer.is_some(),
                    "{code}: JSON finding without a pointer: {d:?}"
                );
            }
            assert!(
                d.location.line.is_some()
                    || d.location
                        .file
                        .as_deref()
                        .is_some_and(|f| f.ends_with(".png")),
                "{code}: finding without line:column: {d:?}"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_content_rule_is_exercised() {
    let covered: BTreeSet<&str> = defects()
        .iter()
        .map(|(c, _, _)| *c)
        .chain(["PRP-08", "XCK-01", "PC-08"]) // need two inputs: tested below
        .collect();
    let families = [
        "TTL", "DSC", "STR", "ICN", "PRP", "SWG", "OPS", "RSP", "CSX", "DOC", "SEC", "XCK",
    ];
    for r in all() {
        let family = r.code.split('-').next().unwrap_or("");
        if families.contains(&family) || r.code == "PC-08" {
            assert!(
                covered.contains(r.code),
                "{} has no end-to-end case",
                r.code
            );
        }
    }
}

#[test]
fn independent_publisher_good_copy_is_clean() {
    let c = Copy::new();
    as_ip(&c);
    let r = check_path(&c.dir, &opts(PublisherKind::Independent)).unwrap();
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
}

#[test]
fn malformed_json_still_gets_content_findings() {
    // a trailing comma (recovered) and a reserved word in the title: both reported
    let c = Copy::new();
    c.text("apiDefinition.swagger.json", |t| {
        t.replace(
            "\"title\": \"Contoso Tasks\"",
            "\"title\": \"Contoso Tasks API\"",
        )
        .replacen(
            "\"Productivity;Collaboration\" }",
            "\"Productivity;Collaboration\", }",
            1,
        )
    });
    let r = check_path(&c.dir, &opts(PublisherKind::Verified)).unwrap();
    assert_eq!(
        codes(&r),
        BTreeSet::from(["JSON-01".to_owned(), "TTL-02".to_owned()]),
        "{:#?}",
        r.diagnostics
    );
    // BOM, cp1252 byte and a raw tab: coded, and the rules still run
    let c = Copy::new();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(
        std::fs::read_to_string(c.dir.join("apiDefinition.swagger.json"))
            .unwrap()
            .replace("\"Contoso Tasks\"", "\"Contoso T\u{e2}ches\"")
            .replace("newest first.", "newest\tfirst.")
            .into_bytes(),
    );
    let at = bytes
        .windows(2)
        .position(|w| w == "\u{e2}".as_bytes())
        .unwrap();
    bytes.splice(at..at + 2, [0xE2]);
    c.write("apiDefinition.swagger.json", &bytes);
    let r = check_path(&c.dir, &opts(PublisherKind::Verified)).unwrap();
    let got = codes(&r);
    for want in ["JSON-01", "JSON-03", "TTL-04"] {
        assert!(got.contains(want), "{want} missing: {:#?}", r.diagnostics);
    }
    // duplicate operationId keys: JSON-02 at load and OPS-01 from the content rules
    let c = Copy::new();
    c.text("apiDefinition.swagger.json", |t| {
        t.replacen(
            "\"operationId\": \"ListTasks\",",
            "\"operationId\": \"ListTasks\",\n        \"operationId\": \"ListAllTasks\",",
            1,
        )
    });
    let r = check_path(&c.dir, &opts(PublisherKind::Verified)).unwrap();
    assert_eq!(
        codes(&r),
        BTreeSet::from(["JSON-02".to_owned(), "OPS-01".to_owned()]),
        "{:#?}",
        r.diagnostics
    );
}

#[test]
fn folded_findings_stay_short() {
    // every operation without x-ms-visibility: one note, not one per operation
    let c = Copy::new();
    c.swagger(|v| {
        for p in v["paths"].as_object_mut().unwrap().values_mut() {
            for op in p.as_object_mut().unwrap().values_mut() {
                if let Some(o) = op.as_object_mut() {
                    o.remove("x-ms-visibility");
                }
            }
        }
    });
    let r = check_path(&c.dir, &opts(PublisherKind::Verified)).unwrap();
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].severity, Severity::Info);
    assert!(
        r.diagnostics[0]
            .message
            .starts_with("6 operations have no `x-ms-visibility`")
    );
}

/// The good connector exported into a connector solution.
fn solution_zip(dir: &Path, brand: &str, swagger: &[u8]) -> PathBuf {
    let props: Value = serde_json::from_str(generate::PROPERTIES).unwrap();
    let spec = SolutionSpec {
        unique_name: "ContosoTasksConnector".into(),
        version: "1.0.0.0".into(),
        managed: false,
        connectors: vec![ConnectorSpec {
            name: "new_5Fcontoso".into(),
            display_name: "Contoso Tasks".into(),
            openapi: Some(swagger.to_vec()),
            connection_parameters: serde_json::to_vec_pretty(
                &props["properties"]["connectionParameters"],
            )
            .unwrap(),
            icon: Some(generate::ICON.to_vec()),
            brand_color: brand.into(),
            id: "9f1e4a27-5b3c-4d8e-a6f0-7c2b1d9e0c5a".into(),
        }],
        workflows: vec![],
        connection_refs: vec![],
        plugin: false,
        omit: vec![],
        extra: vec![],
    };
    let p = dir.join("ContosoTasksConnector_1_0_0_0.zip");
    std::fs::write(&p, spec.build()).unwrap();
    p
}

#[test]
fn the_connector_inside_a_solution_is_checked_with_zip_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let good = solution_zip(tmp.path(), "#1f6f43", generate::SWAGGER.as_bytes());
    let r = check_path(&good, &opts(PublisherKind::Verified)).unwrap();
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    assert!(
        r.diagnostics
            .iter()
            .all(|d| !d.code.starts_with("TTL") && !d.code.starts_with("PRP"))
    );

    let bad_swagger = generate::SWAGGER.replace(
        "\"title\": \"Contoso Tasks\"",
        "\"title\": \"Contoso Tasks API\"",
    );
    let bad = solution_zip(tmp.path(), "#ffffff", bad_swagger.as_bytes());
    let r = check_path(&bad, &opts(PublisherKind::Verified)).unwrap();
    let ttl = r
        .diagnostics
        .iter()
        .find(|d| d.code == "TTL-02")
        .expect("TTL-02");
    let file = ttl.location.file.as_deref().unwrap();
    assert!(
        file.ends_with(
            "ContosoTasksConnector_1_0_0_0.zip!/Connector/new_5Fcontoso_openapidefinition.json"
        ),
        "{file}"
    );
    assert_eq!(ttl.location.pointer.as_deref(), Some("/info/title"));
    assert!(ttl.location.line.is_some());
    let prp = r
        .diagnostics
        .iter()
        .find(|d| d.code == "PRP-02")
        .expect("PRP-02");
    assert!(
        prp.location
            .file
            .as_deref()
            .unwrap()
            .ends_with(".zip!/customizations.xml")
    );
}

fn load_solution_connector(zip: &Path) -> ConnectorFiles {
    let mut sink = Sink::new();
    let mut a = Archive::open_file(zip, zip.display().to_string(), Limits::default()).unwrap();
    let info = certpack_core::rules::solution::check_solution(&mut sink, &mut a);
    connector::load_solution(&mut sink, &mut a, &info.connectors[0])
}

#[test]
fn xck01_solution_against_source() {
    let tmp = tempfile::tempdir().unwrap();
    let mut sink = Sink::new();
    let source = connector::load_dir(&mut sink, &good_dir(), &FILE_01);

    let same = load_solution_connector(&solution_zip(
        tmp.path(),
        "#1F6F43",
        generate::SWAGGER.as_bytes(),
    ));
    let mut s = Sink::new();
    cross::compare(&mut s, &source, &same);
    assert!(s.diagnostics().is_empty(), "{:#?}", s.diagnostics());

    let changed = generate::SWAGGER.replace(
        "\"summary\": \"Get a task\"",
        "\"summary\": \"Get one task\"",
    );
    let other = load_solution_connector(&solution_zip(tmp.path(), "#1F6F43", changed.as_bytes()));
    let mut s = Sink::new();
    cross::compare(&mut s, &source, &other);
    let d = s.diagnostics();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "XCK-01");
    assert_eq!(
        d[0].location.pointer.as_deref(),
        Some("/paths/~1tasks~1{taskId}/get/summary")
    );
    assert!(
        d[0].location
            .file
            .as_deref()
            .unwrap()
            .contains(".zip!/Connector/")
    );
}

#[test]
fn pc08_prp08_and_verbatim_secret() {
    let mut sink = Sink::new();
    let source = connector::load_dir(&mut sink, &good_dir(), &FILE_01);
    let mut s = Sink::new();
    cross::check_privacy_link(&mut s, "https://contoso.example.com/privacy", &source);
    assert!(s.diagnostics().is_empty());
    cross::check_privacy_link(&mut s, "https://contoso.example.com/other-privacy", &source);
    assert_eq!(
        s.diagnostics()
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>(),
        ["PC-08"]
    );

    let c = Copy::new();
    c.props(|v| {
        v["properties"]["connectionParameters"] = json!({"api_key": {"type": "securestring",
            "uiDefinition": {"displayName": "API key", "description": "Your key."}}});
    });
    let updated = connector::load_dir(&mut sink, &c.dir, &FILE_01);
    let mut s = Sink::new();
    properties::check_auth_unchanged(&mut s, &source, &source);
    assert!(s.diagnostics().is_empty());
    properties::check_auth_unchanged(&mut s, &source, &updated);
    assert_eq!(
        s.diagnostics()
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>(),
        ["PRP-08"]
    );

    // the typed client secret, found in a nested zip, never echoed
    let secret = ClientSecret::new("s3cr3t-Value-0123".into());
    let tmp = tempfile::tempdir().unwrap();
    let sw = generate::SWAGGER.replace(
        "Lists the tasks of a project",
        "Lists tasks (s3cr3t-Value-0123)",
    );
    let zip = solution_zip(tmp.path(), "#1f6f43", sw.as_bytes());
    let mut a = Archive::open_file(&zip, "sol.zip", Limits::default()).unwrap();
    let mut s = Sink::new();
    secrets::scan_archive(&mut s, &mut a, Some(&secret), &[]);
    let d = s.diagnostics();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "SEC-01");
    assert_eq!(
        d[0].location.file.as_deref(),
        Some("sol.zip!/Connector/new_5Fcontoso_openapidefinition.json")
    );
    assert!(!d[0].message.contains("s3cr3t"));
}

#[test]
fn check_submission_runs_the_cross_checks() {
    use certpack_core::check::check_submission;
    use certpack_core::model::Submission;
    let tmp = tempfile::tempdir().unwrap();
    let c = Copy::new();
    // the typed secret was pasted into the source folder's README
    c.text("README.md", |t| format!("{t}\nsecret: s3cr3t-Value-0123\n"));
    let zip = solution_zip(tmp.path(), "#1f6f43", generate::SWAGGER.as_bytes());
    let intro = tmp.path().join("intro.md");
    std::fs::write(&intro, generate::INTRO.replace("## FAQ", "## Questions")).unwrap();
    let mut sub = Submission::default();
    sub.packages.connector_solution = Some(zip);
    sub.packages.source_dir = Some(c.dir.clone());
    sub.packages.intro = Some(intro);
    sub.properties.privacy_policy_url = "https://contoso.example.com/another-privacy".into();
    let secret = ClientSecret::new("s3cr3t-Value-0123".into());
    let r = check_submission(&sub, Some(&secret), &CheckOptions::default(), 0).unwrap();
    let got = codes(&r);
    for want in ["PC-08", "DOC-02", "SEC-01"] {
        assert!(got.contains(want), "{want} missing: {got:?}");
    }
    assert!(
        !got.contains("XCK-01"),
        "source and solution match: {got:?}"
    );
    let sec = r.diagnostics.iter().find(|d| d.code == "SEC-01").unwrap();
    assert!(sec.location.file.as_deref().unwrap().ends_with("README.md"));
    assert!(r.diagnostics.iter().all(|d| !d.message.contains("s3cr3t")));
}
