/**
 * The DuckDB database behind `pv import` and `pv signals`: one file the user names, opened through the
 * DuckDB Node API. Rows come back as plain JavaScript values (BIGINT counts as numbers: report counts stay
 * far below 2^53).
 */
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";

export type Row = Record<string, string | number | boolean | null>;

export interface PvDb {
  /** Runs statements that return nothing of interest. */
  run(sql: string, params?: readonly DuckDBValue[]): Promise<void>;
  /** Runs a query and returns its rows. */
  all<T extends Row = Row>(sql: string, params?: readonly DuckDBValue[]): Promise<T[]>;
  /** Appends rows to a table of VARCHAR columns (fast path for the drug map). */
  appendText(table: string, rows: readonly (readonly (string | null)[])[]): Promise<void>;
  close(): void;
}

/** DuckDB's memory limit: with the process's own memory, peak resident memory stays under 4 GB. */
export const MEMORY_LIMIT = "3GB";

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/**
 * Opens (or creates) the database file; ":memory:" for a database that lives only in this process.
 * @example
 * const db = await openDb("faers.duckdb");
 */
export async function openDb(path: string): Promise<PvDb> {
  // DuckDB takes 80 % of the machine's memory by default; a whole FAERS import fits in far less, spilling
  // to a temporary folder beside the database when it must.
  const instance = await DuckDBInstance.create(path, { memory_limit: MEMORY_LIMIT });
  const connection: DuckDBConnection = await instance.connect();
  return {
    async run(sql, params) {
      await connection.run(sql, params ? [...params] : undefined);
    },
    async all<T extends Row>(sql: string, params?: readonly DuckDBValue[]) {
      const reader = await connection.runAndReadAll(sql, params ? [...params] : undefined);
      return reader.getRowObjects().map((r) => {
        const out: Row = {};
        for (const [k, v] of Object.entries(r)) out[k] = plain(v);
        return out as T;
      });
    },
    async appendText(table, rows) {
      const appender = await connection.createAppender(table);
      for (const row of rows) {
        for (const v of row) {
          if (v === null) appender.appendNull();
          else appender.appendVarchar(v);
        }
        appender.endRow();
      }
      appender.closeSync();
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal. */
export function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
