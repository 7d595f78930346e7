/**
 * Concept maps: what each OMOP concept of the imported rows is to HemoSentinel, decided once per concept
 * by the core's own vocabulary and unit converter and stored in the results schema, so the SQL prefilter
 * and the import summary read exactly what the core would read.
 *
 * - `lab_map`: per (measurement concept, unit concept, unit text, source value) the catalogue lab, the factor to
 *   its canonical unit (UCUM through the core's converter; a linear factor, since lab units have no offset),
 *   or why the unit cannot be converted; plus the lab's plausible range and catalogue reference range. The
 *   source value is '' except for a row of concept 0, read by its `measurement_source_value` (a LOINC code,
 *   `777-3`, `LOINC:777-3`, `777-3|Platelets`: see `loincSourceCode`); `source_reason` says why such a value
 *   names no code (a LOINC-shaped value whose check digit is wrong).
 *   A local code listed in the site's lab map (`lab_code_map`, ./lab-map.ts) is read as the LOINC code it maps to.
 * - `drug_map`: per drug (or procedure) concept the immunotherapy and class, or the context drug and roles.
 * - `event_map`: per condition, procedure or measurement concept the clinical event kinds and their qualifiers,
 *   one row per kind: a procedure's one event; every event a condition's or a measurement's words can give on any
 *   date (a superset of what the core reads from one of its records; a measurement of a catalogue lab names none). A condition row of concept 0 ("No matching concept") is
 *   read by its `condition_source_value` (an ICD-10-CM code, else words; see `sourceValueConcept`): each
 *   distinct value is classified once, its rows under source `condition_source_value` with that value; a drug
 *   of concept 0 likewise by its `drug_source_value` words in `drug_map` (source `drug_source_value`), and a
 *   procedure of concept 0 by its `procedure_source_value` words (source `procedure_source_value`: an
 *   immunotherapy infusion in `drug_map`, else its event in `event_map`), and a measurement of concept 0 by the
 *   words of its `measurement_source_value` when they are no catalogue LOINC code (source
 *   `measurement_source_value`: "DVT on duplex").
 */
import { type Knowledge, type LabDefinition, procedureEvent } from "@hemosentinel/core";
import { RESULTS_SCHEMA } from "./cdm.js";
import { loincSourceCode, type OmopConcept, sourceConcept, sourceValueConcept } from "./concepts.js";
import type { CohortDatabase, Row } from "./database.js";
import { insertRows } from "./sql.js";

const S = RESULTS_SCHEMA;

/** The columns of the three concept map tables (also written by `cohort sql` into a warehouse). */
export const MAP_COLUMNS = {
  lab_map:
    "concept_id BIGINT, unit_concept_id BIGINT, unit_text VARCHAR, unit_sent VARCHAR, lab_id VARCHAR, qualitative BOOLEAN, factor DOUBLE, unit_reason VARCHAR, plausible_min DOUBLE, plausible_max DOUBLE, ref_low DOUBLE, ref_high DOUBLE, source_value VARCHAR, source_reason VARCHAR",
  drug_map:
    "concept_id BIGINT, source VARCHAR, kind VARCHAR, drug VARCHAR, class VARCHAR, roles VARCHAR, source_value VARCHAR",
  event_map: "concept_id BIGINT, source VARCHAR, kind VARCHAR, qualifiers VARCHAR, source_value VARCHAR",
} as const;

/** One (measurement concept, unit) pair as the core reads it. */
export interface LabMapping {
  readonly concept_id: number;
  readonly unit_concept_id: number;
  readonly unit_text: string;
  /** The unit as handed to the core: the UCUM code of the unit concept, else the unit as the source printed it. */
  readonly unit_sent: string | null;
  readonly lab_id: string | null;
  readonly qualitative: boolean;
  readonly factor: number | null;
  readonly unit_reason: string | null;
  readonly plausible_min: number | null;
  readonly plausible_max: number | null;
  readonly ref_low: number | null;
  readonly ref_high: number | null;
}

const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

function conceptOf(r: Row, prefix = ""): OmopConcept | undefined {
  const vocabulary = r[`${prefix}vocabulary_id`];
  if (vocabulary === null || vocabulary === undefined) return undefined;
  return {
    vocabulary_id: text(vocabulary),
    concept_code: text(r[`${prefix}concept_code`]),
    concept_name: text(r[`${prefix}concept_name`]),
  };
}

/** The unit as the core receives it: UCUM code of a UCUM unit concept, else the source's unit text. */
export function unitSent(unitConcept: OmopConcept | undefined, unitText: string): string | undefined {
  if (unitConcept?.vocabulary_id === "UCUM" && unitConcept.concept_code !== "")
    return unitConcept.concept_code;
  return unitText.trim() === "" ? undefined : unitText.trim();
}

/** What one (concept, unit) pair is: the catalogue lab and factor, or why not. */
export function mapLab(
  knowledge: Knowledge,
  concept: OmopConcept | undefined,
  unitConcept: OmopConcept | undefined,
  unitText: string,
): Omit<LabMapping, "concept_id" | "unit_concept_id" | "unit_text"> {
  const none = {
    unit_sent: null,
    lab_id: null,
    qualitative: false,
    factor: null,
    unit_reason: null,
    plausible_min: null,
    plausible_max: null,
    ref_low: null,
    ref_high: null,
  };
  const { vocabulary } = knowledge;
  const lab = concept?.vocabulary_id === "LOINC" ? vocabulary.lab(concept.concept_code) : undefined;
  if (lab === undefined) return none;
  const sent = unitSent(unitConcept, unitText);
  const range = (l: LabDefinition) => ({
    plausible_min: l.plausible?.min ?? null,
    plausible_max: l.plausible?.max ?? null,
    ref_low: l.reference?.low ?? null,
    ref_high: l.reference?.high ?? null,
  });
  if (lab.unit === undefined)
    return { ...none, unit_sent: sent ?? null, lab_id: lab.id, qualitative: true, ...range(lab) };
  // The catalogue's labs carry their unit rules (basis, equivalences, rejected units) for the converter.
  const c = vocabulary.units.convert(1, sent, lab as Parameters<typeof vocabulary.units.convert>[2]);
  if (!c.ok)
    return { ...none, unit_sent: sent ?? null, lab_id: lab.id, unit_reason: c.reason, ...range(lab) };
  // A basis-less D-dimer whose unit names FEU or DDU is read as that lab, as the core does.
  const moved =
    c.basis !== undefined && lab.basisLabs !== undefined ? vocabulary.labById(lab.basisLabs[c.basis]) : lab;
  const target = moved ?? lab;
  return { ...none, unit_sent: sent ?? null, lab_id: target.id, factor: c.value, ...range(target) };
}

/**
 * The key of a measurement row (alias `m`, or none for `""`) in `lab_map`'s `source_value`: its
 * `measurement_source_value` when its concept is 0 ("No matching concept"), else '' (the concept decides).
 * @example
 * measurementSourceKey("m"); // "CASE WHEN m.measurement_concept_id = 0 THEN coalesce(m.measurement_source_value, '') ELSE '' END"
 */
export function measurementSourceKey(alias: string): string {
  const a = alias === "" ? "" : `${alias}.`;
  return `CASE WHEN ${a}measurement_concept_id = 0 THEN coalesce(${a}measurement_source_value, '') ELSE '' END`;
}

/**
 * The join of a measurement row (alias `m`) to its row of `lab_map` (alias `l`, in the results schema `S`):
 * concept, unit concept, printed unit when the unit concept is 0, source value when the concept is 0. Only
 * equalities, so every database hashes it.
 */
export function labMapJoin(S: string, l: string, m: string): string {
  return `JOIN ${S}.lab_map ${l} ON ${l}.concept_id = ${m}.measurement_concept_id
     AND ${l}.unit_concept_id = coalesce(${m}.unit_concept_id, 0)
     AND ${l}.unit_text = CASE WHEN coalesce(${m}.unit_concept_id, 0) = 0 THEN coalesce(${m}.unit_source_value, '') ELSE '' END
     AND ${l}.source_value = ${measurementSourceKey(m)}`;
}

async function rebuild(db: CohortDatabase, table: string, columns: string, rows: unknown[][]): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${S}.${table} (${columns})`);
  await insertRows(db, `${S}.${table}`, rows);
}

/**
 * Builds `lab_map`, `drug_map` and `event_map` for the concepts the staged rows use.
 * `from` names the relation of each table to read (staged rows during import).
 */
/**
 * The site's lab map a store holds (`import --lab-map`): the file it was read from and that file's SHA-256 (both
 * absent for a map stored by a release that did not record them), and its codes.
 */
export interface StoredLabMap {
  readonly file?: string;
  readonly sha256?: string;
  readonly codes: ReadonlyMap<string, string>;
}

/**
 * Creates the tables of a site's local lab codes (`lab_code_map`) and of the file they were read from
 * (`lab_code_map_file`: file, SHA-256, codes), empty when the store holds no map, and fills them.
 */
export async function writeLabCodeMap(db: CohortDatabase, map: StoredLabMap | undefined): Promise<void> {
  await rebuild(db, "lab_code_map", "source_value VARCHAR, loinc VARCHAR", [...(map?.codes ?? [])]);
  await rebuild(
    db,
    "lab_code_map_file",
    "file VARCHAR, sha256 VARCHAR, codes BIGINT",
    map === undefined ? [] : [[map.file ?? null, map.sha256 ?? null, map.codes.size]],
  );
}

/**
 * The lab map a store holds, read back for the next import (which keeps it when it is given none); undefined
 * when the store holds none. Reads only.
 */
export async function storedLabMap(db: CohortDatabase): Promise<StoredLabMap | undefined> {
  const S = db.schemas.results;
  const tables = new Set(
    (
      await db.all(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = ${db.dialect.string(S)}
         AND table_name IN ('lab_code_map', 'lab_code_map_file')`,
      )
    ).map((r) => String(r.table_name)),
  );
  if (!tables.has("lab_code_map")) return undefined;
  const codes = new Map(
    (await db.all(`SELECT source_value, loinc FROM ${S}.lab_code_map ORDER BY source_value`)).map((r) => [
      String(r.source_value),
      String(r.loinc),
    ]),
  );
  const file = tables.has("lab_code_map_file")
    ? (await db.all(`SELECT file, sha256 FROM ${S}.lab_code_map_file`))[0]
    : undefined;
  if (file === undefined && codes.size === 0) return undefined;
  return {
    ...(file?.file !== null && file?.file !== undefined && { file: String(file.file) }),
    ...(file?.sha256 !== null && file?.sha256 !== undefined && { sha256: String(file.sha256) }),
    codes,
  };
}

export async function buildConceptMaps(
  db: CohortDatabase,
  knowledge: Knowledge,
  from: {
    measurement?: string;
    drug_exposure?: string;
    condition_occurrence?: string;
    procedure_occurrence?: string;
  },
  concept: string,
): Promise<void> {
  const labRows: unknown[][] = [];
  if (from.measurement) {
    const pairs = await db.all(
      `SELECT DISTINCT m.concept_id, m.unit_concept_id, m.unit_text, m.source_value,
         c.vocabulary_id, c.concept_code, c.concept_name,
         u.vocabulary_id AS u_vocabulary_id, u.concept_code AS u_concept_code, u.concept_name AS u_concept_name
       FROM (SELECT measurement_concept_id AS concept_id, coalesce(unit_concept_id, 0) AS unit_concept_id,
                    CASE WHEN coalesce(unit_concept_id, 0) = 0 THEN coalesce(unit_source_value, '') ELSE '' END AS unit_text,
                    ${measurementSourceKey("")} AS source_value
             FROM ${from.measurement}) m
       LEFT JOIN ${concept} c ON c.concept_id = m.concept_id
       LEFT JOIN ${concept} u ON u.concept_id = m.unit_concept_id AND m.unit_concept_id <> 0`,
    );
    // A site's local codes (`import --lab-map`): a listed code is read as its LOINC code, as ./records.ts reads it.
    const local = new Map(
      (await db.all(`SELECT source_value, loinc FROM ${S}.lab_code_map`)).map((r) => [
        text(r.source_value),
        text(r.loinc),
      ]),
    );
    for (const p of pairs) {
      // A row of concept 0 is the LOINC code its source value holds (as ./records.ts gives it to the core).
      const unmapped = Number(p.concept_id) === 0;
      const mapped = local.get(text(p.source_value).trim());
      const source = mapped === undefined ? p.source_value : `${mapped}|${text(p.source_value).trim()}`;
      const concept = unmapped ? sourceValueConcept(source, "measurement_source_value") : conceptOf(p);
      const loinc = unmapped ? loincSourceCode(source) : undefined;
      const m = mapLab(knowledge, concept, conceptOf(p, "u_"), text(p.unit_text));
      labRows.push([
        p.concept_id,
        p.unit_concept_id,
        text(p.unit_text),
        m.unit_sent,
        m.lab_id,
        m.qualitative,
        m.factor,
        m.unit_reason,
        m.plausible_min,
        m.plausible_max,
        m.ref_low,
        m.ref_high,
        text(p.source_value),
        loinc !== undefined && "invalid" in loinc ? loinc.invalid : null,
      ]);
    }
  }
  await rebuild(db, "lab_map", MAP_COLUMNS.lab_map, labRows);

  const distinct = async (relation: string | undefined, column: string) =>
    relation === undefined
      ? []
      : db.all(
          `SELECT DISTINCT x.${column} AS concept_id, c.vocabulary_id, c.concept_code, c.concept_name
           FROM ${relation} x JOIN ${concept} c ON c.concept_id = x.${column}`,
        );
  const drugRows: unknown[][] = [];
  const eventRows: unknown[][] = [];
  const medication = (r: Row, source: string, sourceValue: unknown = null) => {
    const c = conceptOf(r);
    const m = c === undefined ? undefined : knowledge.vocabulary.medication(sourceConcept(c));
    if (m === undefined) return false;
    if ((source === "procedure" || source === "procedure_source_value") && m.kind !== "immunotherapy")
      return false;
    drugRows.push([
      r.concept_id,
      source,
      m.kind,
      m.drug,
      m.kind === "immunotherapy" ? m.class : null,
      m.kind === "context" ? `;${m.roles.join(";")};` : null,
      sourceValue,
    ]);
    return true;
  };
  const isLab = (c: OmopConcept | undefined) =>
    c?.vocabulary_id === "LOINC" && knowledge.vocabulary.lab(c.concept_code) !== undefined;
  const event = (r: Row, source: string) => {
    const c = conceptOf(r);
    if (c === undefined) return;
    // A procedure is read as the one event its concept names; a condition as every event its words give
    // (a note naming a HIT and a new DVT gives both), on whatever date it is recorded (a HIT with a date
    // written after it is past or current depending on the record's date): every kind it can give.
    // A procedure's intervention is read as the core's adapter reads it (procedureEvent): a "Whipple procedure for
    // pancreatic cancer" names the cancer first, and the operation is what was done.
    const events =
      source === "procedure"
        ? [procedureEvent(knowledge.vocabulary, sourceConcept(c))]
        : knowledge.vocabulary.eventsOnAnyDate(sourceConcept(c));
    for (const e of events)
      if (e !== undefined)
        eventRows.push([r.concept_id, source, e.kind, `;${e.qualifiers.join(";")};`, null]);
  };
  for (const r of await distinct(from.drug_exposure, "drug_concept_id")) medication(r, "drug");
  // A measurement whose concept is no catalogue lab but names an event ("DVT on duplex", "Bleeding") is read by
  // the core as that event (an Observation of a clinical event), with every event its words give.
  for (const r of await distinct(from.measurement, "measurement_concept_id"))
    if (!isLab(conceptOf(r))) event(r, "measurement");
  for (const r of await distinct(from.condition_occurrence, "condition_concept_id")) event(r, "condition");
  for (const r of await distinct(from.procedure_occurrence, "procedure_concept_id"))
    if (!medication(r, "procedure")) event(r, "procedure");
  if (from.drug_exposure)
    for (const r of await db.all(
      `SELECT DISTINCT drug_source_value AS v FROM ${from.drug_exposure}
       WHERE drug_concept_id = 0 AND drug_source_value IS NOT NULL`,
    )) {
      const c = sourceValueConcept(r.v, "drug_source_value");
      if (c !== undefined) medication({ concept_id: 0, ...c }, "drug_source_value", r.v);
    }
  if (from.condition_occurrence)
    for (const r of await db.all(
      `SELECT DISTINCT condition_source_value AS v FROM ${from.condition_occurrence}
       WHERE condition_concept_id = 0 AND condition_source_value IS NOT NULL`,
    )) {
      const c = sourceValueConcept(r.v, "condition_source_value");
      if (c === undefined) continue;
      for (const e of knowledge.vocabulary.eventsOnAnyDate(sourceConcept(c)))
        eventRows.push([0, "condition_source_value", e.kind, `;${e.qualifiers.join(";")};`, r.v]);
    }
  // A measurement of concept 0 by its measurement_source_value: a LOINC code is a lab (lab_map), any other
  // words naming an event are that event, as the core reads the Observation's text.
  if (from.measurement)
    for (const r of await db.all(
      `SELECT DISTINCT measurement_source_value AS v FROM ${from.measurement}
       WHERE measurement_concept_id = 0 AND measurement_source_value IS NOT NULL`,
    )) {
      const c = sourceValueConcept(r.v, "measurement_source_value");
      if (c === undefined || isLab(c)) continue;
      for (const e of knowledge.vocabulary.eventsOnAnyDate(sourceConcept(c)))
        eventRows.push([0, "measurement_source_value", e.kind, `;${e.qualifiers.join(";")};`, r.v]);
    }
  // A procedure of concept 0 by the words of its procedure_source_value: an infusion of a catalogue
  // immunotherapy ("axi-cel infusion") is a dose, any other the one event its words name, as for a concept.
  if (from.procedure_occurrence)
    for (const r of await db.all(
      `SELECT DISTINCT procedure_source_value AS v FROM ${from.procedure_occurrence}
       WHERE procedure_concept_id = 0 AND procedure_source_value IS NOT NULL`,
    )) {
      const c = sourceValueConcept(r.v, "procedure_source_value");
      if (c === undefined) continue;
      if (medication({ concept_id: 0, ...c }, "procedure_source_value", r.v)) continue;
      const e = procedureEvent(knowledge.vocabulary, sourceConcept(c));
      if (e !== undefined)
        eventRows.push([0, "procedure_source_value", e.kind, `;${e.qualifiers.join(";")};`, r.v]);
    }
  await rebuild(db, "drug_map", MAP_COLUMNS.drug_map, drugRows);
  await rebuild(db, "event_map", MAP_COLUMNS.event_map, eventRows);
}
