// @vitest-environment happy-dom
// mockIPC installs a fake `window.__TAURI_INTERNALS__`, so these tests need a window.

import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { checkPath, IpcError, pickFile, type Report } from ".";

afterEach(() => {
  clearMocks();
});

const report: Report = {
  target: "/tmp/up.zip",
  kind: "outer",
  diagnostics: [
    {
      code: "PKG-04",
      severity: "error",
      message: "the root has no package .zip",
      help: null,
      file: "/tmp/up.zip",
      pointer: null,
      line: null,
      column: null,
      field: null,
    },
  ],
  overrides: [],
};

describe("checkPath", () => {
  it("calls check_path with the path and options and returns the report", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return report;
    });

    await expect(checkPath("/tmp/up.zip", { publisher: "independent", plugin: true })).resolves.toEqual(
      report,
    );
    expect(calls).toEqual([
      ["check_path", { path: "/tmp/up.zip", publisher: "independent", plugin: true }],
    ]);
  });

  it("turns the shell's { code, message } into an IpcError", async () => {
    mockIPC(() => {
      throw { code: "io", message: "cannot read `/nope`: No such file or directory" };
    });

    const err = await checkPath("/nope", { publisher: "verified", plugin: false }).catch((e) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe("io");
    expect(err.message).toContain("/nope");
  });

  it("turns a bare string rejection from Tauri into code ipc", async () => {
    mockIPC(() => {
      throw "Command check_path not allowed by ACL";
    });

    const err = await checkPath("/x", { publisher: "verified", plugin: false }).catch((e) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect(err.code).toBe("ipc");
    expect(err.message).toBe("Command check_path not allowed by ACL");
  });
});

describe("pickFile", () => {
  it("passes the kind and returns the picked path, or null when cancelled", async () => {
    const answers = ["/home/me/up.zip", null];
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return answers.shift();
    });

    await expect(pickFile("zip")).resolves.toBe("/home/me/up.zip");
    await expect(pickFile("markdown")).resolves.toBeNull();
    expect(calls).toEqual([
      ["pick_file", { kind: "zip" }],
      ["pick_file", { kind: "markdown" }],
    ]);
  });
});
