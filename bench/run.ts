/**
 * `npm run bench`: (1) FHIR ingestion + normalisation + grading of the Synthea bundles repeated to
 * ≥ 200 MB, against JSON.parse of the same bytes (target ≤ 3×); (2) detection on 10,000 generated
 * patients against ingestion alone (target: detection adds ≤ 50 %); (3) start-up: the whole process of a
 * one-file `hemosentinel assess` against `node -e 0`, median of paired runs (target ≤ 2.5×); (4) the CDS
 * Hooks service under load against the same server answering a fixed card (serve-bench.ts); (5) the web
 * app (web-stage.ts); (6) cohort surveillance on generated OMOP cohorts (cohort-stage.ts); (7) bulk input
 * (bulk-bench.ts): peak RSS over generated exports of growing size, and whole-process `assess` over
 * ≈ 190 MB of Synthea against read + JSON.parse (target ≤ 2.5×); (8) `pv`: FAERS import and
 * disproportionality statistics on a synthetic corpus (pv-stage.ts); (9) the cohort on PostgreSQL against
 * DuckDB (cohort-postgres.ts, `--pg-patients N`). Prints tables; `--quick` runs a
 * tenth of the size (7 start-up pairs instead of 31, 3 s of load instead of 30) for a smoke test;
 * `--only ingest|detect|startup|serve|web|cohort|bulk|pv|fhir|postgres` runs one of them; `--bulk-gb 0.5,1,2,5`
 * sets the export sizes of (7), `--cohort-size 100000` the cohort sizes of (6).
 */
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bulkStage } from "./bulk-bench.js";
import { cohortPostgresStage } from "./cohort-postgres.js";
import { cohortStage } from "./cohort-stage.js";
import { runDetectBenchmark } from "./detect-bench.js";
import { createStages } from "./engine.js";
import { fhirImportStage } from "./fhir-import-bench.js";
import { runIngestBenchmark } from "./ingest-bench.js";
import { pvStage } from "./pv-stage.js";
import { runServeBenchmark } from "./serve-bench.js";
import { runStartupBenchmark } from "./startup-bench.js";
import { formatTable } from "./table.js";
import { webStage } from "./web-stage.js";

const MB = 1024 * 1024;
/** Fixed evaluation time: after every generated and Synthea record, so nothing is "in the future". */
const EVALUATED_AT = "2025-01-01T00:00:00Z";
const SEED = 20_250_301;
const PARSE_TARGET = 3;
const DETECT_TARGET = 0.5;
const STARTUP_TARGET = 2.5;
/** The start-up benchmark's input: one small published case (one patient, 2.8 KB). */
const STARTUP_FILE = join("examples", "itp-pembrolizumab-nsclc-mouri-2020.json");
const STAGES = [
  "ingest",
  "detect",
  "startup",
  "serve",
  "web",
  "cohort",
  "bulk",
  "pv",
  "fhir",
  "postgres",
] as const;

function verdict(met: boolean): string {
  return met ? "target met" : "TARGET NOT MET";
}

/** The stages to run: all, or the one `--only` names. */
function stagesToRun(argv: readonly string[]): ReadonlySet<string> {
  const i = argv.indexOf("--only");
  if (i < 0) return new Set(STAGES);
  const only = argv[i + 1] ?? "";
  if (!(STAGES as readonly string[]).includes(only))
    throw new Error(`--only takes one of ${STAGES.join(", ")}, not ${JSON.stringify(only)}`);
  return new Set([only]);
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const run = stagesToRun(process.argv);
  const scale = quick ? 0.1 : 1;
  // bench/run.ts and bench/dist/run.js: the repository root holds bench/.
  const here = fileURLToPath(new URL(".", import.meta.url));
  const repoRoot = resolve(here, here.includes("dist") ? "../.." : "..");
  console.log(
    `HemoSentinel benchmark · node ${process.version} · ${cpus()[0]?.model ?? "unknown CPU"} · ${quick ? "quick" : "full"}`,
  );
  console.log(
    `Median of 3 interleaved runs after 1 warm-up run of each stage; evaluation time ${EVALUATED_AT}.\n`,
  );

  if (run.has("ingest") || run.has("detect")) {
    const stages = createStages(EVALUATED_AT);
    if (run.has("ingest")) ingestStage(syntheaFiles(repoRoot), stages, scale);
    if (run.has("detect")) detectStage(stages, scale);
  }
  if (run.has("startup")) startupStage(repoRoot, quick);
  if (run.has("serve")) await runServeBenchmark(quick);
  if (run.has("web")) await webStage(repoRoot, syntheaFiles(repoRoot), quick);
  if (run.has("cohort")) await cohortStage(quick, process.argv);
  if (run.has("bulk")) bulkStage(repoRoot, process.argv, quick);
  if (run.has("pv")) await pvStage(quick, SEED, process.argv);
  if (run.has("fhir")) await fhirImportStage(quick);
  if (run.has("postgres")) await cohortPostgresStage(process.argv, quick);
}

/** The Synthea bundles of the shared test data, sorted by name. */
function syntheaFiles(repoRoot: string): { name: string; text: string }[] {
  const syntheaDir = resolve(repoRoot, "..", "shared", "data", "synthea");
  return readdirSync(syntheaDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(syntheaDir, name), "utf8") }));
}

function ingestStage(
  files: readonly { name: string; text: string }[],
  stages: ReturnType<typeof createStages>,
  scale: number,
): void {
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
}

function detectStage(stages: ReturnType<typeof createStages>, scale: number): void {
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
    `detection adds ${(detect.overhead * 100).toFixed(0)} % over ingestion (target ≤ ${DETECT_TARGET * 100} %): ${verdict(detect.overhead <= DETECT_TARGET)}\n`,
  );
}

function startupStage(repoRoot: string, quick: boolean): void {
  const startup = runStartupBenchmark({
    bin: join(repoRoot, "packages", "cli", "dist", "main.js"),
    file: join(repoRoot, STARTUP_FILE),
    at: "2026-11-01",
    pairs: quick ? 7 : 31,
    warmup: 2,
  });
  console.log(
    `(3) Start-up: hemosentinel assess ${STARTUP_FILE} (whole process) against node -e 0, median of ${startup.pairs} paired runs`,
  );
  console.log(
    formatTable(
      ["process", "ms"],
      [
        ["node -e 0", startup.nodeMs],
        ["hemosentinel assess (one small bundle)", startup.assessMs],
      ],
    ),
  );
  const [low, high] = startup.ratioRange;
  console.log(
    `assess takes ${startup.ratio.toFixed(2)}× node -e 0 (pairs ${low.toFixed(2)}–${high.toFixed(2)}; target ≤ ${STARTUP_TARGET}×): ${verdict(startup.ratio <= STARTUP_TARGET)}`,
  );
}

await main();
