/** The results schema of a store made by an earlier version: the death column is added, its runs read back. */
import { describe, expect, it } from "vitest";
import { openDuckDb } from "./database.js";
import { ensureResultsSchema } from "./results.js";
import { itemsOfRun } from "./screen.js";

describe("a results store made before the death column", () => {
  it("gains screen_finding.deceased, and its runs' items read back without a death", async () => {
    const db = await openDuckDb(":memory:");
    try {
      const S = db.schemas.results;
      await db.run(`CREATE SCHEMA ${S}`);
      await db.run(
        `CREATE TABLE ${S}.screen_finding (run_id INTEGER, person_id VARCHAR, kind VARCHAR, item VARCHAR, certainty VARCHAR, grade INTEGER, onset VARCHAR, drug VARCHAR, drug_class VARCHAR, days_from_first_dose INTEGER, summary VARCHAR, signature VARCHAR)`,
      );
      await db.run(
        `INSERT INTO ${S}.screen_finding VALUES (1, '7', 'finding', 'itp', 'probable', 4, '2024-06-20T08:00:00Z', 'pembrolizumab', 'ici', 50, 'ITP', 'probable|4|2024-06-20T08:00:00Z|pembrolizumab')`,
      );
      await ensureResultsSchema(db);
      await ensureResultsSchema(db); // twice: nothing changes
      const [old] = await itemsOfRun(db, 1);
      expect(old).toMatchObject({ personId: "7", item: "itp" });
      expect(old?.deceased).toBeUndefined();
      await db.run(
        `INSERT INTO ${S}.screen_finding VALUES (2, '7', 'finding', 'itp', 'probable', 4, '2024-06-20T08:00:00Z', 'pembrolizumab', 'ici', 50, 'ITP', 's', '2024-07-10')`,
      );
      expect((await itemsOfRun(db, 2))[0]?.deceased).toBe("2024-07-10");
    } finally {
      db.close();
    }
  });
});
