/**
 * Mutation run over the knowledge thresholds (`npm run mutate:knowledge`): shifts each numeric threshold
 * of knowledge/disorders/*.yaml and knowledge/management/*.yaml in turn (days ± 1 and ± 7, counts and
 * values one unit and 10 % either side, score points ± 1, fractions of a reference limit ± 0.1 and ± 0.2)
 * and reports which shifts no test catches. Details and how to read the table: docs/knowledge-mutation.md.
 *
 * Each mutant is run in two stages:
 *  1. in-process, against the boundary cases of test/thresholds (the same cases the Vitest files
 *     packages/core/src/engine/detect/thresholds*.test.ts and packages/core/src/engine/manage/thresholds.test.ts run), with the mutated
 *     file loaded and validated in memory: the cases that pin the shifted threshold first, then all;
 *  2. for the mutants stage 1 leaves alive: Vitest on the detection, planning, threshold and case-suite
 *     test files, with HEMOSENTINEL_KNOWLEDGE_DIR pointing at a copy of knowledge/ holding the mutated
 *     file. A test that fails there and passes on the unmutated copy catches the mutant.
 *
 * Options: --sample N (a deterministic sample of N mutants), --seed S (default 1), --only TEXT (mutants
 * whose file, path or shift contains TEXT), --jobs J (parallel Vitest runs, default 2), --no-vitest
 * (stage 1 only), --verify-known (run the known survivors through Vitest too, to confirm they survive),
 * --cross-check (run the mutants stage 1 caught through Vitest too, to confirm the Vitest files catch
 * them), --json FILE (the table as JSON), --list (the thresholds and their mutants), --pins (the entries
 * of test/thresholds/pinned.ts for the current files). Exit code 1 when a mutant survives that is not a
 * known survivor (test/mutate/known-survivors.ts) or a cross-check disagrees, 2 on usage errors.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type Document, isAlias, isCollection, isScalar, parse, parseDocument } from "yaml";
import { ZodError } from "zod";
import type { DisorderId } from "../../packages/core/src/contracts/vocabularies.js";
import { Disorder } from "../../packages/core/src/knowledge/disorders.js";
import type { Knowledge } from "../../packages/core/src/knowledge/knowledge.js";
import { ManagementFactsFile, ManagementFile } from "../../packages/core/src/knowledge/management.js";
import { loadKnowledge } from "../../packages/knowledge/src/bundle.js";
import { isKnowledgeSource, KNOWLEDGE_DIR_ENV, knowledgeDir } from "../../packages/knowledge/src/read.js";
import { SHARED_MANAGEMENT } from "../../packages/knowledge/src/sources.js";
import type { ThresholdCase } from "../thresholds/cases.js";
import { disorderHandCases } from "../thresholds/disorder-hand.js";
import { disorderProbes } from "../thresholds/disorder-probes.js";
import { structureCases } from "../thresholds/disorder-structure.js";
import { managementCases } from "../thresholds/management-cases.js";
import { managementHandCases } from "../thresholds/management-hand.js";
import { mutantValues, type NumberSite, numberSites } from "../thresholds/sites.js";
import { KNOWN_SURVIVORS } from "./known-survivors.js";

/** The repository root (stage 2 runs Vitest there). */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The Vitest files stage 2 runs: detection, planning, the threshold tests and the case suite. */
export const STAGE2_FILES = [
  "packages/core/src/engine/detect",
  "packages/core/src/engine/manage",
  "packages/core/src/engine/assess.test.ts",
  "test/cases/case-suite.test.ts",
] as const;

const FOLDERS = ["disorders", "management"] as const;

/** One shifted threshold. */
export interface Mutant {
  /** `file path fromText→toText`: names the mutant in reports and in the known-survivor list. */
  readonly id: string;
  readonly site: NumberSite;
  readonly fromText: string;
  readonly toText: string;
  /** Offset of the mutated number in the file's text. */
  readonly start: number;
  /** The mutated file's text. */
  readonly text: string;
}

type Verdict =
  | { readonly status: "caught"; readonly stage: 1 | 2; readonly by: string }
  | { readonly status: "invalid"; readonly by: string }
  | { readonly status: "survived"; readonly known?: string; readonly unchecked?: boolean };

/**
 * The node at `path`, following aliases (`*carhlh-liver`) to the anchored node they repeat: `Document.getIn`
 * stops at an alias, so a number written once under an anchor and used again was not found.
 */
function nodeAt(doc: Document, path: readonly (string | number)[]): unknown {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (!isCollection(node)) return undefined;
    node = node.get(key, true);
  }
  return isAlias(node) ? node.resolve(doc) : node;
}

/** Every mutant of the knowledge files in `dir`, in file and document order. */
export function mutants(dir: string): Mutant[] {
  const out: Mutant[] = [];
  for (const folder of FOLDERS) {
    for (const name of readdirSync(join(dir, folder)).filter(isKnowledgeSource).sort()) {
      const file = `${folder}/${name}`;
      const source = readFileSync(join(dir, file), "utf8");
      const doc = parseDocument(source);
      /** Scalars already mutated: a number reached again through an alias is its anchor's, mutated once. */
      const seen = new Set<number>();
      for (const site of numberSites(file, doc.toJS())) {
        const node = nodeAt(doc, site.path);
        if (!isScalar(node) || !node.range) throw new Error(`${site.key}: no scalar in the YAML`);
        const [start, end] = node.range;
        if (seen.has(start)) continue;
        seen.add(start);
        const fromText = source.slice(start, end);
        for (const to of mutantValues(site, fromText)) {
          const toText = String(to);
          out.push({
            id: `${site.key} ${fromText}→${toText}`,
            site,
            fromText,
            toText,
            start,
            text: `${source.slice(0, start)}${toText}${source.slice(end)}`,
          });
        }
      }
    }
  }
  return out;
}

/** A small seeded generator (mulberry32) for a deterministic sample. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const rnd = prng(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

let sharedCopy: string | undefined;

/**
 * The knowledge with management/every.yaml replaced by a mutant's text: its lines are merged into every
 * disorder's plan and into the unexplained plans by the loaders, so the mutant is loaded whole from a copy of
 * knowledge/ holding it. Parsed as a disorder's management file (which names a disorder), every one of its
 * mutants was invalid and its thresholds were never moved.
 */
function withSharedMutant(m: Mutant): Knowledge {
  if (!sharedCopy) {
    const root = mkdtempSync(join(tmpdir(), "hemosentinel-shared-"));
    process.on("exit", () => rmSync(root, { recursive: true, force: true }));
    sharedCopy = join(root, "knowledge");
    cpSync(knowledgeDir(), sharedCopy, { recursive: true });
  }
  const path = join(sharedCopy, m.site.file);
  const original = readFileSync(path, "utf8");
  writeFileSync(path, m.text);
  try {
    return loadKnowledge(sharedCopy);
  } finally {
    writeFileSync(path, original);
  }
}

/** The knowledge with one file replaced by a mutant's text, validated as the loaders validate it. */
function mutatedKnowledge(k: Knowledge, m: Mutant): Knowledge {
  if (m.site.file === `management/${SHARED_MANAGEMENT}.yaml`) return withSharedMutant(m);
  const data = parse(m.text);
  if (m.site.file.startsWith("disorders/")) {
    const def = Disorder.parse(data);
    return { ...k, disorders: k.disorders.map((d) => (d.id === def.id ? def : d)) };
  }
  // The facts file has a schema of its own: parsed as a management file every one of its mutants was invalid.
  if (m.site.file === "management/facts.yaml")
    return { ...k, managementFacts: ManagementFactsFile.parse(data) };
  const file = ManagementFile.parse(data);
  return { ...k, management: { ...k.management, [file.disorder as DisorderId]: file.recommendations } };
}

/** All boundary cases of test/thresholds, built once against the pinned knowledge. */
export function allCases(k: Knowledge): ThresholdCase[] {
  const probes = disorderProbes(k);
  return [
    ...probes.value.cases,
    ...probes.window.cases,
    ...structureCases(k).cases,
    ...disorderHandCases(k),
    ...managementCases(k).cases,
    ...managementHandCases(k),
  ];
}

function firstFailure(cases: readonly ThresholdCase[], k: Knowledge): string | undefined {
  for (const c of cases) {
    try {
      c.run(k);
    } catch {
      return c.name;
    }
  }
  return undefined;
}

/** Stage 1: the boundary cases in-process, those that pin the shifted threshold first. */
function stage1(k: Knowledge, cases: readonly ThresholdCase[], m: Mutant): Verdict | undefined {
  let km: Knowledge;
  try {
    km = mutatedKnowledge(k, m);
  } catch (e) {
    const issue = e instanceof ZodError ? e.issues[0] : undefined;
    const msg = issue ? `${issue.path.join(".")}: ${issue.message}` : (e as Error).message;
    return { status: "invalid", by: `the knowledge schema rejects it (${msg})` };
  }
  const own = cases.filter((c) => c.keys.includes(m.site.key));
  const by =
    firstFailure(own, km) ??
    firstFailure(
      cases.filter((c) => !own.includes(c)),
      km,
    );
  return by ? { status: "caught", stage: 1, by } : undefined;
}

interface VitestOutcome {
  readonly failed: ReadonlySet<string>;
  readonly ran: number;
}

/** Runs the stage-2 Vitest files with the knowledge folder `dir`; the names of the tests that failed. */
function runVitest(dir: string, out: string): Promise<VitestOutcome> {
  rmSync(out, { force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, "node_modules", "vitest", "vitest.mjs"),
        "run",
        "--project",
        "all",
        ...STAGE2_FILES,
        "--reporter=json",
        `--outputFile=${out}`,
      ],
      { cwd: ROOT, env: { ...process.env, [KNOWLEDGE_DIR_ENV]: dir }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    child.on("error", reject);
    child.on("close", () => {
      try {
        const json = JSON.parse(readFileSync(out, "utf8")) as {
          testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
        };
        const failed = new Set<string>();
        let ran = 0;
        for (const f of json.testResults) {
          const file = relative(ROOT, f.name);
          if (f.assertionResults.length === 0) failed.add(`${file}: failed to load`);
          for (const a of f.assertionResults) {
            ran++;
            if (a.status === "failed") failed.add(`${file} > ${a.fullName}`);
          }
        }
        resolve({ failed, ran });
      } catch (e) {
        reject(new Error(`vitest gave no report (${(e as Error).message}): ${err.slice(-2000)}`));
      }
    });
  });
}

/** A private copy of knowledge/ for one stage-2 worker, with the mutated file written in and restored after. */
class Workspace {
  readonly dir: string;
  private readonly root: string;
  constructor(source: string) {
    this.root = mkdtempSync(join(tmpdir(), "hemosentinel-mutant-"));
    this.dir = join(this.root, "knowledge");
    cpSync(source, this.dir, { recursive: true });
  }
  async run(m: Mutant | undefined): Promise<VitestOutcome> {
    const path = m ? join(this.dir, m.site.file) : undefined;
    const original = path ? readFileSync(path, "utf8") : undefined;
    if (path && m) writeFileSync(path, m.text);
    try {
      return await runVitest(this.dir, join(this.root, "vitest.json"));
    } finally {
      if (path && original !== undefined) writeFileSync(path, original);
    }
  }
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

interface Options {
  sample?: number;
  seed: number;
  only?: string;
  jobs: number;
  vitest: boolean;
  verifyKnown: boolean;
  crossCheck: boolean;
  json?: string;
  list: boolean;
  pins: boolean;
}

function options(argv: readonly string[]): Options {
  const o: Options = {
    seed: 1,
    jobs: 2,
    vitest: true,
    verifyKnown: false,
    crossCheck: false,
    list: false,
    pins: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v as string;
    };
    const int = (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) usage(`${a} needs a whole number, got ${v}`);
      return n;
    };
    if (a === "--sample") o.sample = int(value());
    else if (a === "--seed") o.seed = int(value());
    else if (a === "--only") o.only = value();
    else if (a === "--jobs") o.jobs = Math.max(1, int(value()));
    else if (a === "--no-vitest") o.vitest = false;
    else if (a === "--verify-known") o.verifyKnown = true;
    else if (a === "--cross-check") o.crossCheck = true;
    else if (a === "--json") o.json = value();
    else if (a === "--list") o.list = true;
    else if (a === "--pins") o.pins = true;
    else usage(`unknown option ${a}`);
  }
  return o;
}

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run mutate:knowledge -- [--sample N] [--seed S] [--only TEXT] [--jobs J] [--no-vitest] [--verify-known] [--cross-check] [--json FILE] [--list] [--pins]`,
  );
  process.exit(2);
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

const secs = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;

/** Stage 2 over a queue of mutants on `jobs` private copies of knowledge/; the new failures of each. */
async function stage2(
  source: string,
  queue: readonly Mutant[],
  jobs: number,
): Promise<Map<Mutant, readonly string[]>> {
  const out = new Map<Mutant, readonly string[]>();
  if (queue.length === 0) return out;
  const workers = Array.from({ length: Math.min(jobs, queue.length) }, () => new Workspace(source));
  try {
    const baseline = await (workers[0] as Workspace).run(undefined);
    console.log(`stage 2 baseline (unmutated knowledge): ${baseline.ran} tests`);
    if (baseline.failed.size > 0)
      console.log(
        `  ${baseline.failed.size} already failing, not counted:\n${[...baseline.failed].map((f) => `    ${f}`).join("\n")}`,
      );
    const todo = [...queue];
    let done = 0;
    await Promise.all(
      workers.map(async (w) => {
        for (let m = todo.shift(); m; m = todo.shift()) {
          const r = await w.run(m);
          out.set(
            m,
            [...r.failed].filter((f) => !baseline.failed.has(f)),
          );
          done++;
          if (done % 10 === 0 || done === queue.length) console.log(`  stage 2: ${done}/${queue.length}`);
        }
      }),
    );
  } finally {
    for (const w of workers) w.dispose();
  }
  return out;
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  delete process.env[KNOWLEDGE_DIR_ENV];
  const source = knowledgeDir();
  const every = mutants(source);

  if (o.pins) {
    const seen = new Set<string>();
    for (const m of every)
      if (!seen.has(m.site.key)) {
        seen.add(m.site.key);
        console.log(`  ${JSON.stringify(m.site.key)}: ${m.site.value},`);
      }
    return;
  }
  if (o.list) {
    for (const m of every) console.log(`${m.site.key}\t${m.fromText} → ${m.toText}\t(${m.site.kind})`);
    console.log(`${new Set(every.map((m) => m.site.key)).size} thresholds, ${every.length} mutants`);
    return;
  }

  const chosen = o.only ? every.filter((m) => m.id.includes(o.only as string)) : every;
  const run = o.sample !== undefined ? sample(chosen, o.sample, o.seed) : chosen;
  const t0 = Date.now();
  const k = loadKnowledge();
  const cases = allCases(k);
  console.log(
    `${every.length} mutants of ${new Set(every.map((m) => m.site.key)).size} thresholds; running ${run.length}${o.sample !== undefined ? ` (sample, seed ${o.seed})` : ""}; ${cases.length} boundary cases built in ${secs(t0)}`,
  );

  // Stage 1.
  const t1 = Date.now();
  const verdicts = new Map<Mutant, Verdict>();
  for (const m of run) {
    const v = stage1(k, cases, m);
    if (v) verdicts.set(m, v);
  }
  const alive = run.filter((m) => !verdicts.has(m));
  console.log(
    `stage 1 (boundary cases in-process): ${run.length - alive.length} of ${run.length} caught or invalid in ${secs(t1)}; ${alive.length} left`,
  );

  // Stage 2: the mutants stage 1 leaves alive (known survivors only with --verify-known), and with
  // --cross-check those it caught, to confirm the Vitest files catch them too.
  const t2 = Date.now();
  const known = (m: Mutant) => KNOWN_SURVIVORS[m.id];
  const queue = o.vitest
    ? run.filter(
        (m) =>
          (!verdicts.has(m) && (!known(m) || o.verifyKnown)) ||
          (o.crossCheck && verdicts.get(m)?.status === "caught"),
      )
    : [];
  const fresh = await stage2(source, queue, o.jobs);
  if (queue.length > 0)
    console.log(`stage 2 (Vitest: ${STAGE2_FILES.join(", ")}): ${queue.length} mutants in ${secs(t2)}`);
  const mismatches: Mutant[] = [];
  for (const m of run) {
    const f = fresh.get(m);
    const v = verdicts.get(m);
    if (v?.status === "caught" && f !== undefined && f.length === 0) mismatches.push(m);
    if (v) continue;
    const reason = known(m);
    if (f && f.length > 0) verdicts.set(m, { status: "caught", stage: 2, by: f[0] as string });
    else
      verdicts.set(m, {
        status: "survived",
        ...(reason ? { known: reason } : {}),
        ...(f ? {} : { unchecked: true }),
      });
  }

  // The table.
  const rows = run.map((m) => {
    const v = verdicts.get(m) as Verdict;
    const f = fresh.get(m);
    const cross =
      v.status === "caught" && v.stage === 1 && f
        ? f.length > 0
          ? "[vitest too] "
          : "[NOT BY VITEST] "
        : "";
    const outcome =
      v.status === "caught"
        ? `${cross}caught by ${v.stage === 1 ? "" : "vitest "}${v.by}`
        : v.status === "invalid"
          ? `invalid: ${v.by}`
          : v.known
            ? `known survivor${v.unchecked ? " (not re-run)" : ""}: ${v.known}`
            : "SURVIVED";
    return { m, v, outcome };
  });
  const wFile = Math.max(4, ...rows.map((r) => r.m.site.file.length));
  const wPath = Math.min(64, Math.max(12, ...rows.map((r) => r.m.site.where.length)));
  console.log(`\n${pad("file", wFile)}  ${pad("path in YAML", wPath)}  ${pad("from → to", 13)}  outcome`);
  console.log(`${"-".repeat(wFile)}  ${"-".repeat(wPath)}  ${"-".repeat(13)}  ${"-".repeat(60)}`);
  for (const r of rows)
    console.log(
      `${pad(r.m.site.file, wFile)}  ${pad(clip(r.m.site.where, wPath), wPath)}  ${pad(`${r.m.fromText} → ${r.m.toText}`, 13)}  ${clip(r.outcome, 200)}`,
    );
  const count = (f: (v: Verdict) => boolean) => rows.filter((r) => f(r.v)).length;
  const survived = rows.filter((r) => r.v.status === "survived" && !r.v.known);
  console.log(
    `\n${run.length} mutants: ${count((v) => v.status === "caught" && v.stage === 1)} caught by the boundary cases (stage 1), ${count((v) => v.status === "caught" && v.stage === 2)} by the Vitest files (stage 2), ${count((v) => v.status === "invalid")} rejected as invalid knowledge, ${count((v) => v.status === "survived" && v.known !== undefined)} known survivors (no outcome can change), ${survived.length} SURVIVED; ${secs(t0)}`,
  );
  const stale = rows.filter((r) => known(r.m) && r.v.status !== "survived");
  for (const r of stale)
    console.log(`note: ${r.m.id} is in known-survivors.ts but was ${r.v.status}: remove it from the list`);
  for (const m of mismatches)
    console.log(`MISMATCH: ${m.id} is caught by a boundary case in-process but not by the Vitest files`);
  for (const r of survived) console.log(`SURVIVED ${r.m.id}`);
  if (o.json)
    writeFileSync(
      o.json,
      `${JSON.stringify(
        rows.map((r) => ({
          id: r.m.id,
          file: r.m.site.file,
          path: r.m.site.where,
          from: r.m.fromText,
          to: r.m.toText,
          ...r.v,
          ...(fresh.has(r.m) ? { vitest: fresh.get(r.m) } : {}),
        })),
        null,
        2,
      )}\n`,
    );
  if (survived.length > 0 || mismatches.length > 0) process.exitCode = 1;
}

if (process.argv[1]?.endsWith("knowledge-mutation.ts")) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
