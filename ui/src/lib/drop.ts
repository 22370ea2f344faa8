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

/** Which slot each dropped path goes to: `target` (the slot under the pointer) for a
 *  single path, else a guess per path. */
export function assignDrops(paths: readonly string[], target: Slot | null): [Slot, string][] {
  if (target && paths.length === 1) return [[target, paths[0]]];
  return paths.map((p) => [guessSlot(p), p]);
}
