/**
 * Coagulation tests that an anticoagulant moves by design are not read as adverse events or as coagulopathy.
 * An INR of 2.8 on warfarin (target 2–3) was graded 3 by the absolute CTCAE cut-off and the plan read a grade 3
 * coagulopathy; CTCAE v5.0 grades the INR of an anticoagulated patient against baseline, so on a vitamin K
 * antagonist it is graded by the ratio to the INR before the course, and is not gradable without one (named in
 * the report, never silent). An aPTT on unfractionated heparin or argatroban is the drug's target, not graded; a
 * DIC on heparin is still found by its platelets, fibrinogen, D-dimer and PT, and a PT prolonged by warfarin is
 * named as what lowers a DIC.
 */
import { describe, expect, it } from "vitest";
import type { ContextDrug } from "../../packages/core/src/contracts/model.js";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { knowledge as k } from "../support/assess.js";
import { CHARTED_AT, treatedFhir } from "../support/charted-words.js";
import { labResult } from "../support/fhir-entries.js";
import { assessOnDrugs as assess, heparin, warfarin } from "../support/on-anticoagulant.js";
import { contextDrug, event, lab } from "../support/record.js";
import { PINNED_CTCAE } from "../thresholds/pinned.js";

const gradeOf = (r: PatientReport, term: string) => r.grades.find((g) => g.term === term);
const ungradedOf = (r: PatientReport, term: string) => r.ungraded?.find((u) => u.term === term);
const unexplainedTerms = (r: PatientReport) => r.unexplained.map((u) => u.abnormality);
const findingIds = (r: PatientReport) => r.findings.map((f) => f.disorder);

describe("INR on a vitamin K antagonist", () => {
  it("INR 2.8 on warfarin with no INR before it: no grade 3, named not gradable, no coagulopathy", () => {
    const drug = warfarin();
    const inr = lab("inr", 50, 2.8);
    const r = assess([drug], [inr]);
    expect(gradeOf(r, "inr-increased")).toBeUndefined();
    const u = ungradedOf(r, "inr-increased");
    expect(u?.reason).toMatch(/^not gradable: on anticoagulation without a baseline \(grade 3 by > 2\.5/);
    expect(u?.evidence).toEqual([inr.ref, drug.ref]);
    expect(u?.sourceIds).toContain("ctcae-v5");
    expect(unexplainedTerms(r)).not.toContain("inr-increased");
    expect(findingIds(r)).not.toContain("dic");
    expect(findingIds(r)).not.toContain("carac");
  });

  it("INR 3.5 on warfarin (above the 2–3 target, below 4.5) with no INR before it: shown as not gradable, not listed", () => {
    // CHEST 2012 keeps or adjusts the dose of a slightly out-of-range INR and holds the VKA only from 4.5.
    const r = assess([warfarin()], [lab("inr", 50, 3.5)]);
    expect(gradeOf(r, "inr-increased")).toBeUndefined();
    expect(ungradedOf(r, "inr-increased")?.reason).toMatch(
      /^not gradable: on anticoagulation without a baseline/,
    );
    expect(unexplainedTerms(r)).toEqual([]);
  });

  it("the same INR 2.8 off anticoagulation is grade 3 and listed as unexplained", () => {
    const r = assess([], [lab("inr", 50, 2.8)]);
    expect(gradeOf(r, "inr-increased")).toMatchObject({
      grade: 3,
      basis: "> 2.5 (no anticoagulant recorded)",
    });
    expect(r.ungraded).toBeUndefined();
    expect(unexplainedTerms(r)).toContain("inr-increased");
  });

  it("on warfarin after a baseline of 1.0, INR 2.6 is grade 3 by the ratio, citing the baseline and the drug", () => {
    const base = lab("inr", 10, 1.0);
    const r = assess([warfarin()], [base, lab("inr", 50, 2.6)]);
    const g = gradeOf(r, "inr-increased");
    expect(g).toMatchObject({ grade: 3, basis: "> 2.5 × baseline (1) on anticoagulation" });
    expect(g?.evidence).toContain(base.ref);
    expect(g?.evidence.some((e) => e.startsWith("MedicationRequest/warfarin"))).toBe(true);
    expect(r.ungraded).toBeUndefined();
  });

  it("the baseline is the INR before the course began, not one already on warfarin", () => {
    const r = assess([warfarin()], [lab("inr", 10, 1.0), lab("inr", 30, 2.0), lab("inr", 50, 2.6)]);
    expect(gradeOf(r, "inr-increased")?.grade).toBe(3);
    // A refill that touches the first prescription continues the course: the baseline stays the INR of day 10.
    const refill = [
      contextDrug("warfarin", ["anticoagulant", "vka"], 20, 35),
      contextDrug("warfarin", ["anticoagulant", "vka"], 35),
    ];
    const refilled = assess(refill, [lab("inr", 10, 1.0), lab("inr", 30, 2.0), lab("inr", 50, 2.6)]);
    expect(gradeOf(refilled, "inr-increased")?.grade).toBe(3);
    // An INR only on the drug is no baseline: not gradable.
    const onDrugOnly = assess([warfarin()], [lab("inr", 30, 2.0), lab("inr", 50, 2.6)]);
    expect(gradeOf(onDrugOnly, "inr-increased")).toBeUndefined();
    expect(ungradedOf(onDrugOnly, "inr-increased")?.reason).toMatch(/^not gradable/);
  });

  it("on enoxaparin (which barely moves the INR) the absolute cut-off still grades INR 2.8", () => {
    const r = assess([contextDrug("enoxaparin", ["heparin", "lmwh"], 20)], [lab("inr", 50, 2.8)]);
    expect(gradeOf(r, "inr-increased")?.grade).toBe(3);
    expect(r.ungraded).toBeUndefined();
  });

  it("a bleed on warfarin with an INR not gradable is still listed, with the stop-and-reverse lines", () => {
    const r = assess([warfarin()], [lab("inr", 50, 6.0)], [event("bleeding", 50, { grade: 4 })]);
    expect(gradeOf(r, "inr-increased")).toBeUndefined();
    expect(ungradedOf(r, "inr-increased")?.reason).toMatch(/grade 3 by > 2\.5/);
    const bleed = r.unexplained.find((u) => u.abnormality === "major-bleeding");
    expect(bleed?.management?.map((m) => m.id)).toContain(
      "unexplained-bleeding-stop-anticoagulant-measure-level",
    );
  });
});

/**
 * A warfarin course charted as one completed administration whose period runs past the evaluation (an OMOP
 * drug_exposure row with its planned end, read through the FHIR adapter) is taken at the INR: it was read as one
 * day's dose, and every INR on it was graded by the absolute cut-offs and listed as an unexplained coagulopathy.
 */
describe("a warfarin course read from FHIR with its end after the evaluation", () => {
  const course = (end: string) => ({
    resourceType: "MedicationAdministration",
    id: "warfarin",
    status: "completed",
    medicationCodeableConcept: { text: "warfarin" },
    subject: { reference: "Patient/p1" },
    effectivePeriod: { start: "2025-12-01T10:00:00Z", end },
  });
  const onCourse = (end: string) => treatedFhir(course(end), labResult("inr", "6301-6", "2026-03-10", 2.8));
  const oneSecond = 1000;
  const afterEvaluation = new Date(Date.parse(CHARTED_AT) + oneSecond).toISOString();

  it("an INR of 2.8 during it, with no INR before it, is not gradable and not listed", () => {
    for (const end of [afterEvaluation, "2026-06-30T10:00:00Z"]) {
      const r = onCourse(end);
      expect(gradeOf(r, "inr-increased"), end).toBeUndefined();
      expect(ungradedOf(r, "inr-increased")?.reason, end).toMatch(/^not gradable: on anticoagulation/);
      expect(unexplainedTerms(r), end).not.toContain("inr-increased");
    }
  });

  it("the same INR after a course that ended before it is grade 3 and listed", () => {
    const r = onCourse("2026-03-01T10:00:00Z");
    expect(gradeOf(r, "inr-increased")).toMatchObject({
      grade: 3,
      basis: "> 2.5 (no anticoagulant recorded)",
    });
    expect(unexplainedTerms(r)).toContain("inr-increased");
  });

  it("an INR of 6 during it is still listed above the vitamin K antagonist's range", () => {
    const r = treatedFhir(course("2026-06-30T10:00:00Z"), labResult("inr", "6301-6", "2026-03-10", 6));
    expect(unexplainedTerms(r)).toContain("inr-4-5-to-10-on-vka");
  });
});

/** The pinned cut-off of a CTCAE reading, after checking that the knowledge still holds it. */
function pinned(grade: 2 | 3, reading: "above" | "aboveBaseline"): number {
  const onAc = reading === "aboveBaseline";
  const key = `ctcae.yaml inr-increased grade ${grade} ${reading}${onAc ? " on anticoagulation" : ""}`;
  const value = PINNED_CTCAE[key];
  if (value === undefined) throw new Error(`${key} is not pinned`);
  const rule = k.ctcae.terms.find((t) => t.term === "inr-increased");
  const clause =
    rule?.kind === "lab"
      ? rule.clauses.find(
          (c) =>
            c.grade === grade && c.criterion.kind === reading && (c.onlyOnAnticoagulation === true) === onAc,
        )
      : undefined;
  const inKnowledge =
    clause?.criterion.kind === "above"
      ? clause.criterion.n
      : clause?.criterion.kind === "aboveBaseline"
        ? clause.criterion.factor
        : undefined;
  expect(inKnowledge, `${key} in knowledge/ctcae.yaml`).toBe(value);
  return value;
}

describe("INR increased boundaries, on and off anticoagulation (CTCAE v5.0, strict >)", () => {
  const baseline = 1.0;
  const gradeAt = (inr: number, onWarfarin: boolean) =>
    gradeOf(
      assess(onWarfarin ? [warfarin()] : [], [lab("inr", 10, baseline), lab("inr", 50, inr)]),
      "inr-increased",
    )?.grade;

  for (const grade of [2, 3] as const) {
    it(`× ${grade === 2 ? "1.5" : "2.5"} baseline on warfarin: at the ratio grade ${grade - 1}, just above it grade ${grade}`, () => {
      const cut = pinned(grade, "aboveBaseline") * baseline;
      expect(gradeAt(cut, true)).toBe(grade - 1);
      expect(gradeAt(cut + 0.01, true)).toBe(grade);
    });
    it(`absolute ${grade === 2 ? "1.5" : "2.5"} off anticoagulation: at it grade ${grade - 1}, just above it grade ${grade}`, () => {
      const cut = pinned(grade, "above");
      expect(gradeAt(cut, false)).toBe(grade - 1);
      expect(gradeAt(cut + 0.01, false)).toBe(grade);
    });
  }

  it("on warfarin a baseline of 1.2 keeps INR 2.9 (2.42 ×) at grade 2, where off it the absolute cut-off gives 3", () => {
    const at = (drugs: ContextDrug[]) =>
      gradeOf(assess(drugs, [lab("inr", 10, 1.2), lab("inr", 50, 2.9)]), "inr-increased")?.grade;
    expect(at([warfarin()])).toBe(2);
    expect(at([])).toBe(3);
  });
});

describe("aPTT on unfractionated heparin or argatroban", () => {
  it("an aPTT of 80 s on a heparin infusion is not graded, not unexplained and no coagulopathy; the report says why", () => {
    // 80 s is in the nomogram's band below its top one (71–90 s: turn the rate down): the dose's business, not an item.
    const r = assess([heparin()], [lab("aptt", 50, 80), lab("platelets", 50, 230), lab("inr", 50, 1.1)]);
    expect(gradeOf(r, "activated-partial-thromboplastin-time-prolonged")).toBeUndefined();
    expect(ungradedOf(r, "activated-partial-thromboplastin-time-prolonged")?.reason).toMatch(
      /^not graded: the intended effect of the drug \(grade 2 by > 1\.5 × ULN/,
    );
    expect(unexplainedTerms(r)).toEqual([]);
    expect(findingIds(r)).toEqual([]);
  });

  it("the same aPTT on argatroban is not graded either", () => {
    const argatroban = contextDrug("argatroban", ["anticoagulant", "parenteral-thrombin-inhibitor"], 48);
    const r = assess([argatroban], [lab("aptt", 50, 95)]);
    expect(gradeOf(r, "activated-partial-thromboplastin-time-prolonged")).toBeUndefined();
    expect(ungradedOf(r, "activated-partial-thromboplastin-time-prolonged")).toBeDefined();
  });

  it("with no heparin, or on enoxaparin (not dosed by the aPTT), the aPTT of 95 s is grade 3 and listed", () => {
    for (const drugs of [[], [contextDrug("enoxaparin", ["heparin", "lmwh"], 48)]]) {
      const r = assess(drugs, [lab("aptt", 50, 95)]);
      expect(gradeOf(r, "activated-partial-thromboplastin-time-prolonged")?.grade).toBe(3);
      expect(unexplainedTerms(r)).toContain("activated-partial-thromboplastin-time-prolonged");
    }
  });

  it("a real DIC on heparin is still found by platelets, fibrinogen, D-dimer and PT", () => {
    const r = assess(
      [heparin()],
      [
        lab("platelets", 40, 250),
        lab("platelets", 50, 40),
        lab("d-dimer-feu", 50, 12),
        lab("pt", 50, 19.5),
        lab("fibrinogen", 50, 0.8),
        lab("aptt", 50, 95),
      ],
    );
    const dic = r.findings.find((f) => f.disorder === "dic");
    expect(dic?.criteria.find((c) => c.id === "isth-overt")?.status).toBe("met");
    expect(gradeOf(r, "activated-partial-thromboplastin-time-prolonged")).toBeUndefined();
  });
});

/** A DIC by day 50: platelets 250 → 40, D-dimer 6, PT 24 s, fibrinogen 0.9 g/L. */
const dicLabs = () => [
  lab("platelets", 40, 250),
  lab("platelets", 50, 40),
  lab("d-dimer-feu", 50, 6),
  lab("pt", 50, 24),
  lab("fibrinogen", 50, 0.9),
];

describe("ISTH DIC score's PT on warfarin", () => {
  it("a PT prolonged on warfarin is named as what lowers the DIC, not erased", () => {
    const dic = assess([warfarin()], dicLabs()).findings.find((f) => f.disorder === "dic");
    expect(dic?.differentials.find((d) => d.id === "vitamin-k-antagonist")?.status).toBe("met");
  });

  it("without an anticoagulant the same DIC carries no such confounder", () => {
    const dic = assess([], dicLabs()).findings.find((f) => f.disorder === "dic");
    expect(dic?.differentials.find((d) => d.id === "vitamin-k-antagonist")?.status).toBe("unmet");
  });
});

describe("a venous thrombosis on warfarin with only an INR (no PT in seconds)", () => {
  // A DVT raises the D-dimer (3 ISTH points at 8 × ULN); warfarin's INR of 2.5 said the PT was prolonged, so the
  // incomplete score could reach 5 and the DVT was also a possible DIC. CTCAE reads that INR against baseline.
  const dvt = () => [event("thrombosis", 50)];
  const labs = () => [lab("platelets", 50, 240), lab("d-dimer-feu", 50, 4), lab("inr", 50, 2.5)];
  const ids = (drugs: ContextDrug[]) => findingIds(assess(drugs, labs(), dvt()));

  it("is the thrombosis alone, no possible DIC", () => {
    expect(ids([warfarin()])).toEqual(["thrombosis"]);
  });

  it("off warfarin the same INR still leaves a possible DIC beside the thrombosis", () => {
    const r = assess([], labs(), dvt());
    expect(findingIds(r)).toEqual(expect.arrayContaining(["thrombosis", "dic"]));
    expect(r.findings.find((f) => f.disorder === "dic")?.certainty).toBe("possible");
  });

  it("on warfarin a consumption with a low fibrinogen is still a DIC", () => {
    const r = assess([warfarin()], [...labs(), lab("fibrinogen", 50, 0.9)], dvt());
    expect(findingIds(r)).toContain("dic");
  });
});

describe("ISTH SIC and JAAM DIC scores' PT on warfarin: points as published, the confounder named", () => {
  // A sepsis opens the SIC score; an INR of 1.6 scores its 2 PT-INR points, a PT of 24 s the JAAM PT-ratio point.
  const labs = () => [...dicLabs(), lab("inr", 50, 1.6)];
  const sepsis = () => event("sepsis", 49);
  const scoreOf = (r: PatientReport, id: string) => r.scores.filter((s) => s.id === id).at(-1);

  for (const [id, component, points] of [
    ["isth-sic", "pt-inr", 2],
    ["jaam-dic", "pt-ratio", 1],
  ] as const) {
    it(`${id}: on warfarin the ${component} points stay ${points}, the anticoagulant is named and cited`, () => {
      const drug = warfarin();
      const s = scoreOf(assess([drug], labs(), [sepsis()]), id);
      expect(s?.components[component]).toBe(points);
      expect(s?.interpretation).toContain(
        `Confounder: Vitamin K antagonist or other anticoagulant prolonging the PT (warfarin) — the ${component}`,
      );
      expect(s?.evidence).toContain(drug.ref);
      expect(s?.sourceIds).toContain("levi-2009-dic-guideline");
    });

    it(`${id}: without an anticoagulant the same points name no confounder`, () => {
      const s = scoreOf(assess([], labs(), [sepsis()]), id);
      expect(s?.components[component]).toBe(points);
      expect(s?.interpretation).not.toContain("Confounder");
    });
  }

  it("a warfarin course that ended more than 7 days before the score is not named", () => {
    const ended = contextDrug("warfarin", ["anticoagulant", "vka"], 20, 40);
    const s = scoreOf(assess([ended], labs(), [sepsis()]), "jaam-dic");
    expect(s?.components["pt-ratio"]).toBe(1);
    expect(s?.interpretation).not.toContain("Confounder");
  });
});
