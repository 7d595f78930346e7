/**
 * The pharmacovigilance benchmark: `pv import` of a synthetic FAERS corpus against DuckDB's own read_csv
 * of the same files (target ≤ 3×; two baselines, see `BaselineRead`), all four statistics over every drug × disorder pair against one
 * GROUP BY drug, event count of the imported reports (target ≤ 5×), and the process's peak resident memory
 * (target ≤ 4 GB). Ratios are measured in the same run, on the same machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { KnowledgeBundle } from "@hemosentinel/core";
import { computeSignals, discover, importFiles, openDb, type PvDb, sqlText } from "@hemosentinel/pv";
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
  /** read_csv counting the rows (`count(*)`): the files are tokenized, no column value is made. */
  readonly read: Timing;
  /** read_csv producing every column's values (a `count` of each column, so none is pruned). */
  readonly readValues: Timing;
  readonly import: Timing;
  readonly count: Timing;
  readonly stats: Timing;
  readonly pairs: number;
  readonly peakRssMb: number;
}

/**
 * What a baseline read of the files produces. `count`: the rows counted, `count(*)`, with which DuckDB's
 * projection pushdown tokenizes the files but makes no column value. `values`: every column's values, as
 * reading the files for an import must (a `count` of each column touches them all, so none is pruned;
 * nothing is stored).
 */
export type BaselineRead = "count" | "values";

/** Rows read from one kind's files, and with `values`, the values (not null) each column produced. */
export interface KindRead {
  readonly kind: string;
  readonly rows: number;
  readonly values: Readonly<Record<string, number>>;
}

/** The FAERS file kinds the import reads, in the order the baseline reads them. */
const KINDS = ["DEMO", "DRUG", "REAC"] as const;

/**
 * DuckDB reading the files as the baseline does: every file of a kind in one scan, all text, no storage.
 * @example
 * const [demo] = await baselineRead(db, corpus.files, "values"); // demo.values.primaryid === demo.rows
 */
export async function baselineRead(
  db: PvDb,
  files: readonly string[],
  produce: BaselineRead,
): Promise<KindRead[]> {
  const out: KindRead[] = [];
  for (const kind of KINDS) {
    const list = files.filter((f) => f.includes(`/${kind}`)).map(sqlText);
    const [row] = await db.all(
      `SELECT count(*) AS "rows"${produce === "values" ? ", count(COLUMNS(*))" : ""} FROM read_csv([${list.join(", ")}], delim = '$', header = true, all_varchar = true, quote = '', null_padding = true)`,
    );
    const { rows, ...values } = row ?? {};
    out.push({ kind, rows: Number(rows), values: values as Record<string, number> });
  }
  return out;
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
        // Baselines: DuckDB reading the same files, rows counted, then every column's values produced.
        const [, read] = await timed(() => baselineRead(db, corpus.files, "count"));
        const [, readValues] = await timed(() => baselineRead(db, corpus.files, "values"));
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
        return [{ read, readValues, import: imported, count, stats }, signals.rows.length] as const;
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
