//! An update in a draft: the previous version is compared with the draft's connector
//! by the draft check and by the bundle (the same findings, so the export refuses what
//! Review shows), re-read only when the previous version changes on disk.

use std::path::Path;

use certpack_core::bundle::{self, BundleInputs};
use certpack_core::check::{self, CheckOptions, SubmissionCache};
use certpack_core::example::{self, ExampleFiles};
use certpack_core::{Override, Report, Severity, Submission};

fn example(dir: &Path) -> ExampleFiles {
    example::write_example(dir).unwrap()
}

/// A copy of the example's connector folder with one more operation (so the
/// draft's version removed it: BRK-01).
fn previous_with_an_extra_operation(ex: &ExampleFiles, dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for e in std::fs::read_dir(&ex.source_dir).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    let def = dir.join("apiDefinition.swagger.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&def).unwrap()).unwrap();
    let op = v["paths"]["/tasks/{taskId}"]["get"].clone();
    let mut old = op.clone();
    old["operationId"] = "GetTaskLegacy".into();
    old["summary"] = "Get task (legacy)".into();
    v["paths"]["/legacy/tasks/{taskId}"] = serde_json::json!({ "get": old });
    std::fs::write(&def, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    dir.to_path_buf()
}

fn codes(r: &Report, sev: Severity) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| d.severity == sev)
        .map(|d| d.code.clone())
        .collect()
}

fn check(sub: &Submission, cache: &mut SubmissionCache) -> Report {
    check::check_submission_cached(sub, None, &CheckOptions::default(), 0, cache).unwrap()
}

#[test]
fn the_draft_check_and_the_bundle_report_what_breaks() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let mut sub = ex.submission.clone();
    let mut cache = SubmissionCache::default();
    let before = codes(&check(&sub, &mut cache), Severity::Error);

    // an update without its previous version: asked for at the field
    sub.update.enabled = true;
    let r = check(&sub, &mut cache);
    let ask = r
        .diagnostics
        .iter()
        .find(|d| d.location.field.as_deref() == Some("update.previous"));
    assert_eq!(ask.map(|d| d.code.as_str()), Some("FILE-01"), "{r:#?}");

    // a previous version with an operation this one removed: BRK-01, with both places
    sub.update.previous = Some(previous_with_an_extra_operation(
        &ex,
        &tmp.path().join("v1"),
    ));
    let r = check(&sub, &mut cache);
    let brk = r
        .diagnostics
        .iter()
        .find(|d| d.code == "BRK-01")
        .expect("BRK-01");
    assert_eq!(brk.severity, Severity::Error);
    let prev = brk
        .previous
        .as_ref()
        .expect("the place in the previous version");
    assert!(prev.file.as_deref().unwrap().contains("v1"), "{prev:?}");
    assert!(
        prev.line.is_some() && prev.pointer.as_deref().unwrap().contains("legacy"),
        "{prev:?}"
    );
    let mut after = codes(&r, Severity::Error);
    after.retain(|c| c != "BRK-01");
    assert_eq!(after, before, "only the comparison's finding is new");
    // notes about harmless changes stay in the comparison, not in the draft's report
    assert!(
        !r.diagnostics
            .iter()
            .any(|d| d.code.starts_with("BRK") && d.severity == Severity::Info)
    );

    // the bundle's plan has the same finding, so the export refuses it...
    let inputs = BundleInputs::from_submission(&sub);
    let plan = bundle::plan(&inputs, &CheckOptions::default(), None).unwrap();
    assert!(
        plan.report.diagnostics.iter().any(|d| d.code == "BRK-01"),
        "{:#?}",
        plan.report
    );
    // ...until it is allowed with the reason Microsoft accepted
    sub.overrides.push(Override {
        code: "BRK-01".into(),
        allow: true,
        reason: "Microsoft confirmed that no flow uses GetTaskLegacy".into(),
        ..Override::default()
    });
    let plan = bundle::plan(
        &BundleInputs::from_submission(&sub),
        &CheckOptions::default(),
        None,
    )
    .unwrap();
    assert!(!plan.report.diagnostics.iter().any(|d| d.code == "BRK-01"));
    assert_eq!(plan.report.overrides.first().map(|o| o.count), Some(1));
}

#[test]
fn the_previous_version_is_read_again_only_when_it_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example(&tmp.path().join("ex"));
    let mut sub = ex.submission.clone();
    sub.update.enabled = true;
    let v1 = previous_with_an_extra_operation(&ex, &tmp.path().join("v1"));
    sub.update.previous = Some(v1.clone());
    let mut cache = SubmissionCache::default();
    check(&sub, &mut cache);
    let reads = cache.reads();
    sub.offer.version = "1.1.0".into();
    check(&sub, &mut cache);
    assert_eq!(cache.reads(), reads, "a form edit re-reads nothing");
    // the previous version now equals this one: nothing breaks
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::copy(
        ex.source_dir.join("apiDefinition.swagger.json"),
        v1.join("apiDefinition.swagger.json"),
    )
    .unwrap();
    let r = check(&sub, &mut cache);
    assert_eq!(cache.reads(), reads + 1);
    assert!(
        !r.diagnostics.iter().any(|d| d.code.starts_with("BRK")),
        "{r:#?}"
    );
    // a previous version that is no connector
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    sub.update.previous = Some(empty);
    let r = check(&sub, &mut cache);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.location.field.as_deref() == Some("update.previous"))
        .expect("a finding at the field");
    assert!(
        d.message.contains("No connector was found"),
        "{}",
        d.message
    );
}
