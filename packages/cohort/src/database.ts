/**
 * The database behind the cohort commands, reached through one small interface (statements, rows,
 * chunks), so the import, the screen and the statistics do not depend on the driver. `openDuckDb` is the
 * embedded default; a server database implements the same interface with its own dialect.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { DEFAULT_SCHEMAS, type Schemas } from "./cdm.js";
import { type Dialect, duckdb } from "./dialect.js";

/** A value as read: numbers as numbers, 64-bit integers, dates and timestamps as text. */
export type Value = string | number | boolean | null;

/** A row as read (see {@link Value}). */
export type Row = Readonly<Record<string, Value>>;

/** A query's rows as one array of values per column, by column name (see {@link Value}). */
export type Columns = Readonly<Record<string, readonly Value[]>>;

export interface CohortDatabase {
  readonly dialect: Dialect;
  /** Where the CDM tables and the results tables are. */
  readonly schemas: Schemas;
  /** Runs statements (separated by `;`) for their effect. */
  run(sql: string): Promise<void>;
  /** Every row of a query. */
  all(sql: string): Promise<Row[]>;
  /** Every row of a query as columns: no object per row, for reads of many rows. */
  columns(sql: string): Promise<Columns>;
  /** The rows of a query in chunks, each handed over before the next is read. */
  chunks(sql: string, onChunk: (rows: Row[]) => void | Promise<void>): Promise<void>;
  close(): void;
}

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** A DuckDB value as a plain JSON-like value: a 64-bit integer becomes a number when it fits, else text. */
function plainValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "bigint") return v <= SAFE_MAX && v >= SAFE_MIN ? Number(v) : String(v);
  return String(v);
}

function plain(row: Record<string, unknown>): Row {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(row)) out[k] = plainValue(v);
  return out;
}

/**
 * DuckDB's default buffer pool is 80 % of the machine's memory; a screening job shares its host, so it
 * gets a fixed budget instead and spills to disk beyond it (a file database spills beside its file).
 */
export const DEFAULT_MEMORY_LIMIT = "1GB";

/**
 * A memory budget as DuckDB reads it (`512MB`, `1.5GB`, `2GiB`): a positive number and a byte unit.
 * Throws a RangeError naming the value otherwise.
 * @example
 * parseMemoryLimit("2 gb"); // "2GB"
 */
export function parseMemoryLimit(text: string): string {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i.exec(text);
  const value = Number(m?.[1]);
  if (!m || !(value > 0))
    throw new RangeError(
      `memory limit ${JSON.stringify(text)}: expected a positive size with a unit, such as 512MB or 2GB`,
    );
  const unit = m[2] as string;
  return `${m[1]}${unit.length === 2 ? unit.toUpperCase() : `${unit[0]?.toUpperCase()}iB`}`;
}

export interface DuckDbOptions {
  /** Worker threads of DuckDB (default: one per core). */
  readonly threads?: number;
  /** DuckDB's memory budget, as `parseMemoryLimit` reads it (default DEFAULT_MEMORY_LIMIT). */
  readonly memoryLimit?: string;
  /** No write, and other processes may read the file at the same time (not write it). */
  readonly readOnly?: boolean;
}

/**
 * An embedded DuckDB database in `path` (`:memory:` for none on disk).
 * @example
 * const db = await openDuckDb("hemosentinel.duckdb", { memoryLimit: "2GB" });
 * await db.all("SELECT count(*) AS n FROM cdm.person");
 */
export async function openDuckDb(path: string, options: DuckDbOptions = {}): Promise<CohortDatabase> {
  const instance = await DuckDBInstance.create(path, {
    memory_limit: parseMemoryLimit(options.memoryLimit ?? DEFAULT_MEMORY_LIMIT),
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
    async columns(sql) {
      const reader = await connection.runAndReadAll(sql);
      const values = reader.getColumnsObject();
      // Named from the result, not the values: a result without rows still has its columns.
      return Object.fromEntries(
        reader.columnNames().map((name) => [name, (values[name] ?? []).map(plainValue)]),
      );
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
