/**
 * 4Ts pretest score for heparin-induced thrombocytopenia (Lo 2006): Thrombocytopenia, Timing, Thrombosis,
 * oTher causes. Only with a heparin exposure. Thrombosis and the absence of another cause are clinical
 * facts: missing unless recorded.
 */

import type { IsoDateTime, LabResult, PatientRecord } from "../../contracts/model.js";
import type { ScoreResult } from "../../contracts/report.js";
import { sameUnit } from "../../knowledge/same-unit.js";
import type { FourTsScore, Interval } from "../../knowledge/scores.js";
import { daysBetween, instant } from "../dates.js";
import { limitOf, sig } from "../grading/limits.js";
import { meets, rangeOf } from "./bands.js";
import { recordedFacts, type StatedAnswers } from "./inputs.js";
import { type ComponentOutcome, known, pointsResult, unknown } from "./outcome.js";
import type { LabCatalogue } from "./points-score.js";

interface Course {
  readonly start: IsoDateTime;
  /** Undefined while ongoing. */
  readonly end?: IsoDateTime;
  readonly refs: readonly string[];
}

const DAY_MS = 86_400_000;
/** Evidence of an answer stated in a calculator form. */
const STATED = "stated in the form";

/** Heparin courses: context drugs with a heparin role, overlapping or back-to-back records merged. */
function heparinCourses(record: PatientRecord, roles: readonly string[]): Course[] {
  const drugs = record.contextDrugs
    .filter((d) => d.roles.some((r) => roles.includes(r)))
    .sort((a, b) => instant(a.start) - instant(b.start));
  const out: { start: IsoDateTime; end?: IsoDateTime; refs: string[] }[] = [];
  for (const d of drugs) {
    const last = out[out.length - 1];
    if (last && (last.end === undefined || instant(d.start) <= instant(last.end) + DAY_MS)) {
      if (last.end !== undefined && (d.end === undefined || instant(d.end) > instant(last.end)))
        last.end = d.end;
      last.refs.push(d.ref);
    } else out.push({ start: d.start, ...(d.end !== undefined ? { end: d.end } : {}), refs: [d.ref] });
  }
  return out;
}

function holds(i: Interval | undefined, x: number): boolean {
  return i === undefined || meets(i, rangeOf(x)) === true;
}

function thrombocytopenia(config: FourTsScore, fallPct: number, nadir: number): number {
  const rule = config.thrombocytopenia.find((r) => holds(r.fallPct, fallPct) && holds(r.nadir, nadir));
  return rule?.points ?? 0;
}

/** Timing points for an onset day; `priorDays` = days since an earlier heparin course ended (undefined: none). */
function timingFor(config: FourTsScore, onsetDay: number, priorDays: number | undefined): number {
  const rule = config.timing.find((r) => {
    if (!holds(r.onsetDay, onsetDay)) return false;
    if (r.priorExposureDays && (priorDays === undefined || !holds(r.priorExposureDays, priorDays)))
      return false;
    if (
      r.withoutPriorWithinDays !== undefined &&
      priorDays !== undefined &&
      priorDays <= r.withoutPriorWithinDays
    )
      return false;
    return true;
  });
  return rule?.points ?? config.unclearTimingPoints;
}

/**
 * Components when no count precedes the lowest: a count within normal limits shows no thrombocytopenia;
 * a low one may follow any fall that began on any day up to it, so those points stay open.
 */
function noBaseline(
  config: FourTsScore,
  nadir: LabResult & { value: number },
  nadirDay: number,
  priorDays: number | undefined,
  lln: number | undefined,
): [ComponentOutcome, ComponentOutcome] {
  if (lln !== undefined && nadir.value >= lln)
    return [
      known("thrombocytopenia", thrombocytopenia(config, 0, nadir.value), [nadir.ref]),
      known("timing", config.noFallTimingPoints, [nadir.ref]),
    ];
  const reason = `no platelet count before the lowest one (from ${config.baselineDaysBeforeStart} days before the heparin start): the fall cannot be measured`;
  const falls = [0, config.onsetFallPct, 100].map((f) => thrombocytopenia(config, f, nadir.value));
  const timings = [config.noFallTimingPoints];
  for (let d = 0; d <= Math.max(0, nadirDay); d++) timings.push(timingFor(config, d, priorDays));
  return [
    unknown("thrombocytopenia", falls, reason, [nadir.ref]),
    unknown("timing", timings, reason, [nadir.ref]),
  ];
}

function plateletComponents(
  config: FourTsScore,
  record: PatientRecord,
  at: IsoDateTime,
  current: Course,
  priorDays: number | undefined,
  labs: LabCatalogue,
): [ComponentOutcome, ComponentOutcome] {
  const start = instant(current.start);
  const t = instant(at);
  const series = record.labs
    .filter(
      (l): l is LabResult & { value: number } =>
        l.lab === config.platelets.lab &&
        typeof l.value === "number" &&
        sameUnit(l.unit, config.platelets.unit) &&
        instant(l.at) <= t &&
        instant(l.at) >= start - config.baselineDaysBeforeStart * DAY_MS,
    )
    .sort((a, b) => instant(a.at) - instant(b.at));
  const after = series.filter((l) => instant(l.at) >= start);
  if (after.length === 0) {
    const reason = "no platelet count since the heparin start";
    return [unknown("thrombocytopenia", [0, 1, 2], reason), unknown("timing", [0, 1, 2], reason)];
  }
  const nadir = after.reduce((m, l) => (l.value < m.value ? l : m));
  const earlier = series.filter((l) => instant(l.at) < instant(nadir.at));
  // The lowest count is also the first one: the fall and the day it began cannot be known.
  if (earlier.length === 0) {
    const lln = limitOf(nadir, labs(config.platelets.lab), "low")?.value;
    return noBaseline(config, nadir, daysBetween(current.start, nadir.at), priorDays, lln);
  }
  const baseline = [...earlier, nadir].reduce((m, l) => (l.value > m.value ? l : m));
  const fallPct = baseline.value > 0 ? sig(((baseline.value - nadir.value) / baseline.value) * 100) : 0;
  const thromboPts = thrombocytopenia(config, fallPct, nadir.value);
  const tc = known("thrombocytopenia", thromboPts, [...new Set([baseline.ref, nadir.ref])]);
  const onsetLimit = baseline.value * (1 - config.onsetFallPct / 100);
  const onset = after.find((l) => instant(l.at) >= instant(baseline.at) && l.value <= sig(onsetLimit));
  if (!onset) return [tc, known("timing", config.noFallTimingPoints, [baseline.ref, nadir.ref])];
  const onsetDay = daysBetween(current.start, onset.at);
  const prev = series.filter((l) => instant(l.at) < instant(onset.at)).pop();
  const prevDay = prev ? daysBetween(current.start, prev.at) : undefined;
  // Without counts close before the onset, the fall may have begun on any day since the last count.
  const firstPossible =
    prevDay === undefined ? 0 : onsetDay - prevDay > config.maxGapDays ? prevDay + 1 : onsetDay;
  const candidates = new Set<number>();
  for (let d = Math.max(0, firstPossible); d <= onsetDay; d++)
    candidates.add(timingFor(config, d, priorDays));
  const timing = candidates.size === 1 ? ([...candidates][0] as number) : config.unclearTimingPoints;
  return [tc, known("timing", timing, [onset.ref, ...(prev ? [prev.ref] : [])])];
}

function thrombosis(
  config: FourTsScore,
  record: PatientRecord,
  at: IsoDateTime,
  current: Course,
  answer: string | undefined,
): ComponentOutcome {
  const t = instant(at);
  const th = config.thrombosis;
  // A thrombosis charted before the heparin, or on its start day, is what the heparin was started for.
  const minDays = th.minDaysAfterStart ?? 0;
  const events = record.events.filter(
    (e) =>
      th.confirmed.includes(e.kind) &&
      instant(e.at) >= instant(current.start) &&
      daysBetween(current.start, e.at) >= minDays &&
      instant(e.at) <= t,
  );
  const confirmed = events.filter((e) => !e.qualifiers?.some((q) => th.lesserQualifiers.includes(q)));
  if (confirmed.length > 0)
    return known(
      "thrombosis",
      th.confirmedPoints,
      confirmed.map((e) => e.ref),
    );
  if (events.length > 0)
    return known(
      "thrombosis",
      th.lesserPoints,
      events.map((e) => e.ref),
    );
  const stated = { confirmed: th.confirmedPoints, lesser: th.lesserPoints, none: th.absentPoints };
  if (answer !== undefined && Object.hasOwn(stated, answer))
    return known("thrombosis", stated[answer as keyof typeof stated], [STATED]);
  return unknown(
    "thrombosis",
    [th.absentPoints, th.lesserPoints, th.confirmedPoints],
    "no thrombosis recorded (absence is not assumed)",
  );
}

function otherCause(
  config: FourTsScore,
  record: PatientRecord,
  at: IsoDateTime,
  answer: string | undefined,
): ComponentOutcome {
  const oc = config.otherCause;
  const refs = recordedFacts(record, oc.possible, at);
  // The clinician's judgement settles it, also when the record names a candidate cause.
  const stated = { definite: oc.definitePoints, possible: oc.possiblePoints, none: oc.nonePoints };
  if (answer !== undefined && Object.hasOwn(stated, answer))
    return known("other-cause", stated[answer as keyof typeof stated], [...refs, STATED]);
  if (refs.length > 0)
    return unknown(
      "other-cause",
      [oc.definitePoints, oc.possiblePoints],
      "another cause is recorded; possible or definite is a clinical judgement",
      refs,
    );
  return unknown(
    "other-cause",
    [oc.definitePoints, oc.possiblePoints, oc.nonePoints],
    "no other cause recorded (absence is not assumed)",
  );
}

/**
 * The 4Ts score at `at` for the current heparin course (day 0 = its first day); undefined when no heparin
 * course started within the applicable window before `at`.
 *
 * @example compute4Ts(record, "2024-01-09T08:00:00Z", configs.get("4ts") as FourTsScore, vocabulary.labById)
 */
export function compute4Ts(
  record: PatientRecord,
  at: IsoDateTime,
  config: FourTsScore,
  labs: LabCatalogue,
  answers?: StatedAnswers,
): ScoreResult | undefined {
  const t = instant(at);
  const courses = heparinCourses(record, config.heparinRoles).filter((c) => instant(c.start) <= t);
  const current = courses[courses.length - 1];
  if (!current || daysBetween(current.start, at) > config.applicableDaysAfterStart) return undefined;
  const prior = courses[courses.length - 2];
  const priorDays = prior ? daysBetween(prior.end ?? prior.start, current.start) : undefined;
  const [tc, timing] = plateletComponents(config, record, at, current, priorDays, labs);
  const outcomes = [
    tc,
    timing,
    thrombosis(config, record, at, current, answers?.get("thrombosis")),
    otherCause(config, record, at, answers?.get("other-cause")),
  ];
  const result = pointsResult(config, at, outcomes);
  return { ...result, evidence: [...new Set([...current.refs, ...result.evidence])] };
}
