//! `check`, the bundle and `verify` go through one pipeline: the cross-check of the
//! source folder against the solution (XCK-01) and the secret search (SEC-01) run in
//! all three, on the same inputs.

use std::collections::BTreeSet;
use std::path::Path;

use certpack_core::bundle::{self, BundleInputs, WriteOptions};
use certpack_core::check::{self, CheckOptions};
use certpack_core::example::write_example;
use certpack_core::model::{Diagnostic, Progress};
use certpack_core::secret::ClientSecret;

const SECRET: &str = "Zq8~pW2vN5xR7tY1uI3oP6aS9dF0gH4jK";

fn codes(d: &[Diagnostic]) -> BTreeSet<String> {
    d.iter().map(|d| d.code.clone()).collect()
}

/// A source folder whose definition differs from the solution's, and an intro.md
/// holding the OAuth client secret.
fn prepare(dir: &Path) -> certpack_core::example::ExampleFiles {
    let ex = write_example(dir).unwrap();
    let sw = ex.source_dir.join("apiDefinition.swagger.json");
    let text = std::fs::read_to_string(&sw).unwrap();
    std::fs::write(
        &sw,
        text.replacen(
            "\"summary\"",
            "\"x-ms-summary-changed\": \"x\", \"summary\"",
            1,
        ),
    )
    .unwrap();
    let intro = std::fs::read_to_string(&ex.intro).unwrap();
    std::fs::write(
        &ex.intro,
        format!("{intro}\nThe app's secret is {SECRET} for now.\n"),
    )
    .unwrap();
    ex
}

#[test]
fn xck01_and_sec01_run_in_check_bundle_and_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = prepare(tmp.path());
    let secret = ClientSecret::new(SECRET.to_owned());
    let opts = CheckOptions::default();

    // bundle: the plan checks the inputs
    let mut inputs = BundleInputs::from_submission(&ex.submission);
    inputs.source_dir = Some(ex.source_dir.clone());
    let plan = bundle::plan(&inputs, &opts, Some(&secret)).unwrap();
    let planned = codes(&plan.report.diagnostics);
    assert!(planned.contains("XCK-01"), "bundle: {planned:?}");
    assert!(planned.contains("SEC-01"), "bundle: {planned:?}");

    let out = tmp.path().join("out");
    let wopts = WriteOptions {
        allow_errors: true,
        cancel: None,
        check: opts,
    };
    // the secret is never written, not even despite errors
    match bundle::write(&plan, &out, &wopts, &mut |_: Progress| {}) {
        Err(certpack_core::Error::SecretFound(entry)) => assert_eq!(entry, "intro.md"),
        other => panic!("a package holding the secret was written: {other:?}"),
    }
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");
    // written without knowing the secret, it is found by check and verify
    let blind = bundle::plan(&inputs, &opts, None).unwrap();
    let summary = bundle::write(&blind, &out, &wopts, &mut |_: Progress| {}).unwrap();

    // check: the written upload with the source folder beside it
    let r =
        check::check_target(&summary.outer, Some(&ex.source_dir), Some(&secret), &opts).unwrap();
    let checked = codes(&r.diagnostics);
    assert!(checked.contains("XCK-01"), "check: {checked:?}");
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == "SEC-01" && d.message.contains("typed in the form")),
        "check finds the typed secret: {:?}",
        r.diagnostics
    );

    // verify: the same
    let v = bundle::verify(
        &summary.outer,
        Some(&ex.source_dir),
        Some(&secret),
        &opts,
        &mut |_: Progress| {},
    )
    .unwrap();
    let verified = codes(&v.report.diagnostics);
    assert!(verified.contains("XCK-01"), "verify: {verified:?}");
    assert!(verified.contains("SEC-01"), "verify: {verified:?}");

    // and the draft check of the same parts
    let mut sub = ex.submission.clone();
    sub.packages.source_dir = Some(ex.source_dir.clone());
    let r = check::check_submission(&sub, Some(&secret), &opts, check::now_unix()).unwrap();
    let drafted = codes(&r.diagnostics);
    assert!(
        drafted.contains("XCK-01") && drafted.contains("SEC-01"),
        "draft: {drafted:?}"
    );
}

#[test]
fn the_same_subject_gets_the_same_findings_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = write_example(tmp.path()).unwrap();
    let opts = CheckOptions::default();
    let plan = bundle::plan(&BundleInputs::from_submission(&ex.submission), &opts, None).unwrap();
    let out = tmp.path().join("out");
    let summary =
        bundle::write(&plan, &out, &WriteOptions::default(), &mut |_: Progress| {}).unwrap();
    let checked = check::check_path(&summary.outer, &opts).unwrap();
    let verified =
        bundle::verify(&summary.outer, None, None, &opts, &mut |_: Progress| {}).unwrap();
    let strip = |d: &[Diagnostic]| -> BTreeSet<(String, String)> {
        d.iter()
            .map(|d| (d.code.clone(), d.message.clone()))
            .collect()
    };
    assert_eq!(
        strip(&checked.diagnostics),
        strip(&verified.report.diagnostics)
    );
    assert_eq!(
        strip(&checked.diagnostics),
        strip(&summary.report.diagnostics)
    );
}
