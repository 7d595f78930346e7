/**
 * FAERS quarterly ASCII extracts (2012 Q4 on) into the database, as the FDA's README describes them:
 * every file staged as read; then one version per case — the latest FDA_DT, then the highest PRIMARYID —
 * and the cases of the deleted-case lists removed; DRUG, REAC and the other files kept for those
 * versions only. Legacy AERS files (ISR-keyed, before 2012 Q4) are refused with a reason.
 */

import { readFileSync } from "node:fs";
import { dollarSource, firstLine, headerColumns, takeRejects } from "./csv-read.js";
import type { PvDb } from "./db.js";
import { sqlText } from "./db.js";
import type { FaersTable, InputFile } from "./inputs.js";
import { COLUMN_NAMES, STAGING } from "./schema.js";

export type Rejects = Map<string, number>;

export function addReject(rejects: Rejects, reason: string, rows: number): void {
  if (rows > 0) rejects.set(reason, (rejects.get(reason) ?? 0) + rows);
}

/** What became of one file. */
export interface FileResult {
  readonly path: string;
  readonly rows: number;
  readonly rejects: Rejects;
  /** Set when the file could not be imported at all. */
  readonly error?: string;
}

function stagingColumns(table: FaersTable): string[] {
  return STAGING[table].split(",").map((c) => c.trim().split(" ")[0] as string);
}

/** Stages one FAERS file; bad rows are counted by reason, never fatal. */
export async function stageFaersFile(
  db: PvDb,
  file: Extract<InputFile, { kind: "faers" }>,
): Promise<FileResult> {
  const header = headerColumns(firstLine(file.path));
  if (!header.includes("primaryid")) {
    const legacy = header.includes("isr");
    return {
      path: file.path,
      rows: 0,
      rejects: new Map(),
      error: legacy
        ? "legacy AERS file (ISR-keyed, before 2012 Q4): out of scope"
        : "no PRIMARYID column in the header: not a FAERS ASCII file",
    };
  }
  const select = stagingColumns(file.table).map((col) => {
    const found = (COLUMN_NAMES[col] ?? [col]).find((n) => header.includes(n));
    return found === undefined ? `NULL AS ${col}` : `nullif(trim("${found}"), '') AS ${col}`;
  });
  const source = dollarSource(file.path, header, "pv_rej");
  try {
    const inserted = await db.all<{ Count: number }>(
      `INSERT INTO raw_${file.table} SELECT ${select.join(", ")}, ${header.includes("_end") ? "_end" : "NULL"}, ${sqlText(file.quarter)} FROM ${source}`,
    );
    const rejects: Rejects = new Map();
    for (const [reason, rows] of await takeRejects(db, "pv_rej"))
      addReject(rejects, `${file.table}: ${READER_REASONS[reason] ?? reason}`, rows);
    return { path: file.path, rows: inserted[0]?.Count ?? 0, rejects };
  } catch (e) {
    // A file DuckDB cannot read at all (not text, unreadable): the other files are still imported.
    await takeRejects(db, "pv_rej");
    return { path: file.path, rows: 0, rejects: new Map(), error: `cannot be read: ${firstLineOf(e)}` };
  }
}

/**
 * Stages one deleted-case list (one CASEID per line; a few thousand lines a quarter, read in Node because
 * DuckDB's reader has no dialect for a one-column file without a separator).
 */
export async function stageDeletedFile(
  db: PvDb,
  file: Extract<InputFile, { kind: "deleted" }>,
): Promise<FileResult> {
  const lines = readFileSync(file.path, "latin1")
    .split(/\r?\n/)
    .map((l) => l.replace(/\$+$/, "").trim())
    .filter((l) => l !== "" && l.toLowerCase() !== "caseid");
  const ids = lines.filter((l) => /^\d+$/.test(l));
  await db.appendText(
    "raw_deleted",
    ids.map((id) => [id]),
  );
  const rejects: Rejects = new Map();
  addReject(rejects, "deleted-case list: line is not a CASEID", lines.length - ids.length);
  return { path: file.path, rows: ids.length, rejects };
}

/** DuckDB's reasons for a row it could not read, as a FAERS user understands them. */
const READER_REASONS: Record<string, string> = {
  "too-many-columns": "more fields than the header (a '$' inside a value)",
  "missing-columns": "fewer fields than the header (a line break inside a value)",
  "line-size-over-maximum": "line longer than the reader's maximum",
};

/** The field a row of each file cannot do without, beyond PRIMARYID. */
const REQUIRED: Record<Exclude<FaersTable, "demo">, { sql: string; why: string } | null> = {
  drug: { sql: "drugname IS NULL AND prod_ai IS NULL", why: "no DRUGNAME and no PROD_AI" },
  reac: { sql: "pt IS NULL", why: "no PT" },
  outc: { sql: "outc_cod IS NULL", why: "no OUTC_COD" },
  ther: null,
  indi: { sql: "indi_pt IS NULL", why: "no INDI_PT" },
  rpsr: { sql: "rpsr_cod IS NULL", why: "no RPSR_COD" },
};

const firstLineOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

export interface FaersBuild {
  readonly reports: number;
  readonly superseded: number;
  readonly deleted: number;
  readonly rejects: Rejects;
}

/** Age in years from FAERS AGE and AGE_COD, grouped as DuMouchel's strata use: <18, 18–64, ≥65. */
const AGE_YEARS = `CASE upper(age_cod)
    WHEN 'YR' THEN TRY_CAST(age AS DOUBLE) WHEN 'DEC' THEN TRY_CAST(age AS DOUBLE) * 10
    WHEN 'MON' THEN TRY_CAST(age AS DOUBLE) / 12 WHEN 'WK' THEN TRY_CAST(age AS DOUBLE) / 52
    WHEN 'DY' THEN TRY_CAST(age AS DOUBLE) / 365.25 WHEN 'HR' THEN TRY_CAST(age AS DOUBLE) / 8766 END`;

/**
 * Builds pv_report, pv_drug, pv_event and the other pv_* tables from the staged FAERS rows.
 */
export async function buildFaers(db: PvDb): Promise<FaersBuild> {
  const rejects: Rejects = new Map();
  // DuckDB accepts one empty field beyond the last column, so a row with a '$' inside a value can pass
  // the field count: its values then end in the column of FDA's trailing '$', which is always empty.
  for (const table of Object.keys(STAGING)) {
    const [bad] = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM raw_${table} WHERE end_field IS NOT NULL`,
    );
    addReject(rejects, `${table}: ${READER_REASONS["too-many-columns"]}`, bad?.n ?? 0);
    await db.run(`DELETE FROM raw_${table} WHERE end_field IS NOT NULL`);
  }
  const [demo] = await db.all<{ rows: number; missing: number }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE primaryid IS NULL OR caseid IS NULL) AS missing FROM raw_demo`,
  );
  addReject(rejects, "demo: no PRIMARYID or CASEID", demo?.missing ?? 0);
  await db.run(`
    CREATE TABLE pv_report AS
    WITH latest AS (
      SELECT *, row_number() OVER (PARTITION BY caseid
        ORDER BY fda_dt DESC NULLS LAST, TRY_CAST(primaryid AS HUGEINT) DESC NULLS LAST, primaryid DESC) AS version_rank
      FROM raw_demo WHERE primaryid IS NOT NULL AND caseid IS NOT NULL)
    SELECT primaryid AS report_id, caseid, fda_dt,
      CASE upper(sex) WHEN 'F' THEN 'F' WHEN 'M' THEN 'M' ELSE 'unknown' END AS sex,
      CASE WHEN ${AGE_YEARS} IS NULL THEN 'unknown' WHEN ${AGE_YEARS} < 18 THEN '<18'
           WHEN ${AGE_YEARS} < 65 THEN '18-64' ELSE '65+' END AS age_group,
      TRY_CAST(substr(fda_dt, 1, 4) AS INTEGER) AS year, NULL::VARCHAR AS strata
    FROM latest
    WHERE version_rank = 1 AND caseid NOT IN (SELECT caseid FROM raw_deleted)`);
  const [counts] = await db.all<{ reports: number; cases: number; deleted: number }>(
    `SELECT (SELECT count(*) FROM pv_report) AS reports,
            (SELECT count(DISTINCT caseid) FROM raw_demo WHERE primaryid IS NOT NULL) AS cases,
            (SELECT count(DISTINCT caseid) FROM raw_demo WHERE caseid IN (SELECT caseid FROM raw_deleted)) AS deleted`,
  );
  const valid = (demo?.rows ?? 0) - (demo?.missing ?? 0);
  await db.run(`
    CREATE TABLE pv_drug AS SELECT DISTINCT primaryid AS report_id, drugname AS name, prod_ai AS ingredient,
      upper(role_cod) AS role FROM raw_drug
    WHERE primaryid IN (SELECT report_id FROM pv_report) AND (drugname IS NOT NULL OR prod_ai IS NOT NULL);
    CREATE TABLE pv_event AS SELECT DISTINCT primaryid AS report_id, pt AS term FROM raw_reac
    WHERE primaryid IN (SELECT report_id FROM pv_report) AND pt IS NOT NULL;
    CREATE TABLE pv_outcome AS SELECT DISTINCT primaryid AS report_id, upper(outc_cod) AS code FROM raw_outc
    WHERE primaryid IN (SELECT report_id FROM pv_report) AND outc_cod IS NOT NULL;
    CREATE TABLE pv_therapy AS SELECT DISTINCT primaryid AS report_id, dsg_drug_seq AS drug_seq, start_dt, end_dt
    FROM raw_ther WHERE primaryid IN (SELECT report_id FROM pv_report);
    CREATE TABLE pv_indication AS SELECT DISTINCT primaryid AS report_id, indi_drug_seq AS drug_seq, indi_pt AS term
    FROM raw_indi WHERE primaryid IN (SELECT report_id FROM pv_report) AND indi_pt IS NOT NULL;
    CREATE TABLE pv_report_source AS SELECT DISTINCT primaryid AS report_id, upper(rpsr_cod) AS code FROM raw_rpsr
    WHERE primaryid IN (SELECT report_id FROM pv_report) AND rpsr_cod IS NOT NULL;`);
  // Every row of the other files: kept, or set aside for exactly one reason.
  for (const [table, required] of Object.entries(REQUIRED)) {
    const reasons = await db.all<{ reason: string | null; rows: number }>(`
      SELECT CASE
        WHEN primaryid IS NULL OR primaryid NOT IN (SELECT primaryid FROM raw_demo WHERE primaryid IS NOT NULL AND caseid IS NOT NULL)
          THEN '${table}: PRIMARYID not in any DEMO file'
        WHEN primaryid NOT IN (SELECT report_id FROM pv_report) THEN '${table}: row of an older case version or a deleted case'
        ${required === null ? "" : `WHEN ${required.sql} THEN '${table}: ${required.why}'`}
        END AS reason, count(*) AS rows
      FROM raw_${table} GROUP BY 1`);
    for (const r of reasons) if (r.reason !== null) addReject(rejects, r.reason, r.rows);
  }
  for (const t of Object.keys(STAGING)) await db.run(`DROP TABLE raw_${t}`);
  const reports = counts?.reports ?? 0;
  const deleted = counts?.deleted ?? 0;
  return { reports, deleted, superseded: valid - (counts?.cases ?? 0), rejects };
}
