//! `pick_file`: the native file chooser. It is a command (not the dialog plugin) so
//! that tests can drive the app by typing a path instead.

use tauri::{AppHandle, Runtime};
use tokio::sync::oneshot;

use crate::IpcError;

/// Shows an "open file" dialog; `None` when the user cancels.
#[tauri::command]
pub async fn pick_file<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>, IpcError> {
    let (tx, rx) = oneshot::channel();
    // GTK dialogs must be created on the main thread; the future is then driven
    // elsewhere so the event loop stays free (as tauri-plugin-dialog does).
    app.run_on_main_thread(move || {
        let picked = rfd::AsyncFileDialog::new()
            .set_title("Choose a package, solution zip or connector file")
            .add_filter("Zip archives", &["zip"])
            .add_filter("All files", &["*"])
            .pick_file();
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
