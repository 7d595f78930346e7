/**
 * Results of undetermined order against the first dose: drawn on the day of the first dose with no draw time
 * in the record. Laboratory interfaces send a result without its draw time as a date (`2025-03-01`) or as
 * local midnight of that date (`2025-03-01T00:00:00+11:00`); read as written, such a result falls before a
 * dose timed later that day and becomes the pre-dose baseline — a count drawn hours into the infusion then
 * erases the fall it shows. Pre-dose counts are drawn the same morning too, so neither order is assumed:
 * a normal result stays the baseline (as before), an abnormal one — worse than the last earlier pre-dose
 * result, or abnormal with none before it — is evaluated as possibly after the dose, and a finding resting
 * on it is at most possible unless the other results confirm it (detect/engine.ts).
 *
 * Signals trusted: a date without a time; a time of exactly 00:00:00 (any offset) when the dose is timed
 * later on that same local date, or is itself a date. A result with any other time is read as written, never
 * moved (a real draw at 00:14 before a 10:00 dose is before it). A real draw at exactly midnight is read as
 * unknown too: it is weighed, not erased.
 */

import type { IsoDateTime, LabResult } from "../../contracts/model.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import { calendarDate, instant, isDateOnly, MS_PER_DAY } from "../dates.js";
import { baselineAmong } from "../grading/baseline.js";
import type { DetectServices, SameDay } from "./context.js";

/** The words the trace gives such a result's timing. */
export const SAME_DAY_NOTE = "drawn the day of the first dose, time not recorded: may precede the dose";

const MIDNIGHT = /T00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** True when the record gives no draw time for `at`: a date, or a time of exactly 00:00:00. */
export function timeUnknown(at: IsoDateTime): boolean {
  return isDateOnly(at) || MIDNIGHT.test(at);
}

/**
 * Whether a result at `at` is of undetermined order against the first dose at `start`: drawn, as written, on
 * the dose's calendar date without a draw time, the dose not known to precede it.
 * @example
 * undeterminedOrder("2025-03-01", "2025-03-01T10:00:00Z"); // true
 * undeterminedOrder("2025-03-01T00:00:00+11:00", "2025-03-01T10:00:00Z"); // true: 21:00 local
 * undeterminedOrder("2025-03-01T08:00:00Z", "2025-03-01T10:00:00Z"); // false: a real time, before the dose
 */
export function undeterminedOrder(at: IsoDateTime, start: IsoDateTime): boolean {
  if (calendarDate(at) !== calendarDate(start)) return false;
  if (isDateOnly(at)) return true;
  if (!MIDNIGHT.test(at)) return false;
  if (timeUnknown(start)) return true;
  // The dose timed later on the lab's local date: within the 24 hours from its midnight.
  const d = instant(start) - instant(at);
  return d >= 0 && d < MS_PER_DAY;
}

/** Below the lab's lower reference limit (-1), above its upper (1), within or without a range (0). */
function side(r: LabResult, def: LabDefinition | undefined): -1 | 0 | 1 {
  const value = r.value as number;
  const low = r.refLow ?? def?.reference?.low;
  const high = r.refHigh ?? def?.reference?.high;
  if (low !== undefined && value < low) return -1;
  if (high !== undefined && value > high) return 1;
  return 0;
}

/**
 * Whether `r`, one of `list` (results of one lab), is read as possibly after the first dose at `start`: of
 * undetermined order against it, numeric, uncensored, outside the reference range, and worse (further out on the
 * same side) than the last earlier result drawn before the dose, or with no such result.
 */
function mayFollowDose(
  r: LabResult,
  list: readonly LabResult[],
  start: IsoDateTime,
  def: LabDefinition | undefined,
): boolean {
  if (typeof r.value !== "number" || r.comparator !== undefined || !undeterminedOrder(r.at, start))
    return false;
  const s = side(r, def);
  if (s === 0) return false;
  const earlier = earlierBaseline(list, r.lab, start);
  return (
    earlier === undefined ||
    (s < 0 ? r.value < (earlier.value as number) : r.value > (earlier.value as number))
  );
}

/** The last result of `lab` before the first dose at `start` leaving out those of undetermined order. */
function earlierBaseline(list: readonly LabResult[], lab: string, start: IsoDateTime): LabResult | undefined {
  return baselineAmong(
    list.filter((e) => !undeterminedOrder(e.at, start)),
    lab,
    start,
  );
}

/**
 * The results of undetermined order against the first dose at `start` evaluated as possibly after it (see
 * mayFollowDose). Undefined when there is none.
 */
export function sameDayResults(
  labsById: ReadonlyMap<string, readonly LabResult[]>,
  start: IsoDateTime,
  services: DetectServices,
): SameDay | undefined {
  const labs = new Set<LabResult>();
  for (const list of labsById.values()) {
    for (const r of list) if (mayFollowDose(r, list, start, services.lab(r.lab))) labs.add(r);
  }
  return labs.size === 0 ? undefined : { labs, times: new Set([...labs].map((l) => l.at)) };
}

/** A CTCAE baseline in doubt: the result read as the baseline may follow the dose; the one before it, if any. */
export interface UnsureBaseline {
  /** The baseline as written: drawn the day of the first dose without a draw time, and abnormal. */
  readonly sameDay: LabResult;
  /** The last result before it of undoubted order, or undefined when there is none. */
  readonly earlier: LabResult | undefined;
}

/**
 * The CTCAE baseline of `lab` among `list` (grading/baseline.ts) when it is a result that may follow the first
 * dose at `start` (as the detectors read it: of undetermined order, abnormal, worse than the result before it or
 * with none before it), with the baseline without it; undefined when the baseline is not in doubt. A grader then
 * reads both and keeps the higher grade: a result that may follow the dose does not lower the grade of the
 * results after it by being their baseline.
 * @example
 * // INR 1.0 on 20 Feb, INR 1.9 charted as 1 Mar (no time), first dose 1 Mar 10:00:
 * unsureBaseline(inrs, "inr", "2025-03-01T10:00:00Z", inrDef); // { sameDay: the 1.9, earlier: the 1.0 }
 */
export function unsureBaseline(
  list: readonly LabResult[],
  lab: string,
  start: IsoDateTime | undefined,
  def: LabDefinition | undefined,
): UnsureBaseline | undefined {
  if (start === undefined) return undefined;
  const asWritten = baselineAmong(list, lab, start);
  if (asWritten === undefined || !mayFollowDose(asWritten, list, start, def)) return undefined;
  return { sameDay: asWritten, earlier: earlierBaseline(list, lab, start) };
}
