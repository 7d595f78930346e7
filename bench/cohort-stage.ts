/**
 * Stage 6 of `npm run bench` as printed: the cohort benchmark (cohort-bench.ts) over its sizes — 10k and
 * 30k patients, `--quick` 1k, `--cohort-size 100000` (or a list, `10000,100000`) for the slow sizes.
 */
import { availableParallelism } from "node:os";
import { openKnowledge } from "@hemosentinel/core";
import { compiledBundle } from "@hemosentinel/knowledge";
import { benchCohort, type CohortBenchRow } from "./cohort-bench.js";
import { formatTable } from "./table.js";

const SCREEN_VS_ENGINE_TARGET = 10;
const SCREEN_VS_SCAN_TARGET = 3;
const MEMORY_TARGET_MB = 2048;
/** After every generated first dose and most follow-up. */
const EVALUATED_AT = "2025-06-30T23:59:59Z";

/** One size's ratios and memory against their targets, printed as soon as the size is done. */
function verdict(r: CohortBenchRow): void {
  console.log(JSON.stringify(r));
  const sampled =
    r.engineSample < r.exposed
      ? ` (engine time scaled up from ${r.engineSample} of ${r.exposed} exposed)`
      : "";
  console.log(
    `${r.patients} patients: screen (${r.workers} worker threads) ${(r.engineMs / r.screenMs).toFixed(1)}× faster than the full engine in one thread${sampled}, ${(r.engineMs / r.screenOneThreadMs).toFixed(1)}× in one thread, findings ${r.sameFindings ? "the same" : "DIFFERENT"} (target ≥ ${SCREEN_VS_ENGINE_TARGET}×: ${r.engineMs / r.screenMs >= SCREEN_VS_ENGINE_TARGET && r.sameFindings ? "target met" : "TARGET NOT MET"}); ${(r.screenMs / r.scanMs).toFixed(2)}× one DuckDB pass over ${r.scanRows} measurement rows (target ≤ ${SCREEN_VS_SCAN_TARGET}×: ${r.screenMs / r.scanMs <= SCREEN_VS_SCAN_TARGET ? "target met" : "TARGET NOT MET"}); peak ${r.peakMb.toFixed(0)} MB over generation, import, screen and baselines${r.screenPeakMb === undefined ? "" : `, ${r.screenPeakMb.toFixed(0)} MB during the screen`} (target ≤ ${MEMORY_TARGET_MB}: ${r.peakMb <= MEMORY_TARGET_MB ? "target met" : "TARGET NOT MET"})`,
  );
}

/** The sizes `--cohort-size 10000,100000` names, else the default (1k for `--quick`). */
export function cohortSizes(argv: readonly string[], quick: boolean): number[] {
  const i = argv.indexOf("--cohort-size");
  if (i < 0) return quick ? [1000] : [10_000, 30_000];
  const sizes = (argv[i + 1] ?? "").split(",").map(Number);
  if (sizes.some((s) => !Number.isInteger(s) || s < 1))
    throw new Error("--cohort-size takes whole numbers of patients: 10000,100000");
  return sizes;
}

/**
 * Runs and prints stage 6 over `cohortSizes(argv, quick)`. Failures set the exit code.
 * @example
 * await cohortStage(false, ["--cohort-size", "100000"]);
 */
export async function cohortStage(quick: boolean, argv: readonly string[]): Promise<void> {
  try {
    const knowledge = openKnowledge(compiledBundle());
    const workers = availableParallelism();
    const sizes = cohortSizes(argv, quick);
    const rows: CohortBenchRow[] = [];
    for (const patients of sizes) {
      const row = await benchCohort(knowledge, {
        patients,
        seed: 2026,
        fullEngineLimit: 10_000,
        evaluatedAt: EVALUATED_AT,
        workers,
        bundle: compiledBundle(),
      });
      verdict(row);
      rows.push(row);
    }
    console.log(`\n(4) Cohort surveillance: generated OMOP cohorts, screened as of ${EVALUATED_AT}`);
    console.log(
      formatTable(
        [
          "patients",
          "measurements",
          "import rows/s",
          "exposed",
          "candidates",
          "flagged",
          "workers",
          "screen ms",
          "1-thread screen ms",
          "scan ms",
          "engine ms",
          "× engine",
          "× engine, 1 thread",
          "× scan",
          "screen peak MB",
          "peak MB",
        ],
        rows.map((r) => [
          r.patients,
          r.measurements,
          r.importRowsPerSecond,
          r.exposed,
          r.candidates,
          r.flagged,
          r.workers,
          r.screenMs,
          r.screenOneThreadMs,
          r.scanMs,
          r.engineMs,
          r.engineMs / r.screenMs,
          r.engineMs / r.screenOneThreadMs,
          r.screenMs / r.scanMs,
          r.screenPeakMb ?? "–",
          r.peakMb,
        ]),
      ),
    );
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  }
}
