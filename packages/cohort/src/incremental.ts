/**
 * The daily screen without re-assessing what cannot have changed. Each recorded run keeps, per candidate,
 * a fingerprint of the rows the engine read (./records.ts `fingerprintQuery`) and the latest date among
 * them. The next run reuses a candidate's items from the latest run instead of assessing again when:
 * - that run used the same engine version and knowledge (hash), and was evaluated no later than this one;
 * - the candidate's rows as of this run's evaluation time have the same fingerprint (no row added,
 *   changed or removed, and none dated between the two evaluation times);
 * - and the evaluation time cannot change the result: it is the same, or every row of the candidate
 *   (start and end dates) lies at least the knowledge's longest time window before the earlier run's
 *   evaluation time. The engine's windows are anchored at the records (exposures, onsets); the
 *   evaluation time ends open intervals (an episode still running, a drug without an end, days without a
 *   measurement), so once every window that starts from a record has closed, moving the evaluation time
 *   on changes nothing. Whoever is not provably unchanged is assessed again.
 * The SQL prefilter itself runs in full each time, so a patient who becomes a candidate is never missed.
 */
import type { Knowledge } from "@hemosentinel/core";
import type { CohortDatabase } from "./database.js";
import { fingerprintQuery, type ReadScope } from "./records.js";
import { insertRows } from "./sql.js";

const DAY_MS = 86_400_000;

/** What a run stores of a candidate: the fingerprint of its rows and the latest date among them. */
export interface PersonState {
  readonly fingerprint: string;
  /** ISO instant, or null when the person has no dated row. */
  readonly lastAt: string | null;
}

/** The run whose items a new run may reuse. */
export interface ReusableRun {
  readonly runId: number;
  readonly evaluatedAt: string;
  readonly states: ReadonlyMap<string, PersonState>;
}

/**
 * How far forward of a record any rule of the knowledge reaches, in days: the largest value of every
 * numeric field named `…days`/`…day` (not a dose `…perDay`; window ends, latencies, episode lengths, look-backs, carry-forwards;
 * negative offsets reach back from their record, not forward) and of `…hours` as days — an upper bound on
 * how long after a patient's last record the result can still change as the evaluation time moves on.
 * @example
 * timeHorizonDays(knowledge); // 1461 (alemtuzumab's 48-month window, the longest latency) with the shipped knowledge
 */
export function timeHorizonDays(knowledge: Knowledge): number {
  let max = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value !== null && typeof value === "object")
      for (const [key, v] of Object.entries(value)) {
        if (typeof v !== "number") visit(v);
        else if (/(?<!per)days?$/i.test(key)) max = Math.max(max, v);
        else if (/hours$/i.test(key)) max = Math.max(max, Math.ceil(v / 24));
      }
  };
  visit(knowledge);
  return max;
}

/** The fingerprints of `personIds`' rows as of `at`, of the rows the screen reads (`scope`). */
export async function personStates(
  db: CohortDatabase,
  personIds: readonly string[],
  at: string,
  scope?: ReadScope,
): Promise<Map<string, PersonState>> {
  const states = new Map<string, PersonState>();
  if (personIds.length === 0) return states;
  await db.run(
    db.dialect.createTemp("hs_fingerprint", "SELECT CAST(NULL AS BIGINT) AS person_id WHERE FALSE"),
  );
  try {
    await insertRows(
      db,
      "hs_fingerprint",
      personIds.map((id) => [Number(id)]),
      2000,
    );
    for (const r of await db.all(fingerprintQuery(db, at, "hs_fingerprint", scope)))
      states.set(String(r.person_id), {
        fingerprint: String(r.fingerprint),
        lastAt: r.last_at === null ? null : String(r.last_at),
      });
  } finally {
    await db.run(db.dialect.dropTemp("hs_fingerprint"));
  }
  return states;
}

/** Stores the candidates' fingerprints of run `runId`. */
export async function recordStates(
  db: CohortDatabase,
  runId: number,
  states: ReadonlyMap<string, PersonState>,
): Promise<void> {
  await insertRows(
    db,
    `${db.schemas.results}.screen_person`,
    [...states].map(([personId, s]) => [runId, personId, s.fingerprint, s.lastAt]),
  );
}

/**
 * The latest recorded run, with its candidates' fingerprints, when a run evaluated at `evaluatedAt` with
 * this engine version and knowledge may reuse its items; null otherwise.
 */
export async function reusableRun(
  db: CohortDatabase,
  knowledge: Knowledge,
  version: string,
  evaluatedAt: string,
): Promise<ReusableRun | null> {
  const [last] = await db.all(
    `SELECT run_id, evaluated_at, engine_version, knowledge_hash FROM ${db.schemas.results}.screen_run ORDER BY run_id DESC LIMIT 1`,
  );
  if (
    last === undefined ||
    last.engine_version !== version ||
    last.knowledge_hash !== knowledge.hash ||
    Date.parse(String(last.evaluated_at)) > Date.parse(evaluatedAt)
  )
    return null;
  const runId = Number(last.run_id);
  const states = new Map<string, PersonState>();
  for (const r of await db.all(
    `SELECT person_id, fingerprint, last_at FROM ${db.schemas.results}.screen_person WHERE run_id = ${runId}`,
  ))
    states.set(String(r.person_id), {
      fingerprint: String(r.fingerprint),
      lastAt: r.last_at === null ? null : String(r.last_at),
    });
  return { runId, evaluatedAt: String(last.evaluated_at), states };
}

/**
 * Whether a candidate's items of run `prior` hold unchanged at `evaluatedAt` (see the module comment).
 * @example
 * isUnchanged(prior, "42", state, "2025-07-01T23:59:59Z", 730);
 */
export function isUnchanged(
  prior: ReusableRun,
  personId: string,
  now: PersonState,
  evaluatedAt: string,
  horizonDays: number,
): boolean {
  const before = prior.states.get(personId);
  if (before === undefined || before.fingerprint !== now.fingerprint) return false;
  if (Date.parse(prior.evaluatedAt) === Date.parse(evaluatedAt)) return true;
  return (
    now.lastAt !== null && Date.parse(now.lastAt) + horizonDays * DAY_MS <= Date.parse(prior.evaluatedAt)
  );
}
