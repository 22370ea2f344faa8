// Allowing or downgrading a rule from a finding, with a reason: what the wizard
// writes into the draft's `overrides` (the core applies them to every report, the
// manifest and the sheet). Pure functions, and the context FindingList uses.

import { setContext } from "svelte";
import type { Diagnostic, Override, Report, Submission } from "./ipc";

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

/** How many findings each of `overrides` took, from the report's tally (0 before a
 *  report, or for one that took none). */
export function overrideCounts(overrides: readonly Override[], report: Pick<Report, "overrides"> | null): number[] {
  return overrides.map(
    (o) => report?.overrides.find((a) => a.code === o.code && a.reason === o.reason && a.file === o.file)?.count ?? 0,
  );
}

/** An override's line after its code, with how many findings it took
 *  ("allowed everywhere (2 findings)"). */
export function overrideLine(o: Override, taken: number): string {
  return `${describeOverride(o).slice(o.code.length + 1)} (${taken === 1 ? "1 finding" : `${taken} findings`})`;
}

/** Lets every FindingList on the page ("Allow…", "Downgrade to warning…") write into
 *  the draft's overrides; returns Undo for the one at an index. Call it in a wizard's
 *  init. */
export function provideOverrides(draft: () => Pick<Submission, "overrides">): (index: number) => void {
  setContext<OverrideActions>(OVERRIDES, {
    add: (o) => {
      const sub = draft();
      sub.overrides = [...sub.overrides, o];
    },
  });
  return (i) => {
    const sub = draft();
    sub.overrides = sub.overrides.filter((_, j) => j !== i);
  };
}
