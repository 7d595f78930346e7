/**
 * Normalized patient record: what adapters (FHIR, CSV, OMOP) produce and the pure core consumes.
 * Every record keeps `ref`, the id of the source record it came from (e.g. `Observation/abc`), so that
 * findings can cite their evidence and nothing is counted twice.
 */
import type { ConflictKind, ContextRole, EventKind, Qualitative, TherapyClass } from "./vocabularies.js";

/** ISO 8601 instant or date exactly as the source gave it (kept as text so no time zone is ever assumed). */
export type IsoDateTime = string;

/** One administration, prescription or infusion of an immunotherapy drug. */
export interface Dose {
  readonly ref: string;
  readonly at: IsoDateTime;
  /** End of a period (MedicationStatement / request validity); absent for a single administration. */
  readonly end?: IsoDateTime;
  /** Evidence strength: an administration or infusion is a given dose; a request or statement only intends one. */
  readonly kind: "administration" | "request" | "statement" | "procedure";
}

/** All doses of one catalogue drug, merged across source records. */
export interface Exposure {
  readonly drug: string;
  readonly class: TherapyClass;
  readonly doses: readonly Dose[];
  /** First and last dose (instants as given). */
  readonly first: IsoDateTime;
  readonly last: IsoDateTime;
  /** CAR-T only: the infusion date (day 0). */
  readonly infusion?: IsoDateTime;
}

/** Day 0 of an exposure: the CAR-T infusion, else the first dose. */
export function exposureStart(e: Exposure): IsoDateTime {
  return e.infusion ?? e.first;
}

export interface ContextDrug {
  readonly ref: string;
  readonly drug: string;
  readonly roles: readonly ContextRole[];
  readonly start: IsoDateTime;
  readonly end?: IsoDateTime;
}

/** A lab value converted to the catalogue's canonical UCUM unit for its lab id. */
export interface LabResult {
  readonly ref: string;
  /** Lab catalogue id, e.g. `platelets`, `d-dimer-feu`. */
  readonly lab: string;
  readonly loinc: string;
  readonly at: IsoDateTime;
  /** Numeric value in the canonical unit; absent for qualitative results. */
  readonly value?: number;
  /** Canonical UCUM unit of `value`. */
  readonly unit?: string;
  readonly qualitative?: Qualitative;
  /** `<` / `>` when the source reported a censored value such as `<5 %`. */
  readonly comparator?: "<" | "<=" | ">" | ">=";
  /** Reference range from the source, converted to the canonical unit. */
  readonly refLow?: number;
  readonly refHigh?: number;
  /** Value and unit as sent, for the report. */
  readonly original: { readonly value?: number | string; readonly unit?: string };
}

/** A clinical event or condition (Condition, Observation, Procedure), with its grade when the source has one. */
export interface ClinicalEvent {
  readonly ref: string;
  readonly kind: EventKind;
  readonly at: IsoDateTime;
  readonly end?: IsoDateTime;
  readonly grade?: number;
  /** Free qualifiers: `venous`, `arterial`, `intracranial`, `major`, cancer site for Khorana (`lung`, `pancreas`). */
  readonly qualifiers?: readonly string[];
  readonly text?: string;
}

/** A source record that could not be used, and why. */
export interface Rejection {
  readonly ref: string;
  /** Machine-readable reason, e.g. `unit-not-convertible`, `unknown-code`, `future-date`, `broken-reference`. */
  readonly code: string;
  /** Specific, human-readable reason naming the field and value. */
  readonly reason: string;
  /** Where it came from, for messages: file name and, when known, the field. */
  readonly file?: string;
  readonly field?: string;
}

/** Facts about the input that are not errors but must not be guessed away (contradictions). */
export interface Conflict {
  readonly kind: ConflictKind;
  readonly refs: readonly string[];
  readonly detail: string;
}

/**
 * What happened to each source record of one patient: read = used + merged + rejected + notUsed + ignored.
 * `notUsed` counts records of contract types whose codes are outside scope (an ankle sprain, an
 * antihistamine); `ignored` counts resource types outside the contract.
 */
export interface RecordCounts {
  readonly read: number;
  readonly used: number;
  readonly merged: number;
  readonly rejected: number;
  readonly notUsed: number;
  readonly ignored: number;
}

export interface PatientRecord {
  readonly patientId: string;
  readonly birthDate?: string;
  readonly sex?: "female" | "male" | "other" | "unknown";
  readonly exposures: readonly Exposure[];
  readonly contextDrugs: readonly ContextDrug[];
  readonly labs: readonly LabResult[];
  readonly events: readonly ClinicalEvent[];
  readonly rejected: readonly Rejection[];
  readonly conflicts: readonly Conflict[];
  /** Resource types outside the input contract, counted by type. */
  readonly ignored: Readonly<Record<string, number>>;
  /** Records of contract types whose codes are out of scope, by type and code system. */
  readonly notUsed: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** How many source records of this patient were used, merged, rejected, not used or ignored. */
  readonly counts: RecordCounts;
  /** Body-mass index or weight facts when present (Khorana). */
  readonly bmi?: number;
}
