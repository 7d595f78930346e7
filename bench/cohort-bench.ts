/**
 * Stage 6 of `npm run bench`: cohort surveillance on generated OMOP cohorts (10k and 30k patients; 100k
 * on request; `--quick`: 1k). Per size: generation, import rows/s, screen time, candidates and peak memory, and two
 * ratios measured in the same run:
 * - screen against the full engine over every exposed patient (target ≥ 10× faster, same findings). The
 *   screen runs in worker threads (one per core, `cohort screen --workers`), and again in one
 *   thread; the engine baseline runs in one thread. Above
 *   `fullEngineLimit` exposed patients the engine runs on an evenly spaced sample of them and its time is
 *   scaled up to all (printed as an estimate); findings are compared on the patients it ran on;
 * - screen against one DuckDB pass that reads every measurement row of the exposed patients into the Node
 *   process in chunks (target ≤ 3×).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  engineItems,
  exposureQuery,
  generateCohort,
  importCdm,
  openDuckDb,
  prefilterCandidates,
  type ScreenItem,
  screenCohort,
} from "@hemosentinel/cohort";
import type { Knowledge, KnowledgeBundle } from "@hemosentinel/core";

export interface CohortBenchRow {
  readonly patients: number;
  readonly measurements: number;
  readonly generateMs: number;
  readonly importMs: number;
  readonly importRowsPerSecond: number;
  readonly exposed: number;
  readonly candidates: number;
  readonly flagged: number;
  /** The screen as `cohort screen` runs it, with `workers` worker threads. */
  readonly screenMs: number;
  readonly workers: number;
  /** The same screen in the calling thread (one thread, as the engine baseline). */
  readonly screenOneThreadMs: number;
  /** One DuckDB pass over the exposed patients' measurement rows, read into Node in chunks. */
  readonly scanMs: number;
  readonly scanRows: number;
  /** The full engine over every exposed patient (measured, or scaled up from `engineSample`). */
  readonly engineMs: number;
  readonly engineSample: number;
  /** Whether the screen's findings equal the engine's on the patients the engine assessed. */
  readonly sameFindings: boolean;
  /** Peak resident memory of the process so far (MB). */
  readonly peakMb: number;
  /** Peak resident memory during the screen alone (MB; Linux, where the peak can be reset). */
  readonly screenPeakMb?: number;
}

/**
 * Linux keeps a resettable high-water mark of resident memory (VmHWM; writing 5 to clear_refs resets it),
 * so the screen's own peak can be told from the generation's and the import's before it.
 */
const peakRss = {
  reset(): boolean {
    try {
      writeFileSync("/proc/self/clear_refs", "5");
      return true;
    } catch {
      return false;
    }
  },
  mb(): number | undefined {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  },
};

const key = (i: ScreenItem) => JSON.stringify([i.personId, i.kind, i.item, i.certainty, i.grade, i.at]);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

/**
 * Runs the cohort stage on one size.
 * @example
 * const row = await benchCohort(knowledge, { patients: 1000, seed: 1, fullEngineLimit: 2000 });
 */
export async function benchCohort(
  knowledge: Knowledge,
  options: {
    patients: number;
    seed: number;
    fullEngineLimit: number;
    evaluatedAt: string;
    /** Worker threads of the screen. */
    workers: number;
    bundle: KnowledgeBundle;
  },
): Promise<CohortBenchRow> {
  const base = mkdtempSync(join(tmpdir(), "hemosentinel-cohort-bench-"));
  const out = join(base, "cdm");
  try {
    const [generated, generateMs] = await timed(() =>
      generateCohort({ patients: options.patients, seed: options.seed, out }, knowledge.incidence),
    );
    const db = await openDuckDb(join(base, "bench.duckdb"));
    try {
      const [summary, importMs] = await timed(() => importCdm(db, out, knowledge));
      const rowsRead = summary.tables.reduce((n, t) => n + t.read, 0);
      const beforeScreenMb = peakRss.mb();
      const peakSince = peakRss.reset();
      const screenOptions = { evaluatedAt: options.evaluatedAt, version: "bench", record: false };
      const [screen, screenMs] = await timed(() =>
        screenCohort(db, knowledge, {
          ...screenOptions,
          workers: { threads: options.workers, bundle: options.bundle },
        }),
      );
      const screenPeakMb = peakSince ? peakRss.mb() : undefined;
      const [alone, screenOneThreadMs] = await timed(() => screenCohort(db, knowledge, screenOptions));
      if (JSON.stringify(alone.items) !== JSON.stringify(screen.items))
        throw new Error("the screen in one thread flagged other items than in worker threads");
      const { exposed } = await prefilterCandidates(db, knowledge, options.evaluatedAt);
      // Baseline: one pass reading every measurement row of the exposed patients into Node.
      await db.run(
        `CREATE OR REPLACE TEMP TABLE bench_exposed AS SELECT DISTINCT person_id FROM (${exposureQuery(db.dialect, options.evaluatedAt)}) x`,
      );
      let scanRows = 0;
      const [, scanMs] = await timed(() =>
        db.chunks(
          "SELECT m.* FROM cdm.measurement m WHERE m.person_id IN (SELECT person_id FROM bench_exposed)",
          (rows) => {
            scanRows += rows.length;
          },
        ),
      );
      // The full engine over every exposed patient (or an evenly spaced sample, scaled up).
      const step = Math.max(1, Math.ceil(exposed.length / options.fullEngineLimit));
      const sample = exposed.filter((_, i) => i % step === 0);
      const [full, sampleMs] = await timed(() =>
        engineItems(db, knowledge, sample, { evaluatedAt: options.evaluatedAt, version: "bench" }),
      );
      const inSample = new Set(sample);
      const screened = screen.items
        .filter((i) => inSample.has(i.personId))
        .map(key)
        .sort();
      return {
        patients: options.patients,
        measurements: generated.rows.measurement ?? 0,
        generateMs,
        importMs,
        importRowsPerSecond: (rowsRead * 1000) / importMs,
        exposed: exposed.length,
        candidates: screen.run.candidates,
        flagged: screen.run.flagged,
        screenMs,
        workers: options.workers,
        screenOneThreadMs,
        scanMs,
        scanRows,
        engineMs: (sampleMs * exposed.length) / Math.max(1, sample.length),
        engineSample: sample.length,
        sameFindings: JSON.stringify(full.map(key).sort()) === JSON.stringify(screened),
        // Resetting the high-water mark resets what getrusage reports too (and the kernel syncs its RSS
        // counters lazily, a few kB apart), so the run's peak is the largest of every reading.
        peakMb: Math.max(
          process.resourceUsage().maxRSS / 1024,
          beforeScreenMb ?? 0,
          screenPeakMb ?? 0,
          peakRss.mb() ?? 0,
        ),
        ...(screenPeakMb !== undefined && { screenPeakMb }),
      };
    } finally {
      db.close();
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
