// A job the shell runs with progress and Cancel (an export): running while `job` is
// set, its progress folded from the events (lib/progress.ts).

import type { Progress } from "./ipc";
import { foldProgress, NO_PROGRESS, type ProgressView } from "./progress";

export interface CancellableJob<T> {
  done: Promise<T>;
  cancel: () => Promise<boolean>;
}

export class ProgressJob<T> {
  /** The job while it runs. */
  job = $state<CancellableJob<T> | null>(null);
  progress = $state<ProgressView>(NO_PROGRESS);

  onProgress = (event: Progress): void => {
    this.progress = foldProgress(this.progress, event);
  };

  /** Back to "Starting" (before a new run). */
  reset(): void {
    this.progress = NO_PROGRESS;
  }

  /** Starts the job (handing it `onProgress`) and waits for it; it stops running
   *  however it ends. */
  async run(start: (onProgress: (event: Progress) => void) => CancellableJob<T>): Promise<T> {
    const running = start(this.onProgress);
    this.job = running;
    try {
      return await running.done;
    } finally {
      this.job = null;
    }
  }

  cancel = (): void => {
    void this.job?.cancel();
  };
}
