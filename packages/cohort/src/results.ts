/**
 * The results schema (`hemosentinel`): HemoSentinel's own tables beside the CDM, never inside it — the
 * import log and the rows not imported with their reasons, the concept maps, and the screening runs with
 * the findings of each, so that a run reports what is new or changed since an earlier one.
 */
import { RESULTS_SCHEMA } from "./cdm.js";
import type { CohortDatabase } from "./database.js";

const S = RESULTS_SCHEMA;

/** Creates the results schema and its tables when they do not exist yet. */
export async function ensureResultsSchema(db: CohortDatabase): Promise<void> {
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
    `CREATE TABLE IF NOT EXISTS ${S}.screen_finding (run_id INTEGER, person_id VARCHAR, kind VARCHAR, item VARCHAR, certainty VARCHAR, grade INTEGER, onset VARCHAR, drug VARCHAR, drug_class VARCHAR, days_from_first_dose INTEGER, summary VARCHAR, signature VARCHAR)`,
  );
}
