import { describe, expect, it } from "vitest";
import type { Comparison, DemoItem, Diagnostic, SheetRow } from "./ipc";
import {
  canCopy,
  countsText,
  demoCount,
  displayName,
  errorCount,
  fileFindingsAt,
  isFormFinding,
  joinAnd,
  missingParts,
  pqClassText,
  pqFieldErrors,
  pqFieldTarget,
  pqFieldWarnings,
  pqFormSteps,
  pqGroupByStep,
  pqMissingFiles,
  pqNextStep,
  pqShownErrors,
  pqStepAt,
  pqStepOf,
  pqStepOfField,
  pqSteps,
  pqStepStatus,
  releaseState,
  sheetTabs,
  todoText,
  toggleDemo,
} from "./pqsteps";
import { diagnostic } from "./testing";

const diag = (over: Partial<Diagnostic>): Diagnostic => diagnostic({ code: "PQ-01", message: "x", ...over });

const MEZ = "/d/Contoso.mez";
const notChosen = (field: string, message = "choose it") => diag({ code: "FILE-01", field, message });

describe("the Power Query steps", () => {
  it("lists the changelog only for an update", () => {
    expect(pqSteps(false).map((s) => s.id)).toEqual(["connector", "docs", "blog", "review", "export", "sheet", "demo"]);
    expect(pqSteps(true).map((s) => s.id)).toEqual([
      "connector",
      "docs",
      "blog",
      "changelog",
      "review",
      "export",
      "sheet",
      "demo",
    ]);
    expect(pqFormSteps(false)).toEqual(["connector", "docs", "blog"]);
    expect(pqFormSteps(true)).toEqual(["connector", "docs", "blog", "changelog"]);
  });

  it("moves through the draft's steps", () => {
    expect(pqNextStep("blog", false)).toBe("review");
    expect(pqNextStep("blog", true)).toBe("changelog");
    expect(pqNextStep("changelog", true)).toBe("review");
    expect(pqNextStep("sheet", false)).toBe("demo");
    expect(pqNextStep("demo", false)).toBeNull();
    expect(pqStepAt("connector", false, -1)).toBeNull();
    expect(pqStepAt("review", false, -1)).toBe("blog");
    expect(pqStepAt("review", true, -1)).toBe("changelog");
    // the changelog is no step of a new connector
    expect(pqStepAt("changelog", false, 1)).toBeNull();
  });

  it("maps each field onto its step", () => {
    expect(pqStepOfField("powerQuery.mez")).toBe("connector");
    expect(pqStepOfField("powerQuery.previous")).toBe("connector");
    expect(pqStepOfField("powerQuery.update")).toBe("connector");
    expect(pqStepOfField("offer.name")).toBe("connector");
    expect(pqStepOfField("offer.version")).toBe("connector");
    expect(pqStepOfField("powerQuery.article")).toBe("docs");
    expect(pqStepOfField("powerQuery.blurb")).toBe("blog");
    expect(pqStepOfField("powerQuery.changelog")).toBe("changelog");
    expect(pqStepOfField("powerQuery.demo")).toBe("demo");
    // a prefix is not a field: powerQuery.mezzanine is nobody's
    expect(pqStepOfField("powerQuery.mezzanine")).toBeNull();
    expect(pqStepOfField("packages.intro")).toBeNull();
    // an entry of the .mez belongs where the .mez is chosen
    expect(pqStepOf(diag({ field: "powerQuery.mez", file: `${MEZ}!/Contoso.pq`, line: 3 }))).toBe("connector");
    expect(pqStepOf(diag({ file: "/x/y.md" }))).toBeNull();
    expect(pqFieldTarget("powerQuery.article")).toEqual({ step: "docs", ids: ["powerQuery.article"] });
    expect(pqFieldTarget("nowhere.x").step).toBe("review");
  });

  it("tells form findings from findings inside a file", () => {
    const missing = notChosen("powerQuery.article");
    const gone = diag({ code: "FILE-01", field: "powerQuery.mez", file: MEZ, message: "there is no file at it" });
    const inside = diag({ code: "PQ-10", field: "powerQuery.mez", file: `${MEZ}!/Contoso.pq`, line: 4 });
    const article = diag({ code: "PQ-36", field: "powerQuery.article", file: "/d/contoso.md", line: 1 });
    expect([missing, gone, inside, article].map(isFormFinding)).toEqual([true, true, false, false]);
    expect(fileFindingsAt([missing, gone, inside, article], "powerQuery.mez")).toEqual([inside]);
    expect(pqMissingFiles([missing, gone, inside])).toEqual([{ field: "powerQuery.mez", message: "There is no file at it" }]);
  });

  it("says each step's state from the errors at its fields", () => {
    const ds = [
      notChosen("powerQuery.article"),
      diag({ code: "PQ-10", field: "powerQuery.mez", file: `${MEZ}!/Contoso.pq` }),
      diag({ code: "PQ-11", field: "powerQuery.mez", file: `${MEZ}!/Contoso.pq`, severity: "warning" }),
      diag({ code: "PQ-12", field: "powerQuery.mez", file: `${MEZ}!/Contoso.pq`, line: 9 }),
    ];
    expect(pqStepStatus("connector", ds)).toEqual({
      state: "has-problems",
      complete: false,
      errors: 2,
      needs: "Has problems: 2 things to fix",
    });
    expect(pqStepStatus("docs", ds, { visited: false, submitted: false }).needs).toBe("Not started: 1 thing to fix");
    expect(pqStepStatus("docs", ds, { visited: true, submitted: false }).state).toBe("in-progress");
    expect(pqStepStatus("blog", ds, { visited: false, submitted: false })).toMatchObject({ state: "complete", complete: true });
    expect(errorCount(ds)).toBe(3);
  });

  it("shows form errors for the steps continued from, and gone files at once", () => {
    const ds = [
      notChosen("powerQuery.mez", "choose the connector (.mez)"),
      notChosen("powerQuery.mez", "second"),
      notChosen("powerQuery.article", "choose the documentation article"),
      diag({ code: "FILE-01", field: "powerQuery.blurb", file: "/d/blog.md", message: "there is no file at `/d/blog.md`" }),
      diag({ code: "PQ-37", field: "powerQuery.article", file: "/d/a.md" }),
      notChosen("powerQuery.changelog", "choose the changelog"),
    ];
    expect(pqFieldErrors(ds, ["connector"])).toEqual([{ field: "powerQuery.mez", message: "Choose the connector (.mez)" }]);
    expect(pqFieldErrors(ds, ["connector", "docs", "blog", "changelog"]).map((e) => e.field)).toEqual([
      "powerQuery.mez",
      "powerQuery.article",
      "powerQuery.changelog",
    ]);
    expect(pqShownErrors(ds, [])).toEqual([{ field: "powerQuery.blurb", message: "There is no file at `/d/blog.md`" }]);
    expect(pqShownErrors(ds, ["docs", "blog"]).map((e) => e.field)).toEqual(["powerQuery.blurb", "powerQuery.article"]);
    const warn = diag({ field: "offer.version", severity: "warning", message: "the version is not x.y.z" });
    expect(pqFieldWarnings([warn, diag({ field: "powerQuery.mez", file: MEZ, severity: "warning" })])).toEqual([
      { field: "offer.version", message: "The version is not x.y.z" },
    ]);
  });

  it("groups every finding by step, then file, with its counts", () => {
    const ds = [
      diag({ code: "PQ-37", field: "powerQuery.article", file: "/d/a.md", line: 2 }),
      diag({ code: "PQ-38", field: "powerQuery.article", file: "/d/a.md", severity: "warning" }),
      notChosen("powerQuery.blurb"),
      diag({ code: "PQ-10", field: "powerQuery.mez", file: `${MEZ}!/Contoso.pq` }),
      diag({ code: "PQ-20", field: "powerQuery.mez", file: `${MEZ}!/resources.resx`, severity: "warning" }),
      diag({ code: "PQ-41", field: "powerQuery.changelog", file: "/d/CHANGELOG.md" }),
      diag({ code: "SUM-01", file: "/elsewhere" }),
    ];
    const groups = pqGroupByStep(ds, false);
    expect(groups.map((g) => g.title)).toEqual(["Connector", "Documentation", "Blog paragraph", "Other"]);
    const [connector, docs, blog, other] = groups;
    expect(connector.files.map((f) => f.title)).toEqual([`${MEZ}!/Contoso.pq`, `${MEZ}!/resources.resx`]);
    expect([connector.errors, connector.warnings]).toEqual([1, 1]);
    expect([docs.errors, docs.warnings, docs.files.length, docs.form.length]).toEqual([1, 1, 1, 0]);
    expect(blog.form.map((d) => d.field)).toEqual(["powerQuery.blurb"]);
    expect(blog.files).toEqual([]);
    // the changelog of a draft that is no update is no step: its findings are Other
    expect(other.files.map((f) => f.title)).toEqual(["/d/CHANGELOG.md", "/elsewhere"]);
    expect(pqGroupByStep(ds, true).map((g) => g.title)).toEqual([
      "Connector",
      "Documentation",
      "Blog paragraph",
      "Changelog",
      "Other",
    ]);
    expect(pqGroupByStep([], true)).toEqual([]);
    expect(countsText(2, 1)).toBe("2 errors and 1 warning");
    expect(countsText(0, 0)).toBe("No problems");
  });

  it("words what the .mez says and an update's class", () => {
    const facts = { name: "Contoso", label: "Contoso Tasks", beta: true, authKinds: ["OAuth"], function: null, version: "1.0.0" };
    expect(displayName(facts)).toBe("Contoso Tasks");
    expect(displayName({ ...facts, label: null })).toBe("Contoso");
    expect(displayName(null)).toBeNull();
    expect(releaseState(facts)).toBe("Preview (Beta)");
    expect(releaseState({ ...facts, beta: false })).toBe("General Availability");
    const c: Comparison = {
      diagnostics: [],
      class: "major",
      changes: [
        { code: "BRK-31", operation: null, summary: null, breaking: true, mitigated: false, text: "a" },
        { code: "BRK-35", operation: null, summary: null, breaking: false, mitigated: false, text: "b" },
      ],
    };
    expect(pqClassText(c)).toBe("A major update. 1 breaking change: say so in the changelog.");
    expect(pqClassText({ ...c, class: "minor", changes: [] })).toBe("A minor update. Nothing breaks existing reports.");
    expect(pqClassText({ ...c, class: "none" })).toBe("No change from the certified version.");
  });

  it("groups the sheet by tab and copies only values", () => {
    const row = (tab: string, label: string, value: string, copyable = true): SheetRow => ({
      tab,
      label,
      value,
      field: `pq.${label}`,
      copyable,
    });
    const rows = [
      row("Connector", "name", "Contoso Tasks"),
      row("Connector", "version", ""),
      row("Documentation", "pr", "TODO: the link of the documentation pull request", false),
      row("Documentation", "blurb", "Contoso Tasks connects…"),
      row("Connector", "again", "x"),
    ];
    expect(sheetTabs(rows).map((t) => [t.tab, t.rows.length])).toEqual([
      ["Connector", 2],
      ["Documentation", 2],
      ["Connector", 1],
    ]);
    expect(rows.map(canCopy)).toEqual([true, false, false, true, true]);
    expect(todoText(rows[2])).toBe("The link of the documentation pull request");
    expect(todoText(rows[0])).toBeNull();
    // a TODO marked copyable still is no value to paste
    expect(canCopy(row("Testing", "t", "TODO: a test account", true))).toBe(false);
  });

  it("ticks demo scenarios in the checklist's order", () => {
    const items: DemoItem[] = ["load", "get-data", "authenticate"].map((id) => ({ id, text: id, done: false }));
    expect(toggleDemo([], "authenticate", true, items)).toEqual(["authenticate"]);
    expect(toggleDemo(["authenticate"], "load", true, items)).toEqual(["load", "authenticate"]);
    expect(toggleDemo(["load", "authenticate"], "load", false, items)).toEqual(["authenticate"]);
    expect(toggleDemo(["old"], "load", true, items)).toEqual(["load", "old"]);
    expect(toggleDemo(["load"], "load", true, items)).toEqual(["load"]);
    expect(demoCount(items, ["load", "old"])).toBe("1 of 3 recorded");
  });

  it("says which files the folder still needs", () => {
    expect(missingParts(["mez", "article", "blog"])).toEqual([]);
    expect(joinAnd(missingParts(["article"]))).toBe("the connector (.mez) and the blog paragraph");
    expect(joinAnd(missingParts([]))).toBe("the connector (.mez), the documentation article and the blog paragraph");
    expect(joinAnd(["one"])).toBe("one");
  });
});
