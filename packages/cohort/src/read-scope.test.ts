import type { CohortDatabase } from "@hemosentinel/cohort";
import { describe, expect, it } from "vitest";
import { testKnowledge, withEnrichedCohort } from "../../../test/support/cohort.js";
import { assessCohortPerson } from "./patient.js";
import { readScope } from "./read-scope.js";
import { engineItems, type ScreenItem, screenCohort } from "./screen.js";

const AT = "2025-06-30T23:59:59Z";
const PLATELETS = 3024929;
const key = (i: ScreenItem) =>
  JSON.stringify([i.personId, i.kind, i.item, i.certainty, i.grade, i.at, i.drug, i.summary]);

/** Concepts a warehouse holds beside the generated ones: most of them name nothing the knowledge uses. */
const CONCEPTS = {
  /** A LOINC lab outside the lab catalogue. */
  heartRate: [4_100_001, "LOINC", "8867-4", "Heart rate"],
  /** A diagnosis outside the event map. */
  hypertension: [4_100_002, "SNOMED", "38341003", "Hypertensive disorder"],
  /** A drug in neither catalogue. */
  paracetamol: [4_100_003, "RxNorm", "161", "Acetaminophen"],
  /** A procedure that is no event and no infusion. */
  xray: [4_100_004, "SNOMED", "399208008", "Plain chest X-ray"],
  /** A site's local code, in scope by its name alone (a bleeding event). */
  nosebleed: [4_100_005, "Site", "NB1", "Epistaxis"],
  /** No code the core can read and no name: the adapter rejects it (missing code), so it is read. */
  blank: [4_100_006, "Site", "", ""],
} as const;

async function addRows(db: CohortDatabase, persons: readonly string[]): Promise<void> {
  for (const [id, vocabulary, code, name] of Object.values(CONCEPTS))
    await db.run(`INSERT INTO cdm.concept (concept_id, concept_name, vocabulary_id, concept_code)
      VALUES (${id}, '${name}', '${vocabulary}', '${code}')`);
  for (const [n, person] of persons.entries()) {
    const day = `DATE '2025-0${1 + (n % 6)}-1${n % 10}'`;
    await db.run(`INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id,
        measurement_date, value_as_number)
      VALUES ((SELECT max(measurement_id) + 1 FROM cdm.measurement), ${person}, ${CONCEPTS.heartRate[0]}, ${day}, 72)`);
    for (const concept of [CONCEPTS.hypertension, CONCEPTS.nosebleed, CONCEPTS.blank])
      await db.run(`INSERT INTO cdm.condition_occurrence (condition_occurrence_id, person_id, condition_concept_id,
          condition_start_date)
        VALUES ((SELECT max(condition_occurrence_id) + 1 FROM cdm.condition_occurrence), ${person}, ${concept[0]}, ${day})`);
    await db.run(`INSERT INTO cdm.drug_exposure (drug_exposure_id, person_id, drug_concept_id,
        drug_exposure_start_date)
      VALUES ((SELECT max(drug_exposure_id) + 1 FROM cdm.drug_exposure), ${person}, ${CONCEPTS.paracetamol[0]}, ${day})`);
    await db.run(`INSERT INTO cdm.procedure_occurrence (procedure_occurrence_id, person_id, procedure_concept_id,
        procedure_date)
      VALUES ((SELECT max(procedure_occurrence_id) + 1 FROM cdm.procedure_occurrence), ${person}, ${CONCEPTS.xray[0]}, ${day})`);
  }
}

describe("the screen's read scope", { timeout: 300_000 }, () => {
  it("leaves out exactly the concepts the adapter would not use, and the screen still flags what the full engine does", async () => {
    await withEnrichedCohort(AT, async (db, exposed) => {
      const k = testKnowledge();
      const persons = exposed.slice(0, 40);
      await addRows(db, persons);
      const scope = await readScope(db, k, AT);
      const has = (ids: readonly string[], concept: readonly [number, ...unknown[]]) =>
        ids.includes(String(concept[0]));
      expect(has(scope.measurement, [PLATELETS])).toBe(true);
      expect(has(scope.measurement, CONCEPTS.heartRate)).toBe(false);
      expect(has(scope.condition, CONCEPTS.hypertension)).toBe(false);
      expect(has(scope.drug, CONCEPTS.paracetamol)).toBe(false);
      expect(has(scope.procedure, CONCEPTS.xray)).toBe(false);
      expect(has(scope.condition, CONCEPTS.nosebleed)).toBe(true);
      expect(has(scope.condition, CONCEPTS.blank)).toBe(true);
      // Every generated concept names something the knowledge uses.
      const generated = await db.all(
        "SELECT DISTINCT drug_concept_id AS id FROM cdm.drug_exposure WHERE drug_concept_id < 4100000",
      );
      for (const { id } of generated) expect(scope.drug).toContain(String(id));

      // The full engine reads every row and counts the ones left out as not used.
      const view = await assessCohortPerson(db, k, String(persons[0]), { evaluatedAt: AT, version: "test" });
      expect(view?.patient.notUsed).toMatchObject({
        Observation: { "http://loinc.org": 1 },
        Condition: { "http://snomed.info/sct": 1 },
        MedicationAdministration: { "http://www.nlm.nih.gov/research/umls/rxnorm": 1 },
        Procedure: { "http://snomed.info/sct": 1 },
      });

      const full = await engineItems(db, k, exposed, { evaluatedAt: AT, version: "test" });
      const screened = await screenCohort(db, k, { evaluatedAt: AT, version: "test", since: "last" });
      expect(screened.items.map(key).sort()).toEqual(full.map(key).sort());
      // The local nosebleed code is read as a bleeding event, the nameless code is rejected.
      expect(view?.record.events.filter((e) => e.text === "Epistaxis").map((e) => e.kind)).toEqual([
        "bleeding",
      ]);
      expect(view?.patient.rejected.map((r) => r.code)).toContain("missing-code");

      // The fingerprints cover the rows read: a row the screen does not read changes no candidate, one it
      // reads does.
      const candidate = screened.items[0]?.personId as string;
      await db.run(`INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id,
          measurement_date, value_as_number)
        VALUES ((SELECT max(measurement_id) + 1 FROM cdm.measurement), ${candidate}, ${CONCEPTS.heartRate[0]}, DATE '2025-06-01', 80)`);
      const again = await screenCohort(db, k, { evaluatedAt: AT, version: "test", since: "last" });
      expect(again.run).toMatchObject({ assessed: 0, reusedFrom: screened.run.runId });
      await db.run(`INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id,
          measurement_date, value_as_number)
        VALUES ((SELECT max(measurement_id) + 1 FROM cdm.measurement), ${candidate}, ${PLATELETS}, DATE '2025-06-01', 250)`);
      const changed = await screenCohort(db, k, { evaluatedAt: AT, version: "test", since: "last" });
      expect(changed.run).toMatchObject({ assessed: 1, reusedFrom: again.run.runId });
    });
  });
});
