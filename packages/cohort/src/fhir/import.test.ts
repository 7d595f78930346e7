import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ingestFhir } from "@hemosentinel/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedCohort, importedDb, testKnowledge, unaccounted } from "../../../../test/support/cohort.js";
import { writeFhirExport } from "../../../../test/support/fhir-export.js";
import { tempDir } from "../../../../test/support/temp.js";
import { RESULTS_SCHEMA } from "../cdm.js";
import type { CohortDatabase } from "../database.js";
import { conceptIds } from "../generate/vocabulary.js";
import type { ImportSummary } from "../import.js";
import { importCdm } from "../import.js";
import { readBatch } from "../records.js";
import { type ScreenItem, screenCohort } from "../screen.js";

const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
const UCUM = "http://unitsofmeasure.org";
const subject = (id: string) => ({ reference: `Patient/${id}` });
const platelets = (id: string, value: number, unit: string, extra: object = {}) => ({
  resourceType: "Observation",
  id,
  status: "final",
  code: { coding: [{ system: "http://loinc.org", code: "777-3", display: "Platelets" }] },
  subject: subject("p1"),
  effectiveDateTime: "2024-06-01T08:00:00Z",
  valueQuantity: { value, unit, system: UCUM, code: unit },
  ...extra,
});
const ndjson = (rows: readonly unknown[]) =>
  `${rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n")}\n`;

/** A small export with one resource of each kind that must be used and one of each way to go wrong. */
function handMadeExport(): string {
  const dir = join(tempDir("fhir-"), "export");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "patient.ndjson"),
    ndjson([
      {
        resourceType: "Patient",
        id: "p1",
        gender: "female",
        birthDate: "1960-04-02",
        deceasedDateTime: "2024-09-01",
      },
      { resourceType: "Patient", id: "p2", gender: "male", birthDate: "1955", deceasedBoolean: true },
      { resourceType: "Patient", gender: "male", birthDate: "1950-01-01" },
      { resourceType: "Patient", id: "p3", birthDate: "sometime" },
      { resourceType: "Patient", id: "p1", gender: "female", birthDate: "1960-04-02" },
    ]),
  );
  writeFileSync(
    join(dir, "MEDICATION.ndjson"),
    ndjson([
      {
        resourceType: "Medication",
        id: "m1",
        code: { coding: [{ system: RXNORM, code: "1547545", display: "pembrolizumab" }] },
      },
    ]),
  );
  writeFileSync(
    join(dir, "Observation.ndjson.gz"),
    gzipSync(
      ndjson([
        platelets("o1", 12, "10*9/L"),
        platelets("o2", 1.2, "g/dL"),
        platelets("o3", 100, "10*9/L", { subject: undefined }),
        platelets("o4", 100, "10*9/L", { subject: { reference: "Group/g1" } }),
        {
          ...platelets("o5", 100, "10*9/L"),
          code: { coding: [{ system: "http://acme.example/labs", code: "PLT" }] },
        },
        platelets("o6", 100, "10*9/L", { effectiveDateTime: undefined }),
        platelets("o7", 100, "10*9/L", { effectiveDateTime: "2024-02-30" }),
        platelets("o8", 100, "10*9/L", { status: "entered-in-error" }),
        {
          ...platelets("o9", 72, "/min"),
          code: { coding: [{ system: "http://loinc.org", code: "8867-4", display: "Heart rate" }] },
        },
        platelets("o10", 100, "10*9/L", { subject: subject("ghost") }),
        "not json",
        '{"foo":1}',
        "",
      ]),
    ),
  );
  writeFileSync(
    join(dir, "MedicationRequest.ndjson"),
    ndjson([
      {
        resourceType: "MedicationRequest",
        id: "mr1",
        status: "active",
        subject: subject("p1"),
        medicationReference: { reference: "Medication/m1" },
        authoredOn: "2024-05-01",
      },
      {
        resourceType: "MedicationRequest",
        id: "mr2",
        status: "active",
        subject: subject("p1"),
        medicationCodeableConcept: { text: "cemiplimab" },
        authoredOn: "2024-05-02T10:00:00+02:00",
      },
      {
        resourceType: "MedicationRequest",
        id: "mr3",
        status: "cancelled",
        subject: subject("p1"),
        medicationCodeableConcept: { text: "cemiplimab" },
        authoredOn: "2024-05-03",
      },
      {
        resourceType: "MedicationRequest",
        id: "mr4",
        status: "active",
        subject: subject("p1"),
        medicationReference: { reference: "Medication/none" },
        authoredOn: "2024-05-04",
      },
    ]),
  );
  writeFileSync(
    join(dir, "medicationadministration.ndjson"),
    ndjson([
      {
        resourceType: "MedicationAdministration",
        id: "ma1",
        status: "completed",
        subject: subject("p2"),
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: "161", display: "Acetaminophen" }] },
        effectiveDateTime: "2024-04-01",
      },
    ]),
  );
  writeFileSync(
    join(dir, "MedicationStatement.ndjson"),
    ndjson([
      {
        resourceType: "MedicationStatement",
        id: "ms1",
        status: "active",
        subject: subject("p2"),
        medicationCodeableConcept: { text: "herbal tea" },
        effectiveDateTime: "2024-04-01",
      },
    ]),
  );
  writeFileSync(
    join(dir, "Condition.ndjson"),
    ndjson([
      {
        resourceType: "Condition",
        id: "c1",
        subject: subject("p1"),
        code: {
          coding: [
            { system: "http://snomed.info/sct", code: "32273002", display: "Immune thrombocytopenia" },
          ],
        },
        onsetDateTime: "2024-06-02",
      },
      {
        resourceType: "Condition",
        id: "c2",
        subject: subject("p1"),
        verificationStatus: { coding: [{ code: "refuted" }] },
        code: { text: "Immune thrombocytopenia" },
        onsetDateTime: "2024-06-02",
      },
      { resourceType: "Condition", id: "c3", subject: subject("p1"), code: {}, onsetDateTime: "2024-06-02" },
    ]),
  );
  writeFileSync(
    join(dir, "Procedure.ndjson"),
    ndjson([
      {
        resourceType: "Procedure",
        id: "pr1",
        status: "completed",
        subject: subject("p1"),
        code: { text: "Platelet transfusion" },
        performedDateTime: "2024-06-03T09:00:00Z",
      },
      {
        resourceType: "Procedure",
        id: "pr2",
        status: "completed",
        subject: subject("p1"),
        code: { text: "Platelet transfusion" },
      },
    ]),
  );
  writeFileSync(
    join(dir, "Encounter.ndjson"),
    ndjson([
      { resourceType: "Encounter", id: "e1", subject: subject("p1") },
      { resourceType: "Encounter", id: "e2", subject: subject("p2") },
    ]),
  );
  writeFileSync(join(dir, "broken.ndjson.gz"), "not gzip at all");
  writeFileSync(
    join(dir, "manifest.json"),
    JSON.stringify({
      transactionTime: "2026-01-01T00:00:00Z",
      output: [
        { type: "Patient", url: "patient.ndjson" },
        { type: "Claim", url: "https://bulk.example/Claim.ndjson" },
      ],
    }),
  );
  return dir;
}

/** An export folder: patient p1 (female, born 1960-01-01) in Patient.ndjson, then `files` by name. */
function onePatientExport(prefix: string, files: Readonly<Record<string, readonly unknown[]>>): string {
  const dir = join(tempDir(prefix), "export");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "Patient.ndjson"),
    ndjson([{ resourceType: "Patient", id: "p1", gender: "female", birthDate: "1960-01-01" }]),
  );
  for (const [name, rows] of Object.entries(files)) writeFileSync(join(dir, name), ndjson(rows));
  return dir;
}

/**
 * Patient p1 as the core's adapter reads `resources` directly, and as it reads the one person of `db` back
 * from the CDM, at `at`.
 */
async function directAndFromCdm(db: CohortDatabase, resources: readonly unknown[], at: string) {
  const { vocabulary } = testKnowledge();
  const read = (entries: readonly unknown[], file: string) =>
    ingestFhir(
      { resourceType: "Bundle", type: "collection", entry: entries.map((resource) => ({ resource })) },
      { vocabulary, evaluatedAt: at, file },
    ).patients[0];
  const direct = read([{ resourceType: "Patient", id: "p1" }, ...resources], "export");
  const person = (await db.all("SELECT person_id FROM cdm.person"))[0]?.person_id;
  const fromCdm = read(await readBatch(db, [Number(person)], at), "cdm");
  return { direct, fromCdm };
}

/** Every resource read is mapped, a lookup, ignored or rejected. */
function unaccountedTypes(summary: ImportSummary): string[] {
  return (summary.fhir?.resources ?? [])
    .filter((t) => t.read !== t.mapped + t.lookup + t.ignored + t.rejected.reduce((n, r) => n + r.rows, 0))
    .map((t) => t.type);
}

const codesOf = (summary: ImportSummary, type: string) =>
  (summary.fhir?.resources.find((t) => t.type === type)?.rejected ?? [])
    .flatMap((r) => Array<string>(r.rows).fill(r.code))
    .sort();

describe("cohort import of a FHIR bulk export", { timeout: 300_000 }, () => {
  let db: CohortDatabase;
  let summary: ImportSummary;
  let dir: string;
  beforeAll(async () => {
    dir = handMadeExport();
    ({ db, summary } = await importedDb(dir));
  });
  afterAll(() => db.close());

  it("accounts for every resource and line: mapped to a CDM table, a Medication lookup, ignored by type, or rejected with its reason", () => {
    expect(unaccountedTypes(summary)).toEqual([]);
    expect(unaccounted(summary)).toEqual([]);
    const byType = Object.fromEntries((summary.fhir?.resources ?? []).map((t) => [t.type, t]));
    expect(byType.Patient).toMatchObject({ read: 5, mapped: 3, table: "person" });
    expect(codesOf(summary, "Patient")).toEqual(["invalid-date", "missing-id"]);
    expect(byType["Patient.deceased[x]"]).toMatchObject({ read: 2, mapped: 1, table: "death" });
    expect(codesOf(summary, "Patient.deceased[x]")).toEqual(["missing-date"]);
    expect(byType.Medication).toMatchObject({ read: 1, lookup: 1 });
    expect(byType.Encounter).toMatchObject({ read: 2, ignored: 2 });
    expect(byType.Observation).toMatchObject({ read: 10, mapped: 4, table: "measurement" });
    expect(codesOf(summary, "Observation")).toEqual([
      "broken-reference",
      "invalid-date",
      "missing-date",
      "missing-subject",
      "not-final",
      "unknown-code",
    ]);
    expect(byType.MedicationRequest).toMatchObject({ read: 4, mapped: 2, table: "drug_exposure" });
    expect(codesOf(summary, "MedicationRequest")).toEqual(["broken-reference", "not-final"]);
    expect(codesOf(summary, "MedicationStatement")).toEqual(["unknown-code"]);
    expect(byType.MedicationAdministration).toMatchObject({ read: 1, mapped: 1 });
    expect(codesOf(summary, "Condition")).toEqual(["missing-code", "refuted"]);
    expect(codesOf(summary, "Procedure")).toEqual(["missing-date"]);
    // Lines that hold no resource are counted too; the manifest's remote file is named, not fetched.
    expect(summary.fhir?.unreadable.map((u) => [u.code, u.rows])).toEqual([
      ["invalid-json", 1],
      ["not-fhir", 1],
    ]);
    expect(summary.fhir?.problems).toEqual([
      "manifest.json: output[1] is a remote file, not downloaded",
      "broken.ndjson.gz: cannot be read (Z_DATA_ERROR)",
    ]);
    // Medication first (records name it), then Patient, whatever the case of the names; gzip read.
    expect(summary.fhir?.files.map((f) => f.file).slice(0, 3)).toEqual([
      "MEDICATION.ndjson",
      "patient.ndjson",
      "Condition.ndjson",
    ]);
    expect(summary.fhir?.files.find((f) => f.file === "Observation.ndjson.gz")?.resources).toBe(10);
  });

  it("leaves the CDM's own checks to the CDM import: units, unknown persons, repeated Patients, named by file and line", async () => {
    const t = (name: string) => summary.tables.find((x) => x.table === name);
    expect(
      t("measurement")
        ?.rejected.map((r) => r.code)
        .sort(),
    ).toEqual(["unit-unconvertible", "unknown-person"]);
    expect(t("measurement")).toMatchObject({ read: 4, imported: 2, used: 1, notUsed: 1 });
    expect(t("person")?.rejected.map((r) => r.code)).toEqual(["duplicate-id"]);
    const rows = await db.all(
      `SELECT table_name, line, code, reason FROM ${RESULTS_SCHEMA}.import_rejection WHERE table_name IN ('measurement', 'person') ORDER BY line`,
    );
    expect(rows.map((r) => [r.table_name, r.code, r.line])).toEqual([
      ["measurement", "unit-unconvertible", 2],
      ["person", "duplicate-id", 5],
      ["measurement", "unknown-person", 10],
    ]);
    expect(String(rows[0]?.reason)).toMatch(/\(Observation\.ndjson\.gz:2\)$/);
    expect(String(rows[1]?.reason)).toMatch(/\(patient\.ndjson:5\)$/);
    // The Patient the export lacks is named in the summary and in its rows' reason, never dropped silently.
    expect(summary.absentPersons).toEqual([
      { personId: expect.any(String), rows: 1, tables: ["measurement"], patient: "Patient/ghost" },
    ]);
    expect(String(rows[2]?.reason)).toMatch(/^person_id \d+ \(Patient\/ghost\) is not in person/);
    // The mapping's own rejections are listed in the same table, with file, line and resource.
    const own = await db.all(
      `SELECT row_id, reason FROM ${RESULTS_SCHEMA}.import_rejection WHERE table_name = 'Observation' AND code = 'missing-subject'`,
    );
    expect(own).toEqual([
      { row_id: "Observation/o3", reason: "Observation.ndjson.gz:3: Observation has no subject reference" },
    ]);
  });

  it("maps drugs through the catalogue to the generator's concepts, dates to the day as written, and derives periods and deaths", async () => {
    const drugs = await db.all(
      `SELECT d.drug_concept_id AS id, CAST(d.drug_exposure_start_datetime AS VARCHAR) AS at, m.drug, m.class
       FROM cdm.drug_exposure d LEFT JOIN ${RESULTS_SCHEMA}.drug_map m ON m.concept_id = d.drug_concept_id ORDER BY d.drug_exposure_start_date`,
    );
    expect(drugs).toEqual([
      { id: expect.any(Number), at: null, drug: null, class: null },
      { id: conceptIds().get("pembrolizumab"), at: null, drug: "pembrolizumab", class: "ici" },
      // A catalogue drug the generator does not write: a local concept read by its name.
      { id: expect.any(Number), at: "2024-05-02 10:00:00", drug: "cemiplimab", class: "ici" },
    ]);
    expect(drugs[2]?.id).toBeGreaterThanOrEqual(2_000_000_000);
    const condition = await db.all(
      `SELECT e.kind FROM cdm.condition_occurrence c JOIN ${RESULTS_SCHEMA}.event_map e ON e.concept_id = c.condition_concept_id`,
    );
    expect(condition).toEqual([{ kind: "itp" }]);
    const procedure = summary.tables.find((x) => x.table === "procedure_occurrence");
    expect(procedure).toMatchObject({ imported: 1, used: 1 });
    const periods = await db.all(
      "SELECT p.person_source_value AS patient, CAST(o.observation_period_start_date AS VARCHAR) AS start, CAST(o.observation_period_end_date AS VARCHAR) AS end FROM cdm.observation_period o JOIN cdm.person p USING (person_id) ORDER BY 1",
    );
    // p1: first record the request of 1 May, last the death on 1 September; p2: one administration.
    expect(periods).toEqual([
      { patient: "p1", start: "2024-05-01", end: "2024-09-01" },
      { patient: "p2", start: "2024-04-01", end: "2024-04-01" },
    ]);
    expect(await db.all("SELECT CAST(death_date AS VARCHAR) AS d FROM cdm.death")).toEqual([
      { d: "2024-09-01" },
    ]);
  });

  it("gives the core the death the CDM holds, as of the evaluation time", async () => {
    const person = (await db.all("SELECT person_id FROM cdm.person WHERE person_source_value = 'p1'"))[0]
      ?.person_id;
    const patientOf = async (at: string) =>
      (await readBatch(db, [Number(person)], at)).find((r) => r.resourceType === "Patient") as Record<
        string,
        unknown
      >;
    // A death_date without a time is given as the day: results of that day are not after the death.
    expect((await patientOf("2025-01-01T00:00:00Z")).deceasedDateTime).toBe("2024-09-01");
    // Not yet dead at an evaluation before the death row's date.
    expect((await patientOf("2024-08-31T00:00:00Z")).deceasedDateTime).toBeUndefined();
    const read = await readBatch(db, [Number(person)], "2025-01-01T00:00:00Z");
    const record = ingestFhir(
      { resourceType: "Bundle", type: "collection", entry: read.map((resource) => ({ resource })) },
      { vocabulary: testKnowledge().vocabulary, evaluatedAt: "2025-01-01T00:00:00Z" },
    ).patients[0];
    expect(record?.deceased?.at).toBe("2024-09-01");
  });

  it("re-imports idempotently: the same summary, tables and rejection list", async () => {
    const count = async () =>
      (
        await db.all(
          `SELECT (SELECT count(*) FROM cdm.measurement) AS m, (SELECT count(*) FROM ${RESULTS_SCHEMA}.import_rejection) AS r`,
        )
      )[0];
    const before = await count();
    const again = await importCdm(db, dir, testKnowledge());
    expect(again).toEqual(summary);
    expect(await count()).toEqual(before);
  });
});

const AT = "2025-06-30T23:59:59Z";

describe("round trip: a generated cohort as OMOP CSV and as a FHIR bulk export", { timeout: 600_000 }, () => {
  it("imports the export with every resource used and screens to the same findings as the CSV import; gzipped, upper-case names the same", async () => {
    const csv = await importedDb(await generatedCohort(120, 21, 8));
    const plain = join(tempDir("rt-"), "export");
    const zipped = join(tempDir("rtz-"), "export");
    mkdirSync(plain);
    mkdirSync(zipped);
    try {
      const written = await writeFhirExport(csv.db, plain);
      await writeFhirExport(csv.db, zipped, { gzip: true, upperCase: true });
      const fhir = await importedDb(plain);
      const gz = await importedDb(zipped);
      try {
        expect(unaccountedTypes(fhir.summary)).toEqual([]);
        expect(unaccounted(fhir.summary)).toEqual([]);
        for (const t of fhir.summary.fhir?.resources ?? []) expect(t.rejected, t.type).toEqual([]);
        for (const [type, n] of Object.entries(written))
          expect(fhir.summary.fhir?.resources.find((t) => t.type === type)?.mapped, type).toBe(n);
        // The CDM import reads the mapped rows as it reads the CSV rows: the same counts per table (the
        // generated cohort charts no allergy: the export's observation table is empty, the CSV has none).
        const counts = (s: ImportSummary) =>
          Object.fromEntries(
            s.tables
              .filter((t) => t.table !== "concept" && !(t.table === "observation" && t.read === 0))
              .map((t) => [t.table, [t.imported, t.used]]),
          );
        expect(fhir.summary.tables.find((t) => t.table === "observation")?.read).toBe(0);
        expect(counts(fhir.summary)).toEqual(counts(csv.summary));
        const strip = (s: ImportSummary) => ({ ...s, source: "", fhir: { ...s.fhir, files: [] } });
        expect(strip(gz.summary)).toEqual(strip(fhir.summary));

        // Person ids are assigned in the order Patients are read; compare by the source's patient id.
        const screened = async (db: CohortDatabase, byId: (id: string) => Promise<string>) => {
          const r = await screenCohort(db, testKnowledge(), {
            evaluatedAt: AT,
            version: "test",
            record: false,
          });
          const key = async (i: ScreenItem) => JSON.stringify({ ...i, personId: await byId(i.personId) });
          return { run: r.run, items: (await Promise.all(r.items.map(key))).sort() };
        };
        const source = new Map(
          (await fhir.db.all("SELECT person_id, person_source_value FROM cdm.person")).map((r) => [
            String(r.person_id),
            String(r.person_source_value),
          ]),
        );
        const fromCsv = await screened(csv.db, async (id) => id);
        const fromFhir = await screened(fhir.db, async (id) => source.get(id) ?? "?");
        expect(fromCsv.items.length).toBeGreaterThan(5);
        expect(fromFhir.items).toEqual(fromCsv.items);
        expect([fromFhir.run.exposed, fromFhir.run.candidates]).toEqual([
          fromCsv.run.exposed,
          fromCsv.run.candidates,
        ]);
      } finally {
        fhir.db.close();
        gz.db.close();
      }
    } finally {
      csv.db.close();
    }
  });
});

const SYNTHEA = join(import.meta.dirname, "..", "..", "..", "..", "..", "shared", "data", "synthea");

describe("Synthea's patients (a third party's FHIR) as a bulk export", { timeout: 300_000 }, () => {
  it("imports with every resource accounted for, every urn:uuid subject resolved, and screens to nobody exposed", async () => {
    const dir = join(tempDir("synthea-"), "export");
    mkdirSync(dir);
    const byType = new Map<string, string[]>();
    const bundles = readdirSync(SYNTHEA)
      .filter((f) => f.endsWith(".json") && !f.startsWith("practitioner"))
      .sort();
    for (const f of bundles.slice(0, 6)) {
      const bundle = JSON.parse(readFileSync(join(SYNTHEA, f), "utf8")) as {
        entry: { resource: { resourceType: string } }[];
      };
      for (const { resource } of bundle.entry) {
        const list = byType.get(resource.resourceType) ?? [];
        list.push(JSON.stringify(resource));
        byType.set(resource.resourceType, list);
      }
    }
    for (const [type, lines] of byType) writeFileSync(join(dir, `${type}.ndjson`), `${lines.join("\n")}\n`);
    const { db, summary } = await importedDb(dir);
    try {
      expect(unaccountedTypes(summary)).toEqual([]);
      expect(unaccounted(summary)).toEqual([]);
      const t = (type: string) => summary.fhir?.resources.find((r) => r.type === type);
      expect(t("Patient")).toMatchObject({ read: 6, mapped: 6 });
      expect(t("Encounter")?.ignored).toBeGreaterThan(0);
      expect(t("Observation")?.mapped).toBeGreaterThan(300);
      // Synthea writes complete, well-formed records: nothing is rejected at either step.
      for (const r of summary.fhir?.resources ?? []) expect(r.rejected, r.type).toEqual([]);
      for (const table of summary.tables) expect(table.rejected, table.table).toEqual([]);
      expect(summary.tables.find((x) => x.table === "measurement")?.used).toBeGreaterThan(50);
      const result = await screenCohort(db, testKnowledge(), {
        evaluatedAt: "2026-01-01T00:00:00Z",
        version: "test",
        record: false,
      });
      expect(result.run.exposed).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe("the FHIR import reads results and diagnoses as the patient adapter does", {
  timeout: 300_000,
}, () => {
  const LOINC = "http://loinc.org";
  const AT_EVAL = "2025-01-01T00:00:00Z";
  const lab = (code: string, value: number, unit: string) => ({
    code: { coding: [{ system: LOINC, code }] },
    valueQuantity: { value, unit, system: UCUM, code: unit },
  });
  const observation = (id: string, fields: Record<string, unknown>) => ({
    resourceType: "Observation",
    id,
    status: "final",
    subject: subject("p1"),
    effectiveDateTime: "2024-06-01T08:00:00Z",
    ...fields,
  });
  const condition = (id: string, text: string, fields: Record<string, unknown>) => ({
    resourceType: "Condition",
    id,
    subject: subject("p1"),
    code: { text },
    ...fields,
  });
  const resources = [
    observation("cbc", {
      status: "preliminary",
      code: { coding: [{ system: LOINC, code: "58410-2", display: "CBC panel" }] },
      component: [
        lab("777-3", 8, "10*9/L"),
        lab("718-7", 9, "g/dL"),
        lab("788-0", 14, "%"),
        { code: { coding: [{ system: LOINC, code: "6690-2" }] }, dataAbsentReason: { text: "clotted" } },
      ],
    }),
    observation("unknown", {
      status: "unknown",
      ...lab("777-3", 30, "10*9/L"),
      effectiveDateTime: "2024-06-01T10:00:00Z",
    }),
    // A final count with no value at the preliminary count's time replaces nothing.
    observation("absent", {
      ...lab("777-3", 30, "10*9/L"),
      valueQuantity: undefined,
      dataAbsentReason: { text: "lost" },
    }),
    observation("sufficient", {
      ...lab("777-3", 50, "10*9/L"),
      valueQuantity: { value: 50, unit: "10*9/L", comparator: "ad" },
      effectiveDateTime: "2024-06-04T08:00:00Z",
    }),
    observation("censored", {
      ...lab("777-3", 20, "10*9/L"),
      valueQuantity: { value: 20, unit: "10*9/L", comparator: "<" },
      effectiveDateTime: "2024-06-03T08:00:00Z",
    }),
    observation("end-only", {
      ...lab("777-3", 40, "10*9/L"),
      effectiveDateTime: undefined,
      effectivePeriod: { end: "2024-06-02T09:00:00Z" },
    }),
    observation("report-only", {
      status: "preliminary",
      ...lab("777-3", 60, "10*9/L"),
      effectiveDateTime: undefined,
      issued: "2024-06-05T11:00:00Z",
    }),
    // A laboratory's re-issue: the corrected count replaces the final one of the same test at the same time.
    observation("original", { ...lab("777-3", 12, "10*9/L"), effectiveDateTime: "2024-06-06T08:00:00Z" }),
    observation("reissued", {
      status: "corrected",
      ...lab("777-3", 120, "10*9/L"),
      effectiveDateTime: "2024-06-06T08:00:00Z",
    }),
    // A provisional DVT is its suspicion (thrombosis-suspected), mapped as a local "suspected …" concept.
    condition("dvt-provisional", "Deep vein thrombosis", {
      verificationStatus: { coding: [{ code: "provisional" }] },
      onsetDateTime: "2024-06-01",
    }),
    condition("hit-provisional", "Heparin-induced thrombocytopenia", {
      verificationStatus: { coding: [{ code: "provisional" }] },
      onsetDateTime: "2024-06-01",
    }),
    condition("hit-resolved", "Heparin-induced thrombocytopenia", {
      clinicalStatus: { coding: [{ code: "resolved" }] },
      recordedDate: "2024-05-01",
    }),
    condition("dvt-resolved", "Deep vein thrombosis", {
      clinicalStatus: { coding: [{ code: "resolved" }] },
      recordedDate: "2024-05-01",
    }),
    // Over before it was recorded, with no onset: an episode of its abatement's day, not of the visit's.
    condition("itp-remission", "Immune thrombocytopenia", {
      clinicalStatus: { coding: [{ code: "remission" }] },
      recordedDate: "2024-06-01",
      abatementDateTime: "2019-01-01",
    }),
    condition("dvt-abated", "Deep vein thrombosis", {
      recordedDate: "2024-06-01",
      abatementDateTime: "2019-02-01",
    }),
    {
      resourceType: "MedicationRequest",
      id: "no-heparin",
      status: "active",
      intent: "order",
      doNotPerform: true,
      subject: subject("p1"),
      medicationCodeableConcept: { text: "enoxaparin" },
      authoredOn: "2024-06-01",
    },
  ];
  let db: CohortDatabase;
  let summary: ImportSummary;
  beforeAll(async () => {
    ({ db, summary } = await importedDb(onePatientExport("fhir-status-", { "Resources.ndjson": resources })));
  });
  afterAll(() => db.close());

  it("accounts for a panel's components one by one beside the panel, and rejects what the adapter rejects", () => {
    expect(unaccountedTypes(summary)).toEqual([]);
    expect(unaccounted(summary)).toEqual([]);
    const byType = Object.fromEntries((summary.fhir?.resources ?? []).map((t) => [t.type, t]));
    expect(byType.Observation).toMatchObject({ read: 9, mapped: 7 });
    expect(codesOf(summary, "Observation")).toEqual(["data-absent", "unsupported-comparator"]);
    expect(byType["Observation.component"]).toMatchObject({ read: 4, mapped: 2 });
    expect(codesOf(summary, "Observation.component")).toEqual(["data-absent", "unknown-code"]);
    expect(codesOf(summary, "Condition")).toEqual([]);
    expect(codesOf(summary, "MedicationRequest")).toEqual(["not-final"]);
  });

  it("screens the same labs, marks and events from the CDM as the patient adapter reads from the export", async () => {
    const { direct, fromCdm } = await directAndFromCdm(db, resources, AT_EVAL);
    const labs = (p: typeof direct) =>
      (p?.labs ?? [])
        .map((l) => [
          l.lab,
          l.comparator,
          l.value,
          l.at,
          l.preliminary,
          l.statusUnknown,
          l.issuedOnly,
          l.periodEndOnly,
        ])
        .sort((a, b) => String(a).localeCompare(String(b)));
    expect(labs(fromCdm)).toEqual(labs(direct));
    const _ = undefined;
    expect(labs(direct)).toEqual([
      ["hemoglobin", _, 9, "2024-06-01T08:00:00Z", true, _, _, _],
      ["platelets", _, 120, "2024-06-06T08:00:00Z", _, _, _, _],
      ["platelets", _, 30, "2024-06-01T10:00:00Z", _, true, _, _],
      ["platelets", _, 40, "2024-06-02T09:00:00Z", _, _, _, true],
      ["platelets", _, 60, "2024-06-05T11:00:00Z", true, _, true, _],
      ["platelets", _, 8, "2024-06-01T08:00:00Z", true, _, _, _],
      ["platelets", "<", 20, "2024-06-03T08:00:00Z", _, _, _, _],
    ]);
    const events = (p: typeof direct) => (p?.events ?? []).map((e) => e.kind).sort();
    expect(events(fromCdm)).toEqual(events(direct));
    expect(events(direct)).toEqual([
      "hit",
      "hit-history",
      "itp",
      "thrombosis",
      "thrombosis-history",
      "thrombosis-suspected",
    ]);
    const dated = (p: typeof direct) =>
      (p?.events ?? [])
        .filter((e) => e.kind === "itp" || e.kind === "thrombosis")
        .map((e) => [e.kind, e.at.slice(0, 10), e.end?.slice(0, 10)])
        .sort();
    expect(dated(fromCdm)).toEqual(dated(direct));
    expect(dated(direct)).toEqual([
      ["itp", "2019-01-01", "2019-01-01"],
      ["thrombosis", "2019-02-01", "2019-02-01"],
    ]);
    expect(fromCdm?.exposures ?? []).toEqual([]);
    // The replaced final count is rejected on both paths, naming the correction.
    const replaced = (p: typeof direct) =>
      (p?.rejected ?? []).filter((r) => /replaced by the corrected/.test(r.reason)).map((r) => r.code);
    expect(replaced(direct)).toEqual(["not-final"]);
    expect(replaced(fromCdm)).toEqual(["not-final"]);
  });
});

describe("a Condition whose status leaves one of the problems it names unread", { timeout: 300_000 }, () => {
  let db: CohortDatabase;
  let summary: ImportSummary;
  const conditions = [
    {
      resourceType: "Condition",
      id: "both",
      subject: subject("p1"),
      // A provisional clot would be kept as its suspicion (events.yaml suspectedKinds); a provisional CRS is dropped.
      code: { text: "Heparin-induced thrombocytopenia and cytokine release syndrome" },
      verificationStatus: { coding: [{ code: "provisional" }] },
      onsetDateTime: "2024-06-02",
    },
  ];
  beforeAll(async () => {
    const dir = join(tempDir("fhir-"), "export");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "Resources.ndjson"),
      ndjson([{ resourceType: "Patient", id: "p1", birthDate: "1960" }, ...conditions]),
    );
    ({ db, summary } = await importedDb(dir));
  });
  afterAll(() => db.close());

  it("maps what the core reads and lists the part left out with the core's reason, as the core rejects it", async () => {
    const direct = ingestFhir(
      {
        resourceType: "Bundle",
        type: "collection",
        entry: [{ resourceType: "Patient", id: "p1" }, ...conditions].map((resource) => ({ resource })),
      },
      { vocabulary: testKnowledge().vocabulary, evaluatedAt: "2025-01-01T00:00:00Z" },
    ).patients[0];
    const reason =
      "verificationStatus is provisional: the suspected crs it also names is not read until confirmed";
    expect(direct?.events.map((e) => e.kind)).toEqual(["hit"]);
    expect(direct?.rejected.map((r) => [r.ref, r.code, r.reason])).toEqual([
      ["Condition/both", "not-final", reason],
    ]);
    expect(unaccountedTypes(summary)).toEqual([]);
    const byType = Object.fromEntries((summary.fhir?.resources ?? []).map((t) => [t.type, t]));
    expect(byType.Condition).toMatchObject({ read: 1, mapped: 1, rejected: [] });
    expect(byType["Condition.partial"]).toMatchObject({
      read: 1,
      mapped: 0,
      rejected: [
        {
          code: "not-final",
          detail: "part not read: a suspected diagnosis not read until confirmed",
          rows: 1,
        },
      ],
    });
    expect(
      await db.all(
        `SELECT row_id, code, reason FROM ${RESULTS_SCHEMA}.import_rejection WHERE table_name = 'Condition.partial'`,
      ),
    ).toEqual([{ row_id: "Condition/both", code: "not-final", reason: `Resources.ndjson:2: ${reason}` }]);
  });
});

describe("results withdrawn with their report and versions replaced by a later one", {
  timeout: 300_000,
}, () => {
  const AT_EVAL = "2025-01-01T00:00:00Z";
  const at = (time: string) => ({ effectiveDateTime: `2024-06-0${time}` });
  const report = (id: string, status: string, results: readonly string[]) => ({
    resourceType: "DiagnosticReport",
    id,
    status,
    subject: subject("p1"),
    code: { coding: [{ system: "http://loinc.org", code: "58410-2" }] },
    result: results.map((r) => ({ reference: `Observation/${r}` })),
  });
  const version = (n: number, extra: object) => ({ meta: { versionId: String(n) }, ...extra });
  // The reports come in a file read after the Observations (by name), so a one-pass import would miss them.
  const observations = [
    platelets("withdrawn", 8, "10*9/L", at("1T08:00:00Z")),
    platelets("cancelled", 9, "10*9/L", at("1T09:00:00Z")),
    platelets("reissued", 10, "10*9/L", at("1T10:00:00Z")),
    platelets("standing", 200, "10*9/L", at("1T11:00:00Z")),
    platelets("corrected", 8, "10*9/L", { ...at("2T08:00:00Z"), ...version(1, {}) }),
    platelets("corrected", 180, "10*9/L", { ...at("2T08:00:00Z"), ...version(2, {}) }),
    platelets("erased", 7, "10*9/L", { ...at("3T08:00:00Z"), ...version(1, {}) }),
    platelets("erased", 7, "10*9/L", { ...at("3T08:00:00Z"), ...version(2, { status: "entered-in-error" }) }),
  ];
  const reports = [
    report("wrong-patient", "entered-in-error", ["withdrawn", "reissued"]),
    report("never-done", "cancelled", ["cancelled"]),
    report("corrected-report", "final", ["reissued", "standing"]),
  ];
  let db: CohortDatabase;
  let summary: ImportSummary;
  beforeAll(async () => {
    const files = { "Observation.ndjson": observations, "ZReports.ndjson": reports };
    ({ db, summary } = await importedDb(onePatientExport("fhir-withdrawn-", files)));
  });
  afterAll(() => db.close());

  it("rejects each withdrawn result and replaced version with the core adapter's reason, file and line", async () => {
    expect(unaccountedTypes(summary)).toEqual([]);
    const byType = Object.fromEntries((summary.fhir?.resources ?? []).map((t) => [t.type, t]));
    expect(byType.Observation).toMatchObject({ read: 8, mapped: 3 });
    expect(byType.Observation?.rejected).toEqual([
      {
        code: "not-final",
        detail: "withdrawn with its report or panel (entered in error or cancelled)",
        rows: 2,
      },
      { code: "not-final", detail: "withdrawn or replaced by another version of the same record", rows: 2 },
      { code: "not-final", detail: "status says it did not happen", rows: 1 },
    ]);
    const rows = await db.all(
      `SELECT line, row_id, reason FROM ${RESULTS_SCHEMA}.import_rejection WHERE table_name = 'Observation' ORDER BY line`,
    );
    expect(rows).toEqual([
      {
        line: 1,
        row_id: "Observation/withdrawn",
        reason:
          "Observation.ndjson:1: withdrawn with its report DiagnosticReport/wrong-patient, whose status is entered-in-error",
      },
      {
        line: 2,
        row_id: "Observation/cancelled",
        reason:
          "Observation.ndjson:2: withdrawn with its report DiagnosticReport/never-done, whose status is cancelled",
      },
      {
        line: 5,
        row_id: "Observation/corrected",
        reason:
          "Observation.ndjson:5: replaced by a later version of Observation/corrected (meta.versionId 2), which is read instead",
      },
      {
        line: 7,
        row_id: "Observation/erased",
        reason:
          "Observation.ndjson:7: a later version of Observation/erased (meta.versionId 2) has status entered-in-error: this version is withdrawn with it",
      },
      { line: 8, row_id: "Observation/erased", reason: "Observation.ndjson:8: status is entered-in-error" },
    ]);
  });

  it("keeps the platelet counts the core adapter reads from the same export, and no other", async () => {
    const { direct, fromCdm } = await directAndFromCdm(db, [...observations, ...reports], AT_EVAL);
    const values = (p: typeof direct) =>
      (p?.labs ?? []).map((l) => l.value).sort((a, b) => Number(a) - Number(b));
    expect(values(direct)).toEqual([10, 180, 200]);
    expect(values(fromCdm)).toEqual(values(direct));
  });
});

describe("a Medication coded as the product with the drug among its ingredients", {
  timeout: 300_000,
}, () => {
  const pembro = { coding: [{ system: RXNORM, code: "1547545", display: "pembrolizumab" }] };
  const bag = (id: string, ingredient: unknown[]) => ({
    resourceType: "Medication",
    id,
    code: { text: "IVPB" },
    ingredient,
  });
  const dose = (id: string, medicationReference: string, contained?: unknown[]) => ({
    resourceType: "MedicationAdministration",
    id,
    status: "completed",
    ...(contained !== undefined && { contained }),
    medicationReference: { reference: medicationReference },
    subject: subject("p1"),
    effectiveDateTime: "2024-06-01T10:00:00Z",
  });
  const resources = [
    bag("bag", [{ itemCodeableConcept: { text: "sodium chloride 0.9 %" } }, { itemCodeableConcept: pembro }]),
    bag("inactive", [{ itemCodeableConcept: pembro, isActive: false }]),
    dose("top", "Medication/bag"),
    dose("contained", "#b", [bag("b", [{ itemCodeableConcept: pembro }])]),
    dose("not-a-dose", "Medication/inactive"),
  ];

  it("maps a dose of the active ingredient as the patient adapter reads it, and not an inactive one", async () => {
    const { db, summary } = await importedDb(
      onePatientExport("fhir-ingredient-", { "Resources.ndjson": resources }),
    );
    try {
      expect(unaccountedTypes(summary)).toEqual([]);
      const byType = Object.fromEntries((summary.fhir?.resources ?? []).map((t) => [t.type, t]));
      expect(byType.MedicationAdministration).toMatchObject({ read: 3, mapped: 2 });
      const { direct, fromCdm } = await directAndFromCdm(db, resources, "2024-07-01T00:00:00Z");
      const doses = (p: typeof direct) => (p?.exposures ?? []).flatMap((e) => e.doses.map(() => e.drug));
      expect(doses(direct)).toEqual(["pembrolizumab", "pembrolizumab"]);
      expect(doses(fromCdm)).toEqual(doses(direct));
    } finally {
      db.close();
    }
  });
});

describe("a reference range sent only as text", { timeout: 300_000 }, () => {
  const platelets = (id: string, text: string) => ({
    resourceType: "Observation",
    id,
    status: "final",
    code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
    subject: subject("p1"),
    effectiveDateTime: `2024-06-0${id.slice(-1)}T08:00:00Z`,
    valueQuantity: { value: 140, unit: "10*3/uL", system: UCUM, code: "10*3/uL" },
    referenceRange: [{ text }],
  });
  const resources = [
    platelets("o1", "130-400"),
    platelets("o2", "130-400 10*3/uL"),
    platelets("o3", "see handbook"),
  ];

  it("is mapped to the measurement's range as the patient adapter reads it", async () => {
    const { db } = await importedDb(
      onePatientExport("fhir-text-range-", { "Observation.ndjson": resources }),
    );
    try {
      const { direct, fromCdm } = await directAndFromCdm(db, resources, "2024-07-01T00:00:00Z");
      const ranges = (p: typeof direct) =>
        (p?.labs ?? []).map((l) => [l.at.slice(0, 10), l.refLow, l.refHigh]);
      expect(ranges(direct)).toEqual([
        ["2024-06-01", 130, 400],
        ["2024-06-02", 130, 400],
        ["2024-06-03", undefined, undefined],
      ]);
      expect(ranges(fromCdm)).toEqual(ranges(direct));
    } finally {
      db.close();
    }
  });
});

describe("an operation named with the cancer it treats", { timeout: 300_000 }, () => {
  const operation = (id: string, text: string) => ({
    resourceType: "Procedure",
    id,
    status: "completed",
    subject: subject("p1"),
    code: { text },
    performedDateTime: `2024-06-0${id.slice(-1)}T08:00:00Z`,
  });
  const resources = [
    operation("op1", "Whipple procedure for pancreatic cancer"),
    operation("op2", "Mastectomy for breast cancer"),
    operation("op3", "Biopsy of pancreatic cancer"),
  ];

  it("is mapped as the operation the patient adapter reads, and a procedure that is no operation is not", async () => {
    const { db, summary } = await importedDb(
      onePatientExport("fhir-operation-", { "Procedure.ndjson": resources }),
    );
    try {
      expect(unaccountedTypes(summary)).toEqual([]);
      const byType = Object.fromEntries((summary.fhir?.resources ?? []).map((t) => [t.type, t]));
      expect(byType.Procedure).toMatchObject({ read: 3, mapped: 2, table: "procedure_occurrence" });
      expect(codesOf(summary, "Procedure")).toEqual(["unknown-code"]);
      const { direct, fromCdm } = await directAndFromCdm(db, resources, "2024-07-01T00:00:00Z");
      const operations = (p: typeof direct) =>
        (p?.events ?? []).map((e) => [e.at.slice(0, 10), e.kind, e.qualifiers ?? []]);
      expect(operations(direct)).toEqual([
        ["2024-06-01", "surgery", ["major-surgery"]],
        ["2024-06-02", "surgery", ["major-surgery"]],
      ]);
      expect(operations(fromCdm)).toEqual(operations(direct));
    } finally {
      db.close();
    }
  });
});
