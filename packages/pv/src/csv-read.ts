/**
 * Reading one `$`-separated FAERS file or one CSV file with DuckDB's read_csv, keeping every row that can
 * be read and counting the others by DuckDB's reason (too many columns, unquoted value, line too long…).
 * Reading never stops at a bad row: `store_rejects` files it in a rejects table that is counted and
 * dropped after each file.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { type PvDb, sqlText } from "./db.js";

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
 * A read_csv table expression over a `$`-separated file with the given header columns (all VARCHAR). The
 * field count is strict: rows with too many or too few fields go to the rejects table. FAERS files are
 * read as Latin-1, which decodes every byte: no row is lost to an encoding error.
 */
export function dollarSource(path: string, columns: readonly string[], rejects: string): string {
  const struct = columns.map((c) => `${sqlText(c)}: 'VARCHAR'`).join(", ");
  return `read_csv(${sqlText(path)}, auto_detect = false, delim = '$', header = false, skip = 1, quote = '', escape = '',
    columns = {${struct}}, null_padding = false, encoding = 'latin-1', store_rejects = true,
    rejects_table = ${sqlText(rejects)}, rejects_scan = ${sqlText(`${rejects}_scan`)}, parallel = true)`;
}

/** Rows DuckDB could not read in the last scan, by reason; the rejects tables are dropped. */
export async function takeRejects(db: PvDb, rejects: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const exists = await db.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = ${sqlText(rejects)}`);
  if (exists.length > 0) {
    for (const r of await db.all<{ reason: string; rows: number }>(
      `SELECT lower(replace(error_type, ' ', '-')) AS reason, count(DISTINCT (file_id, line)) AS rows FROM ${rejects} GROUP BY 1`,
    ))
      out.set(r.reason, r.rows);
  }
  await db.run(`DROP TABLE IF EXISTS ${rejects}; DROP TABLE IF EXISTS ${rejects}_scan;`);
  return out;
}
