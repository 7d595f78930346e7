/**
 * FAERS quarterly ASCII extracts (2012 Q4 on) into the database, as the FDA's README describes them:
 * every file staged as read; then one version per case — the latest FDA_DT, then the highest PRIMARYID —
 * and the cases of the deleted-case lists removed; DRUG, REAC and the other files kept for those
 * versions only. Legacy AERS files (ISR-keyed, before 2012 Q4) are refused with a reason.
 */

import { dollarSource, EXTRA, firstLine, headerColumns, takeRejects } from "./csv-read.js";
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
  const inserted = await db.all<{ Count: number }>(
    `INSERT INTO raw_${file.table} SELECT ${select.join(", ")}, nullif(trim(${EXTRA}), ''), ${sqlText(file.quarter)} FROM ${source}`,
  );
  return { path: file.path, rows: inserted[0]?.Count ?? 0, rejects: await takeRejects(db, "pv_rej") };
}

/** Stages one deleted-case list (one CASEID per line). */
export async function stageDeletedFile(
  db: PvDb,
  file: Extract<InputFile, { kind: "deleted" }>,
): Promise<FileResult> {
  const source = `read_csv(${sqlText(file.path)}, delim = '$', header = false, quote = '', escape = '',
    columns = {'caseid': 'VARCHAR', '${EXTRA}': 'VARCHAR'}, null_padding = true, encoding = 'latin-1',
    store_rejects = true, rejects_table = 'pv_rej', rejects_scan = 'pv_rej_scan')`;
  const [counts] = await db.all<{ ok: number; bad: number }>(
    `SELECT count(*) FILTER (WHERE regexp_full_match(trim(caseid), '[0-9]+')) AS ok,
            count(*) FILTER (WHERE NOT regexp_full_match(coalesce(trim(caseid), ''), '[0-9]+') AND lower(trim(coalesce(caseid, ''))) NOT IN ('caseid', '')) AS bad
     FROM ${source}`,
  );
  await takeRejects(db, "pv_rej");
  await db.run(
    `INSERT INTO raw_deleted SELECT trim(caseid) FROM ${source} WHERE regexp_full_match(trim(caseid), '[0-9]+')`,
  );
  const rejects = await takeRejects(db, "pv_rej");
  addReject(rejects, "not-a-caseid", counts?.bad ?? 0);
  return { path: file.path, rows: counts?.ok ?? 0, rejects };
}

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
  for (const table of Object.keys(STAGING)) {
    const [bad] = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM raw_${table} WHERE extra IS NOT NULL`,
    );
    addReject(rejects, `${table}: more fields than the header (a '$' inside a value)`, bad?.n ?? 0);
    await db.run(`DELETE FROM raw_${table} WHERE extra IS NOT NULL`);
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
  const [missing] = await db.all<{ drug: number; reac: number; orphanDrug: number; orphanReac: number }>(`
    SELECT (SELECT count(*) FROM raw_drug WHERE drugname IS NULL AND prod_ai IS NULL) AS drug,
           (SELECT count(*) FROM raw_reac WHERE pt IS NULL) AS reac,
           (SELECT count(*) FROM raw_drug WHERE primaryid IS NULL OR primaryid NOT IN (SELECT primaryid FROM raw_demo WHERE primaryid IS NOT NULL)) AS "orphanDrug",
           (SELECT count(*) FROM raw_reac WHERE primaryid IS NULL OR primaryid NOT IN (SELECT primaryid FROM raw_demo WHERE primaryid IS NOT NULL)) AS "orphanReac"`);
  addReject(rejects, "drug: no DRUGNAME and no PROD_AI", missing?.drug ?? 0);
  addReject(rejects, "reac: no PT", missing?.reac ?? 0);
  addReject(rejects, "drug: PRIMARYID not in any DEMO file", missing?.orphanDrug ?? 0);
  addReject(rejects, "reac: PRIMARYID not in any DEMO file", missing?.orphanReac ?? 0);
  for (const t of Object.keys(STAGING)) await db.run(`DROP TABLE raw_${t}`);
  const reports = counts?.reports ?? 0;
  const deleted = counts?.deleted ?? 0;
  return { reports, deleted, superseded: valid - (counts?.cases ?? 0), rejects };
}
