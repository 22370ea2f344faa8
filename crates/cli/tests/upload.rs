//! `certpack upload` and `certpack check-sas` against a real blob service: Azurite,
//! from `CERTPACK_AZURITE` (`http://127.0.0.1:PORT/devstoreaccount1`) or started here
//! through `scripts/azurite.sh` (stopped when this test process ends; no Azurite is
//! a failure, not a skip). Faults come from a loopback proxy written below: it
//! answers 5xx, cuts connections in the middle of a request body, or changes bytes
//! on the way. No output ever holds the account key or a signature, except the one
//! SAS URI to paste (the last line, or `sasUri`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use certpack_core::upload::{ConnectionString, DEV_ACCOUNT_KEY, SasUrl};
use fault_proxy::{Act, Proxy, Seen};
use serde_json::Value;
use url::Url;

mod fault_proxy;

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
            std::env::temp_dir().join(format!("certpack-azurite-cli-{}", std::process::id()));
        let out = Command::new("bash")
            .arg(&script)
            .arg("start")
            .arg(&state)
            .env("CERTPACK_AZURITE_WATCH", std::process::id().to_string())
            .stderr(std::process::Stdio::inherit())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        assert!(
            out.status.success(),
            "Azurite could not be started (scripts/azurite.sh start; it needs node and npm)"
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    })
}

fn connection_string(endpoint: &str) -> String {
    format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DEV_ACCOUNT_KEY};BlobEndpoint={endpoint}"
    )
}

fn account() -> ConnectionString {
    ConnectionString::parse(&connection_string(azurite())).unwrap()
}

fn now() -> i64 {
    certpack_core::check::now_unix()
}

/// A SAS signed with the dev account key: for `container` (`blob` None) or a blob,
/// on `endpoint` (Azurite or the proxy in front of it).
fn sas(endpoint: &str, container: &str, blob: Option<&str>, sp: &str, expiry: i64) -> SasUrl {
    let path = match blob {
        Some(b) => format!("{endpoint}/{container}/{}", b.replace(' ', "%20")),
        None => format!("{endpoint}/{container}"),
    };
    account()
        .service_sas(&Url::parse(&path).unwrap(), container, blob, sp, expiry)
        .unwrap()
}

/// Creates `container` (through a connection-string upload of a tiny file).
fn container(name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "init.zip", b"x");
    let o = run(
        &[
            "upload",
            f.to_str().unwrap(),
            "--connection-string-env",
            "CS",
            "--container",
            name,
        ],
        &[("CS", &connection_string(azurite()))],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

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

fn write(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

/// A package of 9 MB: three blocks (4 + 4 + ~0.6 MiB).
fn package(dir: &Path, name: &str, seed: u64) -> PathBuf {
    write(dir, name, &bytes(9_000_000, seed))
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certpack"));
    cmd.args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("certpack runs")
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every signature certpack may know in these tests' SAS URLs, and the key.
fn secrets_in(urls: &[&SasUrl]) -> Vec<String> {
    let mut s: Vec<String> = urls.iter().flat_map(|u| u.needles()).collect();
    s.push(DEV_ACCOUNT_KEY.to_owned());
    s.push(DEV_ACCOUNT_KEY.trim_end_matches('=').to_owned());
    s
}

/// No secret anywhere in `o`, except the SAS URI to paste: the last stdout line in
/// human output, `sasUri` in JSON.
fn assert_clean(o: &Output, secrets: &[String]) {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    let out = match serde_json::from_str::<Value>(&out) {
        Ok(mut v) => {
            if let Some(obj) = v.as_object_mut() {
                obj.remove("sasUri");
            }
            v.to_string()
        }
        Err(_) => {
            let mut lines: Vec<&str> = out.lines().collect();
            if lines.last().is_some_and(|l| l.contains("sig=")) {
                lines.pop();
            }
            lines.join("\n")
        }
    };
    for s in secrets {
        assert!(
            !out.contains(s.as_str()),
            "stdout holds a secret: {}",
            text(o)
        );
        assert!(
            !err.contains(s.as_str()),
            "stderr holds a secret: {}",
            text(o)
        );
    }
    // whatever else mentions a signature shows it redacted
    for line in out.lines().chain(err.lines()) {
        if let Some(i) = line.find("sig=") {
            assert!(line[i..].starts_with("sig=REDACTED"), "{line}");
        }
    }
}

/// `certpack check-sas URL --package PKG`.
fn check_sas(url: &str, pkg: &Path) -> Output {
    run(&["check-sas", url, "--package", pkg.to_str().unwrap()], &[])
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
}

#[test]
fn connection_string_upload_then_check_sas_passes() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = package(dir.path(), "Contoso_1.0_certification.zip", 1);
    let cs = connection_string(azurite());
    let o = run(
        &[
            "upload",
            pkg.to_str().unwrap(),
            "--connection-string-env",
            "CERTPACK_CS",
        ],
        &[("CERTPACK_CS", &cs)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let uri = stdout.lines().last().unwrap().to_owned();
    let read = SasUrl::parse(&uri).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
    assert_eq!(read.permissions(), "r");
    assert_eq!(read.param("sr").as_deref(), Some("b"));
    assert!(
        uri.contains("/certification/Contoso_1.0_certification.zip?"),
        "{uri}"
    );
    assert!(stdout.contains("verified"), "{stdout}");
    let expiry = read.expiry_unix().unwrap();
    assert!(
        (30 * 86_400..30 * 86_400 + 7200).contains(&(expiry - now())),
        "30 days"
    );
    assert_clean(&o, &secrets_in(&[]));

    let o = check_sas(&uri, &pkg);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("SAS-03"),
        "{}",
        text(&o)
    );
    assert_clean(&o, &secrets_in(&[&read]));
    // every line of it, in JSON too: nothing of check-sas shows the signature
    let o = run(
        &[
            "check-sas",
            &uri,
            "--package",
            pkg.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v = json(&o);
    assert_eq!(v["kind"], "sasUri");
    assert!(!String::from_utf8_lossy(&o.stdout).contains(&read.param("sig").unwrap()));

    // JSON: every field, and a second upload of the same file sends nothing again
    let o = run(
        &[
            "upload",
            pkg.to_str().unwrap(),
            "--connection-string-env",
            "CERTPACK_CS",
            "--format",
            "json",
            "--expiry-days",
            "15",
        ],
        &[("CERTPACK_CS", &cs)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v = json(&o);
    for k in ["blobUrl", "sasUri", "sha256", "size", "expires", "verified"] {
        assert!(v.get(k).is_some(), "{k}: {v}");
    }
    assert_eq!(v["verified"], true);
    assert_eq!(v["size"], 9_000_000);
    assert_eq!(v["reusedBlocks"], 3);
    assert_clean(&o, &secrets_in(&[]));

    // the blob changed after the upload: SAS-03 fails
    let other = package(dir.path(), "other.zip", 2);
    let o = run(
        &[
            "upload",
            other.to_str().unwrap(),
            "--connection-string-env",
            "CERTPACK_CS",
            "--blob",
            "Contoso_1.0_certification.zip",
        ],
        &[("CERTPACK_CS", &cs)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = run(
        &[
            "check-sas",
            &uri,
            "--package",
            pkg.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let v = json(&o);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SAS-03"], "{v}");
    assert_clean(&o, &secrets_in(&[&read]));

    // too short an expiry is refused
    let o = run(
        &[
            "upload",
            pkg.to_str().unwrap(),
            "--connection-string-env",
            "CERTPACK_CS",
            "--expiry-days",
            "7",
        ],
        &[("CERTPACK_CS", &cs)],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("from 15"), "{}", text(&o));
    // an unset variable says which
    let o = run(
        &[
            "upload",
            pkg.to_str().unwrap(),
            "--connection-string-env",
            "NOPE_NOT_SET",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("`NOPE_NOT_SET` is not set"),
        "{}",
        text(&o)
    );
}

#[test]
fn upload_sas_plus_read_sas() {
    container("sas-pair");
    let dir = tempfile::tempdir().unwrap();
    let pkg = package(dir.path(), "pkg v1.zip", 3);
    let ep = azurite();
    let later = now() + 40 * 86_400;
    let up = sas(ep, "sas-pair", None, "cw", later);
    let read = sas(ep, "sas-pair", Some("pkg v1.zip"), "r", later);
    let secrets = secrets_in(&[&up, &read]);
    for format in ["human", "json"] {
        let o = run(
            &[
                "upload",
                pkg.to_str().unwrap(),
                "--to",
                up.expose(),
                "--read-url",
                read.expose(),
                "--format",
                format,
            ],
            &[],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let pasted = if format == "json" {
            json(&o)["sasUri"].as_str().unwrap().to_owned()
        } else {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .last()
                .unwrap()
                .to_owned()
        };
        assert_eq!(pasted, read.expose(), "the read SAS is the one to paste");
        // the upload SAS is never printed, not even its signature
        let up_sig = up.param("sig").unwrap();
        assert!(!text(&o).contains(&up_sig));
        assert_clean(&o, &secrets);
    }
    // without --read-url: verified through an upload SAS that can read, nothing to paste
    let up_r = sas(ep, "sas-pair", None, "rcw", later);
    let o = run(
        &[
            "upload",
            pkg.to_str().unwrap(),
            "--to",
            up_r.expose(),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v = json(&o);
    assert_eq!(
        (v["verified"].as_bool(), v["sasUri"].is_null()),
        (Some(true), true),
        "{v}"
    );
    assert!(v["note"].as_str().unwrap().contains("read-only SAS"), "{v}");
    assert_clean(&o, &secrets_in(&[&up_r]));
    // ... and through one that cannot: uploaded, not verified (exit 1)
    let o = run(&["upload", pkg.to_str().unwrap(), "--to", up.expose()], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("sig="),
        "{}",
        text(&o)
    );
    assert_clean(&o, &secrets);
}

#[test]
fn refused_sas_urls() {
    container("sas-bad");
    let dir = tempfile::tempdir().unwrap();
    let pkg = package(dir.path(), "p.zip", 4);
    let ep = azurite();
    let later = now() + 40 * 86_400;
    let past = now() - 86_400;
    let up = sas(ep, "sas-bad", None, "cw", later);
    let cases: Vec<(&str, SasUrl, Option<SasUrl>, &str)> = vec![
        (
            "expired upload SAS",
            sas(ep, "sas-bad", None, "cw", past),
            None,
            "expired",
        ),
        (
            "upload SAS without write",
            sas(ep, "sas-bad", None, "r", later),
            None,
            "cannot write",
        ),
        (
            "read SAS without r",
            up.clone(),
            Some(sas(ep, "sas-bad", Some("p.zip"), "w", later)),
            "cannot read",
        ),
        (
            "read SAS that can write",
            up.clone(),
            Some(sas(ep, "sas-bad", Some("p.zip"), "rw", later)),
            "also grants `w`",
        ),
        (
            "read SAS for another blob",
            up.clone(),
            Some(sas(ep, "sas-bad", Some("other.zip"), "r", later)),
            "not the uploaded blob",
        ),
        (
            "expired read SAS",
            up.clone(),
            Some(sas(ep, "sas-bad", Some("p.zip"), "r", past)),
            "expired",
        ),
    ];
    for (what, to, read, why) in &cases {
        let mut args = vec!["upload", pkg.to_str().unwrap(), "--to", to.expose()];
        if let Some(r) = read {
            args.extend(["--read-url", r.expose()]);
        }
        let o = run(&args, &[]);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", text(&o));
        assert!(text(&o).contains(why), "{what}: {}", text(&o));
        let mut all = vec![to];
        all.extend(read.iter());
        assert_clean(&o, &secrets_in(&all));
    }
    // a signature that does not match its permissions: the service refuses (403)
    let forged = SasUrl::parse(
        &sas(ep, "sas-bad", None, "r", later)
            .expose()
            .replace("sp=r", "sp=rcw"),
    )
    .unwrap();
    let o = run(
        &["upload", pkg.to_str().unwrap(), "--to", forged.expose()],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("403"), "{}", text(&o));
    assert_clean(&o, &secrets_in(&[&forged]));

    // check-sas on the same kinds of SAS (the blob exists)
    let o = run(&["upload", pkg.to_str().unwrap(), "--to", up.expose()], &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "uploaded, not verified: {}",
        text(&o)
    );
    let p = pkg.to_str().unwrap();
    let expired = sas(ep, "sas-bad", Some("p.zip"), "r", past);
    let no_r = sas(ep, "sas-bad", Some("p.zip"), "w", later);
    // signed for another blob, pasted with this blob's name
    let other = sas(ep, "sas-bad", Some("other.zip"), "r", later);
    let moved = SasUrl::parse(&other.expose().replace("/other.zip?", "/p.zip?")).unwrap();
    for (what, url, codes) in [
        ("expired", &expired, &["SAS-02", "SAS-03"][..]),
        ("no read", &no_r, &["SAS-01", "SAS-03"][..]),
        ("another blob's signature", &moved, &["SAS-03"][..]),
    ] {
        let o = run(
            &[
                "check-sas",
                url.expose(),
                "--package",
                p,
                "--format",
                "json",
            ],
            &[],
        );
        assert_eq!(o.status.code(), Some(1), "{what}: {}", text(&o));
        let v = json(&o);
        let mut got: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        got.dedup();
        assert_eq!(got, codes, "{what}: {v}");
        assert_clean(&o, &secrets_in(&[url]));
        let o = run(&["check-sas", url.expose(), "--package", p], &[]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", text(&o));
        assert_clean(&o, &secrets_in(&[url]));
    }
    // no expiry: a SAS-01 error, found without the network; a missing package: exit 2
    let o = run(
        &[
            "check-sas",
            "https://acct.blob.core.windows.net/c/p.zip?sp=r&sig=Zm9vYmFy",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!text(&o).contains("Zm9vYmFy"), "{}", text(&o));
    let o = run(
        &[
            "check-sas",
            expired.expose(),
            "--package",
            "/nonexistent.zip",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

fn is_put_block(s: &Seen<'_>) -> bool {
    s.method == "PUT" && s.target.contains("comp=block&")
}

#[test]
fn faults_are_retried_and_the_upload_ends_verified() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = package(dir.path(), "faults.zip", 5);
    // 503 for the first 3 requests, then two Put Blocks cut halfway
    let mut cuts = 0;
    let proxy = Proxy::start(Box::new(move |s| {
        if s.n < 3 {
            Act::Status(503)
        } else if is_put_block(s) && s.len > 1_000_000 && cuts < 2 {
            cuts += 1;
            Act::Cut
        } else {
            Act::Forward
        }
    }));
    let cs = connection_string(&proxy.endpoint);
    let o = run(
        &[
            "upload",
            pkg.to_str().unwrap(),
            "--connection-string-env",
            "CS",
            "--format",
            "json",
        ],
        &[("CS", &cs)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v = json(&o);
    assert_eq!(v["verified"], true);
    assert!(v["retries"].as_u64().unwrap() >= 5, "{v}");
    let acts = proxy.acts();
    assert_eq!(
        acts.iter().filter(|(_, a)| *a == Act::Cut).count(),
        2,
        "{acts:?}"
    );
    assert_clean(&o, &secrets_in(&[]));
}

#[test]
fn a_dead_connection_fails_clearly_and_the_next_run_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = package(dir.path(), "resume.zip", 6);
    // after two blocks, every Put Block is cut
    let mut blocks = 0;
    let proxy = Proxy::start(Box::new(move |s| {
        if is_put_block(s) {
            blocks += 1;
            if blocks > 2 {
                return Act::Cut;
            }
        }
        Act::Forward
    }));
    let cs = connection_string(&proxy.endpoint);
    let args = [
        "upload",
        pkg.to_str().unwrap(),
        "--connection-string-env",
        "CS",
        "--retries",
        "2",
    ];
    let o = run(&args, &[("CS", &cs)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("block 3 of 3") && t.contains("connection") && t.contains("after 3 attempts"),
        "{t}"
    );
    assert!(!t.contains("verified"), "{t}");
    assert_clean(&o, &secrets_in(&[]));
    // straight to Azurite: the two staged blocks are not sent again
    let o = run(
        &[&args[..], &["--format", "json"]].concat(),
        &[("CS", &connection_string(azurite()))],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v = json(&o);
    assert_eq!(
        (v["verified"].as_bool(), v["reusedBlocks"].as_u64()),
        (Some(true), Some(2)),
        "{v}"
    );

    // a 500 that never ends: bounded, then a clear failure
    let proxy = Proxy::start(Box::new(|s| {
        if is_put_block(s) {
            Act::Status(500)
        } else {
            Act::Forward
        }
    }));
    let other = package(dir.path(), "other.zip", 7);
    let o = run(
        &[
            "upload",
            other.to_str().unwrap(),
            "--connection-string-env",
            "CS",
            "--retries",
            "2",
        ],
        &[("CS", &connection_string(&proxy.endpoint))],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("answered 500") && text(&o).contains("after 3 attempts"),
        "{}",
        text(&o)
    );
    let puts = proxy
        .acts()
        .iter()
        .filter(|(r, _)| r.contains("comp=block&"))
        .count();
    assert_eq!(puts, 3, "one block, tried 3 times, then stop");
    // a 403 is not retried
    let proxy = Proxy::start(Box::new(|s| {
        if is_put_block(s) {
            Act::Status(403)
        } else {
            Act::Forward
        }
    }));
    let o = run(
        &[
            "upload",
            other.to_str().unwrap(),
            "--connection-string-env",
            "CS",
        ],
        &[("CS", &connection_string(&proxy.endpoint))],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let puts = proxy
        .acts()
        .iter()
        .filter(|(r, _)| r.contains("comp=block&"))
        .count();
    assert_eq!(puts, 1, "4xx other than 408/429 is final");
}

#[test]
fn changed_bytes_are_never_verified() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = package(dir.path(), "bytes.zip", 8);
    // a block changed on the way: the service's Content-MD5 check refuses it
    let proxy = Proxy::start(Box::new(|s| {
        if is_put_block(s) {
            Act::CorruptBody
        } else {
            Act::Forward
        }
    }));
    let o = run(
        &[
            "upload",
            pkg.to_str().unwrap(),
            "--connection-string-env",
            "CS",
        ],
        &[("CS", &connection_string(&proxy.endpoint))],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("400") && text(&o).contains("corrupted on the way"),
        "{}",
        text(&o)
    );

    // the download changed on the way: uploaded, not verified, no SAS URI offered
    let proxy = Proxy::start(Box::new(|s| {
        if s.method == "GET" && !s.target.contains("comp=") {
            Act::CorruptAnswer
        } else {
            Act::Forward
        }
    }));
    for format in ["human", "json"] {
        let o = run(
            &[
                "upload",
                pkg.to_str().unwrap(),
                "--connection-string-env",
                "CS",
                "--format",
                format,
            ],
            &[("CS", &connection_string(&proxy.endpoint))],
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            !out.contains("sig="),
            "no SAS URI for an unverified blob: {out}"
        );
        assert!(text(&o).contains("SAS-03"), "{}", text(&o));
        if format == "json" {
            let v = json(&o);
            assert_eq!(
                (v["verified"].as_bool(), v["sasUri"].is_null()),
                (Some(false), true)
            );
        }
        assert_clean(&o, &secrets_in(&[]));
    }
    // the blob itself is right: check-sas straight to Azurite passes, through the proxy fails
    let read = sas(
        azurite(),
        "certification",
        Some("bytes.zip"),
        "r",
        now() + 20 * 86_400,
    );
    let o = check_sas(read.expose(), &pkg);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let via = sas(
        &proxy.endpoint,
        "certification",
        Some("bytes.zip"),
        "r",
        now() + 20 * 86_400,
    );
    let o = check_sas(via.expose(), &pkg);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("SAS-03"));
    assert_clean(&o, &secrets_in(&[&via]));
}

#[test]
fn a_download_cut_midway_goes_on_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = package(dir.path(), "ranged.zip", 9);
    let o = run(
        &[
            "upload",
            pkg.to_str().unwrap(),
            "--connection-string-env",
            "CS",
        ],
        &[("CS", &connection_string(azurite()))],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // the first GET of the blob is answered in part, then the connection ends
    let mut first = true;
    let proxy = Proxy::start(Box::new(move |s| {
        if s.method == "GET" && first {
            first = false;
            Act::CutAnswer
        } else {
            Act::Forward
        }
    }));
    let via = sas(
        &proxy.endpoint,
        "certification",
        Some("ranged.zip"),
        "r",
        now() + 20 * 86_400,
    );
    let o = check_sas(via.expose(), &pkg);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let acts = proxy.acts();
    let gets: Vec<&String> = acts
        .iter()
        .filter(|(r, _)| r.starts_with("GET"))
        .map(|(r, _)| r)
        .collect();
    assert_eq!(gets.len(), 2, "{acts:?}");
    assert!(
        gets[1].ends_with("[range]"),
        "the second GET goes on from where the first stopped: {acts:?}"
    );
    assert_clean(&o, &secrets_in(&[&via]));
}
