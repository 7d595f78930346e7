import { createEngine } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { testKnowledge, withEnrichedCohort } from "../../../test/support/cohort.js";
import { itemsOf, type ScreenItem, screenRows } from "./items.js";
import { addResources, eachBatch, resourcesOf } from "./records.js";

const AT = "2025-06-30T23:59:59Z";

describe("screenRows", { timeout: 300_000 }, () => {
  it("flags exactly what the full report does (every field of every item), over every exposed patient of an enriched cohort", async () => {
    await withEnrichedCohort(AT, async (db, exposed) => {
      const k = testKnowledge();
      const screened: ScreenItem[] = [];
      const full: ScreenItem[] = [];
      const engine = createEngine(k, { evaluatedAt: AT, version: "test" });
      await eachBatch(db, exposed, AT, (rows) => {
        screened.push(...screenRows(engine, rows));
        const whole = createEngine(k, { evaluatedAt: AT, version: "test" });
        addResources(whole, resourcesOf(rows));
        for (const id of whole.patients()) full.push(...itemsOf(whole.assess(id)));
      });
      expect(screened).toEqual(full);
      expect(full.filter((i) => i.kind === "finding").length).toBeGreaterThan(10);
      expect(full.some((i) => i.kind === "unexplained")).toBe(true);
    });
  });
});
