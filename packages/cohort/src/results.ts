/**
 * The results schema (`hemosentinel_results`): HemoSentinel's own tables beside the CDM, never inside it — the
 * import log and the rows not imported with their reasons, the concept maps, and the screening runs with
 * the findings of each, so that a run reports what is new or changed since an earlier one.
 */
import type { CohortDatabase } from "./database.js";

/** The database holds no complete import: none was run, or the last one stopped before its end. */
export class NoImportError extends Error {
  override name = "NoImportError";
}

/**
 * The layout of what an import writes (the CDM tables' columns, the concept maps and what they hold, the
 * results tables), recorded in the store at the end of each import and checked by every command that reads
 * a store. Raised whenever that layout or the meaning of a map row changes, so that a store imported by an
 * earlier release is imported again instead of being read with maps that lack what the screen now reads
 * (1: the first recorded, concept-0 conditions and drugs mapped by their source value; 2: `lab_map` keyed by
 * the source value of a measurement of concept 0, a LOINC code, and procedures of concept 0 mapped by their words;
 * 3: `event_map` holds the measurements whose concept or source value names an event, and `lab_code_map` the
 * site's local lab codes, which the rows read for the engine join).
 */
export const STORE_VERSION = 3;

/** A store whose layout this release does not read: imported by an earlier release, or by a later one. */
export class StoreVersionError extends Error {
  override name = "StoreVersionError";
  constructor(
    message: string,
    /** The version the store records (undefined: none, a store from before versions were recorded). */
    readonly found: number | undefined,
  ) {
    super(message);
  }
}

/** The store version a database records, undefined when it records none; reads only (a read-only store). */
export async function storeVersion(db: CohortDatabase): Promise<number | undefined> {
  const S = db.schemas.results;
  const tables = await db.all(
    `SELECT count(*) AS n FROM information_schema.tables
     WHERE table_schema = ${db.dialect.string(S)} AND table_name = 'store_version'`,
  );
  if (Number(tables[0]?.n) === 0) return undefined;
  const rows = await db.all(`SELECT max(version) AS v FROM ${S}.store_version`);
  const v = rows[0]?.v;
  return v === null || v === undefined ? undefined : Number(v);
}

/**
 * Throws a StoreVersionError unless the store was imported with this release's layout (STORE_VERSION): an
 * older or unrecorded version is imported again (the message names the command), a newer one is left to
 * the release that wrote it. Reads only.
 */
export async function requireStoreVersion(db: CohortDatabase): Promise<void> {
  const found = await storeVersion(db);
  if (found === STORE_VERSION) return;
  if (found !== undefined && found > STORE_VERSION)
    throw new StoreVersionError(
      `this store was written by a later HemoSentinel release (store version ${found}; this release reads version ${STORE_VERSION}): use that release, or import the OMOP folder into a new database with this one`,
      found,
    );
  throw new StoreVersionError(
    `this store was imported by an earlier HemoSentinel release (${found === undefined ? "no store version recorded" : `store version ${found}`}; this release reads version ${STORE_VERSION}: its concept maps lack what the screen reads): run \`hemosentinel cohort import <OMOP folder> --db <this database>\` again (screening runs are kept)`,
    found,
  );
}

/**
 * Throws a StoreVersionError when the store was written by a later release (an import by this one would
 * rewrite tables whose layout it does not know); an older store is fine, the import rewrites it. `use` says
 * what this release would do with it (the message of an import says it `writes`).
 */
export async function refuseNewerStore(
  db: CohortDatabase,
  use: "reads" | "writes" = "writes",
): Promise<void> {
  const found = await storeVersion(db);
  if (found !== undefined && found > STORE_VERSION)
    throw new StoreVersionError(
      use === "writes"
        ? `this store was written by a later HemoSentinel release (store version ${found}; this release writes version ${STORE_VERSION}): import with that release, or into a new database`
        : `this store was written by a later HemoSentinel release (store version ${found}; this release reads version ${STORE_VERSION}): use that release, or import the OMOP folder into a new database with this one`,
      found,
    );
}

/** Records that the store now has this release's layout (at the end of an import). */
export async function writeStoreVersion(db: CohortDatabase): Promise<void> {
  const S = db.schemas.results;
  await db.run(`CREATE TABLE IF NOT EXISTS ${S}.store_version (version INTEGER, written_at TIMESTAMP)`);
  await db.run(`DELETE FROM ${S}.store_version`);
  await db.run(`INSERT INTO ${S}.store_version VALUES (${STORE_VERSION}, now())`);
}

/**
 * Throws a NoImportError unless the last import completed (an import is logged as started, then as
 * complete, so a run that was stopped halfway is never screened as if it were whole), and a
 * StoreVersionError unless that import wrote this release's layout.
 */
export async function requireCompleteImport(db: CohortDatabase): Promise<void> {
  // A later release's store is refused before anything is written into it.
  await refuseNewerStore(db, "reads");
  await ensureResultsSchema(db);
  const S = db.schemas.results;
  const rows = await db.all(
    `SELECT source, rows_read FROM ${S}.import_run ORDER BY imported_at DESC LIMIT 1`,
  );
  const last = rows[0];
  if (last === undefined)
    throw new NoImportError("no OMOP import in this database: run `cohort import` first");
  if (last.rows_read === null)
    throw new NoImportError(
      "the last import did not complete (stopped or failed): run `cohort import` again before screening",
    );
  await requireStoreVersion(db);
}

/** Creates the results schema and its tables when they do not exist yet. */
export async function ensureResultsSchema(db: CohortDatabase): Promise<void> {
  const S = db.schemas.results;
  await db.run(`CREATE SCHEMA IF NOT EXISTS ${S}`);
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${S}.import_run (imported_at TIMESTAMP, source VARCHAR, rows_read BIGINT)`,
  );
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${S}.import_rejection (table_name VARCHAR, line BIGINT, row_id VARCHAR, code VARCHAR, reason VARCHAR)`,
  );
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${S}.screen_run (run_id INTEGER, started_at TIMESTAMP, evaluated_at VARCHAR, engine_version VARCHAR, knowledge_version VARCHAR, knowledge_hash VARCHAR, exposed BIGINT, candidates BIGINT, flagged BIGINT)`,
  );
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${S}.screen_finding (run_id INTEGER, person_id VARCHAR, kind VARCHAR, item VARCHAR, certainty VARCHAR, grade INTEGER, onset VARCHAR, drug VARCHAR, drug_class VARCHAR, days_from_first_dose INTEGER, summary VARCHAR, signature VARCHAR, deceased VARCHAR)`,
  );
  // A store made before the death column: the column is added (NULL for its runs: no death was read then).
  await db.run(`ALTER TABLE ${S}.screen_finding ADD COLUMN IF NOT EXISTS deceased VARCHAR`);
  // Per run, each candidate's fingerprint of rows (./incremental.ts), so the next run can skip the unchanged.
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${S}.screen_person (run_id INTEGER, person_id VARCHAR, fingerprint VARCHAR, last_at VARCHAR)`,
  );
}
