//! An update and life after submission: the comparison with the previous version
//! and the changelog drafted from it; the tracker's checklist and timeline, the
//! calendar file, the pasted certification report; the open-source PR folder.

use std::path::PathBuf;

use certpack_core::calendar::CalendarOptions;
use certpack_core::check::{self, CheckOptions};
use certpack_core::diff::{self, Comparison};
use certpack_core::prfolder::{self, PrFolder};
use certpack_core::tracker::{self, ChecklistItem, ReportLine, Timeline};
use certpack_core::{Error, Submission, summary};
use serde::Serialize;

use super::blocking;
use crate::IpcError;

fn options(sub: &Submission) -> CheckOptions {
    CheckOptions {
        publisher: sub.offer.publisher,
        plugin: sub.offer.plugin_enabled,
        ..CheckOptions::default()
    }
}

/// The comparison with the previous version (Review, Offer setup).
#[tauri::command]
pub async fn compare_previous(submission: Submission) -> Result<Option<Comparison>, IpcError> {
    blocking(move || check::compare_draft(&submission, &CheckOptions::default())).await
}

/// A customer-facing changelog drafted from the comparison, for the publisher to edit.
#[tauri::command]
pub async fn changelog_draft(submission: Submission) -> Result<String, IpcError> {
    blocking(move || {
        let c = check::compare_draft(&submission, &CheckOptions::default())?.ok_or_else(|| {
            Error::Input(
                "Choose the previous version first: the changelog is drafted from the changes."
                    .into(),
            )
        })?;
        let version = submission.offer.version.trim();
        let heading = if version.is_empty() {
            jiff::Zoned::now().date().to_string()
        } else {
            version.to_owned()
        };
        Ok(diff::changelog(&c, &heading))
    })
    .await
}

/// What the After submission step shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AfterView {
    /// The preview-test checklist, generated from the connector and the draft.
    pub checklist: Vec<ChecklistItem>,
    /// The recorded states, the deadlines and the deployment calendar (`None` when an
    /// event's date cannot be read: `timelineError` says which).
    pub timeline: Option<Timeline>,
    /// Why there is no timeline.
    pub timeline_error: Option<String>,
}

fn after_view(sub: &Submission) -> AfterView {
    let connector = summary::draft_connector(sub, &options(sub));
    let checklist = tracker::checklist(connector.as_ref(), sub);
    let now = jiff::Timestamp::now();
    let (timeline, timeline_error) =
        match tracker::timeline(&sub.tracker, now, &CalendarOptions::default()) {
            Ok(t) => (Some(t), None),
            Err(e) => (None, Some(e.to_string())),
        };
    AfterView {
        checklist,
        timeline,
        timeline_error,
    }
}

/// The checklist and the timeline for the draft.
#[tauri::command]
pub async fn after_submission(submission: Submission) -> Result<AfterView, IpcError> {
    blocking(move || Ok(after_view(&submission))).await
}

/// Writes the timeline as `<offer> deployment.ics` into `dir`; returns its path.
#[tauri::command]
pub async fn write_ics(submission: Submission, dir: PathBuf) -> Result<String, IpcError> {
    blocking(move || {
        let timeline = tracker::timeline(
            &submission.tracker,
            jiff::Timestamp::now(),
            &CalendarOptions::default(),
        )?;
        let offer = submission.offer.name.trim();
        let offer = if offer.is_empty() {
            "Untitled offer"
        } else {
            offer
        };
        let name = format!("{offer} deployment.ics")
            .replace(['/', '\\', ':', '*', '?', '"', '<', '>', '|'], "-");
        let path = dir.join(name);
        certpack_core::bundle::write_atomic(&path, tracker::ics(&timeline, offer).as_bytes())?;
        Ok(path.display().to_string())
    })
    .await
}

/// The pasted certification report, line by line, with certpack's rule where one matches.
#[tauri::command]
pub fn map_report(text: String) -> Vec<ReportLine> {
    tracker::map_report(&text)
}

/// The open-source pull-request folder as written, with its checks.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WrittenPrFolder {
    /// The folder written (`<dir>/certified-connectors/<Name>`).
    pub path: String,
    /// What it holds and what the repository's rules found.
    pub folder: PrFolder,
}

/// Writes the pull-request folder for the draft's connector into `dir`.
#[tauri::command]
pub async fn write_pr_folder(
    submission: Submission,
    dir: PathBuf,
) -> Result<WrittenPrFolder, IpcError> {
    blocking(move || {
        let folder = prfolder::plan_submission(&submission, &CheckOptions::default())?;
        let path = prfolder::write(&folder, &dir)?;
        Ok(WrittenPrFolder {
            path: path.display().to_string(),
            folder,
        })
    })
    .await
}
