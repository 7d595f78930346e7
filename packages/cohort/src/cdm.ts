/**
 * The OMOP CDM v5.4 tables HemoSentinel reads, with the columns it uses and their types
 * (https://ohdsi.github.io/CommonDataModel/cdm54.html). Columns the CDM requires and HemoSentinel cannot do
 * without are `required`: a file without one is not imported; a row with it empty or unreadable is
 * rejected with the column named. Other columns of a file are left out of the imported table and listed
 * in the import summary.
 */

import type { Dialect } from "./dialect.js";

export type ColumnType = "BIGINT" | "INTEGER" | "DOUBLE" | "DATE" | "TIMESTAMP" | "VARCHAR";

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required?: true;
}

export interface TableSpec {
  readonly name: CdmTable;
  /** The row id column (unique within the table), or undefined for a table keyed by person. */
  readonly id?: string;
  readonly columns: readonly ColumnSpec[];
  /** Concept id columns that must name a row of `concept` (0 = "no matching concept" is allowed). */
  readonly concepts: readonly string[];
}

export const CDM_TABLES = [
  "concept",
  "person",
  "observation_period",
  "drug_exposure",
  "measurement",
  "condition_occurrence",
  "procedure_occurrence",
  "observation",
  "death",
] as const;
export type CdmTable = (typeof CDM_TABLES)[number];

const req = (name: string, type: ColumnType): ColumnSpec => ({ name, type, required: true });
const opt = (name: string, type: ColumnType): ColumnSpec => ({ name, type });

export const TABLES: Readonly<Record<CdmTable, TableSpec>> = {
  concept: {
    name: "concept",
    id: "concept_id",
    columns: [
      req("concept_id", "BIGINT"),
      req("concept_name", "VARCHAR"),
      opt("domain_id", "VARCHAR"),
      req("vocabulary_id", "VARCHAR"),
      opt("concept_class_id", "VARCHAR"),
      opt("standard_concept", "VARCHAR"),
      req("concept_code", "VARCHAR"),
      opt("valid_start_date", "DATE"),
      opt("valid_end_date", "DATE"),
      opt("invalid_reason", "VARCHAR"),
    ],
    concepts: [],
  },
  person: {
    name: "person",
    id: "person_id",
    columns: [
      req("person_id", "BIGINT"),
      opt("gender_concept_id", "BIGINT"),
      req("year_of_birth", "INTEGER"),
      opt("month_of_birth", "INTEGER"),
      opt("day_of_birth", "INTEGER"),
      opt("birth_datetime", "TIMESTAMP"),
      opt("person_source_value", "VARCHAR"),
    ],
    concepts: [],
  },
  observation_period: {
    name: "observation_period",
    id: "observation_period_id",
    columns: [
      req("observation_period_id", "BIGINT"),
      req("person_id", "BIGINT"),
      req("observation_period_start_date", "DATE"),
      req("observation_period_end_date", "DATE"),
    ],
    concepts: [],
  },
  drug_exposure: {
    name: "drug_exposure",
    id: "drug_exposure_id",
    columns: [
      req("drug_exposure_id", "BIGINT"),
      req("person_id", "BIGINT"),
      req("drug_concept_id", "BIGINT"),
      req("drug_exposure_start_date", "DATE"),
      opt("drug_exposure_start_datetime", "TIMESTAMP"),
      opt("drug_exposure_end_date", "DATE"),
      opt("drug_exposure_end_datetime", "TIMESTAMP"),
      opt("days_supply", "INTEGER"),
      opt("drug_source_value", "VARCHAR"),
    ],
    concepts: ["drug_concept_id"],
  },
  measurement: {
    name: "measurement",
    id: "measurement_id",
    columns: [
      req("measurement_id", "BIGINT"),
      req("person_id", "BIGINT"),
      req("measurement_concept_id", "BIGINT"),
      req("measurement_date", "DATE"),
      opt("measurement_datetime", "TIMESTAMP"),
      // Read for one thing only: a FHIR result's status the CDM has no column for (./records.ts).
      opt("measurement_type_concept_id", "BIGINT"),
      opt("operator_concept_id", "BIGINT"),
      opt("value_as_number", "DOUBLE"),
      opt("value_as_concept_id", "BIGINT"),
      opt("unit_concept_id", "BIGINT"),
      opt("range_low", "DOUBLE"),
      opt("range_high", "DOUBLE"),
      opt("measurement_source_value", "VARCHAR"),
      opt("unit_source_value", "VARCHAR"),
      opt("value_source_value", "VARCHAR"),
    ],
    concepts: ["measurement_concept_id", "unit_concept_id", "value_as_concept_id", "operator_concept_id"],
  },
  condition_occurrence: {
    name: "condition_occurrence",
    id: "condition_occurrence_id",
    columns: [
      req("condition_occurrence_id", "BIGINT"),
      req("person_id", "BIGINT"),
      req("condition_concept_id", "BIGINT"),
      req("condition_start_date", "DATE"),
      opt("condition_start_datetime", "TIMESTAMP"),
      opt("condition_end_date", "DATE"),
      opt("condition_end_datetime", "TIMESTAMP"),
      // Read for one thing only: a preliminary diagnosis (32899) is a suspected one (./records.ts).
      opt("condition_status_concept_id", "BIGINT"),
      opt("condition_source_value", "VARCHAR"),
    ],
    concepts: ["condition_concept_id"],
  },
  procedure_occurrence: {
    name: "procedure_occurrence",
    id: "procedure_occurrence_id",
    columns: [
      req("procedure_occurrence_id", "BIGINT"),
      req("person_id", "BIGINT"),
      req("procedure_concept_id", "BIGINT"),
      req("procedure_date", "DATE"),
      opt("procedure_datetime", "TIMESTAMP"),
      opt("procedure_end_date", "DATE"),
      opt("procedure_source_value", "VARCHAR"),
    ],
    concepts: ["procedure_concept_id"],
  },
  // Read for one thing only: a drug allergy charted as an observation (./records.ts `ALLERGY_OBSERVATION`).
  observation: {
    name: "observation",
    id: "observation_id",
    columns: [
      req("observation_id", "BIGINT"),
      req("person_id", "BIGINT"),
      req("observation_concept_id", "BIGINT"),
      req("observation_date", "DATE"),
      opt("observation_datetime", "TIMESTAMP"),
      opt("value_as_string", "VARCHAR"),
      opt("value_as_concept_id", "BIGINT"),
      opt("qualifier_concept_id", "BIGINT"),
      opt("observation_source_value", "VARCHAR"),
      opt("value_source_value", "VARCHAR"),
      opt("qualifier_source_value", "VARCHAR"),
    ],
    concepts: ["observation_concept_id", "value_as_concept_id", "qualifier_concept_id"],
  },
  death: {
    name: "death",
    columns: [
      req("person_id", "BIGINT"),
      req("death_date", "DATE"),
      opt("death_datetime", "TIMESTAMP"),
      opt("cause_concept_id", "BIGINT"),
    ],
    concepts: [],
  },
};

/** Schema of the imported CDM tables. */
export const CDM_SCHEMA = "cdm";
/** HemoSentinel's own schema (not `hemosentinel`: DuckDB names a database file's catalog after the file): import log, rejected rows, concept maps, screening runs. Never a CDM table. */
export const RESULTS_SCHEMA = "hemosentinel_results";

/** Where the CDM tables and HemoSentinel's results live (on a server: schemas the site chooses). */
export interface Schemas {
  readonly cdm: string;
  readonly results: string;
}

export const DEFAULT_SCHEMAS: Schemas = { cdm: CDM_SCHEMA, results: RESULTS_SCHEMA };

/**
 * The end of a drug exposure row (alias `g`) as a timestamp: its end date-time or end date, or, when the
 * row has neither but a days supply, the start date plus the days supply less one day, the OHDSI
 * convention ratified for an end not given in the data (Themis, drug_exposure_end_date: "drug start date +
 * days supply - 1 day"); null when none of them is there (a single administration, read on its start).
 * @example
 * drugExposureEnd(duckdb);
 * // "coalesce(g.drug_exposure_end_datetime, CAST(g.drug_exposure_end_date AS TIMESTAMP), CASE WHEN ...)"
 */
export function drugExposureEnd(d: Pick<Dialect, "addDayCount">): string {
  const start = "CAST(g.drug_exposure_start_date AS TIMESTAMP)";
  const supplied = `CASE WHEN g.days_supply > 0 THEN ${d.addDayCount(start, "g.days_supply - 1")} END`;
  return `coalesce(g.drug_exposure_end_datetime, CAST(g.drug_exposure_end_date AS TIMESTAMP), ${supplied})`;
}
