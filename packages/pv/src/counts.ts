/**
 * Report counts for every drug–event pair, in DuckDB SQL: N (reports with both), the drug's and the
 * event's report totals, the total, and the expected count E = Σ_strata n_i·s n_·js / n_··s (DuMouchel
 * 1999 with unique-report marginals, as openEBGM's processRaw counts them). A report is counted once per
 * drug, event and pair however many rows name them.
 *
 * Items on the drug side: catalogue drugs (names mapped at import), their classes or targets, and every
 * other name as written (upper case) so that "all other drugs" is the whole database. Events: the seven
 * disorders through the MedDRA term lists, or the terms as given (`raw`).
 */
import type { DrugCatalogue, PvTerms } from "@hemosentinel/core";
import type { PvDb } from "./db.js";

export type Level = "drug" | "class" | "target" | "raw";
export type Stratum = "sex" | "age" | "year" | "strata";

export interface CountOptions {
  readonly level: Level;
  /** Drug roles counted (FAERS ROLE_COD); empty = every role. Long-format rows have none and always count. */
  readonly roles: readonly string[];
  /** `immunotherapy`: only reports with a catalogue immunotherapy form the database. */
  readonly comparator: "all" | "immunotherapy";
  readonly strata: readonly Stratum[];
}

export interface PairRow {
  readonly item: string;
  readonly event: string;
  /** The item is a catalogue drug, class or target (not a name as written). */
  readonly catalogue: boolean;
  readonly n: number;
  readonly e: number;
  readonly drugTotal: number;
  readonly eventTotal: number;
  readonly total: number;
}

// Sex and age group are stored as codes, 0 for unknown (FAERS) and NULL where there are none (long format).
const STRATUM_SQL: Record<Stratum, string> = {
  sex: "coalesce(sex, 0)",
  age: "coalesce(age_group, 0)",
  year: "coalesce(year::VARCHAR, 'unknown')",
  strata: "coalesce(strata, '')",
};

/** The catalogue items of a level: drug id → item (a drug has one class but may have several targets). */
export function catalogueItems(catalogue: DrugCatalogue, level: Level): [string, string][] {
  if (level === "raw") return [];
  return catalogue.drugs.flatMap((d): [string, string][] =>
    level === "drug"
      ? [[d.id, d.id]]
      : level === "class"
        ? [[d.id, d.class]]
        : d.targets.map((t): [string, string] => [d.id, t]),
  );
}

/**
 * Loads the working tables (di: report → item id, di_item: item id → item and whether it is a catalogue
 * item, ev: report → event, uni: the reports with their stratum). di holds integers only: the distinct
 * report × item rows are grouped and joined on two integers rather than on the item's text.
 */
export async function prepareCounts(
  db: PvDb,
  catalogue: DrugCatalogue,
  terms: PvTerms,
  options: CountOptions,
): Promise<void> {
  await db.run(`
    DROP TABLE IF EXISTS pv_item; DROP TABLE IF EXISTS pv_term; DROP TABLE IF EXISTS di; DROP TABLE IF EXISTS ev;
    DROP TABLE IF EXISTS uni; DROP TABLE IF EXISTS name_item; DROP TABLE IF EXISTS term_event; DROP TABLE IF EXISTS di_item;
    CREATE TEMP TABLE pv_item (drug VARCHAR, item VARCHAR);
    CREATE TEMP TABLE pv_term (term VARCHAR, disorder VARCHAR);`);
  await db.appendText("pv_item", catalogueItems(catalogue, options.level));
  await db.appendText(
    "pv_term",
    terms.lists.flatMap((l) =>
      [...l.preferredTerms, ...l.formerTerms].map((t) => [t.toLowerCase(), l.disorder]),
    ),
  );
  const roles =
    options.roles.length === 0
      ? "TRUE"
      : `(c.code IS NULL OR c.code IN (${options.roles.map((r) => `'${r.replaceAll("'", "''")}'`).join(", ")}))`;
  // Every role counts: the join to the role codes is left out (it kept every row, at a join's cost).
  const roleJoin =
    options.roles.length === 0 ? "" : `LEFT JOIN pv_code c ON c.code_id = d.role_id WHERE ${roles}`;
  // Items and events are resolved once per dictionary entry, then joined to the coded rows by integer id.
  const item =
    options.level === "raw" ? "n.name" : "coalesce(it.item, upper(trim(coalesce(n.ingredient, n.name))))";
  const joins =
    options.level === "raw"
      ? ""
      : `LEFT JOIN pv_drug_map m ON coalesce(m.name, '') = coalesce(n.name, '') AND coalesce(m.ingredient, '') = coalesce(n.ingredient, '')
         LEFT JOIN pv_item it ON it.drug = m.drug`;
  const catalogueFlag = options.level === "raw" ? "FALSE" : "it.item IS NOT NULL";
  const stratum =
    options.strata.length === 0
      ? "''"
      : `concat_ws('|', ${options.strata.map((s) => STRATUM_SQL[s]).join(", ")})`;
  const immuno =
    options.comparator === "immunotherapy"
      ? `AND report IN (SELECT d.report FROM pv_drug_data d JOIN pv_name n USING (name_id) LEFT JOIN pv_code c ON c.code_id = d.role_id
           JOIN pv_drug_map m ON coalesce(m.name, '') = coalesce(n.name, '') AND coalesce(m.ingredient, '') = coalesce(n.ingredient, '') WHERE ${roles})`
      : "";
  const event = options.level === "raw" ? "t.term" : "pt.disorder";
  const eventJoin = options.level === "raw" ? "" : "JOIN pv_term pt ON pt.term = lower(t.term)";
  await db.run(`
    CREATE TEMP TABLE name_item AS SELECT name_id, item, catalogue, dense_rank() OVER (ORDER BY item, catalogue)::INTEGER AS item_id
      FROM (SELECT DISTINCT n.name_id, ${item} AS item, ${catalogueFlag} AS catalogue
        FROM pv_name n ${joins} WHERE coalesce(n.name, n.ingredient) IS NOT NULL);
    CREATE TEMP TABLE di_item AS SELECT DISTINCT item_id, item, catalogue FROM name_item;
    CREATE TEMP TABLE term_event AS SELECT t.term_id, ${event} AS event FROM pv_term_name t ${eventJoin};
    CREATE TEMP TABLE di AS SELECT DISTINCT d.report AS report_id, ni.item_id
      FROM pv_drug_data d JOIN name_item ni USING (name_id) ${roleJoin};
    CREATE TEMP TABLE uni AS SELECT report AS report_id, ${stratum} AS s FROM pv_report_data
      WHERE report IN (SELECT report_id FROM di) AND report IN (SELECT report FROM pv_event_data) ${immuno};
    DELETE FROM di WHERE report_id NOT IN (SELECT report_id FROM uni);
    CREATE TEMP TABLE ev AS SELECT DISTINCT e.report AS report_id, te.event FROM pv_event_data e JOIN term_event te USING (term_id)
      WHERE e.report IN (SELECT report_id FROM uni);
    DROP TABLE name_item; DROP TABLE term_event;`);
}

/**
 * The expected count is a sum over strata, and a sum of floating-point numbers depends on the order of its
 * terms, which DuckDB's threads do not fix: the same database gave E differing in its last bit from run
 * to run. Each stratum's term d·e/t (a double, the same whatever the order) is therefore scaled by 2^88
 * to an integer and the integers are summed, exactly and in any order; the sum comes back as one double,
 * correctly rounded (a BigInt converted to a number), and is scaled back. The scaling is exact: a term is
 * at least 1/t, so with at most 2^36 reports in a stratum its last bit is worth at least 2^-88, and with
 * fewer than 2^39 reports in all the sum stays below 2^127. Without strata the one term is E unchanged.
 */
const E_SCALE = 2 ** 88;

/** The expected count over strata: the exact sum of the terms, as {@link E_SCALE} explains. */
export function expectedCount(terms: readonly number[]): number {
  let sum = 0n;
  for (const term of terms) sum += BigInt(Math.round(term * E_SCALE));
  return Number(sum) / E_SCALE;
}

/**
 * Every pair with N ≥ 1, and, unless the level is `raw`, every catalogue item × event pair with N = 0
 * too (a drug with no report of a disorder is an answer, not a gap). `stratified`: whether prepareCounts
 * was given strata (false: every report is in the one stratum '').
 */
export async function pairCounts(db: PvDb, level: Level, stratified = true): Promise<PairRow[]> {
  const zeros =
    level === "raw"
      ? ""
      : `UNION SELECT c.item, x.event FROM (SELECT DISTINCT item FROM d_s WHERE catalogue) c CROSS JOIN (SELECT DISTINCT event FROM ev) x`;
  // Every row of di and ev is a report of uni (prepareCounts): without strata (one stratum, '') the counts
  // per item and per event need no join to uni for the stratum. Reports are counted per item id, then
  // summed per item (an item's ids differ only in the catalogue flag).
  const strataCounts = stratified
    ? `d_i AS (SELECT item_id, s, count(*) AS c FROM di JOIN uni USING (report_id) GROUP BY item_id, s),
    e_s AS (SELECT event, s, count(*) AS c FROM ev JOIN uni USING (report_id) GROUP BY event, s)`
    : `d_i AS (SELECT item_id, '' AS s, count(*) AS c FROM di GROUP BY item_id),
    e_s AS (SELECT event, '' AS s, count(*) AS c FROM ev GROUP BY event)`;
  const rows = await db.all<{
    item: string;
    event: string;
    catalogue: boolean;
    n: number;
    e: number;
    drug_total: number;
    event_total: number;
    total: number;
  }>(`
    WITH ${strataCounts},
    d_s AS (SELECT it.item, bool_or(it.catalogue) AS catalogue, d_i.s, sum(d_i.c)::BIGINT AS c FROM d_i JOIN di_item it USING (item_id) GROUP BY it.item, d_i.s),
    t_s AS (SELECT s, count(*) AS c FROM uni GROUP BY s),
    p_i AS (SELECT di.item_id, ev.event, count(*) AS n FROM di JOIN ev USING (report_id) GROUP BY di.item_id, ev.event),
    p AS (SELECT it.item, p_i.event, sum(p_i.n)::BIGINT AS n FROM p_i JOIN di_item it USING (item_id) GROUP BY it.item, p_i.event),
    cells AS (SELECT item, event FROM p ${zeros}),
    x AS (SELECT cells.item, cells.event, sum((d_s.c::DOUBLE * e_s.c / t_s.c * ${E_SCALE})::HUGEINT) AS e FROM cells
          JOIN d_s ON d_s.item = cells.item JOIN e_s ON e_s.event = cells.event AND e_s.s = d_s.s
          JOIN t_s ON t_s.s = d_s.s GROUP BY cells.item, cells.event),
    d AS (SELECT item, bool_or(catalogue) AS catalogue, sum(c) AS c FROM d_s GROUP BY item),
    ee AS (SELECT event, sum(c) AS c FROM e_s GROUP BY event)
    SELECT cells.item, cells.event, d.catalogue, coalesce(p.n, 0) AS n, coalesce(x.e, 0) AS e, d.c AS drug_total,
      ee.c AS event_total, (SELECT count(*) FROM uni) AS total
    FROM cells JOIN d USING (item) JOIN ee USING (event) LEFT JOIN p USING (item, event) LEFT JOIN x USING (item, event)
    ORDER BY cells.item, cells.event`);
  return rows.map((r) => ({
    item: r.item,
    event: r.event,
    catalogue: r.catalogue,
    n: r.n,
    e: r.e / E_SCALE,
    drugTotal: r.drug_total,
    eventTotal: r.event_total,
    total: r.total,
  }));
}

/**
 * Counts with the drug's own class masked: reports that carry another drug of the class but not this
 * drug leave the database, so a class-wide effect does not hide (or lend) a drug's own signal. Returns
 * the pair rows of the catalogue drugs recomputed that way (drug level only).
 */
export async function maskedPairCounts(
  db: PvDb,
  catalogue: DrugCatalogue,
  rows: readonly PairRow[],
): Promise<PairRow[]> {
  const classOf = new Map(catalogue.drugs.map((d) => [d.id, d.class]));
  await db.run(`DROP TABLE IF EXISTS dclass; CREATE TEMP TABLE dclass (drug VARCHAR, class VARCHAR);`);
  await db.appendText("dclass", [...classOf]);
  // Per stratum: reports of the class, with the event, of the drug, of the pair.
  const pieces = await db.all<{ item: string; event: string; s: string; kind: string; c: number }>(`
    WITH dt AS (SELECT di.report_id, it.item FROM di JOIN di_item it USING (item_id)),
    cr AS (SELECT DISTINCT dt.report_id, dc.class FROM dt JOIN dclass dc ON dc.drug = dt.item),
    drugs AS (SELECT DISTINCT item, class FROM dt JOIN dclass dc ON dc.drug = dt.item)
    SELECT drugs.item, '' AS event, uni.s, 'class' AS kind, count(*) AS c FROM drugs JOIN cr USING (class) JOIN uni USING (report_id) GROUP BY ALL
    UNION ALL SELECT drugs.item, ev.event, uni.s, 'class-event', count(*) FROM drugs JOIN cr USING (class) JOIN ev USING (report_id) JOIN uni USING (report_id) GROUP BY ALL
    UNION ALL SELECT dt.item, '', uni.s, 'drug', count(*) FROM dt JOIN dclass dc ON dc.drug = dt.item JOIN uni USING (report_id) GROUP BY ALL
    UNION ALL SELECT dt.item, ev.event, uni.s, 'pair', count(*) FROM dt JOIN dclass dc ON dc.drug = dt.item JOIN ev USING (report_id) JOIN uni USING (report_id) GROUP BY ALL
    UNION ALL SELECT '', ev.event, uni.s, 'event', count(*) FROM ev JOIN uni USING (report_id) GROUP BY ALL
    UNION ALL SELECT '', '', s, 'total', count(*) FROM uni GROUP BY ALL`);
  const key = (...parts: string[]) => parts.join("\u0000");
  const get = new Map(pieces.map((p) => [key(p.kind, p.item, p.event, p.s), p.c]));
  const strata = pieces.filter((p) => p.kind === "total").map((p) => p.s);
  return rows
    .filter((r) => classOf.has(r.item))
    .map((r) => {
      const terms: number[] = [];
      let drugTotal = 0;
      let eventTotal = 0;
      let total = 0;
      for (const s of strata) {
        const cls = get.get(key("class", r.item, "", s)) ?? 0;
        const clsEvent = get.get(key("class-event", r.item, r.event, s)) ?? 0;
        const drug = get.get(key("drug", r.item, "", s)) ?? 0;
        const pair = get.get(key("pair", r.item, r.event, s)) ?? 0;
        const t = (get.get(key("total", "", "", s)) ?? 0) - cls + drug;
        const ev = (get.get(key("event", "", r.event, s)) ?? 0) - clsEvent + pair;
        if (t > 0) terms.push((drug * ev) / t);
        drugTotal += drug;
        eventTotal += ev;
        total += t;
      }
      return { ...r, e: expectedCount(terms), drugTotal, eventTotal, total };
    });
}
