/**
 * `npm run bench`: (1) FHIR ingestion + normalisation + grading of the Synthea bundles repeated to
 * ≥ 200 MB, against JSON.parse of the same bytes (target ≤ 3×); (2) detection on 10,000 generated
 * patients against ingestion alone (target: detection adds ≤ 50 %). Prints tables; `--quick` runs
 * a tenth of the size for a smoke test.
 */
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runDetectBenchmark } from "./detect-bench.js";
import { createStages } from "./engine.js";
import { runIngestBenchmark } from "./ingest-bench.js";
import { runServeBenchmark } from "./serve-bench.js";
import { formatTable } from "./table.js";

const MB = 1024 * 1024;
/** Fixed evaluation time: after every generated and Synthea record, so nothing is "in the future". */
const EVALUATED_AT = "2025-01-01T00:00:00Z";
const SEED = 20_250_301;
const PARSE_TARGET = 3;
const DETECT_TARGET = 0.5;

function verdict(met: boolean): string {
  return met ? "target met" : "TARGET NOT MET";
}

function main(): void {
  const quick = process.argv.includes("--quick");
  const scale = quick ? 0.1 : 1;
  // bench/run.ts and bench/dist/run.js: the repository root holds bench/.
  const here = fileURLToPath(new URL(".", import.meta.url));
  const repoRoot = resolve(here, here.includes("dist") ? "../.." : "..");
  const syntheaDir = resolve(repoRoot, "..", "shared", "data", "synthea");
  const files = readdirSync(syntheaDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(syntheaDir, name), "utf8") }));
  const stages = createStages(EVALUATED_AT);

  console.log(
    `HemoSentinel benchmark · node ${process.version} · ${cpus()[0]?.model ?? "unknown CPU"} · ${quick ? "quick" : "full"}`,
  );
  console.log(
    `Median of 3 interleaved runs after 1 warm-up run of each stage; evaluation time ${EVALUATED_AT}.\n`,
  );

  const ingest = runIngestBenchmark(files, stages, { targetBytes: 200 * MB * scale, warmup: 1, reps: 3 });
  console.log(
    `(1) Ingestion: ${files.length} Synthea bundles × ${ingest.copies} copies = ${ingest.megabytes.toFixed(0)} MB, ${ingest.patients} patients per run`,
  );
  console.log(
    formatTable(
      ["stage", "ms", "MB/s", "× JSON.parse"],
      ingest.timings.map((t) => [t.stage, t.ms, t.mbPerSecond, t.ratio]),
    ),
  );
  const graded = ingest.timings.find((t) => t.stage === "parse + ingest + grade");
  console.log(
    `parse + ingest + grade within ${PARSE_TARGET}× JSON.parse: ${verdict((graded?.ratio ?? Infinity) <= PARSE_TARGET)}\n`,
  );

  const detect = runDetectBenchmark(stages, { patients: 10_000 * scale, seed: SEED, chunk: 250, reps: 3 });
  console.log(
    `(2) Detection: ${detect.patients} generated patients, ${detect.observations} observations, ${detect.withFinding} with a finding`,
  );
  console.log(
    formatTable(
      ["stage", "ms", "patients/s"],
      [
        ["ingestion only", detect.ingestMs, detect.ingestPerSecond],
        ["assess (detection, grading, plan)", detect.assessMs, detect.patients / (detect.assessMs / 1000)],
        ["ingestion + assess", detect.ingestMs + detect.assessMs, detect.totalPerSecond],
      ],
    ),
  );
  console.log(
    `detection adds ${(detect.overhead * 100).toFixed(0)} % over ingestion (target ≤ ${DETECT_TARGET * 100} %): ${verdict(detect.overhead <= DETECT_TARGET)}`,
  );
}

main();
await runServeBenchmark(process.argv.includes("--quick"));
