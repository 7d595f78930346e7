/**
 * FHIR input whose records name a Patient the input does not hold, as real exports come: a search of one
 * patient's doses and labs without `_include` of the Patient, a bulk folder without Patient.ndjson. The
 * records are that patient's, read without demographics, and the report says the Patient was not in the
 * input; a Patient the input holds is read as before; two absent Patients are two patients.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AssessmentReportSchema, type PatientReport } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { runAssess, runCaptured, sourceRuntime } from "../../../test/support/cli.js";
import { tempDir } from "../../../test/support/temp.js";

const LOINC = "http://loinc.org";
const UCUM = "http://unitsofmeasure.org";

const nivolumab = (id: string, patient: string) => ({
  resourceType: "MedicationAdministration",
  id,
  status: "completed",
  medicationCodeableConcept: { text: "nivolumab" },
  subject: { reference: patient },
  effectiveDateTime: "2025-01-02T10:00:00Z",
});
const lab = (id: string, patient: string, code: string, value: number, unit: string) => ({
  resourceType: "Observation",
  id,
  status: "final",
  code: { coding: [{ system: LOINC, code }] },
  subject: { reference: patient },
  effectiveDateTime: "2025-02-10T08:00:00Z",
  valueQuantity: { value, unit, system: UCUM, code: unit },
});
/** A nivolumab dose, platelets 8 ×10⁹/L on day 39, a creatinine and a weight (for Cockcroft–Gault). */
const itpRecords = (patient: string, suffix = "") => [
  nivolumab(`d1${suffix}`, patient),
  lab(`plt${suffix}`, patient, "777-3", 8, "10*9/L"),
  lab(`cr${suffix}`, patient, "2160-0", 1.1, "mg/dL"),
  lab(`wt${suffix}`, patient, "29463-7", 70, "kg"),
];
const bundle = (type: string, resources: readonly unknown[]) => ({
  resourceType: "Bundle",
  type,
  entry: resources.map((resource) => ({ resource })),
});

function write(name: string, value: unknown): string {
  const file = join(tempDir("absent-patient-"), name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

async function assess(target: string) {
  const { code, report, err } = await runAssess(["assess", target, "--at", "2025-02-11"]);
  expect(AssessmentReportSchema.safeParse(report).success).toBe(true);
  return { code, report, err };
}

describe("records naming a Patient the input does not hold", () => {
  it("assesses a searchset of a nivolumab dose and platelets 8 as the patient's: an ITP finding, demographics named as missing", async () => {
    const file = write("search.json", bundle("searchset", itpRecords("Patient/p1")));
    const { code, report, err } = await assess(file);
    expect(code).toBe(0);
    expect(report.inputErrors).toEqual([]);
    expect(report.patients).toHaveLength(1);
    const p = report.patients[0] as PatientReport;
    expect(p.patientId).toBe("p1");
    expect(p.findings[0]).toMatchObject({ disorder: "itp", grade: 4 });
    expect(p.absentPatient?.ref).toBe("Patient/p1");
    expect(p.absentPatient?.detail).toMatch(/not in the input.*demographics not read/);
    // Cockcroft–Gault says what it lacks, as for a Patient without a birth date or sex.
    expect(p.kidneyFunction?.missing).toEqual(expect.arrayContaining(["age", "sex"]));
    expect(p.counts).toMatchObject({ read: 4, used: 4 });
    // stderr names no patient.
    expect(err).not.toMatch(/p1/);

    const text = await runCaptured(
      ["assess", file, "--format", "text", "--at", "2025-02-11"],
      sourceRuntime(),
    );
    expect(text.code).toBe(0);
    expect(text.out).toContain("Patient/p1 is not in the input: birth date, sex and death were not read");
    expect(text.out).toMatch(
      /DATA QUALITY[\s\S]*Patient not in the input: Patient\/p1[\s\S]*demographics not read/,
    );
  });

  it("plans as for a Patient without birth date or sex: the same findings, plans and kidney reading", async () => {
    const absent = await assess(write("search.json", bundle("searchset", itpRecords("Patient/p1"))));
    const bare = await assess(
      write(
        "bare.json",
        bundle("collection", [{ resourceType: "Patient", id: "p1" }, ...itpRecords("Patient/p1")]),
      ),
    );
    const { absentPatient, counts, ...fromSearch } = absent.report.patients[0] as PatientReport;
    const { counts: bareCounts, ...fromBare } = bare.report.patients[0] as PatientReport;
    expect(absentPatient).toBeDefined();
    expect(fromSearch).toEqual(fromBare);
    // The bundle's Patient is a record read; the stand-in is not.
    expect(bareCounts.read - counts.read).toBe(1);
  });

  it("reads the same records as before when the bundle holds the Patient: its demographics are read", async () => {
    const patient = { resourceType: "Patient", id: "p1", birthDate: "1950-02-03", gender: "female" };
    const { code, report } = await assess(
      write("case.json", bundle("collection", [patient, ...itpRecords("Patient/p1")])),
    );
    expect(code).toBe(0);
    const p = report.patients[0] as PatientReport;
    expect(p.absentPatient).toBeUndefined();
    expect(p.findings[0]).toMatchObject({ disorder: "itp", grade: 4 });
    expect(p.kidneyFunction).toMatchObject({ method: "cockcroft-gault", inputs: { age: 75, sex: "female" } });
    expect(p.kidneyFunction?.missing).toBeUndefined();
    // The same when the Patient is a file of its own beside the search (a bulk folder with Patient.ndjson).
    const dir = tempDir("absent-held-");
    writeFileSync(join(dir, "Patient.ndjson"), `${JSON.stringify(patient)}\n`);
    writeFileSync(join(dir, "search.json"), JSON.stringify(bundle("searchset", itpRecords("Patient/p1"))));
    const folder = await assess(dir);
    expect(
      folder.report.patients.map((x) => [x.patientId, x.absentPatient, x.kidneyFunction?.inputs?.age]),
    ).toEqual([["p1", undefined, 75]]);
  });

  it("makes records naming two different absent Patients two patients, in a bundle and in a bulk folder", async () => {
    const two = [...itpRecords("Patient/a"), ...itpRecords("https://ehr.example.org/fhir/Patient/b", "-b")];
    const fromBundle = await assess(write("two.json", bundle("collection", two)));
    expect(fromBundle.code).toBe(0);
    const dir = join(tempDir("absent-export-"), "export");
    mkdirSync(dir);
    const byType = (type: string) => two.filter((r) => r.resourceType === type);
    for (const type of ["MedicationAdministration", "Observation"])
      writeFileSync(
        join(dir, `${type}.ndjson`),
        `${byType(type)
          .map((r) => JSON.stringify(r))
          .join("\n")}\n`,
      );
    const fromExport = await assess(dir);
    expect(fromExport.code).toBe(0);
    for (const { report } of [fromBundle, fromExport]) {
      expect(report.inputErrors).toEqual([]);
      expect(
        report.patients.map((p) => [p.patientId, p.absentPatient?.ref, p.findings[0]?.disorder]),
      ).toEqual([
        ["a", "Patient/a", "itp"],
        ["b", "Patient/b", "itp"],
      ]);
    }
  });

  it("still assesses no one, exit 2, when no record names a patient at all", async () => {
    const [dose, plt] = itpRecords("Patient/p1");
    const { subject: _d, ...noSubject } = dose as Record<string, unknown>;
    const { code, report } = await assess(
      write("none.json", bundle("searchset", [noSubject, { ...plt, subject: { reference: "Group/g1" } }])),
    );
    expect(code).toBe(2);
    expect(report.patients).toEqual([]);
    expect(report.inputErrors.map((e) => e.code)).toEqual(["missing-subject", "broken-reference"]);
  });
});
