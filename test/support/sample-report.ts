/**
 * A hand-built assessment report for renderer tests: one patient with two findings (ITP after
 * pembrolizumab, DIC), one hostile patient id without findings but with rejected records, one input error.
 * The clinical content is illustrative only; the renderers must not care what it says.
 */
import type { AssessmentReport, Finding, PatientReport } from "../../src/core/report.js";
import type { Reference } from "../../src/knowledge/references.js";
import type { SettingsInForce } from "../../src/settings/schema.js";

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
  gradeBasis: "CTCAE platelet count decreased: < 25 ×10⁹/L",
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
      missing: ["fibrinogen", "d-dimer"],
      interpretation: "not suggestive of overt DIC",
      category: "incomplete",
      evidence: ["Observation/plt-42"],
      sourceIds: ["isth-dic"],
    },
  ],
  findings: [ITP, DIC],
  unexplained: [],
  rejected: [],
  notUsed: { Condition: { "http://snomed.info/sct": 4 } },
  ignored: { Claim: 12, Encounter: 30 },
  conflicts: [
    {
      kind: "same-instant-values",
      refs: ["Observation/a", "Observation/b"],
      detail: "two platelet counts at the same instant: 8 and 180",
    },
  ],
  counts: { read: 70, used: 24, merged: 0, rejected: 0, notUsed: 4, ignored: 42 },
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
  engine: { name: "hemosentinel", version: "0.1.0", knowledgeVersion: "2026.11.0" },
  evaluatedAt: "2024-03-01T00:00:00Z",
  settings: SAMPLE_SETTINGS,
  patients: [P1, P2],
  inputErrors: [
    { source: "broken.json", code: "malformed-json", detail: "malformed JSON at line 3, column 7" },
  ],
};

export const SAMPLE_CONTEXT = {
  reference: (id: string) => SAMPLE_REFERENCES.get(id),
  disorderName: (id: string) => (id === "itp" ? "Immune thrombocytopenia (ITP)" : undefined),
};
