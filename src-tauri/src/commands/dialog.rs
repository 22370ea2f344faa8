//! `pick_file`: the native file chooser. It is a command (not the dialog plugin) so
//! that tests can drive the app by typing a path instead.

use serde::Deserialize;
use tauri::{AppHandle, Runtime};
use tokio::sync::oneshot;

use crate::IpcError;

/// What a file slot takes: the chooser is filtered for it and its title says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "test", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PickKind {
    /// A Markdown file (`intro.md`).
    Markdown,
    /// A zip: a solution, a package or an upload.
    Zip,
    /// A certpack draft (`<offer>.certpack.json`).
    Draft,
    /// What the first screen checks: an upload, a package, a solution, or a Power
    /// Query connector (`.mez`, `.pqx`).
    Checkable,
    /// A Power Query connector (`.mez`, `.pqx`).
    Mez,
    /// Any file.
    Any,
}

impl PickKind {
    /// The dialog's title: what to pick.
    pub fn title(self) -> &'static str {
        match self {
            PickKind::Markdown => "Choose the Markdown file (intro.md)",
            PickKind::Zip => "Choose a zip archive (solution, package or upload)",
            PickKind::Draft => "Choose a certpack draft (.certpack.json)",
            PickKind::Checkable => {
                "Choose what to check (an upload, package or solution zip, or a .mez)"
            }
            PickKind::Mez => "Choose the Power Query connector (.mez or .pqx)",
            PickKind::Any => "Choose a file",
        }
    }

    /// The filter shown first (and selected), before "All files"; `None` for any file.
    pub fn filter(self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            PickKind::Markdown => Some(("Markdown", &["md"])),
            PickKind::Zip => Some(("Zip archives", &["zip"])),
            PickKind::Draft => Some(("certpack drafts", &["json"])),
            PickKind::Checkable => Some((
                "Zip archives and Power Query connectors",
                &["zip", "mez", "pqx"],
            )),
            PickKind::Mez => Some(("Power Query connectors", &["mez", "pqx"])),
            PickKind::Any => None,
        }
    }
}

/// Shows an "open file" dialog filtered for `kind`; `None` when the user cancels.
#[tauri::command]
pub async fn pick_file<R: Runtime>(
    app: AppHandle<R>,
    kind: PickKind,
) -> Result<Option<String>, IpcError> {
    let (tx, rx) = oneshot::channel();
    // GTK dialogs must be created on the main thread; the future is then driven
    // elsewhere so the event loop stays free (as tauri-plugin-dialog does).
    app.run_on_main_thread(move || {
        let mut dialog = rfd::AsyncFileDialog::new().set_title(kind.title());
        if let Some((name, extensions)) = kind.filter() {
            dialog = dialog.add_filter(name, extensions);
        }
        let picked = dialog.add_filter("All files", &["*"]).pick_file();
        std::thread::spawn(move || {
            let _ = tx.send(tauri::async_runtime::block_on(picked));
        });
    })?;
    let picked = rx
        .await
        .map_err(|_| IpcError::internal("the file dialog closed without an answer"))?;
    Ok(picked.map(|file| file.path().display().to_string()))
}

/// Shows a "choose folder" dialog (where to export); `None` when the user cancels.
#[tauri::command]
pub async fn pick_folder<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>, IpcError> {
    let (tx, rx) = oneshot::channel();
    app.run_on_main_thread(move || {
        let picked = rfd::AsyncFileDialog::new()
            .set_title("Choose the folder to export to")
            .pick_folder();
        std::thread::spawn(move || {
            let _ = tx.send(tauri::async_runtime::block_on(picked));
        });
    })?;
    let picked = rx
        .await
        .map_err(|_| IpcError::internal("the folder dialog closed without an answer"))?;
    Ok(picked.map(|dir| dir.path().display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_from_camel_case_and_filter_for_their_slot() {
        let kind = |s: &str| serde_json::from_value::<PickKind>(serde_json::json!(s)).unwrap();
        assert_eq!(kind("markdown").filter(), Some(("Markdown", &["md"][..])));
        assert_eq!(kind("zip").filter(), Some(("Zip archives", &["zip"][..])));
        assert_eq!(
            kind("draft").filter(),
            Some(("certpack drafts", &["json"][..]))
        );
        assert_eq!(kind("any").filter(), None);
        assert_eq!(
            kind("checkable").filter().map(|f| f.1),
            Some(&["zip", "mez", "pqx"][..])
        );
        assert!(serde_json::from_value::<PickKind>(serde_json::json!("Zip")).is_err());
        assert!(kind("markdown").title().contains("intro.md"));
    }
}
