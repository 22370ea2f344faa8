// The Power Query wizard's flow as data: the steps (the changelog only for an
// update), which draft fields each one owns, how findings map onto steps, and the
// small pieces of wording the steps share. Pure functions, no Svelte, no IPC.

import type { Comparison, DemoItem, Diagnostic, DocFacts, SheetRow } from "./ipc";
import { groupByFile, type FileGroup } from "./report";
import { countFindings, focusTargetIds, sentence, statusFrom, type FieldError, type StepStatus } from "./steps";

export type PqStepId = "connector" | "docs" | "blog" | "changelog" | "review" | "export" | "sheet" | "demo";

export interface PqStep {
  id: PqStepId;
  title: string;
  /** Draft fields this step owns: the field itself and its sub-fields (`offer` →
   *  offer.name, offer.version). */
  fields: readonly string[];
  /** A step with form fields: the side bar shows Complete or what it needs. */
  form: boolean;
  /** Shown only when the draft updates a certified connector. */
  updateOnly?: boolean;
}

export const PQ_STEPS: readonly PqStep[] = [
  // the .mez, the name and version it is submitted as, and "this is an update"
  // (the certified .mez it is compared with)
  {
    id: "connector",
    title: "Connector",
    fields: ["powerQuery.mez", "powerQuery.update", "powerQuery.previous", "offer"],
    form: true,
  },
  { id: "docs", title: "Documentation", fields: ["powerQuery.article"], form: true },
  { id: "blog", title: "Blog paragraph", fields: ["powerQuery.blurb"], form: true },
  { id: "changelog", title: "Changelog", fields: ["powerQuery.changelog"], form: true, updateOnly: true },
  { id: "review", title: "Review", fields: [], form: false },
  { id: "export", title: "Preview and export", fields: [], form: false },
  { id: "sheet", title: "Submission sheet", fields: [], form: false },
  { id: "demo", title: "Demo checklist", fields: ["powerQuery.demo"], form: false },
];

/** The steps of a draft: the changelog only for an update. */
export function pqSteps(update: boolean): PqStep[] {
  return PQ_STEPS.filter((s) => update || !s.updateOnly);
}

/** The form steps of a draft (those with a status in the side bar). */
export function pqFormSteps(update: boolean): PqStepId[] {
  return pqSteps(update)
    .filter((s) => s.form)
    .map((s) => s.id);
}

export function pqStepTitle(id: PqStepId): string {
  return PQ_STEPS.find((s) => s.id === id)?.title ?? id;
}

/** The step `by` places after (or before, negative) `id` in the draft's steps. */
export function pqStepAt(id: PqStepId, update: boolean, by: number): PqStepId | null {
  const steps = pqSteps(update);
  const i = steps.findIndex((s) => s.id === id);
  if (i < 0) return null;
  return steps[i + by]?.id ?? null;
}

export function pqNextStep(id: PqStepId, update: boolean): PqStepId | null {
  return pqStepAt(id, update, 1);
}

function owns(step: PqStep, field: string): boolean {
  return step.fields.some((f) => field === f || field.startsWith(`${f}.`));
}

/** The step a field belongs to. */
export function pqStepOfField(field: string): PqStepId | null {
  return PQ_STEPS.find((s) => owns(s, field))?.id ?? null;
}

/** The step a finding belongs to, by its field (every finding in a chosen file
 *  carries the field that names the file). */
export function pqStepOf(d: Pick<Diagnostic, "field">): PqStepId | null {
  return d.field ? pqStepOfField(d.field) : null;
}

/** The findings at one field (a file's own findings and the field's). */
export function findingsAt(diagnostics: readonly Diagnostic[], field: string): Diagnostic[] {
  return diagnostics.filter((d) => d.field === field);
}

/** A problem of the form rather than of a file's content: a file not chosen yet
 *  (no file), or chosen and gone (FILE-01 at the file itself). Shown at the field. */
export function isFormFinding(d: Diagnostic): boolean {
  if (!d.field) return false;
  if (!d.file) return true;
  return d.code === "FILE-01" && !d.file.includes("!/");
}

/** The findings inside the file a field names (its FindingList). */
export function fileFindingsAt(diagnostics: readonly Diagnostic[], field: string): Diagnostic[] {
  return findingsAt(diagnostics, field).filter((d) => !isFormFinding(d));
}

/** A step's state from the errors whose field belongs to it (see `stepStatus`). */
export function pqStepStatus(
  id: PqStepId,
  diagnostics: readonly Diagnostic[],
  seen: { visited: boolean; submitted: boolean } = { visited: true, submitted: true },
): StepStatus {
  const errors = diagnostics.filter((d) => d.severity === "error" && pqStepOf(d) === id);
  return statusFrom(countFindings(errors), seen);
}

/** The first form error per field (a file not chosen) of the fields of `steps`. */
export function pqFieldErrors(diagnostics: readonly Diagnostic[], steps: readonly PqStepId[]): FieldError[] {
  const seen = new Map<string, FieldError>();
  for (const d of diagnostics) {
    if (d.severity !== "error" || !d.field || d.file || seen.has(d.field)) continue;
    const step = pqStepOf(d);
    if (!step || !steps.includes(step)) continue;
    seen.set(d.field, { field: d.field, message: sentence(d.message) });
  }
  return [...seen.values()];
}

/** The chosen files that are gone (FILE-01 with the path), said at their fields at
 *  once: nothing else can be checked in them. */
export function pqMissingFiles(diagnostics: readonly Diagnostic[]): FieldError[] {
  const seen = new Map<string, FieldError>();
  for (const d of diagnostics) {
    if (d.severity !== "error" || !d.field || !d.file || !isFormFinding(d) || seen.has(d.field)) continue;
    seen.set(d.field, { field: d.field, message: sentence(d.message) });
  }
  return [...seen.values()];
}

/** The errors to show at the fields: gone files always, files not chosen for the
 *  steps whose Continue was pressed; one per field. */
export function pqShownErrors(diagnostics: readonly Diagnostic[], submitted: readonly PqStepId[]): FieldError[] {
  const out = pqMissingFiles(diagnostics);
  for (const e of pqFieldErrors(diagnostics, submitted)) {
    if (!out.some((o) => o.field === e.field)) out.push(e);
  }
  return out;
}

/** The warnings of each form field (not of a file), joined. */
export function pqFieldWarnings(diagnostics: readonly Diagnostic[]): FieldError[] {
  const seen = new Map<string, FieldError>();
  for (const d of diagnostics) {
    if (d.severity !== "warning" || !d.field || d.file || !pqStepOf(d)) continue;
    const had = seen.get(d.field);
    const message = sentence(d.message);
    seen.set(d.field, { field: d.field, message: had ? `${had.message} ${message}` : message });
  }
  return [...seen.values()];
}

/** How many distinct errors `diagnostics` holds. */
export function errorCount(diagnostics: readonly Diagnostic[]): number {
  return countFindings(diagnostics.filter((d) => d.severity === "error"));
}

export interface PqStepGroup {
  step: PqStepId | null;
  title: string;
  errors: number;
  warnings: number;
  /** Files not chosen (or gone): linked to their fields. */
  form: Diagnostic[];
  /** The findings inside the files, by file. */
  files: FileGroup[];
}

/** Every finding grouped by step (in the draft's order; the rest under "Other"),
 *  then by file, with the count of errors and warnings (the Review page). */
export function pqGroupByStep(diagnostics: readonly Diagnostic[], update: boolean): PqStepGroup[] {
  const shown = pqSteps(update).map((s) => s.id);
  const out: PqStepGroup[] = [];
  for (const step of [...shown, null] as (PqStepId | null)[]) {
    const mine = diagnostics.filter((d) => {
      const s = pqStepOf(d);
      return step === null ? s === null || !shown.includes(s) : s === step;
    });
    if (!mine.length) continue;
    out.push({
      step,
      title: step ? pqStepTitle(step) : "Other",
      errors: countFindings(mine.filter((d) => d.severity === "error")),
      warnings: countFindings(mine.filter((d) => d.severity === "warning")),
      form: mine.filter(isFormFinding),
      files: groupByFile(mine.filter((d) => !isFormFinding(d))),
    });
  }
  return out;
}

/** "2 errors and 1 warning", "No problems". */
export function countsText(errors: number, warnings: number): string {
  const parts = [
    errors ? (errors === 1 ? "1 error" : `${errors} errors`) : "",
    warnings ? (warnings === 1 ? "1 warning" : `${warnings} warnings`) : "",
  ].filter(Boolean);
  return parts.length ? parts.join(" and ") : "No problems";
}

/** Where an error link goes: the step of the field, and the inputs to focus. */
export function pqFieldTarget(field: string): { step: PqStepId; ids: string[] } {
  return { step: pqStepOfField(field) ?? "review", ids: focusTargetIds(field) };
}

/** The name users see: the Data Source Kind's label, else its name. */
export function displayName(facts: DocFacts | null): string | null {
  return facts ? facts.label?.trim() || facts.name : null;
}

/** The Release State the article and the sheet give: Preview for a connector whose
 *  Publish record says `Beta = true`. */
export function releaseState(facts: DocFacts): string {
  return facts.beta ? "Preview (Beta)" : "General Availability";
}

/** One sentence for an update's class and its breaking changes. */
export function pqClassText(c: Comparison): string {
  const breaking = c.changes.filter((x) => x.breaking && !x.mitigated).length;
  const tail = breaking
    ? ` ${breaking === 1 ? "1 breaking change" : `${breaking} breaking changes`}: say so in the changelog.`
    : " Nothing breaks existing reports.";
  switch (c.class) {
    case "none":
      return "No change from the certified version.";
    case "minor":
      return `A minor update.${tail}`;
    case "major":
      return `A major update.${tail}`;
  }
}

export interface SheetTab {
  tab: string;
  rows: SheetRow[];
}

/** The sheet's rows by tab, in their order. */
export function sheetTabs(rows: readonly SheetRow[]): SheetTab[] {
  const out: SheetTab[] = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (last && last.tab === row.tab) last.rows.push(row);
    else out.push({ tab: row.tab, rows: [row] });
  }
  return out;
}

/** What a TODO row asks for ("a persistent test account…"), `null` for a value. */
export function todoText(row: SheetRow): string | null {
  const m = /^TODO:?\s*(.*)$/s.exec(row.value.trim());
  return m ? sentence(m[1]) : null;
}

/** Whether a row gets a Copy button: a value to paste, not a note or a TODO. */
export function canCopy(row: SheetRow): boolean {
  return row.copyable && row.value.trim() !== "" && todoText(row) === null;
}

/** The draft's ticked scenarios after ticking (or unticking) `id`, in the
 *  checklist's order (unknown ids kept at the end). */
export function toggleDemo(ticked: readonly string[], id: string, on: boolean, items: readonly DemoItem[]): string[] {
  const set = new Set(ticked);
  if (on) set.add(id);
  else set.delete(id);
  const order = items.map((i) => i.id);
  return [...order.filter((x) => set.has(x)), ...[...set].filter((x) => !order.includes(x))];
}

/** "3 of 9 recorded". */
export function demoCount(items: readonly DemoItem[], ticked: readonly string[]): string {
  const done = items.filter((i) => ticked.includes(i.id)).length;
  return `${done} of ${items.length} recorded`;
}

/** The files the folder still needs (the export is disabled until they are chosen). */
export function missingParts(roles: readonly string[]): string[] {
  const needed: [string, string][] = [
    ["mez", "the connector (.mez)"],
    ["article", "the documentation article"],
    ["blog", "the blog paragraph"],
  ];
  return needed.filter(([r]) => !roles.includes(r)).map(([, what]) => what);
}

/** "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
