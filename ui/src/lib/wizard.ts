// What the two wizards share besides their session (lib/session.svelte.ts): their
// props, which key does what, what a drop says, what the save status says, where
// focus goes. Tested on their own.

import type { OpenedDraft } from "./ipc";

/** What a key press asks of the wizard: the next or previous step (Alt+→ / Alt+←),
 *  or saving now (Ctrl+S, ⌘S on a Mac); null for any other key. */
export type KeyAction = "next" | "previous" | "save" | null;

export function keyAction(e: Pick<KeyboardEvent, "altKey" | "ctrlKey" | "metaKey" | "key">): KeyAction {
  if (e.altKey && (e.key === "ArrowRight" || e.key === "ArrowLeft")) return e.key === "ArrowRight" ? "next" : "previous";
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") return "save";
  return null;
}

/** The notice after files were dropped on the window. */
export function droppedText(paths: readonly string[]): string {
  return paths.length === 1 ? `Added ${paths[0]}` : `Added ${paths.length} files`;
}

/** The slot under the pointer, if it is one of `slots`. */
export function slotIn<S extends string>(under: string | null | undefined, slots: readonly S[]): S | null {
  return slots.includes(under as S) ? (under as S) : null;
}

/** The paths a session polls: the chosen ones (empty and unset are left out). */
export function chosenPaths(paths: readonly (string | null | undefined)[]): string[] {
  return paths.filter((x): x is string => !!x);
}

export type SaveState = "saved" | "pending" | "failed";

/** The save status under the draft's name in the side bar. */
export function saveText(saveState: SaveState, failure: string): string {
  return saveState === "saved" ? "All changes saved" : saveState === "pending" ? "Saving…" : `Not saved: ${failure}`;
}

/** What a wizard is given: the draft opened, whether it was restored from last time,
 *  and the way back to all drafts. */
export interface WizardProps {
  opened: OpenedDraft;
  restored: boolean;
  onClose: () => void;
}

/** The error summary's line on Review for the problems in the files (listed under
 *  Findings); null when there are none. */
export function filesProblemsText(count: number): string | null {
  if (count <= 0) return null;
  return `${count} ${count === 1 ? "problem" : "problems"} in the files, listed under Findings`;
}

/** Focuses (and scrolls to) the first of `ids` on the page, else the step heading. */
export function focusFirst(ids: readonly string[], doc: Document = document): void {
  for (const id of ids) {
    const el = doc.getElementById(id);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: "center" });
      return;
    }
  }
  doc.getElementById("step-heading")?.focus();
}
