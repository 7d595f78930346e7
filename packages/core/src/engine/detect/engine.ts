/**
 * The generic detector: evaluates one disorder definition (knowledge/disorders/*.yaml) against a patient
 * for each candidate exposure and keeps the best-supported episode.
 *
 * Differentials weigh, they rarely erase: each met `lower` differential lowers certainty one level, never
 * below `possible` (nor below a decisive rule's floor) and is named in the summary; only an `exclude`
 * differential — a confirmed alternative that fully explains the finding — removes it, and then the
 * detector says so (see {@link Miss}) so the abnormality can be reported as unexplained.
 */

import { exposureStart } from "../../contracts/exposure.js";
import { CERTAINTIES } from "../../contracts/lists.js";
import type { Exposure, IsoDateTime, LabResult, PatientRecord } from "../../contracts/model.js";
import type { ArmGrade, CriterionTrace, DifferentialTrace, Finding, Onset } from "../../contracts/report.js";
import type { Certainty, DisorderId } from "../../contracts/vocabularies.js";
import type { Disorder } from "../../knowledge/disorders.js";
import { calendarDate, daysBetween, instant, MS_PER_DAY } from "../dates.js";
import { labCaveat, termText, valueWithUnit } from "../display.js";
import { groupByLab, timesOf, usableLabs } from "../lab-query.js";
import type { DetectServices, EvalContext } from "./context.js";
import { fromFirstDose, type Intervals, intervalCeiling, placeIntervals } from "./intervals.js";
import {
  certaintyRank,
  episodeScore,
  evaluate,
  latencyTiming,
  newFallResults,
  sinceLatestDoseText,
  type TestResult,
} from "./predicates.js";
import { SAME_DAY_NOTE, sameDayResults } from "./same-day.js";

/** A finding before the plan (workup and management) is attached. */
export type Detection = Omit<Finding, "workup" | "management">;

/** Why a disorder was not reported for this patient (read when an abnormality stays unexplained). */
export interface Miss {
  readonly disorder: DisorderId;
  readonly why: string;
  /**
   * Set when an episode met a certainty rule but an `exclude` differential removed it: the episode's index,
   * the excluding differentials and every criterion and differential met, so that a pattern of
   * knowledge/unexplained.yaml can name what the excluded disorder leaves (a TMA that is not TTP).
   */
  readonly excluded?: Excluded;
}

/** An episode removed by an `exclude` differential (see {@link Miss}). */
export interface Excluded {
  readonly index: IsoDateTime;
  /** The `exclude` differentials met. */
  readonly by: readonly string[];
  /** Ids of the criteria and differentials met in the episode. */
  readonly met: readonly string[];
  /** The records the met criteria rest on. */
  readonly evidence: readonly string[];
}

const LEVELS: readonly Certainty[] = CERTAINTIES;

function addDays(iso: IsoDateTime, days: number): IsoDateTime {
  return new Date(instant(iso) + days * 86_400_000).toISOString();
}

interface Candidate {
  readonly detection: Detection;
  readonly rank: number;
  readonly latencyMet: boolean;
}

type EpisodeOutcome = Candidate | { readonly miss: string; readonly excluded?: Excluded };

/** Groups index hits into episodes: a hit more than `episodeDays` after the current episode's start opens a new one. */
export function episodeStarts(hits: readonly IsoDateTime[], episodeDays: number): IsoDateTime[] {
  const starts: IsoDateTime[] = [];
  for (const h of hits) {
    const last = starts[starts.length - 1];
    if (last === undefined || daysBetween(last, h) > episodeDays) starts.push(h);
  }
  return starts;
}

/**
 * The later courses of an exposure (re-challenge): a dose given after a gap longer than the disorder's
 * window after the latest dose (`afterLatestDose.maxDays`, ITP after a checkpoint inhibitor: 90 days) starts a
 * new course, whose effect the knowledge no longer ties to the doses before the gap. Each is returned as the
 * exposure from that dose on, so that the pre-dose baseline and the onset are read from the course the fall
 * follows. None for a CAR-T infusion or a disorder without that window.
 *
 * @example
 * laterCourses(itp, pembrolizumabOnDays0_21_42_365_386); // → [the exposure from its day-365 dose on]
 */
export function laterCourses(def: Disorder, exposure: Exposure): Exposure[] {
  const gap = latencyFor(def, exposure)?.afterLatestDose?.maxDays;
  if (gap === undefined || exposure.class === "car-t") return [];
  const doses = [...exposure.doses].sort((a, b) => instant(a.at) - instant(b.at));
  const out: Exposure[] = [];
  for (let i = 1; i < doses.length; i++) {
    const prev = doses[i - 1];
    const dose = doses[i];
    if (prev && dose && daysBetween(prev.at, dose.at) > gap)
      out.push({ ...exposure, doses: doses.slice(i), first: dose.at });
  }
  return out;
}

/**
 * " Days are counted from the first dose of a re-challenge course on …" when the episode was read from a later
 * course ({@link laterCourses}): the onset's days then count from that course, not from the drug's first dose.
 */
function courseNote(ctx: EvalContext): string {
  const course = ctx.exposure;
  if (!course) return "";
  const whole = ctx.record.exposures.find(
    (x) =>
      x.drug === course.drug &&
      x.class === course.class &&
      instant(exposureStart(x)) < instant(exposureStart(course)),
  );
  if (!whole) return "";
  return ` Days are counted from the first dose of a re-challenge course of ${course.drug} on ${calendarDate(exposureStart(course))} (more than ${ctx.latency?.afterLatestDose?.maxDays ?? ""} days after the dose before it); its first dose ever was on ${calendarDate(exposureStart(whole))}.`;
}

/** The onset window for this exposure: its drug's own where the disorder gives one, else its class's. */
function latencyFor(def: Disorder, exposure: Exposure): Disorder["latency"][Exposure["class"]] {
  const byClass = def.latency[exposure.class];
  if (!byClass) return undefined;
  return def.latencyByDrug?.[exposure.drug] ?? byClass;
}

type BaseContext = Omit<EvalContext, "exposure" | "exposureStart" | "latency">;

/**
 * {@link evaluateOnce}, with the results drawn the day of the first dose without a draw time (same-day.ts)
 * read as possibly after the dose: a finding that rests on one is at most possible, or what the record finds
 * without it when the other results confirm it, and its trace names the timing.
 */
function evaluateFor(def: Disorder, base: BaseContext, exposure: Exposure): EpisodeOutcome | undefined {
  const intervals = placeIntervals(base.record.events, exposureStart(exposure));
  if (!intervals) return evaluateSameDay(def, base, exposure);
  // Read from their first day first, as dated ones: an alternative cause spanning the dose stays present from it.
  const asCharted = weighIntervals(def, base, exposure, {
    ...intervals,
    events: base.record.events,
    moved: false,
  });
  if ((asCharted && !("miss" in asCharted)) || intervals.spanning.size === 0) return asCharted;
  const moved = weighIntervals(def, base, exposure, intervals);
  if (moved && !("miss" in moved)) return moved;
  // Nor at their last day: read from the first dose on, the earliest day of the interval that follows it.
  const fromDose = weighIntervals(def, base, exposure, fromFirstDose(intervals, exposureStart(exposure)));
  return fromDose && !("miss" in fromDose) ? fromDose : asCharted;
}

/**
 * {@link evaluateSameDay} with the events dated only by an interval placed as `intervals` says: a finding resting on
 * one wholly after the dose is at most probable, on one spanning it and read as after it at most possible, unless
 * the record finds it without them (at what it finds then).
 */
function weighIntervals(
  def: Disorder,
  base: BaseContext,
  exposure: Exposure,
  intervals: Intervals,
): EpisodeOutcome | undefined {
  const placed = { ...base, record: { ...base.record, events: intervals.events }, intervals };
  const first = evaluateSameDay(def, placed, exposure);
  if (!first || "miss" in first) return first;
  const rests = (refs: ReadonlySet<string>) =>
    first.detection.criteria.some((c) => c.status === "met" && c.evidence.some((e) => refs.has(e)));
  const spans = intervals.moved && rests(intervals.spanning);
  if (!spans && !rests(intervals.after)) return first;
  const kept = base.record.events.filter(
    (e) => !intervals.after.has(e.ref) && !intervals.spanning.has(e.ref),
  );
  const without = evaluateSameDay(def, { ...base, record: { ...base.record, events: kept } }, exposure);
  const ceiling = LEVELS.indexOf(intervalCeiling(spans));
  const found = without && !("miss" in without) ? LEVELS.indexOf(without.detection.certainty) : ceiling;
  const intervalCap = {
    certainty: LEVELS[Math.min(ceiling, found)] as Certainty,
    confirmed: found < ceiling,
    spans,
  };
  return evaluateSameDay(def, { ...placed, intervalCap }, exposure);
}

/**
 * {@link evaluateOnce}, with the results drawn the day of the first dose without a draw time (same-day.ts)
 * read as possibly after the dose.
 */
function evaluateSameDay(def: Disorder, base: BaseContext, exposure: Exposure): EpisodeOutcome | undefined {
  const sameDay = sameDayResults(base.labsById, exposureStart(exposure), base.services);
  if (!sameDay) return evaluateOnce(def, base, exposure);
  const unsure = { ...base, sameDay };
  const first = evaluateOnce(def, unsure, exposure);
  if (!first || "miss" in first) return first;
  const refs = new Set([...sameDay.labs].map((l) => l.ref));
  const rests = first.detection.criteria.some(
    (c) => c.status === "met" && c.evidence.some((e) => refs.has(e)),
  );
  if (!rests) return first;
  const labsById = new Map(
    [...base.labsById].map(([id, list]) => [id, list.filter((l) => !sameDay.labs.has(l))] as const),
  );
  const without = evaluateOnce(def, { ...base, labsById }, exposure);
  const sameDayCap =
    without && !("miss" in without)
      ? { certainty: without.detection.certainty, confirmed: true }
      : { certainty: "possible" as const, confirmed: false };
  return evaluateOnce(def, { ...unsure, sameDayCap }, exposure);
}

function evaluateOnce(def: Disorder, base: BaseContext, exposure: Exposure): EpisodeOutcome | undefined {
  const latency = latencyFor(def, exposure);
  if (!latency) return undefined;
  const start = exposureStart(exposure);
  const pre: EvalContext = { ...base, exposure, exposureStart: start, latency };
  const idx = evaluate(def.index.test, pre);
  if (idx.status !== "met") return undefined;
  const from = latency.searchFromDay ?? Number.NEGATIVE_INFINITY;
  const baselineOnly = countsAtLowBaseline(def, pre);
  const early = earlyWindowsOfOthers(def, base.record.exposures, exposure);
  const inEarly = (t: IsoDateTime) =>
    early.find((w) => daysBetween(w.from, t) >= 0 && daysBetween(w.from, t) < w.searchFromDay);
  const hits = (idx.metAt ?? []).filter(
    (t) => daysBetween(start, t) >= from && !baselineOnly.has(t) && !inEarly(t),
  );
  if (hits.length === 0) {
    const shadow = (idx.metAt ?? []).map(inEarly).find((w) => w !== undefined);
    return {
      miss: shadow
        ? `not sought before day ${shadow.searchFromDay} after ${shadow.drug}, ${exposure.drug} notwithstanding${shadow.note ? ` (${shadow.note})` : ""}`
        : `not sought before day ${from} after ${exposure.drug}${latency.note ? ` (${latency.note})` : ""}`,
    };
  }
  let best: Candidate | undefined;
  let miss: string | undefined;
  let excluded: Excluded | undefined;
  for (const index of episodeStarts(hits, def.episodeDays)) {
    const c = evaluateEpisode(def, pre, index);
    if ("miss" in c) {
      miss ??= c.miss;
      excluded ??= c.excluded;
      continue;
    }
    if (
      !best ||
      c.rank > best.rank ||
      (c.rank === best.rank && (c.detection.grade ?? 0) > (best.detection.grade ?? 0))
    )
      best = c;
  }
  return best ?? { miss: miss ?? "criteria not met", ...(excluded ? { excluded } : {}) };
}

/**
 * The early windows of the patient's other exposures in which the disorder is not sought (its latency for
 * their class has `searchFromDay`: the first 30 days after CAR-T, when cytopenia is expected early ICAHT).
 * An abnormality there is read as that therapy's, as it is for a patient given it alone — not as an immune
 * effect of another drug (a checkpoint inhibitor months before the infusion) — and, with no finding
 * accounting for it, is listed as unexplained.
 */
function earlyWindowsOfOthers(
  def: Disorder,
  exposures: readonly Exposure[],
  exposure: Exposure,
): EarlyWindow[] {
  const out: EarlyWindow[] = [];
  for (const other of exposures) {
    const latency = latencyFor(def, other);
    if (other === exposure || latency?.searchFromDay === undefined) continue;
    out.push({
      from: exposureStart(other),
      searchFromDay: latency.searchFromDay,
      drug: other.drug,
      ...(latency.note ? { note: latency.note } : {}),
    });
  }
  return out;
}

/** Another exposure's window, from its first dose (day 0) up to `searchFromDay`, in which a disorder is not sought. */
interface EarlyWindow {
  readonly from: IsoDateTime;
  readonly searchFromDay: number;
  readonly drug: string;
  readonly note?: string;
}

/**
 * The times of counts that are only the patient's own low baseline ({@link Disorder} `index.lowBaseline`):
 * when the pre-dose count is already past the index threshold (the `when` criterion unmet) and a later count
 * is a new fall from it (the `newFall` criterion's rule), the counts of the window that are no new fall;
 * otherwise none, and the index is read as written.
 */
function countsAtLowBaseline(def: Disorder, pre: EvalContext): ReadonlySet<IsoDateTime> {
  const low = def.index.lowBaseline;
  if (!low) return new Set();
  const when = def.criteria.find((c) => c.id === low.when);
  const fall = def.criteria.find((c) => c.id === low.newFall)?.test;
  if (!when || fall?.kind !== "new-fall" || evaluate(when.test, pre).status !== "unmet") return new Set();
  const counts = newFallResults(fall, low.window, pre);
  if (!counts?.some((c) => c.isNew)) return new Set();
  return new Set(counts.filter((c) => !c.isNew).map((c) => c.result.at));
}

/** The certainty a rule gives: its level, one lower when a criterion it rests on is met only by a charted diagnosis. */
function ruleLevel(
  rule: Disorder["certainty"][number],
  result: (id: string) => TestResult,
): { level: number; charted: string[] } | undefined {
  const isMet = (id: string) => result(id).status === "met";
  if (!rule.allOf.every(isMet)) return undefined;
  if (rule.anyOf !== undefined && !rule.anyOf.some(isMet)) return undefined;
  if (rule.atLeast !== undefined && rule.atLeast.of.filter(isMet).length < rule.atLeast.min) return undefined;
  const support = [...rule.allOf, ...(rule.anyOf ?? []), ...(rule.atLeast?.of ?? [])].filter(isMet);
  const charted = [...new Set(support.filter((id) => result(id).charted))];
  const base = LEVELS.indexOf(rule.level);
  return { level: Math.min(base + (charted.length > 0 ? 1 : 0), LEVELS.length - 1), charted };
}

function evaluateEpisode(def: Disorder, pre: EvalContext, index: IsoDateTime): EpisodeOutcome {
  const endMs = Math.min(instant(addDays(index, def.episodeDays)), instant(pre.evaluatedAt));
  const ctx: EvalContext = { ...pre, index, episodeEnd: new Date(endMs).toISOString() };
  const exposure = pre.exposure;

  // Criteria are evaluated on demand, so an episode that meets no certainty rule stops before its costlier
  // criteria (scores) are computed; the full trace is built only for an episode that becomes a finding.
  const results = new Map<string, TestResult>();
  const result = (id: string): TestResult => {
    let r = results.get(id);
    if (!r) {
      const c = def.criteria.find((x) => x.id === id);
      r = c ? evaluate(c.test, ctx) : { status: "missing", evidence: [] };
      results.set(id, r);
    }
    return r;
  };
  // Rules run from most to least certain, so the first that matches is the best unless differentials
  // lower it: then only a later rule with a floor (a decisive result) can do better, so only those are
  // evaluated too (criteria are costly: scores at every result of the episode).
  const matched: { level: number; charted: string[]; floor: number; rule: Disorder["certainty"][number] }[] =
    [];
  for (const rule of def.certainty) {
    if (matched.length > 0 && rule.floor === undefined) continue;
    const r = ruleLevel(rule, result);
    if (r) matched.push({ ...r, floor: LEVELS.indexOf(rule.floor ?? "possible"), rule });
  }
  if (matched.length === 0)
    return {
      miss: `criteria not met for the episode from ${calendarDate(index)}: ${unmetSummary(def, result)}`,
    };
  const criteria: CriterionTrace[] = def.criteria.map((c) => trace(c.id, c.label, result(c.id)));

  const traced: DifferentialTrace[] = def.differentials.map((d) => ({
    ...trace(d.id, d.label, evaluate(d.test, ctx)),
    effect: d.effect,
  }));
  const met = traced.filter((d) => d.status === "met");
  const excluding = met.filter((d) => d.effect === "exclude");
  if (excluding.length > 0) {
    const metCriteria = criteria.filter((c) => c.status === "met");
    return {
      miss: `excluded by ${excluding.map((d) => `${d.label}${d.detail ? ` (${d.detail})` : ""}`).join("; ")}`,
      excluded: {
        index,
        by: excluding.map((d) => d.id),
        met: [...metCriteria.map((c) => c.id), ...met.map((d) => d.id)],
        evidence: [...new Set(metCriteria.flatMap((c) => c.evidence))],
      },
    };
  }
  const lowering = met.filter((d) => d.effect === "lower");
  // Each competing explanation lowers certainty one level, never below the rule's floor (default
  // "possible"); the rule that leaves the highest certainty is the one reported.
  const chosen = matched
    .map((m) => ({ ...m, final: Math.max(m.level, Math.min(m.level + lowering.length, m.floor)) }))
    .sort((a, b) => a.final - b.final)[0] as (typeof matched)[number] & { final: number };
  const early = firstDoseDayCap(def, ctx);
  const onsetDay = daysBetween(ctx.exposureStart, index);
  const timingCap = Math.max(
    chosen.final,
    ctx.sameDayCap === undefined ? 0 : LEVELS.indexOf(ctx.sameDayCap.certainty),
    ctx.intervalCap === undefined ? 0 : LEVELS.indexOf(ctx.intervalCap.certainty),
  );
  const final = LEVELS[Math.max(timingCap, early === undefined ? 0 : LEVELS.indexOf(early))] as Certainty;
  // Named only where the early onset itself lowers the finding (a result of undetermined order names its own).
  // Named wherever the onset precedes the dose; on its day only where it lowers the finding (a result of
  // undetermined order names its own timing).
  const earlyNote =
    early === undefined
      ? ""
      : onsetDay < 0
        ? ` Pre-existing: present before the first ${exposure.drug} dose and still open after it${openEnded(def, criteria, ctx) ? " (its end is not recorded and it is not marked resolved, inactive or in remission: read as active until the record shows it resolved)" : ""} — active during immunotherapy, which may worsen it, but not attributed to it: at most ${early}.`
        : LEVELS.indexOf(early) > timingCap
          ? ` Timing: onset on the day of the first ${exposure.drug} dose, before day ${ctx.latency?.minDays} from which ${def.name} is attributed to it: at most ${early}, present before the dose or of another cause until shown otherwise.`
          : "";
  // The explanations that did lower it (one level each, in the definition's order) and those a floor held:
  // the trace says which, so that no report claims a lowering that did not happen.
  const loweredLevels = chosen.final - (matched[0]?.level ?? chosen.final);
  const held =
    chosen.floor < LEVELS.length - 1 && chosen.final === chosen.floor
      ? { at: final, by: `the decisive rule ${ruleText(def, chosen.rule, result)}` }
      : { at: final };
  const differentials = traced.map((d) => {
    const rank = lowering.indexOf(d);
    return rank < 0 || rank < loweredLevels ? d : { ...d, held };
  });

  const grade = gradeOf(def, ctx);
  const scores = def.scores.flatMap((id) => {
    const s = episodeScore(id, ctx);
    return s && s.value !== null ? [{ id: s.id, value: s.value, interpretation: s.interpretation }] : [];
  });
  const onset = onsetOf(exposure, index);
  const latencyIds = new Set(def.criteria.filter((c) => c.test.kind === "latency").map((c) => c.id));
  const latencyMet = criteria.some((c) => c.status === "met" && latencyIds.has(c.id));
  const chartedLabels = chosen.charted.map((id) => def.criteria.find((c) => c.id === id)?.label ?? id);
  const detection: Detection = {
    disorder: def.id,
    certainty: final,
    ...(def.certaintyOf === "attribution" ? { certaintyOf: "attribution" as const } : {}),
    ...(grade ? { grade: grade.grade, gradeBasis: grade.basis } : {}),
    ...(grade?.arms ? { arms: grade.arms } : {}),
    onset,
    criteria,
    scores,
    differentials,
    summary: `${summarize(def, final, grade?.grade, onset, lowering, chartedLabels, timedFromLatest(ctx))}${courseNote(ctx)}${sameDayNote(ctx, criteria)}${intervalNote(ctx, [...criteria, ...differentials])}${earlyNote}`,
  };
  return { detection, rank: certaintyRank(final), latencyMet };
}

/**
 * Whether the finding's pre-existing condition is open only because no end is recorded: a criterion that reads a
 * condition open after the first dose (`openAfterExposure`) is met by an event charted by the dose with no end.
 * The summary then names the missing end, so that an open problem read as active says what data decided it.
 */
function openEnded(def: Disorder, criteria: readonly CriterionTrace[], ctx: EvalContext): boolean {
  const open = new Set(
    def.criteria.filter((c) => c.test.kind === "event" && c.test.openAfterExposure).map((c) => c.id),
  );
  const start = instant(ctx.exposureStart);
  return criteria.some(
    (c) =>
      c.status === "met" &&
      open.has(c.id) &&
      c.evidence.some((ref) =>
        ctx.record.events.some((e) => e.ref === ref && e.end === undefined && instant(e.at) <= start),
      ),
  );
}

/**
 * The most a finding may be when its onset falls on the first dose's own day before the drug's plausible window
 * opens, or before the dose (a condition charted before it and still open after it: pre-existing, active during
 * immunotherapy) (`firstDoseDay`, disorders.ts); undefined when the disorder sets none or the onset is later.
 */
function firstDoseDayCap(def: Disorder, ctx: EvalContext): Certainty | undefined {
  const minDays = ctx.latency?.minDays ?? 0;
  if (!def.firstDoseDay || !ctx.index) return undefined;
  const day = daysBetween(ctx.exposureStart, ctx.index);
  return day < 0 || (day === 0 && minDays > 0) ? def.firstDoseDay.atMost : undefined;
}

/** A certainty rule in words, by the labels of the criteria that met it: "A + B + C" (labels hold commas). */
function ruleText(
  def: Disorder,
  rule: Disorder["certainty"][number],
  result: (id: string) => TestResult,
): string {
  const ids = [...rule.allOf, ...(rule.anyOf ?? []), ...(rule.atLeast?.of ?? [])].filter(
    (id) => result(id).status === "met",
  );
  const labels = [...new Set(ids)].map((id) => def.criteria.find((c) => c.id === id)?.label ?? id);
  return labels.join(" + ");
}

/** The criteria that kept an episode from every certainty rule, for the unexplained list. */
function unmetSummary(def: Disorder, result: (id: string) => TestResult): string {
  const needed = new Set(def.certainty.flatMap((r) => r.allOf));
  const open = [...needed]
    .filter((id) => result(id).status !== "met")
    .map((id) => {
      const c = def.criteria.find((x) => x.id === id);
      return `${c?.label ?? id} ${result(id).status === "missing" ? "not assessable" : "not met"}`;
    });
  return open.join("; ") || "no certainty rule met";
}

function trace(id: string, label: string, r: TestResult): CriterionTrace {
  return {
    id,
    label,
    status: r.status,
    evidence: r.evidence,
    ...(r.detail ? { detail: r.detail } : {}),
    ...(r.charted && r.status === "met" ? { charted: true as const } : {}),
  };
}

interface Graded {
  readonly grade: number;
  readonly basis: string;
}

type GradeSpec = Pick<Disorder["grade"], "rules" | "ctcae" | "charted">;

function gradeBy(spec: GradeSpec, ctx: EvalContext): Graded | undefined {
  for (const r of spec.rules) {
    if (evaluate(r.when, ctx).status === "met") return { grade: r.grade, basis: r.basis };
  }
  return ctcaeGrade(spec.ctcae, ctx) ?? chartedGrade(spec.charted, ctx);
}

/** The worst CTCAE grade of the fallback term over the episode. */
function ctcaeGrade(ctcae: Disorder["grade"]["ctcae"], ctx: EvalContext): Graded | undefined {
  if (!ctcae || !ctx.index) return undefined;
  const from = instant(ctx.index);
  const to = instant(ctx.episodeEnd ?? ctx.evaluatedAt);
  let worst: Graded | undefined;
  const list = ctx.labsById.get(ctcae.lab) ?? [];
  const { at } = timesOf(list);
  for (let i = 0; i < list.length; i++) {
    const l = list[i] as LabResult;
    const t = at[i] as number;
    if (t < from || t > to) continue;
    const g = ctx.services.ctcaeGrade(ctcae.term, l);
    if (g !== undefined && g > 0 && (!worst || g > worst.grade))
      worst = {
        grade: g,
        basis: `CTCAE v5.0 ${ctcae.term} grade ${g} (${ctx.services.lab(l.lab)?.name ?? l.lab} ${l.comparator ?? ""}${valueWithUnit(l.value ?? Number.NaN, l.unit)}${labCaveat(l)})`,
      };
  }
  return worst;
}

/**
 * The worst grade charted on the disorder's own diagnosis from 3 days before the index to the episode's
 * end: the clinician's grade, used only when no result grades the finding.
 */
function chartedGrade(kinds: Disorder["grade"]["charted"], ctx: EvalContext): Graded | undefined {
  if (!kinds || !ctx.index) return undefined;
  const from = instant(ctx.index) - 3 * MS_PER_DAY;
  const to = instant(ctx.episodeEnd ?? ctx.evaluatedAt);
  let worst: Graded | undefined;
  for (const e of ctx.record.events) {
    const t = instant(e.at);
    if (!kinds.includes(e.kind) || e.grade === undefined || t < from || t > to) continue;
    if (!worst || e.grade > worst.grade)
      worst = {
        grade: e.grade,
        basis: `grade ${e.grade} as charted (${e.text ?? termText(e.kind)}, ${calendarDate(e.at)}); no result to grade it from`,
      };
  }
  return worst;
}

/** The finding's grade: the first matching rule, else the CTCAE fallback; with arms, the worst arm's. */
function gradeOf(def: Disorder, ctx: EvalContext): (Graded & { arms?: ArmGrade[] }) | undefined {
  const arms = def.grade.arms;
  if (!arms) return gradeBy(def.grade, ctx);
  const graded: ArmGrade[] = arms.map((a) => {
    const g = gradeBy(a, ctx);
    return { id: a.id, label: a.label, ...(g ? { grade: g.grade, basis: g.basis } : {}) };
  });
  const worst = graded
    .filter((a): a is ArmGrade & Graded => a.grade !== undefined)
    .sort((a, b) => b.grade - a.grade)[0];
  if (!worst) return undefined;
  return { grade: worst.grade, basis: `${worst.label}: ${worst.basis}`, arms: graded };
}

/**
 * The timing of the results drawn the day of the first dose without a draw time that the finding rests on, and
 * what it does to the certainty; empty when it rests on none.
 */
function sameDayNote(ctx: EvalContext, criteria: readonly CriterionTrace[]): string {
  const labs = [...(ctx.sameDay?.labs ?? [])].filter((l) =>
    criteria.some((c) => c.status === "met" && c.evidence.includes(l.ref)),
  );
  if (labs.length === 0) return "";
  const which = labs
    .map(
      (l) =>
        `${ctx.services.lab(l.lab)?.name ?? l.lab} ${valueWithUnit(l.value ?? Number.NaN, l.unit)} on ${calendarDate(l.at)}`,
    )
    .join("; ");
  const cap = ctx.sameDayCap;
  const weighed =
    cap === undefined
      ? ""
      : cap.confirmed
        ? ` The other results find it without it: at most ${cap.certainty}.`
        : " At most possible: that it was drawn before the dose cannot be excluded, and no other result finds it.";
  return ` Timing: ${which} ${SAME_DAY_NOTE}; read as possibly after it.${weighed}`;
}

/**
 * The events dated only by an interval that the finding or its differential rests on, how each was placed against
 * the first dose, and what that does to the certainty; empty when it rests on none.
 */
function intervalNote(
  ctx: EvalContext,
  criteria: readonly Pick<CriterionTrace, "status" | "evidence">[],
): string {
  const placed = ctx.intervals;
  if (!placed) return "";
  const used = [...placed.dated].filter(([ref]) =>
    criteria.some((c) => c.status === "met" && c.evidence.includes(ref)),
  );
  if (used.length === 0) return "";
  const which = used
    .map(([ref, dated]) =>
      placed.before.has(ref)
        ? `${ref} (${dated}) lies wholly before the first dose: pre-existing, read from its first day`
        : placed.spanning.has(ref)
          ? `${ref} (${dated}) spans the first dose: its order against the dose is undetermined, ${placed.moved ? "read as possibly after it" : "read as present from its first day"}`
          : `${ref} (${dated}) lies wholly after the first dose: placed at its first day`,
    )
    .join("; ");
  const cap = ctx.intervalCap;
  const weighed =
    cap === undefined
      ? ""
      : cap.confirmed
        ? ` The other dated data find it without it: at most ${cap.certainty}.`
        : ` At most ${cap.certainty}: no other dated data find it${cap.spans ? ", and that it began before the dose cannot be excluded" : ""}.`;
  return ` Timing: ${which}.${weighed}`;
}

function onsetOf(e: Exposure, at: IsoDateTime): Onset {
  const before = e.doses.filter((d) => instant(d.at) <= instant(at)).map((d) => d.at);
  const last = before.sort((a, b) => instant(b) - instant(a))[0];
  return {
    date: at,
    drug: e.drug,
    daysFromFirstDose: daysBetween(exposureStart(e), at),
    ...(last ? { daysFromLastDose: daysBetween(last, at) } : {}),
  };
}

/**
 * "14 days after the latest dose, on therapy" when the onset is plausible only through the window after
 * the latest dose (a late onset on long-term therapy), so the summary says which dose it was timed from.
 */
function timedFromLatest(ctx: EvalContext): string | undefined {
  const t = latencyTiming(ctx);
  if (t?.countedFrom !== "latest-dose" || t.sinceLatestDose === undefined) return undefined;
  return sinceLatestDoseText(t.sinceLatestDose, t.onTherapy);
}

function summarize(
  def: Disorder,
  certainty: Certainty,
  grade: number | undefined,
  onset: Onset,
  competing: readonly DifferentialTrace[],
  charted: readonly string[],
  latest?: string,
): string {
  const g = grade ? `, grade ${grade}` : "";
  const before = -(onset.daysFromFirstDose ?? 0);
  const timing =
    before > 0
      ? `present from ${before} day${before === 1 ? "" : "s"} before the first ${onset.drug} dose.`
      : latest
        ? `onset day ${onset.daysFromFirstDose} after the first ${onset.drug} dose, ${latest}.`
        : `onset day ${onset.daysFromFirstDose} after ${onset.drug}.`;
  const cert = `${certainty[0]?.toUpperCase()}${certainty.slice(1)}`;
  // An event confirmed by its own criterion (a charted thrombosis): the certainty is its link to the drug,
  // and a competing explanation is the event's cause, not a doubt that it happened.
  const attribution = def.certaintyOf === "attribution";
  const parts = [
    attribution
      ? `${def.name}${g}, charted: ${certainty} link to ${onset.drug}; ${timing}`
      : `${cert} ${def.name}${g}: ${timing}`,
  ];
  if (competing.length > 0)
    parts.push(
      attribution
        ? `Cause named in the record (it lowers the link to ${onset.drug}, not the event): ${competing.map((d) => d.label).join("; ")}.`
        : `Competing explanation${competing.length > 1 ? "s" : ""}: ${competing.map((d) => d.label).join("; ")}.`,
    );
  if (charted.length > 0) parts.push(`Resting on a charted diagnosis, not a result: ${charted.join("; ")}.`);
  return parts.join(" ");
}

/**
 * Runs one disorder's definition for every exposure of a class it applies to and returns the best
 * detection (highest certainty, then plausible latency, then the most recently started exposure), or why
 * there is none.
 */
function detectDisorder(
  def: Disorder,
  record: PatientRecord,
  labsById: ReadonlyMap<string, readonly LabResult[]>,
  evaluatedAt: IsoDateTime,
  services: DetectServices,
  findings: ReadonlyMap<DisorderId, Certainty>,
): Detection | Miss {
  const base = { record, labsById, evaluatedAt, services, findings };
  const outcomes = record.exposures.map((e) => ({ e, c: evaluateFor(def, base, e), course: false }));
  // A later course of the same drug, read from its own first dose: its fall is measured from the count
  // before it, not from before the first course (see laterCourses). Kept only where it does better than
  // the whole exposure read from its first dose, which stays the finding on a tie (with its re-challenge
  // evidence); its misses are not reported (the whole exposure's are).
  const courses = record.exposures.flatMap((e) =>
    laterCourses(def, e).map((c) => ({ e: c, c: evaluateFor(def, base, c), course: true })),
  );
  const found = [...outcomes, ...courses].filter(
    (x): x is { e: Exposure; c: Candidate; course: boolean } => x.c !== undefined && !("miss" in x.c),
  );
  // A re-challenge recurrence: the disorder found again in a later course of the same drug supersedes the
  // episode found before that course began (the first episode, over before the gap): the finding is the
  // recurrence, its onset counted from the re-challenge course, as the patient now has it. Before, the first
  // episode stayed the finding (a tie, or a certainty the recurrence had not been read with) and the recurrence
  // was shown only as that episode's re-challenge evidence, with the first episode's onset. Only when the later
  // episode is shown to be the recurrence (its re-challenge criterion met: the count recovered between the two,
  // predicates.ts): a fall on a count that never recovered is the first episode still running, and a disorder
  // whose definition has no re-challenge criterion keeps the rule above (the course only when it does better).
  const rechallenge = new Set(def.criteria.filter((c) => c.test.kind === "rechallenge").map((c) => c.id));
  const isRecurrence = (c: Candidate) =>
    c.detection.criteria.some((t) => rechallenge.has(t.id) && t.status === "met");
  const onsetOf = (x: { c: Candidate }) =>
    x.c.detection.onset ? instant(x.c.detection.onset.date) : Number.NEGATIVE_INFINITY;
  // The whole exposure read from its first dose takes the worst count as its index, so a recurrence deeper than the
  // first episode moves that reading's onset into the re-challenge course, where it finds no recovery after it and
  // loses the re-challenge evidence: the course reading that shows the recurrence supersedes it too. Before, a
  // grade 4 recurrence after a grade 3 first episode was read without its re-challenge and offered a restart.
  const recurred = (x: { e: Exposure; c: Candidate; course: boolean }) =>
    found.some(
      (y) =>
        y !== x &&
        y.course &&
        y.e.drug === x.e.drug &&
        y.e.class === x.e.class &&
        (instant(exposureStart(y.e)) > onsetOf(x) ||
          (!x.course && !isRecurrence(x.c) && instant(exposureStart(y.e)) <= onsetOf(x))) &&
        isRecurrence(y.c),
    );
  const candidates = found
    .filter((x) => !recurred(x))
    .sort(
      (a, b) =>
        b.c.rank - a.c.rank ||
        Number(b.c.latencyMet) - Number(a.c.latencyMet) ||
        Number(a.course) - Number(b.course) ||
        instant(exposureStart(b.e)) - instant(exposureStart(a.e)),
    );
  const best = candidates[0];
  if (best) return best.c.detection;
  const misses = outcomes.filter((x) => x.c !== undefined && "miss" in x.c);
  const missed = misses.find((x) => x.c && "excluded" in x.c && x.c.excluded) ?? misses[0];
  if (missed?.c && "miss" in missed.c)
    return {
      disorder: def.id,
      why: `${def.name}: ${missed.c.miss}`,
      ...(missed.c.excluded ? { excluded: missed.c.excluded } : {}),
    };
  const sought = record.exposures.some((e) => def.latency[e.class] !== undefined);
  // The disorder itself charted before the first dose (an acquired haemophilia the immunotherapy was given to
  // treat): said so, rather than "not found", so a bleed listed beside it names the disorder the record holds.
  const firstDose = Math.min(
    ...record.exposures
      .filter((e) => def.latency[e.class] !== undefined)
      .map((e) => instant(exposureStart(e))),
  );
  const before = sought
    ? record.events
        .filter((ev) => ev.kind === def.id && instant(ev.at) < firstDose)
        .sort((a, b) => instant(a.at) - instant(b.at))[0]
    : undefined;
  if (before)
    return {
      disorder: def.id,
      why: `${def.name}: charted on ${calendarDate(before.at)}, before the first dose — a pre-existing disorder, not attributed to the immunotherapy`,
    };
  return {
    disorder: def.id,
    why: sought
      ? `${def.name}: its defining abnormality was not found after the first dose`
      : `${def.name}: not sought after ${[...new Set(record.exposures.map((e) => termText(e.class)))].join(" or ") || "no exposure"}`,
  };
}

/** Findings (sorted) and, for every disorder not reported, why. */
export interface DetectionResult {
  readonly detections: readonly Detection[];
  readonly misses: readonly Miss[];
}

/** CTCAE v5.0 grade 5: death related to the adverse event. */
const FATAL_GRADE = 5;

/**
 * All disorders in knowledge order (a definition may depend on an earlier one's finding, as Evans on ITP),
 * with superseded findings removed and the rest sorted: a fatal finding (CTCAE grade 5) first, whatever its
 * certainty, because the report must lead with what the patient died of; then most certain, most severe,
 * then by priority.
 */
export function detectAll(
  defs: readonly Disorder[],
  record: PatientRecord,
  evaluatedAt: IsoDateTime,
  services: DetectServices,
): DetectionResult {
  const labsById = groupByLab(usableLabs(record));
  const found = new Map<DisorderId, Certainty>();
  const detections: Detection[] = [];
  const misses: Miss[] = [];
  for (const def of defs) {
    const d = detectDisorder(def, record, labsById, evaluatedAt, services, found);
    if ("why" in d) {
      misses.push(d);
      continue;
    }
    found.set(d.disorder, d.certainty);
    detections.push(d);
  }
  const priority = new Map(defs.map((d) => [d.id, d.priority]));
  const superseded = new Set<string>();
  for (const d of detections) {
    const def = defs.find((x) => x.id === d.disorder);
    for (const s of def?.supersedes ?? []) {
      const other = detections.find((x) => x.disorder === s);
      if (other && certaintyRank(d.certainty) >= certaintyRank(other.certainty)) superseded.add(s);
    }
  }
  const outranks = (a: DisorderId, b: DisorderId) =>
    defs.find((x) => x.id === a)?.outranks.includes(b) ?? false;
  const kept = detections.filter((d) => !superseded.has(d.disorder));
  // `outranks` is read as a key — how many findings of the same certainty outrank this one — not pairwise
  // beside the grade: pairwise, thrombosis over ITP, ITP (graded) over DIC (ungraded) and DIC over
  // thrombosis (priority) made a cycle, and the order, so the primary finding, followed the input order.
  const outrankedBy = new Map(
    kept.map((d) => [
      d,
      kept.filter((x) => x !== d && x.certainty === d.certainty && outranks(x.disorder, d.disorder)).length,
    ]),
  );
  const sorted = kept.sort(
    (a, b) =>
      Number((b.grade ?? 0) >= FATAL_GRADE) - Number((a.grade ?? 0) >= FATAL_GRADE) ||
      certaintyRank(b.certainty) - certaintyRank(a.certainty) ||
      (outrankedBy.get(a) ?? 0) - (outrankedBy.get(b) ?? 0) ||
      (b.grade ?? 0) - (a.grade ?? 0) ||
      (priority.get(a.disorder) ?? 99) - (priority.get(b.disorder) ?? 99),
  );
  return { detections: sorted, misses };
}
