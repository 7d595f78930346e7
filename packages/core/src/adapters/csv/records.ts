/**
 * Splitting CSV text into records with csv-parse, one bad record at a time: a row with a stray quote is
 * reported with its own line number and the other rows are still read. csv-parse skips a record with a
 * quote inside an unquoted field by itself; a quote that is opened and never closed (or closed and
 * followed by more text) makes it read the rest of the file as one field, so the file is then read again
 * line by line, each line a record of its own (a quoted field spanning lines is then a broken row too —
 * it is reported, never silently merged).
 */
// csv-parse as Node runs it, or its browser build (which brings its own Buffer) in a browser: core/package.json "imports".
import { parse } from "#csv-parse";
import { clipInput } from "../quote.js";

/** One record with the line it starts on and whether it has another number of fields than the header. */
export interface CsvRecord {
  readonly record: Record<string, string>;
  readonly line: number;
  readonly fieldCountDiffers: boolean;
}

/** A record csv-parse could not read, by line. */
export interface CsvSkip {
  readonly line: number;
  readonly reason: string;
}

export interface CsvRecords {
  /** The header's column names, trimmed and lower-cased. */
  readonly columns: readonly string[];
  readonly records: readonly CsvRecord[];
  readonly skipped: readonly CsvSkip[];
}

/** Quote errors after which csv-parse reads the rest of the file as one field. */
const SWALLOWING = new Set(["CSV_QUOTE_NOT_CLOSED", "CSV_INVALID_CLOSING_QUOTE"]);
const WHY: Readonly<Record<string, string>> = {
  INVALID_OPENING_QUOTE: "a quote inside an unquoted field",
  CSV_INVALID_OPENING_QUOTE: "a quote inside an unquoted field",
  CSV_INVALID_CLOSING_QUOTE: "a closing quote followed by more characters in the same field",
  CSV_QUOTE_NOT_CLOSED: "a quote that is never closed",
};

interface ParseError extends Error {
  readonly code?: string;
  readonly lines?: number;
}

function parseAll(text: string, firstLine: number) {
  let columns: string[] = [];
  const skipped: (CsvSkip & { code: string })[] = [];
  const parsed = parse(text, {
    columns: (header: string[]) => {
      columns = header.map((h) => h.trim().toLowerCase());
      return columns;
    },
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    skip_records_with_error: true,
    on_skip: (e: ParseError | undefined) => {
      if (e === undefined) return;
      const code = e.code ?? "";
      skipped.push({
        line: (e.lines ?? 1) + firstLine - 1,
        code,
        reason: WHY[code] ?? clipInput(e.message),
      });
    },
  }) as { record: Record<string, string>; info: { lines: number; invalid_field_length: number } }[];
  const records = parsed.map(({ record, info }) => ({
    record,
    line: info.lines + firstLine - 1,
    fieldCountDiffers: info.invalid_field_length > 0,
  }));
  return { columns, records, skipped };
}

/**
 * The records of a CSV text with a header row; throws only when the header itself cannot be read.
 * @example
 * csvRecords('patient_id,value\np1,1"2\np2,3\n').skipped; // [{ line: 2, reason: "a quote inside an unquoted field" }]
 */
export function csvRecords(text: string): CsvRecords {
  const whole = parseAll(text, 1);
  const headerError = whole.columns.length === 0 ? whole.skipped[0] : undefined;
  if (headerError !== undefined) throw new Error(`the header row cannot be read: ${headerError.reason}`);
  if (!whole.skipped.some((s) => SWALLOWING.has(s.code)))
    return {
      columns: whole.columns,
      records: whole.records,
      skipped: whole.skipped.map(({ code: _, ...s }) => s),
    };
  // Line by line, under the header (the first non-empty line).
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== "");
  const header = lines[headerAt] ?? "";
  const records: CsvRecord[] = [];
  const skipped: CsvSkip[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    const one = parseAll(`${header}\n${line}`, i); // the header takes line i, the record line i + 1
    records.push(...one.records);
    const [first] = one.skipped; // a broken quote can fail a line twice: once is enough
    if (first !== undefined) skipped.push({ line: first.line, reason: first.reason });
  }
  return { columns: whole.columns, records, skipped };
}
