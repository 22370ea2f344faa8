import { describe, expect, it } from "vitest";
import type { Diagnostic } from "./ipc";
import { describeOverride, makeOverride, overrideKinds } from "./overrides";

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
});
