/**
 * A bleed charted with its own clots ("melena with clots", "hemoptysis and clots") after pembrolizumab, through a
 * FHIR Condition and a CSV row and the engine the CLI drives: shed blood clots outside the vessels, so the record
 * holds the bleed and no thrombosis. Before, the generic "clot" gave a probable thrombosis beside the bleed, whose
 * plan forbade tranexamic acid and raised a vena cava filter and anticoagulation for a bleeding patient. A clot in
 * a named vein written beside the bleed stays a thrombosis with its plan.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const AT = "2026-03-12T12:00:00Z";
const subject = { reference: "Patient/p1" };

function assessOne(
  document: { kind: "csv"; text: string } | { kind: "fhir"; value: unknown },
): PatientReport {
  const engine = createEngine(k, { evaluatedAt: AT, version: "0.0.0-test" });
  engine.add(document, document.kind === "csv" ? "clots.csv" : "clots.json");
  const [patient] = engine.report().patients;
  if (!patient) throw new Error("no patient");
  return patient;
}

const dose = (id: string, at: string) => ({
  resource: {
    resourceType: "MedicationAdministration",
    id,
    status: "completed",
    medicationCodeableConcept: { text: "pembrolizumab" },
    subject,
    effectiveDateTime: at,
  },
});

/** Pembrolizumab on 16 February and 9 March, and the words charted on 10 March. */
function fhirChart(words: string): PatientReport {
  return assessOne({
    kind: "fhir",
    value: {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { resource: { resourceType: "Patient", id: "p1" } },
        dose("p1d1", "2026-02-16"),
        dose("p1d2", "2026-03-09"),
        {
          resource: {
            resourceType: "Condition",
            id: "c1",
            subject,
            code: { text: words },
            onsetDateTime: "2026-03-10",
          },
        },
      ],
    },
  });
}

function csvChart(words: string): PatientReport {
  const rows = [
    "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex",
    "p1,dose,2026-02-16,,text,,pembrolizumab,,,,,,administration,,,",
    "p1,dose,2026-03-09,,text,,pembrolizumab,,,,,,administration,,,",
    `p1,event,2026-03-10,,text,,"${words}",,,,,,,,,`,
  ];
  return assessOne({ kind: "csv", text: `${rows.join("\n")}\n` });
}

const thrombosis = (p: PatientReport) => p.findings.find((f) => f.disorder === "thrombosis");
const planIds = (p: PatientReport) => [
  ...p.findings.flatMap((f) => f.management ?? []).map((m) => m.id),
  ...p.unexplained.flatMap((u) => u.management ?? []).map((m) => m.id),
];

describe("a bleed's own clots", () => {
  it.each([
    ["FHIR Condition", "Melena with clots requiring transfusion", fhirChart],
    ["CSV event row", "Melena with clots requiring transfusion", csvChart],
    ["FHIR Condition", "Hematemesis with blood clots, admitted", fhirChart],
    ["CSV event row", "Passing clots PR requiring transfusion", csvChart],
  ])("%s %s: no thrombosis finding, the bleed listed, tranexamic acid not forbidden", (_, words, read) => {
    const p = read(words);
    expect(thrombosis(p)).toBeUndefined();
    expect(p.unexplained.map((u) => u.abnormality)).toContain("major-bleeding");
    expect(planIds(p)).not.toContain("thr-avoid-antifibrinolytic");
  });

  it.each([
    ["FHIR Condition", "Melena with clots in the left femoral vein", fhirChart],
    ["CSV event row", "Melena; clot in the popliteal vein", csvChart],
  ])("%s %s: the clot in a vein stays a thrombosis beside the bleed", (_, words, read) => {
    const p = read(words);
    expect(thrombosis(p)).toBeDefined();
    expect(planIds(p)).toContain("thr-avoid-antifibrinolytic");
  });
});
