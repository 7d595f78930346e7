/**
 * FHIR R4 input → normalized PatientRecords (design.md "Input contract"). Pure: everything it needs is
 * in its arguments (the shipped unit tables are used when none are passed).
 */
import type { Patient } from "@medplum/fhirtypes";
import type { PatientRecord, Rejection } from "../../core/model.js";
import { BIRTH_DATE, evaluationInstant } from "../dates.js";
import { PatientBuilder } from "../patient-builder.js";
import { defaultUnitConverter, defaultUnitSpellings } from "../units.js";
import { Ingestion, type IngestOptions, type Outcome } from "./context.js";
import { collectEntries, type Entry, parseNdjson } from "./input.js";
import { ResourceIndex } from "./references.js";
import {
  condition,
  diagnosticReport,
  ignoredResource,
  medication,
  observation,
  procedure,
} from "./resources.js";

export type { IngestOptions } from "./context.js";

/** What happened to each resource of the input; used + merged + rejected + ignored = resources. */
export interface IngestStats {
  readonly used: number;
  readonly merged: number;
  readonly rejected: number;
  readonly ignored: number;
}

export interface FhirIngestResult {
  readonly patients: readonly PatientRecord[];
  /** Problems that belong to no patient: input that is not FHIR, unresolvable subjects, bad lines. */
  readonly inputErrors: readonly Rejection[];
  /** Resources outside the contract that name no patient (Organization, Practitioner, …), by type. */
  readonly ignored: Readonly<Record<string, number>>;
  readonly stats: IngestStats;
}

const SEX: Readonly<Record<string, PatientRecord["sex"]>> = {
  female: "female",
  male: "male",
  other: "other",
  unknown: "unknown",
};
const URN_OR_URL_ID = /([^/:]+)$/;

/** The patient id: Patient.id, else the last segment of its fullUrl (`urn:uuid:…`, absolute URL). */
function patientIdOf(entry: Entry): string | undefined {
  if (entry.resource.id !== undefined && entry.resource.id !== "") return entry.resource.id;
  return entry.fullUrl === undefined ? undefined : URN_OR_URL_ID.exec(entry.fullUrl)?.[1];
}

/**
 * Reads FHIR R4 input — a Bundle of any type, a single resource, or an array of resources — into one
 * PatientRecord per Patient. Every resource is used, merged as a duplicate, rejected with a specific
 * reason, or counted as ignored by type; nothing is dropped silently.
 * @example
 * const { patients, inputErrors } = ingestFhir(bundle, { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z" });
 */
export function ingestFhir(input: unknown, opts: IngestOptions): FhirIngestResult {
  const evaluatedAtMs = evaluationInstant(opts.evaluatedAt);
  const { entries, errors } = collectEntries(input, opts.file);
  const index = new ResourceIndex(entries);
  const builders = new Map<string, PatientBuilder>();
  const patients = new Map<Entry, PatientBuilder>();
  const units = opts.units ?? defaultUnitConverter();
  const spellings = opts.spellings ?? defaultUnitSpellings();
  const withBmi = opts.bmi === undefined ? { ...opts, bmi: opts.vocabulary.bmi } : opts;
  const ctx = new Ingestion(withBmi, index, patients, evaluatedAtMs, units, spellings);
  ctx.inputErrors.push(...errors);
  // Every entry is counted once as used, merged, rejected or ignored.

  for (const entry of entries) {
    if (entry.resource.resourceType !== "Patient") continue;
    const id = patientIdOf(entry);
    if (id === undefined) {
      ctx.inputErrors.push(
        ctx.rejection(ctx.refOf(entry), "missing-id", "Patient has neither an id nor a fullUrl", "id"),
      );
      ctx.count("rejected");
      continue;
    }
    let b = builders.get(id);
    const merged = b !== undefined;
    if (b === undefined) {
      b = new PatientBuilder(id);
      builders.set(id, b);
    }
    patients.set(entry, b);
    const p = entry.resource as Patient;
    const sex = p.gender === undefined ? undefined : SEX[p.gender];
    const birthDate = p.birthDate !== undefined && BIRTH_DATE.test(p.birthDate) ? p.birthDate : undefined;
    if (p.birthDate !== undefined && birthDate === undefined) {
      b.reject(
        ctx.rejection(
          ctx.refOf(entry),
          "invalid-date",
          `birthDate "${p.birthDate}" is not a FHIR date`,
          "birthDate",
        ),
      );
    }
    b.setDemographics(birthDate, sex);
    ctx.count(merged ? "merged" : "used");
  }

  for (const entry of entries) {
    const type = entry.resource.resourceType;
    if (type === "Patient" || type === "Medication") continue;
    ctx.count(ingestEntry(type, entry, ctx));
  }
  // A Medication is a code lookup for medication records: used when referenced, else ignored.
  for (const entry of entries) {
    if (entry.resource.resourceType !== "Medication") continue;
    ctx.count(ctx.usedMedications.has(entry) ? "used" : ignoredResource(entry, ctx));
  }

  return {
    patients: [...builders.values()].map((b) => b.build()),
    inputErrors: ctx.inputErrors,
    ignored: Object.fromEntries(ctx.ignored),
    stats: { ...ctx.stats },
  };
}

/** One non-Patient, non-Medication entry, by resource type. */
function ingestEntry(type: string, entry: Entry, ctx: Ingestion): Outcome {
  switch (type) {
    case "Observation":
      return observation(entry, ctx);
    case "DiagnosticReport":
      return diagnosticReport(entry, ctx);
    case "Condition":
      return condition(entry, ctx);
    case "Procedure":
      return procedure(entry, ctx);
    case "MedicationAdministration":
    case "MedicationRequest":
    case "MedicationStatement":
      return medication(entry, ctx);
    default:
      return ignoredResource(entry, ctx);
  }
}

/**
 * NDJSON bulk-export text → records: each line parsed (bad lines reported with their line number), then
 * all resources ingested together so references between lines resolve.
 * @example
 * const result = ingestNdjson(text, { vocabulary, evaluatedAt, file: "export.ndjson" });
 */
export function ingestNdjson(
  text: string,
  opts: IngestOptions & { readonly file: string },
): FhirIngestResult {
  const { resources, errors } = parseNdjson(text, opts.file);
  const result = ingestFhir(resources, opts);
  return { ...result, inputErrors: [...errors, ...result.inputErrors] };
}
