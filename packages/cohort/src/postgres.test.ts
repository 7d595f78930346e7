import { appendFileSync, cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedCohort, importedDb, testKnowledge } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";
import type { CohortDatabase } from "./database.js";
import type { ImportSummary } from "./import.js";
import { readLabMap } from "./lab-map.js";
import { openPostgres, type PostgresDatabase } from "./postgres.js";
import { importCdmIntoPostgres } from "./postgres-import.js";
import { drugWordsPattern, exposureQuery } from "./prefilter.js";
import { postgresBinDir, type ScratchPostgres, startScratchPostgres } from "./scratch-postgres.js";
import { prefilterCandidates, screenCohort } from "./screen.js";
import { readConceptMaps, screeningStatements } from "./script.js";
import { cohortStats } from "./stats.js";

const AT = "2025-06-30T23:59:59Z";
/** Condition rows of concept 0 ("No matching concept"): person 2's words name pembrolizumab. */
const UNMAPPED = `${[
  "900001,1,0,2025-03-01,,,,D69.3",
  "900002,1,0,2025-03-02,,,,D693",
  '900003,2,0,2025-03-03,,,,"ITP after pembrolizumab"',
  '900004,3,0,2025-03-04,,,,"knee pain"',
  "900005,3,0,2025-03-05,,,,",
].join("\n")}\n`;
/** CI installs PostgreSQL (scripts/system-deps.sh); only a machine without it skips, and says so. */
const NO_POSTGRES = postgresBinDir() === undefined;

describe.skipIf(NO_POSTGRES)("cohort on PostgreSQL (a throwaway cluster)", { timeout: 300_000 }, () => {
  let server: ScratchPostgres;
  let pg: PostgresDatabase;
  let duck: CohortDatabase;
  let pgSummary: ImportSummary;
  let duckSummary: ImportSummary;
  let dosed: string;
  beforeAll(async () => {
    server = await startScratchPostgres(tempDir("pg-"));
    // The CDM in one schema and the results in another, as a site would name them.
    pg = await openPostgres(server.url, { cdm: "omop", results: "hs_results" });
    // Enriched so that the rare disorders appear in a cohort small enough for CI, with unmapped conditions
    // (concept 0, read by their source value: a code with or without its dot, words, an empty value).
    const dir = join(tempDir("pg-cdm-"), "cdm");
    cpSync(await generatedCohort(160, 21, 8), dir, { recursive: true });
    appendFileSync(join(dir, "condition_occurrence.csv"), UNMAPPED);
    // A dose of concept 0 named only in words, for the last person, before any generated dose.
    const header = readFileSync(join(dir, "drug_exposure.csv"), "utf8").split("\n")[0]?.split(",") ?? [];
    const persons = readFileSync(join(dir, "person.csv"), "utf8").trim().split("\n").slice(1);
    dosed = persons[persons.length - 1]?.split(",")[0] ?? "";
    const dose: Record<string, string> = {
      drug_exposure_id: "900001",
      person_id: dosed,
      drug_concept_id: "0",
      drug_exposure_start_date: "2015-01-01",
      drug_source_value: '"pembrolizumab 200 mg"',
    };
    appendFileSync(join(dir, "drug_exposure.csv"), `${header.map((c) => dose[c] ?? "").join(",")}\n`);
    ({ db: duck, summary: duckSummary } = await importedDb(dir));
    pgSummary = await importCdmIntoPostgres(pg, dir, testKnowledge());
  }, 240_000);
  afterAll(async () => {
    duck?.close();
    await pg?.end();
    await server?.stop();
  });

  it("reads the prefilter's pattern of immunotherapy names as DuckDB and the engine's matcher do", async () => {
    const k = testKnowledge();
    const pattern = drugWordsPattern(k);
    const texts = [
      "ITP secondary to Nivolumab",
      "Thrombocytopenia, NIVOLUMAB-induced",
      "s/p axi-cel",
      "s/p axi  cel infusion",
      "Pembrolizumabs given",
      "Immune thrombocytopenia due to KEYTRUDA",
      "Thrombocytopenia due to nivolumabx",
      "Cardiac arrest",
      "Tipi",
      "ITP after pembrolizumab",
    ];
    const named = (t: string) =>
      k.vocabulary.medications({ codings: [], text: t }).some((m) => m.kind === "immunotherapy");
    for (const db of [pg, duck]) {
      const sql = texts.map(
        (t, i) => `SELECT ${i} AS i, ${db.dialect.lowerMatches(db.dialect.string(t), pattern)} AS hit`,
      );
      const rows = await db.all(`${sql.join(" UNION ALL ")} ORDER BY i`);
      expect(
        rows.map((r) => Boolean(r.hit)),
        db.dialect.name,
      ).toEqual(texts.map(named));
    }
    expect(texts.filter(named).length).toBe(7);
  });

  it("imports with the same accounting of every row as DuckDB, into the schemas named", async () => {
    expect(pgSummary).toEqual(duckSummary);
    for (const t of pgSummary.tables) {
      const [row] = await pg.all(`SELECT count(*) AS n FROM omop.${t.table}`);
      expect(row?.n, t.table).toBe(t.imported);
    }
    const [rejected] = await pg.all("SELECT count(*) AS n FROM hs_results.import_rejection");
    expect(rejected?.n).toBe(
      pgSummary.tables.reduce((n, t) => n + t.rejected.reduce((m, r) => m + r.rows, 0), 0),
    );
    expect(await pg.all("SELECT * FROM information_schema.tables WHERE table_schema = 'cdm'")).toEqual([]);
  });

  it("screens to the same candidates and findings as DuckDB", async () => {
    const k = testKnowledge();
    const candidates = await prefilterCandidates(pg, k, AT);
    expect(candidates).toEqual(await prefilterCandidates(duck, k, AT));
    // An unmapped row's words name an immunotherapy on both servers.
    expect(candidates.candidates.find((c) => c.personId === "2")?.reasons).toContain("drug-words");
    // Its first pembrolizumab dose is the one named only in words, on both servers.
    for (const db of [pg, duck]) {
      const [first] = await db.all(
        `SELECT ${db.dialect.isoText("min(first_at)")} AS at FROM (${exposureQuery(db.dialect, AT, db.schemas)}) x
         WHERE CAST(person_id AS ${db.dialect.text}) = '${dosed}' AND drug = 'pembrolizumab'`,
      );
      expect(first?.at, db.dialect.name).toBe("2015-01-01T00:00:00Z");
    }
    const options = { evaluatedAt: AT, version: "test", since: "last" };
    const onPg = await screenCohort(pg, k, options);
    const onDuck = await screenCohort(duck, k, options);
    expect(onPg.items.length).toBeGreaterThan(0);
    expect(onPg).toEqual(onDuck);
    // The run is stored on the server: a second one finds nothing new.
    const again = await screenCohort(pg, k, options);
    expect(again.items.every((i) => i.status === "unchanged")).toBe(true);
    await screenCohort(duck, k, options);
  });

  it("runs the PostgreSQL screening script (`cohort sql --dialect postgres`) to the screen's candidates", async () => {
    const k = testKnowledge();
    const statements = screeningStatements(k, pg.dialect, {
      evaluatedAt: AT,
      schemas: { cdm: "omop", results: "hs_script" },
      maps: await readConceptMaps(duck),
    });
    const at = statements.findIndex((s) => s.startsWith("WITH "));
    for (const s of statements.slice(0, at)) await pg.run(s);
    const rows = await pg.all(statements[at] as string);
    for (const s of statements.slice(at + 1)) await pg.run(s);
    const expected = (await prefilterCandidates(duck, k, AT)).candidates;
    expect(
      rows.map((r) => ({ personId: String(r.person_id), reasons: String(r.reasons).split(",") })),
    ).toEqual(expected);
  });

  it("gives the same incidence and time to onset as DuckDB, by cohort, class and drug", async () => {
    const disorders = testKnowledge().disorders.map((d) => d.id);
    for (const by of ["all", "class", "drug"] as const) {
      const onPg = await cohortStats(pg, disorders, { by });
      expect(onPg.groups.some((g) => g.disorders.some((d) => d.cases > 0))).toBe(true);
      expect(onPg).toEqual(await cohortStats(duck, disorders, { by }));
    }
  });

  it("stores the site's lab map on the server: an import without one keeps it, its unusable lines are rejection rows", async () => {
    const k = testKnowledge();
    const dir = join(tempDir("pg-lab-map-"), "cdm");
    cpSync(await generatedCohort(20, 5, 1), dir, { recursive: true });
    const labMap = readLabMap("source_value,loinc\nPLTLOCAL,777-3\nHB,718-8\n", "site-labs.csv", k);
    const given = await importCdmIntoPostgres(pg, dir, k, undefined, { labMap });
    expect(given.labMap?.stored).toBe("new");
    const rejected = await pg.all(
      "SELECT table_name, line FROM hs_results.import_rejection WHERE code = 'invalid-map-line'",
    );
    expect(rejected.map((r) => [r.table_name, Number(r.line)])).toEqual([["lab_code_map", 3]]);
    const kept = await importCdmIntoPostgres(pg, dir, k);
    expect(kept.labMap).toEqual({
      file: "site-labs.csv",
      sha256: labMap.sha256,
      codes: 1,
      rejected: [],
      stored: "kept",
    });
    expect(await pg.all("SELECT source_value, loinc FROM hs_results.lab_code_map")).toEqual([
      { source_value: "PLTLOCAL", loinc: "777-3" },
    ]);
  });
});
