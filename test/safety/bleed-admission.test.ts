/**
 * A bleed charted with the admission written after it ("haematuria requiring admission", "melena, admitted"), through
 * a FHIR Condition and a CSV row and the engine the CLI drives: CTCAE v5.0 grades the gastrointestinal haemorrhage
 * terms and hematuria 3 with hospitalization, so an ungraded one after atezolizumab with bevacizumab is listed as
 * unexplained major bleeding with the labels' stop-bevacizumab line. Before, only the admission written before the
 * bleed was read ("admitted for haematuria"), and the same bleed in the other word order was silent. So too a bleed
 * charted with the transfusion it needed in words ("melena requiring transfusion"): grade 3 "transfusion indicated".
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const AT = "2026-03-12T12:00:00Z";
const subject = { reference: "Patient/p1" };
const STOP_BEVACIZUMAB = "unexplained-major-bleeding-avoid-vegf-antibody-bleeding";

function assessOne(
  document: { kind: "csv"; text: string } | { kind: "fhir"; value: unknown },
): PatientReport {
  const engine = createEngine(k, { evaluatedAt: AT, version: "0.0.0-test" });
  engine.add(document, document.kind === "csv" ? "bleed.csv" : "bleed.json");
  const [patient] = engine.report().patients;
  if (!patient) throw new Error("no patient");
  return patient;
}

const dose = (id: string, drug: string, at: string) => ({
  resource: {
    resourceType: "MedicationAdministration",
    id,
    status: "completed",
    medicationCodeableConcept: { text: drug },
    subject,
    effectiveDateTime: at,
  },
});

/** Atezolizumab with bevacizumab on 16 February and 9 March, and a bleed charted in words on 10 March. */
function fhirBleed(words: string): PatientReport {
  return assessOne({
    kind: "fhir",
    value: {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { resource: { resourceType: "Patient", id: "p1" } },
        dose("a1", "atezolizumab", "2026-02-16"),
        dose("b1", "bevacizumab", "2026-02-16"),
        dose("a2", "atezolizumab", "2026-03-09"),
        dose("b2", "bevacizumab", "2026-03-09"),
        {
          resource: {
            resourceType: "Condition",
            id: "bleed",
            subject,
            code: { text: words },
            onsetDateTime: "2026-03-10",
          },
        },
      ],
    },
  });
}

function csvBleed(words: string): PatientReport {
  const rows = [
    "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex",
    "p1,dose,2026-02-16,,text,,atezolizumab,,,,,,administration,,,",
    "p1,dose,2026-02-16,,text,,bevacizumab,,,,,,administration,,,",
    "p1,dose,2026-03-09,,text,,atezolizumab,,,,,,administration,,,",
    "p1,dose,2026-03-09,,text,,bevacizumab,,,,,,administration,,,",
    `p1,event,2026-03-10,,text,,"${words}",,,,,,,,,`,
  ];
  return assessOne({ kind: "csv", text: `${rows.join("\n")}\n` });
}

const majorBleeding = (p: PatientReport) => p.unexplained.find((u) => u.abnormality === "major-bleeding");

describe("a bleed with the admission written after it", () => {
  it.each([
    ["FHIR Condition", "Haematuria requiring admission", fhirBleed],
    ["CSV event row", "Haematuria requiring admission", csvBleed],
    ["FHIR Condition", "Melena, admitted", fhirBleed],
    ["CSV event row", "Presented with hematemesis and was admitted", csvBleed],
  ])("%s %s: unexplained major bleeding with the stop-bevacizumab line", (_, words, read) => {
    const item = majorBleeding(read(words));
    expect(item).toBeDefined();
    expect(item?.management?.map((m) => m.id)).toContain(STOP_BEVACIZUMAB);
  });

  it.each([
    ["FHIR Condition", "Haematuria", fhirBleed],
    ["CSV event row", "Haematuria, may require admission", csvBleed],
    ["FHIR Condition", "Melena, admitted to the ward for pneumonia", fhirBleed],
    ["CSV event row", "Melena; admitted", csvBleed],
  ])("%s %s: no major bleed listed", (_, words, read) => {
    expect(majorBleeding(read(words))).toBeUndefined();
  });
});

describe("a bleed with the transfusion it needed, in words", () => {
  it.each([
    ["FHIR Condition", "Melena requiring transfusion", fhirBleed],
    ["CSV event row", "Transfusion required for hematuria", csvBleed],
  ])("%s %s: unexplained major bleeding with the stop-bevacizumab line", (_, words, read) => {
    expect(majorBleeding(read(words))?.management?.map((m) => m.id)).toContain(STOP_BEVACIZUMAB);
  });

  it.each([
    ["FHIR Condition", "Melena, transfusion not required", fhirBleed],
    ["CSV event row", "Melena, may require transfusion", csvBleed],
  ])("%s %s: no major bleed listed", (_, words, read) => {
    expect(majorBleeding(read(words))).toBeUndefined();
  });
});
