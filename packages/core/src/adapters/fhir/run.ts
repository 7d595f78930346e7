/**
 * One FHIR ingestion, pass by pass: patients, then every other record (with what it contains), then
 * reports and panels once their members are known, then the Medication resources records named, then
 * the resources that name no patient. Each resource is counted exactly once, on the patient it belongs
 * to or on the input (see ingest.ts).
 */
import type { Patient, Reference, Resource } from "@medplum/fhirtypes";
import type { Death, PatientRecord } from "../../contracts/model.js";
import { checkBirthDate, checkDate, checkYearOrMonth } from "../dates.js";
import { PatientBuilder } from "../patient-builder.js";
import { quoteInput } from "../quote.js";
import { adverseEvent } from "./adverse-event.js";
import { allergyIntolerance } from "./allergy.js";
import { condition, procedure, serviceRequest } from "./clinical.js";
import type { Ingestion, Outcome } from "./context.js";
import type { Container, Handler } from "./handler.js";
import { containedEntries, type Entry, patientField } from "./input.js";
import { MEDICATION_RECORDS, medication, medicationLookup } from "./medication.js";
import { observation } from "./observation.js";
import { literal, namedPatientId, referencesIn } from "./references.js";
import { containerOutcome, diagnosticReport } from "./report.js";
import { withdrawnResults, withdrawnVersions } from "./withdrawn.js";

const SEX: Readonly<Record<string, PatientRecord["sex"]>> = {
  female: "female",
  male: "male",
  other: "other",
  unknown: "unknown",
};
const URN_OR_URL_ID = /([^/:]+)$/;
/** OperationOutcome issue severities that say the export may be incomplete (not `information`). */
const SOURCE_PROBLEMS: ReadonlySet<string> = new Set(["fatal", "error", "warning"]);

/** What a Patient says of its death: a death at or before the evaluation, a reason it cannot be read, or nothing. */
function deathOf(
  p: Patient,
  ref: string,
  evaluatedAtMs: number,
):
  | Death
  | { code: "invalid-date" | "future-date" | "invalid-value"; reason: string; field: string }
  | undefined {
  const raw = (p as { deceasedDateTime?: unknown }).deceasedDateTime;
  if (raw !== undefined) {
    const field = "deceasedDateTime";
    // A FHIR dateTime may be a year, a month or a day; a time needs an offset (read as UTC without one).
    const checked = checkYearOrMonth(raw, field, evaluatedAtMs) ?? checkDate(raw, field, evaluatedAtMs);
    return checked.ok ? { at: checked.at, ref: `${ref}#${field}` } : { ...checked, field };
  }
  const flag = (p as { deceasedBoolean?: unknown }).deceasedBoolean;
  if (flag === undefined || flag === false) return undefined;
  if (flag === true) return { ref: `${ref}#deceasedBoolean` };
  return {
    code: "invalid-value",
    reason: `deceasedBoolean ${quoteInput(String(flag))} is not true or false`,
    field: "deceasedBoolean",
  };
}

/** One handler per resource type of the input contract (Patient and Medication are read apart). */
const HANDLERS: Readonly<Record<string, Handler>> = {
  Observation: observation,
  Condition: condition,
  Procedure: procedure,
  ServiceRequest: serviceRequest,
  MedicationAdministration: medication,
  MedicationRequest: medication,
  MedicationStatement: medication,
  DiagnosticReport: diagnosticReport,
  AllergyIntolerance: allergyIntolerance,
  AdverseEvent: adverseEvent,
};

/** Fields through which resources outside the contract name their patient. */
const PATIENT_FIELDS = ["subject", "patient", "beneficiary"] as const;

/** The patient id: Patient.id, else the last segment of its fullUrl (`urn:uuid:…`, absolute URL). */
function patientIdOf(entry: Entry): string | undefined {
  if (entry.resource.id !== undefined && entry.resource.id !== "") return entry.resource.id;
  return entry.fullUrl === undefined ? undefined : URN_OR_URL_ID.exec(entry.fullUrl)?.[1];
}

interface Pending {
  readonly entry: Entry;
  readonly patient: PatientBuilder;
  readonly ref: string;
  readonly container: Container;
}

/** One ingestion's passes: patients, records, containers, Medication lookups, then what is left. */
export class IngestionRun {
  /** The outcome of every resource counted so far, for containers that follow their members. */
  private readonly outcomes = new Map<Resource, Outcome>();
  private readonly pending = new Map<Resource, Pending>();
  /** Top-level resources and the patient they were counted on. */
  private readonly owners = new Map<Entry, PatientBuilder>();
  /** Top-level resources that name no patient, counted once the references have been followed. */
  private readonly orphans: Entry[] = [];

  constructor(
    private readonly ctx: Ingestion,
    private readonly entries: readonly Entry[],
    /** Patients held elsewhere (read with another document) that these records may name: not counted. */
    private readonly knownPatients: readonly Entry[] = [],
  ) {}

  /**
   * Reads every resource, pass by pass (the order matters: a report follows its members, a Medication the
   * records naming it, a resource naming no patient the references of everything else); `patients` gets
   * each Patient entry's builder. Returns one builder per patient id.
   */
  readAll(patients: Map<Entry, PatientBuilder>): Map<string, PatientBuilder> {
    const builders = this.readPatients(patients);
    const refOf = (e: Entry) => this.ctx.refOf(e);
    this.ctx.withdrawn = new Map([
      ...withdrawnResults(this.entries, this.ctx.index, refOf),
      ...withdrawnVersions(this.entries, refOf),
    ]);
    this.readRecords();
    this.decideContainers();
    this.countMedications();
    this.attributeTheRest();
    return builders;
  }

  private settle(resource: Resource, patient: PatientBuilder | undefined, outcome: Outcome): void {
    this.ctx.settle(patient, outcome);
    this.outcomes.set(resource, outcome);
  }

  /** One builder per patient id; a Patient seen twice is merged, one without any id is an input error. */
  private readPatients(patients: Map<Entry, PatientBuilder>): Map<string, PatientBuilder> {
    const { ctx } = this;
    const builders = new Map<string, PatientBuilder>();
    for (const entry of this.knownPatients) {
      const id = patientIdOf(entry);
      if (id === undefined || builders.has(id)) continue;
      const b = new PatientBuilder(id);
      builders.set(id, b);
      patients.set(entry, b);
    }
    for (const entry of this.entries) {
      if (entry.resource.resourceType !== "Patient") continue;
      ctx.enter(entry);
      const id = patientIdOf(entry);
      if (id === undefined) {
        const ref = ctx.refOf(entry);
        ctx.inputError(
          entry,
          ref,
          ctx.rejection(ref, "missing-id", "Patient has neither an id nor a fullUrl", "id"),
        );
        this.settle(entry.resource, undefined, "rejected");
        this.countContained(entry, ref, undefined);
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
      // A birth date that names no real day, or one after the evaluation, gives no age: rejected, not read.
      const born =
        p.birthDate === undefined ? undefined : checkBirthDate(p.birthDate, "birthDate", ctx.evaluatedAtMs);
      const birthDate = born?.ok === true ? born.at : undefined;
      if (born !== undefined && !born.ok)
        b.reject(ctx.rejection(ctx.refOf(entry), born.code, born.reason, "birthDate"));
      b.setDemographics(birthDate, sex);
      const death = deathOf(p, ctx.refOf(entry), ctx.evaluatedAtMs);
      if (death !== undefined && "code" in death)
        b.reject(ctx.rejection(ctx.refOf(entry), death.code, death.reason, death.field));
      else b.setDeceased(death);
      this.settle(entry.resource, b, merged ? "merged" : "used");
      this.owners.set(entry, b);
      this.countContained(entry, ctx.refOf(entry), b);
    }
    this.standInForAbsent(patients, builders);
    return builders;
  }

  /**
   * A patient for each Patient that records of the contract name by id (`Patient/123`, relative or absolute)
   * but the input does not hold: a search of Observations without its Patient, an export without
   * Patient.ndjson, one patient's labs. Their records are that patient's, read without demographics (no
   * birth date, sex or death: what needs them says so), and the record says the Patient was not in the input.
   * A stand-in is not a resource of the input and is not counted. What names no Patient by id (no subject,
   * a Group or Device, a `urn:uuid:` or search the input does not hold) stays an input error, as does a
   * reference to an id another Patient of the input already goes by (through its fullUrl alone).
   */
  private standInForAbsent(
    patients: Map<Entry, PatientBuilder>,
    builders: Map<string, PatientBuilder>,
  ): void {
    const { ctx } = this;
    for (const entry of this.entries) {
      const type = entry.resource.resourceType;
      if (HANDLERS[type] === undefined) continue;
      const target = literal(
        (entry.resource as unknown as Record<string, Reference | undefined>)[patientField(type)],
      );
      if (target === undefined || ctx.index.resolve(target) !== undefined) continue;
      const id = namedPatientId(target);
      if (id === undefined || builders.has(id)) continue;
      const standIn: Entry = { resource: { resourceType: "Patient", id }, position: "absent" };
      ctx.index.standIn(standIn);
      const b = new PatientBuilder(id);
      b.setAbsent(`Patient/${id}`);
      builders.set(id, b);
      patients.set(standIn, b);
    }
  }

  /** Every other top-level resource but Medication lookups, with what it contains. */
  private readRecords(): void {
    for (const entry of this.entries) {
      const type = entry.resource.resourceType;
      if (type === "Patient" || type === "Medication") continue;
      this.ctx.enter(entry);
      const ref = this.ctx.refOf(entry);
      const patient = HANDLERS[type] !== undefined ? this.read(entry, ref) : this.ignoreOwn(entry, ref);
      if (patient === "orphan") continue;
      if (patient !== undefined) this.owners.set(entry, patient);
      this.countContained(entry, ref, patient);
    }
  }

  /**
   * A contract resource, for the patient its subject names (or `host`'s, for a contained resource that
   * names none); a subject that does not resolve makes it an input error.
   */
  private read(entry: Entry, ref: string, host?: PatientBuilder): PatientBuilder | undefined {
    const { ctx } = this;
    const handler = HANDLERS[entry.resource.resourceType] as Handler;
    const field = patientField(entry.resource.resourceType);
    const r = entry.resource as unknown as Record<string, unknown>;
    let patient: PatientBuilder;
    if (r[field] === undefined && host !== undefined) patient = host;
    else {
      const subject = ctx.patientOf(ref, entry.resource, field);
      if ("rejection" in subject) {
        ctx.inputError(entry, ref, subject.rejection);
        this.settle(entry.resource, undefined, "rejected");
        return undefined;
      }
      patient = subject.patient;
    }
    // A result withdrawn with its report, or a version withdrawn by a later one (withdrawn.ts).
    const withdrawn = ctx.withdrawn.get(entry.resource);
    const verdict =
      withdrawn === undefined
        ? handler(entry, ctx, patient, ref)
        : ctx.refuse(patient, ref, "not-final", withdrawn);
    if (typeof verdict === "string") this.settle(entry.resource, patient, verdict);
    else this.pending.set(entry.resource, { entry, patient, ref, container: verdict });
    return patient;
  }

  /** A resource outside the contract that names its patient; "orphan" (counted later) when it names none. */
  private ignoreOwn(entry: Entry, ref: string): PatientBuilder | "orphan" {
    const r = entry.resource as unknown as Record<string, unknown>;
    for (const field of PATIENT_FIELDS) {
      const target = literal(r[field] as { reference?: string } | undefined);
      const e = target === undefined ? undefined : this.ctx.index.resolve(target);
      const patient = e === undefined ? undefined : this.ctx.patients.get(e);
      if (patient !== undefined) {
        this.settle(entry.resource, patient, this.ctx.ignore(patient, entry.resource.resourceType, ref));
        return patient;
      }
    }
    this.orphans.push(entry);
    return "orphan";
  }

  /**
   * The resources `host` contains, each counted once: on the host's patient when it has one, else on the
   * input. In the patient's own records (`own`) contract resources are read and a Medication of a
   * medication record is looked up; anything else is ignored, counted with its host.
   */
  private countContained(
    host: Entry,
    hostRef: string,
    patient: PatientBuilder | undefined,
    own = true,
  ): void {
    const { ctx } = this;
    for (const c of containedEntries(host)) {
      const type = c.resource.resourceType;
      // `#id` as references name it; the position among `contained` when it has no id.
      const ref = `${hostRef}#${c.resource.id ?? c.position.slice(host.position.length + 1)}`;
      if (patient === undefined) {
        ctx.ignoreUnattributed(type);
        this.outcomes.set(c.resource, "ignored");
      } else if (own && type === "Medication" && MEDICATION_RECORDS.has(host.resource.resourceType)) {
        this.settle(c.resource, patient, medicationLookup(c, ctx, patient, ref, host.resource));
      } else if (own && HANDLERS[type] !== undefined) {
        this.read(c, ref, patient);
      } else {
        this.settle(c.resource, patient, ctx.ignore(patient, type, ref));
      }
    }
  }

  /**
   * An OperationOutcome the source put in its export (a searchset's `outcome` entry): each issue of
   * severity fatal, error or warning says records may be missing, and is an input error naming it; the
   * resource itself is counted as ignored like any other type outside the contract.
   */
  private reportIssues(entry: Entry, ref: string): void {
    const issues: unknown = (entry.resource as { issue?: unknown }).issue;
    if (!Array.isArray(issues)) return;
    issues.forEach((issue: { severity?: unknown; code?: unknown; diagnostics?: unknown } | null, i) => {
      const severity = issue?.severity;
      if (typeof severity !== "string" || !SOURCE_PROBLEMS.has(severity)) return;
      const what = [issue?.code, issue?.diagnostics].filter((x): x is string => typeof x === "string");
      const said = what.length > 0 ? `: ${quoteInput(what.join(" — "))}` : "";
      this.ctx.inputError(
        entry,
        ref,
        this.ctx.rejection(
          ref,
          "source-issue",
          `the source reports an issue of severity ${severity}${said}; records of this export may be missing`,
          `issue[${i}]`,
        ),
      );
    });
  }

  /** Reports and panels, now that every member has been read. */
  private decideContainers(): void {
    for (const resource of [...this.pending.keys()]) this.decide(resource, new Set());
  }

  private decide(resource: Resource, visiting: Set<Resource>): Outcome | undefined {
    const done = this.outcomes.get(resource);
    if (done !== undefined) return done;
    const p = this.pending.get(resource);
    // A member that is neither counted nor a container (a cycle back to a container being decided).
    if (p === undefined || visiting.has(resource)) return undefined;
    visiting.add(resource);
    this.ctx.enter(p.entry);
    const outcome = containerOutcome(this.ctx, p.patient, p.entry, p.ref, p.container, (m) => {
      const member = this.decide(m, visiting);
      this.ctx.enter(p.entry);
      return member;
    });
    this.pending.delete(resource);
    this.settle(resource, p.patient, outcome);
    return outcome;
  }

  /** Top-level Medication resources: looked up for the patient of the first record naming them. */
  private countMedications(): void {
    for (const entry of this.entries) {
      if (entry.resource.resourceType !== "Medication") continue;
      this.ctx.enter(entry);
      const patient = this.ctx.medicationUsers.get(entry);
      if (patient === undefined) {
        this.orphans.push(entry);
        continue;
      }
      const ref = this.ctx.refOf(entry);
      this.settle(entry.resource, patient, medicationLookup(entry, this.ctx, patient, ref));
      this.owners.set(entry, patient);
      this.countContained(entry, ref, patient);
    }
  }

  /**
   * Resources that name no patient go to the patient of the first resource (in input order) that refers
   * to them, following references from what was attributed too; the rest are counted on the input.
   */
  private attributeTheRest(): void {
    if (this.orphans.length === 0) return;
    const { ctx } = this;
    const left = new Set(this.orphans);
    const found = new Map<Entry, PatientBuilder>();
    const queue: [Entry, PatientBuilder][] = this.entries.flatMap((e) => {
      const p = this.owners.get(e);
      return p === undefined ? [] : [[e, p] as [Entry, PatientBuilder]];
    });
    for (let i = 0; i < queue.length && left.size > 0; i++) {
      const [e, p] = queue[i] as [Entry, PatientBuilder];
      for (const target of referencesIn(e.resource)) {
        const t = target.startsWith("#") ? undefined : ctx.index.resolve(target);
        if (t === undefined || !left.has(t)) continue;
        left.delete(t);
        found.set(t, p);
        queue.push([t, p]);
      }
    }
    for (const entry of this.orphans) {
      ctx.enter(entry);
      const type = entry.resource.resourceType;
      const patient = found.get(entry);
      const ref = ctx.refOf(entry);
      if (type === "OperationOutcome") this.reportIssues(entry, ref);
      if (patient === undefined) {
        ctx.ignoreUnattributed(type);
        this.outcomes.set(entry.resource, "ignored");
      } else {
        this.settle(entry.resource, patient, ctx.ignore(patient, type, ref));
      }
      // Only the patient's own records are read; what a referenced resource contains is counted with it.
      this.countContained(entry, ref, patient, false);
    }
  }
}
