/**
 * Severity written in words, through both input formats (CSV rows and FHIR Conditions) and the engine the CLI
 * drives. A pulmonary embolism charted without a grade but with haemodynamic instability ("massive PE with
 * cardiogenic shock") is a high-risk PE (ESC 2019, konstantinides-esc-pe-2019): grade 4 and the same emergency
 * and intravenous-UFH items as a PE charted at grade 4; a PE whose shock is denied, excluded or explained by
 * sepsis, or a past massive PE, is not. A seizure, stroke or coma charted with a TTP grades it 4 and a
 * confusion 3 (CTCAE v5.0 TTP, ctcae-v5-jcog; partly HemoSentinel's reading, disorders/ttp.yaml).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { findingOf, planIds } from "../support/assess.js";
import { pembrolizumabBundle, plateletCount } from "../support/fhir-entries.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const AT = "2026-03-12T12:00:00Z";
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";
const HIGH_RISK = ["thr-high-risk-pe-emergency", "thr-high-risk-pe-ufh"];

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The one patient of a document, assessed by the engine the CLI drives. */
function assessOne(
  document: { kind: "csv"; text: string } | { kind: "fhir"; value: unknown },
): PatientReport {
  const engine = createEngine(k, { evaluatedAt: AT, version: "0.0.0-test" });
  engine.add(document, document.kind === "csv" ? "words.csv" : "words.json");
  const [patient] = engine.report().patients;
  if (!patient) throw new Error("no patient");
  return patient;
}

/** A pembrolizumab patient with lung cancer and normal platelets, and the charted entries of 2026-03-10. */
function csvPatient(entries: readonly { readonly text: string; readonly grade?: number }[]): PatientReport {
  const rows = [
    HEADER,
    "p1,dose,2026-01-05,,text,,pembrolizumab,,,,,,administration,,,",
    "p1,dose,2026-01-26,,text,,pembrolizumab,,,,,,administration,,,",
    "p1,event,2025-11-01,,text,,Metastatic adenocarcinoma of the lung,,,,,,,,,",
    "p1,lab,2026-03-10,,loinc,777-3,Platelets,210,10*9/L,150,400,,,,,",
    ...entries.map((e) => `p1,event,2026-03-10,,text,,${quote(e.text)},,,,,${e.grade ?? ""},,,,`),
  ];
  return assessOne({ kind: "csv", text: `${rows.join("\n")}\n` });
}

/** The same patient as a FHIR bundle whose PE Condition is coded I26.99 with the given words. */
function fhirPatient(conditionText: string): PatientReport {
  const subject = { reference: "Patient/p1" };
  const bundle = pembrolizumabBundle(
    {
      resource: {
        resourceType: "Condition",
        id: "cancer",
        code: { text: "Metastatic adenocarcinoma of the lung" },
        subject,
        onsetDateTime: "2025-11-01",
      },
    },
    plateletCount("2026-03-10", {
      value: 210,
      unit: "10*9/L",
      system: "http://unitsofmeasure.org",
      code: "10*9/L",
    }),
    {
      resource: {
        resourceType: "Condition",
        id: "pe",
        code: {
          coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "I26.99" }],
          text: conditionText,
        },
        subject,
        onsetDateTime: "2026-03-10",
      },
    },
  );
  return assessOne({ kind: "fhir", value: bundle });
}

const thrombosis = (p: PatientReport) => findingOf(p, "thrombosis");

describe("a pulmonary embolism charted with haemodynamic instability, without a grade", () => {
  it.each([
    "Massive PE with cardiogenic shock",
    "PE, obstructive shock",
    "High-risk PE",
    "PE with hypotension requiring vasopressors",
    "Haemodynamically unstable PE",
    "PE with cardiac arrest",
  ])("CSV %j: grade 4 and the high-risk PE items, as a PE charted at grade 4", (text) => {
    const words = csvPatient([{ text }]);
    const graded = csvPatient([{ text: "Pulmonary embolism", grade: 4 }]);
    expect(thrombosis(words)?.grade).toBe(4);
    expect(planIds(thrombosis(words))).toEqual(expect.arrayContaining(HIGH_RISK));
    expect(planIds(thrombosis(words))).not.toContain("thr-anticoagulation-full-dose");
    expect(planIds(thrombosis(words))).toEqual(planIds(thrombosis(graded)));
    expect(words.grades.find((g) => g.term === "thromboembolic-event")?.grade).toBe(4);
  });

  it("FHIR: a Condition coded I26.99 whose text names cardiogenic shock is the same high-risk PE", () => {
    const p = fhirPatient("Massive PE with cardiogenic shock");
    expect(thrombosis(p)?.grade).toBe(4);
    expect(planIds(thrombosis(p))).toEqual(expect.arrayContaining(HIGH_RISK));
  });
});

describe("a pulmonary embolism whose instability is denied, explained or past", () => {
  it.each([
    [["PE, no shock"]],
    [["PE, shock excluded"]],
    [["Acute PE, haemodynamically stable"]],
    [["Pulmonary embolism", "Septic shock from pneumonia"]],
    [["PE; septic shock from pneumonia"]],
    [["Submassive PE with RV strain"]],
  ])("CSV %j: grade 3, the LMWH-or-DOAC protocol, no high-risk item", (texts) => {
    const p = csvPatient(texts.map((text) => ({ text })));
    expect(thrombosis(p)?.grade).toBe(3);
    expect(planIds(thrombosis(p))).toContain("thr-anticoagulation-full-dose");
    for (const id of HIGH_RISK) expect(planIds(thrombosis(p))).not.toContain(id);
  });

  it("CSV: a massive PE of 2019 named beside a new DVT gives the DVT's plan only", () => {
    const p = csvPatient([{ text: "Deep vein thrombosis; history of massive PE 2019" }]);
    for (const id of HIGH_RISK) expect(planIds(thrombosis(p))).not.toContain(id);
    expect(thrombosis(p)?.grade).not.toBe(4);
  });

  it("CSV: septic shock without any PE is no thrombosis at all", () => {
    expect(thrombosis(csvPatient([{ text: "Septic shock from pneumonia" }]))).toBeUndefined();
  });

  it("FHIR: a PE Condition whose text denies shock is no high-risk PE", () => {
    const p = fhirPatient("Acute PE, no shock, haemodynamically stable");
    expect(thrombosis(p)?.grade).toBe(3);
    for (const id of HIGH_RISK) expect(planIds(thrombosis(p))).not.toContain(id);
  });
});

/** A nivolumab patient with a definite TTP (platelets 60, Hb 10.5: no grade 3 from the counts), and the entries. */
function ttpPatient(entries: readonly string[]): PatientReport {
  const rows = [
    HEADER,
    "p1,dose,2026-01-05,,text,,nivolumab,,,,,,administration,,,",
    "p1,dose,2026-01-19,,text,,nivolumab,,,,,,administration,,,",
    "p1,lab,2026-03-10,,loinc,777-3,Platelets,60,10*9/L,150,400,,,,,",
    "p1,lab,2026-03-10,,loinc,718-7,Hemoglobin,10.5,g/dL,12,16,,,,,",
    "p1,lab,2026-03-10,,lab,schistocytes,,positive,,,,,,,,",
    "p1,lab,2026-03-10,,lab,adamts13-activity,,4,%,,,,,,,",
    ...entries.map((t) => `p1,event,2026-03-10,,text,,${quote(t)},,,,,,,,,`),
  ];
  return assessOne({ kind: "csv", text: `${rows.join("\n")}\n` });
}

describe("TTP with neurological involvement", () => {
  it.each([
    [["TTP with seizures"], 4],
    [["TTP", "Stroke"], 4],
    [["TTP", "Coma"], 4],
    [["TTP", "Left hemiparesis"], 4],
    [["TTP", "Confusion"], 3],
    [["TTP", "Altered mental status"], 3],
    [["TTP", "Encephalopathy"], 3],
    [["TTP"], 2],
    [["TTP, no confusion"], 2],
    [["TTP", "Hepatic encephalopathy"], 2],
    [["TTP", "History of seizures"], 2],
  ])("CSV %j: TTP grade %i", (entries, grade) => {
    expect(findingOf(ttpPatient(entries), "ttp")?.grade).toBe(grade);
  });

  it("a seizure stops the checkpoint inhibitor permanently (grade 4); confusion holds it (grade 3)", () => {
    expect(planIds(findingOf(ttpPatient(["TTP", "Seizure"]), "ttp"))).toContain("ttp-ici-g4-stop");
    const confused = planIds(findingOf(ttpPatient(["TTP", "Confusion"]), "ttp"));
    expect(confused).toContain("ttp-ici-g1-3-hold");
    expect(confused).not.toContain("ttp-ici-g4-stop");
  });

  it("the PLASMIC and French scores are the same with and without the neurological event", () => {
    const scores = (p: PatientReport) =>
      p.scores.filter((s) => s.id === "plasmic" || s.id === "french-tma").map((s) => [s.id, s.value]);
    expect(scores(ttpPatient(["TTP with seizures"]))).toEqual(scores(ttpPatient(["TTP"])));
  });

  it("FHIR: a seizure charted as its own Condition (SNOMED CT 91175000) beside the published TTP case grades it 4", () => {
    const file = join(import.meta.dirname, "..", "..", "examples", "ttp-nivolumab-anal-scc-gergi-2020.json");
    const bundle = JSON.parse(readFileSync(file, "utf8")) as {
      entry: { resource: Record<string, unknown> }[];
    };
    const ttp = (b: unknown) => findingOf(assessOne({ kind: "fhir", value: b }), "ttp")?.grade;
    expect(ttp(bundle)).toBe(2);
    const seizure = {
      resource: {
        resourceType: "Condition",
        id: "seizure",
        code: { coding: [{ system: "http://snomed.info/sct", code: "91175000", display: "Seizure" }] },
        subject: { reference: "Patient/ttp-nivolumab-anal-scc-gergi-2020" },
        onsetDateTime: "2019-08-27",
      },
    };
    expect(ttp({ ...bundle, entry: [...bundle.entry, seizure] })).toBe(4);
  });
});
