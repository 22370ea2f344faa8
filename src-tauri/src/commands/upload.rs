//! The Upload step: the exported package to Azure Blob Storage and the SAS URI that
//! Partner Center downloads it through, proven by a download (SAS-03). Three ways in:
//! the storage account's connection string (held in memory, like the client secret,
//! and in the keychain only on request), an upload SAS with a read SAS, or a read SAS
//! made elsewhere (verify only). Runs off the main thread, reports progress on a
//! Channel and stops when its cancel flag is set (the blocks already staged are
//! reused by the next try).

use std::path::PathBuf;

use certpack_core::upload::{
    self, ConnectionString, Destination, SasCheckOptions, SasUrl, UploadOptions,
};
use certpack_core::{Progress, Report, UploadRecord};
use serde::{Deserialize, Serialize};
use tauri::State;
use tauri::ipc::Channel;

use super::cancellable;
use crate::IpcError;
use crate::state::{Jobs, Storage};

/// How the package gets to the storage account.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum UploadWay {
    /// With the connection string given to [`set_storage_connection`]: the container
    /// is created when missing and certpack signs a read-only SAS for the blob.
    Account {
        /// The container (`certification` by default in the UI).
        container: String,
        /// Days the read SAS stays valid (15 to 365).
        expiry_days: u32,
    },
    /// With an upload SAS (create and write; never offered for pasting) and the
    /// read-only SAS to paste, which is verified by downloading through it.
    Sas {
        /// The container's or the blob's SAS with create and write.
        upload_url: String,
        /// The blob's read-only SAS.
        read_url: String,
    },
}

/// The storage account a connection string names (never its key).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StorageAccount {
    /// The account name.
    pub account: String,
    /// The blob endpoint.
    pub endpoint: String,
    /// A storage emulator on this machine (Azurite): fine for a test only.
    pub emulator: bool,
}

impl StorageAccount {
    fn of(c: &ConnectionString) -> Self {
        StorageAccount {
            account: c.account().to_owned(),
            endpoint: c.endpoint().to_string(),
            emulator: upload::is_loopback_url(c.endpoint()),
        }
    }
}

/// What an upload or a verification did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UploadOutcome {
    /// The read-only SAS URI to paste into Partner Center: only once verified.
    pub sas_uri: Option<String>,
    /// The blob's URL without any SAS.
    pub blob_url: String,
    /// SAS-01/02 of the read SAS and SAS-03 (the download compared).
    pub report: Report,
    /// The record for the draft: set when the download matched the package.
    pub record: Option<UploadRecord>,
    /// Blocks sent, and those already staged by an interrupted try.
    pub blocks: usize,
    /// Blocks of an interrupted try that were not sent again.
    pub reused_blocks: usize,
    /// Requests retried.
    pub retries: u32,
    /// Why no SAS URI is offered, or what to do next.
    pub note: Option<String>,
}

/// Holds the connection string in memory (a blank one forgets it) and says which
/// account it names; an error when it is not a connection string.
#[tauri::command]
pub fn set_storage_connection(
    storage: State<'_, Storage>,
    text: String,
) -> Result<Option<StorageAccount>, IpcError> {
    if text.trim().is_empty() {
        storage.clear();
        return Ok(None);
    }
    let parsed = ConnectionString::parse(text.trim()).map_err(IpcError::from)?;
    let account = StorageAccount::of(&parsed);
    storage.set(text.trim().to_owned(), parsed);
    Ok(Some(account))
}

/// Uploads `package` the way chosen and verifies it through the read SAS.
#[tauri::command]
pub async fn upload_package(
    jobs: State<'_, Jobs>,
    storage: State<'_, Storage>,
    package: PathBuf,
    way: UploadWay,
    job: u32,
    on_progress: Channel<Progress>,
) -> Result<UploadOutcome, IpcError> {
    let dest = match way {
        UploadWay::Account {
            container,
            expiry_days,
        } => Destination::Account {
            connection: storage.connection().ok_or_else(|| {
                IpcError::from(certpack_core::Error::Input(
                    "Enter the storage account's connection string first.".into(),
                ))
            })?,
            container,
            expiry_days,
        },
        UploadWay::Sas {
            upload_url,
            read_url,
        } => Destination::Sas {
            upload: SasUrl::parse(upload_url.trim()).map_err(IpcError::from)?,
            read: Some(SasUrl::parse(read_url.trim()).map_err(IpcError::from)?),
        },
    };
    cancellable(&jobs, job, move |cancel| {
        let opts = UploadOptions {
            cancel: Some(cancel),
            ..UploadOptions::default()
        };
        let up = upload::upload(&package, &dest, &opts, &mut |event: Progress| {
            let _ = on_progress.send(event);
        })?;
        let record = up.record(&package, opts.now_unix);
        Ok(UploadOutcome {
            sas_uri: up.sas_uri.as_ref().map(|s| s.expose().to_owned()),
            blob_url: up.blob_url,
            report: up.report,
            record,
            blocks: up.blocks,
            reused_blocks: up.reused_blocks,
            retries: up.retries,
            note: up.note,
        })
    })
    .await
}

/// Verifies a read SAS made elsewhere: SAS-01/02 and, with `package`, SAS-03 (the
/// blob downloaded through it is the package).
#[tauri::command]
pub async fn verify_sas(
    jobs: State<'_, Jobs>,
    uri: String,
    package: Option<PathBuf>,
    job: u32,
    on_progress: Channel<Progress>,
) -> Result<UploadOutcome, IpcError> {
    cancellable(&jobs, job, move |cancel| {
        let opts = SasCheckOptions {
            cancel: Some(cancel),
            now_unix: certpack_core::check::now_unix(),
            ..SasCheckOptions::default()
        };
        let checked = upload::verify_sas(&uri, package.as_deref(), &opts, &mut |e: Progress| {
            let _ = on_progress.send(e);
        })?;
        Ok(UploadOutcome {
            sas_uri: checked.record.as_ref().map(|_| uri.trim().to_owned()),
            blob_url: SasUrl::parse(uri.trim())
                .map(|s| s.base().to_string())
                .unwrap_or_default(),
            report: checked.report,
            record: checked.record,
            blocks: 0,
            reused_blocks: 0,
            retries: 0,
            note: package.is_none().then(|| {
                "Checked the URI only: choose the package to download and compare it.".into()
            }),
        })
    })
    .await
}
