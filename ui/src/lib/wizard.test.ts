// @vitest-environment happy-dom
// (focusFirst needs a document)

import { afterEach, describe, expect, it } from "vitest";
import { chosenPaths, droppedText, filesProblemsText, focusFirst, keyAction, saveText, slotIn } from "./wizard";

const key = (k: string, mods: Partial<Record<"altKey" | "ctrlKey" | "metaKey", boolean>> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe("keyAction", () => {
  it("moves with Alt+→ and Alt+←, saves with Ctrl+S or ⌘S", () => {
    expect(keyAction(key("ArrowRight", { altKey: true }))).toBe("next");
    expect(keyAction(key("ArrowLeft", { altKey: true }))).toBe("previous");
    expect(keyAction(key("s", { ctrlKey: true }))).toBe("save");
    expect(keyAction(key("S", { metaKey: true }))).toBe("save");
  });
  it("leaves other keys alone", () => {
    expect(keyAction(key("ArrowRight"))).toBeNull();
    expect(keyAction(key("s"))).toBeNull();
    expect(keyAction(key("s", { altKey: true }))).toBeNull();
    expect(keyAction(key("ArrowUp", { altKey: true }))).toBeNull();
  });
});

describe("what a drop says and where it goes", () => {
  it("names one file, counts several", () => {
    expect(droppedText(["/a/x.mez"])).toBe("Added /a/x.mez");
    expect(droppedText(["/a", "/b", "/c"])).toBe("Added 3 files");
  });
  it("takes the slot under the pointer only when it is one of the wizard's", () => {
    const slots = ["powerQuery.mez", "powerQuery.article"] as const;
    expect(slotIn("powerQuery.article", slots)).toBe("powerQuery.article");
    expect(slotIn("packages.intro", slots)).toBeNull();
    expect(slotIn(null, slots)).toBeNull();
    expect(slotIn(undefined, slots)).toBeNull();
  });
  it("polls the chosen paths only", () => {
    expect(chosenPaths(["/a.mez", "", null, undefined, "/b.md"])).toEqual(["/a.mez", "/b.md"]);
  });
});

describe("texts", () => {
  it("says the save status", () => {
    expect(saveText("saved", "")).toBe("All changes saved");
    expect(saveText("pending", "")).toBe("Saving…");
    expect(saveText("failed", "disk full")).toBe("Not saved: disk full");
  });
  it("counts the problems in the files, none as nothing", () => {
    expect(filesProblemsText(0)).toBeNull();
    expect(filesProblemsText(1)).toBe("1 problem in the files, listed under Findings");
    expect(filesProblemsText(4)).toBe("4 problems in the files, listed under Findings");
  });
});

describe("focusFirst", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });
  it("focuses the first id on the page, else the step heading", () => {
    document.body.innerHTML = `<h2 id="step-heading" tabindex="-1">Step</h2><input id="offer.name" /><input id="offer" />`;
    focusFirst(["offer.name.x", "offer.name", "offer"]);
    expect(document.activeElement?.id).toBe("offer.name");
    focusFirst(["nowhere"]);
    expect(document.activeElement?.id).toBe("step-heading");
    (document.activeElement as HTMLElement).blur();
    focusFirst([]);
    expect(document.activeElement?.id).toBe("step-heading");
  });
});
