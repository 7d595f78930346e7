/** Timing helpers for the benchmarks: monotonic clock, medians, throughput. */
import { performance } from "node:perf_hooks";

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Milliseconds one call of `fn` takes. */
export function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Times several functions fairly: each is run `warmup` times untimed, then the timed repetitions go
 * round-robin (a, b, c, a, b, c, …) so that drift on a busy machine affects all alike. Returns the
 * timings in milliseconds, one list per function.
 * @example
 * const [parse, ingest] = interleave([() => JSON.parse(text), () => ingest(text)], { warmup: 1, reps: 3 });
 */
export function interleave(fns: readonly (() => void)[], opts: { warmup: number; reps: number }): number[][] {
  for (const fn of fns) for (let i = 0; i < opts.warmup; i++) fn();
  const timings = fns.map((): number[] => []);
  for (let r = 0; r < opts.reps; r++) {
    for (const [i, fn] of fns.entries()) timings[i]?.push(time(fn));
  }
  return timings;
}

/** Units per second for `count` units processed in `ms` milliseconds. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.POSITIVE_INFINITY;
}
