//! `certpack diff OLD NEW` end to end: exit codes, the JSON document, the previous
//! place in every format, `--changelog`, and that `check NEW --previous OLD` reports
//! the same findings.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use certpack_core::example;
use serde_json::Value;

fn certpack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certpack"))
        .env("NO_COLOR", "1")
        .env_remove("CERTPACK_CLIENT_SECRET")
        .args(args)
        .output()
        .expect("certpack runs")
}

/// Two copies of the example's connector folder: (dir, old, new).
fn versions() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_example(&dir.path().join("ex")).unwrap();
    let copy = |to: &str| {
        let dest = dir.path().join(to);
        std::fs::create_dir(&dest).unwrap();
        for e in std::fs::read_dir(&ex.source_dir).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dest.join(e.file_name())).unwrap();
        }
        dest
    };
    let (old, new) = (copy("old"), copy("new"));
    (dir, old, new)
}

fn edit_swagger(dir: &Path, f: impl FnOnce(&mut Value)) {
    let p = dir.join("apiDefinition.swagger.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(&p, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

/// Removes the first operation (ListTasks in the example).
fn remove_list_tasks(v: &mut Value) {
    let paths = v["paths"].as_object_mut().unwrap();
    let item = paths.values_mut().find(|p| p.get("get").is_some()).unwrap();
    item.as_object_mut().unwrap().remove("get");
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(args: &[&str]) -> (Value, i32) {
    let out = certpack(args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (v, out.status.code().unwrap())
}

#[test]
fn identical_versions_exit_0_and_say_so_once() {
    let (_d, old, new) = versions();
    let out = certpack(&["diff", s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("No changes"), "{text}");
    let quiet = certpack(&["-q", "diff", s(&old), s(&new)]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stdout.is_empty());
    let (v, code) = json(&["diff", s(&old), s(&new), "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(v["update"], "none");
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn a_removed_operation_exits_1_with_both_places() {
    let (_d, old, new) = versions();
    edit_swagger(&new, remove_list_tasks);
    let (v, code) = json(&["diff", s(&old), s(&new), "--format", "json"]);
    assert_eq!(code, 1);
    for key in [
        "version",
        "target",
        "previous",
        "kind",
        "update",
        "diagnostics",
        "changes",
    ] {
        assert!(v.get(key).is_some(), "no `{key}` in {v}");
    }
    assert_eq!(v["version"], 1);
    assert_eq!(v["target"], s(&new));
    assert_eq!(v["previous"], s(&old));
    assert_eq!(v["kind"], "sourceFolder");
    assert_eq!(v["update"], "major");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "BRK-01");
    assert_eq!(d["severity"], "error");
    assert!(d["file"].as_str().unwrap().starts_with(s(&new)));
    assert!(d["previous"]["file"].as_str().unwrap().starts_with(s(&old)));
    assert!(d["previous"]["line"].as_u64().is_some());
    let ch = &v["changes"][0];
    assert_eq!(ch["code"], "BRK-01");
    assert_eq!(ch["operation"], "ListTasks");
    assert_eq!(ch["breaking"], true);
    assert_eq!(ch["mitigated"], false);
    // human: grouped by file, with the previous place
    let out = certpack(&["diff", s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[BRK-01]"), "{text}");
    assert!(
        text.contains(&format!("   was: {}/apiDefinition.swagger.json:", s(&old))),
        "{text}"
    );
    assert!(text.contains("Update: major"), "{text}");
    // SARIF: the previous place is a related location
    let (v, code) = json(&["diff", s(&old), s(&new), "--format", "sarif"]);
    assert_eq!(code, 1);
    let r = &v["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "BRK-01");
    assert!(r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"].is_u64());
}

#[test]
fn changelog_is_markdown_for_customers() {
    let (_d, old, new) = versions();
    edit_swagger(&new, |v| {
        remove_list_tasks(v);
        v["info"]["description"] =
            "A new description of the Contoso connector, for the test.".into();
    });
    let out = certpack(&[
        "diff",
        s(&old),
        s(&new),
        "--changelog",
        "--heading",
        "1.1.0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("## 1.1.0 — "), "{text}");
    assert!(
        text.contains("### Breaking changes\n\n- The “List tasks” action was removed"),
        "{text}"
    );
    assert!(text.contains("### Changed"), "{text}");
    assert!(
        !text.contains("### Added") && !text.contains("ListTasks"),
        "{text}"
    );
}

#[test]
fn a_text_only_update_is_minor_and_exits_0() {
    let (_d, old, new) = versions();
    edit_swagger(&new, |v| {
        v["info"]["description"] =
            "A new description of the Contoso connector, for the test.".into();
    });
    std::fs::write(new.join("README.md"), "# Contoso\n\nNew text.\n").unwrap();
    let (v, code) = json(&["diff", s(&old), s(&new), "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(v["update"], "minor");
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] == "BRK-29")
    );
}

#[test]
fn it_cannot_run_without_two_connectors() {
    let (d, old, _new) = versions();
    let out = certpack(&["diff", s(&old), s(&d.path().join("missing"))]);
    assert_eq!(out.status.code(), Some(2));
    let empty = d.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = certpack(&["diff", s(&empty), s(&old)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no connector found in the previous version"),
        "{err}"
    );
}

#[test]
fn check_with_previous_reports_what_diff_does() {
    let (_d, old, new) = versions();
    edit_swagger(&new, |v| {
        remove_list_tasks(v);
        v["host"] = "tasks.contoso.example.com".into();
    });
    let (d, _) = json(&["diff", s(&old), s(&new), "--format", "json"]);
    let (c, code) = json(&["check", s(&new), "--previous", s(&old), "--format", "json"]);
    assert_eq!(code, 1);
    let brk = |v: &Value| -> Vec<(String, String)> {
        let mut x: Vec<(String, String)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d.get("previous").is_some())
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        x.sort();
        x
    };
    assert_eq!(brk(&c), brk(&d));
    assert!(brk(&c).iter().any(|(code, _)| code == "BRK-19"));
}
