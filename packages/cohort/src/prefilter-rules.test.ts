import { join } from "node:path";
import type { CohortDatabase } from "@hemosentinel/cohort";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importedDb, type OmopRows, testKnowledge, writeOmopCohort } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";
import { engineItems, prefilterCandidates, type ScreenItem, screenCohort } from "./screen.js";

/**
 * A small OMOP cohort with one patient per rule of the knowledge the SQL prefilter must reach: each is
 * flagged by the full engine, and the screen (prefilter, then the engine on the candidates) must flag it
 * too. Concepts are named as a site's export names them; the local ones are matched by their names.
 */
const AT = "2025-06-30T23:59:59Z";
const key = (i: ScreenItem) =>
  JSON.stringify([i.personId, i.kind, i.item, i.certainty, i.grade, i.at, i.drug]);

const C = {
  platelets: [3024929, "LOINC", "777-3", "Platelets [#/volume] in Blood by Automated count"],
  inr: [3022217, "LOINC", "6301-6", "INR in Platelet poor plasma by Coagulation assay"],
  fibrinogen: [900_003, "LOINC", "3255-7", "Fibrinogen [Mass/volume] in Platelet poor plasma"],
  ddimer: [3051714, "LOINC", "48065-7", "Fibrin D-dimer FEU [Mass/volume] in Platelet poor plasma"],
  ferritin: [3001122, "LOINC", "2276-4", "Ferritin [Mass/volume] in Serum or Plasma"],
  aptt: [900_004, "LOINC", "14979-9", "aPTT in Platelet poor plasma by Coagulation assay"],
  fviii: [900_005, "LOINC", "3209-4", "Coagulation factor VIII activity actual/normal"],
  inhibitor: [900_006, "LOINC", "3204-5", "Coagulation factor VIII inhibitor [Units/volume]"],
  seconds: [8555, "UCUM", "s", "second"],
  percent: [8554, "UCUM", "%", "percent"],
  bethesda: [44777562, "UCUM", "[beth'U]/mL", "Bethesda unit per milliliter"],
  u109L: [9444, "UCUM", "10*9/L", "billion per liter"],
  uInr: [900_010, "UCUM", "{INR}", "international normalized ratio"],
  ugL: [8636, "UCUM", "g/L", "gram per liter"],
  uFeu: [8990, "UCUM", "ug/mL{FEU}", "Microgram per milliliter of FEU"],
  ngmL: [8842, "UCUM", "ng/mL", "nanogram per milliliter"],
  pembrolizumab: [900_020, "RxNorm", "1547545", "pembrolizumab"],
  teclistamab: [900_021, "Site", "TEC", "teclistamab"],
  axicel: [900_022, "Site", "AXI", "axicabtagene ciloleucel"],
  prednisone: [900_023, "Site", "PRED", "prednisone"],
  warfarin: [900_024, "Site", "WARF", "warfarin"],
  heparin: [900_025, "Site", "HEP", "heparin"],
  argatroban: [900_026, "Site", "ARGA", "argatroban"],
  enoxaparin: [900_027, "Site", "ENOX", "enoxaparin"],
  antiXa: [900_007, "LOINC", "32684-3", "LMW anti-Xa assay"],
  uIUmL: [900_011, "UCUM", "[IU]/mL", "international unit per milliliter"],
  myeloma: [900_030, "SNOMED", "109989006", "Multiple myeloma"],
  sepsis: [900_031, "SNOMED", "91302008", "Sepsis"],
  hlh: [900_032, "Site", "HLH", "Hemophagocytic lymphohistiocytosis"],
  hitThenSvt: [900_033, "Site", "N1", "HIT; superficial vein thrombosis left arm"],
  ruleOutHitDvt: [900_034, "Site", "N2", "r/o HIT; new DVT left leg"],
  sepsisDvt: [900_035, "Site", "N3", "Sepsis; new DVT right leg"],
  dvtPastHit: [900_037, "Site", "N4", "DVT left leg; HIT in 2024"],
  pe: [900_036, "SNOMED", "59282003", "Pulmonary embolism"],
  retroperitoneal: [900_038, "Site", "RP", "Retroperitoneal hemorrhage"],
  hemoglobin: [3000963, "LOINC", "718-7", "Hemoglobin [Mass/volume] in Blood"],
  dat: [
    900_039,
    "LOINC",
    "1007-4",
    "Direct antiglobulin test.poly specific reagent [Presence] on Red Blood Cells",
  ],
  haptoglobin: [900_040, "LOINC", "4542-7", "Haptoglobin [Mass/volume] in Serum or Plasma"],
  ugdL: [8713, "UCUM", "g/dL", "gram per deciliter"],
  umgdL: [8840, "UCUM", "mg/dL", "milligram per deciliter"],
  itpDuePembro: [900_041, "Site", "W1", "Immune thrombocytopenia due to pembrolizumab"],
  givenNivo: [900_042, "Site", "W2", "s/p nivolumab x4 cycles"],
} as const;
type Concept = (typeof C)[keyof typeof C];
const id = (c: Concept) => c[0];

describe("the SQL prefilter reaches the knowledge's newer rules", { timeout: 300_000 }, () => {
  let db: CohortDatabase;
  const rows: OmopRows = { drug: [], measurement: [], condition: [] };
  const lab = (p: number, c: Concept, day: string, value: number, unit: Concept) =>
    rows.measurement.push([p, id(c), day, value, id(unit), ""]);
  /** A result whose number is only printed: value_as_number empty, as an ETL leaves "<10" it could not parse. */
  const printed = (p: number, c: Concept, day: string, text: string, unit: Concept) =>
    rows.measurement.push([p, id(c), day, "", id(unit), text]);
  const dose = (p: number, c: Concept, day: string, end = "") => rows.drug.push([p, id(c), day, end]);
  const chart = (p: number, c: Concept, day: string) => rows.condition.push([p, id(c), day]);
  /**
   * A DAT-positive haemolysis on 2025-03-10 (haptoglobin 5 mg/dL, platelets 240 ×10⁹/L) at haemoglobin `hb` g/dL
   * after `drug` begun on 2025-01-10, the haemoglobin `baseline` g/dL before it.
   */
  const datHaemolysis = (p: number, drug: Concept, baseline: number, hb: number) => {
    dose(p, drug, "2025-01-10");
    lab(p, C.hemoglobin, "2025-01-05", baseline, C.ugdL);
    lab(p, C.hemoglobin, "2025-03-10", hb, C.ugdL);
    lab(p, C.platelets, "2025-03-10", 240, C.u109L);
    rows.measurement.push([p, id(C.dat), "2025-03-10", "", "", "Positive"]);
    lab(p, C.haptoglobin, "2025-03-10", 5, C.umgdL);
  };

  /** Person ids by the rule each one is flagged through. */
  const P = {
    dicInrOnly: 1,
    dicCancerYearsBefore: 2,
    dicSepsis: 3,
    iecHs: 4,
    itpOnSteroids: 5,
    svtAfterHit: 6,
    ruleOutHitWithDvt: 7,
    sepsisNoteWithDvt: 8,
    highRiskPe: 9,
    dvtBesidePastHit: 10,
    ahaWithCriticalBleed: 11,
    control: 12,
    printedCountOnly: 13,
    aihaGrade2: 14,
    aihaOnChronicAnaemia: 15,
    aihaAfterEngager: 16,
    namedNoDose: 17,
    givenNoDose: 18,
    inrAtVkaBand: 19,
    inrBelowVkaBand: 20,
    apttAboveHeparinNomogram: 21,
    apttAboveThrombinInhibitorCeiling: 22,
    antiXaAboveLmwhRange: 23,
    apttAboveThreeTimesBaseline: 24,
  } as const;
  /** Exposed and flagged by nothing: no abnormality, or an INR on warfarin below its band with no baseline. */
  const unflagged: readonly (keyof typeof P)[] = ["control", "inrBelowVkaBand"];

  beforeAll(async () => {
    // DIC with an INR only (no PT seconds): platelets, fibrinogen, D-dimer and INR after teclistamab.
    dose(P.dicInrOnly, C.teclistamab, "2025-03-01");
    lab(P.dicInrOnly, C.platelets, "2025-03-10", 40, C.u109L);
    lab(P.dicInrOnly, C.fibrinogen, "2025-03-10", 0.8, C.ugL);
    lab(P.dicInrOnly, C.ddimer, "2025-03-10", 20, C.uFeu);
    lab(P.dicInrOnly, C.inr, "2025-03-10", 1.8, C.uInr);
    // DIC whose underlying condition is a myeloma charted three years before.
    dose(P.dicCancerYearsBefore, C.teclistamab, "2025-03-01");
    chart(P.dicCancerYearsBefore, C.myeloma, "2022-02-01");
    lab(P.dicCancerYearsBefore, C.platelets, "2025-03-12", 60, C.u109L);
    lab(P.dicCancerYearsBefore, C.inr, "2025-03-12", 1.6, C.uInr);
    lab(P.dicCancerYearsBefore, C.fibrinogen, "2025-03-12", 0.9, C.ugL);
    lab(P.dicCancerYearsBefore, C.ddimer, "2025-03-12", 8, C.uFeu);
    // DIC after sepsis within 14 days.
    dose(P.dicSepsis, C.pembrolizumab, "2025-01-10");
    chart(P.dicSepsis, C.sepsis, "2025-04-01");
    lab(P.dicSepsis, C.platelets, "2025-04-08", 45, C.u109L);
    lab(P.dicSepsis, C.inr, "2025-04-08", 1.7, C.uInr);
    lab(P.dicSepsis, C.ddimer, "2025-04-08", 12, C.uFeu);
    // IEC-HS suspicion after CAR-T: ferritin ≥ 10,000 µg/L and a charted HLH.
    dose(P.iecHs, C.axicel, "2025-05-01");
    lab(P.iecHs, C.ferritin, "2025-05-12", 25000, C.ngmL);
    chart(P.iecHs, C.hlh, "2025-05-12");
    lab(P.iecHs, C.platelets, "2025-05-12", 30, C.u109L);
    // ITP arising on corticosteroids.
    dose(P.itpOnSteroids, C.pembrolizumab, "2025-01-10");
    dose(P.itpOnSteroids, C.prednisone, "2025-03-01", "2025-03-20");
    lab(P.itpOnSteroids, C.platelets, "2025-02-20", 210, C.u109L);
    lab(P.itpOnSteroids, C.platelets, "2025-03-10", 12, C.u109L);
    // Superficial vein thrombosis after a HIT, one note naming both.
    dose(P.svtAfterHit, C.pembrolizumab, "2025-01-10");
    chart(P.svtAfterHit, C.hitThenSvt, "2025-04-01");
    // A HIT being ruled out beside a new DVT, one note.
    dose(P.ruleOutHitWithDvt, C.pembrolizumab, "2025-01-10");
    chart(P.ruleOutHitWithDvt, C.ruleOutHitDvt, "2025-04-01");
    // Sepsis beside a new DVT, one note.
    dose(P.sepsisNoteWithDvt, C.pembrolizumab, "2025-01-10");
    chart(P.sepsisNoteWithDvt, C.sepsisDvt, "2025-04-01");
    // A DVT beside a HIT whose written year is past only against the record's date (a HIT now without it).
    dose(P.dvtBesidePastHit, C.pembrolizumab, "2025-01-10");
    chart(P.dvtBesidePastHit, C.dvtPastHit, "2025-04-01");
    // A pulmonary embolism.
    dose(P.highRiskPe, C.pembrolizumab, "2025-01-10");
    chart(P.highRiskPe, C.pe, "2025-04-01");
    // Acquired haemophilia A graded by its bleed (retroperitoneal, an ISTH critical site).
    dose(P.ahaWithCriticalBleed, C.pembrolizumab, "2025-01-10");
    lab(P.ahaWithCriticalBleed, C.aptt, "2025-04-01", 72, C.seconds);
    lab(P.ahaWithCriticalBleed, C.fviii, "2025-04-03", 3, C.percent);
    lab(P.ahaWithCriticalBleed, C.inhibitor, "2025-04-03", 12, C.bethesda);
    chart(P.ahaWithCriticalBleed, C.retroperitoneal, "2025-04-01");
    // A grade 4 count whose number is only printed ("<10", value_as_number empty): SQL cannot compare it,
    // so the person is passed on and the engine reads it (before, the screen never saw this patient).
    dose(P.printedCountOnly, C.pembrolizumab, "2025-01-10");
    lab(P.printedCountOnly, C.platelets, "2025-02-01", 240, C.u109L);
    printed(P.printedCountOnly, C.platelets, "2025-03-10", "<10", C.u109L);
    // A DAT-positive haemolysis at haemoglobin 9.2 g/dL (anaemia grade 2) after pembrolizumab, no diagnosis
    // charted: listed by the engine as an immune-related AIHA (unexplained.yaml ici-aiha, fromGrade 1), so the
    // prefilter's anaemia bound must reach grade 2, not stop at the rule's grade 3.
    datHaemolysis(P.aihaGrade2, C.pembrolizumab, 13.5, 9.2);
    // The anaemia of cancer at grade 1 before and after pembrolizumab (11.0, then 10.8 g/dL) with a new positive DAT
    // and a low haptoglobin: listed though the grade is unchanged (unexplained.yaml newOverBaseline), so the
    // prefilter must pass a grade 1 anaemia that is no worse than the patient's own baseline.
    datHaemolysis(P.aihaOnChronicAnaemia, C.pembrolizumab, 11.0, 10.8);
    lab(P.aihaOnChronicAnaemia, C.haptoglobin, "2025-01-05", 120, C.umgdL);
    // A DAT-positive haemolysis at haemoglobin 9.5 g/dL after teclistamab: listed from grade 1 after a T-cell
    // engager too (aiha-other-immunotherapy fromGrade 1).
    datHaemolysis(P.aihaAfterEngager, C.teclistamab, 13.5, 9.5);
    // An immunotherapy named only in words, no dose on record (kept in another system): an ITP charted as due to
    // pembrolizumab, and "s/p nivolumab x4 cycles" beside a platelet count of 8 ×10⁹/L. The engine lists each for its
    // dosing history (unexplained.yaml namedDrug), so the prefilter must pass on persons with no exposure.
    chart(P.namedNoDose, C.itpDuePembro, "2025-03-10");
    chart(P.givenNoDose, C.givenNivo, "2025-02-01");
    lab(P.givenNoDose, C.platelets, "2025-03-10", 8, C.u109L);
    // An INR of 4.5 on warfarin with no INR before it: ungraded by CTCAE, listed by the engine from 4.5 (unexplained.yaml
    // onDrug); at 4.4 neither graded nor listed. An aPTT of 95 s on unfractionated heparin: ungraded, listed above the
    // heparin nomogram's top band (90 s).
    for (const [p, inr] of [
      [P.inrAtVkaBand, 4.5],
      [P.inrBelowVkaBand, 4.4],
    ] as const) {
      dose(p, C.pembrolizumab, "2025-01-10");
      dose(p, C.warfarin, "2025-02-01", "2025-06-30");
      lab(p, C.inr, "2025-03-10", inr, C.uInr);
    }
    dose(P.apttAboveHeparinNomogram, C.pembrolizumab, "2025-01-10");
    dose(P.apttAboveHeparinNomogram, C.heparin, "2025-03-08", "2025-03-12");
    lab(P.apttAboveHeparinNomogram, C.aptt, "2025-03-10", 95, C.seconds);
    dose(P.apttAboveThrombinInhibitorCeiling, C.pembrolizumab, "2025-01-10");
    dose(P.apttAboveThrombinInhibitorCeiling, C.argatroban, "2025-03-08", "2025-03-12");
    lab(P.apttAboveThrombinInhibitorCeiling, C.aptt, "2025-03-10", 105, C.seconds);
    // 92 s on argatroban, below the 100 s ceiling but above 3 times the 28 s drawn the day before the infusion.
    dose(P.apttAboveThreeTimesBaseline, C.pembrolizumab, "2025-01-10");
    dose(P.apttAboveThreeTimesBaseline, C.argatroban, "2025-03-08", "2025-03-12");
    lab(P.apttAboveThreeTimesBaseline, C.aptt, "2025-03-07", 28, C.seconds);
    lab(P.apttAboveThreeTimesBaseline, C.aptt, "2025-03-10", 92, C.seconds);
    dose(P.antiXaAboveLmwhRange, C.pembrolizumab, "2025-01-10");
    dose(P.antiXaAboveLmwhRange, C.enoxaparin, "2025-03-08", "2025-03-12");
    lab(P.antiXaAboveLmwhRange, C.antiXa, "2025-03-10", 1.3, C.uIUmL);
    // Exposed, nothing abnormal.
    dose(P.control, C.pembrolizumab, "2025-01-10");
    lab(P.control, C.platelets, "2025-03-10", 250, C.u109L);
    const dir = join(tempDir("prefilter-rules-"), "cdm");
    writeOmopCohort(dir, Object.values(C), Object.values(P), rows);
    db = (await importedDb(dir)).db;
  }, 120_000);
  afterAll(() => db.close());

  it("flags every patient the full engine flags", async () => {
    const k = testKnowledge();
    const { exposed, candidates } = await prefilterCandidates(db, k, AT);
    expect(exposed.length).toBe(Object.keys(P).length - 2);
    // The full engine over every person, exposed or not.
    const everyone = Object.values(P).map(String);
    const full = await engineItems(db, k, everyone, { evaluatedAt: AT, version: "test" });
    const screened = await screenCohort(db, k, { evaluatedAt: AT, version: "test", record: false });
    const flagged = (items: readonly ScreenItem[]) =>
      Object.fromEntries(
        Object.entries(P).map(([rule, p]) => [
          rule,
          items
            .filter((i) => i.personId === String(p))
            .map((i) => `${i.kind}:${i.item}`)
            .sort(),
        ]),
      );
    // Every patient but the unflagged is flagged by the full engine, and the screen flags the same.
    const byRule = flagged(full);
    for (const [rule, items] of Object.entries(byRule))
      expect(items.length > 0, rule).toBe(!(unflagged as readonly string[]).includes(rule));
    expect(candidates.map((c) => c.personId)).not.toContain(String(P.control));
    expect(candidates.find((c) => c.personId === String(P.printedCountOnly))?.reasons).toEqual([
      "printed-value",
    ]);
    expect(byRule.aihaGrade2).toEqual(["unexplained:anemia"]);
    expect(byRule.aihaOnChronicAnaemia).toEqual(["unexplained:anemia"]);
    expect(byRule.aihaAfterEngager).toEqual(["unexplained:anemia"]);
    expect(byRule.namedNoDose).toEqual(["unexplained:immunotherapy-named-no-dose"]);
    expect(byRule.givenNoDose).toEqual(["unexplained:immunotherapy-given-no-dose"]);
    for (const p of [P.namedNoDose, P.givenNoDose])
      expect(candidates.find((c) => c.personId === String(p))?.reasons).toEqual(["drug-words"]);
    // A drug's excess is a candidate by its own rule, not only by a CTCAE bound that happens to reach it.
    const reasons = (p: number) => candidates.find((c) => c.personId === String(p))?.reasons ?? [];
    expect(byRule.inrAtVkaBand).toEqual(["unexplained:inr-4-5-to-10-on-vka"]);
    expect(reasons(P.inrAtVkaBand)).toContain("unexplained:inr-above-vka-range");
    expect(reasons(P.inrBelowVkaBand)).not.toContain("unexplained:inr-above-vka-range");
    expect(byRule.apttAboveHeparinNomogram).toEqual(["unexplained:aptt-above-90-s-on-ufh"]);
    expect(reasons(P.apttAboveHeparinNomogram)).toContain("unexplained:aptt-above-ufh-nomogram");
    expect(byRule.apttAboveThrombinInhibitorCeiling).toEqual(["unexplained:aptt-above-100-s-on-dti"]);
    expect(reasons(P.apttAboveThrombinInhibitorCeiling)).toContain("unexplained:aptt-above-dti-ceiling");
    expect(byRule.apttAboveThreeTimesBaseline).toEqual(["unexplained:aptt-above-3x-baseline-on-dti"]);
    expect(reasons(P.apttAboveThreeTimesBaseline)).toContain("unexplained:aptt-above-dti-ceiling");
    expect(byRule.antiXaAboveLmwhRange).toEqual(["unexplained:anti-xa-above-1-1-on-lmwh"]);
    expect(reasons(P.antiXaAboveLmwhRange)).toContain("unexplained:anti-xa-above-lmwh-range");
    expect(flagged(screened.items)).toEqual(byRule);
    expect(screened.items.map(key).sort()).toEqual(full.map(key).sort());
  });
});
