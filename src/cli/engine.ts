/**
 * The adapters and the pure core bound to one knowledge base, engine version and evaluation time —
 * the `Engine` the CLI pipeline drives.
 */
import { ingestCsv } from "../adapters/csv/ingest.js";
import { ingestFhir, ingestNdjson } from "../adapters/fhir/ingest.js";
import { mergeRecords } from "../adapters/patient-builder.js";
import { assess } from "../core/assess.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import { resolveSettings } from "../settings/resolve.js";
import type { SettingsInForce } from "../settings/schema.js";
import type { Engine } from "./pipeline.js";

/**
 * Binds adapters and core to `k`, `evaluatedAt` and the engine `version`; `settings` are those `k` was
 * prepared with (src/settings `withSettings`), by default the knowledge base's own.
 * @example
 * const { knowledge, settings } = withSettings(loadKnowledge());
 * const engine = createEngine(knowledge, "2025-03-01T23:59:59Z", "0.1.0", settings);
 */
export function createEngine(
  k: Knowledge,
  evaluatedAt: string,
  version: string,
  settings: SettingsInForce = { source: "default", values: resolveSettings(k) },
): Engine {
  const base = { vocabulary: k.vocabulary, evaluatedAt };
  return {
    ingestJson: (value, file) => ingestFhir(value, { ...base, file }),
    ingestNdjson: (text, file) => ingestNdjson(text, { ...base, file }),
    ingestCsv: (text, file) => ingestCsv(text, { ...base, file }),
    merge: mergeRecords,
    assess: (records) => assess(records, evaluatedAt, k, { version, settings }),
  };
}
