import { describe, expect, it } from "vitest";
import type { Progress } from "./ipc";
import { foldProgress, NO_PROGRESS, progressLabel } from "./progress";

const phase = (name: string, total: number): Progress => ({ event: "phase", data: { name, total } });
const bytes = (done: number, entry: string): Progress => ({ event: "bytes", data: { done, entry } });

describe("foldProgress", () => {
  it("starts each phase at 0 of its total and moves with the bytes", () => {
    let v = foldProgress(NO_PROGRESS, phase("package", 100));
    expect(v).toEqual({ phase: "package", total: 100, done: 0, entry: "" });
    v = foldProgress(v, bytes(40, "icon.png"));
    expect(v).toEqual({ phase: "package", total: 100, done: 40, entry: "icon.png" });
    v = foldProgress(v, phase("outer", 300));
    // the entry stays until the new phase's first bytes name the next
    expect(v).toEqual({ phase: "outer", total: 300, done: 0, entry: "icon.png" });
    v = foldProgress(v, bytes(300, "Contoso.zip"));
    expect(v).toEqual({ phase: "outer", total: 300, done: 300, entry: "Contoso.zip" });
  });
  it("leaves the view it was given as it was", () => {
    const before = { ...NO_PROGRESS };
    foldProgress(before, phase("verify", 5));
    expect(before).toEqual(NO_PROGRESS);
    expect(NO_PROGRESS).toEqual({ phase: "", total: 0, done: 0, entry: "" });
  });
  it("labels the phase being written, or Starting", () => {
    expect(progressLabel(NO_PROGRESS)).toBe("Starting");
    expect(progressLabel(foldProgress(NO_PROGRESS, phase("outer", 1)))).toBe("Writing: outer");
  });
});
