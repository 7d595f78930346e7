/**
 * A hand-built assessment report for renderer tests: one patient with two findings (ITP after
 * pembrolizumab with a criterion met on a charted diagnosis and a competing explanation that lowered it,
 * DIC), an unexplained grade 4 neutropenia, records not used, ignored and in conflict; one hostile patient
 * id whose every record was rejected; one patient with Evans syndrome graded by arm and acquired
 * haemophilia A; one input error. Texts carry UCUM units and knowledge ids as the core writes them, so
 * that the tests can check the renderers name them. The clinical content is illustrative only.
 */
import type { AssessmentReport, Finding, PatientReport } from "../../packages/core/src/contracts/report.js";
import type { SettingsInForce } from "../../packages/core/src/contracts/settings.js";
import type { Reference } from "../../packages/core/src/knowledge/references.js";
import type { RenderContext } from "../../packages/core/src/render/view.js";

export const SAMPLE_REFERENCES: ReadonlyMap<string, Reference> = new Map<string, Reference>([
  [
    "asco-irae",
    {
      id: "asco-irae",
      citation: "Schneider BJ, et al. ASCO guideline on immune-related adverse events. J Clin Oncol 2021.",
      doi: "10.1200/JCO.21.01440",
      kind: "guideline",
    },
  ],
  [
    "ctcae-v5",
    {
      id: "ctcae-v5",
      citation: "Common Terminology Criteria for Adverse Events v5.0. NCI 2017.",
      url: "https://ctep.cancer.gov/",
      kind: "standard",
    },
  ],
  [
    "asra-2018",
    {
      id: "asra-2018",
      citation:
        "Horlocker TT, et al. Regional anesthesia in the patient receiving antithrombotic or thrombolytic therapy (ASRA, fourth edition). Reg Anesth Pain Med 2018.",
      doi: "10.1097/AAP.0000000000000763",
      kind: "guideline",
    },
  ],
  [
    "isth-dic",
    {
      id: "isth-dic",
      citation: "Taylor FB, et al. ISTH overt DIC score. Thromb Haemost 2001.",
      pmid: "11816725",
      kind: "paper",
    },
  ],
]);

export const ITP: Finding = {
  disorder: "itp",
  certainty: "probable",
  grade: 4,
  gradeBasis: "CTCAE v5.0 platelet-count-decreased grade 4 (platelets 8 10*9/L)",
  onset: { date: "2024-02-12T08:00:00Z", drug: "pembrolizumab", daysFromFirstDose: 42, daysFromLastDose: 0 },
  criteria: [
    {
      id: "thrombocytopenia",
      label: "Platelets < 100 ×10⁹/L after the first dose",
      status: "met",
      evidence: ["Observation/plt-42"],
      detail: "platelets 8 ×10⁹/L on day 42 (baseline 210)",
    },
    { id: "no-schistocytes", label: "No schistocytes on the smear", status: "missing", evidence: [] },
    {
      id: "charted-itp",
      label: "Immune thrombocytopenia diagnosed and charted by the care team",
      status: "met",
      evidence: ["Condition/itp-dx"],
      detail:
        'charted diagnosis "Immune thrombocytopenia (itp)" on 2024-02-13 (day 43) stands in for the missing smear',
      charted: true,
    },
    {
      id: "no-marrow",
      label: "No marrow infiltration",
      status: "unmet",
      evidence: [
        "Condition/m1",
        "Condition/m2",
        "Condition/m3",
        "Condition/m4",
        "Condition/m5",
        "Condition/m6",
      ],
    },
  ],
  scores: [{ id: "isth-overt-dic", value: 2, interpretation: "not suggestive of overt DIC" }],
  differentials: [
    { id: "heparin", label: "Heparin exposure (HIT)", status: "unmet", evidence: [], effect: "lower" },
    {
      id: "sepsis",
      label: "Sepsis at onset (a competing cause of thrombocytopenia)",
      status: "met",
      evidence: ["Condition/sepsis"],
      detail: "Septic shock on 2024-02-11 (day 41)",
      effect: "lower",
    },
    {
      id: "adamts13-severe",
      label: "ADAMTS13 activity < 10 % (confirmed TTP, reported as TTP)",
      status: "missing",
      evidence: [],
      detail: "no adamts13-activity result day -7 to day 30 from onset",
      effect: "exclude",
    },
  ],
  workup: [
    {
      id: "peripheral-smear",
      test: "Peripheral blood smear",
      why: "Schistocytes would point to a thrombotic microangiopathy",
      sourceIds: ["asco-irae"],
    },
    {
      id: "dat",
      test: "Direct antiglobulin test",
      loinc: "1007-4",
      why: "A positive DAT with hemolysis makes this Evans syndrome",
      sourceIds: ["asco-irae"],
    },
  ],
  management: [
    {
      id: "itp-monitor",
      kind: "monitor",
      action: "Platelet count twice weekly until recovery",
      sourceIds: ["asco-irae"],
    },
    {
      id: "itp-avoid-antiplatelet",
      kind: "avoid",
      action: "Avoid antiplatelet drugs while platelets are below 50",
      sourceIds: ["asco-irae"],
    },
    {
      id: "itp-ici-hold",
      kind: "immunotherapy",
      action: "Hold the checkpoint inhibitor",
      sourceIds: ["asco-irae"],
    },
    {
      id: "itp-ici-prednisone",
      kind: "first-line",
      action: "Prednisone 1 mg/kg/day",
      sourceIds: ["asco-irae"],
      caveat: "Guidelines differ on the duration of the taper",
    },
  ],
  summary: "Isolated platelet fall to 8 ×10⁹/L on day 42 of pembrolizumab.",
};

export const DIC: Finding = {
  disorder: "dic",
  certainty: "possible",
  criteria: [{ id: "fibrinogen", label: "Fibrinogen < 1 g/L", status: "missing", evidence: [] }],
  scores: [],
  differentials: [],
  workup: [
    {
      id: "fibrinogen",
      test: "Fibrinogen",
      loinc: "3255-7",
      why: "Needed for the ISTH overt DIC score",
      sourceIds: ["isth-dic"],
    },
  ],
  management: [],
  summary: "",
};

export const P1: PatientReport = {
  patientId: "p1",
  exposures: [
    {
      drug: "pembrolizumab",
      class: "ici",
      first: "2024-01-01T10:00:00Z",
      last: "2024-02-12T10:00:00Z",
      doses: 3,
    },
  ],
  grades: [
    {
      term: "platelet-count-decreased",
      grade: 4,
      worstAt: "2024-02-12T08:00:00Z",
      value: 8,
      unit: "10*9/L",
      evidence: ["Observation/plt-42"],
      basis: "< 25 ×10⁹/L",
      sourceIds: ["ctcae-v5"],
    },
  ],
  scores: [
    {
      id: "isth-overt-dic",
      value: 2,
      at: "2024-02-12T08:00:00Z",
      components: { platelets: 2 },
      missing: ["fibrinogen", "fibrin-marker"],
      interpretation:
        "Incomplete: 2 points certain; missing fibrin-marker (no d-dimer-feu result in ug/mL in the window); fibrinogen (no fibrinogen result in g/L in the window). Could be overt or not-overt.",
      category: "incomplete",
      evidence: ["Observation/plt-42"],
      sourceIds: ["isth-dic"],
    },
  ],
  findings: [ITP, DIC],
  unexplained: [
    {
      abnormality: "neutrophil-count-decreased",
      grade: 4,
      at: "2024-02-20T08:00:00Z",
      value: 0.4,
      unit: "10*9/L",
      evidence: ["Observation/anc-50"],
      why: "Neutrophils < 1.0 10*9/L: 0.4 10*9/L on 2024-02-20 (day 50), grade 4. Before the first dose: grade 0. Not attributed — no hemostatic disorder HemoSentinel detects accounts for it; ttp: its defining abnormality was not found after the first dose.",
      workup: [
        {
          id: "bone-marrow-examination",
          test: "Bone marrow aspirate and biopsy",
          why: "Marrow infiltration, aplasia or myelodysplasia",
          sourceIds: ["asco-irae"],
        },
      ],
    },
  ],
  rejected: [],
  notUsed: {
    Condition: { "http://snomed.info/sct": 4, "http://hl7.org/fhir/sid/icd-10-cm": 1 },
    MedicationRequest: { "http://www.nlm.nih.gov/research/umls/rxnorm": 3, text: 1 },
  },
  ignored: { Claim: 12, Encounter: 30 },
  conflicts: [
    {
      kind: "same-instant-values",
      refs: ["Observation/a", "Observation/b"],
      detail: "two platelets results at the same instant: 8 and 180 10*9/L",
    },
    {
      kind: "event-before-exposure",
      refs: ["Condition/crs"],
      detail: "crs on 2023-12-01 is dated before every immunotherapy in the record",
    },
  ],
  counts: { read: 77, used: 25, merged: 1, rejected: 0, notUsed: 9, ignored: 42 },
};

export const HOSTILE_ID = "<script>alert('x')</script>";

export const P2: PatientReport = {
  patientId: HOSTILE_ID,
  exposures: [],
  grades: [],
  scores: [],
  findings: [],
  unexplained: [],
  rejected: [
    {
      ref: "Observation/u1",
      code: "unit-not-convertible",
      reason: "platelets unit 'bogus' cannot be converted",
    },
    { ref: "Observation/u2", code: "unit-not-convertible", reason: "platelets unit 'x' cannot be converted" },
    {
      ref: "Observation/u3",
      code: "unit-not-convertible",
      reason: "hemoglobin unit 'y' cannot be converted",
    },
    { ref: "Observation/u4", code: "unit-not-convertible", reason: "INR unit 'z' cannot be converted" },
    {
      ref: "Observation/f1",
      code: "future-date",
      reason: "effectiveDateTime 2031-01-01 is after the evaluation time",
    },
  ],
  notUsed: {},
  ignored: {},
  conflicts: [],
  counts: { read: 5, used: 0, merged: 0, rejected: 5, notUsed: 0, ignored: 0 },
};

export const EVANS: Finding = {
  disorder: "evans",
  certainty: "definite",
  grade: 4,
  gradeBasis:
    "Immune thrombocytopenia: CTCAE v5.0 platelet-count-decreased grade 4 (Platelet count 18 ×10⁹/L)",
  arms: [
    {
      id: "aiha",
      label: "Autoimmune hemolytic anemia",
      grade: 3,
      basis: "CTCAE v5.0 anemia grade 3 (Hemoglobin 6.3 g/dL)",
    },
    {
      id: "itp",
      label: "Immune thrombocytopenia",
      grade: 4,
      basis: "CTCAE v5.0 platelet-count-decreased grade 4 (Platelet count 18 10*9/L)",
    },
  ],
  onset: { date: "2025-03-02T08:00:00Z", drug: "nivolumab", daysFromFirstDose: 55, daysFromLastDose: 13 },
  criteria: [
    {
      id: "itp",
      label: "Immune thrombocytopenia found (ITP criteria)",
      status: "met",
      evidence: [],
      detail: "itp found (definite)",
    },
  ],
  scores: [{ id: "4ts", value: 1, interpretation: "Low pretest probability of HIT (4Ts 0-3)" }],
  differentials: [
    {
      id: "inr",
      label: "Anticoagulant effect",
      status: "unmet",
      evidence: [],
      detail: "inr 1.1 {INR} on 2025-03-02; no inr result in {INR} in the window",
      effect: "lower",
    },
  ],
  workup: [],
  management: [],
  summary: "Definite Evans syndrome, grade 4: onset day 55 after nivolumab.",
};

export const AHA: Finding = {
  disorder: "aha",
  certainty: "probable",
  criteria: [
    {
      id: "fviii-inhibitor",
      label: "FVIII inhibitor detected (Bethesda ≥ 0.6 [beth'U]/mL)",
      status: "met",
      evidence: ["Observation/bu"],
      detail: "fviii-inhibitor 12 [beth'U]/mL on 2025-03-05 (day 58)",
    },
  ],
  scores: [],
  differentials: [],
  workup: [],
  management: [
    {
      id: "aha.avoid.im-injections",
      kind: "avoid",
      action: "Avoid intramuscular injections while the aptt is prolonged",
      sourceIds: ["asco-irae"],
      caveat: "Bypassing agents follow the fviii-inhibitor titre (> 5 [beth'U]/mL).",
    },
  ],
  summary: "",
};

export const P3: PatientReport = {
  patientId: "p3",
  exposures: [
    {
      drug: "nivolumab",
      class: "ici",
      first: "2025-01-06T10:00:00Z",
      last: "2025-02-17T10:00:00Z",
      doses: 4,
    },
  ],
  grades: [
    {
      term: "inr-increased",
      grade: 1,
      worstAt: "2025-03-02T08:00:00Z",
      value: 1.3,
      unit: "{INR}",
      evidence: ["Observation/inr"],
      basis: "> ULN (1.1 {INR})",
      sourceIds: ["ctcae-v5"],
    },
  ],
  scores: [
    {
      id: "t-icaht",
      value: 1,
      at: "2025-03-02T08:00:00Z",
      components: { "early-grade": "1-3", "early-days-plt-lt-50": 1 },
      missing: ["early-window-days"],
      interpretation: "Incomplete: grade 1 on the available counts, up to 3 (early grade 1-3).",
      category: "incomplete",
      evidence: [],
      sourceIds: ["isth-dic"],
    },
  ],
  findings: [EVANS, AHA],
  unexplained: [],
  rejected: [],
  notUsed: {},
  ignored: {},
  conflicts: [],
  counts: { read: 20, used: 20, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
};

/** Settings from a site file: its own ULN multiples and cut-offs for one D-dimer assay. */
export const SAMPLE_SETTINGS: SettingsInForce = {
  source: "site/hemosentinel.yaml",
  values: {
    version: 1,
    scores: {
      "isth-overt-dic": {
        fibrinMarker: {
          uln: { moderateAbove: 1, strongAbove: 10, source: "Haemostasis committee 2026" },
          assays: [
            {
              lab: "d-dimer-feu",
              loinc: "48065-7",
              unit: "ug/mL",
              moderateAbove: 0.5,
              strongAbove: 5,
              source: "Lab SOP H-12",
            },
          ],
        },
      },
    },
  },
};

export const SAMPLE_REPORT: AssessmentReport = {
  engine: {
    name: "hemosentinel",
    version: "0.1.0",
    knowledgeVersion: "2026.11.0",
    knowledgeHash: "0123456789abcdef",
  },
  evaluatedAt: "2024-03-01T00:00:00Z",
  settings: SAMPLE_SETTINGS,
  patients: [P1, P2, P3],
  inputErrors: [
    { source: "broken.json", code: "malformed-json", detail: "malformed JSON at line 3, column 7" },
  ],
};

const NAMES = {
  disorders: new Map([
    ["itp", "Immune thrombocytopenia (ITP)"],
    ["evans", "Evans syndrome (ITP with autoimmune hemolytic anemia)"],
    ["ttp", "Thrombotic thrombocytopenic purpura (TTP)"],
    ["aha", "Acquired hemophilia A (AHA)"],
  ]),
  terms: new Map([
    ["platelet-count-decreased", "Platelet count decreased"],
    ["neutrophil-count-decreased", "Neutrophil count decreased"],
    ["inr-increased", "INR increased"],
  ]),
  scores: new Map([
    ["isth-overt-dic", "ISTH overt DIC score"],
    ["4ts", "4Ts score"],
    ["t-icaht", "T-ICAHT grade (thrombocytopenia after CAR-T)"],
  ]),
  components: new Map([
    [
      "isth-overt-dic",
      new Map([
        ["platelets", "Platelet count"],
        ["fibrinogen", "Fibrinogen"],
        ["fibrin-marker", "Fibrin-related marker (D-dimer or FDP)"],
      ]),
    ],
  ]),
  labs: new Map([
    ["adamts13-activity", "ADAMTS13 activity"],
    ["d-dimer-feu", "D-dimer (fibrinogen-equivalent units)"],
    ["fviii-inhibitor", "Factor VIII inhibitor (Bethesda titre)"],
  ]),
};

/** Names for the sample, as `renderContextOf` gives them from the knowledge base (DIC deliberately unnamed). */
export const SAMPLE_CONTEXT: RenderContext = {
  reference: (id) => SAMPLE_REFERENCES.get(id),
  disorderName: (id) => NAMES.disorders.get(id),
  ctcaeTermName: (term) => NAMES.terms.get(term),
  scoreName: (id) => NAMES.scores.get(id),
  scoreComponentName: (component, score) => {
    const scores = score === undefined ? [...NAMES.components.values()] : [NAMES.components.get(score)];
    for (const own of scores) {
      const label = own?.get(component);
      if (label !== undefined) return label;
    }
    return undefined;
  },
  labName: (id) => NAMES.labs.get(id),
};

/** The sample as a report made before reports carried their settings: renderers must not need them. */
export const SAMPLE_REPORT_WITHOUT_SETTINGS = (({ settings: _settings, ...rest }) => rest)(
  SAMPLE_REPORT,
) as unknown as AssessmentReport;

/**
 * P1 with its ITP made definite and its met competing explanation (sepsis) held there by a certainty floor,
 * as ADAMTS13 < 10 % holds a TTP: the report must say it was weighed, not that it lowered the certainty.
 */
export const P1_HELD: PatientReport = {
  ...P1,
  findings: [
    {
      ...ITP,
      certainty: "definite",
      differentials: ITP.differentials.map((d) =>
        d.status === "met"
          ? { ...d, held: { at: "definite", by: "the decisive rule ADAMTS13 activity < 10 %" } }
          : d,
      ),
    },
    DIC,
  ],
};

/** P1 with a charted thrombosis after pembrolizumab, whose certainty grades only its link to the drug. */
export const P1_CHARTED_CLOT: PatientReport = {
  ...P1,
  findings: [{ ...ITP, disorder: "thrombosis", certainty: "possible", certaintyOf: "attribution", grade: 3 }],
};

/**
 * {@link P1} with an INR on warfarin that has no INR before the course: not graded, listed under `ungraded` with
 * why and what the absolute cut-off would grade.
 */
export const P1_UNGRADED_INR: PatientReport = {
  ...P1,
  ungraded: [
    {
      term: "inr-increased",
      at: "2024-02-20T08:00:00Z",
      value: 2.8,
      unit: "{INR}",
      reason: "not gradable: on anticoagulation without a baseline (grade 3 by > 2.5 without the drug)",
      evidence: ["Observation/inr-2", "MedicationStatement/warfarin"],
      sourceIds: ["ctcae-v5"],
    },
  ],
};

/**
 * A patient on pembrolizumab with no finding and no unexplained abnormality, a spinal anaesthetic planned a day after
 * apixaban: the report's procedure plan is its only plan.
 */
export const P_PROCEDURE: PatientReport = {
  patientId: "p-procedure",
  exposures: P1.exposures,
  grades: [],
  scores: [],
  findings: [],
  unexplained: [],
  procedures: {
    management: [
      {
        id: "procedure-doac-before-planned-neuraxial-puncture",
        kind: "supportive",
        action:
          "Lumbar puncture, epidural or spinal block planned with a direct oral anticoagulant taken in the last days: wait at least 72 hours from the last dose. In this patient's record: apixaban.",
        sourceIds: ["asra-2018"],
        caveat: "Read in secondary summaries.",
      },
    ],
    planned: [
      {
        ref: "ServiceRequest/sr1",
        name: "Spinal anaesthesia",
        on: "2026-03-17",
        inDays: 5,
        when: "upcoming",
        concerns: ["apixaban within the interval asked before it"],
      },
    ],
  },
  rejected: [],
  notUsed: {},
  ignored: {},
  conflicts: [],
  counts: { read: 4, used: 4, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
};
