//! The `certpack` binary, end to end: exit codes, output formats, several targets at
//! once, and a kill in the middle of a bundle. (Hostile inputs are in `hostile.rs`,
//! the secret in `secret.rs`, kills of a replacing export in `kills.rs`; each PKG/SOL
//! rule's firing and silent case is in the core, beside the rule.)

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use certpack_core::example::{self, SolutionSpec};
use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn certpack() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_certpack"));
    c.env("NO_COLOR", "1").env_remove("CERTPACK_CLIENT_SECRET");
    c
}

fn run(args: &[&str]) -> Output {
    certpack().args(args).output().expect("certpack runs")
}

/// `example::zip_of` for owned entries.
fn zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    example::zip_of(
        &entries
            .iter()
            .map(|(n, b)| (*n, b.as_slice()))
            .collect::<Vec<_>>(),
    )
}

fn package(solutions: &[(&str, Vec<u8>)]) -> Vec<u8> {
    example::package_of(solutions)
}

fn good_solutions() -> Vec<(&'static str, Vec<u8>)> {
    example::contoso_solutions()
}

fn outer(pkg: Vec<u8>) -> Vec<u8> {
    example::upload_of(&pkg)
}

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Self {
        Case {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn json(&self, path: &Path, extra: &[&str]) -> (Value, i32) {
        let mut args = vec!["check", path.to_str().unwrap(), "--format", "json"];
        args.extend_from_slice(extra);
        let out = run(&args);
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
        (v, out.status.code().unwrap())
    }
}

fn codes(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Checks `bytes` as `name` and asserts `code` is reported as an error (exit 1).
fn assert_reports(name: &str, bytes: Vec<u8>, code: &str, extra: &[&str]) -> Value {
    let case = Case::new();
    let path = case.file(name, &bytes);
    let (v, exit) = case.json(&path, extra);
    assert!(
        codes(&v).iter().any(|c| c == code),
        "{code} expected, got {:?}",
        codes(&v)
    );
    assert_eq!(exit, 1, "errors found must exit 1: {v:#}");
    v
}

#[test]
fn good_outer_package_has_no_errors_and_is_quiet() {
    let case = Case::new();
    let path = case.file("upload.zip", &outer(package(&good_solutions())));
    let (v, exit) = case.json(&path, &[]);
    assert_eq!(exit, 0, "{v:#}");
    assert_eq!(v["version"], 1);
    assert_eq!(v["kind"], "outer");
    assert_eq!(v["summary"]["errors"], 0);
    let human = run(&["check", path.to_str().unwrap()]);
    assert!(human.status.success());
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(!text.contains("error"), "{text}");
}

#[test]
fn json_findings_carry_every_documented_key() {
    let v = assert_reports(
        "upload.zip",
        zip(&[("a.md", vec![]), ("b.md", vec![])]),
        "PKG-03",
        &[],
    );
    let d = &v["diagnostics"][0];
    for key in [
        "code", "severity", "message", "file", "pointer", "line", "column", "field", "help",
    ] {
        assert!(d.get(key).is_some(), "missing `{key}` in {d:#}");
    }
    for key in ["errors", "warnings", "infos"] {
        assert!(v["summary"][key].is_number());
    }
}

#[test]
fn pkg_05_multi_auth_without_custom_properties() {
    let mut c = example::contoso_connector();
    c.connection_parameters =
        br#"{"connectionParameterSets": {"uiDefinition": {}, "values": []}}"#.to_vec();
    let mut cs = example::contoso_connector_solution();
    cs.connectors = vec![c.clone()];
    let mut fs = example::contoso_flow_solution();
    fs.connectors = vec![c];
    let case = Case::new();
    let path = case.file(
        "upload.zip",
        &outer(package(&[("C.zip", cs.build()), ("F.zip", fs.build())])),
    );
    let (v, exit) = case.json(&path, &[]);
    assert!(codes(&v).contains(&"PKG-05".to_string()), "{:?}", codes(&v));
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "PKG-05")
        .unwrap();
    assert_eq!(d["severity"], "warning");
    assert_eq!(exit, 0, "a warning alone exits 0");
}

#[test]
fn sol_05_plugin_solution() {
    let v = assert_reports(
        "upload.zip",
        outer(package(&good_solutions())),
        "SOL-05",
        &["--plugin"],
    );
    assert!(codes(&v).contains(&"PKG-08".to_string()));
    let mut s = good_solutions();
    s.push(("Plugin.zip", example::contoso_plugin_solution().build()));
    let case = Case::new();
    let path = case.file("upload.zip", &outer(package(&s)));
    let (v, exit) = case.json(&path, &["--plugin"]);
    assert_eq!(exit, 0, "{:?}", codes(&v));
}

fn with_solutions(connector: SolutionSpec, flow: SolutionSpec) -> Vec<u8> {
    outer(package(&[
        ("Connector.zip", connector.build()),
        ("Flow.zip", flow.build()),
    ]))
}

#[test]
fn zip_01_zip_slip_and_truncation() {
    let mut c = example::contoso_connector_solution();
    c.extra = vec![("../../evil.sh".into(), b"#!/bin/sh".to_vec())];
    let v = assert_reports(
        "upload.zip",
        with_solutions(c, example::contoso_flow_solution()),
        "ZIP-01",
        &[],
    );
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ZIP-01")
        .unwrap();
    assert!(d["message"].as_str().unwrap().contains("../../evil.sh"));
    // A truncated solution inside the package.
    let flow = example::contoso_flow_solution().build();
    let cut = flow[..flow.len() - 40].to_vec();
    let pkg = package(&[
        (
            "Connector.zip",
            example::contoso_connector_solution().build(),
        ),
        ("Flow.zip", cut),
    ]);
    assert_reports("upload.zip", outer(pkg), "ZIP-01", &[]);
    // A truncated outer file.
    let whole = outer(package(&good_solutions()));
    assert_reports(
        "upload.zip",
        whole[..whole.len() / 3].to_vec(),
        "ZIP-01",
        &[],
    );
}

#[test]
fn zip_02_bomb() {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file(
        "Connector/bomb.bin",
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated),
    )
    .unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        w.write_all(&zeros).unwrap();
    }
    let bomb = w.finish().unwrap().into_inner();
    assert!(
        bomb.len() < 1 << 20,
        "64 MiB of zeros deflate to {} bytes",
        bomb.len()
    );
    let pkg = package(&[
        ("Connector.zip", bomb),
        ("Flow.zip", example::contoso_flow_solution().build()),
    ]);
    assert_reports("upload.zip", outer(pkg), "ZIP-02", &[]);
}

#[cfg(target_os = "linux")]
#[test]
fn file_02_unreadable_file_in_a_source_folder() {
    let case = Case::new();
    let dir = case.dir.path().join("connector");
    example::write_example(case.dir.path()).unwrap();
    // /proc/self/mem is a regular file whose read fails (EIO) even for root.
    std::fs::remove_file(dir.join("apiProperties.json")).unwrap();
    std::os::unix::fs::symlink("/proc/self/mem", dir.join("apiProperties.json")).unwrap();
    let (v, exit) = case.json(&dir, &[]);
    assert!(
        codes(&v).contains(&"FILE-02".to_string()),
        "{:?}",
        codes(&v)
    );
    assert_eq!(exit, 1);
}

#[test]
fn exit_2_when_it_cannot_run() {
    let out = run(&["check", "/nonexistent/certpack/path.zip"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error:") && err.contains("path.zip"), "{err}");
    assert_eq!(
        run(&["check"]).status.code(),
        Some(2),
        "usage errors exit 2"
    );
    assert_eq!(run(&["explain", "NOPE-99"]).status.code(), Some(2));
}

#[test]
fn sarif_output_is_sarif() {
    let case = Case::new();
    let path = case.file("upload.zip", &zip(&[("a.md", vec![]), ("b.md", vec![])]));
    let out = run(&["check", path.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "certpack");
    let results = run0["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "PKG-03" && r["level"] == "error")
    );
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run0["tool"]["driver"]["rules"][i]["id"], r["ruleId"]);
    }
}

#[test]
fn bundle_list_writes_nothing_and_bundle_verifies() {
    let case = Case::new();
    let ex = example::write_example(&case.dir.path().join("ex")).unwrap();
    let draft = ex.draft.to_str().unwrap();
    let out_dir = case.dir.path().join("out");
    let list = run(&["bundle", "--submission", draft, "--list"]);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.contains("PkgAssets/ImportConfig.xml") && text.contains("intro.md"),
        "{text}"
    );
    assert!(!out_dir.exists());
    let b = run(&[
        "bundle",
        "--submission",
        draft,
        "-o",
        out_dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let s: Value = serde_json::from_slice(&b.stdout).unwrap();
    let outer = s["outer"].as_str().unwrap();
    let v = run(&["verify", outer]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    assert!(String::from_utf8_lossy(&v.stdout).contains("OK"));
    let insp = run(&["inspect", outer, "--format", "json"]);
    let i: Value = serde_json::from_slice(&insp.stdout).unwrap();
    assert_eq!(
        i["entries"].as_array().unwrap().len(),
        s["entries"].as_array().unwrap().len()
    );
}

#[test]
fn bundle_refuses_errors_and_names_them() {
    let case = Case::new();
    let ex = example::write_example(&case.dir.path().join("ex")).unwrap();
    let out_dir = case.dir.path().join("out");
    let o = run(&[
        "bundle",
        "--intro",
        ex.intro.to_str().unwrap(),
        "--connector-solution",
        ex.connector_solution.to_str().unwrap(),
        "--flow-solution",
        ex.plugin_solution.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("SOL-03") && err.contains("not written"),
        "{err}"
    );
    assert!(std::fs::read_dir(&out_dir).map(|d| d.count()).unwrap_or(0) == 0);
    let forced = run(&[
        "bundle",
        "--intro",
        ex.intro.to_str().unwrap(),
        "--connector-solution",
        ex.connector_solution.to_str().unwrap(),
        "--flow-solution",
        ex.plugin_solution.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--allow-errors",
    ]);
    assert_eq!(forced.status.code(), Some(1), "written with errors: exit 1");
}

/// The example connector solution plus a stored `mb` MiB entry, so a bundle takes a
/// while (stored, so the zip-bomb guard has no reason to stop it).
fn big_solution(mb: usize) -> Vec<u8> {
    let small = example::contoso_connector_solution().build();
    let mut src = zip::ZipArchive::new(Cursor::new(small)).unwrap();
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..src.len() {
        w.raw_copy_file(src.by_index(i).unwrap()).unwrap();
    }
    w.start_file(
        "Connector/padding.bin",
        SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
    )
    .unwrap();
    let chunk = vec![7u8; 1 << 20];
    for _ in 0..mb {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn killing_a_bundle_leaves_nothing_at_the_destination() {
    let case = Case::new();
    let ex = example::write_example(&case.dir.path().join("ex")).unwrap();
    let big = case.file("Big.zip", &big_solution(160));
    let dest = case.dir.path().join("out");
    std::fs::create_dir_all(&dest).unwrap();
    let mut child = certpack()
        .args([
            "bundle",
            "--intro",
            ex.intro.to_str().unwrap(),
            "--connector-solution",
            big.to_str().unwrap(),
        ])
        .args([
            "--flow-solution",
            ex.flow_solution.to_str().unwrap(),
            "--name",
            "Big",
            "-o",
            dest.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it is writing (a temporary file exists in the destination), then kill it.
    let started = std::time::Instant::now();
    let mut saw_temp = false;
    while started.elapsed() < std::time::Duration::from_secs(60) {
        let names: Vec<String> = std::fs::read_dir(&dest)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        if names.iter().any(|n| n.starts_with(".certpack-")) {
            saw_temp = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        saw_temp,
        "the bundle finished before it could be killed; make the input bigger"
    );
    let names: Vec<String> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n == "Big_1.0.0.0_certification.zip" || n.ends_with(".zip")),
        "{names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| n == "manifest.json" || n.ends_with(".sha256")),
        "{names:?}"
    );
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json"))
        .expect("the schema is JSON");
    // The official schema's `language` patterns have a stray `]`, which the draft-07
    // meta-schema rejects as a regex; certpack never writes `language`, so the test
    // corrects that one pattern and validates against the rest as published.
    fn fix_language_pattern(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if m.get("pattern").and_then(Value::as_str)
                    == Some("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$")
                {
                    m.insert(
                        "pattern".into(),
                        Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"),
                    );
                }
                m.values_mut().for_each(fix_language_pattern);
            }
            Value::Array(a) => a.iter_mut().for_each(fix_language_pattern),
            _ => {}
        }
    }
    let mut schema = schema;
    fix_language_pattern(&mut schema);
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let case = Case::new();
    // Findings of every kind of place: a zip entry, a JSON pointer with line:column, a form field.
    let mut c = example::contoso_connector_solution();
    c.connectors[0].openapi =
        Some(b"{\n  \"swagger\": \"2.0\",\n  \"info\": {\"title\": \"Contoso API\"},\n}".to_vec());
    let upload = case.file(
        "my upload.zip",
        &with_solutions(c, example::contoso_flow_solution()),
    );
    let ex = example::write_example(&case.dir.path().join("ex")).unwrap();
    let mut targets = vec![upload, ex.draft.clone(), ex.source_dir.clone()];
    targets.push(case.file("two.zip", &zip(&[("a.md", vec![]), ("b.md", vec![])])));
    for path in targets {
        let out = run(&["check", path.to_str().unwrap(), "--format", "sarif"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        // The oracle can fail: a level SARIF does not define is rejected.
        if v["runs"][0]["results"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
        {
            let mut bad = v.clone();
            bad["runs"][0]["results"][0]["level"] = Value::from("fatal");
            assert!(!validator.is_valid(&bad));
        }
    }
}

#[test]
fn certpack_toml_overrides_are_taken_and_listed() {
    let case = Case::new();
    let path = case.file(
        "upload.zip",
        &zip(&[
            ("a.md", vec![]),
            ("b.md", vec![]),
            ("package.zip", package(&good_solutions())),
        ]),
    );
    let (v, exit) = case.json(&path, &[]);
    assert_eq!(exit, 1);
    assert!(codes(&v).contains(&"PKG-03".to_string()));
    case.file(
        "certpack.toml",
        b"[[override]]\ncode = \"PKG-03\"\nseverity = \"warning\"\nreason = \"the second .md is removed at upload\"\n",
    );
    let (v, exit) = case.json(&path, &[]);
    assert_eq!(exit, 0, "downgraded to a warning: {v:#}");
    let o = &v["overrides"][0];
    assert_eq!(
        (o["code"].as_str(), o["count"].as_u64()),
        (Some("PKG-03"), Some(1))
    );
    assert_eq!(o["reason"], "the second .md is removed at upload");
    let human = String::from_utf8(run(&["check", path.to_str().unwrap()]).stdout).unwrap();
    assert!(
        human.contains("override PKG-03 downgraded to warning"),
        "{human}"
    );
    case.file(
        "certpack.toml",
        b"[[override]]\ncode = \"PKG-03\"\nallow = true\n",
    );
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an override without a reason cannot run"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("reason"));
}

#[test]
fn secret_findings_never_print_the_secret() {
    let case = Case::new();
    let ex = example::write_example(case.dir.path()).unwrap();
    // built at run time so that secret scanners do not flag this file
    let token = format!("{}{}", "gh", "p_Zx9Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3V");
    let readme = ex.source_dir.join("README.md");
    let mut text = std::fs::read_to_string(&readme).unwrap();
    text.push_str(&format!("\nUse the token {token} to try it.\n"));
    std::fs::write(&readme, text).unwrap();
    let out = run(&["check", ex.source_dir.to_str().unwrap()]);
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shown.contains("SEC-01"), "{shown}");
    assert!(!shown.contains(&token), "the token was printed:\n{shown}");
    let json = run(&["check", ex.source_dir.to_str().unwrap(), "--format", "json"]);
    assert!(!String::from_utf8_lossy(&json.stdout).contains(&token));
}

#[test]
fn prp_08_an_update_keeps_its_authentication() {
    let case = Case::new();
    let old = example::write_example(&case.dir.path().join("old")).unwrap();
    let new = example::write_example(&case.dir.path().join("new")).unwrap();
    let (v, _) = case.json(
        &new.source_dir,
        &["--previous", old.source_dir.to_str().unwrap()],
    );
    assert!(
        !codes(&v).contains(&"PRP-08".to_string()),
        "same auth: {:?}",
        codes(&v)
    );
    let props = new.source_dir.join("apiProperties.json");
    let api_key = r##"{"properties": {"connectionParameters": {"api_key": {"type": "securestring",
        "uiDefinition": {"displayName": "API key", "description": "Your Contoso API key.",
        "tooltip": "Your key", "constraints": {"required": "true"}}}},
        "iconBrandColor": "#1f6f5c", "capabilities": ["actions"], "publisher": "Contoso Ltd", "stackOwner": "Contoso Ltd"}}"##;
    std::fs::write(&props, api_key).unwrap();
    // The previous version may be a solution zip: the connector inside is compared.
    let (v, exit) = case.json(
        &new.source_dir,
        &["--previous", old.connector_solution.to_str().unwrap()],
    );
    assert!(codes(&v).contains(&"PRP-08".to_string()), "{:?}", codes(&v));
    assert_eq!(exit, 1);
}

#[test]
fn file_01_missing_files_are_named_with_where_they_were_looked_for() {
    let case = Case::new();
    let ex = example::write_example(case.dir.path()).unwrap();
    let (v, _) = case.json(&ex.source_dir, &[]);
    assert!(
        !codes(&v).contains(&"FILE-01".to_string()),
        "{:?}",
        codes(&v)
    );
    std::fs::remove_file(ex.source_dir.join("apiProperties.json")).unwrap();
    let (v, exit) = case.json(&ex.source_dir, &[]);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "FILE-01")
        .expect("FILE-01");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("apiProperties.json"),
        "{d}"
    );
    assert_eq!(
        d["file"].as_str().unwrap(),
        ex.source_dir.display().to_string()
    );
    assert_eq!(exit, 1);
    // A draft naming a file that was deleted since: the finding points at its form field.
    std::fs::remove_file(&ex.intro).unwrap();
    let (v, _) = case.json(&ex.draft, &[]);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "FILE-01" && d["field"] == "packages.intro");
    assert!(d.is_some(), "{:#}", v["diagnostics"]);
}

#[test]
fn several_targets_are_checked_together() {
    let case = Case::new();
    let good = case.file("good.zip", &outer(package(&good_solutions())));
    let bad = case.file("bad.zip", &zip(&[("intro.md", b"# x".to_vec())]));
    let dir = case.dir.path().join("connector");
    example::write_example(case.dir.path()).unwrap();
    // JSON: an array of the per-target documents, in the order given
    let out = run(&[
        "check",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "one target has errors");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v.as_array().unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["target"], good.to_str().unwrap());
    assert_eq!(docs[0]["summary"]["errors"], 0);
    assert!(codes(&docs[1]).contains(&"PKG-04".to_owned()));
    assert_eq!(docs[2]["kind"], "sourceFolder");
    // SARIF: one run with every result
    let out = run(&[
        "check",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["runs"].as_array().unwrap().len(), 1);
    assert!(
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == "PKG-04")
    );
    // a target that cannot be checked: exit 2, said on stderr, carried in JSON
    let missing = case.dir.path().join("nope.zip");
    let out = run(&[
        "check",
        good.to_str().unwrap(),
        missing.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.zip"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v[1]["error"]["message"].is_string());
}

#[test]
fn recursive_finds_folders_solutions_uploads_and_drafts() {
    let case = Case::new();
    let ex = example::write_example(&case.dir.path().join("tree")).unwrap();
    std::fs::write(case.dir.path().join("tree/notes.txt"), "not a target").unwrap();
    std::fs::write(
        case.dir.path().join("tree/random.zip"),
        zip(&[("a.txt", b"x".to_vec())]),
    )
    .unwrap();
    let out = run(&[
        "check",
        "--recursive",
        case.dir.path().join("tree").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let targets: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["target"].as_str().unwrap().to_owned())
        .collect();
    for want in [
        &ex.source_dir,
        &ex.connector_solution,
        &ex.flow_solution,
        &ex.draft,
    ] {
        assert!(
            targets.iter().any(|t| Path::new(t) == want.as_path()),
            "{want:?} not in {targets:?}"
        );
    }
    assert!(
        !targets
            .iter()
            .any(|t| t.ends_with("random.zip") || t.ends_with("notes.txt")),
        "{targets:?}"
    );
    // the draft still lacks the client secret and the SAS URI; everything else is clean
    assert_eq!(out.status.code(), Some(1));
    for d in v.as_array().unwrap() {
        let t = d["target"].as_str().unwrap();
        if !t.ends_with(".certpack.json") {
            assert_eq!(d["summary"]["errors"], 0, "{t}: {d:#}");
        }
    }
    // human output: quiet on success
    let out = run(&["check", "-r", ex.source_dir.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// `calendar`: the reference's Thanksgiving vector (Go live exactly 24 h before the
/// Friday train makes it; Thursday 11-26 is skipped), as text and as JSON; a bad
/// date is exit 2 with a message.
#[test]
fn calendar_prints_the_trains_of_a_go_live() {
    let out = run(&["calendar", "2026-11-19T09:00"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("group 1  Fri 2026-11-20  Testing"), "{text}");
    assert!(text.contains("group 5  Fri 2026-11-27"), "{text}");

    let out = run(&[
        "calendar",
        "2027-12-23T15:00",
        "--next-working-day",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["trainStart"], "2028-01-03");
    assert_eq!(v["groups"][5]["date"], "2028-01-10");
    let out = run(&[
        "calendar",
        "2026-03-05T10:00",
        "--freeze",
        "2026-03-13..2026-03-13",
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("group 1  Fri 2026-03-20"));

    let bad = run(&["calendar", "Thursday"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a date and time"));
}
