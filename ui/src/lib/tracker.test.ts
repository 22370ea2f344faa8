import { describe, expect, it } from "vitest";
import type { Tracker } from "./ipc";
import { addEvent, localNow, nextStates, showAt, tick, toRfc3339 } from "./tracker";

const empty: Tracker = { events: [], checked: [], report: "" };

describe("tracker", () => {
  it("turns a local date-time into RFC 3339 with the zone's offset", () => {
    const pacificWinter = () => 480;
    const india = () => -330;
    expect(toRfc3339("2026-03-05T07:30", pacificWinter)).toBe("2026-03-05T07:30:00-08:00");
    expect(toRfc3339("2026-03-05T07:30:15", india)).toBe("2026-03-05T07:30:15+05:30");
    expect(toRfc3339("2026-03-05T07:30", () => 0)).toBe("2026-03-05T07:30:00+00:00");
    expect(toRfc3339("2026-02-31T07:30", pacificWinter)).toBeNull();
    expect(toRfc3339("yesterday", pacificWinter)).toBeNull();
    expect(toRfc3339("", pacificWinter)).toBeNull();
  });

  it("offers the usual next states", () => {
    expect(nextStates(empty)).toEqual(["prOpen", "submitted"]);
    const submitted = addEvent(empty, { state: "submitted", at: "2026-03-01", note: "" });
    expect(nextStates(submitted)).toEqual(["previewReady", "attentionNeeded"]);
    const ga = addEvent(submitted, { state: "ga", at: "2026-06-01", note: "" });
    expect(nextStates(ga)).toEqual([]);
  });

  it("keeps events in time order and ticks without duplicates", () => {
    let t = addEvent(empty, { state: "goLive", at: "2026-03-05T07:30:00-08:00", note: "" });
    t = addEvent(t, { state: "previewReady", at: "2026-03-03T10:00:00-08:00", note: "" });
    expect(t.events.map((e) => e.state)).toEqual(["previewReady", "goLive"]);
    t = tick(tick(tick(t, "op:B", true), "op:A", true), "op:B", true);
    expect(t.checked).toEqual(["op:A", "op:B"]);
    expect(tick(t, "op:A", false).checked).toEqual(["op:B"]);
  });

  it("shows dates as written", () => {
    expect(showAt("2026-03-05T07:30:00-08:00")).toBe("2026-03-05 07:30");
    expect(showAt("2026-03-05")).toBe("2026-03-05");
    expect(localNow(new Date(2026, 2, 5, 7, 3))).toBe("2026-03-05T07:03");
  });
});
