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
    let mut entries: Vec<_> = std::fs::read_dir(fixture(name))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for p in entries {
        w.start_file(p.file_name().unwrap().to_str().unwrap(), o)
            .unwrap();
        w.write_all(&std::fs::read(&p).unwrap()).unwrap();
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
