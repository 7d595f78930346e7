/**
 * `cohort sql`: the screening prefilter as a script for a database HemoSentinel does not reach itself
 * (a Spark / Databricks OMOP warehouse, or a PostgreSQL or DuckDB one run by hand): the statements of
 * {@link compilePrefilter} in the chosen dialect, ending with the query of the candidates
 * (`person_id, reasons`). The prefilter reads HemoSentinel's concept maps (`lab_map`, `drug_map`,
 * `event_map` in the results schema); with `maps` the script first (re)creates them from the maps of a
 * local store, so that it runs on a warehouse that has never seen HemoSentinel.
 */
import type { Knowledge } from "@hemosentinel/core";
import { DEFAULT_SCHEMAS, type Schemas } from "./cdm.js";
import type { CohortDatabase } from "./database.js";
import type { Dialect } from "./dialect.js";
import { MAP_COLUMNS } from "./maps.js";
import { compilePrefilter } from "./prefilter.js";
import { requireStoreVersion } from "./results.js";
import { literal } from "./sql.js";

/** A column type of {@link MAP_COLUMNS} in a dialect. */
function typeIn(d: Dialect, type: string): string {
  if (type === "VARCHAR") return d.text;
  if (type === "DOUBLE" && d.name === "postgres") return "DOUBLE PRECISION";
  return type;
}

/** The concept maps of a local store, as rows per table (read once, written into any dialect). */
export type ConceptMaps = Readonly<Record<keyof typeof MAP_COLUMNS, readonly (readonly unknown[])[]>>;

/** Reads the concept maps of a store (built by its import). */
export async function readConceptMaps(db: CohortDatabase): Promise<ConceptMaps> {
  // An earlier release's maps lack columns (or rows) the script writes: the store is imported again first.
  await requireStoreVersion(db);
  const read = async (table: keyof typeof MAP_COLUMNS) => {
    const names = MAP_COLUMNS[table].split(", ").map((c) => c.split(" ")[0] as string);
    const rows = await db.all(
      `SELECT ${names.join(", ")} FROM ${db.schemas.results}.${table} ORDER BY ${names.join(", ")}`,
    );
    return rows.map((r) => names.map((n) => r[n]));
  };
  return {
    lab_map: await read("lab_map"),
    drug_map: await read("drug_map"),
    event_map: await read("event_map"),
  };
}

/** Statements that (re)create the concept maps in the results schema from `maps`. */
function mapStatements(d: Dialect, schemas: Schemas, maps: ConceptMaps): string[] {
  const out = [`CREATE SCHEMA IF NOT EXISTS ${schemas.results}`];
  for (const [table, spec] of Object.entries(MAP_COLUMNS) as [keyof typeof MAP_COLUMNS, string][]) {
    const columns = spec.split(", ").map((c) => c.split(" ") as [string, string]);
    const name = `${schemas.results}.${table}`;
    out.push(`DROP TABLE IF EXISTS ${name}`);
    out.push(`CREATE TABLE ${name} (${columns.map(([c, t]) => `${c} ${typeIn(d, t)}`).join(", ")})`);
    const value = (v: unknown, type: string) =>
      v === null || v === undefined ? `CAST(NULL AS ${typeIn(d, type)})` : literal({ dialect: d }, v);
    for (let i = 0; i < maps[table].length; i += 500)
      out.push(
        `INSERT INTO ${name} VALUES\n${maps[table]
          .slice(i, i + 500)
          .map((r) => `(${r.map((v, j) => value(v, columns[j]?.[1] ?? "VARCHAR")).join(", ")})`)
          .join(",\n")}`,
      );
  }
  return out;
}

export interface ScriptOptions {
  readonly evaluatedAt: string;
  readonly schemas?: Schemas;
  /** The concept maps to create first; without them the results schema must already hold them. */
  readonly maps?: ConceptMaps;
}

/**
 * The screening script's statements (without terminators), the candidates query last but one, then the
 * working tables dropped.
 * @example
 * screeningStatements(knowledge, spark, { evaluatedAt: "2025-01-01T23:59:59Z" }).join(";\n");
 */
export function screeningStatements(knowledge: Knowledge, d: Dialect, options: ScriptOptions): string[] {
  const schemas = options.schemas ?? DEFAULT_SCHEMAS;
  const plan = compilePrefilter(knowledge, d, options.evaluatedAt, schemas);
  return [
    // Spark's timestamps are read and written in the session time zone; OMOP date-times are UTC.
    ...(d.name === "spark" ? ["SET TIME ZONE 'UTC'"] : []),
    ...(options.maps ? mapStatements(d, schemas, options.maps) : []),
    ...plan.setup.flatMap((s) => s.split(/;\s+(?=CREATE )/)),
    plan.candidates,
    ...plan.cleanup,
  ];
}

/**
 * The script as text: a header naming what it is, each statement ended by `;`.
 * @example
 * screeningScript(knowledge, postgres, { evaluatedAt: "2025-01-01T23:59:59Z" });
 */
export function screeningScript(knowledge: Knowledge, d: Dialect, options: ScriptOptions): string {
  const schemas = options.schemas ?? DEFAULT_SCHEMAS;
  const header = [
    `-- HemoSentinel screening prefilter (${d.name}), evaluated at ${options.evaluatedAt}`,
    `-- knowledge ${knowledge.version} (${knowledge.hash}); CDM schema ${schemas.cdm}, results schema ${schemas.results}`,
    "-- The query after the working tables returns the candidates (person_id, reasons): run them through",
    "-- `hemosentinel cohort screen --candidates FILE` to assess them with the full engine.",
  ];
  return `${header.join("\n")}\n${screeningStatements(knowledge, d, options)
    .map((s) => `${s};\n`)
    .join("")}`;
}
