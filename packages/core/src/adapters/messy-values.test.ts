/**
 * Round 3 of real-world input: values and units as hospital systems print them that were refused before
 * although they say exactly what the result is — a comparator in words (`less than 10`), the laboratory's
 * abnormal flag after the number (`12 L`, `2.1 (H)`, `12*`), a D-dimer basis in brackets or before the
 * unit (`ug/mL (FEU)`, `FEU ug/mL`) — and a medication statement dated only by its dosage's bounds. Each
 * is read through the same path for CSV and FHIR (and so for OMOP, whose measurements become
 * Observations); what stays ambiguous is still refused with its reason.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { observation as obs } from "../../../../test/support/fhir-entries.js";
import { catalogue, testVocabulary } from "../../../../test/support/test-vocabulary.js";
import { ingestCsv } from "./csv/ingest.js";
import { ingestFhir } from "./fhir/ingest.js";
import { withPrintedBasis } from "./fhir/observation.js";
import { parseNumberText } from "./lab-result.js";

/** A unit conversion for the catalogue lab `id`. */
const convert = (value: number, unit: string, id: string) => {
  const lab = catalogue.byId.get(id);
  if (!lab) throw new Error(id);
  return testVocabulary.units.convert(value, unit, lab);
};

const csv = (rows: readonly string[]) => {
  const r = ingestCsv(
    ["patient_id,record_type,date,code_system,code,value,unit,ref_low,ref_high", ...rows].join("\n"),
    { vocabulary: testVocabulary, evaluatedAt: "2026-12-01T00:00:00Z", file: "site.csv" },
  );
  const p = r.patients[0];
  return {
    labs: p?.labs.map((l) => [l.ref, l.lab, l.value, l.comparator]) ?? [],
    rejected: p?.rejected.map((x) => [x.ref, x.code, x.reason]) ?? [],
  };
};

/** The laboratory flags the CSV rows' results carry, in record order. */
const flags = (rows: readonly string[]) =>
  ingestCsv(
    ["patient_id,record_type,date,code_system,code,value,unit,ref_low,ref_high", ...rows].join("\n"),
    {
      vocabulary: testVocabulary,
      evaluatedAt: "2026-12-01T00:00:00Z",
      file: "site.csv",
    },
  ).patients[0]?.labs.map((l) => l.flag);

/** The record of patient p1 from a collection Bundle of `resources`. */
const fhir = (...resources: unknown[]) =>
  ingestFhir(
    {
      resourceType: "Bundle",
      type: "collection",
      entry: [{ resourceType: "Patient", id: "p1" }, ...resources].map((resource) => ({ resource })),
    },
    { vocabulary: testVocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "x.json" },
  ).patients[0];

describe("a comparator written in words", () => {
  it.each([
    ["less than 10", { value: 10, comparator: "<" }],
    ["Less Than 0.5", { value: 0.5, comparator: "<" }],
    ["greater than 150", { value: 150, comparator: ">" }],
    ["more than 150", { value: 150, comparator: ">" }],
    ["less than or equal to 5", { value: 5, comparator: "<=" }],
    ["greater than or equal to 500", { value: 500, comparator: ">=" }],
  ])("reads %s as the symbol", (text, expected) => {
    expect(parseNumberText(text)).toEqual(expected);
  });

  it("is the same reading as the symbol, for any number (property)", () => {
    const words = [
      ["less than ", "<"],
      ["greater than ", ">"],
      ["less than or equal to ", "<="],
      ["greater than or equal to ", ">="],
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...words),
        fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => String(Math.round(x * 100) / 100)),
        ([word, symbol], n) => {
          expect(parseNumberText(`${word}${n}`)).toEqual(parseNumberText(`${symbol}${n}`));
        },
      ),
    );
  });

  it("a grade 4 count written 'less than 10' is read as <10 ×10⁹/L (CSV), where it was refused as text", () => {
    expect(csv(["p1,lab,2026-03-04,lab,platelets,less than 10,K/uL,,"]).labs).toEqual([
      ["site.csv:2", "platelets", 10, "<"],
    ]);
  });

  it("does not read words that are no comparator", () => {
    for (const text of ["about 10", "less 10", "than 10", "less than", "under ten"])
      expect(parseNumberText(text)).toBeUndefined();
  });
});

describe("the laboratory's abnormal flag after the number", () => {
  it.each([
    ["12 L", { value: 12, flag: "L" }],
    ["12L", { value: 12, flag: "L" }],
    ["12 (L)", { value: 12, flag: "L" }],
    ["12 [LL]", { value: 12, flag: "LL" }],
    ["2.1 H", { value: 2.1, flag: "H" }],
    ["520 HH", { value: 520, flag: "HH" }],
    ["12*", { value: 12, flag: "*" }],
    ["8 LL*", { value: 8, flag: "LL" }],
    ["12 A", { value: 12, flag: "A" }],
    ["<10 L", { value: 10, comparator: "<", flag: "L" }],
  ])("reads %s as the number with its flag", (text, expected) => {
    expect(parseNumberText(text)).toEqual(expected);
  });

  it("never changes the number (property): a flagged value reads as the bare value", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e5, noNaN: true }).map((x) => String(Math.round(x * 10) / 10)),
        fc.constantFrom("L", "H", "LL", "HH", "A", "AA", "(L)", "[H]", "*", "H*", "!"),
        fc.constantFrom("", " ", "  "),
        (n, flag, space) => {
          const bare = parseNumberText(n);
          const flagged = parseNumberText(`${n}${space}${flag}`);
          expect(flagged?.value).toBe(bare?.value);
          expect(flagged?.comparator).toBe(bare?.comparator);
        },
      ),
    );
  });

  it("does not take lower-case units (h, l), two flags, or other words for a flag", () => {
    for (const text of ["12 h", "12 l", "12 L H", "12 (clumped)", "12 below", "12 lower"])
      expect(parseNumberText(text)).toBeUndefined();
  });

  it("reads a flag written as a word after the number, any case, as its letters", () => {
    expect(parseNumberText("12 Low")).toEqual({ value: 12, flag: "L" });
    expect(parseNumberText("12 HIGH")).toEqual({ value: 12, flag: "H" });
    expect(parseNumberText("12 (normal)")).toEqual({ value: 12, flag: "N" });
    expect(parseNumberText("8 Critical Low*")).toEqual({ value: 8, flag: "LL" });
  });

  it("reads '12 L' with the unit column as 12 K/uL, where the flag was taken for a litre unit and the row refused", () => {
    expect(
      csv([
        "p1,lab,2026-03-04T08:00:00Z,lab,platelets,12 L,K/uL,150,400",
        "p1,lab,2026-03-04T09:00:00Z,lab,platelets,11 (L),K/uL,,",
        "p1,lab,2026-03-04T10:00:00Z,lab,inr,2.1 H,,,",
        "p1,lab,2026-03-04T11:00:00Z,lab,platelets,9*,K/uL,,",
      ]),
    ).toEqual({
      labs: [
        ["site.csv:2", "platelets", 12, undefined],
        ["site.csv:3", "platelets", 11, undefined],
        ["site.csv:4", "inr", 2.1, undefined],
        ["site.csv:5", "platelets", 9, undefined],
      ],
      rejected: [],
    });
  });

  it("reads a FHIR valueString '2.1 H' for an INR; a count with a flag and no unit is still refused for its missing unit", () => {
    const p = fhir(obs("a", "6301-6", { valueString: "2.1 H" }), obs("b", "777-3", { valueString: "12 L" }));
    expect(p?.labs.map((l) => [l.ref, l.value])).toEqual([["Observation/a", 2.1]]);
    expect(p?.rejected.map((x) => [x.ref, x.code, x.reason])).toEqual([
      [
        "Observation/b",
        "unit-not-convertible",
        "unit missing: a Platelet count value needs a unit (expected 10*9/L or convertible)",
      ],
    ]);
  });
});

describe("the laboratory's abnormal flag before the number", () => {
  it.each([
    ["LL 12", { value: 12, flag: "LL" }],
    ["H 2.1", { value: 2.1, flag: "H" }],
    ["(H) 2.1", { value: 2.1, flag: "H" }],
    ["(H)2.1", { value: 2.1, flag: "H" }],
    ["[L] 12", { value: 12, flag: "L" }],
    ["H* 2.1", { value: 2.1, flag: "H" }],
    ["L <10", { value: 10, comparator: "<", flag: "L" }],
    ["HH 1,5", { value: 1.5, flag: "HH" }],
  ])("reads %s as the number with its flag, as after it", (text, expected) => {
    expect(parseNumberText(text)).toEqual(expected);
  });

  it("reads the same number and flag whichever side the flag is printed (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e5, noNaN: true }).map((x) => String(Math.round(x * 10) / 10)),
        fc.constantFrom("L", "H", "LL", "HH", "A", "AA"),
        fc.boolean(),
        (n, flag, bracketed) => {
          const shown = bracketed ? `(${flag})` : flag;
          expect(parseNumberText(`${shown} ${n}`)).toEqual(parseNumberText(`${n} ${shown}`));
        },
      ),
    );
  });

  it("does not read a flag on both sides, a flag glued to the number, lower case, or a word", () => {
    for (const text of ["L 12 H", "H 12 H", "H2.1", "h 2.1", "l 12", "Low 12", "HIGH 2", "L", "(H)"])
      expect(parseNumberText(text), text).toBeUndefined();
  });

  it("reads 'LL 12' in the CSV as 12, and uses one whose flag contradicts its own range, with the flag", () => {
    const rows = [
      "p1,lab,2026-03-04T08:00:00Z,lab,platelets,LL 12,K/uL,150,400",
      "p1,lab,2026-03-04T09:00:00Z,lab,inr,(H) 2.1,,,",
      "p1,lab,2026-03-04T10:00:00Z,lab,platelets,L 500,K/uL,150,400",
    ];
    expect(csv(rows)).toEqual({
      labs: [
        ["site.csv:2", "platelets", 12, undefined],
        ["site.csv:3", "inr", 2.1, undefined],
        ["site.csv:4", "platelets", 500, undefined],
      ],
      rejected: [],
    });
    expect(flags(rows)).toEqual([
      { code: "LL", source: "printed" },
      { code: "H", source: "printed" },
      { code: "L", source: "printed", against: "above" },
    ]);
  });
});

describe("a CSV value cell with a flag, a number and its unit", () => {
  it("reads the flag before the number or after the unit, against the unit column and the range", () => {
    expect(
      csv([
        "p1,lab,2026-03-04T08:00:00Z,lab,platelets,H 450 x10^9/L,,150,400",
        "p1,lab,2026-03-04T09:00:00Z,lab,platelets,17 x10^9/L LL,x10^9/L,,",
        "p1,lab,2026-03-04T10:00:00Z,lab,platelets,LL 8 x10^9/L,g/L,,",
        "p1,lab,2026-03-04T11:00:00Z,lab,platelets,L 450 x10^9/L,,150,400",
        // x10^9/L and K/uL are the same unit: nothing to choose between.
        "p1,lab,2026-03-04T12:00:00Z,lab,platelets,LL 8 x10^9/L,K/uL,,",
      ]),
    ).toEqual({
      labs: [
        ["site.csv:2", "platelets", 450, undefined],
        ["site.csv:3", "platelets", 17, undefined],
        ["site.csv:5", "platelets", 450, undefined],
        ["site.csv:6", "platelets", 8, undefined],
      ],
      rejected: [
        [
          "site.csv:4",
          "invalid-value",
          'value "LL 8 x10^9/L" carries the unit "x10^9/L" and the unit column another ("g/L")',
        ],
      ],
    });
  });

  it("keeps a semicolon file's dot before three digits ambiguous when a flag stands beside it", () => {
    const r = ingestCsv(
      [
        "patient_id;record_type;date;code_system;code;value;unit",
        "p1;lab;2026-03-04;lab;fibrinogen;L 1.500 g/L;",
      ].join("\n"),
      { vocabulary: testVocabulary, evaluatedAt: "2026-12-01T00:00:00Z", file: "site.csv" },
    );
    expect(r.patients[0]?.labs).toEqual([]);
    expect(r.patients[0]?.rejected[0]?.reason).toContain("a thousands separator");
  });
});

describe("a FHIR valueString with its unit", () => {
  it("reads the number with the unit written after it, and with a flag before the number or after the unit", () => {
    const p = fhir(
      obs("a", "777-3", { valueString: "12 x10^9/L" }),
      obs("b", "777-3", { valueString: "13 x10 9/L", effectiveDateTime: "2024-03-02T08:00:00Z" }),
      obs("c", "777-3", { valueString: "14 10^9/L", effectiveDateTime: "2024-03-03T08:00:00Z" }),
      obs("d", "777-3", { valueString: "H 450 x10^9/L", effectiveDateTime: "2024-03-04T08:00:00Z" }),
      obs("e", "777-3", { valueString: "17 x10^9/L LL", effectiveDateTime: "2024-03-05T08:00:00Z" }),
    );
    expect(p?.labs.map((l) => [l.ref, l.value])).toEqual([
      ["Observation/a", 12],
      ["Observation/b", 13],
      ["Observation/c", 14],
      ["Observation/d", 450],
      ["Observation/e", 17],
    ]);
    expect(p?.rejected).toEqual([]);
  });

  it("refuses a number followed by a bare number, two flags, or a unit that cannot express the lab", () => {
    const p = fhir(
      obs("a", "777-3", { valueString: "12 500" }),
      obs("b", "777-3", { valueString: "H 12 x10^9/L H", effectiveDateTime: "2024-03-02T08:00:00Z" }),
      obs("c", "777-3", { valueString: "12 mg/dL", effectiveDateTime: "2024-03-03T08:00:00Z" }),
    );
    expect(p?.labs).toEqual([]);
    expect(p?.rejected.map((x) => [x.ref, x.code])).toEqual([
      // 12500 with a space for thousands, or 12 and 500 run together: refused by name.
      ["Observation/a", "invalid-value"],
      ["Observation/b", "value-type"],
      ["Observation/c", "value-type"],
    ]);
    expect(p?.rejected[0]?.reason).toBe(
      'Platelet count value "12 500" has a space between groups of digits: 12500 with a space for thousands, or two numbers run together? Write it without spaces',
    );
  });
});

describe("units as copied reports print them", () => {
  it.each([
    ["x10 9/L", 12, "platelets", 12],
    ["10 9/L", 12, "platelets", 12],
    ["x 10^9/L", 12, "platelets", 12],
    ["B.U./mL", 3, "fviii-inhibitor", 3],
    ["BU/ml", 3, "fviii-inhibitor", 3],
    ["Bethesda units/mL", 3, "fviii-inhibitor", 3],
    ["sec.", 45, "aptt", 45],
    ["seconds", 45, "aptt", 45],
    ["mg/dL.", 150, "fibrinogen", 1.5],
  ])("reads %s", (unit, value, id, expected) => {
    const r = convert(value, unit, id);
    expect(r.ok && r.value).toBeCloseTo(expected);
  });

  it("refuses an aPTT ratio with its own reason, never as seconds", () => {
    for (const unit of ["ratio", "{ratio}"]) {
      const r = convert(1.3, unit, "aptt");
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toContain("aPTT ratio (patient/normal)");
    }
  });
});

describe("a D-dimer basis printed in brackets or before the unit", () => {
  it.each([
    ["ug/mL (FEU)", 1.2, 1.2],
    ["mg/L(FEU)", 1.2, 1.2],
    ["ng/mL (FEU)", 1200, 1.2],
    ["ng/mL [FEU]", 1200, 1.2],
    ["FEU ug/mL", 1.2, 1.2],
    ["FEU mg/L", 1.2, 1.2],
  ])("reads %s as FEU", (unit, value, expected) => {
    expect(convert(value, unit, "d-dimer-unspecified")).toEqual({
      ok: true,
      value: expected,
      unit: "ug/mL",
      basis: "FEU",
    });
  });

  it("keeps DDU as DDU, and never converts a bracketed DDU into an FEU lab", () => {
    expect(convert(600, "ng/mL (DDU)", "d-dimer-unspecified")).toEqual({
      ok: true,
      value: 0.6,
      unit: "ug/mL",
      basis: "DDU",
    });
    const wrong = convert(600, "ng/mL (DDU)", "d-dimer-feu");
    expect(wrong.ok ? undefined : wrong.reason).toMatch(/reports D-dimer in DDU but .* is FEU; DDU ≈ FEU\/2/);
    const back = convert(1.2, "(FEU) ug/mL", "d-dimer-ddu");
    expect(back.ok).toBe(false);
  });

  it("moves a basis-unknown D-dimer code to its FEU lab by a bracketed basis (CSV)", () => {
    const r = csv(["p1,lab,2026-03-04,lab,d-dimer-unspecified,850,ng/mL (FEU),,"]);
    expect(r.labs).toEqual([["site.csv:2", "d-dimer-feu", 0.85, undefined]]);
  });
});

describe("a MedicationStatement dated only by its dosage", () => {
  const statement = (extra: Record<string, unknown>) => ({
    resourceType: "MedicationStatement",
    id: "s",
    status: "active",
    subject: { reference: "Patient/p1" },
    medicationCodeableConcept: { text: "pembrolizumab" },
    ...extra,
  });
  const read = fhir;

  it("is dated by the start of the dosage's timing bounds, with its end, where it was refused undated", () => {
    const p = read(
      statement({
        dosage: [
          { text: "as directed" },
          {
            text: "240 mg IV every 2 weeks",
            timing: { repeat: { boundsPeriod: { start: "2024-01-01", end: "2024-06-30" } } },
          },
        ],
      }),
    );
    expect(p?.rejected).toEqual([]);
    expect(p?.exposures.map((e) => [e.drug, e.first, e.doses.map((d) => [d.ref, d.at, d.end])])).toEqual([
      ["pembrolizumab", "2024-01-01", [["MedicationStatement/s", "2024-01-01", "2024-06-30"]]],
    ]);
  });

  it("prefers effective[x] when it is there, and names the dosage field when nothing dates it", () => {
    const dated = read(
      statement({
        effectivePeriod: { start: "2024-02-01" },
        dosage: [{ timing: { repeat: { boundsPeriod: { start: "2024-01-01", end: "2024-06-30" } } } }],
      }),
    );
    expect(dated?.exposures[0]?.doses.map((d) => [d.at, d.end])).toEqual([["2024-02-01", undefined]]);
    const undated = read(statement({ dosage: [{ text: "240 mg every 2 weeks" }] }));
    expect(undated?.rejected.map((x) => [x.code, x.reason])).toEqual([
      [
        "missing-date",
        "no date: none of effectiveDateTime, effectivePeriod.start, dosage[0].timing.repeat.boundsPeriod.start, dosage[0].timing.event is present",
      ],
    ]);
  });

  it("dates a MedicationRequest without authoredOn by its dosage instruction's bounds", () => {
    const p = read({
      resourceType: "MedicationRequest",
      id: "r",
      status: "active",
      intent: "order",
      subject: { reference: "Patient/p1" },
      medicationCodeableConcept: { text: "pembrolizumab" },
      dosageInstruction: [{ timing: { repeat: { boundsPeriod: { start: "2024-01-06" } } } }],
    });
    expect(p?.exposures.map((e) => [e.drug, e.first])).toEqual([["pembrolizumab", "2024-01-06"]]);
  });
});

describe("a unit printed in upper case: G/L", () => {
  it("is giga per litre for a count and grams per litre for a mass concentration, where fibrinogen and haemoglobin were refused", () => {
    expect(convert(25, "G/L", "platelets")).toEqual({ ok: true, value: 25, unit: "10*9/L" });
    expect(convert(1.5, "G/L", "fibrinogen")).toEqual({ ok: true, value: 1.5, unit: "g/L" });
    expect(convert(81, "G/L", "hemoglobin")).toEqual({ ok: true, value: 8.1, unit: "g/dL" });
    expect(convert(81, "G/l", "hemoglobin")).toEqual({ ok: true, value: 8.1, unit: "g/dL" });
  });

  it("still refuses grams per litre for a count, and a case-sensitive unit with no other reading", () => {
    const grams = convert(150, "g/L", "platelets");
    expect(grams.ok ? undefined : grams.reason).toMatch(/cannot express Platelet count/);
    const tera = convert(4, "T/L", "hemoglobin");
    expect(tera.ok ? undefined : tera.reason).toMatch(/cannot express Hemoglobin/);
  });
});

describe("a FHIR value that is there but cannot be read says why, not 'no value'", () => {
  const read = fhir;

  it("names a quoted number in valueQuantity.value and a valueRatio; an absent value is still missing", () => {
    const p = read(
      obs("a", "777-3", { valueQuantity: { value: "12", unit: "K/uL" } }),
      obs("b", "6301-6", { valueRatio: { numerator: { value: 2.1 } } }),
      obs("c", "777-3", { valueQuantity: { unit: "K/uL" } }),
      obs("d", "777-3", { valueQuantity: { value: 12, unit: "K/uL" } }),
    );
    expect(p?.labs.map((l) => [l.ref, l.value])).toEqual([["Observation/d", 12]]);
    expect(p?.rejected.map((x) => [x.ref, x.code, x.field, x.reason])).toEqual([
      [
        "Observation/a",
        "invalid-value",
        "valueQuantity.value",
        'Platelet count: valueQuantity.value "12" is not a JSON number (R4 writes a decimal as a number), so it is not read',
      ],
      [
        "Observation/b",
        "value-type",
        "valueRatio",
        "International normalized ratio: a valueRatio is not a result HemoSentinel reads (a number, a coded or written answer)",
      ],
      ["Observation/c", "missing-value", "valueQuantity", "Platelet count result has no value"],
    ]);
  });
});

describe("a D-dimer whose UCUM code cannot carry the basis its printed unit names", () => {
  // UCUM has no FEU or DDU: exports send {"unit": "ng/mL DDU", "code": "ng/mL"}. Before, the code alone was
  // read, so a DDU value under an FEU LOINC code was compared with FEU limits unconverted (half its FEU value).
  const dd = (id: string, hour: number, code: string, unit: string, ucum: string, value = 600) =>
    obs(id, code, {
      valueQuantity: { value, unit, system: "http://unitsofmeasure.org", code: ucum },
      effectiveDateTime: `2024-03-01T${String(hour).padStart(2, "0")}:00:00Z`,
    });

  it("refuses a DDU value under an FEU code, moves a basis-unknown code to its DDU lab, keeps FEU as FEU", () => {
    const p = fhir(
      dd("feu-code-ddu-unit", 8, "48065-7", "ng/mL DDU", "ng/mL"),
      dd("unknown-code-ddu-unit", 9, "7799-0", "ng/mL (DDU)", "ng/mL"),
      dd("feu-code-feu-unit", 10, "48065-7", "ug/mL FEU", "ug/mL", 1.2),
      dd("feu-code-plain", 11, "48065-7", "ng/mL", "ng/mL", 1200),
    );
    expect(p?.labs.map((l) => [l.ref, l.lab, l.value])).toEqual([
      ["Observation/unknown-code-ddu-unit", "d-dimer-ddu", 0.6],
      ["Observation/feu-code-feu-unit", "d-dimer-feu", 1.2],
      ["Observation/feu-code-plain", "d-dimer-feu", 1.2],
    ]);
    expect(p?.rejected.map((x) => [x.ref, x.code, x.reason])).toEqual([
      [
        "Observation/feu-code-ddu-unit",
        "unit-not-convertible",
        expect.stringContaining("reports D-dimer in DDU but D-dimer (fibrinogen-equivalent units) is FEU"),
      ],
    ]);
  });

  it("adds the basis only when the printed unit names one and the code has none (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("ng/mL", "ug/mL", "mg/L", "ug/L"),
        fc.constantFrom("FEU", "DDU", "feu", "D-DU"),
        fc.constantFrom(
          (u: string, b: string) => `${u} ${b}`,
          (u: string, b: string) => `${u} (${b})`,
          (u: string, b: string) => `${b} ${u}`,
        ),
        (code, basis, print) => {
          const named = basis.toUpperCase().replace("-", "");
          expect(withPrintedBasis(code, print(code, basis))).toBe(`${code}{${named}}`);
          expect(withPrintedBasis(`${code}{FEU}`, print(code, basis))).toBe(`${code}{FEU}`);
          expect(withPrintedBasis(code, code)).toBe(code);
          expect(withPrintedBasis(code, undefined)).toBe(code);
        },
      ),
    );
  });
});
