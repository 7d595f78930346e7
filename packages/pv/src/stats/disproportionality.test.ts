import { describe, expect, it } from "vitest";
import { chiSquareYates, informationComponent, prr, ror, table } from "./disproportionality.js";

const rel = (a: number | null, b: number) => Math.abs((a ?? Number.NaN) - b) / Math.abs(b);
/** A pair from its 2 × 2 cells. */
const pair = (a: number, b: number, c: number, d: number) => ({
  a,
  drug: a + b,
  event: a + c,
  total: a + b + c + d,
});

describe("the 2 × 2 table", () => {
  it("is rebuilt from report counts", () => {
    expect(table({ a: 5, drug: 9, event: 9, total: 17 })).toEqual({ a: 5, b: 4, c: 4, d: 4 });
  });
});

// SciPy 1.17: scipy.stats.contingency.odds_ratio(kind="sample") with its Woolf interval, and
// chi2_contingency(correction=True) — an independent implementation of the same definitions.
const SCIPY = [
  {
    cells: [7, 993, 493, 998507],
    ror: [14.27752686656494, 6.753484039850281, 30.18409049649622],
    chi2: 72.10812613513966,
    prr: 14.184584178498987,
  },
  {
    cells: [20, 180, 10, 190],
    ror: [2.111111111111111, 0.9619676625332816, 4.632993703468277],
    chi2: 2.9189189189189193,
    prr: 2,
  },
  {
    cells: [3, 97, 30, 9870],
    ror: [10.175257731958762, 3.0538756290276106, 33.903106245604896],
    chi2: 14.46125136120302,
    prr: 9.9,
  },
  {
    cells: [150, 2850, 400, 96600],
    ror: [12.710526315789474, 10.497284081828363, 15.39040745825348],
    chi2: 1111.3294315234884,
    prr: 12.125,
  },
] as const;

describe("ROR, PRR and χ² against SciPy", () => {
  it.each(SCIPY)("$cells", ({ cells, ror: [point, lower, upper], chi2, prr: want }) => {
    const [a, b, c, d] = cells;
    const counts = pair(a, b, c, d);
    const r = ror(counts);
    expect(rel(r.ror, point)).toBeLessThan(1e-12);
    expect(rel(r.lower, lower)).toBeLessThan(1e-12);
    expect(rel(r.upper, upper)).toBeLessThan(1e-12);
    expect(rel(chiSquareYates(counts), chi2)).toBeLessThan(1e-12);
    expect(rel(prr(counts), want)).toBeLessThan(1e-12);
  });
});

describe("a single report (n = 1)", () => {
  it("gives every statistic a value, yet Yates' χ² stays below Evans' 4 where the ROR's lower limit passes 1", () => {
    // SciPy 1.17 on this table: ROR lower limit 1.39318084214923, χ² (Yates) 1.6177793955571738.
    const counts = pair(1, 99, 9, 9891);
    expect(rel(ror(counts).lower, 1.39318084214923)).toBeLessThan(1e-12);
    expect(rel(chiSquareYates(counts), 1.6177793955571738)).toBeLessThan(1e-12);
    expect(prr(counts)).toBe(11);
    expect(informationComponent(1, (100 * 10) / 10000).ic025).toBeLessThan(0);
  });
});

describe("ROR against a published FAERS analysis", () => {
  // Moore DC et al., Int Immunopharmacol 2022;110:109015 (TTP with ICIs in FAERS; abstract): with very
  // large b, c, d the Woolf interval depends on a alone, upper/lower = exp(2·1.96/√a), and the ROR is the
  // geometric mean of its bounds. Published: atezolizumab n = 7, 6.22 (2.96–13.09); nivolumab n = 18,
  // 3.16 (1.99–5.03); pembrolizumab n = 8, 2.56 (1.28–5.12).
  it.each([
    [7, 6.22, 2.96, 13.09],
    [18, 3.16, 1.99, 5.03],
    [8, 2.56, 1.28, 5.12],
  ])("n = %d: ROR %d (%d–%d)", (a, published, lower, upper) => {
    const r = ror(pair(a, 1e5, 1e5, Math.round((published * 1e10) / a)));
    expect(Math.sqrt(lower * upper)).toBeCloseTo(published, 1);
    expect(r.ror).toBeCloseTo(published, 3);
    expect(r.lower).toBeCloseTo(lower, 1);
    expect(r.upper).toBeCloseTo(upper, 1);
  });
});

describe("zero cells", () => {
  it("leave the ROR undefined rather than corrected", () => {
    expect(ror(pair(0, 10, 10, 100))).toEqual({ ror: null, lower: null, upper: null });
    expect(ror(pair(3, 0, 10, 100)).ror).toBeNull();
    expect(ror(pair(3, 10, 0, 100)).ror).toBeNull();
    expect(ror(pair(3, 10, 10, 0)).ror).toBeNull();
  });

  it("leave the PRR undefined when no other drug has the event", () => {
    expect(prr(pair(3, 10, 0, 100))).toBeNull();
    expect(prr(pair(0, 10, 5, 100))).toBe(0);
  });

  it("leave χ² undefined when a margin is empty, and 0 when |ad − bc| ≤ N/2", () => {
    expect(chiSquareYates(pair(0, 0, 5, 100))).toBeNull();
    expect(chiSquareYates(pair(1, 1, 1, 1))).toBe(0);
  });
});

describe("information component", () => {
  it("reproduces vigicaen's documented example: ic_tail(n_obs = 12, n_exp = 5) = 0.2542334", () => {
    expect(informationComponent(12, 5).ic025).toBeCloseTo(0.2542334, 7);
  });

  it("is log2((a + ½)/(E + ½)): 0 when observed equals expected, shrunk towards 0 for small counts", () => {
    expect(informationComponent(4, 4).ic).toBe(0);
    expect(informationComponent(1, 0.01).ic).toBeCloseTo(Math.log2(1.5 / 0.51), 12);
    expect(informationComponent(0, 2).ic).toBeLessThan(0);
  });

  it("agrees with Norén 2013's closed-form approximation of IC025 for large counts", () => {
    // IC025 ≈ IC − 3.3·(a + ½)^−½ − 2·(a + ½)^−3/2 (Norén, Hopstadius & Bate 2013).
    for (const [a, e] of [
      [50, 10],
      [200, 120],
      [1000, 900],
    ] as const) {
      const { ic, ic025 } = informationComponent(a, e);
      expect(Math.abs(ic025 - (ic - 3.3 * (a + 0.5) ** -0.5 - 2 * (a + 0.5) ** -1.5))).toBeLessThan(0.05);
    }
  });
});
