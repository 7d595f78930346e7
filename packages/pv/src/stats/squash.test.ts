import { describe, expect, it } from "vitest";
import type { Cell } from "./gps.js";
import { DEFAULT_SQUASH, squash, squashAll } from "./squash.js";

// Counts 1 to 40 interleaved, many cells at the small counts (squashed) and few at the large ones (sorted
// only), with repeated expected counts (ties keep their order) and a few points that already carry weights.
const CELLS: Cell[] = Array.from({ length: 40_000 }, (_, i) => {
  const n = 1 + Math.floor(40 * ((i * 0.618034) % 1) ** 4);
  const e = 0.001 + ((i * 37) % 5_003) / 997;
  return i % 101 === 0 ? { n, e, weight: 1 + (i % 5) } : { n, e };
});

describe("squashing every count", () => {
  it("gives the points of squashing each count in turn, in the same order", () => {
    const counts = [...new Set(CELLS.map((c) => c.n))].sort((a, b) => a - b);
    let reference: Cell[] = CELLS;
    for (const count of counts) reference = squash(reference, { ...DEFAULT_SQUASH, count });
    const points = squashAll(CELLS);
    expect(points).toEqual(reference);
    // Some counts were squashed and some only sorted; the weight is the cells'.
    const at = (cs: readonly Cell[], n: number) => cs.filter((c) => c.n === n).length;
    expect(at(points, 1)).toBeLessThan(at(CELLS, 1) / 10);
    expect(at(points, 40)).toBe(at(CELLS, 40));
    const weight = (cs: readonly Cell[]) => cs.reduce((s, c) => s + (c.weight ?? 1), 0);
    expect(weight(points)).toBe(weight(CELLS));
  });
});
