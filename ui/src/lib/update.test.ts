import { describe, expect, it } from "vitest";
import type { Change, Comparison, ConnectorSummary } from "./ipc";
import { authText, byOperation, classText, coverageText } from "./update";

function change(over: Partial<Change>): Change {
  return { code: "BRK-23", operation: null, summary: null, breaking: false, mitigated: false, text: "x", ...over };
}
function comparison(cls: Comparison["class"], changes: Change[]): Comparison {
  return { diagnostics: [], class: cls, changes };
}

describe("update", () => {
  it("words the class with the breaking changes", () => {
    expect(classText(comparison("none", []))).toBe("No change from the previous version.");
    expect(classText(comparison("minor", [change({ code: "BRK-29" })]))).toMatch(/^A minor update .*Nothing breaks existing flows\.$/);
    const major = classText(
      comparison("major", [
        change({ code: "BRK-01", breaking: true }),
        change({ code: "BRK-03", breaking: true }),
        change({ code: "BRK-08", breaking: true, mitigated: true }),
      ]),
    );
    expect(major).toContain("major update");
    expect(major).toContain("2 breaking changes, 1 mitigated by versioning.");
  });

  it("groups by operation, the connector first, breaking first", () => {
    const groups = byOperation(
      comparison("major", [
        change({ code: "BRK-25", operation: "GetTask", summary: "Get task" }),
        change({ code: "BRK-19" }),
        change({ code: "BRK-13", operation: "GetTask", summary: "Get task", breaking: true }),
        change({ code: "BRK-23", operation: "CompleteTask" }),
      ]),
    );
    expect(groups.map((g) => g.title)).toEqual(["The connector", "CompleteTask", "“Get task” (GetTask)"]);
    expect(groups[2].changes.map((c) => c.code)).toEqual(["BRK-13", "BRK-25"]);
  });

  it("shows the core's sentence on the authentication, and the coverage figure", () => {
    const base = { found: true, coverageSentence: null, authOptions: [], auth: { kind: "apiKey" } } as unknown as ConnectorSummary;
    const sentence = "The connector uses API key: an authentication Microsoft certifies.";
    expect(authText({ ...base, authSentence: sentence })).toBe(sentence);
    expect(authText({ ...base, found: false, authSentence: sentence })).toBeNull();
    expect(coverageText({ ...base, authSentence: null, coverageSentence: "Summaries 100%" })).toBe("Documentation: Summaries 100%");
  });
});
