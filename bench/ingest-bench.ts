/**
 * Benchmark 1: FHIR ingestion throughput against plain JSON.parse of the same bytes in the same run.
 * The bundles are copied in memory until there are at least `targetBytes`, and every copy is parsed
 * again by every stage, so each stage pays for its own JSON.parse.
 */
import type { PatientRecord } from "@hemosentinel/core";
import { interleave, median, perSecond } from "./measure.js";

/** The engine stages the benchmark times, bound to knowledge and evaluation time by the caller. */
export interface IngestStages {
  /** One parsed bundle → normalized records. */
  ingest(value: unknown, file: string): readonly PatientRecord[];
  /** CTCAE grades of one record. */
  grade(record: PatientRecord): readonly unknown[];
  /** The whole pure pipeline over records (findings included), when available. */
  assess?(records: readonly PatientRecord[]): unknown;
}

export interface InputFile {
  readonly name: string;
  readonly text: string;
}

export interface StageTiming {
  readonly stage: string;
  /** Median milliseconds for all copies. */
  readonly ms: number;
  readonly mbPerSecond: number;
  /** Time relative to JSON.parse alone. */
  readonly ratio: number;
}

export interface IngestResult {
  readonly copies: number;
  readonly megabytes: number;
  readonly patients: number;
  readonly timings: readonly StageTiming[];
}

const MB = 1024 * 1024;

/** Distinct in-memory copies of the files, repeated until their UTF-8 size reaches `targetBytes`. */
export function replicate(
  files: readonly InputFile[],
  targetBytes: number,
): { texts: InputFile[]; bytes: number; copies: number } {
  const once = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
  if (once === 0) throw new Error("no input bytes to benchmark");
  const copies = Math.ceil(targetBytes / once);
  const texts: InputFile[] = [];
  for (let c = 0; c < copies; c++) {
    for (const f of files) texts.push({ name: f.name, text: Buffer.from(f.text).toString("utf8") });
  }
  return { texts, bytes: once * copies, copies };
}

/**
 * Times JSON.parse alone, parse + ingest + grade, and (when given) parse + ingest + assess over the
 * replicated input: median of `reps` interleaved runs after `warmup` runs of each.
 */
export function runIngestBenchmark(
  files: readonly InputFile[],
  stages: IngestStages,
  opts: { targetBytes: number; warmup: number; reps: number },
): IngestResult {
  const { texts, bytes, copies } = replicate(files, opts.targetBytes);
  let sink = 0;
  let patients = 0;
  const parseOnly = () => {
    for (const f of texts) sink += (JSON.parse(f.text) as { entry?: unknown[] }).entry?.length ?? 1;
  };
  const ingestGrade = () => {
    patients = 0;
    for (const f of texts) {
      for (const r of stages.ingest(JSON.parse(f.text), f.name)) {
        patients++;
        sink += stages.grade(r).length;
      }
    }
  };
  const runs: [string, () => void][] = [
    ["JSON.parse", parseOnly],
    ["parse + ingest + grade", ingestGrade],
  ];
  const { assess } = stages;
  if (assess !== undefined) {
    runs.push([
      "parse + ingest + assess",
      () => {
        for (const f of texts)
          sink += assess(stages.ingest(JSON.parse(f.text), f.name)) === undefined ? 0 : 1;
      },
    ]);
  }
  const timings = interleave(
    runs.map(([, fn]) => fn),
    opts,
  );
  const medians = runs.map(([stage], i) => ({ stage, ms: median(timings[i] ?? []) }));
  const base = medians[0]?.ms ?? 1;
  if (sink < 0) throw new Error("unreachable: keeps the parsed values alive");
  return {
    copies,
    megabytes: bytes / MB,
    patients,
    timings: medians.map(({ stage, ms }) => ({
      stage,
      ms,
      mbPerSecond: perSecond(bytes / MB, ms),
      ratio: ms / base,
    })),
  };
}
