/**
 * `cohort sql`: the screening script per dialect, byte for byte (golden files beside this test;
 * `UPDATE_GOLDEN=1` rewrites them after a change meant to alter the SQL), every Spark SQL statement
 * accepted by a real Spark SQL grammar (dt-sql-parser's), and the DuckDB script run on DuckDB to the same
 * candidates as the screen. The PostgreSQL script is run on a PostgreSQL server in postgres.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SparkSQL } from "dt-sql-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedCohort, importedDb, testKnowledge } from "../../../test/support/cohort.js";
import type { CohortDatabase } from "./database.js";
import { DIALECT_NAMES, dialectOf, duckdb, spark } from "./dialect.js";
import { prefilterCandidates } from "./screen.js";
import { type ConceptMaps, readConceptMaps, screeningStatements } from "./script.js";

const AT = "2025-06-30T23:59:59Z";
const golden = (name: string) => join(import.meta.dirname, "golden", name);

describe("cohort sql", { timeout: 120_000 }, () => {
  let db: CohortDatabase;
  let maps: ConceptMaps;
  beforeAll(async () => {
    db = (await importedDb(await generatedCohort(60, 3, 8))).db;
    maps = await readConceptMaps(db);
  }, 120_000);
  afterAll(() => db.close());

  it.each(DIALECT_NAMES)("writes the %s screening SQL unchanged (golden)", (name) => {
    const sql = `${screeningStatements(testKnowledge(), dialectOf(name), { evaluatedAt: AT }).join(";\n\n")};\n`;
    const file = golden(`screen.${name}.sql`);
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, sql);
    expect(sql).toBe(readFileSync(file, "utf8"));
  });

  it("writes Spark SQL that Spark's grammar parses without one error, concept maps and other schemas included", () => {
    // One script covers every statement the builder writes for Spark (the grammar takes seconds per
    // large statement, so each is parsed once).
    const parser = new SparkSQL();
    const statements = screeningStatements(testKnowledge(), spark, {
      evaluatedAt: AT,
      schemas: { cdm: "omop_cdm", results: "hemosentinel" },
      maps,
    });
    expect(statements.length).toBeGreaterThan(10);
    for (const statement of statements) expect(parser.validate(statement), statement).toEqual([]);
    // The grammar does report what Spark would refuse.
    expect(parser.validate("SELECT person_id FROM (SELECT person_id FROM t")).not.toEqual([]);
  }, 600_000);

  it("runs on DuckDB, concept maps included, to the candidates the screen selects", async () => {
    const expected = (await prefilterCandidates(db, testKnowledge(), AT)).candidates;
    expect(expected.length).toBeGreaterThan(0);
    const statements = screeningStatements(testKnowledge(), duckdb, {
      evaluatedAt: AT,
      schemas: { cdm: "cdm", results: "script_results" },
      maps,
    });
    const candidates = statements.findIndex((s) => s.startsWith("WITH "));
    for (const s of statements.slice(0, candidates)) await db.run(s);
    const rows = await db.all(statements[candidates] as string);
    for (const s of statements.slice(candidates + 1)) await db.run(s);
    expect(
      rows.map((r) => ({ personId: String(r.person_id), reasons: String(r.reasons).split(",") })),
    ).toEqual(expected);
  });

  it("quotes text as each dialect reads it", () => {
    expect(duckdb.string("it's")).toBe("'it''s'");
    expect(spark.string("it's \\ ok")).toBe("'it\\'s \\\\ ok'");
    expect(new SparkSQL().validate(`SELECT ${spark.string("it's \\ ok")} AS x`)).toEqual([]);
  });
});
