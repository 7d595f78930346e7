/**
 * The database behind the cohort commands, reached through one small interface (statements, rows,
 * chunks), so the import, the screen and the statistics do not depend on the driver. `openDuckDb` is the
 * embedded default; a server database implements the same interface with its own dialect.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { DEFAULT_SCHEMAS, type Schemas } from "./cdm.js";
import { type Dialect, duckdb } from "./dialect.js";

/** A row as read: numbers as numbers, 64-bit integers, dates and timestamps as text. */
export type Row = Readonly<Record<string, string | number | boolean | null>>;

export interface CohortDatabase {
  readonly dialect: Dialect;
  /** Where the CDM tables and the results tables are. */
  readonly schemas: Schemas;
  /** Runs statements (separated by `;`) for their effect. */
  run(sql: string): Promise<void>;
  /** Every row of a query. */
  all(sql: string): Promise<Row[]>;
  /** The rows of a query in chunks, each handed over before the next is read. */
  chunks(sql: string, onChunk: (rows: Row[]) => void | Promise<void>): Promise<void>;
  close(): void;
}

/** DuckDB values as plain JSON-like values: 64-bit integers become numbers when they fit, else text. */
function plain(row: Record<string, unknown>): Row {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || v === undefined) out[k] = null;
    else if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") out[k] = v;
    else if (typeof v === "bigint")
      out[k] =
        v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : String(v);
    else out[k] = String(v);
  }
  return out;
}

/**
 * An embedded DuckDB database in `path` (`:memory:` for none on disk).
 * @example
 * const db = await openDuckDb("hemosentinel.duckdb");
 * await db.all("SELECT count(*) AS n FROM cdm.person");
 */
export async function openDuckDb(
  path: string,
  /** `readOnly`: no write, and other processes may read the file at the same time (not write it). */
  options: { threads?: number; readOnly?: boolean } = {},
): Promise<CohortDatabase> {
  const instance = await DuckDBInstance.create(path, {
    ...(options.threads !== undefined && { threads: String(options.threads) }),
    ...(options.readOnly === true && { access_mode: "READ_ONLY" }),
  });
  const connection = await instance.connect();
  return {
    dialect: duckdb,
    schemas: DEFAULT_SCHEMAS,
    async run(sql) {
      await connection.run(sql);
    },
    async all(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjects().map((r) => plain(r));
    },
    async chunks(sql, onChunk) {
      const result = await connection.stream(sql);
      const names = result.columnNames();
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        await onChunk(chunk.getRowObjects(names).map((r) => plain(r)));
      }
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
