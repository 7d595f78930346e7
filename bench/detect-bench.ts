/**
 * Benchmark 2: detection cost against ingestion cost on generated patients. Patients are generated in
 * chunks (generation is not timed); each chunk is ingested and the resulting records assessed, both
 * timed, `reps` times after a warm-up, and the per-repetition totals are compared.
 */
import type { PatientRecord } from "@hemosentinel/core";
import { median, perSecond, time } from "./measure.js";
import { syntheticPatient } from "./synthetic.js";

export interface DetectStages {
  ingest(value: unknown, file: string): readonly PatientRecord[];
  assess(records: readonly PatientRecord[]): {
    readonly patients: readonly { readonly findings: readonly unknown[] }[];
  };
}

export interface DetectResult {
  readonly patients: number;
  readonly observations: number;
  readonly withFinding: number;
  readonly ingestMs: number;
  readonly assessMs: number;
  readonly ingestPerSecond: number;
  readonly totalPerSecond: number;
  /** Detection time as a fraction of ingestion time (0.5 = detection adds 50 %). */
  readonly overhead: number;
}

/**
 * Generates `patients` synthetic patients (seeded) and times ingestion and assessment, median of `reps`.
 * @example
 * runDetectBenchmark(stages, { patients: 10_000, seed: 42, chunk: 250, reps: 3 });
 */
export function runDetectBenchmark(
  stages: DetectStages,
  opts: { patients: number; seed: number; chunk: number; reps: number },
): DetectResult {
  const ingestRuns = Array.from({ length: opts.reps }, () => 0);
  const assessRuns = Array.from({ length: opts.reps }, () => 0);
  let observations = 0;
  let withFinding = 0;
  for (let from = 0; from < opts.patients; from += opts.chunk) {
    const bundles: unknown[] = [];
    for (let i = from; i < Math.min(from + opts.chunk, opts.patients); i++) {
      const p = syntheticPatient(opts.seed, i);
      bundles.push(p.bundle);
      observations += p.observations;
    }
    const ingestAll = () => bundles.flatMap((b, k) => stages.ingest(b, `synthetic-${from + k}.json`));
    if (from === 0) stages.assess(ingestAll()); // warm-up
    for (let r = 0; r < opts.reps; r++) {
      let records: readonly PatientRecord[] = [];
      ingestRuns[r] =
        (ingestRuns[r] ?? 0) +
        time(() => {
          records = ingestAll();
        });
      let found = 0;
      assessRuns[r] =
        (assessRuns[r] ?? 0) +
        time(() => {
          found = stages.assess(records).patients.filter((p) => p.findings.length > 0).length;
        });
      if (r === 0) withFinding += found;
    }
  }
  const ingestMs = median(ingestRuns);
  const assessMs = median(assessRuns);
  return {
    patients: opts.patients,
    observations,
    withFinding,
    ingestMs,
    assessMs,
    ingestPerSecond: perSecond(opts.patients, ingestMs),
    totalPerSecond: perSecond(opts.patients, ingestMs + assessMs),
    overhead: assessMs / ingestMs,
  };
}
