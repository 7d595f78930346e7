/**
 * The pharmacovigilance benchmark: `pv import` of a synthetic FAERS corpus against DuckDB's own read_csv
 * of the same files (target ≤ 3×), all four statistics over every drug × disorder pair against one
 * GROUP BY drug, event count of the imported reports (target ≤ 5×), and the process's peak resident memory
 * (target ≤ 4 GB). Ratios are measured in the same run, on the same machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { KnowledgeBundle } from "@hemosentinel/core";
import { computeSignals, discover, importFiles, openDb } from "@hemosentinel/pv";
import { type CorpusSize, writeCorpus } from "./pv-corpus.js";

/** Wall-clock time and the process's CPU time (every DuckDB thread's), both in ms. */
export interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

export interface PvBenchResult {
  readonly reports: number;
  readonly rows: number;
  readonly megabytes: number;
  readonly read: Timing;
  readonly import: Timing;
  readonly count: Timing;
  readonly stats: Timing;
  readonly pairs: number;
  readonly peakRssMb: number;
}

/** Samples the resident set size while `fn` runs; returns its result and the peak in MB. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  try {
    const result = await fn();
    return [result, Math.max(peak, process.memoryUsage.rss()) / (1024 * 1024)];
  } finally {
    clearInterval(timer);
  }
}

/**
 * Times `fn`. CPU time is reported beside wall-clock time because the benchmark may share the machine: other
 * jobs lengthen a parallel read's wall-clock time more than a step that runs on one core, so CPU-time
 * ratios change less with the load.
 */
async function timed<T>(fn: () => Promise<T>): Promise<[T, Timing]> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await fn();
  const cpu = process.cpuUsage(cpu0);
  return [result, { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 }];
}

/**
 * Generates the corpus in a temporary folder, runs the three measurements, removes the folder.
 * @example
 * const r = await runPvBenchmark(compiledBundle(), { reports: 2_000_000, quarters: 8 }, 7);
 */
export async function runPvBenchmark(
  bundle: KnowledgeBundle,
  size: CorpusSize,
  seed: number,
): Promise<PvBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "hemosentinel-pv-bench-"));
  try {
    const corpus = writeCorpus(join(dir, "faers"), size, seed);
    const [[timings, pairs], peak] = await withPeakRss(async () => {
      const db = await openDb(join(dir, "faers.duckdb"));
      try {
        // Baseline: DuckDB reading the same files (every table of a kind in one scan), rows counted.
        const [, read] = await timed(async () => {
          for (const kind of ["DEMO", "DRUG", "REAC"])
            await db.all(
              `SELECT count(*) FROM read_csv(${JSON.stringify(corpus.files.filter((f) => f.includes(`/${kind}`))).replaceAll('"', "'")}, delim = '$', header = true, all_varchar = true, quote = '', null_padding = true)`,
            );
        });
        const [, imported] = await timed(() => importFiles(db, discover([corpus.dir]), bundle));
        // The count stays in DuckDB (its size is all that comes back): millions of name × term rows made into
        // JavaScript objects would time and measure the transfer, not the count. It counts the stored rows
        // as they are stored (drug and term ids), as the statistics read them.
        const [, count] = await timed(() =>
          db.all(
            "SELECT count(*) AS pairs, sum(n) AS n FROM (SELECT d.name_id, e.term_id, count(*) AS n FROM pv_drug_data d JOIN pv_event_data e USING (report) GROUP BY ALL)",
          ),
        );
        const [signals, stats] = await timed(() =>
          computeSignals(db, bundle, {
            level: "drug",
            roles: [],
            comparator: "all",
            strata: [],
            methods: ["ror", "prr", "ic", "ebgm"],
            squash: true,
            mask: false,
            select: [],
          }),
        );
        return [{ read, import: imported, count, stats }, signals.rows.length] as const;
      } finally {
        db.close();
      }
    });
    return {
      reports: size.reports,
      rows: corpus.rows,
      megabytes: corpus.bytes / (1024 * 1024),
      ...timings,
      pairs,
      peakRssMb: peak,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
