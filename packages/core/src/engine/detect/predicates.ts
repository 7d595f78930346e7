/**
 * Evaluation of one criterion test against a patient: met, unmet, or missing (not assessable for lack
 * of data), with the records it rests on and a detail line that states what was found — in terms that
 * read true whichever way a `not` turns the verdict. Missing is never treated as unmet: it lowers
 * certainty instead.
 */

import { ENDED_UNDATED } from "../../contracts/event-qualifiers.js";
import { exposureStart } from "../../contracts/exposure.js";
import type { ClinicalEvent, Exposure, IsoDateTime, LabResult } from "../../contracts/model.js";
import type { ScoreResult } from "../../contracts/report.js";
import type { Certainty, CriterionStatus } from "../../contracts/vocabularies.js";
import type { Test, TestOf, Window } from "../../knowledge/disorders.js";
import { calendarDate, calendarDay, daysBetween, instant } from "../dates.js";
import { labCaveat, numberText, termText, valueWithUnit } from "../display.js";
import { sig } from "../grading/limits.js";
import { timesOf } from "../lab-query.js";
import type { EvalContext } from "./context.js";
import { SAME_DAY_NOTE } from "./same-day.js";

export interface TestResult {
  readonly status: CriterionStatus;
  readonly evidence: readonly string[];
  readonly detail?: string;
  /** Met only on a charted diagnosis standing in for a missing result (lower-weight evidence). */
  readonly charted?: true;
  /** Earliest instant at which the test is met (used to find an episode's index). */
  readonly firstAt?: IsoDateTime;
  /** Every instant at which the test is met, oldest first (episodes are clustered from these). */
  readonly metAt?: readonly IsoDateTime[];
}

/** The distinct times, oldest first (stable: equal instants keep their order), each instant read once. */
function sortedTimes(times: Iterable<IsoDateTime>): IsoDateTime[] {
  const keyed = Array.from(new Set(times), (at) => ({ t: instant(at), at }));
  keyed.sort((a, b) => a.t - b.t);
  return keyed.map((k) => k.at);
}

const CERTAINTY_RANK: Record<Certainty, number> = { possible: 1, probable: 2, definite: 3 };
export const certaintyRank = (c: Certainty): number => CERTAINTY_RANK[c];

const MAX_EVIDENCE = 6;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** How an episode's onset is timed against the candidate exposure's latency window. */
export interface LatencyTiming {
  readonly met: boolean;
  /** The dose the plausible window was counted from, when met: the first (CAR-T: the infusion) or the latest. */
  readonly countedFrom?: "first-dose" | "latest-dose";
  /** Onset day after the first dose (CAR-T: the infusion). */
  readonly day: number;
  /** Days from the latest dose given at or before the onset to the onset. */
  readonly sinceLatestDose?: number;
  /** A further dose of the drug is recorded after the onset: the patient was still on therapy. */
  readonly onTherapy: boolean;
  /** The timing in words, naming the dose each count starts from. */
  readonly detail: string;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "14 days after the latest dose, on therapy": the onset against the latest dose before it. */
export const sinceLatestDoseText = (days: number, onTherapy: boolean) =>
  `${plural(days, "day")} after the latest dose${onTherapy ? ", on therapy" : ""}`;

/**
 * The latency test: the onset is at least `minDays` after the first dose and either within `maxDays` of
 * it or, when the window has an `afterLatestDose` rule, within that many days of the latest dose given
 * before the onset (a drug given for months or years, or stopped shortly before).
 */
export function latencyTiming(ctx: EvalContext): LatencyTiming | undefined {
  const w = ctx.latency;
  if (!ctx.index || !w) return undefined;
  const onset = instant(ctx.index);
  const drug = ctx.exposure.drug;
  const day = daysBetween(ctx.exposureStart, ctx.index);
  const late = w.afterLatestDose;
  const firstText = `${ctx.exposure.infusion ? "" : "the first "}${drug}${ctx.exposure.infusion ? " infusion" : " dose"}`;
  if (!late) {
    const met = day >= w.minDays && day <= w.maxDays;
    return {
      met,
      ...(met ? { countedFrom: "first-dose" as const } : {}),
      day,
      onTherapy: false,
      detail: `onset day ${day} after ${drug} (plausible: days ${w.minDays}–${w.maxDays})`,
    };
  }
  let latest: number | undefined;
  let later = false;
  const now = instant(ctx.evaluatedAt);
  for (const d of ctx.exposure.doses) {
    const t = instant(d.at);
    if (t <= onset) latest = latest === undefined ? t : Math.max(latest, t);
    else if (t <= now) later = true;
  }
  const since = latest === undefined ? undefined : daysBetween(new Date(latest).toISOString(), ctx.index);
  const early = day >= w.minDays && day <= w.maxDays;
  const recent = day >= w.minDays && since !== undefined && since <= late.maxDays;
  const met = early || recent;
  const parts = [`onset day ${day} after ${firstText}`];
  if (since !== undefined && day !== since) parts.push(sinceLatestDoseText(since, later));
  const plausible = `plausible: days ${w.minDays}–${w.maxDays} after the first dose, or from day ${w.minDays} within ${plural(late.maxDays, "day")} of the latest dose`;
  const counted = early ? "; timed from the first dose" : recent ? "; timed from the latest dose" : "";
  return {
    met,
    ...(early
      ? { countedFrom: "first-dose" as const }
      : recent
        ? { countedFrom: "latest-dose" as const }
        : {}),
    day,
    ...(since !== undefined ? { sinceLatestDose: since } : {}),
    onTherapy: later,
    detail: `${parts.join("; ")} (${plausible})${counted}`,
  };
}

/** Day bounds of a window relative to its anchor, or undefined when the anchor (index) is not known. */
function bounds(
  w: Window,
  ctx: EvalContext,
): { anchor: IsoDateTime; start: number; end: number } | undefined {
  const anchor = w.from === "exposure" ? ctx.exposureStart : ctx.index;
  if (anchor === undefined) return undefined;
  const start = w.startDay ?? Number.NEGATIVE_INFINITY;
  return {
    anchor,
    start: w.notBeforeExposure ? Math.max(start, -daysBetween(ctx.exposureStart, anchor)) : start,
    end: w.endDay ?? Number.POSITIVE_INFINITY,
  };
}

/** Membership test for a window, with its bounds resolved once (criteria test many records against it). */
function windowOf(w: Window, ctx: EvalContext): (at: IsoDateTime, end?: IsoDateTime) => boolean {
  const b = bounds(w, ctx);
  if (!b) return () => false;
  const now = instant(ctx.evaluatedAt);
  const after = w.afterExposure ? instant(ctx.exposureStart) : Number.NEGATIVE_INFINITY;
  const before = w.beforeExposure ? instant(ctx.exposureStart) : Number.POSITIVE_INFINITY;
  const anchorDay = calendarDay(b.anchor); // daysBetween(anchor, x), the anchor's day read once
  return (at, end) => {
    const t = instant(at);
    if (t > now || t <= after || t > before) return false;
    const dStart = calendarDay(at) - anchorDay;
    const dEnd = end === undefined ? dStart : calendarDay(end) - anchorDay;
    return dStart <= b.end && dEnd >= b.start;
  };
}

/** One lab's results (a list of `labsById`) inside a window, with an optional further filter. */
type ResultsIn = (list: readonly LabResult[], keep?: (l: LabResult) => boolean) => LabResult[];

/**
 * {@link windowOf} for lab results: the instants and calendar days of a patient's results are read once
 * per list, not at every criterion that looks at them.
 */
function resultsWindowOf(w: Window, ctx: EvalContext): ResultsIn {
  const b = bounds(w, ctx);
  if (!b) return () => [];
  const now = instant(ctx.evaluatedAt);
  const after = w.afterExposure ? instant(ctx.exposureStart) : Number.NEGATIVE_INFINITY;
  const before = w.beforeExposure ? instant(ctx.exposureStart) : Number.POSITIVE_INFINITY;
  const anchorDay = calendarDay(b.anchor);
  return (list, keep) => {
    const { at, day } = timesOf(list);
    const out: LabResult[] = [];
    for (let i = 0; i < list.length; i++) {
      const l = list[i] as LabResult;
      const t = at[i] as number;
      const unsure = ctx.sameDay?.labs.has(l) === true;
      if (t > now || (unsure ? before !== Number.POSITIVE_INFINITY : t <= after || t > before)) continue;
      if (keep && !keep(l)) continue;
      const d = (day[i] as number) - anchorDay;
      if (d <= b.end && d >= b.start) out.push(l);
    }
    return out;
  };
}

/** "day −90 to day 0 of nivolumab", "days 0–30 of the episode": where a window looked. */
function windowText(w: Window, ctx: EvalContext): string {
  const from = w.startDay === undefined ? "" : `day ${w.startDay}`;
  const to = w.endDay === undefined ? "" : `day ${w.endDay}`;
  const anchor =
    w.from === "exposure"
      ? `of ${ctx.exposure.drug}`
      : `from onset${w.notBeforeExposure ? `, not before ${ctx.exposure.drug}` : ""}`;
  const timed = w.afterExposure ? ", after the dose" : w.beforeExposure ? ", before the dose" : "";
  if (from && to) return `${from} to ${to} ${anchor}${timed}`;
  if (from) return `from ${from} ${anchor}${timed}`;
  return to ? `up to ${to} ${anchor}${timed}` : `any time ${anchor}${timed}`;
}

function dayLabel(at: IsoDateTime, ctx: EvalContext): string {
  const unsure = ctx.sameDay?.times.has(at) ? `, ${SAME_DAY_NOTE}` : "";
  return `${calendarDate(at)} (day ${daysBetween(ctx.exposureStart, at)}${unsure})`;
}

/** A number rounded to four significant digits (whole numbers as they are). */
function round4(v: number): number {
  return Number.isInteger(v) ? v : Number(v.toPrecision(4));
}

/** A number as the trace prints it: four significant digits, thousands grouped from 10,000 ({@link numberText}). */
function fmt(v: number): string {
  return numberText(round4(v));
}

type Verdict = boolean | undefined;

/**
 * Whether a (possibly censored) value is below / above a threshold; undefined when the censoring hides it.
 * `<10` is below 10 (every value it stands for is). A value printed at the laboratory's reporting limit with an
 * inclusive comparator (`<=10`, `>=20`) is read as beyond its limit, as laboratories print a result below or
 * above what they quantify: ADAMTS13 `≤10 %` meets "< 10 %", the severe deficiency that publications also write
 * as ≤ 10 %. Beyond the limit (`<=12` against 10) it stays unknown.
 */
export function isBelow(r: Pick<LabResult, "value" | "comparator">, thr: number): Verdict {
  if (r.value === undefined) return undefined;
  if (r.comparator === "<" || r.comparator === "<=") return r.value <= thr ? true : undefined;
  if (r.comparator === ">" || r.comparator === ">=") return r.value >= thr ? false : undefined;
  return r.value < thr;
}
export function isAbove(r: Pick<LabResult, "value" | "comparator">, thr: number): Verdict {
  if (r.value === undefined) return undefined;
  if (r.comparator === ">" || r.comparator === ">=") return r.value >= thr ? true : undefined;
  if (r.comparator === "<" || r.comparator === "<=") return r.value <= thr ? false : undefined;
  return r.value > thr;
}

/** Both verdicts: false if either is false, else unknown if either is unknown. */
function and(a: Verdict, b: Verdict): Verdict {
  if (a === false || b === false) return false;
  return a === undefined || b === undefined ? undefined : true;
}

const not = (v: Verdict): Verdict => (v === undefined ? undefined : !v);

function labName(id: string, ctx: EvalContext): string {
  return ctx.services.lab(id)?.name ?? id;
}

/** Value and unit of one result as a reader sees them: "platelets 12 ×10⁹/L", "DAT positive". */
function describe(r: LabResult, ctx: EvalContext): string {
  const name = labName(r.lab, ctx);
  const preliminary = labCaveat(r);
  if (r.qualitative) return `${name} ${r.qualitative}${preliminary}`;
  return `${name} ${r.comparator ?? ""}${valueWithUnit(round4(r.value ?? Number.NaN), r.unit)}${preliminary}`;
}

/** The qualifying bounds of a lab test in words: "< 100 ×10⁹/L", "> 1 × ULN", "positive". */
function boundText(t: TestOf<"lab">, unit: string | undefined): string {
  const parts: string[] = [];
  if (t.is !== undefined) parts.push(t.is);
  if (t.below !== undefined) parts.push(`< ${valueWithUnit(t.below, unit)}`);
  if (t.above !== undefined) parts.push(`> ${valueWithUnit(t.above, unit)}`);
  if (t.atLeast !== undefined) parts.push(`≥ ${valueWithUnit(t.atLeast, unit)}`);
  if (t.atMost !== undefined) parts.push(`≤ ${valueWithUnit(t.atMost, unit)}`);
  if (t.belowLln !== undefined) parts.push(t.belowLln === 1 ? "< LLN" : `< ${t.belowLln} × LLN`);
  if (t.aboveUln !== undefined) parts.push(t.aboveUln === 1 ? "> ULN" : `> ${t.aboveUln} × ULN`);
  const bounds = parts.join(" and ");
  return t.orIs === undefined ? bounds : `${bounds} or ${t.orIs}`;
}

/** Whether one result meets every bound of a lab test (undefined when censoring or a missing limit hides it). */
function verdictOf(t: TestOf<"lab">, r: LabResult, ctx: EvalContext): Verdict {
  if (t.orIs !== undefined && r.value === undefined && r.qualitative !== undefined)
    return r.qualitative === t.orIs;
  let v: Verdict = true;
  if (t.is !== undefined) v = and(v, r.qualitative === undefined ? undefined : r.qualitative === t.is);
  if (t.below !== undefined) v = and(v, isBelow(r, t.below));
  if (t.above !== undefined) v = and(v, isAbove(r, t.above));
  if (t.atLeast !== undefined) v = and(v, not(isBelow(r, t.atLeast)));
  if (t.atMost !== undefined) v = and(v, not(isAbove(r, t.atMost)));
  if (t.belowLln !== undefined) {
    const lln = r.refLow ?? ctx.services.lab(r.lab)?.reference?.low;
    v = and(v, lln === undefined ? undefined : isBelow(r, sig(t.belowLln * lln)));
  }
  if (t.aboveUln !== undefined) {
    const uln = r.refHigh ?? ctx.services.lab(r.lab)?.reference?.high;
    v = and(v, uln === undefined ? undefined : isAbove(r, sig(t.aboveUln * uln)));
  }
  return v;
}

/** The result most in the test's direction (lowest for a lower bound, else highest); latest for qualitative. */
function extreme(t: TestOf<"lab">, results: readonly LabResult[]): LabResult {
  const low = t.below !== undefined || t.belowLln !== undefined || t.atMost !== undefined;
  if (results.every((r) => r.value === undefined)) return results[results.length - 1] as LabResult;
  return results.reduce((a, b) =>
    low
      ? (b.value ?? Infinity) < (a.value ?? Infinity)
        ? b
        : a
      : (b.value ?? -Infinity) > (a.value ?? -Infinity)
        ? b
        : a,
  );
}

/**
 * A negative result of the presence test the catalogue names for a quantity lab, read as a value of 0 of
 * that lab (a smear free of schistocytes is 0 % schistocytes): a negative result is data, not a gap.
 */
function negativePresenceAsZero(id: string, inW: ResultsIn, ctx: EvalContext): LabResult[] {
  const def = ctx.services.lab(id);
  if (def?.presence === undefined || def.unit === undefined) return [];
  const unit = def.unit;
  return inW(ctx.labsById.get(def.presence) ?? [], (l) => l.qualitative === "negative").map(
    ({ qualitative: _, ...l }) => ({ ...l, lab: id, value: 0, unit }),
  );
}

function labTest(t: TestOf<"lab">, ctx: EvalContext): TestResult {
  const ids = typeof t.lab === "string" ? [t.lab] : t.lab;
  const inW = resultsWindowOf(t.window, ctx);
  const all = ids.flatMap((id) => {
    const own = inW(ctx.labsById.get(id) ?? []);
    return own.length > 0 ? own : negativePresenceAsZero(id, inW, ctx);
  });
  const results =
    t.first && all.length > 1 ? [all.reduce((a, b) => (instant(b.at) < instant(a.at) ? b : a))] : all;
  if (results.length === 0) {
    const names = ids.map((id) => labName(id, ctx)).join(" or ");
    const none: TestResult = {
      status: "missing",
      evidence: [],
      detail: `no ${names} result ${windowText(t.window, ctx)}`,
    };
    return t.orCharted ? (chartedInstead(t.orCharted, t.window, ctx, none) ?? none) : none;
  }
  const bound = boundText(t, ctx.services.lab(ids[0] as string)?.unit);
  const met: LabResult[] = [];
  const indeterminate: LabResult[] = [];
  const ruledOut: LabResult[] = [];
  for (const r of results) {
    const v = verdictOf(t, r, ctx);
    const by = v === true ? ruledOutBy(t, r, ctx) : undefined;
    if (by !== undefined) ruledOut.push(by);
    else if (v === true) met.push(r);
    else if (v === undefined) indeterminate.push(r);
  }
  const which = t.first ? "first result" : results.length === 1 ? "1 result" : `${results.length} results`;
  if (met.length > 0) {
    const first = met.reduce((a, b) => (instant(b.at) < instant(a.at) ? b : a));
    const worst = extreme(t, met);
    return {
      status: "met",
      evidence: [worst.ref, ...met.filter((m) => m !== worst).map((m) => m.ref)].slice(0, MAX_EVIDENCE),
      detail: `${describe(worst, ctx)} on ${dayLabel(worst.at, ctx)} (${bound}; ${met.length} of ${which})`,
      firstAt: first.at,
      metAt: sortedTimes(met.map((m) => m.at)),
    };
  }
  const shown = extreme(t, results);
  if (indeterminate.length > 0) {
    const r = indeterminate[0] as LabResult;
    const open: TestResult = {
      status: "missing",
      evidence: indeterminate.slice(-MAX_EVIDENCE).map((x) => x.ref),
      detail: `${describe(r, ctx)} on ${dayLabel(r.at, ctx)} cannot be compared with ${bound}`,
    };
    return t.orCharted ? (chartedInstead(t.orCharted, t.window, ctx, open) ?? open) : open;
  }
  const lifted = ruledOut[ruledOut.length - 1];
  return {
    status: "unmet",
    evidence: [...results, ...ruledOut].slice(-MAX_EVIDENCE).map((r) => r.ref),
    detail:
      lifted === undefined
        ? `${describe(shown, ctx)} on ${dayLabel(shown.at, ctx)}; none ${bound} (${which} ${windowText(t.window, ctx)})`
        : `${describe(shown, ctx)} on ${dayLabel(shown.at, ctx)} ruled out by ${describe(lifted, ctx)} on ${dayLabel(lifted.at, ctx)} (within ${plural(t.ruledOutBy?.withinDays ?? 0, "day")})`,
  };
}

/** The result of the test's `ruledOutBy` labs that rules out `r`: the right reading within its days, by the evaluation. */
function ruledOutBy(t: TestOf<"lab">, r: LabResult, ctx: EvalContext): LabResult | undefined {
  const rule = t.ruledOutBy;
  if (rule === undefined) return undefined;
  const at = instant(r.at);
  const by = instant(ctx.evaluatedAt);
  return rule.lab
    .flatMap((id) => ctx.labsById.get(id) ?? [])
    .find(
      (n) =>
        n.qualitative === rule.is &&
        instant(n.at) <= by &&
        Math.abs(instant(n.at) - at) <= rule.withinDays * DAY,
    );
}

/** A charted diagnosis of one of `kinds` in the window, standing in for a result that is missing. */
function chartedInstead(
  kinds: readonly string[],
  w: Window,
  ctx: EvalContext,
  missing: TestResult,
): TestResult | undefined {
  const inW = windowOf(w, ctx);
  const events = ctx.record.events
    .filter((e) => kinds.includes(e.kind) && inW(e.at, e.end))
    .sort((a, b) => instant(a.at) - instant(b.at));
  const e = events[0];
  if (!e) return undefined;
  return {
    status: "met",
    charted: true,
    evidence: events.slice(0, MAX_EVIDENCE).map((x) => x.ref),
    detail: `charted diagnosis "${e.text ?? e.kind}" on ${dayLabel(e.at, ctx)} stands in for the missing result (${missing.detail})`,
    firstAt: e.at,
    metAt: sortedTimes(events.map((x) => x.at)),
  };
}

/**
 * Baseline: the last numeric result drawn by the first dose of the candidate exposure. A result at the very
 * instant of the first dose (both charted as that date, without a time) is the pre-dose sample, as the CTCAE
 * baseline reads it (`grading/baseline.ts`); a result timed after the dose is not, nor is an abnormal one of
 * that day without a draw time that may follow the dose (`ctx.sameDay`, same-day.ts).
 */
export function baselineOf(ctx: EvalContext, lab: string): LabResult | undefined {
  const start = instant(ctx.exposureStart);
  let best: LabResult | undefined;
  for (const l of ctx.labsById.get(lab) ?? []) {
    if (l.value === undefined || l.comparator || ctx.sameDay?.labs.has(l)) continue;
    const d = daysBetween(ctx.exposureStart, l.at);
    if (d > 0 || (d === 0 && instant(l.at) > start)) continue;
    if (!best || instant(l.at) > instant(best.at)) best = l;
  }
  return best;
}

/** Numeric results of `lab` in a window with the lowest of them (the nadir), or undefined. */
function nadirIn(
  lab: string,
  w: Window,
  ctx: EvalContext,
): { after: LabResult[]; nadir: LabResult } | undefined {
  const after = resultsWindowOf(w, ctx)(ctx.labsById.get(lab) ?? [], (l) => l.value !== undefined);
  if (after.length === 0) return undefined;
  return { after, nadir: after.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a)) };
}

function fallTest(t: TestOf<"fall">, ctx: EvalContext): TestResult {
  const { lab, percent, amount } = t;
  const base = baselineOf(ctx, lab);
  if (!base || base.value === undefined)
    return { status: "missing", evidence: [], detail: `no ${labName(lab, ctx)} result before day 0` };
  const found = nadirIn(lab, t.window, ctx);
  if (!found)
    return {
      status: "missing",
      evidence: [base.ref],
      detail: `baseline ${describe(base, ctx)} on ${dayLabel(base.at, ctx)}; no result ${windowText(t.window, ctx)}`,
    };
  const { after, nadir } = found;
  const b = base.value;
  const qualifies = (v: number) =>
    (percent === undefined || (b > 0 && ((b - v) / b) * 100 >= percent)) &&
    (amount === undefined || b - v >= amount);
  const ok = qualifies(nadir.value as number);
  const pct = b > 0 ? ((b - (nadir.value as number)) / b) * 100 : 0;
  const firstAt = after.find((l) => qualifies(l.value as number))?.at;
  return {
    status: ok ? "met" : "unmet",
    evidence: [base.ref, nadir.ref],
    detail: `baseline ${describe(base, ctx)} on ${dayLabel(base.at, ctx)}, lowest since ${valueWithUnit(round4(nadir.value as number), nadir.unit)} on ${dayLabel(nadir.at, ctx)}: a fall of ${fmt(pct)} %`,
    ...(ok && firstAt ? { firstAt } : {}),
  };
}

/** Whether `value` is a new fall from `base` by the test's rule: ≥ `grades` CTCAE grades or ≥ `percent` % down. */
function isNewFall(t: TestOf<"new-fall">, base: LabResult, r: LabResult, ctx: EvalContext): boolean {
  if (base.value === undefined || r.value === undefined) return false;
  const g0 = ctx.services.ctcaeGrade(t.term, base) ?? 0;
  const g1 = ctx.services.ctcaeGrade(t.term, r) ?? 0;
  const pct = base.value > 0 ? ((base.value - r.value) / base.value) * 100 : 0;
  return g1 - g0 >= t.grades || pct >= t.percent;
}

/**
 * The numeric results of the test's lab in `window` (the test's own window is not used), each with whether it
 * is a new fall from the pre-dose baseline; undefined without a baseline.
 */
export function newFallResults(
  t: TestOf<"new-fall">,
  window: Window,
  ctx: EvalContext,
): { readonly result: LabResult; readonly isNew: boolean }[] | undefined {
  const base = baselineOf(ctx, t.lab);
  if (!base || base.value === undefined) return undefined;
  return resultsWindowOf(window, ctx)(ctx.labsById.get(t.lab) ?? [], (l) => l.value !== undefined).map(
    (result) => ({ result, isNew: isNewFall(t, base, result, ctx) }),
  );
}

/**
 * The last pre-dose result of `lab` reported only as at or above a bound ("≥ 150 ×10⁹/L", a count charted as in
 * the normal range): the true count is at least the bound. Read only where no exact pre-dose count exists.
 */
function lowerBoundBaselineOf(ctx: EvalContext, lab: string): LabResult | undefined {
  const start = instant(ctx.exposureStart);
  let best: LabResult | undefined;
  for (const l of ctx.labsById.get(lab) ?? []) {
    if (l.value === undefined || (l.comparator !== ">" && l.comparator !== ">=")) continue;
    const d = daysBetween(ctx.exposureStart, l.at);
    if (d > 0 || (d === 0 && instant(l.at) > start)) continue;
    if (!best || instant(l.at) > instant(best.at)) best = l;
  }
  return best;
}

/**
 * A new fall from a pre-dose count known only as ≥ a bound: the true count is at least the bound, so its CTCAE
 * grade is at most the bound's and a fall from it at least the fall from the bound (decreased-count terms). A
 * fall that meets the rule from the bound is certain (met); one that does not cannot be told (missing).
 */
function newFallFromLowerBound(t: TestOf<"new-fall">, bound: LabResult, ctx: EvalContext): TestResult {
  const found = nadirIn(t.lab, t.window, ctx);
  if (!found || bound.value === undefined)
    return {
      status: "missing",
      evidence: [bound.ref],
      detail: `baseline ${describe(bound, ctx)} on ${dayLabel(bound.at, ctx)}; no result ${windowText(t.window, ctx)}`,
    };
  const { nadir } = found;
  const exact: LabResult = { ...bound, comparator: undefined };
  const g0 = ctx.services.ctcaeGrade(t.term, exact) ?? 0;
  const g1 = ctx.services.ctcaeGrade(t.term, nadir) ?? 0;
  const pct = bound.value > 0 ? ((bound.value - (nadir.value as number)) / bound.value) * 100 : 0;
  const ok = g1 - g0 >= t.grades || pct >= t.percent;
  const lowest = `lowest since ${valueWithUnit(round4(nadir.value as number), nadir.unit)} (grade ${g1}) on ${dayLabel(nadir.at, ctx)}`;
  return ok
    ? {
        status: "met",
        evidence: [bound.ref, nadir.ref],
        detail: `baseline ${describe(bound, ctx)} (grade ${g0} at most) on ${dayLabel(bound.at, ctx)}, ${lowest}: at least ${g1 - g0} grade(s) and ${fmt(pct)} % down (new when ≥ ${t.grades} grade or ≥ ${t.percent} %)`,
      }
    : {
        status: "missing",
        evidence: [bound.ref, nadir.ref],
        detail: `baseline only ${describe(bound, ctx)} on ${dayLabel(bound.at, ctx)}, ${lowest}: the fall from a count known only as a lower bound cannot be measured`,
      };
}

function newFallTest(t: TestOf<"new-fall">, ctx: EvalContext): TestResult {
  const base = baselineOf(ctx, t.lab);
  if (!base || base.value === undefined) {
    const bound = lowerBoundBaselineOf(ctx, t.lab);
    if (bound) return newFallFromLowerBound(t, bound, ctx);
    return { status: "missing", evidence: [], detail: `no ${labName(t.lab, ctx)} result before day 0` };
  }
  const found = nadirIn(t.lab, t.window, ctx);
  if (!found)
    return {
      status: "missing",
      evidence: [base.ref],
      detail: `baseline ${describe(base, ctx)} on ${dayLabel(base.at, ctx)}; no result ${windowText(t.window, ctx)}`,
    };
  const { nadir } = found;
  const g0 = ctx.services.ctcaeGrade(t.term, base) ?? 0;
  const g1 = ctx.services.ctcaeGrade(t.term, nadir) ?? 0;
  const pct = base.value > 0 ? ((base.value - (nadir.value as number)) / base.value) * 100 : 0;
  const ok = g1 - g0 >= t.grades || pct >= t.percent;
  return {
    status: ok ? "met" : "unmet",
    evidence: [base.ref, nadir.ref],
    detail: `baseline ${describe(base, ctx)} (grade ${g0}) on ${dayLabel(base.at, ctx)}, lowest since ${valueWithUnit(round4(nadir.value as number), nadir.unit)} (grade ${g1}) on ${dayLabel(nadir.at, ctx)}: ${g1 - g0} grade(s) and ${fmt(pct)} % down (new when ≥ ${t.grades} grade or ≥ ${t.percent} %)`,
  };
}

function infusionRelatedTest(t: TestOf<"infusion-related">, ctx: EvalContext): TestResult {
  if (!ctx.index) return { status: "missing", evidence: [] };
  // An onset drawn the day of the first dose without a time is read as after the dose, as it is evaluated.
  const index = ctx.sameDay?.times.has(ctx.index)
    ? Math.max(instant(ctx.index), instant(ctx.exposureStart))
    : instant(ctx.index);
  const dose = ctx.exposure.doses
    .map((d) => d.at)
    .filter((at) => instant(at) <= index && index - instant(at) <= t.withinHours * HOUR)
    .sort((a, b) => instant(b) - instant(a))[0];
  if (!dose)
    return {
      status: "unmet",
      evidence: [],
      detail: `onset on ${dayLabel(ctx.index, ctx)} not within ${t.withinHours} h of a ${ctx.exposure.drug} dose`,
    };
  const recovered = (ctx.labsById.get(t.lab) ?? []).find(
    (l) => instant(l.at) > index && isAbove(l, t.recoveredAbove) === true,
  );
  if (!recovered || instant(recovered.at) - index > t.recoveryDays * DAY)
    return {
      status: recovered ? "unmet" : "missing",
      evidence: recovered ? [recovered.ref] : [],
      detail: `onset within ${t.withinHours} h of the ${ctx.exposure.drug} dose on ${dayLabel(dose, ctx)}; ${recovered ? `recovery only on ${dayLabel(recovered.at, ctx)}` : `no recovery above ${t.recoveredAbove} recorded`} (infusion-related falls recover within ${t.recoveryDays} days)`,
    };
  const until = instant(recovered.at);
  const overlaps = (from: IsoDateTime, to: IsoDateTime | undefined) =>
    instant(from) <= until && instant(to ?? from) >= index - DAY;
  const treated =
    ctx.record.contextDrugs.find(
      (d) => d.roles.some((r) => t.treatments.includes(r)) && overlaps(d.start, d.end),
    ) ?? ctx.record.events.find((e) => t.transfusions.includes(e.kind) && overlaps(e.at, e.end));
  if (treated)
    return {
      status: "unmet",
      evidence: [treated.ref],
      detail: `recovered on ${dayLabel(recovered.at, ctx)}, but treated (${"drug" in treated ? treated.drug : (treated.text ?? treated.kind)})`,
    };
  return {
    status: "met",
    evidence: [recovered.ref],
    detail: `onset within ${t.withinHours} h of the ${ctx.exposure.drug} dose on ${dayLabel(dose, ctx)}; ${describe(recovered, ctx)} on ${dayLabel(recovered.at, ctx)} without treatment`,
  };
}

function eventTest(t: TestOf<"event">, ctx: EvalContext): TestResult {
  const kinds = typeof t.event === "string" ? [t.event] : t.event;
  const inW = windowOf(t.window, ctx);
  const events = ctx.record.events
    .filter((e) => kinds.includes(e.kind) && inW(e.at, e.end))
    .filter((e) => (t.qualifiers ?? []).every((q) => e.qualifiers?.includes(q)))
    .filter((e) => !(t.unlessQualifiers ?? []).some((q) => e.qualifiers?.includes(q)))
    .filter((e) => !t.openAfterExposure || openAtDose(e, ctx.exposureStart))
    .sort((a, b) => instant(a.at) - instant(b.at));
  const what = `${kinds.map(termText).join(" or ")}${t.qualifiers ? ` (${t.qualifiers.map(termText).join(", ")})` : ""}${t.openAfterExposure ? ", still open after the first dose" : ""}`;
  if (t.minGrade !== undefined) {
    const graded = events.filter((e) => (e.grade ?? 0) >= (t.minGrade as number));
    if (graded.length > 0) return eventMet(graded, ctx);
    if (events.some((e) => e.grade === undefined))
      return {
        status: "missing",
        evidence: events.map((e) => e.ref),
        detail: `${what} recorded without a grade`,
      };
    return {
      status: "unmet",
      evidence: events.map((e) => e.ref),
      detail:
        events.length > 0
          ? `${what} recorded, below grade ${t.minGrade}`
          : `no ${what} recorded ${windowText(t.window, ctx)}`,
    };
  }
  return events.length > 0
    ? eventMet(events, ctx)
    : { status: "unmet", evidence: [], detail: `no ${what} recorded ${windowText(t.window, ctx)}` };
}

/**
 * Began by the first dose at `start` and still open after it: its recorded end (abatement) falls after the dose, or
 * it has no end and its record does not say it is over (an open problem: a Condition active or of no clinical
 * status without an abatement, a CSV row without end_date, an OMOP condition_occurrence without
 * condition_end_date). One its record calls resolved, inactive or in remission without an end date carries
 * {@link ENDED_UNDATED} and is not open; one that ended by the dose is history.
 */
function openAtDose(e: ClinicalEvent, start: IsoDateTime): boolean {
  if (instant(e.at) > instant(start)) return false;
  if (e.end !== undefined) return instant(e.end) > instant(start);
  return !e.qualifiers?.includes(ENDED_UNDATED);
}

function eventMet(events: readonly ClinicalEvent[], ctx: EvalContext): TestResult {
  const e = events[0] as ClinicalEvent;
  return {
    status: "met",
    evidence: events.slice(0, MAX_EVIDENCE).map((x) => x.ref),
    detail: `${e.text ?? e.kind}${e.grade ? ` (grade ${e.grade})` : ""} on ${dayLabel(e.at, ctx)}`,
    firstAt: e.at,
    metAt: sortedTimes(events.map((x) => x.at)),
  };
}

function contextDrugTest(t: TestOf<"context-drug">, ctx: EvalContext): TestResult {
  const roles = typeof t.role === "string" ? [t.role] : t.role;
  const inW = windowOf(t.window, ctx);
  // A drug without an end is still taken: it overlaps every window from its start to the evaluation time.
  const hits = ctx.record.contextDrugs.filter(
    (d) => d.roles.some((r) => roles.includes(r)) && inW(d.start, d.end ?? ctx.evaluatedAt),
  );
  if (hits.length === 0)
    return {
      status: "unmet",
      evidence: [],
      detail: `no ${roles.map(termText).join(" or ")} drug ${windowText(t.window, ctx)}`,
    };
  const h = hits[0] as (typeof hits)[number];
  return {
    status: "met",
    evidence: hits.map((x) => x.ref).slice(0, MAX_EVIDENCE),
    detail: `${h.drug} from ${dayLabel(h.start, ctx)}${h.end === undefined ? ", ongoing" : h.end === h.start ? "" : ` to ${dayLabel(h.end, ctx)}`}`,
  };
}

/** The highest value of a score over the episode (index to episode end), so a later peak is not missed. */
export function episodeScore(id: string, ctx: EvalContext): ScoreResult | undefined {
  const s = scoreOverEpisode(id, ctx);
  return s === "not-applicable" ? undefined : s;
}

type EpisodeScore = ScoreResult | "not-applicable" | undefined;

// One episode's scores are read by several criteria and differentials (the ISTH score with and without
// some of its components): computed once per episode context, held as long as the context is.
const episodeScores = new WeakMap<EvalContext, Map<string, EpisodeScore>>();

/** {@link episodeScore}, or `not-applicable` when the score applies at no instant of the episode (4Ts without heparin). */
function scoreOverEpisode(id: string, ctx: EvalContext): EpisodeScore {
  let cache = episodeScores.get(ctx);
  if (!cache) {
    cache = new Map();
    episodeScores.set(ctx, cache);
  }
  if (!cache.has(id)) cache.set(id, computeOverEpisode(id, ctx));
  return cache.get(id);
}

function computeOverEpisode(id: string, ctx: EvalContext): EpisodeScore {
  if (!ctx.index) return undefined;
  const from = instant(ctx.index);
  const to = instant(ctx.episodeEnd ?? ctx.evaluatedAt);
  const times = new Set<string>([ctx.index]);
  for (const lab of ctx.services.scoreLabs(id)) {
    const list = ctx.labsById.get(lab) ?? [];
    const { at } = timesOf(list);
    for (let i = 0; i < list.length; i++) {
      const t = at[i] as number;
      if (t >= from && t <= to) times.add((list[i] as LabResult).at);
    }
  }
  // The clinical facts the score reads count from the time they are charted (a thrombosis after the nadir).
  const kinds = ctx.services.scoreEvents(id);
  for (const e of ctx.record.events) {
    const t = instant(e.at);
    if (kinds.includes(e.kind) && t >= from && t <= to) times.add(e.at);
  }
  let best: ScoreResult | undefined;
  let applies = false;
  for (const at of times) {
    const s = ctx.services.score(id, at);
    if (s) applies = true;
    if (s && s.value !== null && (!best || best.value === null || s.value > best.value)) best = s;
  }
  return applies ? best : "not-applicable";
}

/** A score's total without some components' points (their known points, or the least still possible). */
function totalWithout(s: ScoreResult, without: readonly string[]): number {
  let total = s.value ?? 0;
  for (const id of without) {
    const v = s.components[id];
    if (typeof v === "number") total -= v;
    else if (typeof v === "string") total -= Number(v.split("-")[0]) || 0;
  }
  return total;
}

function scoreTest(t: TestOf<"score">, ctx: EvalContext): TestResult {
  const s = scoreOverEpisode(t.score, ctx);
  const name = ctx.services.scoreName(t.score);
  if (s === "not-applicable")
    return { status: "unmet", evidence: [], detail: `the ${name} does not apply to this record` };
  if (!s || s.value === null)
    return { status: "missing", evidence: [], detail: `the ${name} cannot be computed` };
  const value = t.without ? totalWithout(s, t.without) : s.value;
  const without = t.without
    ? ` (${fmt(value)} without the ${t.without.map(termText).join(" and ")} points)`
    : "";
  const detail = `${name} ${fmt(s.value)}${without} on ${dayLabel(s.at, ctx)}: ${s.interpretation}`;
  const ev = s.evidence;
  const incomplete = s.category === "incomplete";
  if (t.category !== undefined) {
    if (t.category.includes(s.category)) return { status: "met", evidence: ev, detail, firstAt: s.at };
    return { status: incomplete ? "missing" : "unmet", evidence: ev, detail };
  }
  const aboveOk = t.atLeast === undefined || value >= t.atLeast;
  const belowOk = t.below === undefined || value < t.below;
  // A total without some components is below a threshold only when every other component is known: a
  // missing one (a PT never measured) could still raise it, even when the whole score's category is settled.
  const unknown = t.without ? s.missing.filter((m) => !t.without?.includes(m)) : [];
  if (t.below !== undefined && belowOk && unknown.length > 0)
    return {
      status: "missing",
      evidence: ev,
      detail: `${detail} (not known: ${unknown.map(termText).join(", ")})`,
    };
  if (aboveOk && belowOk && !(t.below !== undefined && incomplete))
    return { status: "met", evidence: ev, detail, firstAt: s.at };
  // A partial total below the threshold could still reach it once the missing parts are known. The detail names
  // what is missing and the threshold, not the score's every reachable band (the HScore's run to sixteen), which
  // the score's own line already lists.
  if (!aboveOk && incomplete) {
    const open = s.missing.filter((m) => !t.without?.includes(m));
    if (open.length === 0) return { status: "missing", evidence: ev, detail };
    return {
      status: "missing",
      evidence: ev,
      detail: `${name} ${fmt(s.value)}${without} on ${dayLabel(s.at, ctx)}: incomplete — the missing items (${open.map(termText).join(", ")}) could still bring it to ${fmt(t.atLeast ?? value)} or more`,
    };
  }
  return { status: "unmet", evidence: ev, detail };
}

function doseTimesAfter(ctx: EvalContext, after: IsoDateTime): IsoDateTime[] {
  const t = instant(after);
  return ctx.exposure.doses.map((d) => d.at).filter((at) => instant(at) > t);
}

function dechallengeTest(t: TestOf<"dechallenge">, ctx: EvalContext): TestResult {
  if (!ctx.index) return { status: "missing", evidence: [] };
  const { lab, recoveredAbove } = t;
  const later = (ctx.labsById.get(lab) ?? []).filter((l) => instant(l.at) > instant(ctx.index as string));
  const recovered = later.find((l) => isAbove(l, recoveredAbove) === true);
  const redosed = doseTimesAfter(ctx, ctx.index);
  if (recovered && (redosed.length === 0 || instant(redosed[0] as string) > instant(recovered.at)))
    return {
      status: "met",
      evidence: [recovered.ref],
      detail: `${describe(recovered, ctx)} on ${dayLabel(recovered.at, ctx)} after ${ctx.exposure.drug} was withheld`,
    };
  return { status: "missing", evidence: [], detail: "no recovery after withdrawal recorded" };
}

/**
 * The exposure a re-challenge course was cut from (engine.ts laterCourses): the same drug and class, started
 * before the course; none when `ctx.exposure` is a whole exposure.
 */
function wholeExposureOf(ctx: EvalContext): Exposure | undefined {
  const course = ctx.exposure;
  const start = instant(ctx.exposureStart);
  return ctx.record.exposures.find(
    (x) => x.drug === course.drug && x.class === course.class && instant(exposureStart(x)) < start,
  );
}

/**
 * An earlier drug of the same class on the same axis (`sameAxis`: groups of catalogue targets, PD-1 with PD-L1):
 * started before this exposure, sharing a target of one group with it — the drug switched to after an irAE
 * counts as a re-exposure (ASCO 2021 and Simonaggio 2019 read a re-challenge with an anti-PD-1 or anti-PD-L1 drug
 * as one). The latest started such drug; none without `sameAxis` or the catalogue's targets.
 */
function sameAxisExposureOf(t: TestOf<"rechallenge">, ctx: EvalContext): Exposure | undefined {
  const targetsOf = ctx.services.drugTargets;
  if (!t.sameAxis || !targetsOf) return undefined;
  const mine = targetsOf(ctx.exposure.drug);
  const axes = t.sameAxis.filter((g) => mine.some((m) => g.includes(m)));
  const start = instant(ctx.exposureStart);
  const earlier = ctx.record.exposures.filter(
    (x) =>
      x.drug !== ctx.exposure.drug &&
      x.class === ctx.exposure.class &&
      instant(exposureStart(x)) < start &&
      targetsOf(x.drug).some((m) => axes.some((g) => g.includes(m))),
  );
  return earlier.sort((a, b) => instant(exposureStart(b)) - instant(exposureStart(a)))[0];
}

/**
 * Read from a re-challenge course (a later course of the drug after a gap, engine.ts laterCourses), or from a
 * drug of the same class and axis started after an earlier one (nivolumab, then pembrolizumab): this episode is
 * itself the recurrence when, after the earlier drug's first dose and before this course, the count fell below
 * `recurrenceBelow` and then recovered above `recoveredAbove` — the drug (or its like) was then given and the
 * count fell again. Undefined when the context is no such course or no earlier episode recovered before it.
 */
function recurrenceOfEarlier(t: TestOf<"rechallenge">, ctx: EvalContext): TestResult | undefined {
  const whole = wholeExposureOf(ctx) ?? sameAxisExposureOf(t, ctx);
  if (!whole || !ctx.index) return undefined;
  const { lab, recoveredAbove, recurrenceBelow } = t;
  const labs = ctx.labsById.get(lab) ?? [];
  const first = instant(exposureStart(whole));
  const course = instant(ctx.exposureStart);
  const index = instant(ctx.index);
  const current = labs.find((l) => instant(l.at) >= index && isBelow(l, recurrenceBelow) === true);
  if (!current) return undefined;
  const before = labs.filter((l) => instant(l.at) > first && instant(l.at) < course);
  const switched = whole.drug !== ctx.exposure.drug;
  for (const low of before) {
    if (isBelow(low, recurrenceBelow) !== true) continue;
    const recovered = before.find(
      (l) => instant(l.at) > instant(low.at) && isAbove(l, recoveredAbove) === true,
    );
    if (!recovered) continue;
    const again = switched
      ? `after ${ctx.exposure.drug}, of the same class and target, was started on ${dayLabel(ctx.exposureStart, ctx)}`
      : `after re-exposure on ${dayLabel(ctx.exposureStart, ctx)}`;
    return {
      status: "met",
      evidence: [low.ref, recovered.ref, current.ref],
      detail: `this episode is the recurrence: ${describe(low, ctx)} on ${dayLabel(low.at, ctx)} after the first ${whole.drug} dose${switched ? "" : " ever"} (${calendarDate(exposureStart(whole))}), recovered (${describe(recovered, ctx)}) on ${dayLabel(recovered.at, ctx)}, then ${describe(current, ctx)} ${again}`,
    };
  }
  return undefined;
}

function rechallengeTest(t: TestOf<"rechallenge">, ctx: EvalContext): TestResult {
  if (!ctx.index) return { status: "missing", evidence: [] };
  const earlier = recurrenceOfEarlier(t, ctx);
  if (earlier) return earlier;
  const { lab, recoveredAbove, recurrenceBelow } = t;
  const later = (ctx.labsById.get(lab) ?? []).filter((l) => instant(l.at) > instant(ctx.index as string));
  const recovered = later.find((l) => isAbove(l, recoveredAbove) === true);
  if (!recovered) return { status: "missing", evidence: [], detail: "no recovery recorded" };
  const redose = doseTimesAfter(ctx, recovered.at)[0];
  if (!redose) return { status: "missing", evidence: [], detail: "not re-exposed after recovery" };
  const after = later.filter((l) => instant(l.at) > instant(redose));
  const recurrence = after.find((l) => isBelow(l, recurrenceBelow) === true);
  if (recurrence)
    return {
      status: "met",
      evidence: [recovered.ref, recurrence.ref],
      detail: `recurred (${describe(recurrence, ctx)}) after re-exposure on ${dayLabel(redose, ctx)}`,
    };
  return after.length > 0
    ? {
        status: "unmet",
        evidence: after.slice(-2).map((l) => l.ref),
        detail: `no recurrence after re-exposure on ${dayLabel(redose, ctx)}`,
      }
    : { status: "missing", evidence: [], detail: "no result after re-exposure" };
}

/**
 * The time a stable sort by `before` would put first (of equal instants the first listed), found in one
 * pass: the latest or earliest of the parts' first times.
 */
function firstOf(
  times: readonly IsoDateTime[],
  before: (a: number, b: number) => boolean,
): IsoDateTime | undefined {
  let best: IsoDateTime | undefined;
  let bestT = 0;
  for (const at of times) {
    const t = instant(at);
    if (best === undefined || before(t, bestT)) {
      best = at;
      bestT = t;
    }
  }
  return best;
}

/**
 * Parts that read the same result (an INR tested twice, once under `not`; the creatinine of two organ pairs
 * of the carHLH criteria) are said once. A part is itself a "; "-joined list when it combines tests, so the
 * lists are split — at their top level only, a bracket's own "; " staying inside it — before the repeats go.
 */
function joinDetails(results: readonly TestResult[]): string {
  return [...new Set(results.flatMap((r) => (r.detail ? topLevelParts(r.detail) : [])))].join("; ");
}

export function topLevelParts(detail: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < detail.length; i++) {
    const c = detail[i];
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
    else if (depth === 0 && c === ";" && detail[i + 1] === " ") {
      parts.push(detail.slice(start, i));
      start = i + 2;
    }
  }
  parts.push(detail.slice(start));
  return parts.filter((x) => x.length > 0);
}

function combine(results: readonly TestResult[], mode: "all" | "any"): TestResult {
  const evidence = [...new Set(results.flatMap((r) => r.evidence))].slice(0, MAX_EVIDENCE);
  const detail = joinDetails(results);
  const has = (s: CriterionStatus) => results.some((r) => r.status === s);
  const metResults = results.filter((r) => r.status === "met");
  const firstAts = metResults.filter((r) => r.firstAt).map((r) => r.firstAt as string);
  if (mode === "all") {
    const status: CriterionStatus = has("unmet") ? "unmet" : has("missing") ? "missing" : "met";
    const latest = firstOf(firstAts, (a, b) => a > b);
    // All parts are needed: one part resting on a charted diagnosis makes the whole charted.
    const charted = status === "met" && metResults.some((r) => r.charted);
    return {
      status,
      evidence,
      detail,
      ...(charted ? { charted: true as const } : {}),
      ...(status === "met" && latest ? { firstAt: latest } : {}),
    };
  }
  const status: CriterionStatus = has("met") ? "met" : has("missing") ? "missing" : "unmet";
  const earliest = firstOf(firstAts, (a, b) => a < b);
  // Any part suffices: charted only when every met part is.
  const charted = status === "met" && metResults.every((r) => r.charted);
  const metEvidence = status === "met" ? metResults.flatMap((r) => r.evidence) : evidence;
  const metDetail = status === "met" ? joinDetails(metResults) : detail;
  const metAt = sortedTimes(metResults.flatMap((r) => r.metAt ?? (r.firstAt ? [r.firstAt] : [])));
  return {
    status,
    evidence: [...new Set(metEvidence)].slice(0, MAX_EVIDENCE),
    detail: metDetail,
    ...(charted ? { charted: true as const } : {}),
    ...(earliest ? { firstAt: earliest, metAt } : {}),
  };
}

/** Evaluates one test of the criteria language (see src/knowledge/disorders.ts). */
export function evaluate(t: Test, ctx: EvalContext): TestResult {
  switch (t.kind) {
    case "all-of":
      return combine(
        t.tests.map((x) => evaluate(x, ctx)),
        "all",
      );
    case "any-of":
      return combine(
        t.tests.map((x) => evaluate(x, ctx)),
        "any",
      );
    case "not": {
      // The inner detail states facts ("platelets 167 ×10⁹/L …; none < 100"), true in either sense.
      const r = evaluate(t.test, ctx);
      const status: CriterionStatus = r.status === "met" ? "unmet" : r.status === "unmet" ? "met" : "missing";
      return { status, evidence: r.evidence, ...(r.detail ? { detail: r.detail } : {}) };
    }
    case "not-met": {
      const r = evaluate(t.test, ctx);
      return {
        status: r.status === "met" ? "unmet" : "met",
        evidence: r.evidence,
        ...(r.detail ? { detail: r.detail } : {}),
      };
    }
    case "lab":
      return labTest(t, ctx);
    case "fall":
      return fallTest(t, ctx);
    case "new-fall":
      return newFallTest(t, ctx);
    case "infusion-related":
      return infusionRelatedTest(t, ctx);
    case "event":
      return eventTest(t, ctx);
    case "context-drug":
      return contextDrugTest(t, ctx);
    case "score":
      return scoreTest(t, ctx);
    case "exposure-class": {
      const within = t.anyWithinDays;
      if (within === undefined)
        return {
          status: t.classes.includes(ctx.exposure.class) ? "met" : "unmet",
          evidence: [],
          detail: `${ctx.exposure.drug} is ${termText(ctx.exposure.class)}`,
        };
      const index = ctx.index;
      if (!index) return { status: "missing", evidence: [] };
      // Day 0 at or before the index, and at most `within` calendar days before it.
      const hit = ctx.record.exposures.find(
        (e) =>
          t.classes.includes(e.class) &&
          instant(exposureStart(e)) <= instant(index) &&
          daysBetween(exposureStart(e), index) <= within,
      );
      return hit
        ? {
            status: "met",
            evidence: [],
            detail: `${hit.drug} (${termText(hit.class)}) from ${calendarDate(exposureStart(hit))}`,
          }
        : {
            status: "unmet",
            evidence: [],
            detail: `no ${t.classes.map(termText).join(" or ")} exposure from ${within} days before onset to onset`,
          };
    }
    case "latency": {
      const t = latencyTiming(ctx);
      if (!t) return { status: "missing", evidence: [] };
      return { status: t.met ? "met" : "unmet", evidence: [], detail: t.detail };
    }
    case "finding": {
      const c = ctx.findings.get(t.finding as never);
      const ok = c !== undefined && certaintyRank(c) >= certaintyRank(t.atLeast);
      return {
        status: ok ? "met" : "unmet",
        evidence: [],
        detail: c ? `${termText(t.finding)} found (${c})` : `no ${termText(t.finding)} finding`,
      };
    }
    case "dechallenge":
      return dechallengeTest(t, ctx);
    case "rechallenge":
      return rechallengeTest(t, ctx);
  }
}
