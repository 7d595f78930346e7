/**
 * Boundary cases over the knowledge thresholds, as data: each case names the thresholds it pins (by site
 * key, see sites.ts) and runs against a knowledge base, throwing an AssertionError when that knowledge does
 * not behave as the pinned thresholds say. The Vitest files run every case (src/core/detect/thresholds*.test.ts,
 * src/core/manage/thresholds.test.ts); the mutation run (test/mutate/knowledge-mutation.ts) runs the same
 * cases in-process against each mutant first, then the Vitest files for the mutants they leave alive.
 */
import type { Disorder } from "../../packages/core/src/knowledge/disorders.js";
import type { Knowledge } from "../../packages/core/src/knowledge/knowledge.js";
import type { ManagementKnowledge } from "../../packages/core/src/knowledge/management.js";
import { PINNED } from "./pinned.js";
import { numberSites } from "./sites.js";

export interface ThresholdCase {
  /** Site keys of the thresholds this case pins (`disorders/itp.yaml criteria[…].test.below`). */
  readonly keys: readonly string[];
  /** Test name: the threshold, its file and criterion, and what happens either side of it. */
  readonly name: string;
  /** Throws an AssertionError when `k` does not behave as pinned. */
  run(k: Knowledge): void;
}

/**
 * A pinned threshold as case names show it: `key = value`. A threshold not (yet) pinned keeps the value of
 * the knowledge file in the cases (so the other cases still build) and is reported by the coverage tests.
 */
export function pinText(key: string): string {
  const v = PINNED[key];
  return v === undefined ? `${key} (not pinned)` : `${key} = ${num(v)}`;
}

function setAt(root: unknown, path: readonly (string | number)[], value: number): void {
  let node = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
}

/** A disorder definition with every threshold set to its pinned value (whatever the knowledge says). */
export function pinDisorder(def: Disorder): Disorder {
  const copy = structuredClone(def);
  for (const s of numberSites(`disorders/${def.id}.yaml`, def)) setAt(copy, s.path, PINNED[s.key] ?? s.value);
  return copy;
}

/** Management knowledge with every threshold set to its pinned value. */
export function pinManagement(m: ManagementKnowledge): ManagementKnowledge {
  const out: Record<string, unknown> = {};
  for (const [disorder, recommendations] of Object.entries(m)) {
    const file = { disorder, recommendations: structuredClone(recommendations) };
    for (const s of numberSites(`management/${disorder}.yaml`, file))
      setAt(file, s.path, PINNED[s.key] ?? s.value);
    out[disorder] = file.recommendations;
  }
  return out as unknown as ManagementKnowledge;
}

/** The knowledge with disorders and management as pinned: what the boundary cases expect. */
export function pinKnowledge(k: Knowledge): Knowledge {
  return { ...k, disorders: k.disorders.map(pinDisorder), management: pinManagement(k.management) };
}

/** Every threshold site of the disorder and management knowledge. */
export function allSites(k: Knowledge) {
  return [
    ...k.disorders.flatMap((d) => numberSites(`disorders/${d.id}.yaml`, d)),
    ...Object.entries(k.management).flatMap(([d, recommendations]) =>
      numberSites(`management/${d}.yaml`, { disorder: d, recommendations }),
    ),
    ...numberSites("management/facts.yaml", k.managementFacts),
  ];
}

/** Compact number for names: 99.9, 0.59, 1.65. */
export function num(v: number): string {
  return String(Number(v.toPrecision(6)));
}
