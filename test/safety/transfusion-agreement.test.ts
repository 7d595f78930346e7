/**
 * Two plans of one patient agree on platelet transfusion (probe round 3, invariant no-contradiction-across-findings):
 * DIC beside an acute pulmonary embolism at platelets 30 read "full-dose LMWH with platelet transfusions" (thrombosis
 * plan, ISTH SSC 2018) and "do not transfuse platelets for laboratory values alone" (DIC plan, BCSH 2009); with a
 * high-risk thrombus the DIC line now keeps plasma out and allows those platelets, decided with hematology.
 */
import { describe, expect, it } from "vitest";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import { AT, knowledge as k, lungCancer, pembrolizumab } from "../support/assess.js";
import { event, lab, record } from "../support/record.js";

function sepsisDic(platelets: number, pe: boolean) {
  const { report, planned } = assessPatientTraced(
    record({
      exposures: [pembrolizumab],
      labs: [
        lab("platelets", 340, 250),
        lab("platelets", 395, platelets),
        lab("pt", 395, 19, { refLow: 11, refHigh: 13.5 }),
        lab("fibrinogen", 395, 0.9),
        lab("d-dimer-feu", 395, 12, { refHigh: 0.5 }),
      ],
      events: [
        lungCancer,
        event("sepsis", 394),
        ...(pe ? [event("thrombosis", 395, { qualifiers: ["venous", "pulmonary-embolism"] })] : []),
      ],
    }),
    AT,
    k,
  );
  return {
    ids: report.findings.flatMap((f) => f.management.map((m) => m.id)),
    violations: checkPlans(planned, k.safety, k.management).flatMap((c) => c.violations),
  };
}

describe("DIC beside an acute high-risk thrombus: the plans agree on platelet support", () => {
  it("platelets 30 with a pulmonary embolism: full dose on platelet support, the DIC line avoids plasma only", () => {
    const { ids, violations } = sepsisDic(30, true);
    expect(ids).toContain("thr-anticoagulation-below-50-high-risk");
    expect(ids).toContain("dic-avoid-lab-driven-plasma-thrombus");
    expect(ids).not.toContain("dic-avoid-lab-driven-transfusion");
    expect(violations).toEqual([]);
  });

  it("platelets 30 without a thrombosis: no platelets or plasma for laboratory values alone", () => {
    const { ids, violations } = sepsisDic(30, false);
    expect(ids).toContain("dic-avoid-lab-driven-transfusion");
    expect(ids).not.toContain("dic-avoid-lab-driven-plasma-thrombus");
    expect(violations).toEqual([]);
  });
});
