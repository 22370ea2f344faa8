//! A Power Query draft (the desktop's Power Query path): what is missing is said at
//! its field, every finding in a file is placed at the field naming the file, an
//! update is compared with its certified `.mez`, the demo ticks and the overrides
//! are the draft's, and the drafted texts come from the `.mez`.

use std::path::Path;

use certpack_core::example::{self, contoso_mez, zip_of};
use certpack_core::pq::bundle::{self, PqWriteOptions};
use certpack_core::pq::draft::{self, DraftText};
use certpack_core::read::zip::Limits;
use certpack_core::{
    Diagnostic, Error, Override, Severity, Submission, SubmissionKind, draft as drafts,
};

fn pq_draft() -> Submission {
    Submission {
        kind: SubmissionKind::PowerQuery,
        ..Submission::default()
    }
}

fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
    d.iter().filter(|d| d.severity == Severity::Error).collect()
}

fn at<'a>(d: &'a [Diagnostic], code: &str, field: &str) -> Vec<&'a Diagnostic> {
    d.iter()
        .filter(|d| d.code == code && d.location.field.as_deref() == Some(field))
        .collect()
}

/// The example's `.mez` with `from` replaced by `to` in its section document.
fn changed_mez(from: &str, to: &str) -> Vec<u8> {
    let files: Vec<(&str, Vec<u8>)> = example::folder_entries(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/contoso-powerquery/ContosoTasks"),
    )
    .unwrap()
    .into_iter()
    .map(|(name, bytes)| {
        let bytes = if name.ends_with(".pq") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains(from), "{from} is not in the example");
            text.replace(from, to).into_bytes()
        } else {
            bytes
        };
        (Box::leak(name.into_boxed_str()) as &str, bytes)
    })
    .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    zip_of(&refs)
}

#[test]
fn an_empty_draft_asks_for_each_file_at_its_field() {
    let check = draft::check(&pq_draft(), Limits::default()).unwrap();
    let d = &check.report.diagnostics;
    for field in ["powerQuery.mez", "powerQuery.article", "powerQuery.blurb"] {
        let found = at(d, "FILE-01", field);
        assert_eq!(found.len(), 1, "{field}: {d:#?}");
        assert!(found[0].location.file.is_none());
        assert!(
            found[0].message.starts_with("choose "),
            "{}",
            found[0].message
        );
    }
    assert_eq!(errors(d).len(), 3, "{d:#?}");
    assert!(!check.complete);
    assert!(check.listing.files.is_empty());
    assert!(check.icon.is_none());
    assert_eq!(check.demo.len(), 9);
    assert!(check.demo.iter().all(|i| !i.done));
    // the sheet is there, with what is known
    assert!(check.sheet.iter().any(|r| r.field == "pq.name"));
    let account = check
        .sheet
        .iter()
        .find(|r| r.field == "pq.testAccount")
        .unwrap();
    assert!(
        account.value.starts_with("TODO:") && !account.copyable,
        "{account:?}"
    );
}

#[test]
fn the_testing_rows_come_from_the_draft() {
    let mut sub = pq_draft();
    sub.power_query.testing.account = "certification@contoso.com".into();
    sub.power_query.testing.instructions = "Sign in, then open Tasks.".into();
    let check = draft::check(&sub, Limits::default()).unwrap();
    let row = |f: &str| check.sheet.iter().find(|r| r.field == f).unwrap().clone();
    assert_eq!(row("pq.testAccount").value, "certification@contoso.com");
    assert!(row("pq.testAccount").copyable);
    assert_eq!(
        row("pq.testInstructions").value,
        "Sign in, then open Tasks."
    );
    // what is not given stays to fill in
    assert!(row("pq.dependencies").value.starts_with("TODO:"));
    assert!(row("pq.testReport").value.starts_with("TODO:"));
}

#[test]
fn the_example_draft_is_clean_and_writes_the_folder_the_cli_writes() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_pq_example(dir.path()).unwrap();
    let loaded = drafts::load(&ex.draft).unwrap();
    assert_eq!(loaded.kind, SubmissionKind::PowerQuery);
    let check = draft::check(&loaded, Limits::default()).unwrap();
    assert!(
        errors(&check.report.diagnostics).is_empty(),
        "{:#?}",
        check.report.diagnostics
    );
    assert!(check.complete);
    // the icon Get Data shows: the 32 px one
    let icon = check.icon.as_ref().expect("an icon");
    assert_eq!(
        (icon.name.as_str(), icon.size),
        ("ContosoTasks32.png", (32, 32))
    );
    assert!(
        icon.data_url.starts_with("data:image/png;base64,iVBOR"),
        "{}",
        icon.data_url
    );
    let facts = check.facts.unwrap();
    assert_eq!(facts.name, "ContosoTasks");
    assert_eq!(check.listing.folder, "Contoso-Tasks_1.0.0_powerquery");

    // the same files as `bundle --mez --docs --blurb`
    let cli = bundle::plan(&bundle::PqInputs {
        mez: Some(ex.mez.clone()),
        article: Some(ex.article.clone()),
        blurb: Some(ex.blurb.clone()),
        name: Some("Contoso Tasks".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(cli.files(), check.listing.files);

    let plan = draft::plan(&loaded).unwrap();
    let out = dir.path().join("out");
    let written = bundle::write(&plan, &out, &PqWriteOptions::default(), &mut |_| {}).unwrap();
    let v = bundle::verify(&written.folder).unwrap();
    assert!(!v.has_errors(), "{:#?}", v.diagnostics);
}

#[test]
fn a_file_chosen_and_gone_is_said_once_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_pq_example(dir.path()).unwrap();
    let mut sub = ex.submission.clone();
    std::fs::remove_file(&ex.article).unwrap();
    sub.power_query.blurb = Some(dir.path().to_path_buf()); // a folder, not a file
    let d = draft::check(&sub, Limits::default())
        .unwrap()
        .report
        .diagnostics;
    let article = at(&d, "FILE-01", "powerQuery.article");
    assert_eq!(article.len(), 1, "{d:#?}");
    assert_eq!(
        article[0].location.file.as_deref(),
        Some(ex.article.display().to_string().as_str())
    );
    assert!(
        article[0].message.contains("no file at"),
        "{}",
        article[0].message
    );
    let blurb = at(&d, "FILE-01", "powerQuery.blurb");
    assert_eq!(blurb.len(), 1, "{d:#?}");
    assert!(
        blurb[0].message.contains("not a file"),
        "{}",
        blurb[0].message
    );
}

#[test]
fn findings_inside_the_mez_are_placed_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mez = dir.path().join("Broken.mez");
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pq/Broken");
    std::fs::write(&mez, example::zip_folder(&broken).unwrap()).unwrap();
    let mut sub = pq_draft();
    sub.power_query.mez = Some(mez.clone());
    let d = draft::check(&sub, Limits::default())
        .unwrap()
        .report
        .diagnostics;
    let inside: Vec<_> = d
        .iter()
        .filter(|d| {
            d.location
                .file
                .as_deref()
                .is_some_and(|f| f.starts_with(&*mez.to_string_lossy()))
        })
        .collect();
    assert!(
        inside.iter().any(|d| d.severity == Severity::Error),
        "{d:#?}"
    );
    for f in &inside {
        assert_eq!(
            f.location.field.as_deref(),
            Some("powerQuery.mez"),
            "{f:#?}"
        );
    }
    // with line and column inside the section document
    assert!(
        inside.iter().any(
            |d| d.location.file.as_deref().is_some_and(|f| f.contains("!/"))
                && d.location.line.is_some()
        ),
        "{inside:#?}"
    );
}

#[test]
fn an_update_needs_its_changelog_and_certified_mez_and_is_compared() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_pq_example(dir.path()).unwrap();
    let mut sub = ex.submission.clone();
    sub.power_query.update = true;
    let d = draft::check(&sub, Limits::default())
        .unwrap()
        .report
        .diagnostics;
    assert_eq!(at(&d, "FILE-01", "powerQuery.changelog").len(), 1, "{d:#?}");
    assert_eq!(at(&d, "FILE-01", "powerQuery.previous").len(), 1, "{d:#?}");

    // the new version drops the API key authentication: BRK-33, breaking
    let previous = dir.path().join("certified.mez");
    std::fs::write(&previous, contoso_mez()).unwrap();
    let new = dir.path().join("ContosoTasks-2.mez");
    std::fs::write(
        &new,
        changed_mez(
            "        Key = [\n            KeyLabel = Extension.LoadString(\"KeyLabel\"),\n            Label = Extension.LoadString(\"KeyAuthLabel\")\n        ]\n",
            "",
        )
        .as_slice(),
    )
    .unwrap();
    sub.power_query.previous = Some(previous);
    sub.power_query.mez = Some(new.clone());
    let changes = dir.path().join("CHANGES.md");
    std::fs::write(
        &changes,
        "- Sign-in with an API key is no longer offered.\n",
    )
    .unwrap();
    sub.power_query.changelog = Some(changes);
    let check = draft::check(&sub, Limits::default()).unwrap();
    let c = check.comparison.expect("compared");
    assert!(
        c.changes
            .iter()
            .any(|ch| ch.code == "BRK-33" && ch.breaking),
        "{c:#?}"
    );
    let brk = check
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == "BRK-33")
        .expect("BRK-33 in the report");
    assert_eq!(
        brk.location.field.as_deref(),
        Some("powerQuery.mez"),
        "{brk:#?}"
    );
    assert_eq!(
        at(&check.report.diagnostics, "FILE-01", "powerQuery.changelog").len(),
        0
    );
    assert_eq!(check.listing.files.len(), 4, "{:#?}", check.listing.files);

    // the changelog drafted from the comparison says it, in words
    let (name, text) =
        draft::draft_text(&sub, DraftText::Changelog, jiff::civil::date(2026, 12, 6)).unwrap();
    assert_eq!(name, "CHANGELOG.md");
    assert!(text.to_lowercase().contains("breaking"), "{text}");
}

#[test]
fn demo_ticks_and_overrides_are_the_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_pq_example(dir.path()).unwrap();
    let mut sub = ex.submission.clone();
    sub.power_query.demo = vec!["load".into(), "gateway-refresh".into(), "unknown".into()];
    sub.power_query.article = None;
    sub.overrides.push(Override {
        code: "FILE-01".into(),
        allow: false,
        severity: Some(Severity::Warning),
        reason: "the article is in review elsewhere".into(),
        file: None,
    });
    let check = draft::check(&sub, Limits::default()).unwrap();
    let done: Vec<&str> = check
        .demo
        .iter()
        .filter(|i| i.done)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(done, ["load", "gateway-refresh"]);
    let f = at(&check.report.diagnostics, "FILE-01", "powerQuery.article");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(check.report.overrides.len(), 1);

    // a plan without its article is never written, even when errors are allowed
    let plan = draft::plan(&sub).unwrap();
    let r = bundle::write(
        &plan,
        &dir.path().join("out"),
        &PqWriteOptions {
            allow_errors: true,
            cancel: None,
        },
        &mut |_| {},
    );
    assert!(matches!(r, Err(Error::Input(_))), "{r:?}");
    assert!(!dir.path().join("out").join(&plan.folder).exists());
}

#[test]
fn the_export_takes_the_overrides_the_wizard_showed() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_pq_example(dir.path()).unwrap();
    let mut sub = ex.submission.clone();
    // an update without its changelog nor certified .mez: two errors
    sub.power_query.update = true;
    let plan = draft::plan(&sub).unwrap();
    assert_eq!(
        errors(&plan.diagnostics).len(),
        2,
        "{:#?}",
        plan.diagnostics
    );
    let out = dir.path().join("out");
    let r = bundle::write(&plan, &out, &PqWriteOptions::default(), &mut |_| {});
    assert!(matches!(r, Err(Error::Refused { errors: 2 })), "{r:?}");

    sub.overrides.push(Override {
        code: "FILE-01".into(),
        allow: true,
        severity: None,
        reason: "the changelog goes by e-mail".into(),
        file: None,
    });
    let plan = draft::plan(&sub).unwrap();
    assert!(
        errors(&plan.diagnostics).is_empty(),
        "{:#?}",
        plan.diagnostics
    );
    let written = bundle::write(&plan, &out, &PqWriteOptions::default(), &mut |_| {}).unwrap();
    assert!(written.folder.join("ContosoTasks.mez").is_file());
}

#[test]
fn drafted_texts_come_from_the_mez() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example::write_pq_example(dir.path()).unwrap();
    let today = jiff::civil::date(2026, 12, 6);
    let (name, article) = draft::draft_text(&ex.submission, DraftText::Article, today).unwrap();
    assert_eq!(name, "contoso-tasks.md");
    assert!(article.contains("ContosoTasks.Contents"), "{article}");
    let (name, blurb) = draft::draft_text(&ex.submission, DraftText::Blurb, today).unwrap();
    assert_eq!(name, "blog.md");
    assert!(blurb.contains("Contoso Tasks"), "{blurb}");
    // the changelog needs the certified version
    let e = draft::draft_text(&ex.submission, DraftText::Changelog, today).unwrap_err();
    assert!(e.to_string().contains("certified"), "{e}");
    let e = draft::draft_text(&pq_draft(), DraftText::Article, today).unwrap_err();
    assert!(e.to_string().contains(".mez"), "{e}");
}

#[test]
fn an_older_draft_is_a_power_platform_one_and_relative_paths_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.certpack.json");
    std::fs::write(&path, br#"{"format":1,"offer":{"name":"Old"}}"#).unwrap();
    assert_eq!(
        drafts::load(&path).unwrap().kind,
        SubmissionKind::PowerPlatform
    );

    std::fs::write(
        &path,
        br#"{"format":1,"kind":"powerQuery","powerQuery":{"mez":"c/X.mez","article":"x.md"}}"#,
    )
    .unwrap();
    let mut sub = drafts::load(&path).unwrap();
    drafts::resolve_paths(&mut sub, &path);
    assert_eq!(sub.power_query.mez, Some(dir.path().join("c/X.mez")));
    assert_eq!(
        drafts::missing_files(&sub),
        [dir.path().join("c/X.mez"), dir.path().join("x.md")]
    );
}
