/**
 * The tables `pv import` writes. Staging tables (raw_*) hold the files as read; the pv_* tables hold the
 * de-duplicated reports that `pv signals` counts:
 *   pv_report(report_id, caseid, fda_dt, sex, age_group, year, strata)
 *   pv_drug(report_id, name, ingredient, role)      role: PS, SS, C, I (FAERS) or NULL (long format)
 *   pv_event(report_id, term)                        MedDRA PT (FAERS) or the event as given
 *   pv_drug_map(name, ingredient, drug, how)         catalogue drug of a name: by name, ingredient, spelling
 *   pv_unmatched(name, ingredient, reports, suspect) names that matched no catalogue drug
 *   pv_outcome, pv_therapy, pv_indication, pv_report_source: the other FAERS files, for the kept reports
 *   pv_reject(source, reason, rows), pv_file(path, kind, table_name, quarter, rows), pv_meta(key, value)
 */
export const STAGING = {
  demo: "primaryid VARCHAR, caseid VARCHAR, fda_dt VARCHAR, sex VARCHAR, age VARCHAR, age_cod VARCHAR",
  drug: "primaryid VARCHAR, role_cod VARCHAR, drugname VARCHAR, prod_ai VARCHAR",
  reac: "primaryid VARCHAR, pt VARCHAR",
  outc: "primaryid VARCHAR, outc_cod VARCHAR",
  ther: "primaryid VARCHAR, dsg_drug_seq VARCHAR, start_dt VARCHAR, end_dt VARCHAR",
  indi: "primaryid VARCHAR, indi_drug_seq VARCHAR, indi_pt VARCHAR",
  rpsr: "primaryid VARCHAR, rpsr_cod VARCHAR",
} as const;

/** Header names each staging column is read from (FDA renamed a few columns between quarters). */
export const COLUMN_NAMES: Record<string, readonly string[]> = {
  sex: ["sex", "gndr_cod"],
  outc_cod: ["outc_cod", "outc_code"],
};

export const DROP_ALL = `
DROP TABLE IF EXISTS pv_meta; DROP TABLE IF EXISTS pv_file; DROP TABLE IF EXISTS pv_reject;
DROP TABLE IF EXISTS pv_report; DROP TABLE IF EXISTS pv_drug; DROP TABLE IF EXISTS pv_event;
DROP TABLE IF EXISTS pv_drug_map; DROP TABLE IF EXISTS pv_unmatched; DROP TABLE IF EXISTS pv_outcome;
DROP TABLE IF EXISTS pv_therapy; DROP TABLE IF EXISTS pv_indication; DROP TABLE IF EXISTS pv_report_source;
DROP TABLE IF EXISTS raw_deleted; DROP TABLE IF EXISTS raw_long;
${Object.keys(STAGING)
  .map((t) => `DROP TABLE IF EXISTS raw_${t};`)
  .join(" ")}`;

export const CREATE_ALL = `
CREATE TABLE pv_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE pv_file (path VARCHAR, kind VARCHAR, table_name VARCHAR, quarter VARCHAR, rows BIGINT);
CREATE TABLE pv_reject (source VARCHAR, reason VARCHAR, rows BIGINT);
CREATE TABLE pv_drug_map (name VARCHAR, ingredient VARCHAR, drug VARCHAR, how VARCHAR);
CREATE TABLE pv_unmatched (name VARCHAR, ingredient VARCHAR, reports BIGINT, suspect BOOLEAN);
${Object.entries(STAGING)
  .map(([t, cols]) => `CREATE TABLE raw_${t} (${cols}, end_field VARCHAR, quarter VARCHAR);`)
  .join("\n")}
CREATE TABLE raw_deleted (caseid VARCHAR);
CREATE TABLE raw_long (id VARCHAR, drug VARCHAR, event VARCHAR, strata VARCHAR);`;
