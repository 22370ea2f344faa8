//! certpack-core: everything certpack knows about a Power Platform connector
//! certification submission, with no user interface.
//!
//! - [`model`]: the wire types ([`Submission`], [`Report`], [`Diagnostic`], bundle
//!   progress and results). They are serialised as camelCase JSON, written to drafts
//!   and sent over IPC; TypeScript declarations are generated from them.
//! - [`read`]: safe readers for zips (nested, with size and ratio limits), JSON with
//!   spans, and XML.
//! - [`rules`]: the rule registry and every check, each reporting [`Diagnostic`]s.
//! - [`check`]: detect what a path is (outer package, package zip, solution zip,
//!   source folder) and run the rules on it.
//! - [`diff`]: what an update changes against the certified version (breaking
//!   changes, minor or major, the changelog draft).
//! - [`bundle`]: plan, preview, write atomically and verify the certification package.
//! - [`inventory`]: the tree of every entry at every level with size and SHA-256.
//! - [`example`]: the bundled Contoso example (source folder, solutions, draft).
//! - [`upload`]: the package to Azure Blob Storage, verified through the SAS URI.
//! - [`calendar`]: the expected deployment calendar after Go live (trains, region
//!   groups, US federal holidays as observed, freezes).
//! - [`tracker`]: after submission: the preview-test checklist, the timeline with the
//!   sign-off deadline and the deployment calendar, `.ics`, the pasted report mapped.
//! - [`pq`]: a Power Query (`.mez`) submission: the documentation article drafted and
//!   checked, the submission folder written atomically and verified.
//! - [`prfolder`]: the open-source pull request folder, planned, checked and
//!   written atomically.
//! - [`pq`]: Power Query connectors: a `.mez` / `.pqx` read, its M scanned.
//! - [`draft`]: drafts saved atomically; [`sheet`]: the Partner Center sheet;
//!   [`overrides`]: rules allowed or downgraded with a reason.
//!
//! Validation findings are data (a [`Report`]); [`Error`] means "could not run".
//! The crate never prints: progress goes through a [`bundle::ProgressSink`].
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod bundle;
pub mod calendar;
pub mod check;
pub mod connector;
pub mod diff;
pub mod draft;
mod error;
pub mod example;
pub mod inventory;
pub mod model;
pub mod overrides;
pub mod pipeline;
pub mod pq;
pub mod prfolder;
pub mod read;
pub mod rules;
pub mod secret;
pub mod sheet;
pub mod summary;
pub mod tracker;
pub mod upload;

pub use error::{Error, Result, Slot};
pub use model::*;
pub use secret::ClientSecret;
