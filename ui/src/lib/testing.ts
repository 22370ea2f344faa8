// Test fixtures shared by the unit tests (not imported by the app).

import type { Diagnostic } from "./ipc";

/** A finding with every place empty, and `over` on top. */
export function diagnostic(over: Partial<Diagnostic> = {}): Diagnostic {
  return {
    code: "PC-01",
    severity: "error",
    message: "x",
    help: null,
    file: null,
    pointer: null,
    line: null,
    column: null,
    field: null,
    ...over,
  };
}
