/** The real adapters and core, bound to the shipped knowledge base, as the benchmarks call them. */
import { createEngine } from "../src/cli/engine.js";
import { packageVersion } from "../src/cli/runtime.js";
import { gradeRecord } from "../src/core/grading/ctcae.js";
import { loadKnowledge } from "../src/knowledge/knowledge.js";
import type { DetectStages } from "./detect-bench.js";
import type { IngestStages } from "./ingest-bench.js";

/**
 * Ingestion (FHIR → records), CTCAE grading (lab and event terms) and the full assessment at a fixed
 * evaluation time, through the same engine the CLI drives.
 * @example
 * const stages = createStages("2025-01-01T00:00:00Z");
 */
export function createStages(evaluatedAt: string): Required<IngestStages> & DetectStages {
  const k = loadKnowledge();
  const engine = createEngine(k, evaluatedAt, packageVersion());
  const lab = (id: string) => k.vocabulary.labById(id);
  return {
    ingest: (value, file) => engine.ingestJson(value, file).patients,
    grade: (record) => gradeRecord(record, k.ctcae, lab),
    assess: (records) => engine.assess(records),
  };
}
