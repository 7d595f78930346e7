/**
 * FHIR → OMOP: an Observation whose focus (R4) is not its subject (a donor's, a fetus's or a blood product's
 * count) is no measurement of the subject: rejected with that reason, as the core's adapter rejects it; one
 * whose focus is its own subject, and one of SNOMED CT-coded drugs, map as before.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/cohort.js";
import type { CdmTable } from "../cdm.js";
import { ConceptIds } from "./concept-ids.js";
import { type CdmRow, FhirToCdm } from "./map.js";

const knowledge = testKnowledge();

function mapped(resource: Record<string, unknown>) {
  const rows: { table: CdmTable; row: CdmRow }[] = [];
  const mapper = new FhirToCdm(knowledge, new ConceptIds(), {
    row: (table, row) => rows.push({ table, row }),
  });
  mapper.map({ resourceType: "Patient", id: "p1", birthDate: "1960-01-01" });
  return { verdict: mapper.map(resource), rows: rows.filter((r) => r.table !== "person") };
}

const platelets = (fields: Record<string, unknown>) => ({
  resourceType: "Observation",
  id: "o1",
  status: "final",
  code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
  subject: { reference: "Patient/p1" },
  effectiveDateTime: "2024-05-02T10:00:00Z",
  valueQuantity: { value: 12, unit: "10*9/L", system: "http://unitsofmeasure.org", code: "10*9/L" },
  ...fields,
});

describe("FHIR → OMOP: Observation.focus", () => {
  it("rejects a count about another patient or a blood product, writing no row", () => {
    for (const focus of [{ reference: "Patient/p2" }, { reference: "BiologicallyDerivedProduct/u1" }]) {
      const { verdict, rows } = mapped(platelets({ focus: [focus] }));
      expect(verdict).toMatchObject({ kind: "rejected", code: "missing-subject" });
      expect(rows).toEqual([]);
    }
  });

  it("maps a count whose focus is its own subject", () => {
    const { verdict, rows } = mapped(platelets({ focus: [{ reference: "Patient/p1" }] }));
    expect(verdict).toMatchObject({ kind: "row", table: "measurement" });
    expect(rows.map((r) => r.row.value_as_number)).toEqual([12]);
  });

  it("maps a dose coded only by a SNOMED CT substance code to the drug", () => {
    const { verdict, rows } = mapped({
      resourceType: "MedicationAdministration",
      id: "ma1",
      status: "completed",
      subject: { reference: "Patient/p1" },
      medicationCodeableConcept: { coding: [{ system: "http://snomed.info/sct", code: "716125002" }] },
      effectiveDateTime: "2024-05-02T10:00:00Z",
    });
    expect(verdict).toMatchObject({ kind: "row", table: "drug_exposure" });
    expect(rows.map((r) => r.row.drug_concept_id)).toEqual([new ConceptIds().drug("pembrolizumab")]);
  });
});
