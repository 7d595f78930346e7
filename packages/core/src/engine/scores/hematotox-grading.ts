/**
 * ICAHT-style grading of a blood count after CAR-T (day 0 = infusion): cumulative days below thresholds in
 * the early window, results below thresholds in the late window. Days without a result are unknown; the
 * grade is reported only when filling them either way gives the same grade. One evaluator serves both
 * scores configured this way: ICAHT (neutrophils, EHA/EBMT) and T-ICAHT (platelets, Rejeski 2025, where a
 * count within days of a platelet transfusion is not taken as recovery).
 */

import { exposureStart } from "../../contracts/exposure.js";
import type { IsoDateTime, LabResult, PatientRecord } from "../../contracts/model.js";
import type { ComponentValue, ScoreResult } from "../../contracts/report.js";
import { sameUnit } from "../../knowledge/same-unit.js";
import type { HematotoxGrading } from "../../knowledge/scores.js";
import { daysBetween, instant } from "../dates.js";
import { meets, rangeOf } from "./bands.js";
import { carTExposure } from "./points-score.js";

type Threshold = HematotoxGrading["thresholds"][number];
interface Phase {
  readonly fromDay: number;
  readonly toDay?: number;
  readonly unmeasuredDays: "unknown" | "not-below";
  readonly minResults?: number;
  readonly grades: HematotoxGrading["early"]["grades"];
}

interface Measured {
  readonly day: number;
  readonly result: LabResult;
  /** Per threshold id: certainly below (true), certainly not (false), censored across it (undefined). */
  readonly below: ReadonlyMap<string, boolean | undefined>;
}

interface PhaseGrade {
  readonly min: number;
  readonly max: number;
  /** Cumulative days below each threshold with unknown days counted as not below. */
  readonly days: ReadonlyMap<string, number>;
  readonly unknownDays: number;
  /**
   * The latest count of the phase is below a grade's threshold with fewer results below it than the phase
   * grades on (T-ICAHT and ICAHT grade late cytopenia on two or more tests): a repeat count could still
   * confirm that grade, so it is the phase's highest possible grade rather than grade 0.
   */
  readonly awaitingRepeat: boolean;
  readonly started: boolean;
  readonly lastDay: number;
}

function measure(
  results: readonly LabResult[],
  day0: IsoDateTime,
  thresholds: readonly Threshold[],
): Measured[] {
  return results.map((result) => {
    const r = rangeOf(result.value as number, result.comparator);
    return {
      day: daysBetween(day0, result.at),
      result,
      below: new Map(thresholds.map((t) => [t.id, meets(t, r)])),
    };
  });
}

/** Status of each day of [from, to] for one threshold; undefined = no result close enough (or censored). */
function dayStatuses(
  measured: readonly Measured[],
  thId: string,
  from: number,
  to: number,
  config: HematotoxGrading,
  maskedDays: ReadonlySet<number>,
): (boolean | undefined)[] {
  const byDay = new Map<number, (boolean | undefined)[]>();
  for (const m of measured) byDay.set(m.day, [...(byDay.get(m.day) ?? []), m.below.get(thId)]);
  const measuredDays = [...byDay.keys()].sort((a, b) => a - b);
  const status = (d: number): boolean | undefined => {
    const v = byDay.get(d) ?? [];
    if (v.some((x) => x === true)) return true;
    return v.length > 0 && v.every((x) => x === false) ? false : undefined;
  };
  const out: (boolean | undefined)[] = [];
  let seenBelow = false;
  let k = -1; // index of the last measured day <= d
  for (let d = from; d <= to; d++) {
    while (k + 1 < measuredDays.length && (measuredDays[k + 1] as number) <= d) k++;
    const prev = measuredDays[k];
    const s = prev !== undefined && d - prev <= config.carryForwardDays ? status(prev) : undefined;
    // A count raised by a transfusion after a fall is not a recovery.
    out.push(s === false && seenBelow && maskedDays.has(d) ? true : s);
    seenBelow ||= s === true;
  }
  return out;
}

/** Days below after filling unknown days with `fill` and counting non-stable recoveries as below. */
function countBelow(statuses: readonly (boolean | undefined)[], fill: boolean, stable: number): number {
  const s = statuses.map((x) => x ?? fill);
  let i = 0;
  while (i < s.length) {
    if (s[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !s[j]) j++;
    if (i > 0 && j < s.length && j - i < stable) for (let k = i; k < j; k++) s[k] = true;
    i = j;
  }
  return s.filter(Boolean).length;
}

function gradePhase(
  phase: Phase,
  measured: readonly Measured[],
  atDay: number,
  config: HematotoxGrading,
  maskedDays: ReadonlySet<number>,
): PhaseGrade {
  const end = Math.min(phase.toDay ?? Number.POSITIVE_INFINITY, atDay);
  const empty = {
    min: 0,
    max: 0,
    days: new Map<string, number>(),
    unknownDays: 0,
    awaitingRepeat: false,
    started: false,
    lastDay: end,
  };
  if (end < phase.fromDay) return empty;
  const inPhase = measured.filter((m) => m.day >= phase.fromDay && m.day <= end);
  const lowDays = new Map<string, number>();
  const highDays = new Map<string, number>();
  const results = new Map<string, number>();
  let unknownDays = 0;
  const settle = (x: boolean | undefined) =>
    x === undefined && phase.unmeasuredDays === "not-below" ? false : x;
  for (const t of config.thresholds) {
    const st = dayStatuses(measured, t.id, phase.fromDay, end, config, maskedDays).map(settle);
    unknownDays = Math.max(unknownDays, st.filter((x) => x === undefined).length);
    lowDays.set(t.id, countBelow(st, false, config.stableRecoveryDays));
    highDays.set(t.id, countBelow(st, true, config.stableRecoveryDays));
    results.set(t.id, inPhase.filter((m) => m.below.get(t.id) === true).length);
  }
  const latest = inPhase.reduce<Measured | undefined>(
    (a, m) => (a === undefined || m.day >= a.day ? m : a),
    undefined,
  );
  const minResults = phase.minResults ?? 1;
  /** Results a repeat count could still add below `threshold`: the latest count is below it, unconfirmed. */
  const pending = (threshold: string) =>
    latest?.below.get(threshold) === true && (results.get(threshold) ?? 0) < minResults ? minResults : 0;
  const grade = (days: ReadonlyMap<string, number>, extraResults: (threshold: string) => number): number => {
    for (const g of phase.grades) {
      const ok = g.anyOf.some(
        (r) =>
          (days.get(r.threshold) ?? 0) >= r.minDays &&
          (results.get(r.threshold) ?? 0) + extraResults(r.threshold) >= minResults,
      );
      if (ok) return g.grade;
    }
    return 0;
  };
  const min = grade(lowDays, () => 0);
  const max = grade(highDays, (t) => unknownDays + pending(t));
  return {
    min,
    max,
    days: lowDays,
    unknownDays,
    awaitingRepeat: max > grade(highDays, () => unknownDays),
    started: true,
    lastDay: end,
  };
}

function shownGrade(p: PhaseGrade): ComponentValue {
  return p.min === p.max ? p.min : `${p.min}-${p.max}`;
}

/**
 * The grade of a blood count after the patient's CAR-T infusion, at `at`; undefined without a CAR-T
 * exposure infused by then. Value = the higher of the early and late grade reached on the data.
 */
export function computeHematotoxGrade(
  record: PatientRecord,
  at: IsoDateTime,
  config: HematotoxGrading,
): ScoreResult | undefined {
  const x = carTExposure(record, at);
  const day0 = x && exposureStart(x);
  if (!day0 || instant(day0) > instant(at)) return undefined;
  const atDay = daysBetween(day0, at);
  const t = instant(at);
  const results = record.labs.filter(
    (l) =>
      l.lab === config.lab &&
      typeof l.value === "number" &&
      Number.isFinite(l.value) &&
      sameUnit(l.unit, config.unit) &&
      instant(l.at) <= t &&
      daysBetween(day0, l.at) >= -config.carryForwardDays,
  );
  const measured = measure(results, day0, config.thresholds);
  const maskedDays = new Set<number>();
  if (config.maskedAfter) {
    const { event, days } = config.maskedAfter;
    for (const e of record.events) {
      if (e.kind !== event || instant(e.at) > t) continue;
      const d = daysBetween(day0, e.at);
      for (let k = d; k <= d + days; k++) maskedDays.add(k);
    }
  }
  const early = gradePhase(config.early, measured, atDay, config, maskedDays);
  const late = gradePhase(config.late, measured, atDay, config, maskedDays);
  const min = Math.max(early.min, late.min);
  const max = Math.max(early.max, late.max);
  const components: Record<string, ComponentValue> = { "early-grade": shownGrade(early) };
  if (late.started) components["late-grade"] = shownGrade(late);
  for (const th of config.thresholds) {
    const d = early.days.get(th.id);
    if (d !== undefined && config.early.grades.some((g) => g.anyOf.some((r) => r.threshold === th.id)))
      components[`early-days-${th.id}`] = d;
  }
  const missing: string[] = [];
  const notes: string[] = [];
  if (early.min !== early.max) {
    missing.push("early-window-days");
    notes.push(
      `${early.unknownDays} day(s) of days ${config.early.fromDay}-${early.lastDay} without a count`,
    );
  }
  if (late.min !== late.max && late.unknownDays > 0) {
    missing.push("late-window-days");
    notes.push(`${late.unknownDays} day(s) after day ${config.late.fromDay - 1} without a count`);
  }
  if (late.awaitingRepeat) {
    missing.push("late-repeat-count");
    notes.push(
      `the latest count after day ${config.late.fromDay - 1} is low and not yet repeated: a late grade rests on two or more tests`,
    );
  }
  const inWindow = measured.filter((m) => m.day >= config.early.fromDay);
  const category = min === max ? `grade-${min}` : "incomplete";
  const phaseText = `early grade ${shownGrade(early)}${late.started ? `, late grade ${shownGrade(late)}` : ""}`;
  const open = atDay < config.early.toDay ? `; provisional until day ${config.early.toDay}` : "";
  const interpretation =
    min === max
      ? `${config.interpretations[min as 0 | 1 | 2 | 3 | 4]} (${phaseText}${open}).`
      : `Incomplete: grade ${min} on the available counts, up to ${max} (${phaseText}); ${notes.join("; ")}.`;
  return {
    id: config.id,
    value: inWindow.length > 0 ? min : null,
    at,
    components,
    missing,
    interpretation,
    category,
    evidence: inWindow.filter((m) => [...m.below.values()].some((b) => b === true)).map((m) => m.result.ref),
    sourceIds: [...config.sourceIds],
  };
}
