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

const SERVICE: &str = "certpack";
const STORAGE_SERVICE: &str = "certpack-storage";

fn entry(offer: &str) -> Result<keyring::Entry, IpcError> {
    keyring::Entry::new(SERVICE, offer.trim()).map_err(unavailable)
}

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

/// Stores the connection string held in memory in the keychain for `offer`, or with
/// `remember` false deletes it; the opt-in is remembered per offer.
#[tauri::command]
pub async fn remember_storage(
    storage: State<'_, Storage>,
    dir: State<'_, StateDir>,
    offer: String,
    remember: bool,
) -> Result<(), IpcError> {
    let dir = dir.get()?;
    let text = storage.text();
    let key = offer.trim().to_owned();
    tauri::async_runtime::spawn_blocking(move || {
        if remember {
            let text =
                text.ok_or_else(|| IpcError::internal("Enter the connection string first."))?;
            store(STORAGE_SERVICE, &key, Some(&text))?;
        } else {
            store(STORAGE_SERVICE, &key, None)?;
        }
        let mut state = Remembered::load(&dir);
        state.storage_keychain.retain(|o| *o != key);
        if remember {
            state.storage_keychain.push(key);
        }
        state.save(&dir)
    })
    .await
    .map_err(|err| IpcError::internal(format!("the task stopped: {err}")))?
}

/// For an offer that opted in, loads its connection string from the keychain into
/// memory and says which account it names; never touches the keychain otherwise.
#[tauri::command]
pub async fn recall_storage(
    storage: State<'_, Storage>,
    dir: State<'_, StateDir>,
    offer: String,
) -> Result<Option<StorageAccount>, IpcError> {
    let key = offer.trim().to_owned();
    if !Remembered::load(&dir.get()?)
        .storage_keychain
        .contains(&key)
    {
        return Ok(None);
    }
    let found = tauri::async_runtime::spawn_blocking(move || {
        let entry = keyring::Entry::new(STORAGE_SERVICE, &key).map_err(unavailable)?;
        match entry.get_password() {
            Ok(text) => Ok(Some(zeroize::Zeroizing::new(text))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(unavailable(err)),
        }
    })
    .await
    .map_err(|err| IpcError::internal(format!("the task stopped: {err}")))??;
    let Some(text) = found else { return Ok(None) };
    super::upload::set_storage_connection(storage, text.to_string())
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
    let dir = dir.get()?;
    let secret = secrets.cloned();
    let key = offer.trim().to_owned();
    tauri::async_runtime::spawn_blocking(move || {
        if remember {
            let secret =
                secret.ok_or_else(|| IpcError::internal("Type the client secret first."))?;
            store(SERVICE, &key, Some(secret.expose()))?;
        } else {
            store(SERVICE, &key, None)?;
        }
        let mut state = Remembered::load(&dir);
        state.keychain.retain(|o| *o != key);
        if remember {
            state.keychain.push(key);
        }
        state.save(&dir)
    })
    .await
    .map_err(|err| IpcError::internal(format!("the task stopped: {err}")))?
}

/// For an offer that opted in, loads its secret from the keychain into memory.
/// Returns whether a secret was loaded; never touches the keychain otherwise.
#[tauri::command]
pub async fn recall_secret(
    secrets: State<'_, Secrets>,
    dir: State<'_, StateDir>,
    offer: String,
) -> Result<bool, IpcError> {
    let key = offer.trim().to_owned();
    if !Remembered::load(&dir.get()?).keychain.contains(&key) {
        return Ok(false);
    }
    let found = tauri::async_runtime::spawn_blocking(move || match entry(&key)?.get_password() {
        Ok(secret) => Ok(Some(ClientSecret::new(secret))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(err) => Err(unavailable(err)),
    })
    .await
    .map_err(|err| IpcError::internal(format!("the task stopped: {err}")))??;
    Ok(match found {
        Some(secret) => {
            secrets.put(secret);
            true
        }
        None => false,
    })
}
