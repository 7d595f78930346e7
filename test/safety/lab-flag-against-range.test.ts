/**
 * A laboratory's flag that contradicts the reference range sent with the value, end to end through both input
 * formats. HL7 ObservationInterpretation defines N as "within the reference range" and L, H as below or above its
 * limits: the flag is the laboratory's reading of the value, the value the measurement. A platelet count of 8
 * ×10⁹/L flagged N (or H) beside 150–400 after pembrolizumab is therefore used — refusing it silenced a critical
 * count — and the contradiction is named where the value is quoted and in the report's cautions. A flag that
 * agrees with the range adds nothing; a flag sent with no range is quoted with the value, no range invented.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { renderHtml } from "../../packages/core/src/render/html.js";
import { renderText } from "../../packages/core/src/render/text.js";
import { pembrolizumabBundle, plateletCount } from "../support/fhir-entries.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const AT = "2026-03-12T12:00:00Z";
const V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
const HEADER = "patient_id,record_type,date,code_system,code,text,value,unit,ref_low,ref_high";

function run(document: { kind: "csv"; text: string } | { kind: "fhir"; value: unknown }) {
  const engine = createEngine(k, { evaluatedAt: AT, version: "0.0.0-test" });
  engine.add(document, document.kind === "csv" ? "flags.csv" : "flags.json");
  const report = engine.report();
  const [patient] = report.patients;
  if (!patient) throw new Error("no patient");
  return { report, patient };
}

/** Pembrolizumab twice, then the platelet count of 2026-03-10 with `interpretation` and maybe a range. */
function fhirPatient(code: string, range: boolean) {
  return run({
    kind: "fhir",
    value: pembrolizumabBundle(
      plateletCount(
        "2026-03-10T08:00:00Z",
        { value: 8, unit: "10*9/L" },
        {
          interpretation: [{ coding: [{ system: V3, code }] }],
          ...(range && {
            referenceRange: [{ low: { value: 150, unit: "10*9/L" }, high: { value: 400, unit: "10*9/L" } }],
          }),
        },
      ),
    ),
  });
}

function csvPatient(value: string, range: boolean) {
  const rows = [
    HEADER,
    "p1,dose,2026-01-05,text,,pembrolizumab,,,,",
    "p1,dose,2026-01-26,text,,pembrolizumab,,,,",
    `p1,lab,2026-03-10,loinc,777-3,Platelets,${value},10*9/L,${range ? "150,400" : ","}`,
  ];
  return run({ kind: "csv", text: `${rows.join("\n")}\n` });
}

/** Every line of the patient's report that quotes the platelet count of 8. */
function quoted(p: PatientReport): string[] {
  return [
    ...p.findings.flatMap((f) => f.criteria.map((c) => c.detail ?? "")),
    ...p.grades.map((g) => g.basis),
    ...p.unexplained.map((u) => u.why),
  ].filter((t) => /\b8 ×10⁹\/L/.test(t));
}

describe("a critical platelet count whose flag contradicts its range", () => {
  it.each([
    ["FHIR interpretation N", () => fhirPatient("N", true), "laboratory interpretation N (normal)"],
    ["FHIR interpretation H", () => fhirPatient("H", true), "laboratory interpretation H (high)"],
    ["CSV printed flag H", () => csvPatient("8 H", true), "laboratory flag H (high)"],
  ])("%s: used, graded 4, named in the trace and the cautions, not rejected", (_, make, named) => {
    const { report, patient } = make();
    expect(patient.rejected).toEqual([]);
    const grade = patient.grades.find((g) => g.term === "platelet-count-decreased");
    expect(grade?.grade).toBe(4);
    expect(grade?.basis).toContain(`${named}, but the value lies below`);
    const lines = quoted(patient);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toContain(named);
      expect(line).toContain("below the laboratory's reference range 150–400 ×10⁹/L: used as measured");
    }
    expect(patient.cautions).toEqual([
      {
        ref: expect.any(String),
        kind: "flag-against-range",
        detail: expect.stringContaining(
          `Platelet count 8 ×10⁹/L on 2026-03-10: ${named}, but the value lies below`,
        ),
      },
    ]);
    const text = renderText(report, { reference: () => undefined, color: false });
    expect(text).toContain("Used, with a caution: 1, a laboratory flag against its own range");
    expect(renderHtml(report, { reference: () => undefined })).toContain("Used, with a caution: 1");
  });

  it.each([
    ["FHIR interpretation LL", () => fhirPatient("LL", true)],
    ["CSV printed flag LL", () => csvPatient("8 LL", true)],
  ])("%s agrees with the range: no caution, nothing added to the quotes", (_, make) => {
    const { patient } = make();
    expect(patient.rejected).toEqual([]);
    expect(patient.cautions).toBeUndefined();
    expect(quoted(patient).length).toBeGreaterThan(0);
    for (const line of quoted(patient)) expect(line).not.toContain("laboratory");
  });
});

describe("a flag sent with no reference range", () => {
  it.each([
    ["FHIR interpretation LL", () => fhirPatient("LL", false), "laboratory interpretation LL (critical low)"],
    ["FHIR interpretation N", () => fhirPatient("N", false), "laboratory interpretation N (normal)"],
    ["CSV printed flag LL", () => csvPatient("8 LL", false), "laboratory flag LL (critical low)"],
  ])("%s: the value is used and the flag quoted with it, no range invented", (_, make, named) => {
    const { patient } = make();
    expect(patient.rejected).toEqual([]);
    expect(patient.cautions).toBeUndefined();
    const lines = quoted(patient);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toContain(`${named}, no reference range sent`);
      expect(line).not.toContain("150");
    }
  });
});
