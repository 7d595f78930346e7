/**
 * The tables `pv import` writes. Rows are stored dictionary-coded: a report is its integer key (FAERS
 * PRIMARYID, or a number given to each long-format id), names, terms and codes are stored once in their
 * dictionaries and the row tables hold integers only — DuckDB writes integers to its compressed storage at
 * about the cost of reading them, where text costs several times the read. The views give the rows back as
 * text, with the columns earlier versions stored:
 *   pv_report(report_id, caseid, fda_dt, sex, age_group, year, strata)   from pv_report_data (sex and age
 *     group as codes, FDA_DT as the number yyyymmdd)
 *   pv_drug(report_id, name, ingredient, role)   role: PS, SS, C, I (FAERS) or NULL (long format)
 *   pv_event(report_id, term)                    MedDRA PT (FAERS) or the event as given
 *   pv_outcome, pv_therapy, pv_indication, pv_report_source: the other FAERS files, for the kept reports
 *   pv_name(name_id, …, name, ingredient), pv_term_name(term_id, …, term), pv_code(code_id, …, code):
 *     the dictionaries (raw_* is the value as read, the other columns are trimmed, codes upper case)
 *   pv_drug_map(name, ingredient, drug, how)     catalogue drug of a name: by name, ingredient, spelling
 *   pv_unmatched(name, ingredient, reports, suspect) names that matched no catalogue drug (a view of
 *     pv_unmatched_name that counts their reports when read)
 *   pv_reject(source, reason, rows)              every row set aside, counted by reason
 *   pv_reject_sample(reason, file, line, row)    the first rows of each reason in each file (at most 10: the
 *     first lines the reader refused, else the lowest PRIMARYIDs), stored in file and line order
 *   pv_file(path, kind, table_name, quarter, rows), pv_meta(key, value)
 * Staging tables (raw_*, pv_stage, pv_old) are temporary.
 */
import type { PvDb } from "./db.js";
import type { FaersTable } from "./inputs.js";

/** The storage layout, recorded in pv_meta: `pv signals` refuses a database written in another. */
export const STORAGE = "dictionary-coded 1";

/** DEMO columns staged before de-duplication. */
export const DEMO_COLUMNS = ["primaryid", "caseid", "fda_dt", "sex", "age", "age_cod"] as const;

/** Header names each column is read from (FDA renamed a few columns between quarters). */
export const COLUMN_NAMES: Record<string, readonly string[]> = {
  sex: ["sex", "gndr_cod"],
  outc_cod: ["outc_cod", "outc_code"],
};

/**
 * The dictionaries: key columns (the values as read) and the stored values computed from them once per
 * distinct value; `empty` is true when the stored values are all missing.
 */
export const DICTIONARIES = {
  name: {
    table: "pv_name",
    id: "name_id",
    keys: ["raw_name", "raw_ingredient"],
    values: { name: "nullif(trim(raw_name), '')", ingredient: "nullif(trim(raw_ingredient), '')" },
  },
  term: {
    table: "pv_term_name",
    id: "term_id",
    keys: ["raw_term"],
    values: { term: "nullif(trim(raw_term), '')" },
  },
  code: {
    table: "pv_code",
    id: "code_id",
    keys: ["raw_code"],
    values: { code: "upper(nullif(trim(raw_code), ''))" },
  },
} as const;
export type Dictionary = keyof typeof DICTIONARIES;

/** One FAERS file kind other than DEMO: what is read and how it is stored (its view decodes it). */
export interface FaersKind {
  readonly table: string;
  /** Dictionary-coded columns: stored column → dictionary and the header columns of its keys. */
  readonly coded: Readonly<Record<string, { readonly dict: Dictionary; readonly from: readonly string[] }>>;
  /** Columns stored as text (trimmed). */
  readonly text: Readonly<Record<string, string>>;
  /** The coded column whose values must not all be missing, and the reason a row without them is set aside. */
  readonly required?: { readonly column: string; readonly why: string };
}

/** A kind whose one required value, read from `column`, is coded in `dict` as `id`. */
const oneValue = (table: string, id: string, dict: Dictionary, column: string): FaersKind => ({
  table,
  coded: { [id]: { dict, from: [column] } },
  text: {},
  required: { column: id, why: `no ${column.toUpperCase()}` },
});

export const FAERS_KINDS: Record<Exclude<FaersTable, "demo">, FaersKind> = {
  drug: {
    table: "pv_drug_data",
    coded: {
      name_id: { dict: "name", from: ["drugname", "prod_ai"] },
      role_id: { dict: "code", from: ["role_cod"] },
    },
    text: {},
    required: { column: "name_id", why: "no DRUGNAME and no PROD_AI" },
  },
  reac: oneValue("pv_event_data", "term_id", "term", "pt"),
  outc: oneValue("pv_outcome_data", "code_id", "code", "outc_cod"),
  ther: {
    table: "pv_therapy_data",
    coded: {},
    text: { drug_seq: "dsg_drug_seq", start_dt: "start_dt", end_dt: "end_dt" },
  },
  indi: {
    ...oneValue("pv_indication_data", "term_id", "term", "indi_pt"),
    text: { drug_seq: "indi_drug_seq" },
  },
  rpsr: oneValue("pv_report_source_data", "code_id", "code", "rpsr_cod"),
};

/** The report id as users see it: the long-format id as given, else the FAERS PRIMARYID. */
const REPORT_ID = "coalesce(r.report_id, r.report::VARCHAR)";

/** Sex and age group are stored as codes (0: unknown), decoded by the view. */
export const SEX_CODES = { F: 1, M: 2 } as const;
export const AGE_GROUPS = ["<18", "18-64", "65+"] as const;

const decode = (column: string, labels: readonly string[]) =>
  `CASE ${column} ${labels.map((l, i) => `WHEN ${i + 1} THEN '${l}'`).join(" ")} WHEN 0 THEN 'unknown' END`;

const VIEWS = `
CREATE VIEW pv_report AS SELECT ${REPORT_ID} AS report_id, r.caseid::VARCHAR AS caseid, r.fda_dt::VARCHAR AS fda_dt,
  ${decode("r.sex", Object.keys(SEX_CODES))} AS sex, ${decode("r.age_group", AGE_GROUPS)} AS age_group,
  r.year, r.strata FROM pv_report_data r;
CREATE VIEW pv_drug AS SELECT ${REPORT_ID} AS report_id, n.name, n.ingredient, c.code AS role
  FROM pv_drug_data d JOIN pv_report_data r USING (report) JOIN pv_name n USING (name_id) LEFT JOIN pv_code c ON c.code_id = d.role_id;
CREATE VIEW pv_event AS SELECT ${REPORT_ID} AS report_id, t.term
  FROM pv_event_data e JOIN pv_report_data r USING (report) JOIN pv_term_name t USING (term_id);
CREATE VIEW pv_unmatched AS SELECT u.name, u.ingredient, count(DISTINCT d.report) AS reports, u.suspect
  FROM pv_unmatched_name u JOIN pv_name n ON n.name IS NOT DISTINCT FROM u.name AND n.ingredient IS NOT DISTINCT FROM u.ingredient
  JOIN pv_drug_data d USING (name_id) GROUP BY ALL;
CREATE VIEW pv_outcome AS SELECT d.report::VARCHAR AS report_id, c.code FROM pv_outcome_data d JOIN pv_code c USING (code_id);
CREATE VIEW pv_therapy AS SELECT report::VARCHAR AS report_id, drug_seq, start_dt, end_dt FROM pv_therapy_data;
CREATE VIEW pv_indication AS SELECT d.report::VARCHAR AS report_id, d.drug_seq, t.term
  FROM pv_indication_data d JOIN pv_term_name t USING (term_id);
CREATE VIEW pv_report_source AS SELECT d.report::VARCHAR AS report_id, c.code FROM pv_report_source_data d JOIN pv_code c USING (code_id);`;

/** Drops every table, view and type an import writes (an older database may hold other tables of ours). */
export async function dropAll(db: PvDb): Promise<void> {
  const objects = await db.all<{ name: string; kind: string }>(
    `SELECT view_name AS name, 'VIEW' AS kind FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' AND view_name LIKE 'pv\\_%' ESCAPE '\\'
     UNION ALL SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE (table_name LIKE 'pv\\_%' ESCAPE '\\' OR table_name LIKE 'raw\\_%' ESCAPE '\\')`,
  );
  for (const o of objects.filter((x) => x.kind === "VIEW")) await db.run(`DROP VIEW "${o.name}"`);
  for (const o of objects.filter((x) => x.kind === "TABLE")) await db.run(`DROP TABLE "${o.name}"`);
}

const dictionaryTable = (d: (typeof DICTIONARIES)[Dictionary]) =>
  `CREATE TABLE ${d.table} (${d.id} INTEGER, ${[...d.keys, ...Object.keys(d.values)].map((c) => `${c} VARCHAR`).join(", ")});`;

const kindTable = (k: FaersKind) =>
  `CREATE TABLE ${k.table} (report BIGINT, ${[
    ...Object.keys(k.text).map((c) => `${c} VARCHAR`),
    ...Object.keys(k.coded).map((c) => `${c} INTEGER`),
  ].join(", ")});`;

export const CREATE_ALL = `
CREATE TABLE pv_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE pv_file (path VARCHAR, kind VARCHAR, table_name VARCHAR, quarter VARCHAR, rows BIGINT);
CREATE TABLE pv_reject (source VARCHAR, reason VARCHAR, rows BIGINT);
CREATE TABLE pv_reject_sample (reason VARCHAR, file VARCHAR, line BIGINT, "row" VARCHAR);
CREATE TABLE pv_drug_map (name VARCHAR, ingredient VARCHAR, drug VARCHAR, how VARCHAR);
CREATE TABLE pv_unmatched_name (name VARCHAR, ingredient VARCHAR, suspect BOOLEAN);
CREATE TABLE pv_report_data (report BIGINT, report_id VARCHAR, caseid BIGINT, fda_dt INTEGER, sex UTINYINT,
  age_group UTINYINT, year INTEGER, strata VARCHAR);
${Object.values(DICTIONARIES).map(dictionaryTable).join("\n")}
${Object.values(FAERS_KINDS).map(kindTable).join("\n")}
CREATE TEMP TABLE raw_demo (file UBIGINT, report BIGINT, caseid BIGINT, fda_dt INTEGER, sex UTINYINT,
  age_group UTINYINT, status UTINYINT, rejected VARCHAR);
CREATE TEMP TABLE raw_deleted (caseid VARCHAR);
CREATE TEMP TABLE raw_long (id VARCHAR, drug VARCHAR, event VARCHAR, strata VARCHAR);
${VIEWS}`;

/**
 * Adds to a dictionary the values of `source` it lacks (`columns`: the source's columns, in the order of
 * the dictionary's keys), numbered after the ones it holds.
 */
export function addToDictionary(dict: Dictionary, source: string, columns: readonly string[]): string {
  const d = DICTIONARIES[dict];
  const keys: readonly string[] = d.keys;
  const match = keys.map((k) => `x.${k} IS NOT DISTINCT FROM s.${k}`).join(" AND ");
  // The distinct values first: the check against the dictionary then runs once per value, not once per row.
  return `INSERT INTO ${d.table}
    SELECT (SELECT coalesce(max(${d.id}), 0) FROM ${d.table}) + row_number() OVER (), ${keys.join(", ")},
      ${Object.values(d.values).join(", ")}
    FROM (SELECT DISTINCT ${columns.map((c, i) => `s.${c} AS ${keys[i]}`).join(", ")} FROM ${source} s) s
    WHERE NOT EXISTS (SELECT 1 FROM ${d.table} x WHERE ${match})`;
}

/** A join of `alias` (a dictionary) on the key columns of `source` (`columns`, in the order of the keys). */
export function dictionaryJoin(
  dict: Dictionary,
  alias: string,
  source: string,
  columns: readonly string[],
): string {
  const d = DICTIONARIES[dict];
  const keys: readonly string[] = d.keys;
  return `JOIN ${d.table} ${alias} ON ${keys.map((k, i) => `${alias}.${k} IS NOT DISTINCT FROM ${source}.${columns[i]}`).join(" AND ")}`;
}

/** SQL that is true when a dictionary entry's stored values are all missing. */
export function dictionaryEmpty(dict: Dictionary, alias: string): string {
  return Object.keys(DICTIONARIES[dict].values)
    .map((v) => `${alias}.${v} IS NULL`)
    .join(" AND ");
}
