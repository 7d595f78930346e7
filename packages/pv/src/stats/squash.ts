/**
 * Data squashing for the prior fit (DuMouchel W, Pregibon D, KDD 2001, doi:10.1145/502512.502526): cells
 * with the same count N and similar expected counts E contribute almost the same likelihood term, so each
 * run of consecutive E values (sorted) is replaced by one point with the bin's mean E and the number of
 * cells it stands for as its weight. The largest Es, where the likelihood changes fastest, are kept as
 * they are.
 */
import type { Cell } from "./gps.js";

export interface SquashOptions {
  /** The count N whose cells are squashed. */
  readonly count: number;
  /** Cells per bin. */
  readonly binSize: number;
  /** Cells with the largest E left unsquashed. */
  readonly keep: number;
  /** Squash only when at least this many cells would be binned… */
  readonly minCells: number;
  /** …into at least this many bins. */
  readonly minBins: number;
}

export const DEFAULT_SQUASH: Omit<SquashOptions, "count"> = {
  binSize: 50,
  keep: 100,
  minCells: 500,
  minBins: 50,
};

/**
 * Squashes the cells with N = `count` (weights of already squashed points are carried); other cells pass
 * through. The total weight is unchanged.
 * @example
 * squash(cells, { ...DEFAULT_SQUASH, count: 1 });
 */
export function squash(cells: readonly Cell[], options: SquashOptions): Cell[] {
  const target = cells.filter((c) => c.n === options.count);
  return [...cells.filter((c) => c.n !== options.count), ...squashCount(target, options)];
}

/** The cells of one count (all with N = `count`), sorted by E and squashed where there are enough. */
function squashCount(cells: readonly Cell[], options: SquashOptions): Cell[] {
  const { count, binSize, keep, minCells, minBins } = options;
  const target = [...cells].sort((a, b) => a.e - b.e);
  const binned = target.slice(0, Math.max(0, target.length - keep));
  const kept = target.slice(binned.length);
  const bins = Math.floor(binned.length / binSize);
  if (binned.length < minCells || bins < minBins) return target;
  const out: Cell[] = [];
  for (let b = 0; b < bins; b++) {
    // The last bin takes the remainder, so no cell is dropped.
    const members = binned.slice(b * binSize, b === bins - 1 ? binned.length : (b + 1) * binSize);
    let weight = 0;
    let sum = 0;
    for (const m of members) {
      const w = m.weight ?? 1;
      weight += w;
      sum += w * m.e;
    }
    out.push({ n: count, e: sum / weight, weight });
  }
  return [...out, ...kept];
}

/**
 * Squashes every count in turn (N = 1, 2, …) wherever there are enough cells to squash: the points of
 * {@link squash} applied for each count in increasing order (each count's cells, squashed or sorted by E,
 * after those of the smaller counts), with the cells grouped by count once rather than filtered again for
 * every count.
 */
export function squashAll(
  cells: readonly Cell[],
  options: Omit<SquashOptions, "count"> = DEFAULT_SQUASH,
): Cell[] {
  const byCount = new Map<number, Cell[]>();
  for (const c of cells) {
    const group = byCount.get(c.n);
    if (group) group.push(c);
    else byCount.set(c.n, [c]);
  }
  const out: Cell[] = [];
  for (const count of [...byCount.keys()].sort((a, b) => a - b))
    for (const point of squashCount(byCount.get(count) ?? [], { ...options, count })) out.push(point);
  return out;
}
