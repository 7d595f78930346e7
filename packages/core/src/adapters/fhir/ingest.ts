/**
 * FHIR R4 input → normalized PatientRecords (design.md "Input contract"). Pure: everything it needs is
 * in its arguments (the shipped unit tables are used when none are passed).
 *
 * Every resource of the input — contained resources included — is counted exactly once, on the patient
 * it belongs to, as used, merged (a repeat), rejected, not used or ignored. A resource belongs to a
 * patient when it names one (`subject`, `patient`, `beneficiary`), when it is contained in a resource of
 * that patient, when a medication record of that patient names it (a Medication), or when a resource of
 * that patient refers to it (an Organization or Practitioner named by an Encounter). What belongs to no
 * patient is counted on the input: a contract resource without a usable subject is an input error; any
 * other resource is counted in the input's `ignored`.
 */
import type { PatientRecord, RecordCounts, Rejection } from "../../contracts/model.js";
import { evaluationInstant } from "../dates.js";
import { buildAll, type PatientBuilder } from "../patient-builder.js";
import { Ingestion, type IngestOptions } from "./context.js";
import { collectEntries, type Entry, parseNdjson } from "./input.js";
import { ResourceIndex } from "./references.js";
import { IngestionRun } from "./run.js";

export type { IngestOptions } from "./context.js";

export interface FhirIngestResult {
  readonly patients: readonly PatientRecord[];
  /** Problems that belong to no patient: input that is not FHIR, unresolvable subjects, bad lines. */
  readonly inputErrors: readonly Rejection[];
  /** Resources outside the contract that belong to no patient (an unreferenced Organization), by type. */
  readonly ignored: Readonly<Record<string, number>>;
  /** Every resource of the input (contained ones included), patients and input together. */
  readonly stats: RecordCounts;
}

/**
 * Reads FHIR R4 input — a Bundle of any type, a single resource, or an array of resources — into one
 * PatientRecord per Patient. Every resource is used, merged as a duplicate, rejected with a specific
 * reason, not used (out of scope) or ignored (type outside the contract); nothing is dropped silently.
 * @example
 * const { patients, inputErrors } = ingestFhir(bundle, { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z" });
 */
export function ingestFhir(input: unknown, opts: IngestOptions): FhirIngestResult {
  return ingestEntries(collectEntries(input, opts.file), opts);
}

/**
 * NDJSON bulk-export text → records: each line parsed (bad lines reported as `file:LINE`), then all
 * resources ingested together so references between lines resolve.
 * @example
 * const result = ingestNdjson(text, { vocabulary, evaluatedAt, file: "export.ndjson" });
 */
export function ingestNdjson(
  text: string,
  opts: IngestOptions & { readonly file: string },
): FhirIngestResult {
  const { resources, positions, errors } = parseNdjson(text, opts.file);
  const result = ingestEntries(collectEntries(resources, opts.file, positions), opts);
  return { ...result, inputErrors: [...errors, ...result.inputErrors] };
}

/**
 * One patient's resources gathered from many files (a bulk export grouped by patient), each entry naming
 * its own file: read together so that references between them resolve. `lookups` are resources of
 * other groups that these refer to (a Medication, an Organization, the Patient of a Bundle read on its
 * own) already counted elsewhere: they resolve references but are not counted again; a Patient among
 * them gives its patient a record (demographics come from where it was counted).
 * @example
 * ingestGroup([{ resource: patient, file: "Patient.ndjson", position: "line 1" }, …], [], { vocabulary, evaluatedAt });
 */
export function ingestGroup(
  entries: readonly Entry[],
  lookups: readonly Entry[],
  opts: IngestOptions,
): FhirIngestResult {
  return ingestEntries({ entries, errors: [] }, opts, lookups);
}

function ingestEntries(
  collected: { entries: readonly Entry[]; errors: readonly Rejection[] },
  opts: IngestOptions,
  lookups: readonly Entry[] = [],
): FhirIngestResult {
  const evaluatedAtMs = evaluationInstant(opts.evaluatedAt);
  // The group's own entries come last, so that they win where a lookup has the same name.
  const index = new ResourceIndex(
    lookups.length === 0 ? collected.entries : [...lookups, ...collected.entries],
  );
  const patients = new Map<Entry, PatientBuilder>();
  const withBmi = opts.bmi === undefined ? { ...opts, bmi: opts.vocabulary.bmi } : opts;
  const ctx = new Ingestion(
    withBmi,
    index,
    patients,
    evaluatedAtMs,
    opts.units ?? opts.vocabulary.units,
    opts.spellings ?? opts.vocabulary.unitSpellings,
  );
  ctx.inputErrors.push(...collected.errors);
  const known = lookups.filter((e) => e.resource.resourceType === "Patient");
  const builders = new IngestionRun(ctx, collected.entries, known).readAll(patients);
  return {
    patients: buildAll(builders.values(), ctx.stats),
    inputErrors: ctx.inputErrors,
    ignored: Object.fromEntries(ctx.ignored),
    stats: { ...ctx.stats },
  };
}
