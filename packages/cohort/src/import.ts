/**
 * `cohort import`: an OMOP CDM v5.4 folder (CSV, gzipped CSV or Parquet, one file per table, upper- or
 * lower-case names) into the database. Every row read is accounted for: imported into the CDM schema and
 * then used or not used (its concept names nothing HemoSentinel reads), or rejected with its reason and
 * listed in `hemosentinel_results.import_rejection` — a missing required column, an empty or unreadable required
 * field, an unknown person or concept id, a repeated row id, an observation period that overlaps an
 * earlier one, a unit the core cannot convert, a value outside the physiologically possible range.
 * A line of the site's lab map file (`--lab-map`) that cannot be used is listed there too. Re-importing replaces
 * the CDM tables and the rejection list; screening runs are kept, and so is the stored lab map unless another
 * file is given. A FHIR Bulk Data
 * export is mapped to CDM rows first (fhir/) and then imported the same way.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Knowledge } from "@hemosentinel/core";
import { type AbsentPerson, absentPersons } from "./absent-persons.js";
import { CDM_SCHEMA, CDM_TABLES, type CdmTable, type ColumnSpec, RESULTS_SCHEMA, TABLES } from "./cdm.js";
import type { CohortDatabase } from "./database.js";
import { type FhirSummary, importFhirExport } from "./fhir/import.js";
import { isFhirExport } from "./fhir/source.js";
import type { LabCodeMap, LabMapRejection } from "./lab-map.js";
import { buildConceptMaps, labMapJoin, type StoredLabMap, storedLabMap, writeLabCodeMap } from "./maps.js";
import { allergyRows } from "./records.js";
import { ensureResultsSchema, refuseNewerStore, writeStoreVersion } from "./results.js";
import { insertRows } from "./sql.js";

/** Why a row was not imported (stable codes; the detail says which column or unit). */
export type ImportRejectionCode =
  | "missing-column"
  | "missing-value"
  | "invalid-value"
  | "unknown-person"
  | "unknown-concept"
  | "duplicate-id"
  | "overlapping-observation-period"
  | "unit-unconvertible"
  | "implausible-value"
  | "no-value"
  /** A line of the site's lab map file that cannot be used (`table_name` lab_code_map, the file's line). */
  | "invalid-map-line";

export interface RejectionCount {
  readonly code: ImportRejectionCode;
  readonly detail: string;
  readonly rows: number;
}

export interface TableSummary {
  readonly table: CdmTable;
  /** The file read, relative to the source folder; absent when the folder has none. */
  readonly file?: string;
  readonly read: number;
  readonly imported: number;
  /** Imported rows the core reads (a catalogue lab, a tracked drug, a known event; every person, period, death, concept). */
  readonly used: number;
  /** Imported rows whose concept names nothing HemoSentinel reads. */
  readonly notUsed: number;
  readonly rejected: readonly RejectionCount[];
  /** Columns of the file that HemoSentinel does not import. */
  readonly extraColumns: readonly string[];
  /** Optional columns the file lacks (read as empty). */
  readonly absentColumns: readonly string[];
}

export interface ImportSummary {
  readonly source: string;
  readonly tables: readonly TableSummary[];
  /** Persons named by rows of other tables but not in the person table, most rows first. */
  readonly absentPersons: readonly AbsentPerson[];
  /** CDM tables the folder does not hold (imported as empty tables). */
  readonly missingTables: readonly CdmTable[];
  /** Other files of the folder (tables HemoSentinel does not read), with their row counts. */
  readonly ignored: readonly { readonly file: string; readonly rows: number }[];
  /** A FHIR export's resources by type: mapped to a table, or why not (fhir/import.ts). */
  readonly fhir?: FhirSummary;
  /**
   * The site's lab map the store holds after the import: its file, the file's SHA-256, the codes read and the
   * lines not used and why (also rows of `import_rejection`); `stored` says whether it is the first map given
   * (`new`), the stored one given again (`same`), a different one that `replaced` the stored one, or the stored
   * one `kept` because none was given. Absent when the store holds no map.
   */
  readonly labMap?: {
    readonly file?: string;
    readonly sha256?: string;
    readonly codes: number;
    readonly rejected: readonly LabMapRejection[];
    readonly stored: "new" | "same" | "replaced" | "kept";
    readonly replaced?: { readonly file?: string; readonly sha256?: string; readonly codes: number };
  };
}

export interface ImportOptions {
  /**
   * A site's local lab codes mapped to LOINC (./lab-map.ts), stored in the results schema for every later
   * screen and the engine; without it, the map the store holds (if any) is kept.
   */
  readonly labMap?: LabCodeMap;
  /** The map to keep when none is given, when it is not the target database's own (an import staged elsewhere). */
  readonly keptLabMap?: StoredLabMap;
}

export interface ImportProgress {
  /** A table is about to be read (`index` of `total`). */
  table(name: CdmTable, index: number, total: number): void;
  /** A FHIR export's file is about to be read (`index` of `total`). */
  file?(name: string, index: number, total: number): void;
}

const S = RESULTS_SCHEMA;
const FILE = /^(.+?)\.(csv|csv\.gz|parquet)$/i;
/** The tables whose rows of concept 0 are read by their source value, and the prefix of its columns. */
const SOURCE_VALUE_DOMAINS: Partial<Record<CdmTable, string>> = {
  condition_occurrence: "condition",
  procedure_occurrence: "procedure",
  drug_exposure: "drug",
  measurement: "measurement",
};

/** The data files of a folder by lower-case table name. */
function discover(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const m = FILE.exec(name);
    if (m?.[1] && statSync(join(dir, name)).isFile()) files.set(m[1].toLowerCase(), name);
  }
  return files;
}

function reader(db: CohortDatabase, path: string): string {
  const p = db.dialect.string(path);
  return /\.parquet$/i.test(path)
    ? `read_parquet(${p})`
    : `read_csv(${p}, header = true, all_varchar = true, auto_detect = true)`;
}

/** Text of a column: trimmed, empty as NULL. */
function raw(actual: string | undefined): string {
  return actual === undefined
    ? "NULL"
    : `NULLIF(trim(CAST("${actual.replaceAll('"', '""')}" AS VARCHAR)), '')`;
}

function typed(col: ColumnSpec, actual: string | undefined): string {
  const r = raw(actual);
  // A date column also takes a date-time ("2013-05-17 00:00:00"), as some exports write them.
  if (col.type === "DATE")
    return `coalesce(TRY_CAST(${r} AS DATE), TRY_CAST(TRY_CAST(${r} AS TIMESTAMP) AS DATE))`;
  return `TRY_CAST(${r} AS ${col.type})`;
}

/** The first structural problem of a row: a required field empty, or a field that does not read as its type. */
function structuralReason(columns: readonly ColumnSpec[], actual: Map<string, string>): string {
  const cases: string[] = [];
  for (const c of columns) {
    const a = actual.get(c.name);
    if (c.required) cases.push(`WHEN ${raw(a)} IS NULL THEN 'missing-value|${c.name} is empty'`);
    if (a !== undefined && c.type !== "VARCHAR")
      cases.push(
        `WHEN ${raw(a)} IS NOT NULL AND ${typed(c, a)} IS NULL THEN 'invalid-value|${c.name} is not a ${c.type.toLowerCase()}'`,
      );
  }
  return cases.length === 0 ? "NULL" : `CASE ${cases.join(" ")} END`;
}

/** The row-level checks after the structural ones, per table, as SQL over the staged row `s`. */
function referentialReasons(table: CdmTable): string[] {
  const spec = TABLES[table];
  const out: string[] = [];
  if (table !== "person" && table !== "concept")
    out.push(
      `WHEN NOT EXISTS (SELECT 1 FROM ${CDM_SCHEMA}.person p WHERE p.person_id = s.person_id) THEN 'unknown-person|person_id ' || s.person_id || ' is not in person'`,
    );
  for (const c of spec.concepts)
    out.push(
      `WHEN coalesce(s.${c}, 0) <> 0 AND NOT EXISTS (SELECT 1 FROM ${CDM_SCHEMA}.concept k WHERE k.concept_id = s.${c}) THEN 'unknown-concept|${c} ' || s.${c} || ' is not in concept'`,
    );
  if (spec.id !== undefined)
    out.push(`WHEN s.__dup > 1 THEN 'duplicate-id|${spec.id} ' || s.${spec.id} || ' repeats an earlier row'`);
  if (table === "death") out.push(`WHEN s.__dup > 1 THEN 'duplicate-id|a second death row for the person'`);
  if (table === "observation_period")
    out.push(
      `WHEN s.observation_period_end_date < s.observation_period_start_date THEN 'invalid-value|observation_period_end_date is before the start'`,
      `WHEN s.__prev_end IS NOT NULL AND s.observation_period_start_date <= s.__prev_end THEN 'overlapping-observation-period|starts ' || s.observation_period_start_date || ', inside an earlier period of the person (to ' || s.__prev_end || ')'`,
    );
  // A row of concept 0 ("No matching concept") is read by its source value (conditions, procedures and drugs by their
  // words or codes, ./records.ts; measurements by a LOINC code, ./maps.ts): without one it names nothing the core
  // could read or refuse.
  const sourced = SOURCE_VALUE_DOMAINS[table];
  if (sourced !== undefined)
    out.push(
      `WHEN coalesce(s.${sourced}_concept_id, 0) = 0 AND trim(coalesce(s.${sourced}_source_value, '')) = '' THEN 'missing-value|${sourced}_concept_id 0 (no matching concept) and ${sourced}_source_value empty'`,
    );
  // A measurement's own reasons: a LOINC-shaped source value with a wrong check digit (a typo), a unit that cannot
  // be converted, no value, a value no body could have.
  if (table === "measurement")
    out.push(
      `WHEN l.source_reason IS NOT NULL THEN 'invalid-value|' || l.source_reason`,
      `WHEN l.lab_id IS NOT NULL AND l.unit_reason IS NOT NULL THEN 'unit-unconvertible|' || l.unit_reason`,
      `WHEN l.lab_id IS NOT NULL AND s.value_as_number IS NULL AND coalesce(s.value_as_concept_id, 0) = 0 AND s.value_source_value IS NULL THEN 'no-value|no value_as_number, value_as_concept_id or value_source_value'`,
      `WHEN l.lab_id IS NOT NULL AND NOT l.qualitative AND s.value_as_number IS NOT NULL AND (s.value_as_number * l.factor < l.plausible_min OR s.value_as_number * l.factor > l.plausible_max) THEN 'implausible-value|' || s.value_as_number || ' ' || coalesce(l.unit_sent, '') || ' for ' || l.lab_id || ' is outside the physiologically possible range'`,
    );
  return out;
}

/** Extra columns of the staged row for the checks: repeats of the id, the end of the previous period. */
function windowColumns(table: CdmTable): string {
  const spec = TABLES[table];
  const cols: string[] = [];
  if (spec.id !== undefined)
    cols.push(`row_number() OVER (PARTITION BY ${spec.id} ORDER BY __line) AS __dup`);
  else if (table === "death")
    cols.push("row_number() OVER (PARTITION BY person_id ORDER BY __line) AS __dup");
  if (table === "observation_period")
    cols.push(
      `max(observation_period_end_date) OVER (PARTITION BY person_id ORDER BY observation_period_start_date, __line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS __prev_end`,
    );
  return cols.length > 0 ? `, ${cols.join(", ")}` : "";
}

const labJoin = (from: string) => `LEFT ${labMapJoin(S, "l", from)}`;

async function count(db: CohortDatabase, sql: string): Promise<number> {
  const rows = await db.all(sql);
  return Number(rows[0]?.n ?? 0);
}

function emptyTable(table: CdmTable): string {
  const cols = TABLES[table].columns.map((c) => `${c.name} ${c.type}`).join(", ");
  return `CREATE OR REPLACE TABLE ${CDM_SCHEMA}.${table} (${cols})`;
}

/** Rows of the imported table HemoSentinel reads (the rest are not used). */
function usedSql(table: CdmTable): string {
  const t = `${CDM_SCHEMA}.${table}`;
  switch (table) {
    case "measurement":
      // A measurement whose concept or (concept 0) words name an event is read as that event (./maps.ts).
      return `SELECT count(*) AS n FROM ${t} m ${labJoin("m")} WHERE l.lab_id IS NOT NULL
        OR EXISTS (SELECT 1 FROM ${S}.event_map e WHERE e.concept_id = m.measurement_concept_id AND e.source = 'measurement')
        OR (m.measurement_concept_id = 0 AND EXISTS (SELECT 1 FROM ${S}.event_map e WHERE e.source = 'measurement_source_value' AND e.source_value = m.measurement_source_value))`;
    case "drug_exposure":
      return `SELECT count(*) AS n FROM ${t} d WHERE EXISTS (SELECT 1 FROM ${S}.drug_map g WHERE g.concept_id = d.drug_concept_id AND g.source = 'drug')
        OR (d.drug_concept_id = 0 AND EXISTS (SELECT 1 FROM ${S}.drug_map g WHERE g.source = 'drug_source_value' AND g.source_value = d.drug_source_value))`;
    case "condition_occurrence":
      // A concept that gives several events has a row per kind: the condition row is one row read.
      // A row of concept 0 is read by its source value (an ICD-10-CM code or words, ./maps.ts).
      return `SELECT count(*) AS n FROM ${t} c WHERE EXISTS (SELECT 1 FROM ${S}.event_map e WHERE e.concept_id = c.condition_concept_id AND e.source = 'condition')
        OR (c.condition_concept_id = 0 AND EXISTS (SELECT 1 FROM ${S}.event_map e WHERE e.source = 'condition_source_value' AND e.source_value = c.condition_source_value))`;
    case "procedure_occurrence":
      // A row of concept 0 is read by the words of its source value (./maps.ts).
      return `SELECT count(*) AS n FROM ${t} p WHERE EXISTS (SELECT 1 FROM ${S}.drug_map g WHERE g.concept_id = p.procedure_concept_id AND g.source = 'procedure') OR EXISTS (SELECT 1 FROM ${S}.event_map e WHERE e.concept_id = p.procedure_concept_id AND e.source = 'procedure')
        OR (p.procedure_concept_id = 0 AND (EXISTS (SELECT 1 FROM ${S}.drug_map g WHERE g.source = 'procedure_source_value' AND g.source_value = p.procedure_source_value)
          OR EXISTS (SELECT 1 FROM ${S}.event_map e WHERE e.source = 'procedure_source_value' AND e.source_value = p.procedure_source_value)))`;
    case "observation":
      // An observation charting an allergy is given to the core (./records.ts), which uses it or says why not.
      return `SELECT count(*) AS n FROM ${t} ob JOIN ${CDM_SCHEMA}.concept c ON c.concept_id = ob.observation_concept_id WHERE ${allergyRows("ob", "c")}`;
    default:
      return `SELECT count(*) AS n FROM ${t}`;
  }
}

/**
 * Imports the OMOP folder `dir` into `db`.
 * @example
 * const summary = await importCdm(db, "omop/", knowledge);
 * summary.tables.find((t) => t.table === "measurement")?.rejected; // [{ code: "unit-unconvertible", … }]
 */
export async function importCdm(
  db: CohortDatabase,
  dir: string,
  knowledge: Knowledge,
  progress?: ImportProgress,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const folder = (d: string) => importFolder(db, d, knowledge, dir, progress, options);
  if (!isFhirExport(dir)) return folder(dir);
  return importFhirExport(db, dir, knowledge, folder, (name, i, total) => progress?.file?.(name, i, total));
}

/** Imports the OMOP folder `dir`; `source` is what the user named (the export a FHIR import came from). */
async function importFolder(
  db: CohortDatabase,
  dir: string,
  knowledge: Knowledge,
  source: string,
  progress?: ImportProgress,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const files = discover(dir);
  // A store a later release wrote is left to it: this import would rewrite tables it does not know.
  await refuseNewerStore(db);
  await db.run(`CREATE SCHEMA IF NOT EXISTS ${CDM_SCHEMA}`);
  await ensureResultsSchema(db);
  // No enclosing transaction (DuckDB drops large INSERT … SELECT results inside one here): an import is
  // logged as started, then as complete; the screen refuses a database whose last import did not complete.
  // The lab map the store holds, read before the import replaces anything: kept when no map is given.
  const before = options.keptLabMap ?? (await storedLabMap(db));
  await db.run(`INSERT INTO ${S}.import_run VALUES (now(), ${db.dialect.string(source)}, NULL)`);
  {
    await db.run(`DELETE FROM ${S}.import_rejection`);
    // Every line of the map file read is used or listed with its reason, as a rejected row is.
    const given = options.labMap;
    await insertRows(
      db,
      `${S}.import_rejection`,
      (given?.rejected ?? []).map((r) => [
        "lab_code_map",
        r.line,
        null,
        "invalid-map-line",
        `${given?.file}: line ${r.line} not used: ${r.reason}`,
      ]),
    );
    const staged = new Map<CdmTable, { file: string; extra: string[]; absent: string[]; read: number }>();
    const tables: TableSummary[] = [];
    const missingTables: CdmTable[] = [];
    const rejectedWhole = new Map<CdmTable, RejectionCount[]>();
    let index = 0;
    for (const table of CDM_TABLES) {
      progress?.table(table, index++, CDM_TABLES.length);
      const file = files.get(table);
      files.delete(table);
      if (file === undefined) {
        missingTables.push(table);
        await db.run(emptyTable(table));
        continue;
      }
      const src = reader(db, join(dir, file));
      const described = await db.all(`DESCRIBE SELECT * FROM ${src}`);
      const actual = new Map(
        described.map((d) => [String(d.column_name).toLowerCase(), String(d.column_name)]),
      );
      const spec = TABLES[table];
      const known = new Set(spec.columns.map((c) => c.name));
      const extra = [...actual.keys()].filter((c) => !known.has(c));
      const absent = spec.columns.filter((c) => !actual.has(c.name)).map((c) => c.name);
      const missingRequired = spec.columns
        .filter((c) => c.required && !actual.has(c.name))
        .map((c) => c.name);
      if (missingRequired.length > 0) {
        const read = await count(db, `SELECT count(*) AS n FROM ${src}`);
        rejectedWhole.set(table, [
          {
            code: "missing-column",
            detail: `required column(s) ${missingRequired.join(", ")} missing`,
            rows: read,
          },
        ]);
        await db.run(
          `INSERT INTO ${S}.import_rejection VALUES (${db.dialect.string(table)}, NULL, NULL, 'missing-column', ${db.dialect.string(`${read} row(s) not imported: required column(s) ${missingRequired.join(", ")} missing from ${file}`)})`,
        );
        await db.run(emptyTable(table));
        tables.push({
          table,
          file,
          read,
          imported: 0,
          used: 0,
          notUsed: 0,
          rejected: rejectedWhole.get(table) ?? [],
          extraColumns: extra,
          absentColumns: absent,
        });
        continue;
      }
      const cols = spec.columns.map((c) => `${typed(c, actual.get(c.name))} AS ${c.name}`).join(", ");
      await db.run(
        `CREATE OR REPLACE TABLE ${S}.stage_${table} AS
         SELECT __line, ${cols}, ${structuralReason(spec.columns, actual)} AS __reason
         FROM (SELECT row_number() OVER () + 1 AS __line, * FROM ${src})`,
      );
      const read = await count(db, `SELECT count(*) AS n FROM ${S}.stage_${table}`);
      staged.set(table, { file, extra, absent, read });
      // Concepts and persons are referred to by the other tables: they are judged and imported first.
      if (table === "concept" || table === "person") await judge(db, table);
    }
    // The site's local lab codes, then the concept maps (which read them) decide the measurement checks (unit,
    // plausibility) before measurements are judged.
    const labMap = given ?? before;
    await writeLabCodeMap(db, labMap);
    const stageOf = (t: CdmTable) => (staged.has(t) ? `${S}.stage_${t}` : undefined);
    await buildConceptMaps(
      db,
      knowledge,
      {
        ...(stageOf("measurement") && { measurement: stageOf("measurement") }),
        ...(stageOf("drug_exposure") && { drug_exposure: stageOf("drug_exposure") }),
        ...(stageOf("condition_occurrence") && { condition_occurrence: stageOf("condition_occurrence") }),
        ...(stageOf("procedure_occurrence") && { procedure_occurrence: stageOf("procedure_occurrence") }),
      },
      `${CDM_SCHEMA}.concept`,
    );
    for (const table of staged.keys()) if (table !== "concept" && table !== "person") await judge(db, table);
    for (const [table, s] of staged) {
      const imported = await count(db, `SELECT count(*) AS n FROM ${CDM_SCHEMA}.${table}`);
      const used = await count(db, usedSql(table));
      const rejected = await db.all(
        `SELECT code, detail, count(*) AS rows FROM (
           SELECT code, CASE code
             WHEN 'unknown-person' THEN 'person_id not in person'
             WHEN 'unknown-concept' THEN split_part(reason, ' ', 1) || ' not in concept'
             WHEN 'duplicate-id' THEN 'row id repeats an earlier row'
             WHEN 'overlapping-observation-period' THEN 'starts inside an earlier observation period of the person'
             WHEN 'implausible-value' THEN 'value outside the physiologically possible range of ' || regexp_extract(reason, 'for ([a-z0-9-]+) is', 1)
             ELSE reason END AS detail
           FROM ${S}.import_rejection WHERE table_name = ${db.dialect.string(table)})
         GROUP BY code, detail ORDER BY rows DESC, code, detail`,
      );
      tables.push({
        table,
        file: s.file,
        read: s.read,
        imported,
        used,
        notUsed: imported - used,
        rejected: rejected.map((r) => ({
          code: r.code as ImportRejectionCode,
          detail: String(r.detail),
          rows: Number(r.rows),
        })),
        extraColumns: s.extra,
        absentColumns: s.absent,
      });
      await db.run(`DROP TABLE ${S}.stage_${table}`);
    }
    const ignored: { file: string; rows: number }[] = [];
    for (const file of files.values())
      ignored.push({
        file,
        rows: await count(db, `SELECT count(*) AS n FROM ${reader(db, join(dir, file))}`),
      });
    // The layout is recorded before the import is marked complete: a store is never complete and unversioned.
    await writeStoreVersion(db);
    await db.run(
      `UPDATE ${S}.import_run SET rows_read = ${tables.reduce((n, t) => n + t.read, 0)} WHERE rows_read IS NULL`,
    );
    tables.sort((a, b) => CDM_TABLES.indexOf(a.table) - CDM_TABLES.indexOf(b.table));
    return {
      source,
      tables,
      absentPersons: await absentPersons(db),
      missingTables,
      ignored,
      ...(labMap !== undefined && { labMap: labMapSummary(given, before) }),
    };
  }
}

/** What the import did with the site's lab map: the map given (first, again, or replacing another), or the one kept. */
function labMapSummary(
  given: LabCodeMap | undefined,
  before: StoredLabMap | undefined,
): NonNullable<ImportSummary["labMap"]> {
  const described = (m: StoredLabMap) => ({
    ...(m.file !== undefined && { file: m.file }),
    ...(m.sha256 !== undefined && { sha256: m.sha256 }),
    codes: m.codes.size,
  });
  if (given === undefined)
    return { ...described(before ?? { codes: new Map() }), rejected: [], stored: "kept" };
  const ofGiven = { ...described(given), rejected: given.rejected };
  if (before === undefined) return { ...ofGiven, stored: "new" };
  if (before.sha256 === given.sha256) return { ...ofGiven, stored: "same" };
  return { ...ofGiven, stored: "replaced", replaced: described(before) };
}

/** Judges the staged rows of `table`: the imported ones become the CDM table, the others are listed. */
async function judge(db: CohortDatabase, table: CdmTable): Promise<void> {
  const spec = TABLES[table];
  const names = spec.columns.map((c) => c.name);
  const checks = referentialReasons(table);
  const join = table === "measurement" ? labJoin("s") : "";
  const reason = `coalesce(s.__reason${checks.length > 0 ? `, CASE ${checks.join(" ")} END` : ""})`;
  await db.run(
    `CREATE OR REPLACE TABLE ${S}.judged AS
     SELECT s.*, ${reason} AS __final
     FROM (SELECT *${windowColumns(table)} FROM ${S}.stage_${table}) s ${join}`,
  );
  await db.run(
    `CREATE OR REPLACE TABLE ${CDM_SCHEMA}.${table} AS SELECT ${names.join(", ")} FROM ${S}.judged WHERE __final IS NULL ORDER BY __line`,
  );
  const id = spec.id !== undefined ? `CAST(${spec.id} AS VARCHAR)` : "CAST(person_id AS VARCHAR)";
  await db.run(
    `INSERT INTO ${S}.import_rejection
     SELECT ${db.dialect.string(table)}, __line, ${id}, split_part(__final, '|', 1), split_part(__final, '|', 2)
     FROM ${S}.judged WHERE __final IS NOT NULL`,
  );
  await db.run(`DROP TABLE ${S}.judged`);
}
