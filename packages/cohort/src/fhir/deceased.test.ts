/**
 * A FHIR export through the cohort: a patient's death and results after it, and a result whose printed
 * and coded units disagree. The import rejects the unit conflict as the core's FHIR adapter does
 * (`unit-conflict`, through the core's own check); the screen marks a deceased patient's items with the
 * date of death; reading the person back, a result dated after the death is rejected as `after-death`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestFhir } from "@hemosentinel/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importedDb, testKnowledge, unaccounted } from "../../../../test/support/cohort.js";
import { tempDir } from "../../../../test/support/temp.js";
import { RESULTS_SCHEMA } from "../cdm.js";
import type { CohortDatabase } from "../database.js";
import type { ImportSummary } from "../import.js";
import { readBatch } from "../records.js";
import { screenCohort } from "../screen.js";

const UCUM = "http://unitsofmeasure.org";
const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
const AT = "2024-12-31T23:59:59Z";
const ndjson = (rows: readonly unknown[]) => `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;

const lab = (
  id: string,
  person: string,
  loinc: string,
  at: string,
  quantity: { value: number; unit: string; code: string },
) => ({
  resourceType: "Observation",
  id,
  status: "final",
  code: { coding: [{ system: "http://loinc.org", code: loinc }] },
  subject: { reference: `Patient/${person}` },
  effectiveDateTime: at,
  valueQuantity: { value: quantity.value, unit: quantity.unit, system: UCUM, code: quantity.code },
});
const platelets = (id: string, person: string, at: string, value: number) =>
  lab(id, person, "777-3", at, { value, unit: "10*9/L", code: "10*9/L" });

/**
 * Two patients on pembrolizumab whose platelets fall to 8 ×10⁹/L: `dead` dies on 10 July 2024 and has a
 * platelet count charted on 15 July; `alive` does not die. Three haemoglobins of `alive`: printed g/dL and
 * coded g/L (a tenfold disagreement), printed g/dL coded g/dL, printed K/uL for platelets coded 10*3/uL
 * (the same size written two ways).
 */
function exportDir(): string {
  const dir = join(tempDir("fhir-death-"), "export");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "Patient.ndjson"),
    ndjson([
      {
        resourceType: "Patient",
        id: "dead",
        gender: "female",
        birthDate: "1950-01-01",
        deceasedDateTime: "2024-07-10",
      },
      { resourceType: "Patient", id: "alive", gender: "male", birthDate: "1952-02-02" },
    ]),
  );
  writeFileSync(
    join(dir, "MedicationAdministration.ndjson"),
    ndjson(
      ["dead", "alive"].map((p) => ({
        resourceType: "MedicationAdministration",
        id: `pembro-${p}`,
        status: "completed",
        subject: { reference: `Patient/${p}` },
        medicationCodeableConcept: {
          coding: [{ system: RXNORM, code: "1547545", display: "pembrolizumab" }],
        },
        effectiveDateTime: "2024-05-01",
      })),
    ),
  );
  writeFileSync(
    join(dir, "Observation.ndjson"),
    ndjson([
      ...["dead", "alive"].flatMap((p) => [
        platelets(`base-${p}`, p, "2024-04-25T08:00:00Z", 230),
        platelets(`low-${p}`, p, "2024-06-20T08:00:00Z", 8),
      ]),
      platelets("after-death", "dead", "2024-07-15T08:00:00Z", 5),
      lab("hb-conflict", "alive", "718-7", "2024-06-20T08:00:00Z", { value: 9.1, unit: "g/dL", code: "g/L" }),
      lab("hb-agree", "alive", "718-7", "2024-06-21T08:00:00Z", { value: 9.4, unit: "g/dL", code: "g/dL" }),
      lab("plt-spelled", "alive", "777-3", "2024-06-22T08:00:00Z", {
        value: 9,
        unit: "K/uL",
        code: "10*3/uL",
      }),
    ]),
  );
  return dir;
}

describe("a FHIR export with a death and a unit conflict, through import and screen", {
  timeout: 300_000,
}, () => {
  let db: CohortDatabase;
  let summary: ImportSummary;
  beforeAll(async () => {
    ({ db, summary } = await importedDb(exportDir()));
  });
  afterAll(() => db.close());

  it("rejects an Observation whose printed and coded units disagree in size as unit-conflict, with the core's reason", async () => {
    expect(unaccounted(summary)).toEqual([]);
    const obs = summary.fhir?.resources.find((t) => t.type === "Observation");
    expect(obs).toMatchObject({ read: 8, mapped: 7 });
    expect(obs?.rejected.map((r) => [r.code, r.rows])).toEqual([["unit-conflict", 1]]);
    const rows = await db.all(
      `SELECT row_id, code, reason FROM ${RESULTS_SCHEMA}.import_rejection WHERE code = 'unit-conflict'`,
    );
    expect(rows).toEqual([
      {
        row_id: "Observation/hb-conflict",
        code: "unit-conflict",
        reason: expect.stringContaining('printed unit "g/dL" and coded unit "g/L" disagree for Hemoglobin'),
      },
    ]);
    // The same reason the core's FHIR adapter gives for the same resource.
    const core = ingestFhir(
      {
        resourceType: "Bundle",
        type: "collection",
        entry: [
          { resource: { resourceType: "Patient", id: "alive" } },
          {
            resource: lab("hb-conflict", "alive", "718-7", "2024-06-20T08:00:00Z", {
              value: 9.1,
              unit: "g/dL",
              code: "g/L",
            }),
          },
        ],
      },
      { vocabulary: testKnowledge().vocabulary, evaluatedAt: AT },
    ).patients[0]?.rejected[0];
    expect(core?.code).toBe("unit-conflict");
    expect(String(rows[0]?.reason)).toContain(core?.reason ?? "?");
  });

  it("reads a deceased person back with the death as a day, and rejects the result after it as after-death", async () => {
    const person = (await db.all("SELECT person_id FROM cdm.person WHERE person_source_value = 'dead'"))[0]
      ?.person_id;
    const read = await readBatch(db, [Number(person)], AT);
    const record = ingestFhir(
      { resourceType: "Bundle", type: "collection", entry: read.map((resource) => ({ resource })) },
      { vocabulary: testKnowledge().vocabulary, evaluatedAt: AT },
    ).patients[0];
    expect(record?.deceased?.at).toBe("2024-07-10");
    expect(record?.labs.map((l) => [l.at.slice(0, 10), l.value])).toEqual([
      ["2024-04-25", 230],
      ["2024-06-20", 8],
    ]);
    expect(record?.rejected.map((r) => r.code)).toEqual(["after-death"]);
    expect(record?.rejected[0]?.reason).toMatch(
      /dated 2024-07-15T08:00:00Z is after the patient's death on 2024-07-10/,
    );
  });

  it("marks every screened item of the deceased patient with the date of death, and none of the living one's", async () => {
    const result = await screenCohort(db, testKnowledge(), { evaluatedAt: AT, version: "test" });
    const personOf = async (source: string) =>
      String(
        (await db.all(`SELECT person_id FROM cdm.person WHERE person_source_value = '${source}'`))[0]
          ?.person_id,
      );
    const dead = await personOf("dead");
    const alive = await personOf("alive");
    const deadItems = result.items.filter((i) => i.personId === dead);
    const aliveItems = result.items.filter((i) => i.personId === alive);
    expect(deadItems.length).toBeGreaterThan(0);
    expect(aliveItems.length).toBeGreaterThan(0);
    expect(deadItems.every((i) => i.deceased === "2024-07-10")).toBe(true);
    expect(aliveItems.every((i) => i.deceased === undefined)).toBe(true);
    // Stored with the run and read back (what the next run and the cohort page compare with).
    const again = await screenCohort(db, testKnowledge(), {
      evaluatedAt: AT,
      version: "test",
      since: "last",
    });
    expect(again.items.filter((i) => i.personId === dead).map((i) => [i.status, i.deceased])).toEqual(
      deadItems.map(() => ["unchanged", "2024-07-10"]),
    );
  });
});
