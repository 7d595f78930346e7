/**
 * A brain tumour on record with a high-risk (grade 4) pulmonary embolism: a central nervous system neoplasm is an
 * absolute contraindication to systemic thrombolysis in the ESC 2019 PE guideline (konstantinides-esc-pe-2019), so
 * the emergency item offers mechanical reperfusion only; anticoagulation itself is not barred by the tumour
 * (ASCO and ITAC offer LMWH or a DOAC for established VTE with an intracranial malignancy).
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent } from "../../packages/core/src/contracts/model.js";
import {
  findingOf as finding,
  planIds as ids,
  pembrolizumab,
  reportAndViolations,
} from "../support/assess.js";
import { event, lab, record } from "../support/record.js";

const EVAL = 400; // AT is day 400

function pe(cancerSite: string, grade: number, platelets = 200) {
  const extra: ClinicalEvent[] = [event("active-cancer", -60, { qualifiers: [cancerSite] })];
  const { report, violations } = reportAndViolations(
    record({
      exposures: [pembrolizumab],
      labs: [lab("platelets", EVAL - 60, 250), lab("platelets", EVAL - 1, platelets)],
      events: [
        ...extra,
        event("thrombosis", EVAL - 1, { qualifiers: ["venous", "pulmonary-embolism"], grade }),
      ],
    }),
  );
  return { thr: ids(finding(report, "thrombosis")), report, violations };
}

describe("high-risk PE with a brain tumour on record", () => {
  it("glioblastoma: mechanical reperfusion, no systemic thrombolysis; UFH still started", () => {
    const { thr, report, violations } = pe("brain", 4);
    expect(thr).not.toContain("thr-high-risk-pe-emergency");
    expect(thr).toContain("thr-high-risk-pe-emergency-brain-tumour");
    expect(thr).toContain("thr-high-risk-pe-ufh");
    const item = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-high-risk-pe-emergency-brain-tumour",
    );
    expect(item?.action).toMatch(/not systemic thrombolysis/);
    expect(violations).toEqual([]);
  });

  it("brain metastases (of a lung cancer): no systemic thrombolysis either", () => {
    const { thr, violations } = pe("brain-metastases", 4);
    expect(thr).not.toContain("thr-high-risk-pe-emergency");
    expect(thr).toContain("thr-high-risk-pe-emergency-brain-tumour");
    expect(violations).toEqual([]);
  });

  it("lung cancer: the usual emergency item (thrombolysis among the options)", () => {
    const { thr } = pe("lung", 4);
    expect(thr).toContain("thr-high-risk-pe-emergency");
    expect(thr).not.toContain("thr-high-risk-pe-emergency-brain-tumour");
  });

  it("glioblastoma with a grade 3 PE: anticoagulation is offered, not withheld for the tumour", () => {
    const { thr } = pe("brain", 3);
    expect(thr).toContain("thr-anticoagulation-full-dose");
  });
});
