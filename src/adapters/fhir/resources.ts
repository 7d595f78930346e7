/**
 * One handler per resource type of the input contract. Each turns a resource into normalized records on
 * its patient's builder, or into a specific rejection, and reports what happened to it.
 */
import type {
  CodeableConcept,
  Condition,
  DiagnosticReport,
  Medication,
  MedicationAdministration,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Procedure,
  Reference,
  Resource,
} from "@medplum/fhirtypes";
import type { ClinicalEvent } from "../../core/model.js";
import type { EventMatch, LabDefinition, SourceConcept } from "../../knowledge/vocabulary.js";
import { type RawLabValue, type RawQuantity, readLabValue, readQualitative } from "../lab-result.js";
import { type PatientBuilder, usedOrMerged } from "../patient-builder.js";
import { describeConcept, joinConcepts, loincCodes, toConcept } from "./concepts.js";
import type { Ingestion, Outcome } from "./context.js";
import type { Entry } from "./input.js";
import { literal, resolveContained } from "./references.js";

const NOT_FINAL_OBSERVATION = new Set(["entered-in-error", "cancelled", "registered"]);
const NOT_GIVEN: Readonly<Record<string, ReadonlySet<string>>> = {
  MedicationAdministration: new Set(["entered-in-error", "not-done"]),
  MedicationRequest: new Set(["entered-in-error", "cancelled", "draft"]),
  MedicationStatement: new Set(["entered-in-error", "not-taken"]),
};
const NOT_DONE_PROCEDURE = new Set(["entered-in-error", "not-done", "preparation"]);
const REFUTED_CONDITION = new Set(["refuted", "entered-in-error"]);
const GRADE_TEXT = /(?:^|\bgrade\s*)([0-5])\b/i;
const GRADE_UNITS: ReadonlySet<string> = new Set(["1", "{grade}", "{Grade}", "{score}", "grade"]);
/** A grade written in a Condition's severity ("CTCAE grade 3", "Grade 4"): the word is required there. */
const SEVERITY_GRADE = /\bgrade\s*([1-5])\b/i;
/**
 * A Procedure records an intervention: of the event kinds only these are interventions. Anything else a
 * procedure's text mentions (a "hepatitis B antigen measurement") is not the condition itself.
 */
const PROCEDURE_EVENT_KINDS: ReadonlySet<string> = new Set([
  "platelet-transfusion",
  "rbc-transfusion",
  "transplant",
]);

function quantityOf(
  q: { value?: number; unit?: string; code?: string; system?: string; comparator?: string } | undefined,
): RawQuantity | undefined {
  if (q?.value === undefined) return undefined;
  // A UCUM code is exact; the display unit is what a human typed and is read through the spelling table.
  const unit = q.system === "http://unitsofmeasure.org" && q.code !== undefined ? q.code : (q.unit ?? q.code);
  return {
    value: q.value,
    ...(unit !== undefined && { unit }),
    ...(q.comparator !== undefined && { comparator: q.comparator }),
  };
}

/** The value[x] of an Observation (or a component) as the shared lab reader takes it. */
function rawValue(o: Observation): { value: RawLabValue; field: string | undefined } {
  const interpretation = (o.interpretation ?? []).flatMap((c) => toConcept(c).codings);
  const base = interpretation.length > 0 ? { interpretation } : {};
  if (o.valueQuantity !== undefined) {
    const quantity = quantityOf(o.valueQuantity);
    return { value: quantity ? { ...base, quantity } : base, field: "valueQuantity" };
  }
  if (o.valueCodeableConcept !== undefined) {
    const c = toConcept(o.valueCodeableConcept);
    return {
      value: { ...base, codings: c.codings, ...(c.text !== undefined && { conceptText: c.text }) },
      field: "valueCodeableConcept",
    };
  }
  if (o.valueString !== undefined) return { value: { ...base, text: o.valueString }, field: "valueString" };
  if (o.valueBoolean !== undefined)
    return { value: { ...base, boolean: o.valueBoolean }, field: "valueBoolean" };
  if (o.valueInteger !== undefined)
    return { value: { ...base, quantity: { value: o.valueInteger } }, field: "valueInteger" };
  return { value: base, field: undefined };
}

function rangeOf(o: Observation): { refLow?: RawQuantity; refHigh?: RawQuantity } {
  const range =
    o.referenceRange?.find((r) => r.type === undefined || r.type.coding?.some((c) => c.code === "normal")) ??
    undefined;
  const refLow = quantityOf(range?.low);
  const refHigh = quantityOf(range?.high);
  return { ...(refLow && { refLow }), ...(refHigh && { refHigh }) };
}

function hasValue(o: Observation): boolean {
  for (const k in o) if (k.startsWith("value")) return true;
  return false;
}

/** CTCAE / ASTCT grade of an event observation: 1–5, `absent` for grade 0 or a negative answer. */
function gradeOf(
  o: Observation,
  ctx: Ingestion,
  event: LabDefinition,
): number | "absent" | "invalid" | "not-a-grade" | undefined {
  let n: number | undefined;
  if (o.valueInteger !== undefined) n = o.valueInteger;
  else if (o.valueQuantity?.value !== undefined) {
    // A measurement (8 mm, 120 pg/mL) is not a grade, whatever the code says.
    const unit = o.valueQuantity.code ?? o.valueQuantity.unit;
    if (unit !== undefined && !GRADE_UNITS.has(unit)) return "not-a-grade";
    n = o.valueQuantity.value;
  } else {
    const texts = [
      o.valueString,
      o.valueCodeableConcept?.text,
      ...(o.valueCodeableConcept?.coding ?? []).map((c) => c.display ?? c.code),
    ];
    for (const t of texts) {
      const m = t === undefined ? null : GRADE_TEXT.exec(t);
      if (m) {
        n = Number(m[1]);
        break;
      }
    }
    if (
      n === undefined &&
      (o.valueBoolean !== undefined || o.valueCodeableConcept !== undefined || o.valueString !== undefined)
    ) {
      const { value } = rawValue(o);
      const q = readQualitative(value, event, ctx.labs.spellings).reading;
      if (q === "negative") return "absent";
      if (q === "positive") return undefined;
    }
  }
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 0 || n > 5) return "invalid";
  return n === 0 ? "absent" : n;
}

function conceptText(concept: SourceConcept): string | undefined {
  return concept.text ?? concept.codings.find((c) => c.display !== undefined)?.display;
}

/** The patient `resource` names as its subject; "rejected" (recorded as an input error) when there is none. */
function subjectOf(ctx: Ingestion, ref: string, resource: Resource): PatientBuilder | "rejected" {
  const subject = ctx.patientOf(ref, resource, "subject");
  return "rejection" in subject ? ctx.reject(undefined, subject.rejection) : subject.patient;
}

/** The clinical event a classified resource records, with its end, grade, qualifiers and text when known. */
function clinicalEvent(
  ref: string,
  match: EventMatch,
  at: string,
  concept: SourceConcept,
  end: string | undefined,
  grade?: number,
): ClinicalEvent {
  const text = conceptText(concept);
  return {
    ref,
    kind: match.kind,
    at,
    ...(end !== undefined && { end }),
    ...(grade !== undefined && { grade }),
    ...(match.qualifiers.length > 0 && { qualifiers: match.qualifiers }),
    ...(text !== undefined && { text }),
  };
}

/** Rejects a resource whose code names nothing HemoSentinel uses; `what` says what it would have had to be. */
function unknownCode(
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
  concept: SourceConcept,
  what: string,
): "rejected" {
  return ctx.reject(
    patient,
    ctx.rejection(
      ref,
      "unknown-code",
      `${describeConcept(concept)} is not ${what} HemoSentinel uses`,
      "code",
    ),
  );
}

/**
 * An Observation: a catalogue lab, the body-mass index, a clinical event (e.g. a CRS grade), or a panel
 * whose members are read on their own. `host` supplies the patient of a contained observation.
 */
export function observation(
  entry: Entry,
  ctx: Ingestion,
  ref = ctx.refOf(entry),
  host?: PatientBuilder,
): Outcome {
  const o = entry.resource as Observation;
  const patient = o.subject === undefined && host !== undefined ? host : subjectOf(ctx, ref, o);
  if (patient === "rejected") return patient;
  if (o.status !== undefined && NOT_FINAL_OBSERVATION.has(o.status)) {
    return ctx.reject(patient, ctx.rejection(ref, "not-final", `status is ${o.status}`, "status"));
  }
  if (o.dataAbsentReason !== undefined) {
    const why = describeConcept(toConcept(o.dataAbsentReason));
    return ctx.reject(
      patient,
      ctx.rejection(ref, "data-absent", `no value: data absent (${why})`, "dataAbsentReason"),
    );
  }
  const concept = toConcept(o.code);
  const codes = loincCodes(concept);
  let lab: LabDefinition | undefined;
  let loinc: string | undefined;
  for (const c of codes) {
    lab = ctx.opts.vocabulary.lab(c);
    if (lab !== undefined) {
      loinc = c;
      break;
    }
  }
  const date = ctx.date([
    ["effectiveDateTime", o.effectiveDateTime],
    ["effectivePeriod.start", o.effectivePeriod?.start],
    ["effectiveInstant", o.effectiveInstant],
    ["issued", o.issued],
  ]);
  if (lab !== undefined && loinc !== undefined) {
    if (!date.ok) return ctx.reject(patient, ctx.rejection(ref, date.code, date.reason, date.field));
    const { value, field } = rawValue(o);
    const read = readLabValue(
      {
        ref,
        lab,
        loinc,
        at: date.at,
        value,
        ...rangeOf(o),
        ...(ctx.opts.file !== undefined && { file: ctx.opts.file }),
        ...(field !== undefined && { field }),
      },
      ctx.labs,
    );
    if (!read.ok) return ctx.reject(patient, read.rejection);
    const name = ctx.opts.vocabulary.labById(read.result.lab)?.name ?? read.result.lab;
    return usedOrMerged(patient.addLab(read.result, name));
  }
  const bmi = ctx.opts.bmi;
  if (bmi !== undefined && codes.some((c) => bmi.loinc.includes(c))) {
    if (!date.ok) return ctx.reject(patient, ctx.rejection(ref, date.code, date.reason, date.field));
    const q = quantityOf(o.valueQuantity);
    const lab = {
      id: "bmi",
      name: "Body-mass index",
      kind: "quantity" as const,
      unit: bmi.unit,
      plausible: bmi.plausible,
    };
    const c = q === undefined ? undefined : ctx.labs.units.convert(q.value, q.unit, lab);
    if (c === undefined)
      return ctx.reject(
        patient,
        ctx.rejection(ref, "missing-value", "body-mass index has no number", "valueQuantity"),
      );
    if (!c.ok)
      return ctx.reject(patient, ctx.rejection(ref, "unit-not-convertible", c.reason, "valueQuantity"));
    if (c.value < bmi.plausible.min || c.value > bmi.plausible.max) {
      return ctx.reject(
        patient,
        ctx.rejection(
          ref,
          "implausible-value",
          `body-mass index ${c.value} ${c.unit} is not possible`,
          "valueQuantity",
        ),
      );
    }
    return usedOrMerged(patient.setBmi(c.value, date.at));
  }
  const match = ctx.opts.vocabulary.event(concept);
  if (match !== undefined) {
    if (!date.ok) return ctx.reject(patient, ctx.rejection(ref, date.code, date.reason, date.field));
    const grade = gradeOf(o, ctx, { id: match.kind, name: match.kind, kind: "qualitative" });
    if (grade === "absent") {
      return ctx.reject(
        patient,
        ctx.rejection(
          ref,
          "negative-finding",
          `${match.kind} recorded as absent (grade 0 or negative)`,
          "value",
        ),
      );
    }
    if (grade === "invalid")
      return ctx.reject(
        patient,
        ctx.rejection(ref, "invalid-grade", `${match.kind} grade is not an integer 1–5`, "value"),
      );
    if (grade === "not-a-grade") {
      const q = o.valueQuantity;
      return ctx.reject(
        patient,
        ctx.rejection(
          ref,
          "value-type",
          `${describeConcept(concept)} holds a measurement (${q?.value} ${q?.unit ?? q?.code}), not a ${match.kind} grade`,
          "valueQuantity",
        ),
      );
    }
    const periodEnd = date.field === "effectivePeriod.start" ? o.effectivePeriod?.end : undefined;
    const end = periodEnd === undefined ? undefined : endOk(periodEnd, ctx);
    return usedOrMerged(patient.addEvent(clinicalEvent(ref, match, date.at, concept, end, grade)));
  }
  if (o.hasMember !== undefined && o.hasMember.length > 0 && !hasValue(o)) {
    return container(ref, o.hasMember, "hasMember", entry.resource, ctx, patient);
  }
  return unknownCode(ctx, patient, ref, concept, "a lab or event");
}

/** A valid end date as normalized text, or undefined (an unreadable end only loses the end). */
function endOk(value: string, ctx: Ingestion): string | undefined {
  const d = ctx.date([["end", value]]);
  return d.ok ? d.at : undefined;
}

/** A report or panel whose information lives in its member observations: used when all members resolve. */
function container(
  ref: string,
  members: readonly Reference[],
  field: string,
  host: Resource,
  ctx: Ingestion,
  patient: PatientBuilder,
): Outcome {
  const missing = members
    .map((m) => literal(m))
    .filter((m): m is string => m !== undefined)
    .filter((m) =>
      m.startsWith("#") ? resolveContained(host, m) === undefined : ctx.index.resolve(m) === undefined,
    );
  if (missing.length > 0) {
    return ctx.reject(
      patient,
      ctx.rejection(
        ref,
        "broken-reference",
        `${field} ${missing.slice(0, 3).join(", ")} ${missing.length === 1 ? "is" : "are"} not in the input`,
        field,
      ),
    );
  }
  return "used";
}

/** A DiagnosticReport: its contained observations are read; its result references must resolve. */
export function diagnosticReport(entry: Entry, ctx: Ingestion): Outcome {
  const dr = entry.resource as DiagnosticReport;
  const ref = ctx.refOf(entry);
  const patient = subjectOf(ctx, ref, dr);
  if (patient === "rejected") return patient;
  if (dr.status === "entered-in-error" || dr.status === "cancelled") {
    return ctx.reject(patient, ctx.rejection(ref, "not-final", `status is ${dr.status}`, "status"));
  }
  const contained = (dr.contained ?? []).filter((c) => c.resourceType === "Observation");
  let used = false;
  for (const c of contained) {
    const outcome = observation(
      { resource: c, position: entry.position },
      ctx,
      `${ref}#${c.id ?? "contained"}`,
      patient,
    );
    used ||= outcome === "used";
  }
  const results = (dr.result ?? []).filter((r) => !literal(r)?.startsWith("#"));
  if (results.length === 0 && contained.length === 0) {
    return ctx.reject(
      patient,
      ctx.rejection(
        ref,
        "no-results",
        "DiagnosticReport has no result observations; a narrative report is not read",
        "result",
      ),
    );
  }
  const outcome = container(ref, results, "result", dr, ctx, patient);
  return outcome === "used" || used ? "used" : outcome;
}

/** A Condition coded as a clinical event HemoSentinel knows (bleeding, thrombosis, CRS, …). */
export function condition(entry: Entry, ctx: Ingestion): Outcome {
  const c = entry.resource as Condition;
  const ref = ctx.refOf(entry);
  const patient = subjectOf(ctx, ref, c);
  if (patient === "rejected") return patient;
  const verification = c.verificationStatus?.coding?.find((x) => x.code !== undefined)?.code;
  if (verification !== undefined && REFUTED_CONDITION.has(verification)) {
    return ctx.reject(
      patient,
      ctx.rejection(ref, "refuted", `verificationStatus is ${verification}`, "verificationStatus"),
    );
  }
  const concept = toConcept(c.code);
  const match = ctx.opts.vocabulary.event(concept);
  if (match === undefined) return unknownCode(ctx, patient, ref, concept, "a condition");
  const date = ctx.date([
    ["onsetDateTime", c.onsetDateTime],
    ["onsetPeriod.start", c.onsetPeriod?.start],
    ["recordedDate", c.recordedDate],
  ]);
  if (!date.ok) return ctx.reject(patient, ctx.rejection(ref, date.code, date.reason, date.field));
  // A resolved or inactive condition still happened; its abatement is its end.
  const abatement = c.abatementDateTime ?? c.abatementPeriod?.start;
  const end = abatement === undefined ? undefined : endOk(abatement, ctx);
  return usedOrMerged(patient.addEvent(clinicalEvent(ref, match, date.at, concept, end, severityGrade(c))));
}

/**
 * The CTCAE/ASTCT grade a Condition's severity states in words. SNOMED mild/moderate/severe are not
 * CTCAE grades and are not translated into one.
 */
function severityGrade(c: Condition): number | undefined {
  const s = c.severity;
  if (!s) return undefined;
  for (const t of [s.text, ...(s.coding ?? []).map((x) => x.display)]) {
    const m = t === undefined ? null : SEVERITY_GRADE.exec(t);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** A Procedure: a CAR-T (or other immunotherapy) infusion, or an event such as a transfusion. */
export function procedure(entry: Entry, ctx: Ingestion): Outcome {
  const p = entry.resource as Procedure;
  const ref = ctx.refOf(entry);
  const patient = subjectOf(ctx, ref, p);
  if (patient === "rejected") return patient;
  if (p.status !== undefined && NOT_DONE_PROCEDURE.has(p.status)) {
    return ctx.reject(patient, ctx.rejection(ref, "not-final", `status is ${p.status}`, "status"));
  }
  const concept = joinConcepts([toConcept(p.code), ...(p.usedCode ?? []).map(toConcept)]);
  const drug = ctx.opts.vocabulary.medication(concept);
  const classified = drug?.kind === "immunotherapy" ? undefined : ctx.opts.vocabulary.event(concept);
  const event =
    classified !== undefined && PROCEDURE_EVENT_KINDS.has(classified.kind) ? classified : undefined;
  if (drug?.kind !== "immunotherapy" && event === undefined) {
    return unknownCode(ctx, patient, ref, concept, "a procedure");
  }
  const date = ctx.date([
    ["performedDateTime", p.performedDateTime],
    ["performedPeriod.start", p.performedPeriod?.start],
  ]);
  if (!date.ok) return ctx.reject(patient, ctx.rejection(ref, date.code, date.reason, date.field));
  const end = p.performedPeriod?.end === undefined ? undefined : endOk(p.performedPeriod.end, ctx);
  if (drug?.kind === "immunotherapy")
    return usedOrMerged(patient.addMedication(drug, ref, date.at, "procedure", end));
  return usedOrMerged(patient.addEvent(clinicalEvent(ref, event as EventMatch, date.at, concept, end)));
}

type MedicationResource = MedicationAdministration | MedicationRequest | MedicationStatement;

/** The medication concept: inline, contained, or a Medication resource of the input. */
function medicationConcept(
  m: MedicationResource,
  ctx: Ingestion,
): { concept: SourceConcept } | { missing: string } | { none: true } {
  if (m.medicationCodeableConcept !== undefined) return { concept: toConcept(m.medicationCodeableConcept) };
  const target = literal(m.medicationReference);
  if (target === undefined) {
    const display = m.medicationReference?.display;
    return display !== undefined ? { concept: { codings: [], text: display } } : { none: true };
  }
  const contained = resolveContained(m, target);
  if (contained !== undefined) return { concept: toConcept((contained as Medication).code) };
  const entry = ctx.index.resolve(target);
  if (entry === undefined || entry.resource.resourceType !== "Medication") return { missing: target };
  ctx.usedMedications.add(entry);
  return { concept: toConcept((entry.resource as Medication).code as CodeableConcept | undefined) };
}

const DOSE_KIND = {
  MedicationAdministration: "administration",
  MedicationRequest: "request",
  MedicationStatement: "statement",
} as const;

/** A medication record: a dose of an immunotherapy or a context drug (anticoagulant, steroid, …). */
export function medication(entry: Entry, ctx: Ingestion): Outcome {
  const m = entry.resource as MedicationResource;
  const type = m.resourceType;
  const ref = ctx.refOf(entry);
  const patient = subjectOf(ctx, ref, m);
  if (patient === "rejected") return patient;
  if (m.status !== undefined && NOT_GIVEN[type]?.has(m.status)) {
    return ctx.reject(patient, ctx.rejection(ref, "not-final", `status is ${m.status}`, "status"));
  }
  const med = medicationConcept(m, ctx);
  if ("missing" in med) {
    return ctx.reject(
      patient,
      ctx.rejection(
        ref,
        "broken-reference",
        `medicationReference "${med.missing}" is not in the input`,
        "medicationReference",
      ),
    );
  }
  if ("none" in med)
    return ctx.reject(
      patient,
      ctx.rejection(ref, "missing-code", "no medication code or reference", "medication[x]"),
    );
  const match = ctx.opts.vocabulary.medication(med.concept);
  if (match === undefined) {
    return ctx.reject(
      patient,
      ctx.rejection(
        ref,
        "unknown-code",
        `medication ${describeConcept(med.concept)} is neither an immunotherapy nor a drug HemoSentinel tracks`,
        "medication[x]",
      ),
    );
  }
  let candidates: (readonly [string, unknown])[];
  let endValue: string | undefined;
  if (type === "MedicationRequest") {
    const r = m as MedicationRequest;
    candidates = [
      ["authoredOn", r.authoredOn],
      ["dispenseRequest.validityPeriod.start", r.dispenseRequest?.validityPeriod?.start],
    ];
    endValue = r.dispenseRequest?.validityPeriod?.end;
  } else {
    const a = m as MedicationAdministration | MedicationStatement;
    candidates = [
      ["effectiveDateTime", a.effectiveDateTime],
      ["effectivePeriod.start", a.effectivePeriod?.start],
    ];
    endValue = a.effectivePeriod?.end;
  }
  const date = ctx.date(candidates);
  if (!date.ok) return ctx.reject(patient, ctx.rejection(ref, date.code, date.reason, date.field));
  const end = endValue === undefined ? undefined : endOk(endValue, ctx);
  return usedOrMerged(patient.addMedication(match, ref, date.at, DOSE_KIND[type], end));
}

/** Fields through which resources outside the contract name their patient. */
const PATIENT_FIELDS = ["subject", "patient", "beneficiary"] as const;

/** A resource type outside the input contract: counted by type on its patient, or on the input. */
export function ignoredResource(entry: Entry, ctx: Ingestion): Outcome {
  const r = entry.resource as unknown as Record<string, Reference | undefined>;
  for (const field of PATIENT_FIELDS) {
    const target = literal(r[field]);
    if (target === undefined) continue;
    const e = ctx.index.resolve(target);
    const patient = e === undefined ? undefined : ctx.patients.get(e);
    if (patient !== undefined) {
      patient.ignore(entry.resource.resourceType);
      return "ignored";
    }
  }
  const type = entry.resource.resourceType;
  ctx.ignored.set(type, (ctx.ignored.get(type) ?? 0) + 1);
  return "ignored";
}
