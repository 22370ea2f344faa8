//! The messages the desktop app renders (every rule's explanation and link, and the
//! findings of drafts gone wrong in the ways publishers get them wrong) read as
//! finished text: no raw operating-system error, no command-line flag, no unpaired
//! backtick (the UI renders `code` pairs in code style), no field id said twice.

use certpack_core::ClientSecret;
use certpack_core::check::{CheckOptions, check_submission};

const NOW: i64 = 1_795_305_600;

fn problems(text: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if text.contains("os error") {
        out.push("a raw OS error");
    }
    // certpack's own flags anywhere; others' (`pac connector create --solution-…`, a
    // tool the publisher runs) only as code
    let flag = |t: &str| {
        t.split_whitespace()
            .any(|w| w.trim_start_matches('(').starts_with("--") && w.len() > 3)
    };
    for (i, part) in text.split('`').enumerate() {
        let code = i % 2 == 1;
        if flag(part) && (!code || part.trim_start().starts_with("certpack")) {
            out.push("a command-line flag");
        }
    }
    if text.matches('`').count() % 2 == 1 {
        out.push("an unpaired backtick");
    }
    for id in text.split(|c: char| c.is_whitespace() || c == '`') {
        if id.contains('.') && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
            let twice = format!("{id} {id}");
            if id.len() > 3 && text.contains(&twice) {
                out.push("a doubled field id");
            }
        }
    }
    out
}

#[test]
fn every_rule_reads_as_finished_text() {
    for rule in certpack_core::rules::all() {
        let help = format!("{} {}", rule.explanation, rule.url.unwrap_or(""));
        assert!(
            problems(&help).is_empty(),
            "{}: {:?} in {help}",
            rule.code,
            problems(&help)
        );
    }
}

/// One way a draft goes wrong.
type Change<'a> = dyn Fn(&mut certpack_core::Submission) + 'a;

#[test]
fn findings_of_broken_drafts_read_as_finished_text() {
    let dir = tempfile::tempdir().unwrap();
    let ex = certpack_core::example::write_example(dir.path()).unwrap();
    let gone = dir.path().join("moved-away");
    let variants: Vec<Box<Change<'_>>> = vec![
        Box::new(|s| s.packages.intro = Some(gone.join("intro.md"))),
        Box::new(|s| s.packages.connector_solution = Some(gone.join("c.zip"))),
        Box::new(|s| s.packages.flow_solution = Some(gone.join("f.zip"))),
        Box::new(|s| s.packages.package = Some(gone.join("p.zip"))),
        Box::new(|s| s.packages.source_dir = Some(gone.clone())),
        Box::new(|s| s.packages.connector_solution = Some(dir.path().to_path_buf())),
        Box::new(|s| {
            s.packages.sas_uri =
                "http://127.0.0.1:10000/devstoreaccount1/c/p.zip?sp=rw&se=2026-12-10&sig=x".into()
        }),
        Box::new(|s| s.packages.sas_uri = " https://a.blob.core.windows.net/c?sp=w".into()),
        Box::new(|s| {
            s.packages.sas_uri =
                "https://a.blob.core.windows.net/c/p.zip?sp=r&se=2025-01-01&sig=x".into()
        }),
        Box::new(|s| {
            s.availability.hide_key = "Bad Key!".into();
            s.availability.notification_emails = vec!["not-an-address".into()];
            s.properties.privacy_policy_url = "ftp://x".into();
            s.properties.categories = vec!["A".into(), "B".into(), "C".into(), "D".into()];
            s.offer.name.clear();
            s.offer.version = "one".into();
        }),
    ];
    let secret = ClientSecret::new("finished-text-secret".into());
    for (i, change) in variants.iter().enumerate() {
        let mut sub = ex.submission.clone();
        sub.packages.oauth_client_id = "finished-text-secret".into();
        change(&mut sub);
        let report = check_submission(&sub, Some(&secret), &CheckOptions::default(), NOW).unwrap();
        for d in &report.diagnostics {
            let p = problems(&d.message);
            assert!(
                p.is_empty(),
                "variant {i}, {}: {p:?} in {}",
                d.code,
                d.message
            );
        }
    }
}
