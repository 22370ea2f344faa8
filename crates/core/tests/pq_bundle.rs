//! The Power Query submission folder: plan, write (atomic, deterministic), verify
//! (a flipped byte, a tampered manifest), `sha256sum -c` on its SHA256SUMS, and the
//! sheet.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use certpack_core::Error;
use certpack_core::pq::bundle::{self, PqInputs, PqRole, PqWriteOptions};
use certpack_core::pq::docs::{DocFacts, DocFunction, draft_article, draft_blurb};

fn facts() -> DocFacts {
    DocFacts {
        name: "ContosoTasks".into(),
        label: Some("Contoso Tasks".into()),
        beta: true,
        auth_kinds: vec!["OAuth".into()],
        function: Some(DocFunction {
            name: "ContosoTasks.Contents".into(),
            parameters: vec![("url".into(), "Uri.Type".into(), false)],
            description: None,
        }),
        version: Some("1.2.0".into()),
    }
}

/// The Power Query SDK-shaped sample of `tests/fixtures/pq/HelloWorld` as a `.mez`.
fn sample_mez() -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pq/HelloWorld");
    certpack_core::example::zip_folder(&dir).unwrap()
}

/// The inputs in `dir`: a .mez, a filled-in draft article, its blurb, a changelog.
fn inputs(dir: &Path) -> PqInputs {
    std::fs::create_dir_all(dir).unwrap();
    let mez = dir.join("ContosoTasks.mez");
    std::fs::write(&mez, sample_mez()).unwrap();
    let article = dir.join("ARTICLE.md");
    let text = draft_article(&facts(), jiff::civil::date(2026, 3, 14)).replace("TODO: ", "");
    std::fs::write(&article, text).unwrap();
    let blurb = dir.join("BLURB.md");
    std::fs::write(&blurb, draft_blurb(&facts()).replace("TODO: ", "")).unwrap();
    let changelog = dir.join("CHANGES.md");
    std::fs::write(&changelog, "- Adds the `Projects` table.\n").unwrap();
    PqInputs {
        mez: Some(mez),
        article: Some(article),
        blurb: Some(blurb),
        changelog: Some(changelog),
        facts: Some(facts()),
        ..PqInputs::default()
    }
}

fn write(inputs: &PqInputs, out: &Path) -> certpack_core::Result<bundle::PqSummary> {
    let plan = bundle::plan(inputs)?;
    bundle::write(&plan, out, &PqWriteOptions::default(), &mut |_| {})
}

fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    certpack_core::example::folder_entries(dir).unwrap()
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_the_folder_with_its_checksums_and_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs(&tmp.path().join("in"));
    let plan = bundle::plan(&inputs).unwrap();
    // the .mez is checked like `check X.mez`: the clean sample has notes at most
    assert!(
        plan.diagnostics
            .iter()
            .all(|d| d.severity == certpack_core::Severity::Info),
        "{:?}",
        plan.diagnostics
    );
    assert_eq!(plan.folder, "ContosoTasks_1.2.0_powerquery");
    let mut events = Vec::new();
    let s = bundle::write(
        &plan,
        &tmp.path().join("out"),
        &PqWriteOptions::default(),
        &mut |e| events.push(e),
    )
    .unwrap();
    assert!(!events.is_empty());
    assert_eq!(
        s.folder,
        tmp.path().join("out/ContosoTasks_1.2.0_powerquery")
    );
    let names: Vec<_> = files_of(&s.folder).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "CHANGELOG.md",
            "ContosoTasks.mez",
            "SHA256SUMS",
            "blog.md",
            "contoso-tasks.md",
            "manifest.json"
        ]
    );
    // the .mez is copied byte for byte
    assert_eq!(
        std::fs::read(s.folder.join("ContosoTasks.mez")).unwrap(),
        std::fs::read(inputs.mez.as_ref().unwrap()).unwrap()
    );
    let sums = std::fs::read_to_string(s.folder.join("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), 4);
    assert_eq!(
        s.sha256,
        certpack_core::inventory::sha256_hex(sums.as_bytes())
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.folder.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["sha256"], s.sha256.as_str());
    assert_eq!(manifest["files"].as_array().unwrap().len(), 4);
    assert_eq!(manifest["version"], "1.2.0");
    // nothing else is left in the destination (no temporary folder)
    assert_eq!(
        entries(&tmp.path().join("out")),
        std::slice::from_ref(&s.folder)
    );
    let v = bundle::verify(&s.folder).unwrap();
    assert!(v.diagnostics.is_empty(), "{:?}", v.diagnostics);
    assert_eq!(v.sha256.as_deref(), Some(s.sha256.as_str()));
    assert_eq!(v.files.len(), 4);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&s.folder).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes_even_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs(&tmp.path().join("in"));
    let a = write(&inputs, &tmp.path().join("a")).unwrap();
    // touch every input: new times, same bytes
    for p in [&inputs.mez, &inputs.article, &inputs.blurb].map(|p| p.as_ref().unwrap()) {
        let bytes = std::fs::read(p).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(p, bytes).unwrap();
    }
    let b = write(&inputs, &tmp.path().join("b")).unwrap();
    assert_eq!(files_of(&a.folder), files_of(&b.folder));
    assert_eq!(a.sha256, b.sha256);
}

#[test]
fn sha256sum_checks_the_folder() {
    let Ok(probe) = std::process::Command::new("sha256sum")
        .arg("--version")
        .output()
    else {
        eprintln!("sha256sum is not installed: skipped");
        return;
    };
    if !probe.status.success() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let s = write(&inputs(&tmp.path().join("in")), &tmp.path().join("out")).unwrap();
    let run = || {
        std::process::Command::new("sha256sum")
            .args(["-c", "--strict", "SHA256SUMS"])
            .current_dir(&s.folder)
            .output()
            .unwrap()
    };
    let ok = run();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout).matches(": OK").count(),
        4
    );
    flip_last_byte(&s.folder.join("blog.md"));
    assert!(!run().status.success());
}

fn flip_last_byte(path: &Path) {
    let mut b = std::fs::read(path).unwrap();
    let last = b.len() - 1;
    b[last] ^= 0x01;
    std::fs::write(path, b).unwrap();
}

#[test]
fn verify_catches_a_flipped_byte_in_any_file() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs(&tmp.path().join("in"));
    for (i, name) in [
        "ContosoTasks.mez",
        "contoso-tasks.md",
        "blog.md",
        "CHANGELOG.md",
    ]
    .iter()
    .enumerate()
    {
        let s = write(&inputs, &tmp.path().join(format!("out{i}"))).unwrap();
        flip_last_byte(&s.folder.join(name));
        let v = bundle::verify(&s.folder).unwrap();
        let codes: Vec<_> = v.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"SUM-01"), "{name}: {codes:?}");
        assert!(codes.contains(&"SUM-02"), "{name}: {codes:?}");
        assert!(v.has_errors());
        let at = v
            .diagnostics
            .iter()
            .find(|d| d.code == "SUM-01")
            .and_then(|d| d.location.file.clone())
            .unwrap();
        assert!(at.ends_with(name), "{at}");
    }
}

#[test]
fn verify_catches_a_tampered_manifest_and_checksums() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs(&tmp.path().join("in"));

    // the manifest's hash of a file changed (and its set hash kept)
    let s = write(&inputs, &tmp.path().join("a")).unwrap();
    let path = s.folder.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m["files"][0]["sha256"] = "0".repeat(64).into();
    std::fs::write(&path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let v = bundle::verify(&s.folder).unwrap();
    assert!(
        v.diagnostics
            .iter()
            .any(|d| d.code == "SUM-02" && d.message.contains("differ from manifest.json")),
        "{:?}",
        v.diagnostics
    );

    // SHA256SUMS rewritten to match a changed file: the set's hash in the manifest catches it
    let s = write(&inputs, &tmp.path().join("b")).unwrap();
    flip_last_byte(&s.folder.join("blog.md"));
    let sha = certpack_core::inventory::hash_file(&s.folder.join("blog.md"))
        .unwrap()
        .0;
    let sums = std::fs::read_to_string(s.folder.join("SHA256SUMS")).unwrap();
    let sums: String = sums
        .lines()
        .map(|l| {
            if l.ends_with("  blog.md") {
                format!("{sha}  blog.md\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(s.folder.join("SHA256SUMS"), sums).unwrap();
    let v = bundle::verify(&s.folder).unwrap();
    let msgs: Vec<_> = v.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        msgs.iter().any(|m| m.contains("the set's SHA-256")),
        "{msgs:?}"
    );
    assert!(
        !v.diagnostics.iter().any(|d| d.code == "SUM-01"),
        "{msgs:?}"
    );

    // a manifest that is not JSON, a file added
    let s = write(&inputs, &tmp.path().join("c")).unwrap();
    std::fs::write(s.folder.join("manifest.json"), "{").unwrap();
    std::fs::write(s.folder.join("extra.txt"), "x").unwrap();
    let v = bundle::verify(&s.folder).unwrap();
    let msgs: Vec<_> = v.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        msgs.iter().any(|m| m.contains("cannot be read")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.contains("`extra.txt`")), "{msgs:?}");

    // a manifest naming a file outside the folder
    let s = write(&inputs, &tmp.path().join("d")).unwrap();
    let path = s.folder.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m["files"][0]["path"] = "../../etc/passwd".into();
    std::fs::write(&path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let v = bundle::verify(&s.folder).unwrap();
    assert!(
        v.diagnostics
            .iter()
            .any(|d| d.message.contains("not a plain file name")),
        "{:?}",
        v.diagnostics
    );
}

#[test]
fn a_cancel_or_a_changed_input_leaves_nothing_at_the_destination() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs(&tmp.path().join("in"));
    let out = tmp.path().join("out");

    // cancelled before the first byte is written
    let plan = bundle::plan(&inputs).unwrap();
    let opts = PqWriteOptions {
        cancel: Some(Arc::new(AtomicBool::new(true))),
        ..PqWriteOptions::default()
    };
    let r = bundle::write(&plan, &out, &opts, &mut |_| {});
    assert!(matches!(r, Err(Error::Cancelled)), "{r:?}");
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));

    // the .mez changed between the plan and the write
    let plan = bundle::plan(&inputs).unwrap();
    std::fs::write(
        inputs.mez.as_ref().unwrap(),
        certpack_core::example::zip_of(&[("Other.pq", b"section Other;")]),
    )
    .unwrap();
    let r = bundle::write(&plan, &out, &PqWriteOptions::default(), &mut |_| {});
    assert!(matches!(r, Err(Error::Verification(_))), "{r:?}");
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
}

#[test]
fn an_existing_folder_is_refused_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs(&tmp.path().join("in"));
    let out = tmp.path().join("out");
    let s = write(&inputs, &out).unwrap();
    std::fs::write(s.folder.join("blog.md"), "edited by hand").unwrap();
    let r = write(&inputs, &out);
    assert!(
        matches!(&r, Err(Error::Input(m)) if m.contains("already exists")),
        "{r:?}"
    );
    assert_eq!(
        std::fs::read_to_string(s.folder.join("blog.md")).unwrap(),
        "edited by hand"
    );
    assert_eq!(entries(&out), [s.folder]);
}

#[test]
fn input_findings_refuse_the_write_unless_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut inputs = inputs(&tmp.path().join("in"));
    // not a zip, and an article without its Online section
    std::fs::write(inputs.mez.as_ref().unwrap(), b"section ContosoTasks;").unwrap();
    let article = std::fs::read_to_string(inputs.article.as_ref().unwrap()).unwrap();
    let cut = article
        .find("## Connect to Contoso Tasks from Power Query Online")
        .unwrap();
    std::fs::write(
        inputs.article.as_ref().unwrap(),
        article.get(..cut).unwrap(),
    )
    .unwrap();
    inputs.changelog = None;
    let plan = bundle::plan(&inputs).unwrap();
    let codes: Vec<_> = plan.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"ZIP-01") && codes.contains(&"PQ-37"),
        "{codes:?}"
    );
    // the article is checked at the input's path, with line:column
    let pq37 = plan.diagnostics.iter().find(|d| d.code == "PQ-37").unwrap();
    assert_eq!(
        pq37.location.file.as_deref(),
        Some(
            inputs
                .article
                .as_ref()
                .unwrap()
                .display()
                .to_string()
                .as_str()
        )
    );
    assert!(pq37.location.line.is_some());
    let out = tmp.path().join("out");
    let r = bundle::write(&plan, &out, &PqWriteOptions::default(), &mut |_| {});
    assert!(matches!(r, Err(Error::Refused { errors: 2 })), "{r:?}");
    let allowed = PqWriteOptions {
        allow_errors: true,
        ..PqWriteOptions::default()
    };
    let s = bundle::write(&plan, &out, &allowed, &mut |_| {}).unwrap();
    assert!(!s.folder.join("CHANGELOG.md").exists());
    // verify reports the same findings on the written folder
    let v = bundle::verify(&s.folder).unwrap();
    let codes: Vec<_> = v.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"ZIP-01") && codes.contains(&"PQ-37"),
        "{codes:?}"
    );
    assert!(!codes.iter().any(|c| c.starts_with("SUM")), "{codes:?}");
}

#[test]
fn the_sheet_has_the_mez_hash_and_the_texts() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs(&tmp.path().join("in"));
    let plan = bundle::plan(&inputs).unwrap();
    let rows = plan.sheet();
    let get = |label: &str| rows.iter().find(|r| r.label == label).unwrap();
    let mez = plan
        .files()
        .into_iter()
        .find(|f| f.role == PqRole::Mez)
        .unwrap();
    assert_eq!(get("SHA-256 of the .mez").value, mez.sha256);
    assert!(get("SHA-256 of the .mez").copyable);
    assert_eq!(get("Connector file (.mez)").value, "ContosoTasks.mez");
    assert_eq!(get("Connector name").value, "Contoso Tasks");
    assert_eq!(get("Release State").value, "Preview");
    assert!(
        get("Blog paragraph")
            .value
            .starts_with("The Contoso Tasks connector")
    );
    assert_eq!(get("Changelog").value, "- Adds the `Projects` table.");
    assert!(!get("Test account").copyable);
    assert!(get("Test account").value.starts_with("TODO:"));
    let md = plan.sheet_markdown();
    assert!(
        md.starts_with("# Power Query submission sheet: ContosoTasks"),
        "{md}"
    );
    assert!(md.contains(&mez.sha256));
    assert!(
        md.contains("\n## Changelog\n\n- Adds the `Projects` table.\n"),
        "{md}"
    );
}
