import { describe, expect, it } from "vitest";
import { contextDrug, day, record } from "../../../../../test/support/record.js";
import { loadCtcaeRules } from "../../../../knowledge/src/sources.js";
import type { LabResult } from "../../contracts/model.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import type { Anticoagulation } from "./anticoagulation.js";
import { gradeRecord, gradeValue, unitLabel } from "./ctcae.js";

const rules = loadCtcaeRules();

/** Catalogue entries as the lab catalogue would give them (reference ranges for these tests only). */
const LABS: Record<string, LabDefinition> = Object.fromEntries(
  (
    [
      ["platelets", "10*9/L", 150, 400],
      ["hemoglobin", "g/dL", 12, 16],
      ["anc", "10*9/L", 2, 7.5],
      ["wbc", "10*9/L", 4, 11],
      ["lymphocytes", "10*9/L", 1, 4],
      ["inr", "{INR}", 0.8, 1.2],
      ["aptt", "s", 25, 35],
      ["fibrinogen", "g/L", 2, 4],
      ["haptoglobin", "mg/dL", 30, 200],
      ["ldh", "U/L", 120, 250],
      ["bilirubin-total", "mg/dL", 0.2, 1.2],
      ["creatinine", "mg/dL", 0.6, 1.2],
    ] as const
  ).map(([id, unit, low, high]) => [
    id,
    { id, name: id, unit, kind: "quantity", reference: { low, high, sourceIds: [`catalogue-${id}`] } },
  ]),
);
const labs = (id: string) => LABS[id];

let n = 0;
function lab(id: string, value: number, extra: Partial<LabResult> = {}): LabResult {
  n += 1;
  return {
    ref: `Observation/${id}-${n}`,
    lab: id,
    loinc: "0-0",
    at: "2024-03-10T08:00:00Z",
    value,
    unit: LABS[id]?.unit,
    original: { value },
    ...extra,
  };
}

const ON: Anticoagulation = { on: true, refs: ["MedicationStatement/warfarin"] };
const OFF: Anticoagulation = { on: false, refs: [] };

/** gradeValue with these rules and the catalogue entry of the result's own lab. */
function gradeResult(term: string, result: LabResult, baseline?: LabResult, ac?: Anticoagulation) {
  return gradeValue(term, result, baseline, rules, labs(result.lab), ac);
}

function grade(
  term: string,
  value: number,
  opts: { baseline?: number; result?: Partial<LabResult>; anticoagulated?: boolean } = {},
) {
  const rule = rules.terms.find((t) => t.term === term);
  if (rule?.kind !== "lab") throw new Error(term);
  const base = opts.baseline === undefined ? undefined : lab(rule.lab, opts.baseline, { at: "2024-01-01" });
  const ac = opts.anticoagulated === undefined ? undefined : opts.anticoagulated ? ON : OFF;
  return gradeResult(term, lab(rule.lab, value, opts.result), base, ac)?.grade;
}

/**
 * Every cut-off of every laboratory term, at the cut-off and just past it (CTCAE v5.0 compares strictly:
 * "<75.0 - 50.0 x 10e9 /L" makes 75 grade 1 and 74.9 grade 2). Limits are the catalogue ranges above.
 */
// biome-ignore format: one row per term reads as the CTCAE table does
const BOUNDARIES: readonly { term: string; baseline?: number; anticoagulated?: boolean; cases: readonly (readonly [number, number])[] }[] = [
  // LLN 150
  { term: "platelet-count-decreased", cases: [[150, 0], [149.9, 1], [75, 1], [74.9, 2], [50, 2], [49.9, 3], [25, 3], [24.9, 4]] },
  // LLN 12 g/dL
  { term: "anemia", cases: [[12, 0], [11.9, 1], [10, 1], [9.9, 2], [8, 2], [7.9, 3], [3, 3]] },
  // LLN 2.0
  { term: "neutrophil-count-decreased", cases: [[2, 0], [1.99, 1], [1.5, 1], [1.49, 2], [1, 2], [0.99, 3], [0.5, 3], [0.49, 4]] },
  // LLN 4.0
  { term: "white-blood-cell-decreased", cases: [[4, 0], [3.9, 1], [3, 1], [2.9, 2], [2, 2], [1.9, 3], [1, 3], [0.9, 4]] },
  // LLN 1.0
  { term: "lymphocyte-count-decreased", cases: [[1, 0], [0.9, 1], [0.8, 1], [0.79, 2], [0.5, 2], [0.49, 3], [0.2, 3], [0.19, 4]] },
  // Absolute INR cut-offs, on and off anticoagulation; baseline 1.2 keeps the x baseline readings (1.2 / 1.8 / 3.0) out of the way.
  { term: "inr-increased", baseline: 1.2, anticoagulated: true, cases: [[1.2, 0], [1.21, 1], [1.5, 1], [1.51, 2], [2.5, 2], [2.51, 3]] },
  { term: "inr-increased", baseline: 1.2, anticoagulated: false, cases: [[1.2, 0], [1.21, 1], [1.5, 1], [1.51, 2], [2.5, 2], [2.51, 3]] },
  // Off anticoagulation no baseline is needed: 1.2 is grade 0.
  { term: "inr-increased", anticoagulated: false, cases: [[1.2, 0], [1.21, 1], [1.5, 1], [1.51, 2], [2.5, 2], [2.51, 3]] },
  // x baseline INR cut-offs on anticoagulation: baseline 0.8 → 0.8 / 1.2 / 2.0.
  { term: "inr-increased", baseline: 0.8, anticoagulated: true, cases: [[0.8, 0], [0.81, 1], [1.2, 1], [1.21, 2], [2, 2], [2.01, 3]] },
  // The same values off anticoagulation: the absolute cut-offs alone (CTCAE: x baseline only "if on anticoagulation").
  { term: "inr-increased", baseline: 0.8, anticoagulated: false, cases: [[0.8, 0], [0.81, 0], [1.2, 0], [1.21, 1], [2, 2], [2.01, 2], [2.5, 2], [2.51, 3]] },
  // ULN 35 s → 52.5 / 87.5; CTCAE has no "if on anticoagulation" reading for aPTT: heparin changes nothing.
  { term: "activated-partial-thromboplastin-time-prolonged", cases: [[35, 0], [35.1, 1], [52.5, 1], [52.6, 2], [87.5, 2], [87.6, 3]] },
  { term: "activated-partial-thromboplastin-time-prolonged", anticoagulated: true, cases: [[35, 0], [35.1, 1], [52.5, 1], [52.6, 2], [87.5, 2], [87.6, 3]] },
  // LLN 2.0 g/L → 1.5 / 1.0 / 0.5; no baseline.
  { term: "fibrinogen-decreased", cases: [[2, 0], [1.99, 1], [1.5, 1], [1.49, 2], [1, 2], [0.99, 3], [0.5, 3], [0.49, 4]] },
  // % decrease while below LLN: baseline 2.4 → -25% at 1.8, -50% at 1.2, -75% at 0.6.
  { term: "fibrinogen-decreased", baseline: 2.4, cases: [[1.81, 1], [1.8, 2], [1.21, 2], [1.2, 3], [0.61, 3], [0.6, 4]] },
  // A 25% decrease does not count while the value is within normal limits (CTCAE "if abnormal").
  { term: "fibrinogen-decreased", baseline: 4, cases: [[3, 0], [2, 0]] },
  // LLN 30 mg/dL; ULN 250 U/L
  { term: "haptoglobin-decreased", cases: [[30, 0], [29.9, 1], [1, 1]] },
  { term: "blood-lactate-dehydrogenase-increased", cases: [[250, 0], [250.1, 1], [5000, 1]] },
  // Baseline normal (0.8 ≤ ULN 1.2): x ULN → 1.2 / 1.8 / 3.6 / 12.
  { term: "blood-bilirubin-increased", baseline: 0.8, cases: [[1.2, 0], [1.21, 1], [1.8, 1], [1.81, 2], [3.6, 2], [3.61, 3], [12, 3], [12.1, 4]] },
  // Baseline abnormal (2.0 > ULN 1.2): x baseline → 2.0 / 3.0 / 6.0 / 20; above ULN but not above baseline is 0.
  { term: "blood-bilirubin-increased", baseline: 2, cases: [[1.5, 0], [2, 0], [2.01, 1], [3, 1], [3.01, 2], [6, 2], [6.01, 3], [20, 3], [20.1, 4]] },
  // x ULN creatinine (ULN 1.2 → 1.8 / 3.6 / 7.2); baseline 2.0 puts x baseline at 3.0 / 6.0.
  { term: "creatinine-increased", baseline: 2, cases: [[1.2, 0], [1.21, 1], [1.8, 1], [1.81, 2], [3.6, 2], [3.61, 3], [7.2, 3], [7.21, 4]] },
  // x baseline creatinine: baseline 0.5 → 0.75 / 1.5; grade 2 even within the normal range.
  { term: "creatinine-increased", baseline: 0.5, cases: [[0.75, 0], [0.76, 2], [1.5, 2], [1.51, 3]] },
];

describe("gradeValue: boundaries of every cut-off", () => {
  for (const b of BOUNDARIES) {
    const ac =
      b.anticoagulated === undefined
        ? ""
        : b.anticoagulated
          ? ", on anticoagulation"
          : ", off anticoagulation";
    it.each(b.cases)(
      `${b.term}${b.baseline === undefined ? "" : ` (baseline ${b.baseline})`}${ac}: %s → grade %s`,
      (value, g) => {
        const opts = {
          ...(b.baseline === undefined ? {} : { baseline: b.baseline }),
          ...(b.anticoagulated === undefined ? {} : { anticoagulated: b.anticoagulated }),
        };
        expect(grade(b.term, value, opts)).toBe(g);
      },
    );
  }

  it("fibrinogen below the absolute 0.5 g/L (50 mg/dL) is grade 4 even where 0.25 × LLN is lower", () => {
    const low = { result: { refLow: 1.5 } }; // 0.25 × LLN = 0.375
    expect(grade("fibrinogen-decreased", 0.5, low)).toBe(3);
    expect(grade("fibrinogen-decreased", 0.49, low)).toBe(4);
  });

  it("compares decimal products as written (1.5 × ULN 0.3 = 0.45 is not above it)", () => {
    const uln = { result: { refHigh: 0.3 } };
    expect(grade("activated-partial-thromboplastin-time-prolonged", 0.45, uln)).toBe(1);
    expect(grade("activated-partial-thromboplastin-time-prolonged", 0.46, uln)).toBe(2);
  });
});

describe("gradeValue: limits of normal", () => {
  it("uses the result's own range over the catalogue's", () => {
    expect(grade("platelet-count-decreased", 140)).toBe(1); // catalogue LLN 150
    expect(grade("platelet-count-decreased", 140, { result: { refLow: 130 } })).toBe(0);
    expect(grade("creatinine-increased", 1.3, { baseline: 1, result: { refHigh: 1.4 } })).toBe(0);
  });

  it("cites the catalogue range only when it was used", () => {
    const viaCatalogue = gradeResult("platelet-count-decreased", lab("platelets", 140));
    expect(viaCatalogue?.sourceIds).toEqual(["ctcae-v5", "admiral-ctcae-v5", "catalogue-platelets"]);
    expect(viaCatalogue?.basis).toBe("< LLN (150 ×10⁹/L)");
    const own = gradeResult("platelet-count-decreased", lab("platelets", 140, { refLow: 145 }));
    expect(own?.sourceIds).toEqual(["ctcae-v5", "admiral-ctcae-v5"]);
  });

  it("grades absolute cut-offs without any LLN, but not grade 1", () => {
    const noRange: LabDefinition = { id: "platelets", name: "platelets", unit: "10*9/L", kind: "quantity" };
    const g = (v: number) =>
      gradeValue("platelet-count-decreased", lab("platelets", v), undefined, rules, noRange);
    expect(g(60)?.grade).toBe(2);
    expect(g(100)).toBeUndefined();
  });

  it("does not use a catalogue range kept in another unit", () => {
    const mgdl: LabDefinition = { ...(LABS.fibrinogen as LabDefinition), unit: "mg/dL" };
    expect(
      gradeValue("fibrinogen-decreased", lab("fibrinogen", 1.9), undefined, rules, mgdl),
    ).toBeUndefined();
  });
});

describe("gradeValue: baseline", () => {
  it("on anticoagulation, INR needs a baseline to call a value at or below 1.2 normal; off it, not", () => {
    expect(grade("inr-increased", 1.1, { anticoagulated: true })).toBeUndefined();
    expect(grade("inr-increased", 1.3, { anticoagulated: true })).toBe(1);
    expect(grade("inr-increased", 1.1, { baseline: 1.1, anticoagulated: true })).toBe(0);
    expect(grade("inr-increased", 1.1, { anticoagulated: false })).toBe(0);
  });

  it("without an anticoagulation status, treats the patient as not anticoagulated and says so", () => {
    const base = lab("inr", 0.8, { at: "2024-01-01", ref: "Observation/inr-base" });
    const g = gradeResult("inr-increased", lab("inr", 1.3, { ref: "Observation/inr-now" }), base);
    expect(g).toEqual({
      grade: 1,
      basis: "> 1.2 (anticoagulation not known)",
      evidence: ["Observation/inr-now"],
      sourceIds: ["ctcae-v5", "admiral-ctcae-v5"],
    });
    expect(grade("inr-increased", 1.1)).toBe(0);
    expect(gradeResult("inr-increased", lab("inr", 1.1), base, OFF)?.basis).toBe(
      "no criterion met (no anticoagulant recorded)",
    );
  });

  it("names the baseline and the anticoagulant in the basis and the evidence", () => {
    const base = lab("inr", 1, { at: "2024-01-01", ref: "Observation/inr-base" });
    const g = gradeResult("inr-increased", lab("inr", 2.6, { ref: "Observation/inr-now" }), base, ON);
    expect(g).toMatchObject({ grade: 3, basis: "> 2.5", evidence: ["Observation/inr-now"] });
    const g1 = gradeResult("inr-increased", lab("inr", 2.6, { ref: "Observation/inr-now" }), base, OFF);
    expect(g1).toMatchObject({ grade: 3, basis: "> 2.5 (no anticoagulant recorded)" });
    const low = lab("inr", 0.8, { at: "2024-01-01", ref: "Observation/inr-base" });
    const g2 = gradeResult("inr-increased", lab("inr", 1.3, { ref: "Observation/inr-now" }), low, ON);
    expect(g2).toEqual({
      grade: 2,
      basis: "> 1.5 × baseline (0.8) on anticoagulation",
      evidence: ["Observation/inr-now", "Observation/inr-base", "MedicationStatement/warfarin"],
      sourceIds: ["ctcae-v5", "admiral-ctcae-v5"],
    });
  });

  it("does not annotate terms without an anticoagulation reading", () => {
    const g = gradeResult("activated-partial-thromboplastin-time-prolonged", lab("aptt", 60), undefined, OFF);
    expect(g).toMatchObject({ grade: 2, basis: "> 1.5 × ULN (35 s)" });
  });

  it("bilirubin baseline counts as abnormal only above its own ULN", () => {
    // Baseline 1.5 with its own ULN 2.0 is normal: the × ULN reading applies (ULN 1.2 of the current result).
    const base = lab("bilirubin-total", 1.5, { at: "2024-01-01", refHigh: 2 });
    const g = gradeResult("blood-bilirubin-increased", lab("bilirubin-total", 1.9), base);
    expect(g).toMatchObject({ grade: 2, basis: "> 1.5 × ULN (1.2 mg/dL)" });
    const abnormal = lab("bilirubin-total", 1.5, { at: "2024-01-01" });
    const g2 = gradeResult("blood-bilirubin-increased", lab("bilirubin-total", 1.9), abnormal);
    expect(g2).toMatchObject({ grade: 1, basis: "> baseline (1.5 mg/dL) (baseline above ULN)" });
  });

  it("fibrinogen % decrease names the baseline", () => {
    const base = lab("fibrinogen", 2.4, { at: "2024-01-01", ref: "Observation/fib-base" });
    const g = gradeResult("fibrinogen-decreased", lab("fibrinogen", 1.2), base);
    expect(g?.basis).toBe("≥ 50% decrease from baseline (2.4 g/L) while < LLN");
    expect(g?.evidence).toContain("Observation/fib-base");
  });

  it("ignores a baseline in another unit", () => {
    const base = lab("inr", 0.8, { at: "2024-01-01", unit: "s" });
    expect(gradeResult("inr-increased", lab("inr", 1.3), base, ON)?.grade).toBe(1);
  });
});

describe("gradeValue: values that cannot be graded", () => {
  it("needs a numeric value in the term's unit", () => {
    expect(grade("platelet-count-decreased", 20, { result: { unit: "10*3/uL" } })).toBeUndefined();
    const qualitative = { ...lab("platelets", 1), value: undefined, qualitative: "positive" as const };
    expect(gradeResult("platelet-count-decreased", qualitative)).toBeUndefined();
    expect(grade("platelet-count-decreased", Number.NaN)).toBeUndefined();
  });

  it("throws for a term that is not a laboratory term, or a result of another lab", () => {
    expect(() => gradeResult("hemolysis", lab("haptoglobin", 5))).toThrow(/not a CTCAE laboratory term/);
    expect(() => gradeResult("anemia", lab("platelets", 5))).toThrow(/grades hemoglobin, not platelets/);
  });
});

describe("gradeValue: censored values", () => {
  it("grades '<' on a low term as the value (the true grade can only be higher)", () => {
    const g = gradeResult("platelet-count-decreased", lab("platelets", 10, { comparator: "<" }));
    expect(g).toMatchObject({ grade: 4, basis: "< 25 ×10⁹/L (reported <10)" });
  });

  it("grades a preliminary result and says so in the basis", () => {
    const g = gradeResult("platelet-count-decreased", lab("platelets", 8, { preliminary: true }));
    expect(g).toMatchObject({ grade: 4, basis: "< 25 ×10⁹/L (preliminary)" });
    const issued = lab("platelets", 8, { preliminary: true, issuedOnly: true });
    expect(gradeResult("platelet-count-decreased", issued)?.basis).toBe(
      "< 25 ×10⁹/L (preliminary; time of report: no collection time)",
    );
  });

  it("grades a result of unknown status, or timed by the end of its collection period, and says so", () => {
    const unknown = lab("platelets", 8, { statusUnknown: true, periodEndOnly: true });
    expect(gradeResult("platelet-count-decreased", unknown)).toMatchObject({
      grade: 4,
      basis: "< 25 ×10⁹/L (status unknown; time: end of the collection period)",
    });
  });

  it("a bound at a cut-off meets it: '<25' is grade 4, '<=25' only grade 3", () => {
    expect(grade("platelet-count-decreased", 25, { result: { comparator: "<" } })).toBe(4);
    expect(grade("platelet-count-decreased", 25, { result: { comparator: "<=" } })).toBe(3);
    expect(grade("inr-increased", 2.5, { baseline: 1, result: { comparator: ">" } })).toBe(3);
    expect(grade("inr-increased", 2.5, { baseline: 1, result: { comparator: ">=" } })).toBe(2);
  });

  it("does not grade up from '>' on a low term", () => {
    expect(grade("platelet-count-decreased", 20, { result: { comparator: ">" } })).toBeUndefined();
    expect(grade("platelet-count-decreased", 400, { result: { comparator: ">" } })).toBe(0);
  });

  it("does not grade up from '<' on a high term, and grades '>' as the value", () => {
    expect(grade("inr-increased", 2, { baseline: 1, result: { comparator: "<" } })).toBeUndefined();
    expect(grade("inr-increased", 1, { baseline: 1, result: { comparator: "<=" } })).toBe(0);
    expect(grade("inr-increased", 3, { baseline: 1, result: { comparator: ">" } })).toBe(3);
  });
});

describe("unitLabel", () => {
  it.each([
    ["10*9/L", "×10⁹/L"],
    ["10*12/L", "×10¹²/L"],
    ["{INR}", ""],
    ["mg/dL", "mg/dL"],
  ])("%s → %s", (unit, label) => expect(unitLabel(unit)).toBe(label));
});

describe("gradeRecord", () => {
  it("keeps the worst grade per term, the earliest of equal grades, and no grade 0", () => {
    const r = record({
      labs: [
        lab("platelets", 180, { at: "2024-03-01", ref: "Observation/p0" }),
        lab("platelets", 40, { at: "2024-03-05", ref: "Observation/p1" }),
        lab("platelets", 20, { at: "2024-03-09", ref: "Observation/p2" }),
        lab("platelets", 8, { at: "2024-03-12", ref: "Observation/p3" }),
        lab("platelets", 30, { at: "2024-03-20", ref: "Observation/p4" }),
        lab("hemoglobin", 13, { at: "2024-03-05" }),
      ],
    });
    expect(gradeRecord(r, rules, labs)).toEqual([
      {
        term: "platelet-count-decreased",
        grade: 4,
        worstAt: "2024-03-09",
        value: 20,
        unit: "10*9/L",
        evidence: ["Observation/p2"],
        basis: "< 25 ×10⁹/L",
        sourceIds: ["ctcae-v5", "admiral-ctcae-v5"],
      },
    ]);
  });

  it("grades against the pre-treatment baseline", () => {
    const r = record({
      exposures: [
        {
          drug: "nivolumab",
          class: "ici",
          doses: [{ ref: "MedicationAdministration/1", at: "2024-02-01", kind: "administration" }],
          first: "2024-02-01",
          last: "2024-02-01",
        },
      ],
      labs: [
        lab("creatinine", 0.5, { at: "2024-01-20", ref: "Observation/cr-base" }),
        lab("creatinine", 0.9, { at: "2024-03-01", ref: "Observation/cr-now" }),
      ],
    });
    expect(gradeRecord(r, rules, labs)).toMatchObject([
      {
        term: "creatinine-increased",
        grade: 2,
        evidence: ["Observation/cr-now", "Observation/cr-base"],
        basis: "> 1.5 × baseline (0.5 mg/dL)",
      },
    ]);
  });

  it("applies the INR x baseline criteria only while an anticoagulant or heparin is current", () => {
    const nivolumab = {
      drug: "nivolumab",
      class: "ici" as const,
      doses: [{ ref: "MedicationAdministration/1", at: day(30), kind: "administration" as const }],
      first: day(30),
      last: day(30),
    };
    const labsOf = () => [
      lab("inr", 0.8, { at: day(10), ref: "Observation/inr-base" }),
      lab("inr", 1.3, { at: day(40), ref: "Observation/inr-on" }), // > 1.5 × 0.8: grade 2 on, 1 off
      lab("inr", 1.4, { at: day(50), ref: "Observation/inr-off" }), // grade 2 on, 1 off
    ];
    const warfarin = { ...contextDrug("warfarin", ["anticoagulant"], 35, 45), ref: "MedicationStatement/w" };
    const on = record({ exposures: [nivolumab], contextDrugs: [warfarin], labs: labsOf() });
    expect(gradeRecord(on, rules, labs)).toEqual([
      {
        term: "inr-increased",
        grade: 2,
        worstAt: day(40),
        value: 1.3,
        unit: "{INR}",
        evidence: ["Observation/inr-on", "Observation/inr-base", "MedicationStatement/w"],
        basis: "> 1.5 × baseline (0.8) on anticoagulation",
        sourceIds: ["ctcae-v5", "admiral-ctcae-v5"],
      },
    ]);
    // No anticoagulant (an antiplatelet is not one): the absolute cut-offs alone, earliest of equal grades.
    const aspirin = contextDrug("aspirin", ["antiplatelet"], 0);
    const off = record({ exposures: [nivolumab], contextDrugs: [aspirin], labs: labsOf() });
    expect(gradeRecord(off, rules, labs)).toMatchObject([
      { term: "inr-increased", grade: 1, worstAt: day(40), basis: "> 1.2 (no anticoagulant recorded)" },
    ]);
    // Heparin without an end counts from its start on.
    const heparin = { ...contextDrug("enoxaparin", ["heparin"], 45), ref: "MedicationRequest/h" };
    const open = record({ exposures: [nivolumab], contextDrugs: [heparin], labs: labsOf() });
    expect(gradeRecord(open, rules, labs)).toMatchObject([
      {
        term: "inr-increased",
        grade: 2,
        worstAt: day(50),
        evidence: ["Observation/inr-off", "Observation/inr-base", "MedicationRequest/h"],
      },
    ]);
  });

  it("leaves out results in a same-instant conflict", () => {
    const a = lab("platelets", 10, { ref: "Observation/a" });
    const b = lab("platelets", 160, { ref: "Observation/b" });
    const c = lab("platelets", 60, { ref: "Observation/c", at: "2024-03-11" });
    const r = record({
      labs: [a, b, c],
      conflicts: [{ kind: "same-instant-values", refs: [a.ref, b.ref], detail: "two platelet counts" }],
    });
    expect(gradeRecord(r, rules, labs).map((g) => [g.grade, g.evidence])).toEqual([[2, ["Observation/c"]]]);
  });

  it("adds the event terms after the laboratory terms", () => {
    const r = record({
      labs: [lab("platelets", 60)],
      events: [{ ref: "Condition/pe", kind: "thrombosis", at: "2024-03-02", grade: 3 }],
    });
    expect(gradeRecord(r, rules, labs).map((g) => [g.term, g.grade])).toEqual([
      ["platelet-count-decreased", 2],
      ["thromboembolic-event", 3],
    ]);
  });
});
