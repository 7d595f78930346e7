import { appendFileSync, cpSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedCohort, importedDb, testKnowledge, unaccounted } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";
import { RESULTS_SCHEMA } from "./cdm.js";
import { generateCohort } from "./generate/generate.js";
import { importCdm } from "./import.js";
import { readBatch } from "./records.js";
import { screenCohort } from "./screen.js";

const EUNOMIA = join(import.meta.dirname, "..", "..", "..", "..", "shared", "data", "omop-synthea27nj");

/** The import summary of the generated cohort the unmapped rows are added to. */
async function baseSummary(): Promise<Awaited<ReturnType<typeof importedDb>>["summary"]> {
  const base = await importedDb(await generatedCohort(60, 11, 1));
  base.db.close();
  return base.summary;
}

const rejected = (summary: Awaited<ReturnType<typeof importedDb>>["summary"], table: string) =>
  summary.tables.find((t) => t.table === table)?.rejected ?? [];

describe("cohort import", { timeout: 120_000 }, () => {
  it("imports Eunomia Synthea27Nj (upper-case file names, a third party's export) with every row accounted for and screens it to zero findings", async () => {
    const { db, summary } = await importedDb(EUNOMIA);
    try {
      expect(unaccounted(summary)).toEqual([]);
      const person = summary.tables.find((t) => t.table === "person");
      expect(person?.read).toBeGreaterThan(0);
      expect(person?.file).toBe("PERSON.csv");
      // Tables HemoSentinel does not read are listed with their row counts, not dropped silently.
      expect(summary.ignored.map((f) => f.file)).toContain("VISIT_OCCURRENCE.csv");
      const measurement = summary.tables.find((t) => t.table === "measurement");
      expect(measurement?.used).toBeGreaterThan(0);
      const result = await screenCohort(db, testKnowledge(), {
        evaluatedAt: "2026-01-01T23:59:59Z",
        version: "test",
      });
      // No immunotherapy in Eunomia: nobody is exposed, so nobody is screened or flagged.
      expect(result.run.exposed).toBe(0);
      expect(result.items).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("imports a generated cohort whole: every row read is used, nothing rejected", async () => {
    const { db, summary } = await importedDb(await generatedCohort(60, 11, 1));
    try {
      expect(unaccounted(summary)).toEqual([]);
      for (const t of summary.tables) expect(t.rejected, t.table).toEqual([]);
      expect(summary.tables.find((t) => t.table === "measurement")?.used).toBeGreaterThan(1000);
    } finally {
      db.close();
    }
  });

  it("names every bad row and file in the summary and the rejection table, never crashes, never drops silently", async () => {
    const dir = join(tempDir("bad-"), "cdm");
    cpSync(await generatedCohort(60, 11, 1), dir, { recursive: true });
    // measurement_id,person_id,measurement_concept_id,measurement_date,measurement_datetime,operator_concept_id,
    // value_as_number,value_as_concept_id,unit_concept_id,range_low,range_high,measurement_source_value,unit_source_value,value_source_value
    appendFileSync(
      join(dir, "measurement.csv"),
      `${[
        "900001,1,999999999,2024-06-01,,,5,,9444,,,x,,", // unknown concept
        "900002,1,3024929,2024-06-01,,4172703,5,0,8713,,,777-3,g/dL,", // platelets in g/dL: no conversion
        "900003,1,3024929,2024-06-01,,4172703,99999999,0,9444,,,777-3,10*9/L,", // impossible platelet count
        "900004,99999,3024929,2024-06-01,,4172703,100,0,9444,,,777-3,10*9/L,", // unknown person
        "900001,1,3024929,2024-06-01,,4172703,100,0,9444,,,777-3,10*9/L,", // repeated id
        "900005,1,3024929,2024-13-45,,4172703,100,0,9444,,,777-3,10*9/L,", // no such date
        "900006,1,3024929,2024-06-01,,4172703,,0,9444,,,777-3,10*9/L,", // no value
        "900007,1,3024929,,,4172703,100,0,9444,,,777-3,10*9/L,", // no date
        "900008,99998,3024929,2024-06-01,,4172703,100,0,9444,,,777-3,10*9/L,", // a person whose row is rejected
      ].join("\n")}\n`,
    );
    // A second observation period inside the first one of person 1.
    const period = readFileSync(join(dir, "observation_period.csv"), "utf8").split("\n")[1]?.split(",") ?? [];
    appendFileSync(join(dir, "observation_period.csv"), `900001,1,${period[2]},${period[3]}\n`);
    rmSync(join(dir, "death.csv"));
    // procedure_occurrence without its required procedure_date column.
    writeFileSync(
      join(dir, "procedure_occurrence.csv"),
      "procedure_occurrence_id,person_id,procedure_concept_id\n1,1,0\n2,2,0\n",
    );
    // A person row without its required year of birth.
    const personHeader = readFileSync(join(dir, "person.csv"), "utf8").split("\n")[0]?.split(",") ?? [];
    appendFileSync(
      join(dir, "person.csv"),
      `${personHeader.map((c) => (c === "person_id" ? "99998" : c === "gender_concept_id" ? "8507" : "")).join(",")}\n`,
    );
    renameSync(join(dir, "person.csv"), join(dir, "PERSON.csv"));
    writeFileSync(join(dir, "visit_occurrence.csv"), "visit_occurrence_id,person_id\n1,1\n");

    const { db, summary } = await importedDb(dir);
    try {
      expect(unaccounted(summary)).toEqual([]);
      // The generated cohort charts no allergy: no observation file.
      expect(summary.missingTables).toEqual(["observation", "death"]);
      expect(summary.ignored).toEqual([{ file: "visit_occurrence.csv", rows: 1 }]);
      const codes = rejected(summary, "measurement").map((r) => `${r.code}: ${r.detail}`);
      expect(codes).toEqual(
        expect.arrayContaining([
          "unknown-concept: measurement_concept_id not in concept",
          expect.stringMatching(/^unit-unconvertible: .*g\/dL/),
          "implausible-value: value outside the physiologically possible range of platelets",
          "unknown-person: person_id not in person",
          "duplicate-id: row id repeats an earlier row",
          "invalid-value: measurement_date is not a date",
          "no-value: no value_as_number, value_as_concept_id or value_source_value",
          "missing-value: measurement_date is empty",
        ]),
      );
      expect(rejected(summary, "measurement").reduce((n, r) => n + r.rows, 0)).toBe(9);
      // The persons the measurements name but the person table lacks are named, with their rows, and why the
      // person table has none (its row rejected).
      expect(summary.absentPersons).toEqual([
        {
          personId: "99998",
          rows: 1,
          tables: ["measurement"],
          personRowRejected: expect.stringMatching(/year_of_birth/),
        },
        { personId: "99999", rows: 1, tables: ["measurement"] },
      ]);
      expect(rejected(summary, "observation_period").map((r) => r.code)).toEqual([
        "overlapping-observation-period",
      ]);
      expect(rejected(summary, "procedure_occurrence")).toEqual([
        { code: "missing-column", detail: "required column(s) procedure_date missing", rows: 2 },
      ]);
      // The rejection table names each row by table, line and id, with its reason.
      const rows = await db.all(
        `SELECT line, row_id, code FROM ${RESULTS_SCHEMA}.import_rejection WHERE table_name = 'measurement' ORDER BY line`,
      );
      expect(rows.map((r) => r.row_id)).toEqual([
        "900001",
        "900002",
        "900003",
        "900004",
        "900001",
        "900005",
        "900006",
        "900007",
        "900008",
      ]);
      expect(new Set(rows.map((r) => Number(r.line))).size).toBe(9);
    } finally {
      db.close();
    }
  });

  it("reads a condition or drug of concept 0 by its source value (the folder has no concept 0): a code or words used or not used, an empty one rejected", async () => {
    const dir = join(tempDir("unmapped-"), "cdm");
    cpSync(await generatedCohort(60, 11, 1), dir, { recursive: true });
    // condition_occurrence_id,person_id,condition_concept_id,condition_start_date,condition_start_datetime,
    // condition_end_date,condition_end_datetime,condition_source_value
    appendFileSync(
      join(dir, "condition_occurrence.csv"),
      `${[
        "900001,1,0,2024-06-01,,,,D69.3",
        "900002,1,0,2024-06-02,,,,D693",
        '900003,1,0,2024-06-03,,,,"ITP after pembrolizumab"',
        '900004,1,0,2024-06-04,,,,"knee pain"',
        "900005,1,0,2024-06-05,,,,",
      ].join("\n")}\n`,
    );
    // drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date,…,drug_source_value (the header's order)
    const drugHeader = readFileSync(join(dir, "drug_exposure.csv"), "utf8").split("\n")[0]?.split(",") ?? [];
    const drugRow = (id: number, value: string) =>
      drugHeader
        .map(
          (c) =>
            ({
              drug_exposure_id: String(id),
              person_id: "1",
              drug_concept_id: "0",
              drug_exposure_start_date: "2024-06-01",
              drug_source_value: value,
            })[c] ?? "",
        )
        .join(",");
    appendFileSync(
      join(dir, "drug_exposure.csv"),
      `${[drugRow(900001, '"pembrolizumab 200 mg"'), drugRow(900002, '"saline 0.9%"'), drugRow(900003, "")].join("\n")}\n`,
    );
    const { db, summary } = await importedDb(dir);
    try {
      expect(unaccounted(summary)).toEqual([]);
      const drugs = summary.tables.find((t) => t.table === "drug_exposure");
      const drugsBefore = (await baseSummary()).tables.find((t) => t.table === "drug_exposure");
      // The dose named by its words is used; saline is not used; a row of concept 0 with no words is rejected.
      expect(drugs?.used).toBe((drugsBefore?.used ?? 0) + 1);
      expect(drugs?.notUsed).toBe((drugsBefore?.notUsed ?? 0) + 1);
      expect(rejected(summary, "drug_exposure")).toEqual([
        {
          code: "missing-value",
          detail: "drug_concept_id 0 (no matching concept) and drug_source_value empty",
          rows: 1,
        },
      ]);
      expect(rejected(summary, "condition_occurrence")).toEqual([
        {
          code: "missing-value",
          detail: "condition_concept_id 0 (no matching concept) and condition_source_value empty",
          rows: 1,
        },
      ]);
      const conditions = summary.tables.find((t) => t.table === "condition_occurrence");
      const before = (await baseSummary()).tables.find((t) => t.table === "condition_occurrence");
      // The two codes and the words give an ITP (used); "knee pain" names nothing (not used).
      expect(conditions?.used).toBe((before?.used ?? 0) + 3);
      expect(conditions?.notUsed).toBe((before?.notUsed ?? 0) + 1);
      // Every imported row of concept 0 is read, though the concept table has no concept 0.
      const resources = await readBatch(db, [1], "2025-06-30T23:59:59Z");
      const codes = resources
        .filter((r) => String(r.id).startsWith("condition_occurrence-90000"))
        .map((r) => (r.code as { text: string }).text);
      expect(codes).toEqual([
        "D69.3 (condition_source_value, no standard concept)",
        "D693 (condition_source_value, no standard concept)",
        "ITP after pembrolizumab",
        "knee pain",
      ]);
    } finally {
      db.close();
    }
  });

  it("re-imports idempotently: the same tables, summary and rejections; screening runs are kept", async () => {
    const dir = await generatedCohort(60, 11, 1);
    const { db, summary } = await importedDb(dir);
    try {
      await screenCohort(db, testKnowledge(), { evaluatedAt: "2025-01-01T23:59:59Z", version: "test" });
      const again = await importCdm(db, dir, testKnowledge());
      expect(again).toEqual(summary);
      const counts = await db.all(
        "SELECT (SELECT count(*) FROM cdm.measurement) AS m, (SELECT count(*) FROM cdm.person) AS p",
      );
      expect(counts[0]).toEqual({
        m: summary.tables.find((t) => t.table === "measurement")?.imported,
        p: summary.tables.find((t) => t.table === "person")?.imported,
      });
      expect((await db.all(`SELECT count(*) AS n FROM ${RESULTS_SCHEMA}.screen_run`))[0]?.n).toBe(1);
    } finally {
      db.close();
    }
  });

  it("reads Parquet folders the same as CSV", async () => {
    const base = tempDir("pq-");
    await generateCohort({ patients: 30, seed: 4, out: join(base, "csv") }, testKnowledge().incidence);
    await generateCohort(
      { patients: 30, seed: 4, out: join(base, "pq"), format: "parquet" },
      testKnowledge().incidence,
    );
    const csv = await importedDb(join(base, "csv"));
    const pq = await importedDb(join(base, "pq"));
    try {
      const strip = (s: typeof csv.summary) => s.tables.map(({ file: _file, ...t }) => t);
      expect(strip(pq.summary)).toEqual(strip(csv.summary));
      expect(pq.summary.tables.find((t) => t.table === "measurement")?.file).toBe("measurement.parquet");
    } finally {
      csv.db.close();
      pq.db.close();
    }
  });
});

describe("an incomplete import", { timeout: 60_000 }, () => {
  it("is never screened: no import, or a last import that did not complete, is named", async () => {
    const { openDuckDb } = await import("./database.js");
    const { NoImportError } = await import("./results.js");
    const empty = await openDuckDb(":memory:");
    try {
      await expect(
        screenCohort(empty, testKnowledge(), { evaluatedAt: "2025-01-01T00:00:00Z", version: "t" }),
      ).rejects.toThrow(new NoImportError("no OMOP import in this database: run `cohort import` first"));
    } finally {
      empty.close();
    }
    const { db } = await importedDb(await generatedCohort(60, 11, 1));
    try {
      // An import that stopped halfway leaves its log row without a row count.
      await db.run(
        `INSERT INTO ${RESULTS_SCHEMA}.import_run VALUES (now() + INTERVAL 1 SECOND, 'next', NULL)`,
      );
      await expect(
        screenCohort(db, testKnowledge(), { evaluatedAt: "2025-01-01T00:00:00Z", version: "t" }),
      ).rejects.toThrow(/the last import did not complete/);
    } finally {
      db.close();
    }
  });
});
