/**
 * Results of a withdrawn report or panel (entered in error, cancelled) are withdrawn with it: a lab that
 * marks a report entered in error (a wrong patient, a wrong specimen) often leaves its result observations
 * as they were, and a platelet count of 8 from it must not make an ITP. A result also listed by a report
 * that stands (a corrected re-issue) is still read.
 */
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestFhir } from "./ingest.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "export.json" };
const subject = { reference: "Patient/p1" };
const CBC = { coding: [{ system: "http://loinc.org", code: "58410-2" }] };

const platelets = (id: string, extra: Record<string, unknown> = {}) => ({
  resourceType: "Observation",
  id,
  status: "final",
  code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
  subject,
  effectiveDateTime: "2024-03-01T08:00:00Z",
  valueQuantity: { value: 8, unit: "10*9/L" },
  ...extra,
});
const report = (id: string, status: string, result: string[], extra: Record<string, unknown> = {}) => ({
  resourceType: "DiagnosticReport",
  id,
  status,
  code: CBC,
  subject,
  effectiveDateTime: "2024-03-01T08:00:00Z",
  result: result.map((reference) => ({ reference })),
  ...extra,
});

function read(...resources: unknown[]) {
  const r = ingestFhir(
    {
      resourceType: "Bundle",
      type: "collection",
      entry: [{ resourceType: "Patient", id: "p1" }, ...resources].map((resource) => ({ resource })),
    },
    opts,
  );
  const record = r.patients[0];
  if (record === undefined) throw new Error("no patient");
  return {
    labs: record.labs.map((l) => l.ref),
    rejected: record.rejected.map((x) => [x.ref, x.code, x.reason]),
    counts: record.counts,
  };
}

describe("a withdrawn report takes its results with it", () => {
  for (const status of ["entered-in-error", "cancelled"]) {
    it(`rejects the final result of a report ${status}, naming the report`, () => {
      const r = read(report("cbc", status, ["Observation/plt"]), platelets("plt"));
      expect(r.labs).toEqual([]);
      expect(r.rejected).toContainEqual([
        "Observation/plt",
        "not-final",
        `withdrawn with its report DiagnosticReport/cbc, whose status is ${status}`,
      ]);
      // Every resource still counted once: the patient, the report, its result.
      expect(r.counts).toMatchObject({ read: 3, used: 1, rejected: 2 });
    });
  }

  it("rejects an observation contained in a report entered in error", () => {
    const { subject: _, ...inside } = platelets("plt");
    const r = read(report("cbc", "entered-in-error", ["#plt"], { contained: [inside] }));
    expect(r.labs).toEqual([]);
    expect(r.rejected).toContainEqual([
      "DiagnosticReport/cbc#plt",
      "not-final",
      "withdrawn with its report DiagnosticReport/cbc, whose status is entered-in-error",
    ]);
  });

  it("rejects the members of a panel entered in error, and of a panel inside a withdrawn report", () => {
    const panel = (id: string, status: string, members: string[]) => ({
      resourceType: "Observation",
      id,
      status,
      code: CBC,
      subject,
      effectiveDateTime: "2024-03-01T08:00:00Z",
      hasMember: members.map((reference) => ({ reference })),
    });
    const direct = read(panel("p", "entered-in-error", ["Observation/plt"]), platelets("plt"));
    expect(direct.labs).toEqual([]);
    expect(direct.rejected).toContainEqual([
      "Observation/plt",
      "not-final",
      "withdrawn with its panel Observation/p, whose status is entered-in-error",
    ]);
    const nested = read(
      report("cbc", "entered-in-error", ["Observation/p"]),
      panel("p", "final", ["Observation/plt"]),
      platelets("plt"),
    );
    expect(nested.labs).toEqual([]);
    expect(nested.rejected.map(([ref]) => ref)).toEqual(
      expect.arrayContaining(["Observation/p", "Observation/plt"]),
    );
  });

  it("still reads a result a standing report also lists (a corrected re-issue)", () => {
    const r = read(
      report("old", "entered-in-error", ["Observation/plt"]),
      report("new", "corrected", ["Observation/plt"]),
      platelets("plt"),
    );
    expect(r.labs).toEqual(["Observation/plt"]);
  });

  it("reads the results of a final, amended, preliminary or registered report", () => {
    for (const status of ["final", "amended", "corrected", "preliminary", "partial", "registered"]) {
      const r = read(report("cbc", status, ["Observation/plt"]), platelets("plt"));
      expect(r.labs, status).toEqual(["Observation/plt"]);
    }
  });
});
