/**
 * The same input gives the same output: with strata, the expected counts sum one term per stratum, and
 * DuckDB's threads may meet the strata in any order. The statistics are run twice on a table large enough
 * to be split across threads, and must come back the same to the bit.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../test/support/knowledge.js";
import { tempDir } from "../../../test/support/temp.js";
import { expectedCount } from "./counts.js";
import { openDb, type PvDb } from "./db.js";
import { importFiles } from "./import.js";
import { discover } from "./inputs.js";
import { computeSignals, type SignalOptions } from "./signals.js";

const bundle = testKnowledgeBundle();
const REPORTS = 20_000;

/** A long-format table: reports in 40 strata (sex × age group), each with one to three drugs and events. */
function corpus(reports: number): string {
  let state = 12345;
  // A fixed linear congruential sequence: the file is the same on every run.
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const pick = (k: number) => Math.floor(next() ** 2 * k);
  const catalogue = ["TECLISTAMAB", "ELRANATAMAB", "KEYTRUDA", "NIVOLUMAB", "BLINCYTO"];
  const disorders = ["Immune thrombocytopenia", "Pulmonary embolism", "Deep vein thrombosis"];
  const lines = ["id,var1,var2,strat_sex,strat_age"];
  for (let r = 1; r <= reports; r++) {
    const sex = ["F", "M"][pick(2)];
    const age = `a${pick(20)}`;
    const drugs = Array.from({ length: 1 + pick(3) }, () =>
      next() < 0.05 ? catalogue[pick(catalogue.length)] : `DRUG${pick(3000)}`,
    );
    const events = Array.from({ length: 1 + pick(3) }, () =>
      next() < 0.05 ? disorders[pick(disorders.length)] : `Event ${pick(2000)}`,
    );
    for (const d of drugs) for (const e of events) lines.push(`${r},${d},${e},${sex},${age}`);
  }
  return `${lines.join("\n")}\n`;
}

const OPTIONS: SignalOptions = {
  level: "raw",
  roles: [],
  comparator: "all",
  strata: ["strata"],
  methods: ["ror", "prr", "ic", "ebgm"],
  // A given prior: EBGM and its interval read E directly (the fit's own determinism is tested with it).
  prior: { alpha1: 3.25, beta1: 0.4, alpha2: 2.03, beta2: 1.91, p: 0.065 },
  squash: false,
  mask: false,
  select: [],
};

describe("stratified statistics, run twice on four threads", () => {
  let db: PvDb;
  beforeAll(async () => {
    const dir = tempDir("pv-strata-");
    writeFileSync(join(dir, "reports.csv"), corpus(REPORTS));
    db = await openDb(":memory:");
    await importFiles(db, discover([dir]), bundle);
    await db.run("SET threads = 4");
  }, 120_000);
  afterAll(() => db.close());

  it("gives the same expected counts, EBGM and intervals to the bit (raw level)", async () => {
    const first = await computeSignals(db, bundle, OPTIONS);
    const second = await computeSignals(db, bundle, OPTIONS);
    expect(first.rows.length).toBeGreaterThan(40_000);
    const differing = first.rows.filter((r, i) => JSON.stringify(r) !== JSON.stringify(second.rows[i]));
    expect(differing.slice(0, 3)).toEqual([]);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  }, 120_000);

  it("gives the same expected counts to the bit with the drug's class masked (drug level)", async () => {
    const options: SignalOptions = { ...OPTIONS, level: "drug", mask: true };
    const first = await computeSignals(db, bundle, options);
    expect(first.rows.map((r) => r.drug)).toContain("teclistamab");
    // Each run is short: the order of the strata changes less often than in the raw table's, so four runs.
    for (let run = 0; run < 3; run++)
      expect(JSON.stringify(await computeSignals(db, bundle, options))).toBe(JSON.stringify(first));
  }, 120_000);

  it("sums the strata exactly: the same E whatever the order of the terms", () => {
    // Added left to right, 0.1 + 0.2 + 0.3 is 0.6000000000000001 and 0.3 + 0.2 + 0.1 is 0.6; the exact sum
    // of the three doubles rounds to 0.6.
    expect(expectedCount([0.1, 0.2, 0.3])).toBe(0.6);
    expect(expectedCount([0.3, 0.2, 0.1])).toBe(0.6);
    expect(expectedCount([(6 * 11) / 31])).toBe((6 * 11) / 31);
    // 1 + 2^-53 rounds back to 1 (a tie, to even), twice; the exact sum 1 + 2^-52 is a double.
    expect(expectedCount([1, 2 ** -53, 2 ** -53])).toBe(1 + 2 ** -52);
  });
});
