// Allowing or downgrading a rule from a finding, with a reason: what the wizard
// writes into the draft's `overrides` (the core applies them to every report, the
// manifest and the sheet). Pure functions, and the context key FindingList uses.

import type { Diagnostic, Override } from "./ipc";

export type OverrideKind = "allow" | "downgrade";
export type OverrideScope = "file" | "everywhere";

/** What FindingList may do with the draft's overrides (set by the wizard). */
export interface OverrideActions {
  add: (o: Override) => void;
}

export const OVERRIDES = Symbol("overrides");

/** The override for `d`: dropped (allow) or reported as a warning (downgrade), for its
 *  file only or everywhere. The reason is required and kept as typed. */
export function makeOverride(d: Diagnostic, kind: OverrideKind, scope: OverrideScope, reason: string): Override {
  return {
    code: d.code,
    allow: kind === "allow",
    severity: kind === "downgrade" ? "warning" : null,
    reason: reason.trim(),
    file: scope === "file" && d.file ? d.file : null,
  };
}

/** What can be done with a finding: errors can be allowed or downgraded, warnings
 *  allowed; notes need nothing. */
export function overrideKinds(d: Diagnostic): OverrideKind[] {
  if (d.severity === "error") return ["allow", "downgrade"];
  if (d.severity === "warning") return ["allow"];
  return [];
}

/** One line for an override in a list ("OPS-04 allowed in …: reason"). */
export function describeOverride(o: Override): string {
  const what = o.allow ? "allowed" : `downgraded to ${o.severity ?? "warning"}`;
  return `${o.code} ${what}${o.file ? ` in ${o.file.split(/[\\/]/).pop()}` : " everywhere"}`;
}
