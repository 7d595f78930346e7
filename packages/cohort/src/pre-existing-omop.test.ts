import { join } from "node:path";
import type { CohortDatabase } from "@hemosentinel/cohort";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importedDb, testKnowledge, writeOmopCohort } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";
import { engineItems, prefilterCandidates } from "./screen.js";

/**
 * A TTP or an acquired haemophilia A charted before the first nivolumab dose, through OMOP: a condition_occurrence
 * without condition_end_date is an open problem, active at the dose, and a finding (pre-existing, possible); one whose
 * condition_end_date falls before the dose is history, no finding. The SQL prefilter passes the open one on.
 */
const AT = "2025-06-30T23:59:59Z";
const C = {
  nivolumab: [900_060, "RxNorm", "1597876", "nivolumab"],
  ttp: [900_061, "Site", "T1", "Thrombotic thrombocytopenic purpura"],
  aha: [900_062, "Site", "T2", "Acquired hemophilia A"],
} as const;
const P = { ttpOpen: 1, ttpEnded: 2, ahaOpen: 3, ahaEnded: 4 } as const;

describe("a TTP or AHA charted before the first dose, through OMOP", { timeout: 300_000 }, () => {
  let db: CohortDatabase;
  beforeAll(async () => {
    const dir = join(tempDir("pre-existing-omop-"), "cdm");
    const persons = Object.values(P);
    writeOmopCohort(dir, Object.values(C), persons, {
      drug: persons.map((p) => [p, C.nivolumab[0], "2025-03-01", "2025-03-01"]),
      measurement: [],
      condition: [
        [P.ttpOpen, C.ttp[0], "2025-02-20"],
        [P.ttpEnded, C.ttp[0], "2025-01-10", "2025-02-20"],
        [P.ahaOpen, C.aha[0], "2025-02-20"],
        [P.ahaEnded, C.aha[0], "2025-01-10", "2025-02-20"],
      ],
    });
    db = (await importedDb(dir)).db;
  }, 120_000);
  afterAll(() => db.close());

  it("an open condition_occurrence is a pre-existing finding; one ended before the dose is none", async () => {
    const k = testKnowledge();
    const full = await engineItems(db, k, Object.values(P).map(String), { evaluatedAt: AT, version: "test" });
    const findings = (p: number) =>
      full.filter((i) => i.personId === String(p) && i.kind === "finding").map((i) => [i.item, i.certainty]);
    expect(findings(P.ttpOpen)).toEqual([["ttp", "possible"]]);
    expect(findings(P.ahaOpen)).toEqual([["aha", "possible"]]);
    expect(findings(P.ttpEnded)).toEqual([]);
    expect(findings(P.ahaEnded)).toEqual([]);
    const { candidates } = await prefilterCandidates(db, k, AT);
    const ids = candidates.map((c) => c.personId);
    expect(ids).toContain(String(P.ttpOpen));
    expect(ids).toContain(String(P.ahaOpen));
  });
});
