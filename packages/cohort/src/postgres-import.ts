/**
 * `cohort import` into PostgreSQL. A PostgreSQL server cannot read the client's files (its COPY FROM a
 * file reads the server's disk, and it has no Parquet reader), so the folder is imported exactly as into
 * DuckDB — the same reader, checks and concept maps, hence the same rows read, used, not used and
 * rejected with the same reasons — into a scratch DuckDB file, and the result is then sent to the server
 * with `COPY … FROM STDIN`: the CDM tables into the CDM schema (replaced, then indexed by person), the
 * rejected rows and the concept maps into the results schema. Screening runs on the server are kept. The
 * import is logged as started before and as complete after, as in DuckDB.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Knowledge } from "@hemosentinel/core";
import { CDM_TABLES, DEFAULT_SCHEMAS } from "./cdm.js";
import { openDuckDb, type Row } from "./database.js";
import { type ImportOptions, type ImportProgress, type ImportSummary, importCdm } from "./import.js";
import { storedLabMap } from "./maps.js";
import type { PostgresDatabase } from "./postgres.js";
import { ensureResultsSchema, refuseNewerStore, writeStoreVersion } from "./results.js";

/** The results tables the import writes (the screening runs are the server's own). */
const RESULT_TABLES = [
  "import_rejection",
  "lab_code_map",
  "lab_code_map_file",
  "lab_map",
  "drug_map",
  "event_map",
] as const;
/** Rows per COPY. */
const BATCH = 50_000;

/** A DuckDB column type as PostgreSQL's. */
function pgType(duckType: string): string {
  if (duckType === "DOUBLE") return "DOUBLE PRECISION";
  if (/^(BIGINT|INTEGER|BOOLEAN|DATE|TIMESTAMP|VARCHAR)$/.test(duckType)) return duckType;
  throw new Error(`no PostgreSQL type for the DuckDB type ${duckType}`);
}

/**
 * Imports the OMOP folder `dir` into the PostgreSQL database `db`.
 * @example
 * const summary = await importCdmIntoPostgres(await openPostgres(url), "omop/", knowledge);
 */
export async function importCdmIntoPostgres(
  db: PostgresDatabase,
  dir: string,
  knowledge: Knowledge,
  progress?: ImportProgress & { copied?(table: string, rows: number): void },
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const { cdm: C, results: S } = db.schemas;
  await refuseNewerStore(db);
  await db.run(`CREATE SCHEMA IF NOT EXISTS ${C}`);
  await ensureResultsSchema(db);
  await db.run(`INSERT INTO ${S}.import_run VALUES (now(), ${db.dialect.string(dir)}, NULL)`);
  const scratch = mkdtempSync(join(tmpdir(), "hemosentinel-import-"));
  const stage = await openDuckDb(join(scratch, "stage.duckdb"));
  try {
    // The server's stored lab map is the one kept when none is given (the staging database holds none).
    const kept = options.labMap === undefined ? await storedLabMap(db) : undefined;
    const summary = await importCdm(stage, dir, knowledge, progress, {
      ...options,
      ...(kept !== undefined && { keptLabMap: kept }),
    });
    const copy = async (from: string, to: string) => {
      const columns = await stage.all(`DESCRIBE SELECT * FROM ${from}`);
      const names = columns.map((c) => String(c.column_name));
      await db.run(
        `DROP TABLE IF EXISTS ${to}; CREATE TABLE ${to} (${columns.map((c) => `${c.column_name} ${pgType(String(c.column_type))}`).join(", ")})`,
      );
      let pending: unknown[][] = [];
      let rows = 0;
      const flush = async () => {
        await db.copyRows(to, names, pending);
        rows += pending.length;
        pending = [];
      };
      await stage.chunks(`SELECT * FROM ${from}`, async (chunk: Row[]) => {
        for (const r of chunk) pending.push(names.map((n) => r[n]));
        if (pending.length >= BATCH) await flush();
      });
      await flush();
      progress?.copied?.(to, rows);
    };
    for (const table of CDM_TABLES) {
      await copy(`${DEFAULT_SCHEMAS.cdm}.${table}`, `${C}.${table}`);
      // The engine reads the candidates' rows person by person, and their concepts.
      await db.run(`CREATE INDEX ON ${C}.${table} (${table === "concept" ? "concept_id" : "person_id"})`);
    }
    for (const table of RESULT_TABLES) await copy(`${DEFAULT_SCHEMAS.results}.${table}`, `${S}.${table}`);
    await db.run(`ANALYZE`);
    await writeStoreVersion(db);
    await db.run(
      `UPDATE ${S}.import_run SET rows_read = ${summary.tables.reduce((n, t) => n + t.read, 0)} WHERE rows_read IS NULL`,
    );
    return summary;
  } finally {
    stage.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
