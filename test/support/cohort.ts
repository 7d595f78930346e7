import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CohortDatabase,
  generateCohort,
  type ImportOptions,
  type ImportSummary,
  importCdm,
  openDuckDb,
  prefilterCandidates,
  type ScreenResult,
  screenCohort,
} from "@hemosentinel/cohort";
import type { Knowledge } from "@hemosentinel/core";
import { stringify } from "csv-stringify/sync";
import { testKnowledge as cachedKnowledge } from "./knowledge.js";
import { tempDir } from "./temp.js";

let knowledge: Knowledge | undefined;
/** The knowledge read from its sources (no build needed). */
export function testKnowledge(): Knowledge {
  knowledge ??= cachedKnowledge();
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

/** A fresh in-memory database with the folder imported (with the import's options, such as a site's lab map). */
export async function importedDb(
  dir: string,
  options: ImportOptions = {},
): Promise<{ db: CohortDatabase; summary: ImportSummary }> {
  const db = await openDuckDb(":memory:");
  const summary = await importCdm(db, dir, testKnowledge(), undefined, options);
  return { db, summary };
}

/**
 * Runs `test` on a fresh database holding the enriched cohort of the screen's tests (160 patients, case
 * rates × 8, so that rare disorders appear) with its patients exposed by `at`; closes the database after.
 */
export async function withEnrichedCohort(
  at: string,
  test: (db: CohortDatabase, exposed: readonly string[]) => Promise<void>,
): Promise<void> {
  const { db } = await importedDb(await generatedCohort(160, 21, 8));
  try {
    await test(db, (await prefilterCandidates(db, testKnowledge(), at)).exposed);
  } finally {
    db.close();
  }
}

/** Every row read is imported (then used or not used) or rejected. */
export function unaccounted(summary: ImportSummary): string[] {
  return summary.tables
    .filter((t) => t.read !== t.used + t.notUsed + t.rejected.reduce((n, r) => n + r.rows, 0))
    .map((t) => t.table);
}

/**
 * A DuckDB file in a temporary folder with the folder imported and one screening run per evaluation time
 * in `at` (in order), closed again: what `cohort import` then `cohort screen` leave for `serve --cohort-db`.
 */
export async function screenedDbFile(
  dir: string,
  at: readonly string[],
): Promise<{ path: string; runs: ScreenResult[] }> {
  const path = join(tempDir("cohort-db-"), "cohort.duckdb");
  const db = await openDuckDb(path);
  const runs: ScreenResult[] = [];
  try {
    await importCdm(db, dir, testKnowledge());
    for (const evaluatedAt of at)
      runs.push(
        await screenCohort(db, testKnowledge(), { evaluatedAt, version: "0.1.0-test", since: "last" }),
      );
  } finally {
    db.close();
  }
  return { path, runs };
}

/** A concept row: [concept_id, vocabulary_id, concept_code, concept_name]. */
export type OmopConcept = readonly [id: number, vocabulary: string, code: string, name: string];

/** Rows of a small hand-written cohort, each without its own id (numbered in order). */
export interface OmopRows {
  /** [person_id, drug_concept_id, start date, end date] */
  drug: unknown[][];
  /** [person_id, measurement_concept_id, date, value_as_number, unit_concept_id, value_source_value] */
  measurement: unknown[][];
  /** [person_id, condition_concept_id, start date, end date (optional: none when absent)] */
  condition: unknown[][];
}

/** Writes a hand-written cohort as an OMOP CDM folder of CSV files, every person observed 2010–2025. */
export function writeOmopCohort(
  dir: string,
  concepts: readonly OmopConcept[],
  persons: readonly number[],
  rows: OmopRows,
): void {
  mkdirSync(dir, { recursive: true });
  const write = (table: string, header: string[], body: unknown[][]) =>
    writeFileSync(join(dir, `${table}.csv`), stringify([header, ...body]));
  const numbered = (body: unknown[][]) => body.map((r, i) => [i + 1, ...r]);
  write(
    "concept",
    ["concept_id", "concept_name", "domain_id", "vocabulary_id", "concept_code"],
    concepts.map(([cid, vocabulary, code, name]) => [cid, name, "", vocabulary, code]),
  );
  write(
    "person",
    ["person_id", "gender_concept_id", "year_of_birth"],
    persons.map((p) => [p, 8532, 1960]),
  );
  write(
    "observation_period",
    ["observation_period_id", "person_id", "observation_period_start_date", "observation_period_end_date"],
    persons.map((p) => [p, p, "2010-01-01", "2025-12-31"]),
  );
  write(
    "drug_exposure",
    [
      "drug_exposure_id",
      "person_id",
      "drug_concept_id",
      "drug_exposure_start_date",
      "drug_exposure_end_date",
    ],
    numbered(rows.drug),
  );
  write(
    "measurement",
    [
      "measurement_id",
      "person_id",
      "measurement_concept_id",
      "measurement_date",
      "value_as_number",
      "unit_concept_id",
      "value_source_value",
    ],
    numbered(rows.measurement),
  );
  write(
    "condition_occurrence",
    [
      "condition_occurrence_id",
      "person_id",
      "condition_concept_id",
      "condition_start_date",
      "condition_end_date",
    ],
    numbered(rows.condition.map(([person, concept, start, end]) => [person, concept, start, end ?? ""])),
  );
}
