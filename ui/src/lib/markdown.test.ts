import { describe, expect, it } from "vitest";
import { blocks, formatSize, jsonLines } from "./markdown";

describe("markdown", () => {
  it("reads headings, items, paragraphs and code as text", () => {
    expect(blocks("# Title\n\nSome <b>text</b>\nmore\n\n- one\n```\nx = 1\n```")).toEqual([
      { kind: "heading", level: 1, text: "Title" },
      { kind: "para", text: "Some <b>text</b> more" },
      { kind: "item", text: "one" },
      { kind: "code", text: "x = 1" },
    ]);
  });

  it("keeps multi-line JSON as written and pretty-prints one-liners", () => {
    expect(jsonLines('{\n "a": 1\n}').original).toBe(true);
    expect(jsonLines('{"a":1}')).toEqual({ lines: ["{", '  "a": 1', "}"], original: false });
    expect(formatSize(2048)).toBe("2.0 KB");
  });
});
