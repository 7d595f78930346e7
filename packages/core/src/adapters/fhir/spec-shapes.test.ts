/**
 * Shapes of Observation that the FHIR R4 specification allows and real EHRs send (US Core laboratory results,
 * the specification's own examples): the time as a period, an instant or the release time only, a censored
 * value, a reason for no value, every status, and a focus other than the subject. Each record is used or
 * rejected with its reason; none is read as more certain, or as more this patient's, than the source wrote.
 */
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestFhir } from "./ingest.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "export.json" };
const count = (fields: Record<string, unknown>) => ({
  resourceType: "Observation",
  id: "o",
  status: "final",
  category: [
    {
      coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory" }],
    },
  ],
  code: { coding: [{ system: "http://loinc.org", code: "777-3", display: "Platelets [#/volume] in Blood" }] },
  subject: { reference: "Patient/p1" },
  valueQuantity: { value: 20, unit: "10*3/uL", system: "http://unitsofmeasure.org", code: "10*3/uL" },
  ...fields,
});

function one(resource: Record<string, unknown>) {
  const r = ingestFhir(
    {
      resourceType: "Bundle",
      type: "collection",
      entry: [{ resourceType: "Patient", id: "p1" }, { resourceType: "Patient", id: "p2" }, resource].map(
        (x) => ({ resource: x }),
      ),
    },
    opts,
  );
  const p = r.patients.find((x) => x.patientId === "p1");
  if (p === undefined) throw new Error("no patient");
  return {
    labs: p.labs.map((l) => [l.value, l.comparator, l.at]),
    why: p.rejected.map((x) => [x.code, x.field, x.reason]),
    others: r.patients.filter((x) => x.patientId !== "p1").flatMap((x) => x.labs),
    record: p,
  };
}

describe("when the result was taken", () => {
  it("reads effectivePeriod's start, else its end, an effectiveInstant, and issued when nothing else dates it", () => {
    expect(
      one(count({ effectivePeriod: { start: "2024-03-01T08:00:00Z", end: "2024-03-01T09:00:00Z" } })).labs,
    ).toEqual([[20, undefined, "2024-03-01T08:00:00Z"]]);
    expect(one(count({ effectivePeriod: { end: "2024-03-01T09:00:00Z" } })).labs).toEqual([
      [20, undefined, "2024-03-01T09:00:00Z"],
    ]);
    expect(one(count({ effectiveInstant: "2024-03-02T10:00:00.000Z" })).labs).toEqual([
      [20, undefined, "2024-03-02T10:00:00.000Z"],
    ]);
    expect(one(count({ issued: "2024-03-02T10:00:00.000Z" })).labs).toEqual([
      [20, undefined, "2024-03-02T10:00:00.000Z"],
    ]);
  });

  it("rejects a result no field dates, naming the fields looked at", () => {
    const { labs, why } = one(count({}));
    expect(labs).toEqual([]);
    expect(why[0]?.[0]).toBe("missing-date");
    expect(why[0]?.[2]).toMatch(/effectiveDateTime, effectivePeriod\.start, .*issued/);
  });
});

describe("the value", () => {
  const at = { effectiveDateTime: "2024-03-03T08:00:00Z" };

  it("keeps a comparator of R4's Quantity (<, <=, >=, >) and refuses 'ad' (sufficient to achieve this total), which bounds no value", () => {
    for (const comparator of ["<", "<=", ">=", ">"]) {
      const { labs } = one(
        count({
          ...at,
          valueQuantity: {
            value: 5,
            comparator,
            unit: "10*3/uL",
            system: "http://unitsofmeasure.org",
            code: "10*3/uL",
          },
        }),
      );
      expect(labs, comparator).toEqual([[5, comparator, "2024-03-03T08:00:00Z"]]);
    }
    const ad = one(count({ ...at, valueQuantity: { value: 5, comparator: "ad", unit: "10*3/uL" } }));
    expect(ad.labs).toEqual([]);
    expect(ad.why.map((w) => w[0])).toEqual(["unsupported-comparator"]);
  });

  it("rejects a result with a dataAbsentReason (and no value) naming the reason", () => {
    const { valueQuantity: _none, ...noValue } = count(at);
    const { labs, why } = one({
      ...noValue,
      dataAbsentReason: {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/data-absent-reason", code: "error" }],
      },
    });
    expect(labs).toEqual([]);
    expect(why).toEqual([["data-absent", "dataAbsentReason", expect.stringMatching(/error/)]]);
  });
});

describe("the status", () => {
  const at = { effectiveDateTime: "2024-03-04T08:00:00Z" };

  it("rejects entered-in-error, cancelled and registered (no result yet) as not final, naming the status", () => {
    for (const status of ["entered-in-error", "cancelled", "registered"]) {
      const { labs, why } = one(count({ ...at, status }));
      expect(labs, status).toEqual([]);
      expect(why, status).toEqual([["not-final", "status", `status is ${status}`]]);
    }
  });

  it("reads final, amended and corrected results; a preliminary one is read with that caveat", () => {
    for (const status of ["final", "amended", "corrected", "preliminary"]) {
      const { labs, why } = one(count({ ...at, status }));
      expect(labs, status).toEqual([[20, undefined, "2024-03-04T08:00:00Z"]]);
      expect(why, status).toEqual([]);
    }
  });
});

describe("a focus other than the subject (R4 Observation.focus)", () => {
  const at = { effectiveDateTime: "2024-03-05T08:00:00Z" };

  it("rejects a result about another patient, a fetus or a blood product: it is not this patient's value, nor given to the other", () => {
    for (const focus of [
      { reference: "Patient/p2" },
      { reference: "BiologicallyDerivedProduct/unit-7" },
      { display: "fetus" },
    ]) {
      const { labs, why, others } = one(count({ ...at, focus: [focus] }));
      expect(labs).toEqual([]);
      expect(others).toEqual([]);
      expect(why.map((w) => [w[0], w[1]])).toEqual([["missing-subject", "focus"]]);
    }
  });

  it("reads a result whose focus is its own subject", () => {
    for (const reference of ["Patient/p1", "https://ehr.example.org/fhir/Patient/p1/_history/3"])
      expect(one(count({ ...at, focus: [{ reference }] })).labs, reference).toEqual([
        [20, undefined, "2024-03-05T08:00:00Z"],
      ]);
  });
});
