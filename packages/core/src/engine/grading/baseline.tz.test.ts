import { describe, expect, it } from "vitest";
import type { Exposure, LabResult, PatientRecord } from "../../contracts/model.js";
import { emptyRecord } from "../empty-record.js";
import { baselineFor, treatmentStart } from "./baseline.js";

function inr(ref: string, at: string, value: number, extra: Partial<LabResult> = {}): LabResult {
  return { ref, lab: "inr", loinc: "6301-6", at, value, unit: "{INR}", original: { value }, ...extra };
}

function exposure(drug: string, first: string, extra: Partial<Exposure> = {}): Exposure {
  return {
    drug,
    class: "ici",
    doses: [{ ref: `MedicationAdministration/${drug}`, at: first, kind: "administration" }],
    first,
    last: first,
    ...extra,
  };
}

function record(exposures: Exposure[], labs: LabResult[]): PatientRecord {
  return { ...emptyRecord("p"), exposures, labs };
}

const LABS = [
  inr("Observation/1", "2024-01-05", 1.0),
  inr("Observation/2", "2024-01-20", 1.1),
  inr("Observation/3", "2024-02-10", 1.6),
];

describe("baselineFor", () => {
  it("is the last value before the first dose", () => {
    expect(baselineFor(record([exposure("nivolumab", "2024-02-01")], LABS), "inr")?.ref).toBe(
      "Observation/2",
    );
  });

  it("anchors on the earliest exposure when there are several", () => {
    const r = record([exposure("nivolumab", "2024-02-01"), exposure("ipilimumab", "2024-01-10")], LABS);
    expect(treatmentStart(r)).toBe("2024-01-10");
    expect(baselineFor(r, "inr")?.ref).toBe("Observation/1");
  });

  it("anchors a CAR-T exposure on the infusion", () => {
    const carT = exposure("tisagenlecleucel", "2024-01-01", { class: "car-t", infusion: "2024-02-01" });
    expect(baselineFor(record([carT], LABS), "inr")?.ref).toBe("Observation/2");
  });

  it("is the earliest value when the record has no exposure", () => {
    expect(baselineFor(record([], [...LABS].reverse()), "inr")?.ref).toBe("Observation/1");
  });

  it("is undefined when no value precedes the first dose", () => {
    expect(baselineFor(record([exposure("nivolumab", "2024-01-01")], LABS), "inr")).toBeUndefined();
  });

  it("skips censored and non-numeric values", () => {
    const labs = [
      inr("Observation/1", "2024-01-05", 1.0),
      inr("Observation/c", "2024-01-20", 1.0, { comparator: "<" }),
      { ...inr("Observation/q", "2024-01-25", 0), value: undefined },
    ];
    expect(baselineFor(record([exposure("nivolumab", "2024-02-01")], labs), "inr")?.ref).toBe(
      "Observation/1",
    );
  });

  it("compares instants, not the process time zone", () => {
    // 23:30 at UTC-5 on 31 Jan is 04:30Z on 1 Feb: before a 06:00Z dose, after a 04:00Z dose.
    const labs = [
      inr("Observation/1", "2024-01-05", 1.0),
      inr("Observation/late", "2024-01-31T23:30:00-05:00", 1.2),
    ];
    expect(baselineFor(record([exposure("n", "2024-02-01T06:00:00Z")], labs), "inr")?.ref).toBe(
      "Observation/late",
    );
    expect(baselineFor(record([exposure("n", "2024-02-01T04:00:00Z")], labs), "inr")?.ref).toBe(
      "Observation/1",
    );
  });

  it("takes a value charted at the instant of the first dose (both dated only) as the pre-dose sample", () => {
    // A cirrhosis INR of 1.8 charted on the day of the first infusion, as the dose is: both midnight UTC.
    const labs = [inr("Observation/1", "2024-01-05", 1.0), inr("Observation/dose-day", "2024-02-01", 1.8)];
    expect(baselineFor(record([exposure("n", "2024-02-01")], labs), "inr")?.ref).toBe("Observation/dose-day");
    // One millisecond after the dose it is a result after the drug, not the baseline.
    const after = [
      inr("Observation/1", "2024-01-05", 1.0),
      inr("Observation/a", "2024-02-01T00:00:00.001Z", 1.8),
    ];
    expect(baselineFor(record([exposure("n", "2024-02-01")], after), "inr")?.ref).toBe("Observation/1");
  });

  it("does not take a value drawn later on the day of a dose given as a date only", () => {
    const labs = [
      inr("Observation/1", "2024-01-05", 1.0),
      inr("Observation/sameday", "2024-02-01T08:00:00Z", 1.2),
    ];
    expect(baselineFor(record([exposure("n", "2024-02-01")], labs), "inr")?.ref).toBe("Observation/1");
  });
});
