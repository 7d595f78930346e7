/**
 * Lab values as laboratories really send them, read the same through the CSV value cell (with its unit column
 * and `ref_low`–`ref_high`) and a FHIR `valueString` (with its referenceRange, whose unit FHIR states the
 * result's in): a censored `<10` or `>1000`, a flag after the number (`10 (L)`, `10 L`, `8 LL*`, `10 low`,
 * `8 critically low`, `10 (N)`), a decimal comma (`1,5`), a unit in the value (`1.5 g/L`, `10 (L) x10^9/L`), and
 * a count with no unit at all. Each is used with its comparator and flag, or rejected with a reason naming what
 * is wrong; the two formats give the same answer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestOne } from "../../../../test/support/fhir-one.js";
import { testVocabulary } from "../../../../test/support/test-vocabulary.js";
import { ingestCsv } from "./csv/ingest.js";
import { parseNumberText, readValueText } from "./lab-result.js";

const LOINC: Readonly<Record<string, string>> = { platelets: "777-3", fibrinogen: "3255-7", inr: "6301-6" };
type Outcome = readonly (string | number | undefined)[];

/** The one lab value of a CSV row: [lab, comparator, value, unit, flag] or [rejection code, reason]. */
function csv(lab: string, value: string, unit: string, low?: number, high?: number): Outcome {
  const cell = `"${value.replaceAll('"', '""')}"`;
  const r = ingestCsv(
    [
      "patient_id,record_type,date,code_system,code,value,unit,ref_low,ref_high",
      `p1,lab,2024-03-01T08:00:00Z,lab,${lab},${cell},${unit},${low ?? ""},${high ?? ""}`,
    ].join("\n"),
    { vocabulary: testVocabulary, evaluatedAt: "2026-12-01T00:00:00Z", file: "site.csv" },
  );
  return outcome(r.patients[0]);
}

/** The same value as a FHIR valueString, the unit given by the reference range (or nowhere). */
function fhir(lab: string, value: string, unit: string, low?: number, high?: number): Outcome {
  const limit = (v: number | undefined) =>
    v === undefined ? undefined : { value: v, ...(unit !== "" && { unit }) };
  const range =
    low === undefined && high === undefined
      ? {}
      : {
          referenceRange: [
            {
              ...(low !== undefined && { low: limit(low) }),
              ...(high !== undefined && { high: limit(high) }),
            },
          ],
        };
  return observation(LOINC[lab], { valueString: value, ...range });
}

/** One Observation of `p1`, taken on 2024-03-01, through the FHIR adapter. */
function observation(loinc: string | undefined, value: Record<string, unknown>): Outcome {
  const { record } = ingestOne(
    { vocabulary: testVocabulary, evaluatedAt: "2026-12-01T00:00:00Z", file: "x.json" },
    {
      resourceType: "Observation",
      id: "o",
      status: "final",
      code: { coding: [{ system: "http://loinc.org", code: loinc }] },
      subject: { reference: "Patient/p1" },
      effectiveDateTime: "2024-03-01T08:00:00Z",
      ...value,
    },
  );
  return outcome(record);
}

function outcome(
  p: ReturnType<typeof ingestCsv>["patients"][number] | undefined,
): readonly (string | number | undefined)[] {
  const l = p?.labs[0];
  if (l !== undefined) return [l.lab, l.comparator, l.value, l.unit, l.flag?.code];
  const x = p?.rejected[0];
  return x === undefined ? ["nothing"] : [x.code, x.reason];
}

describe("values as laboratories send them, beside a range in the result's unit", () => {
  it.each([
    // value text, lab, unit, range → [lab, comparator, value, canonical unit, flag]
    ["<10", "platelets", "10*9/L", [150, 400], ["platelets", "<", 10, "10*9/L", undefined]],
    [">1000", "platelets", "10*9/L", [150, 400], ["platelets", ">", 1000, "10*9/L", undefined]],
    ["less than 10", "platelets", "10*9/L", [150, 400], ["platelets", "<", 10, "10*9/L", undefined]],
    ["≤10", "platelets", "10*9/L", [150, 400], ["platelets", "<=", 10, "10*9/L", undefined]],
    ["10 (L)", "platelets", "10*9/L", [150, 400], ["platelets", undefined, 10, "10*9/L", "L"]],
    ["10 L", "platelets", "10*9/L", [150, 400], ["platelets", undefined, 10, "10*9/L", "L"]],
    ["8 LL*", "platelets", "10*9/L", [150, 400], ["platelets", undefined, 8, "10*9/L", "LL"]],
    ["<10 (L)", "platelets", "10*9/L", [150, 400], ["platelets", "<", 10, "10*9/L", "L"]],
    ["10 (N)", "platelets", "10*9/L", [150, 400], ["platelets", undefined, 10, "10*9/L", "N"]],
    ["10 low", "platelets", "10*9/L", [150, 400], ["platelets", undefined, 10, "10*9/L", "L"]],
    ["10 (Low)", "platelets", "10*9/L", [150, 400], ["platelets", undefined, 10, "10*9/L", "L"]],
    ["8 critically low", "platelets", "10*9/L", [150, 400], ["platelets", undefined, 8, "10*9/L", "LL"]],
    ["450 HIGH*", "platelets", "10*9/L", [150, 400], ["platelets", undefined, 450, "10*9/L", "H"]],
    ["1,5", "fibrinogen", "g/L", [2, 4], ["fibrinogen", undefined, 1.5, "g/L", undefined]],
    ["1,5 (L)", "fibrinogen", "g/L", [2, 4], ["fibrinogen", undefined, 1.5, "g/L", "L"]],
    ["1.5 g/L", "fibrinogen", "g/L", [2, 4], ["fibrinogen", undefined, 1.5, "g/L", undefined]],
    ["1,5 g/L L", "fibrinogen", "g/L", [2, 4], ["fibrinogen", undefined, 1.5, "g/L", "L"]],
    ["2.1 H", "inr", "", [0.8, 1.2], ["inr", undefined, 2.1, "{INR}", "H"]],
    ["1,5", "inr", "", [0.8, 1.2], ["inr", undefined, 1.5, "{INR}", undefined]],
  ] as const)("%s (%s) is used, the same in CSV and FHIR", (text, lab, unit, [low, high], expected) => {
    expect(csv(lab, text, unit, low, high)).toEqual(expected);
    expect(fhir(lab, text, unit, low, high)).toEqual(expected);
  });

  it.each([
    // value text, lab, unit, range → rejection code and the words its reason must hold
    [
      "1,500",
      "platelets",
      "10*9/L",
      [150, 400],
      "invalid-value",
      "could be 1500 (a thousands separator) or 1.500",
    ],
    ["10 below", "platelets", "10*9/L", [150, 400], "value-type", 'needs a number; got "10 below"'],
    ["10low", "platelets", "10*9/L", [150, 400], "value-type", 'needs a number; got "10low"'],
    ["Low 10", "platelets", "10*9/L", [150, 400], "value-type", 'needs a number; got "Low 10"'],
    // A flag on both sides: which one is meant is not guessed.
    ["L 12 H", "platelets", "10*9/L", [150, 400], "value-type", 'needs a number; got "L 12 H"'],
    ["~10", "platelets", "10*9/L", [150, 400], "unsupported-comparator", '"~" is none of <, <=, >, >='],
    ["150 000", "platelets", "/uL", [150000, 400000], "invalid-value", "space between groups of digits"],
    // Lower-case letters or a word between the number and the unit are no flag: refused, never dropped.
    ["10 l x10^9/L", "platelets", "10*9/L", [150, 400], "value-type", 'needs a number; got "10 l x10^9/L"'],
    ["10 L (clumped)", "platelets", "10*9/L", [150, 400], "value-type", 'got "10 L (clumped)"'],
  ] as const)(
    "%s (%s) is rejected with a reason that names it, in CSV and FHIR",
    (text, lab, unit, [low, high], code, words) => {
      for (const got of [csv(lab, text, unit, low, high), fhir(lab, text, unit, low, high)]) {
        if (code !== undefined) expect(got[0]).toBe(code);
        expect(got[1]).toEqual(expect.stringContaining(words));
      }
    },
  );
});

describe("a unit written only in the value", () => {
  it.each([
    ["150 mg/dL", "fibrinogen", ["fibrinogen", undefined, 1.5, "g/L", undefined]],
    ["1,5 g/L", "fibrinogen", ["fibrinogen", undefined, 1.5, "g/L", undefined]],
    ["<10 x10^9/L", "platelets", ["platelets", "<", 10, "10*9/L", undefined]],
    ["10 (L) x10^9/L", "platelets", ["platelets", undefined, 10, "10*9/L", "L"]],
    ["10 x10^9/L (low)", "platelets", ["platelets", undefined, 10, "10*9/L", "L"]],
    ["LL 8 x10^9/L", "platelets", ["platelets", undefined, 8, "10*9/L", "LL"]],
    // A bare flag between the number and the unit, as a listing prints its flag column there.
    ["10 L x10^9/L", "platelets", ["platelets", undefined, 10, "10*9/L", "L"]],
    ["10L x10^9/L", "platelets", ["platelets", undefined, 10, "10*9/L", "L"]],
    ["8 LL* x10^9/L", "platelets", ["platelets", undefined, 8, "10*9/L", "LL"]],
    ["450 HH 10^9/L", "platelets", ["platelets", undefined, 450, "10*9/L", "HH"]],
    ["10.0* x10^9/L", "platelets", ["platelets", undefined, 10, "10*9/L", "*"]],
    ["<10 L x10^9/L", "platelets", ["platelets", "<", 10, "10*9/L", "L"]],
    ["1,5 L g/L", "fibrinogen", ["fibrinogen", undefined, 1.5, "g/L", "L"]],
    ["1.5e2 L mg/dL", "fibrinogen", ["fibrinogen", undefined, 1.5, "g/L", "L"]],
  ] as const)("%s (%s) is read with its unit, the same in CSV and FHIR", (text, lab, expected) => {
    expect(csv(lab, text, "")).toEqual(expected);
    expect(fhir(lab, text, "")).toEqual(expected);
  });

  it("a unit in the value that disagrees with the CSV unit column is refused, naming both; the same unit spelt otherwise is read", () => {
    expect(csv("fibrinogen", "150 mg/dL", "g/L")).toEqual([
      "invalid-value",
      'value "150 mg/dL" carries the unit "mg/dL" and the unit column another ("g/L")',
    ]);
    expect(csv("platelets", "10 (L) x10^9/L", "10*9/L", 150, 400)).toEqual([
      "platelets",
      undefined,
      10,
      "10*9/L",
      "L",
    ]);
    expect(csv("platelets", "8 x10^9/L", "K/uL")).toEqual(["platelets", undefined, 8, "10*9/L", undefined]);
    // A bare flag before the unit in the value cell, the unit column saying the same unit.
    expect(csv("platelets", "10 L x10^9/L", "10*9/L", 150, 400)).toEqual([
      "platelets",
      undefined,
      10,
      "10*9/L",
      "L",
    ]);
    expect(csv("platelets", "8 x10^9/L", "/uL")[0]).toBe("invalid-value");
  });
});

describe("a count sent with no unit anywhere", () => {
  it("is refused as a count needs its unit (150 could be ×10⁹/L or per µL), in both formats; a dimensionless INR is read", () => {
    for (const got of [csv("platelets", "150", ""), fhir("platelets", "150", "")])
      expect(got).toEqual([
        "unit-not-convertible",
        "unit missing: a Platelet count value needs a unit (expected 10*9/L or convertible)",
      ]);
    for (const got of [csv("platelets", "8 LL", ""), fhir("platelets", "8 LL", "")])
      expect(got[0]).toBe("unit-not-convertible");
    for (const got of [csv("inr", "1.5", ""), fhir("inr", "1.5", "")])
      expect(got).toEqual(["inr", undefined, 1.5, "{INR}", undefined]);
    // The range's unit is the result's: a bare count beside a range in 10*9/L is read in it.
    expect(fhir("platelets", "8", "10*9/L", 150, 400)).toEqual([
      "platelets",
      undefined,
      8,
      "10*9/L",
      undefined,
    ]);
  });

  it("a FHIR valueQuantity whose unit is blank is a quantity without a unit, as an empty CSV unit cell is", () => {
    const quantity = (valueQuantity: Record<string, unknown>, range: boolean) =>
      observation("777-3", {
        valueQuantity,
        ...(range && {
          referenceRange: [{ low: { value: 150, unit: "10*9/L" }, high: { value: 400, unit: "10*9/L" } }],
        }),
      });
    for (const blank of [{ value: 8 }, { value: 8, unit: "" }, { value: 8, unit: " ", code: "" }]) {
      expect(quantity(blank, true), JSON.stringify(blank)).toEqual([
        "platelets",
        undefined,
        8,
        "10*9/L",
        undefined,
      ]);
      expect(quantity(blank, false)[0], JSON.stringify(blank)).toBe("unit-not-convertible");
    }
    // A blank printed unit beside a UCUM code: the code is the unit.
    expect(
      quantity({ value: 8, unit: "", system: "http://unitsofmeasure.org", code: "10*9/L" }, false),
    ).toEqual(["platelets", undefined, 8, "10*9/L", undefined]);
  });
});

/** A number as a laboratory may print it: digits, maybe decimals with a point or a comma. */
const printed = fc
  .tuple(
    fc.integer({ min: 1, max: 999 }),
    fc.option(fc.integer({ min: 1, max: 9 })),
    fc.constantFrom(".", ","),
  )
  .map(([whole, decimal, mark]) => ({
    text: decimal === null ? String(whole) : `${whole}${mark}${decimal}`,
    value: decimal === null ? whole : Number(`${whole}.${decimal}`),
  }));
const FLAGS = [
  ["L", "L"],
  ["(L)", "L"],
  ["[H]", "H"],
  ["LL*", "LL"],
  ["HH", "HH"],
  ["(N)", "N"],
  ["A", "A"],
  ["low", "L"],
  ["(High)", "H"],
  ["critically low", "LL"],
  ["NORMAL", "N"],
] as const;

describe("parsers (property)", () => {
  it("a number, its comparator and its trailing flag read back as written, whatever the spacing", () => {
    fc.assert(
      fc.property(
        printed,
        fc.constantFrom("", "<", ">", "<=", ">="),
        fc.option(fc.constantFrom(...FLAGS)),
        fc.constantFrom(" ", "  "),
        (n, comparator, flag, space) => {
          const text = `${comparator}${n.text}${flag === null ? "" : `${space}${flag[0]}`}`;
          const read = parseNumberText(text);
          expect(read?.value, text).toBe(n.value);
          expect(read?.comparator, text).toBe(comparator === "" ? undefined : comparator);
          expect(read?.flag, text).toBe(flag === null ? undefined : flag[1]);
        },
      ),
    );
  });

  it("with a unit in the text, the flag after the unit or bracketed before it is read the same", () => {
    fc.assert(
      fc.property(
        printed,
        fc.constantFrom(...FLAGS),
        fc.constantFrom("g/L", "x10^9/L", "mg/dL"),
        (n, flag, unit) => {
          const after = readValueText(`${n.text} ${unit} ${flag[0]}`);
          expect(after, `${n.text} ${unit} ${flag[0]}`).toMatchObject({
            value: n.value,
            unit,
            flag: flag[1],
          });
          // Bracketed or bare flag letters between the number and the unit (`10 (L) x10^9/L`, `10 L x10^9/L`,
          // `8 LL* x10^9/L`); a word there (`10 low g/L`) is not read.
          if (/^(?:[([][A-Z]+[)\]]|(?:HH|LL|AA|H|L|A|N)\*?)$/.test(flag[0])) {
            const before = readValueText(`${n.text} ${flag[0]} ${unit}`);
            expect(before).toMatchObject({ value: n.value, unit, flag: flag[1] });
          }
        },
      ),
    );
  });

  it("CSV and FHIR give the same result for any such value beside a range", () => {
    fc.assert(
      fc.property(
        printed,
        fc.constantFrom("", "<", ">"),
        fc.option(fc.constantFrom(...FLAGS)),
        (n, c, flag) => {
          const text = `${c}${n.text}${flag === null ? "" : ` ${flag[0]}`}`;
          expect(fhir("platelets", text, "10*9/L", 150, 400)).toEqual(
            csv("platelets", text, "10*9/L", 150, 400),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
