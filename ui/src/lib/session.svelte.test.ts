// @vitest-environment happy-dom
// The draft session with the shell's calls mocked and the clock faked: a re-check
// within a frame of an edit (stale answers dropped), the save 400 ms after it, the
// poll of the chosen files, the keys, the title and the save on teardown.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Submission } from "./ipc";

const ipc = vi.hoisted(() => ({
  saveDraft: vi.fn(async (_path: string, _sub: unknown) => {}),
  fileStamps: vi.fn(async (_paths: string[]) => [1] as unknown),
  setTitle: vi.fn(async (_t: string) => {}),
  onFilesDropped: vi.fn(async (_f: (paths: string[], x: number, y: number) => void) => () => {}),
}));
vi.mock("./ipc", async (original) => ({ ...(await original<typeof import("./ipc")>()), ...ipc }));

const { DraftSession } = await import("./session.svelte");

/** Lets the effects run (Svelte flushes them in a microtask; no timer is due at 0). */
const settle = () => vi.advanceTimersByTimeAsync(0);

type Draft = { offer: { name: string }; files: string[] };

async function open(check: (d: Submission) => Promise<string>, neighbour: (by: 1 | -1) => string | null = () => null) {
  const draft = $state<Draft>({ offer: { name: "Contoso" }, files: ["/a.mez", ""] });
  const answers: string[] = [];
  const went: string[] = [];
  let session!: InstanceType<typeof DraftSession<string, string, "slot.a">>;
  const stop = $effect.root(() => {
    session = new DraftSession({
      path: "/d/x.certpack.json",
      draft: () => draft as unknown as Submission,
      check,
      onChecked: (a) => answers.push(a),
      watched: () => draft.files,
      title: () => `${draft.offer.name} — Connector`,
      neighbour,
      go: (s) => went.push(s),
      slots: ["slot.a"],
      place: () => {},
    });
  });
  await settle();
  return { draft, answers, went, session, stop };
}

beforeEach(() => {
  vi.useFakeTimers();
  for (const f of Object.values(ipc)) f.mockClear();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("DraftSession", () => {
  it("re-checks within a frame of an edit and saves 400 ms after it", async () => {
    const s = await open(async (d) => (d as unknown as Draft).offer.name);
    await vi.advanceTimersByTimeAsync(20);
    expect(s.answers).toEqual(["Contoso"]);
    expect(s.session.checks).toBe(1);
    expect(s.session.saveState).toBe("saved");
    expect(ipc.saveDraft).not.toHaveBeenCalled();

    s.draft.offer.name = "Fabrikam";
    await settle();
    expect(s.session.saveState).toBe("pending");
    await vi.advanceTimersByTimeAsync(20);
    expect(s.answers).toEqual(["Contoso", "Fabrikam"]);
    expect(ipc.saveDraft).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(400);
    expect(ipc.saveDraft).toHaveBeenCalledTimes(1);
    expect(ipc.saveDraft.mock.calls[0][0]).toBe("/d/x.certpack.json");
    expect((ipc.saveDraft.mock.calls[0][1] as Draft).offer.name).toBe("Fabrikam");
    expect(s.session.saveState).toBe("saved");
    s.stop();
  });

  it("drops an answer overtaken by a later check", async () => {
    const slow: ((v: string) => void)[] = [];
    const s = await open((d) => new Promise((resolve) => slow.push(() => resolve((d as unknown as Draft).offer.name))));
    await vi.advanceTimersByTimeAsync(20);
    s.draft.offer.name = "Later";
    await settle();
    await vi.advanceTimersByTimeAsync(20);
    expect(slow).toHaveLength(2);
    slow[1]("");
    slow[0]("");
    await vi.advanceTimersByTimeAsync(0);
    expect(s.answers).toEqual(["Later"]);
    expect(s.session.checks).toBe(1);
    s.stop();
  });

  it("says why a check or a save failed", async () => {
    const s = await open(async () => {
      throw { code: "io", message: "cannot read" };
    });
    await vi.advanceTimersByTimeAsync(20);
    expect(s.session.failure).toBe("cannot read");
    ipc.saveDraft.mockRejectedValueOnce({ code: "io", message: "disk full" });
    s.draft.offer.name = "X";
    await settle();
    await vi.advanceTimersByTimeAsync(420);
    expect(s.session.saveState).toBe("failed");
    expect(s.session.saveFailure).toBe("disk full");
    s.stop();
  });

  it("polls the chosen files every 2 s and re-checks when their stamps change", async () => {
    const s = await open(async () => "ok");
    await vi.advanceTimersByTimeAsync(20);
    expect(s.session.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(ipc.fileStamps).toHaveBeenLastCalledWith(["/a.mez"]);
    expect(s.session.checks).toBe(2); // the first poll re-checks too
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.session.checks).toBe(2); // unchanged
    ipc.fileStamps.mockResolvedValueOnce([2]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.session.checks).toBe(3);
    s.stop();
  });

  it("sets the window title and follows Alt+←/→ and Ctrl+S", async () => {
    const s = await open(async () => "ok", (by) => (by === 1 ? "docs" : null));
    expect(document.title).toBe("Contoso — Connector — certpack");
    expect(ipc.setTitle).toHaveBeenLastCalledWith("Contoso — Connector — certpack");

    const next = new KeyboardEvent("keydown", { key: "ArrowRight", altKey: true, cancelable: true });
    s.session.onKey(next);
    expect(s.went).toEqual(["docs"]);
    expect(next.defaultPrevented).toBe(true);
    const previous = new KeyboardEvent("keydown", { key: "ArrowLeft", altKey: true, cancelable: true });
    s.session.onKey(previous);
    expect(s.went).toEqual(["docs"]);
    expect(previous.defaultPrevented).toBe(false);

    s.draft.offer.name = "Saved now";
    await settle();
    const save = new KeyboardEvent("keydown", { key: "S", ctrlKey: true, cancelable: true });
    s.session.onKey(save);
    expect(save.defaultPrevented).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(ipc.saveDraft).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(ipc.saveDraft).toHaveBeenCalledTimes(1); // the timer was cleared
    s.stop();
  });

  it("saves a pending edit when torn down, and nothing after a flush", async () => {
    const s = await open(async () => "ok");
    s.draft.offer.name = "Unsaved";
    await settle();
    s.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(ipc.saveDraft).toHaveBeenCalledTimes(1);

    const t = await open(async () => "ok");
    t.draft.offer.name = "Closed";
    await settle();
    await t.session.flush();
    expect(ipc.saveDraft).toHaveBeenCalledTimes(2);
    t.stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(ipc.saveDraft).toHaveBeenCalledTimes(2);
    expect(t.session.saveState).toBe("saved");
  });
});
