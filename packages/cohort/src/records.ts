/**
 * OMOP rows into the core's input contract: each person's rows become FHIR R4 resources in memory (a
 * collection Bundle per batch of persons), which the core's FHIR adapter reads like any other input, so
 * codes, units, dates and rejections are handled by the one adapter the rest of HemoSentinel uses.
 *
 * person → Patient (gender from the OMOP gender concepts 8507/8532, birth date from year/month/day);
 * measurement → Observation (LOINC code, `valueQuantity` in the UCUM unit of `unit_concept_id` — or the
 * printed `unit_source_value` when the unit concept is 0 — with its comparator from `operator_concept_id`
 * and `range_low`/`range_high` as reference range; a coded answer as `valueCodeableConcept`);
 * drug_exposure → MedicationAdministration (`effectivePeriod` from start and end);
 * condition_occurrence → Condition (onset, abatement); procedure_occurrence → Procedure.
 * OMOP date-times carry no zone and are read as UTC; a date without time is midnight UTC. Rows dated
 * after the evaluation time are not read. Resource ids name the OMOP row (`measurement-123`).
 */
import type { AddResult, Document, Engine, PatientReport } from "@hemosentinel/core";
import { codeableConcept, UCUM_SYSTEM } from "./concepts.js";
import type { CohortDatabase, Row } from "./database.js";

/** OMOP "Meas Value Operator" concepts as FHIR Quantity comparators (`=` has none). */
export const OPERATORS: ReadonlyMap<number, string> = new Map([
  [4171756, "<"],
  [4171754, "<="],
  [4172704, ">"],
  [4171755, ">="],
]);
/** OMOP gender concepts. */
const GENDERS: ReadonlyMap<number, string> = new Map([
  [8507, "male"],
  [8532, "female"],
]);

type Resource = Record<string, unknown> & { resourceType: string; id: string };

const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
const n = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));

function concept(r: Row, prefix: string) {
  return codeableConcept({
    vocabulary_id: str(r[`${prefix}vocabulary_id`]) ?? "",
    concept_code: str(r[`${prefix}concept_code`]) ?? "",
    concept_name: str(r[`${prefix}concept_name`]) ?? str(r[`${prefix}source_value`]) ?? "",
  });
}

function patient(r: Row): Resource {
  const year = n(r.year_of_birth);
  const month = n(r.month_of_birth);
  const day = n(r.day_of_birth);
  const pad = (x: number) => String(x).padStart(2, "0");
  const birthDate =
    year === undefined
      ? undefined
      : month === undefined
        ? String(year)
        : day === undefined
          ? `${year}-${pad(month)}`
          : `${year}-${pad(month)}-${pad(day)}`;
  const gender = GENDERS.get(n(r.gender_concept_id) ?? 0) ?? "unknown";
  return { resourceType: "Patient", id: String(r.person_id), gender, ...(birthDate && { birthDate }) };
}

function observation(r: Row): Resource {
  const unitCode = str(r.unit_vocabulary_id) === "UCUM" ? str(r.unit_concept_code) : undefined;
  const unitText = unitCode ?? str(r.unit_source_value);
  const quantity = (value: number) => ({
    value,
    ...(unitText !== undefined && { unit: unitText }),
    ...(unitCode !== undefined && { system: UCUM_SYSTEM, code: unitCode }),
  });
  const value = n(r.value_as_number);
  const comparator = OPERATORS.get(n(r.operator_concept_id) ?? 0);
  let valueX: Record<string, unknown> = {};
  if (value !== undefined)
    valueX = { valueQuantity: { ...quantity(value), ...(comparator && { comparator }) } };
  else if (str(r.value_vocabulary_id) !== undefined) valueX = { valueCodeableConcept: concept(r, "value_") };
  else if (str(r.value_source_value) !== undefined) valueX = { valueString: str(r.value_source_value) };
  const low = n(r.range_low);
  const high = n(r.range_high);
  return {
    resourceType: "Observation",
    id: `measurement-${r.measurement_id}`,
    status: "final",
    code: concept(r, ""),
    subject: { reference: `Patient/${r.person_id}` },
    effectiveDateTime: str(r.at_iso),
    ...valueX,
    ...((low !== undefined || high !== undefined) && {
      referenceRange: [
        {
          ...(low !== undefined && { low: quantity(low) }),
          ...(high !== undefined && { high: quantity(high) }),
        },
      ],
    }),
  };
}

function administration(r: Row): Resource {
  const end = str(r.end_at);
  return {
    resourceType: "MedicationAdministration",
    id: `drug_exposure-${r.drug_exposure_id}`,
    status: "completed",
    medicationCodeableConcept: concept(r, ""),
    subject: { reference: `Patient/${r.person_id}` },
    effectivePeriod: { start: str(r.at_iso), ...(end !== undefined && end !== str(r.at_iso) && { end }) },
  };
}

function condition(r: Row): Resource {
  const end = str(r.end_at);
  return {
    resourceType: "Condition",
    id: `condition_occurrence-${r.condition_occurrence_id}`,
    code: concept(r, ""),
    subject: { reference: `Patient/${r.person_id}` },
    onsetDateTime: str(r.at_iso),
    ...(end !== undefined && { abatementDateTime: end }),
  };
}

function procedure(r: Row): Resource {
  return {
    resourceType: "Procedure",
    id: `procedure_occurrence-${r.procedure_occurrence_id}`,
    status: "completed",
    code: concept(r, ""),
    subject: { reference: `Patient/${r.person_id}` },
    performedDateTime: str(r.at_iso),
  };
}

/**
 * Persons of a batch as a condition on `column`: the id list and its range, the range letting DuckDB skip
 * the row groups of a table stored in person order (as an import of person-sorted files is) by their
 * min/max statistics instead of scanning the whole table for every batch.
 */
function inBatch(personIds: readonly number[]): PersonCondition {
  const low = Math.min(...personIds);
  const high = Math.max(...personIds);
  return (column) => `${column} BETWEEN ${low} AND ${high} AND ${column} IN (${personIds.join(", ")})`;
}

/** Which persons' rows a query reads, as a condition on its person_id column. */
type PersonCondition = (column: string) => string;

/** The queries that read the rows of the persons `persons` selects, dated no later than `at`. */
function queries(db: CohortDatabase, at: string, persons: PersonCondition) {
  const d = db.dialect;
  const C = db.schemas.cdm;
  const ts = d.timestamp(at);
  const iso = (e: string) => d.isoText(e);
  const conceptCols = (alias: string, prefix = "") =>
    `${alias}.vocabulary_id AS ${prefix}vocabulary_id, ${alias}.concept_code AS ${prefix}concept_code, ${alias}.concept_name AS ${prefix}concept_name`;
  const when = (dt: string, date: string) => `coalesce(${dt}, CAST(${date} AS TIMESTAMP))`;
  const mAt = when("m.measurement_datetime", "m.measurement_date");
  const gAt = when("g.drug_exposure_start_datetime", "g.drug_exposure_start_date");
  const gEnd = when("g.drug_exposure_end_datetime", "g.drug_exposure_end_date");
  const oAt = when("o.condition_start_datetime", "o.condition_start_date");
  const oEnd = when("o.condition_end_datetime", "o.condition_end_date");
  const pAt = when("p.procedure_datetime", "p.procedure_date");
  return {
    person: `SELECT person_id, gender_concept_id, year_of_birth, month_of_birth, day_of_birth FROM ${C}.person WHERE ${persons("person_id")}`,
    measurement: `SELECT m.measurement_id, m.person_id, ${iso(mAt)} AS at_iso, m.value_as_number, m.operator_concept_id,
        m.range_low, m.range_high, m.unit_source_value, m.value_source_value, ${conceptCols("c")},
        u.vocabulary_id AS unit_vocabulary_id, u.concept_code AS unit_concept_code, ${conceptCols("v", "value_")}
      FROM ${C}.measurement m JOIN ${C}.concept c ON c.concept_id = m.measurement_concept_id
      LEFT JOIN ${C}.concept u ON u.concept_id = m.unit_concept_id AND m.unit_concept_id <> 0
      LEFT JOIN ${C}.concept v ON v.concept_id = m.value_as_concept_id AND m.value_as_concept_id <> 0
      WHERE ${persons("m.person_id")} AND ${mAt} <= ${ts}`,
    drug: `SELECT g.drug_exposure_id, g.person_id, ${iso(gAt)} AS at_iso, ${iso(gEnd)} AS end_at, ${conceptCols("c")}
      FROM ${C}.drug_exposure g JOIN ${C}.concept c ON c.concept_id = g.drug_concept_id
      WHERE ${persons("g.person_id")} AND ${gAt} <= ${ts}`,
    condition: `SELECT o.condition_occurrence_id, o.person_id, ${iso(oAt)} AS at_iso, ${iso(oEnd)} AS end_at, ${conceptCols("c")}
      FROM ${C}.condition_occurrence o JOIN ${C}.concept c ON c.concept_id = o.condition_concept_id
      WHERE ${persons("o.person_id")} AND ${oAt} <= ${ts}`,
    procedure: `SELECT p.procedure_occurrence_id, p.person_id, ${iso(pAt)} AS at_iso, ${conceptCols("c")}
      FROM ${C}.procedure_occurrence p JOIN ${C}.concept c ON c.concept_id = p.procedure_concept_id
      WHERE ${persons("p.person_id")} AND ${pAt} <= ${ts}`,
  };
}

/** The rows of a batch of persons, per CDM table: what `resourcesOf` turns into FHIR resources. */
export interface BatchRows {
  readonly measurement: readonly Row[];
  readonly person: readonly Row[];
  readonly drug: readonly Row[];
  readonly condition: readonly Row[];
  readonly procedure: readonly Row[];
}

/**
 * The rows of a batch of persons, as of `at`: every row of the five tables that is dated by then (rows
 * of concept 0 — "no matching concept" — are kept, named by their source value).
 */
export async function readRows(
  db: CohortDatabase,
  personIds: readonly number[],
  at: string,
): Promise<BatchRows> {
  const q = queries(db, at, inBatch(personIds));
  // Measurements first: the largest query is the one that runs while the previous batch is assessed.
  const measurement = await db.all(q.measurement);
  return {
    measurement,
    person: await db.all(q.person),
    drug: await db.all(q.drug),
    condition: await db.all(q.condition),
    procedure: await db.all(q.procedure),
  };
}

/** A batch's rows as FHIR resources (plain data: a worker thread can be given the rows instead). */
export function resourcesOf(rows: BatchRows): Resource[] {
  return [
    ...rows.measurement.map(observation),
    ...rows.person.map(patient),
    ...rows.drug.map(administration),
    ...rows.condition.map(condition),
    ...rows.procedure.map(procedure),
  ];
}

/** The FHIR resources of a batch of persons, as of `at` (see `readRows`). */
export async function readBatch(
  db: CohortDatabase,
  personIds: readonly number[],
  at: string,
): Promise<Resource[]> {
  return resourcesOf(await readRows(db, personIds, at));
}

/** Resources read from OMOP rows as one input document: a collection Bundle. */
export function omopDocument(resources: readonly Resource[]): Document {
  return {
    kind: "fhir",
    value: { resourceType: "Bundle", type: "collection", entry: resources.map((resource) => ({ resource })) },
  };
}

/** Gives `engine` the resources read from OMOP rows (source `omop`). */
export function addResources(engine: Engine, resources: readonly Resource[]): AddResult {
  return engine.add(omopDocument(resources), "omop");
}

/**
 * Per person of the table `personTable` (column person_id): a fingerprint of every row `readBatch` would
 * read for them as of `at` (the number of rows and the sum of their hashes, through the person,
 * measurement, drug, condition and procedure queries with the concepts they join), and the latest date
 * any of those rows carries, start or end (`last_at`, ISO text). Equal fingerprints mean the engine
 * would be given the same records.
 */
export function fingerprintQuery(db: CohortDatabase, at: string, personTable: string): string {
  const q = queries(db, at, (column) => `${column} IN (SELECT person_id FROM ${personTable})`);
  const latest = (ends: boolean) =>
    ends ? "max(greatest(q.at_iso, coalesce(q.end_at, q.at_iso)))" : "max(q.at_iso)";
  const part = (sql: string, last: string) =>
    `SELECT q.person_id, count(*) AS n, ${db.dialect.rowHashSum("q")} AS h, ${last} AS last_at FROM (${sql}) q GROUP BY q.person_id`;
  const parts = [
    part(q.person, "CAST(NULL AS VARCHAR)"),
    part(q.measurement, latest(false)),
    part(q.drug, latest(true)),
    part(q.condition, latest(true)),
    part(q.procedure, latest(false)),
  ];
  return `SELECT person_id, CAST(sum(n) AS VARCHAR) || ':' || CAST(sum(h) AS VARCHAR) AS fingerprint, max(last_at) AS last_at
    FROM (${parts.join(" UNION ALL ")}) x GROUP BY person_id`;
}

/**
 * Reads persons' rows batch by batch in person order and hands each batch to `onBatch`, reading the next
 * batch from the database while `onBatch` works on the current one, so memory stays bounded by the
 * batches in hand. `onBatch` receives the rows and how many persons are done with this batch.
 */
export async function eachBatch(
  db: CohortDatabase,
  personIds: readonly string[],
  at: string,
  onBatch: (rows: BatchRows, done: number) => void | Promise<void>,
  options: { batch?: number } = {},
): Promise<void> {
  // 200 persons a batch: the same CPU time as 500, some 150 MB less heap at the peak (two batches live).
  const size = options.batch ?? 200;
  const ids = personIds.map(personNumber).sort((a, b) => a - b);
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
  let next = batches[0] && readRows(db, batches[0], at);
  try {
    let done = 0;
    for (const [b, batch] of batches.entries()) {
      const rows = await (next as Promise<BatchRows>);
      const following = batches[b + 1];
      next = following && readRows(db, following, at);
      done += batch.length;
      await onBatch(rows, done);
    }
  } finally {
    // A batch read ahead of a failure is not awaited: its own failure must not surface unhandled.
    next?.catch(() => undefined);
  }
}

/**
 * Assesses persons with the full engine, batch by batch in person order; `onReport` receives each
 * person's report. `newEngine` makes a fresh engine per batch, so memory stays bounded by two batches.
 */
export async function assessPersons(
  db: CohortDatabase,
  personIds: readonly string[],
  at: string,
  newEngine: () => Engine,
  onReport: (report: PatientReport) => void,
  options: { batch?: number; onBatch?: (done: number) => void } = {},
): Promise<void> {
  await eachBatch(
    db,
    personIds,
    at,
    (rows, done) => {
      const engine = newEngine();
      addResources(engine, resourcesOf(rows));
      for (const id of engine.patients()) onReport(engine.assess(id));
      options.onBatch?.(done);
    },
    options,
  );
}

/** An OMOP person_id (a 64-bit integer column) as a number the batch queries can hold. */
function personNumber(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n)) throw new RangeError(`person_id ${JSON.stringify(id)} is not an integer`);
  return n;
}
