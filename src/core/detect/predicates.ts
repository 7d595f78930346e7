/**
 * Evaluation of one criterion test against a patient: met, unmet, or missing (not assessable for lack
 * of data), with the records it rests on. Missing is never treated as unmet: it lowers certainty instead.
 */
import type { Test, TestOf, Window } from "../../knowledge/disorders.js";
import { calendarDate, daysBetween, instant } from "../dates.js";
import type { IsoDateTime, LabResult } from "../model.js";
import type { Certainty, CriterionStatus, ScoreResult } from "../report.js";
import type { EvalContext } from "./context.js";

export interface TestResult {
  readonly status: CriterionStatus;
  readonly evidence: readonly string[];
  readonly detail?: string;
  /** Earliest instant at which the test is met (used to find an episode's index). */
  readonly firstAt?: IsoDateTime;
  /** Every instant at which the test is met, oldest first (episodes are clustered from these). */
  readonly metAt?: readonly IsoDateTime[];
}

function sortedTimes(times: Iterable<IsoDateTime>): IsoDateTime[] {
  return [...new Set(times)].sort((a, b) => instant(a) - instant(b));
}

const CERTAINTY_RANK: Record<Certainty, number> = { possible: 1, probable: 2, definite: 3 };
export const certaintyRank = (c: Certainty): number => CERTAINTY_RANK[c];

const MAX_EVIDENCE = 6;

/** Day bounds of a window relative to its anchor, or undefined when the anchor (index) is not known. */
function bounds(
  w: Window,
  ctx: EvalContext,
): { anchor: IsoDateTime; start: number; end: number } | undefined {
  const anchor = w.from === "exposure" ? ctx.exposureStart : ctx.index;
  if (anchor === undefined) return undefined;
  return {
    anchor,
    start: w.startDay ?? Number.NEGATIVE_INFINITY,
    end: w.endDay ?? Number.POSITIVE_INFINITY,
  };
}

/** Membership test for a window, with its bounds resolved once (criteria test many records against it). */
function windowOf(w: Window, ctx: EvalContext): (at: IsoDateTime, end?: IsoDateTime) => boolean {
  const b = bounds(w, ctx);
  if (!b) return () => false;
  const now = instant(ctx.evaluatedAt);
  return (at, end) => {
    if (instant(at) > now) return false;
    const dStart = daysBetween(b.anchor, at);
    const dEnd = end === undefined ? dStart : daysBetween(b.anchor, end);
    return dStart <= b.end && dEnd >= b.start;
  };
}

function dayLabel(at: IsoDateTime, ctx: EvalContext): string {
  return `${calendarDate(at)} (day ${daysBetween(ctx.exposureStart, at)})`;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

type Verdict = boolean | undefined;

/** Whether a (possibly censored) value is below / above a threshold; undefined when the censoring hides it. */
function isBelow(r: LabResult, thr: number): Verdict {
  if (r.value === undefined) return undefined;
  if (r.comparator === "<" || r.comparator === "<=") return r.value <= thr ? true : undefined;
  if (r.comparator === ">" || r.comparator === ">=") return r.value >= thr ? false : undefined;
  return r.value < thr;
}
function isAbove(r: LabResult, thr: number): Verdict {
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

/** Whether one result meets every bound of a lab test (undefined when censoring or a missing limit hides it). */
function verdictOf(t: TestOf<"lab">, r: LabResult, ctx: EvalContext): Verdict {
  let v: Verdict = true;
  if (t.is !== undefined) v = and(v, r.qualitative === undefined ? undefined : r.qualitative === t.is);
  if (t.below !== undefined) v = and(v, isBelow(r, t.below));
  if (t.above !== undefined) v = and(v, isAbove(r, t.above));
  if (t.atLeast !== undefined) v = and(v, not(isBelow(r, t.atLeast)));
  if (t.atMost !== undefined) v = and(v, not(isAbove(r, t.atMost)));
  if (t.belowLln !== undefined) {
    const lln = r.refLow ?? ctx.services.lab(r.lab)?.reference?.low;
    v = and(v, lln === undefined ? undefined : isBelow(r, t.belowLln * lln));
  }
  if (t.aboveUln !== undefined) {
    const uln = r.refHigh ?? ctx.services.lab(r.lab)?.reference?.high;
    v = and(v, uln === undefined ? undefined : isAbove(r, t.aboveUln * uln));
  }
  return v;
}

function labTest(t: TestOf<"lab">, ctx: EvalContext): TestResult {
  const ids = typeof t.lab === "string" ? [t.lab] : t.lab;
  const inW = windowOf(t.window, ctx);
  const all = ids.flatMap((id) => (ctx.labsById.get(id) ?? []).filter((l) => inW(l.at)));
  const results =
    t.first && all.length > 1 ? [all.reduce((a, b) => (instant(b.at) < instant(a.at) ? b : a))] : all;
  if (results.length === 0)
    return { status: "missing", evidence: [], detail: `no ${ids.join("/")} result in window` };
  const met: LabResult[] = [];
  let indeterminate = 0;
  for (const r of results) {
    const v = verdictOf(t, r, ctx);
    if (v === true) met.push(r);
    else if (v === undefined) indeterminate++;
  }
  if (met.length > 0) {
    const first = met.reduce((a, b) => (instant(b.at) < instant(a.at) ? b : a));
    const worst =
      t.below !== undefined || t.belowLln !== undefined
        ? met.reduce((a, b) => ((b.value ?? 0) < (a.value ?? 0) ? b : a))
        : met.reduce((a, b) => ((b.value ?? 0) > (a.value ?? 0) ? b : a));
    return {
      status: "met",
      evidence: [worst.ref, ...met.filter((m) => m !== worst).map((m) => m.ref)].slice(0, MAX_EVIDENCE),
      detail: `${describe(worst)} on ${dayLabel(worst.at, ctx)}`,
      firstAt: first.at,
      metAt: sortedTimes(met.map((m) => m.at)),
    };
  }
  return {
    status: indeterminate > 0 ? "missing" : "unmet",
    evidence: results.slice(-MAX_EVIDENCE).map((r) => r.ref),
    detail: `${results.length} result(s) in window, none qualifying${indeterminate ? ` (${indeterminate} not comparable)` : ""}`,
  };
}

function describe(r: LabResult): string {
  if (r.qualitative) return `${r.lab} ${r.qualitative}`;
  return `${r.lab} ${r.comparator ?? ""}${fmt(r.value ?? Number.NaN)} ${r.unit ?? ""}`.trim();
}

/** Baseline: the last numeric result before day 0 of the candidate exposure. */
export function baselineOf(ctx: EvalContext, lab: string): LabResult | undefined {
  const start = instant(ctx.exposureStart);
  let best: LabResult | undefined;
  for (const l of ctx.labsById.get(lab) ?? []) {
    if (l.value === undefined || l.comparator) continue;
    const d = daysBetween(ctx.exposureStart, l.at);
    if (d > 0 || (d === 0 && instant(l.at) >= start)) continue;
    if (!best || instant(l.at) > instant(best.at)) best = l;
  }
  return best;
}

function fallTest(t: TestOf<"fall">, ctx: EvalContext): TestResult {
  const { lab, percent, amount } = t;
  const inW = windowOf(t.window, ctx);
  const base = baselineOf(ctx, lab);
  if (!base || base.value === undefined)
    return { status: "missing", evidence: [], detail: `no ${lab} baseline before day 0` };
  const after = (ctx.labsById.get(lab) ?? []).filter((l) => l.value !== undefined && inW(l.at));
  if (after.length === 0)
    return { status: "missing", evidence: [base.ref], detail: `no ${lab} result in window` };
  const nadir = after.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a));
  const drop = base.value - (nadir.value as number);
  const pct = base.value > 0 ? (drop / base.value) * 100 : 0;
  const ok = (percent === undefined || pct >= percent) && (amount === undefined || drop >= amount);
  const b = base.value;
  const firstAt = after.find((l) => {
    const d = b - (l.value as number);
    return (percent === undefined || (d / b) * 100 >= percent) && (amount === undefined || d >= amount);
  })?.at;
  return {
    status: ok ? "met" : "unmet",
    evidence: [base.ref, nadir.ref],
    detail: `${lab} ${fmt(base.value)} → ${fmt(nadir.value as number)} ${nadir.unit ?? ""} (fall ${fmt(pct)} %) by ${dayLabel(nadir.at, ctx)}`,
    ...(ok && firstAt ? { firstAt } : {}),
  };
}

function eventTest(t: TestOf<"event">, ctx: EvalContext): TestResult {
  const kinds = typeof t.event === "string" ? [t.event] : t.event;
  const inW = windowOf(t.window, ctx);
  const events = ctx.record.events
    .filter((e) => kinds.includes(e.kind) && inW(e.at, e.end))
    .filter((e) => (t.qualifiers ?? []).every((q) => e.qualifiers?.includes(q)))
    .sort((a, b) => instant(a.at) - instant(b.at));
  if (t.minGrade !== undefined) {
    const graded = events.filter((e) => (e.grade ?? 0) >= (t.minGrade as number));
    if (graded.length > 0) return eventMet(graded, ctx);
    if (events.some((e) => e.grade === undefined))
      return {
        status: "missing",
        evidence: events.map((e) => e.ref),
        detail: `${kinds.join("/")} recorded without grade`,
      };
    return { status: "unmet", evidence: events.map((e) => e.ref) };
  }
  return events.length > 0
    ? eventMet(events, ctx)
    : { status: "unmet", evidence: [], detail: `no ${kinds.join("/")} recorded in window` };
}

function eventMet(
  events: readonly { ref: string; at: string; kind: string; text?: string; grade?: number }[],
  ctx: EvalContext,
): TestResult {
  const e = events[0] as (typeof events)[number];
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
  const hits = ctx.record.contextDrugs.filter(
    (d) => d.roles.some((r) => roles.includes(r)) && inW(d.start, d.end ?? d.start),
  );
  if (hits.length === 0)
    return { status: "unmet", evidence: [], detail: `no ${roles.join("/")} drug in window` };
  const h = hits[0] as (typeof hits)[number];
  return {
    status: "met",
    evidence: hits.map((x) => x.ref).slice(0, MAX_EVIDENCE),
    detail: `${h.drug} from ${dayLabel(h.start, ctx)}`,
  };
}

/** The highest value of a score over the episode (index to episode end), so a later peak is not missed. */
export function episodeScore(id: string, ctx: EvalContext): ScoreResult | undefined {
  if (!ctx.index) return undefined;
  const from = instant(ctx.index);
  const to = instant(ctx.episodeEnd ?? ctx.evaluatedAt);
  const times = new Set<string>([ctx.index]);
  for (const lab of ctx.services.scoreLabs(id)) {
    for (const l of ctx.labsById.get(lab) ?? []) {
      const t = instant(l.at);
      if (t >= from && t <= to) times.add(l.at);
    }
  }
  let best: ScoreResult | undefined;
  for (const at of times) {
    const s = ctx.services.score(id, at);
    if (s && s.value !== null && (!best || best.value === null || s.value > best.value)) best = s;
  }
  return best;
}

function scoreTest(t: TestOf<"score">, ctx: EvalContext): TestResult {
  const s = episodeScore(t.score, ctx);
  if (!s || s.value === null) return { status: "missing", evidence: [], detail: `${t.score} not computable` };
  const detail = `${t.score} = ${fmt(s.value)} (${s.interpretation})${s.missing.length ? `; missing: ${s.missing.join(", ")}` : ""}`;
  const ev = s.evidence;
  const incomplete = s.category === "incomplete";
  if (t.category !== undefined) {
    if (t.category.includes(s.category)) return { status: "met", evidence: ev, detail, firstAt: s.at };
    return { status: incomplete ? "missing" : "unmet", evidence: ev, detail };
  }
  const aboveOk = t.atLeast === undefined || s.value >= t.atLeast;
  const belowOk = t.below === undefined || s.value < t.below;
  if (aboveOk && belowOk && !(t.below !== undefined && incomplete))
    return { status: "met", evidence: ev, detail, firstAt: s.at };
  // A partial total below the threshold could still reach it once the missing parts are known.
  if (!aboveOk && incomplete) return { status: "missing", evidence: ev, detail };
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
      detail: `${describe(recovered)} on ${dayLabel(recovered.at, ctx)} after ${ctx.exposure.drug} was withheld`,
    };
  return { status: "missing", evidence: [], detail: "no recovery after withdrawal recorded" };
}

function rechallengeTest(t: TestOf<"rechallenge">, ctx: EvalContext): TestResult {
  if (!ctx.index) return { status: "missing", evidence: [] };
  const { lab, recoveredAbove, recurrenceBelow } = t;
  const later = (ctx.labsById.get(lab) ?? []).filter((l) => instant(l.at) > instant(ctx.index as string));
  const recovered = later.find((l) => isAbove(l, recoveredAbove) === true);
  if (!recovered) return { status: "missing", evidence: [] };
  const redose = doseTimesAfter(ctx, recovered.at)[0];
  if (!redose) return { status: "missing", evidence: [], detail: "not re-exposed after recovery" };
  const after = later.filter((l) => instant(l.at) > instant(redose));
  const recurrence = after.find((l) => isBelow(l, recurrenceBelow) === true);
  if (recurrence)
    return {
      status: "met",
      evidence: [recovered.ref, recurrence.ref],
      detail: `recurred (${describe(recurrence)}) after re-exposure on ${dayLabel(redose, ctx)}`,
    };
  return after.length > 0
    ? {
        status: "unmet",
        evidence: after.slice(-2).map((l) => l.ref),
        detail: "no recurrence after re-exposure",
      }
    : { status: "missing", evidence: [], detail: "no result after re-exposure" };
}

function combine(results: readonly TestResult[], mode: "all" | "any"): TestResult {
  const evidence = [...new Set(results.flatMap((r) => r.evidence))].slice(0, MAX_EVIDENCE);
  const detail = results
    .map((r) => r.detail)
    .filter(Boolean)
    .join("; ");
  const has = (s: CriterionStatus) => results.some((r) => r.status === s);
  const firstAts = results.filter((r) => r.status === "met" && r.firstAt).map((r) => r.firstAt as string);
  if (mode === "all") {
    const status: CriterionStatus = has("unmet") ? "unmet" : has("missing") ? "missing" : "met";
    const latest = firstAts.sort((a, b) => instant(b) - instant(a))[0];
    return { status, evidence, detail, ...(status === "met" && latest ? { firstAt: latest } : {}) };
  }
  const status: CriterionStatus = has("met") ? "met" : has("missing") ? "missing" : "unmet";
  const earliest = firstAts.sort((a, b) => instant(a) - instant(b))[0];
  const metEvidence =
    status === "met" ? results.filter((r) => r.status === "met").flatMap((r) => r.evidence) : evidence;
  const metAt = sortedTimes(
    results.filter((r) => r.status === "met").flatMap((r) => r.metAt ?? (r.firstAt ? [r.firstAt] : [])),
  );
  return {
    status,
    evidence: [...new Set(metEvidence)].slice(0, MAX_EVIDENCE),
    detail,
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
      const r = evaluate(t.test, ctx);
      const status: CriterionStatus = r.status === "met" ? "unmet" : r.status === "unmet" ? "met" : "missing";
      return { status, evidence: r.evidence, ...(r.detail ? { detail: r.detail } : {}) };
    }
    case "lab":
      return labTest(t, ctx);
    case "fall":
      return fallTest(t, ctx);
    case "event":
      return eventTest(t, ctx);
    case "context-drug":
      return contextDrugTest(t, ctx);
    case "score":
      return scoreTest(t, ctx);
    case "exposure-class":
      return {
        status: t.classes.includes(ctx.exposure.class) ? "met" : "unmet",
        evidence: [],
        detail: `${ctx.exposure.drug} (${ctx.exposure.class})`,
      };
    case "latency": {
      if (!ctx.index || !ctx.latency) return { status: "missing", evidence: [] };
      const d = daysBetween(ctx.exposureStart, ctx.index);
      const ok = d >= ctx.latency.minDays && d <= ctx.latency.maxDays;
      return {
        status: ok ? "met" : "unmet",
        evidence: [],
        detail: `onset day ${d} after ${ctx.exposure.drug} (expected ${ctx.latency.minDays}–${ctx.latency.maxDays})`,
      };
    }
    case "finding": {
      const c = ctx.findings.get(t.finding as never);
      const ok = c !== undefined && certaintyRank(c) >= certaintyRank(t.atLeast);
      return {
        status: ok ? "met" : "unmet",
        evidence: [],
        detail: c ? `${t.finding} ${c}` : `no ${t.finding} finding`,
      };
    }
    case "dechallenge":
      return dechallengeTest(t, ctx);
    case "rechallenge":
      return rechallengeTest(t, ctx);
  }
}
