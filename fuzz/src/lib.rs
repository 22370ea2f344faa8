//! Helpers shared by the fuzz targets: one scratch folder per process, and a good
//! connector source folder (the Contoso example) in which one file is replaced by the
//! fuzz input on each iteration.
//!
//! Everything here goes through the public API of certpack-core.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use certpack_core::check::{CheckOptions, check_path};

/// This process's scratch folder: `$TMPDIR/certpack-fuzz/<pid>`.
///
/// libFuzzer ends the process with `exit()`, so no destructor removes it; instead, the
/// folders of processes that are gone are removed when the next one starts.
pub fn scratch() -> &'static Path {
    static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
        let root = std::env::temp_dir().join("certpack-fuzz");
        if let Ok(entries) = std::fs::read_dir(&root) {
            for e in entries.flatten() {
                let name = e.file_name();
                let Some(pid) = name.to_str().and_then(|n| n.parse::<u32>().ok()) else {
                    continue;
                };
                if !Path::new(&format!("/proc/{pid}")).exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = root.join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("cannot create the fuzz scratch folder");
        dir
    });
    &DIR
}

/// Writes `bytes` to `name` in the scratch folder and returns its path.
pub fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, bytes).expect("cannot write the fuzz input");
    path
}

/// The example connector source folder (`certpack_core::example::write_example`),
/// written once per process.
pub fn connector_dir() -> &'static Path {
    static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
        let files = certpack_core::example::write_example(&scratch().join("example"))
            .expect("cannot write the example");
        files.source_dir
    });
    &DIR
}

/// Replaces `name` in the example connector folder by `bytes` and checks the folder
/// with `check_path`. The publisher kind follows the input's length (odd: independent,
/// even: verified), so one input always takes the same path and both are covered.
pub fn check_connector_with(name: &str, bytes: &[u8]) {
    let dir = connector_dir();
    std::fs::write(dir.join(name), bytes).expect("cannot write the fuzz input");
    let opts = CheckOptions {
        publisher: if bytes.len() % 2 == 1 {
            certpack_core::PublisherKind::Independent
        } else {
            certpack_core::PublisherKind::Verified
        },
        ..CheckOptions::default()
    };
    check_and_serialise(dir, &opts);
}

/// `check_path`, then the report serialised as it is for IPC and files. `Err` means
/// "could not run" (an I/O problem), which is not a bug here.
pub fn check_and_serialise(path: &Path, opts: &CheckOptions) {
    if let Ok(report) = check_path(path, opts) {
        serde_json::to_vec(&report).expect("a report serialises");
    }
}
