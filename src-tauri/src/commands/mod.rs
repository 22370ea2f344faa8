//! The commands the UI may call, one file per group. Each one deserialises its
//! arguments, calls one core function and maps the error: no rules live here.
//!
//! Every command is also listed in `build.rs` and granted by name in
//! `capabilities/main.json`.

pub mod after;
pub mod check;
pub mod dialog;
pub mod draft;
pub mod export;
pub mod keychain;
pub mod pq;
pub mod upload;
pub mod window;
pub mod wizard;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::IpcError;
use crate::state::Jobs;

/// Runs blocking work (file reads, zip inflation) off the main thread and off the
/// async workers.
async fn blocking<T, F>(work: F) -> Result<T, IpcError>
where
    F: FnOnce() -> certpack_core::Result<T> + Send + 'static,
    T: Send + 'static,
{
    match tauri::async_runtime::spawn_blocking(work).await {
        Ok(result) => result.map_err(IpcError::from),
        Err(err) => Err(IpcError::internal(format!("the task stopped: {err}"))),
    }
}

/// [`blocking`] for a job the UI can cancel with `cancel_job`: `work` gets job
/// `job`'s cancel flag, and the job is forgotten when it ends, however it ends.
async fn cancellable<T, F>(jobs: &Jobs, job: u32, work: F) -> Result<T, IpcError>
where
    F: FnOnce(Arc<AtomicBool>) -> certpack_core::Result<T> + Send + 'static,
    T: Send + 'static,
{
    let cancel = jobs.start(job);
    let result = blocking(move || work(cancel)).await;
    jobs.finish(job);
    result
}
