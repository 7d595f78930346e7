/**
 * The output contract holds for what the CLI really prints: its JSON on the examples (the golden file) and
 * on inputs with rejected records, contradictions and unreadable files validates against the zod schema
 * of the report, and docs/report.schema.json is the schema generated from it (`npm run schema`).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AssessmentReportSchema } from "../../packages/core/src/contracts/report.js";
import {
  administration,
  notedCondition,
  pembrolizumabBundle,
  plateletCount,
} from "../support/fhir-entries.js";
import { REPO_ROOT } from "../support/paths.js";
import { tempDir } from "../support/temp.js";
import { reportSchemaText, SCHEMA_FILE } from "./report-schema.js";

const BIN = join(REPO_ROOT, "packages", "cli", "dist", "main.js");

/** Every problem zod finds, one line each, so that a failure names the field. */
function problems(json: unknown): string[] {
  const r = AssessmentReportSchema.safeParse(json);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("docs/report.schema.json", () => {
  it("is the JSON Schema generated from the zod schema of the report (npm run schema)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8"), "out of date: run `npm run schema`").toBe(reportSchemaText());
  }, 30_000);
});

describe("the report's optional wording fields", () => {
  const defs = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")).$defs;
  it("are in the published schema: the floor that held a finding, what its certainty grades, a reason's sources", () => {
    expect(defs.DifferentialTrace.properties.held.required).toEqual(["at"]);
    expect(defs.Finding.properties.certaintyOf.const).toBe("attribution");
    expect(defs.UnexplainedItem.properties.whySourceIds.type).toBe("array");
    for (const [def, field] of [
      ["DifferentialTrace", "held"],
      ["Finding", "certaintyOf"],
      ["UnexplainedItem", "whySourceIds"],
    ] as const)
      expect(defs[def].required).not.toContain(field);
  });

  it("are emitted by the CLI where they apply (a charted thrombosis, a floor-held competing explanation)", () => {
    const json = JSON.parse(readFileSync(join(REPO_ROOT, "test", "golden", "examples.json"), "utf8"));
    const findings = json.patients.flatMap((p: { findings: unknown[] }) => p.findings);
    expect(findings.some((f: { certaintyOf?: string }) => f.certaintyOf === "attribution")).toBe(true);
    const differentials = findings.flatMap((f: { differentials: unknown[] }) => f.differentials);
    expect(differentials.some((d: { held?: unknown }) => d.held !== undefined)).toBe(true);
  });
});

describe("the CLI's JSON output validates against the contract", () => {
  it("on the examples (test/golden/examples.json)", () => {
    const json = JSON.parse(readFileSync(join(REPO_ROOT, "test", "golden", "examples.json"), "utf8"));
    expect(json.patients.length).toBeGreaterThan(0);
    expect(problems(json)).toEqual([]);
  });

  it("on inputs with rejected records, a conflict, ignored resources and input errors", () => {
    const dir = tempDir("contract-");
    const obs = (id: string, value: number, unit: string, at: string, subject = true) => ({
      resource: {
        resourceType: "Observation",
        id,
        status: "final",
        ...(subject && { subject: { reference: "Patient/p1" } }),
        code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
        valueQuantity: { value, unit },
        effectiveDateTime: at,
      },
    });
    const bundle = {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { resource: { resourceType: "Patient", id: "p1", gender: "female" } },
        {
          resource: {
            resourceType: "MedicationAdministration",
            id: "m1",
            status: "completed",
            subject: { reference: "Patient/p1" },
            medicationCodeableConcept: { text: "pembrolizumab" },
            effectiveDateTime: "2024-01-01T10:00:00Z",
          },
        },
        obs("o1", 20, "furlongs", "2024-02-01T10:00:00Z"),
        obs("o2", 20, "10*9/L", "2030-02-01T10:00:00Z"),
        obs("o3", 20, "10*9/L", "2024-02-01T10:00:00Z", false),
        obs("o4", 20, "10*9/L", "2024-02-01T10:00:00Z"),
        obs("o5", 31, "10*9/L", "2024-02-01T10:00:00Z"),
        { resource: { resourceType: "Claim", id: "c1", patient: { reference: "Patient/p1" } } },
        { request: { method: "DELETE", url: "Observation/x" } },
      ],
    };
    writeFileSync(join(dir, "bundle.json"), JSON.stringify(bundle));
    writeFileSync(join(dir, "empty.json"), "");
    writeFileSync(join(dir, "broken.json"), '{"resourceType": "Bundle",');
    writeFileSync(
      join(dir, "rows.csv"),
      "patient_id,record_type,date,code_system,code,value,unit\np2,lab,2024-02-01,lab,platelets,12,10*9/L\np2,scan,2024-02-01,,,,\n",
    );
    writeFileSync(join(dir, "bulk.ndjson"), '{"resourceType":"Patient","id":"p3"}\nnot json\n');

    const out = execFileSync(
      process.execPath,
      [BIN, "assess", dir, "--format", "json", "--at", "2025-01-01"],
      {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    const json = JSON.parse(out);
    expect(problems(json)).toEqual([]);
    const report = AssessmentReportSchema.parse(json);
    const rejected = new Set(report.patients.flatMap((p) => p.rejected.map((r) => r.code)));
    expect([...rejected].sort()).toEqual(["future-date", "invalid-record-type", "unit-not-convertible"]);
    expect(report.patients.flatMap((p) => p.conflicts.map((c) => c.kind))).toEqual(["same-instant-values"]);
    expect(new Set(report.inputErrors.map((e) => e.code))).toEqual(
      new Set(["malformed-json", "empty-file", "invalid-json", "empty-entry", "missing-subject"]),
    );
  });
});

describe("the patient's procedure plan in the contract", () => {
  it("is published as ProcedurePlan, optional on a patient's report, with at least one planned procedure", () => {
    const defs = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")).$defs;
    expect(defs.PatientReport.properties.procedures.$ref).toBe("#/$defs/ProcedurePlan");
    expect(defs.PatientReport.required).not.toContain("procedures");
    expect(defs.ProcedurePlan.properties.management.items.$ref).toBe("#/$defs/ManagementItem");
    expect(defs.ProcedurePlan.properties.planned.minItems).toBe(1);
    expect(defs.ProcedurePlan.properties.planned.items.$ref).toBe("#/$defs/PlannedProcedure");
  });

  it("is emitted by the CLI for a planned spinal anaesthetic a day after apixaban with no finding, and validates", () => {
    const dir = tempDir("contract-procedure-");
    const bundle = pembrolizumabBundle(
      plateletCount("2026-03-11", { value: 230, unit: "10*9/L" }),
      { resource: notedCondition("proc", "Spinal anaesthesia planned") },
      { resource: administration("ac", "apixaban", "2026-03-11T12:00:00Z") },
    );
    writeFileSync(join(dir, "bundle.json"), JSON.stringify(bundle));
    const out = execFileSync(
      process.execPath,
      [BIN, "assess", dir, "--format", "json", "--at", "2026-03-12T12:00:00Z"],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "ignore"] },
    );
    const json = JSON.parse(out);
    expect(problems(json)).toEqual([]);
    const [patient] = AssessmentReportSchema.parse(json).patients;
    expect(patient?.findings).toEqual([]);
    expect(patient?.procedures?.management.map((m) => m.id)).toEqual([
      "procedure-doac-before-planned-neuraxial-puncture",
    ]);
    expect(patient?.procedures?.planned.map((p) => p.when)).toEqual(["undated"]);
    // A procedure plan that names no planned procedure is no plan: the contract refuses it.
    json.patients[0].procedures.planned = [];
    expect(problems(json).map((p) => p.split(":")[0])).toEqual(["patients.0.procedures.planned"]);
  });
});

describe("the report schema rejects what the contract does not allow", () => {
  const valid = () => JSON.parse(readFileSync(join(REPO_ROOT, "test", "golden", "examples.json"), "utf8"));

  it("a field the contract does not name", () => {
    const json = valid();
    json.patients[0].findings[0].confidence = 0.9;
    expect(problems(json)).toEqual(['patients.0.findings.0: Unrecognized key: "confidence"']);
  });

  it("a rejection code outside the closed list", () => {
    const json = valid();
    json.patients[0].rejected.push({ ref: "Observation/x", code: "bad-unit", reason: "r" });
    expect(problems(json)).toHaveLength(1);
    expect(problems(json)[0]).toMatch(/^patients\.0\.rejected\.0\.code: /);
  });

  it("a disorder, certainty or management kind outside its vocabulary", () => {
    const json = valid();
    const f = json.patients[0].findings[0];
    f.disorder = "hit";
    f.certainty = "likely";
    f.management[0].kind = "second-opinion";
    expect(problems(json).map((p) => p.split(":")[0])).toEqual([
      "patients.0.findings.0.disorder",
      "patients.0.findings.0.certainty",
      "patients.0.findings.0.management.0.kind",
    ]);
  });

  it("an evaluation time not written YYYY-MM-DDTHH:mm:ssZ, and counts that do not add up", () => {
    const json = valid();
    json.evaluatedAt = "2026-11-01T23:59:59.000Z";
    json.patients[0].counts.read += 1;
    expect(problems(json).map((p) => p.split(":")[0])).toEqual(["evaluatedAt", "patients.0.counts"]);
  });
});
