/**
 * State of one FHIR ingestion: the resource index, one PatientBuilder per patient, and the bookkeeping
 * that guarantees every resource is used, merged, rejected, not used or ignored — never dropped — and
 * counted once, on its patient or, when it names none, on the input.
 */
import type { Identifier, Patient, Reference, Resource } from "@medplum/fhirtypes";
import type { RecordCounts, Rejection } from "../../contracts/model.js";
import type { RejectionCode } from "../../contracts/rejection-codes.js";
import type { BmiDefinition, SourceConcept, UnitSpellings, Vocabulary } from "../../knowledge/vocabulary.js";
import { codeSystemOf } from "../code-system.js";
import { checkDate, firstDate } from "../dates.js";
import type { LabReadContext } from "../lab-result.js";
import { type Added, type PatientBuilder, zeroCounts } from "../patient-builder.js";
import { quoteInput } from "../quote.js";
import type { UnitConverter } from "../units.js";
import { FinalResults } from "./final-results.js";
import { type Entry, locate } from "./input.js";
import { literal, type ResourceIndex } from "./references.js";

/** What happened to one resource. */
export type Outcome = Exclude<keyof RecordCounts, "read">;

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

/** A repeat of a record already counted is merged; a new one has the outcome asked for. */
function unlessRepeat(added: Added, outcome: Outcome): Outcome {
  return added === "merged" ? "merged" : outcome;
}

export class Ingestion {
  readonly inputErrors: Rejection[] = [];
  /** Ignored resources that belong to no patient (Organization, Practitioner, …), by type. */
  readonly ignored = new Map<string, number>();
  /** Every resource of the input (contained ones included) by outcome, patients and input together. */
  readonly stats = zeroCounts();
  /** Medication resources of the input a medication record named, with the first such record's patient. */
  readonly medicationUsers = new Map<Entry, PatientBuilder>();
  readonly labs: LabReadContext;
  /** Results withdrawn with their report or panel (withdrawn.ts), with the reason; set before records are read. */
  withdrawn: ReadonlyMap<Resource, string> = new Map();
  private finals: FinalResults | undefined;
  /** The file of the resource being read: its own (a bulk export's resources come from many), else the input's. */
  private file: string | undefined;

  constructor(
    readonly opts: IngestOptions,
    readonly index: ResourceIndex,
    readonly patients: ReadonlyMap<Entry, PatientBuilder>,
    readonly evaluatedAtMs: number,
    units: UnitConverter,
    spellings: UnitSpellings,
  ) {
    this.labs = { vocabulary: opts.vocabulary, units, spellings };
    this.file = opts.file;
  }

  /** The file of the resource about to be read, for the refs and rejections it gives rise to. */
  enter(entry: Entry): void {
    this.file = entry.file ?? this.opts.file;
  }

  /** The file of the resource being read. */
  get currentFile(): string | undefined {
    return this.file;
  }

  /**
   * The input's final lab results, to tell whether a preliminary one is superseded. Built on first use,
   * once the patients are known (a final result counts for the patient its subject resolves to).
   */
  get finalResults(): FinalResults {
    if (this.finals === undefined) {
      this.finals = new FinalResults(this.index.entries, this.opts.vocabulary, this.evaluatedAtMs, (r) => {
        const target = literal(r);
        if (target === undefined) {
          const found =
            r.identifier === undefined ? undefined : this.patientByIdentifier("", r.identifier, "");
          return found !== undefined && "patient" in found ? found.patient.patientId : undefined;
        }
        const e = this.index.resolve(target);
        return e === undefined ? undefined : this.patients.get(e)?.patientId;
      });
    }
    return this.finals;
  }

  /** Counts one resource by its outcome, on its patient when it has one (always in the input's stats). */
  settle(patient: PatientBuilder | undefined, outcome: Outcome): void {
    this.stats[outcome]++;
    this.stats.read++;
    patient?.count(outcome);
  }

  /** The ref records from this resource cite: `Type/id`, else its fullUrl, else where it is in the input. */
  refOf(entry: Entry): string {
    const r = entry.resource;
    if (r.id !== undefined) return `${r.resourceType}/${r.id}`;
    if (entry.fullUrl !== undefined) return entry.fullUrl;
    return locate(entry.file ?? this.opts.file, entry.position);
  }

  rejection(ref: string, code: RejectionCode, reason: string, field?: string): Rejection {
    return {
      ref,
      code,
      reason,
      ...(this.file !== undefined && { file: this.file }),
      ...(field !== undefined && { field }),
    };
  }

  /** Rejects the resource `ref` on the patient for `code` and `reason` (see {@link reject}). */
  refuse(patient: PatientBuilder, ref: string, code: RejectionCode, reason: string, field?: string): Outcome {
    return this.reject(patient, this.rejection(ref, code, reason, field));
  }

  /** Records a rejection on the patient; the same rejection of a repeated resource is merged. */
  reject(patient: PatientBuilder, r: Rejection): Outcome {
    return unlessRepeat(patient.reject(r), "rejected");
  }

  /**
   * A resource that belongs to no patient and cannot be used: an input error, cited by where it is in
   * the input (`file#entry[3]`, `file:12`) with its own ref in the detail.
   */
  inputError(entry: Entry, ref: string, r: Rejection): void {
    const at = locate(entry.file ?? this.opts.file, entry.position);
    this.inputErrors.push({ ...r, ref: at, reason: at.endsWith(ref) ? r.reason : `${ref}: ${r.reason}` });
  }

  /** A record of a contract type whose code is outside scope: counted by type and code system. */
  notUsed(patient: PatientBuilder, type: string, concept: SourceConcept, ref: string): Outcome {
    return unlessRepeat(patient.notUse(type, codeSystemOf(concept), 1, ref), "notUsed");
  }

  /** A resource of a type outside the contract, counted by type on its patient. */
  ignore(patient: PatientBuilder, type: string, ref: string): Outcome {
    return unlessRepeat(patient.ignore(type, 1, ref), "ignored");
  }

  /** A resource of a type outside the contract that belongs to no patient, counted by type on the input. */
  ignoreUnattributed(type: string): void {
    this.ignored.set(type, (this.ignored.get(type) ?? 0) + 1);
    this.settle(undefined, "ignored");
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
    const reference = (resource as unknown as Record<string, Reference | undefined>)[field];
    const target = literal(reference);
    if (target === undefined && reference?.identifier !== undefined)
      return this.patientByIdentifier(ref, reference.identifier, field);
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
      // A reference that names another type (`Group/g1`, a record about a group, a device or a place) is
      // no patient's, whether or not that resource was sent: said so rather than "not in the input".
      const named = /(?:^|\/)([A-Z][A-Za-z]+)\/[^/]+(?:\/_history\/[^/]+)?$/.exec(target)?.[1];
      const type =
        entry?.resource.resourceType ?? (named !== undefined && named !== "Patient" ? named : undefined);
      const what =
        type === undefined
          ? "is not in the input"
          : `${entry === undefined ? "names" : "is"} ${/^[AEIOU]/.test(type) ? "an" : "a"} ${type}, not a Patient: the record belongs to no one patient`;
      return {
        rejection: this.rejection(
          ref,
          "broken-reference",
          `${field} reference ${quoteInput(target)} ${what}`,
          field,
        ),
      };
    }
    return { patient };
  }

  /**
   * The patient a logical reference (R4 `Reference.identifier`, sent when the literal one is not known)
   * names: the one Patient of the input carrying that identifier (same value, and same system when the
   * reference gives one). None, or more than one, is a rejection that says so.
   */
  private patientByIdentifier(
    ref: string,
    id: Identifier,
    field: string,
  ): { readonly patient: PatientBuilder } | { readonly rejection: Rejection } {
    const shown = quoteInput(
      `${typeof id.system === "string" ? `${id.system}|` : ""}${String(id.value ?? "")}`,
    );
    const found = new Set<PatientBuilder>();
    if (typeof id.value === "string" && id.value !== "") {
      for (const [entry, patient] of this.patients) {
        const ids = (entry.resource as Patient).identifier;
        if (!Array.isArray(ids)) continue;
        const match = ids.some(
          (i) =>
            i !== null &&
            typeof i === "object" &&
            i.value === id.value &&
            (typeof id.system !== "string" || i.system === id.system),
        );
        if (match) found.add(patient);
      }
    }
    const [only] = found;
    if (found.size === 1 && only !== undefined) return { patient: only };
    const what =
      found.size === 0
        ? "matches no Patient of the input"
        : `matches ${found.size} Patients of the input, so it names none of them`;
    return {
      rejection: this.rejection(
        ref,
        "broken-reference",
        `${field} has no literal reference and its identifier ${shown} ${what}`,
        `${field}.identifier`,
      ),
    };
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
  | { readonly ok: false; readonly code: RejectionCode; readonly reason: string; readonly field?: string };
