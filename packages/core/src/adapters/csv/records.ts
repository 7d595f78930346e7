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

/**
 * One record with the line it starts on and, when it has another number of fields than the header, its
 * fields as written (the record itself then holds only those the header names).
 */
export interface CsvRecord {
  readonly record: Record<string, string>;
  readonly line: number;
  readonly fieldCountDiffers: boolean;
  /** The number of fields the record has. */
  readonly fieldCount: number;
  /** Present when the record's field count differs from the header's: its fields as read, in order. */
  readonly fields?: readonly string[];
}

/** A record csv-parse could not read, by line. */
export interface CsvSkip {
  readonly line: number;
  readonly reason: string;
}

export interface CsvRecords {
  /** The header's column names, trimmed and lower-cased. */
  readonly columns: readonly string[];
  /** The field delimiter, read from the header: a comma, or a semicolon (a European spreadsheet's CSV). */
  readonly delimiter: "," | ";";
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

/** A line break as csv-parse reads one: CRLF, LF or a lone CR. */
const BREAK = /\r\n|\n|\r/g;
const breaks = (s: string) => s.match(BREAK)?.length ?? 0;

/** The UTF-8 length of the UTF-16 code unit `c` (a surrogate pair's four bytes are counted at its high half). */
const utf8Length = (c: number) =>
  c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xdc00 && c < 0xe000 ? 0 : c >= 0xd800 && c < 0xdc00 ? 4 : 3;

/**
 * The line each record starts on, records given in order: csv-parse's own line count is the line after a
 * record and counts a CRLF inside a quoted field twice, so the line is read from the byte offset of the
 * record's end (csv-parse's `info.bytes`, UTF-8), less the line breaks inside its fields (a quoted field
 * spanning lines). One pass through the text; no Buffer or TextEncoder (a browser bundle has neither).
 */
function recordLines(text: string): (end: number, fields: readonly string[]) => number {
  let i = 0;
  let byte = 0;
  let line = 1;
  return (end, fields) => {
    for (; i < text.length && byte < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
      byte += utf8Length(c);
    }
    // The line the record ends on: its own trailing line break is not part of it.
    const last = text.charCodeAt(i - 1);
    const endLine = last === 0x0a || last === 0x0d ? line - 1 : line;
    return endLine - fields.reduce((n, f) => n + breaks(f), 0);
  };
}

/** A first line `sep=,` as Excel writes and reads it, after a byte-order mark if any. */
const SEP_LINE = /^(?:\uFEFF)?sep=(.)[ \t]*(\r\n|\n|\r)/i;

/** The delimiter of the header line (outside quotes): a comma, else a semicolon if it has one. */
function headerDelimiter(text: string): "," | ";" {
  const header = (
    text
      .replace(/^\uFEFF/, "")
      .split(/\r\n|\n|\r/)
      .find((l) => l.trim() !== "") ?? ""
  ).replace(/"[^"]*"/g, "");
  return !header.includes(",") && header.includes(";") ? ";" : ",";
}

function parseAll(text: string, firstLine: number, delimiter: "," | ";") {
  let columns: string[] = [];
  const skipped: (CsvSkip & { code: string })[] = [];
  const parsed = parse(text, {
    columns: (header: string[]) => {
      columns = header.map((h) => h.trim().toLowerCase());
      return columns;
    },
    bom: true,
    delimiter,
    info: true,
    skip_empty_lines: true,
    // A line of delimiters only (",,,,", as spreadsheets export empty rows) is an empty line.
    skip_records_with_empty_values: true,
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
  }) as {
    record: Record<string, string>;
    // `index` is this record's field count; `error` (kept under relax_column_count) is this record's
    // inconsistent field count, with every field. (`invalid_field_length` counts such records so far in the
    // file, not this one: it stays above zero for every record after the first bad one.)
    info: { bytes: number; index: number; error?: { code?: string; record?: unknown } };
  }[];
  const lineOf = recordLines(text);
  const records = parsed.map(({ record, info }): CsvRecord => {
    const line = lineOf(info.bytes, Object.values(record)) + firstLine - 1;
    if (info.index === columns.length && info.error?.code !== "CSV_RECORD_INCONSISTENT_COLUMNS")
      return { record, line, fieldCountDiffers: false, fieldCount: info.index };
    const written = info.error?.record;
    const fields = Array.isArray(written) ? written.map(String) : Object.values(record);
    return { record, line, fieldCountDiffers: true, fieldCount: info.index, fields };
  });
  return { columns, records, skipped };
}

/**
 * The records of a CSV text with a header row; throws only when the header itself cannot be read.
 * @example
 * csvRecords('patient_id,value\np1,1"2\np2,3\n').skipped; // [{ line: 2, reason: "a quote inside an unquoted field" }]
 */
export function csvRecords(written: string): CsvRecords {
  // Excel's first line `sep=,` (or `sep=;`) names the delimiter; it is read as an empty line, so that every
  // row keeps its line number in the file.
  const sep = SEP_LINE.exec(written);
  if (sep !== null && sep[1] !== "," && sep[1] !== ";")
    throw new Error(
      `its first line sep= names the delimiter ${JSON.stringify(sep[1])}; the format's are , and ;`,
    );
  const text = sep === null ? written : written.replace(SEP_LINE, "$2");
  const delimiter = sep === null ? headerDelimiter(text) : (sep[1] as "," | ";");
  const whole = parseAll(text, 1, delimiter);
  const headerError = whole.columns.length === 0 ? whole.skipped[0] : undefined;
  if (headerError !== undefined) throw new Error(`the header row cannot be read: ${headerError.reason}`);
  if (!whole.skipped.some((s) => SWALLOWING.has(s.code)))
    return {
      columns: whole.columns,
      delimiter,
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
    const one = parseAll(`${header}\n${line}`, i, delimiter); // the header takes line i, the record line i + 1
    records.push(...one.records);
    const [first] = one.skipped; // a broken quote can fail a line twice: once is enough
    if (first !== undefined) skipped.push({ line: first.line, reason: first.reason });
  }
  return { columns: whole.columns, delimiter, records, skipped };
}
