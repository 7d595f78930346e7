/** Look-ups over a patient's lab results that scores, grades and detectors share. */

import type { IsoDateTime, LabResult, PatientRecord } from "../contracts/model.js";
import { calendarDay, instant } from "./dates.js";

const DAY = 86_400_000;

/** Labs that grades, scores and detection use: results in a same-instant conflict are left out. */
export function usableLabs(record: PatientRecord): readonly LabResult[] {
  if (record.conflicts.length === 0) return record.labs;
  const conflicted = new Set(record.conflicts.flatMap((c) => c.refs));
  const kept = record.labs.filter((l) => !conflicted.has(l.ref));
  // The same array when nothing is left out (a record already cleared), so look-ups indexed per labs
  // array are shared by every step that clears it again.
  return kept.length === record.labs.length ? record.labs : kept;
}

/** The results {@link usableLabs} leaves out: those in a same-instant conflict. */
export function conflictedLabs(record: PatientRecord): readonly LabResult[] {
  if (record.conflicts.length === 0) return [];
  const conflicted = new Set(record.conflicts.flatMap((c) => c.refs));
  return record.labs.filter((l) => conflicted.has(l.ref));
}

/** Results grouped by lab id, each group in record order. */
export function labsByIdInRecordOrder(labs: readonly LabResult[]): ReadonlyMap<string, readonly LabResult[]> {
  let m = recordOrder.get(labs);
  if (!m) {
    m = new Map<string, LabResult[]>();
    for (const l of labs) {
      const list = m.get(l.lab);
      if (list) list.push(l);
      else m.set(l.lab, [l]);
    }
    recordOrder.set(labs, m);
  }
  return m;
}

/** Results grouped by lab id, each group oldest first. */
export function groupByLab(labs: readonly LabResult[]): ReadonlyMap<string, readonly LabResult[]> {
  let m = oldest.get(labs);
  if (!m) {
    m = new Map();
    for (const [lab, list] of labsByIdInRecordOrder(labs)) m.set(lab, oldestFirst(list));
    oldest.set(labs, m);
  }
  return m;
}

// Detection, CTCAE grading and scores group the same patient's labs, many times over: grouped once per
// labs array (weakly held, like the numeric index below, so no result depends on it).
const recordOrder = new WeakMap<readonly LabResult[], Map<string, LabResult[]>>();
const oldest = new WeakMap<readonly LabResult[], Map<string, readonly LabResult[]>>();

/** The list sorted by instant (stable); most records arrive in time order, so the sort is often skipped. */
function oldestFirst(list: readonly LabResult[]): readonly LabResult[] {
  const times = list.map((l) => instant(l.at));
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) sorted = (times[i - 1] as number) <= (times[i] as number);
  if (sorted) return list;
  return list
    .map((l, i) => ({ l, t: times[i] as number, i }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.l);
}

/** Instants and calendar days of a list of results, in the list's order. */
export interface ResultTimes {
  readonly at: readonly number[];
  readonly day: readonly number[];
}

/**
 * The instant and the calendar day of each result of `list`, read once per list (weakly held, so they go
 * with it): the lists of {@link groupByLab} are scanned by every criterion and score of a patient.
 */
export function timesOf(list: readonly LabResult[]): ResultTimes {
  let times = timesMemo.get(list);
  if (!times) {
    times = { at: list.map((l) => instant(l.at)), day: list.map((l) => calendarDay(l.at)) };
    timesMemo.set(list, times);
  }
  return times;
}
const timesMemo = new WeakMap<readonly LabResult[], ResultTimes>();

/** Options of {@link latestNumeric}. */
interface LatestNumericOptions {
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
  const list = numericIndex(labs).get(lab);
  if (!list) return undefined;
  // Binary search for the last result at or before `at`, then walk back to the first acceptable one.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Timed).t <= t) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i--) {
    const { l, t: lt } = list[i] as Timed;
    if (lt < oldest) return undefined;
    if (options.strictlyBefore && lt === t) continue;
    if (options.accept && !options.accept(l)) continue;
    return l;
  }
  return undefined;
}

interface Timed {
  readonly l: LabResult;
  readonly t: number;
}

// Scores look up the same patient's labs at many instants: index each labs array once (weakly held, so
// it goes with the array and no result depends on it). Equal instants keep input order, last wins.
const indexes = new WeakMap<readonly LabResult[], Map<string, Timed[]>>();

function numericIndex(labs: readonly LabResult[]): Map<string, Timed[]> {
  let idx = indexes.get(labs);
  if (!idx) {
    idx = new Map();
    for (const l of labs) {
      if (typeof l.value !== "number" || !Number.isFinite(l.value)) continue;
      const entry = { l, t: instant(l.at) };
      const list = idx.get(l.lab);
      if (list) list.push(entry);
      else idx.set(l.lab, [entry]);
    }
    for (const list of idx.values()) list.sort((a, b) => a.t - b.t);
    indexes.set(labs, idx);
  }
  return idx;
}

/**
 * Whether a result of `near.lab` lies within `near.withinDays` of `at` (either side) at CTCAE grade
 * `near.minGrade` or above for `near.term` (`grade` gives a result's grade, undefined when ungradable). With
 * `until` (an event's charted end) the window runs from `near.withinDays` before `at` to as many after `until`:
 * a haemoglobin on day 3 of a bleed charted over five days is beside the bleed.
 */
export function gradedResultNear(
  labs: readonly LabResult[],
  at: IsoDateTime,
  near: {
    readonly term: string;
    readonly lab: string;
    readonly minGrade: number;
    readonly withinDays: number;
  },
  grade: (term: string, result: LabResult) => number | undefined,
  until?: IsoDateTime,
): boolean {
  const from = instant(at) - near.withinDays * DAY;
  const to =
    Math.max(instant(at), until === undefined ? Number.NEGATIVE_INFINITY : instant(until)) +
    near.withinDays * DAY;
  return labs.some(
    (l) =>
      l.lab === near.lab &&
      instant(l.at) >= from &&
      instant(l.at) <= to &&
      (grade(near.term, l) ?? 0) >= near.minGrade,
  );
}
