/**
 * FAERS quarterly ASCII extracts (2012 Q4 on) into the database, as the FDA's README describes them:
 * DEMO files and deleted-case lists first, giving one version per case — the latest FDA_DT, then the
 * highest PRIMARYID — with the deleted cases removed; then DRUG, REAC and the other files, each read once
 * (the files of a kind in batches of one scan), every row kept for those versions — coded into the
 * dictionaries and stored as integers — or counted as set aside with its reason, a few kept as examples.
 * Legacy AERS files (ISR-keyed, before 2012 Q4) are refused with a reason.
 */

import { readFileSync } from "node:fs";
import { dollarSource, firstLine, headerColumns, takeRejects } from "./csv-read.js";
import type { PvDb } from "./db.js";
import { sqlText } from "./db.js";
import type { InputFile } from "./inputs.js";
import {
  addToDictionary,
  COLUMN_NAMES,
  DEMO_COLUMNS,
  DICTIONARIES,
  dictionaryEmpty,
  dictionaryJoin,
  FAERS_KINDS,
  type FaersKind,
  SEX_CODES,
} from "./schema.js";

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

/** The header column a column is read from, or undefined when the file has none of its names. */
const headerName = (header: readonly string[], col: string) =>
  (COLUMN_NAMES[col] ?? [col]).find((n) => header.includes(n));

/** A file that is not a current FAERS file: why, or undefined when its header has PRIMARYID. */
function notFaers(header: readonly string[]): string | undefined {
  if (header.includes("primaryid")) return undefined;
  return header.includes("isr")
    ? "legacy AERS file (ISR-keyed, before 2012 Q4): out of scope"
    : "no PRIMARYID column in the header: not a FAERS ASCII file";
}

/** Why a row is set aside, by its status (0: kept). */
const STATUS_REASONS = {
  demo: { 1: "too-many-columns", 2: "no PRIMARYID or CASEID", 3: "PRIMARYID or CASEID is not a number" },
  other: {
    1: "too-many-columns",
    2: "PRIMARYID not in any DEMO file",
    3: "row of an older case version or a deleted case",
  },
} as const;
type Status = 1 | 2 | 3;
const STATUSES = [1, 2, 3] as const;

/** Rows of a reason kept as examples in pv_reject_sample, per file. */
export const SAMPLE_ROWS = 10;

/**
 * Keeps the SAMPLE_ROWS example rows of each group (`partition`, columns of the query it ends) with the lowest
 * PRIMARYIDs, rows without one first, then by the row as shown: the same rows in every run.
 */
const firstRows = (partition: string) =>
  `QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY report NULLS FIRST, shown) <= ${SAMPLE_ROWS}`;

/** The label of a status's reason for a file kind. */
const statusReason = (table: string, status: Status) => {
  const why: string = STATUS_REASONS[table === "demo" ? "demo" : "other"][status];
  return `${table}: ${READER_REASONS[why] ?? why}`;
};

/** Each wanted column read from its header name (NULL when the header lacks it). */
const readColumns = (header: readonly string[], cols: readonly string[]) =>
  cols.map((col) => {
    const found = headerName(header, col);
    return found === undefined ? `NULL::VARCHAR AS ${col}` : `"${found}" AS ${col}`;
  });

/** An example row as text: the given columns, `$`-separated. */
const rowText = (columns: readonly string[]) =>
  `concat_ws('$', ${columns.map((c) => `coalesce(${c}::VARCHAR, '')`).join(", ")})`;

/**
 * Age in years from FAERS AGE and AGE_COD, grouped as DuMouchel's strata use: <18, 18–64, ≥65 (codes 1–3).
 * Codes as FDA writes them are compared first: trimming and upper-casing every row cost more than the
 * rest of the DEMO row.
 */
const AGE_YEARS = `CASE WHEN age_cod = 'YR' THEN TRY_CAST(age AS DOUBLE) ELSE CASE upper(trim(age_cod))
    WHEN 'YR' THEN TRY_CAST(age AS DOUBLE) WHEN 'DEC' THEN TRY_CAST(age AS DOUBLE) * 10
    WHEN 'MON' THEN TRY_CAST(age AS DOUBLE) / 12 WHEN 'WK' THEN TRY_CAST(age AS DOUBLE) / 52
    WHEN 'DY' THEN TRY_CAST(age AS DOUBLE) / 365.25 WHEN 'HR' THEN TRY_CAST(age AS DOUBLE) / 8766 END END`;
const AGE_GROUP = `CASE WHEN age_years IS NULL THEN 0 WHEN age_years < 18 THEN 1 WHEN age_years < 65 THEN 2 ELSE 3 END`;
const sexCodes = (value: string) =>
  `CASE ${value} ${Object.entries(SEX_CODES)
    .map(([k, v]) => `WHEN '${k}' THEN ${v}`)
    .join(" ")} ELSE`;
const SEX = `${sexCodes("sex")} ${sexCodes("upper(trim(sex))")} 0 END END`;

export type FaersFile = Extract<InputFile, { kind: "faers" }>;

/** What became of a batch of FAERS files read in one scan. */
export interface BatchResult {
  readonly files: readonly { readonly path: string; readonly rows: number }[];
  readonly rejects: Rejects;
  readonly errors: readonly { readonly path: string; readonly error: string }[];
}

/**
 * Text read in one scan at most: one scan per kind and batch builds the DEMO ids' hash tables once, and the
 * batch's in-memory stage stays well under DuckDB's memory limit.
 */
export const BATCH_BYTES = 256 * 1024 * 1024;

/**
 * Groups FAERS files (in import order) into batches read in one scan each: same kind, same header, at most
 * BATCH_BYTES of text (a larger file is a batch of its own).
 */
export function batches(files: readonly FaersFile[]): FaersFile[][] {
  const out: { key: string; bytes: number; files: FaersFile[] }[] = [];
  for (const file of files) {
    const key = `${file.table}\u0000${firstLine(file.path).toLowerCase()}`;
    const last = out.at(-1);
    if (last !== undefined && last.key === key && last.bytes + file.bytes <= BATCH_BYTES) {
      last.files.push(file);
      last.bytes += file.bytes;
    } else out.push({ key, bytes: file.bytes, files: [file] });
  }
  return out.map((b) => b.files);
}

/**
 * Runs `statement` over the batch's read_csv source, as UTF-8 first (FAERS files are nearly all ASCII, and
 * DuckDB reads UTF-8 fastest); when a line is not valid UTF-8 the statement is undone and run again
 * reading Latin-1, which decodes every byte, so no row is lost to its encoding. Returns the reader's
 * rejects by reason, or the error when DuckDB cannot read a file of the batch at all.
 */
async function readBatch(
  db: PvDb,
  files: readonly FaersFile[],
  header: readonly string[],
  statement: (source: string) => string,
): Promise<Rejects | { error: string }> {
  const table = (files[0] as FaersFile).table;
  const label = (reason: string) => `${table}: ${READER_REASONS[reason] ?? reason}`;
  const paths = files.map((f) => f.path);
  for (const encoding of ["utf-8", "latin-1"] as const) {
    await db.run("BEGIN TRANSACTION");
    try {
      await db.run(statement(dollarSource(paths, header, "pv_rej", encoding)));
    } catch (e) {
      await db.run("ROLLBACK");
      await takeRejects(db, "pv_rej");
      return { error: `cannot be read: ${firstLineOf(e)}` };
    }
    const reader = await takeRejects(db, "pv_rej", label);
    if (encoding === "utf-8" && (reader.has("invalid-encoding") || reader.has("invalid-unicode"))) {
      await db.run("ROLLBACK");
      continue;
    }
    await db.run("COMMIT");
    const rejects: Rejects = new Map();
    for (const [reason, n] of reader) addReject(rejects, label(reason), n);
    return rejects;
  }
  throw new Error("unreachable: Latin-1 decodes every byte");
}

/** A file's key in the staged rows (the hash of its path as read_csv names it) and its path, for the batch. */
async function batchFiles(db: PvDb, files: readonly FaersFile[]): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE pv_batch_file AS
    SELECT path, hash(path) AS file FROM (SELECT unnest([${files.map((f) => sqlText(f.path)).join(", ")}]) AS path)`);
}

/**
 * Reads a batch of FAERS files of one kind in one scan, bad rows counted by reason (the first few of each
 * file kept as examples), never fatal: a batch DuckDB cannot read is read again file by file, and a file
 * that cannot be read is named. DEMO rows go to the staging table that de-duplication reads; the other
 * files to the in-memory stage, then coded into the dictionaries and appended to their table.
 */
export async function stageFaersBatch(db: PvDb, files: readonly FaersFile[]): Promise<BatchResult> {
  const first = files[0] as FaersFile;
  const header = headerColumns(firstLine(first.path));
  const error = notFaers(header);
  if (error !== undefined)
    return {
      files: files.map((f) => ({ path: f.path, rows: 0 })),
      rejects: new Map(),
      errors: files.map((f) => ({ path: f.path, error })),
    };
  const end = header.includes("_end") ? "_end" : "NULL";
  const kind: FaersKind | undefined = first.table === "demo" ? undefined : FAERS_KINDS[first.table];
  const columns =
    kind === undefined
      ? [...DEMO_COLUMNS]
      : [...new Set([...Object.values(kind.coded).flatMap((c) => c.from), ...Object.values(kind.text)])];
  const read = `SELECT hash(filename) AS file, TRY_CAST(primaryid AS BIGINT) AS report, ${readColumns(header, columns).join(", ")}`;
  const statement =
    kind === undefined
      ? (source: string) => `
      INSERT INTO raw_demo
      SELECT file, report, caseid_key, TRY_CAST(fda_dt AS INTEGER), ${SEX}, ${AGE_GROUP}, status,
        CASE WHEN status > 0 THEN ${rowText(DEMO_COLUMNS)} END
      FROM (SELECT *, ${AGE_YEARS} AS age_years,
              CASE WHEN end_field IS NOT NULL THEN 1
                   WHEN report IS NULL OR caseid_key IS NULL THEN
                     CASE WHEN nullif(trim(primaryid), '') IS NULL OR nullif(trim(caseid), '') IS NULL THEN 2 ELSE 3 END
                   ELSE 0 END AS status
            FROM (${read}, TRY_CAST(caseid AS BIGINT) AS caseid_key, ${end} AS end_field FROM ${source}))`
      : // Each row's status as it is read, from membership in the kept DEMO ids of pv_report_data (a mark
        // join, which carries no columns through a hash table as a join would); the few rows of other ids are
        // told apart after.
        (source: string) => `
      CREATE OR REPLACE TEMP TABLE pv_stage AS
      SELECT r.* EXCLUDE (end_field),
        CASE WHEN r.end_field IS NOT NULL THEN 1 WHEN r.report IN (SELECT report FROM pv_report_data) THEN 0
             ELSE 2 END::UTINYINT AS status
      FROM (${read}, ${end} AS end_field FROM ${source}) r`;
  const rejects = await readBatch(db, files, header, statement);
  if ("error" in rejects) {
    if (files.length === 1)
      return {
        files: [{ path: first.path, rows: 0 }],
        rejects: new Map(),
        errors: [{ path: first.path, error: rejects.error }],
      };
    // One unreadable file fails the scan: read the batch file by file, so the others are still imported.
    const results = [];
    for (const f of files) results.push(await stageFaersBatch(db, [f]));
    const merged: Rejects = new Map();
    for (const r of results) for (const [reason, n] of r.rejects) addReject(merged, reason, n);
    return {
      files: results.flatMap((r) => r.files),
      rejects: merged,
      errors: results.flatMap((r) => r.errors),
    };
  }
  await batchFiles(db, files);
  if (kind !== undefined)
    await db.run("UPDATE pv_stage SET status = 3 WHERE status = 2 AND report IN (SELECT report FROM pv_old)");
  const staged: Staged =
    kind === undefined
      ? { table: "raw_demo", where: (t) => `${t}.file IN (SELECT file FROM pv_batch_file)` }
      : { table: "pv_stage", where: () => "TRUE" };
  const shown = kind === undefined ? "rejected" : rowText(["report", ...columns]);
  const { rows, kept } = await setAside(db, first.table, staged, shown, rejects);
  if (kind !== undefined) {
    await storeKept(db, kind, first.table, shown, kept, rejects);
    await db.run("DROP TABLE pv_stage");
  }
  return { files: files.map((f) => ({ path: f.path, rows: rows.get(f.path) ?? 0 })), rejects, errors: [] };
}

/** The staged rows of a batch: a table and the condition its rows of the batch meet (given its alias). */
interface Staged {
  readonly table: string;
  readonly where: (alias: string) => string;
}

/**
 * Counts the staged rows of each file and by status into `rejects`, keeps a few rows of each reason and file
 * as examples, and returns the rows per file and the number of rows kept (status 0). The examples are the
 * rows with the lowest PRIMARYIDs (then the row as shown), the same in every run: a parallel scan gives no
 * line numbers, and its row order changes from run to run. The scan that counts the rows also finds each
 * reason's lowest PRIMARYIDs, so the text is made only for the rows up to them.
 */
async function setAside(
  db: PvDb,
  table: string,
  staged: Staged,
  shown: string,
  rejects: Rejects,
): Promise<{ rows: Map<string, number>; kept: number }> {
  await db.run(`CREATE OR REPLACE TEMP TABLE pv_counts AS
    SELECT f.path, s.file, s.status, s.n, list_max(s.lowest) AS last_report FROM (
      SELECT file, status, count(*) AS n, min(report, ${SAMPLE_ROWS}) FILTER (WHERE status > 0) AS lowest
      FROM ${staged.table} t WHERE ${staged.where("t")} GROUP BY ALL) s
    JOIN pv_batch_file f USING (file)`);
  const counts = await db.all<{ path: string; status: number; n: number }>(
    "SELECT path, status, n FROM pv_counts",
  );
  const rows = new Map<string, number>();
  let kept = 0;
  for (const c of counts) {
    rows.set(c.path, (rows.get(c.path) ?? 0) + c.n);
    if (c.status === 0) kept += c.n;
    else addReject(rejects, statusReason(table, c.status as Status), c.n);
  }
  // Rows without a PRIMARYID come first; a list without one (all such rows) gives a NULL bound, and only they remain.
  if (counts.some((c) => c.status !== 0))
    await db.run(`INSERT INTO pv_reject_sample
      SELECT CASE status ${STATUSES.map((st) => `WHEN ${st} THEN ${sqlText(statusReason(table, st))}`).join(" ")} END,
        path, NULL, shown
      FROM (SELECT s.file, s.status, s.report, c.path, ${shown} AS shown
        FROM ${staged.table} s JOIN pv_counts c ON c.file = s.file AND c.status = s.status
        WHERE s.status > 0 AND ${staged.where("s")} AND (s.report IS NULL OR s.report <= c.last_report))
      ${firstRows("file, status")}`);
  await db.run("DROP TABLE pv_counts");
  return { rows, kept };
}

/**
 * Codes the stage's values into the dictionaries and appends the rows of kept reports to the kind's table;
 * rows whose required values are all missing are counted (and sampled) instead.
 */
async function storeKept(
  db: PvDb,
  kind: FaersKind,
  table: string,
  shown: string,
  kept: number,
  rejects: Rejects,
): Promise<void> {
  const coded = Object.entries(kind.coded);
  for (const [, c] of coded)
    await db.run(addToDictionary(c.dict, "(SELECT * FROM pv_stage WHERE status = 0)", c.from));
  const joins = coded.map(([col, c]) => dictionaryJoin(c.dict, col, "s", c.from)).join("\n");
  const required = kind.required;
  const requiredDict = required === undefined ? undefined : kind.coded[required.column]?.dict;
  const usable =
    required === undefined || requiredDict === undefined
      ? "TRUE"
      : `NOT (${dictionaryEmpty(requiredDict, required.column)})`;
  const values = [
    "s.report",
    ...Object.values(kind.text).map((c) => `nullif(trim(s.${c}), '')`),
    ...coded.map(([col, c]) => `${col}.${DICTIONARIES[c.dict].id}`),
  ];
  const from = `FROM pv_stage s ${joins} WHERE s.status = 0`;
  const [inserted] = await db.all<{ Count: number }>(
    `INSERT INTO ${kind.table} SELECT ${values.join(", ")} ${from} AND ${usable}`,
  );
  const missing = kept - (inserted?.Count ?? 0);
  if (required === undefined || missing <= 0) return;
  const reason = `${table}: ${required.why}`;
  addReject(rejects, reason, missing);
  await db.run(`INSERT INTO pv_reject_sample
    SELECT ${sqlText(reason)}, path, NULL, shown FROM (SELECT s.file, s.report, f.path, ${shown} AS shown
      ${from.replace("WHERE", "JOIN pv_batch_file f ON f.file = s.file WHERE")} AND NOT ${usable})
    ${firstRows("file")}`);
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

const firstLineOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

export interface FaersBuild {
  readonly reports: number;
  readonly superseded: number;
  readonly deleted: number;
}

/**
 * How a DEMO row's version order and stored values are packed into one unsigned number, so that the latest
 * version of each case is a plain `max` (an aggregate over a struct cost twice as much): from the high bits,
 * FDA_DT (missing ranks as -1) less the lowest, PRIMARYID less the lowest, whether FDA_DT is present, sex and
 * age group (2 bits each). Versions order by FDA_DT then PRIMARYID, as FDA's README says. The number is 64 bits
 * when the staged values' ranges fit (FAERS ids and dates do), which aggregates at about half the cost of the
 * 128 bits any BIGINT PRIMARYID and INTEGER FDA_DT need.
 */
interface KeyLayout {
  readonly type: "UBIGINT" | "UHUGEINT";
  /** The type the offsets are subtracted and added back in: no overflow within the layout's ranges. */
  readonly math: "BIGINT" | "HUGEINT";
  readonly rankMin: bigint;
  readonly reportMin: bigint;
  readonly reportBits: number;
}

/** Bits of the fields below PRIMARYID: FDA_DT present, sex and age group. */
const LOW_BITS = 5;
const WIDEST: KeyLayout = {
  type: "UHUGEINT",
  math: "HUGEINT",
  rankMin: -(2n ** 31n) - 1n,
  reportMin: -(2n ** 63n),
  reportBits: 64,
};
const bitsOf = (n: bigint) => n.toString(2).length;

/** The narrowest layout for the valid staged DEMO rows. */
async function keyLayout(db: PvDb): Promise<KeyLayout> {
  const [r] = await db.all<{ rank_min: string; rank_max: string; report_min: string; report_max: string }>(`
    SELECT min(coalesce(fda_dt, -1))::VARCHAR AS rank_min, max(coalesce(fda_dt, -1))::VARCHAR AS rank_max,
      min(report)::VARCHAR AS report_min, max(report)::VARCHAR AS report_max FROM raw_demo WHERE status = 0`);
  if (r === undefined || r.rank_min === null || r.report_min === null) return WIDEST;
  const rankMin = BigInt(r.rank_min);
  const reportMin = BigInt(r.report_min);
  const reportBits = bitsOf(BigInt(r.report_max) - reportMin);
  return bitsOf(BigInt(r.rank_max) - rankMin) + reportBits + LOW_BITS <= 64
    ? { type: "UBIGINT", math: "BIGINT", rankMin, reportMin, reportBits }
    : WIDEST;
}

/** A staged DEMO row's packed key. */
const latestKey = (
  k: KeyLayout,
) => `(((coalesce(fda_dt, -1)::${k.math} - (${k.rankMin}))::${k.type} << ${k.reportBits + LOW_BITS})
  | ((report::${k.math} - (${k.reportMin}))::${k.type} << ${LOW_BITS}) | ((fda_dt IS NOT NULL)::${k.type} << 4)
  | (sex::${k.type} << 2) | age_group::${k.type})`;

/** The pv_report_data row of a case's latest version, decoded from its packed key (`latest`). */
function latestRow(k: KeyLayout): string {
  const fdaDt = `CASE WHEN (latest >> 4) & 1 = 1 THEN ((latest >> ${k.reportBits + LOW_BITS})::${k.math} + (${k.rankMin}))::INTEGER END`;
  const report = `(((latest >> ${LOW_BITS}) & ${2n ** BigInt(k.reportBits) - 1n})::${k.math} + (${k.reportMin}))::BIGINT`;
  return `${report}, NULL, caseid, ${fdaDt}, ((latest >> 2) & 3)::UTINYINT, (latest & 3)::UTINYINT, ${fdaDt} // 10000, NULL`;
}

/**
 * Builds pv_report_data from the staged DEMO rows — one version per case (the latest FDA_DT, then the
 * highest PRIMARYID, in one hash aggregation of a packed number (KeyLayout), written straight to the
 * table), cases of the deleted-case lists left out — and the PRIMARYIDs of the other versions (pv_old). The other files'
 * rows take their status from the kept ids in pv_report_data and from pv_old.
 * Malformed DEMO rows were counted as they were read.
 */
export async function buildReports(db: PvDb): Promise<FaersBuild> {
  await db.run(`CREATE TEMP TABLE pv_deleted AS SELECT DISTINCT TRY_CAST(caseid AS BIGINT) AS caseid
    FROM raw_deleted WHERE TRY_CAST(caseid AS BIGINT) IS NOT NULL`);
  const layout = await keyLayout(db);
  const [inserted] = await db.all<{ Count: number }>(`
    INSERT INTO pv_report_data SELECT ${latestRow(layout)} FROM (
      SELECT caseid, max(${latestKey(layout)}) AS latest FROM raw_demo
      WHERE status = 0 AND caseid NOT IN (SELECT caseid FROM pv_deleted) GROUP BY caseid)`);
  const [demo] = await db.all<{ valid: number; deleted: number }>(`
    SELECT count(*) AS valid,
      count(DISTINCT caseid) FILTER (WHERE caseid IN (SELECT caseid FROM pv_deleted)) AS deleted
    FROM raw_demo WHERE status = 0`);
  await db.run(`
    CREATE TEMP TABLE pv_old AS SELECT report FROM raw_demo
      WHERE status = 0 AND report NOT IN (SELECT report FROM pv_report_data);
    DROP TABLE pv_deleted; DROP TABLE raw_demo;`);
  const reports = inserted?.Count ?? 0;
  const deleted = demo?.deleted ?? 0;
  return { reports, deleted, superseded: (demo?.valid ?? 0) - reports - deleted };
}
