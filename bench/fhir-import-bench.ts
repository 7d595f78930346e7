/**
 * `cohort import` of a FHIR Bulk Data export (the generated exports of bulk-export.ts: Patient,
 * Condition, MedicationAdministration and Observation parts with the manifest) into DuckDB, in resources
 * per second, against reading the same files and `JSON.parse` of each line — the least any NDJSON import
 * does. The import also maps every resource to CDM rows, stages them as CSV and runs the OMOP folder
 * import (concept maps, unit checks, every row judged), so the ratio says what that costs per byte.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { importCdm, openDuckDb } from "@hemosentinel/cohort";
import { type Knowledge, openKnowledge } from "@hemosentinel/core";
import { compiledBundle } from "@hemosentinel/knowledge";
import { generateBulkExport } from "./bulk-export.js";
import { median } from "./measure.js";
import { formatTable } from "./table.js";

const MB = 1024 * 1024;

/** Reads every NDJSON file of the export and parses each line: the baseline. */
function parseAll(dir: string, files: readonly string[]): number {
  let n = 0;
  for (const f of files)
    for (const line of readFileSync(join(dir, f), "utf8").split("\n"))
      if (line !== "") n += JSON.parse(line) ? 1 : 0;
  return n;
}

export interface FhirImportRow {
  readonly patients: number;
  readonly resources: number;
  readonly megabytes: number;
  readonly parseMs: number;
  readonly importMs: number;
  readonly reps: number;
}

/**
 * Generates an export of about `megabytes` and times parse and import alternately, `reps` times each
 * (medians).
 * @example
 * const row = await benchFhirImport(knowledge, 20, 1);
 */
export async function benchFhirImport(
  knowledge: Knowledge,
  megabytes: number,
  reps: number,
): Promise<FhirImportRow> {
  const base = mkdtempSync(join(tmpdir(), "hemosentinel-fhir-bench-"));
  try {
    const dir = join(base, "export");
    mkdirSync(dir);
    const generated = generateBulkExport(dir, megabytes * MB, 2026);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
      output: { url: string }[];
    };
    const files = manifest.output.map((o) => o.url);
    const parseMs: number[] = [];
    const importMs: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      let t = performance.now();
      const parsed = parseAll(dir, files);
      parseMs.push(performance.now() - t);
      const db = await openDuckDb(join(base, `bench-${rep}.duckdb`));
      try {
        t = performance.now();
        const summary = await importCdm(db, dir, knowledge);
        importMs.push(performance.now() - t);
        const resources = (summary.fhir?.resources ?? []).reduce((n, r) => n + r.read, 0);
        if (resources !== generated.resources || parsed !== generated.resources)
          throw new Error(`read ${resources} and parsed ${parsed} resources of ${generated.resources}`);
      } finally {
        db.close();
      }
    }
    return {
      patients: generated.patients,
      resources: generated.resources,
      megabytes,
      parseMs: median(parseMs),
      importMs: median(importMs),
      reps,
    };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/**
 * Runs and prints the stage: an export of 200 MB (20 MB with `quick`), median of 3 (1 with `quick`).
 * @example
 * await fhirImportStage(true);
 */
export async function fhirImportStage(quick: boolean): Promise<void> {
  try {
    const r = await benchFhirImport(openKnowledge(compiledBundle()), quick ? 20 : 200, quick ? 1 : 3);
    console.log(
      `\n(9) FHIR bulk export into the cohort store (\`cohort import\`): ${r.patients} patients, median of ${r.reps}`,
    );
    console.log(
      formatTable(
        ["resources", "MB", "parse ms", "import ms", "import resources/s", "× JSON.parse"],
        [
          [
            r.resources,
            r.megabytes,
            r.parseMs,
            r.importMs,
            (r.resources * 1000) / r.importMs,
            r.importMs / r.parseMs,
          ],
        ],
      ),
    );
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  }
}
