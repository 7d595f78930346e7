/**
 * Stage (4) of `npm run bench`: the pharmacovigilance benchmark on 20 million synthetic FAERS reports in 20
 * quarters (2 million in 4 with --quick; `--pv-reports N` and `--pv-quarters Q` choose), printed as ratios
 * to its baselines of the same run (the import against two reads of the same files: `count(*)`, which
 * makes no column value, and every column's values; wall-clock time, which the targets are set in, and CPU time), with the
 * machine's load average.
 */
import { loadavg } from "node:os";
import { compiledBundle } from "@hemosentinel/knowledge";
import { runPvBenchmark, type Timing } from "./pv-bench.js";
import { formatTable } from "./table.js";

const IMPORT_TARGET = 3;
const STATS_TARGET = 5;
const MEMORY_TARGET_MB = 4096;

const verdict = (met: boolean) => (met ? "target met" : "TARGET NOT MET");

/** A positive whole number given as `--flag N`, or the default. */
function count(argv: readonly string[], flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${flag} takes a positive whole number, not ${argv[i + 1]}`);
  return n;
}

/**
 * Runs and prints the pv benchmark.
 * @example
 * await pvStage(false, 20_250_301, ["--pv-reports", "1000000", "--pv-quarters", "4"]);
 */
export async function pvStage(quick: boolean, seed: number, argv: readonly string[] = []): Promise<void> {
  const reports = count(argv, "--pv-reports", quick ? 2_000_000 : 20_000_000);
  const quarters = count(argv, "--pv-quarters", quick ? 4 : 20);
  const loadBefore = loadavg()[0] ?? 0;
  const r = await runPvBenchmark(compiledBundle(), { reports, quarters }, seed);
  const loadAfter = loadavg()[0] ?? 0;
  console.log(
    `\n(4) Pharmacovigilance: ${r.reports} synthetic FAERS reports, ${r.rows} rows, ${r.megabytes.toFixed(0)} MB; ${r.pairs} drug × disorder pairs`,
  );
  const statsRatio = r.stats.ms / r.count.ms;
  const row = (step: string, t: Timing, base: Timing) => [
    step,
    t.ms,
    r.rows / (t.ms / 1000),
    t.ms / base.ms,
    t.cpuMs,
    t.cpuMs / base.cpuMs,
  ];
  console.log(
    formatTable(
      ["step", "ms", "rows/s", "× baseline", "CPU ms", "CPU × baseline"],
      [
        row("DuckDB read_csv of the files, count(*) (baseline)", r.read, r.read),
        row("DuckDB read_csv of the files, every column's values (baseline)", r.readValues, r.readValues),
        row("pv import, against the count(*) read", r.import, r.read),
        row("pv import, against the read of every value", r.import, r.readValues),
        row("GROUP BY drug, event count (baseline)", r.count, r.count),
        row("pv signals: ROR, PRR, IC, EBGM (fitted prior)", r.stats, r.count),
      ],
    ),
  );
  for (const [name, base] of [
    ["read_csv count(*), which makes no column value", r.read],
    ["read_csv of every column's values", r.readValues],
  ] as const) {
    const ratio = r.import.ms / base.ms;
    console.log(
      `import within ${IMPORT_TARGET}× ${name}: ${ratio.toFixed(2)}× (CPU ${(r.import.cpuMs / base.cpuMs).toFixed(2)}×), ${verdict(ratio <= IMPORT_TARGET)}`,
    );
  }
  console.log(`statistics within ${STATS_TARGET}× the count: ${verdict(statsRatio <= STATS_TARGET)}`);
  console.log(
    `peak resident memory ${r.peakRssMb.toFixed(0)} MB (target ≤ ${MEMORY_TARGET_MB} MB): ${verdict(r.peakRssMb <= MEMORY_TARGET_MB)}`,
  );
  console.log(`1-minute load average: ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`);
}
