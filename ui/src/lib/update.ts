// An update of a certified connector: the comparison with the previous version as
// Review shows it (the class, the changes grouped by operation), and the eligibility
// facts Offer setup shows. Pure functions.

import type { Change, Comparison, ConnectorSummary } from "./ipc";

/** One sentence for the update's class, with Microsoft's durations. */
export function classText(c: Comparison): string {
  const breaking = c.changes.filter((x) => x.breaking && !x.mitigated).length;
  const mitigated = c.changes.filter((x) => x.breaking && x.mitigated).length;
  const parts: string[] = [];
  if (breaking) parts.push(breaking === 1 ? "1 breaking change" : `${breaking} breaking changes`);
  if (mitigated) parts.push(`${mitigated} mitigated by versioning`);
  const tail = parts.length ? ` ${parts.join(", ")}.` : " Nothing breaks existing flows.";
  switch (c.class) {
    case "none":
      return "No change from the previous version.";
    case "minor":
      return `A minor update (text, icon or README only: about 4–5 weeks).${tail}`;
    case "major":
      return `A major update (about 6–10 weeks).${tail}`;
  }
}

export interface OperationChanges {
  key: string;
  /** "“Get task” (GetTask)", or "The connector" for connector-level changes. */
  title: string;
  changes: Change[];
}

/** The changes grouped by operation, breaking ones first within each group, the
 *  connector-level group first. */
export function byOperation(c: Comparison): OperationChanges[] {
  const groups = new Map<string, OperationChanges>();
  for (const ch of c.changes) {
    const key = ch.operation ?? "";
    let g = groups.get(key);
    if (!g) {
      const title = ch.operation ? (ch.summary ? `“${ch.summary}” (${ch.operation})` : ch.operation) : "The connector";
      g = { key, title, changes: [] };
      groups.set(key, g);
    }
    g.changes.push(ch);
  }
  const rank = (x: Change) => (x.breaking ? (x.mitigated ? 1 : 0) : 2);
  return [...groups.values()]
    .sort((a, b) => (a.key === "" ? -1 : b.key === "" ? 1 : a.key.localeCompare(b.key)))
    .map((g) => ({ ...g, changes: [...g.changes].sort((a, b) => rank(a) - rank(b)) }));
}

/** What Offer setup says about the connector's authentication (the core's sentence:
 *  whether Microsoft certifies it). */
export function authText(s: ConnectorSummary): string | null {
  return s.found ? s.authSentence : null;
}

/** The documentation coverage figure for Offer setup. */
export function coverageText(s: ConnectorSummary): string | null {
  return s.found && s.coverageSentence ? `Documentation: ${s.coverageSentence}` : null;
}
