/**
 * Numbers CTCAE grading compares: the value in the canonical unit, the lower / upper limits of normal
 * (the result's own range, else the lab catalogue's), and decimal-safe comparison.
 */

import type { LabResult } from "../../contracts/model.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";

/**
 * Rounds to 15 significant digits, as admiral's `signif(x, 15)` does, so that products of decimal
 * cut-offs compare as written (1.5 × 0.3 equals 0.45, not 0.44999999999999996).
 */
export function sig(x: number): number {
  // Fast path: a value that is already the double of a decimal with at most 6 places (below 1e8, so within
  // 15 significant digits) is its own 15-digit rounding; toPrecision is the slow path.
  if (Number.isInteger(x)) return x;
  if (Math.abs(x) < 1e8 && Math.round(x * 1e6) / 1e6 === x) return x;
  return Number(x.toPrecision(15));
}

/** The numeric value of a result reported in `unit`; undefined for a qualitative result, another unit or a non-finite value. */
export function valueIn(result: LabResult, unit: string): number | undefined {
  return result.unit === unit && typeof result.value === "number" && Number.isFinite(result.value)
    ? result.value
    : undefined;
}

/** A limit of normal and where it came from (the catalogue range cites its sources). */
export interface Limit {
  readonly value: number;
  readonly from: "result" | "catalogue";
  readonly sourceIds: readonly string[];
}

/**
 * The lower (`low`) or upper (`high`) limit of normal for a result: its own reference range when it
 * carries one, else the catalogue's usual range, which is only used for a result in the catalogue's unit.
 */
export function limitOf(
  result: LabResult,
  def: LabDefinition | undefined,
  side: "low" | "high",
): Limit | undefined {
  const own = side === "low" ? result.refLow : result.refHigh;
  if (own !== undefined && Number.isFinite(own)) return { value: own, from: "result", sourceIds: [] };
  if (def?.unit === undefined || def.unit !== result.unit) return undefined;
  return catalogueLimits(def)[side];
}

// The catalogue's limits are the same objects for every result of a lab: built once per definition
// (weakly held, so they go with the catalogue).
const catalogue = new WeakMap<LabDefinition, { low?: Limit; high?: Limit }>();

function catalogueLimits(def: LabDefinition): { low?: Limit; high?: Limit } {
  let limits = catalogue.get(def);
  if (!limits) {
    const ref = def.reference;
    const at = (v: number | undefined): Limit | undefined =>
      ref && v !== undefined ? { value: v, from: "catalogue", sourceIds: ref.sourceIds } : undefined;
    limits = { low: at(ref?.low), high: at(ref?.high) };
    catalogue.set(def, limits);
  }
  return limits;
}
