/**
 * Which rows the screen reads: only those of concepts the core's FHIR adapter would use or reject. A row
 * of any other concept becomes a record the adapter counts as not used (`notUsed`) and nothing else, and
 * no finding or unexplained abnormality reads that count (the assessment reads the record's labs,
 * exposures, medications and events; `rejected`, `notUsed` and `counts` are only copied into the
 * report), so leaving those rows unread changes no screen item; a row the adapter does not use but keeps the words
 * of (a problem entry naming an immunotherapy, read for the dosing-history item) is read. The full engine (`engineItems`, the
 * patient view) still reads every row: its report counts them.
 *
 * The scope is decided per concept by the adapter itself, not by a list: the adapter decides whether a
 * record is in scope from its code alone before looking at anything else (an Observation by its LOINC
 * code in the lab catalogue, the body-mass index or an event of the event map; a drug by the
 * immunotherapy and context-drug catalogues; a Condition or Procedure by the event map, a Procedure also
 * as a CAR-T infusion; a code matched by its text counts too), and the resources of ./records.ts carry
 * nothing else the decision could read (no panel members, no Medication references). So one probe row of
 * each concept the CDM tables use, built into a resource by ./records.ts and read by the adapter, tells
 * which concepts are in scope under this knowledge. A concept with no code and no text is rejected by
 * the adapter (`missing-code`), not counted as not used, and stays in scope. A condition of concept 0 ("No
 * matching concept") is read by its `condition_source_value`, a drug's by its `drug_source_value`, a measurement's
 * by its `measurement_source_value` and a procedure's by its `procedure_source_value` (./records.ts):
 * each distinct value is probed, and concept 0 is in scope when one of them is.
 */
import { createEngine, type Knowledge } from "@hemosentinel/core";
import type { CohortDatabase, Columns, Value } from "./database.js";
import { mappedSourceValue } from "./lab-map.js";
import {
  type BatchRows,
  type ConceptRow,
  omopDocument,
  type ReadScope,
  resourcesOf,
  type ScopedTable,
} from "./records.js";

/** The CDM tables whose rows the scope narrows: table, concept column, row id column. */
const TABLES = {
  measurement: ["measurement", "measurement_concept_id", "measurement_id"],
  drug: ["drug_exposure", "drug_concept_id", "drug_exposure_id"],
  condition: ["condition_occurrence", "condition_concept_id", "condition_occurrence_id"],
  procedure: ["procedure_occurrence", "procedure_concept_id", "procedure_occurrence_id"],
} as const satisfies Record<ScopedTable, readonly [string, string, string]>;

/** The tables whose rows of concept 0 are read by their source value (./records.ts), and its column. */
const SOURCE_VALUES: Partial<Record<ScopedTable, string>> = {
  condition: "condition_source_value",
  drug: "drug_source_value",
  measurement: "measurement_source_value",
  procedure: "procedure_source_value",
};

/**
 * The concepts of the CDM's rows that the core's adapter would use or reject under `knowledge`, per
 * table (see the module comment).
 * @example
 * const scope = await readScope(db, knowledge, "2025-06-30T23:59:59Z");
 * scope.measurement; // ["3024929", …]: the catalogue labs' concepts the measurement table uses
 */
export async function readScope(
  db: CohortDatabase,
  knowledge: Knowledge,
  evaluatedAt: string,
): Promise<ReadScope> {
  const C = db.schemas.cdm;
  const concepts: Record<string, ConceptRow> = {};
  const probes: Record<ScopedTable, Record<string, Value[]>> = {
    measurement: {},
    drug: {},
    condition: {},
    procedure: {},
  };
  /** Which probe patient stands for which table and concept: one patient (a person row) per probe. */
  const probeOf = new Map<string, { table: ScopedTable; conceptId: string }>();
  const persons: Value[] = [];
  for (const [table, [name, conceptColumn, idColumn]] of Object.entries(TABLES) as [
    ScopedTable,
    (typeof TABLES)[ScopedTable],
  ][]) {
    // A condition or drug of concept 0 is read by its source value: one probe per distinct value, below.
    const sourceColumn = SOURCE_VALUES[table];
    const rows = await db.all(
      `SELECT DISTINCT c.concept_id, c.vocabulary_id, c.concept_code, c.concept_name
       FROM (SELECT DISTINCT ${conceptColumn} AS concept_id FROM ${C}.${name}) x JOIN ${C}.concept c ON c.concept_id = x.concept_id${sourceColumn !== undefined ? " WHERE c.concept_id <> 0" : ""}`,
    );
    const columns: Record<string, Value[]> = { [idColumn]: [], person_id: [], at_iso: [], concept_id: [] };
    if (sourceColumn !== undefined) {
      const values: Value[] = [];
      columns[sourceColumn] = values;
      for (const r of await db.all(
        `SELECT DISTINCT ${table === "measurement" ? mappedSourceValue(db.schemas.results, "") : sourceColumn} AS v FROM ${C}.${name} WHERE ${conceptColumn} = 0`,
      )) {
        const person = `${probeOf.size + 1}`;
        probeOf.set(person, { table, conceptId: "0" });
        persons.push(person);
        columns[idColumn]?.push(person);
        columns.person_id?.push(person);
        columns.at_iso?.push(evaluatedAt);
        columns.concept_id?.push("0");
        values.push(r.v ?? null);
      }
    }
    for (const r of rows) {
      const conceptId = String(r.concept_id);
      const person = `${probeOf.size + 1}`;
      probeOf.set(person, { table, conceptId });
      persons.push(person);
      concepts[conceptId] = {
        vocabulary_id: r.vocabulary_id ?? null,
        concept_code: r.concept_code ?? null,
        concept_name: r.concept_name ?? null,
      };
      columns[idColumn]?.push(person);
      columns.person_id?.push(person);
      columns.at_iso?.push(evaluatedAt);
      columns.concept_id?.push(conceptId);
      if (sourceColumn !== undefined) columns[sourceColumn]?.push(null);
    }
    probes[table] = columns;
  }
  const batch: BatchRows = {
    concepts,
    person: { person_id: persons },
    ...(probes as Record<ScopedTable, Columns>),
  };
  const engine = createEngine(knowledge, { evaluatedAt, version: "read-scope" });
  const outOfScope = new Set<string>();
  // A probe patient holds its person row (used) and the one probe row: not used, or used or rejected. A row not used
  // but whose words name an immunotherapy ("s/p pembrolizumab x3 cycles") is read: beside a serious abnormality the
  // engine asks for the dosing history from those words.
  for (const record of engine.read(omopDocument(resourcesOf(batch)), "read-scope").patients)
    if (record.counts.notUsed > 0 && (record.drugWords ?? []).length === 0) outOfScope.add(record.patientId);
  const scope: Record<ScopedTable, string[]> = { measurement: [], drug: [], condition: [], procedure: [] };
  // A probe the adapter did not report on stays in scope: only a concept known to be unused is left out.
  // Concept 0 is in a table's scope when any one source value is read (its probes share the id).
  for (const [person, { table, conceptId }] of probeOf)
    if (!outOfScope.has(person) && !(conceptId === "0" && scope[table].includes("0")))
      scope[table].push(conceptId);
  return scope;
}
