/**
 * `hemosentinel pv import` and `hemosentinel pv signals`: disproportionality analysis of spontaneous
 * reports (FAERS quarterly extracts or a long-format CSV) in a DuckDB file. The pharmacovigilance package
 * and its DuckDB native module are imported only by these commands, so `assess` starts without them.
 */
import { existsSync } from "node:fs";
import type { KnowledgeBundle } from "@hemosentinel/core";
import type { ImportProgress, ImportSummary, Prior, SignalOptions } from "@hemosentinel/pv";
import { type Command, Option } from "commander";
import { errnoCode } from "./errno.js";
import { UsageError } from "./input.js";
import { createMeter, type ErrStream } from "./progress.js";

/** What the pv commands use of the CLI's outside world (a part of program.ts's CliIO). */
export interface PvIO {
  readonly stdout: ErrStream;
  readonly stderr: ErrStream;
  readonly writeFile: (path: string, text: string) => void;
}

const LEVELS = ["drug", "class", "target", "raw"] as const;
const ROLES = ["PS", "SS", "C", "I"] as const;
const STRATA = ["sex", "age", "year", "strata"] as const;

interface ImportOpts {
  readonly db: string;
  readonly format: "text" | "json";
}

interface SignalOpts {
  readonly db: string;
  readonly drug?: string | true;
  readonly class?: string | true;
  readonly target?: string | true;
  readonly raw?: boolean;
  readonly method: string;
  readonly prior?: string;
  readonly roles: string;
  readonly comparator: "all" | "immunotherapy";
  readonly mask?: boolean;
  readonly strata?: string;
  readonly squash?: boolean;
  readonly format: "table" | "csv" | "json" | "html";
  readonly out?: string;
}

/** A comma-separated list, trimmed, empty items dropped. */
const list = (value: string) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/**
 * `--prior a1,b1,a2,b2,p`: five positive numbers (p in [0, 1]), or a UsageError naming what is wrong.
 * @example
 * parsePrior("3.2537864,0.3998884,2.0261305,1.9080826,0.0653457").p; // 0.0653457
 */
export async function parsePrior(text: string): Promise<Prior> {
  const parts = text.split(",").map((s) => s.trim());
  const values = parts.map((s) => (/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) : Number.NaN));
  if (values.length !== 5 || values.some((v) => !Number.isFinite(v)))
    throw new UsageError(`--prior ${JSON.stringify(text)}: give five numbers a1,b1,a2,b2,p`);
  const [alpha1, beta1, alpha2, beta2, p] = values as [number, number, number, number, number];
  const prior = { alpha1, beta1, alpha2, beta2, p };
  const { priorProblems } = await import("@hemosentinel/pv");
  const problems = priorProblems(prior);
  if (problems.length > 0) throw new UsageError(`--prior: ${problems.join("; ")}`);
  return prior;
}

/** The signal options from the command line (level from --drug/--class/--target/--raw, at most one). */
export async function signalOptions(opts: SignalOpts): Promise<SignalOptions> {
  const given = (["drug", "class", "target"] as const).filter((l) => opts[l] !== undefined);
  if (opts.raw) given.push("raw" as never);
  if (given.length > 1)
    throw new UsageError(`choose one of --drug, --class, --target, --raw (got ${given.join(", ")})`);
  const level = (given[0] as (typeof LEVELS)[number] | undefined) ?? "drug";
  const chosen = level === "raw" ? true : opts[level];
  const methods = list(opts.method);
  const { METHODS } = await import("@hemosentinel/pv");
  for (const m of methods)
    if (!(METHODS as readonly string[]).includes(m))
      throw new UsageError(`--method ${m}: one of ${METHODS.join(", ")}`);
  const roles = opts.roles.toLowerCase() === "all" ? [] : list(opts.roles).map((r) => r.toUpperCase());
  for (const r of roles)
    if (!(ROLES as readonly string[]).includes(r))
      throw new UsageError(`--roles ${r}: FAERS role codes are ${ROLES.join(", ")} (or all)`);
  const strata = list(opts.strata ?? "");
  for (const s of strata)
    if (!(STRATA as readonly string[]).includes(s))
      throw new UsageError(`--strata ${s}: one of ${STRATA.join(", ")}`);
  if (opts.mask && level !== "drug") throw new UsageError("--mask applies to --drug signals only");
  if (opts.prior !== undefined && opts.squash)
    throw new UsageError("--squash applies to a fitted prior, not to --prior");
  return {
    level,
    select: typeof chosen === "string" ? list(chosen) : [],
    roles,
    comparator: opts.comparator,
    strata: strata as SignalOptions["strata"],
    methods: methods as SignalOptions["methods"],
    squash: opts.squash === true,
    mask: opts.mask === true,
    ...(opts.prior === undefined ? {} : { prior: await parsePrior(opts.prior) }),
  };
}

/** Import progress on stderr (the CLI's meter): tenths of the bytes, as the files differ widely in size. */
async function importProgress(
  stderr: ErrStream,
  files: readonly { readonly bytes: number }[],
): Promise<ImportProgress & { stop(): void }> {
  const meter = await createMeter(stderr, {
    verb: "importing",
    past: "imported",
    files,
    tenthsOf: "bytes",
  });
  return {
    file: (done, _total, bytesDone) => meter.update(done, bytesDone),
    step: (name) => meter.note(`${name}…`),
    stop: () => meter.stop(),
  };
}

/** The import summary as a user reads it. */
export function importText(s: ImportSummary, db: string): string {
  const lines = [
    `Imported ${s.files} file(s) (${s.format === "faers" ? "FAERS quarterly ASCII" : "long-format CSV"}) into ${db}`,
    `  rows read ${s.rowsRead} · reports kept ${s.reports} · drug rows ${s.drugRows} · event rows ${s.eventRows}`,
  ];
  if (s.format === "faers")
    lines.push(
      `  older case versions replaced ${s.superseded} · cases deleted by FDA's lists ${s.deletedCases}`,
    );
  lines.push(
    `  drug names: ${s.drugNames.distinct} distinct, ${s.drugNames.matched} mapped to the catalogue (${s.drugNames.bySpelling.length} as misspellings), ${s.drugNames.unmatched} unmatched`,
  );
  for (const m of s.drugNames.bySpelling.slice(0, 20))
    lines.push(`    spelling: ${m.name} → ${m.drugs.join(", ")}`);
  if (s.drugNames.unmatchedSuspects.length > 0) {
    lines.push("  unmatched names that look like immunotherapies (add them to the catalogue if they are):");
    for (const u of s.drugNames.unmatchedSuspects.slice(0, 20))
      lines.push(`    ${u.name} (${u.reports} reports)`);
  }
  lines.push(
    s.rejected.length === 0
      ? "  rejected rows: none"
      : `  rejected rows, by reason (examples of each, per file, in ${db}'s pv_reject_sample):`,
  );
  for (const r of s.rejected) lines.push(`    ${r.rows}  ${r.reason}`);
  for (const f of s.fileErrors) lines.push(`  not imported: ${f.path}: ${f.error}`);
  for (const f of s.ignored) lines.push(`  ignored: ${f.path}: ${f.reason}`);
  lines.push(`  knowledge ${s.knowledge.version} (${s.knowledge.hash})`);
  return `${lines.join("\n")}\n`;
}

async function importCommand(inputs: string[], opts: ImportOpts, io: PvIO, bundle: () => KnowledgeBundle) {
  const pv = await import("@hemosentinel/pv");
  const discovery = pv.discover(inputs);
  if (discovery.missing.length > 0)
    throw new UsageError(`${discovery.missing.join(", ")}: no such file or directory`);
  const db = await openDatabase(opts.db, false);
  const progress = await importProgress(io.stderr, discovery.files);
  let summary: ImportSummary;
  try {
    summary = await pv.importFiles(db, discovery, bundle(), progress);
  } catch (e) {
    if (e instanceof pv.ImportError) throw new UsageError(e.message);
    throw e;
  } finally {
    progress.stop();
    db.close();
  }
  io.stdout.write(
    opts.format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : importText(summary, opts.db),
  );
  if (summary.reports === 0) {
    io.stderr.write("hemosentinel: no report could be imported\n");
    return 2;
  }
  return 0;
}

async function openDatabase(path: string, mustExist: boolean) {
  if (mustExist && !existsSync(path))
    throw new UsageError(`--db ${path}: no such database (run hemosentinel pv import first)`);
  const { openDb } = await import("@hemosentinel/pv");
  try {
    return await openDb(path);
  } catch (e) {
    throw new UsageError(
      `--db ${path}: cannot open the database (${e instanceof Error ? e.message.split("\n")[0] : errnoCode(e)})`,
    );
  }
}

async function signalsCommand(opts: SignalOpts, io: PvIO, bundle: () => KnowledgeBundle) {
  const options = await signalOptions(opts);
  const pv = await import("@hemosentinel/pv");
  const db = await openDatabase(opts.db, true);
  let text: string;
  try {
    const result = await pv.computeSignals(db, bundle(), options);
    text = pv.renderSignals(result, opts.format);
    for (const n of result.notFound) io.stderr.write(`hemosentinel: ${n}: no report in the database\n`);
  } catch (e) {
    if (e instanceof pv.SignalError) throw new UsageError(e.message);
    throw e;
  } finally {
    db.close();
  }
  if (opts.out === undefined) io.stdout.write(text);
  else {
    try {
      io.writeFile(opts.out, text);
    } catch (e) {
      throw new UsageError(`${opts.out}: cannot write the output (${errnoCode(e)})`);
    }
  }
  return 0;
}

const SIGNALS_HELP = `
Items: --drug (default) counts catalogue drugs (names mapped at import); --class ici|bispecific|antibody|car-t;
--target (CD19, PD-1, …); each takes an optional comma list to report only those. --raw reports every
name × event as written (no catalogue, no disorder mapping: the CAERS test bed). Events are the seven
disorders through the knowledge base's MedDRA term lists.

The comparator is every other drug in the database (--comparator all) or only reports with a catalogue
immunotherapy (--comparator immunotherapy); --mask leaves out reports of the drug's own class that do not
carry the drug. --roles PS,SS (default: suspect drugs) or all; long-format files have no roles.

Statistics (--method, any of ror,prr,ic,ebgm): ROR with 95 % CI, PRR with Yates' chi-square, IC with IC025
(BCPNN), EBGM with EB05/EB95 (MGPS; prior fitted by maximum likelihood, --squash to fit on squashed data,
or given with --prior a1,b1,a2,b2,p). Signals flagged: ROR lower limit > 1; Evans (PRR >= 2, chi2 >= 4,
n >= 3); IC025 > 0; EB05 >= 2. Disproportionate reporting is not incidence and not causation.

Exit codes: 0 success, 2 invalid usage or database, 1 internal error.`;

/**
 * Adds `pv import` and `pv signals` to the program.
 * @example
 * addPvCommands(program, io, compiledBundle, (code) => { exitCode = code; });
 */
export function addPvCommands(
  program: Command,
  io: PvIO,
  bundle: () => KnowledgeBundle,
  setCode: (code: number) => void,
): void {
  const pv = program
    .command("pv")
    .description("pharmacovigilance: disproportionality signals from spontaneous reports (FAERS) on DuckDB");
  pv.command("import")
    .description(
      "import FAERS quarterly ASCII extracts (2012 Q4 on) or long-format CSV files into a DuckDB file",
    )
    .argument("<inputs...>", "files or folders (one folder per quarter; searched recursively)")
    .requiredOption("--db <file>", "the DuckDB database to (re)write")
    .addOption(
      new Option("-f, --format <format>", "summary format").choices(["text", "json"]).default("text"),
    )
    .exitOverride()
    .action(async (inputs: string[], opts: ImportOpts) => {
      setCode(await importCommand(inputs, opts, io, bundle));
    });
  pv.command("signals")
    .description("ROR, PRR, IC and EBGM for every drug × disorder pair of an imported database")
    .requiredOption("--db <file>", "the DuckDB database written by pv import")
    .option("--drug [names]", "signals by catalogue drug (optionally only these, comma-separated)")
    .option("--class [ids]", "signals by therapy class")
    .option("--target [targets]", "signals by target")
    .option("--raw", "every name × event as written, without catalogue or disorder mapping")
    .option("--method <methods>", "statistics, comma-separated", "ror,prr,ic,ebgm")
    .option("--prior <a1,b1,a2,b2,p>", "EBGM prior hyperparameters instead of fitting them")
    .option("--squash", "fit the EBGM prior on squashed data (DuMouchel & Pregibon 2001)")
    .option("--roles <codes>", "FAERS drug roles counted: PS,SS,C,I or all", "PS,SS")
    .addOption(
      new Option("--comparator <set>", "the reports compared with")
        .choices(["all", "immunotherapy"])
        .default("all"),
    )
    .option("--mask", "leave out reports of the drug's own class without the drug (drug level)")
    .option("--strata <vars>", "stratify expected counts by sex, age, year (FAERS) or strata (long format)")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "csv", "json", "html"])
        .default("table"),
    )
    .option("-o, --out <file>", "write to a file instead of stdout")
    .addHelpText("after", SIGNALS_HELP)
    .exitOverride()
    .action(async (opts: SignalOpts) => {
      setCode(await signalsCommand(opts, io, bundle));
    });
}
