import { describe, expect, it } from "vitest";
import type { Diagnostic } from "./ipc";
import { countBySeverity, groupByFile, inlineCode, placeInFile, summaryText } from "./report";
import { diagnostic } from "./testing";

const diag = (over: Partial<Diagnostic>): Diagnostic => diagnostic({ code: "PKG-03", message: "m", ...over });

describe("groupByFile", () => {
  it("groups by file in the report's order", () => {
    const groups = groupByFile([
      diag({ code: "PKG-03", file: "up.zip" }),
      diag({ code: "JSON-01", file: "up.zip!/a.json" }),
      diag({ code: "PKG-04", file: "up.zip" }),
    ]);
    expect(groups.map((g) => [g.title, g.diagnostics.map((d) => d.code)])).toEqual([
      ["up.zip", ["PKG-03", "PKG-04"]],
      ["up.zip!/a.json", ["JSON-01"]],
    ]);
    expect(groups.every((g) => g.isFile)).toBe(true);
  });

  it("puts form-field and place-less findings in their own groups", () => {
    const groups = groupByFile([
      diag({ field: "offer.name" }),
      diag({}),
      diag({ field: "availability.hideKey" }),
    ]);
    expect(groups.map((g) => [g.title, g.isFile, g.diagnostics.length])).toEqual([
      ["Form fields", false, 2],
      ["General", false, 1],
    ]);
  });

  it("does not mix a file named like a label with the label", () => {
    const groups = groupByFile([diag({ file: "General" }), diag({})]);
    expect(groups).toHaveLength(2);
  });

  it("returns nothing for no findings", () => {
    expect(groupByFile([])).toEqual([]);
  });
});

describe("summaryText", () => {
  it("counts and words each severity", () => {
    const counts = countBySeverity([
      diag({ severity: "error" }),
      diag({ severity: "error" }),
      diag({ severity: "warning" }),
    ]);
    expect(counts).toEqual({ errors: 2, warnings: 1, infos: 0 });
    expect(summaryText(counts)).toBe("2 errors, 1 warning");
  });

  it("uses the singular and leaves out zeros", () => {
    expect(summaryText({ errors: 1, warnings: 0, infos: 3 })).toBe("1 error, 3 notes");
  });

  it("says so when there is nothing", () => {
    expect(summaryText(countBySeverity([]))).toBe("No problems found");
  });
});

describe("placeInFile", () => {
  it("shows line:column and the JSON pointer", () => {
    expect(placeInFile(diag({ line: 12, column: 5, pointer: "/info/title" }))).toBe(
      "12:5 #/info/title",
    );
  });

  it("shows a line without a column, a root pointer and a field", () => {
    expect(placeInFile(diag({ line: 3, pointer: "", field: "offer.name" }))).toBe(
      "3 # field offer.name",
    );
  });

  it("is empty when only the file is known", () => {
    expect(placeInFile(diag({ file: "up.zip" }))).toBe("");
  });

  it("leaves out the field of a finding placed in a file", () => {
    expect(placeInFile(diag({ file: "/d/contoso-tasks.md", line: 4, column: 9, field: "powerQuery.article" }))).toBe("4:9");
  });
});

describe("inlineCode", () => {
  it("marks backticked names as code", () => {
    expect(inlineCode("the root has 2 .md files (`intro.md`, `notes.md`); keep one")).toEqual([
      { text: "the root has 2 .md files (", code: false },
      { text: "intro.md", code: true },
      { text: ", ", code: false },
      { text: "notes.md", code: true },
      { text: "); keep one", code: false },
    ]);
  });

  it("leaves text without pairs alone", () => {
    expect(inlineCode("a ` b")).toEqual([{ text: "a ` b", code: false }]);
    expect(inlineCode("")).toEqual([]);
  });
});
