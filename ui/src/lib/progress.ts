// The progress of a job the shell runs (an export): its `Progress` events folded into
// what the progress bar shows. Pure, so it is tested on its own.

import type { Progress } from "./ipc";

/** The phase being written, its bytes to process and done, and the entry at hand. */
export interface ProgressView {
  phase: string;
  total: number;
  done: number;
  entry: string;
}

/** Before the first event. */
export const NO_PROGRESS: ProgressView = { phase: "", total: 0, done: 0, entry: "" };

/** `view` after `event`: a new phase starts at 0 of its total (the entry is kept until
 *  the first bytes of the phase name the next); bytes move `done` and the entry. */
export function foldProgress(view: ProgressView, event: Progress): ProgressView {
  if (event.event === "phase") return { ...view, phase: event.data.name, total: event.data.total, done: 0 };
  return { ...view, done: event.data.done, entry: event.data.entry };
}

/** The progress bar's label: the phase being written, or "Starting" before one. */
export function progressLabel(view: ProgressView): string {
  return view.phase ? `Writing: ${view.phase}` : "Starting";
}
