/**
 * The record model holds for what the adapters really build: every patient record read from the
 * examples, from the Synthea bundles and from a CSV file validates against its zod schema.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PatientRecordSchema } from "../../packages/core/src/contracts/model.js";
import { createEngine, type Document } from "../../packages/core/src/create-engine.js";
import { testKnowledge } from "../support/knowledge.js";
import { REPO_ROOT, SYNTHEA } from "../support/paths.js";

const knowledge = testKnowledge();

/** The records `documents` hold, with every problem the record schema finds in them. */
function problems(documents: readonly [string, Document][]): { records: number; problems: string[] } {
  const engine = createEngine(knowledge, { evaluatedAt: "2026-11-01T23:59:59Z", version: "test" });
  let records = 0;
  const found: string[] = [];
  for (const [source, document] of documents) {
    for (const record of engine.add(document, source).patients) {
      records++;
      const r = PatientRecordSchema.safeParse(record);
      if (!r.success)
        found.push(
          ...r.error.issues.map((i) => `${source} ${record.patientId} ${i.path.join(".")}: ${i.message}`),
        );
    }
  }
  return { records, problems: found };
}

const jsonFiles = (dir: string): [string, Document][] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f, { kind: "fhir", value: JSON.parse(readFileSync(join(dir, f), "utf8")) }]);

describe("the adapters' records validate against PatientRecordSchema", () => {
  it("the examples", () => {
    const r = problems(jsonFiles(join(REPO_ROOT, "examples")));
    expect(r.records).toBeGreaterThan(10);
    expect(r.problems).toEqual([]);
  });

  it("the Synthea bundles", () => {
    const r = problems(jsonFiles(SYNTHEA));
    expect(r.records).toBeGreaterThan(0);
    expect(r.problems).toEqual([]);
  }, 60_000);

  it("a CSV file with a patient row, labs, a dose and an event", () => {
    const csv = [
      "patient_id,record_type,date,code_system,code,text,value,unit,sex,birth_date",
      "p1,patient,,,,,,,female,1960-03-01",
      "p1,dose,2024-01-01,,,pembrolizumab,,,,",
      "p1,lab,2024-02-01,lab,platelets,,12,10*9/L,,",
      "p1,lab,2024-02-01,loinc,3173-2,,71,s,,",
      "p1,event,2024-02-02,text,,deep vein thrombosis,,,,",
      "p1,lab,2024-02-03,lab,platelets,,12,furlongs,,",
    ].join("\n");
    const r = problems([["rows.csv", { kind: "csv", text: csv }]]);
    expect(r.records).toBe(1);
    expect(r.problems).toEqual([]);
  });
});
