/**
 * A drug the record charts an allergy to, through both input formats (CSV event rows and FHIR
 * AllergyIntolerance) and the engine the CLI drives. Each label lists hypersensitivity to its drug among the
 * contraindications (rituximab EU SmPC 4.3, the enoxaparin label, caplacizumab SmPC 4.3, the IVIG labels,
 * tocilizumab's label): no plan of the patient may offer it. Before, a charted rituximab anaphylaxis left
 * rituximab in the ITP plan and a charted urticaria to enoxaparin left LMWH in the thrombosis plan. A line
 * that offers the drug beside other treatment gives way to its variant without it, and an avoid line names the
 * allergy; a mild rituximab infusion reaction does not bar it (premedication), and a heparin allergy whose
 * reaction was a thrombocytopenia stays a history of HIT. The invariants of knowledge/safety.yaml hold on every plan.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans, type Violation } from "../../packages/core/src/engine/manage/invariants.js";
import { pembrolizumabDose } from "../support/fhir-entries.js";
import { testKnowledge } from "../support/knowledge.js";
import { offering as offeringIn } from "../support/plans.js";

const k = testKnowledge();
const AT = "2026-03-12T12:00:00Z";
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";
const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The one patient of a document, read by the engine the CLI drives and assessed, with its plans' invariant breaks. */
function assessOne(
  document: { kind: "csv"; text: string } | { kind: "fhir"; value: unknown },
): PatientReport {
  const engine = createEngine(k, { evaluatedAt: AT, version: "0.0.0-test" });
  const [record] = engine.read(document, document.kind === "csv" ? "allergy.csv" : "allergy.json").patients;
  if (!record) throw new Error("no patient");
  const { report, planned } = assessPatientTraced(record, AT, k);
  broken.set(
    report,
    checkPlans(planned, k.safety, k.management).flatMap((c) => c.violations),
  );
  return report;
}

const broken = new WeakMap<PatientReport, readonly Violation[]>();

/** The safety.yaml invariants the patient's plans break (knowledge/safety.yaml). */
const violations = (p: PatientReport) =>
  (broken.get(p) ?? []).map((v) => `${v.invariant}: ${v.item ?? v.detail}`);

/** The plan items that offer a drug of knowledge tag `tag` (test/support/plans.ts). */
const offering = (p: PatientReport, tag: string) => offeringIn(k, p, tag);

const ids = (p: PatientReport) => p.findings.flatMap((f) => f.management.map((m) => m.id));

// Patients of 2026: pembrolizumab from 5 January, lung cancer charted.
const BASE = [
  "p1,dose,2026-01-05,,text,,pembrolizumab,,,,,,administration,,,",
  "p1,dose,2026-01-26,,text,,pembrolizumab,,,,,,administration,,,",
  "p1,event,2025-11-01,,text,,Metastatic adenocarcinoma of the lung,,,,,,,,,",
  "p1,lab,2025-12-29,,loinc,777-3,Platelets,240,10*9/L,150,400,,,,,",
];

/** An ITP on pembrolizumab (platelets 12 on 10 March), with the entries charted in 2020. */
function csvItp(allergy?: string): PatientReport {
  const rows = [
    HEADER,
    ...BASE,
    "p1,lab,2026-03-10,,loinc,777-3,Platelets,12,10*9/L,150,400,,,,,",
    ...(allergy === undefined ? [] : [`p1,event,2020-06-01,,text,,${quote(allergy)},,,,,,,,,`]),
  ];
  return assessOne({ kind: "csv", text: `${rows.join("\n")}\n` });
}

/** A DVT on pembrolizumab (platelets 210 on 10 March), with the entries charted in 2020. */
function csvDvt(allergy?: string): PatientReport {
  const rows = [
    HEADER,
    ...BASE,
    "p1,lab,2026-03-10,,loinc,777-3,Platelets,210,10*9/L,150,400,,,,,",
    "p1,event,2026-03-10,,text,,Deep vein thrombosis of the left femoral vein,,,,,2,,,,",
    ...(allergy === undefined ? [] : [`p1,event,2020-06-01,,text,,${quote(allergy)},,,,,,,,,`]),
  ];
  return assessOne({ kind: "csv", text: `${rows.join("\n")}\n` });
}

/** A FHIR platelet count of patient p1 (10⁹/L) on a date. */
const platelets = (id: string, on: string, value: number) => ({
  resource: {
    resourceType: "Observation",
    id,
    status: "final",
    code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
    subject: { reference: "Patient/p1" },
    effectiveDateTime: on,
    valueQuantity: { value, unit: "10*9/L" },
  },
});

/** The ITP patient as a FHIR bundle, with an AllergyIntolerance when given. */
function fhirItp(allergy?: Record<string, unknown>): PatientReport {
  return assessOne({ kind: "fhir", value: fhirItpBundle(allergy) });
}

/** The bundle of `fhirItp`. */
function fhirItpBundle(allergy?: Record<string, unknown>): {
  resourceType: string;
  type: string;
  entry: unknown[];
} {
  const subject = { reference: "Patient/p1" };
  const entry = [
    { resource: { resourceType: "Patient", id: "p1" } },
    pembrolizumabDose("d1", "2026-01-05"),
    pembrolizumabDose("d2", "2026-01-26"),
    platelets("o1", "2025-12-29", 240),
    platelets("o2", "2026-03-10", 12),
    ...(allergy === undefined
      ? []
      : [
          {
            resource: {
              resourceType: "AllergyIntolerance",
              id: "a1",
              patient: subject,
              recordedDate: "2020-06-01",
              ...allergy,
            },
          },
        ]),
  ];
  return { resourceType: "Bundle", type: "collection", entry };
}

const verification = (code: string) => ({
  verificationStatus: {
    coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", code }],
  },
});

describe("a charted drug allergy bars the drug from every plan (CSV)", () => {
  it("no rituximab after a charted rituximab anaphylaxis; the second line in its own words, the avoid line beside it", () => {
    const p = csvItp("Rituximab anaphylaxis");
    expect(offering(p, "rituximab")).toEqual([]);
    expect(ids(p)).toContain("itp-second-line-without-rituximab");
    expect(ids(p)).toContain("itp-avoid-rituximab-hypersensitivity");
    const line = p.findings
      .flatMap((f) => f.management)
      .find((m) => m.id === "itp-second-line-without-rituximab");
    expect(line?.action).toMatch(/not rituximab/);
    expect(line?.action).toMatch(/thrombopoietin-receptor agonist/);
    expect(violations(p)).toEqual([]);
  });

  it("the same ITP without the allergy, or after a mild infusion reaction, is offered rituximab", () => {
    expect(offering(csvItp(), "rituximab")).toContain("itp-second-line");
    const mild = csvItp("rituximab infusion reaction (chills)");
    expect(offering(mild, "rituximab")).toContain("itp-second-line");
    expect(ids(mild)).toContain("itp-rituximab-prior-reaction-premedication");
    expect(ids(mild)).not.toContain("itp-avoid-rituximab-hypersensitivity");
  });

  it("no IVIG after a charted anaphylaxis to immune globulin; offered without it", () => {
    const p = csvItp("Anaphylactic reaction to IVIG");
    expect(offering(p, "ivig")).toEqual([]);
    expect(ids(p)).toContain("itp-avoid-ivig-hypersensitivity");
    expect(violations(p)).toEqual([]);
    expect(offering(csvItp(), "ivig")).toContain("itp-ivig");
  });

  it("no heparin after a charted urticaria to enoxaparin; a non-heparin anticoagulant instead", () => {
    const p = csvDvt("Allergy to enoxaparin: urticaria");
    expect(offering(p, "heparin")).toEqual([]);
    expect(ids(p)).toContain("thr-anticoagulation-heparin-hypersensitivity");
    expect(ids(p)).toContain("thr-avoid-heparin-hypersensitivity");
    expect(violations(p)).toEqual([]);
    expect(offering(csvDvt(), "heparin")).toContain("thr-anticoagulation-full-dose");
  });

  it("a heparin allergy whose reaction was a thrombocytopenia stays a history of HIT", () => {
    const p = csvDvt("Heparin allergy: thrombocytopenia");
    expect(offering(p, "heparin")).toEqual([]);
    expect(ids(p)).toContain("thr-hit-history-non-heparin");
    expect(ids(p)).not.toContain("thr-avoid-heparin-hypersensitivity");
  });
});

describe("a charted drug allergy bars the drug from every plan (FHIR AllergyIntolerance)", () => {
  const rituximab = { code: { text: "Rituximab" } };

  it("no rituximab after an allergy of high criticality or an anaphylaxis", () => {
    for (const fields of [
      { ...rituximab, criticality: "high" },
      { ...rituximab, reaction: [{ manifestation: [{ text: "anaphylaxis" }] }] },
    ]) {
      const p = fhirItp(fields);
      expect(offering(p, "rituximab")).toEqual([]);
      expect(ids(p)).toContain("itp-avoid-rituximab-hypersensitivity");
      expect(violations(p)).toEqual([]);
    }
  });

  it("offers rituximab without the allergy, after a refuted one, or a mild reaction (with premedication)", () => {
    expect(offering(fhirItp(), "rituximab")).toContain("itp-second-line");
    const refuted = fhirItp({ ...rituximab, criticality: "high", ...verification("refuted") });
    expect(offering(refuted, "rituximab")).toContain("itp-second-line");
    expect(refuted.rejected.map((r) => r.code)).toEqual(["refuted"]);
    const mild = fhirItp({
      ...rituximab,
      criticality: "low",
      reaction: [{ severity: "mild", manifestation: [{ text: "chills" }] }],
    });
    expect(offering(mild, "rituximab")).toContain("itp-second-line");
    expect(ids(mild)).toContain("itp-rituximab-prior-reaction-premedication");
  });
});

/** The ITP patient of `csvItp` whose allergy row carries `qualifiers` (a status: resolved, inactive). */
function csvItpWithStatus(allergy: string, qualifiers: string): PatientReport {
  const rows = [
    HEADER,
    ...BASE,
    "p1,lab,2026-03-10,,loinc,777-3,Platelets,12,10*9/L,150,400,,,,,",
    `p1,event,2020-06-01,,text,,${quote(allergy)},,,,,,,${quote(qualifiers)},,`,
  ];
  return assessOne({ kind: "csv", text: `${rows.join("\n")}\n` });
}

const clinical = (code: string) => ({
  clinicalStatus: {
    coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code }],
  },
});

// FHIR's resolved (reassessed by testing or re-exposure, no longer present) is a delabelled allergy: no bar, a line
// that says so. Inactive without that reassessment keeps the bar, with a line that says why.
describe("a drug allergy's clinical status (FHIR clinicalStatus, CSV status qualifier)", () => {
  const anaphylaxis = { code: { text: "Rituximab" }, criticality: "high" };

  it("FHIR: a rituximab anaphylaxis charted resolved bars nothing and says so; active or inactive bars rituximab", () => {
    const resolved = fhirItp({ ...anaphylaxis, ...clinical("resolved") });
    expect(offering(resolved, "rituximab")).toContain("itp-second-line");
    expect(ids(resolved)).toContain("itp-drug-allergy-resolved");
    expect(ids(resolved)).not.toContain("itp-avoid-rituximab-hypersensitivity");
    expect(violations(resolved)).toEqual([]);
    for (const status of ["active", "inactive"]) {
      const p = fhirItp({ ...anaphylaxis, ...clinical(status) });
      expect(offering(p, "rituximab")).toEqual([]);
      expect(ids(p)).toContain("itp-avoid-rituximab-hypersensitivity");
      expect(ids(p)).not.toContain("itp-drug-allergy-resolved");
      expect(ids(p).includes("itp-drug-allergy-inactive")).toBe(status === "inactive");
      expect(violations(p)).toEqual([]);
    }
  });

  it("FHIR: a resolved allergy beside one still standing to the same drug keeps the bar", () => {
    const subjectAllergy = (id: string, status: string) => ({
      resource: {
        resourceType: "AllergyIntolerance",
        id,
        patient: { reference: "Patient/p1" },
        recordedDate: "2020-06-01",
        ...anaphylaxis,
        ...clinical(status),
      },
    });
    const base = fhirItpBundle();
    const p = assessOne({
      kind: "fhir",
      value: {
        ...base,
        entry: [...base.entry, subjectAllergy("a1", "resolved"), subjectAllergy("a2", "active")],
      },
    });
    expect(offering(p, "rituximab")).toEqual([]);
    expect(ids(p)).not.toContain("itp-drug-allergy-resolved");
  });

  it("CSV: the status qualifier reads the same way, except that a severe reaction charted resolved keeps its bar", () => {
    const resolved = csvItpWithStatus("Rituximab infusion reaction: chills", "resolved");
    expect(offering(resolved, "rituximab")).toContain("itp-second-line");
    expect(ids(resolved)).toContain("itp-drug-allergy-resolved");
    expect(violations(resolved)).toEqual([]);
    // In a CSV row `resolved` also closes an episode: after an anaphylaxis it may only say the reaction is over.
    const severe = csvItpWithStatus("Rituximab anaphylaxis", "resolved");
    expect(offering(severe, "rituximab")).toEqual([]);
    expect(ids(severe)).toContain("itp-avoid-rituximab-hypersensitivity");
    expect(ids(severe)).toContain("itp-drug-allergy-inactive");
    expect(ids(severe)).not.toContain("itp-drug-allergy-resolved");
    expect(violations(severe)).toEqual([]);
    const inactive = csvItpWithStatus("Rituximab anaphylaxis", "inactive");
    expect(offering(inactive, "rituximab")).toEqual([]);
    expect(ids(inactive)).toContain("itp-drug-allergy-inactive");
    expect(violations(inactive)).toEqual([]);
    const active = csvItpWithStatus("Rituximab anaphylaxis", "active");
    expect(offering(active, "rituximab")).toEqual([]);
    expect(ids(active)).not.toContain("itp-drug-allergy-inactive");
  });
});

/** The DVT patient of `csvDvt` with an enoxaparin urticaria on record and these extra CSV rows. */
function csvDvtAllergic(extra: readonly string[], patient?: string): PatientReport {
  const rows = [
    HEADER,
    ...(patient === undefined ? [] : [patient]),
    ...BASE,
    "p1,lab,2026-03-10,,loinc,777-3,Platelets,210,10*9/L,150,400,,,,,",
    "p1,event,2026-03-10,,text,,Deep vein thrombosis of the left femoral vein,,,,,2,,,,",
    `p1,event,2020-06-01,,text,,${quote("Allergy to enoxaparin: urticaria")},,,,,,,,,`,
    ...extra,
  ];
  return assessOne({ kind: "csv", text: `${rows.join("\n")}\n` });
}

// The non-heparin alternative lines name only agents their tags carry (a DOAC, fondaparinux), so the safety
// invariants check them: no DOAC below the renal bar, in pregnancy, with a strong inhibitor, with liver disease or
// antiphospholipid antibodies, no apixaban or edoxaban in a child; no fondaparinux below the renal bar.
describe("the heparin-allergy alternative lines are tagged, and the invariants hold on them", () => {
  const scenarios: [string, readonly string[], string | undefined, string, readonly string[]][] = [
    [
      "no restriction",
      [],
      undefined,
      "thr-anticoagulation-heparin-hypersensitivity",
      ["doac", "fondaparinux"],
    ],
    [
      "a pregnancy",
      ["p1,event,2026-02-01,,icd10,Z33.1,Pregnant state,,,,,,,,,"],
      "p1,patient,,,,,,,,,,,,,1993-01-01,female",
      "thr-anticoagulation-heparin-hypersensitivity-fondaparinux",
      ["fondaparinux"],
    ],
    [
      "posaconazole (a strong CYP3A4 and P-gp inhibitor)",
      ["p1,dose,2026-03-01,2026-04-30,text,,posaconazole 300 mg daily,,,,,,administration,,,"],
      undefined,
      "thr-anticoagulation-heparin-hypersensitivity-fondaparinux",
      ["fondaparinux"],
    ],
    [
      "haemodialysis",
      ["p1,event,2024-01-01,,text,,End-stage renal disease on hemodialysis,,,,,,,,,"],
      undefined,
      "thr-anticoagulation-heparin-hypersensitivity-renal",
      [],
    ],
    [
      "a 12-year-old",
      [],
      "p1,patient,,,,,,,,,,,,,2014-01-01,female",
      "thr-anticoagulation-heparin-hypersensitivity-child",
      ["fondaparinux"],
    ],
    [
      "a gastric cancer",
      ["p1,event,2025-10-01,,text,,Gastric adenocarcinoma,,,,,,,,,"],
      undefined,
      "thr-anticoagulation-heparin-hypersensitivity-luminal",
      ["doac", "fondaparinux"],
    ],
  ];
  for (const [what, extra, patient, line, offered] of scenarios)
    it(`with ${what}: ${line}, no invariant broken`, () => {
      const p = csvDvtAllergic(extra, patient);
      expect(offering(p, "heparin")).toEqual([]);
      expect(offering(p, "non-heparin-anticoagulant")).toContain(line);
      for (const tag of ["doac", "fondaparinux"])
        expect(offering(p, tag).includes(line), `${line} ${tag}`).toBe(offered.includes(tag));
      expect(violations(p)).toEqual([]);
    });

  it("FHIR: an enoxaparin allergy with CKD stage 5 charted - argatroban, neither a DOAC nor fondaparinux", () => {
    const subject = { reference: "Patient/p1" };
    const entry = [
      { resource: { resourceType: "Patient", id: "p1", birthDate: "1960-01-01", gender: "male" } },
      pembrolizumabDose("d1", "2026-01-05"),
      pembrolizumabDose("d2", "2026-01-26"),
      platelets("o1", "2025-12-29", 210),
      platelets("o2", "2026-03-10", 210),
      ...[
        ["c1", "2026-03-10", "Deep vein thrombosis of the left femoral vein"],
        ["c2", "2024-01-01", "Chronic kidney disease stage 5"],
      ].map(([id, on, text]) => ({
        resource: { resourceType: "Condition", id, subject, onsetDateTime: on, code: { text } },
      })),
      {
        resource: {
          resourceType: "AllergyIntolerance",
          id: "a1",
          patient: subject,
          recordedDate: "2020-06-01",
          code: { text: "Enoxaparin" },
          reaction: [{ manifestation: [{ text: "urticaria" }] }],
        },
      },
    ];
    const p = assessOne({ kind: "fhir", value: { resourceType: "Bundle", type: "collection", entry } });
    expect(ids(p)).toContain("thr-anticoagulation-heparin-hypersensitivity-renal");
    expect(offering(p, "doac")).toEqual([]);
    expect(offering(p, "fondaparinux")).toEqual([]);
    expect(offering(p, "heparin")).toEqual([]);
    expect(violations(p)).toEqual([]);
  });
});

// A heparin allergy beside a reason that bars a DOAC (cirrhosis, raised liver tests, a strong CYP3A4 and P-gp
// inhibitor or inducer, a pregnancy, breastfeeding, a child), a clearance that cannot be computed, or an older adult
// above 120 kg: the avoid and monitoring lines that name the heparin to use instead name the non-heparin agent for a
// heparin allergy as they do after HIT. Before, a DVT with an enoxaparin urticaria and a Child-Pugh C cirrhosis read
// "Anticoagulate with LMWH (fondaparinux, or argatroban …, after HIT)" beside "give no heparin in any form".
describe("with a heparin allergy no line says to anticoagulate with a heparin without naming the allergy", () => {
  const scenarios: [string, readonly string[], string | undefined][] = [
    [
      "a cirrhosis, Child-Pugh C",
      ["p1,event,2024-01-01,,text,,Liver cirrhosis Child-Pugh C,,,,,,,,,"],
      undefined,
    ],
    ["ALT 300 U/L", ["p1,lab,2026-03-10,,lab,alt,,300,U/L,,,,,,,"], undefined],
    [
      "posaconazole",
      ["p1,dose,2026-03-01,2026-04-30,text,,posaconazole 300 mg daily,,,,,,administration,,,"],
      undefined,
    ],
    [
      "rifampicin",
      ["p1,dose,2026-03-01,2026-04-30,text,,rifampicin 600 mg daily,,,,,,administration,,,"],
      undefined,
    ],
    [
      "a pregnancy",
      ["p1,event,2026-02-01,,icd10,Z33.1,Pregnant state,,,,,,,,,"],
      "p1,patient,,,,,,,,,,,,,1993-01-01,female",
    ],
    [
      "a 12-year-old with a creatinine",
      ["p1,lab,2026-03-10,,lab,creatinine,,0.5,mg/dL,,,,,,,"],
      "p1,patient,,,,,,,,,,,,,2014-01-01,female",
    ],
    // The child's bedside Schwartz eGFR (0.413 × 150 / 2.5 = 24.8): the child's renal and DOAC lines name no heparin
    // to a child allergic to it.
    [
      "a 12-year-old with an eGFR of 24.8 (height 150 cm)",
      [
        "p1,lab,2026-03-10,,lab,creatinine,,2.5,mg/dL,,,,,,,",
        "p1,lab,2026-03-10,,lab,body-height,,150,cm,,,,,,,",
      ],
      "p1,patient,,,,,,,,,,,,,2014-01-01,female",
    ],
    ["a creatinine and no weight", ["p1,lab,2026-03-10,,lab,creatinine,,0.9,mg/dL,,,,,,,"], undefined],
    [
      "a 76-year-old of 135 kg",
      ["p1,lab,2026-03-10,,lab,body-weight,,135,kg,,,,,,,"],
      "p1,patient,,,,,,,,,,,,,1950-01-01,male",
    ],
  ];
  const heparinToGive = /\bLMWH\b|unfractionated heparin/;
  for (const [what, extra, patient] of scenarios)
    it(`with ${what}`, () => {
      const p = csvDvtAllergic(extra, patient);
      const lines = p.findings.flatMap((f) => f.management);
      const unnamed = lines.filter((m) => heparinToGive.test(m.action) && !/allerg/i.test(m.action));
      expect(unnamed.map((m) => m.id)).toEqual([]);
      expect(offering(p, "heparin")).toEqual([]);
      expect(violations(p)).toEqual([]);
    });

  it("the cirrhosis keeps its DOAC bar, and fondaparinux is offered", () => {
    const p = csvDvtAllergic(["p1,event,2024-01-01,,text,,Liver cirrhosis Child-Pugh C,,,,,,,,,"]);
    expect(ids(p)).toContain("thr-avoid-doac-hepatic");
    expect(offering(p, "doac")).toEqual([]);
    expect(offering(p, "fondaparinux")).toContain(
      "thr-anticoagulation-heparin-hypersensitivity-fondaparinux",
    );
  });
});
