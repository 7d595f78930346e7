import { describe, expect, it } from "vitest";
import { labResult, observation as obs } from "../../../../../test/support/fhir-entries.js";
import { ingestOne } from "../../../../../test/support/fhir-one.js";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "case.json" };
const LOINC = "http://loinc.org";
const UCUM = "http://unitsofmeasure.org";
const V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

const qty = (value: number, code: string, extra: Record<string, unknown> = {}) => ({
  valueQuantity: { value, system: UCUM, code, ...extra },
});
const component = (code: string, value: Record<string, unknown>) => ({
  code: { coding: [{ system: LOINC, code }] },
  ...value,
});

function one(...resources: unknown[]) {
  const r = ingestOne(opts, ...resources);
  return { ...r, why: r.record.rejected.map((x) => [x.ref, x.code, x.field, x.reason]) };
}

describe("Observation components (a CBC or coagulation panel sent as one Observation)", () => {
  it("reads each catalogue lab of the panel at the panel's time, and names components it does not use", () => {
    const { record, why, stats } = one(
      obs("cbc", "58410-2", {
        component: [
          component("777-3", qty(12, "10*9/L")),
          component("718-7", qty(9, "g/dL")),
          component("788-0", qty(14, "%")),
        ],
      }),
    );
    expect(record.labs.map((l) => [l.ref, l.lab, l.value, l.unit, l.at])).toEqual([
      ["Observation/cbc#component[0]", "platelets", 12, "10*9/L", "2024-03-01T08:00:00Z"],
      ["Observation/cbc#component[1]", "hemoglobin", 9, "g/dL", "2024-03-01T08:00:00Z"],
    ]);
    expect(why).toEqual([
      [
        "Observation/cbc",
        "unknown-code",
        "component",
        "component not read, its code is not a lab HemoSentinel uses: component[2] LOINC 788-0",
      ],
    ]);
    // One resource, counted once: used because a component was.
    expect(stats).toMatchObject({ read: 2, used: 2, rejected: 0 });
  });

  it("rejects a component whose unit cannot be converted with its reason, and still reads the others", () => {
    const { record, why } = one(
      obs("coag", "34528-0", {
        component: [component("777-3", qty(12, "mg/dL")), component("6301-6", qty(1.4, "{INR}"))],
      }),
    );
    expect(record.labs.map((l) => [l.lab, l.value])).toEqual([["inr", 1.4]]);
    expect(why).toHaveLength(1);
    expect(why[0]?.slice(0, 3)).toEqual([
      "Observation/coag",
      "unit-not-convertible",
      "component[0].valueQuantity",
    ]);
  });

  it("rejects the panel when no component can be used; a component without value is named as data-absent", () => {
    const { record, why, stats } = one(
      obs("cbc", "58410-2", {
        component: [
          component("777-3", {
            dataAbsentReason: { coding: [{ code: "error", display: "Error" }] },
          }),
          component("718-7", { valueString: "clotted" }),
        ],
      }),
    );
    expect(record.labs).toEqual([]);
    expect(why.map((w) => w.slice(0, 3))).toEqual([
      ["Observation/cbc", "data-absent", "component[0].dataAbsentReason"],
      ["Observation/cbc", "value-type", "component[1].valueString"],
    ]);
    expect(stats).toMatchObject({ rejected: 1 });
  });

  it("applies the panel's status and interpretation to its components", () => {
    const dat = (id: string, status: string) =>
      obs(id, "24364-0", {
        status,
        interpretation: [{ coding: [{ system: V3, code: "POS" }] }],
        component: [component("1007-4", {})],
      });
    const { record, why } = one(dat("a", "final"), dat("b", "cancelled"));
    expect(record.labs.map((l) => [l.ref, l.qualitative])).toEqual([
      ["Observation/a#component[0]", "positive"],
    ]);
    expect(why).toEqual([["Observation/b", "not-final", "status", "status is cancelled"]]);
  });

  it("still counts an Observation whose components are all outside the catalogue as not used", () => {
    const { record, stats } = one(
      obs("bp", "85354-9", { component: [component("8480-6", qty(120, "mm[Hg]"))] }),
    );
    expect(record.rejected).toEqual([]);
    expect(stats).toMatchObject({ notUsed: 1 });
  });
});

describe("Observation status", () => {
  it("uses a preliminary platelet count and marks it preliminary", () => {
    const { record } = one(obs("p", "777-3", { status: "preliminary", ...qty(8, "10*9/L") }));
    expect(record.labs.map((l) => [l.value, l.preliminary])).toEqual([[8, true]]);
  });

  it("marks a result timed only by its report (issued, no effective time), and keeps it", () => {
    const { record } = one(
      obs("i", "777-3", {
        effectiveDateTime: undefined,
        issued: "2024-03-01T10:00:00Z",
        ...qty(8, "10*9/L"),
      }),
      obs("e", "777-3", {
        effectiveDateTime: "2024-03-02T08:00:00Z",
        issued: "2024-03-02T10:00:00Z",
        ...qty(9, "10*9/L"),
      }),
    );
    expect(record.labs.map((l) => [l.ref, l.at, l.issuedOnly])).toEqual([
      ["Observation/i", "2024-03-01T10:00:00Z", true],
      ["Observation/e", "2024-03-02T08:00:00Z", undefined],
    ]);
  });

  it("marks the components of a preliminary panel preliminary", () => {
    const { record } = one(
      obs("cbc", "58410-2", { status: "preliminary", component: [component("777-3", qty(8, "10*9/L"))] }),
    );
    expect(record.labs.map((l) => l.preliminary)).toEqual([true]);
  });

  it("lets a final result of the same id replace the preliminary one (no conflict)", () => {
    const { record, why } = one(
      obs("p", "777-3", { status: "preliminary", ...qty(8, "10*9/L") }),
      obs("p", "777-3", { status: "corrected", ...qty(80, "10*9/L") }),
    );
    expect(record.labs.map((l) => [l.value, l.preliminary])).toEqual([[80, undefined]]);
    expect(record.conflicts).toEqual([]);
    expect(why).toEqual([
      [
        "Observation/p",
        "not-final",
        "status",
        "preliminary Platelet count superseded by a final, amended or corrected version of the same Observation",
      ],
    ]);
  });

  it("lets a final result of the same test at the same time replace a preliminary one, in any order", () => {
    const { record, why } = one(
      obs("final", "777-3", qty(80, "10*9/L")),
      obs("prelim", "26515-7", { status: "preliminary", ...qty(8, "10*9/L") }),
    );
    expect(record.labs.map((l) => l.ref)).toEqual(["Observation/final"]);
    expect(record.conflicts).toEqual([]);
    expect(why.map((w) => w.slice(0, 2))).toEqual([["Observation/prelim", "not-final"]]);
  });

  it("keeps a preliminary result when the final one is of another time or another patient", () => {
    const { record } = one(
      obs("prelim", "777-3", { status: "preliminary", ...qty(8, "10*9/L") }),
      obs("later", "777-3", { effectiveDateTime: "2024-03-02T08:00:00Z", ...qty(30, "10*9/L") }),
      obs("other", "777-3", { subject: { reference: "Patient/p2" }, ...qty(30, "10*9/L") }),
      { resourceType: "Patient", id: "p2" },
    );
    expect(record.labs.map((l) => [l.ref, l.preliminary])).toEqual([
      ["Observation/prelim", true],
      ["Observation/later", undefined],
    ]);
  });

  it("rejects registered, cancelled and entered-in-error results with their status", () => {
    const { record, why } = one(
      obs("r", "777-3", { status: "registered", ...qty(8, "10*9/L") }),
      obs("c", "777-3", { status: "cancelled", ...qty(8, "10*9/L") }),
      obs("e", "777-3", { status: "entered-in-error", ...qty(8, "10*9/L") }),
    );
    expect(record.labs).toEqual([]);
    expect(why.map((w) => [w[0], w[1], w[3]])).toEqual([
      ["Observation/r", "not-final", "status is registered"],
      ["Observation/c", "not-final", "status is cancelled"],
      ["Observation/e", "not-final", "status is entered-in-error"],
    ]);
  });

  it("uses a result of unknown status (the source does not know it) and marks it so; a final one replaces it", () => {
    const { record, why } = one(obs("u", "777-3", { status: "unknown", ...qty(8, "10*9/L") }));
    expect(why).toEqual([]);
    expect(record.labs.map((l) => [l.value, l.statusUnknown, l.preliminary])).toEqual([[8, true, undefined]]);
    const panel = one(
      obs("cbc", "58410-2", { status: "unknown", component: [component("777-3", qty(8, "10*9/L"))] }),
    ).record;
    expect(panel.labs.map((l) => l.statusUnknown)).toEqual([true]);
    const replaced = one(
      obs("u", "777-3", { status: "unknown", ...qty(8, "10*9/L") }),
      obs("f", "777-3", { ...qty(80, "10*9/L") }),
    );
    expect(replaced.record.labs.map((l) => [l.ref, l.value, l.statusUnknown])).toEqual([
      ["Observation/f", 80, undefined],
    ]);
    expect(replaced.why.map((w) => [w[0], w[1], w[3]])).toEqual([
      [
        "Observation/u",
        "not-final",
        "status unknown: Platelet count superseded by a final, amended or corrected Platelet count at the same time",
      ],
    ]);
  });

  it("keeps a preliminary count when the final result of that test at that time holds no value (data absent)", () => {
    const { record, why } = one(
      obs("prelim", "777-3", { status: "preliminary", ...qty(8, "10*9/L") }),
      obs("lost", "777-3", { dataAbsentReason: { text: "specimen clotted" } }),
      obs("cbc", "58410-2", {
        component: [component("777-3", { dataAbsentReason: { text: "clotted" } })],
      }),
    );
    expect(record.labs.map((l) => [l.ref, l.value, l.preliminary])).toEqual([
      ["Observation/prelim", 8, true],
    ]);
    expect(why.map((w) => [w[0], w[1]])).toEqual([
      ["Observation/lost", "data-absent"],
      ["Observation/cbc", "data-absent"],
    ]);
  });
});

describe("valueQuantity whose printed unit and UCUM code disagree", () => {
  it("rejects the value with both units named instead of trusting one of them", () => {
    const { record, why } = one(
      obs("hb", "718-7", qty(9, "g/L", { unit: "g/dL" })),
      obs("plt", "777-3", qty(150, "/L", { unit: "10*3/uL" })),
      obs("cbc", "58410-2", { component: [component("777-3", qty(150, "10*9/L", { unit: "10*6/uL" }))] }),
    );
    expect(record.labs).toEqual([]);
    expect(why.map((w) => [w[0], w[1], w[2]])).toEqual([
      ["Observation/hb", "unit-conflict", "valueQuantity"],
      ["Observation/plt", "unit-conflict", "valueQuantity"],
      ["Observation/cbc", "unit-conflict", "component[0].valueQuantity"],
    ]);
    expect(why[0]?.[3]).toBe(
      'printed unit "g/dL" and coded unit "g/L" disagree for Hemoglobin (1 g/dL is 1 g/dL; 1 g/L is 0.1 g/dL): not read rather than guess which one the laboratory meant',
    );
  });

  it("reads the value when the two are spellings of one unit, or when the printed unit is only words", () => {
    const { record, why } = one(
      obs("a", "777-3", qty(150, "10*3/uL", { unit: "K/uL" })),
      obs("b", "777-3", {
        ...qty(140, "10*9/L", { unit: "x10E3/uL" }),
        effectiveDateTime: "2024-03-02T08:00:00Z",
      }),
      obs("c", "718-7", qty(9, "g/dL", { unit: "grams per decilitre" })),
      obs("d", "718-7", { ...qty(90, "g/L", { unit: "g/L" }), effectiveDateTime: "2024-03-02T08:00:00Z" }),
    );
    expect(why).toEqual([]);
    const byRef = [...record.labs].sort((x, y) => x.ref.localeCompare(y.ref));
    expect(byRef.map((l) => [l.ref, l.value, l.unit])).toEqual([
      ["Observation/a", 150, "10*9/L"],
      ["Observation/b", 140, "10*9/L"],
      ["Observation/c", 9, "g/dL"],
      ["Observation/d", 9, "g/dL"],
    ]);
  });
});

describe("Observation dated by a Timing (R4 effectiveTiming)", () => {
  it("reads the result at the earliest of its events; a Timing with no event is no date, said so", () => {
    const { record, why } = one(
      obs("timed", "777-3", {
        effectiveDateTime: undefined,
        effectiveTiming: { event: ["2024-03-02T09:00:00Z", "2024-03-02T07:30:00Z"] },
        ...qty(12, "10*9/L"),
      }),
      obs("untimed", "777-3", {
        effectiveDateTime: undefined,
        effectiveTiming: { repeat: { frequency: 1, period: 1, periodUnit: "d" } },
        ...qty(14, "10*9/L"),
      }),
    );
    expect(record.labs.map((l) => [l.ref, l.value, l.at])).toEqual([
      ["Observation/timed", 12, "2024-03-02T07:30:00Z"],
    ]);
    expect(why).toEqual([
      [
        "Observation/untimed",
        "missing-date",
        undefined,
        "no date: none of effectiveDateTime, effectivePeriod.start, effectivePeriod.end, effectiveInstant, effectiveTiming.event[0], issued is present",
      ],
    ]);
  });
});

describe("a lab result coded only in the laboratory's own system", () => {
  const local = (id: string, code: Record<string, unknown>) => obs(id, "x", { code, ...qty(9, "10*9/L") });
  it("is refused naming the lab its name is and the LOINC code that would let it be read, not counted as out of scope", () => {
    const { record, why, stats } = one(
      local("plt", {
        coding: [
          {
            system: "urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14",
            code: "1558",
            display: "PLATELET COUNT",
          },
        ],
        text: "Platelet count",
      }),
    );
    expect(record.labs).toEqual([]);
    expect(why).toEqual([
      [
        "Observation/plt",
        "unknown-code",
        "code",
        '"Platelet count" names a Platelet count result, but its code (urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14 1558 (PLATELET COUNT)) is not LOINC, so it is not read (a value is not taken on its name alone): map the laboratory\'s code to LOINC 777-3',
      ],
    ]);
    expect(stats).toMatchObject({ rejected: 1, notUsed: 0 });
  });

  it("leaves a local code whose name is no catalogue lab, and a LOINC code left out of the catalogue, as out of scope", () => {
    const { record, why, stats } = one(
      local("mpv", { coding: [{ system: "urn:local", code: "9", display: "Mean platelet volume" }] }),
      local("prp", {
        coding: [
          { system: LOINC, code: "13056-7", display: "Platelets [#/volume] in Plasma by Automated count" },
        ],
        text: "Platelet count",
      }),
    );
    expect([record.labs, why]).toEqual([[], []]);
    expect(stats).toMatchObject({ rejected: 0, notUsed: 2 });
  });
});

/**
 * The LOINC codes laboratories send for the labs the disorders read (automated, manual or estimated counts; PT/INR
 * and aPTT by method and specimen; D-dimer by reporting basis; the factor and ADAMTS13 assays; the smear and the
 * antiglobulin test), each with a unit as laboratories print it: read as the lab, in its canonical UCUM unit.
 */
describe("each LOINC code a laboratory sends for a lab the disorders read", () => {
  const read = (loinc: string, value: number | string, unit = "") =>
    ingestOne(opts, labResult("o", loinc, "2024-03-01", value, unit)).record.labs.map((l) => ({
      lab: l.lab,
      ...(l.value !== undefined && { value: l.value, unit: l.unit }),
      ...(l.qualitative !== undefined && { qualitative: l.qualitative }),
    }));

  it.each([
    ["777-3", 12, "10*9/L", "platelets", 12, "10*9/L"],
    ["26515-7", 12, "K/uL", "platelets", 12, "10*9/L"],
    ["778-1", 12, "x10E3/uL", "platelets", 12, "10*9/L"],
    ["49497-1", 12, "10^9/L", "platelets", 12, "10*9/L"],
    ["718-7", 95, "g/L", "hemoglobin", 9.5, "g/dL"],
    ["20509-6", 9.5, "g/dL", "hemoglobin", 9.5, "g/dL"],
    ["4679-7", 6.2, "%", "reticulocytes-pct", 6.2, "%"],
    ["14196-0", 180, "10*3/uL", "reticulocytes-abs", 180, "10*9/L"],
    ["5902-2", 14.2, "s", "pt", 14.2, "s"],
    ["5964-2", 14.2, "sec", "pt", 14.2, "s"],
    ["6301-6", 2.1, "{INR}", "inr", 2.1, "{INR}"],
    ["34714-6", 2.1, "", "inr", 2.1, "{INR}"],
    ["46418-0", 2.1, "{INR}", "inr", 2.1, "{INR}"],
    ["14979-9", 42, "s", "aptt", 42, "s"],
    ["3173-2", 42, "sec", "aptt", 42, "s"],
    ["3255-7", 120, "mg/dL", "fibrinogen", 1.2, "g/L"],
    ["48065-7", 800, "ng/mL", "d-dimer-feu", 0.8, "ug/mL"],
    ["48067-3", 0.8, "mg/L", "d-dimer-feu", 0.8, "ug/mL"],
    ["48066-5", 400, "ng/mL", "d-dimer-ddu", 0.4, "ug/mL"],
    ["48058-2", 0.4, "ug/mL", "d-dimer-ddu", 0.4, "ug/mL"],
    ["2532-0", 450, "U/L", "ldh", 450, "U/L"],
    ["14804-9", 450, "U/L", "ldh", 450, "U/L"],
    ["4542-7", 0.1, "g/L", "haptoglobin", 10, "mg/dL"],
    ["3209-4", 3, "IU/dL", "fviii-activity", 3, "%"],
    ["3209-4", 0.03, "U/mL", "fviii-activity", 3, "%"],
    ["3204-5", 12, "[beth'U]/mL", "fviii-inhibitor", 12, "[beth'U]/mL"],
    ["53622-7", 5, "%", "adamts13-activity", 5, "%"],
    ["53622-7", 0.05, "IU/mL", "adamts13-activity", 5, "%"],
  ])("LOINC %s, %s %s, is %s %s %s", (loinc, value, unit, lab, canonical, canonicalUnit) => {
    expect(read(loinc, value, unit)).toEqual([{ lab, value: canonical, unit: canonicalUnit }]);
  });

  it.each([
    ["1007-4", "Positive", "dat"],
    ["13946-9", "Positive", "dat"],
    ["1006-6", "Positive", "dat-igg"],
    ["1004-1", "Positive", "dat-c3"],
    ["800-3", "Present", "schistocytes"],
    ["104779-4", "Present", "schistocytes"],
    ["10374-7", "Present", "schistocytes"],
  ])("LOINC %s, %s, is %s positive", (loinc, value, lab) => {
    expect(read(loinc, value)).toEqual([{ lab, qualitative: "positive" }]);
  });

  it("a near-miss code is not read as its neighbour: the mean platelet volume is no count, a PT ratio no INR", () => {
    expect(read("32623-1", 10.4, "fL")).toEqual([]);
    expect(read("5894-1", 1.3, "{ratio}").map((l) => l.lab)).toEqual(["pt-ratio"]);
  });
});

describe("an Observation whose valueQuantity is null", () => {
  it("is reported as a record with no value, never a crash", () => {
    const { record } = one(obs("o", "777-3", { valueQuantity: null }));
    expect(record.labs).toEqual([]);
    expect(record.rejected.map((x) => x.ref)).toContain("Observation/o");
  });
});

describe("an Observation whose referenceRange is not a list of ranges", () => {
  it.each([
    ["a number", -820576179],
    ["a string", "Xid"],
    ["a list holding null", [null]],
    ["a range whose type is null", [{ type: null, low: { value: 2, unit: "g/L" } }]],
    ["a range whose type's coding is a number", [{ type: { coding: 5 }, low: { value: 2, unit: "g/L" } }]],
  ])("reads the value without a range when it is %s, never a crash", (_, referenceRange) => {
    const { record, why } = one(
      obs("o", "3255-7", { valueQuantity: { value: 3.2, unit: "g/L" }, referenceRange }),
    );
    expect(record.labs.map((l) => [l.lab, l.value, l.refLow])).toEqual([["fibrinogen", 3.2, undefined]]);
    expect(why).toEqual([]);
  });

  it("still reads a normal range listed after a malformed one", () => {
    const { record } = one(
      obs("o", "3255-7", {
        valueQuantity: { value: 3.2, unit: "g/L" },
        referenceRange: [null, { low: { value: 2, unit: "g/L" }, high: { value: 4, unit: "g/L" } }],
      }),
    );
    expect(record.labs.map((l) => [l.refLow, l.refHigh])).toEqual([[2, 4]]);
  });
});
