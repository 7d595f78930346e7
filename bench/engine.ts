/** The real adapters and core, bound to the shipped knowledge base, as the benchmarks call them. */
import { ingestFhir } from "../src/adapters/fhir/ingest.js";
import { packageVersion } from "../src/cli/runtime.js";
import { assess } from "../src/core/assess.js";
import { gradeRecord } from "../src/core/grading/ctcae.js";
import { gradeEvents } from "../src/core/grading/ctcae-events.js";
import { loadKnowledge } from "../src/knowledge/knowledge.js";
import type { DetectStages } from "./detect-bench.js";
import type { IngestStages } from "./ingest-bench.js";

/**
 * Ingestion (FHIR → records), CTCAE grading and the full assessment at a fixed evaluation time.
 * @example
 * const stages = createStages("2025-01-01T00:00:00Z");
 */
export function createStages(evaluatedAt: string): Required<IngestStages> & DetectStages {
  const k = loadKnowledge();
  const engine = { version: packageVersion() };
  const lab = (id: string) => k.vocabulary.labById(id);
  return {
    ingest: (value, file) => ingestFhir(value, { vocabulary: k.vocabulary, evaluatedAt, file }).patients,
    grade: (record) => [...gradeRecord(record, k.ctcae, lab), ...gradeEvents(record, k.ctcae, lab)],
    assess: (records) => assess(records, evaluatedAt, k, engine),
  };
}
