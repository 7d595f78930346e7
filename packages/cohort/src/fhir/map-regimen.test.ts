/**
 * A regimen charted on one FHIR medication record ("nivo/ipi") maps to one drug_exposure row per drug,
 * as the core's adapter reads it as a dose of each; a single drug or a fixed combination stays one row.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/cohort.js";
import type { CdmTable } from "../cdm.js";
import { ConceptIds } from "./concept-ids.js";
import { type CdmRow, FhirToCdm } from "./map.js";

const knowledge = testKnowledge();

function drugRows(text: string): { concept: unknown; source: unknown; at: unknown }[] {
  const rows: { table: CdmTable; row: CdmRow }[] = [];
  const concepts = new ConceptIds();
  const mapper = new FhirToCdm(knowledge, concepts, { row: (table, row) => rows.push({ table, row }) });
  mapper.map({ resourceType: "Patient", id: "p1" });
  const verdict = mapper.map({
    resourceType: "MedicationAdministration",
    id: "ma1",
    status: "completed",
    subject: { reference: "Patient/p1" },
    medicationCodeableConcept: { text },
    effectiveDateTime: "2024-05-02T10:00:00Z",
  });
  expect(verdict).toMatchObject({ kind: "row", table: "drug_exposure" });
  return rows
    .filter((r) => r.table === "drug_exposure")
    .map(({ row }) => ({
      concept: row.drug_concept_id,
      source: row.drug_source_value,
      at: row.drug_exposure_start_datetime,
    }));
}

describe("FHIR → OMOP: the drugs of one medication record", () => {
  it("writes a row of each agent of a regimen on one line, at the record's time", () => {
    const ids = new ConceptIds();
    const rows = drugRows("nivo/ipi");
    expect(rows.map((r) => r.concept)).toEqual([ids.drug("nivolumab"), ids.drug("ipilimumab")]);
    expect(new Set(rows.map((r) => r.at)).size).toBe(1);
  });

  it("writes one row for a single drug and for a fixed combination", () => {
    expect(drugRows("Keytruda 200 mg")).toHaveLength(1);
    expect(drugRows("nivolumab and relatlimab-rmbw (Opdualag)")).toHaveLength(1);
  });
});
