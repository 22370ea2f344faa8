//! The uploader against a real blob service: Azurite, from `CERTPACK_AZURITE`
//! (`http://127.0.0.1:PORT/devstoreaccount1`) or started here through
//! `scripts/azurite.sh` (stopped when this test process ends). No Azurite is a
//! failure, not a skip.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::*;
use crate::model::{Progress, Severity};
use base64::Engine as _;

/// The blob endpoint of an Azurite for these tests.
pub(crate) fn azurite() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("CERTPACK_AZURITE")
            && !url.is_empty()
        {
            return url;
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/azurite.sh");
        let state =
            std::env::temp_dir().join(format!("certpack-azurite-core-{}", std::process::id()));
        let out = std::process::Command::new("bash")
            .arg(&script)
            .arg("start")
            .arg(&state)
            .env("CERTPACK_AZURITE_WATCH", std::process::id().to_string())
            .stderr(std::process::Stdio::inherit())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        assert!(
            out.status.success(),
            "Azurite could not be started (scripts/azurite.sh start; it needs node and npm): {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    })
}

fn connection() -> ConnectionString {
    ConnectionString::parse(&format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DEV_ACCOUNT_KEY};BlobEndpoint={}",
        azurite()
    ))
    .unwrap()
}

/// `len` bytes that do not repeat (xorshift from `seed`).
fn bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn file(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

fn account(container: &str) -> Destination {
    Destination::Account {
        connection: connection(),
        container: container.into(),
        expiry_days: DEFAULT_EXPIRY_DAYS,
    }
}

fn small_blocks() -> UploadOptions {
    UploadOptions {
        block_size: 64 * 1024,
        network: Network {
            backoff: Duration::from_millis(5),
            ..Network::default()
        },
        ..UploadOptions::default()
    }
}

#[test]
fn upload_with_a_connection_string_then_check_the_sas() {
    let dir = tempfile::tempdir().unwrap();
    let data = bytes(300 * 1024 + 17, 1);
    let pkg = file(dir.path(), "Contoso Tasks_1.0_certification.zip", &data);
    let mut events = Vec::new();
    let up = upload(
        &pkg,
        &account("core-conn"),
        &small_blocks(),
        &mut |e: Progress| events.push(e),
    )
    .unwrap();
    assert!(up.verified, "{:?}", up.report);
    assert_eq!(
        (up.size, up.blocks, up.reused_blocks),
        (data.len() as u64, 5, 0)
    );
    let sas = up
        .sas_uri
        .clone()
        .expect("a verified upload offers its SAS URI");
    assert_eq!(sas.permissions(), "r");
    assert_eq!(sas.param("sr").as_deref(), Some("b"));
    assert!(
        up.blob_url
            .ends_with("/core-conn/Contoso%20Tasks_1.0_certification.zip"),
        "{}",
        up.blob_url
    );
    // only the emulator warning: nothing else to say about this SAS
    assert!(
        up.report
            .diagnostics
            .iter()
            .all(|d| d.severity != Severity::Error),
        "{:?}",
        up.report.diagnostics
    );
    let phases: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Progress::Phase { name, total } => Some((name.as_str(), *total)),
            Progress::Bytes { .. } => None,
        })
        .collect();
    let n = data.len() as u64;
    assert_eq!(phases, [("upload", n), ("verify", n)]);
    let sig = sas.param("sig").unwrap();
    assert!(
        format!("{events:?}{up:?}").find(&sig).is_none(),
        "no event or Debug shows the signature"
    );
    assert!(!format!("{up:?}").contains(DEV_ACCOUNT_KEY));

    let opts = SasCheckOptions {
        now_unix: crate::check::now_unix(),
        ..SasCheckOptions::default()
    };
    let r = check_sas(sas.expose(), Some(&pkg), &opts, &mut |_| {}).unwrap();
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    assert!(!r.target.contains(&sig));

    // the blob changed after the upload (same size, other bytes): SAS-03
    let other = file(dir.path(), "other.zip", &bytes(data.len(), 2));
    let o = UploadOptions {
        blob: Some("Contoso Tasks_1.0_certification.zip".into()),
        ..small_blocks()
    };
    upload(&other, &account("core-conn"), &o, &mut |_| {}).unwrap();
    let r = check_sas(sas.expose(), Some(&pkg), &opts, &mut |_| {}).unwrap();
    let d: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "SAS-03")
        .collect();
    assert_eq!(d.len(), 1, "{:?}", r.diagnostics);
    assert!(d[0].message.contains("SHA-256"), "{}", d[0].message);
}

#[test]
fn a_cancelled_upload_resumes_with_the_blocks_it_staged() {
    let dir = tempfile::tempdir().unwrap();
    let data = bytes(16 * 64 * 1024, 3);
    let pkg = file(dir.path(), "resume.zip", &data);
    let cancel = Arc::new(AtomicBool::new(false));
    let opts = UploadOptions {
        cancel: Some(cancel.clone()),
        ..small_blocks()
    };
    let flag = cancel.clone();
    let e = upload(&pkg, &account("core-resume"), &opts, &mut |e: Progress| {
        if let Progress::Bytes { done, .. } = e
            && done >= 6 * 64 * 1024
        {
            flag.store(true, Ordering::Relaxed);
        }
    })
    .unwrap_err();
    assert!(matches!(e, Error::Cancelled), "{e}");
    cancel.store(false, Ordering::Relaxed);
    let up = upload(&pkg, &account("core-resume"), &opts, &mut |_| {}).unwrap();
    assert!(up.verified);
    assert!(
        (6..16).contains(&up.reused_blocks),
        "reused {} of 16",
        up.reused_blocks
    );
    // a changed file reuses nothing it does not share
    let mut changed = data.clone();
    changed[0] ^= 1;
    let pkg2 = file(dir.path(), "resume.zip", &changed);
    let up = upload(&pkg2, &account("core-resume"), &opts, &mut |_| {}).unwrap();
    assert!(up.verified);
    assert_eq!(
        up.reused_blocks, 15,
        "every block but the first is the same"
    );
}

#[test]
fn a_package_that_differs_from_its_checksum_is_not_committed() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = file(dir.path(), "p.zip", &bytes(5000, 4));
    std::fs::write(
        dir.path().join("p.zip.sha256"),
        format!("{}  p.zip\n", "0".repeat(64)),
    )
    .unwrap();
    let e = upload(&pkg, &account("core-sum"), &small_blocks(), &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("does not match"), "{e}");
}

#[test]
fn a_wrong_account_key_is_reported_without_the_key() {
    let key = base64::engine::general_purpose::STANDARD.encode(b"not the key of this account!!");
    let c = ConnectionString::parse(&format!(
        "AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint={}",
        azurite()
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pkg = file(dir.path(), "p.zip", b"abc");
    let dest = Destination::Account {
        connection: c,
        container: "core-key".into(),
        expiry_days: 30,
    };
    let e = upload(&pkg, &dest, &small_blocks(), &mut |_| {}).unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(text.contains("403"), "{text}");
    assert!(!text.contains(&key), "{text}");
    assert_eq!(e.code(), "storage");
}

#[test]
fn upload_and_read_sas_are_checked_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = file(dir.path(), "p.zip", b"abc");
    let ep = azurite();
    let sas = |s: &str| SasUrl::parse(&format!("{ep}/c/{s}")).unwrap();
    let later = "se=2099-01-01T00:00:00Z&sig=AAAA";
    let past = "se=2001-01-01T00:00:00Z&sig=AAAA";
    for (upload_url, read, why) in [
        (format!("?sr=c&sp=r&{later}"), None, "cannot write"),
        (format!("?sr=c&sp=cw&{past}"), None, "expired"),
        (
            format!("?sr=c&sp=cw&{later}"),
            Some(format!("p.zip?sr=b&sp=rw&{later}")),
            "also grants `w`",
        ),
        (
            format!("?sr=c&sp=cw&{later}"),
            Some(format!("p.zip?sr=b&sp=w&{later}")),
            "cannot read",
        ),
        (
            format!("?sr=c&sp=cw&{later}"),
            Some(format!("other.zip?sr=b&sp=r&{later}")),
            "not the uploaded blob",
        ),
        (
            format!("?sr=c&sp=cw&{later}"),
            Some(format!("p.zip?sr=b&sp=r&{past}")),
            "expired",
        ),
    ] {
        let dest = Destination::Sas {
            upload: SasUrl::parse(&format!("{ep}/c{upload_url}")).unwrap(),
            read: read.map(|r| sas(&r)),
        };
        let e = upload(&pkg, &dest, &UploadOptions::default(), &mut |_| {}).unwrap_err();
        assert!(matches!(e, Error::Input(_)), "{e}");
        assert!(e.to_string().contains(why), "{why}: {e}");
        assert!(!e.to_string().contains("AAAA"), "{e}");
    }
}
