import { describe, expect, it } from "vitest";
import { generatedCohort, importedDb, testKnowledge } from "../../../test/support/cohort.js";
import { RESULTS_SCHEMA } from "./cdm.js";
import type { CohortDatabase } from "./database.js";
import { lastScreen } from "./flagged.js";
import { importCdm } from "./import.js";
import { assessCohortPerson } from "./patient.js";
import { STORE_VERSION, StoreVersionError, storeVersion } from "./results.js";
import { screenCohort } from "./screen.js";
import { readConceptMaps } from "./script.js";
import { cohortStats } from "./stats.js";

const S = RESULTS_SCHEMA;
const AT = "2025-06-30T23:59:59Z";

/** Every command that opens a store, as the CLI and the server call them. */
const readers: readonly [string, (db: CohortDatabase) => Promise<unknown>][] = [
  ["screen", (db) => screenCohort(db, testKnowledge(), { evaluatedAt: AT, version: "t" })],
  [
    "screen --candidates",
    (db) => screenCohort(db, testKnowledge(), { evaluatedAt: AT, version: "t", candidates: ["1"] }),
  ],
  ["stats", (db) => cohortStats(db, ["itp"])],
  ["the cohort page's list", (db) => lastScreen(db)],
  [
    "the patient view",
    (db) => assessCohortPerson(db, testKnowledge(), "1", { evaluatedAt: AT, version: "t" }),
  ],
  ["sql --maps-from", (db) => readConceptMaps(db)],
];

describe("store version", { timeout: 120_000 }, () => {
  it("is written by the import and read back; a current store is read", async () => {
    const { db } = await importedDb(await generatedCohort(60, 11, 1));
    try {
      expect(await storeVersion(db)).toBe(STORE_VERSION);
      await screenCohort(db, testKnowledge(), { evaluatedAt: AT, version: "t" });
      for (const [, read] of readers) await read(db);
    } finally {
      db.close();
    }
  });

  it("refuses a store imported by an earlier release (old concept maps, no version) by name, and a re-import brings it up to date", async () => {
    const dir = await generatedCohort(60, 11, 1);
    const { db } = await importedDb(dir);
    try {
      await screenCohort(db, testKnowledge(), { evaluatedAt: AT, version: "t" });
      // The layout of a store imported before versions were recorded: concept maps without the source-value
      // column (concept-0 rows were not mapped then), and no version table.
      await db.run(`DROP TABLE ${S}.store_version`);
      for (const map of ["drug_map", "event_map", "lab_map"])
        await db.run(`ALTER TABLE ${S}.${map} DROP COLUMN source_value`);
      expect(await storeVersion(db)).toBeUndefined();
      for (const [name, read] of readers) {
        const error = await read(db).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, name).toBeInstanceOf(StoreVersionError);
        expect((error as Error).message, name).toMatch(
          /imported by an earlier HemoSentinel release \(no store version recorded; this release reads version \d+.*run `hemosentinel cohort import <OMOP folder> --db <this database>` again/,
        );
      }
      // A store that records an older version is refused alike, naming it.
      await db.run(`CREATE TABLE ${S}.store_version (version INTEGER, written_at TIMESTAMP)`);
      await db.run(`INSERT INTO ${S}.store_version VALUES (${STORE_VERSION - 1}, now())`);
      await expect(cohortStats(db, ["itp"])).rejects.toThrow(
        new RegExp(`store version ${STORE_VERSION - 1}; this release reads version ${STORE_VERSION}`),
      );
      // The import is the migration: it rebuilds the maps, records the version and keeps the screening runs.
      await importCdm(db, dir, testKnowledge());
      expect(await storeVersion(db)).toBe(STORE_VERSION);
      await screenCohort(db, testKnowledge(), { evaluatedAt: AT, version: "t" });
      expect((await db.all(`SELECT count(*) AS n FROM ${S}.screen_run`))[0]?.n).toBe(2);
      for (const [, read] of readers) await read(db);
    } finally {
      db.close();
    }
  });

  it("refuses a store written by a later release, for reading and for import, leaving it untouched", async () => {
    const dir = await generatedCohort(60, 11, 1);
    const { db } = await importedDb(dir);
    try {
      await db.run(`UPDATE ${S}.store_version SET version = ${STORE_VERSION + 1}`);
      for (const [name, read] of readers)
        await expect(read(db), name).rejects.toThrow(
          new RegExp(
            `written by a later HemoSentinel release \\(store version ${STORE_VERSION + 1}; this release reads version ${STORE_VERSION}\\)`,
          ),
        );
      const imports = (await db.all(`SELECT count(*) AS n FROM ${S}.import_run`))[0]?.n;
      await expect(importCdm(db, dir, testKnowledge())).rejects.toThrow(
        /written by a later HemoSentinel release \(store version \d+; this release writes version \d+\): import with that release, or into a new database/,
      );
      // Nothing was written: no import logged, the version kept.
      expect((await db.all(`SELECT count(*) AS n FROM ${S}.import_run`))[0]?.n).toBe(imports);
      expect(await storeVersion(db)).toBe(STORE_VERSION + 1);
    } finally {
      db.close();
    }
  });
});
