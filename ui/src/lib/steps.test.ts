import { describe, expect, it } from "vitest";
import type { Diagnostic } from "./ipc";
import {
  countFindings,
  mergeCopies,
  errorFor,
  fieldErrors,
  fieldWarnings,
  fileProblems,
  focusTargetIds,
  groupByStep,
  nextStep,
  stepOf,
  stepStatus,
} from "./steps";
import { diagnostic } from "./testing";

const diag = (over: Partial<Diagnostic>): Diagnostic => diagnostic({ code: "PC-01", message: "x", ...over });

describe("steps", () => {
  it("maps findings onto steps by field, files onto Packages", () => {
    expect(stepOf(diag({ field: "availability.hideKey" }))).toBe("availability");
    expect(stepOf(diag({ field: "properties.legal.eulaUrl" }))).toBe("properties");
    expect(stepOf(diag({ file: "/x/intro.md" }))).toBe("packages");
    expect(stepOf(diag({}))).toBeNull();
    // the SAS URI is asked after the export, on Upload, whatever its prefix
    expect(stepOf(diag({ field: "packages.sasUri" }))).toBe("upload");
    expect(stepOf(diag({ field: "packages.oauthClientId" }))).toBe("packages");
    expect(nextStep("export")).toBe("upload");
  });

  it("says Not started, In progress or Has problems, the way Partner Center's tabs do", () => {
    const ds = [diag({ field: "offer.name" })];
    expect(stepStatus("offer", ds, { visited: false, submitted: false }).needs).toBe("Not started: 1 thing to fix");
    expect(stepStatus("offer", ds, { visited: true, submitted: false }).state).toBe("in-progress");
    expect(stepStatus("offer", ds, { visited: true, submitted: true }).state).toBe("has-problems");
    expect(stepStatus("packages", ds, { visited: false, submitted: false }).state).toBe("complete");
  });

  it("counts a finding once for the source folder and each solution's copy", () => {
    const same = { code: "OPS-04", message: "no summary", pointer: "/paths/~1x/get" };
    const ds = [
      diag({ ...same, file: "/src/connector/apiDefinition.swagger.json" }),
      diag({ ...same, file: "/s/Connector.zip!/Connector/new_5Fcontoso_openapidefinition.json" }),
      diag({ ...same, pointer: "/paths/~1y/get", file: "/src/connector/apiDefinition.swagger.json" }),
    ];
    expect(countFindings(ds)).toBe(2);
    const { shown, alsoIn } = mergeCopies(ds);
    expect(shown).toHaveLength(2);
    expect(alsoIn.get(shown[0])).toEqual(["/s/Connector.zip!/Connector/new_5Fcontoso_openapidefinition.json"]);
    expect(stepStatus("packages", ds).errors).toBe(2);
  });

  it("says Complete or how many things a step needs", () => {
    const ds = [diag({ field: "offer.name" }), diag({ field: "offer.version", severity: "warning" })];
    expect(stepStatus("offer", ds)).toEqual({
      state: "has-problems",
      complete: false,
      errors: 1,
      needs: "Has problems: 1 thing to fix",
    });
    expect(stepStatus("properties", ds).needs).toBe("Complete");
  });

  it("keeps the first error per field of the given steps, capitalised", () => {
    const ds = [
      diag({ field: "availability.hideKey", message: "use lowercase letters and digits" }),
      diag({ field: "availability.hideKey", message: "second" }),
      diag({ field: "properties.privacyPolicyUrl", message: "enter the privacy link" }),
    ];
    expect(fieldErrors(ds, ["availability"])).toEqual([
      { field: "availability.hideKey", message: "Use lowercase letters and digits" },
    ]);
    expect(fieldErrors(ds, ["availability", "properties"])).toHaveLength(2);
  });

  it("puts warnings at their fields and counts each file's problems", () => {
    const ds = [
      diag({ field: "packages.sasUri", severity: "warning", message: "the SAS URI expires in 7 days" }),
      diag({ file: "/s/Connector.zip!/Connector/a.json", code: "OPS-04" }),
      diag({ file: "/s/Connector.zip!/Connector/a.json", code: "OPS-05", severity: "warning" }),
      diag({ file: "/s/Connector.zip.bak", code: "ZIP-01" }),
      diag({ file: "/src/connector/icon.png", code: "ICN-01" }),
    ];
    expect(fieldWarnings(ds, ["upload"])).toEqual([{ field: "packages.sasUri", message: "The SAS URI expires in 7 days" }]);
    expect(fieldWarnings(ds, ["packages"])).toEqual([]);
    expect(fileProblems(ds, "/s/Connector.zip")).toEqual({ errors: 1, warnings: 1 });
    expect(fileProblems(ds, "/src/connector")).toEqual({ errors: 1, warnings: 0 });
    expect(fileProblems(ds, null)).toEqual({ errors: 0, warnings: 0 });
  });

  it("finds an input's error also on its sub-fields", () => {
    const errors = [{ field: "availability.notificationEmails.1", message: "Not an e-mail" }];
    expect(errorFor(errors, "availability.notificationEmails")).toBe("Not an e-mail");
    expect(errorFor(errors, "availability.hideKey")).toBeNull();
    expect(focusTargetIds("availability.notificationEmails.1")).toEqual([
      "availability.notificationEmails.1",
      "availability.notificationEmails",
    ]);
  });

  it("groups findings by step then file, in step order", () => {
    const ds = [diag({ field: "availability.hideKey" }), diag({ file: "/a/intro.md" }), diag({})];
    expect(groupByStep(ds).map((g) => g.title)).toEqual(["Packages", "Availability", "Other"]);
    expect(nextStep("review")).toBe("export");
    expect(nextStep("sheet")).toBe("after");
    expect(nextStep("after")).toBeNull();
    expect(stepOf(diag({ field: "update.previous" }))).toBe("offer");
    expect(stepOf(diag({ field: "tracker.report" }))).toBe("after");
  });
});
