// Speed and time left of a transfer, from the bytes done over the last few seconds.
// Pure: the caller passes the clock (performance.now() in the app, numbers in tests).

export interface Rate {
  /** Bytes per second over the window; 0 until two samples are a moment apart. */
  bytesPerSecond: number;
  /** Seconds until `total`, or null while the speed is unknown. */
  secondsLeft: number | null;
}

const WINDOW_MS = 3000;

export class RateMeter {
  private samples: [number, number][] = [];
  constructor(private total: number) {}

  /** Starts again (a new phase: upload, then verify) with `total` bytes to go. */
  reset(total: number): void {
    this.total = total;
    this.samples = [];
  }

  /** Adds a sample: `done` bytes at `nowMs`; returns the rate. */
  sample(done: number, nowMs: number): Rate {
    this.samples.push([nowMs, done]);
    while (this.samples.length > 2 && nowMs - this.samples[0][0] > WINDOW_MS) this.samples.shift();
    const [t0, d0] = this.samples[0];
    const ms = nowMs - t0;
    if (ms < 200 || done <= d0) return { bytesPerSecond: 0, secondsLeft: null };
    const bytesPerSecond = ((done - d0) * 1000) / ms;
    return { bytesPerSecond, secondsLeft: Math.max(0, (this.total - done) / bytesPerSecond) };
  }
}

/** "12.3 MB/s" */
export function formatSpeed(bytesPerSecond: number): string {
  const mb = bytesPerSecond / 1024 / 1024;
  return mb >= 1 ? `${mb.toFixed(1)} MB/s` : `${(bytesPerSecond / 1024).toFixed(0)} KB/s`;
}

/** "about 5 s left", "about 2 min left" */
export function formatLeft(seconds: number | null): string {
  if (seconds === null) return "estimating the time left";
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}
