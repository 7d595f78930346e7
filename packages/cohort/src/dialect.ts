/**
 * The SQL dialect the query builder writes: every construct that differs between the engines HemoSentinel
 * targets (embedded DuckDB, PostgreSQL, Spark SQL) goes through this interface, so one builder emits all
 * of them. Only standard SQL is written outside it.
 */

export interface Dialect {
  readonly name: DialectName;
  /** A string literal. */
  string(value: string): string;
  /** A timestamp literal for an ISO 8601 instant (UTC). */
  timestamp(iso: string): string;
  /** `expr` moved by a whole number of days (negative: earlier). */
  addDays(expr: string, days: number): string;
  /** `expr` moved by the whole number of days an integer expression `days` gives (a column). */
  addDayCount(expr: string, days: string): string;
  /** A timestamp expression as ISO 8601 text in UTC, `YYYY-MM-DDTHH:MM:SSZ`. */
  isoText(expr: string): string;
  /** Days (fractional) from timestamp `from` to timestamp `to`. */
  daysBetween(from: string, to: string): string;
  /** A quoted identifier. */
  identifier(name: string): string;
  /** The text type of a cast (`CAST(x AS …)`). */
  readonly text: string;
  /** A statement that (re)creates a session-scoped working table from a query. */
  createTemp(name: string, query: string): string;
  /** A statement that drops a working table of {@link createTemp} if it exists. */
  dropTemp(name: string): string;
  /** The distinct values of a text column of a group, sorted and joined by commas. */
  stringAgg(expr: string, orderBy: string): string;
  /** Aggregate: the sum, as an exact number, of a 64-bit hash of every column of the rows `alias` names. */
  rowHashSum(alias: string): string;
  /**
   * Whether text `expr`, in lower case (accents removed where the engine can), holds a match of `pattern`
   * anywhere: a regular expression written only with literals, groups, `|`, `^`, `$`, `+`, `?` and bracketed
   * classes, which RE2, PostgreSQL's and Java's regular expressions read alike.
   */
  lowerMatches(expr: string, pattern: string): string;
}

export const DIALECT_NAMES = ["duckdb", "postgres", "spark"] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

/** A standard SQL string literal (a quote doubled). */
const quote = (value: string): string => `'${value.replaceAll("'", "''")}'`;
/** `2025-01-01T00:00:00Z` as `2025-01-01 00:00:00`, the timestamp literal every engine reads. */
const plainInstant = (iso: string) => iso.replace("T", " ").replace(/Z$/, "");
const doubleQuoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * DuckDB.
 * @example
 * duckdb.addDays("e.first_at", -7); // "(e.first_at - INTERVAL 7 DAY)"
 */
export const duckdb: Dialect = {
  name: "duckdb",
  string: quote,
  timestamp: (iso) => `TIMESTAMP ${quote(plainInstant(iso))}`,
  addDays: (expr, days) =>
    days === 0 ? expr : `(${expr} ${days < 0 ? "-" : "+"} INTERVAL ${Math.abs(days)} DAY)`,
  addDayCount: (expr, days) => `(${expr} + CAST(${days} AS INTEGER) * INTERVAL 1 DAY)`,
  isoText: (expr) => `strftime(${expr}, '%Y-%m-%dT%H:%M:%SZ')`,
  daysBetween: (from, to) => `((epoch(${to}) - epoch(${from})) / 86400.0)`,
  identifier: doubleQuoted,
  text: "VARCHAR",
  createTemp: (name, query) => `CREATE OR REPLACE TEMP TABLE ${name} AS ${query}`,
  dropTemp: (name) => `DROP TABLE IF EXISTS ${name}`,
  stringAgg: (expr, orderBy) => `string_agg(DISTINCT ${expr}, ',' ORDER BY ${orderBy})`,
  rowHashSum: (alias) => `sum(hash(${alias}))`,
  lowerMatches: (expr, pattern) => `regexp_matches(strip_accents(lower(${expr})), ${quote(pattern)})`,
};

/**
 * PostgreSQL (timestamps without time zone hold UTC, as the OMOP CDM's date-times do).
 * @example
 * postgres.addDays("e.first_at", -7); // "(e.first_at - INTERVAL '7 days')"
 */
export const postgres: Dialect = {
  name: "postgres",
  string: quote,
  timestamp: (iso) => `TIMESTAMP ${quote(plainInstant(iso))}`,
  addDays: (expr, days) =>
    days === 0 ? expr : `(${expr} ${days < 0 ? "-" : "+"} INTERVAL '${Math.abs(days)} days')`,
  addDayCount: (expr, days) => `(${expr} + CAST(${days} AS INTEGER) * INTERVAL '1 day')`,
  isoText: (expr) => `to_char(${expr}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
  // EXTRACT gives exact seconds (numeric): the division is the same double division as DuckDB's.
  daysBetween: (from, to) =>
    `(CAST(EXTRACT(EPOCH FROM ${to}) - EXTRACT(EPOCH FROM ${from}) AS DOUBLE PRECISION) / 86400.0)`,
  identifier: doubleQuoted,
  text: "VARCHAR",
  // Two statements: PostgreSQL has no CREATE OR REPLACE for tables.
  createTemp: (name, query) => `DROP TABLE IF EXISTS ${name}; CREATE TEMP TABLE ${name} AS ${query}`,
  dropTemp: (name) => `DROP TABLE IF EXISTS ${name}`,
  stringAgg: (expr, orderBy) => `string_agg(DISTINCT ${expr}, ',' ORDER BY ${orderBy})`,
  // The row as its text form, hashed to 64 bits; the sum of bigints is numeric (exact).
  rowHashSum: (alias) => `sum(hashtextextended(CAST(${alias} AS TEXT), 0))`,
  // Accents stay (unaccent is an extension): a name written with one is not matched.
  lowerMatches: (expr, pattern) => `(lower(${expr}) ~ ${quote(pattern)})`,
};

/**
 * Spark SQL 3 (Databricks). String literals escape with a backslash (two quotes in a row are two
 * literals, concatenated); working tables are temporary views; the session time zone must be UTC for
 * `isoText` (`SET TIME ZONE 'UTC'`, which `cohort sql` prints first).
 * @example
 * spark.string("it's"); // "'it\\'s'"
 */
export const spark: Dialect = {
  name: "spark",
  string: (value) => `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`,
  timestamp: (iso) => `TIMESTAMP '${plainInstant(iso)}'`,
  addDays: (expr, days) =>
    days === 0 ? expr : `(${expr} ${days < 0 ? "-" : "+"} INTERVAL ${Math.abs(days)} DAYS)`,
  addDayCount: (expr, days) => `(${expr} + make_interval(0, 0, 0, CAST(${days} AS INT)))`,
  isoText: (expr) => `date_format(${expr}, "yyyy-MM-dd'T'HH:mm:ss'Z'")`,
  daysBetween: (from, to) => `((unix_timestamp(${to}) - unix_timestamp(${from})) / 86400.0)`,
  identifier: (name) => `\`${name.replaceAll("`", "``")}\``,
  text: "STRING",
  createTemp: (name, query) => `CREATE OR REPLACE TEMPORARY VIEW ${name} AS ${query}`,
  dropTemp: (name) => `DROP VIEW IF EXISTS ${name}`,
  stringAgg: (expr) => `array_join(array_sort(collect_set(${expr})), ',')`,
  rowHashSum: (alias) => `sum(CAST(xxhash64(struct(${alias}.*)) AS DECIMAL(38, 0)))`,
  // Accents stay (Spark SQL has no function to remove them): a name written with one is not matched.
  lowerMatches: (expr, pattern) => `(lower(${expr}) RLIKE ${spark.string(pattern)})`,
};

/** The dialect of a name. */
export function dialectOf(name: DialectName): Dialect {
  return name === "duckdb" ? duckdb : name === "postgres" ? postgres : spark;
}
