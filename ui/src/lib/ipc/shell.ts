// Generated from src-tauri (the shell's wire types) by ts-rs. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p certpack-desktop --features test bindings

import type { ChecklistItem, PrFolder, Report, SheetRow, Submission, SubmissionKind, Timeline, UploadRecord } from "./bindings";

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
offer: string | null, 
/**
 * What it certifies (a Power Platform connector when it cannot be read).
 */
kind: SubmissionKind, };

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

export type UploadWay = { "kind": "account", 
/**
 * The container (`certification` by default in the UI).
 */
container: string, 
/**
 * Days the read SAS stays valid (15 to 365).
 */
expiryDays: number, } | { "kind": "sas", 
/**
 * The container's or the blob's SAS with create and write.
 */
uploadUrl: string, 
/**
 * The blob's read-only SAS.
 */
readUrl: string, };

export type StorageAccount = { 
/**
 * The account name.
 */
account: string, 
/**
 * The blob endpoint.
 */
endpoint: string, 
/**
 * A storage emulator on this machine (Azurite): fine for a test only.
 */
emulator: boolean, };

export type UploadOutcome = { 
/**
 * The read-only SAS URI to paste into Partner Center: only once verified.
 */
sasUri: string | null, 
/**
 * The blob's URL without any SAS.
 */
blobUrl: string, 
/**
 * SAS-01/02 of the read SAS and SAS-03 (the download compared).
 */
report: Report, 
/**
 * The record for the draft: set when the download matched the package.
 */
record: UploadRecord | null, 
/**
 * Blocks sent, and those already staged by an interrupted try.
 */
blocks: number, 
/**
 * Blocks of an interrupted try that were not sent again.
 */
reusedBlocks: number, 
/**
 * Requests retried.
 */
retries: number, 
/**
 * Why no SAS URI is offered, or what to do next.
 */
note: string | null, };

export type PickKind = "markdown" | "zip" | "draft" | "checkable" | "mez" | "any";

export type AfterView = { 
/**
 * The preview-test checklist, generated from the connector and the draft.
 */
checklist: Array<ChecklistItem>, 
/**
 * The recorded states, the deadlines and the deployment calendar (`None` when an
 * event's date cannot be read: `timelineError` says which).
 */
timeline: Timeline | null, 
/**
 * Why there is no timeline.
 */
timelineError: string | null, };

export type WrittenPrFolder = { 
/**
 * The folder written (`<dir>/certified-connectors/<Name>`).
 */
path: string, 
/**
 * What it holds and what the repository's rules found.
 */
folder: PrFolder, };

/**
 * Codes a command can fail with: the core's (`certpack_core::Error::code`), then the
 * shell's own (`internal`: the shell failed; `keychain`: no system keychain).
 */
export type CommandErrorCode = "io" | "input" | "missing" | "refused" | "verification" | "secret" | "cancelled" | "storage" | "internal" | "keychain";
