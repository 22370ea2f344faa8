//! The wizard's live data: findings for the draft, the connector summary, the
//! Partner Center categories, the client secret (memory only) and the submission sheet.

use std::path::PathBuf;

use certpack_core::check::{self, CheckOptions};
use certpack_core::sheet::{self, SheetRow};
use certpack_core::summary::{self, ConnectorSummary};
use certpack_core::{BundleSummary, Report, Submission};
use serde::Serialize;
use tauri::State;

use super::blocking;
use crate::IpcError;
use crate::state::{Checks, Secrets};
use std::sync::PoisonError;

/// Every finding for the draft: its form fields and every file it names, with the
/// typed secret searched for in those files.
#[tauri::command]
pub async fn check_draft(
    secrets: State<'_, Secrets>,
    checks: State<'_, Checks>,
    submission: Submission,
) -> Result<Report, IpcError> {
    let secret = secrets.cloned();
    let mut cache = std::mem::take(&mut *checks.0.lock().unwrap_or_else(PoisonError::into_inner));
    let (report, cache) = blocking(move || {
        let report = check::check_submission_cached(
            &submission,
            secret.as_ref(),
            &CheckOptions::default(),
            check::now_unix(),
            &mut cache,
        );
        Ok((report, cache))
    })
    .await?;
    *checks.0.lock().unwrap_or_else(PoisonError::into_inner) = cache;
    Ok(report?)
}

/// What the connector tells the wizard: OAuth or not, suggested categories, icon.
#[tauri::command]
pub async fn connector_summary(submission: Submission) -> Result<ConnectorSummary, IpcError> {
    blocking(move || Ok(summary::connector_summary(&submission))).await
}

/// The Partner Center category names.
#[tauri::command]
pub fn categories() -> Vec<&'static str> {
    certpack_core::rules::PARTNER_CENTER_CATEGORIES.to_vec()
}

/// Holds the typed client secret in memory (a blank one clears it). Returns whether
/// a secret is held.
#[tauri::command]
pub fn set_client_secret(secrets: State<'_, Secrets>, secret: String) -> bool {
    secrets.set(secret);
    secrets.with(|s| s.is_some())
}

/// The submission sheet: every Partner Center field, and the same as Markdown. The
/// secret is never in it; only whether one was typed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Sheet {
    /// One row per field, in Partner Center order.
    pub rows: Vec<SheetRow>,
    /// The sheet as Markdown.
    pub markdown: String,
}

/// Builds the sheet; `package` adds the exported package's name and SHA-256.
#[tauri::command]
pub fn submission_sheet(
    secrets: State<'_, Secrets>,
    submission: Submission,
    package: Option<BundleSummary>,
) -> Sheet {
    let given = secrets.with(|s| s.is_some());
    Sheet {
        rows: sheet::rows(&submission, package.as_ref(), given),
        markdown: sheet::markdown(&submission, package.as_ref(), given),
    }
}

/// Writes the sheet as Markdown to `path` (atomically).
#[tauri::command]
pub async fn save_sheet(
    secrets: State<'_, Secrets>,
    submission: Submission,
    package: Option<BundleSummary>,
    path: PathBuf,
) -> Result<(), IpcError> {
    let given = secrets.with(|s| s.is_some());
    blocking(move || {
        let md = sheet::markdown(&submission, package.as_ref(), given);
        certpack_core::bundle::write_atomic(&path, md.as_bytes())
    })
    .await
}
