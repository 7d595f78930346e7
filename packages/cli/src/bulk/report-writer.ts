/**
 * Reports written as the patients are assessed, never built as one string: `json` is the same text
 * `JSON.stringify(report, null, 2)` gives, written patient by patient; `ndjson` is one patient report a
 * line and a last line `{"summary":{…}}` with the engine, evaluation time, settings, patient count and
 * input errors. Text and HTML views need the whole report: `collectingWriter` gathers it.
 */
import type { AssessmentReport, InputError, PatientReport } from "@hemosentinel/core";

export type ReportHeader = Pick<AssessmentReport, "engine" | "evaluatedAt" | "settings">;

/** Where the report goes; resolves once the text may be followed by more (backpressure). */
export type Sink = (text: string) => Promise<void> | void;

export interface ReportWriter {
  begin(header: ReportHeader): Promise<void>;
  patient(report: PatientReport): Promise<void>;
  end(inputErrors: readonly InputError[]): Promise<void>;
}

/** `value` as JSON.stringify(…, null, 2) writes it `depth` levels deep. */
function indented(value: unknown, depth: number): string {
  const pad = "  ".repeat(depth);
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${pad}`);
}

/** JSON text of an array written item by item, as JSON.stringify(…, null, 2) writes it at depth 1. */
function arrayWriter(sink: Sink): { item(value: unknown): Promise<void>; close(): Promise<void> } {
  let count = 0;
  return {
    async item(value) {
      await sink(`${count === 0 ? "\n" : ",\n"}    ${indented(value, 2)}`);
      count++;
    },
    async close() {
      await sink(count === 0 ? "]" : "\n  ]");
    },
  };
}

/**
 * The JSON report, streamed.
 * @example
 * const w = jsonWriter((t) => void process.stdout.write(t)); // then begin, patient…, end
 */
export function jsonWriter(sink: Sink): ReportWriter {
  let patients: ReturnType<typeof arrayWriter> | undefined;
  return {
    async begin(header) {
      const { engine, evaluatedAt, settings } = header;
      await sink(
        `{\n  "engine": ${indented(engine, 1)},\n  "evaluatedAt": ${JSON.stringify(evaluatedAt)},\n  "settings": ${indented(settings, 1)},\n  "patients": [`,
      );
      patients = arrayWriter(sink);
    },
    async patient(report) {
      await patients?.item(report);
    },
    async end(inputErrors) {
      await patients?.close();
      await sink(`,\n  "inputErrors": [`);
      const errors = arrayWriter(sink);
      for (const e of inputErrors) await errors.item(e);
      await errors.close();
      await sink("\n}\n");
    },
  };
}

/**
 * NDJSON: each patient's report on its own line as it is assessed, then one summary line.
 * @example
 * // {"patientId":"7",…}
 * // {"summary":{"engine":{…},"evaluatedAt":"…","settings":{…},"patients":1,"inputErrors":[]}}
 */
export function ndjsonWriter(sink: Sink): ReportWriter {
  let header: ReportHeader | undefined;
  let count = 0;
  return {
    async begin(h) {
      header = h;
    },
    async patient(report) {
      count++;
      await sink(`${JSON.stringify(report)}\n`);
    },
    async end(inputErrors) {
      const { engine, evaluatedAt, settings } = header as ReportHeader;
      await sink(
        `{"summary":{"engine":${JSON.stringify(engine)},"evaluatedAt":${JSON.stringify(evaluatedAt)},"settings":${JSON.stringify(settings)},"patients":${count},"inputErrors":[`,
      );
      for (const [i, e] of inputErrors.entries()) await sink(`${i === 0 ? "" : ","}${JSON.stringify(e)}`);
      await sink("]}}\n");
    },
  };
}

/** Gathers the whole report, for the views that need all of it (text, HTML). */
export function collectingWriter(): ReportWriter & { report(): AssessmentReport } {
  let header: ReportHeader | undefined;
  const patients: PatientReport[] = [];
  let inputErrors: readonly InputError[] = [];
  return {
    async begin(h) {
      header = h;
    },
    async patient(report) {
      patients.push(report);
    },
    async end(errors) {
      inputErrors = errors;
    },
    report: () => ({ ...(header as ReportHeader), patients, inputErrors }),
  };
}
