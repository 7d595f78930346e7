/**
 * The `hemosentinel` command line: argument handling, exit codes and error lines. Everything the
 * program touches (streams, stdin, files, clock, environment, engine) comes in through `CliIO` and
 * `Runtime`, so the whole CLI runs in tests without a process of its own.
 */

import {
  type AssessmentReport,
  type Engine,
  type KnowledgeBundle,
  type Rejection,
  type RenderContext,
  renderHtml,
  renderText,
  SettingsError,
  safeText,
} from "@hemosentinel/core";
import { compiledBundle } from "@hemosentinel/knowledge";
import { Command, CommanderError, Option } from "commander";
import { type Output, OutputError, streamOutput, textOutput } from "./bulk/output.js";
import { collectingWriter, jsonWriter, ndjsonWriter } from "./bulk/report-writer.js";
import { runBulk } from "./bulk/run.js";
import { registerCohort } from "./cohort.js";
import { errnoCode } from "./errno.js";
import { discoverInputs, errorHeadline, UsageError } from "./input.js";
import { evaluationTime, FORMATS, type Format, parseAt } from "./options.js";
import { inputErrorOf } from "./pipeline.js";
import { createProgress, type ErrStream } from "./progress.js";
import { addPvCommands } from "./pv.js";
import type { ServeOptions } from "./serve.js";

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** The outside world as the CLI sees it. */
export interface CliIO {
  readonly stdout: ErrStream;
  readonly stderr: ErrStream;
  readonly readStdin: () => Promise<string>;
  readonly writeFile: (path: string, text: string) => void;
  /** A report file written piece by piece and put in place when complete (without it: `writeFile`). */
  readonly openOut?: (path: string) => Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock, read once per run when `--at` is not given. */
  readonly now: () => Date;
}

/** What {@link Runtime.load} returns: the engine of one run and what the reports need from the knowledge base. */
export interface LoadedRuntime {
  readonly engine: Engine;
  readonly render: RenderContext;
}

/** The engine behind the CLI: versions (cheap) and the loaded knowledge base (loaded on first use). */
export interface Runtime {
  readonly version: string;
  readonly knowledgeVersion: () => string;
  /**
   * Loads the knowledge base with the site settings of `settingsFile` (as the user named it; without it,
   * the knowledge base's defaults) and binds adapters and core to the evaluation time. Throws a
   * SettingsError for a settings file that cannot be read or used. May load what it needs asynchronously
   * (the settings parser is imported only when a settings file is named).
   */
  readonly load: (evaluatedAt: string, settingsFile?: string) => LoadedRuntime | Promise<LoadedRuntime>;
  /** `hemosentinel serve`: runs the server until it is stopped and returns the exit code. */
  readonly serve?: (options: ServeOptions) => Promise<number>;
  /** The knowledge bundle `pv` commands map drugs and events with (default: the compiled bundle). */
  readonly knowledgeBundle?: () => KnowledgeBundle;
}

const MAX_ERROR_LINES = 20;

const HELP_AFTER = `
Inputs: FHIR R4 JSON (Bundle or resource), NDJSON bulk export (.ndjson, .jsonl), the CSV format of
docs/csv-format.md. A directory means every .json/.ndjson/.jsonl/.csv file in it, recursively, sorted by path;
'-' reads stdin (format recognised from the content). Records of one patient id found in several files
are merged before the assessment. A FHIR Bulk Data export (one NDJSON file per resource type, numbered
parts) or a folder of one-resource JSON files is one input: references resolve across its files; its
$export manifest (.json) reads the files it lists. Large inputs are streamed and spilled to a temporary
file; --format ndjson writes one patient report a line as each is assessed, then a {"summary":…} line.

What becomes of each record, counted per patient (patients[].counts: read = used + merged +
rejected + notUsed + ignored); nothing is dropped silently:
  used         read into the assessment; merged: a repeat of a record already held, kept once.
  rejected     in scope but failed validation (unit, impossible value, future or missing date, status
               not final, no code): listed with its reason in patients[].rejected, never used.
  notUsed      a Condition, Observation, Procedure or medication record whose code is outside scope
               (an ankle sprain, an antihistamine, a blood pressure): counted by type and code system.
  ignored      a resource type outside the input contract (Encounter, Claim, Organization, …): counted
               by type.
  inputErrors  what could not be read at all or belongs to no patient: a file, an NDJSON or CSV line
               (file:LINE), a bundle entry (file#entry[i]); the other inputs are still assessed.

Exit codes:
  0  the report was written. Records or files that could not be used are part of the report
     (patients[].rejected, inputErrors) and warned about on stderr; they do not fail the run.
  2  invalid input or usage: unknown option or format, bad --at, an input path that does not exist,
     a --config file that cannot be read or is invalid (the message names the field), no input file,
     or no patient could be assessed because every input was unreadable, malformed or
     held no patient (the report is still written, with its inputErrors); or the report could not
     be written (--out, or stdout: disk full, closed pipe).
  1  internal error (HEMOSENTINEL_DEBUG=1 prints the stack trace). When the error concerns one file,
     the others are still assessed and the report written, the file listed with code internal-error.

Decision support, not a diagnosis.`;

function errorLine(e: Rejection, own: boolean): string {
  const { source } = inputErrorOf(e);
  // Patient ids are identifiers: keep them off stderr (the report's inputErrors has the whole source).
  const place = source.includes("Patient/") ? (e.file ?? "input") : source;
  // The CLI's own reasons quote no data; an adapter's reason may, so only its code is shown.
  return `hemosentinel: ${safeText(place)}: ${own ? safeText(e.reason) : `${e.code} (details in the report's inputErrors)`}\n`;
}

function warnInputErrors(errors: readonly Rejection[], own: readonly Rejection[], stderr: ErrStream): void {
  for (const e of errors.slice(0, MAX_ERROR_LINES)) stderr.write(errorLine(e, own.includes(e)));
  if (errors.length > MAX_ERROR_LINES) {
    stderr.write(
      `hemosentinel: … and ${errors.length - MAX_ERROR_LINES} more input problem(s) in the report's inputErrors\n`,
    );
  }
}

/** The report as a text or HTML view (JSON and NDJSON are streamed, see bulk/report-writer.ts). */
function formatReport(
  report: AssessmentReport,
  format: Format,
  render: RenderContext,
  color: boolean,
): string {
  return format === "html" ? renderHtml(report, render) : renderText(report, { ...render, color });
}

/** Where a streamed report goes: stdout, or the --out file (written whole at the end without `openOut`). */
function openOutput(io: CliIO, out: string | undefined): Output {
  if (out === undefined) return streamOutput(io.stdout);
  if (io.openOut === undefined) return textOutput((text) => io.writeFile(out, text));
  try {
    return io.openOut(out);
  } catch (e) {
    throw writeError(out, e);
  }
}

function writeError(out: string | undefined, e: unknown): UsageError {
  return new UsageError(`${out ?? "stdout"}: cannot write the report (${errnoCode(e)})`);
}

interface AssessOptions {
  readonly format: Format;
  readonly at?: string;
  readonly out?: string;
  readonly config?: string;
}

async function assessCommand(
  inputs: string[],
  opts: AssessOptions,
  io: CliIO,
  runtime: Runtime,
): Promise<number> {
  const evaluatedAt = opts.at === undefined ? evaluationTime(io.now()) : parseAt(opts.at);
  const sources = discoverInputs(inputs);
  const { engine, render } = await runtime.load(evaluatedAt, opts.config);
  const progress = await createProgress(sources, io.stderr);
  // JSON and NDJSON are written patient by patient as they are assessed; text and HTML need the whole report.
  const streamed = opts.format === "json" || opts.format === "ndjson";
  const output = streamed ? openOutput(io, opts.out) : undefined;
  const collected = collectingWriter();
  const writer =
    output === undefined ? collected : (opts.format === "json" ? jsonWriter : ndjsonWriter)(output.sink);
  let result: Awaited<ReturnType<typeof runBulk>>;
  try {
    result = await runBulk(sources, engine, io.readStdin, writer, {
      read: (s) => progress.read(s),
      assessing: (n) => progress.assessing(n),
    });
    await output?.commit();
  } catch (e) {
    output?.abort();
    throw e instanceof OutputError ? writeError(opts.out, e) : e;
  } finally {
    progress.done();
  }
  const { cliErrors, internalErrors } = result;
  const problems = [...cliErrors, ...result.adapterErrors];
  if (output === undefined) {
    const color =
      opts.out === undefined && io.stdout.isTTY === true && !io.env.NO_COLOR && io.env.TERM !== "dumb";
    const text = formatReport(collected.report(), opts.format, render, color);
    if (opts.out === undefined) io.stdout.write(text);
    else {
      try {
        io.writeFile(opts.out, text);
      } catch (e) {
        throw writeError(opts.out, e);
      }
    }
  }
  warnInputErrors(problems, cliErrors, io.stderr);
  if (internalErrors.length > 0) {
    if (io.env.HEMOSENTINEL_DEBUG === "1") for (const stack of internalErrors) io.stderr.write(`${stack}\n`);
    io.stderr.write(
      `hemosentinel: internal error on ${internalErrors.length} file(s), listed in inputErrors (code internal-error)\n`,
    );
    return EXIT_INTERNAL;
  }
  if (result.patients === 0 && problems.length > 0) {
    io.stderr.write(`hemosentinel: no patient could be assessed (${problems.length} input problem(s))\n`);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

function buildProgram(io: CliIO, runtime: Runtime, setCode: (code: number) => void): Command {
  const program = new Command("hemosentinel")
    .description(
      "Immunotherapy-associated bleeding and clotting disorders: detection, severity, work-up and management.",
    )
    .version(
      `hemosentinel ${runtime.version} (knowledge ${runtime.knowledgeVersion()})`,
      "-V, --version",
      "print engine and knowledge versions",
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // commander's messages quote the arguments: each line is made safe, its line breaks kept.
      outputError: (s, write) =>
        write(
          `hemosentinel: ${s
            .replace(/^error: /, "")
            .split("\n")
            .map(safeText)
            .join("\n")}`,
        ),
    });
  program
    .command("assess")
    .description("assess patients from FHIR R4 JSON/NDJSON or CSV files, directories or stdin (-)")
    .argument("<inputs...>", "files, directories or - for stdin")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("json"))
    .option("--at <date>", "evaluation time, ISO date (end of that day, UTC) or date-time (default: now)")
    .option("-o, --out <file>", "write the report to a file instead of stdout")
    .option(
      "--config <file>",
      "site settings (YAML, see docs/settings.md); without it the knowledge base's cited defaults apply",
    )
    .addHelpText("after", HELP_AFTER)
    .exitOverride()
    .action(async (inputs: string[], opts: AssessOptions) => {
      setCode(await assessCommand(inputs, opts, io, runtime));
    });
  program
    .command("serve")
    .description("run the CDS Hooks 2.0 service and the REST API until SIGTERM (see the README)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on", "8080")
    .option("--config <file>", "server configuration (YAML, docs/server.example.yaml)")
    .option("--dev", "accept calls without a JWT (development only; warns at start)")
    .option("--cohort-db <file>", "DuckDB database of `hemosentinel cohort` for the web app's cohort page")
    .exitOverride()
    .action(async (opts: ServeOptions) => {
      if (runtime.serve === undefined) throw new UsageError("serve is not available in this runtime");
      setCode(await runtime.serve(opts));
    });
  registerCohort(program, io, runtime, setCode);
  addPvCommands(program, io, runtime.knowledgeBundle ?? compiledBundle, setCode);
  return program;
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code. Never throws; errors
 * become one line on stderr (the stack only with HEMOSENTINEL_DEBUG=1).
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), nodeIO(), runtime);
 */
export async function runCli(argv: readonly string[], io: CliIO, runtime: Runtime): Promise<number> {
  let code = EXIT_OK;
  try {
    await buildProgram(io, runtime, (c) => {
      code = c;
    }).parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has already written its message; help and version are successes.
      return e.code === "commander.helpDisplayed" || e.code === "commander.version" ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError || e instanceof SettingsError) {
      io.stderr.write(`hemosentinel: ${safeText(e.message)}\n`);
      return EXIT_USAGE;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(
      io.env.HEMOSENTINEL_DEBUG === "1"
        ? `hemosentinel: internal error: ${err.stack ?? err.message}\n`
        : `hemosentinel: internal error: ${safeText(errorHeadline(err))} (HEMOSENTINEL_DEBUG=1 shows the stack)\n`,
    );
    return EXIT_INTERNAL;
  }
}
