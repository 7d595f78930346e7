import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_STARTS, fitPrior, objective, pack } from "./fit.js";
import { logLikelihood, type Prior } from "./gps.js";

const CELLS = Array.from({ length: 400 }, (_, i) => ({
  n: 1 + ((i * 7) % 11) + (i % 13 === 0 ? 20 : 0),
  e: 0.05 + (i % 37) / 9,
}));
const toX = (p: Prior) => [
  Math.log(p.alpha1),
  Math.log(p.beta1),
  Math.log(p.alpha2),
  Math.log(p.beta2),
  Math.log(p.p / (1 - p.p)),
];

describe("the MGPS likelihood the prior fit maximises", () => {
  it("is gps.ts's truncated log-likelihood, with N* = 1 and N* = 3", () => {
    for (const nStar of [1, 3])
      for (const start of DEFAULT_STARTS)
        expect(-objective(toX(start), pack(CELLS, nStar)).value).toBeCloseTo(
          logLikelihood(start, CELLS, nStar),
          8,
        );
  });

  it("has the gradient of its central differences", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 1, max: 2 }),
        (x, nStar) => {
          const data = pack(CELLS, nStar);
          const { gradient } = objective(x, data);
          for (let j = 0; j < 5; j++) {
            const h = 1e-6;
            const up = objective(
              x.map((v, i) => (i === j ? v + h : v)),
              data,
            ).value;
            const down = objective(
              x.map((v, i) => (i === j ? v - h : v)),
              data,
            ).value;
            const numeric = (up - down) / (2 * h);
            expect(Math.abs((gradient[j] as number) - numeric)).toBeLessThan(
              1e-4 * Math.max(1, Math.abs(numeric)),
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("fits a prior at least as likely as every starting point, on all cells or squashed", () => {
    for (const squashed of [false, true]) {
      const fit = fitPrior(CELLS, { squashed });
      for (const start of DEFAULT_STARTS)
        expect(logLikelihood(fit.prior, CELLS)).toBeGreaterThanOrEqual(logLikelihood(start, CELLS) - 1e-6);
    }
  });
});
