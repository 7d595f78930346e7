/**
 * Cancer-associated thrombosis after immunotherapy, as a hematologist and an oncology pharmacist read the plan:
 * - an acute ischaemic stroke on warfarin with an INR above 1.7, with a DOAC taken in the last 48 hours, or with a
 *   glioma or brain metastases is told not to thrombolyse (AHA/ASA 2019 contraindications) — the arterial
 *   pathway's "reperfusion where indicated" named neither the INR, the DOAC nor the tumour;
 * - an arm DVT (often catheter-related) names its course — at least 3 months and as long as the catheter stays
 *   in — and when to remove the catheter; before, a PICC-associated thrombosis was planned as any DVT;
 * - a DVT on enzalutamide or apalutamide (strong CYP3A4 inducers that bar no DOAC in its label) draws a caution to
 *   check the DOAC with pharmacy, as a moderate inducer already did; before, the plan was silent.
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent, ContextDrug, LabResult } from "../../packages/core/src/contracts/model.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import {
  AT,
  chartedDrug,
  findingOf as finding,
  planIds as ids,
  knowledge as k,
  lungCancer,
  pembrolizumab,
} from "../support/assess.js";
import { warfarin } from "../support/on-anticoagulant.js";
import { event, lab, record } from "../support/record.js";

const EVAL = 400; // AT is day 400

function assess(labs: LabResult[], events: ClinicalEvent[], drugs: ContextDrug[]) {
  const { report, planned } = assessPatientTraced(
    record({
      exposures: [pembrolizumab],
      labs: [lab("platelets", EVAL - 60, 250), ...labs],
      events: [lungCancer, ...events],
      contextDrugs: drugs,
    }),
    AT,
    k,
  );
  const violations = checkPlans(planned, k.safety, k.management).flatMap((c) => c.violations);
  return { thr: ids(finding(report, "thrombosis")), report, violations };
}

const stroke = () => event("thrombosis", EVAL - 1, { qualifiers: ["arterial", "stroke"] });
const dvt = () => event("thrombosis", EVAL - 1, { qualifiers: ["venous", "dvt"] });
const inr = (v: number) => lab("inr", EVAL - 1, v);
const platelets = (v: number) => lab("platelets", EVAL - 1, v);

describe("acute ischaemic stroke in an anticoagulated patient: no intravenous thrombolysis", () => {
  it("on warfarin with an INR of 1.8: the avoid line, beside the arterial pathway", () => {
    const { thr, report, violations } = assess([platelets(220), inr(1.8)], [stroke()], [warfarin()]);
    expect(thr).toContain("thr-arterial-pathway");
    expect(thr).toContain("thr-avoid-thrombolysis-stroke-inr");
    const item = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-avoid-thrombolysis-stroke-inr",
    );
    expect(item?.action).toMatch(/no intravenous thrombolysis \(alteplase, tenecteplase\)/);
    expect(violations).toEqual([]);
  });

  it("an INR of exactly 1.7 is no contraindication (above 1.7 is)", () => {
    const { thr } = assess([platelets(220), inr(1.7)], [stroke()], [warfarin()]);
    expect(thr).toContain("thr-arterial-pathway");
    expect(thr).not.toContain("thr-avoid-thrombolysis-stroke-inr");
  });

  it("a DVT with the same INR of 2.5 on warfarin draws no stroke line", () => {
    const { thr } = assess([platelets(220), inr(2.5)], [dvt()], [warfarin()]);
    expect(thr).not.toContain("thr-avoid-thrombolysis-stroke-inr");
    expect(thr).not.toContain("thr-avoid-thrombolysis-stroke-doac");
  });

  it("apixaban taken up to the day before: the DOAC avoid line; stopped 10 days before: none", () => {
    const on = assess([platelets(220), inr(1.1)], [stroke()], [chartedDrug("apixaban 5 mg bid", EVAL - 200)]);
    expect(on.thr).toContain("thr-avoid-thrombolysis-stroke-doac");
    expect(on.thr).not.toContain("thr-avoid-thrombolysis-stroke-inr");
    expect(on.violations).toEqual([]);
    const off = assess(
      [platelets(220), inr(1.1)],
      [stroke()],
      [chartedDrug("apixaban 5 mg bid", EVAL - 200, EVAL - 10)],
    );
    expect(off.thr).toContain("thr-arterial-pathway");
    expect(off.thr).not.toContain("thr-avoid-thrombolysis-stroke-doac");
  });

  it("brain metastases: the brain-tumour avoid line; a lung cancer without them: none", () => {
    const mets = event("active-cancer", EVAL - 100, { qualifiers: ["brain-metastases"] });
    const { thr, violations } = assess([platelets(220), inr(1.0)], [stroke(), mets], []);
    expect(thr).toContain("thr-arterial-pathway");
    expect(thr).toContain("thr-avoid-thrombolysis-stroke-brain-tumour");
    expect(violations).toEqual([]);
    const without = assess([platelets(220), inr(1.0)], [stroke()], []);
    expect(without.thr).not.toContain("thr-avoid-thrombolysis-stroke-brain-tumour");
  });

  it("a DVT with brain metastases is anticoagulated as usual, with no stroke line", () => {
    const mets = event("active-cancer", EVAL - 100, { qualifiers: ["brain-metastases"] });
    const { thr } = assess([platelets(220)], [dvt(), mets], []);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-avoid-thrombolysis-stroke-brain-tumour");
  });

  it("platelets 90 and an INR of 2.0: both bars are named", () => {
    const { thr, violations } = assess([platelets(90), inr(2.0)], [stroke()], [warfarin()]);
    expect(thr).toContain("thr-arterial-50-100");
    expect(thr).toContain("thr-avoid-thrombolysis-stroke-inr");
    expect(violations).toEqual([]);
  });
});

describe("a DVT on an androgen receptor inhibitor that strongly induces CYP3A4", () => {
  it.each(["enzalutamide 160 mg daily", "Erleada 240 mg"])(
    "%s: LMWH or a DOAC stays offered, with the caution to check the DOAC with pharmacy",
    (drug) => {
      const { thr, report, violations } = assess([platelets(220)], [dvt()], [chartedDrug(drug, EVAL - 90)]);
      expect(thr).toContain("thr-anticoagulation-full-dose");
      expect(thr).toContain("thr-doac-strong-cyp3a-inducer-arpi");
      expect(thr).not.toContain("thr-avoid-doac-strong-inducer");
      const item = finding(report, "thrombosis")?.management.find(
        (m) => m.id === "thr-doac-strong-cyp3a-inducer-arpi",
      );
      expect(item?.caveat).toMatch(/not a guideline's rule/);
      expect(violations).toEqual([]);
    },
  );

  it("enzalutamide stopped 20 days before the evaluation: no caution (14-day window)", () => {
    const { thr } = assess([platelets(220)], [dvt()], [chartedDrug("enzalutamide", EVAL - 200, EVAL - 20)]);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-doac-strong-cyp3a-inducer-arpi");
  });

  it("enzalutamide with rifampicin: the strong-inducer avoid line alone, not the caution", () => {
    const { thr } = assess(
      [platelets(220)],
      [dvt()],
      [chartedDrug("enzalutamide", EVAL - 90), chartedDrug("rifampicin 600 mg", EVAL - 5)],
    );
    expect(thr).toContain("thr-avoid-doac-strong-inducer");
    expect(thr).not.toContain("thr-doac-strong-cyp3a-inducer-arpi");
  });
});

describe("a DVT of the arm veins, often catheter-related", () => {
  const arm = () => event("thrombosis", EVAL - 1, { qualifiers: ["venous", "dvt", "upper-extremity"] });

  it("names the course and the catheter beside the usual treatment", () => {
    const { thr, report, violations } = assess([platelets(220)], [arm()], []);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-upper-extremity-catheter");
    const item = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-upper-extremity-catheter",
    );
    expect(item?.action).toMatch(/at least 3 months and for as long as the catheter stays in/);
    expect(violations).toEqual([]);
  });

  it("a leg DVT draws no catheter line", () => {
    expect(assess([platelets(220)], [dvt()], []).thr).not.toContain("thr-upper-extremity-catheter");
  });

  it("an arm DVT beside major bleeding: no course is set (the bleeding comes first)", () => {
    const bleed = event("bleeding", EVAL - 1, { grade: 3, qualifiers: ["gastrointestinal"] });
    const { thr } = assess([platelets(220)], [arm(), bleed], []);
    expect(thr).toContain("thr-major-bleeding");
    expect(thr).not.toContain("thr-upper-extremity-catheter");
  });
});
