//! The "could not run" error of the core. Findings about the user's files are never
//! errors: they are [`crate::Diagnostic`]s in a [`crate::Report`].

use std::path::PathBuf;

/// Why an operation could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{action} `{}`: {}", path.display(), crate::read::file::describe(source))]
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
    /// A file the bundle needs was not given.
    #[error("the {0} is required")]
    Missing(Slot),
    /// The bundle was not written because the inputs have errors.
    #[error(
        "not written: the files have errors (see the findings); fix them, or allow or downgrade \
         the rules a reviewer accepted"
    )]
    Refused {
        /// Number of error findings.
        errors: usize,
    },
    /// The written package failed its own verification and was discarded.
    #[error("the written package failed verification and was removed: {0}")]
    Verification(String),
    /// The OAuth client secret was found in what would be written: nothing was.
    /// Never overridden (not even by writing despite errors).
    #[error(
        "not written: the OAuth client secret typed in the form is in `{0}`; remove it and bundle again"
    )]
    SecretFound(String),
    /// The operation was cancelled by the user.
    #[error("cancelled")]
    Cancelled,
    /// The storage service refused, or could not be reached (after the retries
    /// deserved). The text names what was being done and never holds a SAS
    /// signature or an account key.
    #[error("{0}")]
    Storage(String),
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

    /// Every code [`Error::code`] gives (the UI's `IpcErrorCode` is generated from it).
    pub const CODES: &'static [&'static str] = &[
        "io",
        "input",
        "missing",
        "refused",
        "verification",
        "secret",
        "cancelled",
        "storage",
    ];

    /// A stable machine-readable code for the error (used across IPC and in JSON output).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Input(_) => "input",
            Error::Missing(_) => "missing",
            Error::Refused { .. } => "refused",
            Error::Verification(_) => "verification",
            Error::SecretFound(_) => "secret",
            Error::Cancelled => "cancelled",
            Error::Storage(_) => "storage",
        }
    }
}

/// An input file of the bundle, as front ends name it (a flag, a form field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// `intro.md`.
    Intro,
    /// The connector solution zip.
    ConnectorSolution,
    /// The flow solution zip.
    FlowSolution,
    /// The AI plugin solution zip.
    PluginSolution,
}

impl std::fmt::Display for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Slot::Intro => "intro.md file",
            Slot::ConnectorSolution => "connector solution",
            Slot::FlowSolution => "flow solution",
            Slot::PluginSolution => "AI plugin solution",
        })
    }
}

/// Result alias of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed() {
        let all = [
            Error::io("cannot read", "x", std::io::Error::other("e")),
            Error::Input("x".into()),
            Error::Missing(Slot::Intro),
            Error::Refused { errors: 1 },
            Error::Verification("x".into()),
            Error::SecretFound("x".into()),
            Error::Cancelled,
            Error::Storage("x".into()),
        ];
        let codes: Vec<_> = all.iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES);
    }
}
