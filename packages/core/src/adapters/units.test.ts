import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { knowledgeDir } from "../../../knowledge/src/read.js";
import { loadLabCatalogue, loadUnitSpellings } from "../../../knowledge/src/sources.js";
import { type ConvertibleLab, createUnitConverter, unitDisagreement } from "./units.js";

const catalogue = loadLabCatalogue();
const shipped = createUnitConverter(loadUnitSpellings());
const convert = shipped.convert;
const lab = (id: string): ConvertibleLab => {
  const l = catalogue.byId.get(id);
  if (!l) throw new Error(id);
  return l;
};
const ok = (v: number, u: string | undefined, id: string) => {
  const c = convert(v, u, lab(id));
  if (!c.ok) throw new Error(c.reason);
  return c.value;
};
const reason = (v: number, u: string | undefined, id: string) => {
  const c = convert(v, u, lab(id));
  if (c.ok) throw new Error(`converted to ${c.value}`);
  return c.reason;
};
const spellings = (
  parse(readFileSync(join(knowledgeDir(), "unit-spellings.yaml"), "utf8")) as {
    spellings: { sent: string; ucum: string }[];
  }
).spellings;

describe("convert: cell counts", () => {
  it.each([
    [150, "10*9/L"],
    [150, "10^9/L"],
    [150, "x10E3/uL"],
    [150, "K/uL"],
    [150, "K/µL"],
    [150, "thou/uL"],
    [150000, "/mm3"],
    [150000, "cells/uL"],
    [150, "G/L"],
    [15, "×10⁴/μL"],
    [15, "x10^4/uL"],
    [150, "x 10³/µL"],
    [150, "×10⁹/L"],
    [150000, "/mm³"],
  ])("%d %s is 150 ×10⁹/L platelets", (v, u) => {
    expect(ok(v, u, "platelets")).toBe(150);
  });

  it("keeps CTCAE cut-offs exact: 75 ×10³/µL stays 75 (no 74.99999 from a float factor)", () => {
    expect(ok(75, "10*3/uL", "platelets")).toBe(75);
    expect(ok(0.5, "10*3/uL", "anc")).toBe(0.5);
  });
});

describe("convert: mass, substance and activity", () => {
  it("converts hemoglobin g/L and mmol/L (CTCAE v5: 10.0 g/dL ≈ 6.2 mmol/L ≈ 100 g/L)", () => {
    expect(ok(100, "g/L", "hemoglobin")).toBe(10);
    expect(ok(6.2, "mmol/L", "hemoglobin")).toBeCloseTo(10, 1);
    expect(ok(4.9, "mmol/L", "hemoglobin")).toBeCloseTo(7.9, 1);
  });

  it("converts creatinine and bilirubin from µmol/L with the conventional factors 88.4 and 17.1", () => {
    expect(ok(88.4, "µmol/L", "creatinine")).toBeCloseTo(1, 3);
    expect(ok(17.1, "umol/l", "bilirubin-total")).toBeCloseTo(1, 3);
  });

  it("converts fibrinogen mg/dL to g/L and times in minutes to seconds", () => {
    expect(ok(150, "mg/dL", "fibrinogen")).toBe(1.5);
    expect(ok(0.5, "min", "aptt")).toBe(30);
    expect(ok(31, "secs", "aptt")).toBe(31);
  });

  it("reads IU/dL as % only for the activities the catalogue says so, and enzyme IU/L as U/L", () => {
    expect(ok(5, "IU/dL", "adamts13-activity")).toBe(5);
    expect(ok(0.5, "IU/mL", "fviii-activity")).toBe(50);
    expect(ok(250, "IU/L", "ldh")).toBe(250);
    expect(reason(5, "IU/dL", "haptoglobin")).toMatch(/arbitrary unit/);
  });

  it("reads Bethesda titres written as BU, BU/mL or Bethesda units", () => {
    for (const u of ["BU", "BU/mL", "Bethesda units", "[beth'U]/mL"])
      expect(ok(12, u, "fviii-inhibitor")).toBe(12);
  });

  it("accepts a unitless INR and rejects a percentage (a Quick value) as INR or PT ratio", () => {
    expect(ok(1.3, undefined, "inr")).toBe(1.3);
    expect(ok(1.3, "", "inr")).toBe(1.3);
    expect(reason(85, "%", "inr")).toMatch(/Quick/);
    expect(reason(85, "%", "pt-ratio")).toMatch(/Quick/);
  });
});

describe("convert: body temperature", () => {
  it("converts Fahrenheit to Celsius with the scale's offset (HScore cut-offs 38.4 and 39.4 C)", () => {
    expect(ok(38.4, "Cel", "body-temperature")).toBe(38.4);
    expect(ok(101.12, "[degF]", "body-temperature")).toBeCloseTo(38.4, 6);
    expect(ok(102.92, "[degF]", "body-temperature")).toBeCloseTo(39.4, 6);
    expect(ok(98.6, "[degF]", "body-temperature")).toBeCloseTo(37, 6);
  });
  it("still refuses an offset scale for any lab not measured in degrees Celsius", () => {
    expect(reason(100, "[degF]", "platelets")).toMatch(/offset scale|cannot express/);
    expect(reason(37, "Cel", "aptt")).toMatch(/cannot express/);
  });

  it("converts fibrinogen in µmol/L with the cited molar mass of the hexamer (340 kDa: 1 µmol/L is 0.34 g/L)", () => {
    // 5.0 µmol/L is 1.7 g/L, the lower reference limit; 2.94 µmol/L is 1.0 g/L, the ISTH overt DIC cut-off.
    expect(ok(5, "umol/L", "fibrinogen")).toBeCloseTo(1.7, 9);
    expect(ok(5, "µmol/L", "fibrinogen")).toBeCloseTo(1.7, 9);
    expect(ok(0.005, "mmol/L", "fibrinogen")).toBeCloseTo(1.7, 9);
    expect(ok(2.94, "umol/L", "fibrinogen")).toBeCloseTo(0.9996, 9);
    expect(ok(2.95, "umol/L", "fibrinogen")).toBeCloseTo(1.003, 9);
  });
  it("still refuses a molar unit for a lab whose molar mass the knowledge does not hold, saying so", () => {
    expect(reason(3, "umol/L", "ferritin")).toBe(
      `unit "umol/L" is molar and Ferritin has no molecular weight to convert it to ${lab("ferritin").unit}`,
    );
  });
});

describe("convert: D-dimer basis", () => {
  it("converts within one basis and never across FEU and DDU", () => {
    expect(ok(500, "ng/mL FEU", "d-dimer-feu")).toBe(0.5);
    expect(ok(0.5, "mg/L FEU", "d-dimer-feu")).toBe(0.5);
    expect(ok(250, "ng/mL DDU", "d-dimer-ddu")).toBe(0.25);
    expect(reason(250, "ng/mL DDU", "d-dimer-feu")).toMatch(/DDU ≈ FEU\/2/);
    expect(reason(0.5, "ug/mL FEU", "d-dimer-ddu")).toMatch(/never converted/);
  });

  it("reports the basis a unit names for a basis-unknown D-dimer code", () => {
    const c = convert(700, "ng/mL FEU", lab("d-dimer-unspecified"));
    expect(c).toEqual({ ok: true, value: 0.7, unit: "ug/mL", basis: "FEU" });
    expect(convert(0.7, "ug/mL", lab("d-dimer-unspecified"))).toEqual({
      ok: true,
      value: 0.7,
      unit: "ug/mL",
    });
  });
});

describe("convert: specific rejections", () => {
  it("names a missing unit, an unknown spelling, a wrong dimension and a molar unit without molecular weight", () => {
    expect(reason(12, undefined, "platelets")).toMatch(/^unit missing/);
    expect(reason(12, "bananas/L", "platelets")).toMatch(/neither UCUM nor a known lab spelling/);
    expect(reason(10, "g/dL", "platelets")).toMatch(
      /cannot express Platelet count, which is measured in 10\*9\/L/,
    );
    expect(reason(3, "mmol/L", "ferritin")).toMatch(/molar and Ferritin has no molecular weight/);
    expect(reason(37, "Cel", "aptt")).toMatch(/cannot express/);
  });

  it("rejects a value that is not finite", () => {
    expect(reason(Number.NaN, "10*9/L", "platelets")).toMatch(/not a finite number/);
  });
});

describe("convert: properties", () => {
  const hemoglobin = lab("hemoglobin");

  it("round-trips hemoglobin g/dL ↔ g/L ↔ mmol/L", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 25, noNaN: true }), (gdl) => {
        const viaGl = convert(gdl * 10, "g/L", hemoglobin);
        const viaMmol = convert(gdl / 1.61145, "mmol/L", hemoglobin);
        return (
          viaGl.ok && viaMmol.ok && Math.abs(viaGl.value - gdl) < 1e-9 && Math.abs(viaMmol.value - gdl) < 1e-9
        );
      }),
    );
  });

  it("reads fibrinogen in µmol/L and in g/L alike: a value in µmol/L is 0.34 times it in g/L", () => {
    const fibrinogen = lab("fibrinogen");
    fc.assert(
      fc.property(fc.double({ min: 0, max: 58, noNaN: true }), (umol) => {
        const molar = convert(umol, "umol/L", fibrinogen);
        const mass = convert(umol * 0.34, "g/L", fibrinogen);
        if (!molar.ok || !mass.ok) return false;
        return Math.abs(molar.value - mass.value) <= 1e-9 * Math.max(1, mass.value);
      }),
    );
  });

  it("converts every spelling in the table to the same value as its UCUM target", () => {
    const targets = catalogue.labs.filter((l) => l.kind === "quantity");
    for (const { sent, ucum } of spellings) {
      const fits = targets.find((l) => convert(1, ucum, l).ok);
      if (!fits) continue;
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1e4, noNaN: true }), (v) => {
          const a = convert(v, sent, fits);
          const b = convert(v, ucum, fits);
          return a.ok && b.ok && a.value === b.value;
        }),
        { numRuns: 20 },
      );
    }
  });

  it("reads a power of ten however it is printed: x, ×, ^, *, E, (n), leading zero, spaces, the word cells", () => {
    const printings = fc.record({
      times: fc.constantFrom("", "x", "X", "×", "x ", "× "),
      power: fc.constantFrom("^3", "*3", "E3", "e3", "E03", "(3)", "³"),
      cells: fc.constantFrom("", " cells", "cells"),
      per: fc.constantFrom("/uL", "/µL", "/μL", "/ul", " / uL"),
      value: fc.integer({ min: 0, max: 5000 }),
    });
    fc.assert(
      fc.property(printings, ({ times, power, cells, per, value }) => {
        const c = convert(value, `${times}10${power}${cells}${per}`, lab("platelets"));
        return c.ok && c.value === value;
      }),
    );
  });

  it("reads the UCUM display names of the count units (HL7 mCODE) and THOUS/MCL as their codes, whatever the value; Gpt/L (UnitsLab's count units) as 10^9/L", () => {
    const named = fc.constantFrom(
      ["Thousand per microliter", 1],
      ["Thousand/uL", 1],
      ["thousand/µL", 1],
      ["THOUS/MCL", 1],
      ["Thousand per cubic millimeter", 1],
      ["Billion per liter", 1],
    );
    fc.assert(
      fc.property(named, fc.integer({ min: 0, max: 5000 }), ([u], value) => {
        const c = convert(value, u, lab("platelets"));
        return c.ok && c.value === value;
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom("Gpt/L", "Gpt/l", "GPT/L"),
        fc.integer({ min: 0, max: 5000 }),
        (u, value) => {
          const c = convert(value, u, lab("platelets"));
          return c.ok && c.value === value;
        },
      ),
    );
  });

  it("still rejects printings that do not say which power is meant (x10-3/uL, x109/L, 10x9/L)", () => {
    for (const u of ["x10-3/uL", "x109/L", "10x9/L", "x10.9/L", "10 9 8/L"])
      expect(reason(35, u, "platelets")).toContain("neither UCUM nor a known lab spelling");
  });

  it("reads 10 9/L as 10⁹/L: the superscript flattened to a space when a report is copied as text", () => {
    // A space between 10 and the exponent leaves one reading (no count is reported per ninety litres);
    // x109/L, where the two run together, stays refused above (109 per litre, or 10⁹?).
    const units = createUnitConverter(loadUnitSpellings());
    for (const u of ["10 9/L", "x10 9/L", "x 10 9/L"])
      expect(units.convert(35, u, lab("platelets"))).toMatchObject({ ok: true, value: 35 });
    expect(units.convert(35, "10 3/uL", lab("platelets"))).toMatchObject({ ok: true, value: 35 });
  });

  it("rejects a bare number as a unit, and a value that overflows once converted", () => {
    const units = createUnitConverter(loadUnitSpellings());
    const antithrombin = lab("antithrombin");
    for (const u of ["0", "10", "0.5"])
      expect(units.convert(5, u, antithrombin)).toEqual({
        ok: false,
        reason: `unit "${u}" is a bare number, not a unit`,
      });
    const big = units.convert(1e307, "[IU]/mL", antithrombin);
    expect(big.ok).toBe(false);
    expect(big.ok ? "" : big.reason).toMatch(/out of range once converted/);
    expect(units.convert(1.2, "1", lab("inr"))).toMatchObject({ ok: true, value: 1.2 });
  });

  it("never throws, whatever the unit text and value", () => {
    const units = createUnitConverter(loadUnitSpellings());
    fc.assert(
      fc.property(fc.string(), fc.double(), fc.constantFrom(...catalogue.labs), (unit, value, l) => {
        const c = units.convert(value, unit, l);
        return c.ok ? Number.isFinite(c.value) : c.reason.length > 0;
      }),
      { numRuns: 500 },
    );
  });

  it("is linear in the value (a cached factor gives the same result as a fresh converter)", () => {
    const fresh = () => createUnitConverter(loadUnitSpellings());
    const cached = fresh();
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.constantFrom("K/uL", "/mm3", "G/L"),
        (v, u) => {
          const a = cached.convert(v, u, lab("platelets"));
          const b = fresh().convert(v, u, lab("platelets"));
          return a.ok && b.ok && a.value === b.value;
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("unitDisagreement (printed unit against coded unit)", () => {
  const PLATELET_UNITS = ["10*9/L", "10*3/uL", "K/uL", "x10E3/uL", "/L", "10*6/uL", "/uL", "10*12/L"];
  it("says the pair disagrees exactly when both convert with different factors, and never throws", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PLATELET_UNITS),
        fc.oneof(fc.constantFrom(...PLATELET_UNITS), fc.string({ maxLength: 12 })),
        (printed, coded) => {
          const why = unitDisagreement(printed, coded, lab("platelets"), shipped);
          const a = convert(1, printed, lab("platelets"));
          const b = convert(1, coded, lab("platelets"));
          const differ = a.ok && b.ok && Math.abs(a.value - b.value) > 1e-9 * Math.max(a.value, b.value);
          expect(why !== undefined).toBe(differ);
          expect(unitDisagreement(coded, printed, lab("platelets"), shipped) !== undefined).toBe(differ);
        },
      ),
    );
  });

  it("is silent when either unit is missing or they are the same text", () => {
    expect(unitDisagreement(undefined, "g/L", lab("hemoglobin"), shipped)).toBeUndefined();
    expect(unitDisagreement("g/dL", undefined, lab("hemoglobin"), shipped)).toBeUndefined();
    expect(unitDisagreement(" g/dL", "g/dL", lab("hemoglobin"), shipped)).toBeUndefined();
    expect(unitDisagreement("mmol/L", "g/dL", lab("hemoglobin"), shipped)).toMatch(/disagree/);
  });
});

describe("convert: a leading factor that is no power of ten", () => {
  it("refuses a UCUM count unit whose leading factor is no power of ten, naming it", () => {
    expect(reason(240, "10.3/uL", "platelets")).toMatch(/factor of 30, which is no power of ten/);
    expect(reason(240, "103/mm3", "platelets")).toMatch(/factor of 103/);
    expect(reason(8, "2/uL", "anc")).toMatch(/factor of 2/);
  });
  it("reads a power of ten as one, and the flattened 10³/µL the spelling table names", () => {
    expect(ok(24, "10/uL", "platelets")).toBe(0.24);
    expect(ok(240, "1/uL", "platelets") * 1000).toBeCloseTo(0.24 * 1000, 6);
    expect(ok(240, "103/uL", "platelets")).toBe(240);
    expect(ok(240, "X103/UL", "platelets")).toBe(240);
  });
});
