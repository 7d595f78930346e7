import { describe, expect, it } from "vitest";
import { bedsideSchwartz, ckdEpi2021, cockcroftGault } from "./clearance.js";

// Cockcroft and Gault 1976 (abstract): (140 − age) × weight (kg) / (72 × serum creatinine, mg/dL), 15 % less in
// females. Values are worked by hand.
describe("Cockcroft–Gault creatinine clearance", () => {
  it.each([
    { age: 60, sex: "male", weightKg: 54, creatinineMgDl: 2, value: 30 },
    { age: 60, sex: "male", weightKg: 60, creatinineMgDl: 2, value: 33.333 },
    { age: 60, sex: "female", weightKg: 60, creatinineMgDl: 2, value: 28.333 },
    { age: 40, sex: "female", weightKg: 72, creatinineMgDl: 1, value: 85 },
    { age: 18, sex: "male", weightKg: 40, creatinineMgDl: 2, value: 33.889 },
  ] as const)("$sex of $age, $weightKg kg, creatinine $creatinineMgDl mg/dL → $value mL/min", (c) => {
    expect(cockcroftGault(c, 18).value).toBeCloseTo(c.value, 3);
  });

  it("names every missing input, an age below the adult bound among them", () => {
    expect(cockcroftGault({ age: 17, sex: "male", weightKg: 40, creatinineMgDl: 2 }, 18)).toEqual({
      missing: ["age"],
    });
    expect(cockcroftGault({ sex: "unknown", creatinineMgDl: 2 }, 18)).toEqual({
      missing: ["age", "sex", "weight"],
    });
    expect(cockcroftGault({ age: 60, sex: "other", weightKg: 70 }, 18)).toEqual({
      missing: ["sex", "creatinine"],
    });
  });

  it("computes nothing from a creatinine or weight of zero (no division by zero, no infinite clearance)", () => {
    expect(cockcroftGault({ age: 60, sex: "male", weightKg: 70, creatinineMgDl: 0 }, 18).missing).toEqual([
      "creatinine",
    ]);
    expect(cockcroftGault({ age: 60, sex: "male", weightKg: 0, creatinineMgDl: 1 }, 18).missing).toEqual([
      "weight",
    ]);
  });
});

describe("CKD-EPI 2021 eGFR", () => {
  it.each([
    // The NKF's equation by hand: 142 × 1.2857^−1.2 × 0.9938^55 × 1.012 (a woman of 55, creatinine 0.9).
    { age: 55, sex: "female", creatinineMgDl: 0.9, value: 75.5 },
    // Below κ the α branch: 142 × 0.7143^−0.241 × 0.9938^40 × 1.012.
    { age: 40, sex: "female", creatinineMgDl: 0.5, value: 121.6 },
    { age: 70, sex: "male", creatinineMgDl: 3.5, value: 18.0 },
    { age: 70, sex: "male", creatinineMgDl: 2.4, value: 28.3 },
    { age: 70, sex: "male", creatinineMgDl: 2.2, value: 31.4 },
  ] as const)("$sex of $age, creatinine $creatinineMgDl mg/dL → $value mL/min/1.73 m²", (c) => {
    expect(ckdEpi2021(c, 18)).toBeCloseTo(c.value, 0);
  });

  it("computes nothing for a child, without a recorded sex or from a creatinine of zero", () => {
    expect(ckdEpi2021({ age: 17, sex: "male", creatinineMgDl: 2 }, 18)).toBeUndefined();
    expect(ckdEpi2021({ age: 60, sex: "unknown", creatinineMgDl: 2 }, 18)).toBeUndefined();
    expect(ckdEpi2021({ age: 60, sex: "male", creatinineMgDl: 0 }, 18)).toBeUndefined();
  });
});

// Schwartz 2009 (CKiD, abstract): bedside eGFR = 0.413 × height (cm) / serum creatinine (mg/dL). Values by hand.
describe("bedside Schwartz eGFR of a child", () => {
  it.each([
    { age: 10, heightCm: 138, creatinineMgDl: 0.9, value: 63.33 },
    { age: 16, heightCm: 162, creatinineMgDl: 2.4, value: 27.88 },
    { age: 1, heightCm: 75, creatinineMgDl: 0.3, value: 103.25 },
    { age: 17, heightCm: 121, creatinineMgDl: 1, value: 49.973 },
  ] as const)(
    "age $age, height $heightCm cm, creatinine $creatinineMgDl mg/dL → $value mL/min/1.73 m²",
    (c) => {
      expect(bedsideSchwartz(c, 1, 18)).toBeCloseTo(c.value, 2);
    },
  );

  it("computes nothing outside 1 to 17 years, without a height, or from a creatinine of zero", () => {
    expect(bedsideSchwartz({ age: 0, heightCm: 70, creatinineMgDl: 0.3 }, 1, 18)).toBeUndefined();
    expect(bedsideSchwartz({ age: 18, heightCm: 170, creatinineMgDl: 1 }, 1, 18)).toBeUndefined();
    expect(bedsideSchwartz({ heightCm: 140, creatinineMgDl: 1 }, 1, 18)).toBeUndefined();
    expect(bedsideSchwartz({ age: 10, creatinineMgDl: 1 }, 1, 18)).toBeUndefined();
    expect(bedsideSchwartz({ age: 10, heightCm: 140, creatinineMgDl: 0 }, 1, 18)).toBeUndefined();
  });
});
