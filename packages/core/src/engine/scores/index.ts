/**
 * Entry points for the validated scores: one score at an instant (for detectors, e.g. ISTH DIC at a
 * platelet nadir) and the latest computable value of every score (for the report).
 */

import type { IsoDateTime, PatientRecord } from "../../contracts/model.js";
import type { ScoreResult } from "../../contracts/report.js";
import type { EventKind } from "../../contracts/vocabularies.js";
import type {
  Component,
  EasixScore,
  FactSet,
  PointsScore,
  ScoreConfig,
  ScoreConfigs,
} from "../../knowledge/scores.js";
import { instant } from "../dates.js";
import { labsByIdInRecordOrder } from "../lab-query.js";
import { weakMemo } from "../memo.js";
import { compute4Ts } from "./4ts.js";
import { computeEasix } from "./easix.js";
import { computeHematotoxGrade } from "./hematotox-grading.js";
import { recordedFacts, type StatedAnswers } from "./inputs.js";
import { computeBaselinePointsScore, computePointsScore, type LabCatalogue } from "./points-score.js";

export type { LabCatalogue } from "./points-score.js";

function dispatch(
  config: ScoreConfig,
  record: PatientRecord,
  at: IsoDateTime,
  labs: LabCatalogue,
  answers?: StatedAnswers,
): ScoreResult | undefined {
  switch (config.kind) {
    case "points":
      return computePointsScore(record, at, config, labs, answers);
    case "baseline-points":
      return computeBaselinePointsScore(record, at, config, labs, answers);
    case "easix":
      return computeEasix(record, at, config);
    case "hematotox-grading":
      return computeHematotoxGrade(record, at, config);
    case "four-ts":
      return compute4Ts(record, at, config, labs, answers);
  }
}

/**
 * One score at one instant; undefined for an unknown id or when the score does not apply to the record
 * (no CAR-T exposure for ICAHT or CAR-HEMATOTOX, no heparin for 4Ts, no known cancer for Khorana, ...).
 * `answers` are what a calculator form states beyond the record (none for a patient's record).
 *
 * @example computeScore("isth-overt-dic", record, nadir.at, loadScoreConfigs(), vocabulary.labById)
 */
export function computeScore(
  id: string,
  record: PatientRecord,
  at: IsoDateTime,
  configs: ScoreConfigs,
  labs: LabCatalogue,
  answers?: StatedAnswers,
): ScoreResult | undefined {
  const config = configs.get(id);
  return config ? dispatch(config, record, at, labs, answers) : undefined;
}

/** Labs a component reads (any one of them gives it data). */
function labsOf(c: Component): string[] {
  switch (c.kind) {
    case "lab":
    case "lab-vs-uln":
    case "lab-or-drug":
      return [c.lab];
    case "fibrin-marker":
      return [...c.relativeToUln.labs, ...c.assays.map((a) => a.lab)];
    case "any-of":
      return c.criteria.map((k) => k.lab);
    case "count-of":
      return c.criteria.flatMap((k) => ("lab" in k ? [k.lab] : []));
    case "sofa-partial":
      return c.organs.map((o) => o.lab);
    default:
      return [];
  }
}

/** Every lab id a score reads, required or not (the atlas's lab pages). */
export function labsReadBy(config: ScoreConfig): string[] {
  switch (config.kind) {
    case "points":
    case "baseline-points":
      return [...new Set(config.components.flatMap(labsOf))];
    default:
      return [...new Set(candidateLabs(config))];
  }
}

/** The lab ids whose results a score's required components read (the instants worth scoring at). */
export function scoreLabs(id: string, configs: ScoreConfigs): readonly string[] {
  const config = configs.get(id);
  return config ? candidateLabs(config) : [];
}

// What a score reads is a property of its configuration: worked out once per configuration (weakly held,
// so it goes with the knowledge), not at every instant a detector scores.
const candidateLabs = weakMemo(requiredLabs);
const candidateEvents = weakMemo(factEvents);

function requiredLabs(config: ScoreConfig): string[] {
  switch (config.kind) {
    case "points":
      return config.components
        .filter((c) => config.requires.includes(c.id) || config.alsoScoredAt?.includes(c.id))
        .flatMap(labsOf);
    case "baseline-points":
      return config.components.filter((c) => config.requires.includes(c.id)).flatMap(labsOf);
    case "easix":
      return Object.values(config.inputs).map((i) => i.lab);
    case "hematotox-grading":
      return [config.lab];
    case "four-ts":
      return [config.platelets.lab];
  }
}

/**
 * Event kinds whose recorded times are also instants worth scoring at: the clinical facts a score reads
 * (the thrombosis of the 4Ts charted after the nadir count, the sepsis of SIC), so the score reflects them
 * as soon as they are charted rather than at the next lab result.
 */
export function scoreEvents(id: string, configs: ScoreConfigs): readonly EventKind[] {
  const config = configs.get(id);
  return config ? candidateEvents(config) : [];
}

/** The event kinds one fact set reads, its qualified events included. */
function factSetEvents(facts: FactSet): EventKind[] {
  return [...(facts.events ?? []), ...(facts.qualifiedEvents ?? []).map((q) => q.event)];
}

function factEvents(config: ScoreConfig): EventKind[] {
  switch (config.kind) {
    case "points":
    case "baseline-points":
      return config.components.flatMap((c) =>
        c.kind === "fact"
          ? factSetEvents(c.facts)
          : c.kind === "count-of"
            ? c.criteria.flatMap((k) => ("facts" in k ? factSetEvents(k.facts) : []))
            : [],
      );
    case "four-ts":
      return [...config.thrombosis.confirmed, ...(config.otherCause.possible.events ?? [])];
    default:
      return [];
  }
}

/**
 * A cheap pre-check for points scores and EASIX: at instant τ, does every required input have a result of
 * one of its labs within the window? Skips full evaluation at instants that cannot be computable (long
 * records): a points score needs its required components, EASIX all three of its inputs.
 */
function coverage(
  config: PointsScore | EasixScore,
  times: ReadonlyMap<string, readonly number[]>,
): (tau: number) => boolean {
  const span = config.window.hours * 3_600_000;
  const required =
    config.kind === "points"
      ? config.components.filter((c) => config.requires.includes(c.id)).map(labsOf)
      : Object.values(config.inputs).map((i) => [i.lab]);
  const hasIn = (sorted: readonly number[], lo: number, hi: number): boolean => {
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if ((sorted[m] as number) < lo) a = m + 1;
      else b = m;
    }
    return a < sorted.length && (sorted[a] as number) <= hi;
  };
  return (tau) =>
    required.every(
      (ids) => ids.length === 0 || ids.some((id) => hasIn(times.get(id) ?? [], tau - span, tau)),
    );
}

function computable(config: ScoreConfig, r: ScoreResult): boolean {
  switch (config.kind) {
    case "points":
    case "baseline-points":
      return config.requires.every((id) => id in r.components);
    case "four-ts":
      return "thrombocytopenia" in r.components;
    default:
      return r.value !== null;
  }
}

/**
 * For every configured score, its latest computable value at or before `evaluatedAt`: the latest lab
 * result time, or time of a clinical fact it reads, at which the score applies and its required components
 * have data. Baseline scores
 * (CAR-HEMATOTOX) are computed once at `evaluatedAt`. Scores never computable are left out.
 *
 * @example computeAllScores(record, "2024-03-01T00:00:00Z", loadScoreConfigs(), vocabulary.labById)
 */
export function computeAllScores(
  record: PatientRecord,
  evaluatedAt: IsoDateTime,
  configs: ScoreConfigs,
  labs: LabCatalogue,
): ScoreResult[] {
  const t = instant(evaluatedAt);
  const out: ScoreResult[] = [];
  // Instants of the numeric results up to the evaluation, by lab, oldest first: shared by every score.
  const times = new Map<string, number[]>();
  const stamps = new Map<number, IsoDateTime>();
  for (const l of record.labs) {
    const ti = instant(l.at);
    if (ti > t || typeof l.value !== "number") continue;
    const list = times.get(l.lab);
    if (list) list.push(ti);
    else times.set(l.lab, [ti]);
    stamps.set(ti, l.at);
  }
  for (const e of record.events) {
    const ti = instant(e.at);
    if (ti > t) continue;
    const key = `event:${e.kind}`;
    const list = times.get(key);
    if (list) list.push(ti);
    else times.set(key, [ti]);
    stamps.set(ti, e.at);
  }
  for (const v of times.values()) v.sort((a, b) => a - b);
  for (const config of configs.values()) {
    if (config.kind === "baseline-points") {
      const r = dispatch(config, record, evaluatedAt, labs);
      if (r && computable(config, r)) out.push(r);
      continue;
    }
    // A score restricted to low values of a lab (PLASMIC, French TMA: platelets < 150) cannot apply to a
    // record that never had one: skip the search through every candidate time.
    const gate = config.kind === "points" ? config.applicability?.lab : undefined;
    if (
      gate &&
      !(labsByIdInRecordOrder(record.labs).get(gate.lab) ?? []).some(
        (l) =>
          l.unit === gate.unit && typeof l.value === "number" && l.value < gate.below && instant(l.at) <= t,
      )
    )
      continue;
    // Likewise a score that needs a recorded fact (sepsis for SIC, known cancer for Khorana) that the
    // record never has, at any time up to the evaluation.
    const facts = config.kind === "points" ? config.applicability?.facts : undefined;
    if (facts && recordedFacts(record, { ...facts, lookbackDays: undefined }, evaluatedAt).length === 0)
      continue;
    const keys = [...candidateLabs(config), ...candidateEvents(config).map((k) => `event:${k}`)];
    const lists = [...new Set(keys)].flatMap((id) => {
      const list = times.get(id);
      return list ? [list] : [];
    });
    const covered =
      config.kind === "points" || config.kind === "easix" ? coverage(config, times) : () => true;
    for (const tau of newestFirst(lists)) {
      if (!covered(tau)) continue;
      const at = stamps.get(tau) as IsoDateTime;
      const r = dispatch(config, record, at, labs);
      if (r && computable(config, r)) {
        out.push(r);
        break;
      }
    }
  }
  return out;
}

/**
 * The distinct instants of several ascending lists, newest first, merged lazily: most scores are
 * computable at the latest instant, so the rest of a long record is never sorted.
 */
function* newestFirst(lists: readonly (readonly number[])[]): Generator<number> {
  const next = lists.map((l) => l.length - 1);
  let last = Number.POSITIVE_INFINITY;
  for (;;) {
    let best = -1;
    let bestT = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < lists.length; i++) {
      const k = next[i] as number;
      if (k >= 0 && ((lists[i] as readonly number[])[k] as number) > bestT) {
        best = i;
        bestT = (lists[i] as readonly number[])[k] as number;
      }
    }
    if (best < 0) return;
    next[best] = (next[best] as number) - 1;
    if (bestT < last) {
      last = bestT;
      yield bestT;
    }
  }
}
