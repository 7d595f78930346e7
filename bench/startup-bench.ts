/**
 * Benchmark 3: start-up. The whole-process time of `hemosentinel assess` on one small FHIR bundle against
 * `node -e 0` in the same run: each pair runs both processes back to back (the order alternating between
 * pairs, so that neither always runs on a warmer machine), and the ratio is the median of the pairs'
 * ratios. The two processes are timed alike, spawn and exit included, so what is left is what the CLI adds
 * to a bare Node process: loading its code, opening the knowledge bundle, assessing, writing the report.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { median } from "./measure.js";

/** One process to time: the arguments to `node`. */
export type Command = readonly string[];

/** Runs a command to completion and returns its wall-clock milliseconds; throws if it fails. */
export type Runner = (command: Command) => number;

export interface StartupOptions {
  /** The executable to start (packages/cli/dist/main.js). */
  readonly bin: string;
  /** The input of the timed `assess`. */
  readonly file: string;
  /** `--at` of the timed `assess`, so that the run does not depend on the clock. */
  readonly at: string;
  /** Timed pairs. */
  readonly pairs: number;
  /** Untimed pairs first (file cache, CPU frequency). */
  readonly warmup: number;
  /** How a command is run and timed (tests pass their own). */
  readonly run?: Runner;
}

export interface StartupResult {
  readonly pairs: number;
  /** Median milliseconds of `node -e 0`. */
  readonly nodeMs: number;
  /** Median milliseconds of the `assess` process. */
  readonly assessMs: number;
  /** Median over the pairs of assess / node. */
  readonly ratio: number;
  /** Lowest and highest pair ratio, to show how noisy the machine was. */
  readonly ratioRange: readonly [number, number];
}

/**
 * Spawns `node …args` with stdout and stderr captured (as a user's pipe would take them) and times it;
 * a non-zero exit or an empty stdout of an `assess` fails the benchmark rather than timing an error.
 */
export const spawnRunner: Runner = (command) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...command], {
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 || r.error)
    throw new Error(
      `node ${command.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`,
    );
  if (command.includes("assess") && r.stdout.length === 0)
    throw new Error(`node ${command.join(" ")} wrote no report`);
  return ms;
};

/**
 * Times `node -e 0` and `node <bin> assess <file> --at <at>` in alternating pairs.
 * @example
 * const r = runStartupBenchmark({ bin: "packages/cli/dist/main.js", file: "examples/itp-….json", at: "2026-11-01", pairs: 21, warmup: 2 });
 * r.ratio; // 2.1
 */
export function runStartupBenchmark(opts: StartupOptions): StartupResult {
  if (opts.pairs < 1) throw new Error("the start-up benchmark needs at least one pair");
  const run = opts.run ?? spawnRunner;
  const bare: Command = ["-e", "0"];
  const assess: Command = [opts.bin, "assess", opts.file, "--at", opts.at, "--format", "json"];
  const pair = (i: number): [number, number] => {
    if (i % 2 === 0) {
      const n = run(bare);
      return [n, run(assess)];
    }
    const a = run(assess);
    return [run(bare), a];
  };
  for (let i = 0; i < opts.warmup; i++) pair(i);
  const node: number[] = [];
  const cli: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < opts.pairs; i++) {
    const [n, a] = pair(i);
    node.push(n);
    cli.push(a);
    ratios.push(a / n);
  }
  return {
    pairs: opts.pairs,
    nodeMs: median(node),
    assessMs: median(cli),
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
  };
}
