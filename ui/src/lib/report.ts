// Presentation logic for a Report: grouping, counting and wording. Pure functions,
// no Svelte, no IPC, so they are tested on their own.

import type { Diagnostic, Severity } from "./ipc";

/** Findings about one file (or about the form, or about nothing in particular). */
export interface FileGroup {
  /** Stable key: the file path, or a label for findings without a file. */
  key: string;
  /** What to show as the group's heading. */
  title: string;
  /** Whether `title` is a path (shown in monospace). */
  isFile: boolean;
  diagnostics: Diagnostic[];
}

const NO_FILE = "General";
const FORM = "Form fields";

/** Groups findings by file, keeping the report's order (errors first, by place). */
export function groupByFile(diagnostics: readonly Diagnostic[]): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  for (const d of diagnostics) {
    const title = d.file ?? (d.field ? FORM : NO_FILE);
    const key = d.file ? `file:${d.file}` : `other:${title}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, title, isFile: d.file !== null, diagnostics: [] };
      groups.set(key, group);
    }
    group.diagnostics.push(d);
  }
  return [...groups.values()];
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === "error") counts.errors++;
    else if (d.severity === "warning") counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 errors, 1 warning"; zero counts are left out; "No problems found" when empty. */
export function summaryText(counts: Counts): string {
  const parts: string[] = [];
  if (counts.errors) parts.push(plural(counts.errors, "error", "errors"));
  if (counts.warnings) parts.push(plural(counts.warnings, "warning", "warnings"));
  if (counts.infos) parts.push(plural(counts.infos, "note", "notes"));
  return parts.length ? parts.join(", ") : "No problems found";
}

/** Where in the file: "12:5", a JSON pointer, a form field, or "" when unknown. */
export function placeInFile(d: Diagnostic): string {
  const parts: string[] = [];
  if (d.line !== null) parts.push(d.column !== null ? `${d.line}:${d.column}` : `${d.line}`);
  if (d.pointer !== null) parts.push(d.pointer === "" ? "#" : `#${d.pointer}`);
  // a finding in a file is placed by the file; its field only says which input named it
  if (d.field !== null && d.file === null) parts.push(`field ${d.field}`);
  return parts.join(" ");
}

/** A piece of a message: plain text, or a `code` span (the core marks names with backticks). */
export interface Segment {
  text: string;
  code: boolean;
}

/** Splits "keep only `intro.md`" into text and code segments; an unpaired backtick stays text. */
export function inlineCode(text: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) segments.push({ text: text.slice(last, match.index), code: false });
    segments.push({ text: match[1], code: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), code: false });
  return segments;
}

export interface RichSegment {
  text: string;
  kind: "text" | "code" | "link";
}

/** `inlineCode`, with the https links of plain text as links (Microsoft's pages). */
export function richText(text: string): RichSegment[] {
  const out: RichSegment[] = [];
  for (const seg of inlineCode(text)) {
    if (seg.code) {
      out.push({ text: seg.text, kind: "code" });
      continue;
    }
    let last = 0;
    for (const m of seg.text.matchAll(/https:\/\/[^\s)]+[^\s).,;:]/g)) {
      if (m.index > last) out.push({ text: seg.text.slice(last, m.index), kind: "text" });
      out.push({ text: m[0], kind: "link" });
      last = m.index + m[0].length;
    }
    if (last < seg.text.length) out.push({ text: seg.text.slice(last), kind: "text" });
  }
  return out;
}

/** A finding's file on disk (not an entry inside a zip), for "Open". */
export function fileOnDisk(d: Diagnostic): string | null {
  if (!d.file || d.file.includes("!/")) return null;
  return /^(\/|[A-Za-z]:[\\/])/.test(d.file) ? d.file : null;
}

export const severityLabel: Record<Severity, string> = {
  error: "Error",
  warning: "Warning",
  info: "Note",
};
