/**
 * The daily dose of a draft order (FHIR R4 Dosage): what the order-sign service weighs against an
 * anticoagulant's prophylactic dose. Read only when the dose, its unit and its frequency are all there.
 */
import { describe, expect, it } from "vitest";
import { dailyDose, doseQuantity, recordDose } from "./dosage.js";

const dose = (value: number, unit: string, timing?: unknown, extra: object = {}) => ({
  doseAndRate: [{ doseQuantity: { value, unit, system: "http://unitsofmeasure.org", code: unit } }],
  ...(timing !== undefined && { timing }),
  ...extra,
});
const daily = { repeat: { frequency: 1, period: 1, periodUnit: "d" } };
const q12h = { repeat: { frequency: 1, period: 12, periodUnit: "h" } };
const perDay = (d: unknown, unit = "mg") => {
  const r = dailyDose(d, unit);
  return r.read ? r.perDay : r.reason;
};

describe("dailyDose", () => {
  it("reads the dose times the administrations a day (repeat or timing code)", () => {
    expect(dailyDose([dose(40, "mg", daily)], "mg")).toEqual({
      read: true,
      perDay: 40,
      unit: "mg",
      text: "40 mg a day",
      timesPerDay: 1,
    });
    expect(perDay([dose(40, "mg", q12h)])).toBe(80);
    expect(
      perDay([dose(5000, "[iU]", { repeat: { frequency: 3, period: 1, periodUnit: "d" } })], "[iU]"),
    ).toBe(15000);
    expect(perDay([dose(2.5, "mg", { code: { coding: [{ code: "BID" }] } })])).toBe(5);
    expect(perDay([dose(10, "mg", { code: { text: "qd" } })])).toBe(10);
    // The most a day a range of frequencies allows.
    expect(
      perDay([dose(40, "mg", { repeat: { frequency: 1, frequencyMax: 2, period: 1, periodUnit: "d" } })]),
    ).toBe(80);
  });

  it("converts the unit through UCUM, and reads heparin units however they are spelled", () => {
    expect(perDay([dose(0.04, "g", daily)])).toBe(40);
    expect(perDay([dose(40000, "ug", daily)])).toBe(40);
    for (const unit of ["U", "IU", "[iU]", "units", "unit"])
      expect(perDay([dose(5000, unit, daily)], "[iU]")).toBe(5000);
    expect(perDay([dose(5000, "U", daily)], "mg")).toMatch(/not in mg/);
  });

  it("adds up instructions given together and takes the largest of successive ones", () => {
    expect(perDay([dose(40, "mg", daily), dose(20, "mg", daily)])).toBe(60);
    expect(
      perDay([
        dose(10, "mg", { code: { text: "BID" } }, { sequence: 1 }),
        dose(5, "mg", { code: { text: "BID" } }, { sequence: 2 }),
      ]),
    ).toBe(20);
  });

  it("counts the administrations a day: once daily against twice daily of the same daily amount", () => {
    const times = (d: unknown) => {
      const r = dailyDose(d, "mg");
      return r.read ? [r.perDay, r.timesPerDay] : r.reason;
    };
    expect(times([dose(220, "mg", daily)])).toEqual([220, 1]);
    expect(times([dose(110, "mg", q12h)])).toEqual([220, 2]);
    expect(times([dose(110, "mg", { code: { text: "BID" } })])).toEqual([220, 2]);
    // Two once-daily instructions given together are two administrations; successive sequences are not.
    expect(times([dose(110, "mg", daily), dose(110, "mg", daily)])).toEqual([220, 2]);
    expect(times([dose(110, "mg", daily, { sequence: 1 }), dose(220, "mg", daily, { sequence: 2 })])).toEqual(
      [220, 1],
    );
  });

  it("a dose given less than once a day counts whole on its day", () => {
    expect(perDay([dose(2.5, "mg", { repeat: { frequency: 1, period: 48, periodUnit: "h" } })])).toBe(2.5);
  });

  it("leaves the dose unread, with the reason, rather than guess", () => {
    expect(perDay(undefined)).toBe("the draft gives no dose");
    expect(perDay([])).toBe("the draft gives no dose");
    expect(perDay([{ text: "enoxaparin as directed" }])).toMatch(/\(no dose\)/);
    expect(perDay([dose(1, "mg/kg", q12h)])).toMatch(/a dose in mg\/kg, not in mg/);
    expect(perDay([dose(40, "mL", daily)])).toMatch(/not in mg/);
    expect(perDay([dose(40, "mg")])).toMatch(/\(no timing\)/);
    expect(perDay([dose(40, "mg", { repeat: { boundsPeriod: {} } })])).toMatch(/\(no frequency\)/);
    expect(perDay([{ doseAndRate: [{ doseQuantity: { value: 40 } }], timing: daily }])).toMatch(
      /without a unit/,
    );
    expect(
      perDay([{ doseAndRate: [{ rateQuantity: { value: 1000, unit: "U/h" } }], timing: daily }], "[iU]"),
    ).toMatch(/a rate, not a dose/);
    // One unreadable instruction leaves the whole dose unread.
    expect(perDay([dose(40, "mg", daily), dose(1, "mg/kg", daily)])).toMatch(/mg\/kg/);
  });
});

describe("doseQuantity and recordDose: the dose a medication record gives, kept on a context drug", () => {
  it("converts a mass to mg and international units to [iU]; another kind of unit is not read", () => {
    expect(doseQuantity({ value: 0.04, unit: "g" })).toEqual({ amount: 40, unit: "mg" });
    expect(doseQuantity({ value: 2500, unit: "ug" })).toEqual({ amount: 2.5, unit: "mg" });
    expect(doseQuantity({ value: 5000, unit: "IU" })).toEqual({ amount: 5000, unit: "[iU]" });
    expect(doseQuantity({ value: 1, unit: "mg/kg" })).toBeUndefined();
    expect(doseQuantity({ value: 0.4, unit: "mL" })).toBeUndefined();
    expect(doseQuantity({ value: 0, unit: "mg" })).toBeUndefined();
    expect(doseQuantity({ value: 40 })).toBeUndefined();
  });

  it("reads an administration's dosage.dose as one dose, with no day", () => {
    const given = { dosage: { dose: { value: 40, unit: "mg" } } };
    expect(recordDose("MedicationAdministration", given)).toEqual({ amount: 40, unit: "mg" });
    expect(recordDose("MedicationAdministration", {})).toBeUndefined();
  });

  it("reads an order's or statement's dose with its day, and gives none when the day cannot be read", () => {
    expect(recordDose("MedicationRequest", { dosageInstruction: [dose(40, "mg", q12h)] })).toEqual({
      amount: 40,
      unit: "mg",
      perDay: 80,
    });
    expect(recordDose("MedicationStatement", { dosage: [dose(2.5, "mg", daily)] })).toEqual({
      amount: 2.5,
      unit: "mg",
      perDay: 2.5,
    });
    // No frequency: a dose a day is never guessed, so the order gives no dose at all.
    expect(recordDose("MedicationRequest", { dosageInstruction: [dose(40, "mg")] })).toBeUndefined();
  });
});
