import { describe, expect, it } from "vitest";
import { DEFAULT_STARTS, fitPrior, objective, pack } from "./fit.js";
import { TermPool } from "./terms.js";

// A table of a few thousand cells with counts and expected counts spread as in a spontaneous-report table.
const CELLS = Array.from({ length: 3_000 }, (_, i) => ({
  n: 1 + ((i * 7) % 11) + (i % 13 === 0 ? 20 : 0) + (i % 97 === 0 ? 300 : 0),
  e: 0.01 + ((i * 31) % 113) / 17,
}));

describe("the prior fit's likelihood terms on a second thread", () => {
  it("give the serial objective's value and gradient to the bit, whichever thread computes a chunk", async () => {
    for (const nStar of [1, 3]) {
      const data = pack(CELLS, nStar);
      const pool = new TermPool([data]);
      try {
        // Evaluations run until the worker has computed chunks of them (it starts in the background).
        const deadline = Date.now() + 20_000;
        let i = 0;
        while (pool.workerChunks < 20 && Date.now() < deadline) {
          const start = DEFAULT_STARTS[i++ % DEFAULT_STARTS.length];
          if (start === undefined) continue;
          const x = [Math.log(start.alpha1), Math.log(start.beta1), 0.1 * i, Math.log(start.beta2), -1];
          expect(objective(x, data, { pool, index: 0 })).toEqual(objective(x, data));
          await new Promise((r) => setTimeout(r, 1));
        }
        expect(pool.workerChunks).toBeGreaterThanOrEqual(20);
      } finally {
        pool.close();
      }
    }
  });

  it("leave the fitted prior unchanged, squashed or refined on every cell", () => {
    const cells = CELLS.slice(0, 1_000);
    for (const squashed of [true, false])
      expect(fitPrior(cells, { squashed, threads: 2 })).toEqual(fitPrior(cells, { squashed, threads: 1 }));
  });
});
