//! `certpack pr-folder`: exit codes, the path as the last line, JSON, the
//! independent-publisher folder, and a destination that exists.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certpack"))
        .env("NO_COLOR", "1")
        .env_remove("CERTPACK_CLIENT_SECRET")
        .args(args)
        .output()
        .expect("certpack runs")
}

fn args<'a>(a: &'a [&'a dyn AsRef<std::ffi::OsStr>]) -> Vec<&'a std::ffi::OsStr> {
    a.iter().map(|s| s.as_ref()).collect()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn example(dir: &Path) -> certpack_core::example::ExampleFiles {
    certpack_core::example::write_example(dir).unwrap()
}

#[test]
fn writes_the_folder_and_prints_its_path_last() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let out = tmp.path().join("pr");
    let o = run(&args(&[&"pr-folder", &ex.source_dir, &"-o", &out]));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let dest = out.join("certified-connectors/Contoso Tasks");
    assert_eq!(
        stdout(&o).lines().last(),
        Some(dest.display().to_string().as_str())
    );
    assert!(dest.join("apiDefinition.swagger.json").is_file());
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // -q: nothing on success
    let quiet = run(&args(&[
        &"pr-folder",
        &ex.source_dir,
        &"-o",
        &tmp.path().join("q"),
        &"-q",
    ]));
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stdout.is_empty());

    // an existing destination: refused, not touched, exit 2
    std::fs::write(dest.join("README.md"), "mine").unwrap();
    let again = run(&args(&[&"pr-folder", &ex.source_dir, &"-o", &out]));
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dest.join("README.md")).unwrap(),
        "mine"
    );
}

#[test]
fn json_lists_root_path_files_and_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let out = tmp.path().join("pr");
    let o = run(&args(&[
        &"pr-folder",
        &ex.connector_solution,
        &"--intro",
        &ex.intro,
        &"-o",
        &out,
        &"--format",
        &"json",
    ]));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["root"], "certified-connectors/Contoso Tasks");
    assert_eq!(
        v["path"].as_str().map(Path::new),
        Some(out.join("certified-connectors/Contoso Tasks").as_path())
    );
    let names: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "README.md",
            "apiDefinition.swagger.json",
            "apiProperties.json"
        ]
    );
    for f in v["files"].as_array().unwrap() {
        assert_eq!(f["sha256"].as_str().unwrap().len(), 64);
        assert!(f["size"].as_u64().unwrap() > 0);
    }
    assert_eq!(v["diagnostics"], serde_json::json!([]));
}

#[test]
fn an_independent_publisher_without_the_upload_gets_exit_1_and_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let out = tmp.path().join("pr");
    let o = run(&args(&[
        &"pr-folder",
        &ex.source_dir,
        &"-o",
        &out,
        &"--as",
        &"independent",
        &"--format",
        &"json",
    ]));
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["root"], "independent-publisher-connectors/Contoso Tasks");
    assert_eq!(v["prTitle"], "Contoso Tasks (Independent Publisher)");
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "PRF-04" && d["severity"] == "error"),
        "{v}"
    );
    // written all the same: nothing the publisher gave is lost
    assert!(
        out.join("independent-publisher-connectors/Contoso Tasks/README.md")
            .is_file()
    );
}

#[test]
fn no_connector_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = tmp.path().join("pr");
    let o = run(&args(&[
        &"pr-folder",
        &tmp.path().join("missing"),
        &"-o",
        &out,
    ]));
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}
