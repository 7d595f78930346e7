/**
 * The fourth independent hematologist's review, as regression tests on constructed patients through the real
 * knowledge: each fault on both sides of its rule.
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent, LabResult } from "../../packages/core/src/contracts/model.js";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import type { DisorderId } from "../../packages/core/src/contracts/vocabularies.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import { withWholePlans } from "../../packages/core/src/engine/manage/shared-lines.js";
import { AT, knowledge as k, lungCancer, pembrolizumab } from "../support/assess.js";
import { csvCharted } from "../support/charted-words.js";
import { offering } from "../support/plans.js";
import { event, immuneTtpLabs, lab, record } from "../support/record.js";

/** Every recommendation's tags by id. */
const TAGS = new Map(
  [...Object.values(k.management).flat(), ...k.unexplained.patterns.flatMap((p) => p.plan ?? [])].map(
    (r) => [r.id, r.tags ?? []] as const,
  ),
);

/** The ids of a finding's whole plan (shared lines included). */
const planOf = (p: PatientReport, d: DisorderId): string[] =>
  withWholePlans(p)
    .findings.filter((f) => f.disorder === d)
    .flatMap((f) => f.management.map((m) => m.id));

/** Every line of every plan of the patient that continues the checkpoint inhibitor or offers to restart it. */
const continuesOrRestarts = (p: PatientReport): string[] =>
  withWholePlans(p)
    .findings.flatMap((f) => f.management)
    .filter((m) =>
      (TAGS.get(m.id) ?? []).some((t) => t === "continue-immunotherapy" || t === "restart-immunotherapy"),
    )
    .map((m) => m.id);

/** Pembrolizumab from day 0 (lung cancer charted), assessed at day 400 with its plan invariants checked. */
function assessChecked(labs: readonly LabResult[], events: readonly ClinicalEvent[]): PatientReport {
  const { report, planned } = assessPatientTraced(
    record({ exposures: [pembrolizumab], labs: [...labs], events: [lungCancer, ...events] }),
    AT,
    k,
  );
  expect(checkPlans(planned, k.safety, k.management).flatMap((c) => c.violations)).toEqual([]);
  return report;
}

/** Platelets 230 before the first dose, `platelets` ×10⁹/L on day 390. */
const itpLabs = (platelets: number) => [lab("platelets", -3, 230), lab("platelets", 390, platelets)];
/** Overt DIC with sepsis on day 390: platelets 250 → 40, PT 19 s, fibrinogen 0.9 g/L, D-dimer 24 × ULN. */
const sepsisDic = {
  labs: [
    lab("platelets", -3, 250),
    lab("platelets", 390, 40),
    lab("pt", 390, 19, { refLow: 11, refHigh: 13.5 }),
    lab("fibrinogen", 390, 0.9),
    lab("d-dimer-feu", 390, 12, { refHigh: 0.5 }),
  ],
  events: [event("sepsis", 389)],
};
/** A myocarditis charted on day 300, after the first pembrolizumab dose (day 0). */
const myocarditis = event("myocarditis", 300, { text: "Immune-related myocarditis" });

describe("1. an immune-related myocarditis stops the checkpoint inhibitor for good (ASCO 2021 Table 9.1)", () => {
  it("a grade 2 ITP beside it: the stop line naming the myocarditis and its day, and no hold that offers a restart", () => {
    const p = assessChecked(itpLabs(60), [myocarditis]);
    const plan = planOf(p, "itp");
    expect(plan).toContain("itp-ici-stop-after-irae");
    expect(plan).not.toContain("itp-ici-g2-3-hold");
    expect(plan).not.toContain("itp-ici-rechallenge");
    const stop = withWholePlans(p)
      .findings.flatMap((f) => f.management)
      .find((m) => m.id === "itp-ici-stop-after-irae");
    expect(stop?.action).toContain("Immune-related myocarditis (charted 2024-10-27)");
    expect(continuesOrRestarts(p)).toEqual([]);
  });

  it("without it the same ITP is held with a restart offered once the count recovers", () => {
    const p = assessChecked(itpLabs(60), []);
    const plan = planOf(p, "itp");
    expect(plan).toContain("itp-ici-g2-3-hold");
    expect(plan).toContain("itp-ici-rechallenge");
    expect(plan).not.toContain("itp-ici-stop-after-irae");
  });

  it("a grade 1 ITP beside it is no longer told to continue the checkpoint inhibitor; without it, it is", () => {
    const withIt = assessChecked(itpLabs(90), [myocarditis]);
    expect(planOf(withIt, "itp")).toContain("itp-ici-stop-after-irae");
    expect(continuesOrRestarts(withIt)).toEqual([]);
    expect(planOf(assessChecked(itpLabs(90), []), "itp")).toContain("itp-ici-g1-continue");
  });

  it("an overt DIC beside it: the stop in place of the hold that leaves resumption open; without it, the hold", () => {
    const withIt = assessChecked(sepsisDic.labs, [...sepsisDic.events, myocarditis]);
    expect(planOf(withIt, "dic")).toContain("dic-ici-stop-after-irae");
    expect(continuesOrRestarts(withIt)).toEqual([]);
    const without = assessChecked(sepsisDic.labs, sepsisDic.events);
    expect(planOf(without, "dic")).toContain("dic-ici-no-guideline");
    expect(planOf(without, "dic")).not.toContain("dic-ici-stop-after-irae");
  });

  it("a myocarditis charted before the first dose, or charted as grade 1 (troponin alone), does not stop it", () => {
    for (const earlier of [
      event("myocarditis", -100, { text: "Viral myocarditis" }),
      event("myocarditis", 300, { grade: 1 }),
    ]) {
      const p = assessChecked(itpLabs(60), [earlier]);
      expect(planOf(p, "itp")).not.toContain("itp-ici-stop-after-irae");
      expect(planOf(p, "itp")).toContain("itp-ici-g2-3-hold");
    }
  });

  it("read from the chart's words: a troponin rise charted as myocarditis stops it; myocarditis ruled out does not", () => {
    const doses = [
      ["pembrolizumab", "2026-01-05"],
      ["pembrolizumab", "2026-01-26"],
    ] as const;
    const charted = (words: string) =>
      csvCharted({ doses, problems: [[words, "2026-02-10"]], platelets: 60 });
    const stopped = charted("Troponin rise on pembrolizumab: immune-related myocarditis");
    expect(planOf(stopped, "itp")).toContain("itp-ici-stop-after-irae");
    expect(continuesOrRestarts(stopped)).toEqual([]);
    const ruledOut = charted("Troponin rise, myocarditis ruled out");
    expect(planOf(ruledOut, "itp")).not.toContain("itp-ici-stop-after-irae");
    expect(planOf(ruledOut, "itp")).toContain("itp-ici-g2-3-hold");
  });
});

describe("2. a TTP already on plasma exchange is not told to start it, and is told when exchange and caplacizumab stop", () => {
  /** Immune TTP presenting on day 380 (platelets 230 before the first dose), platelets `now` on day 399. */
  const ttp = (now: number, events: readonly ClinicalEvent[]) =>
    assessChecked([lab("platelets", -3, 230), ...immuneTtpLabs(380), lab("platelets", 399, now)], events);
  const exchange = (d: number) => event("plasma-therapy", d, { qualifiers: ["exchange"] });

  it("recovering on daily exchange: continue until the count has recovered, then stop; caplacizumab's course after it", () => {
    const p = ttp(182, [exchange(381), exchange(398)]);
    const plan = planOf(p, "ttp");
    expect(plan).toContain("ttp-tpe-continue-until-recovery");
    expect(plan).toContain("ttp-caplacizumab-course");
    expect(plan).not.toContain("ttp-tpe-high-suspicion");
    const lines = withWholePlans(p).findings.flatMap((f) => f.management);
    expect(lines.filter((m) => /start daily therapeutic plasma exchange/i.test(m.action))).toEqual([]);
    expect(lines.find((m) => m.id === "ttp-caplacizumab-course")?.action).toContain(
      "30 days after the last daily plasma exchange",
    );
  });

  it("no exchange charted, or only plasma infused: start daily exchange now (urgent), and no stopping rule yet", () => {
    for (const events of [[], [event("plasma-therapy", 381)]]) {
      const plan = planOf(ttp(15, events), "ttp");
      expect(plan).toContain("ttp-tpe-high-suspicion");
      expect(plan).not.toContain("ttp-tpe-continue-until-recovery");
      expect(plan).not.toContain("ttp-caplacizumab-course");
    }
  });

  it("read from the chart's words: a therapeutic plasma exchange is an exchange, fresh frozen plasma is not", () => {
    const charted = (words: string) =>
      csvCharted({
        doses: [
          ["nivolumab", "2026-01-05"],
          ["nivolumab", "2026-01-19"],
        ],
        problems: [
          ["Immune thrombotic thrombocytopenic purpura", "2026-03-01"],
          [words, "2026-03-02"],
        ],
        platelets: 160,
      });
    const onExchange = planOf(charted("Therapeutic plasma exchange, day 1"), "ttp");
    expect(onExchange).toContain("ttp-tpe-continue-until-recovery");
    expect(onExchange.filter((id) => id.startsWith("ttp-tpe-") && id.endsWith("-suspicion"))).toEqual([]);
    const plasmaOnly = planOf(charted("Fresh frozen plasma given"), "ttp");
    expect(plasmaOnly).not.toContain("ttp-tpe-continue-until-recovery");
    expect(plasmaOnly.some((id) => id.startsWith("ttp-tpe-") && id.endsWith("-suspicion"))).toBe(true);
  });
});

describe("4. a cerebral venous thrombosis is worked up at its site (AHA 2024: MR or CT venography)", () => {
  const workupOf = (events: readonly ClinicalEvent[]) =>
    assessChecked([lab("platelets", -3, 230), lab("platelets", 396, 210)], events)
      .findings.filter((f) => f.disorder === "thrombosis")
      .flatMap((f) => f.workup.map((w) => w.id));
  const cvt = event("thrombosis", 395, { qualifiers: ["venous", "cerebral-venous"] });
  const dvt = event("thrombosis", 395, { qualifiers: ["venous", "dvt"] });

  it("alone: venography of the cerebral veins, and no leg ultrasound, CT pulmonary angiogram or D-dimer", () => {
    const w = workupOf([cvt]);
    expect(w).toContain("cerebral-venography");
    expect(w).not.toContain("compression-ultrasound");
    expect(w).not.toContain("ct-pulmonary-angiography");
    expect(w).not.toContain("d-dimer-feu");
  });

  it("beside a DVT the leg imaging stays, with the venography; a DVT alone gets no venography", () => {
    const both = workupOf([cvt, dvt]);
    expect(both).toContain("cerebral-venography");
    expect(both).toContain("compression-ultrasound");
    const leg = workupOf([dvt]);
    expect(leg).toContain("compression-ultrasound");
    expect(leg).not.toContain("cerebral-venography");
  });
});

describe("3. a delivery within 6 weeks: asked about breastfeeding, LMWH or warfarin meanwhile, no DOAC (Blood 2020)", () => {
  const dvt = event("thrombosis", 395, { qualifiers: ["venous", "dvt"] });
  const dvtAfterDelivery = (daysBefore: number) =>
    assessChecked(
      [lab("platelets", -3, 230), lab("platelets", 396, 210)],
      [event("postpartum", 400 - daysBefore), dvt],
    );

  it("delivered 20 days before: the question, the breastfeeding-compatible anticoagulant, and no line offering a DOAC", () => {
    const p = dvtAfterDelivery(20);
    const plan = planOf(p, "thrombosis");
    expect(plan).toContain("thr-ask-breastfeeding-postpartum");
    expect(plan).toContain("thr-anticoagulation-full-dose-breastfeeding");
    expect(offering(k, p, "doac")).toEqual([]);
  });

  it("delivered 60 days before, or no delivery charted: the usual LMWH-or-DOAC line and no question", () => {
    for (const p of [
      dvtAfterDelivery(60),
      assessChecked([lab("platelets", -3, 230), lab("platelets", 396, 210)], [dvt]),
    ]) {
      const plan = planOf(p, "thrombosis");
      expect(plan).not.toContain("thr-ask-breastfeeding-postpartum");
      expect(plan).toContain("thr-anticoagulation-full-dose");
    }
  });

  it("read from the chart's words: 'postpartum' beside a DVT asks the question", () => {
    const p = csvCharted({
      doses: [["pembrolizumab", "2026-01-05"]],
      problems: [
        ["Postpartum, spontaneous vaginal delivery", "2026-02-25"],
        ["Deep vein thrombosis of the left leg", "2026-03-09"],
      ],
      platelets: 210,
    });
    expect(planOf(p, "thrombosis")).toContain("thr-ask-breastfeeding-postpartum");
    expect(offering(k, p, "doac")).toEqual([]);
  });
});
