/**
 * A bedside procedure planned beside a low platelet count, charted in words as a FHIR Condition, through the engine
 * the CLI drives: the plans name the count the transfusion guidelines ask before it — a lumbar puncture 20 (AABB/ICTMG
 * 2025, which replaced AABB 2015's 50 and BSH 2017's 40), a central venous catheter 20 (AABB 2015, BSH 2017), an epidural or spinal block 80 (BSH 2017,
 * van Veen 2010), a percutaneous liver biopsy 50 (BSH 2017). Before, a planned procedure was no event at all and
 * "lumbar puncture planned" beside platelets of 15 ×10⁹/L said nothing of the count. A procedure done, a transjugular
 * liver biopsy name none, nor a central line beside a suspected HIT (no routine platelets). A procedure is read by its
 * bleed-risk tier (CHEST 2022): a DOAC held 2 days before a high-risk one and 1 day before a low-to-moderate-risk one
 * (PAUSE 2019), none before a minimal-risk one; a posterior-segment eye operation needs 100 ×10⁹/L and a bone-marrow
 * biopsy no count (BSH 2017); off a VKA the INR is weighed by SIR 2019 (no plasma before a low-risk procedure).
 */
import { describe, expect, it } from "vitest";
import type {
  PatientReport,
  PlannedProcedure,
  ProcedurePlan,
} from "../../packages/core/src/contracts/report.js";
import { plannedText, procedureSummary } from "../../packages/core/src/engine/manage/procedures.js";
import { assessChecked, csvCharted, fhirCharted } from "../support/charted-words.js";
import {
  labResult,
  notedCondition,
  pembrolizumabBundle,
  pembrolizumabDvtBundle,
  plateletCount,
} from "../support/fhir-entries.js";
import { testKnowledge } from "../support/knowledge.js";
import { PINNED_PROCEDURE_TIMING } from "../thresholds/pinned.js";

const subject = { reference: "Patient/p1" };

const noted = notedCondition;

/** A DVT on 10 March after pembrolizumab, the platelet count given on 11 March, and the procedure in words. */
function dvtWith(platelets: number, words: string, ...extra: unknown[]): PatientReport {
  return assessChecked({
    kind: "fhir",
    value: pembrolizumabDvtBundle(platelets, ...(words === "" ? [] : [noted("proc", words)]), ...extra),
  });
}

/** Every plan line of the patient's findings, by id without the disorder's prefix. */
const lines = (p: PatientReport): string[] =>
  p.findings.flatMap((f) => f.management.map((m) => m.id.replace(/^[a-z]+-/, "")));

describe("a planned bedside procedure names the platelet count it needs", () => {
  it.each([
    ["Lumbar puncture planned", "platelets-before-planned-lumbar-puncture", 19, true],
    ["Lumbar puncture planned", "platelets-before-planned-lumbar-puncture", 20, false],
    ["Lumbar puncture planned", "platelets-before-planned-lumbar-puncture", 49, false],
    ["Scheduled for central line insertion", "platelets-before-planned-central-venous-catheter", 19, true],
    ["Scheduled for central line insertion", "platelets-before-planned-central-venous-catheter", 20, false],
    ["Pre-op for epidural catheter", "platelets-before-planned-neuraxial", 79, true],
    ["Pre-op for epidural catheter", "platelets-before-planned-neuraxial", 80, false],
    ["Spinal anaesthesia planned", "platelets-before-planned-neuraxial", 79, true],
    ["Liver biopsy tomorrow", "platelets-before-planned-liver-biopsy", 49, true],
    ["Liver biopsy tomorrow", "platelets-before-planned-liver-biopsy", 50, false],
  ])("threshold: %j with platelets %s → %s named: %s", (words, line, count, named) => {
    expect(lines(dvtWith(count, words)).includes(line)).toBe(named);
  });

  it("names the count in every finding's plan: the thrombosis plan carries it", () => {
    const report = dvtWith(15, "Lumbar puncture planned");
    const thr = report.findings.find((f) => f.disorder === "thrombosis");
    expect(thr?.management.map((m) => m.id)).toContain("thr-platelets-before-planned-lumbar-puncture");
  });

  it.each([
    ["a lumbar puncture done", "Lumbar puncture performed, CSF clear"],
    ["a transjugular liver biopsy planned (the route below 50)", "Transjugular liver biopsy planned"],
    ["a PICC line planned (no routine platelets, BSH 2017)", "PICC line insertion planned"],
  ])("names no count for %s", (_what, words) => {
    const plan = lines(dvtWith(15, words));
    expect(plan.filter((l) => l.startsWith("platelets-before-planned"))).toEqual([]);
  });

  const hit = () =>
    noted("hit", "Suspected heparin-induced thrombocytopenia, PF4 antibody pending", "2026-03-11");
  it("beside a suspected HIT names the count of a high-bleeding-risk procedure, saying platelets are for it only", () => {
    const plan = lines(dvtWith(15, "Lumbar puncture planned", hit()));
    expect(plan).toContain("platelets-before-planned-lumbar-puncture");
    expect(plan).toContain("platelets-hit-bleeding-or-procedure");
    expect(plan).not.toContain("avoid-platelets-hit");
  });

  it("names no count for a central line beside a suspected HIT, where platelets are not given routinely", () => {
    const plan = lines(dvtWith(15, "Scheduled for central line insertion", hit()));
    expect(plan).not.toContain("platelets-before-planned-central-venous-catheter");
    expect(plan).not.toContain("platelets-hit-bleeding-or-procedure");
    expect(plan).toContain("avoid-platelets-hit");
  });
});

/** A dose of `drug` given on the evaluation's day, with the amount given (`dosage.dose`) when the record gives it. */
const given = (id: string, drug: string, on = "2026-03-12", dose?: { value: number; unit: string }) => ({
  resourceType: "MedicationAdministration",
  id,
  status: "completed",
  medicationCodeableConcept: { text: drug },
  subject,
  effectiveDateTime: on,
  ...(dose !== undefined && { dosage: { dose } }),
});

describe("an anticoagulant before a planned operation (CHEST 2022), scoped to the drug on record", () => {
  it.each([
    ["apixaban", "doac-before-planned-surgery"],
    ["dabigatran", "doac-before-planned-surgery"],
    ["enoxaparin 1 mg/kg twice daily", "lmwh-before-planned-surgery"],
    // An LMWH charted by its class is one (its last dose 24 hours before), not unfractionated heparin.
    ["LMWH 1 mg/kg twice daily", "lmwh-before-planned-surgery"],
    ["low molecular weight heparin", "lmwh-before-planned-surgery"],
    ["warfarin", "vka-before-planned-surgery"],
  ])("%s with a hemicolectomy planned → %s, and no other drug's line", (drug, line) => {
    const plan = lines(dvtWith(230, "Planned right hemicolectomy", given("ac", drug)));
    expect(plan).toContain(line);
    const others = [
      "doac-before-planned-surgery",
      "lmwh-before-planned-surgery",
      "vka-before-planned-surgery",
    ];
    expect(plan.filter((l) => others.includes(l) && l !== line)).toEqual([]);
  });

  it("names the drug on record in the line", () => {
    const report = dvtWith(230, "Planned right hemicolectomy", given("ac", "apixaban"));
    const item = report.findings
      .flatMap((f) => f.management)
      .find((m) => m.id === "thr-doac-before-planned-surgery");
    expect(JSON.stringify(item)).toContain("apixaban");
  });

  it.each([
    ["no anticoagulant given", "Planned right hemicolectomy", undefined],
    ["the operation done, not planned", "POD 2 s/p right hemicolectomy", "apixaban"],
    ["apixaban last given 3 days before", "Planned right hemicolectomy", "apixaban 2026-03-09"],
  ])("names no interruption with %s", (_what, words, drug) => {
    const extra = drug === undefined ? [] : [given("ac", drug.split(" ")[0] as string, drug.split(" ")[1])];
    const plan = lines(dvtWith(230, words, ...extra));
    expect(plan).not.toContain("doac-before-planned-surgery");
  });
});

describe("a DOAC before a planned major operation: EHRA 2021's high bleed-risk intervals, dabigatran by clearance", () => {
  const DOAC = "doac-before-planned-surgery";
  /** A creatinine clearance of `value` mL/min charted on 11 March. */
  const crcl = (value: number) => labResult("crcl", "2164-2", "2026-03-11", value, "mL/min");
  const named = (drug: string, on: string, ...extra: unknown[]) =>
    lines(dvtWith(230, "Planned right hemicolectomy", given("ac", drug, on), ...extra)).includes(DOAC);

  // The evaluation is at 12:00 on 12 March: 48 hours back is 12:00 on 10 March, 72 hours 9 March, 96 hours 8 March,
  // 5 days 7 March.
  it.each([
    ["apixaban", undefined, "2026-03-10T13:00:00Z", true],
    ["apixaban", undefined, "2026-03-10T11:00:00Z", false],
    ["dabigatran", 80, "2026-03-10T13:00:00Z", true],
    ["dabigatran", 80, "2026-03-10T11:00:00Z", false],
    ["dabigatran", 79, "2026-03-10T11:00:00Z", true],
    ["dabigatran", 50, "2026-03-09T11:00:00Z", false],
    ["dabigatran", 49, "2026-03-09T11:00:00Z", true],
    ["dabigatran", 30, "2026-03-08T11:00:00Z", false],
    ["dabigatran", 29, "2026-03-08T11:00:00Z", true],
    ["dabigatran", 29, "2026-03-07T11:00:00Z", false],
    ["dabigatran", undefined, "2026-03-07T13:00:00Z", true],
  ])(
    "threshold: %s with creatinine clearance %s mL/min, last given at %s → the interruption named: %s",
    (drug, clearance, on, isNamed) => {
      expect(named(drug, on, ...(clearance === undefined ? [] : [crcl(clearance)]))).toBe(isNamed);
    },
  );

  it("names the clearance read and its hours, or what is missing and the longest interval", () => {
    const item = (...extra: unknown[]) =>
      JSON.stringify(
        dvtWith(
          230,
          "Planned right hemicolectomy",
          given("ac", "dabigatran", "2026-03-10T12:00:00Z"),
          ...extra,
        )
          .findings.flatMap((f) => f.management)
          .find((m) => m.id === `thr-${DOAC}`),
      );
    expect(item(crcl(40))).toContain("creatinine clearance 40 mL/min: 96 hours");
    expect(item()).toContain("the longest interval, 120 hours");
  });
});

describe("a DOAC before a planned procedure, by the procedure's bleed risk (PAUSE 2019, CHEST 2022)", () => {
  const HIGH = "doac-before-planned-high-risk-procedure";
  const LOW = "doac-before-planned-low-risk-procedure";
  const MINIMAL = "anticoagulant-through-planned-minimal-risk-procedure";
  const TIERS = [HIGH, LOW, MINIMAL, "doac-before-planned-surgery", "doac-before-planned-neuraxial-puncture"];
  /** A creatinine clearance of `value` mL/min charted on 11 March. */
  const crcl = (value: number) => labResult("crcl", "2164-2", "2026-03-11", value, "mL/min");
  /** The DOAC timing lines of a DVT with `words` charted and `drug` last given at `on`. */
  const timing = (words: string, drug: string, on: string, ...extra: unknown[]) =>
    lines(dvtWith(230, words, given("ac", drug, on), ...extra)).filter((l) => TIERS.includes(l));

  // The evaluation is at 12:00 on 12 March: 24 hours back is 12:00 on 11 March, 48 hours 10 March.
  it.each([
    ["Colonoscopy with biopsies planned", "apixaban", "2026-03-11T13:00:00Z", [LOW]],
    ["Colonoscopy with biopsies planned", "apixaban", "2026-03-11T11:00:00Z", []],
    ["Bone marrow biopsy planned", "rivaroxaban", "2026-03-11T13:00:00Z", [LOW]],
    ["Vitrectomy planned", "edoxaban", "2026-03-11T11:00:00Z", []],
    ["Polypectomy planned", "apixaban", "2026-03-10T13:00:00Z", [HIGH]],
    ["Polypectomy planned", "apixaban", "2026-03-10T11:00:00Z", []],
    ["Colonoscopy with polypectomy planned", "apixaban", "2026-03-11T11:00:00Z", [HIGH]],
    ["Kidney biopsy planned", "rivaroxaban", "2026-03-10T13:00:00Z", [HIGH]],
    ["Liver biopsy tomorrow", "apixaban", "2026-03-10T13:00:00Z", [HIGH]],
    ["Cataract surgery planned", "apixaban", "2026-03-12T08:00:00Z", [MINIMAL]],
    ["Skin biopsy planned", "warfarin", "2026-03-12", [MINIMAL]],
    ["Scheduled for pacemaker implantation", "dabigatran", "2026-03-12T08:00:00Z", [MINIMAL]],
    ["Tooth extraction planned", "rivaroxaban", "2026-03-12T08:00:00Z", [MINIMAL]],
  ])("threshold: %j with %s last given at %s → %j", (words, drug, on, expected) => {
    expect(timing(words, drug, on)).toEqual(expected);
  });

  // Dabigatran before a low-risk procedure: 1 day from a clearance of 50 mL/min, 2 days below it or with none.
  it.each([
    [50, "2026-03-11T13:00:00Z", true],
    [50, "2026-03-11T11:00:00Z", false],
    [49, "2026-03-11T11:00:00Z", true],
    [49, "2026-03-10T11:00:00Z", false],
    [undefined, "2026-03-10T13:00:00Z", true],
  ])(
    "threshold: dabigatran with creatinine clearance %s mL/min last given at %s before an endoscopy with biopsies → named: %s",
    (clearance, on, named) => {
      const extra = clearance === undefined ? [] : [crcl(clearance)];
      expect(timing("Gastroscopy with biopsies planned", "dabigatran", on, ...extra)).toEqual(
        named ? [LOW] : [],
      );
    },
  );

  it("names the clearance read, or what is missing and the longer interval, with PAUSE as a source", () => {
    const item = (...extra: unknown[]) =>
      dvtWith(230, "Colonoscopy planned", given("ac", "dabigatran", "2026-03-11T00:00:00Z"), ...extra)
        .findings.flatMap((f) => f.management)
        .find((m) => m.id === `thr-${LOW}`);
    expect(item(crcl(40))?.action).toContain("creatinine clearance 40 mL/min: 48 hours");
    expect(item()?.action).toContain("the longest interval, 48 hours");
    expect(item()?.sourceIds).toContain("pause-2019-doac-perioperative");
  });

  it("a minimal-risk procedure says the anticoagulant need not be stopped for it, and names no interval", () => {
    const item = dvtWith(230, "Cataract surgery planned", given("ac", "apixaban"))
      .findings.flatMap((f) => f.management)
      .find((m) => m.id === `thr-${MINIMAL}`);
    expect(item?.action).toContain("no reason to stop the anticoagulant");
    expect(item?.sourceIds).toContain("chest-2022-perioperative-antithrombotic");
  });

  it.each([
    [
      "a major operation planned too keeps its own interval",
      "Planned right hemicolectomy",
      ["doac-before-planned-surgery"],
    ],
    [
      "a lumbar puncture planned too keeps ASRA's interval",
      "Lumbar puncture planned",
      ["doac-before-planned-neuraxial-puncture"],
    ],
    ["a polypectomy planned too is the high-risk interval", "Polypectomy planned", [HIGH]],
  ])("with a bone-marrow biopsy or a cataract operation planned, %s", (_what, words, expected) => {
    const both = (first: string) =>
      timing(words, "apixaban", "2026-03-12T08:00:00Z", noted("proc2", first, "2026-03-11"));
    expect(both("Bone marrow biopsy planned")).toEqual(expected);
    expect(both("Cataract surgery planned")).toEqual(expected);
  });

  it.each([
    [49, []],
    [50, [MINIMAL]],
  ])("threshold: a cataract operation on apixaban with platelets %s → %j", (count, expected) => {
    const plan = lines(dvtWith(count, "Cataract surgery planned", given("ac", "apixaban")));
    expect(plan.filter((l) => TIERS.includes(l))).toEqual(expected);
  });

  it("a cataract operation on warfarin beside a suspected HIT: no line to continue the VKA", () => {
    const hit = noted(
      "hit",
      "Suspected heparin-induced thrombocytopenia, PF4 antibody pending",
      "2026-03-11",
    );
    const plan = lines(dvtWith(230, "Cataract surgery planned", given("ac", "warfarin"), hit));
    expect(plan).not.toContain(MINIMAL);
  });

  it.each([
    ["no anticoagulant", "Cataract surgery planned", []],
    ["a bleed", "Cataract surgery planned", [noted("bleed", "Epistaxis", "2026-03-11")]],
    ["an endoscopy done", "Colonoscopy with biopsies performed", []],
  ])("names no tier's line with %s", (what, words, extra) => {
    const drug = what === "no anticoagulant" ? [] : [given("ac", "apixaban")];
    const plan = lines(dvtWith(230, words, ...drug, ...extra));
    expect(plan.filter((l) => TIERS.includes(l))).toEqual([]);
  });
});

describe("a procedure's bleed-risk tier charted in words, read the same from FHIR and CSV", () => {
  it.each([
    ["FHIR", fhirCharted],
    ["CSV", csvCharted],
  ])("%s: an endoscopy with biopsies, a bone-marrow biopsy and a cataract operation", (_how, read) => {
    const chart = (procedure: string, labs: readonly (readonly [string, number, string])[] = []) =>
      lines(
        read({
          doses: [
            ["pembrolizumab", "2026-02-16"],
            ["apixaban", "2026-03-12T08:00:00Z"],
          ],
          problems: [
            ["Deep vein thrombosis of the left popliteal vein", "2026-03-10"],
            [procedure, "2026-03-12"],
          ],
          platelets: 230,
          labs,
        }),
      );
    expect(chart("Colonoscopy with biopsies planned")).toContain("doac-before-planned-low-risk-procedure");
    expect(chart("Polypectomy planned")).toContain("doac-before-planned-high-risk-procedure");
    expect(chart("Cataract surgery planned")).toContain(
      "anticoagulant-through-planned-minimal-risk-procedure",
    );
    expect(chart("Bone marrow biopsy planned", [["6301-6", 1.6, "{INR}"]])).toContain(
      "no-plasma-for-inr-before-planned-low-risk-procedure",
    );
  });
});

describe("the platelet count before an eye operation and a bone-marrow biopsy (BSH 2017)", () => {
  it.each([
    ["Vitrectomy planned", "platelets-before-planned-posterior-eye-surgery", 99, true],
    ["Vitrectomy planned", "platelets-before-planned-posterior-eye-surgery", 100, false],
    ["Cataract surgery planned", "platelets-before-planned-posterior-eye-surgery", 40, false],
    ["Bone marrow biopsy planned", "no-platelets-before-planned-bone-marrow-biopsy", 49, true],
    ["Bone marrow biopsy planned", "no-platelets-before-planned-bone-marrow-biopsy", 50, false],
  ])("threshold: %j with platelets %s → %s named: %s", (words, line, count, named) => {
    expect(lines(dvtWith(count, words)).includes(line)).toBe(named);
  });

  it("a bone-marrow biopsy beside platelets of 12 names no transfusion before it, and no count to reach", () => {
    const plan = lines(dvtWith(12, "Bone marrow biopsy planned"));
    expect(plan).toContain("no-platelets-before-planned-bone-marrow-biopsy");
    expect(plan.filter((l) => l.startsWith("platelets-before-planned"))).toEqual([]);
  });
});

describe("the INR before a planned procedure off a vitamin K antagonist (SIR 2019)", () => {
  const LIVER = "inr-before-planned-liver-biopsy";
  const NO_PLASMA = "no-plasma-for-inr-before-planned-low-risk-procedure";
  /** The INR lines of a DVT with an INR of `value` drawn on 11 March and `words` charted. */
  const inrLines = (value: number, words: string, ...extra: unknown[]) =>
    lines(dvtWith(230, words, labResult("inr", "6301-6", "2026-03-11", value), ...extra)).filter(
      (l) => l === LIVER || l === NO_PLASMA,
    );

  it.each([
    ["Liver biopsy tomorrow", 1.6, [LIVER]],
    ["Liver biopsy tomorrow", 1.5, []],
    ["Bone marrow biopsy planned", 1.2, [NO_PLASMA]],
    ["Bone marrow biopsy planned", 1.1, []],
    ["Bone marrow biopsy planned", 2.0, [NO_PLASMA]],
    ["Bone marrow biopsy planned", 2.1, []],
    ["Scheduled for central line insertion", 1.6, [NO_PLASMA]],
    ["Colonoscopy with biopsies planned", 1.4, [NO_PLASMA]],
  ])("threshold: %j with an INR of %s → %j", (words, value, expected) => {
    expect(inrLines(value, words)).toEqual(expected);
  });

  it("says that no plasma is needed before a low-risk procedure, with its source", () => {
    const item = dvtWith(230, "Bone marrow biopsy planned", labResult("inr", "6301-6", "2026-03-11", 1.7))
      .findings.flatMap((f) => f.management)
      .find((m) => m.id === `thr-${NO_PLASMA}`);
    expect(item?.action).toContain("no plasma is needed for this INR");
    expect(item?.sourceIds).toEqual(["sir-2019-periprocedural"]);
  });

  it.each([
    ["warfarin on board (its own lines decide)", "Bone marrow biopsy planned", [given("ac", "warfarin")]],
    ["warfarin on board before a liver biopsy", "Liver biopsy tomorrow", [given("ac", "warfarin")]],
    ["a bleed", "Bone marrow biopsy planned", [noted("bleed", "Epistaxis", "2026-03-11")]],
    ["a TTP suspected", "Bone marrow biopsy planned", [noted("ttp", "TTP suspected", "2026-03-11")]],
    [
      "a major operation planned too",
      "Bone marrow biopsy planned",
      [noted("proc2", "Planned right hemicolectomy", "2026-03-11")],
    ],
    ["a procedure done", "Bone marrow biopsy performed", []],
  ])("names no INR line with %s", (_what, words, extra) => {
    expect(inrLines(1.7, words, ...extra)).toEqual([]);
  });
});

describe("a planned operation's own day, when written, decides whether it is still to come", () => {
  /** Platelets 40 and a laparotomy planned in a note of `charted`, in the words given. */
  const laparotomy = (words: string, charted: string) =>
    lines(dvtWith(40, "", noted("plan", words, charted))).includes("platelets-before-planned-major-surgery");

  it.each([
    ["2026-03-12", true],
    ["2026-03-11", false],
  ])("threshold: a laparotomy planned for %s, evaluated on 12 March → still to come: %s", (day, toCome) => {
    expect(laparotomy(`Laparotomy planned ${day}`, "2026-03-05")).toBe(toCome);
  });

  it.each([
    ["2026-04-11", true],
    ["2026-04-12", false],
  ])("threshold: a laparotomy scheduled for %s (30 days ahead or more) → weighed now: %s", (day, weighed) => {
    expect(laparotomy(`Scheduled for laparotomy on ${day}`, "2026-03-05")).toBe(weighed);
  });

  it("a plan charted 40 days ago for a day still to come is weighed by that day, not by the charting", () => {
    expect(laparotomy("Laparotomy planned 2026-03-20", "2026-01-31")).toBe(true);
    expect(laparotomy("Laparotomy planned", "2026-01-31")).toBe(false);
  });
});

describe("an operation of no named type, planned", () => {
  it.each([
    [49, true],
    [50, false],
  ])("threshold: 'Surgery planned' with platelets %i is read as a major operation: %s", (count, named) => {
    expect(lines(dvtWith(count, "Surgery planned")).includes("platelets-before-planned-major-surgery")).toBe(
      named,
    );
  });

  it.each(["Seen by surgery", "History of surgery", "Surgery consulted"])(
    "%j is no planned operation",
    (words) => {
      expect(lines(dvtWith(40, words))).not.toContain("platelets-before-planned-major-surgery");
    },
  );
});

describe("a planned procedure sent as a FHIR Procedure in preparation", () => {
  const proc = (status: string, text: string, extra: Record<string, unknown> = {}) => ({
    resourceType: "Procedure",
    id: "lp",
    status,
    code: { text },
    subject,
    ...extra,
  });

  it.each([
    [19, true],
    [20, false],
  ])(
    "threshold: a lumbar puncture in preparation with platelets %i → the count named: %s",
    (count, named) => {
      expect(
        lines(dvtWith(count, "", proc("preparation", "Lumbar puncture"))).includes(
          "platelets-before-planned-lumbar-puncture",
        ),
      ).toBe(named);
    },
  );

  it.each([
    ["2026-03-14", true],
    ["2026-03-11", false],
  ])("an epidural in preparation to be done on %s, evaluated on 12 March → weighed: %s", (day, weighed) => {
    const p = proc("preparation", "Epidural catheter insertion", { performedDateTime: day });
    expect(lines(dvtWith(60, "", p)).includes("platelets-before-planned-neuraxial")).toBe(weighed);
  });

  it.each(["not-done", "entered-in-error", "completed"])(
    "a lumbar puncture %s names no count before it",
    (status) => {
      const p = proc(status, "Lumbar puncture", { performedDateTime: "2026-03-11" });
      expect(lines(dvtWith(15, "", p))).not.toContain("platelets-before-planned-lumbar-puncture");
    },
  );

  it("an operation in preparation with apixaban on board names the interruption", () => {
    const plan = lines(dvtWith(230, "", proc("preparation", "Right hemicolectomy"), given("ac", "apixaban")));
    expect(plan).toContain("doac-before-planned-surgery");
  });
});

describe("an anticoagulant before a planned neuraxial puncture (ASRA 2018), scoped to the drug on record", () => {
  const NEURAXIAL = [
    "doac-before-planned-neuraxial-puncture",
    "lmwh-before-planned-neuraxial-puncture",
    "vka-before-planned-neuraxial-puncture",
    "ufh-before-planned-neuraxial-puncture",
    "thrombin-inhibitor-before-planned-neuraxial-puncture",
    "fondaparinux-before-planned-neuraxial-puncture",
  ];
  const neuraxialLines = (words: string, ...extra: unknown[]) =>
    lines(dvtWith(230, words, ...extra)).filter((l) => NEURAXIAL.includes(l));

  it.each([
    ["Lumbar puncture planned", "apixaban", "doac-before-planned-neuraxial-puncture"],
    ["Pre-op for epidural catheter", "rivaroxaban", "doac-before-planned-neuraxial-puncture"],
    ["Spinal anaesthesia planned", "dabigatran", "doac-before-planned-neuraxial-puncture"],
    ["Lumbar puncture planned", "enoxaparin 1 mg/kg twice daily", "lmwh-before-planned-neuraxial-puncture"],
    ["Pre-op for epidural catheter", "LMWH prophylaxis", "lmwh-before-planned-neuraxial-puncture"],
    ["Lumbar puncture planned", "warfarin", "vka-before-planned-neuraxial-puncture"],
    [
      "Pre-op for epidural catheter",
      "unfractionated heparin infusion",
      "ufh-before-planned-neuraxial-puncture",
    ],
    [
      "Lumbar puncture planned",
      "argatroban infusion",
      "thrombin-inhibitor-before-planned-neuraxial-puncture",
    ],
    ["Spinal anaesthesia planned", "bivalirudin", "thrombin-inhibitor-before-planned-neuraxial-puncture"],
    [
      "Spinal anaesthesia planned",
      "fondaparinux 2.5 mg daily",
      "fondaparinux-before-planned-neuraxial-puncture",
    ],
    ["Lumbar puncture planned", "Arixtra", "fondaparinux-before-planned-neuraxial-puncture"],
  ])("%j with %s given today → %s, and no other drug's line", (words, drug, line) => {
    expect(neuraxialLines(words, given("ac", drug))).toEqual([line]);
  });

  it.each([
    // The evaluation is at 12:00 on 12 March: 72 hours back is 12:00 on 9 March, 120 hours 12:00 on 7 March.
    ["apixaban", "2026-03-09T13:00:00Z", true],
    ["apixaban", "2026-03-09T11:00:00Z", false],
    ["dabigatran", "2026-03-08T11:00:00Z", true],
    ["dabigatran", "2026-03-07T13:00:00Z", true],
    ["dabigatran", "2026-03-07T11:00:00Z", false],
  ])(
    "threshold: %s last given at %s before a lumbar puncture → within ASRA's interval: %s",
    (drug, on, named) => {
      expect(neuraxialLines("Lumbar puncture planned", given("ac", drug, on))).toEqual(
        named ? ["doac-before-planned-neuraxial-puncture"] : [],
      );
    },
  );

  it.each([
    ["warfarin", "vka-before-planned-neuraxial-puncture", "2026-03-07T13:00:00Z", true],
    ["warfarin", "vka-before-planned-neuraxial-puncture", "2026-03-07T11:00:00Z", false],
    ["heparin 5000 units SC", "ufh-before-planned-neuraxial-puncture", "2026-03-11T13:00:00Z", true],
    ["heparin 5000 units SC", "ufh-before-planned-neuraxial-puncture", "2026-03-11T11:00:00Z", false],
    ["argatroban", "thrombin-inhibitor-before-planned-neuraxial-puncture", "2026-03-11T13:00:00Z", true],
    ["argatroban", "thrombin-inhibitor-before-planned-neuraxial-puncture", "2026-03-11T11:00:00Z", false],
    // Fondaparinux: the treatment dose's 72 hours whatever the dose, as the dose on record is not read.
    ["fondaparinux", "fondaparinux-before-planned-neuraxial-puncture", "2026-03-09T13:00:00Z", true],
    ["fondaparinux", "fondaparinux-before-planned-neuraxial-puncture", "2026-03-09T11:00:00Z", false],
  ])("threshold: %s last given at %s before an epidural → %s named: %s", (drug, line, on, named) => {
    expect(neuraxialLines("Pre-op for epidural catheter", given("ac", drug, on))).toEqual(
      named ? [line] : [],
    );
  });

  it("names the drug on record, and the platelet line stands beside it", () => {
    const report = dvtWith(15, "Lumbar puncture planned", given("ac", "apixaban"));
    const plan = report.findings.flatMap((f) => f.management);
    const item = plan.find((m) => m.id === "thr-doac-before-planned-neuraxial-puncture");
    expect(JSON.stringify(item)).toContain("apixaban");
    expect(plan.map((m) => m.id)).toContain("thr-platelets-before-planned-lumbar-puncture");
  });

  it.each([
    ["no anticoagulant on record", "Lumbar puncture planned", []],
    [
      "a lumbar puncture done, not planned",
      "Lumbar puncture performed, CSF clear",
      [given("ac", "apixaban")],
    ],
    ["an operation planned, no neuraxial puncture", "Planned right hemicolectomy", [given("ac", "apixaban")]],
    ["a central line planned", "Scheduled for central line insertion", [given("ac", "apixaban")]],
  ])("names no neuraxial interval with %s", (_what, words, extra) => {
    expect(neuraxialLines(words, ...extra)).toEqual([]);
  });

  it("a lumbar puncture in preparation as a FHIR Procedure with apixaban names the interval", () => {
    const lp = {
      resourceType: "Procedure",
      id: "lp",
      status: "preparation",
      code: { text: "Lumbar puncture" },
      subject,
    };
    expect(neuraxialLines("", lp, given("ac", "apixaban"))).toEqual([
      "doac-before-planned-neuraxial-puncture",
    ]);
  });
});

describe("dabigatran before a neuraxial puncture: the interval follows the creatinine clearance", () => {
  const DOAC = "doac-before-planned-neuraxial-puncture";
  /** A creatinine clearance of `crcl` mL/min charted on 11 March. */
  const crcl = (value: number) => labResult("crcl", "2164-2", "2026-03-11", value, "mL/min");
  const named = (on: string, ...extra: unknown[]) =>
    lines(dvtWith(230, "Lumbar puncture planned", given("ac", "dabigatran", on), ...extra)).includes(DOAC);

  // The evaluation is at 12:00 on 12 March: 72 hours back is 12:00 on 9 March, 96 hours 12:00 on 8 March, 120 hours
  // 12:00 on 7 March.
  it.each([
    [80, "2026-03-09T13:00:00Z", true],
    [80, "2026-03-09T11:00:00Z", false],
    [79, "2026-03-09T11:00:00Z", true],
    [79, "2026-03-08T13:00:00Z", true],
    [50, "2026-03-08T11:00:00Z", false],
    [49, "2026-03-08T11:00:00Z", true],
    [49, "2026-03-07T11:00:00Z", false],
  ])(
    "threshold: creatinine clearance %i mL/min, dabigatran last given at %s → named: %s",
    (value, on, isNamed) => {
      expect(named(on, crcl(value))).toBe(isNamed);
    },
  );

  it("names the clearance read and its hours, or what is missing and the longest interval", () => {
    const item = (...extra: unknown[]) =>
      JSON.stringify(
        dvtWith(230, "Lumbar puncture planned", given("ac", "dabigatran", "2026-03-10T12:00:00Z"), ...extra)
          .findings.flatMap((f) => f.management)
          .find((m) => m.id === `thr-${DOAC}`),
      );
    expect(item(crcl(85))).toContain("creatinine clearance 85 mL/min: 72 hours");
    expect(item()).toContain("no creatinine clearance on record, nor the creatinine, age, sex and weight");
    expect(item()).toContain("the longest interval, 120 hours");
    // A creatinine with no weight or sex on record names what is missing.
    const creatinine = labResult("cr", "2160-0", "2026-03-11", 0.9, "mg/dL");
    expect(item(creatinine)).toMatch(
      /no creatinine clearance on record, no [a-z, ]*weight[a-z, ]* to compute one/,
    );
  });

  it("reads a Cockcroft-Gault clearance from the creatinine, age, sex and weight on record", () => {
    // A man born in 1966 (60 on 11 March 2026), 80 kg, creatinine 0.9 mg/dL: (140 - 60) × 80 / (72 × 0.9) = 98.8 mL/min.
    const bundle = pembrolizumabDvtBundle(
      230,
      noted("proc", "Lumbar puncture planned"),
      given("ac", "dabigatran", "2026-03-09T11:00:00Z"),
      labResult("cr", "2160-0", "2026-03-11", 0.9, "mg/dL"),
      labResult("wt", "29463-7", "2026-03-11", 80, "kg"),
    );
    const withDemographics = (sexAndBirth: Record<string, string>) => ({
      ...bundle,
      entry: bundle.entry.map((e) =>
        (e as { resource: { resourceType: string } }).resource.resourceType === "Patient"
          ? { resource: { resourceType: "Patient", id: "p1", ...sexAndBirth } }
          : e,
      ),
    });
    // 73 hours after the last dose: past the 72 hours of a clearance of 80 or more, within the longest 120.
    const plan = (p: Record<string, string>) =>
      lines(assessChecked({ kind: "fhir", value: withDemographics(p) }));
    expect(plan({ gender: "male", birthDate: "1966-01-01" })).not.toContain(DOAC);
    expect(plan({})).toContain(DOAC);
  });

  it("apixaban keeps its 72 hours whatever the clearance", () => {
    const apixaban = (value: number) =>
      lines(
        dvtWith(230, "Lumbar puncture planned", given("ac", "apixaban", "2026-03-09T11:00:00Z"), crcl(value)),
      );
    expect(apixaban(40)).not.toContain(DOAC);
  });
});

describe("an LMWH before a neuraxial puncture: the treatment dose's interval, doubled below a clearance of 30", () => {
  const LMWH = "lmwh-before-planned-neuraxial-puncture";
  const crcl = (value: number) => labResult("crcl", "2164-2", "2026-03-11", value, "mL/min");
  const named = (on: string, ...extra: unknown[]) =>
    lines(
      dvtWith(230, "Pre-op for epidural catheter", given("ac", "enoxaparin 40 mg daily", on), ...extra),
    ).includes(LMWH);

  // The evaluation is at 12:00 on 12 March: 24 hours back is 12:00 on 11 March, 48 hours 12:00 on 10 March.
  it.each([
    [30, "2026-03-11T13:00:00Z", true],
    [30, "2026-03-11T11:00:00Z", false],
    [29, "2026-03-11T11:00:00Z", true],
    [29, "2026-03-10T13:00:00Z", true],
    [29, "2026-03-10T11:00:00Z", false],
  ])(
    "threshold: creatinine clearance %i mL/min, enoxaparin last given at %s → named: %s",
    (value, on, isNamed) => {
      expect(named(on, crcl(value))).toBe(isNamed);
    },
  );

  it("with no clearance on record the longer interval stands, and the line says so", () => {
    expect(named("2026-03-10T13:00:00Z")).toBe(true);
    expect(named("2026-03-10T11:00:00Z")).toBe(false);
    const item = dvtWith(
      230,
      "Lumbar puncture planned",
      given("ac", "enoxaparin 40 mg daily", "2026-03-11T08:00:00Z"),
    )
      .findings.flatMap((f) => f.management)
      .find((m) => m.id === `thr-${LMWH}`);
    expect(JSON.stringify(item)).toContain("no creatinine clearance on record");
    expect(JSON.stringify(item)).toContain("no dose on record that gives the dose a day");
  });
});

describe("an LMWH or fondaparinux before a neuraxial puncture: the dose on record decides the interval", () => {
  const LMWH = "lmwh-before-planned-neuraxial-puncture";
  const FONDA = "fondaparinux-before-planned-neuraxial-puncture";
  const crcl = (value: number) => labResult("crcl", "2164-2", "2026-03-11", value, "mL/min");
  const mg = (value: number, unit = "mg") => ({ value, unit });
  const plan = (...extra: unknown[]) => lines(dvtWith(230, "Pre-op for epidural catheter", ...extra));
  const item = (id: string, ...extra: unknown[]) =>
    JSON.stringify(
      dvtWith(230, "Pre-op for epidural catheter", ...extra)
        .findings.flatMap((f) => f.management)
        .find((m) => m.id === `thr-${id}`),
    );

  // The evaluation is at 12:00 on 12 March: 12 hours back is 00:00 on 12 March, 24 hours 12:00 on 11 March, 42 hours
  // 18:00 on 10 March, 72 hours 12:00 on 9 March.
  it.each([
    // ESAIC/ESRA 2022: enoxaparin up to 40 mg a day is a low dose, 12 hours from a clearance of 30 mL/min.
    ["enoxaparin", 40, 45, "2026-03-12T01:00:00Z", true],
    ["enoxaparin", 40, 45, "2026-03-11T23:00:00Z", false],
    ["enoxaparin", 41, 45, "2026-03-11T23:00:00Z", true],
    ["enoxaparin", 41, 45, "2026-03-11T11:00:00Z", false],
    // Below 30 mL/min the low dose's 12 hours double.
    ["enoxaparin", 40, 29, "2026-03-11T13:00:00Z", true],
    ["enoxaparin", 40, 29, "2026-03-11T11:00:00Z", false],
    // Fondaparinux: 2.5 mg 42 hours from a clearance of 50 mL/min, 72 hours below it; a treatment dose 72 hours.
    ["fondaparinux", 2.5, 50, "2026-03-10T19:00:00Z", true],
    ["fondaparinux", 2.5, 50, "2026-03-10T17:00:00Z", false],
    ["fondaparinux", 2.5, 49, "2026-03-10T17:00:00Z", true],
    ["fondaparinux", 2.5, 49, "2026-03-09T11:00:00Z", false],
    ["fondaparinux", 7.5, 50, "2026-03-10T17:00:00Z", true],
    ["fondaparinux", 7.5, 50, "2026-03-09T11:00:00Z", false],
  ])(
    "threshold: %s %s mg, creatinine clearance %i mL/min, given at %s → the interval named: %s",
    (drug, amount, clearance, on, named) => {
      const line = drug === "fondaparinux" ? FONDA : LMWH;
      expect(plan(given("ac", drug, on, mg(amount)), crcl(clearance)).includes(line)).toBe(named);
    },
  );

  it.each([
    ["no dose on record", undefined],
    ["a dose per kilogram, not read", mg(1, "mg/kg")],
    ["a dose in millilitres, not read", mg(0.4, "mL")],
  ])("enoxaparin with %s keeps the treatment dose's 24 hours, and says so", (_what, dose) => {
    const on = "2026-03-11T23:00:00Z";
    expect(plan(given("ac", "enoxaparin", on, dose), crcl(45))).toContain(LMWH);
    expect(item(LMWH, given("ac", "enoxaparin", on, dose), crcl(45))).toContain(
      "no dose on record that gives the dose a day: the treatment dose's interval",
    );
  });

  // ESAIC/ESRA 2022: a low dose of dalteparin or tinzaparin is up to 50 IU/kg a day (at the charted weight), never
  // above their usual prophylactic doses (5,000 and 4,500 IU); given 13 hours before, a low dose is past its 12 hours.
  const weight = (kg: number) => labResult("wt", "29463-7", "2026-03-11", kg, "kg");
  it.each([
    ["dalteparin", 5000, 100, false],
    ["dalteparin", 5000, 99, true],
    ["dalteparin", 5001, 120, true],
    ["tinzaparin", 4500, 90, false],
    ["tinzaparin", 4500, 89, true],
    ["tinzaparin", 4501, 100, true],
  ])(
    "threshold: %s %i IU a day at %i kg, given 13 hours before → the interval named: %s",
    (drug, iu, kg, named) => {
      const dose = given("ac", drug, "2026-03-11T23:00:00Z", mg(iu, "IU"));
      expect(plan(dose, crcl(45), weight(kg)).includes(LMWH)).toBe(named);
    },
  );

  it("dalteparin names its dose per kilogram, or the weight it lacks and the treatment dose's interval", () => {
    const dose = given("ac", "dalteparin", "2026-03-12T06:00:00Z", mg(5000, "IU"));
    expect(item(LMWH, dose, crcl(45), weight(100))).toContain(
      "dalteparin (5000 units a day, 50 units/kg at 100 kg: a prophylactic dose) (creatinine clearance 45 mL/min: 12 hours)",
    );
    const earlier = given("ac", "dalteparin", "2026-03-11T23:00:00Z", mg(2500, "IU"));
    expect(plan(earlier, crcl(45))).toContain(LMWH);
    expect(item(LMWH, earlier, crcl(45))).toContain(
      "dalteparin (2500 units a day, no body weight on record to read it per kilogram: a treatment dose)",
    );
  });

  it("adds up the doses of the day: 40 mg twice daily is 80 mg a day, a treatment dose (24 hours)", () => {
    const evening = given("pm", "enoxaparin", "2026-03-11T20:00:00Z", mg(40));
    const morning = given("am", "enoxaparin", "2026-03-11T08:00:00Z", mg(40));
    expect(plan(evening, crcl(45))).not.toContain(LMWH);
    expect(plan(evening, morning, crcl(45))).toContain(LMWH);
    expect(item(LMWH, evening, morning, crcl(45))).toContain(
      "enoxaparin (80 mg a day: a treatment dose) (creatinine clearance 45 mL/min: 24 hours)",
    );
  });

  it.each([
    [4000, false],
    [6000, true],
  ])(
    "enoxaparin charted as %i IU (the label's 100 IU to 1 mg) 13 hours before → the interval named: %s",
    (iu, named) => {
      const dose = given("ac", "enoxaparin", "2026-03-11T23:00:00Z", mg(iu, "IU"));
      expect(plan(dose, crcl(45)).includes(LMWH)).toBe(named);
    },
  );

  it("names the dose read, its class and its hours", () => {
    const low = given("ac", "enoxaparin", "2026-03-12T06:00:00Z", { value: 0.04, unit: "g" });
    expect(item(LMWH, low, crcl(45))).toContain(
      "enoxaparin (40 mg a day: a prophylactic dose) (creatinine clearance 45 mL/min: 12 hours)",
    );
    expect(item(LMWH, low)).toContain("no creatinine clearance on record");
    expect(item(LMWH, low)).toContain("the longer interval, 24 hours");
    const fonda = given("ac", "fondaparinux", "2026-03-11T06:00:00Z", mg(2.5));
    expect(item(FONDA, fonda, crcl(55))).toContain(
      "fondaparinux (2.5 mg a day: a prophylactic dose) (creatinine clearance 55 mL/min: 42 hours)",
    );
    expect(item(FONDA, fonda)).toContain("the longer interval, 72 hours");
    expect(item(FONDA, given("ac", "fondaparinux", "2026-03-11T06:00:00Z"))).toContain(
      "no dose on record that gives the dose a day: the treatment dose's interval",
    );
    expect(item(FONDA, given("ac", "fondaparinux", "2026-03-11T06:00:00Z"))).toContain(
      "the longest interval, 72 hours",
    );
  });

  it("a low dose charted without a time is read as up to the end of its day", () => {
    const onDay = (day: string) => given("ac", "enoxaparin", day, mg(40));
    // Given on 11 March, at the latest just before midnight: within the 24 hours below a clearance of 30 mL/min,
    // more than the 12 hours from 30 mL/min before noon on 12 March.
    expect(plan(onDay("2026-03-11"), crcl(29))).toContain(LMWH);
    expect(item(LMWH, onDay("2026-03-11"), crcl(29))).toContain("time not recorded");
    expect(plan(onDay("2026-03-11"), crcl(45))).not.toContain(LMWH);
    expect(plan(onDay("2026-03-10"), crcl(29))).not.toContain(LMWH);
  });

  it.each([
    ["FHIR", fhirCharted],
    ["CSV", csvCharted],
  ])(
    "%s: the dose given on a dose record decides, with no clearance on record (24 or 48 hours)",
    (_how, read) => {
      const chart = (dose?: { value: number; unit: string }) =>
        read({
          doses: [
            ["pembrolizumab", "2026-02-16"],
            ["enoxaparin", "2026-03-11T11:00:00Z", dose],
          ],
          problems: [
            ["Deep vein thrombosis of the left popliteal vein", "2026-03-10"],
            ["Lumbar puncture planned", "2026-03-12"],
          ],
          platelets: 230,
        });
      expect(lines(chart(mg(40)))).not.toContain(LMWH);
      expect(lines(chart(mg(80)))).toContain(LMWH);
      expect(lines(chart())).toContain(LMWH);
    },
  );
});

describe("an anticoagulant dose charted as held is no anticoagulant given that day", () => {
  /** A DVT after pembrolizumab, a lumbar puncture planned, and the enoxaparin records as [words, date]. */
  const charted = (...doses: (readonly [string, string])[]) => ({
    doses: [["pembrolizumab", "2026-02-16"] as const, ...doses],
    problems: [
      ["Deep vein thrombosis of the left popliteal vein", "2026-03-10"] as const,
      ["Lumbar puncture planned", "2026-03-12"] as const,
    ],
    platelets: 230,
  });
  const LMWH = "lmwh-before-planned-neuraxial-puncture";
  // The last dose given 2 days before (outside the 24 hours), that morning's dose charted as held.
  const held = charted(
    ["enoxaparin 1 mg/kg twice daily", "2026-03-10T08:00:00Z"],
    ["enoxaparin 1 mg/kg held before lumbar puncture", "2026-03-12T08:00:00Z"],
  );
  const taken = charted(
    ["enoxaparin 1 mg/kg twice daily", "2026-03-10T08:00:00Z"],
    ["enoxaparin 1 mg/kg twice daily", "2026-03-12T08:00:00Z"],
  );

  it.each([
    ["FHIR", fhirCharted],
    ["CSV", csvCharted],
  ])("%s: the held dose names no interval, the same dose given names it", (_how, read) => {
    expect(lines(read(held))).not.toContain(LMWH);
    expect(lines(read(taken))).toContain(LMWH);
  });

  it("a held dose leaves the dose given before it on board: given 20 hours before, the interval is named", () => {
    const report = fhirCharted(
      charted(
        ["enoxaparin 1 mg/kg twice daily", "2026-03-11T16:00:00Z"],
        ["enoxaparin 1 mg/kg held before lumbar puncture", "2026-03-12T08:00:00Z"],
      ),
    );
    expect(lines(report)).toContain(LMWH);
  });

  it.each([
    ["not-done", false],
    ["completed", true],
  ])(
    "a FHIR administration of enoxaparin that morning with status %s → the interval named: %s",
    (status, named) => {
      const dose = { ...given("ac", "enoxaparin 1 mg/kg twice daily", "2026-03-12T08:00:00Z"), status };
      expect(lines(dvtWith(230, "Lumbar puncture planned", dose)).includes(LMWH)).toBe(named);
    },
  );
});

/** An active order for `text` (a FHIR ServiceRequest), with `extra` fields (its day, status, intent). */
const order = (text: string, extra: Record<string, unknown> = {}) => ({
  resourceType: "ServiceRequest",
  id: "order",
  status: "active",
  intent: "order",
  code: { text },
  subject,
  ...extra,
});

describe("a planned procedure ordered as a FHIR ServiceRequest", () => {
  it.each([
    [19, true],
    [20, false],
  ])("threshold: a lumbar puncture ordered with platelets %i → the count named: %s", (count, named) => {
    expect(
      lines(dvtWith(count, "", order("Lumbar puncture"))).includes(
        "platelets-before-planned-lumbar-puncture",
      ),
    ).toBe(named);
  });

  it.each([
    ["Central venous catheter insertion", "platelets-before-planned-central-venous-catheter", 15],
    ["Epidural catheter insertion", "platelets-before-planned-neuraxial", 60],
  ])("an order for %j beside a low count names it (%s)", (text, line, count) => {
    expect(lines(dvtWith(count, "", order(text, { occurrenceDateTime: "2026-03-13" })))).toContain(line);
  });

  it.each([
    ["revoked", { status: "revoked" }],
    ["completed", { status: "completed" }],
    ["entered in error", { status: "entered-in-error" }],
    ["only proposed", { intent: "proposal" }],
    ["for a day already past", { occurrenceDateTime: "2026-03-11" }],
    ["authored 40 days ago, undated", { authoredOn: "2026-01-31" }],
  ])("a lumbar puncture order %s names no count before it", (_what, extra) => {
    expect(lines(dvtWith(15, "", order("Lumbar puncture", extra)))).not.toContain(
      "platelets-before-planned-lumbar-puncture",
    );
  });

  it("a draft lumbar puncture order authored this month, with apixaban given today, names the ASRA interval", () => {
    const plan = lines(
      dvtWith(
        15,
        "",
        order("Lumbar puncture", { status: "draft", authoredOn: "2026-03-01" }),
        given("ac", "apixaban"),
      ),
    );
    expect(plan).toContain("doac-before-planned-neuraxial-puncture");
    expect(plan).toContain("platelets-before-planned-lumbar-puncture");
  });
});

describe("procedure advice with no hemostatic finding: the report's procedure plan", () => {
  const ASRA_DOAC = "procedure-doac-before-planned-neuraxial-puncture";
  /** Pembrolizumab, platelets of `platelets` ×10⁹/L on 11 March, no thrombosis, and `resources`. */
  const noFinding = (platelets: number, ...resources: unknown[]) =>
    countOn("2026-03-11", platelets, ...resources);
  /** Pembrolizumab, platelets of `platelets` ×10⁹/L on `on`, no thrombosis, and `resources`. */
  function countOn(on: string, platelets: number, ...resources: unknown[]): PatientReport {
    return assessChecked({
      kind: "fhir",
      value: pembrolizumabBundle(
        plateletCount(on, { value: platelets, unit: "10*9/L" }),
        ...resources.map((resource) => ({ resource })),
      ),
    });
  }
  const procedureIds = (p: PatientReport) => (p.procedures?.management ?? []).map((m) => m.id);

  it("apixaban given 24 hours before a planned spinal anaesthetic: ASRA's interval, the drug and its source", () => {
    const report = noFinding(
      230,
      noted("proc", "Spinal anaesthesia planned"),
      given("ac", "apixaban", "2026-03-11T12:00:00Z"),
    );
    expect(report.findings).toEqual([]);
    expect(procedureIds(report)).toEqual([ASRA_DOAC]);
    const [line] = report.procedures?.management ?? [];
    expect(line?.action).toContain(
      "at least 72 hours from the last dose of rivaroxaban, apixaban or edoxaban",
    );
    expect(line?.action).toContain("In this patient's record: apixaban");
    expect(line?.sourceIds).toContain("asra-2018-neuraxial-antithrombotic");
  });

  it("no procedure planned: no procedure plan, though apixaban was given today", () => {
    expect(noFinding(230, given("ac", "apixaban")).procedures).toBeUndefined();
  });

  it.each([
    ["2026-03-09T13:00:00Z", true],
    ["2026-03-09T11:00:00Z", false],
  ])("threshold: apixaban last given at %s before a lumbar puncture → advised: %s", (on, advised) => {
    const report = noFinding(230, noted("proc", "Lumbar puncture planned"), given("ac", "apixaban", on));
    expect(procedureIds(report).includes(ASRA_DOAC)).toBe(advised);
    if (!advised) expect(report.procedures).toBeUndefined();
  });

  // A count low since before the first dose (4 January) is no new fall: no finding accounts for it, and the
  // epidural still needs its 80 ×10⁹/L.
  it.each([
    [79, true],
    [80, false],
  ])(
    "threshold: platelets %i since before the first dose, an epidural planned → the count named: %s",
    (count, named) => {
      const report = countOn("2026-01-04", count, noted("proc", "Pre-op for epidural catheter"));
      expect(report.findings).toEqual([]);
      expect(procedureIds(report).includes("procedure-platelets-before-planned-neuraxial")).toBe(named);
    },
  );

  it("platelets 79 after pembrolizumab: the finding's plan names the epidural's count, the procedure plan does not repeat it", () => {
    const report = noFinding(79, noted("proc", "Pre-op for epidural catheter"));
    expect(lines(report)).toContain("platelets-before-planned-neuraxial");
    expect(procedureIds(report)).not.toContain("procedure-platelets-before-planned-neuraxial");
  });

  it("a major operation with bevacizumab given last week and no finding names what not to give before it", () => {
    const report = noFinding(
      230,
      noted("proc", "Planned right hemicolectomy"),
      given("bev", "bevacizumab", "2026-03-05"),
    );
    expect(procedureIds(report)).toContain("procedure-avoid-vegf-antibody-planned-surgery");
  });

  it("beside a suspected TTP no plan, the procedure plan included, offers platelets before a lumbar puncture", () => {
    const report = noFinding(
      15,
      noted("ttp", "TTP suspected", "2026-03-11"),
      noted("proc", "Lumbar puncture planned"),
    );
    const all = [
      ...report.findings.flatMap((f) => f.management),
      ...(report.procedures?.management ?? []),
    ].map((m) => m.id);
    expect(all).toContain("ttp-avoid-platelet-transfusion");
    expect(all.filter((id) => id.endsWith("platelets-before-planned-lumbar-puncture"))).toEqual([]);
  });

  it("a HIT charted with no finding: the lumbar puncture's count, and that platelets are for it only", () => {
    const report = noFinding(
      15,
      noted("hit", "Heparin-induced thrombocytopenia", "2026-03-11"),
      noted("proc", "Lumbar puncture planned"),
    );
    expect(report.findings).toEqual([]);
    expect(procedureIds(report)).toEqual([
      "procedure-platelets-before-planned-lumbar-puncture",
      "procedure-platelets-hit-bleeding-or-procedure",
    ]);
  });

  it("with a thrombosis whose plan carries the same line, the advice is shown once, in that plan", () => {
    const report = dvtWith(
      230,
      "Spinal anaesthesia planned",
      given("ac", "apixaban", "2026-03-11T12:00:00Z"),
    );
    expect(lines(report)).toContain("doac-before-planned-neuraxial-puncture");
    // The section keeps no line of its own: it only names the procedure and what stands in its way.
    expect(report.procedures?.management).toEqual([]);
    expect(report.procedures?.planned.map((p) => p.concerns)).toEqual([
      ["apixaban within the interval asked before it"],
    ]);
    const all = [
      ...report.findings.flatMap((f) => f.management),
      ...report.unexplained.flatMap((u) => u.management ?? []),
    ].filter((m) => m.id.endsWith("doac-before-planned-neuraxial-puncture"));
    expect(all).toHaveLength(1);
  });
});

describe("the planned day: the lines name it, a near one is urgent, a far one rechecked, a passed one named", () => {
  const { urgentWithinDays, recheckBeyondDays } = PINNED_PROCEDURE_TIMING;
  it("the knowledge holds the pinned days", () => {
    const timing = testKnowledge().unexplained.procedures?.timing;
    expect(timing?.urgentWithinDays).toBe(urgentWithinDays);
    expect(timing?.recheckBeyondDays).toBe(recheckBeyondDays);
  });

  /** The evaluation's day, 12 March 2026, `days` later. */
  const dayAfter = (days: number) => new Date(Date.UTC(2026, 2, 12 + days)).toISOString().slice(0, 10);
  /** Pembrolizumab, platelets of `platelets` on 11 March, a liver biopsy ordered for `inDays` days on, and `more`. */
  const biopsyIn = (platelets: number, inDays: number, ...more: unknown[]): PatientReport =>
    assessChecked({
      kind: "fhir",
      value: pembrolizumabBundle(
        plateletCount("2026-03-11", { value: platelets, unit: "10*9/L" }),
        ...[order("Liver biopsy", { occurrenceDateTime: dayAfter(inDays) }), ...more].map((resource) => ({
          resource,
        })),
      ),
    });
  /** The liver biopsy's count line, in whichever plan shows it (a count of 42 is a finding's or an item's too). */
  const countLine = (p: PatientReport) =>
    [
      ...p.findings.flatMap((f) => f.management),
      ...p.unexplained.flatMap((u) => u.management ?? []),
      ...(p.procedures?.management ?? []),
    ].find((m) => m.id.endsWith("-platelets-before-planned-liver-biopsy"));

  it("a liver biopsy 12 days ahead with platelets of 42 and apixaban today: the day in the line, the count and the drug named, a recheck nearer the date", () => {
    const report = biopsyIn(42, 12, given("ac", "apixaban"));
    const [planned] = report.procedures?.planned ?? [];
    expect(planned).toMatchObject({
      name: "Liver biopsy",
      on: "2026-03-24",
      inDays: 12,
      when: "beyond-horizon",
    });
    expect(planned?.concerns).toEqual([
      "platelets 42 ×10⁹/L below 50",
      "apixaban within the interval asked before it",
    ]);
    expect(countLine(report)?.action).toMatch(
      /^Before the liver biopsy planned on 24 Mar 2026 \(in 12 days\): /,
    );
    expect(countLine(report)?.urgent).toBeUndefined();
    expect(plannedText(planned as PlannedProcedure)).toContain("recheck the count");
    expect(procedureSummary(report.procedures as ProcedurePlan)).toBe(
      "Before the liver biopsy on 24 Mar 2026 (in 12 days): platelets 42 ×10⁹/L below 50; apixaban within the interval asked before it",
    );
  });

  it.each([
    [urgentWithinDays, true],
    [urgentWithinDays + 1, false],
  ])("threshold: a liver biopsy in %i days below its count → the count line urgent: %s", (inDays, urgent) => {
    const report = biopsyIn(42, inDays);
    expect(countLine(report)?.urgent === true).toBe(urgent);
    expect(report.procedures?.planned[0]?.when).toBe(urgent ? "imminent" : "upcoming");
  });

  it("an anticoagulant within its interval before a procedure tomorrow is urgent too; an adequate count with none is no plan", () => {
    const report = biopsyIn(230, 1, given("ac", "apixaban"));
    const doac = report.procedures?.management.find((m) => m.id.includes("doac-before-planned"));
    expect(doac?.urgent).toBe(true);
    expect(doac?.action).toContain("(tomorrow)");
    expect(biopsyIn(230, 1).procedures).toBeUndefined();
  });

  it("the same line in a thrombosis plan is timed and urgent alike", () => {
    const report = dvtWith(15, "", order("Lumbar puncture", { occurrenceDateTime: dayAfter(1) }));
    const thr = report.findings
      .flatMap((f) => f.management)
      .find((m) => m.id === "thr-platelets-before-planned-lumbar-puncture");
    expect(thr?.urgent).toBe(true);
    expect(thr?.action).toMatch(/^Before the lumbar puncture planned on 13 Mar 2026 \(tomorrow\): /);
  });

  it.each([
    [recheckBeyondDays, "upcoming"],
    [recheckBeyondDays + 1, "beyond-horizon"],
  ])("threshold: a liver biopsy in %i days is read as %s", (inDays, when) => {
    expect(biopsyIn(42, inDays).procedures?.planned[0]?.when).toBe(when);
  });

  it("a planned day already past with no record of it done is named, with no plan for it", () => {
    const report = biopsyIn(42, -2);
    expect(report.procedures?.management).toEqual([]);
    expect(report.procedures?.planned).toEqual([
      {
        ref: "ServiceRequest/order",
        name: "Liver biopsy",
        on: "2026-03-10",
        inDays: -2,
        when: "date-passed",
      },
    ]);
    expect(procedureSummary(report.procedures as ProcedurePlan)).toContain("has no record of being done");
  });

  it("a planned day already past with the biopsy done on it is no plan and nothing to name", () => {
    const done = {
      resourceType: "Procedure",
      id: "done",
      status: "completed",
      code: { text: "Liver biopsy" },
      subject,
      performedDateTime: "2026-03-10",
    };
    expect(biopsyIn(42, -2, done).procedures).toBeUndefined();
  });
});
