/**
 * Nothing is dropped silently and nothing out of scope is rejected, checked on real third-party FHIR:
 * the Synthea sample bundles in shared/data/synthea (none of them on immunotherapy or with cancer).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { SYNTHEA } from "../../../../../test/support/paths.js";
import type { PatientRecord } from "../../contracts/model.js";
import { ingestFhir } from "./ingest.js";
import { KNOWN_RESOURCE_TYPES } from "./input.js";

const DIR = SYNTHEA;
const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));
const vocabulary = testKnowledge().vocabulary;

interface RawResource {
  resourceType: string;
  id?: string;
  code?: { coding?: { code?: string }[] };
  contained?: RawResource[];
}

const sum = (m: Readonly<Record<string, number>>) => Object.values(m).reduce((a, n) => a + n, 0);
const sumNested = (m: PatientRecord["notUsed"]) => Object.values(m).reduce((a, s) => a + sum(s), 0);

const results = files.map((file) => {
  const bundle = JSON.parse(readFileSync(join(DIR, file), "utf8")) as { entry?: { resource: RawResource }[] };
  const resources = (bundle.entry ?? []).map((e) => e.resource);
  const result = ingestFhir(bundle, { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file });
  return { file, resources, result };
});

describe.each(results)("Synthea bundle $file", ({ resources, result }) => {
  const n = resources.reduce((a, r) => a + 1 + (r.contained?.length ?? 0), 0);

  it("counts every resource, contained ones included, once: read = used + merged + rejected + notUsed + ignored", () => {
    expect(result.stats.read).toBe(n);
    const { read, ...outcomes } = result.stats;
    expect(sum(outcomes)).toBe(read);
    const onPatients = result.patients.reduce((a, p) => a + p.counts.read, 0);
    // What belongs to no patient is counted on the input, as ignored by type.
    expect(onPatients + sum(result.ignored)).toBe(n);
    for (const p of result.patients) {
      const { read: pr, ...po } = p.counts;
      expect(sum(po)).toBe(pr);
      expect(sum(p.ignored)).toBe(p.counts.ignored);
      expect(sumNested(p.notUsed)).toBe(p.counts.notUsed);
    }
  });

  it("counts only types outside the contract as ignored, and only contract types as not used", () => {
    for (const p of result.patients) {
      for (const type of Object.keys(p.ignored))
        expect(KNOWN_RESOURCE_TYPES.has(type) && type !== "Medication", type).toBe(false);
      for (const type of Object.keys(p.notUsed)) expect(KNOWN_RESOURCE_TYPES.has(type), type).toBe(true);
    }
  });

  it("accounts for every clinical resource: in a record or a rejection by its ref, else not used or merged", () => {
    const seen = new Set<string>();
    for (const p of result.patients) {
      for (const x of [
        ...p.labs,
        ...p.events,
        ...p.contextDrugs,
        ...p.exposures.flatMap((e) => e.doses),
        ...p.rejected,
      ])
        seen.add(x.ref);
    }
    // Contained records of contract types are read too (a claim's referral ServiceRequest, not used).
    const clinical = resources
      .flatMap((r) => [r, ...(r.contained ?? [])])
      .filter(
        (r) =>
          KNOWN_RESOURCE_TYPES.has(r.resourceType) &&
          !["Patient", "Medication", "DiagnosticReport"].includes(r.resourceType),
      );
    // The body-mass index is used without a record of its own.
    const bmi = (r: RawResource) => r.code?.coding?.some((c) => c.code === "39156-5") === true;
    const unseen = clinical.filter((r) => !seen.has(`${r.resourceType}/${r.id}`) && !bmi(r));
    const notUsed = result.patients.reduce(
      (a, p) =>
        a +
        Object.entries(p.notUsed)
          .filter(([type]) => type !== "DiagnosticReport")
          .reduce((b, [, systems]) => b + sum(systems), 0),
      0,
    );
    // A lab repeated under another ref (same lab, instant and value) is merged into the first one.
    expect(unseen.length).toBeGreaterThanOrEqual(notUsed);
    expect(unseen.length).toBeLessThanOrEqual(notUsed + result.stats.merged);
  });

  it("raises no input errors on well-formed bundles", () => {
    expect(result.inputErrors).toEqual([]);
  });
});

describe("Synthea bundles together", () => {
  const patients = results.flatMap((r) => r.result.patients);

  it("reject nothing: an ankle sprain, fexofenadine or a blood pressure is out of scope, not invalid", () => {
    // Rejected records must be genuine validation failures; these bundles hold none.
    expect(patients.flatMap((p) => p.rejected.map((r) => `${r.code}: ${r.reason}`))).toEqual([]);
  });

  it("count hundreds of records as not used, by type and code system", () => {
    const notUsed = patients.reduce((a, p) => a + p.counts.notUsed, 0);
    expect(notUsed).toBeGreaterThan(1000);
    const byType = new Map<string, number>();
    for (const p of patients)
      for (const [type, systems] of Object.entries(p.notUsed))
        byType.set(type, (byType.get(type) ?? 0) + sum(systems));
    expect([...byType.keys()].sort()).toEqual(
      expect.arrayContaining(["Condition", "MedicationRequest", "Observation", "Procedure"]),
    );
    const first = patients.find((p) => p.counts.notUsed > 0);
    expect(Object.keys(first?.notUsed.Observation ?? {})).toEqual(["http://loinc.org"]);
  });

  it("read a charted anemia as an event", () => {
    const anemia = patients.flatMap((p) => p.events).filter((e) => e.kind === "anemia");
    expect(anemia.length).toBeGreaterThan(0);
    expect(anemia[0]?.text).toBe("Anemia (disorder)");
  });
});
