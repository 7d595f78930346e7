/**
 * Checks every case spec (test/cases/specs/*.yaml) against the CaseSpec contract before the bundle
 * generator sees it: schema, file name = id, unique ids, known event kinds, and known drug and lab ids
 * (the generator would otherwise fail on the first unknown id).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EVENT_KINDS } from "../../packages/core/src/contracts/vocabularies.js";
import { loadDrugCatalogue, loadLabCatalogue } from "../../packages/knowledge/src/sources.js";
import { loadSpecFiles } from "./build-bundles.js";
import { CaseSpec } from "./spec.js";

const here = dirname(fileURLToPath(import.meta.url));
const SPECS = join(here, "specs");

const eventKinds = new Set<string>(EVENT_KINDS);
const drugs = loadDrugCatalogue();
const known = new Set([...drugs.drugs, ...drugs.contextDrugs].map((d) => d.id));
const labs = loadLabCatalogue().byId;
const files = readdirSync(SPECS).filter((f) => f.endsWith(".yaml"));
// Parsed once, on first use: a spec that does not parse fails its schema test, not the file's import.
let parsed: ReturnType<typeof loadSpecFiles> | undefined;
const loadSpecs = () => {
  parsed ??= loadSpecFiles();
  return parsed;
};

/** "file: value" for every value `pick` returns from each spec. */
const offenders = (pick: (spec: CaseSpec) => string[]) =>
  loadSpecs().flatMap(({ file, spec }) => pick(spec).map((x) => `${file}: ${x}`));

describe("case specs", () => {
  it("has specs to check", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s parses against the CaseSpec schema", (file) => {
    const result = CaseSpec.safeParse(parse(readFileSync(join(SPECS, file), "utf8")));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("names every file <id>.yaml", () => {
    const mismatched = loadSpecs()
      .filter(({ file, spec }) => file !== `${spec.id}.yaml`)
      .map(({ file, spec }) => `${file} has id ${spec.id}`);
    expect(mismatched).toEqual([]);
  });

  it("uses each id once", () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { file, spec } of loadSpecs()) {
      const first = seen.get(spec.id);
      if (first) duplicates.push(`${spec.id} in ${first} and ${file}`);
      else seen.set(spec.id, file);
    }
    expect(duplicates).toEqual([]);
  });

  it("uses only event kinds of the patient model", () => {
    expect(offenders((s) => s.events.map((e) => e.kind).filter((k) => !eventKinds.has(k)))).toEqual([]);
  });

  it("ends events and context periods no earlier than they start", () => {
    const bad = loadSpecs().flatMap(({ file, spec }) => [
      ...spec.events
        .filter((e) => e.endDay !== undefined && e.endDay < e.day)
        .map((e) => `${file}: event ${e.text}`),
      ...spec.context
        .filter((c) => c.to !== undefined && c.to < c.from)
        .map((c) => `${file}: context ${c.drug}`),
    ]);
    expect(bad).toEqual([]);
  });

  it("exposure drug ids exist in knowledge/drugs.yaml or knowledge/context-drugs.yaml", () => {
    expect(offenders((s) => s.exposures.map((e) => e.drug).filter((d) => !known.has(d)))).toEqual([]);
  });

  it("context drug ids exist in knowledge/drugs.yaml or knowledge/context-drugs.yaml", () => {
    expect(offenders((s) => s.context.map((c) => c.drug).filter((d) => !known.has(d)))).toEqual([]);
  });

  it("lab ids exist in knowledge/labs.yaml", () => {
    expect(offenders((s) => s.labs.map((l) => l.lab).filter((id) => !labs.has(id)))).toEqual([]);
  });
});
