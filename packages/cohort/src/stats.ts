/**
 * `cohort stats`: incidence and time to onset per disorder, from a screening run's findings (the latest
 * run unless another is named) and the cohort's exposures, observation periods and deaths.
 *
 * Per group (the whole cohort, each therapy class or each drug) and disorder:
 * - time zero is the person's first dose in the group (first immunotherapy dose for the whole cohort);
 * - follow-up ends at the earliest of the end of the observation period that holds time zero, death,
 *   365 days, and the run's evaluation time; a person whose first dose lies in no observation period has
 *   no follow-up and is counted apart (`outsideObservation`), not guessed;
 * - the event is the person's earliest finding of the disorder attributed to a drug of the group (onset
 *   on or after time zero); findings below `minCertainty` are left out;
 * - death before the event within follow-up is a competing event;
 * - incidence per 100 patient-years at risk counts time until the event or the end of follow-up, with its
 *   exact Poisson interval; cumulative incidence at 30, 90 and 180 days (Aalen–Johansen, death
 *   competing) with a 95 % interval; time to onset in days: median and interquartile range of the events.
 */
import type { Certainty } from "@hemosentinel/core";
import type { CohortDatabase } from "./database.js";
import {
  cumulativeIncidence,
  type FollowUp,
  incidenceAt,
  incidenceInterval,
  quantile,
  ratePer100PatientYears,
} from "./estimators.js";
import { exposureQuery } from "./prefilter.js";
import { requireStoreVersion } from "./results.js";

/** Longest follow-up after time zero, in days. */
export const FOLLOW_UP_DAYS = 365;
/** Days at which the cumulative incidence is reported. */
export const HORIZONS = [30, 90, 180] as const;
const CERTAINTY_ORDER: readonly Certainty[] = ["possible", "probable", "definite"];

export type GroupBy = "all" | "class" | "drug";

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface DisorderStats {
  readonly disorder: string;
  /** Persons with the event within follow-up. */
  readonly cases: number;
  /** Deaths before the event within follow-up (competing). */
  readonly deaths: number;
  readonly patientYears: number;
  /** Per 100 patient-years, with its exact 95 % interval; undefined without follow-up. */
  readonly incidence?: { readonly rate: number } & Interval;
  /** Cumulative incidence (proportion) at 30, 90 and 180 days, with the 95 % interval when defined. */
  readonly cumulative: readonly {
    readonly day: number;
    readonly estimate: number;
    readonly interval?: Interval;
  }[];
  /** Days from time zero to onset: median and quartiles; undefined without cases. */
  readonly onset?: { readonly median: number; readonly q1: number; readonly q3: number };
  /** The curve: cumulative incidence after each event time (starting at day 0, 0). */
  readonly curve: readonly { readonly day: number; readonly estimate: number }[];
}

export interface GroupStats {
  /** `all`, a therapy class or a drug. */
  readonly group: string;
  readonly persons: number;
  /** Exposed persons whose first dose lies in no observation period (left out of the estimates). */
  readonly outsideObservation: number;
  readonly disorders: readonly DisorderStats[];
}

export interface CohortStats {
  readonly run: { readonly runId: number; readonly evaluatedAt: string; readonly knowledgeVersion: string };
  readonly by: GroupBy;
  readonly minCertainty: Certainty;
  readonly groups: readonly GroupStats[];
}

export interface StatsOptions {
  readonly by?: GroupBy;
  /** A screening run id; default the latest. */
  readonly runId?: number;
  /** Lowest certainty of a finding counted as a case; default `possible` (every finding). */
  readonly minCertainty?: Certainty;
}

/** There is no screening run to compute statistics from (or not the one named). */
export class NoScreenRunError extends Error {
  override name = "NoScreenRunError";
}

/** A group's persons: time zero, end of follow-up and how it ended, with the findings that count. */
interface Person {
  readonly group: string;
  readonly personId: string;
  /** Days from time zero to the end of follow-up, or null outside every observation period. */
  readonly followUp: number | null;
  /** Days from time zero to death, when death ends the follow-up. */
  readonly death: number | null;
}

function groupColumn(by: GroupBy): string {
  return by === "all" ? "'all'" : by === "class" ? "x.class" : "x.drug";
}

/**
 * Incidence and time to onset per group and disorder.
 * @example
 * const stats = await cohortStats(db, knowledge.disorders.map((d) => d.id), { by: "class" });
 */
export async function cohortStats(
  db: CohortDatabase,
  disorders: readonly string[],
  options: StatsOptions = {},
): Promise<CohortStats> {
  const by = options.by ?? "all";
  const minCertainty = options.minCertainty ?? "possible";
  // The exposures are read through the concept maps: an earlier release's maps lack what they now hold.
  await requireStoreVersion(db);
  const d = db.dialect;
  const { cdm: C, results: S } = db.schemas;
  const runs = await db.all(
    `SELECT run_id, evaluated_at, knowledge_version FROM ${S}.screen_run
     ${options.runId === undefined ? "" : `WHERE run_id = ${Number(options.runId)}`} ORDER BY run_id DESC LIMIT 1`,
  );
  const run = runs[0];
  if (run === undefined)
    throw new NoScreenRunError(
      options.runId === undefined
        ? "no screening run yet: run `cohort screen` first"
        : `no screening run ${options.runId}`,
    );
  const runId = Number(run.run_id);
  const evaluatedAt = String(run.evaluated_at);
  const at = d.timestamp(evaluatedAt);
  const g = groupColumn(by);
  const zero = `WITH x AS (${exposureQuery(d, evaluatedAt, db.schemas)}),
    z AS (SELECT x.person_id, ${g} AS grp, min(x.first_at) AS t0 FROM x
         GROUP BY x.person_id${by === "all" ? "" : `, ${g}`})`; // PostgreSQL refuses a constant in GROUP BY
  const people = await db.all(
    `${zero},
     p AS (SELECT z.*, (SELECT max(${d.addDays("CAST(o.observation_period_end_date AS TIMESTAMP)", 1)})
                       FROM ${C}.observation_period o WHERE o.person_id = z.person_id
                         AND CAST(o.observation_period_start_date AS TIMESTAMP) <= z.t0
                         AND ${d.addDays("CAST(o.observation_period_end_date AS TIMESTAMP)", 1)} > z.t0) AS obs_end,
                      (SELECT min(coalesce(dd.death_datetime, CAST(dd.death_date AS TIMESTAMP)))
                       FROM ${C}.death dd WHERE dd.person_id = z.person_id) AS died
           FROM z)
     SELECT CAST(person_id AS ${d.text}) AS person_id, grp,
       CASE WHEN obs_end IS NULL THEN NULL ELSE
         least(${d.daysBetween("t0", "obs_end")}, ${FOLLOW_UP_DAYS}, ${d.daysBetween("t0", at)},
               coalesce(${d.daysBetween("t0", "died")}, 1e9)) END AS follow_up,
       ${d.daysBetween("t0", "died")} AS death
     FROM p ORDER BY grp, person_id`,
  );
  const certainties = CERTAINTY_ORDER.slice(CERTAINTY_ORDER.indexOf(minCertainty));
  const groupOf = by === "all" ? "'all'" : by === "class" ? "f.drug_class" : "f.drug";
  // NULLIF: a server may evaluate the cast before the filter that leaves out findings without an onset.
  const onsetAt = "CAST(NULLIF(f.onset, '') AS TIMESTAMP)";
  const findings = await db.all(
    `${zero}
     SELECT f.person_id, z.grp, f.item AS disorder, min(${d.daysBetween("z.t0", onsetAt)}) AS onset
     FROM ${S}.screen_finding f JOIN z ON CAST(z.person_id AS ${d.text}) = f.person_id AND z.grp = ${groupOf}
     WHERE f.run_id = ${runId} AND f.kind = 'finding' AND f.onset <> ''
       AND f.certainty IN (${certainties.map((c) => d.string(c)).join(", ")})
       AND ${onsetAt} >= ${d.addDays("z.t0", -1)}
     GROUP BY f.person_id, z.grp, f.item`,
  );
  const onsetOf = new Map(
    findings.map((f) => [`${f.grp}|${f.person_id}|${f.disorder}`, Math.max(0, Number(f.onset))]),
  );
  const byGroup = new Map<string, Person[]>();
  for (const r of people) {
    const group = String(r.grp);
    const list = byGroup.get(group) ?? [];
    list.push({
      group,
      personId: String(r.person_id),
      followUp: r.follow_up === null ? null : Math.max(0, Number(r.follow_up)),
      death: r.death === null ? null : Number(r.death),
    });
    byGroup.set(group, list);
  }
  const groups: GroupStats[] = [];
  for (const [group, persons] of byGroup) {
    const observed = persons.filter((p) => p.followUp !== null);
    groups.push({
      group,
      persons: persons.length,
      outsideObservation: persons.length - observed.length,
      disorders: disorders.map((disorder) =>
        disorderStats(
          disorder,
          observed.map((p) => followUpOf(p, onsetOf.get(`${group}|${p.personId}|${disorder}`))),
        ),
      ),
    });
  }
  groups.sort((a, b) => b.persons - a.persons || a.group.localeCompare(b.group));
  return {
    run: { runId, evaluatedAt, knowledgeVersion: String(run.knowledge_version) },
    by,
    minCertainty,
    groups,
  };
}

/** A person's follow-up for one disorder: the event if its onset falls within follow-up, else death or censoring. */
function followUpOf(p: Person, onset: number | undefined): FollowUp {
  const end = p.followUp as number;
  if (onset !== undefined && onset <= end) return { days: onset, status: 1 };
  if (p.death !== null && p.death <= end) return { days: end, status: 2 };
  return { days: end, status: 0 };
}

/** The estimates of one disorder over the follow-up of a group. */
export function disorderStats(disorder: string, data: readonly FollowUp[]): DisorderStats {
  const cases = data.filter((x) => x.status === 1);
  const days = data.reduce((sum, x) => sum + x.days, 0);
  const cif = cumulativeIncidence(data);
  const incidence = ratePer100PatientYears(cases.length, days);
  const onsetDays = cases.map((x) => x.days);
  const median = quantile(onsetDays, 0.5);
  return {
    disorder,
    cases: cases.length,
    deaths: data.filter((x) => x.status === 2).length,
    patientYears: days / 365.25,
    ...(incidence !== undefined && { incidence }),
    cumulative: HORIZONS.map((day) => {
      const { estimate, variance } = incidenceAt(cif, day);
      const interval = incidenceInterval(estimate, variance);
      return { day, estimate, ...(interval !== undefined && { interval }) };
    }),
    ...(median !== undefined && {
      onset: { median, q1: quantile(onsetDays, 0.25) as number, q3: quantile(onsetDays, 0.75) as number },
    }),
    // The steps, held to the end of the longest follow-up.
    curve: [
      { day: 0, estimate: 0 },
      ...cif.times.map((day, i) => ({ day, estimate: cif.estimate[i] as number })),
      { day: Math.max(0, ...data.map((x) => x.days)), estimate: cif.estimate.at(-1) ?? 0 },
    ],
  };
}
