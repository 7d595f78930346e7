/**
 * A heparin-induced thrombocytopenia charted as an allergy to heparin (as many EHRs chart it) is a
 * history of HIT: without it a plan would offer LMWH to a patient who must not be re-exposed to heparin.
 */
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestFhir } from "./ingest.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "allergies.json" };
const HIT_TEXT = "heparin-induced thrombocytopenia";

const allergy = (fields: Record<string, unknown>) => ({
  resourceType: "AllergyIntolerance",
  id: "a",
  patient: { reference: "Patient/p1" },
  code: {
    coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "5224" }],
    text: "Heparin",
  },
  recordedDate: "2023-05-01",
  ...fields,
});

function read(...resources: unknown[]) {
  const r = ingestFhir([{ resourceType: "Patient", id: "p1" }, ...resources], opts);
  const record = r.patients[0];
  if (record === undefined) throw new Error("no patient");
  return { ...r, record, why: record.rejected.map((x) => [x.code, x.field, x.reason]) };
}

describe("AllergyIntolerance", () => {
  it("reads a heparin allergy whose reaction is HIT as a history of HIT, on its recorded date", () => {
    const { record } = read(allergy({ reaction: [{ manifestation: [{ text: HIT_TEXT }] }] }));
    expect(record.events.map((e) => [e.kind, e.at, e.ref])).toEqual([
      ["hit-history", "2023-05-01", "AllergyIntolerance/a"],
    ]);
    expect(record.counts).toMatchObject({ used: 2, ignored: 0 });
  });

  it("reads an allergy coded as HIT itself, dated by its onset", () => {
    const { record } = read(allergy({ code: { text: HIT_TEXT }, onsetDateTime: "2022-01-10" }));
    expect(record.events.map((e) => [e.kind, e.at])).toEqual([["hit-history", "2022-01-10"]]);
  });

  it("rejects a refuted or entered-in-error HIT allergy", () => {
    for (const code of ["refuted", "entered-in-error"]) {
      const { record, why } = read(
        allergy({
          reaction: [{ manifestation: [{ text: HIT_TEXT }] }],
          verificationStatus: {
            coding: [
              { system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", code },
            ],
          },
        }),
      );
      expect(record.events).toEqual([]);
      expect(why).toEqual([["refuted", "verificationStatus", `verificationStatus is ${code}`]]);
    }
  });

  it("does not use an allergy that names no HIT (a heparin rash, penicillin)", () => {
    const { record } = read(
      allergy({ reaction: [{ manifestation: [{ text: "rash" }] }] }),
      allergy({ id: "b", code: { text: "penicillin" } }),
    );
    expect(record.events).toEqual([]);
    expect(record.counts).toMatchObject({ notUsed: 2, ignored: 0 });
  });

  it("names its patient in `patient`: without one it is an input error", () => {
    const { patient: _, ...orphan } = allergy({ reaction: [{ manifestation: [{ text: HIT_TEXT }] }] });
    const r = read(orphan);
    expect(r.record.events).toEqual([]);
    expect(r.inputErrors.map((e) => e.code)).toEqual(["missing-subject"]);
  });
});
