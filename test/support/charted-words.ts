/**
 * One patient charted in words — doses given, then problems written as their clinicians wrote them — as a FHIR
 * bundle (MedicationAdministration, Condition) or as CSV rows, assessed by the engine the CLI drives. For the
 * end-to-end tests of the reader: the same words through both adapters must give the same reading.
 */
import { expect } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import { withWholePlans } from "../../packages/core/src/engine/manage/shared-lines.js";
import { testKnowledge } from "./knowledge.js";

/** The evaluation time of every charted patient: two days after the 10 March 2026 the tests chart on. */
export const CHARTED_AT = "2026-03-12T12:00:00Z";

export interface Charted {
  /**
   * Doses given, as [drug in words, date, the dose given]; an empty date is a dose charted without one. The dose, when
   * given, is the FHIR administration's `dosage.dose` and the CSV row's value and unit.
   */
  readonly doses?: readonly (readonly [drug: string, on: string, dose?: { value: number; unit: string }])[];
  /** Problems charted, as [words, onset date]. */
  readonly problems: readonly (readonly [words: string, on: string])[];
  /** A platelet count on 10 March, ×10⁹/L. */
  readonly platelets?: number;
  /** More results on 10 March, as [LOINC code, value, UCUM unit]: a number, or a word ("negative") with no unit. */
  readonly labs?: readonly (readonly [loinc: string, value: number | string, unit?: string])[];
}

/** The chart's results on 10 March: the platelet count, then `labs`. */
const resultsOf = ({ platelets, labs = [] }: Charted) => [
  ...(platelets === undefined ? [] : [["777-3", platelets, "10*9/L"] as const]),
  ...labs,
];

const k = testKnowledge();
const subject = { reference: "Patient/p1" };
/** The header row of the CSV format (docs/csv-format.md), for tests that write their own rows under it. */
export const CSV_HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";

function assessOne(
  document: { kind: "csv"; text: string } | { kind: "fhir"; value: unknown },
): PatientReport {
  const engine = createEngine(k, { evaluatedAt: CHARTED_AT, version: "0.0.0-test" });
  engine.add(document, document.kind === "csv" ? "charted.csv" : "charted.json");
  const [patient] = engine.report().patients;
  if (!patient) throw new Error("no patient");
  return patient;
}

/** The chart as a FHIR collection bundle of `Patient/p1`. */
export function fhirCharted(c: Charted): PatientReport {
  const { doses = [], problems } = c;
  const entry = [
    { resource: { resourceType: "Patient", id: "p1" } },
    ...doses.map(([drug, on, dose], i) => ({
      resource: {
        resourceType: "MedicationAdministration",
        id: `d${i}`,
        status: "completed",
        medicationCodeableConcept: { text: drug },
        subject,
        ...(on !== "" && { effectiveDateTime: on }),
        ...(dose !== undefined && { dosage: { dose } }),
      },
    })),
    ...problems.map(([words, on], i) => ({
      resource: { resourceType: "Condition", id: `c${i}`, subject, code: { text: words }, onsetDateTime: on },
    })),
    ...resultsOf(c).map(([code, value, unit], i) => ({
      resource: {
        resourceType: "Observation",
        id: `lab${i}`,
        status: "final",
        subject,
        code: { coding: [{ system: "http://loinc.org", code }] },
        effectiveDateTime: "2026-03-10",
        ...(typeof value === "string"
          ? { valueString: value }
          : { valueQuantity: { value, unit, system: "http://unitsofmeasure.org", code: unit } }),
      },
    })),
  ];
  return assessOne({ kind: "fhir", value: { resourceType: "Bundle", type: "collection", entry } });
}

/** The chart as CSV dose and event rows of patient p1 (the words quoted as a CSV field). */
export function csvCharted(c: Charted): PatientReport {
  const { doses = [], problems } = c;
  const quoted = (words: string) => `"${words.replaceAll('"', '""')}"`;
  const rows = [
    CSV_HEADER,
    ...doses.map(
      ([drug, on, dose]) =>
        `p1,dose,${on},,text,,${quoted(drug)},${dose?.value ?? ""},${dose?.unit ?? ""},,,,administration,,,`,
    ),
    ...problems.map(([words, on]) => `p1,event,${on},,text,,${quoted(words)},,,,,,,,,`),
    ...resultsOf(c).map(
      ([code, value, unit]) => `p1,lab,2026-03-10,,loinc,${code},,${value},${unit ?? ""},,,,,,,`,
    ),
  ];
  return assessOne({ kind: "csv", text: `${rows.join("\n")}\n` });
}

/**
 * The one patient of `document`, assessed as of CHARTED_AT with no safety invariant of its plans broken (the check
 * fails the calling test).
 */
export function assessChecked(
  document: { kind: "csv"; text: string } | { kind: "fhir"; value: unknown },
): PatientReport {
  const engine = createEngine(k, { evaluatedAt: CHARTED_AT, version: "0.0.0-test" });
  const [record] = engine.read(document, document.kind === "csv" ? "checked.csv" : "checked.json").patients;
  if (!record) throw new Error("no patient");
  const { report, planned } = assessPatientTraced(record, CHARTED_AT, k);
  expect(checkPlans(planned, k.safety, k.management).flatMap((c) => c.violations)).toEqual([]);
  return report;
}

/** The lines of `p`'s thrombosis findings' plans, each with its words. */
export const thrombosisItems = (p: PatientReport) =>
  withWholePlans(p)
    .findings.filter((f) => f.disorder === "thrombosis")
    .flatMap((f) => f.management);

/** The ids of the lines of `p`'s thrombosis findings' plans. */
export const thrombosisPlan = (p: PatientReport): string[] => thrombosisItems(p).map((m) => m.id);

/**
 * A suspicion charted on 3 March after pembrolizumab (16 February), platelets 230, and the later `records` charted
 * apart from it as [words, date]; assessed at CHARTED_AT through FHIR and CSV.
 */
export function chartedAfterSuspicion(
  suspicion: string,
  ...records: (readonly [words: string, on: string])[]
): PatientReport[] {
  const c: Charted = {
    doses: [["pembrolizumab", "2026-02-16"]],
    problems: [[suspicion, "2026-03-03"], ...records],
    platelets: 230,
  };
  return [fhirCharted(c), csvCharted(c)];
}

const TREATED_DOSES = ["2026-01-05", "2026-01-26", "2026-02-16"];
const LUNG_CANCER = "Metastatic adenocarcinoma of the lung";

/**
 * `Patient/p1` given pembrolizumab three times (January to February 2026) for a lung cancer, as a FHIR bundle with
 * `resources` after them (each naming subject `Patient/p1`): the coded-diagnosis and marker tests' base chart.
 */
export function treatedFhir(...resources: unknown[]): PatientReport {
  const base = [
    { resourceType: "Patient", id: "p1" },
    ...TREATED_DOSES.map((on, i) => ({
      resourceType: "MedicationAdministration",
      id: `d${i}`,
      status: "completed",
      medicationCodeableConcept: { text: "pembrolizumab" },
      subject,
      effectiveDateTime: on,
    })),
    {
      resourceType: "Condition",
      id: "cancer",
      subject,
      code: { text: LUNG_CANCER },
      onsetDateTime: "2025-11-01",
    },
  ];
  const entry = [...base, ...resources].map((resource) => ({ resource }));
  return assessOne({ kind: "fhir", value: { resourceType: "Bundle", type: "collection", entry } });
}

/** The same chart as CSV rows, with `rows` after them. */
export function treatedCsv(...rows: string[]): PatientReport {
  const lines = [
    CSV_HEADER,
    ...TREATED_DOSES.map((on) => `p1,dose,${on},,text,,pembrolizumab,,,,,,administration,,,`),
    `p1,event,2025-11-01,,text,,"${LUNG_CANCER}",,,,,,,,,`,
    ...rows,
  ];
  return assessOne({ kind: "csv", text: `${lines.join("\n")}\n` });
}
