/**
 * An imported OMOP cohort written back as a FHIR Bulk Data export (one NDJSON file per resource type and
 * the `$export` manifest), through the cohort's own OMOP → FHIR reading (records.ts), with the deaths as
 * `Patient.deceasedDateTime`: the FHIR side of the round-trip tests and of the import benchmark.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { CohortDatabase } from "@hemosentinel/cohort";
import { readBatch } from "../../packages/cohort/src/records.js";

export interface FhirExportOptions {
  /** Gzip each file (`Patient.ndjson.gz`). */
  readonly gzip?: boolean;
  /** Upper-case file names (`PATIENT.ndjson`). */
  readonly upperCase?: boolean;
}

/** Writes the cohort in `db` as a bulk export into `out`; returns the resources written by type. */
export async function writeFhirExport(
  db: CohortDatabase,
  out: string,
  options: FhirExportOptions = {},
): Promise<Record<string, number>> {
  const persons = (await db.all("SELECT person_id FROM cdm.person ORDER BY person_id")).map((r) =>
    String(r.person_id),
  );
  const deaths = new Map(
    (await db.all("SELECT person_id, strftime(death_date, '%Y-%m-%d') AS d FROM cdm.death")).map((r) => [
      String(r.person_id),
      String(r.d),
    ]),
  );
  const lines = new Map<string, string[]>();
  for (let i = 0; i < persons.length; i += 500) {
    for (const r of await readBatch(db, persons.slice(i, i + 500).map(Number), "2100-01-01T00:00:00Z")) {
      const death = r.resourceType === "Patient" ? deaths.get(r.id) : undefined;
      const resource = death === undefined ? r : { ...r, deceasedDateTime: death };
      const list = lines.get(r.resourceType) ?? [];
      list.push(JSON.stringify(resource));
      lines.set(r.resourceType, list);
    }
  }
  const output: { type: string; url: string }[] = [];
  const counts: Record<string, number> = {};
  for (const [type, list] of lines) {
    const name = `${options.upperCase ? type.toUpperCase() : type}.ndjson${options.gzip ? ".gz" : ""}`;
    const text = `${list.join("\n")}\n`;
    writeFileSync(join(out, name), options.gzip ? gzipSync(text) : text);
    output.push({ type, url: name });
    counts[type] = list.length;
  }
  writeFileSync(
    join(out, "manifest.json"),
    JSON.stringify({
      transactionTime: "2026-01-01T00:00:00Z",
      request: "$export",
      requiresAccessToken: false,
      output,
    }),
  );
  return counts;
}
