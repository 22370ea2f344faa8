//! The shell's managed state: the client secret (memory only), the running jobs'
//! cancel flags, and the folder of the app's own files (recent drafts, the last open
//! draft for crash restore, the example copy).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, PoisonError};

use certpack_core::ClientSecret;
use serde::{Deserialize, Serialize};

use crate::IpcError;

/// The findings of the files a draft names, kept between re-checks so that an edit of
/// a form field does not read and check every file again (the core keys them on the
/// files' sizes and modification times, the secret and the fields they depend on).
#[derive(Default)]
pub struct Checks(pub Mutex<certpack_core::check::SubmissionCache>);

/// The OAuth client secret as typed: in memory only, redacted when printed, zeroised
/// when replaced or dropped. Never serialised, never written.
#[derive(Default)]
pub struct Secrets(Mutex<Option<ClientSecret>>);

impl Secrets {
    /// Replaces the secret; a blank one clears it.
    pub fn set(&self, secret: String) {
        let secret = ClientSecret::new(secret);
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) =
            (!secret.is_blank()).then_some(secret);
    }

    /// Holds a secret read from the keychain.
    pub fn put(&self, secret: ClientSecret) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) =
            (!secret.is_blank()).then_some(secret);
    }

    /// Runs `f` with the secret, if one was typed.
    pub fn with<T>(&self, f: impl FnOnce(Option<&ClientSecret>) -> T) -> T {
        f(self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref())
    }

    /// A copy for work that runs on another thread (zeroised when dropped there).
    pub fn cloned(&self) -> Option<ClientSecret> {
        self.with(|s| s.map(|s| ClientSecret::new(s.expose().to_owned())))
    }
}

/// The storage account's connection string, as typed or recalled from the keychain:
/// in memory only, zeroised when replaced or dropped, never serialised, never sent
/// back to the UI (only the account it names is).
#[derive(Default)]
pub struct Storage(
    Mutex<
        Option<(
            zeroize::Zeroizing<String>,
            certpack_core::upload::ConnectionString,
        )>,
    >,
);

impl Storage {
    /// Holds `text`, already parsed into `parsed`.
    pub fn set(&self, text: String, parsed: certpack_core::upload::ConnectionString) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((zeroize::Zeroizing::new(text), parsed));
    }

    /// Forgets it.
    pub fn clear(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The parsed connection string, for an upload.
    pub fn connection(&self) -> Option<certpack_core::upload::ConnectionString> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|(_, c)| c.clone())
    }

    /// The text as typed, for the keychain.
    pub fn text(&self) -> Option<zeroize::Zeroizing<String>> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|(t, _)| t.clone())
    }
}

/// Cancel flags of running jobs, by the id the UI chose.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<u32, Arc<AtomicBool>>>);

impl Jobs {
    /// Registers job `id` and returns its cancel flag.
    pub fn start(&self, id: u32) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.lock().insert(id, flag.clone());
        flag
    }

    /// Sets the cancel flag of job `id`; false when no such job runs.
    pub fn cancel(&self, id: u32) -> bool {
        self.lock().get(&id).is_some_and(|flag| {
            flag.store(true, std::sync::atomic::Ordering::Relaxed);
            true
        })
    }

    /// Forgets job `id`.
    pub fn finish(&self, id: u32) {
        self.lock().remove(&id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Arc<AtomicBool>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The folder of the app's own files. Resolved from the app data folder at start;
/// tests point it at a temporary folder.
#[derive(Default)]
pub struct StateDir(Mutex<Option<PathBuf>>);

impl StateDir {
    /// Sets the folder.
    pub fn set(&self, dir: PathBuf) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(dir);
    }

    /// The folder; an error when the platform gave none.
    pub fn get(&self) -> Result<PathBuf, IpcError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| IpcError::internal("the app has no data folder"))
    }
}

/// What the app remembers between runs (`state.json` in the [`StateDir`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Remembered {
    /// Drafts opened or saved, most recent first (at most [`Remembered::MAX_RECENT`]).
    pub recent: Vec<PathBuf>,
    /// The draft open now; still set after a crash, so the next start restores it.
    pub open: Option<PathBuf>,
    /// Offers whose client secret the user chose to keep in the system keychain.
    pub keychain: Vec<String>,
    /// Offers whose storage connection string the user chose to keep there.
    pub storage_keychain: Vec<String>,
}

impl Remembered {
    /// How many recent drafts are kept.
    pub const MAX_RECENT: usize = 8;

    fn file(dir: &Path) -> PathBuf {
        dir.join("state.json")
    }

    /// Reads the state; a missing or unreadable file is a fresh start.
    pub fn load(dir: &Path) -> Remembered {
        std::fs::read(Self::file(dir))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the state atomically.
    pub fn save(&self, dir: &Path) -> Result<(), IpcError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| IpcError::from(certpack_core::Error::io("cannot create", dir, e)))?;
        let json =
            serde_json::to_vec_pretty(self).map_err(|e| IpcError::internal(e.to_string()))?;
        certpack_core::bundle::write_atomic(&Self::file(dir), &json).map_err(IpcError::from)
    }

    /// Marks `draft` as open and most recent.
    pub fn opened(&mut self, draft: &Path) {
        self.recent.retain(|p| p != draft);
        self.recent.insert(0, draft.to_path_buf());
        self.recent.truncate(Self::MAX_RECENT);
        self.open = Some(draft.to_path_buf());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_recent_drafts_most_recent_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = Remembered::default();
        for name in ["a", "b", "a"] {
            state.opened(Path::new(name));
        }
        state.save(dir.path()).unwrap();
        let back = Remembered::load(dir.path());
        assert_eq!(back.recent, [PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(back.open, Some(PathBuf::from("a")));
    }

    #[test]
    fn a_blank_secret_is_no_secret() {
        let secrets = Secrets::default();
        secrets.set("  ".into());
        assert!(secrets.with(|s| s.is_none()));
        secrets.set("hunter2".into());
        assert_eq!(secrets.cloned().unwrap().expose(), "hunter2");
    }

    #[test]
    fn cancels_a_running_job() {
        let jobs = Jobs::default();
        let flag = jobs.start(7);
        assert!(jobs.cancel(7));
        assert!(flag.load(std::sync::atomic::Ordering::Relaxed));
        jobs.finish(7);
        assert!(!jobs.cancel(7));
    }
}
