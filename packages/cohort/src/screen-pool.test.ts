import { describe, expect, it } from "vitest";
import { testKnowledge, withEnrichedCohort } from "../../../test/support/cohort.js";
import { testKnowledgeBundle } from "../../../test/support/knowledge.js";
import { screenItems } from "./screen.js";

const AT = "2025-06-30T23:59:59Z";

describe("screen in worker threads", { timeout: 300_000 }, () => {
  it("gives the same items in the same order with 1, 2 or 3 workers, and reports progress to the end", async () => {
    await withEnrichedCohort(AT, async (db, exposed) => {
      const k = testKnowledge();
      const bundle = testKnowledgeBundle();
      const options = { evaluatedAt: AT, version: "test", batch: 15 };
      const alone = await screenItems(db, k, exposed, options);
      expect(alone.length).toBeGreaterThan(10);
      for (const threads of [2, 3]) {
        const done: number[] = [];
        const pooled = await screenItems(db, k, exposed, {
          ...options,
          workers: { threads, bundle },
          onBatch: (n) => done.push(n),
        });
        expect(pooled).toEqual(alone);
        expect(done.at(-1)).toBe(exposed.length);
      }
    });
  });

  it("refuses workers whose knowledge is not the screen's", async () => {
    await withEnrichedCohort(AT, async (db, exposed) => {
      const k = testKnowledge();
      const bundle = { ...testKnowledgeBundle(), hash: "0000000000000000" };
      await expect(
        screenItems(db, k, exposed, {
          evaluatedAt: AT,
          version: "test",
          batch: 15,
          workers: { threads: 2, bundle },
        }),
      ).rejects.toThrow(/knowledge bundle \(0000000000000000\) is not the screen's knowledge/);
    });
  });
});
