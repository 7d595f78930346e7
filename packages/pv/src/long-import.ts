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

/** Builds pv_report, pv_drug and pv_event (one row per report and drug, per report and event) from the staged long rows. */
export async function buildLong(db: PvDb): Promise<{ reports: number; conflictingStrata: number }> {
  await db.run(`
    CREATE TABLE pv_report AS SELECT id AS report_id, NULL::VARCHAR AS caseid, NULL::VARCHAR AS fda_dt,
      NULL::VARCHAR AS sex, NULL::VARCHAR AS age_group, NULL::INTEGER AS year, min(strata) AS strata
    FROM raw_long GROUP BY id;
    INSERT INTO pv_drug_row SELECT DISTINCT id, drug, NULL, NULL, NULL FROM raw_long;
    INSERT INTO pv_event_row SELECT DISTINCT id, event, NULL FROM raw_long;`);
  const [r] = await db.all<{ reports: number; conflicting: number }>(`
    SELECT (SELECT count(*) FROM pv_report) AS reports,
           (SELECT count(*) FROM (SELECT id FROM raw_long GROUP BY id HAVING count(DISTINCT strata) > 1)) AS conflicting`);
  await db.run("DROP TABLE raw_long");
  return { reports: r?.reports ?? 0, conflictingStrata: r?.conflicting ?? 0 };
}
