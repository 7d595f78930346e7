/**
 * Medication records coded in SNOMED CT alone: no RxNorm, no ATC, no display or text naming the drug, as a
 * European EHR sends them (SNOMED CT substance concepts in Medication.code or ingredient.itemCodeableConcept).
 * The drug catalogue carries the substance codes it could verify; a record so coded is that drug, and a
 * SNOMED CT code the catalogue does not carry is counted as not used under its system, never guessed.
 */
import { describe, expect, it } from "vitest";
import { ingestOne } from "../../../../../test/support/fhir-one.js";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { ingestCsv } from "../csv/ingest.js";

const SCT = "http://snomed.info/sct";
const vocabulary = testKnowledge().vocabulary;
const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "export.json" };
const subject = { reference: "Patient/p1" };
const sct = (code: string) => ({ coding: [{ system: SCT, code }] });

function one(...resources: unknown[]) {
  return ingestOne(opts, ...resources).record;
}

const administration = (medication: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  resourceType: "MedicationAdministration",
  id: "a",
  status: "completed",
  subject,
  effectiveDateTime: "2024-02-01T10:00:00Z",
  ...medication,
  ...extra,
});

describe("a medication record coded only in SNOMED CT", () => {
  it.each([
    ["704191007", "nivolumab"],
    ["716125002", "pembrolizumab"],
    ["719371003", "atezolizumab"],
    ["735230005", "durvalumab"],
    ["697995005", "ipilimumab"],
    ["716122004", "blinatumomab"],
    ["386919002", "rituximab"],
    ["716016006", "daratumumab"],
  ])("MedicationAdministration with SNOMED CT %s alone is a dose of %s", (code, drug) => {
    const record = one(administration({ medicationCodeableConcept: sct(code) }));
    expect(record.exposures.map((e) => e.drug)).toEqual([drug]);
    expect(record.rejected).toEqual([]);
  });

  it("is read through a Medication resource, by its code or by an active ingredient's code", () => {
    const byCode = one(administration({ medicationReference: { reference: "Medication/m" } }), {
      resourceType: "Medication",
      id: "m",
      code: sct("716125002"),
    });
    expect(byCode.exposures.map((e) => e.drug)).toEqual(["pembrolizumab"]);
    // The shape of the German Medical Informatics Initiative's test data: the product's code is in
    // another system, the active ingredient is a SNOMED CT substance.
    const byIngredient = one(
      administration(
        { medicationReference: { reference: "#m" } },
        {
          contained: [
            {
              resourceType: "Medication",
              id: "m",
              code: { coding: [{ system: "http://fhir.de/CodeSystem/ifa/pzn", code: "00000000" }] },
              ingredient: [{ itemCodeableConcept: sct("716125002"), isActive: true }],
            },
          ],
        },
      ),
    );
    expect(byIngredient.exposures.map((e) => e.drug)).toEqual(["pembrolizumab"]);
    expect(byIngredient.counts).toMatchObject({ notUsed: 0 });
  });

  it("a MedicationRequest coded only in SNOMED CT names the same drug as the RxNorm-coded one", () => {
    const request = (medicationCodeableConcept: unknown) => ({
      resourceType: "MedicationRequest",
      id: "r",
      status: "completed",
      intent: "order",
      subject,
      authoredOn: "2024-02-01",
      medicationCodeableConcept,
    });
    const bySct = one(request(sct("704191007")));
    const byRxnorm = one(
      request({ coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "1597876" }] }),
    );
    expect(bySct.exposures.map((e) => [e.drug, e.doses.map((d) => [d.at, d.kind])])).toEqual(
      byRxnorm.exposures.map((e) => [e.drug, e.doses.map((d) => [d.at, d.kind])]),
    );
    expect(bySct.exposures.map((e) => e.drug)).toEqual(["nivolumab"]);
  });

  it("reads SNOMED CT named by its OID or an edition URI", () => {
    for (const system of ["urn:oid:2.16.840.1.113883.6.96", "http://snomed.info/sct/900000000000207008"]) {
      const record = one(
        administration({ medicationCodeableConcept: { coding: [{ system, code: "704191007" }] } }),
      );
      expect(
        record.exposures.map((e) => e.drug),
        system,
      ).toEqual(["nivolumab"]);
    }
  });

  it("a SNOMED CT code the catalogue does not carry (or a RXCUI sent as SNOMED) is not used, counted under SNOMED CT", () => {
    for (const code of ["1547545", "108809004"]) {
      const record = one(administration({ medicationCodeableConcept: sct(code) }));
      expect(record.exposures, code).toEqual([]);
      expect(record.notUsed, code).toEqual({ MedicationAdministration: { [SCT]: 1 } });
    }
  });

  it("a CSV dose row with code_system snomed and the substance code alone is the drug too", () => {
    const r = ingestCsv(
      "patient_id,record_type,date,code_system,code,text,dose_kind\np1,dose,2024-02-01,snomed,697995005,,administration\n",
      opts,
    );
    expect(r.patients[0]?.exposures.map((e) => e.drug)).toEqual(["ipilimumab"]);
    expect(r.patients[0]?.rejected).toEqual([]);
  });
});
