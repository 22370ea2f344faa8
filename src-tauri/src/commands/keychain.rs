//! The opt-in "remember in the system keychain": the client secret (service
//! `certpack`) and the storage account's connection string (service
//! `certpack-storage`), stored with the keyring crate in the Secret Service (Linux),
//! Keychain (macOS) or Credential Manager (Windows) under the offer name. Only on
//! request: the app never touches the keychain unless the user ticked the box for
//! this offer.

use certpack_core::ClientSecret;
use tauri::State;

use super::upload::StorageAccount;
use crate::IpcError;
use crate::state::{Remembered, Secrets, StateDir, Storage};

/// What is kept in the keychain: the service its entries are under, and the list of
/// offers that opted in (in `state.json`).
struct Kept {
    service: &'static str,
    opted_in: fn(&mut Remembered) -> &mut Vec<String>,
}

const SECRET: Kept = Kept {
    service: "certpack",
    opted_in: |s| &mut s.keychain,
};

const STORAGE: Kept = Kept {
    service: "certpack-storage",
    opted_in: |s| &mut s.storage_keychain,
};

/// The keychain's own error is kept out of the sentence (a D-Bus error says nothing
/// to a publisher) and logged nowhere: what it means and what happens instead.
fn unavailable(err: keyring::Error) -> IpcError {
    let why = match err {
        keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
            "This system has no keychain the app can use (on Linux, a Secret Service such as GNOME Keyring)."
        }
        _ => "The system keychain refused the request.",
    };
    IpcError {
        code: IpcError::KEYCHAIN,
        message: format!("{why} It is kept in memory only, for this session."),
    }
}

/// Stores `value` under `service` for `key`, or deletes it when `value` is `None`.
fn store(service: &str, key: &str, value: Option<&str>) -> Result<(), IpcError> {
    let entry = keyring::Entry::new(service, key).map_err(unavailable)?;
    match value {
        Some(v) => entry.set_password(v).map_err(unavailable),
        None => match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(unavailable(err)),
        },
    }
}

/// Stores `value` (or, `None`, deletes the entry) of `kept` for `offer`, and
/// remembers whether this offer opted in, off the async workers.
async fn remember_in(
    dir: &State<'_, StateDir>,
    kept: Kept,
    offer: &str,
    value: Option<zeroize::Zeroizing<String>>,
) -> Result<(), IpcError> {
    let dir = dir.get()?;
    let key = offer.trim().to_owned();
    tauri::async_runtime::spawn_blocking(move || {
        store(kept.service, &key, value.as_deref().map(String::as_str))?;
        let mut state = Remembered::load(&dir);
        let list = (kept.opted_in)(&mut state);
        list.retain(|o| *o != key);
        if value.is_some() {
            list.push(key);
        }
        state.save(&dir)
    })
    .await
    .map_err(|err| IpcError::internal(format!("the task stopped: {err}")))?
}

/// The entry of `kept` for `offer` when the offer opted in; the keychain is not
/// touched otherwise.
async fn recall_from(
    dir: &State<'_, StateDir>,
    kept: Kept,
    offer: &str,
) -> Result<Option<zeroize::Zeroizing<String>>, IpcError> {
    let key = offer.trim().to_owned();
    let mut state = Remembered::load(&dir.get()?);
    if !(kept.opted_in)(&mut state).contains(&key) {
        return Ok(None);
    }
    tauri::async_runtime::spawn_blocking(move || {
        let entry = keyring::Entry::new(kept.service, &key).map_err(unavailable)?;
        match entry.get_password() {
            Ok(text) => Ok(Some(zeroize::Zeroizing::new(text))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(unavailable(err)),
        }
    })
    .await
    .map_err(|err| IpcError::internal(format!("the task stopped: {err}")))?
}

/// Stores the connection string held in memory in the keychain for `offer`, or with
/// `remember` false deletes it; the opt-in is remembered per offer.
#[tauri::command]
pub async fn remember_storage(
    storage: State<'_, Storage>,
    dir: State<'_, StateDir>,
    offer: String,
    remember: bool,
) -> Result<(), IpcError> {
    let value = if remember {
        Some(
            storage
                .text()
                .ok_or_else(|| IpcError::internal("Enter the connection string first."))?,
        )
    } else {
        None
    };
    remember_in(&dir, STORAGE, &offer, value).await
}

/// For an offer that opted in, loads its connection string from the keychain into
/// memory and says which account it names; never touches the keychain otherwise.
#[tauri::command]
pub async fn recall_storage(
    storage: State<'_, Storage>,
    dir: State<'_, StateDir>,
    offer: String,
) -> Result<Option<StorageAccount>, IpcError> {
    match recall_from(&dir, STORAGE, &offer).await? {
        Some(text) => super::upload::set_storage_connection(storage, text.to_string()),
        None => Ok(None),
    }
}

/// Stores the typed secret in the keychain for `offer` (and remembers that this offer
/// opted in), or, with `remember` false, deletes it and forgets the opt-in.
#[tauri::command]
pub async fn remember_secret(
    secrets: State<'_, Secrets>,
    dir: State<'_, StateDir>,
    offer: String,
    remember: bool,
) -> Result<(), IpcError> {
    let value = if remember {
        let secret = secrets
            .cloned()
            .ok_or_else(|| IpcError::internal("Type the client secret first."))?;
        Some(zeroize::Zeroizing::new(secret.expose().to_owned()))
    } else {
        None
    };
    remember_in(&dir, SECRET, &offer, value).await
}

/// For an offer that opted in, loads its secret from the keychain into memory.
/// Returns whether a secret was loaded; never touches the keychain otherwise.
#[tauri::command]
pub async fn recall_secret(
    secrets: State<'_, Secrets>,
    dir: State<'_, StateDir>,
    offer: String,
) -> Result<bool, IpcError> {
    Ok(match recall_from(&dir, SECRET, &offer).await? {
        Some(text) => {
            secrets.put(ClientSecret::new(text.to_string()));
            true
        }
        None => false,
    })
}
