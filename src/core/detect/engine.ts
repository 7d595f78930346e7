/**
 * The generic detector: evaluates one disorder definition (knowledge/disorders/*.yaml) against a patient
 * for each candidate exposure and keeps the best-supported episode.
 */
import type { Disorder } from "../../knowledge/disorders.js";
import { daysBetween, instant } from "../dates.js";
import { groupByLab, usableLabs } from "../lab-query.js";
import {
  type Exposure,
  exposureStart,
  type IsoDateTime,
  type LabResult,
  type PatientRecord,
} from "../model.js";
import type { Certainty, CriterionTrace, DifferentialTrace, DisorderId, Finding, Onset } from "../report.js";
import type { DetectServices, EvalContext } from "./context.js";
import { certaintyRank, episodeScore, evaluate, type TestResult } from "./predicates.js";

/** A finding before the plan (workup and management) is attached. */
export type Detection = Omit<Finding, "workup" | "management">;

const LEVELS: readonly Certainty[] = ["definite", "probable", "possible"];

function addDays(iso: IsoDateTime, days: number): IsoDateTime {
  return new Date(instant(iso) + days * 86_400_000).toISOString();
}

interface Candidate {
  readonly detection: Detection;
  readonly rank: number;
  readonly latencyMet: boolean;
}

/** Groups index hits into episodes: a hit more than `episodeDays` after the current episode's start opens a new one. */
export function episodeStarts(hits: readonly IsoDateTime[], episodeDays: number): IsoDateTime[] {
  const starts: IsoDateTime[] = [];
  for (const h of hits) {
    const last = starts[starts.length - 1];
    if (last === undefined || daysBetween(last, h) > episodeDays) starts.push(h);
  }
  return starts;
}

function evaluateFor(
  def: Disorder,
  base: Omit<EvalContext, "exposure" | "exposureStart" | "latency">,
  exposure: Exposure,
): Candidate | undefined {
  const latency = def.latency[exposure.class];
  if (!latency) return undefined;
  const start = exposureStart(exposure);
  const pre: EvalContext = { ...base, exposure, exposureStart: start, latency };
  const idx = evaluate(def.index.test, pre);
  if (idx.status !== "met") return undefined;
  const from = latency.searchFromDay ?? Number.NEGATIVE_INFINITY;
  const hits = (idx.metAt ?? []).filter((t) => daysBetween(start, t) >= from);
  let best: Candidate | undefined;
  for (const index of episodeStarts(hits, def.episodeDays)) {
    const c = evaluateEpisode(def, pre, index);
    if (
      c &&
      (!best ||
        c.rank > best.rank ||
        (c.rank === best.rank && (c.detection.grade ?? 0) > (best.detection.grade ?? 0)))
    )
      best = c;
  }
  return best;
}

function evaluateEpisode(def: Disorder, pre: EvalContext, index: IsoDateTime): Candidate | undefined {
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
  const isMet = (id: string) => result(id).status === "met";
  const rule = def.certainty.find(
    (r) =>
      r.allOf.every(isMet) &&
      (r.anyOf === undefined || r.anyOf.some(isMet)) &&
      (r.atLeast === undefined || r.atLeast.of.filter(isMet).length >= r.atLeast.min),
  );
  if (!rule) return undefined;
  const criteria: CriterionTrace[] = def.criteria.map((c) => trace(c.id, c.label, result(c.id)));

  const differentials: DifferentialTrace[] = def.differentials.map((d) => ({
    ...trace(d.id, d.label, evaluate(d.test, ctx)),
    effect: d.effect,
  }));
  const metDiffs = def.differentials.filter((_, i) => differentials[i]?.status === "met");
  if (metDiffs.some((d) => d.effect === "exclude")) return undefined;
  // Each alternative explanation lowers certainty one level, down to "possible" (it stays listed in the trace).
  const level = Math.min(LEVELS.indexOf(rule.level) + metDiffs.length, LEVELS.length - 1);
  const certainty = LEVELS[level] as Certainty;

  const grade = gradeOf(def, ctx);
  const scores = def.scores.flatMap((id) => {
    const s = episodeScore(id, ctx);
    return s && s.value !== null ? [{ id: s.id, value: s.value, interpretation: s.interpretation }] : [];
  });
  const onset = onsetOf(exposure, index);
  const latencyIds = new Set(def.criteria.filter((c) => c.test.kind === "latency").map((c) => c.id));
  const latencyMet = criteria.some((c) => c.status === "met" && latencyIds.has(c.id));
  const detection: Detection = {
    disorder: def.id,
    certainty,
    ...(grade ? { grade: grade.grade, gradeBasis: grade.basis } : {}),
    onset,
    criteria,
    scores,
    differentials,
    summary: summarize(def, certainty, grade?.grade, onset),
  };
  return { detection, rank: certaintyRank(certainty), latencyMet };
}

function trace(id: string, label: string, r: TestResult): CriterionTrace {
  return { id, label, status: r.status, evidence: r.evidence, ...(r.detail ? { detail: r.detail } : {}) };
}

function gradeOf(def: Disorder, ctx: EvalContext): { grade: number; basis: string } | undefined {
  for (const r of def.grade.rules) {
    if (evaluate(r.when, ctx).status === "met") return { grade: r.grade, basis: r.basis };
  }
  const c = def.grade.ctcae;
  if (!c || !ctx.index) return undefined;
  const from = instant(ctx.index);
  const to = instant(ctx.episodeEnd ?? ctx.evaluatedAt);
  let worst: { grade: number; basis: string } | undefined;
  for (const l of ctx.labsById.get(c.lab) ?? []) {
    const t = instant(l.at);
    if (t < from || t > to) continue;
    const g = ctx.services.ctcaeGrade(c.term, l);
    if (g !== undefined && g > 0 && (!worst || g > worst.grade))
      worst = {
        grade: g,
        basis:
          `CTCAE v5.0 ${c.term} grade ${g} (${l.lab} ${l.comparator ?? ""}${l.value} ${l.unit ?? ""})`.replace(
            " )",
            ")",
          ),
      };
  }
  return worst;
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

function summarize(def: Disorder, certainty: Certainty, grade: number | undefined, onset: Onset): string {
  const g = grade ? `, grade ${grade}` : "";
  return `${certainty[0]?.toUpperCase()}${certainty.slice(1)} ${def.name}${g}: onset day ${onset.daysFromFirstDose} after ${onset.drug}.`;
}

/**
 * Runs one disorder's definition for every exposure of a class it applies to and returns the best
 * detection (highest certainty, then plausible latency, then the most recently started exposure).
 */
function detectDisorder(
  def: Disorder,
  record: PatientRecord,
  labsById: ReadonlyMap<string, readonly LabResult[]>,
  evaluatedAt: IsoDateTime,
  services: DetectServices,
  findings: ReadonlyMap<DisorderId, Certainty>,
): Detection | undefined {
  const base = { record, labsById, evaluatedAt, services, findings };
  const candidates = record.exposures
    .map((e) => ({ e, c: evaluateFor(def, base, e) }))
    .filter((x): x is { e: Exposure; c: Candidate } => x.c !== undefined)
    .sort(
      (a, b) =>
        b.c.rank - a.c.rank ||
        Number(b.c.latencyMet) - Number(a.c.latencyMet) ||
        instant(exposureStart(b.e)) - instant(exposureStart(a.e)),
    );
  return candidates[0]?.c.detection;
}

/**
 * All disorders in knowledge order (a definition may depend on an earlier one's finding, as Evans on ITP),
 * with superseded findings removed and the rest sorted most certain, most severe, then by priority.
 */
export function detectAll(
  defs: readonly Disorder[],
  record: PatientRecord,
  evaluatedAt: IsoDateTime,
  services: DetectServices,
): Detection[] {
  const labsById = groupByLab(usableLabs(record));
  const found = new Map<DisorderId, Certainty>();
  const detections: Detection[] = [];
  for (const def of defs) {
    const d = detectDisorder(def, record, labsById, evaluatedAt, services, found);
    if (!d) continue;
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
  return detections
    .filter((d) => !superseded.has(d.disorder))
    .sort(
      (a, b) =>
        certaintyRank(b.certainty) - certaintyRank(a.certainty) ||
        Number(outranks(b.disorder, a.disorder)) - Number(outranks(a.disorder, b.disorder)) ||
        (b.grade ?? 0) - (a.grade ?? 0) ||
        (priority.get(a.disorder) ?? 99) - (priority.get(b.disorder) ?? 99),
    );
}
