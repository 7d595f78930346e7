/**
 * Signals end to end on long-format data: the counts against openEBGM's documented processRaw example,
 * every signal threshold on both sides, and the FDA CAERS test bed with openEBGM's published prior.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../test/support/knowledge.js";
import { tempDir } from "../../../test/support/temp.js";
import { openDb, type PvDb } from "./db.js";
import { importFiles } from "./import.js";
import { discover } from "./inputs.js";
import { computeSignals, type SignalOptions, type SignalRow, signalFlags } from "./signals.js";
import { logLikelihood, posteriorCdf } from "./stats/gps.js";

const bundle = testKnowledgeBundle();
const thresholds = bundle.pvTerms.thresholds;
const RAW: SignalOptions = {
  level: "raw",
  roles: [],
  comparator: "all",
  strata: [],
  methods: ["ror", "prr", "ic", "ebgm"],
  squash: false,
  mask: false,
  select: [],
};

describe("signal thresholds (knowledge data, cited), each on both sides", () => {
  const none = { n: 10, rorLower: null, prr: null, chi2: null, ic025: null, eb05: null };
  it("ROR: the lower 95 % limit must exceed 1", () => {
    expect(thresholds.rorLower.value).toBe(1);
    expect(signalFlags({ ...none, rorLower: 1.0001 }, thresholds)).toEqual(["ror"]);
    expect(signalFlags({ ...none, rorLower: 1 }, thresholds)).toEqual([]);
  });

  it("Evans: PRR ≥ 2 and χ² ≥ 4 and n ≥ 3, all three", () => {
    expect(signalFlags({ ...none, n: 3, prr: 2, chi2: 4 }, thresholds)).toEqual(["evans"]);
    expect(signalFlags({ ...none, n: 3, prr: 1.999, chi2: 40 }, thresholds)).toEqual([]);
    expect(signalFlags({ ...none, n: 3, prr: 20, chi2: 3.999 }, thresholds)).toEqual([]);
    expect(signalFlags({ ...none, n: 2, prr: 20, chi2: 40 }, thresholds)).toEqual([]);
  });

  it("IC: IC025 must exceed 0", () => {
    expect(signalFlags({ ...none, ic025: 0.001 }, thresholds)).toEqual(["ic"]);
    expect(signalFlags({ ...none, ic025: 0 }, thresholds)).toEqual([]);
  });

  it("MGPS: EB05 ≥ 2", () => {
    expect(signalFlags({ ...none, eb05: 2 }, thresholds)).toEqual(["ebgm"]);
    expect(signalFlags({ ...none, eb05: 1.999 }, thresholds)).toEqual([]);
  });
});

async function importCsv(text: string): Promise<PvDb> {
  const dir = tempDir("pv-long-");
  writeFileSync(join(dir, "reports.csv"), text);
  const db = await openDb(":memory:");
  await importFiles(db, discover([dir]), bundle);
  return db;
}

describe("counts against openEBGM's processRaw vignette example", () => {
  // openEBGM vignette "Processing Raw Data": 17 reports, one product and one event each; published
  // processRaw(stratify = FALSE) output: A/1 N 5 E 4.7647059, A/2 4 4.2352941, B/1 3 3.7058824,
  // B/2 4 3.2941176, C/1 1 0.5294118.
  const rows = [
    ["product_B", "event_1"],
    ["product_A", "event_1"],
    ["product_B", "event_2"],
    ["product_A", "event_1"],
    ["product_A", "event_1"],
    ["product_A", "event_1"],
    ["product_A", "event_2"],
    ["product_A", "event_2"],
    ["product_A", "event_1"],
    ["product_A", "event_2"],
    ["product_A", "event_2"],
    ["product_B", "event_2"],
    ["product_B", "event_1"],
    ["product_B", "event_2"],
    ["product_B", "event_1"],
    ["product_B", "event_2"],
    ["product_C", "event_1"],
  ];
  let db: PvDb;
  beforeAll(async () => {
    db = await importCsv(
      `var1,var2,id\n${rows.map(([d, e], i) => `${d},${e},${i + 1}`).join("\n")}\n,event_1,18\n`,
    );
  });
  afterAll(() => db.close());

  it("has N and E as published, and counts the row without a drug as rejected", async () => {
    const result = await computeSignals(db, bundle, { ...RAW, methods: ["prr"] });
    expect(result.rows.map((r) => [r.drug, r.event, r.n, Number(r.e.toFixed(7))])).toEqual([
      ["product_A", "event_1", 5, 4.7647059],
      ["product_A", "event_2", 4, 4.2352941],
      ["product_B", "event_1", 3, 3.7058824],
      ["product_B", "event_2", 4, 3.2941176],
      ["product_C", "event_1", 1, 0.5294118],
    ]);
    // openEBGM's PRR column (rounded to 2 digits): 1.11, 0.89, 0.71, 1.43, 2.00.
    expect(result.rows.map((r) => Number((r.prr ?? 0).toFixed(2)))).toEqual([1.11, 0.89, 0.71, 1.43, 2]);
    const [rejected] = await db.all<{ rows: number }>("SELECT sum(rows) AS rows FROM pv_reject");
    expect(rejected?.rows).toBe(1);
  });
});

describe("--mask: the drug's own class left out of the comparator", () => {
  // 31 reports: teclistamab with ITP (4) and pyrexia (2); elranatamab, the same class (bispecific), with
  // ITP (6) and pyrexia (2); pembrolizumab (ici, no other ici drug) with pyrexia (6) and ITP (1); aspirin
  // with pyrexia (10).
  const groups: [string, string, number][] = [
    ["TECLISTAMAB", "Immune thrombocytopenia", 4],
    ["TECLISTAMAB", "Pyrexia", 2],
    ["ELREXFIO", "Immune thrombocytopenia", 6],
    ["ELRANATAMAB", "Pyrexia", 2],
    ["KEYTRUDA", "Pyrexia", 6],
    ["PEMBROLIZUMAB", "Immune thrombocytopenia", 1],
    ["ASPIRIN", "Pyrexia", 10],
  ];
  let db: PvDb;
  beforeAll(async () => {
    let id = 0;
    const lines = groups.flatMap(([drug, event, n]) =>
      Array.from({ length: n }, () => `${++id},${drug},${event}`),
    );
    db = await importCsv(`id,var1,var2\n${lines.join("\n")}\n`);
  });
  afterAll(() => db.close());

  const signals = (mask: boolean) =>
    computeSignals(db, bundle, {
      ...RAW,
      level: "drug",
      methods: ["ror"],
      mask,
      select: ["teclistamab", "pembrolizumab"],
    });
  const itp = (rows: readonly SignalRow[], drug: string) =>
    rows.find((r) => r.drug === drug && r.event === "itp");

  it("without it, the other drugs of the class are comparators: ROR (4/2)/(7/18)", async () => {
    const tec = itp((await signals(false)).rows, "teclistamab");
    expect([tec?.n, tec?.drug_reports, tec?.event_reports, tec?.total_reports]).toEqual([4, 6, 11, 31]);
    expect(tec?.ror).toBeCloseTo(4 / 2 / (7 / 18), 12);
    expect(tec?.e).toBeCloseTo((6 * 11) / 31, 12);
  });

  it("with it, the 8 reports of elranatamab without teclistamab leave the database: ROR (4/2)/(1/16)", async () => {
    const tec = itp((await signals(true)).rows, "teclistamab");
    expect([tec?.n, tec?.drug_reports, tec?.event_reports, tec?.total_reports]).toEqual([4, 6, 5, 23]);
    expect(tec?.ror).toBeCloseTo(4 / 2 / (1 / 16), 12);
    expect(tec?.e).toBeCloseTo((6 * 5) / 23, 12);
  });

  it("leaves a drug whose class has no other drug reported as it was", async () => {
    const [plain, masked] = [
      itp((await signals(false)).rows, "pembrolizumab"),
      itp((await signals(true)).rows, "pembrolizumab"),
    ];
    expect(masked).toEqual(plain);
    expect([plain?.n, plain?.drug_reports, plain?.total_reports]).toEqual([1, 7, 31]);
  });
});

describe("FDA CAERS (the MGPS test bed) with openEBGM's hyperparameters", () => {
  // openEBGM's vignette fit on CAERS (unstratified, squashed): α1 3.2537864, β1 0.3998884, α2 2.0261305,
  // β2 1.9080826, P 0.0653457.
  const OPEN_EBGM = {
    alpha1: 3.2537864,
    beta1: 0.3998884,
    alpha2: 2.0261305,
    beta2: 1.9080826,
    p: 0.0653457,
  };
  let db: PvDb;
  beforeAll(async () => {
    db = await openDb(":memory:");
    await importFiles(db, discover(["../shared/data/caers/caers.csv"]), bundle);
  });
  afterAll(() => db.close());

  it("counts as openEBGM's processRaw prints it (first rows of its vignette: E, PRR)", async () => {
    const { rows } = await computeSignals(db, bundle, {
      ...RAW,
      methods: ["prr"],
      select: ["1-PHENYLALANINE"],
    });
    const row = rows.find((r) => r.event === "HEART RATE INCREASED");
    expect(row?.n).toBe(1);
    expect(row?.e).toBeCloseTo(0.0360548272, 10);
    expect(Number((row?.prr ?? 0).toFixed(2))).toBe(27.96);
    expect(rows[0]?.total_reports).toBe(3356);
  });

  it("gives EB05 and EB95 at exactly the 5th and 95th percentiles of the posterior, for the given prior", async () => {
    const result = await computeSignals(db, bundle, { ...RAW, methods: ["ebgm"], prior: OPEN_EBGM });
    expect(result.prior?.source).toBe("given");
    const picked = result.rows.filter((r) => r.n >= 1).filter((_, i) => i % 997 === 0);
    expect(picked.length).toBeGreaterThan(10);
    for (const r of picked) {
      const cdf = posteriorCdf(OPEN_EBGM, r.n, r.e);
      expect(cdf(r.eb05 ?? 0)).toBeCloseTo(0.05, 10);
      expect(cdf(r.eb95 ?? 0)).toBeCloseTo(0.95, 10);
      expect(r.eb05).toBeLessThan(r.ebgm ?? 0);
      expect(r.ebgm).toBeLessThan(r.eb95 ?? 0);
    }
    // openEBGM's object vignette prints, for this prior: "There were 131 var1-var2 pairs with a QUANT_05
    // greater than 2" (QUANT_05 rounded to 2 decimals), the highest three being REUMOFAN PLUS × WEIGHT
    // INCREASED (N 16), HYDROXYCUT REGULAR RAPID RELEASE CAPLETS × EMOTIONAL DISTRESS (19), REUMOFAN PLUS ×
    // IMMOBILE (6).
    const seen = result.rows.filter((r) => r.n >= 1);
    expect(seen.filter((r) => Number((r.eb05 ?? 0).toFixed(2)) > 2)).toHaveLength(131);
    const top = [...seen].sort((a, b) => (b.eb05 ?? 0) - (a.eb05 ?? 0)).slice(0, 3);
    expect(top.map((r) => [r.drug, r.event, r.n])).toEqual([
      ["REUMOFAN PLUS", "WEIGHT INCREASED", 16],
      ["HYDROXYCUT REGULAR RAPID RELEASE CAPLETS", "EMOTIONAL DISTRESS", 19],
      ["REUMOFAN PLUS", "IMMOBILE", 6],
    ]);
  }, 60_000);

  it("fits a prior (squashed, as openEBGM's vignette) whose likelihood is at least openEBGM's", async () => {
    const result = await computeSignals(db, bundle, { ...RAW, methods: ["ebgm"], squash: true });
    const cells = result.rows.map((r) => ({ n: r.n, e: r.e }));
    expect(result.prior?.source).toBe("fitted");
    expect(result.prior?.points).toBeLessThan(cells.length / 5);
    expect(result.prior?.logLikelihood).toBeGreaterThanOrEqual(logLikelihood(OPEN_EBGM, cells));
  }, 120_000);
});
