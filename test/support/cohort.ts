import { join } from "node:path";
import {
  type CohortDatabase,
  generateCohort,
  type ImportSummary,
  importCdm,
  openDuckDb,
} from "@hemosentinel/cohort";
import type { Knowledge } from "@hemosentinel/core";
import { loadKnowledge } from "@hemosentinel/knowledge";
import { tempDir } from "./temp.js";

let knowledge: Knowledge | undefined;
/** The knowledge read from its sources (no build needed). */
export function testKnowledge(): Knowledge {
  knowledge ??= loadKnowledge();
  return knowledge;
}

const generated = new Map<string, Promise<string>>();

/** The folder of a generated cohort (generated on first use). */
export function generatedCohort(patients: number, seed: number, enrich: number): Promise<string> {
  const key = `${patients}/${seed}/${enrich}`;
  let dir = generated.get(key);
  if (dir === undefined) {
    const out = join(tempDir("cohort-"), "cdm");
    dir = generateCohort({ patients, seed, enrich, out }, testKnowledge().incidence).then(() => out);
    generated.set(key, dir);
  }
  return dir;
}

/** A fresh in-memory database with the folder imported. */
export async function importedDb(dir: string): Promise<{ db: CohortDatabase; summary: ImportSummary }> {
  const db = await openDuckDb(":memory:");
  const summary = await importCdm(db, dir, testKnowledge());
  return { db, summary };
}

/** Every row read is imported (then used or not used) or rejected. */
export function unaccounted(summary: ImportSummary): string[] {
  return summary.tables
    .filter((t) => t.read !== t.used + t.notUsed + t.rejected.reduce((n, r) => n + r.rows, 0))
    .map((t) => t.table);
}
