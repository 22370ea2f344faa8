//! Drafts: open, save (atomically, never with the secret), the example, and what the
//! start screen lists (recent drafts, the draft to restore after a crash).

use std::path::{Path, PathBuf};

use certpack_core::{Submission, SubmissionKind, draft, example};
use serde::Serialize;
use tauri::State;

use super::blocking;
use crate::IpcError;
use crate::state::{Remembered, StateDir};

/// What the start screen shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StartInfo {
    /// Recent drafts that still exist, most recent first.
    pub recent: Vec<RecentDraft>,
    /// The draft that was open when the app last stopped (to restore), if it exists.
    pub restore: Option<PathBuf>,
}

/// A recent draft as the start screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RecentDraft {
    /// The draft file.
    pub path: PathBuf,
    /// Its offer name; none (`null`) when the name is empty or the draft cannot be read.
    pub offer: Option<String>,
    /// What it certifies (a Power Platform connector when it cannot be read).
    pub kind: SubmissionKind,
}

impl RecentDraft {
    /// Reads the offer name and the kind from the draft (a small JSON file).
    fn read(path: PathBuf) -> RecentDraft {
        let sub = draft::load(&path).ok();
        let offer = sub
            .as_ref()
            .map(|sub| sub.offer.name.trim().to_owned())
            .filter(|name| !name.is_empty());
        let kind = sub.map(|s| s.kind).unwrap_or_default();
        RecentDraft { path, offer, kind }
    }
}

/// A draft as opened: where it lives and what it holds.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OpenedDraft {
    /// The draft file.
    pub path: PathBuf,
    /// Its content, with relative file paths resolved against its folder.
    pub submission: Submission,
}

fn remember(dir: &Path, draft: &Path) -> Result<(), IpcError> {
    let mut state = Remembered::load(dir);
    state.opened(draft);
    state.save(dir)
}

/// Recent drafts (with their offer names) and the draft to restore. Off the main
/// thread: it reads each recent draft.
#[tauri::command]
pub async fn start_info(dir: State<'_, StateDir>) -> Result<StartInfo, IpcError> {
    let dir = dir.get()?;
    blocking(move || {
        let state = Remembered::load(&dir);
        Ok(StartInfo {
            recent: state
                .recent
                .into_iter()
                .filter(|p| p.is_file())
                .map(RecentDraft::read)
                .collect(),
            restore: state.open.filter(|p| p.is_file()),
        })
    })
    .await
}

/// Opens a draft and remembers it.
#[tauri::command]
pub async fn open_draft(dir: State<'_, StateDir>, path: PathBuf) -> Result<OpenedDraft, IpcError> {
    let dir = dir.get()?;
    blocking(move || {
        let mut submission = draft::load(&path)?;
        draft::resolve_paths(&mut submission, &path);
        Ok(OpenedDraft { path, submission })
    })
    .await
    .and_then(|opened| {
        remember(&dir, &opened.path)?;
        Ok(opened)
    })
}

/// Saves a draft atomically (temporary file, then rename). The secret is not part of
/// a [`Submission`], so it cannot be written.
#[tauri::command]
pub async fn save_draft(
    dir: State<'_, StateDir>,
    path: PathBuf,
    submission: Submission,
) -> Result<(), IpcError> {
    let dir = dir.get()?;
    let saved = path.clone();
    blocking(move || draft::save(&path, &submission)).await?;
    remember(&dir, &saved)
}

/// Starts a new, empty draft of `kind` (a Power Platform connector when not given)
/// in the app's drafts folder.
#[tauri::command]
pub async fn new_draft(
    dir: State<'_, StateDir>,
    kind: Option<SubmissionKind>,
) -> Result<OpenedDraft, IpcError> {
    let folder = dir.get()?.join("drafts");
    let kind = kind.unwrap_or_default();
    let untitled = match kind {
        SubmissionKind::PowerPlatform => "Untitled offer",
        SubmissionKind::PowerQuery => "Untitled connector",
    };
    let mut path = folder.join(draft::file_name(untitled));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = folder.join(draft::file_name(&format!("{untitled} {n}")));
    }
    let submission = Submission {
        kind,
        ..Submission::default()
    };
    let (p, s) = (path.clone(), submission.clone());
    blocking(move || draft::save(&p, &s)).await?;
    remember(&dir.get()?, &path)?;
    Ok(OpenedDraft { path, submission })
}

/// Writes a fresh copy of the Contoso example of `kind` (the Power Platform one when
/// not given) into the app's folder and opens it.
#[tauri::command]
pub async fn open_example(
    dir: State<'_, StateDir>,
    kind: Option<SubmissionKind>,
) -> Result<OpenedDraft, IpcError> {
    let state_dir = dir.get()?;
    let target = state_dir.join("example");
    let (path, submission) = blocking(move || match kind.unwrap_or_default() {
        SubmissionKind::PowerPlatform => {
            example::write_example(&target).map(|f| (f.draft, f.submission))
        }
        SubmissionKind::PowerQuery => {
            example::write_pq_example(&target).map(|f| (f.draft, f.submission))
        }
    })
    .await?;
    remember(&state_dir, &path)?;
    Ok(OpenedDraft { path, submission })
}

/// Closes the open draft: the next start shows the start screen, not a restore.
#[tauri::command]
pub fn close_draft(dir: State<'_, StateDir>) -> Result<(), IpcError> {
    let dir = dir.get()?;
    let mut state = Remembered::load(&dir);
    state.open = None;
    state.save(&dir)
}

/// A fingerprint of each path (for a folder, of everything under it; see
/// `certpack_core::check::path_stamp`), `None` when it is not there: the UI polls
/// this to re-check picked files and folders that changed on disk.
#[tauri::command]
pub fn file_stamps(paths: Vec<PathBuf>) -> Vec<Option<String>> {
    paths
        .iter()
        .map(|p| certpack_core::check::path_stamp(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recent_draft_has_its_offer_name_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let named = dir.path().join("named.certpack.json");
        let mut sub = Submission::default();
        sub.offer.name = "Contoso Tasks".into();
        draft::save(&named, &sub).unwrap();
        let unnamed = dir.path().join("unnamed.certpack.json");
        sub.offer.name = "  ".into();
        draft::save(&unnamed, &sub).unwrap();
        let broken = dir.path().join("broken.certpack.json");
        std::fs::write(&broken, b"{ not json").unwrap();

        assert_eq!(
            RecentDraft::read(named.clone()),
            RecentDraft {
                path: named,
                offer: Some("Contoso Tasks".into()),
                kind: SubmissionKind::PowerPlatform,
            }
        );
        assert_eq!(RecentDraft::read(unnamed).offer, None);
        assert_eq!(RecentDraft::read(broken.clone()).offer, None);
        assert_eq!(
            RecentDraft::read(broken).kind,
            SubmissionKind::PowerPlatform
        );
        let pq = dir.path().join("pq.certpack.json");
        sub.kind = SubmissionKind::PowerQuery;
        draft::save(&pq, &sub).unwrap();
        assert_eq!(RecentDraft::read(pq).kind, SubmissionKind::PowerQuery);
    }

    #[test]
    fn stamps_change_when_a_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("intro.md");
        std::fs::write(&file, "# A\n").unwrap();
        let before = file_stamps(vec![file.clone(), dir.path().join("gone")]);
        assert!(before[0].is_some());
        assert_eq!(before[1], None);
        std::fs::write(&file, "# A longer intro\n").unwrap();
        assert_ne!(file_stamps(vec![file])[0], before[0]);
    }

    #[test]
    fn a_folder_stamp_changes_when_any_file_under_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("connector");
        std::fs::create_dir_all(src.join("nested")).unwrap();
        std::fs::write(src.join("icon.png"), b"one").unwrap();
        std::fs::write(src.join("nested/script.csx"), b"a").unwrap();
        let before = file_stamps(vec![src.clone()]);
        std::fs::write(src.join("nested/script.csx"), b"ab").unwrap();
        let after = file_stamps(vec![src.clone()]);
        assert_ne!(before, after);
        std::fs::write(src.join("README.md"), b"new").unwrap();
        assert_ne!(file_stamps(vec![src]), after);
    }
}
