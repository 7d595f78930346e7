/**
 * Below a creatinine clearance of 30 mL/min NCCN avoids DOACs and fondaparinux, and ITAC and ASCO give
 * unfractionated heparin or LMWH adjusted to anti-Xa levels (cat-guideline-comparison-2021). A plan that offers
 * a DOAC to a patient with a charted clearance (or, with none, an eGFR) below 30 is a plan item the guidelines
 * forbid. A charted dialysis or kidney failure (KDIGO G5) decides whatever a clearance or eGFR computed on dialysis
 * reads. A creatinine with the age, sex and a weight of the last 90 days gives the Cockcroft–Gault clearance; a
 * creatinine alone leaves it uncomputed: the plan keeps "check" and names what is missing.
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent, LabResult } from "../../packages/core/src/contracts/model.js";
import {
  assessDvt,
  carTDvt,
  findingOf as finding,
  planIds as ids,
  knowledge as k,
  lungCancer,
  pembrolizumab,
  reportAndViolations,
} from "../support/assess.js";
import { day, event, lab, record } from "../support/record.js";

const EVAL = 400; // AT is day 400

const dvt = (
  renal: LabResult[],
  extra: ClinicalEvent[] = [],
  platelets = 240,
  patient: Parameters<typeof assessDvt>[3] = {},
) => assessDvt(renal, extra, platelets, patient);

describe("anticoagulant choice with severe renal impairment", () => {
  it("CrCl 22 mL/min charted: UFH or anti-Xa-adjusted LMWH, no DOAC offered", () => {
    const { thr, violations } = dvt([lab("creatinine-clearance", EVAL - 1, 22)]);
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-anticoagulation-full-dose-renal");
    expect(thr).toContain("thr-avoid-doac-renal");
    expect(violations).toEqual([]);
  });

  it("eGFR 18 and no clearance: the eGFR stands in, and the plan says so", () => {
    const { thr, report } = dvt([lab("egfr", EVAL - 1, 18)]);
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-anticoagulation-full-dose-renal");
    const item = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-anticoagulation-full-dose-renal",
    );
    expect(item?.action).toMatch(/eGFR .* stand-in/);
  });

  it("a charted clearance of 45 outranks an eGFR of 25: LMWH or a DOAC", () => {
    const { thr } = dvt([lab("egfr", EVAL - 1, 25), lab("creatinine-clearance", EVAL - 2, 45)]);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-renal");
  });

  // Cockcroft–Gault (Cockcroft and Gault 1976): a man of 70 weighing 60 kg at creatinine 2.4 mg/dL has
  // (140 − 70) × 60 / (72 × 2.4) = 24.3 mL/min; a woman's clearance is 15 % less.
  const man70 = { birthDate: "1955-01-01", sex: "male" } as const;
  const cg24 = [lab("creatinine", EVAL - 1, 2.4), lab("body-weight", EVAL - 10, 60)];

  it("Cockcroft–Gault 24 mL/min (a man of 70, 60 kg, creatinine 2.4) outranks an eGFR of 45: no DOAC", () => {
    const { thr, violations } = dvt([...cg24, lab("egfr", EVAL - 1, 45)], [], 240, man70);
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-anticoagulation-full-dose-renal");
    expect(thr).toContain("thr-avoid-doac-renal");
    expect(thr).not.toContain("thr-renal-clearance-not-computed");
    expect(violations).toEqual([]);
  });

  it("the more recent clearance decides: a computed 24 after a charted 45 bars the DOAC, a charted 45 after it does not", () => {
    const newer = dvt([...cg24, lab("creatinine-clearance", EVAL - 5, 45)], [], 240, man70);
    expect(newer.thr).toContain("thr-anticoagulation-full-dose-renal");
    const older = dvt(
      [
        lab("creatinine", EVAL - 5, 2.4),
        lab("body-weight", EVAL - 10, 60),
        lab("creatinine-clearance", EVAL - 1, 45),
      ],
      [],
      240,
      man70,
    );
    expect(older.thr).toContain("thr-anticoagulation-full-dose");
    expect(older.thr).not.toContain("thr-anticoagulation-full-dose-renal");
  });

  it("a creatinine with weight and birth date but no sex recorded: not computed, and the plan names the sex", () => {
    const { thr } = dvt(cg24, [], 240, { birthDate: "1955-01-01" });
    expect(thr).toContain("thr-renal-clearance-not-computed");
    expect(thr).toContain("thr-renal-clearance-needs-sex");
    expect(thr).not.toContain("thr-renal-clearance-needs-age");
    expect(thr).not.toContain("thr-body-weight-not-charted");
  });

  it("a creatinine with sex and birth date but a weight older than 90 days: not computed, and the plan asks for a weight", () => {
    const { thr } = dvt(
      [lab("creatinine", EVAL - 1, 2.2), lab("body-weight", EVAL - 91, 60)],
      [],
      240,
      man70,
    );
    expect(thr).toContain("thr-renal-clearance-not-computed");
    expect(thr).toContain("thr-body-weight-not-charted");
    expect(thr).not.toContain("thr-renal-clearance-needs-sex");
    expect(thr).not.toContain("thr-renal-clearance-needs-age");
  });

  it("creatinine 4.8 mg/dL alone: the clearance is not computed, the plan keeps 'check the creatinine clearance'", () => {
    const { thr, report } = dvt([lab("creatinine", EVAL - 1, 4.8)]);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-renal");
    const item = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-anticoagulation-full-dose",
    );
    expect(item?.action).toMatch(/Check the creatinine clearance first/);
    // …and says that the clearance could not be computed instead of guessing it.
    expect(thr).toContain("thr-renal-clearance-not-computed");
  });

  it("dialysis charted: UFH (not enoxaparin, not anti-Xa-adjusted LMWH), even beside a post-dialysis eGFR of 45", () => {
    const { thr, violations, report } = dvt(
      [lab("egfr", EVAL - 1, 45), lab("creatinine", EVAL - 1, 2.1)],
      [event("kidney-failure", EVAL - 900)],
    );
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-renal");
    expect(thr).toContain("thr-anticoagulation-full-dose-kidney-failure");
    expect(thr).toContain("thr-avoid-doac-renal");
    expect(thr).not.toContain("thr-renal-clearance-not-computed");
    expect(violations).toEqual([]);
    const items = finding(report, "thrombosis")?.management ?? [];
    const item = items.find((m) => m.id === "thr-anticoagulation-full-dose-kidney-failure");
    expect(item?.action).toMatch(/dialysis, end-stage or stage 5 CKD/);
    // No line of the plan offers LMWH adjusted to anti-Xa levels beside the enoxaparin bar.
    expect(items.filter((m) => m.kind !== "avoid" && /LMWH adjusted to anti-Xa/.test(m.action))).toEqual([]);
  });

  it("a kidney failure that ended (recovered, abatement charted) leaves the clearance to decide", () => {
    const { thr } = dvt(
      [lab("creatinine-clearance", EVAL - 1, 60)],
      [event("kidney-failure", EVAL - 200, { end: day(EVAL - 150) })],
    );
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-renal");
    expect(thr).not.toContain("thr-avoid-doac-renal");
  });

  it("a remote HIT with CrCl 20: argatroban, neither a DOAC nor fondaparinux", () => {
    const { thr, violations } = dvt([lab("creatinine-clearance", EVAL - 1, 20)], [event("hit", EVAL - 300)]);
    expect(thr).not.toContain("thr-hit-history-non-heparin");
    expect(thr).toContain("thr-hit-history-non-heparin-renal");
    expect(violations).toEqual([]);
  });

  it("a charted clearance silences the 'could not compute' item", () => {
    const { thr } = dvt([lab("creatinine", EVAL - 1, 1.0), lab("creatinine-clearance", EVAL - 1, 80)]);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-renal-clearance-not-computed");
  });

  it("HIT suspected with CrCl 20: argatroban or bivalirudin, neither fondaparinux nor a DOAC, in every plan", () => {
    const { report, violations } = dvt(
      [lab("creatinine-clearance", EVAL - 1, 20)],
      [event("hit", EVAL - 2)],
      90,
    );
    const all = report.findings.flatMap((f) => f.management.map((m) => m.id));
    expect(all).not.toContain("thr-hit-non-heparin");
    expect(all).toContain("thr-hit-non-heparin-renal");
    expect(violations).toEqual([]);
  });

  it("HIT suspected with CrCl 20: bivalirudin, renally cleared, at a reduced infusion (HIT series: about 0.05 mg/kg/h below 30); at CrCl 30 the general HIT line, without it", () => {
    const actions = (clearance: number) =>
      dvt(
        [lab("creatinine-clearance", EVAL - 1, clearance)],
        [event("hit", EVAL - 2)],
        90,
      ).report.findings.flatMap((f) =>
        f.management.filter((m) => /bivalirudin/i.test(m.action)).map((m) => m.action),
      );
    const below = actions(20);
    expect(below.length).toBeGreaterThan(0);
    expect(below.every((a) => /bivalirudin at a reduced infusion/.test(a) && /0\.05 mg\/kg\/h/.test(a))).toBe(
      true,
    );
    const at = actions(30);
    expect(at.length).toBeGreaterThan(0);
    expect(at.some((a) => /0\.05 mg\/kg\/h/.test(a))).toBe(false);
  });

  it("thrombosis after CAR-T with an eGFR of 20: the coagulopathy plan offers UFH or anti-Xa-adjusted LMWH, no DOAC", () => {
    const { report, violations } = reportAndViolations(
      record({
        exposures: [carTDvt.exposure],
        labs: [...carTDvt.labs, lab("egfr", EVAL - 1, 20)],
        events: [lungCancer, ...carTDvt.events],
      }),
    );
    const all = report.findings.flatMap(ids);
    expect(all).not.toContain("carac-anticoagulation-full-dose");
    expect(all).not.toContain("thr-anticoagulation-full-dose");
    expect(ids(finding(report, "carac"))).toContain("carac-anticoagulation-full-dose-renal");
    expect(violations).toEqual([]);
  });
});

describe("DOAC caveats the full-dose item carries", () => {
  it("names the obesity limit (ASCO: BMI > 40 kg/m² or weight > 120 kg, LMWH preferred)", () => {
    const { report } = dvt([]);
    const item = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-anticoagulation-full-dose",
    );
    expect(item?.caveat).toMatch(
      /weight above 120 kg or a BMI above 40 kg\/m² charted in the last 90 days the line for obesity/,
    );
    expect(item?.caveat).toMatch(/with neither charted, check the weight/);
  });
});

/** A superficial thrombophlebitis of the great saphenous vein on day 395, with `events` beside it. */
function superficial(events: ClinicalEvent[], labs: LabResult[] = []) {
  const { report, violations } = reportAndViolations(
    record({
      exposures: [pembrolizumab],
      labs: [lab("platelets", 340, 250), lab("platelets", 395, 210), ...labs],
      events: [lungCancer, event("thrombosis", 395, { qualifiers: ["venous", "superficial"] }), ...events],
    }),
  );
  const items = report.findings.flatMap((f) => f.management);
  const fondaparinux = items.filter(
    (m) =>
      m.kind !== "avoid" &&
      Object.values(k.management)
        .flat()
        .find((r) => r.id === m.id)
        ?.tags?.includes("fondaparinux"),
  );
  return { ids: ids(finding(report, "thrombosis")), fondaparinux, violations };
}

describe("fondaparinux with severe renal impairment (contraindicated below a creatinine clearance of 30 mL/min)", () => {
  it("superficial thrombosis on dialysis: unfractionated heparin (not enoxaparin), no fondaparinux anywhere", () => {
    const r = superficial([event("kidney-failure", EVAL - 300)]);
    expect(r.ids).toContain("thr-superficial-vein-thrombosis-kidney-failure");
    expect(r.ids).not.toContain("thr-superficial-vein-thrombosis-renal");
    expect(r.fondaparinux).toEqual([]);
    expect(r.violations).toEqual([]);
  });
  it("superficial thrombosis after HIT on dialysis: neither heparin nor fondaparinux, decided with hematology", () => {
    const r = superficial([event("kidney-failure", EVAL - 300), event("hit", EVAL - 200)]);
    expect(r.ids).toContain("thr-superficial-vein-thrombosis-hit-history-renal");
    expect(r.fondaparinux).toEqual([]);
    expect(r.violations).toEqual([]);
  });
  it("CrCl 45: the superficial regimen keeps fondaparinux", () => {
    const r = superficial([], [lab("creatinine-clearance", EVAL - 1, 45)]);
    expect(r.ids).toContain("thr-superficial-vein-thrombosis");
    expect(r.ids).not.toContain("thr-superficial-vein-thrombosis-renal");
  });
});
