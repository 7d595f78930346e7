/**
 * The tables `pv import` writes. FAERS files other than DEMO are read once, straight into a row table that
 * keeps every row with the reason it was set aside (NULL when kept); a view of the kept rows is what
 * `pv signals` counts:
 *   pv_report(report_id, caseid, fda_dt, sex, age_group, year, strata)
 *   pv_drug(report_id, name, ingredient, role)      role: PS, SS, C, I (FAERS) or NULL (long format)
 *   pv_event(report_id, term)                        MedDRA PT (FAERS) or the event as given
 *   pv_outcome, pv_therapy, pv_indication, pv_report_source: the other FAERS files, for the kept reports
 *   pv_<view>_row: the same columns and `reject` (FAERS), every row read
 *   pv_drug_map(name, ingredient, drug, how)         catalogue drug of a name: by name, ingredient, spelling
 *   pv_unmatched(name, ingredient, reports, suspect) names that matched no catalogue drug
 *   pv_reject(source, reason, rows), pv_file(path, kind, table_name, quarter, rows), pv_meta(key, value)
 * Staging tables (raw_*) are temporary: the DEMO rows before de-duplication, the deleted-case lists.
 */
import type { PvDb } from "./db.js";

/** DEMO columns staged before de-duplication. */
export const DEMO_COLUMNS = ["primaryid", "caseid", "fda_dt", "sex", "age", "age_cod"] as const;

/** Header names each column is read from (FDA renamed a few columns between quarters). */
export const COLUMN_NAMES: Record<string, readonly string[]> = {
  sex: ["sex", "gndr_cod"],
  outc_cod: ["outc_cod", "outc_code"],
};

/** How each FAERS file other than DEMO becomes its view: output columns from header columns. */
export const FAERS_VIEWS = {
  drug: {
    view: "pv_drug",
    columns: { name: "drugname", ingredient: "prod_ai", role: "upper(role_cod)" },
    required: { sql: "drugname IS NULL AND prod_ai IS NULL", why: "no DRUGNAME and no PROD_AI" },
  },
  reac: { view: "pv_event", columns: { term: "pt" }, required: { sql: "pt IS NULL", why: "no PT" } },
  outc: {
    view: "pv_outcome",
    columns: { code: "upper(outc_cod)" },
    required: { sql: "outc_cod IS NULL", why: "no OUTC_COD" },
  },
  ther: { view: "pv_therapy", columns: { drug_seq: "dsg_drug_seq", start_dt: "start_dt", end_dt: "end_dt" } },
  indi: {
    view: "pv_indication",
    columns: { drug_seq: "indi_drug_seq", term: "indi_pt" },
    required: { sql: "indi_pt IS NULL", why: "no INDI_PT" },
  },
  rpsr: {
    view: "pv_report_source",
    columns: { code: "upper(rpsr_cod)" },
    required: { sql: "rpsr_cod IS NULL", why: "no RPSR_COD" },
  },
} as const satisfies Record<
  string,
  {
    view: string;
    columns: Record<string, string>;
    required?: { sql: string; why: string };
  }
>;

/** Header columns an expression of FAERS_VIEWS reads (the identifiers in it). */
export const sourceColumns = (sql: string): string[] =>
  [...sql.matchAll(/\b([a-z_]+)\b/g)]
    .map((m) => m[1] as string)
    .filter((w) => !["upper", "is", "null", "and"].includes(w));

/** Drops every table and view an import writes (an older database may hold as tables what is now a view). */
export async function dropAll(db: PvDb): Promise<void> {
  const objects = await db.all<{ name: string; kind: string }>(
    `SELECT view_name AS name, 'VIEW' AS kind FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' AND view_name LIKE 'pv\\_%' ESCAPE '\\'
     UNION ALL SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE (table_name LIKE 'pv\\_%' ESCAPE '\\' OR table_name LIKE 'raw\\_%' ESCAPE '\\')`,
  );
  for (const o of objects.filter((x) => x.kind === "VIEW")) await db.run(`DROP VIEW "${o.name}"`);
  for (const o of objects.filter((x) => x.kind === "TABLE")) await db.run(`DROP TABLE "${o.name}"`);
}

export const CREATE_ALL = `
CREATE TABLE pv_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE pv_file (path VARCHAR, kind VARCHAR, table_name VARCHAR, quarter VARCHAR, rows BIGINT);
CREATE TABLE pv_reject (source VARCHAR, reason VARCHAR, rows BIGINT);
CREATE TABLE pv_drug_map (name VARCHAR, ingredient VARCHAR, drug VARCHAR, how VARCHAR);
CREATE TABLE pv_unmatched (name VARCHAR, ingredient VARCHAR, reports BIGINT, suspect BOOLEAN);
CREATE TEMP TABLE raw_demo (${DEMO_COLUMNS.map((c) => `${c} VARCHAR`).join(", ")}, end_field VARCHAR);
CREATE TEMP TABLE raw_deleted (caseid VARCHAR);
CREATE TEMP TABLE raw_long (id VARCHAR, drug VARCHAR, event VARCHAR, strata VARCHAR);
${Object.values(FAERS_VIEWS)
  .map(
    (v) =>
      `CREATE TABLE ${v.view}_row (report_id VARCHAR, ${Object.keys(v.columns)
        .map((c) => `${c} VARCHAR`)
        .join(", ")}, reject VARCHAR);
CREATE VIEW ${v.view} AS SELECT * EXCLUDE (reject) FROM ${v.view}_row WHERE reject IS NULL;`,
  )
  .join("\n")}`;
