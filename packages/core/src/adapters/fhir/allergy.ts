/**
 * AllergyIntolerance: many EHRs chart a heparin-induced thrombocytopenia as an allergy to heparin (its
 * reaction "HIT"), not as a Condition. Such a record is read as a history of HIT, which bars heparin
 * from every plan (ASH 2018). An allergy to a drug whose reaction the knowledge base reads as an event of its
 * own (events.yaml `allergyReactions`: heparin with thrombocytopenia is a history of HIT) is read as that
 * event. Any other allergy to a drug a plan may offer (rituximab, a heparin, caplacizumab, IVIG, tocilizumab,
 * emicizumab) is a drug-hypersensitivity event, which bars the drug as the plans read it; an allergy that names
 * neither is not used.
 */
import type { AllergyIntolerance, CodeableConcept } from "@medplum/fhirtypes";
import type { EventMatch, SourceConcept } from "../../knowledge/vocabulary.js";
import { type PatientBuilder, usedOrMerged } from "../patient-builder.js";
import { toConcept } from "./concepts.js";
import type { Ingestion, Outcome } from "./context.js";
import { clinicalEvent, outOfScope, rejectDate } from "./handler.js";
import type { Entry } from "./input.js";
import { statusCode } from "./record-status.js";

/** AllergyIntolerance verification statuses (R4 allergyintolerance-verification) that say it is not there. */
const NOT_AN_ALLERGY: ReadonlySet<string> = new Set(["refuted", "entered-in-error"]);

/**
 * AllergyIntolerance clinical statuses (R4 allergyintolerance-clinical) that a drug allergy keeps as a qualifier of
 * its event: `resolved` (reassessed by testing or re-exposure, no longer present) no longer bars the drug,
 * `inactive` without that reassessment still does (knowledge/management/facts.yaml drug-hypersensitivity).
 */
const LAPSED_ALLERGY: ReadonlySet<string> = new Set(["resolved", "inactive"]);

/** The HIT an allergy's reactions (or its own code) name, read as history, with the concept that names it. */
function hitHistory(
  a: AllergyIntolerance,
  ctx: Ingestion,
): { match: EventMatch; concept: SourceConcept } | undefined {
  const reactions = Array.isArray(a.reaction) ? a.reaction : [];
  const concepts: unknown[] = reactions.flatMap((r) =>
    Array.isArray(r?.manifestation) ? r.manifestation : [],
  );
  concepts.push(a.code);
  for (const raw of concepts) {
    if (raw === null || typeof raw !== "object") continue;
    const concept = toConcept(raw as CodeableConcept);
    const found = ctx.opts.vocabulary.event(concept);
    const past = found === undefined ? undefined : ctx.opts.vocabulary.qualify(found, "historical");
    if (past?.kind === "hit-history") return { match: past, concept };
  }
  // The substance with a reaction the knowledge reads as a HIT (heparin with thrombocytopenia).
  const substance = toConcept(a.code);
  const manifestations = concepts
    .slice(0, -1)
    .filter((raw): raw is CodeableConcept => raw !== null && typeof raw === "object")
    .map((raw) => toConcept(raw));
  const substances = [
    substance,
    ...reactions.flatMap((r) =>
      r?.substance !== null && typeof r?.substance === "object" ? [toConcept(r.substance)] : [],
    ),
  ];
  for (const s of substances) {
    const read = ctx.opts.vocabulary.allergy(s, manifestations);
    if (read?.kind === "hit-history") return { match: read, concept: s };
  }
  return undefined;
}

/**
 * Any other allergy to a drug a plan may offer (events.yaml `drugHypersensitivity`): the event with the drug's
 * avoid tags, `severe` for a high criticality, a severe reaction, or words of anaphylaxis in its reactions.
 */
function hypersensitivity(
  a: AllergyIntolerance,
  ctx: Ingestion,
): { match: EventMatch; concept: SourceConcept } | undefined {
  const reactions = Array.isArray(a.reaction) ? a.reaction : [];
  const manifestations = reactions
    .flatMap((r) => (Array.isArray(r?.manifestation) ? r.manifestation : []))
    .filter((raw): raw is CodeableConcept => raw !== null && typeof raw === "object")
    .map((raw) => toConcept(raw));
  const descriptions = reactions.flatMap((r) =>
    typeof r?.description === "string" ? [{ codings: [], text: r.description }] : [],
  );
  const severe = a.criticality === "high" || reactions.some((r) => r?.severity === "severe");
  const substances = [
    toConcept(a.code),
    ...reactions.flatMap((r) =>
      r?.substance !== null && typeof r?.substance === "object" ? [toConcept(r.substance)] : [],
    ),
  ];
  for (const s of substances) {
    const read = ctx.opts.vocabulary.drugHypersensitivity(s, [...manifestations, ...descriptions], severe);
    if (read !== undefined) return { match: read, concept: s };
  }
  return undefined;
}

/**
 * An AllergyIntolerance for `patient`: a HIT it names is a history of HIT dated by its onset, else when
 * it was recorded; else an allergy to a drug a plan may offer is a drug-hypersensitivity event (its
 * criticality and reactions kept as `severe`, its clinical status as `resolved` or `inactive`); refuted or
 * entered in error, it is rejected; naming neither, it is not used.
 */
export function allergyIntolerance(
  entry: Entry,
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
): Outcome {
  const a = entry.resource as AllergyIntolerance;
  const hit = hitHistory(a, ctx) ?? hypersensitivity(a, ctx);
  if (hit === undefined) return outOfScope(ctx, patient, entry, ref, toConcept(a.code), "code");
  const verification = statusCode(a.verificationStatus);
  if (verification !== undefined && NOT_AN_ALLERGY.has(verification))
    return ctx.refuse(patient, ref, "refuted", `verificationStatus is ${verification}`, "verificationStatus");
  const date = ctx.date([
    ["onsetDateTime", a.onsetDateTime],
    ["onsetPeriod.start", a.onsetPeriod?.start],
    ["recordedDate", a.recordedDate],
    ["lastOccurrence", a.lastOccurrence],
  ]);
  if (!date.ok) return rejectDate(ctx, patient, ref, date);
  // A drug allergy keeps its clinical status; a HIT charted as an allergy stays a history of HIT whatever it says.
  const clinical = statusCode(a.clinicalStatus);
  const match =
    hit.match.kind === "drug-hypersensitivity" && clinical !== undefined && LAPSED_ALLERGY.has(clinical)
      ? { ...hit.match, qualifiers: [...hit.match.qualifiers, clinical] }
      : hit.match;
  return usedOrMerged(patient.addEvent(clinicalEvent(ref, match, date.at, hit.concept, undefined)));
}
