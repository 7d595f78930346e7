/**
 * Reading one `$`-separated FAERS file or one CSV file with DuckDB's read_csv, keeping every row that can
 * be read and counting the others by DuckDB's reason (too many columns, unquoted value, line too long…).
 * Reading never stops at a bad row: `store_rejects` files it in a rejects table that is counted and
 * dropped after each file.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { type PvDb, sqlText } from "./db.js";

/** Lines of each reason DuckDB's reader rejects kept as examples, per file. */
const SAMPLE_LINES = 10;

/** The first line of a file (its header), without BOM or line end. */
export function firstLine(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString("latin1");
    const end = text.search(/\r?\n/);
    return (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, "");
  } finally {
    closeSync(fd);
  }
}

/**
 * Column names of a `$` header, lower case, one per field: the empty field after FDA's trailing `$` is
 * named `_end`, so that a row with a `$` inside a value has one field too many and is rejected by the
 * reader instead of shifting its values into the wrong columns.
 */
export function headerColumns(line: string): string[] {
  return line
    .split("$")
    .map((c, i, all) => c.trim().toLowerCase() || (i === all.length - 1 ? "_end" : `_column${i + 1}`));
}

/**
 * A read_csv table expression over `$`-separated files with the given header columns (all VARCHAR) and
 * each row's file name (`filename`). The field count is strict: rows with too many or too few fields go
 * to the rejects table. Latin-1 decodes every byte: read so, no row is lost to an encoding error.
 */
export function dollarSource(
  paths: readonly string[],
  columns: readonly string[],
  rejects: string,
  encoding: "utf-8" | "latin-1",
): string {
  const struct = columns.map((c) => `${sqlText(c)}: 'VARCHAR'`).join(", ");
  return `read_csv([${paths.map(sqlText).join(", ")}], auto_detect = false, delim = '$', header = false, skip = 1, quote = '',
    escape = '', columns = {${struct}}, null_padding = false, encoding = '${encoding}', filename = true,
    store_rejects = true, rejects_table = ${sqlText(rejects)}, rejects_scan = ${sqlText(`${rejects}_scan`)}, parallel = true)`;
}

/**
 * Rows DuckDB could not read in the last scan, by reason; with `label` (the reason as the import names
 * it), the first lines of each reason and file go to pv_reject_sample. The rejects tables are dropped.
 */
export async function takeRejects(
  db: PvDb,
  rejects: string,
  label?: (reason: string) => string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const exists = await db.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = ${sqlText(rejects)}`);
  if (exists.length > 0) {
    const reason = "lower(replace(error_type, ' ', '-'))";
    for (const r of await db.all<{ reason: string; rows: number }>(
      `SELECT ${reason} AS reason, count(DISTINCT (file_id, line)) AS rows FROM ${rejects} GROUP BY 1`,
    )) {
      out.set(r.reason, r.rows);
      // The line as read, without the line end DuckDB keeps with it in files with CRLF line ends.
      if (label !== undefined)
        await db.run(`INSERT INTO pv_reject_sample
          SELECT ${sqlText(label(r.reason))}, file_path, line, csv_line FROM (
            SELECT DISTINCT ON (file_id, line) s.file_path, r.line, trim(r.csv_line, chr(13) || chr(10)) AS csv_line FROM ${rejects} r
            JOIN ${rejects}_scan s USING (scan_id, file_id) WHERE ${reason} = ${sqlText(r.reason)})
          QUALIFY row_number() OVER (PARTITION BY file_path ORDER BY line) <= ${SAMPLE_LINES}`);
    }
  }
  await db.run(`DROP TABLE IF EXISTS ${rejects}; DROP TABLE IF EXISTS ${rejects}_scan;`);
  return out;
}
