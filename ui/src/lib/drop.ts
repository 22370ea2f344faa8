// Files dropped on the window: the slot under the pointer wins; otherwise the slot is
// guessed from the name. Pure, so it is tested on its own.

export type Slot =
  | "packages.intro"
  | "packages.connectorSolution"
  | "packages.flowSolution"
  | "packages.pluginSolution"
  | "packages.package"
  | "packages.sourceDir";

export const SLOTS: readonly Slot[] = [
  "packages.intro",
  "packages.connectorSolution",
  "packages.flowSolution",
  "packages.pluginSolution",
  "packages.package",
  "packages.sourceDir",
];

/** The slot a dropped path most likely belongs to, from its name alone. */
export function guessSlot(path: string): Slot {
  const name = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  if (name.endsWith(".md")) return "packages.intro";
  if (!name.endsWith(".zip")) return "packages.sourceDir";
  if (name.includes("pdpkg") || name.includes("package")) return "packages.package";
  if (name.includes("flow")) return "packages.flowSolution";
  if (name.includes("plugin")) return "packages.pluginSolution";
  return "packages.connectorSolution";
}

/** The slots of a Power Query draft. */
export type PqSlot = "powerQuery.mez" | "powerQuery.article" | "powerQuery.blurb" | "powerQuery.changelog" | "powerQuery.previous";

export const PQ_SLOTS: readonly PqSlot[] = [
  "powerQuery.mez",
  "powerQuery.article",
  "powerQuery.blurb",
  "powerQuery.changelog",
  "powerQuery.previous",
];

/** The Power Query slot a dropped path most likely belongs to, from its name alone:
 *  a `.mez`/`.pqx` is the connector; Markdown is the blog paragraph (`blog…`,
 *  `blurb…`), the changelog (`changelog…`, `changes…`) or else the article. */
export function guessPqSlot(path: string): PqSlot {
  const name = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  if (name.endsWith(".mez") || name.endsWith(".pqx")) return "powerQuery.mez";
  if (name.startsWith("blog") || name.startsWith("blurb")) return "powerQuery.blurb";
  if (name.startsWith("changelog") || name.startsWith("changes")) return "powerQuery.changelog";
  return "powerQuery.article";
}

/** Which slot each dropped path goes to: `target` (the slot under the pointer) for a
 *  single path, else `guess` per path. */
export function assignDrops<S extends string = Slot>(
  paths: readonly string[],
  target: S | null,
  guess: (path: string) => S = guessSlot as unknown as (path: string) => S,
): [S, string][] {
  if (target && paths.length === 1) return [[target, paths[0]]];
  return paths.map((p) => [guess(p), p]);
}
