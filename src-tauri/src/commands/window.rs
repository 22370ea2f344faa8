//! The window and the world outside it: the window title (the draft's offer and
//! step), Microsoft's pages opened in the system browser, and a finding's file opened
//! in the system's application for it. Own commands rather than the window and opener
//! plugins' permissions, so each takes only what it should.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

use crate::IpcError;

/// Sets the main window's title.
#[tauri::command]
pub fn set_title<R: Runtime>(app: AppHandle<R>, title: String) -> Result<(), IpcError> {
    let title: String = title
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    match app.get_webview_window("main") {
        Some(w) => w.set_title(&title).map_err(IpcError::from),
        None => Ok(()),
    }
}

/// Whether `url` may be opened in the browser: an https page (the links of the rules).
pub fn is_openable_link(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some())
}

/// Opens an https page in the system browser (never in the app's own window).
#[tauri::command]
pub fn open_link(url: String) -> Result<(), IpcError> {
    if !is_openable_link(&url) {
        return Err(IpcError::from(certpack_core::Error::Input(format!(
            "Only https pages open from the app, not `{url}`."
        ))));
    }
    tauri_plugin_opener::open_url(&url, None::<&str>)
        .map_err(|_| IpcError::internal("The browser could not be started for this link."))
}

/// The kinds of file a finding may point at, opened with the system's application.
const OPENABLE: &[&str] = &[
    "json", "md", "csx", "png", "xml", "txt", "yaml", "yml", "zip",
];

/// Opens a finding's file (a file on disk, not an entry inside a zip) with the
/// system's application for its kind.
#[tauri::command]
pub fn open_file(path: PathBuf) -> Result<(), IpcError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !OPENABLE.contains(&ext.as_str()) || !path.is_file() {
        return Err(IpcError::from(certpack_core::Error::Input(format!(
            "`{}` is not a file the app opens.",
            path.display()
        ))));
    }
    tauri_plugin_opener::open_path(&path, None::<&str>)
        .map_err(|_| IpcError::internal(format!("No application could open `{}`.", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_pages_open() {
        assert!(is_openable_link(
            "https://learn.microsoft.com/en-us/connectors/"
        ));
        assert!(!is_openable_link("http://example.com/"));
        assert!(!is_openable_link("file:///etc/passwd"));
        assert!(!is_openable_link("javascript:alert(1)"));
        assert!(open_file("/bin/sh".into()).is_err());
    }
}
