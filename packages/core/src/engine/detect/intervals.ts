/**
 * Events whose date is known only as an interval of days (a month, a year, an onset period, an age: the FHIR
 * adapter keeps its first day as `at` and its last as `latest`). No day is guessed within it; the interval is
 * ordered whole against the first dose:
 * - wholly after it: the event is after the exposure, placed at the interval's first day; a finding resting on
 *   it is at most probable unless the other dated data find it without it;
 * - spanning it: the order is undetermined; the event is read first from its first day, as a dated one (an
 *   alternative cause stays present from it); when the disorder is then not found, as possibly after the dose
 *   (placed at its last day), and when still not found, from the first dose on (the earliest of its days that may
 *   follow the dose: an age with a birth known to its year spans two years, whose last day lies far from the
 *   dose's window); a finding resting on it is at most possible unless the other data find it without it;
 * - wholly before it: a pre-existing condition, as a dated one is (left at its first day).
 * The trace names each such placement (detect/engine.ts).
 */

import type { ClinicalEvent, IsoDateTime } from "../../contracts/model.js";
import type { Certainty } from "../../contracts/vocabularies.js";
import { calendarDate } from "../dates.js";

/** The interval-dated events ordered against the first dose, by ref, and the events as evaluated. */
export interface Intervals {
  readonly events: readonly ClinicalEvent[];
  /** Refs of events wholly after the first dose. */
  readonly after: ReadonlySet<string>;
  /** Refs of events wholly before the first dose (pre-existing, left at their first day). */
  readonly before: ReadonlySet<string>;
  /** Refs of events whose interval spans the first dose (moved to their last day). */
  readonly spanning: ReadonlySet<string>;
  /** How each such event's date was given, by ref. */
  readonly dated: ReadonlyMap<string, string>;
  /** The spanning events are read at their last day (possibly after the dose), not at their first. */
  readonly moved: boolean;
}

/**
 * The events of `events` dated by an interval, ordered against the first dose at `start`; undefined when there is
 * none.
 */
export function placeIntervals(events: readonly ClinicalEvent[], start: IsoDateTime): Intervals | undefined {
  const dose = calendarDate(start);
  const before = new Set<string>();
  const after = new Set<string>();
  const spanning = new Set<string>();
  const dated = new Map<string, string>();
  const placed = events.map((e) => {
    if (e.latest === undefined) return e;
    dated.set(e.ref, e.dated ?? "onset known only as an interval");
    if (calendarDate(e.latest) < dose) {
      before.add(e.ref);
      return e;
    }
    if (calendarDate(e.at) > dose) {
      after.add(e.ref);
      return e;
    }
    spanning.add(e.ref);
    return { ...e, at: e.latest };
  });
  return dated.size === 0 ? undefined : { events: placed, before, after, spanning, dated, moved: true };
}

/**
 * `placed` with its spanning events read from the first dose at `start` on (the earliest of their days that may
 * follow it) instead of from their last day: possibly after the dose, as near it as the interval allows.
 */
export function fromFirstDose(placed: Intervals, start: IsoDateTime): Intervals {
  return {
    ...placed,
    events: placed.events.map((e) => (placed.spanning.has(e.ref) ? { ...e, at: start } : e)),
  };
}

/** The most a finding resting on interval-dated events may be, before the other data are weighed. */
export function intervalCeiling(spans: boolean): Certainty {
  return spans ? "possible" : "probable";
}
