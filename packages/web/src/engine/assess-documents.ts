/**
 * The whole assessment of what the user opened, as the worker runs it (and the benchmark in Node): each
 * source read on its own (a bad file costs only itself), every readable document added to one engine, so
 * that a patient's records across files are joined, then one assessment per patient in the shape the
 * server returns for `GET /api/patients/{id}`.
 */
import {
  createEngine,
  type InputError,
  type Knowledge,
  mergeRecords,
  type PatientAssessment,
  type PatientRecord,
  type Rejection,
} from "@hemosentinel/core";
import { readDocument, type SourceText } from "./documents.js";

export type { PatientAssessment };

/** What became of one source: the patients it held and what could not be read. */
export interface SourceOutcome {
  readonly name: string;
  /** False when nothing of the source could be read. */
  readonly read: boolean;
  readonly patients: readonly string[];
  readonly problems: readonly InputError[];
  /** Resources that belong to no patient, by type. */
  readonly ignored: Readonly<Record<string, number>>;
}

export interface SessionResult {
  readonly evaluatedAt: string;
  readonly assessments: readonly PatientAssessment[];
  readonly sources: readonly SourceOutcome[];
}

function inputError(r: Rejection): InputError {
  return { source: r.ref, code: r.code, detail: r.reason };
}

/**
 * Reads and assesses `sources` at `evaluatedAt`.
 * @example
 * assessDocuments(knowledge, [{ name: "p.json", text }], { evaluatedAt: "2026-11-01T23:59:59Z", version: "0.1.0" });
 */
export function assessDocuments(
  knowledge: Knowledge,
  sources: readonly SourceText[],
  options: { readonly evaluatedAt: string; readonly version: string },
): SessionResult {
  const engine = createEngine(knowledge, options);
  const records = new Map<string, PatientRecord>();
  const outcomes: SourceOutcome[] = sources.map((source) => {
    const read = readDocument(source);
    if (!read.ok)
      return { name: source.name, read: false, patients: [], problems: [read.error], ignored: {} };
    try {
      const added = engine.add(read.document, source.name);
      for (const record of added.patients) {
        const seen = records.get(record.patientId);
        records.set(record.patientId, seen === undefined ? record : mergeRecords(seen, record));
      }
      return {
        name: source.name,
        read: added.patients.length > 0 || added.inputErrors.length === 0,
        patients: added.patients.map((p) => p.patientId),
        problems: added.inputErrors.map(inputError),
        ignored: added.ignored ?? {},
      };
    } catch (e) {
      const detail = `the engine could not read it (${e instanceof Error ? e.message : String(e)})`;
      return {
        name: source.name,
        read: false,
        patients: [],
        problems: [{ source: source.name, code: "internal-error", detail }],
        ignored: {},
      };
    }
  });
  const report = engine.report();
  const assessments = report.patients.map((patient) => ({
    engine: report.engine,
    evaluatedAt: report.evaluatedAt,
    settings: report.settings,
    patient,
    record: records.get(patient.patientId) as PatientRecord,
  }));
  return { evaluatedAt: report.evaluatedAt, assessments, sources: outcomes };
}
