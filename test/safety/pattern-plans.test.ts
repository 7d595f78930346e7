/**
 * A named unexplained pattern's plan (unexplained.yaml tma-not-ttp: a thrombotic microangiopathy that ADAMTS13
 * > 20 % shows is not TTP) is planned by the findings' planner, beside their plans, and checked by the same
 * plan invariants. Before, its lines were chosen apart and never checked: a thrombosis plan beside it said
 * "continue the checkpoint inhibitor" and "full-dose LMWH with platelet transfusions" while the TMA item said
 * "permanently discontinue" and "no prophylactic platelet transfusions".
 */
import type { Knowledge } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import { AT, knowledge as k, lungCancer, pembrolizumab } from "../support/assess.js";
import { contextDrug, event, lab, record } from "../support/record.js";

/**
 * Schistocytes 5 %, LDH 1200, haptoglobin low and ADAMTS13 55 % on day 395 with the given platelets,
 * haemoglobin and creatinine, after pembrolizumab, with a pulmonary embolism the same day (a high-risk
 * thrombus) unless `pe` is false.
 */
function tma(
  platelets: number,
  hemoglobin: number,
  creatinine: number,
  {
    pe = true,
    knowledge = k,
    extra = {},
  }: { pe?: boolean; knowledge?: Knowledge; extra?: Parameters<typeof record>[0] } = {},
) {
  const { report, planned } = assessPatientTraced(
    record({
      exposures: [pembrolizumab],
      labs: [
        lab("platelets", 300, 220),
        lab("hemoglobin", 300, 13.5),
        lab("platelets", 395, platelets),
        lab("hemoglobin", 395, hemoglobin),
        lab("schistocytes-pct", 395, 5),
        lab("ldh", 395, 1200, { refHigh: 222 }),
        lab("haptoglobin", 395, 0.05),
        lab("creatinine", 395, creatinine, { refHigh: 1.2 }),
        lab("adamts13-activity", 395, 55),
      ],
      events: [
        lungCancer,
        ...(pe ? [event("thrombosis", 395, { qualifiers: ["venous", "pulmonary-embolism"] })] : []),
        ...(extra.events ?? []),
      ],
      ...(extra.contextDrugs ? { contextDrugs: extra.contextDrugs } : {}),
    }),
    AT,
    knowledge,
  );
  const item = report.unexplained.find((u) => u.abnormality === "tma-not-ttp");
  return {
    item,
    named: (item?.management ?? []).map((m) => m.id),
    thrombosis: (report.findings.find((f) => f.disorder === "thrombosis")?.management ?? []).map((m) => m.id),
    planned,
    violations: checkPlans(planned, knowledge.safety, knowledge.management).flatMap((c) => c.violations),
  };
}

describe("a TMA that is not TTP is planned with the findings, and its plan is checked", () => {
  it("grade 3 beside a pulmonary embolism at platelets 30: one immunotherapy decision, no platelet-supported full dose", () => {
    const p = tma(30, 7.9, 3.8);
    expect(p.item?.grade).toBe(3);
    expect(p.named).toEqual(expect.arrayContaining(["tma-ici-g3-stop", "tma-avoid-platelet-transfusion"]));
    // The thrombosis plan shows the permanent stop instead of "continue", and the reduced dose without transfusions.
    expect(p.thrombosis).toContain("tma-ici-g3-stop");
    expect(p.thrombosis).not.toContain("thr-ici-g1-3-continue");
    expect(p.thrombosis).toContain("thr-tma-below-50-high-risk");
    expect(p.thrombosis).not.toContain("thr-anticoagulation-below-50-high-risk");
    expect(p.planned.some((f) => f.pattern?.id === "tma-not-ttp")).toBe(true);
    expect(p.violations).toEqual([]);
  });

  it("the reduced-dose line holds from 25 up to below 50 ×10⁹/L, and at 24 the decision goes to hematology", () => {
    expect(tma(25, 7.9, 3.8).thrombosis).toContain("thr-tma-below-50-high-risk");
    expect(tma(49, 7.9, 3.8).thrombosis).toContain("thr-tma-below-50-high-risk");
    const low = tma(24, 7.9, 3.8);
    expect(low.thrombosis).not.toContain("thr-tma-below-50-high-risk");
    expect(low.thrombosis).toContain("thr-below-25-high-risk");
    expect(low.violations).toEqual([]);
  });

  it("below grade 3 (platelets 60, Hb 9.5, creatinine normal): both plans continue the drug, full dose at platelets ≥ 50", () => {
    const p = tma(60, 9.5, 1.0);
    expect(p.item?.grade).toBeUndefined();
    expect(p.named).toContain("tma-ici-g1-2-continue");
    expect(p.thrombosis).toEqual(
      expect.arrayContaining(["thr-ici-g1-3-continue", "thr-anticoagulation-full-dose"]),
    );
    expect(p.violations).toEqual([]);
  });

  it("with major bleeding and bevacizumab on board, the TMA plan stops the antibody too (the shared lines)", () => {
    const p = tma(30, 7.9, 3.8, {
      pe: false,
      extra: {
        events: [event("bleeding", 395, { grade: 3, qualifiers: ["gastrointestinal"] })],
        contextDrugs: [contextDrug("bevacizumab", ["tma-inducing", "vegf-antibody"], 380)],
      },
    });
    expect(p.named).toEqual(
      expect.arrayContaining([
        "tma-not-ttp-avoid-vegf-antibody-bleeding",
        // Bevacizumab is a TMA-inducing drug: it is reviewed first and eculizumab only discussed.
        "tma-drug-induced-review",
        "tma-ici-g3-eculizumab-drug-induced",
      ]),
    );
    expect(p.named).not.toContain("tma-ici-g3-eculizumab");
    expect(p.violations).toEqual([]);
  });

  it("a forbidden item slipped into the pattern's plan is caught by the invariants, naming the pattern", () => {
    const fullDose = k.management.thrombosis.find((r) => r.id === "thr-anticoagulation-full-dose");
    if (!fullDose) throw new Error("thr-anticoagulation-full-dose");
    const bad: Knowledge = {
      ...k,
      unexplained: {
        ...k.unexplained,
        patterns: k.unexplained.patterns.map((p) =>
          p.id === "tma-not-ttp"
            ? { ...p, plan: [...p.plan, { ...fullDose, id: "tma-bad-full-dose", when: {} }] }
            : p,
        ),
      },
    };
    const p = tma(15, 7.9, 3.8, { pe: false, knowledge: bad });
    expect(p.named).toContain("tma-bad-full-dose");
    expect(p.violations.filter((v) => v.pattern === "tma-not-ttp").map((v) => v.invariant)).toEqual(
      expect.arrayContaining(["anticoagulation-platelet-floor", "full-dose-platelet-floor"]),
    );
    expect(tma(15, 7.9, 3.8, { pe: false }).violations).toEqual([]);
  });
});

describe("an unexplained item's own plan has the owner it is planned for", () => {
  const plannedFor = (kind: Parameters<typeof event>[0], pattern: string) =>
    assessPatientTraced(
      record({ exposures: [pembrolizumab], events: [lungCancer, event(kind, 395)] }),
      AT,
      k,
    ).planned.find((f) => f.pattern?.id === pattern);

  it("an HLH suspected after pembrolizumab, which no disorder explains, is the patient's own plan, no disorder's", () => {
    // Before, it was filed under the first disorder id (ITP), and a broken invariant of its plan named ITP.
    const p = plannedFor("hlh-considered", "unexplained-hlh-considered");
    expect(p?.management.map((m) => m.id)).toContain("unexplained-hlh-considered-ici-hlh-hold");
    expect(p?.disorder).toBeUndefined();
  });

  it("the other side: a suspected AHA beside a bleed is planned under the disorder that explains it, AHA", () => {
    const p = assessPatientTraced(
      record({
        exposures: [pembrolizumab],
        events: [lungCancer, event("aha-considered", 395), event("bleeding", 395)],
      }),
      AT,
      k,
    ).planned.find((f) => f.pattern?.id === "unexplained-aha-considered");
    expect(p?.management.map((m) => m.id)).toContain(
      "unexplained-aha-considered-haemostatic-without-results",
    );
    expect(p?.disorder).toBe("aha");
  });
});
