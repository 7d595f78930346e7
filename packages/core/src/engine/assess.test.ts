import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { day, exposure, lab, record } from "../../../../test/support/record.js";
import { assessPatient } from "./assess.js";

const k = testKnowledge();

describe("assessPatient", () => {
  it("leaves results in a same-instant conflict out of grades, scores and findings", () => {
    const a = lab("platelets", 20, 8);
    const b = lab("platelets", 20, 210);
    const r = record({
      exposures: [exposure("nivolumab", "ici", [0, 14])],
      labs: [
        lab("platelets", -5, 240),
        a,
        b,
        lab("fibrinogen", 20, 3.1),
        lab("inr", 20, 1.0),
        lab("pt", 20, 12),
        lab("d-dimer-feu", 20, 0.3, { unit: "ug/mL" }),
      ],
      conflicts: [
        {
          kind: "same-instant-values",
          refs: [a.ref, b.ref],
          detail: "two platelet counts at the same instant",
        },
      ],
    });
    const report = assessPatient(r, day(60), k);
    const cited = [
      ...report.grades.flatMap((g) => g.evidence),
      ...report.scores.flatMap((s) => s.evidence),
      ...report.findings.flatMap((f) => f.criteria.flatMap((c) => c.evidence)),
    ];
    expect(cited).not.toContain(a.ref);
    expect(cited).not.toContain(b.ref);
    expect(report.findings).toEqual([]);
    expect(report.conflicts).toHaveLength(1);
  });

  it("says when the record holds no usable laboratory result, and not otherwise", () => {
    const exposures = [exposure("axicabtagene-ciloleucel", "car-t", [0])];
    expect(assessPatient(record({ exposures }), day(9), k).noLabResults).toBe(true);
    const counted = assessPatient(record({ exposures, labs: [lab("platelets", 2, 150)] }), day(9), k);
    expect(counted.noLabResults).toBeUndefined();
  });
});
