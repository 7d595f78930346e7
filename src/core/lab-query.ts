/** Look-ups over a patient's lab results that scores, grades and detectors share. */
import { byInstant, hoursBetween, instant } from "./dates.js";
import type { IsoDateTime, LabResult } from "./model.js";

/** Results of one lab id, oldest first. */
export function series(labs: readonly LabResult[], lab: string): LabResult[] {
  return labs.filter((l) => l.lab === lab).sort(byInstant);
}

/**
 * The latest result of `lab` at or before `at`, no older than `maxAgeHours`. Scores use a window so
 * that a value from months ago is not mistaken for the current state.
 */
export function latestAt(
  labs: readonly LabResult[],
  lab: string | readonly string[],
  at: IsoDateTime,
  maxAgeHours = Number.POSITIVE_INFINITY,
): LabResult | undefined {
  const ids = typeof lab === "string" ? [lab] : lab;
  const t = instant(at);
  let best: LabResult | undefined;
  for (const l of labs) {
    if (!ids.includes(l.lab)) continue;
    const lt = instant(l.at);
    if (lt > t || hoursBetween(l.at, at) > maxAgeHours) continue;
    if (!best || lt > instant(best.at)) best = l;
  }
  return best;
}

/** The last result of `lab` strictly before `before` (baseline before a first dose). */
export function lastBefore(
  labs: readonly LabResult[],
  lab: string,
  before: IsoDateTime,
): LabResult | undefined {
  const t = instant(before);
  let best: LabResult | undefined;
  for (const l of labs) {
    if (l.lab !== lab || l.value === undefined) continue;
    const lt = instant(l.at);
    if (lt < t && (!best || lt > instant(best.at))) best = l;
  }
  return best;
}

/** Numeric results of `lab` within [from, to], oldest first. */
export function within(
  labs: readonly LabResult[],
  lab: string,
  from: IsoDateTime,
  to: IsoDateTime,
): LabResult[] {
  const a = instant(from);
  const b = instant(to);
  return series(labs, lab).filter((l) => {
    const t = instant(l.at);
    return t >= a && t <= b;
  });
}

/** Options of {@link latestNumeric}. */
export interface LatestNumericOptions {
  /** Ignore results older than this many hours before `at`. */
  readonly maxAgeHours?: number;
  /** Only results strictly before `at` (a baseline before lymphodepletion or a first dose). */
  readonly strictlyBefore?: boolean;
  /** Further filter, e.g. the canonical unit a cut-off is written in. */
  readonly accept?: (result: LabResult) => boolean;
}

/**
 * The latest result of `lab` with a finite numeric value at (or strictly before) `at`; on a tie in time
 * the first in record order wins, so the choice is deterministic.
 *
 * @example latestNumeric(record.labs, "platelets", "2024-03-01T08:00:00Z", { maxAgeHours: 24 })
 */
export function latestNumeric(
  labs: readonly LabResult[],
  lab: string,
  at: IsoDateTime,
  options: LatestNumericOptions = {},
): LabResult | undefined {
  const t = instant(at);
  const oldest = t - (options.maxAgeHours ?? Number.POSITIVE_INFINITY) * 3_600_000;
  let best: LabResult | undefined;
  let bestT = Number.NEGATIVE_INFINITY;
  for (const l of labs) {
    if (l.lab !== lab || typeof l.value !== "number" || !Number.isFinite(l.value)) continue;
    const lt = instant(l.at);
    if (lt > t || (options.strictlyBefore && lt === t) || lt < oldest) continue;
    if (options.accept && !options.accept(l)) continue;
    if (lt > bestT) {
      best = l;
      bestT = lt;
    }
  }
  return best;
}
