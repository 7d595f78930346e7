import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CohortDatabase } from "@hemosentinel/cohort";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importedDb } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";
import { RESULTS_SCHEMA } from "./cdm.js";
import { ensureResultsSchema } from "./results.js";
import { insertRows } from "./sql.js";
import { cohortStats, NoScreenRunError } from "./stats.js";

/**
 * Six persons on pembrolizumab, follow-up rules one by one (day 0 = 2024-01-01):
 * 1 ITP on day 30 · 2 dies on day 60 · 3 observation ends on day 99 (follow-up 100 days) · 4 followed a
 * whole year, a possible DIC on day 10 · 5 first dose outside every observation period · 6 ITP on day 517,
 * after the 365 days of follow-up.
 */
function writeCdm(dir: string): void {
  const file = (name: string, lines: string[]) =>
    writeFileSync(join(dir, `${name}.csv`), `${lines.join("\n")}\n`);
  file("concept", [
    "concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,standard_concept,concept_code,valid_start_date,valid_end_date,invalid_reason",
    "1547545,pembrolizumab,Drug,RxNorm,Ingredient,S,1547545,1970-01-01,2099-12-31,",
  ]);
  file("person", [
    "person_id,gender_concept_id,year_of_birth",
    ...[1, 2, 3, 4, 5, 6].map((p) => `${p},8507,1960`),
  ]);
  file("observation_period", [
    "observation_period_id,person_id,observation_period_start_date,observation_period_end_date",
    "1,1,2023-01-01,2025-12-31",
    "2,2,2023-01-01,2025-12-31",
    "3,3,2023-01-01,2024-04-09",
    "4,4,2023-01-01,2025-12-31",
    "5,5,2023-01-01,2023-12-31",
    "6,6,2023-01-01,2025-12-31",
  ]);
  file("drug_exposure", [
    "drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date",
    ...[1, 2, 3, 4, 6].map((p) => `${p},${p},1547545,2024-01-01`),
    "5,5,1547545,2024-06-01",
  ]);
  file("death", ["person_id,death_date", "2,2024-03-01"]);
}

async function addRun(db: CohortDatabase): Promise<void> {
  await ensureResultsSchema(db);
  await insertRows(db, `${RESULTS_SCHEMA}.screen_run`, [
    [1, "2026-01-01 00:00:00", "2026-01-01T23:59:59Z", "t", "k1", "h", 6, 3, 3],
  ]);
  const finding = (person: number, disorder: string, certainty: string, onset: string) => [
    1,
    String(person),
    "finding",
    disorder,
    certainty,
    3,
    onset,
    "pembrolizumab",
    "ici",
    null,
    "…",
    "",
    null,
  ];
  await insertRows(db, `${RESULTS_SCHEMA}.screen_finding`, [
    finding(1, "itp", "probable", "2024-01-31T00:00:00Z"),
    finding(4, "dic", "possible", "2024-01-11T00:00:00Z"),
    finding(6, "itp", "definite", "2025-06-01T00:00:00Z"),
  ]);
}

describe("cohort stats", { timeout: 60_000 }, () => {
  let db: CohortDatabase;
  beforeAll(async () => {
    const dir = tempDir("stats-");
    writeCdm(dir);
    db = (await importedDb(dir)).db;
  });
  afterAll(() => db.close());

  it("needs a screening run", async () => {
    await expect(cohortStats(db, ["itp"])).rejects.toBeInstanceOf(NoScreenRunError);
  });

  it("follows each person from the first dose to the end of observation, death or 365 days", async () => {
    await addRun(db);
    const stats = await cohortStats(db, ["itp", "dic"]);
    expect(stats.run).toEqual({ runId: 1, evaluatedAt: "2026-01-01T23:59:59Z", knowledgeVersion: "k1" });
    const [all] = stats.groups;
    expect(all).toMatchObject({ group: "all", persons: 6, outsideObservation: 1 });
    const itp = all?.disorders.find((d) => d.disorder === "itp");
    // Persons 1–4 and 6: 30 + 60 + 100 + 365 + 365 days; the ITP on day 517 lies beyond follow-up.
    expect(itp?.cases).toBe(1);
    expect(itp?.deaths).toBe(1);
    expect(itp?.patientYears).toBeCloseTo(920 / 365.25, 10);
    expect(itp?.incidence?.rate).toBeCloseTo((100 * 365.25) / 920, 10);
    expect(itp?.onset).toEqual({ median: 30, q1: 30, q3: 30 });
    expect(itp?.cumulative.map((c) => c.estimate)).toEqual([0.2, 0.2, 0.2]);
    expect(itp?.cumulative[0]?.interval?.low).toBeLessThan(0.2);
  });

  it("counts a finding below the chosen certainty as no case (both sides of the threshold)", async () => {
    const possible = await cohortStats(db, ["dic"], { minCertainty: "possible" });
    const probable = await cohortStats(db, ["dic"], { minCertainty: "probable" });
    expect(possible.groups[0]?.disorders[0]?.cases).toBe(1);
    expect(possible.groups[0]?.disorders[0]?.onset?.median).toBe(10);
    expect(probable.groups[0]?.disorders[0]?.cases).toBe(0);
    expect(probable.groups[0]?.disorders[0]?.onset).toBeUndefined();
  });

  it("groups by class and by drug", async () => {
    const byClass = await cohortStats(db, ["itp"], { by: "class" });
    const byDrug = await cohortStats(db, ["itp"], { by: "drug" });
    expect(byClass.groups.map((g) => [g.group, g.persons, g.disorders[0]?.cases])).toEqual([["ici", 6, 1]]);
    expect(byDrug.groups.map((g) => [g.group, g.persons, g.disorders[0]?.cases])).toEqual([
      ["pembrolizumab", 6, 1],
    ]);
  });
});
