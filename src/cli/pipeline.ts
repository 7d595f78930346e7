/**
 * The `assess` run over many inputs: read each file, parse it, hand it to the matching adapter, merge
 * the records of one patient found in several files, then assess them all in one call to the core.
 * Problems with one file are recorded and the others still assessed.
 */
import type { PatientRecord, Rejection } from "../core/model.js";
import type { AssessmentReport, InputError } from "../core/report.js";
import { errorHeadline, type InputSource, isRejection, parseJson, readInput } from "./input.js";

/** What an adapter returns for one input. */
export interface IngestResult {
  readonly patients: readonly PatientRecord[];
  readonly inputErrors: readonly Rejection[];
  /** Resources that belong to no patient (an Organization nothing refers to), by type. */
  readonly ignored?: Readonly<Record<string, number>>;
}

/** Adapters and core, already bound to the knowledge base and the evaluation time. */
export interface Engine {
  /** A parsed JSON document: FHIR Bundle or single resource. */
  ingestJson(value: unknown, file: string): IngestResult;
  /** NDJSON bulk export text (one FHIR resource a line). */
  ingestNdjson(text: string, file: string): IngestResult;
  /** The documented CSV format. */
  ingestCsv(text: string, file: string): IngestResult;
  /** Combines two records of the same patient without double counting. */
  merge(a: PatientRecord, b: PatientRecord): PatientRecord;
  /** The pure core over all records. */
  assess(records: readonly PatientRecord[]): AssessmentReport;
}

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
function byType(ignored: Readonly<Record<string, number>>): string {
  return Object.entries(ignored)
    .map(([type, n]) => `${type} ${n}`)
    .join(", ");
}

/** A file that was read and understood but holds no patient, saying what it held instead. */
function noPatient(file: string, ignored: Readonly<Record<string, number>> = {}): Rejection {
  const held = byType(ignored);
  return {
    ref: file,
    file,
    code: "no-patient",
    reason: `no patient in the input${held === "" ? "" : ` (only ${held})`}`,
  };
}

/** Resources of a file with patients that belong to none of them: said, so that none goes unseen. */
function unattributed(file: string, ignored: Readonly<Record<string, number>>): Rejection {
  return {
    ref: file,
    file,
    code: "unattributed",
    reason: `resources that name no patient and that no patient's record refers to were not read: ${byType(ignored)}`,
  };
}

/** An adapter that threw on one file: recorded for that file so that the other files are still assessed. */
function internalError(file: string, e: unknown): Rejection {
  return {
    ref: file,
    file,
    code: "internal-error",
    reason: `internal error while reading this file (${errorHeadline(e)}); the other inputs were assessed`,
  };
}

function ingest(
  engine: Engine,
  format: "json" | "ndjson" | "csv",
  text: string,
  file: string,
): IngestResult | Rejection {
  if (format === "csv") return engine.ingestCsv(text, file);
  if (format === "ndjson") return engine.ingestNdjson(text, file);
  const parsed = parseJson(text, file);
  return "error" in parsed ? parsed.error : engine.ingestJson(parsed.value, file);
}

/**
 * Reads, ingests, merges (by patient id, in order of first appearance) and assesses every input.
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
  const byPatient = new Map<string, PatientRecord>();
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
    let result: IngestResult | Rejection;
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
    for (const record of result.patients) {
      const seen = byPatient.get(record.patientId);
      byPatient.set(record.patientId, seen === undefined ? record : engine.merge(seen, record));
    }
  }
  listener.assessing?.(byPatient.size);
  const report = engine.assess([...byPatient.values()]);
  const problems = [...cliErrors, ...adapterErrors];
  return {
    report: { ...report, inputErrors: [...problems.map(inputErrorOf), ...report.inputErrors] },
    problems,
    cliErrors,
    internalErrors,
  };
}
