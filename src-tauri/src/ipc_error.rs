//! The one error shape the UI ever sees: `{ "code": "...", "message": "..." }`.
//!
//! `code` is stable and machine-readable (the UI branches on it); `message` is for
//! people. Core errors keep their own codes ([`certpack_core::Error::code`]); the
//! shell adds only [`IpcError::INTERNAL`] for its own failures. The TypeScript twin
//! is `IpcError` in `ui/src/lib/ipc/index.ts`.

use serde::Serialize;

/// An error returned by a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    /// `io`, `input`, `refused`, `verification`, `cancelled` (from the core),
    /// `internal` (the shell itself failed) or `keychain` (no system keychain).
    pub code: &'static str,
    /// What went wrong, in one sentence.
    pub message: String,
}

impl IpcError {
    /// The system keychain is not there or refused (the secret stays in memory).
    pub const KEYCHAIN: &'static str = "keychain";

    /// The code of failures of the shell itself (a lost task, a dialog that broke).
    pub const INTERNAL: &'static str = "internal";

    /// The codes the shell adds to the core's ([`certpack_core::Error::CODES`]).
    pub const SHELL_CODES: &'static [&'static str] = &[Self::INTERNAL, Self::KEYCHAIN];

    /// An error of the shell itself.
    pub fn internal(message: impl Into<String>) -> Self {
        IpcError {
            code: Self::INTERNAL,
            message: message.into(),
        }
    }
}

impl From<certpack_core::Error> for IpcError {
    fn from(err: certpack_core::Error) -> Self {
        IpcError {
            code: err.code(),
            message: err.to_string(),
        }
    }
}

impl From<tauri::Error> for IpcError {
    fn from(err: tauri::Error) -> Self {
        IpcError::internal(err.to_string())
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for IpcError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let err = IpcError::from(certpack_core::Error::Input("nothing to check".into()));
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"code":"input","message":"nothing to check"}"#
        );
    }

    #[test]
    fn keeps_the_core_code() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let err = IpcError::from(certpack_core::Error::io("cannot read", "/nope", io));
        assert_eq!(err.code, "io");
        assert!(err.message.contains("/nope"), "{}", err.message);
    }
}
