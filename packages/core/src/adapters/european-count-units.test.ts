/**
 * Cell counts in the unit spellings European laboratories send: giga- and tera-particles per litre ("Gpt/l",
 * "Tpt/l"), giga per litre ("G/L"), per nanolitre ("/nL", UCUM: 1/nL = 10^9/L), the powers written with a
 * caret or an asterisk, and the US "K/uL" and "thou/uL". Each is read as the same count through the unit
 * converter, the CSV path and the FHIR path; a count unit sent for a mass concentration is refused with its
 * reason, never read as grams.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../test/support/test-vocabulary.js";
import { loadLabCatalogue, loadUnitSpellings } from "../../../knowledge/src/sources.js";
import { ingestCsv } from "./csv/ingest.js";
import { ingestFhir } from "./fhir/ingest.js";
import { type ConvertibleLab, createUnitConverter } from "./units.js";

const catalogue = loadLabCatalogue();
const { convert } = createUnitConverter(loadUnitSpellings());
const lab = (id: string): ConvertibleLab => {
  const l = catalogue.byId.get(id);
  if (!l) throw new Error(id);
  return l;
};

/** Spellings of 10^9 per litre (= 10^3 per µL): a count so written is the count in 10^9/L. */
const GIGA_PER_LITRE = [
  "Gpt/L",
  "Gpt/l",
  "GPT/L",
  "gpt/l",
  "G/L",
  "G/l",
  "/nL",
  "/nl",
  "x10*9/L",
  "10^9/l",
  "10*9/l",
  "10E9/L",
  "K/uL",
  "K/µL",
  "thou/uL",
  "10^3/µL",
  "1000/µL",
  "10^3/mm^3",
  "1000/mm^3",
  "K/mm^3",
];
const COUNTS = ["platelets", "wbc", "anc", "lymphocytes", "reticulocytes-abs"];

describe("count units of European and US laboratories", () => {
  it("reads every spelling of 10^9/L as the same count, for every count lab (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...GIGA_PER_LITRE),
        fc.constantFrom(...COUNTS),
        fc.integer({ min: 0, max: 20_000 }).map((n) => n / 10),
        (unit, id, value) => {
          const c = convert(value, unit, lab(id));
          expect(c, `${value} ${unit} ${id}`).toEqual({ ok: true, value, unit: "10*9/L" });
        },
      ),
    );
  });

  it("reads tera-particles per litre as 10^12/L (a thousand times 10^9/L) and cells per mm³ or per litre by their volume", () => {
    expect(convert(0.15, "Tpt/L", lab("platelets"))).toEqual({ ok: true, value: 150, unit: "10*9/L" });
    expect(convert(0.15, "Tpt/l", lab("platelets"))).toEqual({ ok: true, value: 150, unit: "10*9/L" });
    expect(convert(150_000, "cells/mm^3", lab("platelets"))).toEqual({
      ok: true,
      value: 150,
      unit: "10*9/L",
    });
    expect(convert(150e9, "cells/L", lab("platelets"))).toEqual({ ok: true, value: 150, unit: "10*9/L" });
  });

  it("refuses a count unit for haemoglobin or fibrinogen with the reason (a Gpt/L is no gram per litre)", () => {
    for (const unit of ["Gpt/L", "gpt/l", "/nL", "Tpt/L"]) {
      for (const id of ["hemoglobin", "fibrinogen"]) {
        const c = convert(1.5, unit, lab(id));
        expect(c.ok, `${unit} ${id}`).toBe(false);
        if (!c.ok) expect(c.reason).toMatch(/cannot express/);
      }
    }
  });
});

describe("the same spellings through the CSV and FHIR paths", () => {
  const evaluatedAt = "2026-12-01T00:00:00Z";

  it("CSV: a platelet count of 12 in each spelling is read as 12 ×10⁹/L, with nothing rejected", () => {
    const rows = GIGA_PER_LITRE.map(
      (u, i) => `p1,lab,2026-03-${String(i + 1).padStart(2, "0")},loinc,777-3,12,${u},,`,
    );
    const r = ingestCsv(
      ["patient_id,record_type,date,code_system,code,value,unit,ref_low,ref_high", ...rows].join("\n"),
      {
        vocabulary,
        evaluatedAt,
        file: "site.csv",
      },
    );
    const p = r.patients[0];
    expect(r.inputErrors).toEqual([]);
    expect(p?.rejected).toEqual([]);
    expect(p?.labs.map((l) => [l.lab, l.value, l.unit])).toEqual(
      GIGA_PER_LITRE.map(() => ["platelets", 12, "10*9/L"]),
    );
  });

  it('CSV: the unit written in the value cell ("12 Gpt/l") is read as a unit column would be', () => {
    const r = ingestCsv(
      "patient_id,record_type,date,code_system,code,value,unit\np1,lab,2026-03-04,loinc,777-3,12 Gpt/l,\n",
      {
        vocabulary,
        evaluatedAt,
        file: "site.csv",
      },
    );
    expect(r.patients[0]?.labs.map((l) => [l.lab, l.value])).toEqual([["platelets", 12]]);
  });

  it("FHIR: valueQuantity with only the printed unit (no UCUM code), and a valueString with the unit", () => {
    const obs = (id: string, value: Record<string, unknown>, code = "777-3") => ({
      resourceType: "Observation",
      id,
      status: "final",
      code: { coding: [{ system: "http://loinc.org", code }] },
      subject: { reference: "Patient/p1" },
      effectiveDateTime: `2024-03-0${id.length}T08:00:00Z`,
      ...value,
    });
    const r = ingestFhir(
      {
        resourceType: "Bundle",
        type: "collection",
        entry: [
          { resourceType: "Patient", id: "p1" },
          obs("a", { valueQuantity: { value: 12, unit: "Gpt/l" } }),
          obs("bb", { valueQuantity: { value: 3.1, unit: "/nL" } }, "6690-2"),
          obs("ccc", { valueString: "0.9 Gpt/L" }, "751-8"),
        ].map((resource) => ({ resource })),
      },
      { vocabulary, evaluatedAt, file: "lab.json" },
    );
    const p = r.patients[0];
    expect(p?.rejected).toEqual([]);
    expect(p?.labs.map((l) => [l.lab, l.value, l.unit])).toEqual([
      ["platelets", 12, "10*9/L"],
      ["wbc", 3.1, "10*9/L"],
      ["anc", 0.9, "10*9/L"],
    ]);
  });
});
