// Generated from src-tauri (the shell's wire types) by ts-rs. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p certpack-desktop --features test bindings

import type { SheetRow, Submission } from "./bindings";

export type StartInfo = { 
/**
 * Recent drafts that still exist, most recent first.
 */
recent: Array<RecentDraft>, 
/**
 * The draft that was open when the app last stopped (to restore), if it exists.
 */
restore: string | null, };

export type RecentDraft = { 
/**
 * The draft file.
 */
path: string, 
/**
 * Its offer name; none (`null`) when the name is empty or the draft cannot be read.
 */
offer: string | null, };

export type OpenedDraft = { 
/**
 * The draft file.
 */
path: string, 
/**
 * Its content, with relative file paths resolved against its folder.
 */
submission: Submission, };

export type EntryContent = { "kind": "text", 
/**
 * The text.
 */
text: string, } | { "kind": "image", 
/**
 * `data:image/png;base64,...`
 */
dataUrl: string, } | { "kind": "binary", 
/**
 * Its size in bytes.
 */
size: number, };

export type Sheet = { 
/**
 * One row per field, in Partner Center order.
 */
rows: Array<SheetRow>, 
/**
 * The sheet as Markdown.
 */
markdown: string, };

export type PickKind = "markdown" | "zip" | "draft" | "any";

/**
 * Codes a command can fail with: the core's (`certpack_core::Error::code`), then the
 * shell's own (`internal`: the shell failed; `keychain`: no system keychain).
 */
export type CommandErrorCode = "io" | "input" | "missing" | "refused" | "verification" | "secret" | "cancelled" | "storage" | "internal" | "keychain";
