/**
 * Nothing is dropped silently, checked on real third-party FHIR: the Synthea sample bundles in
 * shared/data/synthea (none of them on immunotherapy).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { knowledgeDir } from "../../knowledge/read.js";
import { loadVocabulary } from "../../knowledge/vocabulary-load.js";
import { ingestFhir } from "./ingest.js";
import { KNOWN_RESOURCE_TYPES } from "./input.js";

const DIR = join(knowledgeDir(), "..", "../shared/data/synthea");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));
const vocabulary = loadVocabulary();

interface RawEntry {
  resource: { resourceType: string; id?: string; code?: { coding?: { code?: string }[] } };
}

describe.each(files)("Synthea bundle %s", (file) => {
  const bundle = JSON.parse(readFileSync(join(DIR, file), "utf8")) as { entry?: RawEntry[] };
  const resources = (bundle.entry ?? []).map((e) => e.resource);
  const result = ingestFhir(bundle, { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file });

  it("uses, merges, rejects or ignores every resource exactly once", () => {
    const { used, merged, rejected, ignored } = result.stats;
    const inScope = resources.filter(
      (r) => KNOWN_RESOURCE_TYPES.has(r.resourceType) && r.resourceType !== "Medication",
    );
    const medications = resources.filter((r) => r.resourceType === "Medication");
    const outside = resources.length - inScope.length - medications.length;
    expect(used + merged + rejected + ignored).toBe(resources.length);
    // Medication resources are lookups: used when referenced, ignored otherwise.
    expect(used + merged + rejected).toBeGreaterThanOrEqual(inScope.length);
    expect(used + merged + rejected).toBeLessThanOrEqual(inScope.length + medications.length);
    const ignoredByType = [result.ignored, ...result.patients.map((p) => p.ignored)].flatMap((m) =>
      Object.entries(m),
    );
    expect(ignoredByType.reduce((sum, [, n]) => sum + n, 0)).toBe(ignored);
    expect(ignored).toBeGreaterThanOrEqual(outside);
    for (const [type] of ignoredByType)
      expect(KNOWN_RESOURCE_TYPES.has(type) && type !== "Medication", type).toBe(false);
  });

  it("accounts for every in-scope resource by its ref: in a record, in a rejection, or merged as a duplicate", () => {
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
    for (const e of result.inputErrors) seen.add(e.ref);
    const clinical = resources.filter(
      (r) =>
        KNOWN_RESOURCE_TYPES.has(r.resourceType) &&
        !["Patient", "Medication", "DiagnosticReport"].includes(r.resourceType),
    );
    const bmi = (r: RawEntry["resource"]) => r.code?.coding?.some((c) => c.code === "39156-5") === true;
    const missing = clinical.filter((r) => !seen.has(`${r.resourceType}/${r.id}`) && !bmi(r));
    expect(missing.length).toBeLessThanOrEqual(result.stats.merged);
  });

  it("rejects with specific reasons and raises no input errors on well-formed bundles", () => {
    expect(result.inputErrors).toEqual([]);
    for (const p of result.patients) for (const r of p.rejected) expect(r.reason.length).toBeGreaterThan(10);
  });
});
