// The tracker after submission: the states in order, their labels, what to record
// next, and local date-times turned into RFC 3339 for the draft. Pure functions.

import type { Tracker, TrackerEvent, TrackerState } from "./ipc";

export interface StateInfo {
  state: TrackerState;
  label: string;
  /** What the publisher does or receives to enter it. */
  when: string;
}

/** The states in the order a submission goes through them (after-submission.md §2.3). */
export const STATES: readonly StateInfo[] = [
  { state: "prOpen", label: "Pull request open", when: "The open-source pull request to microsoft/PowerPlatformConnectors is opened." },
  { state: "prMerged", label: "Pull request merged", when: "Microsoft merged the pull request." },
  { state: "submitted", label: "Submitted", when: "Publish was selected in Partner Center." },
  { state: "attentionNeeded", label: "Certification report", when: "The report asks for changes: fix them and submit the same offer again." },
  { state: "previewReady", label: "Preview test", when: "The certification team's e-mail or the Store link under Publisher signoff." },
  { state: "expired", label: "Preview expired", when: "Two business days passed without Go live: submit again." },
  { state: "goLive", label: "Go live", when: "Go live was selected under Publisher signoff." },
  { state: "deploying", label: "Deployment", when: "The first region group started." },
  { state: "live", label: "Live", when: "Deployed to every region; the documentation page appears." },
  { state: "gaRequested", label: "GA requested", when: "The e-mail asking to remove the preview tag was sent." },
  { state: "ga", label: "Generally available", when: "The preview tag is gone." },
];

export function stateLabel(state: TrackerState): string {
  return STATES.find((s) => s.state === state)?.label ?? state;
}

/** The usual next states after the last one recorded (the first ones to offer). */
export function nextStates(tracker: Tracker): TrackerState[] {
  const last = tracker.events.at(-1)?.state;
  switch (last) {
    case undefined:
      return ["prOpen", "submitted"];
    case "prOpen":
      return ["prMerged"];
    case "prMerged":
      return ["submitted"];
    case "submitted":
      return ["previewReady", "attentionNeeded"];
    case "attentionNeeded":
      return ["submitted"];
    case "previewReady":
      return ["goLive", "expired"];
    case "expired":
      return ["submitted"];
    case "goLive":
      return ["deploying"];
    case "deploying":
      return ["live"];
    case "live":
      return ["gaRequested"];
    case "gaRequested":
      return ["ga"];
    case "ga":
      return [];
  }
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, "0");
}

/** A `datetime-local` value (`2026-03-05T07:30`) in this machine's zone as RFC 3339
 *  with its offset (`2026-03-05T07:30:00-08:00`); `null` when it is not a date-time. */
export function toRfc3339(local: string, zoneOffsetMinutes?: (d: Date) => number): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(date.getTime()) || date.getMonth() !== Number(mo) - 1) return null;
  // getTimezoneOffset is minutes *behind* UTC (480 in Pacific standard time)
  const behind = zoneOffsetMinutes ? zoneOffsetMinutes(date) : date.getTimezoneOffset();
  const sign = behind > 0 ? "-" : "+";
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${sign}${pad(Math.trunc(behind / 60))}:${pad(behind % 60)}`;
}

/** Now as a `datetime-local` value, the default of the "when" input. */
export function localNow(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** An event's `at` for display: the date and, when given, the clock time as written. */
export function showAt(at: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(at);
  if (!m) return at;
  return m[2] ? `${m[1]} ${m[2]}` : m[1];
}

/** Adds an event, keeping the list in time order (an event recorded late goes
 *  where it belongs); the same state recorded twice keeps both (a resubmission). */
export function addEvent(tracker: Tracker, event: TrackerEvent): Tracker {
  const events = [...tracker.events, event].sort((a, b) => a.at.localeCompare(b.at));
  return { ...tracker, events };
}

/** Ticks or unticks one checklist item. */
export function tick(tracker: Tracker, id: string, on: boolean): Tracker {
  const checked = tracker.checked.filter((c) => c !== id);
  return { ...tracker, checked: on ? [...checked, id].sort() : checked };
}
