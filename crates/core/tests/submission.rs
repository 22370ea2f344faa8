//! `check_submission_cached`: a live editor's re-check gives the same findings as a
//! full check, and notices changed files and a changed secret.

use certpack_core::ClientSecret;
use certpack_core::check::{
    CheckOptions, SubmissionCache, check_submission, check_submission_cached,
};

const NOW: i64 = 1_795_305_600;

#[test]
fn cached_re_checks_match_full_checks_and_notice_changes() {
    let dir = tempfile::tempdir().unwrap();
    let ex = certpack_core::example::write_example(dir.path()).unwrap();
    let mut sub = ex.submission.clone();
    let opts = CheckOptions::default();
    let mut cache = SubmissionCache::default();
    let full =
        |sub: &_, secret: Option<&ClientSecret>| check_submission(sub, secret, &opts, NOW).unwrap();

    let first = check_submission_cached(&sub, None, &opts, NOW, &mut cache).unwrap();
    assert_eq!(first, full(&sub, None));
    // A form edit: the form rules run again on the cached file findings.
    sub.availability.hide_key = "Bad Key".into();
    let edited = check_submission_cached(&sub, None, &opts, NOW, &mut cache).unwrap();
    assert_eq!(edited, full(&sub, None));
    assert!(edited.codes().contains(&"PC-05"));
    // Typing a SAS URI or a client id re-reads no file either.
    sub.packages.sas_uri = "https://acct.blob.core.windows.net/p/c.zip?sp=r".into();
    sub.packages.oauth_client_id = "another-client".into();
    let typed = check_submission_cached(&sub, None, &opts, NOW, &mut cache).unwrap();
    assert_eq!(typed, full(&sub, None));
    assert_eq!(cache.reads(), 1, "a form edit re-read the files");
    // A file changed on disk: its findings are recomputed.
    let readme = ex.source_dir.join("README.md");
    std::fs::write(&readme, "# Contoso Tasks\nToo short.\n").unwrap();
    let changed = check_submission_cached(&sub, None, &opts, NOW, &mut cache).unwrap();
    assert_eq!(changed, full(&sub, None));
    assert!(changed.codes().contains(&"DOC-01"), "{:?}", changed.codes());
    assert_eq!(cache.reads(), 2);
    // So is any other file of the source folder (icon.png here).
    std::fs::write(ex.source_dir.join("icon.png"), b"not a png").unwrap();
    let icon = check_submission_cached(&sub, None, &opts, NOW, &mut cache).unwrap();
    assert_eq!(icon, full(&sub, None));
    assert_eq!(cache.reads(), 3);
    // A secret typed after the files were checked is searched for in them.
    let secret = ClientSecret::new("Contoso Tasks helps teams plan".into());
    let with_secret = check_submission_cached(&sub, Some(&secret), &opts, NOW, &mut cache).unwrap();
    assert_eq!(with_secret, full(&sub, Some(&secret)));
    assert!(
        with_secret.codes().contains(&"SEC-01"),
        "{:?}",
        with_secret.codes()
    );
}

/// SAS-04: a verified upload whose package was written again with other bytes is
/// flagged, for the SAS URI that was verified only; an untouched package is not
/// hashed again on a form edit.
#[test]
fn a_package_rewritten_after_its_upload_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let ex = certpack_core::example::write_example(dir.path()).unwrap();
    let mut sub = ex.submission.clone();
    let package = dir.path().join("Contoso.zip");
    std::fs::write(&package, b"the uploaded bytes").unwrap();
    let (sha256, size) = certpack_core::inventory::hash_file(&package).unwrap();
    let uri = "https://acct.blob.core.windows.net/p/Contoso.zip?sp=r&se=2027-01-31&sig=abc";
    sub.packages.sas_uri = uri.into();
    sub.upload = Some(certpack_core::UploadRecord {
        package: package.clone(),
        sha256,
        size,
        sas_sha256: certpack_core::inventory::sha256_hex(uri.as_bytes()),
        ..Default::default()
    });
    let opts = CheckOptions::default();
    let mut cache = SubmissionCache::default();
    let codes = |sub: &_, cache: &mut SubmissionCache| {
        check_submission_cached(sub, None, &opts, NOW, cache)
            .unwrap()
            .codes()
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert!(!codes(&sub, &mut cache).contains(&"SAS-04".to_owned()));
    sub.availability.hide_key = "abc".into();
    codes(&sub, &mut cache);
    assert_eq!(cache.reads(), 1, "a form edit hashed the package again");

    std::fs::write(&package, b"other bytes, written later").unwrap();
    let after = codes(&sub, &mut cache);
    assert!(after.contains(&"SAS-04".to_owned()), "{after:?}");
    // another SAS URI was not the one verified: the record says nothing about it
    sub.packages.sas_uri = uri.replace("sig=abc", "sig=xyz");
    assert!(!codes(&sub, &mut cache).contains(&"SAS-04".to_owned()));
}

/// A mistyped path is a finding at its field, in words: no operating-system error
/// number, and what to do.
#[test]
fn a_mistyped_path_is_said_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let ex = certpack_core::example::write_example(dir.path()).unwrap();
    let mut sub = ex.submission.clone();
    sub.packages.connector_solution = Some(dir.path().join("solutions/Conector.zip"));
    sub.packages.source_dir = Some(dir.path().join("no-such-folder"));
    let report = check_submission(&sub, None, &CheckOptions::default(), NOW).unwrap();
    for field in ["packages.connectorSolution", "packages.sourceDir"] {
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.location.field.as_deref() == Some(field))
            .unwrap_or_else(|| panic!("nothing at {field}: {:?}", report.diagnostics));
        assert_eq!(d.code, "FILE-01");
        assert!(d.message.contains("check the path"), "{}", d.message);
    }
    for d in &report.diagnostics {
        assert!(!d.message.contains("os error"), "{}", d.message);
    }
}
