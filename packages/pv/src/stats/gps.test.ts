import { describe, expect, it } from "vitest";
import { ebScores, type Prior, posteriorWeight, priorProblems } from "./gps.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// openEBGM's vignette hyperparameters for CAERS (the prior the acceptance table uses).
const CAERS: Prior = {
  alpha1: 3.2537864,
  beta1: 0.3998884,
  alpha2: 2.0261305,
  beta2: 1.9080826,
  p: 0.0653457,
};

// Reference values from SciPy 1.17, an independent implementation of DuMouchel's formulas: Qn from
// scipy.stats.nbinom.logpmf(n, α, β/(β + E)), EBGM = exp(Qn(ψ(α1 + n) − ln(β1 + E)) + (1 − Qn)(ψ(α2 + n) −
// ln(β2 + E))) with scipy.special.digamma, EB05/EB95 by scipy.optimize.brentq (xtol 1e-15) on the mixture
// CDF built from scipy.special.gammainc.
describe("EBGM, EB05 and EB95 (DuMouchel 1999) against SciPy", () => {
  it.each([
    // n, E, Qn, EBGM, EB05, EB95
    [0, 3, 0.0004479648508060715, 0.3163331611418619, 0.07456760845738987, 0.9759679308291641],
    [1, 0.0360548272, 0.28197383876993076, 2.2266862259903886, 0.49107408812431563, 13.856048925224966],
    [5, 0.2, 0.9818389312538983, 12.60299008077467, 6.363935823210171, 22.40579178983972],
    [16, 0.5, 0.9999986964668278, 20.842563900980142, 14.054745108699947, 29.99660251087138],
    [100, 20, 0.7980874985863454, 4.952941782834425, 4.15497201057507, 5.854603789137054],
  ])("N = %d, E = %d under the CAERS prior", (n, e, qn, ebgm, eb05, eb95) => {
    expect(rel(posteriorWeight(CAERS, n, e), qn)).toBeLessThan(1e-12);
    const s = ebScores(CAERS, n, e);
    expect(rel(s.ebgm, ebgm)).toBeLessThan(1e-12);
    expect(rel(s.eb05, eb05)).toBeLessThan(1e-12);
    expect(rel(s.eb95, eb95)).toBeLessThan(1e-12);
  });

  it("shrinks a pair never reported below 1, and a single report with a tiny E far below N/E", () => {
    expect(ebScores(CAERS, 0, 3).eb95).toBeLessThan(1);
    // N/E ≈ 27.7, but one report is weak evidence: EBGM 2.23 and EB05 0.49, no EB05 ≥ 2 signal.
    expect(ebScores(CAERS, 1, 0.0360548272).eb05).toBeLessThan(1);
  });
});

describe("a prior with one component (P at its bounds)", () => {
  // The posterior is then one gamma, Γ(α + n, β + E): EBGM = exp(ψ(α + n) − ln(β + E)) and EB05/EB95 are
  // its quantiles (SciPy 1.17: scipy.special.digamma, scipy.stats.gamma.ppf).
  it("P = 1 uses the first component only", () => {
    const s = ebScores({ alpha1: 2.5, beta1: 1.5, alpha2: 1, beta2: 1, p: 1 }, 7, 2.2);
    expect(rel(s.ebgm, 2.433681318228419)).toBeLessThan(1e-12);
    expect(rel(s.eb05, 1.3671639275485192)).toBeLessThan(1e-12);
    expect(rel(s.eb95, 4.073449622384615)).toBeLessThan(1e-12);
  });

  it("P = 0 uses the second component only", () => {
    const s = ebScores({ alpha1: 2.5, beta1: 1.5, alpha2: 1.2, beta2: 0.8, p: 0 }, 3, 0.4);
    expect(rel(s.ebgm, 3.0926159994016795)).toBeLessThan(1e-12);
    expect(rel(s.eb05, 1.2361020986122613)).toBeLessThan(1e-12);
    expect(rel(s.eb95, 6.697954417463015)).toBeLessThan(1e-12);
  });
});

describe("a prior given by the user (--prior)", () => {
  it("accepts P at 0 and at 1 and any positive α, β", () => {
    expect(priorProblems({ ...CAERS, p: 0 })).toEqual([]);
    expect(priorProblems({ ...CAERS, p: 1 })).toEqual([]);
    expect(priorProblems({ ...CAERS, alpha1: 1e-9 })).toEqual([]);
  });

  it("names each value out of range", () => {
    expect(priorProblems({ ...CAERS, p: -1e-9 })).toEqual(["p must lie between 0 and 1"]);
    expect(priorProblems({ ...CAERS, p: 1 + 1e-9 })).toEqual(["p must lie between 0 and 1"]);
    expect(priorProblems({ ...CAERS, alpha1: 0, beta2: Number.POSITIVE_INFINITY })).toEqual([
      "alpha1 must be a positive number",
      "beta2 must be a positive number",
    ]);
    expect(priorProblems({ ...CAERS, beta1: Number.NaN })).toEqual(["beta1 must be a positive number"]);
  });
});
