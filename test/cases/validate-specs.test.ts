/**
 * Checks every case spec (test/cases/specs/*.yaml) against the CaseSpec contract before the bundle
 * generator sees it: schema, file name = id, unique ids, known event kinds, and — once the knowledge
 * files exist — known drug and lab ids (the generator would otherwise fail on the first unknown id).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { EventKind } from "../../src/core/model.js";
import { CaseSpec } from "./spec.js";

const here = dirname(fileURLToPath(import.meta.url));
const SPECS = join(here, "specs");
const KNOWLEDGE = join(here, "..", "..", "knowledge");

/** Every event kind of the patient model; a Record so a new kind in model.ts must be added here too. */
const EVENT_KINDS: Record<EventKind, true> = {
  bleeding: true,
  thrombosis: true,
  crs: true,
  icans: true,
  sepsis: true,
  infection: true,
  hlh: true,
  "liver-disease": true,
  "marrow-involvement": true,
  "marrow-failure": true,
  "active-cancer": true,
  transplant: true,
  hit: true,
  dic: true,
  ttp: true,
  hus: true,
  hemolysis: true,
  itp: true,
  aha: true,
  "platelet-transfusion": true,
  "rbc-transfusion": true,
  "skin-necrosis": true,
};

interface LoadedSpec {
  readonly file: string;
  readonly spec: CaseSpec;
}

function loadSpecs(): LoadedSpec[] {
  return readdirSync(SPECS)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => ({ file, spec: CaseSpec.parse(parse(readFileSync(join(SPECS, file), "utf8"))) }));
}

/** Ids listed under `key` in a knowledge file, or undefined when the file does not exist yet. */
function knowledgeIds(file: string, key: string): Set<string> | undefined {
  const path = join(KNOWLEDGE, file);
  if (!existsSync(path)) return undefined;
  const doc = parse(readFileSync(path, "utf8")) as Record<string, { id: string }[] | undefined>;
  return new Set((doc[key] ?? []).map((entry) => entry.id));
}

const files = readdirSync(SPECS).filter((f) => f.endsWith(".yaml"));

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
    const unknown = loadSpecs().flatMap(({ file, spec }) =>
      spec.events.filter((e) => !(e.kind in EVENT_KINDS)).map((e) => `${file}: ${e.kind}`),
    );
    expect(unknown).toEqual([]);
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

  const drugs = knowledgeIds("drugs.yaml", "drugs");
  const contextDrugs = knowledgeIds("context-drugs.yaml", "contextDrugs");
  const known = new Set([...(drugs ?? []), ...(contextDrugs ?? [])]);

  it.skipIf(drugs === undefined)(
    drugs === undefined
      ? "exposure drug ids exist in the knowledge base (skipped: knowledge/drugs.yaml does not exist yet)"
      : "exposure drug ids exist in knowledge/drugs.yaml or knowledge/context-drugs.yaml",
    () => {
      const unknown = loadSpecs().flatMap(({ file, spec }) =>
        spec.exposures.filter((e) => !known.has(e.drug)).map((e) => `${file}: ${e.drug}`),
      );
      expect(unknown).toEqual([]);
    },
  );

  it.skipIf(contextDrugs === undefined)(
    contextDrugs === undefined
      ? "context drug ids exist in the knowledge base (skipped: knowledge/context-drugs.yaml does not exist yet)"
      : "context drug ids exist in knowledge/drugs.yaml or knowledge/context-drugs.yaml",
    () => {
      const unknown = loadSpecs().flatMap(({ file, spec }) =>
        spec.context.filter((c) => !known.has(c.drug)).map((c) => `${file}: ${c.drug}`),
      );
      expect(unknown).toEqual([]);
    },
  );

  const labs = knowledgeIds("labs.yaml", "labs");

  it.skipIf(labs === undefined)(
    labs === undefined
      ? "lab ids exist in the knowledge base (skipped: knowledge/labs.yaml does not exist yet)"
      : "lab ids exist in knowledge/labs.yaml",
    () => {
      const unknown = loadSpecs().flatMap(({ file, spec }) =>
        spec.labs.filter((l) => !labs?.has(l.lab)).map((l) => `${file}: ${l.lab}`),
      );
      expect(unknown).toEqual([]);
    },
  );
});
