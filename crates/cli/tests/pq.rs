//! `certpack check X.mez` through the binary: the fixtures under `tests/fixtures/pq`
//! zipped into `.mez` files, checked in human, JSON and SARIF output.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn certpack() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_certpack"));
    c.env("NO_COLOR", "1").env_remove("CERTPACK_CLIENT_SECRET");
    c
}

fn run(args: &[&str]) -> Output {
    certpack().args(args).output().expect("certpack runs")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/pq")
        .join(name)
}

/// The fixture folder `name` zipped flat into `dir/<file>` (deflated, like the SDK).
fn mez(dir: &Path, name: &str, file: &str) -> PathBuf {
    mez_edited(dir, name, file, &[])
}

/// [`mez`] with each `(from, to)` replaced once in the section document `<name>.pq`.
fn mez_edited(dir: &Path, name: &str, file: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut entries: Vec<_> = std::fs::read_dir(fixture(name))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let document = format!("{name}.pq");
    for p in entries {
        let entry = p.file_name().unwrap().to_str().unwrap();
        let mut bytes = std::fs::read(&p).unwrap();
        if entry == document {
            let mut text = String::from_utf8(bytes).unwrap();
            for (from, to) in edits {
                assert!(text.contains(from), "{name}.pq lacks {from:?}");
                text = text.replacen(from, to, 1);
            }
            bytes = text.into_bytes();
        }
        w.start_file(entry, o).unwrap();
        w.write_all(&bytes).unwrap();
    }
    let path = dir.join(file);
    std::fs::write(&path, w.finish().unwrap().into_inner()).unwrap();
    path
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

#[test]
fn the_clean_sample_passes_with_notes_only() {
    let dir = tempfile::tempdir().unwrap();
    let p = mez(dir.path(), "HelloWorld", "HelloWorld.mez");
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json(&out);
    let report = report.as_array().map_or(&report, |a| &a[0]);
    assert_eq!(report["kind"], "mez");
    let loud: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] != "info")
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
    let quiet = run(&["check", "-q", p.to_str().unwrap()]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("warning["));
}

#[test]
fn the_broken_sample_fails_with_placed_findings() {
    let dir = tempfile::tempdir().unwrap();
    let p = mez(dir.path(), "Broken", "Broken.mez");
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let report = report.as_array().map_or(&report, |a| &a[0]);
    let diags = report["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    for want in [
        "PQ-02", "PQ-04", "PQ-05", "PQ-16", "PQ-21", "PQ-23", "PQ-27", "PQ-28", "PQ-29", "PQ-30",
        "PQ-32",
    ] {
        assert!(codes.contains(&want), "{want} missing from {codes:?}");
    }
    let version = diags.iter().find(|d| d["code"] == "PQ-30").unwrap();
    assert!(
        version["file"]
            .as_str()
            .unwrap()
            .ends_with("Broken.mez!/Broken.pq"),
        "{version}"
    );
    assert_eq!(version["line"], 5);
    assert_eq!(version["column"], 11);
    // the human output quotes the line from inside the .mez
    let human = run(&["check", p.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("Broken.mez!/Broken.pq:5:11"), "{text}");
    assert!(
        text.contains("5 | BaseUrl = \"http://example.com/api/\";"),
        "{text}"
    );
    // and SARIF has the place
    let sarif = run(&["check", "--format", "sarif", p.to_str().unwrap()]);
    assert_eq!(sarif.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&sarif.stdout).contains("PQ-30"));
}

#[test]
fn a_mez_that_is_not_a_zip_is_a_zip_finding() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("Broken.mez");
    std::fs::write(&p, b"section Broken; not a zip").unwrap();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"ZIP-01\""), "{text}");
    assert!(!text.contains("\"PKG-01\""), "{text}");
}

#[test]
fn a_pqx_is_noted_and_warned() {
    let dir = tempfile::tempdir().unwrap();
    let p = mez(dir.path(), "HelloWorld", "HelloWorld.pqx");
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"PQ-35\""), "{text}");
    assert_eq!(out.status.code(), Some(0));
}

/// The clean sample and an update of it, in `dir/old` and `dir/new`.
fn update(dir: &Path, edits: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    for side in ["old", "new"] {
        std::fs::create_dir(dir.join(side)).unwrap();
    }
    (
        mez(&dir.join("old"), "HelloWorld", "HelloWorld.mez"),
        mez_edited(&dir.join("new"), "HelloWorld", "HelloWorld.mez", edits),
    )
}

#[test]
fn diff_of_two_mez_names_the_breaking_changes_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = update(
        dir.path(),
        &[
            ("shared HelloWorld.Contents", "shared HelloWorld.Feed"),
            ("Anonymous = []", "Key = []"),
        ],
    );
    let out = run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["update"], "major", "{v:#}");
    assert_eq!(v["kind"], "mez");
    let diags = v["diagnostics"].as_array().unwrap();
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(diags.len(), changes.len());
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    for code in ["BRK-31", "BRK-33", "BRK-35", "PQ-14"] {
        assert!(codes.contains(&code), "{code} missing: {codes:?}");
    }
    for d in diags {
        assert!(d["file"].as_str().unwrap().contains("new"), "{d:#}");
        assert!(
            d["previous"]["file"].as_str().unwrap().contains("old"),
            "{d:#}"
        );
    }
    let removed = diags.iter().find(|d| d["code"] == "BRK-31").unwrap();
    assert_eq!(removed["severity"], "warning");
    assert!(
        removed["message"]
            .as_str()
            .unwrap()
            .contains("major version did not go up"),
        "{removed:#}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c["code"] == "BRK-31" && c["breaking"] == true)
    );

    // only additions, with the version raised: a minor update, nothing breaking
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = update(
        dir.path(),
        &[
            ("Anonymous = []", "Anonymous = [], Key = []"),
            ("\"1.0.0\"", "\"1.1.0\""),
        ],
    );
    let out = run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["update"], "minor", "{v:#}");
    assert_eq!(v["changes"].as_array().unwrap().len(), 1, "{v:#}");
    assert_eq!(v["changes"][0]["code"], "BRK-35");
}

#[test]
fn check_mez_with_previous_reports_the_update() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = update(
        dir.path(),
        &[(
            "optional message as (type text meta [",
            "message as (type text meta [",
        )],
    );
    let out = run(&[
        "check",
        "--format",
        "json",
        new.to_str().unwrap(),
        "--previous",
        old.to_str().unwrap(),
    ]);
    let v = json(&out);
    let report = v.as_array().map_or(&v, |a| &a[0]);
    let diags = report["diagnostics"].as_array().unwrap();
    let brk = diags
        .iter()
        .find(|d| d["code"] == "BRK-32")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(brk["severity"], "warning");
    assert!(brk["previous"]["line"].is_number(), "{brk:#}");
    assert!(diags.iter().any(|d| d["code"] == "PQ-14"), "{diags:#?}");

    // the same sample as its own previous version: no BRK finding
    let out = run(&[
        "check",
        "--format",
        "json",
        old.to_str().unwrap(),
        "--previous",
        old.to_str().unwrap(),
    ]);
    let v = json(&out);
    let report = v.as_array().map_or(&v, |a| &a[0]);
    let brk: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("BRK-"))
        .collect();
    assert!(brk.is_empty(), "{brk:#?}");
}

#[test]
fn a_client_secret_in_the_mez_is_placed_but_its_line_never_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let file = mez_edited(
        tmp.path(),
        "HelloWorld",
        "HelloWorld.mez",
        &[(
            "shared HelloWorld.Contents",
            "Token = [client_id = \"hello\", client_secret = \"s3cr3t-d0-not-print\"];\n\nshared HelloWorld.Contents",
        )],
    );
    let o = run(&["check", file.to_str().unwrap()]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(all.contains("PQ-32"), "{all}");
    assert!(all.contains("HelloWorld.pq:"), "the place is given: {all}");
    assert!(!all.contains("s3cr3t-d0-not-print"), "{all}");
}
