//! The opt-in "remember in the system keychain": the client secret stored with the
//! keyring crate in the Secret Service (Linux), Keychain (macOS) or Credential Manager
//! (Windows), under the service `certpack` and the offer name. Only on request: the
//! app never touches the keychain unless the user ticked the box for this offer.

use certpack_core::ClientSecret;
use tauri::State;

use crate::IpcError;
use crate::state::{Remembered, Secrets, StateDir};

const SERVICE: &str = "certpack";

fn entry(offer: &str) -> Result<keyring::Entry, IpcError> {
    keyring::Entry::new(SERVICE, offer.trim()).map_err(unavailable)
}

fn unavailable(err: keyring::Error) -> IpcError {
    IpcError {
        code: IpcError::KEYCHAIN,
        message: format!(
            "the system keychain is not available ({err}): the secret stays in memory only, for this session"
        ),
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
    let dir = dir.get()?;
    let secret = secrets.cloned();
    let key = offer.trim().to_owned();
    tauri::async_runtime::spawn_blocking(move || {
        let entry = entry(&key)?;
        if remember {
            let secret =
                secret.ok_or_else(|| IpcError::internal("type the client secret first"))?;
            entry.set_password(secret.expose()).map_err(unavailable)?;
        } else {
            match entry.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(err) => return Err(unavailable(err)),
            }
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
