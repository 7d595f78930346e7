/**
 * The `assess` run over many inputs: read each file, parse it, hand it to the matching adapter, merge
 * the records of one patient found in several files, then assess them all in one call to the core.
 * Problems with one file are recorded and the others still assessed.
 */
import type { PatientRecord, Rejection } from "../core/model.js";
import type { AssessmentReport } from "../core/report.js";
import { type InputSource, isRejection, parseJson, readInput } from "./input.js";

/** What an adapter returns for one input. */
export interface IngestResult {
  readonly patients: readonly PatientRecord[];
  readonly inputErrors: readonly Rejection[];
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
  /** Files that could not be read or parsed: their reasons are the CLI's own words and quote no data. */
  readonly readErrors: readonly Rejection[];
  /** Files that yielded at least one patient. */
  readonly filesWithPatients: number;
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
 * The report's `inputErrors` lists unreadable and malformed files first, then the adapters' errors.
 */
export async function runPipeline(
  sources: readonly InputSource[],
  engine: Engine,
  readStdin: () => Promise<string>,
  listener: PipelineListener = {},
): Promise<PipelineResult> {
  const byPatient = new Map<string, PatientRecord>();
  const readErrors: Rejection[] = [];
  const adapterErrors: Rejection[] = [];
  let filesWithPatients = 0;
  for (const source of sources) {
    const doc = await readInput(source, readStdin);
    listener.read?.(source);
    if (isRejection(doc)) {
      readErrors.push(doc);
      continue;
    }
    const result = ingest(engine, doc.format, doc.text, doc.file);
    if (isRejection(result)) {
      readErrors.push(result);
      continue;
    }
    adapterErrors.push(...result.inputErrors);
    if (result.patients.length > 0) filesWithPatients++;
    for (const record of result.patients) {
      const seen = byPatient.get(record.patientId);
      byPatient.set(record.patientId, seen === undefined ? record : engine.merge(seen, record));
    }
  }
  listener.assessing?.(byPatient.size);
  const report = engine.assess([...byPatient.values()]);
  return {
    report: { ...report, inputErrors: [...readErrors, ...adapterErrors, ...report.inputErrors] },
    readErrors,
    filesWithPatients,
  };
}
