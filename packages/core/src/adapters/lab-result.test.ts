import { describe, expect, it } from "vitest";
import { catalogueLab, labReadContext } from "../../../../test/support/test-vocabulary.js";
import { parseNumberText, parseQuantityText, type RawLab, readLabValue } from "./lab-result.js";

const ctx = labReadContext;
const lab = catalogueLab;
const raw = (id: string, value: RawLab["value"], extra: Partial<RawLab> = {}): RawLab => ({
  ref: "Observation/x",
  lab: lab(id),
  loinc: lab(id).loinc[0] ?? "",
  at: "2024-03-01T08:00:00Z",
  value,
  ...extra,
});

describe("parseNumberText", () => {
  it.each([
    ["12", { value: 12 }],
    [" 12.5 ", { value: 12.5 }],
    ["1,5", { value: 1.5 }],
    ["<5", { value: 5, comparator: "<" }],
    ["≤ 0.4", { value: 0.4, comparator: "<=" }],
    [">=100", { value: 100, comparator: ">=" }],
  ])("reads %s", (text, expected) => {
    expect(parseNumberText(text)).toEqual(expected);
  });
  it.each(["positive", "12 mg", "", "1.2.3", "<"])("does not read %s as a number", (text) => {
    expect(parseNumberText(text)).toBeUndefined();
  });
});

describe("parseQuantityText", () => {
  it("splits a number and the unit written after it, keeping the comparator", () => {
    expect(parseQuantityText("<10 x10^9/L")).toEqual({ value: 10, comparator: "<", unit: "x10^9/L" });
    expect(parseQuantityText("1,5 mg/L FEU")).toEqual({ value: 1.5, unit: "mg/L FEU" });
  });

  it("does not take a comment in brackets, or a bare number, for a unit", () => {
    expect(parseQuantityText("12 (clumped)")).toBeUndefined();
    expect(parseQuantityText("12")).toBeUndefined();
    expect(parseQuantityText("see comment")).toBeUndefined();
  });
});

describe("readLabValue: quantities", () => {
  it("converts the value and the source reference range to the canonical unit", () => {
    const r = readLabValue(
      raw(
        "platelets",
        { quantity: { value: 12, unit: "K/uL" } },
        { refLow: { value: 150, unit: "K/uL" }, refHigh: { value: 400 } },
      ),
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      result: {
        ref: "Observation/x",
        lab: "platelets",
        loinc: "777-3",
        at: "2024-03-01T08:00:00Z",
        value: 12,
        unit: "10*9/L",
        refLow: 150,
        refHigh: 400,
        original: { value: 12, unit: "K/uL" },
      },
    });
  });

  it("keeps a censoring comparator (<5 % ADAMTS13 activity)", () => {
    const r = readLabValue(raw("adamts13-activity", { text: "<5" }, {}), ctx);
    expect(r.ok).toBe(false); // a number written as text still needs its unit
    const q = readLabValue(
      raw("adamts13-activity", { quantity: { value: 5, unit: "%", comparator: "<" } }),
      ctx,
    );
    expect(q.ok && q.result.comparator).toBe("<");
  });

  it("rejects implausible values with the range it checked", () => {
    const neg = readLabValue(raw("platelets", { quantity: { value: -3, unit: "10*9/L" } }), ctx);
    expect(neg.ok ? undefined : neg.rejection.code).toBe("implausible-value");
    const huge = readLabValue(raw("platelets", { quantity: { value: 1e9, unit: "10*9/L" } }), ctx);
    expect(huge.ok ? undefined : huge.rejection.reason).toMatch(
      /outside the physiologically possible range 0–5000/,
    );
  });

  it("accepts the plausible bounds themselves", () => {
    expect(readLabValue(raw("platelets", { quantity: { value: 0, unit: "10*9/L" } }), ctx).ok).toBe(true);
    expect(readLabValue(raw("platelets", { quantity: { value: 5000, unit: "10*9/L" } }), ctx).ok).toBe(true);
  });

  it("rejects a count above zero but below what any method detects (a unit sent wrong), on both sides of 0.1 ×10⁹/L", () => {
    const read = (value: number, unit: string, comparator?: string) =>
      readLabValue(raw("platelets", { quantity: { value, unit, ...(comparator && { comparator }) } }), ctx);
    const wrong = read(35, "/uL");
    expect(wrong.ok ? undefined : wrong.rejection).toMatchObject({
      code: "implausible-value",
      reason: expect.stringMatching(
        /0\.035 10\*9\/L is above zero but below the lowest count any method detects \(0\.1 10\*9\/L\): check the unit sent \("\/uL"\)/,
      ),
    });
    expect(read(0.09, "10*9/L").ok).toBe(false);
    expect(read(0.1, "10*9/L").ok).toBe(true);
    expect(read(0, "/L").ok).toBe(true);
    expect(read(35000, "/uL").ok).toBe(true);
    expect(read(0.05, "10*9/L", "<").ok).toBe(true);
  });

  it("reports unit-not-convertible with the converter's reason", () => {
    const r = readLabValue(raw("platelets", { quantity: { value: 10, unit: "g/dL" } }), ctx);
    expect(r.ok ? undefined : r.rejection).toMatchObject({
      code: "unit-not-convertible",
      reason: expect.stringMatching(/g\/dL/),
    });
  });

  it("moves a basis-unknown D-dimer to the FEU lab when the unit names FEU", () => {
    const r = readLabValue(raw("d-dimer-unspecified", { quantity: { value: 800, unit: "ng/mL FEU" } }), ctx);
    expect(r.ok && [r.result.lab, r.result.value, r.result.loinc]).toEqual(["d-dimer-feu", 0.8, "7799-0"]);
  });

  it("rejects an unsupported comparator", () => {
    const r = readLabValue(
      raw("platelets", { quantity: { value: 10, unit: "10*9/L", comparator: "ad" } }),
      ctx,
    );
    expect(r.ok ? undefined : r.rejection.code).toBe("unsupported-comparator");
  });
});

describe("readLabValue: positive / negative results", () => {
  const reading = (id: string, value: RawLab["value"]) => {
    const r = readLabValue(raw(id, value), ctx);
    return r.ok ? r.result.qualitative : r.rejection.code;
  };

  it.each([
    ["Positive", "positive"],
    ["2+", "positive"],
    ["Not detected", "negative"],
    ["NEGATIVE", "negative"],
    ["Negative (qualifier value)", "negative"],
    ["Positive, IgG 3+", "positive"],
  ])("reads the text %s", (text, expected) => {
    expect(reading("dat", { text })).toBe(expected);
  });

  it("reads answer codes before their display text", () => {
    expect(
      reading("schistocytes", {
        codings: [{ system: "http://snomed.info/sct", code: "260373001", display: "whatever" }],
      }),
    ).toBe("positive");
  });

  it("reads a lab's own words (aPTT mixing study: not corrected = positive)", () => {
    expect(reading("aptt-mixing-study", { text: "Not corrected" })).toBe("positive");
    expect(reading("aptt-mixing-study", { text: "corrected" })).toBe("negative");
  });

  it("rejects vague, unknown, numeric-only and empty answers with distinct codes", () => {
    expect(reading("schistocytes", { text: "rare" })).toBe("ambiguous-value");
    expect(reading("dat", { text: "see lab" })).toBe("unrecognised-value");
    expect(reading("pf4-heparin-antibody", { quantity: { value: 0.9 } })).toBe("value-type");
    expect(reading("dat", {})).toBe("missing-value");
  });

  it("uses the laboratory's interpretation when a qualitative lab sent a number", () => {
    const interpretation = [
      { system: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", code: "POS" },
    ];
    expect(reading("pf4-heparin-antibody", { quantity: { value: 1.2 }, interpretation })).toBe("positive");
  });

  it("reads a positive inhibitor screen for a titre lab that accepts positive/negative", () => {
    expect(reading("fviii-inhibitor", { text: "Positive" })).toBe("positive");
    expect(reading("platelets", { text: "Positive" })).toBe("value-type");
  });
});

describe("readLabValue: the abnormal flag printed after the number", () => {
  it("uses a value whose flag contradicts the laboratory's own range, naming where it lies, on both sides of each limit", () => {
    const read = (text: string) =>
      readLabValue(
        {
          ref: "r",
          lab: lab("platelets"),
          loinc: "777-3",
          at: "2026-03-04",
          value: { text },
          refLow: { value: 150, unit: "K/uL" },
          refHigh: { value: 400, unit: "K/uL" },
        },
        ctx,
      );
    const against = (text: string) => {
      const r = read(text);
      return r.ok ? (r.result.flag?.against ?? "agrees") : r.rejection.code;
    };
    const high = read("12 H"); // no unit: the range's unit applies
    expect(high.ok ? high.result : undefined).toMatchObject({
      value: 12,
      refLow: 150,
      refHigh: 400,
      flag: { code: "H", source: "printed", against: "below" },
    });
    expect(against("149 H")).toBe("below");
    expect(against("150 H")).toBe("within");
    expect(against("401 H")).toBe("agrees");
    expect(against("400 L")).toBe("within");
    expect(against("401 L")).toBe("above");
    expect(against("149 L")).toBe("agrees");
    expect(against("12 A")).toBe("agrees");
    expect(against("200 A")).toBe("within");
    expect(against("12*")).toBe("agrees"); // the asterisk names no side
  });
});
