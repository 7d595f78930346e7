/**
 * The SQL dialect the query builder writes: every construct that differs between the engines HemoSentinel
 * targets (DuckDB today; PostgreSQL and Spark SQL share the builder) goes through this interface, so one
 * builder emits all of them. Only standard SQL is written outside it.
 */

export interface Dialect {
  readonly name: string;
  /** A string literal. */
  string(value: string): string;
  /** A timestamp literal for an ISO 8601 instant (UTC). */
  timestamp(iso: string): string;
  /** `expr` moved by a whole number of days (negative: earlier). */
  addDays(expr: string, days: number): string;
  /** A timestamp expression as ISO 8601 text in UTC, `YYYY-MM-DDTHH:MM:SSZ`. */
  isoText(expr: string): string;
  /** Days (fractional) from timestamp `from` to timestamp `to`. */
  daysBetween(from: string, to: string): string;
  /** A quoted identifier. */
  identifier(name: string): string;
  /** A statement that (re)creates a session-scoped working table from a query. */
  createTemp(name: string, query: string): string;
  /** The distinct values of a text column of a group, sorted and joined by commas. */
  stringAgg(expr: string, orderBy: string): string;
  /** Aggregate: the sum, as an exact number, of a 64-bit hash of every column of the rows `alias` names. */
  rowHashSum(alias: string): string;
}

const quote = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/**
 * DuckDB.
 * @example
 * duckdb.addDays("e.first_at", -7); // "(e.first_at - INTERVAL 7 DAY)"
 */
export const duckdb: Dialect = {
  name: "duckdb",
  string: quote,
  timestamp: (iso) => `TIMESTAMP ${quote(iso.replace("T", " ").replace(/Z$/, ""))}`,
  addDays: (expr, days) =>
    days === 0 ? expr : `(${expr} ${days < 0 ? "-" : "+"} INTERVAL ${Math.abs(days)} DAY)`,
  isoText: (expr) => `strftime(${expr}, '%Y-%m-%dT%H:%M:%SZ')`,
  daysBetween: (from, to) => `((epoch(${to}) - epoch(${from})) / 86400.0)`,
  identifier: (name) => `"${name.replaceAll('"', '""')}"`,
  createTemp: (name, query) => `CREATE OR REPLACE TEMP TABLE ${name} AS ${query}`,
  stringAgg: (expr, orderBy) => `string_agg(DISTINCT ${expr}, ',' ORDER BY ${orderBy})`,
  rowHashSum: (alias) => `sum(hash(${alias}))`,
};
