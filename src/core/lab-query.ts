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
export function lastBefore(labs: readonly LabResult[], lab: string, before: IsoDateTime): LabResult | undefined {
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
export function within(labs: readonly LabResult[], lab: string, from: IsoDateTime, to: IsoDateTime): LabResult[] {
  const a = instant(from);
  const b = instant(to);
  return series(labs, lab).filter((l) => {
    const t = instant(l.at);
    return t >= a && t <= b;
  });
}
