import { describe, expect, it } from "vitest";
import { assignDrops, guessPqSlot, guessSlot } from "./drop";

describe("dropped files", () => {
  it("guesses the slot from the name", () => {
    expect(guessSlot("/a/intro.md")).toBe("packages.intro");
    expect(guessSlot("/a/ContosoTasksFlow_1_0_0_0.zip")).toBe("packages.flowSolution");
    expect(guessSlot("/a/ContosoTasksPlugin_1_0_0_0.zip")).toBe("packages.pluginSolution");
    expect(guessSlot("/a/Contoso.pdpkg.zip")).toBe("packages.package");
    expect(guessSlot("/a/ContosoTasksConnector_1_0_0_0.zip")).toBe("packages.connectorSolution");
    expect(guessSlot("/a/connector")).toBe("packages.sourceDir");
  });

  it("puts one file on the slot under the pointer, several by their names", () => {
    expect(assignDrops(["/a/x.zip"], "packages.flowSolution")).toEqual([["packages.flowSolution", "/a/x.zip"]]);
    expect(assignDrops(["/a/intro.md", "/a/Flow.zip"], "packages.intro")).toEqual([
      ["packages.intro", "/a/intro.md"],
      ["packages.flowSolution", "/a/Flow.zip"],
    ]);
  });

  it("guesses a Power Query slot from the name", () => {
    expect(guessPqSlot("/a/ContosoTasks.mez")).toBe("powerQuery.mez");
    expect(guessPqSlot("C:\\a\\Signed.PQX")).toBe("powerQuery.mez");
    expect(guessPqSlot("/a/blog.md")).toBe("powerQuery.blurb");
    expect(guessPqSlot("/a/CHANGELOG.md")).toBe("powerQuery.changelog");
    expect(guessPqSlot("/a/contoso-tasks.md")).toBe("powerQuery.article");
    expect(assignDrops(["/a/old.mez"], "powerQuery.previous", guessPqSlot)).toEqual([["powerQuery.previous", "/a/old.mez"]]);
    expect(assignDrops(["/a/X.mez", "/a/blog.md"], null, guessPqSlot)).toEqual([
      ["powerQuery.mez", "/a/X.mez"],
      ["powerQuery.blurb", "/a/blog.md"],
    ]);
  });
});
