/**
 * `hemosentinel cohort` beyond the embedded database, as a user runs it (real processes): the screening
 * SQL per dialect (`cohort sql`), candidates selected on a warehouse fed back (`screen --candidates`), and
 * import, screen and stats on a PostgreSQL server (a throwaway cluster).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { postgresBinDir, startScratchPostgres } from "@hemosentinel/cohort";
import { describe, expect, it } from "vitest";
import { runMain } from "../../../test/support/cli-process.js";
import { tempDir } from "../../../test/support/temp.js";

const run = (args: string[]) => runMain(args, 240_000);

describe("hemosentinel cohort on warehouses (process)", { timeout: 600_000 }, () => {
  const dir = tempDir("cli-warehouse-");
  const cdm = join(dir, "cdm");
  const db = join(dir, "h.duckdb");
  const AT = "2025-04-01";

  it("prints the screening SQL per dialect, and assesses candidates selected elsewhere", () => {
    expect(
      run(["cohort", "generate", "--patients", "60", "--seed", "4", "--enrich", "8", "--out", cdm]).code,
    ).toBe(0);
    expect(run(["cohort", "import", cdm, "--db", db]).code).toBe(0);
    const spark = run([
      "cohort",
      "sql",
      "--dialect",
      "spark",
      "--at",
      AT,
      "--maps-from",
      db,
      "--cdm-schema",
      "omop",
    ]);
    expect(spark.code).toBe(0);
    expect(spark.stdout).toMatch(
      /^-- HemoSentinel screening prefilter \(spark\), evaluated at 2025-04-01T23:59:59Z\n/,
    );
    expect(spark.stdout).toMatch(/\nSET TIME ZONE 'UTC';\n/);
    expect(spark.stdout).toMatch(
      /\nCREATE OR REPLACE TEMPORARY VIEW hs_exposure AS .* FROM omop\.drug_exposure g/s,
    );
    expect(spark.stdout).toMatch(/\nINSERT INTO hemosentinel_results\.drug_map VALUES\n/);
    const pg = run(["cohort", "sql", "--dialect", "postgres", "--at", AT]);
    expect(pg.stdout).toMatch(/\nDROP TABLE IF EXISTS hs_exposure;\nCREATE TEMP TABLE hs_exposure AS /);
    expect(run(["cohort", "sql", "--dialect", "oracle"]).code).toBe(2);
    expect(run(["cohort", "sql", "--cdm-schema", "Omop; DROP"]).code).toBe(2);

    // The prefilter's candidates, as the Spark query returns them, with a bad line and a repeat.
    const screened = JSON.parse(
      run(["cohort", "screen", "--db", db, "--at", AT, "--format", "json", "--no-record"]).stdout,
    ) as {
      run: { candidates: number };
      items: { personId: string }[];
    };
    const flagged = [...new Set(screened.items.map((i) => i.personId))];
    expect(flagged.length).toBeGreaterThan(0);
    const file = join(dir, "candidates.csv");
    writeFileSync(
      file,
      `person_id,reasons\n${flagged.map((id) => `${id},"itp,unexplained:anemia"`).join("\n")}\nabc,x\n${flagged[0]},x\n999999,x\n`,
    );
    const given = run([
      "cohort",
      "screen",
      "--db",
      db,
      "--at",
      AT,
      "--candidates",
      file,
      "--format",
      "json",
      "--no-record",
    ]);
    expect(given.code).toBe(0);
    const result = JSON.parse(given.stdout) as {
      run: { candidates: number };
      items: { personId: string }[];
      notInStore: string[];
    };
    expect(result.items).toEqual(screened.items);
    expect(result.run.candidates).toBe(flagged.length);
    expect(result.notInStore).toEqual(["999999"]);
    expect(given.stderr).toMatch(new RegExp(`line ${flagged.length + 2} left out: not a person id`));
    expect(given.stderr).toMatch(new RegExp(`line ${flagged.length + 3} left out: repeats the id of line 2`));
    expect(given.stderr).toMatch(/1 candidate\(s\) have no person in this database: import their records/);
    expect(run(["cohort", "screen", "--db", db, "--candidates", join(dir, "none.csv")]).code).toBe(2);
  });

  it.skipIf(postgresBinDir() === undefined)(
    "imports, screens and computes statistics on PostgreSQL",
    async () => {
      const server = await startScratchPostgres(tempDir("cli-pg-"));
      try {
        const url = server.url;
        const schemas = ["--cdm-schema", "omop", "--results-schema", "hs"];
        const imp = run(["cohort", "import", cdm, "--db", url, ...schemas, "--format", "json"]);
        expect(imp.code, imp.stderr).toBe(0);
        const duck = run(["cohort", "import", cdm, "--db", join(dir, "again.duckdb"), "--format", "json"]);
        expect(JSON.parse(imp.stdout)).toEqual(JSON.parse(duck.stdout));
        const screen = run(["cohort", "screen", "--db", url, ...schemas, "--at", AT, "--format", "json"]);
        expect(screen.code, screen.stderr).toBe(0);
        const onDuck = run([
          "cohort",
          "screen",
          "--db",
          join(dir, "again.duckdb"),
          "--at",
          AT,
          "--format",
          "json",
        ]);
        expect(JSON.parse(screen.stdout).items).toEqual(JSON.parse(onDuck.stdout).items);
        const stats = run(["cohort", "stats", "--db", url, ...schemas, "--by", "class", "--format", "json"]);
        expect(stats.code).toBe(0);
        expect(JSON.parse(stats.stdout)).toEqual(
          JSON.parse(
            run(["cohort", "stats", "--db", join(dir, "again.duckdb"), "--by", "class", "--format", "json"])
              .stdout,
          ),
        );
        expect(run(["cohort", "screen", "--db", db, "--cdm-schema", "omop"]).code).toBe(2);
      } finally {
        await server.stop();
      }
    },
  );
});
