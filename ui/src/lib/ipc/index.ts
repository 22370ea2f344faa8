// The only module that talks to Tauri. Components call these typed wrappers and
// never see `invoke` or a command name; UI tests mock IPC here and nowhere else.

import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { PublisherKind, Report } from "./bindings";

export type * from "./bindings";

/**
 * Codes a command can fail with. The first five come from the core
 * (`certpack_core::Error::code`), `internal` from the shell itself, and `ipc` when the
 * call did not reach a command (unknown command, bad arguments, not allowed).
 */
export type IpcErrorCode =
  | "io"
  | "input"
  | "refused"
  | "verification"
  | "cancelled"
  | "internal"
  | "ipc";

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

/** Opens the native file chooser; `null` when the user cancels. */
export function pickFile(): Promise<string | null> {
  return call<string | null>("pick_file");
}
