// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import type { Progress } from "./ipc";
import { ProgressJob } from "./job.svelte";
import { NO_PROGRESS } from "./progress";

describe("ProgressJob", () => {
  it("runs while the job does, folds its progress, and cancels it", async () => {
    const run = new ProgressJob<string>();
    let finish!: (v: string) => void;
    let report!: (e: Progress) => void;
    const cancel = vi.fn(async () => true);
    const done = run.run((onProgress) => {
      report = onProgress;
      return { done: new Promise<string>((r) => (finish = r)), cancel };
    });
    expect(run.job).not.toBeNull();
    report({ event: "phase", data: { name: "package", total: 10 } });
    report({ event: "bytes", data: { done: 4, entry: "a.json" } });
    expect(run.progress).toEqual({ phase: "package", total: 10, done: 4, entry: "a.json" });
    run.cancel();
    expect(cancel).toHaveBeenCalledTimes(1);
    finish("written");
    await expect(done).resolves.toBe("written");
    expect(run.job).toBeNull();
    run.reset();
    expect(run.progress).toEqual(NO_PROGRESS);
  });

  it("stops running when the job fails", async () => {
    const run = new ProgressJob<string>();
    const failed = run.run(() => ({ done: Promise.reject(new Error("cancelled")), cancel: async () => true }));
    await expect(failed).rejects.toThrow("cancelled");
    expect(run.job).toBeNull();
    run.cancel(); // nothing to cancel
  });
});
