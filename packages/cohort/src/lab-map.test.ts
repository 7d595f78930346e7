/**
 * A site's local lab codes (`cohort import --lab-map FILE`): a measurement of concept 0 whose
 * `measurement_source_value` is a code the site's file maps to LOINC ("PLT" → 777-3) is read as that lab by the
 * import, the screen's SQL and the engine alike; a code the file does not list is not guessed from its words, and
 * every line of the file that cannot be used is reported with its reason.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importedDb, testKnowledge, unaccounted, writeOmopCohort } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";
import { RESULTS_SCHEMA } from "./cdm.js";
import { importCdm } from "./import.js";
import { LabMapError, readLabMap } from "./lab-map.js";
import { engineItems, screenCohort } from "./screen.js";

const AT = "2025-06-30T23:59:59Z";

const MAP = [
  "source_value,loinc",
  "PLT,777-3",
  "HGB , 718-7",
  "# a comment line, and a blank one",
  "",
  "HB,718-8",
  "PLT,26515-7",
  "777-3,777-3",
  "GLU,2345-7",
  "WBC,6690-2,10*9/L",
  ",777-3",
  "MCV,seven",
].join("\n");

describe("a site's lab map file", () => {
  it("reads each listed local code as its LOINC code, and reports every other line with its reason", () => {
    const map = readLabMap(MAP, "site-labs.csv", testKnowledge());
    expect([...map.codes]).toEqual([
      ["PLT", "777-3"],
      ["HGB", "718-7"],
    ]);
    expect(map.rejected).toEqual([
      { line: 6, reason: "loinc 718-8 is not a LOINC code (its check digit would be 7)" },
      { line: 7, reason: "source_value PLT is already mapped on line 2 (to 777-3)" },
      {
        line: 8,
        reason: "source_value 777-3 is a LOINC code already: it is read as that code without a map",
      },
      { line: 9, reason: "loinc 2345-7 is no lab HemoSentinel reads: its rows would be read as nothing" },
      { line: 10, reason: "3 fields, not 2 (source_value,loinc)" },
      { line: 11, reason: "no source_value" },
      { line: 12, reason: 'loinc "seven" is not a LOINC code (digits, a hyphen and a check digit)' },
    ]);
  });

  it("refuses a file without the header, naming it, rather than guessing its columns", () => {
    expect(() => readLabMap("PLT,777-3\n", "site-labs.csv", testKnowledge())).toThrow(LabMapError);
    expect(() => readLabMap("PLT,777-3\n", "site-labs.csv", testKnowledge())).toThrow(
      'site-labs.csv: line 1 must be the header "source_value,loinc" (found "PLT,777-3")',
    );
  });
});

/** Three persons on nivolumab; their counts coded only by local codes: "PLT" and "HGB" (listed), "PLTX" (not). */
function folder(): string {
  const dir = tempDir("lab-map-");
  writeOmopCohort(dir, [[900_056, "RxNorm", "1597876", "nivolumab"]], [1, 2, 3], {
    drug: [1, 2, 3].map((p) => [p, 900_056, "2025-01-01", "2025-01-01"]),
    measurement: [],
    condition: [],
  });
  const rows = [
    "measurement_id,person_id,measurement_concept_id,measurement_date,value_as_number,unit_concept_id,unit_source_value,measurement_source_value",
    "1,1,0,2025-02-15,8,0,10*9/L,PLT",
    "2,2,0,2025-02-15,13.5,0,g/dL,HGB",
    "3,3,0,2025-02-15,8,0,10*9/L,PLTX",
  ];
  writeFileSync(join(dir, "measurement.csv"), `${rows.join("\n")}\n`);
  return dir;
}

describe("cohort import --lab-map", { timeout: 120_000 }, () => {
  it("reads a listed local code as its lab in the import, the screen and the engine; an unlisted one stays unread", async () => {
    const dir = folder();
    const labMap = readLabMap(MAP, "site-labs.csv", testKnowledge());
    const { db, summary } = await importedDb(dir, { labMap });
    try {
      expect(unaccounted(summary)).toEqual([]);
      expect(summary.labMap).toEqual({
        file: "site-labs.csv",
        sha256: createHash("sha256").update(MAP).digest("hex"),
        codes: 2,
        rejected: labMap.rejected,
        stored: "new",
      });
      // Each line not used is a row of the rejection table too, with its file, line and reason.
      const rows = await db.all(
        `SELECT table_name, line, row_id, code, reason FROM ${RESULTS_SCHEMA}.import_rejection WHERE code = 'invalid-map-line' ORDER BY line`,
      );
      expect(rows.map((r) => [r.table_name, Number(r.line), r.row_id, r.reason])).toEqual(
        labMap.rejected.map((r) => [
          "lab_code_map",
          r.line,
          null,
          `site-labs.csv: line ${r.line} not used: ${r.reason}`,
        ]),
      );
      const m = summary.tables.find((t) => t.table === "measurement");
      expect([m?.imported, m?.used, m?.notUsed]).toEqual([3, 2, 1]);
      const k = testKnowledge();
      const screened = await screenCohort(db, k, { evaluatedAt: AT, version: "test", record: false });
      const full = await engineItems(db, k, ["1", "2", "3"], { evaluatedAt: AT, version: "test" });
      const persons = (items: readonly { personId: string }[]) => [...new Set(items.map((i) => i.personId))];
      // A platelet count of 8 ×10⁹/L under "PLT": flagged by the screen as by the engine. "PLTX" is no listed
      // code: its count is not read (no LOINC guessed from the letters).
      expect(persons(full)).toEqual(["1"]);
      expect(persons(screened.items)).toEqual(["1"]);
      expect(screened.items.map((i) => [i.kind, i.item])).toEqual(full.map((i) => [i.kind, i.item]));
    } finally {
      db.close();
    }
    // The same rows imported into a new store without the map: nothing is read from the local codes, and nobody
    // is flagged.
    const without = await importedDb(dir);
    try {
      expect(without.summary.labMap).toBeUndefined();
      const m = without.summary.tables.find((t) => t.table === "measurement");
      expect([m?.imported, m?.used]).toEqual([3, 0]);
      const screened = await screenCohort(without.db, testKnowledge(), {
        evaluatedAt: AT,
        version: "test",
        record: false,
      });
      expect(screened.items).toEqual([]);
    } finally {
      without.db.close();
    }
  });

  it("is stored with the import: a later import without it keeps it, so the screen reads what the import read; another map replaces it and says so", async () => {
    const dir = folder();
    const k = testKnowledge();
    const first = readLabMap(MAP, "site-labs.csv", k);
    const { db } = await importedDb(dir, { labMap: first });
    const flagged = async () => {
      const screened = await screenCohort(db, k, { evaluatedAt: AT, version: "test", record: false });
      return [...new Set(screened.items.map((i) => i.personId))];
    };
    try {
      expect(await flagged()).toEqual(["1"]);
      // No map given: the stored one is kept, named with its hash; the screen still reads "PLT".
      const kept = await importCdm(db, dir, k);
      expect(kept.labMap).toEqual({
        file: "site-labs.csv",
        sha256: first.sha256,
        codes: 2,
        rejected: [],
        stored: "kept",
      });
      expect(kept.tables.find((t) => t.table === "measurement")?.used).toBe(2);
      expect(await flagged()).toEqual(["1"]);
      // The same file again is the same map.
      expect((await importCdm(db, dir, k, undefined, { labMap: first })).labMap?.stored).toBe("same");
      // A different map replaces it and names the one it replaced: "PLT" is no longer listed, so nobody is flagged.
      const second = readLabMap("source_value,loinc\nHGB,718-7\n", "site-labs-2.csv", k);
      const replaced = await importCdm(db, dir, k, undefined, { labMap: second });
      expect(replaced.labMap).toEqual({
        file: "site-labs-2.csv",
        sha256: second.sha256,
        codes: 1,
        rejected: [],
        stored: "replaced",
        replaced: { file: "site-labs.csv", sha256: first.sha256, codes: 2 },
      });
      expect(replaced.tables.find((t) => t.table === "measurement")?.used).toBe(1);
      expect(await flagged()).toEqual([]);
      // The rejection rows are those of the import that read the file: none from the replaced map's lines.
      const rows = await db.all(
        `SELECT count(*) AS n FROM ${RESULTS_SCHEMA}.import_rejection WHERE code = 'invalid-map-line'`,
      );
      expect(Number(rows[0]?.n)).toBe(0);
    } finally {
      db.close();
    }
  });
});
