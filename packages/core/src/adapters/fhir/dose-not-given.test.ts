/**
 * A medication record of an immunotherapy or a context drug (an anticoagulant) whose own words say that day's dose was not given ("pembrolizumab
 * 200 mg deferred until platelets recover", "held") is no dose: no exposure is dated from it — the deferral is
 * often charted on the day of the nadir that caused it — and its words stay the record's words of the drug
 * (unexplained.yaml `notGivenOnDate`). The same record without such a word is a dose.
 */
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestFhir } from "./ingest.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "export.json" };
const subject = { reference: "Patient/p1" };

const administration = (id: string, text: string, type = "MedicationAdministration") => ({
  resourceType: type,
  id,
  status: "completed",
  subject,
  medicationCodeableConcept: { text },
  effectiveDateTime: "2024-03-01T10:00:00Z",
});

function read(...resources: unknown[]) {
  const [record] = ingestFhir([{ resourceType: "Patient", id: "p1" }, ...resources], opts).patients;
  if (record === undefined) throw new Error("no patient");
  return {
    doses: record.exposures.flatMap((e) => e.doses.map((d) => d.ref)),
    contextDrugs: record.contextDrugs.map((c) => c.ref),
    words: (record.drugWords ?? []).map((w) => w.text),
    rejected: record.rejected.map((x) => [x.ref, x.code]),
  };
}

describe("a dose record that says the dose was not given", () => {
  for (const text of [
    "pembrolizumab 200 mg deferred until platelets recover",
    "Pembrolizumab 200 mg IV - HELD",
    "pembrolizumab dose omitted",
  ])
    it(`is no dose, its words kept: ${text}`, () => {
      const r = read(administration("a1", text));
      expect(r.doses).toEqual([]);
      expect(r.words).toEqual([text]);
      expect(r.rejected).toEqual([["MedicationAdministration/a1", "not-final"]]);
    });

  it("the same record without a word of deferral is a dose", () => {
    const r = read(administration("a1", "pembrolizumab 200 mg IV"));
    expect(r.doses).toEqual(["MedicationAdministration/a1"]);
    expect(r.words).toEqual([]);
    expect(r.rejected).toEqual([]);
  });

  it("a statement that says the drug was held is no dose either", () => {
    const r = read(administration("s1", "pembrolizumab held since cycle 3", "MedicationStatement"));
    expect(r.doses).toEqual([]);
    expect(r.rejected).toEqual([["MedicationStatement/s1", "not-final"]]);
  });

  // A held anticoagulant is no anticoagulant given that day: it would otherwise time a neuraxial puncture from it.
  it("an anticoagulant administration charted as held is no drug on board; given, it is one", () => {
    const held = read(administration("a1", "enoxaparin 40 mg SC held before lumbar puncture"));
    expect(held.contextDrugs).toEqual([]);
    expect(held.words).toEqual([]);
    expect(held.rejected).toEqual([["MedicationAdministration/a1", "not-final"]]);
    expect(read(administration("a1", "enoxaparin 40 mg SC")).contextDrugs).toEqual([
      "MedicationAdministration/a1",
    ]);
  });

  it("an anticoagulant statement whose words say held still says it was taken before: read as written", () => {
    const r = read(administration("s1", "enoxaparin 40 mg SC held since Monday", "MedicationStatement"));
    expect(r.rejected).toEqual([]);
    expect(r.contextDrugs).toEqual(["MedicationStatement/s1"]);
  });

  it("an anticoagulant order whose words say held is read as ordered (a request only orders)", () => {
    const order = {
      ...administration("r1", "enoxaparin 40 mg daily - held", "MedicationRequest"),
      status: "active",
    };
    const r = read({ ...order, intent: "order", authoredOn: "2024-03-01" });
    expect(r.rejected).toEqual([]);
    expect(r.contextDrugs).toEqual(["MedicationRequest/r1"]);
  });
});
