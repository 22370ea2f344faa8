//! A Power Query connector's draft: its check (findings, the folder as it will be
//! written, the sheet, the demo checklist), the article, blog paragraph and
//! changelog drafted beside the draft, the export with progress, and the verify of
//! an exported folder.

use std::path::PathBuf;

use certpack_core::pq::bundle::{self, PqSummary, PqVerification, PqWriteOptions};
use certpack_core::pq::draft::{self, DraftText, PqDraftCheck};
use certpack_core::read::zip::Limits;
use certpack_core::{Progress, Submission};
use tauri::State;
use tauri::ipc::Channel;

use super::{blocking, cancellable};
use crate::IpcError;
use crate::state::Jobs;

/// Everything the Power Query steps show, from one check of the draft.
#[tauri::command]
pub async fn pq_check(submission: Submission) -> Result<PqDraftCheck, IpcError> {
    blocking(move || draft::check(&submission, Limits::default())).await
}

/// Drafts the article, the blog paragraph or the changelog from the `.mez` into a
/// new file beside the draft, and returns its path. An existing file is never
/// replaced: it may be the publisher's own text.
#[tauri::command]
pub async fn pq_draft_text(
    draft_path: PathBuf,
    submission: Submission,
    which: DraftText,
) -> Result<PathBuf, IpcError> {
    blocking(move || draft::write_text(&draft_path, &submission, which, jiff::Zoned::now().date()))
        .await
}

/// Writes the submission folder into `dest`, reporting progress on `on_progress`;
/// job `job` can be cancelled with `cancel_job`. Refused while there are errors.
#[tauri::command]
pub async fn pq_export(
    jobs: State<'_, Jobs>,
    submission: Submission,
    dest: PathBuf,
    job: u32,
    on_progress: Channel<Progress>,
) -> Result<PqSummary, IpcError> {
    cancellable(&jobs, job, move |cancel| {
        let plan = draft::plan(&submission)?;
        let opts = PqWriteOptions {
            allow_errors: false,
            cancel: Some(cancel),
        };
        bundle::write(&plan, &dest, &opts, &mut |event: Progress| {
            let _ = on_progress.send(event);
        })
    })
    .await
}

/// Writes the sheet as Markdown to `path` (atomically): the tables, then the blog
/// paragraph and the changelog whole.
#[tauri::command]
pub async fn pq_save_sheet(submission: Submission, path: PathBuf) -> Result<(), IpcError> {
    blocking(move || {
        let md = draft::plan(&submission)?.sheet_markdown();
        certpack_core::bundle::write_atomic(&path, md.as_bytes())
    })
    .await
}

/// Re-reads an exported folder: every hash, files added or missing, the checks of
/// the files again.
#[tauri::command]
pub async fn pq_verify(folder: PathBuf) -> Result<PqVerification, IpcError> {
    blocking(move || bundle::verify(&folder)).await
}

#[cfg(test)]
mod tests {
    use certpack_core::example;

    use super::*;

    #[test]
    fn the_example_draft_checks_clean_and_exports_a_verified_folder() {
        let dir = tempfile::tempdir().unwrap();
        let ex = example::write_pq_example(dir.path()).unwrap();
        let check = tauri::async_runtime::block_on(pq_check(ex.submission.clone())).unwrap();
        let errors: Vec<_> = check
            .report
            .diagnostics
            .iter()
            .filter(|d| d.severity == certpack_core::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(check.complete);
        assert_eq!(check.listing.files.len(), 3);

        let plan = draft::plan(&ex.submission).unwrap();
        let out = dir.path().join("out");
        let summary = bundle::write(&plan, &out, &PqWriteOptions::default(), &mut |_| {}).unwrap();
        let v = tauri::async_runtime::block_on(pq_verify(summary.folder.clone())).unwrap();
        assert!(!v.has_errors(), "{:#?}", v.diagnostics);
        assert_eq!(v.sha256.as_deref(), Some(summary.sha256.as_str()));
    }

    #[test]
    fn the_sheet_is_saved_as_markdown() {
        let dir = tempfile::tempdir().unwrap();
        let ex = example::write_pq_example(dir.path()).unwrap();
        let path = dir.path().join("sheet.md");
        tauri::async_runtime::block_on(pq_save_sheet(ex.submission, path.clone())).unwrap();
        let md = std::fs::read_to_string(&path).unwrap();
        assert!(
            md.starts_with("# Power Query submission sheet: Contoso Tasks"),
            "{md}"
        );
        assert!(md.contains("| SHA-256 of the .mez |"), "{md}");
        assert!(md.contains("## Blog paragraph"), "{md}");
    }

    #[test]
    fn a_drafted_text_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let ex = example::write_pq_example(dir.path()).unwrap();
        let draft_path = ex.draft.clone();
        let blog = ex.blurb.clone();
        let before = std::fs::read(&blog).unwrap();
        let r = tauri::async_runtime::block_on(pq_draft_text(
            draft_path.clone(),
            ex.submission.clone(),
            DraftText::Blurb,
        ));
        let err = r.unwrap_err();
        assert!(err.message.contains("already exists"), "{}", err.message);
        assert_eq!(std::fs::read(&blog).unwrap(), before);

        // a new article beside a draft in another folder
        let other = dir.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        let path = tauri::async_runtime::block_on(pq_draft_text(
            other.join("x.certpack.json"),
            ex.submission,
            DraftText::Article,
        ))
        .unwrap();
        assert_eq!(path, other.join("contoso-tasks.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("Contoso Tasks"), "{text}");
    }
}
