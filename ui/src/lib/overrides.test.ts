import { describe, expect, it } from "vitest";
import type { Diagnostic } from "./ipc";
import { describeOverride, makeOverride, overrideCounts, overrideKinds, overrideLine } from "./overrides";

const d: Diagnostic = {
  code: "OPS-04",
  severity: "error",
  message: "no summary",
  help: null,
  file: "/src/connector/apiDefinition.swagger.json",
  pointer: "/paths/~1x/get",
  line: 3,
  column: 5,
  field: null,
};

describe("overrides", () => {
  it("allows for this file, or downgrades everywhere, with the reason", () => {
    expect(makeOverride(d, "allow", "file", "  accepted by our reviewer ")).toEqual({
      code: "OPS-04",
      allow: true,
      severity: null,
      reason: "accepted by our reviewer",
      file: "/src/connector/apiDefinition.swagger.json",
    });
    const o = makeOverride(d, "downgrade", "everywhere", "known");
    expect(o).toMatchObject({ allow: false, severity: "warning", file: null });
    expect(describeOverride(o)).toBe("OPS-04 downgraded to warning everywhere");
    expect(describeOverride(makeOverride(d, "allow", "file", "x"))).toBe("OPS-04 allowed in apiDefinition.swagger.json");
  });

  it("offers what fits the severity", () => {
    expect(overrideKinds(d)).toEqual(["allow", "downgrade"]);
    expect(overrideKinds({ ...d, severity: "warning" })).toEqual(["allow"]);
    expect(overrideKinds({ ...d, severity: "info" })).toEqual([]);
  });

  it("counts the findings each override took, from the report's tally", () => {
    const here = makeOverride(d, "allow", "file", "reviewed");
    const everywhere = makeOverride(d, "downgrade", "everywhere", "known");
    const other = { ...here, reason: "another reason" };
    const applied = (o: typeof here, count: number) => ({ ...o, source: "draft", count });
    const report = { overrides: [applied(everywhere, 3), applied(here, 1)] };
    expect(overrideCounts([here, everywhere, other], report)).toEqual([1, 3, 0]);
    expect(overrideCounts([here], null)).toEqual([0]);
    expect(overrideCounts([], report)).toEqual([]);
  });

  it("says an override's line after its code, with its count", () => {
    const o = makeOverride(d, "allow", "file", "x");
    expect(overrideLine(o, 1)).toBe("allowed in apiDefinition.swagger.json (1 finding)");
    expect(overrideLine(makeOverride(d, "downgrade", "everywhere", "y"), 0)).toBe(
      "downgraded to warning everywhere (0 findings)",
    );
  });
});
