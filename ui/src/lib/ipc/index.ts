// The only module that talks to Tauri. Components call these typed wrappers and
// never see `invoke` or a command name; UI tests mock IPC here and nowhere else.

import { Channel, invoke, type InvokeArgs } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type {
  BundleSummary,
  Comparison,
  ConnectorSummary,
  Preview,
  Progress,
  PublisherKind,
  Report,
  ReportLine,
  PqDraftCheck,
  DraftText,
  PqSummary,
  PqVerification,
  Submission,
  SubmissionKind,
} from "./bindings";
import type {
  AfterView,
  CommandErrorCode,
  EntryContent,
  OpenedDraft,
  PickKind,
  Sheet,
  StartInfo,
  StorageAccount,
  UploadOutcome,
  UploadWay,
  WrittenPrFolder,
} from "./shell";

export type * from "./bindings";
export type * from "./shell";

/**
 * Codes a command can fail with: the core's and the shell's (generated, see
 * `shell.ts`), and `ipc` when the call did not reach a command (unknown command,
 * bad arguments, not allowed).
 */
export type IpcErrorCode = CommandErrorCode | "ipc";

/** A failed command: `{ code, message }` from the shell, as a real `Error`. */
export class IpcError extends Error {
  readonly code: IpcErrorCode;

  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.name = "IpcError";
    this.code = code;
  }

  /** Turns whatever `invoke` rejected with into an `IpcError`. */
  static from(reason: unknown): IpcError {
    if (reason instanceof IpcError) return reason;
    if (
      typeof reason === "object" &&
      reason !== null &&
      "code" in reason &&
      "message" in reason &&
      typeof reason.code === "string" &&
      typeof reason.message === "string"
    ) {
      return new IpcError(reason.code as IpcErrorCode, reason.message);
    }
    // Tauri itself rejects with a plain string (e.g. "Command x not found").
    const message = reason instanceof Error ? reason.message : String(reason);
    return new IpcError("ipc", message);
  }
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw IpcError.from(reason);
  }
}

/** What the rules are checked against. */
export interface CheckOptions {
  publisher: PublisherKind;
  /** "AI plugin enabled": the package then needs a plugin solution. */
  plugin: boolean;
}

/** Checks an upload zip, package zip, solution zip or connector source folder. */
export function checkPath(path: string, opts: CheckOptions): Promise<Report> {
  return call<Report>("check_path", {
    path,
    publisher: opts.publisher,
    plugin: opts.plugin,
  });
}

/**
 * Opens the native file chooser, filtered for what the slot takes (`markdown`: .md,
 * `zip`: .zip, `draft`: .json, `checkable`: .zip, .mez and .pqx, `any`: no filter;
 * "All files" is always offered);
 * `null` when the user cancels.
 */
export function pickFile(kind: PickKind): Promise<string | null> {
  return call<string | null>("pick_file", { kind });
}

/** Opens the native folder chooser; `null` when the user cancels. */
export function pickFolder(): Promise<string | null> {
  return call<string | null>("pick_folder");
}

// Drafts

export function startInfo(): Promise<StartInfo> {
  return call<StartInfo>("start_info");
}

export function openDraft(path: string): Promise<OpenedDraft> {
  return call<OpenedDraft>("open_draft", { path });
}

/** Saves atomically; the client secret is not part of a Submission. */
export function saveDraft(path: string, submission: Submission): Promise<void> {
  return call<void>("save_draft", { path, submission });
}

/** A new, empty draft: a Power Platform connector's unless `kind` says otherwise. */
export function newDraft(kind: SubmissionKind = "powerPlatform"): Promise<OpenedDraft> {
  return call<OpenedDraft>("new_draft", { kind });
}

/** A fresh copy of the Contoso example of `kind`, opened. */
export function openExample(kind: SubmissionKind = "powerPlatform"): Promise<OpenedDraft> {
  return call<OpenedDraft>("open_example", { kind });
}

/** The next start shows the start screen instead of restoring this draft. */
export function closeDraft(): Promise<void> {
  return call<void>("close_draft");
}

/** A fingerprint of each path (a folder's covers every file under it), `null` when missing. */
export function fileStamps(paths: string[]): Promise<(string | null)[]> {
  return call<(string | null)[]>("file_stamps", { paths });
}

// The wizard's live data

export function checkDraft(submission: Submission): Promise<Report> {
  return call<Report>("check_draft", { submission });
}

export function connectorSummary(submission: Submission): Promise<ConnectorSummary> {
  return call<ConnectorSummary>("connector_summary", { submission });
}

export function categories(): Promise<string[]> {
  return call<string[]>("categories");
}

/** Hands the typed secret to the shell, which keeps it in memory only. */
export function setClientSecret(secret: string): Promise<boolean> {
  return call<boolean>("set_client_secret", { secret });
}

export function submissionSheet(submission: Submission, pkg: BundleSummary | null): Promise<Sheet> {
  return call<Sheet>("submission_sheet", { submission, package: pkg });
}

export function saveSheet(submission: Submission, pkg: BundleSummary | null, path: string): Promise<void> {
  return call<void>("save_sheet", { submission, package: pkg, path });
}

// The bundle

export function previewBundle(submission: Submission): Promise<Preview> {
  return call<Preview>("preview_bundle", { submission });
}

export function readEntry(submission: Submission, path: string): Promise<EntryContent | null> {
  return call<EntryContent | null>("read_entry", { submission, path });
}

let nextJob = 1;

/** A running export: its result, and a way to cancel it. */
export interface ExportJob {
  done: Promise<BundleSummary>;
  cancel: () => Promise<boolean>;
}

export function exportBundle(
  submission: Submission,
  dest: string,
  onProgress: (event: Progress) => void,
): ExportJob {
  const job = nextJob++;
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return {
    done: call<BundleSummary>("export_bundle", { submission, dest, job, onProgress: channel }),
    cancel: () => call<boolean>("cancel_job", { job }),
  };
}

// A Power Query connector

/** Everything the Power Query steps show: findings, the folder, the sheet, the demo
 *  checklist, an update's comparison. */
export function pqCheck(submission: Submission): Promise<PqDraftCheck> {
  return call<PqDraftCheck>("pq_check", { submission });
}

/** Drafts the article, blog paragraph or changelog into a new file beside the
 *  draft; its path. Rejects (never replaces) when that file exists. */
export function pqDraftText(draftPath: string, submission: Submission, which: DraftText): Promise<string> {
  return call<string>("pq_draft_text", { draftPath, submission, which });
}

/** A running Power Query export: its result, and a way to cancel it. */
export interface PqExportJob {
  done: Promise<PqSummary>;
  cancel: () => Promise<boolean>;
}

export function pqExport(submission: Submission, dest: string, onProgress: (event: Progress) => void): PqExportJob {
  const job = nextJob++;
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return {
    done: call<PqSummary>("pq_export", { submission, dest, job, onProgress: channel }),
    cancel: () => call<boolean>("cancel_job", { job }),
  };
}

/** Writes the Power Query sheet as Markdown to `path`. */
export function pqSaveSheet(submission: Submission, path: string): Promise<void> {
  return call<void>("pq_save_sheet", { submission, path });
}

/** Re-reads an exported Power Query folder (hashes, files, checks). */
export function pqVerify(folder: string): Promise<PqVerification> {
  return call<PqVerification>("pq_verify", { folder });
}

// The upload

/** A running upload or verification: its result, and a way to cancel it. */
export interface UploadJob {
  done: Promise<UploadOutcome>;
  cancel: () => Promise<boolean>;
}

function progressJob(
  start: (job: number, channel: Channel<Progress>) => Promise<UploadOutcome>,
  onProgress: (event: Progress) => void,
): UploadJob {
  const id = nextJob++;
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return { done: start(id, channel), cancel: () => call<boolean>("cancel_job", { job: id }) };
}

/** Hands the storage connection string to the shell (memory only); the account it
 *  names, `null` for a blank one. Rejects with `input` when it is not one. */
export function setStorageConnection(text: string): Promise<StorageAccount | null> {
  return call<StorageAccount | null>("set_storage_connection", { text });
}

/** Uploads the package and verifies it through the read SAS. */
export function uploadPackage(package_: string, way: UploadWay, onProgress: (event: Progress) => void): UploadJob {
  return progressJob(
    (job, channel) => call<UploadOutcome>("upload_package", { package: package_, way, job, onProgress: channel }),
    onProgress,
  );
}

/** Verifies a read SAS made elsewhere, downloading the blob when `package_` is given. */
export function verifySas(uri: string, package_: string | null, onProgress: (event: Progress) => void): UploadJob {
  return progressJob(
    (job, channel) => call<UploadOutcome>("verify_sas", { uri, package: package_, job, onProgress: channel }),
    onProgress,
  );
}

/** Opt in (or out): keep the connection string for this offer in the system keychain. */
export function rememberStorage(offer: string, remember: boolean): Promise<void> {
  return call<void>("remember_storage", { offer, remember });
}

/** Loads the offer's connection string from the keychain if it opted in. */
export function recallStorage(offer: string): Promise<StorageAccount | null> {
  return call<StorageAccount | null>("recall_storage", { offer });
}

// An update, and after submission

/** The draft's connector compared with the previous version it updates; `null` when
 *  the draft is not an update or names no previous version. */
export function comparePrevious(submission: Submission): Promise<Comparison | null> {
  return call<Comparison | null>("compare_previous", { submission });
}

/** A customer-facing changelog drafted from the comparison. */
export function changelogDraft(submission: Submission): Promise<string> {
  return call<string>("changelog_draft", { submission });
}

/** The preview-test checklist and the timeline (deadlines, deployment calendar). */
export function afterSubmission(submission: Submission): Promise<AfterView> {
  return call<AfterView>("after_submission", { submission });
}

/** Writes the timeline as an .ics file into `dir`; resolves to its path. */
export function writeIcs(submission: Submission, dir: string): Promise<string> {
  return call<string>("write_ics", { submission, dir });
}

/** The pasted certification report, each line with certpack's rule where one matches. */
export function mapReport(text: string): Promise<ReportLine[]> {
  return call<ReportLine[]>("map_report", { text });
}

/** Writes the open-source pull-request folder into `dir`, checked. */
export function writePrFolder(submission: Submission, dir: string): Promise<WrittenPrFolder> {
  return call<WrittenPrFolder>("write_pr_folder", { submission, dir });
}

// The window and the world outside it

/** The window's title: the draft's offer and step. */
export function setTitle(title: string): Promise<void> {
  return call<void>("set_title", { title });
}

/** Opens an https page (a rule's Microsoft page) in the system browser. */
export function openLink(url: string): Promise<void> {
  return call<void>("open_link", { url });
}

/** Opens a finding's file on disk with the system's application for it. */
export function openFile(path: string): Promise<void> {
  return call<void>("open_file", { path });
}

export function showInFolder(path: string): Promise<void> {
  return call<void>("show_in_folder", { path });
}

/** Opt in (or out): keep the typed secret for this offer in the system keychain. */
export function rememberSecret(offer: string, remember: boolean): Promise<void> {
  return call<void>("remember_secret", { offer, remember });
}

/** Loads the offer's secret from the keychain if it opted in; whether one was loaded. */
export function recallSecret(offer: string): Promise<boolean> {
  return call<boolean>("recall_secret", { offer });
}

/** Calls `handler` with the paths dropped on the window and where (CSS pixels).
 *  Resolves to a function that stops listening. */
export async function onFilesDropped(
  handler: (paths: string[], x: number, y: number) => void,
): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    if (event.payload.type !== "drop") return;
    const scale = window.devicePixelRatio || 1;
    handler(event.payload.paths, event.payload.position.x / scale, event.payload.position.y / scale);
  });
}
