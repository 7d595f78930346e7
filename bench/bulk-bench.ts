/**
 * Benchmark 4: bulk input, whole processes.
 * (a) Peak RSS of `hemosentinel assess <export> --format ndjson` over generated FHIR Bulk Data exports of
 *     growing size (default 0.5, 1 and 2 GB; `--bulk-gb 0.5,1,2,5` for the full series): memory must stay
 *     flat, ≤ 1 GB at 5 GB. Each size is generated, assessed and deleted before the next.
 * (c) One JSON Bundle file of 1 GB (past V8's 512 MB string limit), read by the streaming parser.
 * (b) Whole-process time of `hemosentinel assess` over the Synthea bundles copied to ≈ 190 MB (each copy
 *     with its own ids) against a process that only reads and JSON.parses the same files: median of
 *     interleaved runs, target ≤ 2.5×.
 * Peak RSS is the process's own maxRSS, written at exit by a preloaded module.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { generateBulkExport, writeBundleOf } from "./bulk-export.js";
import { median } from "./measure.js";
import { formatTable } from "./table.js";

const GB = 1024 * 1024 * 1024;
const MB = 1024 * 1024;
const RSS_TARGET_MB = 1024;
const WHOLE_TARGET = 2.5;
const SEED = 20_251_203;
/** Writes the process's peak RSS (KB) to the file named by HEMOSENTINEL_BENCH_RSS when it exits. */
const PRELOAD = `import { writeFileSync } from "node:fs";
process.on("exit", () => writeFileSync(process.env.HEMOSENTINEL_BENCH_RSS, String(process.resourceUsage().maxRSS)));
`;

interface Run {
  readonly ms: number;
  readonly rssMb: number;
}

/** Runs `node <args>` with stdout discarded, returning wall time and peak RSS; throws if it fails. */
function measured(work: string, args: readonly string[]): Run {
  const preload = join(work, "rss-preload.mjs");
  const rssFile = join(work, "rss");
  writeFileSync(preload, PRELOAD);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", preload, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, HEMOSENTINEL_BENCH_RSS: rssFile },
    maxBuffer: 64 * MB,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 || r.error)
    throw new Error(`node ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`);
  return { ms, rssMb: Number(readFileSync(rssFile, "utf8")) / 1024 };
}

export interface BulkSizeRow {
  readonly gb: number;
  readonly patients: number;
  readonly resources: number;
  readonly seconds: number;
  readonly rssMb: number;
}

/** (a) Peak RSS of `assess` over generated exports of `sizesGb`. */
export function runBulkRssBenchmark(opts: {
  bin: string;
  at: string;
  sizesGb: readonly number[];
}): BulkSizeRow[] {
  const work = mkdtempSync(join(tmpdir(), "hemosentinel-bench-bulk-"));
  try {
    return opts.sizesGb.map((gb) => {
      const dir = join(work, "export");
      mkdirSync(dir);
      try {
        const { patients, resources } = generateBulkExport(dir, gb * GB, SEED);
        const run = measured(work, [opts.bin, "assess", dir, "--at", opts.at, "--format", "ndjson"]);
        return { gb, patients, resources, seconds: run.ms / 1000, rssMb: run.rssMb };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** (c) Peak RSS of `assess` over one generated JSON Bundle file of `gb` (a single file past V8's string limit). */
export function runSingleFileBenchmark(opts: {
  bin: string;
  at: string;
  gb: number;
}): BulkSizeRow & { fileMb: number } {
  const work = mkdtempSync(join(tmpdir(), "hemosentinel-bench-bundle-"));
  try {
    const dir = join(work, "export");
    mkdirSync(dir);
    const { patients, resources } = generateBulkExport(dir, opts.gb * GB, SEED);
    const file = join(work, "bundle.json");
    writeBundleOf(dir, file);
    rmSync(dir, { recursive: true, force: true });
    const fileMb = statSync(file).size / MB;
    const run = measured(work, [opts.bin, "assess", file, "--at", opts.at, "--format", "ndjson"]);
    return { gb: opts.gb, patients, resources, seconds: run.ms / 1000, rssMb: run.rssMb, fileMb };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface WholeProcessResult {
  readonly copies: number;
  readonly megabytes: number;
  readonly parse: Run;
  readonly assess: Run;
  readonly ratio: number;
}

/** Copies of the Synthea bundles, each copy's ids and urn:uuid references prefixed so patients stay apart. */
function syntheaCopies(
  syntheaDir: string,
  into: string,
  targetBytes: number,
): { copies: number; bytes: number } {
  const files = readdirSync(syntheaDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(syntheaDir, name), "utf8") }));
  const once = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const copies = Math.max(1, Math.round(targetBytes / once));
  let bytes = 0;
  for (let c = 0; c < copies; c++) {
    for (const f of files) {
      const text = f.text
        .replaceAll("urn:uuid:", `urn:uuid:c${c}-`)
        .replace(/"id": ?"/g, (m) => `${m}c${c}-`);
      writeFileSync(join(into, `c${c}-${f.name}`), text);
      bytes += Buffer.byteLength(text);
    }
  }
  return { copies, bytes };
}

/** The baseline process: read every .json file of a folder (sorted) and JSON.parse it, nothing else. */
const READ_AND_PARSE = `const fs = require("node:fs"), path = require("node:path"); const dir = process.argv[1]; let n = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) n += JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")).entry.length;
if (n === 0) process.exit(1);`;

/** (b) Whole-process `assess` over ≈ `targetBytes` of Synthea bundles against read + JSON.parse of them. */
export function runWholeProcessBenchmark(opts: {
  bin: string;
  at: string;
  syntheaDir: string;
  targetBytes: number;
  reps: number;
}): WholeProcessResult {
  const work = mkdtempSync(join(tmpdir(), "hemosentinel-bench-synthea-"));
  try {
    const dir = join(work, "bundles");
    mkdirSync(dir);
    const { copies, bytes } = syntheaCopies(opts.syntheaDir, dir, opts.targetBytes);
    const parseArgs = ["-e", READ_AND_PARSE, dir];
    const assessArgs = [opts.bin, "assess", dir, "--at", opts.at];
    measured(work, parseArgs);
    measured(work, assessArgs);
    const parse: Run[] = [];
    const assess: Run[] = [];
    for (let i = 0; i < opts.reps; i++) {
      parse.push(measured(work, parseArgs));
      assess.push(measured(work, assessArgs));
    }
    const mid = (runs: Run[]): Run => ({
      ms: median(runs.map((r) => r.ms)),
      rssMb: median(runs.map((r) => r.rssMb)),
    });
    const ratios = parse.map((p, i) => (assess[i] as Run).ms / p.ms);
    return { copies, megabytes: bytes / MB, parse: mid(parse), assess: mid(assess), ratio: median(ratios) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The sizes `--bulk-gb 0.5,1,2,5` names, else the default (a tenth of it for `--quick`). */
export function bulkSizes(argv: readonly string[], quick: boolean): number[] {
  const i = argv.indexOf("--bulk-gb");
  if (i >= 0) {
    const sizes = (argv[i + 1] ?? "").split(",").map(Number);
    if (sizes.length === 0 || sizes.some((s) => !(s > 0)))
      throw new Error("--bulk-gb takes sizes in GB: 0.5,1,2,5");
    return sizes;
  }
  return quick ? [0.05, 0.1, 0.2] : [0.5, 1, 2];
}

/** Runs and prints both parts (the stage `bulk` of bench/run.ts). */
export function bulkStage(repoRoot: string, argv: readonly string[], quick: boolean): void {
  const bin = join(repoRoot, "packages", "cli", "dist", "main.js");
  const at = "2025-01-01";
  const rows = runBulkRssBenchmark({ bin, at, sizesGb: bulkSizes(argv, quick) });
  const base = rows[0]?.rssMb ?? 1;
  console.log("(4a) Bulk export (NDJSON by type + manifest), whole process, --format ndjson: peak RSS");
  console.log(
    formatTable(
      ["export GB", "patients", "resources", "s", "MB/s", "peak RSS MB", "× smallest"],
      rows.map((r) => [
        r.gb,
        r.patients,
        r.resources,
        r.seconds,
        (r.gb * 1024) / r.seconds,
        r.rssMb,
        r.rssMb / base,
      ]),
    ),
  );
  const largest = rows[rows.length - 1];
  console.log(
    `peak RSS at ${largest?.gb} GB: ${largest?.rssMb.toFixed(0)} MB (target ≤ ${RSS_TARGET_MB} MB at 5 GB): ${(largest?.rssMb ?? Infinity) <= RSS_TARGET_MB ? "target met" : "TARGET NOT MET"}\n`,
  );
  const single = runSingleFileBenchmark({ bin, at, gb: quick ? 0.1 : 1 });
  console.log(
    `(4c) One JSON Bundle file of ${single.fileMb.toFixed(0)} MB (${single.patients} patients, ${single.resources} resources), streamed: ${single.seconds.toFixed(0)} s, peak RSS ${single.rssMb.toFixed(0)} MB\n`,
  );
  const whole = runWholeProcessBenchmark({
    bin,
    at,
    syntheaDir: join(repoRoot, "..", "shared", "data", "synthea"),
    targetBytes: 190 * MB * (quick ? 0.1 : 1),
    reps: 3,
  });
  console.log(
    `(4b) Whole process over ${whole.megabytes.toFixed(0)} MB of Synthea bundles (${whole.copies} copies), median of 3 interleaved runs`,
  );
  console.log(
    formatTable(
      ["process", "ms", "peak RSS MB"],
      [
        ["read + JSON.parse every file", whole.parse.ms, whole.parse.rssMb],
        ["hemosentinel assess (JSON report)", whole.assess.ms, whole.assess.rssMb],
      ],
    ),
  );
  console.log(
    `assess takes ${whole.ratio.toFixed(2)}× read + parse (target ≤ ${WHOLE_TARGET}×): ${whole.ratio <= WHOLE_TARGET ? "target met" : "TARGET NOT MET"}\n`,
  );
}
