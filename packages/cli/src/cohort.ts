/**
 * `hemosentinel cohort …`: the OMOP CDM commands (generate, import, screen, stats) over an embedded DuckDB
 * database. The cohort package, with DuckDB's native module, is imported only when a cohort command runs,
 * so `assess` starts as fast as before.
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type * as CohortModule from "@hemosentinel/cohort";
import { type Certainty, type Knowledge, openKnowledge } from "@hemosentinel/core";
import { compiledBundle } from "@hemosentinel/knowledge";
import { type Command, Option } from "commander";
import { stringify } from "csv-stringify/sync";
import { UsageError } from "./input.js";
import { evaluationTime, parseAt } from "./options.js";
import type { ErrStream } from "./progress.js";

/** What the cohort commands use of the outside world (a part of the CLI's `CliIO`). */
export interface CohortIO {
  readonly stdout: ErrStream;
  readonly stderr: ErrStream;
  readonly writeFile: (path: string, text: string) => void;
  /** The clock, read once per run when `--at` is not given. */
  readonly now: () => Date;
}

type Cohort = typeof CohortModule;

export const DEFAULT_DB = "hemosentinel.duckdb";
/** The cohort package's default, repeated so that `--help` does not load DuckDB. */
const DEFAULT_MEMORY_LIMIT = "1GB";
const SCREEN_FORMATS = ["table", "json", "csv"] as const;
const STATS_FORMATS = ["table", "json"] as const;

/** Progress lines on stderr: one per step, never patient data. */
function note(stderr: ErrStream, text: string): void {
  stderr.write(`hemosentinel: ${text}\n`);
}

type ProgressLib = typeof import("cli-progress");

/** The progress-bar library, loaded only when stderr is a terminal. */
async function progressLib(stderr: ErrStream): Promise<ProgressLib | undefined> {
  return stderr.isTTY ? (await import("cli-progress")).default : undefined;
}

/** A progress bar on a terminal (cli-progress), a line per tenth otherwise. */
function counter(
  stderr: ErrStream,
  cliProgress: ProgressLib | undefined,
  label: string,
  total: number,
): { update(n: number): void; stop(): void } {
  if (cliProgress) {
    const bar = new cliProgress.SingleBar(
      {
        stream: stderr as NodeJS.WritableStream,
        format: `${label} |{bar}| {value}/{total} · {eta_formatted}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (n) => bar.update(n), stop: () => bar.stop() };
  }
  let tenth = 0;
  return {
    update(n) {
      const t = total === 0 ? 10 : Math.floor((n * 10) / total);
      if (t > tenth) {
        tenth = t;
        note(stderr, `${label}: ${n}/${total}`);
      }
    },
    stop() {},
  };
}

/**
 * The screen workers' entry module, built beside this one (dist/screen-worker.js, also in the bundled
 * executable; src/screen-worker.ts when run from the sources).
 */
const SCREEN_WORKER = new URL(
  `./screen-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`,
  import.meta.url,
);

/**
 * One core is left to the main thread, which reads every batch's rows (about a third of the screen's CPU
 * time) and posts them: on two cores, two workers beside it ran slower than the screen in one thread.
 */
const defaultWorkers = () => Math.max(1, availableParallelism() - 1);

function positiveInt(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} ${JSON.stringify(text)}: expected a whole number ≥ ${min}`);
  return n;
}

/** `--db` (a DuckDB file, or a PostgreSQL server by URL with its schemas) and DuckDB's limits, as given. */
interface DbOptions {
  readonly db: string;
  readonly cdmSchema?: string;
  readonly resultsSchema?: string;
  readonly memoryLimit: string;
  readonly threads?: string;
}

const isPostgresUrl = (db: string) => /^postgres(ql)?:\/\//.test(db);

/** Adds `--db`, `--cdm-schema`, `--results-schema`, `--memory-limit` and `--threads` to a command. */
function dbOptions(command: Command): Command {
  return command
    .option(
      "--db <file|url>",
      "DuckDB database file, or a PostgreSQL server (postgres://user@host:port/db)",
      DEFAULT_DB,
    )
    .option("--cdm-schema <name>", "PostgreSQL: schema of the CDM tables (default cdm)")
    .option(
      "--results-schema <name>",
      "PostgreSQL: schema of HemoSentinel's results (default hemosentinel_results)",
    )
    .option(
      "--memory-limit <size>",
      "DuckDB's memory budget, beyond which it spills to disk (e.g. 512MB, 2GB)",
      DEFAULT_MEMORY_LIMIT,
    )
    .option("--threads <n>", "DuckDB worker threads (default: one per core)");
}

/** DuckDB's memory budget and threads from the command line; a bad value is a usage error. */
function duckDbOptions(cohort: Cohort, opts: DbOptions): CohortModule.DuckDbOptions {
  try {
    return {
      memoryLimit: cohort.parseMemoryLimit(opts.memoryLimit),
      ...(opts.threads !== undefined && { threads: positiveInt("--threads", opts.threads) }),
    };
  } catch (e) {
    throw e instanceof RangeError ? new UsageError(e.message.replace(/^memory limit/, "--memory-limit")) : e;
  }
}

/**
 * Runs `fn` on the database `opts.db` names; a database that holds no complete import or no screening run
 * is a usage error (the message says which command to run first).
 */
async function withDb<T>(
  cohort: Cohort,
  opts: DbOptions,
  mustExist: boolean,
  fn: (db: CohortModule.CohortDatabase) => Promise<T>,
): Promise<T> {
  const path = opts.db;
  const schemas = {
    ...(opts.cdmSchema !== undefined && { cdm: opts.cdmSchema }),
    ...(opts.resultsSchema !== undefined && { results: opts.resultsSchema }),
  };
  let db: CohortModule.CohortDatabase;
  if (isPostgresUrl(path)) {
    try {
      db = await cohort.openPostgres(path, schemas);
    } catch (e) {
      throw new UsageError(`PostgreSQL: ${(e as Error).message}`);
    }
  } else {
    if (Object.keys(schemas).length > 0)
      throw new UsageError("--cdm-schema and --results-schema apply to a PostgreSQL --db (postgres://…)");
    if (mustExist && !existsSync(path))
      throw new UsageError(`${path}: no such database (run \`hemosentinel cohort import\` first)`);
    db = await cohort.openDuckDb(path, duckDbOptions(cohort, opts));
  }
  try {
    return await fn(db);
  } catch (e) {
    if (
      e instanceof cohort.NoImportError ||
      e instanceof cohort.NoScreenRunError ||
      e instanceof cohort.StoreVersionError
    )
      throw new UsageError(e.message);
    throw e;
  } finally {
    await ("end" in db ? (db as CohortModule.PostgresDatabase).end() : db.close());
  }
}

/** The site's lab map file (`import --lab-map`), read before anything is written; a file that is no map is a usage error. */
function readLabMapFile(c: Cohort, file: string, knowledge: Knowledge): CohortModule.LabCodeMap {
  if (!existsSync(file)) throw new UsageError(`--lab-map ${file}: no such file`);
  try {
    return c.readLabMap(readFileSync(file, "utf8"), file, knowledge);
  } catch (e) {
    if (e instanceof c.LabMapError) throw new UsageError(`--lab-map ${e.message}`);
    throw e;
  }
}

/** A FHIR export's resources by type: read, mapped to a CDM table, looked up, ignored, rejected. */
function fhirLines(fhir: NonNullable<CohortModule.ImportSummary["fhir"]>): string[] {
  const lines = ["resource type                  read     mapped   rejected  (then the CDM tables below)"];
  for (const t of fhir.resources) {
    const rejected = t.rejected.reduce((n, r) => n + r.rows, 0);
    const into = t.table ?? (t.lookup > 0 ? "code lookup" : t.ignored > 0 ? "ignored: not mapped" : "");
    lines.push(
      `${t.type.padEnd(28)} ${String(t.read).padStart(6)} ${String(t.mapped).padStart(10)} ${String(rejected).padStart(10)}  ${into}`,
    );
    for (const r of t.rejected) lines.push(`  rejected ${r.rows}: ${r.code} (${r.detail})`);
  }
  for (const u of fhir.unreadable) lines.push(`lines not read ${u.rows}: ${u.code} (${u.detail})`);
  for (const p of fhir.problems) lines.push(`not read: ${p}`);
  return [...lines, ""];
}

/** Absent persons named one by one in the import table; the JSON summary lists them all. */
const ABSENT_SHOWN = 20;

function importTable(summary: CohortModule.ImportSummary): string {
  const lines = [
    ...(summary.fhir ? fhirLines(summary.fhir) : []),
    "table                 read   imported       used   not used   rejected",
  ];
  for (const t of summary.tables) {
    const rejected = t.rejected.reduce((n, r) => n + r.rows, 0);
    lines.push(
      `${t.table.padEnd(20)} ${String(t.read).padStart(7)} ${String(t.imported).padStart(10)} ${String(t.used).padStart(10)} ${String(t.notUsed).padStart(10)} ${String(rejected).padStart(10)}`,
    );
    for (const r of t.rejected) lines.push(`  rejected ${r.rows}: ${r.code} (${r.detail})`);
    if (t.extraColumns.length > 0) lines.push(`  columns not imported: ${t.extraColumns.join(", ")}`);
  }
  const absent = summary.absentPersons;
  if (absent.length > 0) {
    const rows = absent.reduce((n, p) => n + p.rows, 0);
    lines.push(
      `persons not in the person table: ${absent.length} (their ${rows} rows rejected as unknown-person, listed in import_rejection)`,
    );
    for (const p of absent.slice(0, ABSENT_SHOWN))
      lines.push(
        `  person_id ${p.personId}${p.patient === undefined ? "" : ` (${p.patient})`}: ${p.rows} row${p.rows === 1 ? "" : "s"} in ${p.tables.join(", ")}${p.personRowRejected === undefined ? "" : `; its person row was rejected: ${p.personRowRejected}`}`,
      );
    if (absent.length > ABSENT_SHOWN) lines.push(`  and ${absent.length - ABSENT_SHOWN} more`);
  }
  if (summary.missingTables.length > 0)
    lines.push(`missing tables (imported empty): ${summary.missingTables.join(", ")}`);
  for (const f of summary.ignored)
    lines.push(`not read: ${f.file} (${f.rows} rows, a table HemoSentinel does not use)`);
  const map = summary.labMap;
  if (map !== undefined) {
    /** A stored map as the user knows it: its file and the start of its SHA-256. */
    const named = (m: { readonly file?: string; readonly sha256?: string }) =>
      `${m.file ?? "(file not recorded)"}${m.sha256 === undefined ? "" : ` (sha256 ${m.sha256.slice(0, 12)})`}`;
    if (map.stored === "kept")
      lines.push(`lab map: none given, the stored map ${named(map)} is kept (${map.codes} local code(s))`);
    else {
      lines.push(
        `lab map ${named(map)}: ${map.codes} local code(s) read, ${map.rejected.length} line(s) not used (listed in import_rejection)`,
      );
      for (const r of map.rejected) lines.push(`  line ${r.line} not used: ${r.reason}`);
      if (map.replaced !== undefined)
        lines.push(`  replaces the stored map ${named(map.replaced)} (${map.replaced.codes} local code(s))`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function screenTable(result: CohortModule.ScreenResult): string {
  const r = result.run;
  const lines = [
    `run ${r.runId} evaluated ${r.evaluatedAt} · knowledge ${r.knowledgeVersion} (${r.knowledgeHash}) · ${r.exposed} exposed, ${r.candidates} candidates${r.reusedFrom === null ? "" : ` (${r.candidates - r.assessed} unchanged since run ${r.reusedFrom}, ${r.assessed} assessed)`}, ${r.flagged} flagged`,
    result.since
      ? `compared with run ${result.since.runId} (${result.since.evaluatedAt})`
      : "first run: every item is new",
  ];
  const changed = result.items.filter((i) => i.status !== "unchanged");
  lines.push(
    `${changed.length} new or changed, ${result.items.length - changed.length} unchanged, ${result.resolved.length} no longer flagged`,
  );
  for (const i of changed)
    lines.push(
      `${i.status.padEnd(8)} person ${i.personId.padEnd(10)} ${i.kind === "finding" ? `${i.item} ${i.certainty ?? ""}` : `unexplained ${i.item}`}${i.grade !== undefined ? ` grade ${i.grade}` : ""} · ${i.at.slice(0, 10)}${i.drug ? ` · ${i.drug}${i.daysFromFirstDose !== undefined ? ` day ${i.daysFromFirstDose}` : ""}` : ""}${i.deceased === undefined ? "" : ` · DECEASED ${i.deceased.slice(0, 10)}`}`,
    );
  for (const i of result.resolved)
    lines.push(
      `resolved person ${i.personId.padEnd(10)} ${i.kind === "finding" ? i.item : `unexplained ${i.item}`}`,
    );
  return `${lines.join("\n")}\n`;
}

function screenCsv(result: CohortModule.ScreenResult): string {
  const header = [
    "status",
    "person_id",
    "kind",
    "item",
    "certainty",
    "grade",
    "at",
    "drug",
    "drug_class",
    "days_from_first_dose",
    "summary",
    "deceased",
  ];
  const fields = (status: string, i: CohortModule.ScreenItem) => [
    status,
    i.personId,
    i.kind,
    i.item,
    i.certainty,
    i.grade,
    i.at,
    i.drug,
    i.drugClass,
    i.daysFromFirstDose,
    i.summary,
    i.deceased,
  ];
  const rows = [
    ...result.items.map((i) => fields(i.status, i)),
    ...result.resolved.map((i) => fields("resolved", i)),
  ];
  return stringify([header, ...rows], { record_delimiter: "unix" });
}

function statsTable(stats: CohortModule.CohortStats): string {
  const f = (x: number, d = 2) => x.toFixed(d);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `run ${stats.run.runId} evaluated ${stats.run.evaluatedAt} · certainty ≥ ${stats.minCertainty}`,
  ];
  for (const g of stats.groups) {
    lines.push(
      "",
      `${g.group}: ${g.persons} exposed${g.outsideObservation > 0 ? ` (${g.outsideObservation} outside observation, left out)` : ""}`,
    );
    lines.push(
      "  disorder     cases   per 100 PY (95% CI)        30 d     90 d    180 d   onset median (IQR)",
    );
    for (const d of g.disorders) {
      const inc = d.incidence ? `${f(d.incidence.rate)} (${f(d.incidence.low)}–${f(d.incidence.high)})` : "–";
      const onset = d.onset ? `${f(d.onset.median, 0)} (${f(d.onset.q1, 0)}–${f(d.onset.q3, 0)})` : "–";
      lines.push(
        `  ${d.disorder.padEnd(12)} ${String(d.cases).padStart(5)}   ${inc.padEnd(24)} ${d.cumulative.map((c) => pct(c.estimate).padStart(8)).join(" ")}   ${onset}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The ids of a candidates file; the lines left out are named on stderr by number (never their text). */
async function candidateIds(io: CohortIO, cohort: Cohort, path: string): Promise<readonly string[]> {
  if (!existsSync(path)) throw new UsageError(`--candidates ${path}: no such file`);
  const { ids, problems } = await cohort.readCandidates(path);
  for (const p of problems) note(io.stderr, `${path} line ${p.line} left out: ${p.reason}`);
  note(io.stderr, `${ids.length} candidate(s) read from ${path}`);
  return ids;
}

interface Ctx {
  readonly load: () => Promise<Cohort>;
  readonly knowledge: () => Knowledge;
}

function write(io: CohortIO, out: string | undefined, text: string): void {
  if (out === undefined) io.stdout.write(text);
  else io.writeFile(out, text);
}

/**
 * Adds `cohort generate|import|screen|stats` to the program.
 * @example
 * registerCohort(program, io, runtime, setCode);
 */
export function registerCohort(
  program: Command,
  io: CohortIO,
  runtime: { readonly version: string },
  setCode: (code: number) => void,
): void {
  let knowledge: Knowledge | undefined;
  const ctx: Ctx = {
    load: () => import("@hemosentinel/cohort"),
    knowledge: () => {
      knowledge ??= openKnowledge(compiledBundle());
      return knowledge;
    },
  };
  const cohort = program
    .command("cohort")
    .description(
      "cohort surveillance on an OMOP CDM database (embedded DuckDB): generate, import, screen, stats",
    )
    .exitOverride();

  cohort
    .command("generate")
    .description(
      "write a synthetic OMOP CDM v5.4 cohort on immunotherapy (CSV or Parquet), deterministic per seed",
    )
    .requiredOption("--patients <n>", "number of patients")
    .option("--seed <s>", "random seed", "1")
    .option("--enrich <f>", "multiply every disorder's incidence (rare disorders in small cohorts)", "1")
    .addOption(new Option("--format <format>", "file format").choices(["csv", "parquet"]).default("csv"))
    .option("--start <date>", "earliest first dose (ISO date)", "2024-01-01")
    .requiredOption("--out <dir>", "output folder")
    .exitOverride()
    .action(
      async (opts: {
        patients: string;
        seed: string;
        enrich: string;
        format: "csv" | "parquet";
        start: string;
        out: string;
      }) => {
        const patients = positiveInt("--patients", opts.patients);
        const seed = positiveInt("--seed", opts.seed, 0);
        const enrich = Number(opts.enrich);
        if (!Number.isFinite(enrich) || enrich <= 0)
          throw new UsageError(`--enrich ${JSON.stringify(opts.enrich)}: expected a number > 0`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.start))
          throw new UsageError(`--start ${JSON.stringify(opts.start)}: expected an ISO date`);
        const { generateCohort } = await ctx.load();
        const bar = counter(io.stderr, await progressLib(io.stderr), "generating patients", patients);
        const summary = await generateCohort(
          {
            patients,
            seed,
            enrich,
            out: opts.out,
            format: opts.format,
            start: opts.start,
            onProgress: (n) => bar.update(n),
          },
          ctx.knowledge().incidence,
        );
        bar.stop();
        io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        setCode(0);
      },
    );

  dbOptions(
    cohort
      .command("import")
      .description(
        "import an OMOP CDM folder (CSV, CSV.gz or Parquet; upper- or lower-case file names) or a FHIR bulk export (NDJSON, NDJSON.gz, manifest) into DuckDB or PostgreSQL",
      )
      .argument("<src>", "folder with one file per CDM table, or a FHIR $export folder or manifest"),
  )
    .addOption(new Option("--format <format>", "summary format").choices(["table", "json"]).default("table"))
    .option(
      "--lab-map <file>",
      "CSV (header source_value,loinc) mapping the site's local lab codes in measurement_source_value to LOINC; stored with the import for later screens (without it, the stored map is kept)",
    )
    .exitOverride()
    .action(async (src: string, opts: DbOptions & { format: "table" | "json"; labMap?: string }) => {
      if (!existsSync(src)) throw new UsageError(`${src}: no such folder`);
      const c = await ctx.load();
      const labMap = opts.labMap === undefined ? undefined : readLabMapFile(c, opts.labMap, ctx.knowledge());
      const options = labMap === undefined ? {} : { labMap };
      const summary = await withDb(c, opts, false, async (db) => {
        const bar = counter(io.stderr, await progressLib(io.stderr), "importing tables", c.CDM_TABLES.length);
        const progress = {
          table: (_t: string, i: number) => bar.update(i),
          file: (name: string, i: number, total: number) =>
            note(io.stderr, `reading ${name} (${i + 1}/${total})`),
        };
        try {
          return "copyRows" in db
            ? await c.importCdmIntoPostgres(
                db as CohortModule.PostgresDatabase,
                src,
                ctx.knowledge(),
                progress,
                options,
              )
            : await c.importCdm(db, src, ctx.knowledge(), progress, options);
        } finally {
          bar.update(c.CDM_TABLES.length);
          bar.stop();
        }
      });
      io.stdout.write(
        opts.format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : importTable(summary),
      );
      setCode(0);
    });

  dbOptions(
    cohort
      .command("screen")
      .description(
        "screen every exposed patient: SQL prefilter from the knowledge, then the engine on the candidates; report what is new or changed",
      ),
  )
    .option(
      "--candidates <file>",
      "assess these person ids (CSV with person_id, or one id per line: the Spark SQL's output) instead of the prefilter's",
    )
    .option("--at <date>", "evaluation time, ISO date (end of that day, UTC) or date-time (default: now)")
    .option("--since <run>", "compare with the last run (last) or the latest run evaluated by a date", "last")
    .addOption(new Option("-f, --format <format>", "output format").choices(SCREEN_FORMATS).default("table"))
    .option("-o, --out <file>", "write to a file instead of stdout")
    .option("--no-record", "do not store this run in the results schema")
    .option("--no-reuse", "assess every candidate, even those whose rows have not changed since the last run")
    .option(
      "--workers <n>",
      "worker threads assessing the candidates (default: the available parallelism less one; 1: in this thread)",
    )
    .exitOverride()
    .action(
      async (
        opts: DbOptions & {
          candidates?: string;
          at?: string;
          since: string;
          format: (typeof SCREEN_FORMATS)[number];
          out?: string;
          record: boolean;
          reuse: boolean;
          workers?: string;
        },
      ) => {
        const workers =
          opts.workers === undefined ? defaultWorkers() : positiveInt("--workers", opts.workers);
        const given =
          opts.candidates === undefined
            ? undefined
            : await candidateIds(io, await ctx.load(), opts.candidates);
        const evaluatedAt = opts.at === undefined ? evaluationTime(io.now()) : parseAt(opts.at);
        if (opts.since !== "last" && !/^\d{4}-\d{2}-\d{2}/.test(opts.since))
          throw new UsageError(`--since ${JSON.stringify(opts.since)}: expected last or an ISO date`);
        const c = await ctx.load();
        const lib = await progressLib(io.stderr);
        const result = await withDb(c, opts, true, async (db) => {
          let bar: ReturnType<typeof counter> | undefined;
          try {
            return await c.screenCohort(db, ctx.knowledge(), {
              evaluatedAt,
              version: runtime.version,
              since: opts.since,
              record: opts.record,
              ...(given !== undefined && { candidates: given }),
              reuse: opts.reuse,
              workers: { threads: workers, bundle: compiledBundle(), entry: SCREEN_WORKER },
              progress: {
                candidates: (n, threads) => {
                  note(
                    io.stderr,
                    `${n} candidate(s) for the engine${threads > 1 ? `, in ${threads} worker threads` : ""}`,
                  );
                  bar = counter(io.stderr, lib, "assessing candidates", n);
                },
                assessed: (n) => bar?.update(n),
              },
            });
          } finally {
            bar?.stop();
          }
        });
        if (result.notInStore !== undefined && result.notInStore.length > 0)
          note(
            io.stderr,
            `${result.notInStore.length} candidate(s) have no person in this database: import their records (person, drug_exposure, measurement, condition_occurrence, procedure_occurrence) first`,
          );
        const text =
          opts.format === "json"
            ? `${JSON.stringify(result, null, 2)}\n`
            : opts.format === "csv"
              ? screenCsv(result)
              : screenTable(result);
        write(io, opts.out, text);
        setCode(0);
      },
    );

  dbOptions(
    cohort
      .command("stats")
      .description(
        "incidence per 100 patient-years, cumulative incidence (death competing) and time to onset per disorder",
      ),
  )
    .addOption(
      new Option("--by <group>", "group by drug or therapy class (default: the whole cohort)").choices([
        "drug",
        "class",
      ]),
    )
    .option("--run <id>", "screening run (default: the latest)")
    .addOption(
      new Option("--certainty <level>", "lowest certainty counted as a case")
        .choices(["possible", "probable", "definite"])
        .default("possible"),
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(STATS_FORMATS).default("table"))
    .option("-o, --out <file>", "write the HTML cohort report (with the curves) to this file")
    .exitOverride()
    .action(
      async (
        opts: DbOptions & {
          by?: "drug" | "class";
          run?: string;
          certainty: Certainty;
          format: (typeof STATS_FORMATS)[number];
          out?: string;
        },
      ) => {
        const c = await ctx.load();
        const runId = opts.run === undefined ? undefined : positiveInt("--run", opts.run);
        const stats = await withDb(c, opts, true, (db) =>
          c.cohortStats(
            db,
            ctx.knowledge().disorders.map((d) => d.id),
            { by: opts.by ?? "all", minCertainty: opts.certainty, ...(runId !== undefined && { runId }) },
          ),
        );
        if (opts.out !== undefined) {
          io.writeFile(opts.out, c.renderStatsHtml(stats, c.plotScripts()));
          note(io.stderr, `cohort report written to ${opts.out}`);
        }
        io.stdout.write(opts.format === "json" ? `${JSON.stringify(stats, null, 2)}\n` : statsTable(stats));
        setCode(0);
      },
    );

  cohort
    .command("sql")
    .description(
      "print the screening SQL (the prefilter compiled from the knowledge) for DuckDB, PostgreSQL or Spark SQL, to run on a warehouse",
    )
    .addOption(
      new Option("--dialect <dialect>", "SQL dialect")
        .choices(["duckdb", "postgres", "spark"])
        .default("spark"),
    )
    .option("--at <date>", "evaluation time, ISO date (end of that day, UTC) or date-time (default: now)")
    .option("--cdm-schema <name>", "schema of the CDM tables", "cdm")
    .option("--results-schema <name>", "schema of HemoSentinel's concept maps", "hemosentinel_results")
    .option(
      "--maps-from <file>",
      "a local DuckDB store whose concept maps the script creates first (for a warehouse without them)",
    )
    .option("-o, --out <file>", "write to a file instead of stdout")
    .exitOverride()
    .action(
      async (opts: {
        dialect: CohortModule.DialectName;
        at?: string;
        cdmSchema: string;
        resultsSchema: string;
        mapsFrom?: string;
        out?: string;
      }) => {
        const evaluatedAt = opts.at === undefined ? evaluationTime(io.now()) : parseAt(opts.at);
        for (const [flag, name] of [
          ["--cdm-schema", opts.cdmSchema],
          ["--results-schema", opts.resultsSchema],
        ])
          if (!/^[a-z_][a-z0-9_]*$/.test(name ?? ""))
            throw new UsageError(
              `${flag} ${JSON.stringify(name)}: expected lower-case letters, digits and underscores`,
            );
        const c = await ctx.load();
        const maps =
          opts.mapsFrom === undefined
            ? undefined
            : await withDb(c, { db: opts.mapsFrom, memoryLimit: c.DEFAULT_MEMORY_LIMIT }, true, (db) =>
                c.readConceptMaps(db),
              );
        const text = c.screeningScript(ctx.knowledge(), c.dialectOf(opts.dialect), {
          evaluatedAt,
          schemas: { cdm: opts.cdmSchema, results: opts.resultsSchema },
          ...(maps !== undefined && { maps }),
        });
        write(io, opts.out, text);
        setCode(0);
      },
    );
}
