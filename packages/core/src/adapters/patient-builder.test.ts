import { describe, expect, it } from "vitest";
import type { LabResult, Rejection } from "../contracts/model.js";
import { emptyRecord } from "../engine/empty-record.js";
import { mergeRecords, PatientBuilder } from "./patient-builder.js";

const plt = (ref: string, at: string, value: number): LabResult => ({
  ref,
  lab: "platelets",
  loinc: "777-3",
  at,
  value,
  unit: "10*9/L",
  original: { value },
});

describe("PatientBuilder labs", () => {
  it("keeps the same result once, whether repeated by ref or by lab, instant and value", () => {
    const b = new PatientBuilder("p1");
    expect(b.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 12), "platelet count")).toBe("added");
    expect(b.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 12), "platelet count")).toBe("merged");
    // Same instant written with another offset, same value: a copy (e.g. inside a DiagnosticReport).
    expect(b.addLab(plt("DiagnosticReport/r#a", "2024-03-01T09:00:00+01:00", 12), "platelet count")).toBe(
      "merged",
    );
    expect(b.build().labs).toHaveLength(1);
    expect(b.build().conflicts).toEqual([]);
  });

  it("keeps both of two different values at one instant and names them in a Conflict", () => {
    const b = new PatientBuilder("p1");
    b.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 12), "platelet count");
    expect(b.addLab(plt("Observation/b", "2024-03-01T08:00:00Z", 150), "platelet count")).toBe("added");
    const r = b.build();
    expect(r.labs).toHaveLength(2);
    expect(r.conflicts).toEqual([
      {
        refs: ["Observation/a", "Observation/b"],
        kind: "same-instant-values",
        detail: "two platelet count results at the same instant: 12 and 150 10*9/L",
      },
    ]);
  });
});

describe("PatientBuilder censored and exact results at one instant", () => {
  const at = "2024-03-01T08:00:00Z";
  const censored = (ref: string, comparator: "<" | "<=" | ">" | ">=", value: number): LabResult => ({
    ...plt(ref, at, value),
    comparator,
  });
  const values = (b: PatientBuilder) => b.build().labs.map((l) => `${l.comparator ?? ""}${l.value}`);

  it("keeps the number and merges the bound it satisfies, whichever comes first (<10 and 8 agree)", () => {
    const first = new PatientBuilder("p1");
    expect(first.addLab(censored("Observation/a", "<", 10), "platelet count")).toBe("added");
    expect(first.addLab(plt("Observation/b", at, 8), "platelet count")).toBe("merged");
    expect(values(first)).toEqual(["8"]);
    expect(first.build().conflicts).toEqual([]);
    const second = new PatientBuilder("p1");
    second.addLab(plt("Observation/b", at, 8), "platelet count");
    expect(second.addLab(censored("Observation/a", "<", 10), "platelet count")).toBe("merged");
    expect(values(second)).toEqual(["8"]);
    expect(second.build().conflicts).toEqual([]);
  });

  it("keeps the tighter of two bounds of one direction (>=5 inside >4)", () => {
    const b = new PatientBuilder("p1");
    b.addLab(censored("Observation/a", ">", 4), "platelet count");
    expect(b.addLab(censored("Observation/b", ">=", 5), "platelet count")).toBe("merged");
    expect(values(b)).toEqual([">=5"]);
  });

  it("at the bound: 10 satisfies <=10 (merged) but not <10 (a conflict)", () => {
    const inclusive = new PatientBuilder("p1");
    inclusive.addLab(censored("Observation/a", "<=", 10), "platelet count");
    expect(inclusive.addLab(plt("Observation/b", at, 10), "platelet count")).toBe("merged");
    expect(inclusive.build().conflicts).toEqual([]);
    const strict = new PatientBuilder("p1");
    strict.addLab(censored("Observation/a", "<", 10), "platelet count");
    expect(strict.addLab(plt("Observation/b", at, 10), "platelet count")).toBe("added");
    expect(strict.build().conflicts.map((c) => c.kind)).toEqual(["same-instant-values"]);
  });

  it("reports a number outside the bound, or bounds of opposite directions, as a conflict", () => {
    const outside = new PatientBuilder("p1");
    outside.addLab(censored("Observation/a", ">", 5), "platelet count");
    expect(outside.addLab(plt("Observation/b", at, 4), "platelet count")).toBe("added");
    expect(outside.build().conflicts).toHaveLength(1);
    const opposite = new PatientBuilder("p1");
    opposite.addLab(censored("Observation/a", "<", 10), "platelet count");
    expect(opposite.addLab(censored("Observation/b", ">", 5), "platelet count")).toBe("added");
    expect(opposite.build().conflicts).toHaveLength(1);
  });

  it("never replaces a result already in a conflict: a bound beside 12 and 212 joins the conflict", () => {
    const b = new PatientBuilder("p1");
    b.addLab(plt("Observation/a", at, 12), "platelet count");
    b.addLab(plt("Observation/b", at, 212), "platelet count");
    expect(b.addLab(censored("Observation/c", "<", 20), "platelet count")).toBe("added");
    expect(b.build().labs).toHaveLength(3);
    expect(b.build().conflicts.map((c) => c.refs)).toEqual([
      ["Observation/a", "Observation/b"],
      ["Observation/a", "Observation/c"],
      ["Observation/b", "Observation/c"],
    ]);
  });
});

describe("PatientBuilder records sharing one id", () => {
  it("names a second lab record with the id of the first and another value, instead of dropping it", () => {
    const b = new PatientBuilder("p1");
    b.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 12), "platelet count");
    expect(b.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 240), "platelet count")).toBe("merged");
    expect(b.addLab(plt("Observation/a", "2024-03-02T08:00:00Z", 12), "platelet count")).toBe("merged");
    const r = b.build();
    expect(r.labs).toHaveLength(1);
    expect(r.conflicts).toEqual([
      {
        refs: ["Observation/a"],
        kind: "same-id-differs",
        detail:
          "two platelet count records share the id Observation/a: 12 10*9/L at 2024-03-01T08:00:00Z and 240 10*9/L at 2024-03-01T08:00:00Z",
      },
    ]);
  });

  it("names a second dose record with the id of the first and another date", () => {
    const b = new PatientBuilder("p1");
    const dose = (at: string) => ({ ref: "MedicationAdministration/1", at, kind: "administration" as const });
    b.addDose("pembrolizumab", "ici", dose("2024-01-11"));
    expect(b.addDose("pembrolizumab", "ici", dose("2024-01-11"))).toBe("merged");
    expect(b.build().conflicts).toEqual([]);
    expect(b.addDose("pembrolizumab", "ici", dose("2024-02-11"))).toBe("merged");
    expect(b.build().conflicts.map((c) => [c.kind, c.refs])).toEqual([
      ["same-id-differs", ["MedicationAdministration/1"]],
    ]);
  });
});

describe("PatientBuilder exposures", () => {
  it("sets first and last from the doses in time order and the CAR-T infusion from the administration", () => {
    const b = new PatientBuilder("p1");
    b.addDose("axi-cel", "car-t", { ref: "MedicationRequest/r", at: "2024-01-02", kind: "request" });
    b.addDose("axi-cel", "car-t", { ref: "Procedure/p", at: "2024-01-10T10:00:00Z", kind: "procedure" });
    b.addDose("pembrolizumab", "ici", {
      ref: "MedicationAdministration/2",
      at: "2024-02-01",
      kind: "administration",
    });
    b.addDose("pembrolizumab", "ici", {
      ref: "MedicationAdministration/1",
      at: "2024-01-11",
      kind: "administration",
    });
    const [cart, pembro] = b.build().exposures;
    expect(cart).toMatchObject({
      drug: "axi-cel",
      first: "2024-01-02",
      last: "2024-01-10T10:00:00Z",
      infusion: "2024-01-10T10:00:00Z",
    });
    expect(pembro).toMatchObject({ drug: "pembrolizumab", first: "2024-01-11", last: "2024-02-01" });
    expect(pembro?.infusion).toBeUndefined();
  });

  it("has no CAR-T infusion date when only a request exists", () => {
    const b = new PatientBuilder("p1");
    b.addDose("axi-cel", "car-t", { ref: "MedicationRequest/r", at: "2024-01-02", kind: "request" });
    expect(b.build().exposures[0]?.infusion).toBeUndefined();
  });
});

describe("mergeRecords", () => {
  it("merges two files of one patient without counting anything twice", () => {
    const a = new PatientBuilder("p1");
    a.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 12), "platelet count");
    a.addEvent({ ref: "Condition/c", kind: "bleeding", at: "2024-03-01" });
    a.ignore("Claim", 2);
    const b = new PatientBuilder("p1");
    b.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 12), "platelet count");
    b.addLab(plt("Observation/other-id", "2024-03-01T08:00:00Z", 12), "platelet count");
    b.addLab(plt("Observation/c", "2024-03-02T08:00:00Z", 30), "platelet count");
    b.addEvent({ ref: "Condition/c", kind: "bleeding", at: "2024-03-01" });
    b.ignore("Claim", 1);
    const merged = mergeRecords(a.build(), b.build());
    expect(merged.labs.map((l) => l.ref)).toEqual(["Observation/a", "Observation/c"]);
    expect(merged.events).toHaveLength(1);
    expect(merged.ignored).toEqual({ Claim: 3 });
  });

  it("drops the absent-Patient notice once another source holds the Patient, and keeps it while none does", () => {
    const absent = new PatientBuilder("p9");
    absent.setAbsent("Patient/p9");
    const standIn = absent.build();
    expect(standIn.absentPatient?.ref).toBe("Patient/p9");
    const held = { ...emptyRecord("p9"), birthDate: "1950-02-03", sex: "female" as const };
    for (const merged of [mergeRecords(standIn, held), mergeRecords(held, standIn)]) {
      expect(merged.absentPatient).toBeUndefined();
      expect(merged).toMatchObject({ birthDate: "1950-02-03", sex: "female" });
    }
    expect(mergeRecords(standIn, standIn).absentPatient).toEqual(standIn.absentPatient);
  });

  it("reports demographics that disagree instead of picking one silently", () => {
    const merged = mergeRecords(
      { ...emptyRecord("p1"), birthDate: "1960-01-01" },
      { ...emptyRecord("p1"), birthDate: "1961-01-01" },
    );
    expect(merged.birthDate).toBe("1960-01-01");
    expect(merged.conflicts[0]?.detail).toBe("birth date differs between sources: 1960-01-01 and 1961-01-01");
  });

  it("adds the counts of both records; a result held by both counts once as used, once as merged", () => {
    const a = new PatientBuilder("p1");
    a.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 12), "platelet count");
    a.count("used");
    a.notUse("Condition", "http://snomed.info/sct", 1, "Condition/sprain");
    a.count("notUsed");
    const b = new PatientBuilder("p1");
    b.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 12), "platelet count");
    b.count("used");
    b.reject({
      ref: "Observation/x",
      code: "future-date",
      reason: "effectiveDateTime is after the evaluation time",
    });
    b.count("rejected");
    b.ignore("Claim", 1, "Claim/c");
    b.count("ignored");
    const merged = mergeRecords(a.build(), b.build());
    expect(merged.counts).toEqual({ read: 5, used: 1, merged: 1, rejected: 1, notUsed: 1, ignored: 1 });
    expect(merged.notUsed).toEqual({ Condition: { "http://snomed.info/sct": 1 } });
    expect(merged.ignored).toEqual({ Claim: 1 });
  });

  it("is idempotent: merging a record with itself changes nothing", () => {
    const a = new PatientBuilder("p1");
    a.addLab(plt("Observation/a", "2024-03-01T08:00:00Z", 12), "platelet count");
    a.addLab(plt("Observation/b", "2024-03-01T08:00:00Z", 150), "platelet count");
    const r = a.build();
    expect(mergeRecords(r, r)).toEqual(r);
  });
});

describe("PatientBuilder repeats", () => {
  it("counts a repeated rejection, ignored or not-used record as merged, by its ref", () => {
    const b = new PatientBuilder("p1");
    const r: Rejection = { ref: "Observation/x", code: "not-final", reason: "status is cancelled" };
    expect(b.reject(r)).toBe("added");
    expect(b.reject(r)).toBe("merged");
    expect(b.ignore("Claim", 1, "Claim/c")).toBe("added");
    expect(b.ignore("Claim", 1, "Claim/c")).toBe("merged");
    expect(b.notUse("Observation", "http://loinc.org", 1, "Observation/bp")).toBe("added");
    expect(b.notUse("Observation", "http://loinc.org", 1, "Observation/bp")).toBe("merged");
    const record = b.build();
    expect(record.rejected).toHaveLength(1);
    expect(record.ignored).toEqual({ Claim: 1 });
    expect(record.notUsed).toEqual({ Observation: { "http://loinc.org": 1 } });
  });
});

describe("PatientBuilder after a death", () => {
  it("rejects a result of one file dated after a death another file records, once, when merged", () => {
    const a = new PatientBuilder("p1");
    a.addLab(plt("labs.csv:2", "2024-03-04T08:00:00Z", 40), "platelet count");
    a.addLab(plt("labs.csv:3", "2024-03-09T08:00:00Z", 12), "platelet count");
    a.count("used", 2);
    const b = new PatientBuilder("p1");
    b.setDeceased({ at: "2024-03-05", ref: "Patient/p1#deceasedDateTime" });
    b.count("used");
    const merged = mergeRecords(a.build(), b.build());
    expect(merged.labs.map((l) => l.ref)).toEqual(["labs.csv:2"]);
    expect(merged.rejected.map((r) => [r.ref, r.code])).toEqual([["labs.csv:3", "after-death"]]);
    expect(merged.counts).toEqual({ read: 3, used: 2, merged: 0, rejected: 1, notUsed: 0, ignored: 0 });
    // Built again: nothing moves twice.
    expect(mergeRecords(merged, emptyRecord("p1")).counts).toEqual(merged.counts);
  });
});
