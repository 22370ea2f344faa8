// The wizard's flow as data: the steps in Partner Center order, which form fields
// each one owns, and how findings map onto steps. Pure functions, no Svelte, no IPC.

import type { Diagnostic } from "./ipc";
import { groupByFile, type FileGroup } from "./report";

export type StepId =
  | "offer"
  | "packages"
  | "properties"
  | "availability"
  | "review"
  | "export"
  | "upload"
  | "sheet"
  | "after";

export interface Step {
  id: StepId;
  title: string;
  /** Field-id prefixes this step owns (`offer.` → offer.name, offer.version...). */
  prefix: string | null;
  /** Fields this step owns whatever their prefix (they win over prefixes). */
  fields?: readonly string[];
}

export const STEPS: readonly Step[] = [
  // Offer setup also holds "this is an update" (its previous version and changelog).
  { id: "offer", title: "Offer setup", prefix: "offer.", fields: ["update"] },
  { id: "packages", title: "Packages", prefix: "packages." },
  { id: "properties", title: "Properties", prefix: "properties." },
  { id: "availability", title: "Availability", prefix: "availability." },
  { id: "review", title: "Review", prefix: null },
  { id: "export", title: "Preview and export", prefix: null },
  // The SAS URI exists only once the exported package is uploaded: it is asked here,
  // after the export, although Partner Center shows it on its Packages tab.
  { id: "upload", title: "Upload", prefix: null, fields: ["packages.sasUri"] },
  { id: "sheet", title: "Submission sheet", prefix: null },
  // After Publish: the tracker, the preview test, the calendar, the pull request.
  { id: "after", title: "After submission", prefix: null, fields: ["tracker"] },
];

/** The steps with form fields (those that show Complete or what they need). */
export const FORM_STEPS: readonly StepId[] = ["offer", "packages", "properties", "availability", "upload"];

/** The form steps that come before the export (the Review page checks these). */
export const BEFORE_EXPORT: readonly StepId[] = ["offer", "packages", "properties", "availability"];

export function stepTitle(id: StepId): string {
  return STEPS.find((s) => s.id === id)?.title ?? id;
}

export function nextStep(id: StepId): StepId | null {
  const i = STEPS.findIndex((s) => s.id === id);
  return STEPS[i + 1]?.id ?? null;
}

/** The step a finding belongs to: by its field, else files belong to Packages. */
export function stepOf(d: Diagnostic): StepId | null {
  if (d.field) {
    const field = d.field;
    const owner = STEPS.find((s) => s.fields?.some((f) => field === f || field.startsWith(`${f}.`)));
    if (owner) return owner.id;
    const step = STEPS.find((s) => s.prefix && field.startsWith(s.prefix));
    if (step) return step.id;
  }
  return d.file ? "packages" : null;
}

/** Errors and warnings of one step. */
export function stepFindings(id: StepId, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => stepOf(d) === id);
}

/** Partner Center's tab states. */
export type StepState = "not-started" | "in-progress" | "complete" | "has-problems";

export interface StepStatus {
  state: StepState;
  complete: boolean;
  errors: number;
  /** The state and what the step still needs, one short line. */
  needs: string;
}

/**
 * A step's state: complete without errors; otherwise not started (never opened), in
 * progress (opened, not yet continued from) or has problems (continued from with
 * errors left). One finding counts once however many places it occurs in.
 */
export function stepStatus(
  id: StepId,
  diagnostics: readonly Diagnostic[],
  seen: { visited: boolean; submitted: boolean } = { visited: true, submitted: true },
): StepStatus {
  return statusFrom(countFindings(stepFindings(id, diagnostics).filter((d) => d.severity === "error")), seen);
}

/** The status of a step with `errors` errors (see [`stepStatus`]); shared with the
 *  Power Query flow (`pqsteps.ts`). */
export function statusFrom(errors: number, seen: { visited: boolean; submitted: boolean }): StepStatus {
  const fix = errors === 1 ? "1 thing to fix" : `${errors} things to fix`;
  const state: StepState =
    errors === 0 ? "complete" : seen.submitted ? "has-problems" : seen.visited ? "in-progress" : "not-started";
  const label = { complete: "Complete", "has-problems": "Has problems", "in-progress": "In progress", "not-started": "Not started" }[state];
  return { state, complete: errors === 0, errors, needs: errors === 0 ? label : `${label}: ${fix}` };
}

/** The key of one finding wherever it occurs: code, message and the place inside
 *  the document (its JSON pointer, else the file's own name), so the source folder's
 *  definition and each solution's copy of it (named differently) are one finding. */
export function findingKey(d: Diagnostic): string {
  const inner = d.pointer ?? (d.file ? (d.file.split("!/").pop() ?? d.file).split(/[\\/]/).pop() : "");
  return [d.code, d.severity, d.message, inner, d.field ?? ""].join("\u0000");
}

/** Each finding once (its first place), with the other files the same finding occurs
 *  in (the source folder's definition and a solution's copy of it). */
export function mergeCopies(diagnostics: readonly Diagnostic[]): { shown: Diagnostic[]; alsoIn: Map<Diagnostic, string[]> } {
  const first = new Map<string, Diagnostic>();
  const alsoIn = new Map<Diagnostic, string[]>();
  const shown: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = findingKey(d);
    const had = first.get(key);
    if (!had) {
      first.set(key, d);
      shown.push(d);
    } else if (d.file && d.file !== had.file) {
      alsoIn.set(had, [...(alsoIn.get(had) ?? []), d.file]);
    }
  }
  return { shown, alsoIn };
}

/** How many distinct findings `diagnostics` holds (see [`findingKey`]). */
export function countFindings(diagnostics: readonly Diagnostic[]): number {
  return new Set(diagnostics.map(findingKey)).size;
}

export interface FieldError {
  field: string;
  message: string;
}

/** The first error per field, for the fields of `steps` (form errors only). */
export function fieldErrors(diagnostics: readonly Diagnostic[], steps: readonly StepId[]): FieldError[] {
  const seen = new Map<string, FieldError>();
  for (const d of diagnostics) {
    if (d.severity !== "error" || !d.field || d.file) continue;
    const step = stepOf(d);
    if (!step || !steps.includes(step) || seen.has(d.field)) continue;
    seen.set(d.field, { field: d.field, message: sentence(d.message) });
  }
  return [...seen.values()];
}

/** The warnings of each form field of `steps`, joined (shown beside the field). */
export function fieldWarnings(diagnostics: readonly Diagnostic[], steps: readonly StepId[]): FieldError[] {
  const seen = new Map<string, FieldError>();
  for (const d of diagnostics) {
    if (d.severity !== "warning" || !d.field || d.file) continue;
    const step = stepOf(d);
    if (!step || !steps.includes(step)) continue;
    const had = seen.get(d.field);
    const message = sentence(d.message);
    seen.set(d.field, { field: d.field, message: had ? `${had.message} ${message}` : message });
  }
  return [...seen.values()];
}

export interface FileProblems {
  errors: number;
  warnings: number;
}

/** The problems found in the file or folder at `path` (and in what it holds), each
 *  counted once. */
export function fileProblems(diagnostics: readonly Diagnostic[], path: string | null): FileProblems {
  if (!path) return { errors: 0, warnings: 0 };
  const mine = diagnostics.filter(
    (d) => d.file && (d.file === path || d.file.startsWith(`${path}!/`) || d.file.startsWith(`${path}/`)),
  );
  return {
    errors: countFindings(mine.filter((d) => d.severity === "error")),
    warnings: countFindings(mine.filter((d) => d.severity === "warning")),
  };
}

/** What the wizard tells each field beyond its errors (set as a context). */
export interface FieldNotes {
  warningFor: (id: string) => string | null;
  problemsIn: (path: string | null) => FileProblems;
  goReview: () => void;
}

export const FIELD_NOTES = Symbol("field-notes");

/** The message for one input: its own field or any sub-field (`...notificationEmails.1`). */
export function errorFor(errors: readonly FieldError[], id: string): string | null {
  const own = errors.filter((e) => e.field === id || e.field.startsWith(`${id}.`));
  return own.length ? own.map((e) => e.message).join(" ") : null;
}

/** Capitalises a core message for display beside a field. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export interface StepGroup {
  step: StepId | null;
  title: string;
  files: FileGroup[];
}

/** Every finding grouped by step, then by file (the Review page). */
export function groupByStep(diagnostics: readonly Diagnostic[]): StepGroup[] {
  const out: StepGroup[] = [];
  for (const step of [...STEPS.map((s) => s.id), null] as (StepId | null)[]) {
    const mine = diagnostics.filter((d) => stepOf(d) === step);
    if (mine.length) out.push({ step, title: step ? stepTitle(step) : "Other", files: groupByFile(mine) });
  }
  return out;
}

/** The element an error link should focus: the field's input, or its parent field's. */
export function focusTargetIds(field: string): string[] {
  const parts = field.split(".");
  const ids: string[] = [];
  for (let n = parts.length; n >= 2; n--) ids.push(parts.slice(0, n).join("."));
  return ids;
}
