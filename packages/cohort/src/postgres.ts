/**
 * The cohort database on a PostgreSQL server, through the `pg` driver: the same {@link CohortDatabase}
 * interface as the embedded DuckDB, with the PostgreSQL dialect, the CDM tables in one schema and
 * HemoSentinel's results in another. Rows read match DuckDB's: 64-bit integers and numerics as numbers
 * (text when beyond 2^53), dates and timestamps as their text. Bulk loads go through `COPY … FROM STDIN`
 * ({@link PostgresDatabase.copyRows}).
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { DEFAULT_SCHEMAS, type Schemas } from "./cdm.js";
import type { CohortDatabase, Row } from "./database.js";
import { postgres } from "./dialect.js";

/** PostgreSQL type ids (pg_type.oid) whose text is read here rather than by pg's defaults. */
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

const asNumber = (text: string): number | string => {
  const n = Number(text);
  return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : text;
};

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8 || oid === NUMERIC) return asNumber;
    if (oid === DATE || oid === TIMESTAMP || oid === TIMESTAMPTZ) return (text: string) => text;
    return pg.types.getTypeParser(oid, format ?? "text");
  },
};

/** A schema name written into the SQL unquoted: lower-case letters, digits and underscores. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresDatabase extends CohortDatabase {
  /** Appends rows (values in `columns` order) to `table` with one `COPY … FROM STDIN`. */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Closes the connection and waits until it is closed. */
  end(): Promise<void>;
}

/** One value in COPY's text format: `\N` for null, backslash escapes for the separators. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "boolean") return v ? "t" : "f";
  return String(v).replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** Rows per chunk of a COPY and per FETCH of a cursor. */
const CHUNK_ROWS = 10_000;

/**
 * Connects to the PostgreSQL database at `url` (`postgres://user@host:port/db`).
 * @example
 * const db = await openPostgres("postgres://hs@127.0.0.1:5432/omop", { cdm: "omop", results: "hemosentinel" });
 * await db.all("SELECT count(*) AS n FROM omop.person");
 */
export async function openPostgres(url: string, schemas: Partial<Schemas> = {}): Promise<PostgresDatabase> {
  const s: Schemas = { ...DEFAULT_SCHEMAS, ...schemas };
  for (const [which, name] of Object.entries(s))
    if (!SCHEMA_NAME.test(name))
      throw new Error(
        `${which} schema ${JSON.stringify(name)}: expected lower-case letters, digits and underscores`,
      );
  const client = new pg.Client({ connectionString: url, types });
  // An error while idle (the server went away) is thrown by the next call instead of ending the process.
  let broken: Error | undefined;
  client.on("error", (e) => {
    broken = e;
  });
  await client.connect();
  await client.query("SET TIME ZONE 'UTC'; SET client_min_messages = warning");
  const query = async (sql: string) => {
    if (broken) throw broken;
    return client.query(sql);
  };
  let cursors = 0;
  const db: PostgresDatabase = {
    dialect: postgres,
    schemas: s,
    async run(sql) {
      await query(sql);
    },
    async all(sql) {
      return (await query(sql)).rows as Row[];
    },
    async columns(sql) {
      const result = await query(sql);
      const rows = result.rows as Row[];
      return Object.fromEntries(result.fields.map((f) => [f.name, rows.map((r) => r[f.name] ?? null)]));
    },
    async chunks(sql, onChunk) {
      // A cursor in its own transaction: the rows come CHUNK_ROWS at a time, not all at once.
      const cursor = `hs_cursor_${++cursors}`;
      await query(`BEGIN; DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`);
      try {
        for (;;) {
          const rows = (await query(`FETCH ${CHUNK_ROWS} FROM ${cursor}`)).rows as Row[];
          if (rows.length === 0) break;
          await onChunk(rows);
        }
        await query(`CLOSE ${cursor}; COMMIT`);
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      }
    },
    async copyRows(table, columns, rows) {
      if (broken) throw broken;
      const chunks: string[] = [];
      for (let i = 0; i < rows.length; i += CHUNK_ROWS)
        chunks.push(
          rows
            .slice(i, i + CHUNK_ROWS)
            .map((r) => `${r.map(copyField).join("\t")}\n`)
            .join(""),
        );
      await pipeline(
        Readable.from(chunks),
        client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`)),
      );
    },
    close() {
      void client.end().catch(() => undefined);
    },
    end: () => client.end(),
  };
  return db;
}
