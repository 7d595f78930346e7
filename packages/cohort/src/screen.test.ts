import type { CohortDatabase } from "@hemosentinel/cohort";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedCohort, importedDb, testKnowledge } from "../../../test/support/cohort.js";
import { buildConceptMaps } from "./maps.js";
import { exposureQuery } from "./prefilter.js";
import { engineItems, prefilterCandidates, type ScreenItem, screenCohort } from "./screen.js";

const AT = "2025-06-30T23:59:59Z";
const key = (i: ScreenItem) =>
  JSON.stringify([i.personId, i.kind, i.item, i.certainty, i.grade, i.at, i.drug]);

/** Builds the concept maps again over the cohort's CDM tables, after a test has changed their rows. */
const mapConcepts = (db: CohortDatabase) =>
  buildConceptMaps(
    db,
    testKnowledge(),
    {
      measurement: "cdm.measurement",
      drug_exposure: "cdm.drug_exposure",
      condition_occurrence: "cdm.condition_occurrence",
      procedure_occurrence: "cdm.procedure_occurrence",
    },
    "cdm.concept",
  );

/** ICD-10-CM codes of the generated cohort's SNOMED event concepts, as an unmapped extract prints them. */
const ICD10CM: Readonly<Record<string, string>> = {
  "32273002": "D69.3",
  "78129009": "M31.1",
  "128053003": "I82.40",
  "59282003": "I26.99",
  "67406007": "D65",
};

/**
 * Unmapped rows, as real extracts hold them: a third of the condition rows lose their concept (concept 0, "No
 * matching concept") and keep only their source value: an ICD-10-CM code (every other one without its dot), else
 * the concept's words; a quarter of the drug rows likewise; and four persons get a row of words naming an immunotherapy ("ITP after pembrolizumab"),
 * an ITP code without its dot, an empty source value and words that name nothing ("knee pain"). The LOINC
 * measurement rows of a third of the persons (about a third of the rows; platelet counts among them, so that
 * these persons' counts are all unmapped) keep only their LOINC code in `measurement_source_value`
 * (`777-3`, `LOINC:777-3` or `777-3|Platelets`) and their unit as printed (`unit_source_value`, unit concept 0);
 * a third of the procedure rows (CAR-T infusions among them) only their words. The concept maps are rebuilt,
 * as an import of these rows builds them.
 */
async function unmapRows(db: CohortDatabase): Promise<void> {
  const icd = Object.entries(ICD10CM)
    .map(
      ([snomed, code]) => `WHEN c.vocabulary_id = 'SNOMED' AND c.concept_code = '${snomed}' THEN '${code}'`,
    )
    .join(" ");
  await db.run(`UPDATE cdm.condition_occurrence o SET condition_concept_id = 0, condition_source_value = (
      SELECT CASE WHEN o.condition_occurrence_id % 2 = 0 THEN replace(x.v, '.', '') ELSE x.v END
      FROM (SELECT CASE ${icd} WHEN c.vocabulary_id = 'ICD10CM' THEN c.concept_code ELSE c.concept_name END AS v
            FROM cdm.concept c WHERE c.concept_id = o.condition_concept_id) x)
    WHERE o.condition_occurrence_id % 3 = 0`);
  // A quarter of the drug rows likewise keep only their words ("pembrolizumab 100 MG/4ML Injection", an
  // anticoagulant's name), and one person gets a dose named only "pembrolizumab 200 mg".
  await db.run(`UPDATE cdm.drug_exposure g SET drug_concept_id = 0, drug_source_value = (
      SELECT c.concept_name FROM cdm.concept c WHERE c.concept_id = g.drug_concept_id)
    WHERE g.drug_exposure_id % 4 = 0`);
  await db.run(`INSERT INTO cdm.drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date,
      drug_exposure_end_date, drug_source_value)
    VALUES ((SELECT max(drug_exposure_id) + 1 FROM cdm.drug_exposure), (SELECT max(person_id) FROM cdm.person), 0,
      DATE '2015-01-01', DATE '2015-01-01', 'pembrolizumab 200 mg')`);
  await db.run(`UPDATE cdm.measurement m SET measurement_concept_id = 0,
      measurement_source_value = (SELECT CASE m.measurement_id % 9 WHEN 0 THEN c.concept_code
          WHEN 3 THEN 'LOINC:' || c.concept_code ELSE c.concept_code || '|' || c.concept_name END
        FROM cdm.concept c WHERE c.concept_id = m.measurement_concept_id),
      unit_concept_id = 0,
      unit_source_value = coalesce((SELECT u.concept_code FROM cdm.concept u WHERE u.concept_id = m.unit_concept_id), m.unit_source_value)
    WHERE m.person_id % 3 = 0
      AND m.measurement_concept_id IN (SELECT concept_id FROM cdm.concept WHERE vocabulary_id = 'LOINC')`);
  await db.run(`UPDATE cdm.procedure_occurrence p SET procedure_concept_id = 0, procedure_source_value = (
      SELECT c.concept_name FROM cdm.concept c WHERE c.concept_id = p.procedure_concept_id)
    WHERE p.procedure_occurrence_id % 3 = 0`);
  const persons = await db.all("SELECT person_id FROM cdm.person ORDER BY person_id LIMIT 4");
  const values = ["ITP after pembrolizumab", "D693", "", "knee pain"];
  for (const [i, r] of persons.entries())
    await db.run(`INSERT INTO cdm.condition_occurrence (condition_occurrence_id, person_id, condition_concept_id,
        condition_start_date, condition_source_value)
      VALUES ((SELECT max(condition_occurrence_id) + 1 FROM cdm.condition_occurrence), ${r.person_id}, 0,
        DATE '2025-03-0${i + 1}', '${values[i]}')`);
  await mapConcepts(db);
}

/** A site concept of a measurement that names an event rather than a lab, as some ETLs file a study's finding. */
const DUPLEX_DVT_CONCEPT = 2_000_990_001;

/**
 * Events charted as measurements, as ETLs file a study's finding or a nurse's observation: three exposed persons
 * the prefilter did not pass on get, a month after their first dose, a measurement of concept 0 whose
 * `measurement_source_value` is "DVT on duplex", one of words "intracranial haemorrhage on CT head", and one of a site concept
 * named "Deep vein thrombosis on duplex". Returns those persons.
 */
async function chartEventsAsMeasurements(db: CohortDatabase): Promise<string[]> {
  const { exposed, candidates } = await prefilterCandidates(db, testKnowledge(), AT);
  const passed = new Set(candidates.map((c) => c.personId));
  const persons = exposed.filter((p) => !passed.has(p)).slice(0, 3);
  expect(persons).toHaveLength(3);
  await db.run(`INSERT INTO cdm.concept (concept_id, concept_name, domain_id, vocabulary_id, concept_code)
    VALUES (${DUPLEX_DVT_CONCEPT}, 'Deep vein thrombosis on duplex', 'Measurement', 'Site', 'duplex-dvt')`);
  const rows: [concept: number, source: string][] = [
    [0, "DVT on duplex"],
    [0, "intracranial haemorrhage on CT head"],
    [DUPLEX_DVT_CONCEPT, "duplex-dvt"],
  ];
  for (const [i, p] of persons.entries()) {
    const [concept, source] = rows[i] as [number, string];
    await db.run(`INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id, measurement_date,
        measurement_source_value)
      SELECT (SELECT max(measurement_id) + 1 FROM cdm.measurement), ${p}, ${concept},
        CAST(min(first_at) AS DATE) + INTERVAL 30 DAY, '${source}'
      FROM (${exposureQuery(db.dialect, AT, db.schemas)}) x WHERE person_id = ${p}`);
  }
  await mapConcepts(db);
  return persons;
}

describe("cohort screen", { timeout: 300_000 }, () => {
  let db: CohortDatabase;
  let chartedAsMeasurements: string[];
  beforeAll(async () => {
    // Enriched so that the rare disorders appear in a cohort small enough for CI.
    db = (await importedDb(await generatedCohort(160, 21, 8))).db;
    await unmapRows(db);
    chartedAsMeasurements = await chartEventsAsMeasurements(db);
  }, 120_000);
  afterAll(() => db.close());

  it("drops no patient the full engine would flag: the screen's findings equal the engine's over every exposed patient and every patient whose words name an immunotherapy", async () => {
    const k = testKnowledge();
    const { exposed, candidates } = await prefilterCandidates(db, k, AT);
    // The engine lists a drug named only in words (no dated dose) too: every person whose condition or procedure
    // concept names a catalogue immunotherapy, as the core's own matcher reads it, is assessed as well.
    // A condition of concept 0 names what its source value says.
    const named = await db.all(
      `SELECT DISTINCT CAST(x.person_id AS VARCHAR) AS person_id, c.concept_name FROM (
         SELECT person_id, condition_concept_id AS concept_id FROM cdm.condition_occurrence WHERE condition_concept_id <> 0
         UNION SELECT person_id, procedure_concept_id FROM cdm.procedure_occurrence) x
       JOIN cdm.concept c ON c.concept_id = x.concept_id
       UNION SELECT DISTINCT CAST(person_id AS VARCHAR), condition_source_value FROM cdm.condition_occurrence
       WHERE condition_concept_id = 0
       UNION SELECT DISTINCT CAST(person_id AS VARCHAR), procedure_source_value FROM cdm.procedure_occurrence
       WHERE procedure_concept_id = 0`,
    );
    const words = named
      .filter((r) =>
        k.vocabulary
          .medications({ codings: [], text: String(r.concept_name ?? "") })
          .some((m) => m.kind === "immunotherapy"),
      )
      .map((r) => String(r.person_id));
    const assessed = [...new Set([...exposed, ...words])].sort();
    const full = await engineItems(db, k, assessed, { evaluatedAt: AT, version: "test" });
    const screened = await screenCohort(db, k, { evaluatedAt: AT, version: "test", record: false });
    expect(screened.items.map(key).sort()).toEqual(full.map(key).sort());
    // The words of an unmapped row name pembrolizumab: that person is assessed, and the unmapped rows give findings.
    const [wordsPerson] = await db.all(
      "SELECT CAST(person_id AS VARCHAR) AS p FROM cdm.condition_occurrence WHERE condition_source_value = 'ITP after pembrolizumab'",
    );
    expect(words).toContain(String(wordsPerson?.p));
    const unmapped = await db.all(
      `SELECT DISTINCT CAST(person_id AS VARCHAR) AS p, condition_source_value AS v FROM cdm.condition_occurrence
       WHERE condition_concept_id = 0`,
    );
    const byCode = (codes: readonly string[]) =>
      new Set(unmapped.filter((r) => codes.includes(String(r.v))).map((r) => String(r.p)));
    const itpByCode = byCode(["D69.3", "D693"]);
    expect(full.some((i) => i.kind === "finding" && i.item === "itp" && itpByCode.has(i.personId))).toBe(
      true,
    );
    const clotByCode = byCode(["I82.40", "I8240", "I26.99", "I2699"]);
    expect(full.some((i) => i.item === "thrombosis" && clotByCode.has(i.personId))).toBe(true);
    // A dose named only in a drug's words (before any generated dose) is the person's first one for the screen.
    const [dosed] = await db.all(
      `SELECT ${db.dialect.isoText("min(first_at)")} AS at FROM (${exposureQuery(db.dialect, AT, db.schemas)}) x
       WHERE person_id = (SELECT max(person_id) FROM cdm.person) AND drug = 'pembrolizumab'`,
    );
    expect(dosed?.at).toBe("2015-01-01T00:00:00Z");
    // Platelet counts of concept 0, read by their LOINC source value, give findings of their own: a person whose
    // lowest count after the first dose is one of them is flagged by the screen as by the engine.
    const unmappedLabs = await db.all(
      `SELECT count(*) AS n, count(DISTINCT measurement_source_value) AS forms FROM cdm.measurement
       WHERE measurement_concept_id = 0 AND measurement_source_value LIKE '%777-3%'`,
    );
    expect(Number(unmappedLabs[0]?.n)).toBeGreaterThan(100);
    expect(Number(unmappedLabs[0]?.forms)).toBe(3);
    const lowest = await db.all(
      `SELECT DISTINCT CAST(m.person_id AS VARCHAR) AS p FROM cdm.measurement m
       WHERE m.measurement_concept_id = 0 AND m.measurement_source_value LIKE '%777-3%' AND m.value_as_number < 50
         AND m.measurement_date <= DATE '2025-06-30'`,
    );
    const screenedPersons = new Set(screened.items.map((i) => i.personId));
    expect(lowest.some((r) => screenedPersons.has(String(r.p)))).toBe(true);
    // The prefilter does narrow the cohort down, and what it passes on covers several disorders.
    expect(candidates.length).toBeLessThan(exposed.length);
    const disorders = new Set(full.filter((i) => i.kind === "finding").map((i) => i.item));
    expect(disorders.size).toBeGreaterThanOrEqual(4);
    expect(full.some((i) => i.kind === "unexplained")).toBe(true);
    // A DVT charted in a note that also names a HIT being ruled out (one record, two events): the concept
    // map holds both kinds, so the prefilter passes these patients on and the screen flags their thrombosis.
    const noted = await db.all(
      `SELECT DISTINCT CAST(o.person_id AS VARCHAR) AS person_id FROM cdm.condition_occurrence o
       JOIN cdm.concept c ON c.concept_id = o.condition_concept_id WHERE c.concept_code = 'dvt-hit-workup'`,
    );
    const thrombosis = (items: readonly ScreenItem[]) =>
      new Set(items.filter((i) => i.item === "thrombosis").map((i) => i.personId));
    const exposedSet = new Set(exposed);
    const notedExposed = noted.map((r) => String(r.person_id)).filter((p) => exposedSet.has(p));
    expect(notedExposed.length).toBeGreaterThan(0);
    for (const p of notedExposed) expect(thrombosis(screened.items).has(p), p).toBe(thrombosis(full).has(p));
    expect(notedExposed.some((p) => thrombosis(screened.items).has(p))).toBe(true);
    // Events charted as measurements (words of concept 0, a site concept's name): the engine flags these persons,
    // whom the prefilter passed on for nothing else, and the screen flags every one of them alike.
    const flagged = (items: readonly ScreenItem[], p: string) =>
      items
        .filter((i) => i.personId === p)
        .map(key)
        .sort();
    for (const p of chartedAsMeasurements) {
      expect(flagged(full, p).length, p).toBeGreaterThan(0);
      expect(flagged(screened.items, p), p).toEqual(flagged(full, p));
    }
    expect(chartedAsMeasurements.filter((p) => thrombosis(screened.items).has(p))).toEqual([
      chartedAsMeasurements[0],
      chartedAsMeasurements[2],
    ]);
  });

  it("runs daily: a later run reports what is new or changed since the last, an identical run nothing new", async () => {
    const k = testKnowledge();
    const first = await screenCohort(db, k, {
      evaluatedAt: "2024-08-31T23:59:59Z",
      version: "test",
      since: "last",
    });
    expect(first.since).toBeNull();
    expect(first.items.every((i) => i.status === "new")).toBe(true);
    const second = await screenCohort(db, k, { evaluatedAt: AT, version: "test", since: "last" });
    expect(second.since).toEqual({ runId: first.run.runId, evaluatedAt: "2024-08-31T23:59:59Z" });
    const statuses = new Set(second.items.map((i) => i.status));
    expect(statuses.has("new")).toBe(true);
    expect(statuses.has("unchanged")).toBe(true);
    // Every item of the first run is still there (unchanged or changed) or listed as resolved.
    const later = new Set(second.items.map((i) => `${i.personId}|${i.kind}|${i.item}`));
    for (const i of first.items)
      expect(
        later.has(`${i.personId}|${i.kind}|${i.item}`) ||
          second.resolved.some((r) => r.personId === i.personId),
      ).toBe(true);
    const third = await screenCohort(db, k, { evaluatedAt: AT, version: "test", since: "last" });
    expect(third.items.every((i) => i.status === "unchanged")).toBe(true);
    expect(third.resolved).toEqual([]);
    expect(third.run).toMatchObject({
      runId: second.run.runId + 1,
      knowledgeVersion: k.version,
      knowledgeHash: k.hash,
    });
  });

  it("compares with the latest run evaluated by a date (--since DATE), and lists what a run no longer flags", async () => {
    const k = testKnowledge();
    // The first run (evaluated 2024-08-31) is the latest evaluated by 2024-12-31.
    const back = await screenCohort(db, k, {
      evaluatedAt: AT,
      version: "test",
      since: "2024-12-31",
      record: false,
    });
    expect(back.since?.evaluatedAt).toBe("2024-08-31T23:59:59Z");
    expect(back.items.some((i) => i.status === "new")).toBe(true);
    // Screening as of an earlier day than the last run: what appeared since then is not flagged yet.
    const earlier = await screenCohort(db, k, {
      evaluatedAt: "2024-08-31T23:59:59Z",
      version: "test",
      since: "last",
      record: false,
    });
    expect(earlier.resolved.length).toBeGreaterThan(0);
  });
});
