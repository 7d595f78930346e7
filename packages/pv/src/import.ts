/**
 * `pv import`: reads FAERS quarterly extracts or long-format CSV files into a DuckDB database (replacing
 * what it held), de-duplicates FAERS cases, maps drug names to the knowledge catalogue and records what
 * was read, what was rejected and why. Nothing is dropped without being counted.
 */
import type { KnowledgeBundle } from "@hemosentinel/core";
import { type PvDb, sqlText } from "./db.js";
import { createDrugMapper, looksLikeImmunotherapy } from "./drug-map.js";
import {
  addReject,
  type BatchResult,
  batches,
  buildReports,
  type FaersFile,
  type FileResult,
  type Rejects,
  stageDeletedFile,
  stageFaersBatch,
} from "./faers-import.js";
import { type Discovery, FAERS_TABLES, type InputFile } from "./inputs.js";
import { buildLong, stageLongFile } from "./long-import.js";
import { CREATE_ALL, dropAll, STORAGE } from "./schema.js";

export interface ImportProgress {
  /** Called after each file with the bytes read so far. */
  file(done: number, total: number, bytesDone: number, bytesTotal: number): void;
  /** A step after the files (de-duplication, drug mapping). */
  step(name: string): void;
}

export interface ImportSummary {
  readonly format: "faers" | "long";
  readonly files: number;
  readonly rowsRead: number;
  readonly reports: number;
  readonly drugRows: number;
  readonly eventRows: number;
  /** FAERS: older versions of a case and repeated listings, replaced by the latest version. */
  readonly superseded: number;
  /** FAERS: cases removed by the deleted-case lists. */
  readonly deletedCases: number;
  readonly rejected: readonly { readonly reason: string; readonly rows: number }[];
  /** Files that could not be imported at all, with why (legacy AERS, missing columns). */
  readonly fileErrors: readonly { readonly path: string; readonly error: string }[];
  readonly ignored: Discovery["ignored"];
  readonly drugNames: {
    readonly distinct: number;
    readonly matched: number;
    readonly bySpelling: readonly { readonly name: string; readonly drugs: readonly string[] }[];
    readonly unmatched: number;
    /** Unmatched names that look like immunotherapies, most reported first (at most 50). */
    readonly unmatchedSuspects: readonly { readonly name: string; readonly reports: number }[];
  };
  readonly knowledge: { readonly version: string; readonly hash: string };
}

export class ImportError extends Error {}

const SILENT: ImportProgress = { file() {}, step() {} };

/**
 * Imports the discovered files into `db`.
 * @example
 * const summary = await importFiles(db, discover(["faers/"]), bundle);
 */
export async function importFiles(
  db: PvDb,
  discovery: Discovery,
  bundle: KnowledgeBundle,
  progress: ImportProgress = SILENT,
): Promise<ImportSummary> {
  const { files } = discovery;
  const long = files.filter((f) => f.kind === "long");
  const faers = files.filter((f) => f.kind !== "long");
  if (long.length > 0 && faers.length > 0)
    throw new ImportError(
      "import FAERS extracts and long-format CSV files into separate databases (their report ids differ)",
    );
  if (files.length === 0) throw new ImportError("no FAERS quarterly file and no .csv file among the inputs");
  if (long.length === 0 && !faers.some((f) => f.kind === "faers" && f.table === "demo"))
    throw new ImportError("no DEMO file among the FAERS inputs: reports cannot be identified");
  await dropAll(db);
  await db.run(CREATE_ALL);
  // Row order within a table carries no meaning here: DuckDB may write in parallel without keeping it.
  await db.run("SET preserve_insertion_order = false");
  const format = long.length > 0 ? "long" : "faers";
  // DEMO and the deleted-case lists first: the other files are joined with the versions they keep.
  const order = (f: InputFile) =>
    f.kind === "faers" ? (f.table === "demo" ? 0 : 2) : f.kind === "deleted" ? 1 : 0;
  const sorted = [...files].sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.kind === "faers" && b.kind === "faers"
        ? FAERS_TABLES.indexOf(a.table) - FAERS_TABLES.indexOf(b.table)
        : 0) ||
      a.path.localeCompare(b.path),
  );
  const bytesTotal = sorted.reduce((s, f) => s + f.bytes, 0);
  const rejects: Rejects = new Map();
  const fileErrors: { path: string; error: string }[] = [];
  let bytesDone = 0;
  let rowsRead = 0;
  let superseded = 0;
  let deletedCases = 0;
  let built = format !== "faers";
  let done = 0;
  await db.run(
    "CREATE TEMP TABLE pv_file_text (path VARCHAR, kind VARCHAR, table_name VARCHAR, quarter VARCHAR, rows VARCHAR)",
  );
  for (const unit of units(sorted)) {
    const file = unit[0] as InputFile;
    if (!built && order(file) === 2) {
      progress.step("keeping the latest version of each case");
      const reports = await buildReports(db);
      superseded = reports.superseded;
      deletedCases = reports.deleted;
      built = true;
    }
    const result: BatchResult =
      file.kind === "faers"
        ? await stageFaersBatch(db, unit as FaersFile[])
        : single(
            file,
            file.kind === "deleted" ? await stageDeletedFile(db, file) : await stageLongFile(db, file.path),
          );
    fileErrors.push(...result.errors);
    for (const [reason, rows] of result.rejects) addReject(rejects, reason, rows);
    const fileRows = unit.map((f, j) => {
      const rows = result.files[j]?.rows ?? 0;
      rowsRead += rows;
      return [
        f.path,
        f.kind,
        f.kind === "faers" ? f.table : null,
        f.kind === "faers" ? f.quarter : null,
        String(rows),
      ];
    });
    await db.appendText("pv_file_text", fileRows);
    for (const f of unit) {
      bytesDone += f.bytes;
      progress.file(++done, sorted.length, bytesDone, bytesTotal);
    }
  }
  if (format === "faers") {
    if (!built) {
      const reports = await buildReports(db);
      superseded = reports.superseded;
      deletedCases = reports.deleted;
    }
  } else {
    progress.step("counting reports");
    const long = await buildLong(db);
    addReject(rejects, "report listed with different strata (the first is kept)", long.conflictingStrata);
  }
  await db.run(
    "INSERT INTO pv_file SELECT * REPLACE (rows::BIGINT AS rows) FROM pv_file_text; DROP TABLE pv_file_text",
  );
  progress.step("mapping drug names to the catalogue");
  const drugNames = await mapDrugNames(db, bundle);
  for (const [reason, rows] of rejects)
    await db.run("INSERT INTO pv_reject VALUES ('import', $1, $2)", [reason, rows]);
  const [sizes] = await db.all<{ reports: number; drugs: number; events: number }>(
    "SELECT (SELECT count(*) FROM pv_report_data) AS reports, (SELECT count(*) FROM pv_drug_data) AS drugs, (SELECT count(*) FROM pv_event_data) AS events",
  );
  const meta: [string, string][] = [
    ["format", format],
    ["storage", STORAGE],
    ["knowledge_version", bundle.version],
    ["knowledge_hash", bundle.hash],
  ];
  for (const [k, v] of meta) await db.run(`INSERT INTO pv_meta VALUES (${sqlText(k)}, ${sqlText(v)})`);
  // The examples are stored in file and line order, so that reading them back shows the same rows in the
  // same order in every run. The import ends with the database on disk, so its time includes writing it.
  await db.run(`DROP TABLE IF EXISTS pv_old; RESET preserve_insertion_order;
    CREATE TEMP TABLE pv_sample_text AS SELECT * FROM pv_reject_sample; DELETE FROM pv_reject_sample;
    INSERT INTO pv_reject_sample SELECT * FROM pv_sample_text ORDER BY file, line, reason, "row";
    DROP TABLE pv_sample_text; CHECKPOINT`);
  return {
    format,
    files: sorted.length,
    rowsRead,
    reports: sizes?.reports ?? 0,
    drugRows: sizes?.drugs ?? 0,
    eventRows: sizes?.events ?? 0,
    superseded,
    deletedCases,
    rejected: [...rejects].map(([reason, rows]) => ({ reason, rows })).sort((a, b) => b.rows - a.rows),
    fileErrors,
    ignored: discovery.ignored,
    drugNames,
    knowledge: { version: bundle.version, hash: bundle.hash },
  };
}

/** The files in import order, FAERS files of a kind in batches read in one scan, the others one by one. */
function units(sorted: readonly InputFile[]): InputFile[][] {
  const out: InputFile[][] = [];
  for (let i = 0; i < sorted.length; ) {
    const file = sorted[i] as InputFile;
    if (file.kind !== "faers") {
      out.push([file]);
      i++;
      continue;
    }
    let j = i;
    while (j < sorted.length && (sorted[j] as InputFile).kind === "faers") j++;
    out.push(...batches(sorted.slice(i, j) as FaersFile[]));
    i = j;
  }
  return out;
}

/** One file's result as a batch of one. */
const single = (file: InputFile, r: FileResult): BatchResult => ({
  files: [{ path: file.path, rows: r.rows }],
  rejects: r.rejects,
  errors: r.error === undefined ? [] : [{ path: file.path, error: r.error }],
});

/**
 * Maps every distinct (name, ingredient) of the kept drug rows (the dictionary holds the values of kept rows
 * only); fills pv_drug_map and pv_unmatched_name. Only the matched names and the unmatched ones that look like
 * immunotherapies go back to the database from here: the other unmatched names are the dictionary's names
 * without a mapping, listed in SQL (appending each name costs far more than listing it). Report counts are
 * counted for the suspects only: the pv_unmatched view counts the others when it is read.
 */
async function mapDrugNames(db: PvDb, bundle: KnowledgeBundle): Promise<ImportSummary["drugNames"]> {
  const mapper = createDrugMapper(bundle.drugs);
  const distinct =
    "SELECT DISTINCT name, ingredient FROM pv_name WHERE coalesce(name, ingredient) IS NOT NULL";
  // The names come back as one JSON list: a FAERS extract has hundreds of thousands of distinct names, and
  // converting them row by row through the client cost about three times parsing them as JSON (same text).
  const [list] = await db.all<{ names: string | null }>(
    `SELECT to_json(list([name, ingredient]))::VARCHAR AS names FROM (${distinct})`,
  );
  const names = (JSON.parse(list?.names ?? "[]") as [string | null, string | null][]).map(
    ([name, ingredient]) => ({
      name,
      ingredient,
    }),
  );
  const mapped: (string | null)[][] = [];
  const suspect: (string | null)[][] = [];
  const bySpelling: { name: string; drugs: readonly string[] }[] = [];
  let matched = 0;
  for (const n of names) {
    const m = mapper(n.name, n.ingredient);
    if (m === undefined) {
      if (looksLikeImmunotherapy([n.name, n.ingredient].filter((x) => x !== null).join(" / ")))
        suspect.push([n.name, n.ingredient]);
      continue;
    }
    matched++;
    if (m.how === "spelling")
      bySpelling.push({ name: [n.name, n.ingredient].filter((x) => x !== null).join(" / "), drugs: m.drugs });
    for (const drug of m.drugs) mapped.push([n.name, n.ingredient, drug, m.how]);
  }
  await db.appendText("pv_drug_map", mapped);
  await db.run("CREATE TEMP TABLE pv_suspect_name (name VARCHAR, ingredient VARCHAR)");
  await db.appendText("pv_suspect_name", suspect);
  const same = (t: string) =>
    `${t}.name IS NOT DISTINCT FROM n.name AND ${t}.ingredient IS NOT DISTINCT FROM n.ingredient`;
  await db.run(`INSERT INTO pv_unmatched_name
    SELECT n.name, n.ingredient, EXISTS (SELECT 1 FROM pv_suspect_name s WHERE ${same("s")}) FROM (${distinct}) n
    WHERE NOT EXISTS (SELECT 1 FROM pv_drug_map m WHERE ${same("m")});
    DROP TABLE pv_suspect_name`);
  const suspects = (
    await db.all<{ name: string | null; ingredient: string | null; reports: number }>(
      "SELECT name, ingredient, reports FROM pv_unmatched WHERE suspect",
    )
  ).map((u) => ({ name: [u.name, u.ingredient].filter((x) => x !== null).join(" / "), reports: u.reports }));
  suspects.sort((a, b) => b.reports - a.reports || a.name.localeCompare(b.name));
  bySpelling.sort((a, b) => a.name.localeCompare(b.name));
  return {
    distinct: names.length,
    matched,
    bySpelling,
    unmatched: names.length - matched,
    unmatchedSuspects: suspects.slice(0, 50),
  };
}
