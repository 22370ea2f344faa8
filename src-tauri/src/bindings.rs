//! The TypeScript declarations of the shell's own wire types
//! (`ui/src/lib/ipc/shell.ts`) are generated from the Rust types, like the core's
//! (`bindings.ts`), and so are the error codes the UI branches on. This test fails
//! when they drift; regenerate with
//! `UPDATE_BINDINGS=1 cargo test -p certpack-desktop --features test bindings`.

use ts_rs::{Config, TS};

use crate::IpcError;
use crate::commands::after::{AfterView, WrittenPrFolder};
use crate::commands::dialog::PickKind;
use crate::commands::draft::{OpenedDraft, RecentDraft, StartInfo};
use crate::commands::export::EntryContent;
use crate::commands::upload::{StorageAccount, UploadOutcome, UploadWay};
use crate::commands::wizard::Sheet;

fn generate() -> String {
    let cfg = Config::new();
    let mut out = String::from(
        "// Generated from src-tauri (the shell's wire types) by ts-rs. Do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p certpack-desktop --features test bindings\n\n\
         import type { ChecklistItem, PrFolder, Report, SheetRow, Submission, SubmissionKind, Timeline, UploadRecord } from \"./bindings\";\n\n",
    );
    for d in [
        StartInfo::decl(&cfg),
        RecentDraft::decl(&cfg),
        OpenedDraft::decl(&cfg),
        EntryContent::decl(&cfg),
        Sheet::decl(&cfg),
        UploadWay::decl(&cfg),
        StorageAccount::decl(&cfg),
        UploadOutcome::decl(&cfg),
        PickKind::decl(&cfg),
        AfterView::decl(&cfg),
        WrittenPrFolder::decl(&cfg),
    ] {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    let codes: Vec<String> = certpack_core::Error::CODES
        .iter()
        .chain(IpcError::SHELL_CODES)
        .map(|c| format!("\"{c}\""))
        .collect();
    out.push_str(
        "/**\n * Codes a command can fail with: the core's (`certpack_core::Error::code`), then the\n \
         * shell's own (`internal`: the shell failed; `keychain`: no system keychain).\n */\n",
    );
    out.push_str(&format!(
        "export type CommandErrorCode = {};\n",
        codes.join(" | ")
    ));
    out
}

#[test]
fn bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/shell.ts");
    let want = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/lib/ipc/shell.ts is out of date: run UPDATE_BINDINGS=1 cargo test -p certpack-desktop --features test bindings"
    );
}
