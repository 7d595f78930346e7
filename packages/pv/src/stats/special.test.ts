import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { digamma, gammaP, gammaPdf, gammaQ, gammaQuantile, logGamma, quantile } from "./special.js";

/** Relative difference, safe at zero. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

// Reference values: closed forms where they exist, otherwise SciPy 1.17 (scipy.special gammaln, psi,
// gammainc, gammaincc), an independent maintained implementation.
describe("logGamma", () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, 0.5723649429247],
    [10, 12.801827480081469],
    [1e-3, 6.907178885383853],
    [123.456, 469.6055471299295],
    [1e6 + 0.5, 12815511.476902766],
  ])("ln Γ(%d) = %d", (x, want) => {
    expect(Math.abs(logGamma(x) - want)).toBeLessThan(1e-13 * Math.max(1, Math.abs(want)));
  });

  it("matches ln((n−1)!) for every integer up to 170", () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expect(rel(logGamma(n), logFactorial) < 1e-13 || Math.abs(logGamma(n) - logFactorial) < 1e-13).toBe(
        true,
      );
      logFactorial += Math.log(n);
    }
  });

  it("is NaN outside its domain", () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
  });
});

describe("digamma", () => {
  it.each([
    [1, -0.5772156649015329],
    [0.5, -1.9635100260214235],
    [1e-3, -1000.5755719318103],
    [10.2537864, 2.2780927250241585],
    [2.5, 0.7031566406452432],
    [1e5, 11.512920464961896],
  ])("ψ(%d) = %d", (x, want) => {
    expect(rel(digamma(x), want)).toBeLessThan(1e-13);
  });

  it("satisfies ψ(x + 1) = ψ(x) + 1/x", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (x) => {
        expect(Math.abs(digamma(x + 1) - digamma(x) - 1 / x)).toBeLessThan(1e-11 * Math.max(1, 1 / x));
      }),
    );
  });
});

describe("regularized incomplete gamma", () => {
  it.each([
    [0.5, 1, 0.8427007929497151, 0.15729920705028105],
    [3.2537864, 0.1, 6.202865518718799e-5, 0.9999379713448128],
    [3.2537864, 5, 0.8446338217085722, 0.15536617829142782],
    [2.0261305, 1.9, 0.5583992030812075, 0.4416007969187925],
    [1000, 1000, 0.5042052441802155, 0.4957947558197845],
    [1000, 950, 0.055054686230738045, 0.9449453137692619],
    [1e5, 1e5 + 300, 0.8286363112512075, 0.17136368874879243],
    [12.5, 2.75, 1.449820415822307e-5, 0.9999855017958418],
    [0.01, 0.001, 0.9385706525261288, 0.06142934747387101],
    [50, 10, 1.8547268838698457e-19, 1],
  ])("P(%d, %d) = %d, Q = %d", (a, x, p, q) => {
    expect(rel(gammaP(a, x), p)).toBeLessThan(1e-11);
    expect(rel(gammaQ(a, x), q)).toBeLessThan(1e-11);
  });

  it("is the Poisson tail for integer shapes: P(n, x) = 1 − Σ_{k<n} e^−x x^k / k!", () => {
    for (const [n, x] of [
      [1, 2],
      [3, 0.5],
      [7, 7],
      [20, 35],
    ] as const) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += Math.exp(-x + k * Math.log(x) - logGamma(k + 1));
      expect(Math.abs(gammaP(n, x) - (1 - sum))).toBeLessThan(1e-14);
    }
  });

  it("gives the χ² critical value with one degree of freedom", () => {
    expect(Math.abs(gammaP(0.5, 3.841458820694124 / 2) - 0.95)).toBeLessThan(1e-14);
  });

  it("is a CDF: 0 at 0, 1 at ∞, non-decreasing, and P + Q = 1", () => {
    expect(gammaP(2, 0)).toBe(0);
    expect(gammaP(2, Number.POSITIVE_INFINITY)).toBe(1);
    expect(gammaQ(2, 0)).toBe(1);
    fc.assert(
      fc.property(
        fc.double({ min: 1e-2, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 2e4, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (a, x, dx) => {
          expect(gammaP(a, x + dx)).toBeGreaterThanOrEqual(gammaP(a, x) - 1e-15);
          expect(Math.abs(gammaP(a, x) + gammaQ(a, x) - 1)).toBeLessThan(1e-12);
        },
      ),
    );
  });
});

describe("quantiles by safeguarded Newton steps", () => {
  it("inverts a closed-form CDF", () => {
    expect(
      rel(
        quantile(
          (x) => 1 - Math.exp(-x),
          (x) => Math.exp(-x),
          0.5,
          10,
        ),
        Math.LN2,
      ),
    ).toBeLessThan(1e-13);
  });

  it("uses the gamma density, the CDF's derivative (closed forms at shapes 1 and 3)", () => {
    expect(rel(gammaPdf(1, 2, 0.5), 2 * Math.exp(-1))).toBeLessThan(1e-14);
    expect(rel(gammaPdf(3, 1.5, 2), (1.5 ** 3 * 4 * Math.exp(-3)) / 2)).toBeLessThan(1e-13);
    expect(gammaPdf(2, 1, 0)).toBe(0);
    const h = 1e-6;
    for (const [a, x] of [
      [0.3, 0.2],
      [50, 48],
      [400, 420],
    ] as const)
      expect(rel(gammaPdf(a, 1, x), (gammaP(a, x + h) - gammaP(a, x - h)) / (2 * h))).toBeLessThan(1e-6);
  });

  it("inverts the gamma CDF (SciPy gammaincinv(12.5, 0.025) / 5.5 = 1.192701820448889)", () => {
    expect(rel(gammaQuantile(0.025, 12.5, 5.5), 1.192701820448889)).toBeLessThan(1e-12);
  });

  it("round-trips random gamma quantiles", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.05, max: 5000, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (p, shape, rate) => {
          const q = gammaQuantile(p, shape, rate);
          expect(Math.abs(gammaP(shape, rate * q) - p)).toBeLessThan(1e-10);
        },
      ),
    );
  });
});
