/**
 * The documented CSV format (docs/csv-format.md) for sites without FHIR: one row per patient, lab result,
 * dose or clinical event. Every row is counted once on its patient — used, merged, rejected or not used —
 * and cited by its line (`file.csv:12`); a row that names no patient is an input error.
 */
import type { PatientRecord, RecordCounts, Rejection } from "../../contracts/model.js";
import type { RejectionCode } from "../../contracts/rejection-codes.js";
import type { UnitSpellings, Vocabulary } from "../../knowledge/vocabulary.js";
import { evaluationInstant } from "../dates.js";
import { buildAll, PatientBuilder, zeroCounts } from "../patient-builder.js";
import { clipInput } from "../quote.js";
import type { UnitConverter } from "../units.js";
import { type CsvRecords, csvRecords } from "./records.js";
import { CSV_COLUMNS, type Row, readRow } from "./rows.js";

export interface CsvIngestOptions {
  readonly vocabulary: Vocabulary;
  readonly evaluatedAt: string;
  /** File name used in refs (`file.csv:12`). */
  readonly file: string;
  readonly units?: UnitConverter;
  readonly spellings?: UnitSpellings;
}

export interface CsvIngestResult {
  readonly patients: readonly PatientRecord[];
  /** Problems with the file itself or with rows that name no patient. */
  readonly inputErrors: readonly Rejection[];
  /** Every row of the file, patients and input together (a CSV has no ignored types). */
  readonly stats: RecordCounts;
}

const REQUIRED: readonly string[] = ["patient_id", "record_type"];
const KNOWN: ReadonlySet<string> = new Set(CSV_COLUMNS);

/** A number's leading digits, then a group of three: `1,500` written without quotes reads as "1" and "500". */
const LEADING = /^[-+]?\d{1,3}$/;
const GROUP = /^\d{3}(?:\.\d+)?$/;

/**
 * Why a row with another number of fields than the header is rejected; when it has more and two
 * neighbouring fields read as one number split at a comma (`1,500` unquoted), that is said too.
 * @example
 * fieldCountReason(3, 4, 3, ["p1", "1", "500", "g/L"]);
 * // 'line 3 has 4 fields, the header 3; "1,500" looks like one number split by an unquoted comma ...'
 */
export function fieldCountReason(
  line: number,
  fieldCount: number,
  headerCount: number,
  fields: readonly string[],
): string {
  const reason = `line ${line} has ${fieldCount} field${fieldCount === 1 ? "" : "s"}, the header ${headerCount}`;
  if (fieldCount <= headerCount) return reason;
  const at = fields.findIndex((f, i) => i > 0 && LEADING.test(fields[i - 1] as string) && GROUP.test(f));
  if (at < 0) return reason;
  const number = clipInput(`${fields[at - 1]},${fields[at]}`);
  return `${reason}; "${number}" (fields ${at} and ${at + 1}) looks like one number split by an unquoted comma (a thousands separator): write it without the separator`;
}

/**
 * Whether an unknown column name reads as a misspelling of column `known`: the same letters with the
 * separators, a plural s, or a letter changed, swapped, added or dropped (two in a name of more than five
 * letters: `valeu`, `units`, `patientid`, `refhihg`, `birthdate`); a short name (3 letters or fewer) only
 * when it is the known one's letters, so `note` is not `code` nor `mrn` anything.
 */
export function nearName(name: string, known: string): boolean {
  const a = name.replace(/[^a-z0-9]/g, "");
  const b = known.replace(/_/g, "");
  if (a === b || a === `${b}s`) return true;
  if (Math.min(a.length, b.length) <= 3) return false;
  return editDistance(a, b) <= (b.length <= 5 ? 1 : 2);
}

/** Optimal-string-alignment distance (an adjacent swap is one edit). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * Reads the CSV format into PatientRecords.
 * @example
 * const csv = "patient_id,record_type,date,code_system,code,value,unit\np1,lab,2024-03-01,loinc,777-3,12,10^9/L\n";
 * ingestCsv(csv, { vocabulary, evaluatedAt: "2025-01-01T00:00:00Z", file: "labs.csv" }).patients[0]?.labs;
 */
export function ingestCsv(text: string, opts: CsvIngestOptions): CsvIngestResult {
  const evaluatedAtMs = evaluationInstant(opts.evaluatedAt);
  const units = opts.units ?? opts.vocabulary.units;
  const spellings = opts.spellings ?? opts.vocabulary.unitSpellings;
  const inputErrors: Rejection[] = [];
  const stats = zeroCounts();
  const fileError = (code: RejectionCode, reason: string): CsvIngestResult => ({
    patients: [],
    inputErrors: [{ ref: opts.file, code, reason, file: opts.file }],
    stats,
  });

  let parsed: CsvRecords;
  try {
    parsed = csvRecords(text);
  } catch (e) {
    return fileError("invalid-csv", `not readable as CSV: ${clipInput((e as Error).message)}`);
  }
  const { columns, records } = parsed;
  // A column named twice ("value" and "Value"): which of the two is meant is not guessed.
  const twice = [...new Set(columns.filter((c, i) => c !== "" && columns.indexOf(c) !== i))];
  if (twice.length > 0)
    return fileError(
      "invalid-csv",
      `column(s) ${twice.map(clipInput).join(", ")} named more than once in the header (names are case-insensitive)`,
    );
  // A column the format does not define is a spreadsheet's own (`mrn`, `ward`, `comment`): not read, and
  // named once. One that reads as a misspelt column of the format (`valeu`, `units`) is a typo whose values
  // would be lost: the file is refused, naming the column meant.
  const unknown = columns.filter((c) => c !== "" && !KNOWN.has(c));
  const typos = unknown.flatMap((c) => {
    const meant = CSV_COLUMNS.find((k) => !columns.includes(k) && nearName(c, k));
    return meant === undefined ? [] : [`${clipInput(c)} (${meant}?)`];
  });
  if (typos.length > 0)
    return fileError(
      "unknown-column",
      `unknown column(s) ${typos.join(", ")}: a misspelt column of the format; see docs/csv-format.md`,
    );
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return fileError("missing-column", `required column(s) ${missing.join(", ")} missing`);
  if (unknown.length > 0)
    inputErrors.push({
      ref: opts.file,
      code: "unknown-column",
      reason: `column(s) ${unknown.map(clipInput).join(", ")} are not in the format and were not read; see docs/csv-format.md`,
      file: opts.file,
    });

  const builders = new Map<string, PatientBuilder>();
  const ctx = {
    vocabulary: opts.vocabulary,
    units,
    spellings,
    evaluatedAtMs,
    file: opts.file,
    decimalComma: parsed.delimiter === ";",
  };

  for (const { line, reason } of parsed.skipped) {
    const ref = `${opts.file}:${line}`;
    inputErrors.push({
      ref,
      code: "malformed-row",
      reason: `line ${line} cannot be read: ${reason}`,
      file: opts.file,
    });
    stats.read++;
    stats.rejected++;
  }
  for (const { record, line, fieldCountDiffers, fieldCount, fields } of records) {
    const row = record as Row;
    const ref = `${opts.file}:${line}`;
    const inputError = (code: RejectionCode, reason: string, field?: string): void => {
      inputErrors.push({ ref, code, reason, file: opts.file, ...(field !== undefined && { field }) });
      stats.rejected++;
    };
    stats.read++;
    const patientId = row.patient_id?.trim() ?? "";
    if (fieldCountDiffers) {
      inputError("malformed-row", fieldCountReason(line, fieldCount, columns.length, fields ?? []));
      continue;
    }
    if (patientId === "") {
      inputError("missing-subject", "patient_id is empty", "patient_id");
      continue;
    }
    let b = builders.get(patientId);
    if (b === undefined) {
      b = new PatientBuilder(patientId);
      builders.set(patientId, b);
    }
    const outcome = readRow(row, ref, b, ctx);
    b.count(outcome);
    stats[outcome]++;
  }

  return { patients: buildAll(builders.values(), stats), inputErrors, stats };
}
