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
 * Throws a NoImportError unless the last import completed (an import is logged as started, then as
 * complete, so a run that was stopped halfway is never screened as if it were whole).
 */
export async function requireCompleteImport(db: CohortDatabase): Promise<void> {
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
