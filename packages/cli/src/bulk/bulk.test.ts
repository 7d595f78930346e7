/**
 * Bulk input end to end with the real engine: a FHIR Bulk Data export (one NDJSON file per resource
 * type, numbered parts, the `$export` manifest) and a folder of one-resource JSON files are assessed as
 * the same patient in one Bundle is; the run that groups resources by patient (spilling to disk) gives
 * the in-memory engine's report on the examples and the case bundles; temporary files never outlive a run.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type AssessmentReport, createEngine, type InputError, type PatientReport } from "@hemosentinel/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCaptured, sourceRuntime } from "../../../../test/support/cli.js";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { tempDir } from "../../../../test/support/temp.js";
import { discoverInputs } from "../input.js";
import { inputErrorOf } from "../pipeline.js";
import { collectingWriter } from "./report-writer.js";
import { type BulkOptions, runBulk } from "./run.js";

const ROOT = join(import.meta.dirname, "..", "..", "..", "..");
const AT = "2026-11-01T23:59:59Z";
const ITP = join(ROOT, "examples", "itp-pembrolizumab-nsclc-mouri-2020.json");
const k = testKnowledge();
const engine = () => createEngine(k, { evaluatedAt: AT, version: "0.0.0-test" });
const runtime = sourceRuntime();

interface Resource {
  resourceType: string;
  id?: string;
}

let dir: string;
beforeEach(() => {
  dir = tempDir("bulk-");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function resourcesOf(bundleFile: string): Resource[] {
  const bundle = JSON.parse(readFileSync(bundleFile, "utf8")) as { entry: { resource: Resource }[] };
  return bundle.entry.map((e) => e.resource);
}

/** The bundle as a server's `$export` writes it: one NDJSON file per type, Observations in two parts. */
function bulkExport(resources: readonly Resource[], into: string, manifest: boolean): void {
  mkdirSync(into, { recursive: true });
  const byType = new Map<string, Resource[]>();
  for (const r of resources) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r]);
  const output: { type: string; url: string }[] = [];
  for (const [type, list] of byType) {
    const parts = type === "Observation" && list.length > 1 ? [list.slice(0, 1), list.slice(1)] : [list];
    for (const [i, part] of parts.entries()) {
      const name = i === 0 ? `${type}.ndjson` : `${type}.${i + 1}.ndjson`;
      writeFileSync(join(into, name), `${part.map((r) => JSON.stringify(r)).join("\n")}\n`);
      output.push({ type, url: name });
    }
  }
  if (manifest) {
    const m = {
      transactionTime: "2026-11-01T00:00:00Z",
      request: "https://ehr.example/$export",
      output,
      error: [],
    };
    writeFileSync(join(into, "manifest.json"), JSON.stringify(m));
  }
}

const cli = (args: string[]) => runCaptured(["assess", ...args, "--at", "2026-11-01"], runtime);

/** What a patient report says clinically: findings, grades, exposures, scores, counts. */
function clinical(p: PatientReport | undefined) {
  return (
    p && {
      findings: p.findings,
      grades: p.grades,
      exposures: p.exposures,
      scores: p.scores,
      counts: p.counts,
    }
  );
}

describe("a FHIR Bulk Data export", () => {
  it("is assessed as the same patient in one Bundle: grade-4 ITP found, not lost as broken references", async () => {
    const bundle = JSON.parse((await cli([ITP])).out) as AssessmentReport;
    bulkExport(resourcesOf(ITP), join(dir, "export"), true);
    const { code, out } = await cli([join(dir, "export")]);
    const report = JSON.parse(out) as AssessmentReport;
    expect(code).toBe(0);
    expect(report.inputErrors).toEqual([]);
    expect(report.patients).toHaveLength(1);
    const [patient] = report.patients;
    expect(patient?.findings[0]?.disorder).toBe("itp");
    expect(patient?.grades.find((g) => g.term === "platelet-count-decreased")?.grade).toBe(4);
    expect(clinical(patient)).toEqual(clinical(bundle.patients[0]));
  });

  it("is read through its manifest alone, which is not taken for a resource", async () => {
    bulkExport(resourcesOf(ITP), join(dir, "export"), true);
    const { code, out } = await cli([join(dir, "export", "manifest.json")]);
    const report = JSON.parse(out) as AssessmentReport;
    expect(code).toBe(0);
    expect(report.inputErrors).toEqual([]);
    expect(report.patients[0]?.findings[0]?.disorder).toBe("itp");
  });

  it("names a file the manifest lists but that is missing, and reads the rest", async () => {
    bulkExport(resourcesOf(ITP), join(dir, "export"), true);
    rmSync(join(dir, "export", "Condition.ndjson"));
    const { out } = await cli([join(dir, "export", "manifest.json")]);
    const report = JSON.parse(out) as AssessmentReport;
    expect(report.inputErrors.map((e) => e.code)).toEqual(["unreadable-file"]);
    expect(report.inputErrors[0]?.detail).toMatch(
      /listed in the export manifest .* cannot be read \(ENOENT\)/,
    );
    expect(report.patients[0]?.findings[0]?.disorder).toBe("itp");
  });

  it("as a folder of one-resource JSON files (as implementation guides publish examples) is one patient", async () => {
    for (const [i, r] of resourcesOf(ITP).entries())
      writeFileSync(join(dir, `${r.resourceType}-${i}.json`), JSON.stringify(r));
    const report = JSON.parse((await cli([dir])).out) as AssessmentReport;
    expect(report.inputErrors).toEqual([]);
    expect(report.patients.map((p) => p.findings[0]?.disorder)).toEqual(["itp"]);
    // The Patient file is read whole; the records in the other files join it, each counted once.
    const bundle = JSON.parse((await cli([ITP])).out) as AssessmentReport;
    expect(clinical(report.patients[0])).toEqual(clinical(bundle.patients[0]));
  });

  it("resolves absolute and urn:uuid references across files, and counts a shared Medication once", async () => {
    const patient = (id: string) => ({ resourceType: "Patient", id });
    const med = {
      resourceType: "Medication",
      id: "pembro",
      code: { coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "1547545" }] },
    };
    const dose = (id: string, subject: string) => ({
      resourceType: "MedicationAdministration",
      id,
      status: "completed",
      subject: { reference: subject },
      medicationReference: { reference: "https://ehr.example/fhir/Medication/pembro" },
      effectiveDateTime: "2026-01-05T10:00:00Z",
    });
    writeFileSync(
      join(dir, "Patient.ndjson"),
      [patient("a"), patient("b")].map((r) => JSON.stringify(r)).join("\n"),
    );
    writeFileSync(join(dir, "Medication.ndjson"), JSON.stringify(med));
    writeFileSync(
      join(dir, "MedicationAdministration.ndjson"),
      [dose("d1", "https://ehr.example/fhir/Patient/a/_history/3"), dose("d2", "Patient/b")]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    const report = JSON.parse((await cli([dir])).out) as AssessmentReport;
    expect(report.inputErrors).toEqual([]);
    expect(report.patients.map((p) => [p.patientId, p.exposures.map((e) => e.drug)])).toEqual([
      ["a", ["pembrolizumab"]],
      ["b", ["pembrolizumab"]],
    ]);
    // Two Patients, two doses, one Medication: five resources read, the Medication on the first patient.
    expect(report.patients.reduce((n, p) => n + p.counts.read, 0)).toBe(5);
  });

  it("files a dose whose subject is a logical reference (identifier only) with the Patient carrying it, across files", async () => {
    const patient = (id: string, system: string) => ({
      resourceType: "Patient",
      id,
      identifier: [{ system, value: "E1" }],
    });
    const dose = (id: string, identifier: Record<string, string>) => ({
      resourceType: "MedicationAdministration",
      id,
      status: "completed",
      subject: { identifier },
      medicationCodeableConcept: { text: "pembrolizumab" },
      effectiveDateTime: "2026-01-05T10:00:00Z",
    });
    writeFileSync(
      join(dir, "Patient.ndjson"),
      [patient("a", "urn:oid:1.2.3"), patient("b", "urn:oid:9.9")].map((r) => JSON.stringify(r)).join("\n"),
    );
    writeFileSync(
      join(dir, "MedicationAdministration.ndjson"),
      [dose("d1", { system: "urn:oid:1.2.3", value: "E1" }), dose("d2", { value: "E1" })]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    const report = JSON.parse((await cli([dir])).out) as AssessmentReport;
    expect(report.patients.map((p) => [p.patientId, p.exposures.map((e) => e.drug)])).toEqual([
      ["a", ["pembrolizumab"]],
      ["b", []],
    ]);
    // Without its system the identifier is both patients': it names neither, and says it names no one.
    expect(report.inputErrors.map((e) => [e.code, e.detail])).toEqual([
      [
        "broken-reference",
        'MedicationAdministration/d2: subject has no literal reference and its identifier "E1" matches no Patient of the input',
      ],
    ]);
  });

  it("reads a report whose result names no subject as one Bundle does: the result's own reason, not 'not in the input'", async () => {
    const lab = {
      resourceType: "Observation",
      id: "o1",
      status: "final",
      code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
      effectiveDateTime: "2026-01-01",
      valueQuantity: { value: 8, unit: "10*9/L", system: "http://unitsofmeasure.org", code: "10*9/L" },
    };
    const report = {
      resourceType: "DiagnosticReport",
      id: "r1",
      status: "final",
      subject: { reference: "Patient/p1" },
      code: { coding: [{ system: "http://loinc.org", code: "58410-2" }] },
      effectiveDateTime: "2026-01-01",
      result: [{ reference: "Observation/o1" }],
    };
    const resources = [{ resourceType: "Patient", id: "p1" }, lab, report];
    writeFileSync(join(dir, "Patient.ndjson"), JSON.stringify(resources[0]));
    writeFileSync(join(dir, "Observation.ndjson"), JSON.stringify(lab));
    writeFileSync(join(dir, "DiagnosticReport.ndjson"), JSON.stringify(report));
    const bulk = JSON.parse((await cli([dir])).out) as AssessmentReport;
    const whole = engine();
    whole.add(
      {
        kind: "fhir",
        value: {
          resourceType: "Bundle",
          type: "collection",
          entry: resources.map((resource) => ({ resource })),
        },
      },
      "bundle",
    );
    const inMemory = whole.report();
    const patient = bulk.patients[0] as PatientReport;
    expect(JSON.stringify(bulk)).not.toContain("not in the input");
    expect(patient.rejected).toEqual([]);
    expect(patient.notUsed).toEqual({ DiagnosticReport: { "http://loinc.org": 1 } });
    expect(patient.counts).toEqual(inMemory.patients[0]?.counts);
    expect(bulk.inputErrors.map((e) => [e.code, e.detail])).toEqual([
      ["missing-subject", "Observation/o1: Observation has no subject reference"],
    ]);
  });

  it("writes --format ndjson: one patient report a line, then a summary line with the input errors", async () => {
    bulkExport(resourcesOf(ITP), join(dir, "export"), false);
    writeFileSync(join(dir, "export", "Observation.3.ndjson"), "{not json\n");
    const { code, out } = await cli([join(dir, "export"), "--format", "ndjson"]);
    expect(code).toBe(0);
    const lines = out
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]?.patientId).toBe("itp-pembrolizumab-nsclc-mouri-2020");
    const summary = lines[1]?.summary as { patients: number; inputErrors: InputError[]; evaluatedAt: string };
    expect(summary.patients).toBe(1);
    expect(summary.evaluatedAt).toBe(AT);
    expect(summary.inputErrors.map((e) => [e.source, e.code])).toEqual([
      [`${join(dir, "export", "Observation.3.ndjson")}:1`, "invalid-json"],
    ]);
  });
});

/** Every .json file of a folder, as sources. */
function jsonFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(folder, f));
}

async function bulkReport(files: string[], opts: BulkOptions): Promise<AssessmentReport> {
  const writer = collectingWriter();
  await runBulk(discoverInputs(files), engine(), async () => "", writer, opts);
  return writer.report();
}

function inMemoryReport(files: string[]): AssessmentReport {
  const e = engine();
  const errors: InputError[] = [];
  for (const file of files) {
    const result = e.add({ kind: "fhir", value: JSON.parse(readFileSync(file, "utf8")) }, file);
    errors.push(...result.inputErrors.map(inputErrorOf));
  }
  return e.report(errors);
}

const sorted = (errors: readonly InputError[]) =>
  [...errors].sort((a, b) => a.source.localeCompare(b.source));

describe("grouping resources by patient gives the in-memory engine's report", () => {
  it.each([
    ["the examples", join(ROOT, "examples")],
    ["the case bundles", join(ROOT, "test", "cases", "bundles")],
  ])(
    "on %s, resource by resource, spilled to disk and streamed as large JSON",
    async (_, folder) => {
      const files = jsonFiles(folder);
      const expected = inMemoryReport(files);
      const spilled = await bulkReport(files, { route: "resources", spillAboveBytes: 0, tempDir: dir });
      expect(spilled.patients).toEqual(expected.patients);
      expect(sorted(spilled.inputErrors)).toEqual(sorted(expected.inputErrors));
      const streamed = await bulkReport(files, { route: "resources", streamJsonBytes: 0 });
      expect(streamed.patients).toEqual(expected.patients);
      expect(readdirSync(dir)).toEqual([]);
    },
    60_000,
  );
});

describe("temporary files", () => {
  it("are removed when the run fails half-way", async () => {
    bulkExport(resourcesOf(ITP), join(dir, "export"), false);
    const spill = join(dir, "tmp");
    mkdirSync(spill);
    const failing = {
      ...collectingWriter(),
      patient: async () => {
        throw new Error("disk full");
      },
    };
    await expect(
      runBulk(discoverInputs([join(dir, "export")]), engine(), async () => "", failing, {
        spillAboveBytes: 0,
        tempDir: spill,
      }),
    ).rejects.toThrow("disk full");
    expect(readdirSync(spill)).toEqual([]);
  });
});
