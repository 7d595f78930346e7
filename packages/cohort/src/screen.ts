/**
 * `cohort screen`: the daily screen of every patient exposed to immunotherapy. The SQL prefilter
 * (./prefilter.ts) selects the patients the engine could flag; the engine's screening view (the full
 * assessment's findings and unexplained abnormalities, ./items.ts) then assesses only them, in this thread
 * or in worker threads (./screen-pool.ts), from their OMOP rows read as FHIR (./records.ts) — only the rows
 * of concepts the core's adapter uses (./read-scope.ts) — except candidates whose rows have not changed
 * since the last run and whose result the evaluation time cannot change (./incremental.ts). Each run is
 * stored in the results schema with what it flagged — findings and unexplained serious abnormalities — so a
 * run reports what is new or changed since an earlier one, and what no longer appears.
 */
import { createEngine, type Knowledge } from "@hemosentinel/core";
import { givenCandidates } from "./candidates.js";
import type { CohortDatabase } from "./database.js";
import {
  isUnchanged,
  type PersonState,
  personStates,
  recordStates,
  reusableRun,
  timeHorizonDays,
} from "./incremental.js";
import { itemsOf, type ScreenItem, screenRows } from "./items.js";
import { compilePrefilter } from "./prefilter.js";
import { readScope } from "./read-scope.js";
import { assessPersons, eachBatch, type ReadScope } from "./records.js";
import { requireCompleteImport } from "./results.js";
import { type ScreenWorkers, startScreenPool } from "./screen-pool.js";
import { insertRows } from "./sql.js";

export type { ScreenItem } from "./items.js";

export type ItemStatus = "new" | "changed" | "unchanged";

export interface ScreenRun {
  readonly runId: number;
  readonly evaluatedAt: string;
  readonly engineVersion: string;
  readonly knowledgeVersion: string;
  readonly knowledgeHash: string;
  /** Persons with an immunotherapy exposure by the evaluation time. */
  readonly exposed: number;
  /** Persons the prefilter passed on. */
  readonly candidates: number;
  /** Candidates the engine assessed; the others' rows had not changed since run `reusedFrom`. */
  readonly assessed: number;
  /** The run whose items the unchanged candidates kept (./incremental.ts), or null. */
  readonly reusedFrom: number | null;
  /** Persons with at least one item. */
  readonly flagged: number;
}

export interface ScreenResult {
  readonly run: ScreenRun;
  /** The run compared with, or null for a first run (every item is then new). */
  readonly since: { readonly runId: number; readonly evaluatedAt: string } | null;
  /** Every item of this run with its status against `since`, most certain and severe first. */
  readonly items: readonly (ScreenItem & { readonly status: ItemStatus })[];
  /** Items of the earlier run that this run no longer flags. */
  readonly resolved: readonly ScreenItem[];
  /** Why each candidate was passed on (disorders and abnormalities whose SQL condition held). */
  readonly candidateReasons: Readonly<Record<string, number>>;
  /** With given candidates: the ids the store holds no person for (their records must be imported). */
  readonly notInStore?: readonly string[];
}

const CERTAINTY_RANK: Readonly<Record<string, number>> = { definite: 3, probable: 2, possible: 1 };

const keyOf = (i: ScreenItem) => `${i.personId}|${i.kind}|${i.item}|${i.kind === "unexplained" ? i.at : ""}`;
/** What makes an item changed: certainty, grade, onset, drug, and a death recorded since (appended only then). */
const signatureOf = (i: ScreenItem) =>
  `${i.certainty ?? ""}|${i.grade ?? ""}|${i.at}|${i.drug ?? ""}${i.deceased === undefined ? "" : `|deceased ${i.deceased}`}`;

function order(a: ScreenItem, b: ScreenItem): number {
  return (
    (CERTAINTY_RANK[b.certainty ?? ""] ?? 0) - (CERTAINTY_RANK[a.certainty ?? ""] ?? 0) ||
    (b.grade ?? 0) - (a.grade ?? 0) ||
    a.kind.localeCompare(b.kind) ||
    a.item.localeCompare(b.item) ||
    Number(a.personId) - Number(b.personId) ||
    a.personId.localeCompare(b.personId) ||
    a.at.localeCompare(b.at)
  );
}

export interface ScreenOptions {
  readonly evaluatedAt: string;
  readonly version: string;
  /** `last` (the latest earlier run), an ISO date (the latest run evaluated by then), or none. */
  readonly since?: string;
  /** Store the run in the results schema (default true). */
  readonly record?: boolean;
  /** Keep the last run's items of candidates whose rows have not changed (default true). */
  readonly reuse?: boolean;
  readonly batch?: number;
  /** Person ids selected elsewhere (the screening SQL run on a warehouse): assessed instead of the prefilter's. */
  readonly candidates?: readonly string[];
  /** `candidates` learns how many candidates the engine assesses, and in how many threads. */
  readonly progress?: { candidates(n: number, threads: number): void; assessed(done: number): void };
  /** Screen the candidates in worker threads (default: in the calling thread). */
  readonly workers?: ScreenWorkers;
}

/** The prefilter's candidates and the exposed persons, as of `evaluatedAt`. */
export async function prefilterCandidates(
  db: CohortDatabase,
  knowledge: Knowledge,
  evaluatedAt: string,
): Promise<{ exposed: string[]; candidates: { personId: string; reasons: string[] }[] }> {
  const plan = compilePrefilter(knowledge, db.dialect, evaluatedAt, db.schemas);
  try {
    for (const sql of plan.setup) await db.run(sql);
    const exposed = (await db.all(plan.exposed)).map((r) => String(r.person_id));
    const candidates = (await db.all(plan.candidates)).map((r) => ({
      personId: String(r.person_id),
      reasons: String(r.reasons).split(","),
    }));
    return { exposed, candidates };
  } finally {
    for (const sql of plan.cleanup) await db.run(sql);
  }
}

/** Assesses `personIds` with the full engine and returns what it flags. */
export async function engineItems(
  db: CohortDatabase,
  knowledge: Knowledge,
  personIds: readonly string[],
  options: Pick<ScreenOptions, "evaluatedAt" | "version" | "batch"> & { onBatch?: (done: number) => void },
): Promise<ScreenItem[]> {
  const items: ScreenItem[] = [];
  await assessPersons(
    db,
    personIds,
    options.evaluatedAt,
    () => createEngine(knowledge, { evaluatedAt: options.evaluatedAt, version: options.version }),
    (report) => items.push(...itemsOf(report)),
    {
      ...(options.batch !== undefined && { batch: options.batch }),
      ...(options.onBatch && { onBatch: options.onBatch }),
    },
  );
  return items.sort(order);
}

/** The threads that screen `persons`: no more workers than batches, 1 being the calling thread. */
function threadsFor(persons: number, options: Pick<ScreenOptions, "batch" | "workers">): number {
  return Math.max(1, Math.min(options.workers?.threads ?? 1, Math.ceil(persons / (options.batch ?? 200))));
}

/**
 * What the engine flags about `personIds`, from the core's screening view of each record (the items of
 * the full report, without computing the plans and scores they do not depend on), in the calling thread
 * or in `workers.threads` worker threads; the same items, in the same order, either way.
 */
export async function screenItems(
  db: CohortDatabase,
  knowledge: Knowledge,
  personIds: readonly string[],
  options: Pick<ScreenOptions, "evaluatedAt" | "version" | "batch" | "workers"> & {
    onBatch?: (done: number) => void;
    /** The rows to read (default: the read scope of `knowledge`, ./read-scope.ts). */
    scope?: ReadScope;
  },
): Promise<ScreenItem[]> {
  const { evaluatedAt, version, workers } = options;
  const threads = threadsFor(personIds.length, options);
  const perBatch: ScreenItem[][] = [];
  const scope = options.scope ?? (await readScope(db, knowledge, evaluatedAt));
  const read = (onRows: Parameters<typeof eachBatch>[3]) =>
    eachBatch(db, personIds, evaluatedAt, onRows, {
      scope,
      ...(options.batch !== undefined && { batch: options.batch }),
    });
  if (workers === undefined || threads === 1) {
    const engine = createEngine(knowledge, { evaluatedAt, version });
    await read((rows, done) => {
      perBatch.push(screenRows(engine, rows));
      options.onBatch?.(done);
    });
  } else {
    if (workers.bundle.hash !== knowledge.hash)
      throw new Error(
        `the workers' knowledge bundle (${workers.bundle.hash}) is not the screen's knowledge (${knowledge.hash})`,
      );
    const pool = startScreenPool({ ...workers, threads }, evaluatedAt, version);
    try {
      const screened: Promise<void>[] = [];
      let before = 0;
      let finished = 0;
      await read(async (rows, done) => {
        const b = perBatch.push([]) - 1;
        const size = done - before;
        before = done;
        const result = pool.screen(rows).then((items) => {
          perBatch[b] = items;
          finished += size;
          options.onBatch?.(finished);
        });
        // A failure surfaces through ready() or the final wait, never as an unhandled rejection.
        result.catch(() => undefined);
        screened.push(result);
        await pool.ready();
      });
      await Promise.all(screened);
    } finally {
      await pool.close();
    }
  }
  return perBatch.flat().sort(order);
}

async function baseRun(
  db: CohortDatabase,
  since: string | undefined,
): Promise<{ runId: number; evaluatedAt: string } | null> {
  if (since === undefined) return null;
  const S = db.schemas.results;
  const where =
    since === "last" ? "" : `WHERE evaluated_at <= ${db.dialect.string(`${since.slice(0, 10)}T23:59:59Z`)}`;
  const rows = await db.all(
    `SELECT run_id, evaluated_at FROM ${S}.screen_run ${where} ORDER BY run_id DESC LIMIT 1`,
  );
  const r = rows[0];
  return r ? { runId: Number(r.run_id), evaluatedAt: String(r.evaluated_at) } : null;
}

/**
 * A run's items with their status against an earlier run's (`before`, empty for a first run), and the
 * earlier items this run no longer flags.
 */
export function compareItems(
  items: readonly ScreenItem[],
  before: readonly ScreenItem[],
): Pick<ScreenResult, "items" | "resolved"> {
  const previous = new Map(before.map((i) => [keyOf(i), i]));
  const current = new Set(items.map(keyOf));
  return {
    items: items.map((i) => {
      const p = previous.get(keyOf(i));
      const status: ItemStatus =
        p === undefined ? "new" : signatureOf(p) === signatureOf(i) ? "unchanged" : "changed";
      return { ...i, status };
    }),
    resolved: before.filter((i) => !current.has(keyOf(i))).sort(order),
  };
}

/** The items a stored run flagged, most certain and severe first. */
export async function itemsOfRun(db: CohortDatabase, runId: number): Promise<ScreenItem[]> {
  const rows = await db.all(`SELECT * FROM ${db.schemas.results}.screen_finding WHERE run_id = ${runId}`);
  return rows
    .map((r) => ({
      personId: String(r.person_id),
      kind: r.kind as ScreenItem["kind"],
      item: String(r.item),
      ...(r.certainty !== null && { certainty: String(r.certainty) }),
      ...(r.grade !== null && { grade: Number(r.grade) }),
      at: String(r.onset),
      ...(r.drug !== null && { drug: String(r.drug) }),
      ...(r.drug_class !== null && { drugClass: String(r.drug_class) }),
      ...(r.days_from_first_dose !== null && { daysFromFirstDose: Number(r.days_from_first_dose) }),
      summary: String(r.summary),
      ...(r.deceased !== null && r.deceased !== undefined && { deceased: String(r.deceased) }),
    }))
    .sort(order);
}

/**
 * Screens the cohort as of `evaluatedAt` and compares with an earlier run.
 * @example
 * const result = await screenCohort(db, knowledge, { evaluatedAt: "2025-01-01T23:59:59Z", version: "0.1.0", since: "last" });
 * result.items.filter((i) => i.status !== "unchanged");
 */
export async function screenCohort(
  db: CohortDatabase,
  knowledge: Knowledge,
  options: ScreenOptions,
): Promise<ScreenResult> {
  await requireCompleteImport(db);
  const { evaluatedAt } = options;
  const given =
    options.candidates === undefined ? undefined : await givenCandidates(db, options.candidates, evaluatedAt);
  const { exposed, candidates } = given ?? (await prefilterCandidates(db, knowledge, evaluatedAt));
  const candidateIds = candidates.map((c) => c.personId);
  const prior =
    options.reuse === false ? null : await reusableRun(db, knowledge, options.version, evaluatedAt);
  // The fingerprints cover exactly the rows the screen reads.
  const scope = await readScope(db, knowledge, evaluatedAt);
  const states =
    options.record !== false || prior !== null
      ? await personStates(db, candidateIds, evaluatedAt, scope)
      : new Map<string, PersonState>();
  const horizon = timeHorizonDays(knowledge);
  const unchanged = new Set(
    candidateIds.filter((id) => {
      const state = states.get(id);
      return prior !== null && state !== undefined && isUnchanged(prior, id, state, evaluatedAt, horizon);
    }),
  );
  const toAssess = candidateIds.filter((id) => !unchanged.has(id));
  options.progress?.candidates(toAssess.length, threadsFor(toAssess.length, options));
  const assessed = await screenItems(db, knowledge, toAssess, {
    ...options,
    scope,
    onBatch: (done) => options.progress?.assessed(done),
  });
  const kept =
    prior !== null && unchanged.size > 0
      ? (await itemsOfRun(db, prior.runId)).filter((i) => unchanged.has(i.personId))
      : [];
  const items = [...assessed, ...kept].sort(order);
  const since = await baseRun(db, options.since);
  const before = since ? await itemsOfRun(db, since.runId) : [];
  const compared = compareItems(items, before);
  const S = db.schemas.results;
  const maxRun = await db.all(`SELECT coalesce(max(run_id), 0) AS n FROM ${S}.screen_run`);
  const run: ScreenRun = {
    runId: Number(maxRun[0]?.n ?? 0) + 1,
    evaluatedAt: options.evaluatedAt,
    engineVersion: options.version,
    knowledgeVersion: knowledge.version,
    knowledgeHash: knowledge.hash,
    exposed: exposed.length,
    candidates: candidates.length,
    assessed: toAssess.length,
    reusedFrom: unchanged.size > 0 && prior !== null ? prior.runId : null,
    flagged: new Set(items.map((i) => i.personId)).size,
  };
  if (options.record !== false) {
    await insertRows(db, `${S}.screen_run`, [
      [
        run.runId,
        new Date().toISOString().replace("T", " ").replace("Z", ""),
        run.evaluatedAt,
        run.engineVersion,
        run.knowledgeVersion,
        run.knowledgeHash,
        run.exposed,
        run.candidates,
        run.flagged,
      ],
    ]);
    await insertRows(
      db,
      `${S}.screen_finding`,
      items.map((i) => [
        run.runId,
        i.personId,
        i.kind,
        i.item,
        i.certainty ?? null,
        i.grade ?? null,
        i.at,
        i.drug ?? null,
        i.drugClass ?? null,
        i.daysFromFirstDose ?? null,
        i.summary,
        signatureOf(i),
        i.deceased ?? null,
      ]),
    );
    await recordStates(db, run.runId, states);
  }
  const candidateReasons: Record<string, number> = {};
  for (const c of candidates) for (const r of c.reasons) candidateReasons[r] = (candidateReasons[r] ?? 0) + 1;
  return {
    run,
    since,
    ...compared,
    candidateReasons,
    ...(given && { notInStore: given.notInStore }),
  };
}
