/**
 * Medication records (administration, request, statement) and the Medication resources they name. A drug
 * neither in the immunotherapy nor in the context catalogue is out of scope (not used); only a record of
 * a tracked drug is validated (status, date).
 */
import type {
  CodeableConcept,
  Dosage,
  Medication,
  MedicationAdministration,
  MedicationIngredient,
  MedicationRequest,
  MedicationStatement,
  Resource,
  Substance,
} from "@medplum/fhirtypes";
import type { SourceConcept, Vocabulary } from "../../knowledge/vocabulary.js";
import { earliestEvent } from "../dates.js";
import { immunotherapyWords } from "../drug-words.js";
import { type PatientBuilder, usedOrMerged } from "../patient-builder.js";
import { clipInput, quoteInput } from "../quote.js";
import { toConcept } from "./concepts.js";
import type { Ingestion, Outcome } from "./context.js";
import { recordDose } from "./dosage.js";
import { endOk, outOfScope, rejectDate } from "./handler.js";
import type { Entry } from "./input.js";
import { notDone } from "./record-status.js";
import { literal, resolveContained } from "./references.js";

/** Statuses that say the drug is no longer taken: without an end date it is known on its start only. */
const ENDED: ReadonlySet<string> = new Set(["completed", "stopped", "on-hold"]);

const DOSE_KIND = {
  MedicationAdministration: "administration",
  MedicationRequest: "request",
  MedicationStatement: "statement",
} as const;

/** The resource types that record a medication and may name a Medication resource. */
export const MEDICATION_RECORDS: ReadonlySet<string> = new Set(Object.keys(DOSE_KIND));

type MedicationResource = MedicationAdministration | MedicationRequest | MedicationStatement;

/**
 * The concept a Medication resource (unvalidated JSON) names its drug by: its code when that is a
 * catalogue drug, else the first active ingredient that is one (R4 `ingredient.item[x]`: a concept, or a
 * reference, which `resolve` looks up, to a Medication or Substance), as a pharmacy sends an infusion bag
 * or a mixture ("pembrolizumab 200 mg in NS 100 mL") coded as the product with the drug among its
 * ingredients; else its code (out of scope, counted by its code system). Every reader of FHIR (the patient
 * adapter, the cohort's OMOP mapping) names a Medication's drug through this.
 * @example
 * medicationDrug({ code: { text: "IVPB" }, ingredient: [{ itemCodeableConcept: { text: "pembrolizumab" } }] }, vocabulary, () => undefined);
 * // { codings: [], text: "pembrolizumab" }
 */
export function medicationDrug(
  med: unknown,
  vocabulary: Pick<Vocabulary, "medication">,
  resolve: (reference: string) => unknown,
): SourceConcept {
  const m = (med !== null && typeof med === "object" ? med : {}) as Medication;
  const code = toConcept(m.code as CodeableConcept | undefined);
  if (vocabulary.medication(code) !== undefined || !Array.isArray(m.ingredient)) return code;
  for (const ingredient of m.ingredient as unknown[]) {
    if (ingredient === null || typeof ingredient !== "object") continue;
    const i = ingredient as MedicationIngredient;
    if (i.isActive === false) continue;
    let item = i.itemCodeableConcept;
    const target = literal(i.itemReference);
    if (item === undefined && target !== undefined) {
      const named = resolve(target) as Medication | Substance | undefined;
      if (named?.resourceType === "Medication" || named?.resourceType === "Substance") item = named.code;
    }
    if (item === undefined || item === null || typeof item !== "object") continue;
    const concept = toConcept(item);
    if (vocabulary.medication(concept) !== undefined) return concept;
  }
  return code;
}

/** {@link medicationDrug} of a Medication contained in `host` or in the input. */
function drugOf(med: Medication, host: Resource, ctx: Ingestion): SourceConcept {
  return medicationDrug(
    med,
    ctx.opts.vocabulary,
    (t) => resolveContained(host, t) ?? ctx.index.resolve(t)?.resource,
  );
}

/**
 * The medication concept: inline, contained, or a Medication resource of the input (which is then
 * counted on this record's patient, see `medicationLookup`).
 */
function medicationConcept(
  m: MedicationResource,
  ctx: Ingestion,
  patient: PatientBuilder,
): { concept: SourceConcept } | { missing: string } {
  if (m.medicationCodeableConcept !== undefined) return { concept: toConcept(m.medicationCodeableConcept) };
  const target = literal(m.medicationReference);
  if (target === undefined) {
    const display = m.medicationReference?.display;
    return { concept: display !== undefined ? { codings: [], text: display } : { codings: [] } };
  }
  const contained = resolveContained(m, target);
  if (contained !== undefined) return { concept: drugOf(contained as Medication, m, ctx) };
  const entry = ctx.index.resolve(target);
  if (entry === undefined) {
    // EHR APIs send the reference with the drug's name as its display and the Medication only when asked
    // for (`_include`): a display that names a drug HemoSentinel tracks is read as that drug, as a
    // reference with a display alone is, rather than losing the dose. Any other display leaves the drug
    // unknown, and the record is refused as before (an infusion bag's name may hide an immunotherapy).
    const display = m.medicationReference?.display;
    if (typeof display === "string" && display.trim() !== "") {
      const named: SourceConcept = { codings: [], text: display };
      if (ctx.opts.vocabulary.medications(named).length > 0) return { concept: named };
    }
    return { missing: target };
  }
  if (entry.resource.resourceType !== "Medication") return { missing: target };
  if (!ctx.medicationUsers.has(entry)) ctx.medicationUsers.set(entry, patient);
  return { concept: drugOf(entry.resource as Medication, entry.resource, ctx) };
}

/**
 * The first dosage whose timing is bounded by a period with a start: its index, start and end (the
 * first-listed dosage, as dosages of one statement or order are listed in the order they apply).
 */
function dosageBounds(dosages: readonly Dosage[] | undefined): {
  index: number;
  start?: string;
  end?: string;
} {
  const index = (dosages ?? []).findIndex((d) => d.timing?.repeat?.boundsPeriod?.start !== undefined);
  if (index < 0) return { index: 0 };
  const period = dosages?.[index]?.timing?.repeat?.boundsPeriod;
  return {
    index,
    ...(period?.start !== undefined && { start: period.start }),
    ...(period?.end !== undefined && { end: period.end }),
  };
}

/**
 * The earliest of the dosage's scheduled times (R4 `Timing.event`: "specific times when the event occurs"),
 * as an order or statement written for given days ("pembrolizumab on 3 January") carries its date: the
 * field it is in and its value, from the first dosage that lists any.
 */
function dosageEvent(
  dosages: readonly Dosage[] | undefined,
): { readonly field: string; readonly value: string } | undefined {
  for (const [i, d] of (Array.isArray(dosages) ? dosages : []).entries()) {
    const e = earliestEvent((d as { timing?: unknown } | null)?.timing);
    if (e !== undefined) return { field: `dosage[${i}].timing.event[${e.index}]`, value: e.value };
  }
  return undefined;
}

/** A medication record: a dose of an immunotherapy or a context drug (anticoagulant, steroid, …). */
export function medication(entry: Entry, ctx: Ingestion, patient: PatientBuilder, ref: string): Outcome {
  const m = entry.resource as MedicationResource;
  const type = m.resourceType;
  const med = medicationConcept(m, ctx, patient);
  if ("missing" in med) {
    return ctx.refuse(
      patient,
      ref,
      "broken-reference",
      `medicationReference ${quoteInput(med.missing)} is not in the input`,
      "medicationReference",
    );
  }
  const matches = ctx.opts.vocabulary.medications(med.concept);
  if (matches.length === 0) return outOfScope(ctx, patient, entry, ref, med.concept, "medication[x]");
  const notHappened = notDone(m);
  if (notHappened !== undefined) {
    const { field, value } = notHappened;
    const why =
      field === "intent"
        ? ": the drug was not ordered, so it is not a dose"
        : field === "doNotPerform"
          ? ": an order not to give the drug, not a dose"
          : "";
    return ctx.refuse(patient, ref, "not-final", `${field} is ${clipInput(value)}${why}`, field);
  }
  // A record of a dose whose own words say that day's dose was not given ("nivolumab 240 mg deferred until platelets
  // recover", "enoxaparin 40 mg held before the lumbar puncture"): no dose is dated from it — an immunotherapy's
  // exposure, or a context drug on board (a held anticoagulant is no anticoagulant given that day). An
  // immunotherapy's words stay the record's words of the drug. A request only orders, and is read as ordered; a
  // context drug's statement ("enoxaparin held since Monday") still says it was taken before (a heparin exposure
  // the HIT reading needs), so only its administration is refused.
  const words =
    type === "MedicationRequest" ? undefined : immunotherapyWords(ctx.opts.vocabulary, med.concept, true);
  const dose = words !== undefined || type === "MedicationAdministration";
  if (dose && ctx.opts.vocabulary.doseNotGiven(med.concept)) {
    if (words !== undefined) patient.addDrugWords({ ref, text: words, source: "dose" });
    const said = words ?? med.concept.text ?? med.concept.codings.find((c) => c.display)?.display ?? "";
    return ctx.refuse(
      patient,
      ref,
      "not-final",
      `${quoteInput(said)} says that day's dose was not given (deferred, held or omitted): not a dose`,
      "medication[x]",
    );
  }
  let candidates: (readonly [string, unknown])[];
  let endValue: string | undefined;
  // Still taken unless the status says otherwise; an administration at one instant is a single dose.
  let ongoing = m.status === undefined || !ENDED.has(m.status);
  if (type === "MedicationRequest") {
    const r = m as MedicationRequest;
    candidates = [
      ["authoredOn", r.authoredOn],
      ["dispenseRequest.validityPeriod.start", r.dispenseRequest?.validityPeriod?.start],
    ];
    const bounds = dosageBounds(r.dosageInstruction);
    candidates.push([`dosageInstruction[${bounds.index}].timing.repeat.boundsPeriod.start`, bounds.start]);
    const event = dosageEvent(r.dosageInstruction);
    candidates.push([
      event?.field.replace(/^dosage/, "dosageInstruction") ?? "dosageInstruction[0].timing.event",
      event?.value,
    ]);
    endValue = r.dispenseRequest?.validityPeriod?.end ?? bounds.end;
  } else {
    const a = m as MedicationAdministration | MedicationStatement;
    candidates = [
      ["effectiveDateTime", a.effectiveDateTime],
      ["effectivePeriod.start", a.effectivePeriod?.start],
    ];
    endValue = a.effectivePeriod?.end;
    if (type === "MedicationStatement") {
      // A statement written from the dosage alone ("240 mg every 2 weeks from 1 March"): R4 requires
      // effective[x] only in some profiles, and EHR medication lists often carry the dates in the
      // dosage's timing bounds. The course is dated by them rather than the drug being refused undated.
      const bounds = dosageBounds((a as MedicationStatement).dosage);
      candidates.push([`dosage[${bounds.index}].timing.repeat.boundsPeriod.start`, bounds.start]);
      const event = dosageEvent((a as MedicationStatement).dosage);
      candidates.push([event?.field ?? "dosage[0].timing.event", event?.value]);
      if (a.effectiveDateTime === undefined && a.effectivePeriod === undefined) endValue = bounds.end;
    }
    if (type === "MedicationAdministration") {
      // One administration (an infusion) charted by when it ended only, as R4's Period allows: dated by
      // its end, as an Observation's period is. A statement's end alone says nothing of when it began.
      if (a.effectivePeriod?.start === undefined)
        candidates.push(["effectivePeriod.end", a.effectivePeriod?.end]);
      if (a.effectiveDateTime !== undefined || a.effectivePeriod?.start === undefined) ongoing = false;
    }
  }
  const date = ctx.date(candidates);
  // A dose given whose date is missing is refused (no date is invented), but its drug is kept as words: beside a
  // serious abnormality the engine asks for the dosing history instead of staying silent. A request only intends.
  if (!date.ok && date.code === "missing-date" && type !== "MedicationRequest") {
    const words = immunotherapyWords(ctx.opts.vocabulary, med.concept, true);
    if (words !== undefined) patient.addDrugWords({ ref, text: words, source: "dose" });
  }
  const asserted = type === "MedicationStatement" ? (m as MedicationStatement).dateAsserted : undefined;
  if (!date.ok && date.code === "missing-date" && asserted !== undefined) {
    // When the statement was made says the drug was taken by then, not when it began: the days from the
    // first dose, which every onset window counts, would be guessed. Refused, naming the date that is there.
    return ctx.refuse(
      patient,
      ref,
      "missing-date",
      `no date the drug was taken: dateAsserted ${quoteInput(String(asserted))} is when the statement was made, not when the drug began (the days from the first dose would be guessed), and ${date.reason.replace(/^no date: /, "")}`,
      "dateAsserted",
    );
  }
  if (!date.ok) return rejectDate(ctx, patient, ref, date);
  const end = endValue === undefined ? undefined : endOk(endValue, ctx);
  // An administration whose period ends after the evaluation (an infusion read mid-course) is running now.
  const endPick = endValue === undefined || end !== undefined ? undefined : ctx.date([["end", endValue]]);
  const running =
    type === "MedicationAdministration" && endPick?.ok === false && endPick.code === "future-date";
  // The dose the record gives (kept on a context drug: an anticoagulant's prophylactic or treatment dose).
  const amount = recordDose(type, m);
  // A context drug's course likewise: a warfarin course charted as one administration from before the
  // evaluation to after it is taken now, whatever its status (the CSV reader reads such an end so). Before,
  // a completed one was read as taken on its first day only, and the INR it raised was graded by the absolute
  // CTCAE cut-offs and listed as an unexplained coagulopathy.
  return usedOrMerged(
    patient.addMedication(matches, ref, date.at, DOSE_KIND[type], end, ongoing || running, running, amount),
  );
}

/**
 * A Medication resource a medication record names (top-level, or contained in `host`): a code lookup,
 * used when HemoSentinel tracks the drug (by its code or an active ingredient), else not used (counted
 * by its code system).
 */
export function medicationLookup(
  entry: Entry,
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
  host: Resource = entry.resource,
): Outcome {
  const concept = drugOf(entry.resource as Medication, host, ctx);
  if (ctx.opts.vocabulary.medications(concept).length === 0)
    return outOfScope(ctx, patient, entry, ref, concept, "code");
  return patient.countRef(ref) === "added" ? "used" : "merged";
}
