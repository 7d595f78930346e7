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
 * Runs `fn` `warmup` times untimed, then `reps` times timed; returns the timings in milliseconds.
 * @example
 * median(repeat(() => JSON.parse(text), { warmup: 1, reps: 3 }));
 */
export function repeat(fn: () => void, opts: { warmup: number; reps: number }): number[] {
  for (let i = 0; i < opts.warmup; i++) fn();
  return Array.from({ length: opts.reps }, () => time(fn));
}

/** Units per second for `count` units processed in `ms` milliseconds. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.POSITIVE_INFINITY;
}
