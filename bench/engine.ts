/** The real adapters and core, bound to the shipped knowledge base, as the benchmarks call them. */
import {
  assess,
  createEngine,
  gradeRecord,
  openKnowledge,
  type PatientRecord,
  resolveSettings,
} from "@hemosentinel/core";
import { compiledBundle } from "@hemosentinel/knowledge";
import type { DetectStages } from "./detect-bench.js";
import type { IngestStages } from "./ingest-bench.js";

/**
 * Ingestion (FHIR → records), CTCAE grading (lab and event terms) and the full assessment at a fixed
 * evaluation time, through the same engine the CLI drives (the compiled knowledge bundle, as the CLI opens it).
 * @example
 * const stages = createStages("2025-01-01T00:00:00Z");
 */
export function createStages(evaluatedAt: string): Required<IngestStages> & DetectStages {
  const k = openKnowledge(compiledBundle());
  const lab = (id: string) => k.vocabulary.labById(id);
  const settings = { source: "default", values: resolveSettings(k) };
  const fresh = () => createEngine(k, { evaluatedAt, version: "bench" });
  return {
    ingest: (value, file) => fresh().add({ kind: "fhir", value }, file).patients,
    grade: (record) => gradeRecord(record, k.ctcae, lab),
    assess: (records: readonly PatientRecord[]) =>
      assess(records, evaluatedAt, k, { version: "bench", settings }),
  };
}
