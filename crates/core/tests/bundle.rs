//! The bundle end to end: plan, write, re-read; determinism; checksums; tampering.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use certpack_core::bundle::{self, BundleInputs, WriteOptions};
use certpack_core::check::CheckOptions;
use certpack_core::example::{self, ExampleFiles};
use certpack_core::read::zip::{Archive, Limits};
use certpack_core::{Error, Progress};

fn example(dir: &Path) -> ExampleFiles {
    example::write_example(dir).unwrap()
}

/// The example written under `dir`, and the plan of its bundle.
fn example_plan(dir: &Path) -> (ExampleFiles, bundle::Plan) {
    let ex = example(&dir.join("ex"));
    let plan = bundle::plan(
        &BundleInputs::from_submission(&ex.submission),
        &CheckOptions::default(),
        None,
    )
    .unwrap();
    (ex, plan)
}

fn write(inputs: &BundleInputs, dest: &Path) -> certpack_core::BundleSummary {
    let plan = bundle::plan(inputs, &CheckOptions::default(), None).unwrap();
    assert!(!plan.report.has_errors(), "{:#?}", plan.report);
    bundle::write(&plan, dest, &WriteOptions::default(), &mut |_: Progress| {}).unwrap()
}

#[test]
fn same_inputs_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let inputs = BundleInputs::from_submission(&ex.submission);
    let a = write(&inputs, &tmp.path().join("a"));
    // Touch every input: modification times and file order must not matter.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for p in [&ex.intro, &ex.connector_solution, &ex.flow_solution] {
        let bytes = std::fs::read(p).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let b = write(&inputs, &tmp.path().join("b"));
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(
        std::fs::read(&a.outer).unwrap(),
        std::fs::read(&b.outer).unwrap()
    );
    assert_eq!(
        std::fs::read(&a.manifest).unwrap(),
        std::fs::read(&b.manifest).unwrap()
    );
}

#[test]
fn layout_is_the_documented_one() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let s = write(
        &BundleInputs::from_submission(&ex.submission),
        &tmp.path().join("out"),
    );
    assert_eq!(
        s.outer.file_name().unwrap(),
        "Contoso-Tasks_1.0.0_certification.zip"
    );
    let outer = Archive::open_file(&s.outer, "o", Limits::default()).unwrap();
    let names: Vec<&str> = outer.entries().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Contoso-Tasks_1.0.0.pdpkg.zip", "intro.md"]);
    let paths: Vec<&str> = s
        .entries
        .iter()
        .filter(|e| e.depth == 1)
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "Contoso-Tasks_1.0.0.pdpkg.zip!/PkgAssets/ContosoTasksConnector_1_0_0_0.zip",
            "Contoso-Tasks_1.0.0.pdpkg.zip!/PkgAssets/ContosoTasksFlow_1_0_0_0.zip",
            "Contoso-Tasks_1.0.0.pdpkg.zip!/PkgAssets/ImportConfig.xml",
            "Contoso-Tasks_1.0.0.pdpkg.zip!/[Content_Types].xml",
        ]
    );
    // Solution zips are stored byte for byte, not recompressed.
    let sol = s
        .entries
        .iter()
        .find(|e| e.path.ends_with("ContosoTasksFlow_1_0_0_0.zip"))
        .unwrap();
    let original = certpack_core::inventory::hash_file(&ex.flow_solution).unwrap();
    assert_eq!((sol.sha256.clone(), sol.size), original);
    // The checksum file is in sha256sum format, and coreutils agrees with it.
    let sum = std::fs::read_to_string(&s.checksum_file).unwrap();
    assert_eq!(
        sum,
        format!("{}  Contoso-Tasks_1.0.0_certification.zip\n", s.sha256)
    );
    let out = std::process::Command::new("sha256sum")
        .arg("-c")
        .arg(s.checksum_file.file_name().unwrap())
        .current_dir(s.outer.parent().unwrap())
        .output()
        .expect("sha256sum (coreutils) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The manifest lists every entry at every level, and no secret-bearing field.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&s.manifest).unwrap()).unwrap();
    assert_eq!(m["entries"].as_array().unwrap().len(), s.entries.len());
    assert_eq!(m["outer"]["sha256"], s.sha256);
    assert_eq!(m["submission"]["offer"]["name"], "Contoso Tasks");
    assert!(
        s.entries
            .iter()
            .any(|e| e.depth == 2 && e.path.ends_with("_openapidefinition.json"))
    );
}

#[test]
fn verify_accepts_then_rejects_any_changed_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let s = write(
        &BundleInputs::from_submission(&ex.submission),
        &tmp.path().join("out"),
    );
    let opts = CheckOptions::default();
    let v = bundle::verify(&s.outer, None, None, &opts, &mut |_: Progress| {}).unwrap();
    assert!(v.checked_sha256_file && v.checked_manifest);
    assert!(!v.report.has_errors(), "{:#?}", v.report);
    let original = std::fs::read(&s.outer).unwrap();
    // A byte at the start, in the middle (inside the package), and in the central directory.
    for at in [40, original.len() / 2, original.len() - 30] {
        let mut bytes = original.clone();
        bytes[at] ^= 0x01;
        std::fs::write(&s.outer, &bytes).unwrap();
        let v = bundle::verify(&s.outer, None, None, &opts, &mut |_: Progress| {}).unwrap();
        assert!(
            v.report.has_errors(),
            "a change at byte {at} went unnoticed"
        );
        assert!(
            v.report.codes().contains(&"SUM-01"),
            "byte {at}: {:?}",
            v.report.codes()
        );
    }
    std::fs::write(&s.outer, &original).unwrap();
    // Tampering with the manifest is noticed too.
    let m = std::fs::read_to_string(&s.manifest).unwrap();
    let first = s.entries[0].sha256.clone();
    std::fs::write(&s.manifest, m.replacen(&first, &"0".repeat(64), 1)).unwrap();
    let v = bundle::verify(&s.outer, None, None, &opts, &mut |_: Progress| {}).unwrap();
    assert!(
        v.report.codes().contains(&"SUM-02"),
        "{:?}",
        v.report.codes()
    );
}

#[test]
fn cancel_leaves_nothing_at_the_destination() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, plan) = example_plan(tmp.path());
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let dest = tmp.path().join("out");
    let opts = WriteOptions {
        cancel: Some(cancel),
        ..WriteOptions::default()
    };
    let err = bundle::write(&plan, &dest, &opts, &mut |ev: Progress| {
        if matches!(ev, Progress::Phase { ref name, .. } if name == "outer") {
            flag.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    })
    .unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err}");
    let left: Vec<_> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn refuses_inputs_with_errors_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let mut inputs = BundleInputs::from_submission(&ex.submission);
    // The connector solution given twice: no flow solution.
    let copy = tmp.path().join("Copy.zip");
    std::fs::copy(&ex.connector_solution, &copy).unwrap();
    inputs.flow_solution = Some(copy);
    let plan = bundle::plan(&inputs, &CheckOptions::default(), None).unwrap();
    assert!(
        plan.report.codes().contains(&"SOL-03"),
        "{:?}",
        plan.report.codes()
    );
    let dest = tmp.path().join("out");
    let err = bundle::write(
        &plan,
        &dest,
        &WriteOptions::default(),
        &mut |_: Progress| {},
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Refused { errors } if errors >= 1),
        "{err}"
    );
    assert!(!dest.join(&plan.outer_name).exists());
}

#[test]
fn preview_lists_what_write_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, plan) = example_plan(tmp.path());
    let listed: Vec<String> = plan.listing().into_iter().map(|e| e.path).collect();
    let s = bundle::write(
        &plan,
        &tmp.path().join("out"),
        &WriteOptions::default(),
        &mut |_: Progress| {},
    )
    .unwrap();
    let written: Vec<String> = s
        .entries
        .iter()
        .filter(|e| e.depth <= 1)
        .map(|e| e.path.clone())
        .collect();
    let mut a = listed.clone();
    let mut b = written.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn prebuilt_package_is_used_as_is() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let first = write(
        &BundleInputs::from_submission(&ex.submission),
        &tmp.path().join("a"),
    );
    // Take the package zip out of the first bundle and bundle it as a prebuilt package.
    let mut outer = Archive::open_file(&first.outer, "o", Limits::default()).unwrap();
    let e = outer.find("Contoso-Tasks_1.0.0.pdpkg.zip").unwrap().clone();
    let pkg_bytes = outer.read(&e, u64::MAX).unwrap();
    let pkg = tmp.path().join("Prebuilt.1.0.0.pdpkg.zip");
    std::fs::write(&pkg, &pkg_bytes).unwrap();
    let inputs = BundleInputs {
        intro: Some(ex.intro.clone()),
        package: Some(pkg.clone()),
        name: Some("Contoso Tasks".into()),
        version: Some("1.0.0".into()),
        ..BundleInputs::default()
    };
    let s = write(&inputs, &tmp.path().join("b"));
    let inner = s
        .entries
        .iter()
        .find(|e| e.path == "Prebuilt.1.0.0.pdpkg.zip")
        .unwrap();
    assert_eq!(
        (inner.sha256.clone(), inner.size),
        certpack_core::inventory::hash_file(&pkg).unwrap()
    );
}

#[test]
fn progress_reaches_every_phase() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, plan) = example_plan(tmp.path());
    let mut phases = Vec::new();
    let mut last_done = 0;
    bundle::write(
        &plan,
        &tmp.path().join("out"),
        &WriteOptions::default(),
        &mut |ev: Progress| match ev {
            Progress::Phase { name, .. } => phases.push(name),
            Progress::Bytes { done, .. } => last_done = done,
        },
    )
    .unwrap();
    assert_eq!(phases, ["package", "outer", "verify"]);
    assert!(last_done > 0);
}

#[test]
fn preview_has_the_hashes_the_export_will_have() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, plan) = example_plan(tmp.path());
    let p = bundle::preview(&plan, &CheckOptions::default(), &mut |_: Progress| {}).unwrap();
    let s = bundle::write(
        &plan,
        &tmp.path().join("out"),
        &WriteOptions::default(),
        &mut |_: Progress| {},
    )
    .unwrap();
    assert_eq!(p.sha256, s.sha256);
    assert_eq!(p.entries, s.entries);
    // The viewer reads any planned entry from the inputs, at any level.
    let swagger = plan
        .read_entry(
            "Contoso-Tasks_1.0.0.pdpkg.zip!/PkgAssets/ContosoTasksConnector_1_0_0_0.zip!/Connector/new_5Fcontoso_openapidefinition.json",
            1 << 20,
        )
        .unwrap();
    assert_eq!(swagger, example::files::SWAGGER);
    assert_eq!(
        plan.read_entry("intro.md", 1 << 20).unwrap(),
        example::files::INTRO
    );
    let config = plan
        .read_entry(
            "Contoso-Tasks_1.0.0.pdpkg.zip!/PkgAssets/ImportConfig.xml",
            1 << 20,
        )
        .unwrap();
    assert!(
        String::from_utf8(config)
            .unwrap()
            .contains("ContosoTasksFlow_1_0_0_0.zip")
    );
    assert!(plan.read_entry("nope", 10).is_none());
}

#[test]
fn a_secret_in_any_packaged_file_stops_the_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let mut spec = example::contoso_flow_solution();
    let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2aHkTk3h6cVW3tm6rB7r0T5m1s9x\n-----END RSA PRIVATE KEY-----\n";
    spec.extra = vec![("Workflows/notes.txt".into(), key.as_bytes().to_vec())];
    std::fs::write(&ex.flow_solution, spec.build()).unwrap();
    let plan = bundle::plan(
        &BundleInputs::from_submission(&ex.submission),
        &CheckOptions::default(),
        None,
    )
    .unwrap();
    let hit = plan
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == "SEC-01")
        .expect("SEC-01 reported");
    assert!(
        hit.location
            .file
            .as_deref()
            .unwrap()
            .ends_with("!/Workflows/notes.txt"),
        "{hit:?}"
    );
    assert!(
        !hit.message.contains("MIIEpAIBAAKCAQEA3Tz2"),
        "the secret itself is never echoed"
    );
    let err = bundle::write(
        &plan,
        &tmp.path().join("out"),
        &WriteOptions::default(),
        &mut |_: Progress| {},
    );
    assert!(matches!(err, Err(Error::Refused { .. })));
}

#[test]
fn an_update_s_changelog_is_written_beside_the_package_and_verified() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let mut sub = ex.submission.clone();
    sub.update.enabled = true;
    sub.update.previous = Some(ex.source_dir.clone());
    sub.update.changelog =
        "## 1.1.0 — Faster lists\n\n### Added\n- Added the *Get task* action.".into();
    let dest = tmp.path().join("out");
    let s = write(&BundleInputs::from_submission(&sub), &dest);
    let path = s.changelog.clone().expect("a changelog is written");
    assert_eq!(path, dest.join("CHANGELOG.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, format!("{}\n", sub.update.changelog));
    // listed in the manifest and in the .sha256 (so `sha256sum -c` checks it too)
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&s.manifest).unwrap()).unwrap();
    let sha = certpack_core::inventory::sha256_hex(text.as_bytes());
    assert_eq!(manifest["changelog"]["path"], "CHANGELOG.md");
    assert_eq!(manifest["changelog"]["sha256"], sha.as_str());
    let sums = std::fs::read_to_string(&s.checksum_file).unwrap();
    assert!(sums.contains(&format!("{sha}  CHANGELOG.md\n")), "{sums}");
    let verified = |dest: &Path| {
        bundle::verify(
            &dest.join(s.outer.file_name().unwrap()),
            None,
            None,
            &CheckOptions::default(),
            &mut |_: Progress| {},
        )
        .unwrap()
        .report
    };
    assert!(!verified(&dest).has_errors(), "{:#?}", verified(&dest));
    // an edited changelog is caught
    std::fs::write(&path, "## 1.1.0 — something else\n").unwrap();
    let r = verified(&dest);
    assert!(
        r.diagnostics.iter().any(|d| d.code == "SUM-02"
            && d.location
                .file
                .as_deref()
                .is_some_and(|f| f.ends_with("CHANGELOG.md"))),
        "{r:#?}"
    );
    // not an update, or no text: nothing written, nothing listed
    let mut plain = ex.submission.clone();
    plain.update.changelog = "ignored: not an update".into();
    let other = tmp.path().join("plain");
    let s = write(&BundleInputs::from_submission(&plain), &other);
    assert!(s.changelog.is_none());
    assert!(!other.join("CHANGELOG.md").exists());
    let manifest = std::fs::read_to_string(&s.manifest).unwrap();
    assert!(!manifest.contains("changelog"), "{manifest}");
}
