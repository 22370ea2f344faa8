// A draft open in a wizard: re-checked within a frame of each edit (stale answers
// dropped), saved 400 ms after it, re-checked when a chosen file changes on disk
// (polled every 2 s), saved on close; the window title, Alt+←/→ and Ctrl+S, and the
// files dropped on the window. Both wizards create one in their init; what differs
// (the check, the files to poll, the steps, where a drop goes) are its options.

import { tick, untrack } from "svelte";
import { fileStamps, IpcError, onFilesDropped, saveDraft, setTitle, type Submission } from "./ipc";
import { chosenPaths, droppedText, keyAction, slotIn, type SaveState } from "./wizard";

/** Coalesces the keystrokes of one frame into one re-check. */
const CHECK_DELAY_MS = 16;
/** An edit is saved this long after the last one. */
const SAVE_DELAY_MS = 400;
/** How often the chosen files' stamps are read. */
const POLL_MS = 2000;

export interface SessionOptions<R, T, S extends string> {
  /** Where the draft is saved. */
  path: string;
  /** The draft (read reactively: every change re-checks and saves). */
  draft: () => Submission;
  /** The check of a snapshot of the draft; `onChecked` gets the latest answer only. */
  check: (draft: Submission) => Promise<R>;
  onChecked: (result: R) => void;
  /** The chosen files: re-checked when one changes on disk (a folder's stamp covers
   *  every file under it). Empty and unset paths are left out. */
  watched: () => (string | null | undefined)[];
  /** The window title before " — certpack" ("<name> — <step>"). */
  title: () => string;
  /** The step before (-1) or after (1) the current one, for Alt+← / Alt+→. */
  neighbour: (by: 1 | -1) => T | null | undefined;
  go: (step: T) => void;
  /** Files dropped on the window: the slot under the pointer (if one of `slots`),
   *  handed to `place` with the paths. */
  slots: readonly S[];
  place: (paths: string[], target: S | null) => void;
}

export class DraftSession<R, T, S extends string> {
  saveState = $state<SaveState>("saved");
  saveFailure = $state("");
  /** How long the last check took, and how many have answered (`data-check-ms`,
   *  `data-checks`, read by the journeys). */
  checkMs = $state(0);
  checks = $state(0);
  /** How long after the last keystroke in the form the step statuses showed its
   *  findings (`data-status-ms`, read by the journeys). */
  statusMs = $state(0);
  /** The last check's failure, if it failed. */
  failure = $state<string | null>(null);
  /** The notice after a drop, and whether drops are listened to (`data-drop-ready`). */
  dropped = $state<string | null>(null);
  dropReady = $state(false);

  #o: SessionOptions<R, T, S>;
  #checkTimer: ReturnType<typeof setTimeout> | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #checkSeq = 0;
  #lastSaved: string;
  #lastInput = 0;
  #stamps = "";
  #snapshot = $derived(JSON.stringify(this.#draft()));

  constructor(options: SessionOptions<R, T, S>) {
    this.#o = options;
    this.#lastSaved = untrack(() => JSON.stringify(options.draft()));

    $effect(() => {
      const title = `${options.title()} — certpack`;
      document.title = title;
      void setTitle(title).catch(() => {});
    });

    // Every edit: re-check within a frame (a form edit re-checks from the cached file
    // findings in well under a millisecond; stale answers are dropped by `#checkSeq`),
    // save after 400 ms (atomically, in the shell).
    $effect(() => {
      const snapshot = this.#snapshot;
      this.scheduleCheck();
      if (untrack(() => snapshot !== this.#lastSaved)) {
        this.saveState = "pending";
        clearTimeout(this.#saveTimer);
        this.#saveTimer = setTimeout(this.save, SAVE_DELAY_MS);
      }
    });

    const poll = setInterval(this.#poll, POLL_MS);

    let stopDrops: (() => void) | undefined;
    onFilesDropped((paths, x, y) => {
      const under = document.elementFromPoint(x, y)?.closest("[data-slot]")?.getAttribute("data-slot");
      options.place(paths, slotIn(under, options.slots));
      this.dropped = droppedText(paths);
    })
      .then((stop) => {
        stopDrops = stop;
        this.dropReady = true;
      })
      .catch(() => {});

    // when the wizard goes (its effects are torn down): a pending save is done now
    $effect(() => () => {
      stopDrops?.();
      clearInterval(poll);
      clearTimeout(this.#checkTimer);
      if (this.#saveTimer) {
        clearTimeout(this.#saveTimer);
        void this.save();
      }
    });
  }

  #draft(): Submission {
    return this.#o.draft();
  }

  /** A keystroke in the form (the form's `oninputcapture`): timed to its findings. */
  typed = (): void => {
    this.#lastInput = performance.now();
  };

  /** Checks the draft as it is now; an answer overtaken by a later check is dropped. */
  recheck = async (): Promise<void> => {
    const seq = ++this.#checkSeq;
    const typed = this.#lastInput;
    const started = performance.now();
    const draft = $state.snapshot(this.#draft()) as Submission;
    try {
      const result = await this.#o.check(draft);
      if (seq !== this.#checkSeq) return;
      this.#o.onChecked(result);
      this.checkMs = Math.round(performance.now() - started);
      this.checks++;
      this.failure = null;
      if (typed) {
        await tick();
        this.statusMs = Math.round(performance.now() - typed);
        if (this.#lastInput === typed) this.#lastInput = 0;
      }
    } catch (err) {
      if (seq === this.#checkSeq) this.failure = IpcError.from(err).message;
    }
  };

  /** A re-check within a frame (keystrokes of one frame make one). */
  scheduleCheck = (): void => {
    clearTimeout(this.#checkTimer);
    this.#checkTimer = setTimeout(this.recheck, CHECK_DELAY_MS);
  };

  /** A re-check now, instead of the one scheduled (Continue). */
  checkNow = (): Promise<void> => {
    clearTimeout(this.#checkTimer);
    return this.recheck();
  };

  save = async (): Promise<void> => {
    const text = JSON.stringify(this.#draft());
    if (text === this.#lastSaved) {
      this.saveState = "saved";
      return;
    }
    try {
      await saveDraft(this.#o.path, JSON.parse(text));
      this.#lastSaved = text;
      this.saveState = JSON.stringify(this.#draft()) === text ? "saved" : "pending";
    } catch (err) {
      this.saveState = "failed";
      this.saveFailure = IpcError.from(err).message;
    }
  };

  /** Saves now, for closing the draft (nothing is left to save on destroy). */
  flush = (): Promise<void> => {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    return this.save();
  };

  /** Keyboard: Alt+→ / Alt+← next and previous step, Ctrl+S (⌘S) save now. */
  onKey = (e: KeyboardEvent): void => {
    const action = keyAction(e);
    if (action === "next" || action === "previous") {
      const to = this.#o.neighbour(action === "next" ? 1 : -1);
      if (to) {
        e.preventDefault();
        this.#o.go(to);
      }
    } else if (action === "save") {
      e.preventDefault();
      clearTimeout(this.#saveTimer);
      void this.save();
    }
  };

  // Picked files that change on disk are re-checked; also on the first poll: a file
  // changed between the first check and this poll is seen (a re-check of unchanged
  // files costs the form rules alone).
  #poll = async (): Promise<void> => {
    const paths = chosenPaths(this.#o.watched());
    try {
      const now = JSON.stringify([paths, await fileStamps(paths)]);
      if (now !== this.#stamps) void this.recheck();
      this.#stamps = now;
    } catch {
      /* the next poll tries again */
    }
  };
}
