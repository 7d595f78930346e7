import { appendFileSync, cpSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { generatedCohort, importedDb, testKnowledge, unaccounted } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";
import { RESULTS_SCHEMA } from "./cdm.js";
import { generateCohort } from "./generate/generate.js";
import { importCdm } from "./import.js";
import { addResources, readBatch } from "./records.js";
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

  it("reads a measurement of concept 0 by its LOINC source value and unit as printed (or as the event its words name), a procedure by its words; an unknown code, unit or empty value rejected; an NDC-only drug reported as not read", async () => {
    const dir = join(tempDir("unmapped-labs-"), "cdm");
    cpSync(await generatedCohort(60, 11, 1), dir, { recursive: true });
    /** A row of `table` in its file's column order, the columns not given empty. */
    const row = (table: string, values: Record<string, string>) =>
      (
        readFileSync(join(dir, `${table}.csv`), "utf8")
          .split("\n")[0]
          ?.split(",") ?? []
      )
        .map((c) => values[c] ?? "")
        .join(",");
    const lab = (id: number, source: string, value: string, unit: string) =>
      row("measurement", {
        measurement_id: String(id),
        person_id: "1",
        measurement_concept_id: "0",
        measurement_date: "2024-06-01",
        value_as_number: value,
        unit_concept_id: "0",
        measurement_source_value: source,
        unit_source_value: unit,
      });
    appendFileSync(
      join(dir, "measurement.csv"),
      `${[
        lab(900001, "777-3", "35", "10*9/L"),
        lab(900002, "LOINC:777-3", "40", "10*3/uL"),
        lab(900003, '"777-3|Platelets"', "45", "bananas"),
        // 778-3: LOINC-shaped, but its check digit would be 1: a typo, no LOINC code.
        lab(900004, "778-3", "45", "10*9/L"),
        // 2345-7 (serum glucose): a LOINC code HemoSentinel does not read; PLT: a local code.
        lab(900005, "2345-7", "5.5", "mmol/L"),
        lab(900006, "PLT", "45", "10*9/L"),
        lab(900007, "", "45", "10*9/L"),
        // Words naming an event (a study's finding filed as a measurement): read as that event, so used.
        lab(900008, '"DVT on duplex"', "", ""),
      ].join("\n")}\n`,
    );
    const procedure = (id: number, source: string) =>
      row("procedure_occurrence", {
        procedure_occurrence_id: String(id),
        person_id: "1",
        procedure_concept_id: "0",
        procedure_date: "2024-06-01",
        procedure_source_value: source,
      });
    appendFileSync(
      join(dir, "procedure_occurrence.csv"),
      `${[procedure(900001, '"axicabtagene ciloleucel infusion"'), procedure(900002, '"dental cleaning"'), procedure(900003, "")].join("\n")}\n`,
    );
    // A drug whose only name is an NDC product code: the catalogue holds no NDC, so it is read as words naming no drug.
    appendFileSync(
      join(dir, "drug_exposure.csv"),
      `${row("drug_exposure", { drug_exposure_id: "900001", person_id: "1", drug_concept_id: "0", drug_exposure_start_date: "2024-06-01", drug_source_value: "0006-3026-02" })}\n`,
    );
    const { db, summary } = await importedDb(dir);
    try {
      expect(unaccounted(summary)).toEqual([]);
      const base = await baseSummary();
      const delta = (table: string) => {
        const now = summary.tables.find((t) => t.table === table);
        const before = base.tables.find((t) => t.table === table);
        return {
          used: (now?.used ?? 0) - (before?.used ?? 0),
          notUsed: (now?.notUsed ?? 0) - (before?.notUsed ?? 0),
        };
      };
      // Two platelet counts and a DVT in words read; height and a local code imported and not used; three rejected
      // with their reasons.
      expect(delta("measurement")).toEqual({ used: 3, notUsed: 2 });
      expect(rejected(summary, "measurement")).toEqual(
        expect.arrayContaining([
          {
            code: "invalid-value",
            detail: "measurement_source_value 778-3 is not a LOINC code (its check digit would be 1)",
            rows: 1,
          },
          {
            code: "missing-value",
            detail: "measurement_concept_id 0 (no matching concept) and measurement_source_value empty",
            rows: 1,
          },
          expect.objectContaining({ code: "unit-unconvertible", rows: 1 }),
        ]),
      );
      const unitRejection = await db.all(
        `SELECT reason FROM ${RESULTS_SCHEMA}.import_rejection WHERE table_name = 'measurement' AND row_id = '900003'`,
      );
      expect(String(unitRejection[0]?.reason)).toMatch(/bananas/);
      // The infusion named in words is a dose; the cleaning names nothing; an empty one is rejected.
      expect(delta("procedure_occurrence")).toEqual({ used: 1, notUsed: 1 });
      expect(rejected(summary, "procedure_occurrence")).toEqual([
        {
          code: "missing-value",
          detail: "procedure_concept_id 0 (no matching concept) and procedure_source_value empty",
          rows: 1,
        },
      ]);
      expect(delta("drug_exposure")).toEqual({ used: 0, notUsed: 1 });
      // The engine reads the counts as platelets in their printed units, and reports the NDC-only drug, the glucose,
      // the local code and the cleaning as records it does not use (by code system), not silently dropped.
      const resources = await readBatch(db, [1], "2025-06-30T23:59:59Z");
      const engine = createEngine(testKnowledge(), { evaluatedAt: "2025-06-30T23:59:59Z", version: "t" });
      const record = addResources(engine, resources).patients.find((p) => p.patientId === "1");
      const platelets = record?.labs.filter(
        (l) => l.lab === "platelets" && l.ref.includes("measurement-90000"),
      );
      expect(platelets?.map((l) => [l.ref, l.value])).toEqual([
        ["Observation/measurement-900001", 35],
        ["Observation/measurement-900002", 40],
      ]);
      expect(record?.notUsed).toMatchObject({
        Observation: { "http://loinc.org": 1, text: 1 },
        MedicationAdministration: { text: 1 },
        Procedure: { text: 1 },
      });
      expect(record?.exposures.some((e) => e.drug === "axicabtagene-ciloleucel")).toBe(true);
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
