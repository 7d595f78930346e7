/**
 * What the cohort page shows of the last screen, read without writing anything (the database may be open
 * read-only): the latest run, its items with their status against the run before it, and how many of
 * that run's items it no longer flags.
 */
import type { CohortDatabase, Row } from "./database.js";
import { requireStoreVersion } from "./results.js";
import { compareItems, itemsOfRun, type ScreenResult, type ScreenRun } from "./screen.js";
import { NoScreenRunError } from "./stats.js";

/** A run as the results schema keeps it (how many candidates it assessed is told only by the run itself). */
export type StoredRun = Omit<ScreenRun, "assessed" | "reusedFrom">;

export interface FlaggedList {
  readonly run: StoredRun;
  /** The run before it, or null when it is the first (every item is then new). */
  readonly previous: { readonly runId: number; readonly evaluatedAt: string } | null;
  readonly items: ScreenResult["items"];
  /** Items of the previous run that the latest no longer flags. */
  readonly resolved: number;
}

/** True when the results schema holds the screening tables (a database never screened has none). */
async function hasScreenTables(db: CohortDatabase): Promise<boolean> {
  const rows = await db.all(
    `SELECT count(*) AS n FROM information_schema.tables
     WHERE table_schema = ${db.dialect.string(db.schemas.results)} AND table_name IN ('screen_run', 'screen_finding')`,
  );
  return Number(rows[0]?.n) === 2;
}

/** The latest `n` runs, latest first; a NoScreenRunError when there is none. */
async function latestRuns(db: CohortDatabase, n: number): Promise<[Row, ...Row[]]> {
  await requireStoreVersion(db);
  const runs = (await hasScreenTables(db))
    ? await db.all(`SELECT * FROM ${db.schemas.results}.screen_run ORDER BY run_id DESC LIMIT ${n}`)
    : [];
  if (runs[0] === undefined) throw new NoScreenRunError("no screening run yet: run `cohort screen` first");
  return runs as [Row, ...Row[]];
}

/**
 * The latest screening run; a NoScreenRunError when there is none.
 * @example
 * const { evaluatedAt } = await lastRun(db);
 */
export async function lastRun(db: CohortDatabase): Promise<StoredRun> {
  const [last] = await latestRuns(db, 1);
  return {
    runId: Number(last.run_id),
    evaluatedAt: String(last.evaluated_at),
    engineVersion: String(last.engine_version),
    knowledgeVersion: String(last.knowledge_version),
    knowledgeHash: String(last.knowledge_hash),
    exposed: Number(last.exposed),
    candidates: Number(last.candidates),
    flagged: Number(last.flagged),
  };
}

/**
 * The latest screening run and what it flagged; a NoScreenRunError when there is none.
 * @example
 * const { run, items } = await lastScreen(await openDuckDb("hemosentinel.duckdb", { readOnly: true }));
 */
export async function lastScreen(db: CohortDatabase): Promise<FlaggedList> {
  const [, before] = await latestRuns(db, 2);
  const run = await lastRun(db);
  const previous =
    before === undefined ? null : { runId: Number(before.run_id), evaluatedAt: String(before.evaluated_at) };
  const compared = compareItems(
    await itemsOfRun(db, run.runId),
    previous === null ? [] : await itemsOfRun(db, previous.runId),
  );
  return { run, previous, items: compared.items, resolved: compared.resolved.length };
}
