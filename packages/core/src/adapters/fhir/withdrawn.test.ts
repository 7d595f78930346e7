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

/** The patient's labs, rejections and counts from the resources given as one array (a bulk-export shape). */
function read(...resources: unknown[]) {
  const [record] = ingestFhir([{ resourceType: "Patient", id: "p1" }, ...resources], opts).patients;
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

describe("versions of one record (a history Bundle, a repeated export)", () => {
  const v = (id: string, versionId: string | undefined, extra: Record<string, unknown> = {}) =>
    platelets(id, { ...(versionId !== undefined && { meta: { versionId } }), ...extra });

  it("withdraws a final result whose later version is entered in error, in either order", () => {
    for (const order of [0, 1]) {
      const pair = [v("h", "1"), v("h", "2", { status: "entered-in-error" })];
      const r = read(...(order === 0 ? pair : pair.reverse()));
      expect(r.labs).toEqual([]);
      expect(r.rejected).toContainEqual([
        "Observation/h",
        "not-final",
        "a later version of Observation/h (meta.versionId 2) has status entered-in-error: this version is withdrawn with it",
      ]);
    }
  });

  it("orders by meta.lastUpdated when there is no version number", () => {
    const r = read(
      platelets("h", { meta: { lastUpdated: "2024-03-01T09:00:00Z" } }),
      platelets("h", { status: "entered-in-error", meta: { lastUpdated: "2024-03-01T12:00:00+02:00" } }),
    );
    expect(r.labs).toEqual([]);
    expect(r.rejected.map((x) => x[2])).toContain(
      "a later version of Observation/h (meta.lastUpdated 2024-03-01T12:00:00+02:00) has status entered-in-error: this version is withdrawn with it",
    );
  });

  it("reads the corrected version in place of the earlier final one", () => {
    const r = read(
      v("k", "2", { status: "corrected", valueQuantity: { value: 180, unit: "10*9/L" } }),
      v("k", "1"),
    );
    expect(r.labs).toEqual(["Observation/k"]);
    expect(r.rejected).toEqual([
      [
        "Observation/k",
        "not-final",
        "replaced by a later version of Observation/k (meta.versionId 2), which is read instead",
      ],
    ]);
  });

  it("merges a copy that differs from the latest only in its meta, as a repeat", () => {
    const r = read(v("h", "1"), v("h", "2"));
    expect(r.labs).toEqual(["Observation/h"]);
    expect(r.rejected).toEqual([]);
    expect(r.counts).toMatchObject({ used: 2, merged: 1 });
  });

  it("keeps a final result whose earlier version was entered in error (a later version stands)", () => {
    const r = read(v("h", "1", { status: "entered-in-error" }), v("h", "2"));
    expect(r.labs).toEqual(["Observation/h"]);
  });

  it("without versions, a copy entered in error withdraws the other copies", () => {
    const r = read(v("h", undefined), v("h", undefined, { status: "entered-in-error" }));
    expect(r.labs).toEqual([]);
    expect(r.rejected.map((x) => x[2])).toContain(
      "another copy of Observation/h in the input is entered-in-error, and which copy is later cannot be told (no meta.versionId or meta.lastUpdated to order them): not read",
    );
  });

  it("withdraws a pembrolizumab dose whose later version is entered in error", () => {
    const dose = (versionId: string, status: string) => ({
      resourceType: "MedicationAdministration",
      id: "d",
      meta: { versionId },
      status,
      medicationCodeableConcept: { text: "pembrolizumab" },
      subject,
      effectiveDateTime: "2024-02-01",
    });
    const r = ingestFhir(
      [{ resourceType: "Patient", id: "p1" }, dose("1", "completed"), dose("2", "entered-in-error")],
      opts,
    );
    expect(r.patients[0]?.exposures).toEqual([]);
  });
});
