/**
 * Thousands separators as laboratories print them (docs/csv-format.md, "Numbers and dates"): a US report's
 * `150,000 /µL` platelets or `1,250,000`, a German report's `150.000/µl`, a European decimal comma `1,5`.
 * What can only be a thousands separator is read; what could be either (`1,500 mg/dL`: 1500 or 1.5?) is
 * rejected naming both readings; nothing is guessed. Both value readers (the CSV value cell and a FHIR
 * valueString through the core) are tested.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogueLab, labReadContext, testVocabulary } from "../../../../test/support/test-vocabulary.js";
import { ingestCsv } from "./csv/ingest.js";
import { asCount, parseNumberText, type RawLab, readLabValue, readSeparators } from "./lab-result.js";
import type { ConvertibleLab } from "./units.js";

const ctx = labReadContext;
const lab = catalogueLab;
const H = "patient_id,record_type,date,code_system,code,value,unit,ref_low,ref_high";
const csv = (rows: readonly string[], decimalComma = false) => {
  const text = decimalComma ? [H.replaceAll(",", ";"), ...rows].join("\n") : [H, ...rows].join("\n");
  const p = ingestCsv(text, {
    vocabulary: testVocabulary,
    evaluatedAt: "2026-12-01T00:00:00Z",
    file: "site.csv",
  }).patients[0];
  return {
    labs: p?.labs.map((l) => [l.ref, l.lab, l.value, l.refLow, l.refHigh]) ?? [],
    rejected: p?.rejected.map((x) => [x.ref, x.code, x.field, x.reason]) ?? [],
  };
};
const fhirText = (id: string, text: string) => {
  const raw: RawLab = {
    ref: "Observation/x",
    lab: lab(id),
    loinc: lab(id).loinc[0] ?? "",
    at: "2026-03-01",
    value: { text },
  };
  return readLabValue(raw, ctx);
};

describe("readSeparators", () => {
  it.each([
    ["1,250,000", false, { literal: "1250000" }], // several groups: only thousands
    ["1.250.000", false, { literal: "1250000" }],
    ["1,250,000", true, { literal: "1250000" }],
    ["1,250.5", false, { literal: "1250.5" }], // groups, then the other mark: thousands, then decimals
    ["1.250,5", true, { literal: "1250.5" }],
    ["12,345,678.25", false, { literal: "12345678.25" }],
    ["1.500", false, { literal: "1.500", grouped: 1500 }], // the decimal point, 1500 kept for a count per µL
    ["0,500", false, { literal: "0.500" }], // a leading zero is no group
    ["1,5", false, { literal: "1.5" }],
  ] as const)("reads %s (decimal comma file: %s)", (text, decimalComma, expected) => {
    expect(readSeparators(text, decimalComma)).toEqual(expected);
  });

  it.each([
    ["1,500", false, "could be 1500 (a thousands separator) or 1.500 (a decimal comma)"],
    ["-1,500", false, "could be -1500 (a thousands separator) or -1.500 (a decimal comma)"],
    ["1.500", true, "could be 1500 (a thousands separator) or 1.500 (a decimal point)"],
  ] as const)("names %s ambiguous (decimal comma file: %s)", (text, decimalComma, why) => {
    const r = readSeparators(text, decimalComma);
    expect("ambiguous" in r && r.ambiguous).toContain(why);
  });

  it("does not read a group that is not three digits, or the same mark again before decimals", () => {
    for (const text of ["1,250,5", "1.250.5", "1,25,000"])
      expect(parseNumberText(text), text).toBeUndefined();
  });
});

describe("a count per µL written with a thousands separator (CSV value cell)", () => {
  it("reads the US platelet count 150,000 /µL, /mm3, cells/uL, in the unit column or the cell", () => {
    const { labs, rejected } = csv([
      'p1,lab,2026-03-01,lab,platelets,"150,000",/uL,,',
      'p1,lab,2026-03-02,lab,platelets,"45,000/mm3",,,',
      'p1,lab,2026-03-03,lab,platelets,"8,000 cells/uL",,,',
      'p1,lab,2026-03-04,lab,anc,"1,500",/µL,,',
      'p1,lab,2026-03-05,lab,platelets,"1,250,000",/uL,,', // several groups: read in any unit
    ]);
    expect(rejected).toEqual([]);
    expect(labs).toEqual([
      ["site.csv:2", "platelets", 150, undefined, undefined],
      ["site.csv:3", "platelets", 45, undefined, undefined],
      ["site.csv:4", "platelets", 8, undefined, undefined],
      ["site.csv:5", "anc", 1.5, undefined, undefined],
      ["site.csv:6", "platelets", 1250, undefined, undefined],
    ]);
  });

  it("reads a German 150.000/µl as 150 ×10⁹/L, never as 0.15 (a false grade 4 thrombocytopenia)", () => {
    const { labs } = csv([
      "p1,lab,2026-03-01,lab,platelets,150.000,/µl,,",
      "p1,lab,2026-03-02,lab,platelets,1.500,/uL,,",
    ]);
    expect(labs).toEqual([
      ["site.csv:2", "platelets", 150, undefined, undefined],
      ["site.csv:3", "platelets", 1.5, undefined, undefined],
    ]);
    const semicolon = csv(["p1;lab;2026-03-01;lab;platelets;150.000;/µl;;"], true);
    expect(semicolon.labs).toEqual([["site.csv:2", "platelets", 150, undefined, undefined]]);
  });

  it("reads the reference range in the same count unit", () => {
    const { labs } = csv(['p1,lab,2026-03-01,lab,platelets,"95,000",/uL,"150,000","400,000"']);
    expect(labs).toEqual([["site.csv:2", "platelets", 95, 150, 400]]);
  });

  it("rejects one group outside a count per µL, naming both readings: 1,500 mg/dL, 1,250 ng/mL, 150,000 K/µL", () => {
    const { labs, rejected } = csv([
      'p1,lab,2026-03-01,lab,fibrinogen,"1,500",mg/dL,,',
      'p1,lab,2026-03-02,lab,ferritin,"1,250",ng/mL,,',
      'p1,lab,2026-03-03,lab,platelets,"150,000",K/uL,,', // 150 000 thousand per µL, or 150.000 thousand
      'p1,lab,2026-03-04,lab,platelets,"95,000",/uL,"150,000","400,000"', // read
      'p1,lab,2026-03-05,lab,platelets,95,10*9/L,"1,500",400', // a range limit in a unit that is no count per µL
    ]);
    expect(labs).toEqual([["site.csv:5", "platelets", 95, 150, 400]]);
    expect(rejected).toEqual([
      [
        "site.csv:2",
        "invalid-value",
        "value",
        'Fibrinogen value "1,500" could be 1500 (a thousands separator) or 1.500 (a decimal comma); write it without a thousands separator',
      ],
      [
        "site.csv:3",
        "invalid-value",
        "value",
        'Ferritin value "1,250" could be 1250 (a thousands separator) or 1.250 (a decimal comma); write it without a thousands separator',
      ],
      [
        "site.csv:4",
        "invalid-value",
        "value",
        'Platelet count value "150,000" could be 150000 (a thousands separator) or 150.000 (a decimal comma); write it without a thousands separator',
      ],
      [
        "site.csv:6",
        "invalid-value",
        "ref_low",
        'ref_low "1,500" could be 1500 (a thousands separator) or 1.500 (a decimal comma); write it without a thousands separator',
      ],
    ]);
  });

  it("reads groups with decimals after them: 1,250.5 mg/dL fibrinogen is 12.505 g/L", () => {
    const { labs } = csv(['p1,lab,2026-03-01,lab,fibrinogen,"1,250.5",mg/dL,,']);
    expect(labs).toEqual([["site.csv:2", "fibrinogen", 12.505, undefined, undefined]]);
  });
});

describe("the same rule on a FHIR valueString (the core's text reader)", () => {
  it("reads 150,000 /uL and 1,250,000 /uL; rejects 1,500 mg/dL by name", () => {
    const a = fhirText("platelets", "150,000 /uL");
    expect(a.ok && a.result.value).toBe(150);
    const b = fhirText("platelets", "1,250,000 /uL");
    expect(b.ok && b.result.value).toBe(1250);
    // As the cohort sends an OMOP value_source_value with its row's unit (cohort records.ts printedValue).
    const mm3 = fhirText("platelets", "150,000 /mm3");
    expect(mm3.ok && mm3.result.value).toBe(150);
    const scaled = fhirText("platelets", "1,500 10*9/L");
    expect(scaled.ok ? undefined : scaled.rejection.reason).toContain(
      "could be 1500 (a thousands separator)",
    );
    const c = fhirText("fibrinogen", "1,500 mg/dL");
    expect(c.ok ? undefined : c.rejection.reason).toContain("could be 1500 (a thousands separator) or 1.500");
  });
});

describe("properties", () => {
  /** `n` with a comma (or `mark`) between groups of three digits, as a US (German) report prints it. */
  const grouped = (n: number, mark: string) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, mark);
  const platelets = lab("platelets") as unknown as ConvertibleLab;

  it("a count per µL printed with thousands separators reads as the count, in either kind of file", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 4_999_999 }),
        fc.constantFrom(",", "."),
        fc.boolean(),
        fc.constantFrom("/uL", "/µL", "/mm3", "cells/uL"),
        (n, mark, decimalComma, unit) => {
          const text = grouped(n, mark);
          const read = parseNumberText(text, { decimalComma });
          expect(read).toBeDefined();
          const q = asCount({ ...(read as NonNullable<typeof read>), unit }, unit, platelets, ctx.units);
          expect(q.value).toBe(n);
          expect(q.ambiguous).toBeUndefined();
        },
      ),
    );
  });

  it("several groups read as the whole number in any unit; one comma group outside a count is never read", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 999_999_999 }), fc.boolean(), (n, decimalComma) => {
        expect(parseNumberText(grouped(n, ","), { decimalComma })).toEqual({ value: n });
        expect(parseNumberText(grouped(n, "."), { decimalComma })).toEqual({ value: n });
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 999_999 }),
        fc.constantFrom("mg/dL", "ng/mL", "K/uL", "10*9/L"),
        (n, unit) => {
          const read = parseNumberText(grouped(n, ","));
          const q = asCount({ ...(read as NonNullable<typeof read>), unit }, unit, platelets, ctx.units);
          expect(Number.isNaN(q.value)).toBe(true);
          expect(q.ambiguous).toContain(`could be ${n} (a thousands separator)`);
        },
      ),
    );
  });

  it("groups then decimals read as the number with its fraction", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 99_999_999 }),
        fc.stringMatching(/^\d{1,4}$/),
        (n, fraction) => {
          expect(parseNumberText(`${grouped(n, ",")}.${fraction}`)?.value).toBe(Number(`${n}.${fraction}`));
          expect(parseNumberText(`${grouped(n, ".")},${fraction}`, { decimalComma: true })?.value).toBe(
            Number(`${n}.${fraction}`),
          );
        },
      ),
    );
  });
});

describe("one reader of a value written as text: the CSV value cell and a FHIR valueString agree", () => {
  const cases = [
    ["12 x10^9/L", "platelets", 12],
    ["<10 x10^9/L", "platelets", 10],
    ["H 450 x10^9/L", "platelets", 450],
    ["17 x10^9/L LL", "platelets", 17],
    ["1.5g/L", "fibrinogen", 1.5],
    ["1,5 g/L", "fibrinogen", 1.5],
    ["150,000 /uL", "platelets", 150],
    ["150.000/µl", "platelets", 150],
    ["1,250,000/uL", "platelets", 1250],
    ["1,250.5 mg/dL", "fibrinogen", 12.505],
    ["less than 10 10^9/L", "platelets", 10],
    ["1,500 mg/dL", "fibrinogen", undefined],
    ["150 000 /uL", "platelets", undefined],
    ["12 500", "platelets", undefined],
  ] as const;
  it.each(cases)("%s (%s)", (text, id, value) => {
    const csvRead = csv([`p1,lab,2026-03-01,lab,${id},"${text}",,,`]);
    const fhirRead = fhirText(id, text);
    expect(csvRead.labs[0]?.[2]).toBe(value);
    expect(fhirRead.ok ? fhirRead.result.value : undefined).toBe(value);
    if (value === undefined)
      expect(fhirRead.ok ? undefined : fhirRead.rejection.reason).toBe(csvRead.rejected[0]?.[3]);
  });

  it("reads any number with a convertible unit the same way on both paths (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom("", "<", ">=", "less than "),
        fc.constantFrom(" x10^9/L", " 10*9/L", "K/uL", " G/L"),
        fc.constantFrom("", " H", " L", " (L)"),
        (n, comparator, unit, flag) => {
          const text = `${comparator}${n}${unit}${flag}`;
          const csvRead = csv([`p1,lab,2026-03-01,lab,platelets,"${text}",,,`]);
          const fhirRead = fhirText("platelets", text);
          expect(fhirRead.ok ? fhirRead.result.value : fhirRead.rejection.code, text).toBe(
            csvRead.labs[0]?.[2] ?? csvRead.rejected[0]?.[1],
          );
        },
      ),
    );
  });
});
