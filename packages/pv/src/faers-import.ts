/**
 * FAERS quarterly ASCII extracts (2012 Q4 on) into the database, as the FDA's README describes them:
 * DEMO files and deleted-case lists first, giving one version per case — the latest FDA_DT, then the
 * highest PRIMARYID — with the deleted cases removed; then DRUG, REAC and the other files, each read once
 * straight into its table, every row kept for those versions or set aside with its reason. Legacy AERS
 * files (ISR-keyed, before 2012 Q4) are refused with a reason.
 */

import { readFileSync } from "node:fs";
import { dollarSource, firstLine, headerColumns, takeRejects } from "./csv-read.js";
import type { PvDb } from "./db.js";
import { sqlText } from "./db.js";
import type { InputFile } from "./inputs.js";
import { COLUMN_NAMES, DEMO_COLUMNS, FAERS_VIEWS, sourceColumns } from "./schema.js";

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

/** The header column a staged column is read from, or undefined when the file has none of its names. */
const headerName = (header: readonly string[], col: string) =>
  (COLUMN_NAMES[col] ?? [col]).find((n) => header.includes(n));

/** `nullif(trim(…), '') AS col` for each column, NULL for a column the header lacks. */
const trimmed = (header: readonly string[], cols: readonly string[]) =>
  cols.map((col) => {
    const found = headerName(header, col);
    return found === undefined ? `NULL::VARCHAR AS ${col}` : `nullif(trim("${found}"), '') AS ${col}`;
  });

/** A file that is not a current FAERS file: why, or undefined when its header has PRIMARYID. */
function notFaers(header: readonly string[]): string | undefined {
  if (header.includes("primaryid")) return undefined;
  return header.includes("isr")
    ? "legacy AERS file (ISR-keyed, before 2012 Q4): out of scope"
    : "no PRIMARYID column in the header: not a FAERS ASCII file";
}

/**
 * Reads one FAERS file in one statement, bad rows counted by reason, never fatal: DEMO into the staging
 * table (de-duplicated later), every other file straight into its row table, each row with the reason
 * it is set aside (NULL when kept) from a join with the DEMO ids — so no file is read or written twice.
 */
export async function stageFaersFile(
  db: PvDb,
  file: Extract<InputFile, { kind: "faers" }>,
): Promise<FileResult> {
  const header = headerColumns(firstLine(file.path));
  const error = notFaers(header);
  if (error !== undefined) return { path: file.path, rows: 0, rejects: new Map(), error };
  const source = dollarSource(file.path, header, "pv_rej");
  const end = header.includes("_end") ? "_end" : "NULL";
  let sql: string;
  if (file.table === "demo") {
    sql = `INSERT INTO raw_demo SELECT ${trimmed(header, DEMO_COLUMNS).join(", ")}, ${end} FROM ${source}`;
  } else {
    const spec: ViewSpec = FAERS_VIEWS[file.table];
    const exprs = Object.entries(spec.columns).map(([out, expr]) => `${expr} AS ${out}`);
    const needed = [
      ...new Set([
        "primaryid",
        ...Object.values(spec.columns).flatMap(sourceColumns),
        ...requiredColumns(spec),
      ]),
    ];
    const label = (why: string) => sqlText(`${file.table}: ${why}`);
    sql = `INSERT INTO ${spec.view}_row
      SELECT r.primaryid, ${exprs.join(", ")}, CASE
        WHEN r.end_field IS NOT NULL THEN ${label(READER_REASONS["too-many-columns"] as string)}
        WHEN ids.kept IS NULL THEN ${label("PRIMARYID not in any DEMO file")}
        WHEN NOT ids.kept THEN ${label("row of an older case version or a deleted case")}
        ${spec.required === undefined ? "" : `WHEN ${spec.required.sql} THEN ${label(spec.required.why)}`}
        END
      FROM (SELECT ${trimmed(header, needed).join(", ")}, ${end} AS end_field FROM ${source}) r
      LEFT JOIN pv_ids ids ON ids.primaryid = r.primaryid`;
  }
  try {
    const inserted = await db.all<{ Count: number }>(sql);
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

type ViewSpec = {
  readonly view: string;
  readonly columns: Readonly<Record<string, string>>;
  readonly required?: { readonly sql: string; readonly why: string };
};

const requiredColumns = (spec: ViewSpec) =>
  spec.required === undefined ? [] : sourceColumns(spec.required.sql);

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
 * Builds pv_report from the staged DEMO rows — one version per case (the latest FDA_DT, then the highest
 * PRIMARYID), cases of the deleted-case lists removed — and pv_ids, every DEMO PRIMARYID with whether its
 * version is kept, which the other files are joined with as they are read.
 */
export async function buildReports(db: PvDb): Promise<FaersBuild> {
  const rejects: Rejects = new Map();
  // DuckDB accepts one empty field beyond the last column, so a row with a '$' inside a value can pass
  // the field count: its values then end in the column of FDA's trailing '$', which is always empty.
  // One window pass ranks the versions of each case; the counts, the reports and the ids come from it.
  await db.run(`
    CREATE TEMP TABLE versions AS
    SELECT *, caseid IN (SELECT caseid FROM raw_deleted) AS deleted,
      row_number() OVER (PARTITION BY caseid
        ORDER BY fda_dt DESC NULLS LAST, TRY_CAST(primaryid AS HUGEINT) DESC NULLS LAST, primaryid DESC) AS version_rank
    FROM raw_demo WHERE end_field IS NULL AND primaryid IS NOT NULL AND caseid IS NOT NULL`);
  const [demo] = await db.all<{
    dollar: number;
    missing: number;
    valid: number;
    cases: number;
    deleted: number;
  }>(`
    SELECT (SELECT count(*) FILTER (WHERE end_field IS NOT NULL) FROM raw_demo) AS dollar,
      (SELECT count(*) FILTER (WHERE end_field IS NULL AND (primaryid IS NULL OR caseid IS NULL)) FROM raw_demo) AS missing,
      count(*) AS valid, count(*) FILTER (WHERE version_rank = 1) AS cases,
      count(*) FILTER (WHERE version_rank = 1 AND deleted) AS deleted
    FROM versions`);
  addReject(rejects, `demo: ${READER_REASONS["too-many-columns"]}`, demo?.dollar ?? 0);
  addReject(rejects, "demo: no PRIMARYID or CASEID", demo?.missing ?? 0);
  await db.run(`
    CREATE TABLE pv_report AS
    SELECT primaryid AS report_id, caseid, fda_dt,
      CASE upper(sex) WHEN 'F' THEN 'F' WHEN 'M' THEN 'M' ELSE 'unknown' END AS sex,
      CASE WHEN ${AGE_YEARS} IS NULL THEN 'unknown' WHEN ${AGE_YEARS} < 18 THEN '<18'
           WHEN ${AGE_YEARS} < 65 THEN '18-64' ELSE '65+' END AS age_group,
      TRY_CAST(substr(fda_dt, 1, 4) AS INTEGER) AS year, NULL::VARCHAR AS strata
    FROM versions WHERE version_rank = 1 AND NOT deleted;
    CREATE TEMP TABLE pv_ids AS
    SELECT primaryid, bool_or(version_rank = 1 AND NOT deleted) AS kept FROM versions GROUP BY primaryid;
    DROP TABLE versions; DROP TABLE raw_demo;`);
  return {
    reports: (demo?.cases ?? 0) - (demo?.deleted ?? 0),
    deleted: demo?.deleted ?? 0,
    superseded: (demo?.valid ?? 0) - (demo?.cases ?? 0),
    rejects,
  };
}

/** Rows set aside from the files read into the row tables, by reason. */
export async function rowRejects(db: PvDb): Promise<Rejects> {
  const rejects: Rejects = new Map();
  const union = Object.values(FAERS_VIEWS)
    .map((v) => `SELECT reject FROM ${v.view}_row WHERE reject IS NOT NULL`)
    .join(" UNION ALL ");
  for (const r of await db.all<{ reason: string; rows: number }>(
    `SELECT reject AS reason, count(*) AS rows FROM (${union}) GROUP BY 1`,
  ))
    addReject(rejects, r.reason, r.rows);
  return rejects;
}
