/**
 * Observation.interpretation (HL7 ObservationInterpretation: L, LL, H, HH, A, AA, N) on a numeric result.
 * L means below the lower limit of the laboratory's reference range, H above its upper limit, N within it and A
 * outside it; LL and HH are kinds of L and H, AA of A. The value is the measurement and the code the laboratory's
 * reading of it: the value is always used. With no reference range sent, the code is kept and quoted with the
 * value, and no range is invented from it. With a range sent, a code that contradicts it (N or H on a platelet
 * count of 8 below 150–400) is kept with the value, named where the value is quoted and listed in the report's
 * cautions: refusing the value would silence a critical count. A printed flag is read the same way.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestOne } from "../../../../../test/support/fhir-one.js";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { labCaveat } from "../../engine/display.js";
import { codedFlag, codedInterpretation } from "../lab-result.js";

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
    flags: record.labs.map((l) => l.flag),
    caveats: record.labs.map((l) => labCaveat(l)),
    why: record.rejected.map((x) => [x.code, x.reason]),
  };
}

describe("an interpretation code and no reference range", () => {
  it("reads the value as sent, invents no range from the code, and quotes the code with the value", () => {
    for (const code of ["L", "LL", "H", "HH", "A", "AA", "N"]) {
      const { labs, flags, caveats, why } = one(platelets(12, { interpretation: interp(code) }));
      expect(labs, code).toEqual([["platelets", 12, undefined, undefined]]);
      expect(flags, code).toEqual([{ code, source: "interpretation" }]);
      expect(caveats[0], code).toContain(`laboratory interpretation ${code} (`);
      expect(caveats[0], code).toContain("no reference range sent");
      expect(why, code).toEqual([]);
    }
    expect(one(platelets(8, { interpretation: interp("LL") })).caveats).toEqual([
      " (laboratory interpretation LL (critical low), no reference range sent)",
    ]);
  });

  it("quotes nothing for a code outside the normality family, a bare code, or none", () => {
    for (const interpretation of [interp("POS"), interp("H", null), undefined]) {
      const { flags, caveats } = one(platelets(12, interpretation === undefined ? {} : { interpretation }));
      expect(flags).toEqual([undefined]);
      expect(caveats).toEqual([""]);
    }
  });
});

describe("an interpretation code that disagrees with the reference range sent", () => {
  it("uses a critical count interpreted N or H below the range, naming the contradiction with the value", () => {
    for (const code of ["N", "H", "HH"]) {
      const { labs, flags, caveats, why } = one(
        platelets(8, { interpretation: interp(code), referenceRange: range(150, 400) }),
      );
      expect(labs, code).toEqual([["platelets", 8, 150, 400]]);
      expect(flags, code).toEqual([{ code, source: "interpretation", against: "below" }]);
      expect(caveats[0], code).toContain(
        "but the value lies below the laboratory's reference range 150–400 ×10⁹/L: used as measured; check the value against the flag",
      );
      expect(why, code).toEqual([]);
    }
  });

  it("uses a normal count interpreted L, LL or A, naming the value as within the range", () => {
    for (const code of ["L", "LL", "A", "AA"]) {
      const { labs, flags, caveats } = one(
        platelets(250, { interpretation: interp(code), referenceRange: range(150, 400) }),
      );
      expect(labs, code).toEqual([["platelets", 250, 150, 400]]);
      expect(flags, code).toEqual([{ code, source: "interpretation", against: "within" }]);
      expect(caveats[0], code).toContain("but the value lies within the laboratory's reference range");
    }
    const above = one(platelets(500, { interpretation: interp("LL"), referenceRange: range(150, 400) }));
    expect(above.flags).toEqual([{ code: "LL", source: "interpretation", against: "above" }]);
  });

  it("reads a code that agrees with the range without a caveat: the range already says it", () => {
    for (const [value, code] of [
      [12, "L"],
      [12, "LL"],
      [450, "H"],
      [12, "A"],
      [450, "AA"],
      [250, "N"],
      // The limits belong to the range: 150 and 400 flagged N agree with it.
      [150, "N"],
      [400, "N"],
    ] as const) {
      const { labs, flags, caveats, why } = one(
        platelets(value, { interpretation: interp(code), referenceRange: range(150, 400) }),
      );
      expect(labs, code).toEqual([["platelets", value, 150, 400]]);
      expect(flags, code).toEqual([{ code, source: "interpretation" }]);
      expect(caveats, code).toEqual([""]);
      expect(why, code).toEqual([]);
    }
  });

  it("checks each limit on both sides of its cut-off", () => {
    const against = (value: number, code: string) =>
      one(platelets(value, { interpretation: interp(code), referenceRange: range(150, 400) })).flags[0]
        ?.against;
    expect(against(149, "N")).toBe("below");
    expect(against(150, "N")).toBeUndefined();
    expect(against(400, "N")).toBeUndefined();
    expect(against(401, "N")).toBe("above");
    expect(against(149, "H")).toBe("below");
    expect(against(150, "H")).toBe("within");
    expect(against(401, "H")).toBeUndefined();
    expect(against(400, "L")).toBe("within");
    expect(against(401, "L")).toBe("above");
    expect(against(149, "L")).toBeUndefined();
  });

  it("does not read a bare code with no system, nor a panel's interpretation lent to one component", () => {
    const bare = one(platelets(12, { interpretation: interp("H", null), referenceRange: range(150, 400) }));
    expect(bare.flags, "bare").toEqual([undefined]);
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
    expect(panel.flags, "panel").toEqual([undefined]);
    expect(panel.why, "panel").toEqual([]);
  });

  it("a value is always used; the contradiction is named exactly when the code's meaning disagrees with the range (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 900 }),
        fc.constantFrom("L", "LL", "LU", "H", "HH", "HU", "A", "AA", "N"),
        (value, code) => {
          const { labs, flags, why } = one(
            platelets(value, { interpretation: interp(code), referenceRange: range(150, 400) }),
          );
          const below = value < 150;
          const above = value > 400;
          const contradicts =
            code === "N"
              ? below || above
              : code.startsWith("L")
                ? !below
                : code.startsWith("H")
                  ? !above
                  : !below && !above;
          expect(why, `${value} ${code}`).toEqual([]);
          expect(labs.length).toBe(1);
          expect(flags[0]?.against !== undefined, `${value} ${code}`).toBe(contradicts);
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

  it("codedInterpretation keeps N and A, prefers the code with a side to A, and drops codes that disagree", () => {
    expect(codedInterpretation([{ system: V3, code: "N" }])).toBe("N");
    expect(codedInterpretation([{ system: V3, code: "aa" }])).toBe("AA");
    expect(
      codedInterpretation([
        { system: V3, code: "A" },
        { system: V3, code: "LL" },
      ]),
    ).toBe("LL");
    expect(
      codedInterpretation([
        { system: V3, code: "N" },
        { system: V3, code: "L" },
      ]),
    ).toBeUndefined();
    expect(
      codedInterpretation([
        { system: V3, code: "N" },
        { system: V3, code: "A" },
      ]),
    ).toBeUndefined();
    expect(codedInterpretation([{ system: V3, code: "POS" }])).toBeUndefined();
  });
});
