//! The "could not run" error of the core. Findings about the user's files are never
//! errors: they are [`crate::Diagnostic`]s in a [`crate::Report`].

use std::path::PathBuf;

/// Why an operation could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{action} `{}`: {source}", path.display())]
    Io {
        /// What was being done ("cannot read", "cannot create", ...).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The input given cannot be used at all (nothing to check, a missing argument).
    #[error("{0}")]
    Input(String),
    /// The bundle was not written because the inputs have errors.
    #[error(
        "not written: {errors} error(s) found (see the findings); fix them or pass --allow-errors"
    )]
    Refused {
        /// Number of error findings.
        errors: usize,
    },
    /// The written package failed its own verification and was discarded.
    #[error("the written package failed verification and was removed: {0}")]
    Verification(String),
    /// The operation was cancelled by the user.
    #[error("cancelled")]
    Cancelled,
}

impl Error {
    /// Wraps an I/O error with what was being done and the path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// A stable machine-readable code for the error (used across IPC and in JSON output).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Input(_) => "input",
            Error::Refused { .. } => "refused",
            Error::Verification(_) => "verification",
            Error::Cancelled => "cancelled",
        }
    }
}

/// Result alias of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
