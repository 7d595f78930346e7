/**
 * State of one FHIR ingestion: the resource index, one PatientBuilder per patient, and the bookkeeping
 * that guarantees every resource is used, merged, rejected or counted as ignored — never dropped.
 */
import type { Reference, Resource } from "@medplum/fhirtypes";
import type { Rejection } from "../../core/model.js";
import type { UnitSpellings } from "../../knowledge/labs.js";
import type { BmiDefinition, Vocabulary } from "../../knowledge/vocabulary.js";
import { checkDate, firstDate } from "../dates.js";
import type { LabReadContext } from "../lab-result.js";
import type { PatientBuilder } from "../patient-builder.js";
import type { UnitConverter } from "../units.js";
import type { Entry } from "./input.js";
import { literal, type ResourceIndex } from "./references.js";

/** What happened to one resource. */
export type Outcome = "used" | "merged" | "rejected" | "ignored";

export interface IngestOptions {
  readonly vocabulary: Vocabulary;
  /** Evaluation time: records dated after it are rejected as future-dated. */
  readonly evaluatedAt: string;
  readonly file?: string;
  /** Unit converter and result spellings; the shipped tables when absent. */
  readonly units?: UnitConverter;
  readonly spellings?: UnitSpellings;
  /** Body-mass index code(s) and plausible range; the vocabulary's when absent. */
  readonly bmi?: BmiDefinition;
}

export class Ingestion {
  readonly inputErrors: Rejection[] = [];
  /** Ignored resources that name no patient (Organization, Practitioner, …), by type. */
  readonly ignored = new Map<string, number>();
  readonly stats = { used: 0, merged: 0, rejected: 0, ignored: 0 };
  /** Medication resources some medication record referenced (they are used, not ignored). */
  readonly usedMedications = new Set<Entry>();
  readonly labs: LabReadContext;

  constructor(
    readonly opts: IngestOptions,
    readonly index: ResourceIndex,
    readonly patients: ReadonlyMap<Entry, PatientBuilder>,
    readonly evaluatedAtMs: number,
    units: UnitConverter,
    spellings: UnitSpellings,
  ) {
    this.labs = { vocabulary: opts.vocabulary, units, spellings };
  }

  count(outcome: Outcome): void {
    this.stats[outcome]++;
  }

  /** The ref records from this resource cite: `Type/id`, else its fullUrl, else file and position. */
  refOf(entry: Entry): string {
    const r = entry.resource;
    if (r.id !== undefined) return `${r.resourceType}/${r.id}`;
    if (entry.fullUrl !== undefined) return entry.fullUrl;
    return `${this.opts.file ?? "input"}#${entry.position}`;
  }

  rejection(ref: string, code: string, reason: string, field?: string): Rejection {
    return {
      ref,
      code,
      reason,
      ...(this.opts.file !== undefined && { file: this.opts.file }),
      ...(field !== undefined && { field }),
    };
  }

  /** Records a rejection on the patient when known, else as an input error. */
  reject(patient: PatientBuilder | undefined, r: Rejection): "rejected" {
    if (patient) patient.reject(r);
    else this.inputErrors.push(r);
    return "rejected";
  }

  /**
   * The patient a resource belongs to through `field`. A missing reference or one that does not resolve
   * to a Patient of the input is a rejection (no guessing, even with a single patient in the input).
   */
  patientOf(
    ref: string,
    resource: Resource,
    field: string,
  ): { readonly patient: PatientBuilder } | { readonly rejection: Rejection } {
    const target = literal((resource as unknown as Record<string, Reference | undefined>)[field]);
    if (target === undefined) {
      return {
        rejection: this.rejection(
          ref,
          "missing-subject",
          `${resource.resourceType} has no ${field} reference`,
          field,
        ),
      };
    }
    const entry = this.index.resolve(target);
    const patient = entry === undefined ? undefined : this.patients.get(entry);
    if (patient === undefined) {
      const what =
        entry === undefined ? "is not in the input" : `is a ${entry.resource.resourceType}, not a Patient`;
      return {
        rejection: this.rejection(ref, "broken-reference", `${field} reference "${target}" ${what}`, field),
      };
    }
    return { patient };
  }

  /** The first present date among `candidates` (in that order), validated; the field it came from. */
  date(candidates: readonly (readonly [string, unknown])[]): DatePick {
    const found = firstDate(candidates);
    if (found === undefined) {
      const fields = candidates.map((c) => c[0]).join(", ");
      return { ok: false, code: "missing-date", reason: `no date: none of ${fields} is present` };
    }
    const checked = checkDate(found.value, found.field, this.evaluatedAtMs);
    return checked.ok ? { ok: true, at: checked.at, field: found.field } : { ...checked, field: found.field };
  }
}

export type DatePick =
  | { readonly ok: true; readonly at: string; readonly field: string }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly field?: string };
