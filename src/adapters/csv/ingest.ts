/**
 * The documented CSV format (docs/csv-format.md) for sites without FHIR: one row per patient, lab result,
 * dose or clinical event. Every row is used or rejected, cited by its line (`file.csv#L12`).
 */
import { parse } from "csv-parse/sync";
import type { Dose, PatientRecord, Rejection } from "../../core/model.js";
import type { UnitSpellings } from "../../knowledge/labs.js";
import type { LabDefinition, SourceConcept, Vocabulary } from "../../knowledge/vocabulary.js";
import { BIRTH_DATE, checkDate, evaluationInstant } from "../dates.js";
import { parseNumberText, type RawLabValue, readLabValue } from "../lab-result.js";
import { PatientBuilder, usedOrMerged } from "../patient-builder.js";
import { defaultUnitConverter, defaultUnitSpellings, type UnitConverter } from "../units.js";

export interface CsvIngestOptions {
  readonly vocabulary: Vocabulary;
  readonly evaluatedAt: string;
  /** File name used in refs (`file.csv#L12`). */
  readonly file: string;
  readonly units?: UnitConverter;
  readonly spellings?: UnitSpellings;
}

export interface CsvIngestResult {
  readonly patients: readonly PatientRecord[];
  /** Problems with the file itself or with rows that name no patient. */
  readonly inputErrors: readonly Rejection[];
  readonly stats: { readonly used: number; readonly merged: number; readonly rejected: number };
}

/** The columns of the format; patient_id and record_type are required in the header. */
export const CSV_COLUMNS = [
  "patient_id",
  "record_type",
  "date",
  "end_date",
  "code_system",
  "code",
  "text",
  "value",
  "unit",
  "ref_low",
  "ref_high",
  "grade",
  "dose_kind",
  "qualifiers",
  "birth_date",
  "sex",
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

const REQUIRED: readonly Column[] = ["patient_id", "record_type"];
const KNOWN: ReadonlySet<string> = new Set(CSV_COLUMNS);

/** FHIR system URIs for the code_system column, as the Vocabulary matchers read them. */
const SYSTEMS: ReadonlyMap<string, string> = new Map([
  ["loinc", "http://loinc.org"],
  ["rxnorm", "http://www.nlm.nih.gov/research/umls/rxnorm"],
  ["atc", "http://www.whocc.no/atc"],
  ["snomed", "http://snomed.info/sct"],
  ["icd10", "http://hl7.org/fhir/sid/icd-10"],
  ["icd10cm", "http://hl7.org/fhir/sid/icd-10-cm"],
]);
const DOSE_KINDS: ReadonlySet<string> = new Set(["administration", "request", "statement", "procedure"]);
const SEXES: ReadonlySet<string> = new Set(["female", "male", "other", "unknown"]);
const GRADE = /^[1-5]$/;

function blank(s: string | undefined): s is undefined {
  return s === undefined || s.trim() === "";
}

function concept(row: Row): SourceConcept | { error: string } {
  const system = row.code_system?.trim().toLowerCase() ?? "";
  const code = row.code?.trim() ?? "";
  const text = row.text?.trim() ?? "";
  if (system === "" || system === "text") {
    if (text === "" && code === "") return { error: "neither code nor text" };
    return { codings: [], text: text === "" ? code : text };
  }
  const uri = SYSTEMS.get(system);
  if (uri === undefined)
    return {
      error: `code_system "${row.code_system}" is not one of loinc, rxnorm, atc, snomed, icd10, icd10cm, lab, text`,
    };
  if (code === "") return { error: `code_system ${system} without a code` };
  const coding = text === "" ? { system: uri, code } : { system: uri, code, display: text };
  return text === "" ? { codings: [coding] } : { codings: [coding], text };
}

/** The value column with the unit column: a number (with comparator) keeps the unit; words are answers. */
function labValue(value: string | undefined, unit: string | undefined): RawLabValue {
  if (blank(value)) return {};
  const n = parseNumberText(value);
  if (n === undefined) return { text: value };
  return {
    quantity: {
      value: n.value,
      ...(unit !== undefined && { unit }),
      ...(n.comparator !== undefined && { comparator: n.comparator }),
    },
  };
}

function describe(c: SourceConcept, row: Row): string {
  const code = c.codings[0]?.code;
  return code !== undefined ? `${row.code_system} ${code}${c.text ? ` (${c.text})` : ""}` : `"${c.text}"`;
}

/**
 * Reads the CSV format into PatientRecords.
 * @example
 * const csv = "patient_id,record_type,date,code_system,code,value,unit\np1,lab,2024-03-01,loinc,777-3,12,10^9/L\n";
 * ingestCsv(csv, { vocabulary, evaluatedAt: "2025-01-01T00:00:00Z", file: "labs.csv" }).patients[0]?.labs;
 */
export function ingestCsv(text: string, opts: CsvIngestOptions): CsvIngestResult {
  const evaluatedAtMs = evaluationInstant(opts.evaluatedAt);
  const units = opts.units ?? defaultUnitConverter();
  const spellings = opts.spellings ?? defaultUnitSpellings();
  const inputErrors: Rejection[] = [];
  const stats = { used: 0, merged: 0, rejected: 0 };
  const fileError = (code: string, reason: string): CsvIngestResult => ({
    patients: [],
    inputErrors: [{ ref: opts.file, code, reason, file: opts.file }],
    stats,
  });

  let records: { record: Record<string, string>; info: { lines: number; invalid_field_length: number } }[];
  let columns: string[] = [];
  try {
    records = parse(text, {
      columns: (header: string[]) => {
        columns = header.map((h) => h.trim().toLowerCase());
        return columns;
      },
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (e) {
    return fileError("invalid-csv", `not readable as CSV: ${(e as Error).message}`);
  }
  const unknown = columns.filter((c) => c !== "" && !KNOWN.has(c));
  if (unknown.length > 0)
    return fileError("unknown-column", `unknown column(s) ${unknown.join(", ")}; see docs/csv-format.md`);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return fileError("missing-column", `required column(s) ${missing.join(", ")} missing`);

  const builders = new Map<string, PatientBuilder>();
  const ctx = { vocabulary: opts.vocabulary, units, spellings };

  for (const { record, info } of records) {
    const row = record as Row;
    const line = info.lines;
    const ref = `${opts.file}#L${line}`;
    const rejection = (code: string, reason: string, field?: string): Rejection => ({
      ref,
      code,
      reason,
      file: opts.file,
      ...(field !== undefined && { field }),
    });
    const patientId = row.patient_id?.trim() ?? "";
    if (info.invalid_field_length > 0) {
      inputErrors.push(
        rejection(
          "malformed-row",
          `line ${line} has ${Object.keys(record).length} fields, the header ${columns.length}`,
        ),
      );
      stats.rejected++;
      continue;
    }
    if (patientId === "") {
      inputErrors.push(rejection("missing-subject", "patient_id is empty", "patient_id"));
      stats.rejected++;
      continue;
    }
    let b = builders.get(patientId);
    if (b === undefined) {
      b = new PatientBuilder(patientId);
      builders.set(patientId, b);
    }
    const outcome = readRow(row, ref, b, rejection);
    stats[outcome]++;
  }

  function readRow(
    row: Row,
    ref: string,
    b: PatientBuilder,
    rejection: (code: string, reason: string, field?: string) => Rejection,
  ): "used" | "merged" | "rejected" {
    const fail = (code: string, reason: string, field?: string) => {
      b.reject(rejection(code, reason, field));
      return "rejected" as const;
    };
    const type = row.record_type?.trim().toLowerCase() ?? "";
    if (type === "patient") {
      const birth = row.birth_date?.trim();
      const sex = row.sex?.trim().toLowerCase();
      if (!blank(birth) && !BIRTH_DATE.test(birth))
        return fail("invalid-date", `birth_date "${birth}" is not a date`, "birth_date");
      if (!blank(sex) && !SEXES.has(sex))
        return fail("invalid-value", `sex "${row.sex}" is not female, male, other or unknown`, "sex");
      b.setDemographics(
        blank(birth) ? undefined : birth,
        blank(sex) ? undefined : (sex as PatientRecord["sex"]),
      );
      return "used";
    }
    if (type !== "lab" && type !== "dose" && type !== "event") {
      return fail(
        "invalid-record-type",
        `record_type "${row.record_type}" is not patient, lab, dose or event`,
        "record_type",
      );
    }
    if (blank(row.date)) return fail("missing-date", "date is empty", "date");
    const date = checkDate(row.date.trim(), "date", evaluatedAtMs);
    if (!date.ok) return fail(date.code, date.reason, "date");
    let end: string | undefined;
    if (!blank(row.end_date)) {
      const e = checkDate(row.end_date.trim(), "end_date", evaluatedAtMs);
      if (!e.ok) return fail(e.code, e.reason, "end_date");
      end = e.at;
    }

    if (type === "lab") {
      const system = row.code_system?.trim().toLowerCase();
      const code = row.code?.trim() ?? "";
      let lab: LabDefinition | undefined;
      if (system === "loinc") lab = opts.vocabulary.lab(code);
      else if (system === "lab") lab = opts.vocabulary.labById(code);
      else
        return fail(
          "unknown-code",
          `a lab row needs code_system loinc or lab, not "${row.code_system ?? ""}"`,
          "code_system",
        );
      if (lab === undefined) {
        const what =
          system === "lab" ? `lab id "${code}"` : `LOINC ${code}${row.text ? ` (${row.text})` : ""}`;
        return fail("unknown-code", `${what} is not a lab HemoSentinel uses`, "code");
      }
      const number = (s: string | undefined, field: string) => {
        if (blank(s)) return undefined;
        const n = Number(s.replace(",", "."));
        return Number.isFinite(n) ? n : field;
      };
      const low = number(row.ref_low, "ref_low");
      const high = number(row.ref_high, "ref_high");
      if (typeof low === "string" || typeof high === "string") {
        const field = typeof low === "string" ? low : (high as string);
        return fail("invalid-value", `${field} "${row[field as Column]}" is not a number`, field);
      }
      const unit = blank(row.unit) ? undefined : row.unit.trim();
      const read = readLabValue(
        {
          ref,
          lab,
          loinc:
            system === "loinc"
              ? code
              : ((opts.vocabulary.labById(code) as { loinc?: readonly string[] }).loinc?.[0] ?? ""),
          at: date.at,
          value: labValue(row.value, unit),
          ...(low !== undefined && { refLow: unit === undefined ? { value: low } : { value: low, unit } }),
          ...(high !== undefined && {
            refHigh: unit === undefined ? { value: high } : { value: high, unit },
          }),
          file: opts.file,
          field: "value",
        },
        ctx,
      );
      if (!read.ok) {
        b.reject(read.rejection);
        return "rejected";
      }
      return usedOrMerged(b.addLab(read.result, lab.name));
    }

    const c = concept(row);
    if ("error" in c) return fail("missing-code", `${type} row: ${c.error}`, "code");
    if (type === "dose") {
      const match = opts.vocabulary.medication(c);
      if (match === undefined)
        return fail(
          "unknown-code",
          `medication ${describe(c, row)} is neither an immunotherapy nor a drug HemoSentinel tracks`,
          "code",
        );
      const kind = blank(row.dose_kind) ? "administration" : row.dose_kind.trim().toLowerCase();
      if (!DOSE_KINDS.has(kind))
        return fail(
          "invalid-value",
          `dose_kind "${row.dose_kind}" is not administration, request, statement or procedure`,
          "dose_kind",
        );
      return usedOrMerged(b.addMedication(match, ref, date.at, kind as Dose["kind"], end));
    }
    const match = opts.vocabulary.event(c);
    if (match === undefined)
      return fail("unknown-code", `${describe(c, row)} is not an event HemoSentinel uses`, "code");
    let grade: number | undefined;
    if (!blank(row.grade)) {
      if (!GRADE.test(row.grade.trim()))
        return fail("invalid-grade", `grade "${row.grade}" is not an integer 1–5`, "grade");
      grade = Number(row.grade.trim());
    }
    const extra = blank(row.qualifiers)
      ? []
      : row.qualifiers
          .split(/[;|]/)
          .map((q) => q.trim())
          .filter((q) => q !== "");
    const qualifiers = [...new Set([...match.qualifiers, ...extra])];
    const text = c.text ?? c.codings[0]?.display;
    return usedOrMerged(
      b.addEvent({
        ref,
        kind: match.kind,
        at: date.at,
        ...(end !== undefined && { end }),
        ...(grade !== undefined && { grade }),
        ...(qualifiers.length > 0 && { qualifiers }),
        ...(text !== undefined && { text }),
      }),
    );
  }

  return { patients: [...builders.values()].map((b) => b.build()), inputErrors, stats };
}
