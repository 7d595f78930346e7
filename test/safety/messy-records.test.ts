/**
 * Messy records: a blind sweep by a reviewing hematologist of patients whose records combine what the other tests
 * take one at a time — a chronic cause beside a new acute fall, a diagnosis charted without its labs, a specific
 * marker beside a pattern it overrides, two disorders at once, an anticoagulant beside a severe thrombocytopenia,
 * pregnancy, kidney failure, a child, the very old, a low body weight, a HIT history — charted as an EHR exports
 * them (FHIR bundles with drugs and problems in words, CSV rows). For each patient:
 * - no plan invariant of the knowledge (safety.yaml) is broken (assessChecked);
 * - nothing graded 3 or worse is silent: a finding or an unexplained item says it;
 * - what a hematologist must see is listed (a finding or an unexplained item), and a diagnosis charted without its
 *   labs is not definite;
 * - no plan line (a finding's or a named pattern's, avoid lines aside) gives what the guideline or the label forbids
 *   for this patient (the knowledge tags listed in `never`), and every line giving rituximab names the hepatitis B
 *   screen (HBsAg and anti-HBc) before it;
 * - no plan shows two lines that say the same thing (test/support/duplicate-lines.ts).
 * The silence sweep degrades one disorder's picture at a time and the coherence sweep reads two lines against
 * each other; this sweep reads whole patients.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { withWholePlans } from "../../packages/core/src/engine/manage/shared-lines.js";
import { knowledge as k } from "../support/assess.js";
import { assessChecked, CSV_HEADER } from "../support/charted-words.js";
import { reportDuplicates } from "../support/duplicate-lines.js";
import {
  administration,
  labResult,
  notedCondition,
  pembrolizumabDose,
  plateletCount,
} from "../support/fhir-entries.js";

const BASE = "2025-12-20";
const DAY = "2026-03-10";
const ICI = ["2026-01-05", "2026-01-26", "2026-02-16"];

// LOINC codes of the labs charted below (knowledge/labs.yaml).
const L = {
  hb: "718-7",
  ldh: "2532-0",
  hapto: "4542-7",
  schisto: "800-3",
  adamts13: "53622-7",
  pt: "5902-2",
  inr: "6301-6",
  aptt: "3173-2",
  fib: "3255-7",
  ddimer: "48065-7",
  creat: "2160-0",
  crcl: "2164-2",
  egfr: "62238-1",
  fviii: "3209-4",
  inhibitor: "3204-5",
  lupus: "75514-0",
  dat: "1007-4",
  hit: "73819-5",
  hcg: "2106-3",
  weight: "29463-7",
  ferritin: "2276-4",
  temp: "8310-5",
} as const;

let n = 0;
const id = (p: string) => `${p}${++n}`;
/** A platelet count in ×10⁹/L. */
const plt = (on: string, value: number) =>
  plateletCount(on, { value, unit: "10*9/L" }, { id: id("plt") }).resource;
const obs = (loinc: string, on: string, value: number | string, unit = "", range = {}) =>
  labResult(id("o"), loinc, on, value, unit, range);
const dx = (words: string, on = DAY) => notedCondition(id("c"), words, on);
const given = (drug: string, on: string) => administration(id("m"), drug, on);
/** A medication the patient is taking, charted as an active statement since `since` (no end: still taken). */
const taking = (drug: string, since: string) => ({
  resourceType: "MedicationStatement",
  id: id("s"),
  status: "active",
  medicationCodeableConcept: { text: drug },
  subject: { reference: "Patient/p1" },
  effectivePeriod: { start: since },
});
const pembro = ICI.map((on, i) => pembrolizumabDose(`pembro${i}`, on).resource);

/** A falling count: 230 before the drug, `to` on the day. */
const fall = (to: number, from = 230) => [plt(BASE, from), plt(DAY, to)];
const haemolysis = (hb: number) => [
  obs(L.hb, BASE, 13.4, "g/dL"),
  obs(L.hb, DAY, hb, "g/dL"),
  obs(L.ldh, DAY, 980, "U/L", { low: 120, high: 250 }),
  obs(L.hapto, DAY, "<10 mg/dL"),
];
const lungCancer = dx("Metastatic non-small cell lung cancer", "2025-10-01");

interface Case {
  readonly name: string;
  /** The Patient's birth date and sex (none charted unless given). */
  readonly patient?: { readonly birthDate?: string; readonly gender?: "female" | "male" };
  /** The resources after the Patient: pembrolizumab on three dates and a lung cancer come first unless `own`. */
  readonly fhir?: readonly unknown[];
  /** The record as CSV rows (after the header) instead. */
  readonly csv?: readonly string[];
  /** The resources are the whole record (another drug, another cancer). */
  readonly own?: boolean;
  /** Disorders (findings) or unexplained items a hematologist must see listed. */
  readonly sees: readonly string[];
  /** Plan lines (ids, avoid lines included) the patient's plans must hold. */
  readonly plan?: readonly string[];
  /** Plan lines (ids) the patient's plans must not hold. */
  readonly notInPlan?: readonly string[];
  /** Findings that, if reported at all, must be no more than possible (a pattern the marker beside it explains). */
  readonly atMostPossible?: readonly string[];
  /** Findings that must not be definite (a diagnosis charted without its labs). */
  readonly notDefinite?: readonly string[];
  /** Knowledge tags no given plan line may carry for this patient. */
  readonly never: readonly string[];
}

const ANTICOAGULATION = [
  "full-dose-anticoagulation",
  "reduced-dose-anticoagulation",
  "anticoagulation-course",
];

const CASES: readonly Case[] = [
  // A chronic cause beside a new acute fall.
  {
    name: "cirrhosis with splenomegaly (platelets 90 for a year) falling to 8 with gum bleeding after pembrolizumab",
    fhir: [
      dx("Alcoholic cirrhosis of liver", "2024-05-01"),
      dx("Splenomegaly", "2024-05-01"),
      ...fall(8, 90),
      dx("gum bleeding and petechiae"),
    ],
    sees: ["itp"],
    never: ["doac"],
  },
  {
    name: "myelodysplastic syndrome (platelets 70) falling to 9 after pembrolizumab",
    fhir: [dx("Myelodysplastic syndrome", "2024-01-10"), ...fall(9, 70), dx("epistaxis")],
    sees: ["itp"],
    never: ["tpo-ra"],
  },
  {
    name: "carboplatin–pemetrexed with pembrolizumab, platelets 250 to 15",
    fhir: [...ICI.flatMap((on) => [given("carboplatin", on), given("pemetrexed", on)]), ...fall(15, 250)],
    sees: ["itp"],
    never: [],
  },
  {
    name: "chronic ITP (platelets 60) falling to 5 with melaena after pembrolizumab",
    fhir: [dx("Chronic immune thrombocytopenia", "2022-03-01"), ...fall(5, 60), dx("melena")],
    sees: ["itp"],
    never: ANTICOAGULATION,
  },
  {
    name: "CKD stage 4 (eGFR 22) with platelets 230 to 12",
    fhir: [
      dx("Chronic kidney disease stage 4", "2023-01-01"),
      obs(L.egfr, DAY, 22, "mL/min/{1.73_m2}"),
      ...fall(12),
    ],
    sees: ["itp"],
    never: ["doac", "fondaparinux"],
  },
  // Labs missing, the diagnosis charted.
  {
    name: "immune thrombocytopenia charted, no count on record",
    fhir: [dx("Immune thrombocytopenia")],
    sees: ["itp"],
    notDefinite: ["itp"],
    never: [],
  },
  {
    name: "TTP charted, no ADAMTS13 and no count",
    fhir: [dx("Thrombotic thrombocytopenic purpura")],
    sees: ["ttp"],
    notDefinite: ["ttp"],
    never: ["platelet-transfusion", "antifibrinolytic"],
  },
  {
    name: "acquired haemophilia A charted with a thigh haematoma, no coagulation tests",
    fhir: [dx("Acquired hemophilia A"), dx("large hematoma of the right thigh")],
    sees: ["aha"],
    notDefinite: ["aha"],
    never: [...ANTICOAGULATION, "human-fviii", "plasma-transfusion", "desmopressin"],
  },
  {
    name: "pulmonary embolism and a history of HIT charted, platelets 210",
    fhir: [
      dx("Acute pulmonary embolism"),
      dx("History of heparin-induced thrombocytopenia", "2019-06-01"),
      plt(DAY, 210),
    ],
    sees: ["thrombosis"],
    never: ["heparin"],
  },
  {
    name: "DIC and a DVT charted, no coagulation tests",
    fhir: [dx("Disseminated intravascular coagulation"), dx("Deep vein thrombosis of left femoral vein")],
    sees: ["dic", "thrombosis"],
    notDefinite: ["dic"],
    never: ["antifibrinolytic"],
  },
  {
    name: "Evans syndrome charted, only a count of 22",
    fhir: [dx("Evans syndrome"), ...fall(22)],
    sees: ["evans"],
    notDefinite: ["evans"],
    never: [],
  },
  // A specific marker beside a pattern it overrides.
  {
    name: "ADAMTS13 4 % with a DIC-looking coagulation (PT 16 s, fibrinogen 1.4, D-dimer 9)",
    fhir: [
      ...fall(14),
      ...haemolysis(8.1),
      obs(L.schisto, DAY, "positive"),
      obs(L.adamts13, DAY, 4, "%"),
      obs(L.pt, DAY, 16, "s", { low: 11, high: 13.5 }),
      obs(L.fib, DAY, 1.4, "g/L"),
      obs(L.ddimer, DAY, 9, "ug/mL"),
    ],
    sees: ["ttp"],
    never: ["platelet-transfusion", "antifibrinolytic"],
  },
  {
    name: "FVIII inhibitor 14 BU with an aPTT of 88 s on enoxaparin for a DVT",
    fhir: [
      dx("DVT right popliteal vein", "2026-02-20"),
      ...["2026-02-21", "2026-03-01", "2026-03-09"].map((on) => given("enoxaparin 80 mg SC", on)),
      plt(DAY, 240),
      obs(L.aptt, DAY, 88, "s", { low: 25, high: 35 }),
      obs(L.pt, DAY, 12.8, "s", { low: 11, high: 13.5 }),
      obs(L.fviii, DAY, 3, "%"),
      obs(L.inhibitor, DAY, 14, "[beth'U]/mL"),
      dx("extensive bruising both arms"),
    ],
    sees: ["aha"],
    never: ["human-fviii", "plasma-transfusion", "desmopressin", "apcc"],
  },
  {
    name: "lupus anticoagulant with a long aPTT and a new DVT",
    fhir: [
      dx("Deep vein thrombosis left leg"),
      plt(DAY, 190),
      obs(L.aptt, DAY, 52, "s", { low: 25, high: 35 }),
      obs(L.lupus, DAY, "positive"),
    ],
    sees: ["thrombosis"],
    never: ["doac"],
  },
  {
    name: "MAHA with platelets 20 and ADAMTS13 62 % (a TMA that is not TTP)",
    fhir: [...fall(20), ...haemolysis(7.9), obs(L.schisto, DAY, "positive"), obs(L.adamts13, DAY, 62, "%")],
    sees: [],
    never: ["transfusion-supported-anticoagulation"],
  },
  {
    name: "schistocytes with a positive DAT and platelets 18 (Evans or TTP), no ADAMTS13",
    fhir: [...fall(18), ...haemolysis(7.0), obs(L.schisto, DAY, "positive"), obs(L.dat, DAY, "positive")],
    sees: ["ttp"],
    never: ["platelet-transfusion"],
  },
  // Two disorders at once.
  {
    name: "ITP at platelets 20 with a pulmonary embolism",
    fhir: [...fall(20), dx("Pulmonary embolism, right lower lobe")],
    sees: ["itp", "thrombosis"],
    never: ["transfusion-supported-anticoagulation"],
  },
  {
    name: "ITP at platelets 8 with a DVT, apixaban still taken",
    fhir: [dx("DVT left calf", "2026-02-25"), taking("apixaban 5 mg twice daily", "2026-02-25"), ...fall(8)],
    plan: ["itp-avoid-antithrombotic-below-25"],
    sees: ["itp", "thrombosis"],
    never: ["full-dose-anticoagulation", "reduced-dose-anticoagulation"],
  },
  {
    name: "TTP with CRS grade 2 eight days after axicabtagene ciloleucel",
    own: true,
    fhir: [
      dx("Diffuse large B-cell lymphoma", "2025-09-01"),
      given("Yescarta", "2026-02-28"),
      dx("Cytokine release syndrome grade 2", "2026-03-03"),
      ...fall(16, 190),
      ...haemolysis(7.6),
      obs(L.schisto, DAY, "positive"),
      obs(L.adamts13, DAY, 3, "%"),
    ],
    sees: ["ttp"],
    never: ["platelet-transfusion", "antifibrinolytic"],
  },
  {
    name: "acquired haemophilia with a muscle bleed and platelets 30",
    fhir: [
      ...fall(30),
      obs(L.aptt, DAY, 74, "s", { low: 25, high: 35 }),
      obs(L.fviii, DAY, 2, "%"),
      obs(L.inhibitor, DAY, 22, "[beth'U]/mL"),
      dx("Iliopsoas hematoma"),
    ],
    sees: ["aha"],
    never: [...ANTICOAGULATION, "human-fviii", "plasma-transfusion", "desmopressin"],
  },
  {
    name: "Evans syndrome with a pulmonary embolism",
    fhir: [
      ...fall(25),
      ...haemolysis(7.4),
      obs(L.dat, DAY, "positive"),
      obs(L.adamts13, DAY, 80, "%"),
      dx("PE"),
    ],
    sees: ["evans", "thrombosis"],
    never: ["transfusion-supported-anticoagulation"],
  },
  {
    name: "AHA with a DVT",
    fhir: [
      plt(DAY, 230),
      obs(L.aptt, DAY, 70, "s", { low: 25, high: 35 }),
      obs(L.fviii, DAY, 4, "%"),
      obs(L.inhibitor, DAY, 9, "[beth'U]/mL"),
      dx("Left femoral DVT"),
    ],
    sees: ["aha", "thrombosis"],
    never: [...ANTICOAGULATION, "apcc"],
  },
  {
    name: "septic DIC with a DVT and oozing",
    fhir: [
      dx("Sepsis due to E. coli", "2026-03-08"),
      ...fall(38, 240),
      obs(L.pt, DAY, 19, "s", { low: 11, high: 13.5 }),
      obs(L.fib, DAY, 0.9, "g/L"),
      obs(L.ddimer, DAY, 14, "ug/mL"),
      dx("Deep vein thrombosis right arm"),
      dx("oozing from line sites"),
    ],
    sees: ["dic", "thrombosis"],
    never: ["antifibrinolytic", "pcc", "apcc"],
  },
  {
    name: "teclistamab for myeloma: DIC with a pulmonary embolism",
    own: true,
    fhir: [
      dx("Multiple myeloma", "2024-09-01"),
      ...["2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02"].map((on) =>
        given("Tecvayli", on),
      ),
      ...fall(28, 160),
      obs(L.pt, DAY, 18, "s", { low: 11, high: 13.5 }),
      obs(L.fib, DAY, 0.8, "g/L"),
      obs(L.ddimer, DAY, 20, "ug/mL"),
      dx("Pulmonary embolism"),
    ],
    sees: ["thrombosis"],
    never: ["antifibrinolytic", "apcc"],
  },
  {
    name: "CAR-T coagulopathy with CRS grade 3 and a grade 3 haematuria",
    own: true,
    fhir: [
      dx("Mantle cell lymphoma", "2025-06-01"),
      given("Tecartus", "2026-03-01"),
      dx("Cytokine release syndrome grade 3", "2026-03-04"),
      plt(BASE, 200),
      obs(L.fib, BASE, 3.1, "g/L"),
      plt(DAY, 35),
      obs(L.fib, DAY, 0.7, "g/L"),
      obs(L.pt, DAY, 18.5, "s", { low: 11, high: 13.5 }),
      obs(L.ddimer, DAY, 11, "ug/mL"),
      dx("Gross hematuria requiring transfusion"),
    ],
    sees: ["carac"],
    never: ["antifibrinolytic", ...ANTICOAGULATION],
  },
  // An anticoagulant beside a severe thrombocytopenia.
  {
    name: "rivaroxaban taken for atrial fibrillation, platelets 230 to 14",
    fhir: [dx("Atrial fibrillation", "2023-01-01"), taking("Xarelto 20 mg daily", "2023-01-15"), ...fall(14)],
    plan: ["itp-avoid-antithrombotic-below-25"],
    sees: ["itp"],
    never: ["full-dose-anticoagulation"],
  },
  {
    name: "enoxaparin taken for a cancer DVT, platelets 230 to 22, no bleeding",
    fhir: [
      dx("DVT left leg", "2026-01-20"),
      taking("enoxaparin 1 mg/kg twice daily", "2026-01-20"),
      ...fall(22),
    ],
    // A fall on LMWH with no count to date it: HIT is not excluded (the 4Ts open), so heparin stops and the
    // anticoagulant is decided with hematology rather than withheld for the count.
    plan: ["itp-avoid-heparin-hit", "itp-avoid-antithrombotic-below-25-hit", "thr-hit-below-25"],
    sees: ["itp"],
    never: ["full-dose-anticoagulation"],
  },
  {
    name: "intracranial haemorrhage at platelets 5 on aspirin",
    fhir: [...fall(5), dx("Intracerebral hemorrhage"), given("aspirin 81 mg", "2026-03-09")],
    sees: ["itp"],
    never: [...ANTICOAGULATION, "systemic-thrombolysis", "dual-antiplatelet"],
  },
  {
    name: "a DVT a week after an intracerebral haemorrhage",
    fhir: [dx("Intracerebral hemorrhage", "2026-03-02"), dx("DVT right leg"), plt(DAY, 200)],
    sees: ["thrombosis"],
    never: ["full-dose-anticoagulation", "systemic-thrombolysis"],
  },
  {
    name: "brain metastases, a massive PE and platelets 45",
    fhir: [dx("Brain metastases", "2025-12-01"), dx("Massive pulmonary embolism"), ...fall(45)],
    sees: ["thrombosis"],
    never: ["systemic-thrombolysis"],
  },
  {
    name: "warfarin taken for a mechanical aortic valve, platelets 230 to 32",
    fhir: [
      dx("Mechanical aortic valve", "2015-01-01"),
      taking("warfarin 5 mg daily", "2015-02-01"),
      ...fall(32),
      obs(L.inr, DAY, 2.8),
    ],
    sees: ["itp"],
    never: ["doac", "full-dose-anticoagulation"],
  },
  {
    name: "aspirin and clopidogrel after a coronary stent, platelets 230 to 19",
    fhir: [
      dx("Coronary stent placement", "2026-01-10"),
      taking("aspirin 81 mg daily", "2026-01-10"),
      taking("clopidogrel 75 mg daily", "2026-01-10"),
      ...fall(19),
    ],
    sees: ["itp"],
    plan: ["itp-avoid-antithrombotic-below-25"],
    never: ["dual-antiplatelet"],
  },
  // Kidney failure.
  {
    name: "a DVT with a creatinine clearance of 12 mL/min",
    fhir: [dx("DVT left leg"), plt(DAY, 220), obs(L.crcl, DAY, 12, "mL/min")],
    sees: ["thrombosis"],
    never: ["doac", "fondaparinux"],
  },
  {
    name: "a PE on haemodialysis, no clearance charted",
    fhir: [
      dx("End stage renal disease on hemodialysis", "2022-01-01"),
      dx("Pulmonary embolism"),
      plt(DAY, 180),
    ],
    sees: ["thrombosis"],
    never: ["doac", "fondaparinux"],
  },
  {
    name: "a PE with a creatinine of 3.8 mg/dL in a woman of 84 weighing 44 kg (Cockcroft–Gault about 8)",
    patient: { birthDate: "1941-07-01", gender: "female" },
    fhir: [
      dx("Pulmonary embolism"),
      plt(DAY, 170),
      obs(L.creat, DAY, 3.8, "mg/dL"),
      obs(L.weight, "2026-03-01", 44, "kg"),
    ],
    sees: ["thrombosis"],
    never: ["doac", "fondaparinux"],
  },
  {
    name: "a DVT with an eGFR of 24 only",
    fhir: [dx("DVT left leg"), plt(DAY, 260), obs(L.egfr, DAY, 24, "mL/min/{1.73_m2}")],
    sees: ["thrombosis"],
    never: ["doac", "fondaparinux"],
  },
  {
    name: "a DVT with an MDRD eGFR of 24 in the laboratory's spelling (mL/min/1.73m2) only",
    fhir: [dx("DVT left leg"), plt(DAY, 260), obs("33914-3", DAY, 24, "mL/min/1.73m2")],
    sees: ["thrombosis"],
    never: ["doac", "fondaparinux"],
  },
  {
    name: "TTP with acute kidney injury (creatinine 4.1, clearance 20)",
    fhir: [
      ...fall(11),
      ...haemolysis(7.2),
      obs(L.schisto, DAY, "positive"),
      obs(L.adamts13, DAY, 2, "%"),
      obs(L.creat, DAY, 4.1, "mg/dL"),
      obs(L.crcl, DAY, 20, "mL/min"),
    ],
    sees: ["ttp"],
    never: ["platelet-transfusion", "doac"],
  },
  // Pregnancy.
  {
    name: "a DVT at 22 weeks of pregnancy",
    patient: { birthDate: "1992-04-01", gender: "female" },
    fhir: [dx("Pregnancy, 22 weeks", "2025-10-10"), dx("DVT left leg"), plt(DAY, 240)],
    sees: ["thrombosis"],
    never: ["doac", "vka"],
  },
  {
    name: "ITP at platelets 18 in pregnancy",
    patient: { birthDate: "1990-02-01", gender: "female" },
    fhir: [dx("Intrauterine pregnancy", "2025-12-01"), ...fall(18), dx("petechiae")],
    sees: ["itp"],
    never: ["cyclophosphamide", "mycophenolate", "doac", "vka"],
  },
  {
    name: "a PE with only a positive urine hCG",
    patient: { birthDate: "1994-04-01", gender: "female" },
    fhir: [obs(L.hcg, "2026-03-09", "positive"), dx("Pulmonary embolism"), plt(DAY, 250)],
    sees: ["thrombosis"],
    never: ["doac", "vka"],
  },
  {
    name: "TTP in pregnancy",
    patient: { birthDate: "1993-04-01", gender: "female" },
    fhir: [
      dx("Pregnant", "2025-12-15"),
      ...fall(17),
      ...haemolysis(7.8),
      obs(L.schisto, DAY, "positive"),
      obs(L.adamts13, DAY, 5, "%"),
    ],
    sees: ["ttp"],
    never: ["platelet-transfusion", "cyclophosphamide", "mycophenolate"],
  },
  // Children, the very old and the light.
  {
    name: "a boy of 12 after nivolumab for melanoma: ITP at platelets 9",
    own: true,
    patient: { birthDate: "2013-09-01", gender: "male" },
    fhir: [
      dx("Metastatic melanoma", "2025-08-01"),
      ...ICI.map((on) => given("Opdivo", on)),
      ...fall(9, 280),
      dx("epistaxis"),
    ],
    sees: ["itp"],
    never: [],
  },
  {
    name: "a girl of 15 on blinatumomab for ALL with a catheter-related DVT, no height",
    own: true,
    patient: { birthDate: "2010-05-01", gender: "female" },
    fhir: [
      dx("B-cell acute lymphoblastic leukemia", "2025-11-01"),
      ...["2026-02-20", "2026-02-27", "2026-03-06"].map((on) => given("Blincyto", on)),
      dx("Catheter-related deep vein thrombosis of the right subclavian vein"),
      plt(DAY, 160),
      obs(L.creat, DAY, 0.6, "mg/dL"),
    ],
    sees: ["thrombosis"],
    never: [],
  },
  {
    name: "a man of 88 weighing 47 kg with a DVT and platelets 40",
    patient: { birthDate: "1937-11-01", gender: "male" },
    fhir: [
      dx("DVT right femoral vein"),
      ...fall(40, 210),
      obs(L.creat, DAY, 1.3, "mg/dL"),
      obs(L.weight, "2026-03-05", 47, "kg"),
    ],
    sees: ["itp", "thrombosis"],
    never: ["transfusion-supported-anticoagulation"],
  },
  {
    name: "a woman of 81 weighing 42 kg with ITP at platelets 6 and a subdural haematoma",
    patient: { birthDate: "1944-12-01", gender: "female" },
    fhir: [
      ...fall(6),
      dx("Acute subdural hematoma"),
      obs(L.creat, DAY, 1.1, "mg/dL"),
      obs(L.weight, "2026-03-05", 42, "kg"),
    ],
    sees: ["itp"],
    never: [...ANTICOAGULATION, "systemic-thrombolysis"],
  },
  // HIT.
  {
    name: "HIT charted as a heparin allergy, then a DVT at platelets 150",
    fhir: [dx("Allergy to heparin: thrombocytopenia", "2020-02-01"), dx("DVT left leg"), plt(DAY, 150)],
    sees: ["thrombosis"],
    never: ["heparin"],
  },
  {
    name: "suspected HIT: platelets 260 to 70 on day 8 of enoxaparin, PF4 antibody positive, new DVT",
    fhir: [
      ...["2026-03-01", "2026-03-03", "2026-03-05", "2026-03-08"].map((on) => given("enoxaparin 40 mg", on)),
      plt("2026-03-01", 260),
      plt(DAY, 70),
      obs(L.hit, DAY, "positive"),
      dx("DVT right leg"),
    ],
    sees: ["thrombosis"],
    never: ["heparin", "platelet-transfusion", "pcc"],
  },
  // Other labels and guidelines.
  {
    name: "a mechanical mitral valve and a DVT",
    fhir: [dx("Mechanical mitral valve replacement", "2018-01-01"), dx("DVT left leg"), plt(DAY, 230)],
    sees: ["thrombosis"],
    never: ["doac"],
  },
  {
    name: "colorectal cancer with a DVT (a luminal GI cancer in place)",
    own: true,
    fhir: [
      dx("Metastatic adenocarcinoma of the sigmoid colon, MSI-high", "2025-06-01"),
      ...ICI.map((on) => given("pembrolizumab", on)),
      dx("DVT left leg"),
      plt(DAY, 260),
    ],
    sees: ["thrombosis"],
    never: ["edoxaban-rivaroxaban"],
  },
  {
    name: "a PE with a grade 3 GI bleed the same week",
    fhir: [dx("Pulmonary embolism"), dx("Upper GI bleed requiring transfusion of 2 units"), plt(DAY, 210)],
    sees: ["thrombosis"],
    never: ["systemic-thrombolysis"],
  },
  {
    name: "a DVT on Paxlovid for COVID-19 (ritonavir, a strong CYP3A4 and P-gp inhibitor)",
    fhir: [
      dx("DVT right leg"),
      plt(DAY, 240),
      ...["2026-03-06", "2026-03-09"].map((on) => given("Paxlovid 300/100 mg", on)),
    ],
    sees: ["thrombosis"],
    never: ["doac"],
  },
  {
    name: "HLH after pembrolizumab: fever, ferritin 28 000, pancytopenia",
    fhir: [
      ...fall(35),
      obs(L.hb, BASE, 12.8, "g/dL"),
      obs(L.hb, DAY, 7.9, "g/dL"),
      obs(L.ferritin, DAY, 28000, "ng/mL"),
      obs(L.temp, DAY, 39.4, "Cel"),
      dx("Hemophagocytic lymphohistiocytosis"),
    ],
    sees: [],
    never: [],
  },
  // More than one guideline bar at once.
  {
    name: "ITP at platelets 4 with an intracerebral haemorrhage a week after a PE, apixaban still taken",
    fhir: [
      dx("Pulmonary embolism", "2026-03-03"),
      taking("apixaban 5 mg twice daily", "2026-03-03"),
      ...fall(4),
      dx("Intracerebral hemorrhage"),
    ],
    sees: ["itp", "thrombosis"],
    never: [...ANTICOAGULATION, "antifibrinolytic", "systemic-thrombolysis"],
  },
  {
    name: "ITP at platelets 6 with a subarachnoid haemorrhage",
    fhir: [...fall(6), dx("Subarachnoid hemorrhage")],
    sees: ["itp"],
    never: ["antifibrinolytic"],
  },
  {
    name: "ITP at platelets 7 with gross haematuria and clots",
    fhir: [...fall(7), dx("Gross hematuria with clots, grade 3")],
    sees: ["itp"],
    never: ["antifibrinolytic"],
  },
  {
    name: "suspected HIT at platelets 15 with petechiae, enoxaparin taken since 2 March, PF4 antibody positive",
    fhir: [
      taking("enoxaparin 40 mg daily", "2026-03-02"),
      plt("2026-03-01", 240),
      plt(DAY, 15),
      obs(L.hit, DAY, "positive"),
      dx("petechiae on legs"),
    ],
    sees: ["itp"],
    // HIT is prothrombotic: the count does not withhold the non-heparin anticoagulant ASH 2018 gives, as the
    // cancer-thrombosis line below 25 would (before, both were shown: withhold it, and start one).
    plan: ["itp-avoid-heparin-hit", "itp-avoid-antithrombotic-below-25-hit"],
    notInPlan: ["itp-avoid-antithrombotic-below-25"],
    never: ["heparin", "platelet-transfusion", "pcc"],
  },
  {
    name: "suspected HIT with a DIC-looking coagulation and a DVT on heparin, platelets 30",
    fhir: [
      taking("heparin infusion", "2026-03-02"),
      plt("2026-03-01", 250),
      plt(DAY, 30),
      obs(L.hit, DAY, "positive"),
      obs(L.pt, DAY, 16, "s", { low: 11, high: 13.5 }),
      obs(L.fib, DAY, 1.3, "g/L"),
      obs(L.ddimer, DAY, 12, "ug/mL"),
      dx("DVT left leg"),
    ],
    sees: ["thrombosis"],
    never: ["heparin", "platelet-transfusion", "pcc", "antifibrinolytic"],
  },
  {
    name: "a PE at 30 weeks of pregnancy with a past HIT",
    patient: { birthDate: "1991-03-01", gender: "female" },
    fhir: [
      dx("Pregnancy", "2025-08-20"),
      dx("History of heparin-induced thrombocytopenia", "2021-05-01"),
      dx("Pulmonary embolism"),
      plt(DAY, 230),
    ],
    sees: ["thrombosis"],
    never: ["heparin", "doac", "vka"],
  },
  {
    name: "a DVT in pregnancy with a creatinine clearance of 22",
    patient: { birthDate: "1989-03-01", gender: "female" },
    fhir: [dx("Pregnant", "2025-11-01"), dx("DVT right leg"), plt(DAY, 210), obs(L.crcl, DAY, 22, "mL/min")],
    sees: ["thrombosis"],
    never: ["doac", "vka", "fondaparinux"],
  },
  {
    name: "acquired haemophilia in pregnancy with a muscle haematoma",
    patient: { birthDate: "1995-03-01", gender: "female" },
    fhir: [
      dx("Pregnancy, 34 weeks", "2025-07-20"),
      plt(DAY, 210),
      obs(L.aptt, DAY, 81, "s", { low: 25, high: 35 }),
      obs(L.fviii, DAY, 3, "%"),
      obs(L.inhibitor, DAY, 16, "[beth'U]/mL"),
      dx("Hematoma of the left thigh"),
    ],
    sees: ["aha"],
    never: ["cyclophosphamide", "mycophenolate", "human-fviii", "plasma-transfusion", ...ANTICOAGULATION],
  },
  {
    name: "acquired haemophilia with E. coli sepsis",
    fhir: [
      dx("Sepsis due to Escherichia coli"),
      plt(DAY, 190),
      obs(L.aptt, DAY, 77, "s", { low: 25, high: 35 }),
      obs(L.fviii, DAY, 4, "%"),
      obs(L.inhibitor, DAY, 11, "[beth'U]/mL"),
      dx("large bruises on both arms"),
    ],
    sees: ["aha"],
    never: ["rituximab", "cyclophosphamide", "human-fviii", "plasma-transfusion"],
  },
  {
    name: "a long aPTT on a heparin infusion, FVIII 85 % and no inhibitor (not acquired haemophilia)",
    fhir: [
      taking("heparin infusion 18 units/kg/h", "2026-03-08"),
      dx("Pulmonary embolism", "2026-03-08"),
      plt(DAY, 220),
      obs(L.aptt, DAY, 96, "s", { low: 25, high: 35 }),
      obs(L.fviii, DAY, 85, "%"),
      obs(L.inhibitor, DAY, 0, "[beth'U]/mL"),
    ],
    sees: ["thrombosis"],
    atMostPossible: ["aha"],
    never: ["human-fviii", "apcc"],
  },
  {
    name: "a lupus anticoagulant with a long aPTT, FVIII 60 % and no bleeding (not acquired haemophilia)",
    fhir: [
      plt(DAY, 240),
      obs(L.aptt, DAY, 58, "s", { low: 25, high: 35 }),
      obs(L.lupus, DAY, "positive"),
      obs(L.fviii, DAY, 60, "%"),
    ],
    sees: [],
    atMostPossible: ["aha"],
    never: ["human-fviii", "apcc"],
  },
  {
    name: "ITP at platelets 40 with a PE and a creatinine clearance of 12",
    fhir: [...fall(40), dx("Pulmonary embolism"), obs(L.crcl, DAY, 12, "mL/min")],
    sees: ["itp", "thrombosis"],
    never: ["doac", "fondaparinux"],
  },
  {
    name: "a girl of 9 weighing 26 kg with TTP after CAR-T for ALL",
    own: true,
    patient: { birthDate: "2016-08-01", gender: "female" },
    fhir: [
      dx("B-cell acute lymphoblastic leukemia", "2025-05-01"),
      given("Kymriah", "2026-02-10"),
      obs(L.weight, "2026-03-05", 26, "kg"),
      ...fall(12, 150),
      ...haemolysis(7.1),
      obs(L.schisto, DAY, "positive"),
      obs(L.adamts13, DAY, 3, "%"),
    ],
    sees: ["ttp"],
    plan: ["ttp-paediatric-adult-doses"],
    never: ["platelet-transfusion"],
  },
  // Liver, antibodies, breastfeeding, emicizumab, asparaginase.
  {
    name: "decompensated cirrhosis (Child-Pugh C) with a PE, platelets 60, INR 1.9",
    fhir: [
      dx("Cirrhosis of liver, Child-Pugh class C", "2023-04-01"),
      dx("Pulmonary embolism"),
      plt(BASE, 70),
      plt(DAY, 60),
      obs(L.inr, DAY, 1.9),
    ],
    sees: ["thrombosis"],
    never: ["doac"],
  },
  {
    name: "antiphospholipid syndrome charted with a new DVT",
    fhir: [dx("Antiphospholipid syndrome", "2019-01-01"), dx("DVT left leg"), plt(DAY, 180)],
    sees: ["thrombosis"],
    never: ["doac"],
  },
  {
    name: "immune-related hepatitis (ALT 410) with a DVT",
    fhir: [
      dx("Immune-mediated hepatitis", "2026-03-05"),
      obs("1742-6", DAY, 410, "U/L", { high: 40 }),
      dx("DVT right leg"),
      plt(DAY, 220),
    ],
    sees: ["thrombosis"],
    never: ["doac"],
  },
  {
    name: "a DVT six weeks post partum while breastfeeding",
    patient: { birthDate: "1990-06-01", gender: "female" },
    fhir: [dx("Breastfeeding", "2026-01-28"), dx("DVT left leg"), plt(DAY, 300)],
    sees: ["thrombosis"],
    never: ["doac"],
  },
  {
    name: "acquired haemophilia on emicizumab with a new muscle bleed",
    fhir: [
      given("emicizumab", "2026-02-20"),
      given("emicizumab", "2026-03-06"),
      plt(DAY, 240),
      obs(L.aptt, DAY, 31, "s", { low: 25, high: 35 }),
      obs(L.fviii, DAY, 1, "%"),
      obs(L.inhibitor, DAY, 30, "[beth'U]/mL"),
      dx("Acquired hemophilia A", "2026-02-18"),
      dx("Hematoma of the right forearm muscle"),
    ],
    sees: ["aha"],
    never: ["apcc", "human-fviii", "plasma-transfusion", ...ANTICOAGULATION],
  },
  {
    name: "a boy of 16 on blinatumomab and pegaspargase: fibrinogen 0.6 and a cerebral venous sinus thrombosis",
    own: true,
    patient: { birthDate: "2009-10-01", gender: "male" },
    fhir: [
      dx("B-cell acute lymphoblastic leukemia", "2025-10-01"),
      ...["2026-02-23", "2026-03-02", "2026-03-09"].map((on) => given("blinatumomab", on)),
      given("pegaspargase", "2026-02-25"),
      plt(BASE, 160),
      plt(DAY, 95),
      obs(L.fib, DAY, 0.6, "g/L"),
      dx("Cerebral venous sinus thrombosis"),
    ],
    sees: ["thrombosis"],
    never: ["antifibrinolytic", "systemic-thrombolysis"],
  },
  {
    name: "DIC with a DVT and a grade 3 GI bleed",
    fhir: [
      dx("Sepsis", "2026-03-07"),
      ...fall(30, 240),
      obs(L.pt, DAY, 20, "s", { low: 11, high: 13.5 }),
      obs(L.fib, DAY, 0.8, "g/L"),
      obs(L.ddimer, DAY, 18, "ug/mL"),
      dx("DVT left leg"),
      dx("Hematemesis requiring transfusion"),
    ],
    sees: ["dic", "thrombosis"],
    never: ["antifibrinolytic", ...ANTICOAGULATION, "apcc", "pcc"],
  },
  {
    name: "haemoglobin 13 to 6.4 with melaena after pembrolizumab, platelets normal",
    fhir: [plt(DAY, 260), obs(L.hb, BASE, 13.1, "g/dL"), obs(L.hb, DAY, 6.4, "g/dL"), dx("Melena")],
    sees: [],
    never: ["antifibrinolytic"],
  },
  {
    name: "fibrinogen 0.7 g/L alone after pembrolizumab, no bleeding",
    fhir: [plt(DAY, 210), obs(L.fib, BASE, 3.2, "g/L"), obs(L.fib, DAY, 0.7, "g/L")],
    sees: [],
    never: [],
  },
  {
    name: "INR 3.4 with no anticoagulant after pembrolizumab",
    fhir: [plt(DAY, 210), obs(L.inr, BASE, 1.0), obs(L.inr, DAY, 3.4)],
    sees: [],
    never: [],
  },
  // Platelets where TTP or HIT bars them, beside a plan that gives them for a bleed.
  {
    name: "TTP with a CAR-T coagulopathy (fibrinogen 0.9, CRS) and epistaxis after axicabtagene ciloleucel",
    own: true,
    fhir: [
      dx("Diffuse large B-cell lymphoma", "2025-09-01"),
      given("axicabtagene ciloleucel", "2026-02-28"),
      dx("CRS grade 2", "2026-03-03"),
      plt(BASE, 190),
      obs(L.fib, BASE, 3.0, "g/L"),
      plt(DAY, 14),
      obs(L.fib, DAY, 0.9, "g/L"),
      obs(L.pt, DAY, 16.5, "s", { low: 11, high: 13.5 }),
      obs(L.ddimer, DAY, 10, "ug/mL"),
      ...haemolysis(7.5),
      obs(L.schisto, DAY, "positive"),
      obs(L.adamts13, DAY, 4, "%"),
      dx("Epistaxis"),
    ],
    sees: ["ttp"],
    never: ["platelet-transfusion", "antifibrinolytic"],
  },
  {
    name: "suspected HIT on heparin with a DIC and gum bleeding, platelets 18",
    fhir: [
      taking("heparin 5000 units SC q8h", "2026-03-02"),
      plt("2026-03-01", 230),
      plt(DAY, 18),
      obs(L.hit, DAY, "positive"),
      obs(L.pt, DAY, 17, "s", { low: 11, high: 13.5 }),
      obs(L.fib, DAY, 1.1, "g/L"),
      obs(L.ddimer, DAY, 15, "ug/mL"),
      dx("gum bleeding"),
    ],
    sees: ["dic"],
    // With HIT suspected platelets are for a major bleed or a high-bleeding-risk procedure (ASH 2018): gum bleeding is
    // neither, so no platelet line and the HIT avoid line stands. Heparin on board: the shared line below 25 says what
    // the DIC plan's own HIT line says, and only it is shown.
    plan: ["dic-avoid-heparin-hit", "dic-avoid-antithrombotic-below-25-hit", "dic-avoid-platelets-hit"],
    notInPlan: ["dic-hit-below-25"],
    never: ["heparin", "pcc", "platelet-transfusion"],
  },
  {
    name: "nine days after axicabtagene ciloleucel on enoxaparin: platelets 180 to 20, PF4 antibody positive",
    own: true,
    fhir: [
      dx("Diffuse large B-cell lymphoma", "2025-09-01"),
      given("Yescarta", "2026-03-01"),
      taking("enoxaparin 40 mg daily", "2026-03-02"),
      plt("2026-03-01", 180),
      plt(DAY, 20),
      obs(L.hit, DAY, "positive"),
    ],
    sees: ["platelet-count-decreased"],
    // No finding is sought in the first month after CAR-T; the count's own plan names the HIT (before, it read only
    // "withhold an anticoagulant" beside an LMWH still given and a positive antibody).
    plan: ["unexplained-platelets-antithrombotic-below-25-hit"],
    notInPlan: ["unexplained-platelets-antithrombotic-below-25"],
    never: ["heparin", "platelet-transfusion", "pcc"],
  },
  {
    name: "schistocytes, a positive DAT and wet purpura at platelets 9, ADAMTS13 pending",
    fhir: [
      ...fall(9),
      ...haemolysis(6.9),
      obs(L.schisto, DAY, "positive"),
      obs(L.dat, DAY, "positive"),
      dx("wet purpura and oral blood blisters"),
    ],
    sees: ["ttp"],
    never: ["platelet-transfusion"],
  },
  {
    name: "ITP at platelets 35 with a DVT in pregnancy and a creatinine clearance of 20",
    patient: { birthDate: "1991-09-01", gender: "female" },
    fhir: [dx("Pregnancy", "2025-11-15"), ...fall(35), dx("DVT left leg"), obs(L.crcl, DAY, 20, "mL/min")],
    sees: ["itp", "thrombosis"],
    never: ["doac", "vka", "fondaparinux", "transfusion-supported-anticoagulation"],
  },
  {
    name: "Evans syndrome at platelets 15 with apixaban taken for a PE",
    fhir: [
      dx("Pulmonary embolism", "2026-02-15"),
      taking("Eliquis 5 mg BID", "2026-02-15"),
      ...fall(15),
      ...haemolysis(7.3),
      obs(L.dat, DAY, "positive"),
      obs(L.adamts13, DAY, 75, "%"),
    ],
    sees: ["evans"],
    plan: ["evans-avoid-antithrombotic-below-25"],
    never: ["full-dose-anticoagulation", "transfusion-supported-anticoagulation"],
  },
  // CSV exports.
  {
    name: "CSV: ITP at platelets 7 K/uL after Keytruda, with a PE and dabigatran charted",
    csv: [
      "p1,event,2025-10-01,,text,,Lung adenocarcinoma,,,,,,,,,",
      ...ICI.map((on) => `p1,dose,${on},,text,,Keytruda 200 mg,,,,,,administration,,,`),
      "p1,dose,2026-03-08,,text,,dabigatran 150 mg BID,,,,,,administration,,,",
      "p1,event,2026-03-07,,text,,Pulmonary embolism,,,,,,,,,",
      `p1,lab,${BASE},,loinc,777-3,,245,K/uL,150,400,,,,,`,
      `p1,lab,${DAY},,loinc,777-3,,7,K/uL,150,400,,,,,`,
      `p1,event,${DAY},,text,,"wet purpura, gum bleeding",,,,,,,,,`,
    ],
    sees: ["itp", "thrombosis"],
    never: ["full-dose-anticoagulation", "transfusion-supported-anticoagulation"],
  },
  {
    name: "CSV: TTP with a DIC-like PT in a woman of 17 after nivolumab",
    csv: [
      "p1,event,2025-10-01,,text,,Hodgkin lymphoma,,,,,,,,2008-06-01,female",
      ...ICI.map((on) => `p1,dose,${on},,text,,nivolumab,,,,,,administration,,2008-06-01,female`),
      `p1,lab,${BASE},,loinc,777-3,,230,10*9/L,,,,,,2008-06-01,female`,
      `p1,lab,${DAY},,loinc,777-3,,13,10*9/L,,,,,,2008-06-01,female`,
      `p1,lab,${DAY},,loinc,718-7,,7.7,g/dL,12,16,,,,2008-06-01,female`,
      `p1,lab,${DAY},,loinc,2532-0,,1200,U/L,120,250,,,,2008-06-01,female`,
      `p1,lab,${DAY},,loinc,800-3,,positive,,,,,,,2008-06-01,female`,
      `p1,lab,${DAY},,loinc,53622-7,,<5,%,,,,,,2008-06-01,female`,
      `p1,lab,${DAY},,loinc,5902-2,,15.8,s,11,13.5,,,,2008-06-01,female`,
    ],
    sees: ["ttp"],
    never: ["platelet-transfusion", "antifibrinolytic"],
  },
  {
    name: "CSV: DIC charted as a code beside a femoral DVT after Keytruda, fibrinogen 85 mg/dL",
    csv: [
      "p1,event,2025-10-01,,text,,Pancreatic adenocarcinoma,,,,,,,,,",
      ...ICI.map((on) => `p1,dose,${on},,text,,Keytruda,,,,,,administration,,,`),
      `p1,event,${DAY},,icd10cm,D65,,,,,,,,,,`,
      `p1,event,${DAY},,icd10cm,I82.411,,,,,,,,,,`,
      `p1,lab,${BASE},,loinc,777-3,,220,10*9/L,,,,,,,`,
      `p1,lab,${DAY},,loinc,777-3,,41,10*9/L,,,,,,,`,
      `p1,lab,${DAY},,loinc,3255-7,,85,mg/dL,,,,,,,`,
      `p1,lab,${DAY},,loinc,48065-7,,16,ug/mL,,,,,,,`,
    ],
    sees: ["dic", "thrombosis"],
    never: ["antifibrinolytic", "pcc", "apcc"],
  },
];

/** The recommendation behind each plan line, by id: the disorders' and the named patterns'. */
const byId = new Map(
  [...Object.values(k.management).flat(), ...k.unexplained.patterns.flatMap((p) => p.plan)].map(
    (r) => [r.id, r] as const,
  ),
);

/** Every given (not avoid) plan line of the patient, with its knowledge tags. */
const givenLines = (p: PatientReport) =>
  [...p.findings.flatMap((f) => f.management), ...p.unexplained.flatMap((u) => u.management ?? [])]
    .filter((m) => m.kind !== "avoid")
    .map((m) => ({ m, tags: byId.get(m.id)?.tags ?? [] }));

/** A line per finding and unexplained item, for failure messages. */
const said = (p: PatientReport) => [
  ...p.findings.map(
    (f) => `finding ${f.disorder} ${f.certainty}${f.grade !== undefined ? ` g${f.grade}` : ""}`,
  ),
  ...p.unexplained.map((u) => `unexplained ${u.abnormality}${u.grade !== undefined ? ` g${u.grade}` : ""}`),
];

function assess(c: Case): PatientReport {
  if (c.csv) return assessChecked({ kind: "csv", text: `${[CSV_HEADER, ...c.csv].join("\n")}\n` });
  const patient = { resourceType: "Patient", id: "p1", ...c.patient };
  const resources = [patient, ...(c.own ? [] : [lungCancer, ...pembro]), ...(c.fhir ?? [])];
  return assessChecked({
    kind: "fhir",
    value: { resourceType: "Bundle", type: "collection", entry: resources.map((resource) => ({ resource })) },
  });
}

describe("messy records: what a hematologist must see, and what no plan may offer", () => {
  it("the sweep holds at least 40 patients", () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  for (const c of CASES)
    it(c.name, () => {
      const p = assess(c);
      const out = said(p).join("; ");
      const listed = [
        ...p.findings.map((f) => f.disorder as string),
        ...p.unexplained.map((u) => u.abnormality),
      ];
      // Every patient here carries something serious: nothing is silent, a grade ≥ 3 least of all.
      const worst = Math.max(0, ...p.grades.map((g) => g.grade));
      expect(listed.length, `nothing said (worst grade ${worst})`).toBeGreaterThan(0);
      for (const d of c.sees) expect(listed, out).toContain(d);
      // Each plan read whole: a line shown once under another plan is still this plan's.
      const whole = withWholePlans(p);
      const ids = [
        ...whole.findings.flatMap((f) => f.management),
        ...whole.unexplained.flatMap((u) => u.management ?? []),
      ].map((m) => m.id);
      for (const line of c.plan ?? []) expect(ids, out).toContain(line);
      for (const line of c.notInPlan ?? []) expect(ids, out).not.toContain(line);
      for (const d of c.atMostPossible ?? [])
        for (const f of p.findings.filter((x) => x.disorder === d && x.certaintyOf !== "attribution"))
          expect(f.certainty, `${d}: ${out}`).toBe("possible");
      for (const d of c.notDefinite ?? [])
        for (const f of p.findings.filter((x) => x.disorder === d && x.certaintyOf !== "attribution"))
          expect(f.certainty, `${d}: ${out}`).not.toBe("definite");
      const lines = givenLines(p);
      expect(
        lines
          .filter(({ tags }) => tags.some((t) => c.never.includes(t)))
          .map(({ m, tags }) => `${m.id} [${tags}]`),
        out,
      ).toEqual([]);
      for (const { m } of lines.filter(({ tags }) => tags.includes("rituximab")))
        expect(m.action, m.id).toMatch(/HBsAg[\s\S]*anti-HBc|anti-HBc[\s\S]*HBsAg/);
      // No plan shows two lines that say the same thing.
      expect(reportDuplicates(p), out).toEqual([]);
    });
});
