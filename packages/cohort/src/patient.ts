/**
 * One cohort person assessed by the full engine from their OMOP rows, with the record the assessment
 * rests on: the shape of the server's patient view (`PatientAssessment`), so that a drug-safety reviewer
 * opens a flagged person from the cohort page into the same view a clinician sees.
 */
import {
  createEngine,
  type Knowledge,
  type PatientAssessment,
  type SettingsInForce,
} from "@hemosentinel/core";
import type { CohortDatabase } from "./database.js";
import { addResources, readBatch } from "./records.js";
import { requireStoreVersion } from "./results.js";

export interface CohortPatientOptions {
  /** The evaluation time (the screening run's, to show what the run saw). */
  readonly evaluatedAt: string;
  readonly version: string;
  readonly settings?: SettingsInForce;
}

/**
 * The assessment of `personId` as of `evaluatedAt`, or undefined when the CDM holds no such person.
 * @example
 * const a = await assessCohortPerson(db, knowledge, "42", { evaluatedAt: run.evaluatedAt, version });
 */
export async function assessCohortPerson(
  db: CohortDatabase,
  knowledge: Knowledge,
  personId: string,
  options: CohortPatientOptions,
): Promise<PatientAssessment | undefined> {
  // OMOP person ids are integers (read here up to 15 digits, exact as numbers): anything else names no
  // person and never reaches the SQL.
  if (!/^\d{1,15}$/.test(personId)) return undefined;
  // Rows of concept 0 are read as the import mapped them: a store imported by an earlier release is refused.
  await requireStoreVersion(db);
  const resources = await readBatch(db, [Number(personId)], options.evaluatedAt);
  if (!resources.some((r) => r.resourceType === "Patient")) return undefined;
  const engine = createEngine(knowledge, options);
  const added = addResources(engine, resources);
  const record = added.patients.find((p) => p.patientId === personId);
  if (record === undefined) return undefined;
  return { ...engine.header(), patient: engine.assess(personId), record };
}
