import { describe, expect, it } from "vitest";
import { exportDirBeside, safeFileName, sheetPathBeside } from "./paths";

describe("sheetPathBeside", () => {
  it("puts the sheet in the draft's folder, named after the offer", () => {
    expect(sheetPathBeside("/home/a/drafts/Contoso.certpack.json", "Contoso Tasks")).toBe(
      "/home/a/drafts/Contoso Tasks submission sheet.md",
    );
    expect(sheetPathBeside("C:\\drafts\\x.certpack.json", "A/B: C")).toBe("C:\\drafts/A-B- C submission sheet.md");
  });
  it("replaces the characters file systems refuse", () => {
    expect(safeFileName('a<b>c:"d"|e?*')).toBe("a-b-c--d--e--");
  });
});

describe("exportDirBeside", () => {
  it("proposes an export folder beside the draft", () => {
    expect(exportDirBeside("/home/a/drafts/Contoso.certpack.json")).toBe("/home/a/drafts/export");
    expect(exportDirBeside("C:\\drafts\\x.certpack.json")).toBe("C:\\drafts/export");
  });
});
