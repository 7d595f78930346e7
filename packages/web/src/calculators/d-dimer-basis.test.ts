import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { basisHelp, basisReadings, readingBasis } from "./d-dimer-basis.js";

const k = testKnowledge();
const labs = k.vocabulary;

describe("a D-dimer of unstated basis in the calculators, as the knowledge bundle reads it", () => {
  it("its bases are the FEU and DDU catalogue labs with their own upper limits; a lab that fixes its basis has none", () => {
    expect(basisReadings(labs, "d-dimer-unspecified").map((b) => [b.basis, b.lab.id, b.upper])).toEqual([
      ["FEU", "d-dimer-feu", 0.5],
      ["DDU", "d-dimer-ddu", 0.25],
    ]);
    expect(basisReadings(labs, "d-dimer-feu")).toEqual([]);
    expect(basisReadings(labs, "fdp")).toEqual([]);
    expect(basisHelp(labs, "fdp")).toBeUndefined();
  });

  it("the field's help names each basis's limit and how a value without one is read", () => {
    expect(basisHelp(labs, "d-dimer-unspecified")).toBe(
      "A unit in FEU is read as D-dimer (fibrinogen-equivalent units), upper limit 0.5 µg/mL FEU; in DDU as D-dimer (D-dimer units), upper limit 0.25 µg/mL DDU — FEU and DDU are never converted into each other. A value in µg/mL or another unit without a basis, and with no upper limit entered, is read against both limits: only the points both readings give are counted, otherwise the item stays open. An upper limit entered is the laboratory's own and is used instead.",
    );
  });

  it("a value without a basis: its multiple of each basis's limit", () => {
    const reading = { lab: "d-dimer-unspecified", value: 1, unit: "ug/mL" };
    expect(readingBasis(labs, "d-dimer-unspecified", reading, undefined)).toBe(
      "basis not stated: 2 × the FEU upper limit (0.5 µg/mL FEU), 4 × the DDU upper limit (0.25 µg/mL DDU); only the points both readings give are counted",
    );
    expect(readingBasis(labs, "d-dimer-unspecified", { ...reading, value: 5 }, undefined)).toMatch(
      /^basis not stated: 10 × the FEU upper limit \(0\.5 µg\/mL FEU\), 20 × the DDU/,
    );
    expect(readingBasis(labs, "d-dimer-unspecified", reading, "0.5 µg/mL")).toBe(
      "basis not stated, read against the upper limit entered (0.5 µg/mL)",
    );
  });

  it("a value whose unit names its basis: the lab it is read as and that lab's limit, or the one entered", () => {
    const feu = { lab: "d-dimer-feu", value: 1, unit: "ug/mL" };
    expect(readingBasis(labs, "d-dimer-unspecified", feu, undefined)).toBe(
      "read as D-dimer (fibrinogen-equivalent units), upper limit 0.5 µg/mL FEU",
    );
    expect(readingBasis(labs, "d-dimer-unspecified", { ...feu, lab: "d-dimer-ddu" }, undefined)).toBe(
      "read as D-dimer (D-dimer units), upper limit 0.25 µg/mL DDU",
    );
    expect(readingBasis(labs, "d-dimer-unspecified", feu, "0.4 µg/mL FEU")).toBe(
      "read as D-dimer (fibrinogen-equivalent units) against the upper limit entered (0.4 µg/mL FEU)",
    );
    // Any other field says nothing of a basis.
    expect(readingBasis(labs, "fdp", { lab: "fdp", value: 12, unit: "ug/mL" }, undefined)).toBeUndefined();
  });
});
