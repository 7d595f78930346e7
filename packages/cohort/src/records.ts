/**
 * OMOP rows into the core's input contract: each person's rows become FHIR R4 resources in memory (a
 * collection Bundle per batch of persons), which the core's FHIR adapter reads like any other input, so
 * codes, units, dates and rejections are handled by the one adapter the rest of HemoSentinel uses.
 *
 * person → Patient (gender from the OMOP gender concepts 8507/8532, birth date from year/month/day,
 * `deceasedDateTime` from the earliest death row dated by the evaluation time, the day alone when it is at midnight);
 * measurement → Observation (LOINC code, or for a row of concept 0 the LOINC code its `measurement_source_value`
 * holds, `777-3|Platelets`, else its words; `valueQuantity` in the UCUM unit of `unit_concept_id` — or the
 * printed `unit_source_value` when the unit concept is 0 — with its comparator from `operator_concept_id`
 * and `range_low`/`range_high` as reference range; a coded answer as `valueCodeableConcept`; status
 * `final` unless its `measurement_type_concept_id` is one of {@link RESULT_STATUS_VOCABULARY}'s, which
 * the FHIR import writes for a preliminary result or one of unknown status);
 * drug_exposure → MedicationAdministration (`effectivePeriod` from start and end; a row of concept 0 named by
 * the words of its `drug_source_value`);
 * condition_occurrence → Condition (onset, abatement; a `condition_status_concept_id` of a preliminary diagnosis
 * as a provisional verification status; a row of concept 0, "No matching concept", coded from its
 * `condition_source_value`: an ICD-10-CM-shaped value as that code, its display naming the column, other words as
 * the condition's text, see `sourceValueConcept`); procedure_occurrence → Procedure (a row of concept 0 named by the
 * words of its `procedure_source_value`); an observation that charts an
 * allergy (see {@link allergyRows}) → AllergyIntolerance.
 * OMOP date-times carry no zone and are read as UTC; a date without time is midnight UTC. Rows dated
 * after the evaluation time are not read. Resource ids name the OMOP row (`measurement-123`).
 * Rows are read as columns (no object per row) and name their concepts by id: each concept row is read
 * once a run and becomes one CodeableConcept per batch, instead of its strings travelling with every row.
 */
import {
  type AddResult,
  type Document,
  type Engine,
  type PatientReport,
  parseNumberText,
  withPrintedBasis,
} from "@hemosentinel/core";
import { drugExposureEnd } from "./cdm.js";
import { codeableConcept, sourceValueConcept, UCUM_SYSTEM } from "./concepts.js";
import type { CohortDatabase, Columns, Value } from "./database.js";
import { mappedSourceValue } from "./lab-map.js";

/** HL7 v2 table 0078 (abnormal flags), as FHIR names it: a flag printed beside an OMOP value. */
const V2_FLAGS = "http://terminology.hl7.org/CodeSystem/v2-0078";

/** OMOP "Meas Value Operator" concepts as FHIR Quantity comparators (`=` has none). */
/** The OMOP operator concept "=": an exact value. */
const EQUALS = 4172703;
export const OPERATORS: ReadonlyMap<number, string> = new Map([
  [4171756, "<"],
  [4171754, "<="],
  [4172704, ">"],
  [4171755, ">="],
]);
/**
 * The vocabulary of the measurement type concepts that carry a FHIR result's status and timing through the
 * CDM (which has no column for either): codes joined by `+` — `preliminary` or `unknown` as FHIR
 * Observation.status (or `corrected` / `amended`, a re-issued result that replaces a final one of the same test
 * at the same instant), `issued` (timed only by its report) or `period-end` (only by the end of its
 * collection period), e.g. `preliminary+issued`. Written by the FHIR import only (site-local concepts);
 * any other type concept is a final result timed by its sample.
 */
export const RESULT_STATUS_VOCABULARY = "HemoSentinel";
const RESULT_STATUSES: ReadonlySet<string> = new Set(["preliminary", "unknown", "corrected", "amended"]);

/** OMOP gender concepts. */
const GENDERS: ReadonlyMap<number, string> = new Map([
  [8507, "male"],
  [8532, "female"],
]);

type Resource = Record<string, unknown> & { resourceType: string; id: string };

const str = (v: Value | undefined) => (v === null || v === undefined ? undefined : String(v));
const n = (v: Value | undefined) => (v === null || v === undefined ? undefined : Number(v));

/** A concept row (vocabulary_id, concept_code, concept_name), as the concept table holds it. */
export type ConceptRow = Readonly<Record<"vocabulary_id" | "concept_code" | "concept_name", Value>>;

/**
 * The rows of a batch of persons, per CDM table, as columns: what `resourcesOf` turns into FHIR
 * resources. Rows name their concepts by id; `concepts` holds the concept rows of those ids (an id the
 * concept table lacks is left out).
 */
export interface BatchRows {
  readonly concepts: Readonly<Record<string, ConceptRow>>;
  readonly measurement: Columns;
  readonly person: Columns;
  readonly drug: Columns;
  readonly condition: Columns;
  readonly procedure: Columns;
  /** Observations charting an allergy (absent: none read). */
  readonly allergy?: Columns;
}

/** The column `name` of `table` (empty when the query returned no such column), and a table's row count. */
const column = (table: Columns, name: string): readonly Value[] => table[name] ?? [];
const rowCount = (table: Columns): number => Object.values(table)[0]?.length ?? 0;

/** One row of a batch: its value in a column. */
type RowView = (name: string) => Value;

/** How a batch names concepts: a row's own concept, and a measurement's optional unit or value concept. */
interface BatchConcepts {
  /** The CodeableConcept of a concept id (with its name, else `fallback`: a value's source text). */
  codeable(id: Value, fallback?: Value): ReturnType<typeof codeableConcept>;
  /** The concept row of a unit or value concept id; none for 0 ("no matching concept") or an unknown id. */
  optional(id: Value): ConceptRow | undefined;
  /**
   * A row of concept 0 by its source value (`condition_source_value`, `drug_source_value`,
   * `measurement_source_value`, `procedure_source_value`), each distinct value classified once a batch.
   */
  source(value: Value, column: string): ReturnType<typeof codeableConcept>;
}

/** The concepts of a batch, each concept's CodeableConcept built once and shared by the rows naming it. */
function batchConcepts(concepts: BatchRows["concepts"]): BatchConcepts {
  const built = new Map<string, ReturnType<typeof codeableConcept>>();
  const sources = new Map<string, ReturnType<typeof codeableConcept>>();
  const make = (c: ConceptRow | undefined, fallback?: Value) =>
    codeableConcept({
      vocabulary_id: str(c?.vocabulary_id) ?? "",
      concept_code: str(c?.concept_code) ?? "",
      concept_name: str(c?.concept_name) ?? str(fallback) ?? "",
    });
  return {
    codeable(id, fallback) {
      const key = String(id);
      const c = concepts[key];
      // Only a nameless concept depends on the row (its fallback text).
      if (c?.concept_name === null || c?.concept_name === undefined) return make(c, fallback);
      let cc = built.get(key);
      if (cc === undefined) {
        cc = make(c);
        built.set(key, cc);
      }
      return cc;
    },
    optional: (id) => (id === null || Number(id) === 0 ? undefined : concepts[String(id)]),
    source(value, column) {
      const key = `${column}|${str(value) ?? ""}`;
      let cc = sources.get(key);
      if (cc === undefined) {
        const c = sourceValueConcept(value, column);
        // No value: no code and no words, which the core refuses (missing-code) rather than counting it unused.
        cc = c === undefined ? { coding: [], text: "" } : codeableConcept(c);
        sources.set(key, cc);
      }
      return cc;
    },
  };
}

function observation(r: RowView, concepts: BatchConcepts): Resource {
  const unit = concepts.optional(r("unit_concept_id"));
  const unitCode = str(unit?.vocabulary_id) === "UCUM" ? str(unit?.concept_code) : undefined;
  const unitText = unitCode ?? str(r("unit_source_value"));
  // The printed unit is shown beside the UCUM code when it names a D-dimer basis the code cannot carry
  // (`ng/mL DDU` with the concept for ng/mL), so the core keeps the basis (withPrintedBasis).
  const printedUnit = str(r("unit_source_value"));
  const shownUnit =
    unitCode !== undefined &&
    printedUnit !== undefined &&
    withPrintedBasis(unitCode, printedUnit) !== unitCode
      ? printedUnit
      : unitText;
  const quantity = (value: number) => ({
    value,
    ...(shownUnit !== undefined && { unit: shownUnit }),
    ...(unitCode !== undefined && { system: UCUM_SYSTEM, code: unitCode }),
  });
  const low = n(r("range_low"));
  const high = n(r("range_high"));
  /**
   * A value only printed (`value_source_value`, as ETLs leave `<10`, `less than 10` or `12 L` that they could
   * not parse): a number written there is a quantity in the row's unit, as `value_as_number` would be; a
   * FHIR valueString has no unit, and the count was refused for a missing unit. A number with one thousands
   * separator (`150,000`) is text with the unit after it; anything else (a word, a number without a unit)
   * stays text for the core to read or refuse with its reason.
   */
  const printedValue = (text: string): Record<string, unknown> => {
    const read = parseNumberText(text);
    // A thousands separator the core reads only in a count per µL (`150,000` in /mm3, docs/csv-format.md):
    // the text goes with the row's unit, as a CSV value cell with its unit column, for the core to read it
    // so or refuse it naming the ambiguity — a valueString alone would be refused for its missing unit.
    if (
      read?.grouped !== undefined &&
      read.ambiguous !== undefined &&
      read.flag === undefined &&
      shownUnit !== undefined
    )
      return { valueString: `${text.trim()} ${shownUnit}` };
    if (read === undefined || !Number.isFinite(read.value) || unitText === undefined)
      return { valueString: text };
    // A flag ("12 H") beside a range stays text: the core reads it in the range's unit and checks the flag.
    if (read.flag !== undefined && (low !== undefined || high !== undefined)) return { valueString: text };
    // Without a range the flag goes with the quantity as the result's interpretation (HL7 v2 table 0078, the
    // abnormal flags), so the core quotes it with the value instead of losing it. An asterisk names no code.
    const flag = read.flag !== undefined && read.flag !== "*" ? read.flag : undefined;
    return {
      valueQuantity: {
        ...quantity(read.value),
        ...(read.comparator !== undefined && { comparator: read.comparator }),
      },
      ...(flag !== undefined && { interpretation: [{ coding: [{ system: V2_FLAGS, code: flag }] }] }),
    };
  };
  const value = n(r("value_as_number"));
  const operator = n(r("operator_concept_id")) ?? 0;
  // An operator concept that is none of the five (=, <, <=, >, >=) is passed on as written, so the core
  // refuses the value as censored in a way it cannot read, instead of reading it as the exact number.
  const comparator =
    operator === 0 || operator === EQUALS
      ? undefined
      : (OPERATORS.get(operator) ?? `operator_concept_id ${operator}`);
  let valueX: Record<string, unknown> = {};
  if (value !== undefined)
    valueX = { valueQuantity: { ...quantity(value), ...(comparator && { comparator }) } };
  else if (str(concepts.optional(r("value_as_concept_id"))?.vocabulary_id) !== undefined)
    valueX = { valueCodeableConcept: concepts.codeable(r("value_as_concept_id"), r("value_source_value")) };
  else if (str(r("value_source_value")) !== undefined)
    valueX = printedValue(str(r("value_source_value")) as string);
  const type = concepts.optional(r("measurement_type_concept_id"));
  const marks =
    str(type?.vocabulary_id) === RESULT_STATUS_VOCABULARY ? (str(type?.concept_code) ?? "").split("+") : [];
  const status = marks.find((m) => RESULT_STATUSES.has(m)) ?? "final";
  const at = str(r("at_iso"));
  // Timed as the source timed it, so the core marks it as it does the source's Observation.
  const timing = marks.includes("issued")
    ? { issued: at }
    : marks.includes("period-end")
      ? { effectivePeriod: { end: at } }
      : { effectiveDateTime: at };
  return {
    resourceType: "Observation",
    id: `measurement-${r("measurement_id")}`,
    status,
    // Concept 0 ("No matching concept"): the LOINC code the source value holds (`777-3|Platelets`), else its words.
    code:
      n(r("concept_id")) === 0
        ? concepts.source(r("measurement_source_value"), "measurement_source_value")
        : concepts.codeable(r("concept_id")),
    subject: { reference: `Patient/${r("person_id")}` },
    ...timing,
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

function administration(r: RowView, concepts: BatchConcepts): Resource {
  const end = str(r("end_at"));
  return {
    resourceType: "MedicationAdministration",
    id: `drug_exposure-${r("drug_exposure_id")}`,
    status: "completed",
    // Concept 0 ("No matching concept"): the drug as the source printed it ("pembrolizumab 200 mg").
    medicationCodeableConcept:
      n(r("concept_id")) === 0
        ? concepts.source(r("drug_source_value"), "drug_source_value")
        : concepts.codeable(r("concept_id")),
    subject: { reference: `Patient/${r("person_id")}` },
    effectivePeriod: {
      start: str(r("at_iso")),
      ...(end !== undefined && end !== str(r("at_iso")) && { end }),
    },
  };
}

/**
 * OMOP Condition Status concepts (`condition_status_concept_id`) of a diagnosis not yet confirmed: 32899
 * "Preliminary diagnosis", where ETLs put a "possible diagnosis of" or a rule-out. Read as FHIR's
 * `provisional` verification status, so the core reads it as a suspected diagnosis: a suspected HIT, TTP,
 * ITP, DIC or acquired haemophilia is the team's working diagnosis, any other kind names no event and the
 * row is rejected saying so. Every other status (admission, discharge, primary, secondary, confirmed) is a
 * charted diagnosis. A concept of that name in a local vocabulary is read alike.
 */
export const PRELIMINARY_CONDITION_STATUS = 32899;
const PRELIMINARY_NAME = /^\s*preliminary diagnosis\s*$/i;

function condition(r: RowView, concepts: BatchConcepts): Resource {
  const end = str(r("end_at"));
  const statusId = n(r("condition_status_concept_id"));
  const status = concepts.optional(r("condition_status_concept_id"));
  const preliminary =
    statusId === PRELIMINARY_CONDITION_STATUS || PRELIMINARY_NAME.test(str(status?.concept_name) ?? "");
  return {
    resourceType: "Condition",
    id: `condition_occurrence-${r("condition_occurrence_id")}`,
    // Concept 0 ("No matching concept"): the row's source value is all an unmapped row says.
    code:
      n(r("concept_id")) === 0
        ? concepts.source(r("condition_source_value"), "condition_source_value")
        : concepts.codeable(r("concept_id")),
    subject: { reference: `Patient/${r("person_id")}` },
    onsetDateTime: str(r("at_iso")),
    ...(end !== undefined && { abatementDateTime: end }),
    ...(preliminary && {
      verificationStatus: {
        coding: [
          { system: "http://terminology.hl7.org/CodeSystem/condition-ver-status", code: "provisional" },
        ],
        text: `condition_status_concept_id ${statusId ?? ""} (Preliminary diagnosis)`,
      },
    }),
  };
}

function procedure(r: RowView, concepts: BatchConcepts): Resource {
  return {
    resourceType: "Procedure",
    id: `procedure_occurrence-${r("procedure_occurrence_id")}`,
    status: "completed",
    // Concept 0 ("No matching concept"): the procedure as the source printed it ("axi-cel infusion").
    code:
      n(r("concept_id")) === 0
        ? concepts.source(r("procedure_source_value"), "procedure_source_value")
        : concepts.codeable(r("concept_id")),
    subject: { reference: `Patient/${r("person_id")}` },
    performedDateTime: str(r("at_iso")),
  };
}

/**
 * OMOP's "Allergy to drug" (SNOMED CT 416098002), the observation concept the HL7 FHIR-to-OMOP guide maps an
 * AllergyIntolerance of category `medication` to, the drug in `value_as_concept_id` (its Value-as-Concept
 * pattern; ConceptMap AllergyType).
 */
export const ALLERGY_TO_DRUG = 439224;

/**
 * The observation rows (alias `ob`, its concept `c`) read as allergies: "Allergy to drug", or any observation
 * concept whose name says allergy ("Allergy to heparin", as ETLs write an allergy coded as one concept).
 * Every other observation is not read.
 */
export function allergyRows(ob: string, c: string): string {
  return `(${ob}.observation_concept_id = ${ALLERGY_TO_DRUG} OR lower(${c}.concept_name) LIKE '%allerg%')`;
}

/**
 * An allergy charted as an observation, as the AllergyIntolerance the core reads (docs/cli.md): the drug is
 * the value concept (else its printed `value_source_value`, else the observation's own concept, "Allergy to
 * heparin"); the reaction is the qualifier concept and the printed `value_as_string` ("thrombocytopenia",
 * "anaphylaxis"), so a heparin allergy with a HIT reaction is a history of HIT as it is from FHIR; a
 * qualifier concept named "Severe" is a severe reaction. The CDM has no column for clinical status.
 */
const SEVERE = /^\s*severe\s*$/i;

function allergy(r: RowView, concepts: BatchConcepts): Resource {
  const drugId = r("value_as_concept_id");
  const printed = str(r("value_source_value"))?.trim();
  const code =
    concepts.optional(drugId) !== undefined
      ? concepts.codeable(drugId, printed)
      : printed !== undefined && printed !== ""
        ? { coding: [], text: printed }
        : concepts.codeable(r("concept_id"));
  const manifestation: unknown[] = [];
  const qualifier = concepts.optional(r("qualifier_concept_id"));
  // A qualifier "Severe" is the reaction's severity (the FHIR import writes a high criticality so); any
  // other qualifier concept is a reaction.
  const severe = SEVERE.test(str(qualifier?.concept_name) ?? "");
  if (qualifier !== undefined && !severe) manifestation.push(concepts.codeable(r("qualifier_concept_id")));
  const reaction = str(r("value_as_string"))?.trim();
  if (reaction !== undefined && reaction !== "") manifestation.push({ text: reaction });
  return {
    resourceType: "AllergyIntolerance",
    id: `observation-${r("observation_id")}`,
    patient: { reference: `Patient/${r("person_id")}` },
    code,
    onsetDateTime: str(r("at_iso")),
    ...((manifestation.length > 0 || severe) && {
      reaction: [{ ...(severe && { severity: "severe" }), manifestation }],
    }),
  };
}

/** A batch's rows as FHIR resources (plain data: a worker thread can be given the rows instead). */
export function resourcesOf(rows: BatchRows): Resource[] {
  const concepts = batchConcepts(rows.concepts);
  const out: Resource[] = [];
  const each = (table: Columns, build: (r: RowView, concepts: BatchConcepts) => Resource) => {
    for (let i = 0; i < rowCount(table); i++)
      out.push(build((name) => column(table, name)[i] ?? null, concepts));
  };
  each(rows.measurement, observation);
  each(rows.person, patient);
  each(rows.drug, administration);
  each(rows.condition, condition);
  each(rows.procedure, procedure);
  if (rows.allergy !== undefined) each(rows.allergy, allergy);
  return out;
}

function patient(r: RowView): Resource {
  const year = n(r("year_of_birth"));
  const month = n(r("month_of_birth"));
  const day = n(r("day_of_birth"));
  const pad = (x: number) => String(x).padStart(2, "0");
  const birthDate =
    year === undefined
      ? undefined
      : month === undefined
        ? String(year)
        : day === undefined
          ? `${year}-${pad(month)}`
          : `${year}-${pad(month)}-${pad(day)}`;
  const gender = GENDERS.get(n(r("gender_concept_id")) ?? 0) ?? "unknown";
  // A death at midnight is a death known to the day (a death_date without death_datetime, or a datetime an
  // ETL filled with midnight): given as the day, so that results of that day are not read as after death.
  const diedAt = r("died_iso");
  const died = typeof diedAt === "string" && diedAt.endsWith("T00:00:00Z") ? diedAt.slice(0, 10) : diedAt;
  return {
    resourceType: "Patient",
    id: String(r("person_id")),
    gender,
    ...(birthDate && { birthDate }),
    ...(typeof died === "string" && { deceasedDateTime: died }),
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

/** The CDM tables whose rows a read scope narrows (./read-scope.ts). */
export type ScopedTable = "measurement" | "drug" | "condition" | "procedure";

/** Per table, the concept ids whose rows are read (SQL integer literals); see ./read-scope.ts. */
export type ReadScope = Readonly<Record<ScopedTable, readonly string[]>>;

/** The condition that keeps a query of `table` to the rows of `scope` (`column` names their concept). */
function inScope(scope: ReadScope | undefined, table: ScopedTable, column: string): string {
  if (scope === undefined) return "";
  const ids = scope[table];
  return ids.length === 0 ? " AND FALSE" : ` AND ${column} IN (${ids.join(", ")})`;
}

/**
 * The queries that read the rows of the persons `persons` selects, dated no later than `at`. Rows name
 * their concepts by id (the concept join keeps only rows whose concept the table has); with
 * `conceptColumns`, each row also carries the concept rows it names (what the fingerprint hashes).
 */
function queries(
  db: CohortDatabase,
  at: string,
  persons: PersonCondition,
  options: { conceptColumns?: boolean; scope?: ReadScope | undefined } = {},
) {
  const { conceptColumns = false, scope } = options;
  const d = db.dialect;
  const C = db.schemas.cdm;
  const ts = d.timestamp(at);
  const iso = (e: string) => d.isoText(e);
  const conceptCols = (alias: string, prefix = "") =>
    conceptColumns
      ? `, ${alias}.vocabulary_id AS ${prefix}vocabulary_id, ${alias}.concept_code AS ${prefix}concept_code, ${alias}.concept_name AS ${prefix}concept_name`
      : "";
  const optionalJoin = (alias: string, column: string) =>
    conceptColumns
      ? `LEFT JOIN ${C}.concept ${alias} ON ${alias}.concept_id = ${column} AND ${column} <> 0`
      : "";
  const when = (dt: string, date: string) => `coalesce(${dt}, CAST(${date} AS TIMESTAMP))`;
  const mAt = when("m.measurement_datetime", "m.measurement_date");
  const gAt = when("g.drug_exposure_start_datetime", "g.drug_exposure_start_date");
  const gEnd = drugExposureEnd(d);
  const oAt = when("o.condition_start_datetime", "o.condition_start_date");
  const oEnd = when("o.condition_end_datetime", "o.condition_end_date");
  const pAt = when("p.procedure_datetime", "p.procedure_date");
  const dAt = when("dd.death_datetime", "dd.death_date");
  const obAt = when("ob.observation_datetime", "ob.observation_date");
  return {
    // The person's death, when a death row dates it by then (the earliest, should there be several).
    person: `SELECT pe.person_id, pe.gender_concept_id, pe.year_of_birth, pe.month_of_birth, pe.day_of_birth,
        (SELECT ${iso(`min(${dAt})`)} FROM ${C}.death dd WHERE dd.person_id = pe.person_id AND ${dAt} <= ${ts}) AS died_iso
      FROM ${C}.person pe WHERE ${persons("pe.person_id")}`,
    measurement: `SELECT m.measurement_id, m.person_id, ${iso(mAt)} AS at_iso, m.value_as_number, m.operator_concept_id,
        m.range_low, m.range_high, m.unit_source_value, m.value_source_value, m.measurement_concept_id AS concept_id,
        m.unit_concept_id, m.value_as_concept_id, m.measurement_type_concept_id, ${mappedSourceValue(db.schemas.results, "m.")} AS measurement_source_value${conceptCols("c")}${conceptCols("u", "unit_")}${conceptCols("v", "value_")}
      FROM ${C}.measurement m LEFT JOIN ${C}.concept c ON c.concept_id = m.measurement_concept_id
      ${optionalJoin("u", "m.unit_concept_id")} ${optionalJoin("v", "m.value_as_concept_id")}
      WHERE ${persons("m.person_id")} AND ${mAt} <= ${ts} AND (c.concept_id IS NOT NULL OR m.measurement_concept_id = 0)${inScope(scope, "measurement", "m.measurement_concept_id")}`,
    drug: `SELECT g.drug_exposure_id, g.person_id, ${iso(gAt)} AS at_iso, ${iso(gEnd)} AS end_at, g.drug_concept_id AS concept_id,
        g.drug_source_value${conceptCols("c")}
      FROM ${C}.drug_exposure g LEFT JOIN ${C}.concept c ON c.concept_id = g.drug_concept_id
      WHERE ${persons("g.person_id")} AND ${gAt} <= ${ts} AND (c.concept_id IS NOT NULL OR g.drug_concept_id = 0)${inScope(scope, "drug", "g.drug_concept_id")}`,
    condition: `SELECT o.condition_occurrence_id, o.person_id, ${iso(oAt)} AS at_iso, ${iso(oEnd)} AS end_at, o.condition_concept_id AS concept_id,
        o.condition_status_concept_id, o.condition_source_value${conceptCols("c")}
      FROM ${C}.condition_occurrence o LEFT JOIN ${C}.concept c ON c.concept_id = o.condition_concept_id
      WHERE ${persons("o.person_id")} AND ${oAt} <= ${ts} AND (c.concept_id IS NOT NULL OR o.condition_concept_id = 0)${inScope(scope, "condition", "o.condition_concept_id")}`,
    procedure: `SELECT p.procedure_occurrence_id, p.person_id, ${iso(pAt)} AS at_iso, p.procedure_concept_id AS concept_id,
        p.procedure_source_value${conceptCols("c")}
      FROM ${C}.procedure_occurrence p LEFT JOIN ${C}.concept c ON c.concept_id = p.procedure_concept_id
      WHERE ${persons("p.person_id")} AND ${pAt} <= ${ts} AND (c.concept_id IS NOT NULL OR p.procedure_concept_id = 0)${inScope(scope, "procedure", "p.procedure_concept_id")}`,
    // Allergies are few: read whatever the scope (an allergy bars a drug from any plan).
    allergy: `SELECT ob.observation_id, ob.person_id, ${iso(obAt)} AS at_iso, ob.observation_concept_id AS concept_id,
        ob.value_as_concept_id, ob.qualifier_concept_id, ob.value_as_string, ob.value_source_value${conceptCols("c")}${conceptCols("v", "value_")}${conceptCols("q", "qualifier_")}
      FROM ${C}.observation ob JOIN ${C}.concept c ON c.concept_id = ob.observation_concept_id
      ${optionalJoin("v", "ob.value_as_concept_id")} ${optionalJoin("q", "ob.qualifier_concept_id")}
      WHERE ${persons("ob.person_id")} AND ${obAt} <= ${ts} AND ${allergyRows("ob", "c")}`,
  };
}

/** The concept rows a run has read, by concept id (null: the concept table has no such id). */
export type ConceptCache = Map<string, ConceptRow | null>;

/** The concept ids the rows of a batch name: their own concept, and a measurement's unit and value. */
function conceptIds(rows: Omit<BatchRows, "concepts">): Set<string> {
  const ids = new Set<string>();
  const add = (values: readonly Value[]) => {
    for (const v of values) if (v !== null && Number(v) !== 0) ids.add(String(v));
  };
  for (const table of [rows.measurement, rows.drug, rows.condition, rows.procedure])
    add(column(table, "concept_id"));
  add(column(rows.measurement, "unit_concept_id"));
  add(column(rows.measurement, "value_as_concept_id"));
  add(column(rows.measurement, "measurement_type_concept_id"));
  add(column(rows.condition, "condition_status_concept_id"));
  if (rows.allergy !== undefined)
    for (const name of ["concept_id", "value_as_concept_id", "qualifier_concept_id"])
      add(column(rows.allergy, name));
  return ids;
}

/** How a run reads batches: the concept rows read so far, and the rows read (all, or a read scope). */
export interface ReadOptions {
  /** The concept rows read for earlier batches, so that each is read once a run. */
  readonly cache?: ConceptCache;
  /** Only the rows of these concepts (./read-scope.ts); every row without. */
  readonly scope?: ReadScope | undefined;
}

/**
 * The rows of a batch of persons, as of `at`: every row of the five tables that is dated by then, and the
 * observations that chart an allergy (rows
 * of concept 0 — "no matching concept" — are kept, a condition read by its source value, any other named by
 * its concept's name, whether or not the concept table holds concept 0), or only those of the
 * read scope, with the concept rows they name.
 */
export async function readRows(
  db: CohortDatabase,
  personIds: readonly number[],
  at: string,
  options: ReadOptions = {},
): Promise<BatchRows> {
  const cache = options.cache ?? new Map();
  const q = queries(db, at, inBatch(personIds), { scope: options.scope });
  // Measurements first: the largest query is the one that runs while the previous batch is assessed.
  const measurement = await db.columns(q.measurement);
  const tables = {
    measurement,
    person: await db.columns(q.person),
    drug: await db.columns(q.drug),
    condition: await db.columns(q.condition),
    procedure: await db.columns(q.procedure),
    allergy: await db.columns(q.allergy),
  };
  const ids = [...conceptIds(tables)];
  const missing = ids.filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const read = await db.all(
      `SELECT concept_id, vocabulary_id, concept_code, concept_name FROM ${db.schemas.cdm}.concept WHERE concept_id IN (${missing.join(", ")})`,
    );
    const found = new Map(read.map((r) => [String(r.concept_id), r]));
    for (const id of missing) {
      const r = found.get(id);
      cache.set(
        id,
        r === undefined
          ? null
          : {
              vocabulary_id: r.vocabulary_id ?? null,
              concept_code: r.concept_code ?? null,
              concept_name: r.concept_name ?? null,
            },
      );
    }
  }
  const concepts: Record<string, ConceptRow> = {};
  for (const id of ids) {
    const c = cache.get(id);
    if (c) concepts[id] = c;
  }
  return { concepts, ...tables };
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
 * Per person of the table `personTable` (column person_id): a fingerprint of every row `readRows` reads
 * for them as of `at` within `scope` (the number of rows and the sum of their hashes, through the person,
 * measurement, drug, condition, procedure and allergy queries with the concept rows they name), and the latest
 * date any of those rows carries, start or end (`last_at`, ISO text). Equal fingerprints mean the engine
 * would be given the same records.
 */
export function fingerprintQuery(
  db: CohortDatabase,
  at: string,
  personTable: string,
  scope?: ReadScope,
): string {
  const q = queries(db, at, (column) => `${column} IN (SELECT person_id FROM ${personTable})`, {
    conceptColumns: true,
    scope,
  });
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
    part(q.allergy, latest(false)),
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
  options: { batch?: number; scope?: ReadScope | undefined } = {},
): Promise<void> {
  // 200 persons a batch: the same CPU time as 500, some 150 MB less heap at the peak (two batches live).
  const size = options.batch ?? 200;
  const ids = personIds.map(personNumber).sort((a, b) => a - b);
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
  // One batch is read at a time (the next while the current is handed over), so they share one cache.
  const read: ReadOptions = { cache: new Map(), scope: options.scope };
  let next = batches[0] && readRows(db, batches[0], at, read);
  try {
    let done = 0;
    for (const [b, batch] of batches.entries()) {
      const rows = await (next as Promise<BatchRows>);
      const following = batches[b + 1];
      next = following && readRows(db, following, at, read);
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
  // The full engine reads every row (no read scope): its report counts what it does not use.
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
