//! Upload the certification package to Azure Blob Storage and prove that the SAS
//! URI pasted into Partner Center downloads it (SAS-03).
//!
//! Three ways in:
//! - [`Destination::Account`]: a storage connection string. The container is
//!   created when missing, requests carry Shared Key authorization, and certpack
//!   signs the SAS for Partner Center itself: a service SAS for the one blob
//!   (`sr=b`), read only (`sp=r`), `spr=https`, valid [`DEFAULT_EXPIRY_DAYS`] days
//!   (at least [`MIN_EXPIRY_DAYS`]). On a plain-http endpoint of this machine (Azurite)
//!   `spr` is left out: an https-only SAS cannot be served over http.
//! - [`Destination::Sas`]: an upload SAS (container or blob, create/write) and a
//!   read SAS to paste, verified by downloading through it; a read SAS that could
//!   also write, or that names another blob, is refused before anything is sent.
//! - [`check_sas`]: a read SAS made elsewhere, only verified.
//!
//! Nothing reports success before SAS-03 holds: the blob, downloaded through the
//! read SAS, has the package's size and SHA-256.
//!
//! **The client** is `ureq` 3 with rustls: blocking, which suits a core without an
//! async runtime (the desktop calls it from a blocking thread), and a smaller tree
//! than reqwest + hyper + tokio. We need six REST calls and own them (Put Block with
//! Content-MD5, Put Block List, Get Block List, Get Blob Properties, Get Blob,
//! Create Container), with explicit retries and every message redacted.
//! **Resume** is described in `blocks.rs`: block ids carry each block's MD5, so the
//! blocks already staged with the same id and size are not sent again.
//! **Secrets:** the SAS signature and the account key never appear in a message, an
//! error, a `Debug` output or a progress event. [`SasUrl`] and [`ConnectionString`]
//! redact themselves; every error is built from redacted text where it is made.
//! Plain http is taken only for this machine (127.0.0.0/8, `localhost`, `::1`).

mod account;
mod blocks;
mod http;
mod sas;
mod verify;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use url::Url;

pub use account::{API_VERSION, ConnectionString, DEV_ACCOUNT_KEY};
pub use blocks::{BLOCK_SIZE, MAX_BLOCKS};
pub use sas::{SasUrl, redact_text};

use self::http::{Auth, Client, Failure, Request};
use self::sas::{Location, check_blob_name, check_container_name};
use crate::bundle::ProgressSink;
use crate::model::{Report, TargetKind};
use crate::rules::Sink;
use crate::rules::upload::{Download, Expected, check_download, refusal_hint};
use crate::{Error, Result};

/// The shortest expiry certpack signs: Partner Center downloads the package during
/// reviews of one to two weeks a round.
pub const MIN_EXPIRY_DAYS: u32 = 15;
/// The expiry certpack signs unless told otherwise.
pub const DEFAULT_EXPIRY_DAYS: u32 = 30;
/// The longest expiry certpack signs.
pub const MAX_EXPIRY_DAYS: u32 = 365;

/// Whether `url`'s host is this machine (127.0.0.0/8, `localhost`, `::1`).
pub fn is_loopback_url(url: &Url) -> bool {
    sas::is_loopback(url)
}

/// Retries and timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    /// Retries of one request after its first try (5xx, 408, 429, timeouts,
    /// connection errors; never other 4xx).
    pub retries: u32,
    /// The first wait; it doubles on each retry.
    pub backoff: Duration,
    /// The longest wait (also caps `Retry-After`).
    pub max_backoff: Duration,
    /// Connecting.
    pub connect_timeout: Duration,
    /// Each read or write on the connection, and the wait for an answer.
    pub io_timeout: Duration,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            retries: 5,
            backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            connect_timeout: Duration::from_secs(15),
            io_timeout: Duration::from_secs(60),
        }
    }
}

/// Where the package goes.
#[derive(Debug, Clone)]
pub enum Destination {
    /// A storage account: the container is created when missing and certpack signs
    /// the read SAS.
    Account {
        /// The account.
        connection: ConnectionString,
        /// The container (`certification` in the front ends).
        container: String,
        /// Days the read SAS stays valid (at least [`MIN_EXPIRY_DAYS`]).
        expiry_days: u32,
    },
    /// An upload SAS (a container's, or the blob's) with create or write, and the
    /// read SAS to paste into Partner Center.
    Sas {
        /// Used to upload; never offered for pasting.
        upload: SasUrl,
        /// Read only, for this blob: verified, then offered for pasting.
        read: Option<SasUrl>,
    },
}

/// How to upload.
#[derive(Debug, Clone)]
pub struct UploadOptions {
    /// The blob's name (default: the file's name; a blob SAS names it itself).
    pub blob: Option<String>,
    /// Retries and timeouts.
    pub network: Network,
    /// Set to stop: the upload ends with [`Error::Cancelled`] (staged blocks stay
    /// and are reused by the next upload of the same file).
    pub cancel: Option<Arc<AtomicBool>>,
    /// Now, in Unix seconds (expiries are counted from it).
    pub now_unix: i64,
    /// Bytes per block ([`BLOCK_SIZE`]; smaller only in tests).
    pub block_size: usize,
}

impl Default for UploadOptions {
    fn default() -> Self {
        UploadOptions {
            blob: None,
            network: Network::default(),
            cancel: None,
            now_unix: crate::check::now_unix(),
            block_size: BLOCK_SIZE,
        }
    }
}

/// What an upload did.
#[derive(Debug, Clone)]
pub struct Uploaded {
    /// The blob's URL, without any SAS.
    pub blob_url: String,
    /// The read-only SAS URI to paste into Partner Center: only when it was
    /// verified (SAS-03 holds).
    pub sas_uri: Option<SasUrl>,
    /// The package's SHA-256, lowercase hex.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// The read SAS's expiry (`se`), when there is one.
    pub expires: Option<String>,
    /// The blob was downloaded and hashes to the package (SAS-03).
    pub verified: bool,
    /// SAS-01/02 of the read SAS and SAS-03 (kind [`TargetKind::SasUri`]).
    pub report: Report,
    /// Blocks of the package.
    pub blocks: usize,
    /// Blocks already staged by an interrupted upload, not sent again.
    pub reused_blocks: usize,
    /// Requests retried.
    pub retries: u32,
    /// What to do when it is not verified, or why no SAS URI is offered.
    pub note: Option<String>,
}

/// How to check a SAS URI.
#[derive(Debug, Clone, Default)]
pub struct SasCheckOptions {
    /// Retries and timeouts.
    pub network: Network,
    /// Set to stop the download.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Now, in Unix seconds.
    pub now_unix: i64,
}

/// One blob and how requests to it are authorised.
pub(crate) struct Target<'a> {
    pub client: &'a Client,
    pub url: Url,
    pub auth: Auth<'a>,
    /// The blob's name, for messages and progress.
    pub name: String,
}

/// An error of the storage service or the network, for `what`; the text is
/// redacted already (codes and messages by the client, URLs never included).
pub(crate) fn storage_error(what: &str, f: Failure) -> Error {
    match f {
        Failure::Cancelled => Error::Cancelled,
        Failure::Transport(t) => Error::Storage(format!("{what}: {t}")),
        Failure::Status {
            status,
            code,
            message,
            attempts,
        } => {
            // Azure says Md5Mismatch; Azurite InvalidOperation "…contentMD5 doesn't match"
            let md5 = code == "Md5Mismatch"
                || (status == 400 && message.to_ascii_lowercase().contains("md5"));
            let hint = match code.as_str() {
                _ if md5 => {
                    " (the bytes that arrived differ from the bytes sent: corrupted on the way; try again)"
                }
                "ContainerNotFound" => {
                    " (the container does not exist: create it, or upload with a connection string)"
                }
                "AuthorizationPermissionMismatch" => {
                    " (the SAS does not grant this: it needs create and write, `sp=cw`)"
                }
                _ => refusal_hint(status, &code),
            };
            let code = if code.is_empty() {
                String::new()
            } else {
                format!(" {code}")
            };
            let message = if message.is_empty() {
                String::new()
            } else {
                format!(": {message}")
            };
            let tries = if attempts > 1 {
                format!(" (after {attempts} attempts)")
            } else {
                String::new()
            };
            Error::Storage(format!(
                "{what}: the storage service answered {status}{code}{hint}{message}{tries}"
            ))
        }
    }
}

/// Uploads `file` as a block blob, verifies it through the read SAS and says what
/// to paste. `Err` when it could not upload; an upload whose blob does not verify
/// is `Ok` with `verified: false` and the findings in `report`.
pub fn upload(
    file: &Path,
    dest: &Destination,
    opts: &UploadOptions,
    progress: &mut dyn ProgressSink,
) -> Result<Uploaded> {
    if !(1024..=BLOCK_SIZE).contains(&opts.block_size) {
        return Err(Error::Input(format!(
            "blocks of {} bytes: from 1 KiB to {BLOCK_SIZE}",
            opts.block_size
        )));
    }
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Input(format!("`{}` is not a file", file.display())))?;
    match dest {
        Destination::Account {
            connection,
            container,
            expiry_days,
        } => {
            check_container_name(container)?;
            if !(MIN_EXPIRY_DAYS..=MAX_EXPIRY_DAYS).contains(expiry_days) {
                return Err(Error::Input(format!(
                    "an expiry of {expiry_days} days: from {MIN_EXPIRY_DAYS} (Partner Center downloads the \
                     package during reviews of one to two weeks a round) to {MAX_EXPIRY_DAYS}"
                )));
            }
            let name = opts.blob.clone().unwrap_or(file_name);
            check_blob_name(&name)?;
            let loc = Location {
                endpoint: connection.endpoint().clone(),
                container: container.clone(),
                blob: None,
            };
            let blob_url = loc.blob_url(&name)?;
            // rounded up to the hour: a check right after the upload still sees the
            // whole number of days
            let expiry = (opts.now_unix + i64::from(*expiry_days) * 86_400 + 3599) / 3600 * 3600;
            let read = connection.read_sas(&blob_url, container, &name, expiry)?;
            let mut client = Client::new(&blob_url, opts.network, opts.cancel.clone());
            client.redact_also(connection.needles());
            client.redact_also(read.needles());
            create_container(&client, connection, &loc)?;
            let target = Target {
                client: &client,
                url: blob_url.clone(),
                auth: Auth::Key(connection),
                name,
            };
            let staged = stage_and_commit(&target, file, opts, progress)?;
            let mut done = verify_read(&client, &read, &staged, &target.name, opts, progress)?;
            done.sas_uri = done.verified.then_some(read);
            Ok(done)
        }
        Destination::Sas { upload, read } => {
            check_upload_sas(upload, opts.now_unix)?;
            let loc = upload.location()?;
            let name = match (&loc.blob, &opts.blob) {
                (Some(b), Some(given)) if b != given => {
                    return Err(Error::Input(format!(
                        "the upload SAS is for the blob `{b}`, not `{given}`"
                    )));
                }
                (Some(b), _) => b.clone(),
                (None, given) => given.clone().unwrap_or(file_name),
            };
            check_blob_name(&name)?;
            let blob_url = loc.blob_url(&name)?;
            let upload_blob = if loc.blob.is_some() {
                upload.clone()
            } else {
                upload.with_base(&blob_url)
            };
            let read = read
                .as_ref()
                .map(|r| check_read_sas(r, &blob_url, opts.now_unix))
                .transpose()?;
            let mut client = Client::new(&blob_url, opts.network, opts.cancel.clone());
            client.redact_also(upload.needles());
            if let Some(r) = &read {
                client.redact_also(r.needles());
            }
            let target = Target {
                client: &client,
                url: blob_url.clone(),
                auth: Auth::Sas(&upload_blob),
                name,
            };
            let staged = stage_and_commit(&target, file, opts, progress)?;
            match read {
                Some(read) => {
                    let mut done =
                        verify_read(&client, &read, &staged, &target.name, opts, progress)?;
                    done.sas_uri = done.verified.then_some(read);
                    Ok(done)
                }
                None if upload_blob.permissions().contains('r') => {
                    let mut done =
                        verify_read(&client, &upload_blob, &staged, &target.name, opts, progress)?;
                    done.note = Some(
                        "verified through the upload SAS; it can write, so it is not offered for pasting: \
                         make a read-only SAS for this blob (`sp=r`) and verify it"
                            .into(),
                    );
                    Ok(done)
                }
                None => Ok(Uploaded {
                    blob_url: blob_url.to_string(),
                    sas_uri: None,
                    sha256: staged.sha256,
                    size: staged.size,
                    expires: None,
                    verified: false,
                    report: Report::new(redact_text(blob_url.as_str(), &[]), TargetKind::SasUri),
                    blocks: staged.ids.len(),
                    reused_blocks: staged.reused,
                    retries: client.retries(),
                    note: Some(
                        "uploaded, not verified: the upload SAS cannot read; give a read SAS for this blob \
                         (`sp=r`) to verify it and paste it"
                            .into(),
                    ),
                }),
            }
        }
    }
}

/// The draft's record of `package` (of `sha256` and `size`) verified through `sas`
/// at `now_unix`: what lets the wizard say "Partner Center can download it".
fn record(
    package: &Path,
    sha256: &str,
    size: u64,
    sas: &SasUrl,
    now_unix: i64,
) -> crate::model::UploadRecord {
    let verified_at = jiff::Timestamp::from_second(now_unix)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    crate::model::UploadRecord {
        package: package.to_path_buf(),
        sha256: sha256.to_owned(),
        size,
        blob_url: sas.base().to_string(),
        expires: sas.param("se"),
        verified_at,
        sas_sha256: crate::inventory::sha256_hex(sas.expose().trim().as_bytes()),
    }
}

impl Uploaded {
    /// The draft's record of this upload of `package` at `now_unix`: only when a SAS
    /// URI is offered (verified, SAS-03) and no finding is an error.
    pub fn record(&self, package: &Path, now_unix: i64) -> Option<crate::model::UploadRecord> {
        self.sas_uri
            .as_ref()
            .filter(|_| self.verified && !self.report.has_errors())
            .map(|sas| record(package, &self.sha256, self.size, sas, now_unix))
    }
}

/// What [`verify_sas`] found.
#[derive(Debug, Clone)]
pub struct SasCheck {
    /// SAS-01/02 and, with a package, SAS-03.
    pub report: Report,
    /// The draft's record: with a package, when no finding is an error.
    pub record: Option<crate::model::UploadRecord>,
}

/// Checks a SAS URI made elsewhere: SAS-01 and SAS-02 and, with `package`, SAS-03
/// (the blob downloaded through it is the package). Emulator URLs of this machine
/// are taken (one SAS-01 warning). `Err` only when it could not run: the package
/// unreadable, no answer from the network.
pub fn check_sas(
    uri: &str,
    package: Option<&Path>,
    opts: &SasCheckOptions,
    progress: &mut dyn ProgressSink,
) -> Result<Report> {
    verify_sas(uri, package, opts, progress).map(|c| c.report)
}

/// [`check_sas`], with the draft's record of the package when it verified (the
/// package hashed once, for the comparison and the record).
pub fn verify_sas(
    uri: &str,
    package: Option<&Path>,
    opts: &SasCheckOptions,
    progress: &mut dyn ProgressSink,
) -> Result<SasCheck> {
    let mut sink = Sink::new();
    crate::rules::form::sas_with(&mut sink, uri, opts.now_unix, true);
    let mut expected = None;
    if let Some(pkg) = package {
        let (sha256, size) =
            crate::inventory::hash_file(pkg).map_err(|e| Error::io("cannot read", pkg, e))?;
        let want = expected.insert(Expected { size, sha256 });
        let got = match SasUrl::parse(uri.trim()) {
            Err(e) => Download::NotTried(e.to_string()),
            Ok(read) => {
                let mut client = Client::new(&read.base(), opts.network, opts.cancel.clone());
                client.redact_also(read.needles());
                let entry = pkg
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                verify::download(&client, &read, want.size, &entry, progress)?
            }
        };
        check_download(&mut sink, want, &got);
    }
    let mut report = Report::new(redact_text(uri.trim(), &[]), TargetKind::SasUri);
    report.diagnostics = sink.into_diagnostics();
    let record = match (package, expected, SasUrl::parse(uri.trim())) {
        (Some(pkg), Some(want), Ok(sas)) if !report.has_errors() => {
            Some(record(pkg, &want.sha256, want.size, &sas, opts.now_unix))
        }
        _ => None,
    };
    Ok(SasCheck { report, record })
}

fn create_container(client: &Client, account: &ConnectionString, loc: &Location) -> Result<()> {
    let mut url = loc.container_url()?;
    url.set_query(Some("restype=container"));
    let req = Request {
        method: "PUT",
        url,
        headers: vec![],
        body: &[],
        what: format!("creating the container `{}`", loc.container),
    };
    match client.send(&req, Auth::Key(account), &mut |_| {}) {
        Ok(_) | Err(Failure::Status { status: 409, .. }) => Ok(()),
        Err(f) => Err(storage_error(&req.what, f)),
    }
}

fn stage_and_commit(
    target: &Target<'_>,
    file: &Path,
    opts: &UploadOptions,
    progress: &mut dyn ProgressSink,
) -> Result<blocks::Staged> {
    let staged = blocks::stage(target, file, opts.block_size, progress)?;
    // the checksum certpack wrote beside the package, when it is there
    if let Some(name) = file.file_name() {
        let sum = file.with_file_name(format!("{}.sha256", name.to_string_lossy()));
        if let Ok(text) = std::fs::read_to_string(&sum)
            && let Some(want) = text.split_whitespace().next()
            && !want.eq_ignore_ascii_case(&staged.sha256)
        {
            return Err(Error::Input(format!(
                "`{}` does not match `{}` (SHA-256 {} read, {want} written): the package changed after it \
                 was bundled; bundle it again. Nothing was committed.",
                file.display(),
                sum.display(),
                staged.sha256
            )));
        }
    }
    blocks::commit(target, &staged.ids, &staged.sha256)?;
    Ok(staged)
}

/// Downloads the committed blob through `read` and reports SAS-01/02/03.
fn verify_read(
    client: &Client,
    read: &SasUrl,
    staged: &blocks::Staged,
    name: &str,
    opts: &UploadOptions,
    progress: &mut dyn ProgressSink,
) -> Result<Uploaded> {
    let mut sink = Sink::new();
    crate::rules::form::sas_with(&mut sink, read.expose(), opts.now_unix, true);
    let expected = Expected {
        size: staged.size,
        sha256: staged.sha256.clone(),
    };
    let got = verify::download(client, read, staged.size, name, progress)?;
    check_download(&mut sink, &expected, &got);
    let verified = matches!(&got, Download::Blob { size, sha256 } if *size == expected.size && *sha256 == expected.sha256);
    let mut report = Report::new(read.redacted(), TargetKind::SasUri);
    report.diagnostics = sink.into_diagnostics();
    Ok(Uploaded {
        blob_url: read.base().to_string(),
        sas_uri: None,
        sha256: staged.sha256.clone(),
        size: staged.size,
        expires: read.param("se"),
        verified,
        report,
        blocks: staged.ids.len(),
        reused_blocks: staged.reused,
        retries: client.retries(),
        note: (!verified).then(|| {
            "uploaded, but the blob downloaded through the read SAS is not the package (SAS-03): \
             no SAS URI is offered"
                .to_owned()
        }),
    })
}

/// Letters of `sp` beyond read (and list).
fn beyond_read(sp: &str) -> String {
    sp.chars().filter(|c| *c != 'r' && *c != 'l').collect()
}

fn check_upload_sas(upload: &SasUrl, now: i64) -> Result<()> {
    let sp = upload.permissions();
    if !sp.contains('w') && !sp.contains('c') {
        return Err(Error::Input(format!(
            "the upload SAS cannot write (`sp={sp}`): make one with create and write (`sp=cw`, or `rcw` to \
             verify through it)"
        )));
    }
    expiry_ahead(upload, "upload", now)
}

fn expiry_ahead(sas: &SasUrl, which: &str, now: i64) -> Result<()> {
    match (sas.param("se"), sas.expiry_unix()) {
        (None, _) => Err(Error::Input(format!(
            "the {which} SAS has no expiry (`se`)"
        ))),
        (Some(se), None) => Err(Error::Input(format!(
            "the {which} SAS's expiry `se={se}` is not a UTC date and time"
        ))),
        (Some(se), Some(t)) if t <= now => Err(Error::Input(format!(
            "the {which} SAS expired at {se}: make a new one"
        ))),
        _ => Ok(()),
    }
}

/// The read SAS, for the blob at `blob_url` (a container's read SAS is taken and
/// pointed at the blob); refused when it cannot read, could also write, has
/// expired, or names another blob.
fn check_read_sas(read: &SasUrl, blob_url: &Url, now: i64) -> Result<SasUrl> {
    let sp = read.permissions();
    if !sp.contains('r') {
        return Err(Error::Input(format!(
            "the read SAS cannot read (`sp={sp}`): Partner Center needs read (`sp=r`)"
        )));
    }
    let more = beyond_read(&sp);
    if !more.is_empty() {
        return Err(Error::Input(format!(
            "the read SAS also grants `{more}` (`sp={sp}`): whoever has it could change or delete the \
             package, so certpack does not offer it for pasting; make one with read only (`sp=r`)"
        )));
    }
    expiry_ahead(read, "read", now)?;
    let want = Location::of(blob_url, Some("b"))?;
    let loc = read.location()?;
    let same_place = loc.endpoint == want.endpoint && loc.container == want.container;
    match &loc.blob {
        Some(b) if same_place && Some(b) == want.blob.as_ref() => Ok(read.clone()),
        None if same_place => Ok(read.with_base(blob_url)),
        _ => Err(Error::Input(format!(
            "the read SAS is for `{}`, not the uploaded blob `{}`",
            redact_text(read.base().as_str(), &[]),
            blob_url
        ))),
    }
}

#[cfg(test)]
mod tests;
