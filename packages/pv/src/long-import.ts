/**
 * The generic long format: one CSV row per report × drug × event, with a report id, a drug, an event and
 * optional strata — the layout of FDA CAERS as the MGPS literature uses it. Column names (any case): `id`
 * or `report_id`; `var1` or `drug`; `var2` or `event`; every column whose name starts with `strat` is a
 * stratification variable (openEBGM's convention). Counting follows DuMouchel with unique-report
 * marginals: a report counts once per drug, event and pair however many rows repeat it.
 */

import { takeRejects } from "./csv-read.js";
import type { PvDb } from "./db.js";
import { sqlText } from "./db.js";
import { addReject, type FileResult } from "./faers-import.js";
import { addToDictionary, dictionaryJoin } from "./schema.js";

const ALIASES = { id: ["id", "report_id"], drug: ["var1", "drug"], event: ["var2", "event"] } as const;

function csvSource(path: string): string {
  return `read_csv(${sqlText(path)}, header = true, all_varchar = true, normalize_names = true,
    store_rejects = true, rejects_table = 'pv_rej', rejects_scan = 'pv_rej_scan')`;
}

/** Stages one long-format CSV file; rows without an id, drug or event are counted, not kept. */
export async function stageLongFile(db: PvDb, path: string): Promise<FileResult> {
  const described = await db.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${csvSource(path)}`);
  await takeRejects(db, "pv_rej");
  const columns = described.map((c) => c.column_name);
  const pick = (names: readonly string[]) => names.find((n) => columns.includes(n));
  const id = pick(ALIASES.id);
  const drug = pick(ALIASES.drug);
  const event = pick(ALIASES.event);
  if (id === undefined || drug === undefined || event === undefined)
    return {
      path,
      rows: 0,
      rejects: new Map(),
      error: `long format needs columns id (or report_id), var1 (or drug) and var2 (or event); found ${columns.join(", ")}`,
    };
  const strata = columns.filter((c) => c.startsWith("strat"));
  const strataExpr =
    strata.length > 0
      ? `concat_ws('|', ${strata.map((s) => `coalesce(trim("${s}"), '')`).join(", ")})`
      : "NULL";
  const [counts] = await db.all<{ rows: number; bad: number }>(`
    WITH src AS (SELECT nullif(trim("${id}"), '') AS id, nullif(trim("${drug}"), '') AS drug,
                        nullif(trim("${event}"), '') AS event, ${strataExpr} AS strata FROM ${csvSource(path)})
    SELECT count(*) AS rows, count(*) FILTER (WHERE id IS NULL OR drug IS NULL OR event IS NULL) AS bad FROM src`);
  await takeRejects(db, "pv_rej");
  await db.run(`
    INSERT INTO raw_long SELECT * FROM (
      SELECT nullif(trim("${id}"), '') AS id, nullif(trim("${drug}"), '') AS drug,
             nullif(trim("${event}"), '') AS event, ${strataExpr} AS strata FROM ${csvSource(path)})
    WHERE id IS NOT NULL AND drug IS NOT NULL AND event IS NOT NULL`);
  const rejects = await takeRejects(db, "pv_rej");
  addReject(rejects, "no report id, drug or event", counts?.bad ?? 0);
  return { path, rows: (counts?.rows ?? 0) - (counts?.bad ?? 0), rejects };
}

/**
 * Builds pv_report_data (each id numbered), pv_drug_data and pv_event_data (one row per report and drug,
 * per report and event, coded through the dictionaries) from the staged long rows.
 */
export async function buildLong(db: PvDb): Promise<{ reports: number; conflictingStrata: number }> {
  await db.run(`
    CREATE TEMP TABLE long_id AS
    SELECT row_number() OVER (ORDER BY id) AS report, id, min(strata) AS strata,
      count(DISTINCT strata) > 1 AS conflicting FROM raw_long GROUP BY id;
    INSERT INTO pv_report_data SELECT report, id, NULL, NULL, NULL, NULL, NULL, strata FROM long_id;
    CREATE TEMP TABLE long_row AS
    SELECT DISTINCT l.report, r.drug, NULL::VARCHAR AS ingredient, r.event FROM raw_long r JOIN long_id l USING (id);
    ${addToDictionary("name", "long_row", ["drug", "ingredient"])};
    ${addToDictionary("term", "long_row", ["event"])};
    INSERT INTO pv_drug_data SELECT DISTINCT s.report, n.name_id, NULL FROM long_row s ${dictionaryJoin("name", "n", "s", ["drug", "ingredient"])};
    INSERT INTO pv_event_data SELECT DISTINCT s.report, t.term_id FROM long_row s ${dictionaryJoin("term", "t", "s", ["event"])};`);
  const [r] = await db.all<{ reports: number; conflicting: number }>(
    "SELECT count(*) AS reports, count(*) FILTER (WHERE conflicting) AS conflicting FROM long_id",
  );
  await db.run("DROP TABLE raw_long; DROP TABLE long_id; DROP TABLE long_row");
  return { reports: r?.reports ?? 0, conflictingStrata: r?.conflicting ?? 0 };
}
