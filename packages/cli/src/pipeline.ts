/**
 * The `assess` run over many inputs: read each file, parse it and hand it to the engine, which merges the
 * records of one patient found in several files; then one report of every patient.
 * Problems with one file are recorded and the others still assessed.
 */
import type { AddResult, AssessmentReport, Engine, InputError, Rejection } from "@hemosentinel/core";
import { errorHeadline, type InputSource, isRejection, parseJson, readInput } from "./input.js";

/** Called as the run advances (progress display). */
export interface PipelineListener {
  read?(source: InputSource): void;
  assessing?(patients: number): void;
}

export interface PipelineResult {
  readonly report: AssessmentReport;
  /** Every input problem as found, for the warnings on stderr (the report holds them as `inputErrors`). */
  readonly problems: readonly Rejection[];
  /** Files that could not be read or parsed, or hold no patient: the CLI's own words, quoting no data. */
  readonly cliErrors: readonly Rejection[];
  /** Stack traces of adapter failures (each also an `internal-error` input error); the run went on. */
  readonly internalErrors: readonly string[];
}

/**
 * An input problem as the report states it. `source` says where: the file, an NDJSON or CSV line
 * (`export.ndjson:12`) or a bundle entry (`bundle.json#entry[3]`); adapters cite those in `ref`.
 * @example
 * inputErrorOf({ ref: "x.ndjson:3", file: "x.ndjson", code: "invalid-json", reason: "…" }).source; // "x.ndjson:3"
 */
export function inputErrorOf(r: Rejection): InputError {
  const { file, ref } = r;
  let source = ref;
  if (file !== undefined && file !== "" && !ref.startsWith(file))
    source = ref === "" ? file : `${file}#${ref}`;
  return { source, code: r.code, detail: r.reason };
}

/** Resource counts by type, for messages: "Organization 2, Practitioner 1". */
export function byType(ignored: Readonly<Record<string, number>>): string {
  return Object.entries(ignored)
    .map(([type, n]) => `${type} ${n}`)
    .join(", ");
}

/** A file that was read and understood but holds no patient, saying what it held instead. */
export function noPatient(file: string, ignored: Readonly<Record<string, number>> = {}): Rejection {
  const held = byType(ignored);
  return {
    ref: file,
    file,
    code: "no-patient",
    reason: `no patient in the input${held === "" ? "" : ` (only ${held})`}`,
  };
}

/** Resources of a file with patients that belong to none of them: said, so that none goes unseen. */
export function unattributed(file: string, ignored: Readonly<Record<string, number>>): Rejection {
  return {
    ref: file,
    file,
    code: "unattributed",
    reason: `resources that name no patient and that no patient's record refers to were not read: ${byType(ignored)}`,
  };
}

/** An adapter that threw on one file: recorded for that file so that the other files are still assessed. */
export function internalError(file: string, e: unknown): Rejection {
  return {
    ref: file,
    file,
    code: "internal-error",
    reason: `internal error while reading this file (${errorHeadline(e)}); the other inputs were assessed`,
  };
}

export function ingest(
  engine: Engine,
  format: "json" | "ndjson" | "csv",
  text: string,
  file: string,
): AddResult | Rejection {
  if (format !== "json") return engine.add({ kind: format, text }, file);
  const parsed = parseJson(text, file);
  return "error" in parsed ? parsed.error : engine.add({ kind: "fhir", value: parsed.value }, file);
}

/**
 * Reads every input into the engine (patients merged by id, in order of first appearance) and assesses them.
 * The report's `inputErrors` lists the CLI's findings first (unreadable, malformed or patient-less
 * files, adapter failures), then the adapters' errors. An adapter that throws on one file fails only
 * that file.
 */
export async function runPipeline(
  sources: readonly InputSource[],
  engine: Engine,
  readStdin: () => Promise<string>,
  listener: PipelineListener = {},
): Promise<PipelineResult> {
  const cliErrors: Rejection[] = [];
  const adapterErrors: Rejection[] = [];
  const internalErrors: string[] = [];
  for (const source of sources) {
    const doc = await readInput(source, readStdin);
    listener.read?.(source);
    if (isRejection(doc)) {
      cliErrors.push(doc);
      continue;
    }
    let result: AddResult | Rejection;
    try {
      result = ingest(engine, doc.format, doc.text, doc.file);
    } catch (e) {
      internalErrors.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
      cliErrors.push(internalError(doc.file, e));
      continue;
    }
    if (isRejection(result)) {
      cliErrors.push(result);
      continue;
    }
    adapterErrors.push(...result.inputErrors);
    if (result.patients.length === 0 && result.inputErrors.length === 0)
      cliErrors.push(noPatient(doc.file, result.ignored));
    else if (result.patients.length > 0 && byType(result.ignored ?? {}) !== "")
      cliErrors.push(unattributed(doc.file, result.ignored ?? {}));
  }
  listener.assessing?.(engine.patients().length);
  const problems = [...cliErrors, ...adapterErrors];
  return {
    report: engine.report(problems.map(inputErrorOf)),
    problems,
    cliErrors,
    internalErrors,
  };
}
