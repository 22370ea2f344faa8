//! `check_path`: run every rule that applies to a file or folder.

use std::path::PathBuf;

use certpack_core::check::{self, CheckOptions};
use certpack_core::{PublisherKind, Report};

use super::blocking;
use crate::IpcError;

/// Checks an outer upload, a package zip, a solution zip or a connector source
/// folder. Findings are in the [`Report`]; `Err` means the path could not be read.
#[tauri::command]
pub async fn check_path(
    path: PathBuf,
    publisher: PublisherKind,
    plugin: bool,
) -> Result<Report, IpcError> {
    let opts = CheckOptions {
        publisher,
        plugin,
        ..CheckOptions::default()
    };
    blocking(move || check::check_path(&path, &opts)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri::async_runtime::block_on;

    #[test]
    fn reports_root_problems_of_an_upload() {
        let dir = tempfile::tempdir().unwrap();
        let upload = crate::testing::broken_upload(dir.path());

        let report = block_on(check_path(upload.clone(), PublisherKind::Verified, false)).unwrap();

        assert_eq!(report.target, upload.display().to_string());
        assert_eq!(report.codes(), ["PKG-03", "PKG-04"]);
    }

    #[test]
    fn a_missing_path_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.zip");

        let err = block_on(check_path(missing, PublisherKind::Independent, true)).unwrap_err();

        assert_eq!(err.code, "io");
        assert!(err.message.contains("nope.zip"), "{}", err.message);
    }
}
