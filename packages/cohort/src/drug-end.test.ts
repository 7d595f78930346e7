/**
 * A drug exposure whose end is not in the data but whose days supply is: its end is the start plus the
 * days supply less one day, the OHDSI convention ratified for that case (Themis, drug_exposure_end_date),
 * so that a 30-day anticoagulant supply covers the 30 days it was dispensed for rather than its first day.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importedDb } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";
import { readRows, resourcesOf } from "./records.js";

function folder(): string {
  const dir = tempDir("drug-end-");
  const write = (table: string, rows: readonly string[]) =>
    writeFileSync(join(dir, `${table}.csv`), `${rows.join("\n")}\n`);
  write("concept", [
    "concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,standard_concept,concept_code,valid_start_date,valid_end_date,invalid_reason",
    "1310149,warfarin,Drug,RxNorm,Ingredient,S,11289,1970-01-01,2099-12-31,",
  ]);
  write("person", [
    "person_id,gender_concept_id,year_of_birth,race_concept_id,ethnicity_concept_id",
    "1,8532,1960,0,0",
  ]);
  write("drug_exposure", [
    "drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date,drug_exposure_end_date,days_supply,drug_type_concept_id",
    "1,1,1310149,2025-01-01,,30,32869", // end from the days supply: 2025-01-30
    "2,1,1310149,2025-02-01,2025-02-10,30,32869", // an end in the data wins
    "3,1,1310149,2025-03-01,,,32869", // neither: read on its start
    "4,1,1310149,2025-04-01,,0,32869", // a days supply of 0 is none
  ]);
  return dir;
}

describe("drug exposure end from the days supply", { timeout: 60_000 }, () => {
  it("is start + days supply - 1 when the end is missing; an end in the data wins; none without either", async () => {
    const { db } = await importedDb(folder());
    try {
      const rows = await readRows(db, [1], "2025-06-30T23:59:59Z");
      const periods = resourcesOf(rows)
        .filter((r) => r.resourceType === "MedicationAdministration")
        .map((r) => [r.id, (r as { effectivePeriod?: unknown }).effectivePeriod]);
      expect(periods).toEqual([
        ["drug_exposure-1", { start: "2025-01-01T00:00:00Z", end: "2025-01-30T00:00:00Z" }],
        ["drug_exposure-2", { start: "2025-02-01T00:00:00Z", end: "2025-02-10T00:00:00Z" }],
        ["drug_exposure-3", { start: "2025-03-01T00:00:00Z" }],
        ["drug_exposure-4", { start: "2025-04-01T00:00:00Z" }],
      ]);
    } finally {
      db.close();
    }
  });
});
