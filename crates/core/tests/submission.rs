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
