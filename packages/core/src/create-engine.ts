/**
 * The engine as a library: documents in (a FHIR Bundle or resource, an NDJSON bulk export, the CSV
 * format), patients assembled across documents, reports out. No file, clock or environment is read: the
 * caller passes the knowledge, the evaluation time and the documents, so the CLI, the server, the web app
 * and the cohort job drive the same engine.
 */
import { ingestCsv } from "./adapters/csv/ingest.js";
import { ingestFhir, ingestGroup, ingestNdjson } from "./adapters/fhir/ingest.js";
import type { Entry } from "./adapters/fhir/input.js";
import { mergeRecords } from "./adapters/patient-builder.js";
import type { IsoDateTime, PatientRecord, Rejection } from "./contracts/model.js";
import type { AssessmentReport, InputError, PatientReport } from "./contracts/report.js";
import type { SettingsInForce } from "./contracts/settings.js";
import { assessPatient, engineStamp, type PatientScreen, screenPatient } from "./engine/assess.js";
import type { Knowledge } from "./knowledge/knowledge.js";
import { resolveSettings } from "./settings/resolve.js";

/** One input document, already read: parsed FHIR JSON, NDJSON text or CSV text. */
export type Document =
  | { readonly kind: "fhir"; readonly value: unknown }
  | { readonly kind: "ndjson"; readonly text: string }
  | { readonly kind: "csv"; readonly text: string };

/** What one document held. */
export interface AddResult {
  /** The patients the document held records of (each joins the engine's patient of that id). */
  readonly patients: readonly PatientRecord[];
  /** Problems that belong to no patient: input that is not FHIR, lines that do not parse, missing subjects. */
  readonly inputErrors: readonly Rejection[];
  /** Resources that belong to no patient (an Organization nothing refers to), by type. */
  readonly ignored?: Readonly<Record<string, number>>;
}

export interface EngineOptions {
  /** The evaluation time: results dated after it are rejected as future-dated. */
  readonly evaluatedAt: IsoDateTime;
  /** The engine version stamped on reports. */
  readonly version: string;
  /** The site settings `knowledge` was prepared with (default: the knowledge base's own). */
  readonly settings?: SettingsInForce;
}

export interface Engine {
  /** Reads one document; `source` names it in rejections (a file name, `stdin`, a request). */
  add(document: Document, source: string): AddResult;
  /** Reads one document as `add` does but keeps nothing: the caller holds the records it returns. */
  read(document: Document, source: string): AddResult;
  /** The ids of the patients read so far, in order of first appearance. */
  patients(): readonly string[];
  /** One patient's report. */
  assess(patientId: string): PatientReport;
  /** Every patient's report, with the engine's identity, the settings and the given input errors. */
  report(inputErrors?: readonly InputError[]): AssessmentReport;
  /**
   * Reads one group of FHIR resources from many sources (one patient's part of a bulk export, each entry
   * naming its file) and returns its records without keeping them: for callers that hold one patient at a
   * time. `lookups` resolve references (a Medication counted with another patient) without being counted.
   */
  readGroup(entries: readonly Entry[], lookups?: readonly Entry[]): AddResult;
  /** The report of one record read by `readGroup` (merged by the caller with `mergeRecords` if need be). */
  assessRecord(record: PatientRecord): PatientReport;
  /** The screening view of `assessRecord` (findings and unexplained abnormalities, no plans or scores). */
  screenRecord(record: PatientRecord): PatientScreen;
  /** What a report states besides its patients and input errors: engine, evaluation time, settings. */
  header(): Pick<AssessmentReport, "engine" | "evaluatedAt" | "settings">;
}

/**
 * An engine over `knowledge` at one evaluation time.
 *
 * @example
 * const engine = createEngine(openKnowledge(bundle), { evaluatedAt: "2025-03-01T23:59:59Z", version: "0.1.0" });
 * engine.add({ kind: "fhir", value: bundleJson }, "patient.json");
 * engine.report().patients[0]?.findings[0]?.disorder; // e.g. "itp"
 */
export function createEngine(knowledge: Knowledge, options: EngineOptions): Engine {
  const { evaluatedAt, version } = options;
  const settings = options.settings ?? { source: "default", values: resolveSettings(knowledge) };
  const base = { vocabulary: knowledge.vocabulary, evaluatedAt };
  const byPatient = new Map<string, PatientRecord>();
  const assessOne = (id: string): PatientReport => {
    const record = byPatient.get(id);
    if (record === undefined) throw new Error(`no patient ${id} has been read`);
    return assessPatient(record, evaluatedAt, knowledge);
  };
  const read = (document: Document, source: string): AddResult =>
    document.kind === "fhir"
      ? ingestFhir(document.value, { ...base, file: source })
      : document.kind === "ndjson"
        ? ingestNdjson(document.text, { ...base, file: source })
        : ingestCsv(document.text, { ...base, file: source });
  return {
    read,
    add(document, source) {
      const result = read(document, source);
      for (const record of result.patients) {
        const seen = byPatient.get(record.patientId);
        byPatient.set(record.patientId, seen === undefined ? record : mergeRecords(seen, record));
      }
      return result;
    },
    patients: () => [...byPatient.keys()],
    assess: assessOne,
    report: (inputErrors = []) => ({
      engine: engineStamp(version, knowledge),
      evaluatedAt,
      settings,
      patients: [...byPatient.keys()].map(assessOne),
      inputErrors,
    }),
    readGroup: (entries, lookups = []) => ingestGroup(entries, lookups, base),
    assessRecord: (record) => assessPatient(record, evaluatedAt, knowledge),
    screenRecord: (record) => screenPatient(record, evaluatedAt, knowledge),
    header: () => ({ engine: engineStamp(version, knowledge), evaluatedAt, settings }),
  };
}
