/**
 * Observation.interpretation (HL7 ObservationInterpretation: L, LL, H, HH, A, AA, N) on a numeric result.
 * L means below the lower limit of the laboratory's reference range and H above its upper limit; LL and HH
 * are kinds of them. With no reference range sent, the flag names no number: the value is read as sent and
 * no range is invented from the flag. With a range sent, a direction that contradicts it (H on a value below
 * the range) means the value or the interpretation belongs to another result: the value is rejected with
 * that reason, as a printed flag that contradicts the range is.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestOne } from "../../../../../test/support/fhir-one.js";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { codedFlag } from "../lab-result.js";

const V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "export.json" };
/** The interpretation codes of one result; `null` sends the code with no system. */
const interp = (code: string, system: string | null = V3) => [
  { coding: [{ ...(system !== null && { system }), code }] },
];
const platelets = (value: number, fields: Record<string, unknown> = {}) => ({
  resourceType: "Observation",
  id: "o",
  status: "final",
  code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
  subject: { reference: "Patient/p1" },
  effectiveDateTime: "2024-03-01T08:00:00Z",
  valueQuantity: { value, unit: "10*9/L" },
  ...fields,
});
const range = (low: number, high: number) => [
  { low: { value: low, unit: "10*9/L" }, high: { value: high, unit: "10*9/L" } },
];

function one(...resources: unknown[]) {
  const { record } = ingestOne(opts, ...resources);
  return {
    labs: record.labs.map((l) => [l.lab, l.value, l.refLow, l.refHigh]),
    why: record.rejected.map((x) => [x.code, x.reason]),
  };
}

describe("an interpretation code and no reference range", () => {
  it("reads the value as sent and invents no range from the flag (L, LL, H, HH, A)", () => {
    for (const code of ["L", "LL", "H", "HH", "A", "AA"]) {
      const { labs, why } = one(platelets(12, { interpretation: interp(code) }));
      expect(labs, code).toEqual([["platelets", 12, undefined, undefined]]);
      expect(why, code).toEqual([]);
    }
  });
});

describe("an interpretation code that disagrees with the reference range sent", () => {
  it("rejects a count interpreted H below the range, or LL above it, naming the code and the range", () => {
    const high = one(platelets(12, { interpretation: interp("H"), referenceRange: range(150, 400) }));
    expect(high.labs).toEqual([]);
    expect(high.why).toEqual([
      [
        "invalid-value",
        "Platelet count 12 10*9/L is interpreted H (HL7 ObservationInterpretation) but lies below the laboratory's range (150–400 10*9/L): the value or the flag belongs to another result",
      ],
    ]);
    const low = one(platelets(500, { interpretation: interp("LL"), referenceRange: range(150, 400) }));
    expect(low.why.map((w) => w[0])).toEqual(["invalid-value"]);
  });

  it("reads a count whose interpretation agrees with the range, or names no direction (A, N)", () => {
    for (const [value, code] of [
      [12, "L"],
      [12, "LL"],
      [450, "H"],
      [12, "A"],
      [12, "N"],
    ] as const) {
      const { labs, why } = one(
        platelets(value, { interpretation: interp(code), referenceRange: range(150, 400) }),
      );
      expect(labs, code).toEqual([["platelets", value, 150, 400]]);
      expect(why, code).toEqual([]);
    }
  });

  it("does not read a bare code with no system, nor a panel's interpretation lent to one component", () => {
    const bare = one(platelets(12, { interpretation: interp("H", null), referenceRange: range(150, 400) }));
    expect(bare.why, "bare").toEqual([]);
    const panel = one({
      resourceType: "Observation",
      id: "cbc",
      status: "final",
      code: { coding: [{ system: "http://loinc.org", code: "58410-2" }] },
      subject: { reference: "Patient/p1" },
      effectiveDateTime: "2024-03-01T08:00:00Z",
      // The panel is flagged high for its white cells; its platelet component is low.
      interpretation: interp("H"),
      component: [
        {
          code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
          valueQuantity: { value: 12, unit: "10*9/L" },
          referenceRange: range(150, 400),
        },
      ],
    });
    expect(panel.labs).toEqual([["platelets", 12, 150, 400]]);
    expect(panel.why, "panel").toEqual([]);
  });

  it("a value is rejected exactly when its own direction code contradicts the range (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 900 }),
        fc.constantFrom("L", "LL", "LU", "H", "HH", "HU", "A", "N"),
        (value, code) => {
          const { labs, why } = one(
            platelets(value, { interpretation: interp(code), referenceRange: range(150, 400) }),
          );
          const contradicts = (code.startsWith("L") && value > 400) || (code.startsWith("H") && value < 150);
          expect(why.length, `${value} ${code}`).toBe(contradicts ? 1 : 0);
          expect(labs.length).toBe(contradicts ? 0 : 1);
        },
      ),
    );
  });
});

describe("codedFlag", () => {
  it("reads HL7's systems, the longest of agreeing codes, and nothing from codes that disagree", () => {
    expect(codedFlag([{ system: V3, code: "HH" }])).toBe("HH");
    expect(codedFlag([{ system: "http://terminology.hl7.org/CodeSystem/v2-0078", code: "L" }])).toBe("L");
    expect(codedFlag([{ system: "urn:oid:2.16.840.1.113883.5.83", code: "h" }])).toBe("H");
    expect(
      codedFlag([
        { system: V3, code: "H" },
        { system: V3, code: "HH" },
      ]),
    ).toBe("HH");
    expect(
      codedFlag([
        { system: V3, code: "H" },
        { system: V3, code: "L" },
      ]),
    ).toBeUndefined();
    expect(codedFlag([{ code: "H" }])).toBeUndefined();
    expect(codedFlag([{ system: V3, code: "A" }])).toBeUndefined();
  });
});
