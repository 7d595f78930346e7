import { describe, expect, it } from "vitest";
import { minimize } from "./bfgs.js";

describe("BFGS", () => {
  it("finds the minimum of Rosenbrock's valley (1, 1) from the textbook start (−1.2, 1)", () => {
    const r = minimize(
      ([x = 0, y = 0]) => ({
        value: 100 * (y - x * x) ** 2 + (1 - x) ** 2,
        gradient: [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)],
      }),
      [-1.2, 1],
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.iterations).toBeLessThan(100);
  });

  it("steps back from values that are not finite", () => {
    const r = minimize(
      ([x = 0]) => ({ value: x > 3 ? Number.NaN : (x - 2) ** 2, gradient: [2 * (x - 2)] }),
      [-10],
    );
    expect(r.x[0]).toBeCloseTo(2, 8);
  });

  it("reports a run that spends its iteration budget as not converged", () => {
    const r = minimize(([x = 0]) => ({ value: -x, gradient: [-1] }), [0], { maxIterations: 5 });
    expect(r.converged).toBe(false);
  });
});
