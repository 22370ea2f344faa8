//! The bundle: preview (every level with sizes, SHA-256 and findings), the entry
//! viewer, and the export, which runs off the main thread, reports progress on a
//! Channel and stops when its cancel flag is set.

use std::path::PathBuf;

use certpack_core::bundle::{self, BundleInputs, Preview, WriteOptions};
use certpack_core::check::CheckOptions;
use certpack_core::{BundleSummary, Progress, Submission};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use super::{blocking, cancellable};
use crate::IpcError;
use crate::state::{Jobs, Secrets};

fn options(sub: &Submission) -> CheckOptions {
    CheckOptions {
        publisher: sub.offer.publisher,
        plugin: sub.offer.plugin_enabled,
        ..CheckOptions::default()
    }
}

/// The package as it will be written, built in a temporary folder.
#[tauri::command]
pub async fn preview_bundle(
    secrets: State<'_, Secrets>,
    submission: Submission,
) -> Result<Preview, IpcError> {
    let secret = secrets.cloned();
    blocking(move || {
        let opts = options(&submission);
        let plan = bundle::plan(
            &BundleInputs::from_submission(&submission),
            &opts,
            secret.as_ref(),
        )?;
        bundle::preview(&plan, &opts, &mut |_: Progress| {})
    })
    .await
}

/// One entry's content for the viewer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
pub enum EntryContent {
    /// UTF-8 text (JSON, Markdown, XML).
    Text {
        /// The text.
        text: String,
    },
    /// A PNG image, as a data URL.
    Image {
        /// `data:image/png;base64,...`
        data_url: String,
    },
    /// Anything else (zips, binaries, too large).
    Binary {
        /// Its size in bytes.
        size: usize,
    },
}

/// The largest entry the viewer reads.
const VIEWER_MAX: u64 = 4 << 20;

/// Reads one planned entry at any level (`a.zip!/b.zip!/c.json`).
#[tauri::command]
pub async fn read_entry(
    submission: Submission,
    path: String,
) -> Result<Option<EntryContent>, IpcError> {
    blocking(move || {
        let opts = options(&submission);
        // the layout alone: reading one entry does not re-check every input
        let plan = bundle::layout(&BundleInputs::from_submission(&submission), &opts)?;
        Ok(plan.read_entry(&path, VIEWER_MAX).map(|bytes| {
            if bytes.starts_with(b"\x89PNG") {
                EntryContent::Image {
                    data_url: format!(
                        "data:image/png;base64,{}",
                        certpack_core::summary::base64(&bytes)
                    ),
                }
            } else if path.to_ascii_lowercase().ends_with(".zip") {
                EntryContent::Binary { size: bytes.len() }
            } else {
                match String::from_utf8(bytes) {
                    Ok(text) => EntryContent::Text { text },
                    Err(err) => EntryContent::Binary {
                        size: err.into_bytes().len(),
                    },
                }
            }
        }))
    })
    .await
}

/// Writes the package into `dest`, reporting progress on `on_progress`. Job `job`
/// can be cancelled with [`cancel_job`]. The typed client secret is searched for in
/// every input at every level first; a hit refuses the export, so nothing is written.
#[tauri::command]
pub async fn export_bundle(
    jobs: State<'_, Jobs>,
    secrets: State<'_, Secrets>,
    submission: Submission,
    dest: PathBuf,
    job: u32,
    on_progress: Channel<Progress>,
) -> Result<BundleSummary, IpcError> {
    let secret = secrets.cloned();
    cancellable(&jobs, job, move |cancel| {
        let opts = options(&submission);
        // the typed secret is searched in every input before anything is written: a
        // hit is an error, and the export is refused
        let plan = bundle::plan(
            &BundleInputs::from_submission(&submission),
            &opts,
            secret.as_ref(),
        )?;
        let write = WriteOptions {
            allow_errors: false,
            cancel: Some(cancel),
            check: opts,
        };
        bundle::write(&plan, &dest, &write, &mut |event: Progress| {
            let _ = on_progress.send(event);
        })
    })
    .await
}

/// Sets the cancel flag of a running export; false when it already ended.
#[tauri::command]
pub fn cancel_job(jobs: State<'_, Jobs>, job: u32) -> bool {
    jobs.cancel(job)
}

/// Shows `path` in the system's file manager (its folder opened, the file selected
/// where the file manager can), through tauri-plugin-opener.
#[tauri::command]
pub fn show_in_folder(path: PathBuf) -> Result<(), IpcError> {
    tauri_plugin_opener::reveal_item_in_dir(&path)
        .map_err(|err| IpcError::internal(format!("cannot show `{}`: {err}", path.display())))
}
