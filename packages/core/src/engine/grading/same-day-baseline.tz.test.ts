/**
 * A CTCAE baseline drawn the day of the first dose without a draw time may follow the dose (detect/same-day.ts):
 * when it is abnormal and worse than the result before it, or has none before it, the grader reads each result
 * against the baseline without it too and keeps the reading that does not lower the grade, and says so. Run in
 * two process time zones: the order is read from the dates as written, never from the machine's zone.
 */

import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { loadCtcaeRules } from "../../../../knowledge/src/sources.js";
import type { LabResult, PatientRecord } from "../../contracts/model.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import { servicesFor } from "../assess.js";
import { SAME_DAY_NOTE } from "../detect/same-day.js";
import { emptyRecord } from "../empty-record.js";
import { gradeRecord, gradeValue, gradingBaseline } from "./ctcae.js";

const rules = loadCtcaeRules();
const knowledge = testKnowledge();

function def(id: string, unit: string, low: number, high: number): LabDefinition {
  return { id, name: id, unit, kind: "quantity", reference: { low, high, sourceIds: ["catalogue"] } };
}
const LABS: Record<string, LabDefinition> = {
  creatinine: def("creatinine", "mg/dL", 0.6, 1.2),
  "bilirubin-total": def("bilirubin-total", "mg/dL", 0.2, 1.2),
  fibrinogen: def("fibrinogen", "g/L", 2, 4),
  inr: def("inr", "{INR}", 0.8, 1.2),
  hemoglobin: def("hemoglobin", "g/dL", 12, 16),
  dat: { id: "dat", name: "DAT", kind: "qualitative" },
};
const labs = (id: string) => LABS[id];

function lab(ref: string, id: string, at: string, value: number): LabResult {
  return { ref, lab: id, loinc: "0-0", at, value, unit: LABS[id]?.unit, original: { value } };
}

/**
 * Results of `id`: `pre` on 20 February (none when undefined), `same` at `sameAt` (the day of the first dose, 1
 * March), `after` on 10 March.
 */
function series(
  id: string,
  pre: number | undefined,
  sameAt: string,
  same: number,
  after: number,
): LabResult[] {
  return [
    ...(pre === undefined ? [] : [lab("Observation/pre", id, "2025-02-20", pre)]),
    lab("Observation/same", id, sameAt, same),
    lab("Observation/after", id, "2025-03-10", after),
  ];
}

function record(first: string, results: LabResult[]): PatientRecord {
  return {
    ...emptyRecord("p"),
    exposures: [
      {
        drug: "pembrolizumab",
        class: "ici",
        doses: [{ ref: "MedicationAdministration/1", at: first, kind: "administration" }],
        first,
        last: first,
      },
    ],
    labs: results,
  };
}

function grade(term: string, r: PatientRecord) {
  return gradeRecord(r, rules, labs).find((g) => g.term === term);
}

// Each case in UTC and at the offsets of New York and Shanghai: the dose timed 10:00 local, the same-day result
// charted as the dose's date or as its local midnight.
const ZONES = [
  { dose: "2025-03-01T10:00:00Z", midnight: "2025-03-01T00:00:00Z" },
  { dose: "2025-03-01T10:00:00-05:00", midnight: "2025-03-01T00:00:00-05:00" },
  { dose: "2025-03-01T10:00:00+08:00", midnight: "2025-03-01T00:00:00+08:00" },
];

describe.each(ZONES)("a same-day baseline of undetermined order, dose at $dose", ({ dose, midnight }) => {
  describe.each(["2025-03-01", midnight])("charted as %s", (sameDay) => {
    it("does not lower a creatinine grade: read against the earlier pre-dose value too", () => {
      // 3.2 is > 3 × 0.9 (grade 3) but only 1.6 × the same-day 2.0 and 2.7 × ULN (grade 2).
      const r = record(dose, series("creatinine", 0.9, sameDay, 2.0, 3.2));
      const g = grade("creatinine-increased", r);
      expect(g?.grade).toBe(3);
      expect(g?.basis).toContain("> 3 × baseline (0.9 mg/dL)");
      expect(g?.basis).toContain("baseline 2 mg/dL of 2025-03-01 not used");
      expect(g?.basis).toContain(SAME_DAY_NOTE);
      expect(g?.basis).toContain("against the earlier 0.9 mg/dL of 2025-02-20");
      expect(g?.evidence).toEqual(["Observation/after", "Observation/pre", "Observation/same"]);
    });

    it("keeps a same-day creatinine within the range as the baseline, as the detectors do", () => {
      // 1.1 is normal: it stays the baseline; 3.2 < 3 × 1.1 is grade 2, though 3 × 0.9 would make it 3.
      const r = record(dose, series("creatinine", 0.9, sameDay, 1.1, 3.2));
      const g = grade("creatinine-increased", r);
      expect(g?.grade).toBe(2);
      expect(g?.basis).not.toContain(SAME_DAY_NOTE);
    });

    it("keeps a same-day creatinine no worse than the earlier one as the baseline", () => {
      // The earlier 2.2 is worse than the same-day 2.0: nothing new may follow the dose; 3.1 is 1.55 × 2.0.
      const r = record(dose, series("creatinine", 2.2, sameDay, 2.0, 3.1));
      const g = grade("creatinine-increased", r);
      expect(g?.grade).toBe(2);
      expect(g?.basis).not.toContain(SAME_DAY_NOTE);
    });

    it("reads bilirubin against ULN, not × an abnormal same-day baseline, when none precedes it", () => {
      // As written the baseline 3.0 is above ULN: 4.0 is 1.3 × baseline, grade 1. Without it, 3.3 × ULN: grade 3.
      const r = record(dose, series("bilirubin-total", undefined, sameDay, 3.0, 4.0));
      const g = grade("blood-bilirubin-increased", r);
      expect(g?.grade).toBe(3);
      expect(g?.basis).toContain("graded without a baseline");
    });

    it("measures a fibrinogen fall from the earlier value when the same-day one is low", () => {
      // 0.7 is 61 % below the same-day 1.8 (grade 3) and 77 % below the earlier 3.0 (grade 4).
      const r = record(dose, series("fibrinogen", 3.0, sameDay, 1.8, 0.7));
      expect(grade("fibrinogen-decreased", r)?.grade).toBe(4);
    });

    it("grades an INR on anticoagulation against the earlier INR when the same-day one is raised", () => {
      // On an anticoagulant (not a vitamin K antagonist) from 1 February: 2.4 is 2.7 × the earlier 0.9 (grade 3),
      // 1.7 × the same-day 1.4 and > 1.5 absolute (grade 2).
      const r: PatientRecord = {
        ...record(dose, series("inr", 0.9, sameDay, 1.4, 2.4)),
        contextDrugs: [
          { ref: "MedicationStatement/a", drug: "apixaban", roles: ["anticoagulant"], start: "2025-02-01" },
        ],
      };
      const g = grade("inr-increased", r);
      expect(g?.grade).toBe(3);
      expect(g?.basis).toContain(SAME_DAY_NOTE);
    });

    it.each([
      // A low same-day 11.0 may follow the dose: the fall to 10.9 is read from the earlier 13.0 too (grade 2).
      { same: 11, grade: 2 },
      // A same-day 12.5 within the range stays the baseline: a fall of 1.6 g/dL, grade 1.
      { same: 12.5, grade: 1 },
    ])("grades hemolysis by the hemoglobin fall with a same-day $same", ({ same, grade: expected }) => {
      const dat: LabResult = {
        ref: "Observation/dat",
        lab: "dat",
        loinc: "0-0",
        at: "2025-03-10",
        qualitative: "positive",
        original: { value: "positive" },
      };
      const r = record(dose, [...series("hemoglobin", 13, sameDay, same, 10.9), dat]);
      const g = grade("hemolysis", r);
      expect(g?.grade).toBe(expected);
      if (expected === 2) expect(g?.basis).toContain(SAME_DAY_NOTE);
    });
  });

  it.each([
    // The same-day 2.0 may follow the dose: 3.2 is > 3 × the earlier 0.9, grade 3 for the detectors too.
    [2.0, 3],
    // A same-day 1.1 within the range stays the baseline: 3.2 is < 3 × 1.1, grade 2.
    [1.1, 2],
  ])("grades for the detectors as for the report: same-day creatinine %s, grade %s", (same, expected) => {
    // The range on each result, so that the catalogue's creatinine range plays no part.
    const ranged = (l: LabResult): LabResult => ({ ...l, refLow: 0.6, refHigh: 1.2 });
    const results = series("creatinine", 0.9, "2025-03-01", same, 3.2).map(ranged);
    const after = results[2] as LabResult;
    expect(servicesFor(record(dose, results), knowledge).ctcaeGrade("creatinine-increased", after)).toBe(
      expected,
    );
  });

  it.each([
    // The same-day 2.0 may follow the dose: against the lab's grading baseline 3.2 is grade 3, and says why.
    [2.0, 3, true],
    // A same-day 1.1 within the range is the baseline: grade 2, nothing said.
    [1.1, 2, false],
  ])(
    "grades one result against the lab's grading baseline as the report does: same-day creatinine %s, grade %s",
    (same, expected, noted) => {
      const results = series("creatinine", 0.9, "2025-03-01", same, 3.2);
      const after = results[2] as LabResult;
      const baseline = gradingBaseline(results, "creatinine", dose, labs("creatinine"));
      const g = gradeValue("creatinine-increased", after, baseline, rules, labs("creatinine"));
      expect(g?.grade).toBe(expected);
      expect(g?.basis.includes(SAME_DAY_NOTE)).toBe(noted);
      // Against the result read as the baseline alone, 3.2 is grade 2 either way: the doubt is what raises it.
      expect(
        gradeValue("creatinine-increased", after, baseline.asWritten, rules, labs("creatinine"))?.grade,
      ).toBe(2);
    },
  );

  it("keeps an abnormal result timed before the dose as the baseline: its order is known", () => {
    const timed = dose.replace("T10:00", "T08:00");
    const r = record(dose, series("creatinine", 0.9, timed, 2.0, 3.2));
    const g = grade("creatinine-increased", r);
    expect(g?.grade).toBe(2);
    expect(g?.basis).not.toContain(SAME_DAY_NOTE);
  });

  it("keeps a result charted the day before the dose as the baseline", () => {
    const r = record(dose, series("creatinine", 0.9, "2025-02-28", 2.0, 3.2));
    expect(grade("creatinine-increased", r)?.grade).toBe(2);
  });
});
