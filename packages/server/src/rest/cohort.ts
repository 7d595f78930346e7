/**
 * The cohort page's API over the DuckDB database of `hemosentinel cohort` (given by `serve --cohort-db`):
 * `GET /api/cohort/flagged` (the last screening run and what it flagged), `GET /api/cohort/stats`
 * (incidence and the cumulative-incidence curves) and `GET /api/cohort/patients/{id}` (one person assessed
 * by the engine from their OMOP rows as of that run, for the patient view). Read-only: the file is opened
 * read-only for each request and closed after it, one request at a time, so the daily `cohort screen` can
 * write it between requests. The cohort package (and DuckDB's native module) is loaded on the first call,
 * never by a server started without a cohort database. A database this release cannot read (imported by an
 * earlier release, or written by a later one) stops the server from starting (`checkCohortStore`), and is a
 * 409 naming the re-import when it becomes so while the server runs. Callers are authorised like every `/api/` call
 * (the server's onRequest hook); person ids go to no log line.
 */
import type * as CohortModule from "@hemosentinel/cohort";
import { CERTAINTIES, type Certainty, type Knowledge, type SettingsInForce } from "@hemosentinel/core";
import type { HemoSentinelApp } from "../http/app.js";
import { HttpProblem, PROBLEM_TYPES } from "../http/problem.js";

export interface CohortApiOptions {
  /** The DuckDB file; undefined: every cohort call answers 404 naming the flag. */
  readonly path: string | undefined;
  readonly knowledge: Knowledge;
  readonly settings: SettingsInForce;
  readonly version: string;
}

type Cohort = typeof CohortModule;
type Db = CohortModule.CohortDatabase;

const GROUPS = ["all", "class", "drug"] as const;

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new HttpProblem(400, PROBLEM_TYPES.badRequest, `${name}: one of ${allowed.join(", ")}`);
}

/** DuckDB refuses a file another process is writing: the server says so instead of failing. */
const isLockError = (e: unknown) => e instanceof Error && /lock/i.test(e.message);

/** Why a cohort database cannot be read by this release, as the API and the start-up check say it. */
const unreadable = (e: CohortModule.StoreVersionError) => `the cohort database cannot be read: ${e.message}`;

/** The cohort database given to the server is one this release cannot read: the server does not start. */
export class CohortStoreError extends Error {
  override name = "CohortStoreError";
}

/**
 * Checks once, when the server starts, that the cohort database at `path` was imported with this release's
 * store layout; throws a CohortStoreError naming the file and what to do (import it again, or use the release
 * that wrote it). A database being written at that moment (an import or a screen holds it) cannot be opened
 * and is left to the check every request makes.
 * @example
 * await checkCohortStore("hemosentinel.duckdb"); // throws for a store imported by an earlier release
 */
export async function checkCohortStore(path: string): Promise<void> {
  const c = await import("@hemosentinel/cohort");
  let db: Db;
  try {
    db = await c.openDuckDb(path, { readOnly: true });
  } catch (e) {
    if (isLockError(e)) return;
    throw new CohortStoreError(
      `--cohort-db ${path}: cannot be opened (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  try {
    await c.requireStoreVersion(db);
  } catch (e) {
    if (e instanceof c.StoreVersionError) throw new CohortStoreError(`--cohort-db ${path}: ${unreadable(e)}`);
    throw e;
  } finally {
    db.close();
  }
}

/**
 * Adds the cohort routes to `app`.
 * @example
 * registerCohortApi(app, { path: "hemosentinel.duckdb", knowledge, settings, version });
 */
export function registerCohortApi(app: HemoSentinelApp, options: CohortApiOptions): void {
  let cohort: Promise<Cohort> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `fn` on the database opened read-only, after every earlier call has finished. */
  const withDb = <T>(fn: (db: Db, c: Cohort) => Promise<T>): Promise<T> => {
    const path = options.path;
    if (path === undefined)
      throw new HttpProblem(
        404,
        PROBLEM_TYPES.notFound,
        "this server has no cohort database: start it with `hemosentinel serve --cohort-db FILE`",
      );
    const run = queue.then(async () => {
      cohort ??= import("@hemosentinel/cohort");
      const c = await cohort;
      let db: Db;
      try {
        db = await c.openDuckDb(path, { readOnly: true });
      } catch (e) {
        if (isLockError(e))
          throw new HttpProblem(
            503,
            PROBLEM_TYPES.busy,
            "the cohort database is being written (import or screen): retry when it has finished",
          );
        throw e;
      }
      try {
        return await fn(db, c);
      } catch (e) {
        if (e instanceof c.NoScreenRunError) throw new HttpProblem(404, PROBLEM_TYPES.notFound, e.message);
        // A store imported by an earlier (or later) release: no retry helps, the operator imports it again (or
        // uses the release that wrote it), as the message says.
        if (e instanceof c.StoreVersionError)
          throw new HttpProblem(409, PROBLEM_TYPES.cohortStoreVersion, unreadable(e));
        throw e;
      } finally {
        db.close();
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };

  app.get("/api/cohort/flagged", async () => withDb((db, c) => c.lastScreen(db)));

  app.get<{ Querystring: { by?: string; certainty?: string } }>("/api/cohort/stats", async (req) => {
    const by = oneOf("by", req.query.by, GROUPS, "class");
    const minCertainty: Certainty = oneOf("certainty", req.query.certainty, CERTAINTIES, "possible");
    return withDb((db, c) =>
      c.cohortStats(
        db,
        options.knowledge.disorders.map((d) => d.id),
        { by, minCertainty },
      ),
    );
  });

  app.get<{ Params: { id: string } }>("/api/cohort/patients/:id", async (req) =>
    withDb(async (db, c) => {
      const run = await c.lastRun(db);
      const assessment = await c.assessCohortPerson(db, options.knowledge, req.params.id, {
        evaluatedAt: run.evaluatedAt,
        version: options.version,
        settings: options.settings,
      });
      if (assessment === undefined)
        throw new HttpProblem(404, PROBLEM_TYPES.notFound, "the cohort database holds no such person");
      return assessment;
    }),
  );
}
