/**
 * AdverseEvent: a drug-safety or oncology system may chart an immune-related adverse event (an immune
 * thrombocytopenia after nivolumab, a pulmonary embolism on pembrolizumab) as an R4 AdverseEvent rather than a
 * Condition. Its `event` is read with the same event map as a Condition's code, dated when it occurred, else when
 * it was detected or recorded. A `potential` adverse event (a near miss, R4 `actuality`) did not happen and is
 * rejected; a fatal outcome is CTCAE grade 5 ("death related to AE"); a grade written in `severity` is read as a
 * Condition's is. Mild, moderate and severe are not CTCAE grades and are not translated into one.
 */
import type { AdverseEvent, CodeableConcept } from "@medplum/fhirtypes";
import { type PatientBuilder, usedOrMerged } from "../patient-builder.js";
import { clipInput } from "../quote.js";
import { toConcept } from "./concepts.js";
import type { Ingestion, Outcome } from "./context.js";
import { clinicalEvent, outOfScope, rejectDate, writtenGrade } from "./handler.js";
import type { Entry } from "./input.js";

/** R4 adverse-event-outcome `fatal`, or its words in a display or text. */
const FATAL = /^fatal$|\bfatal\b|\bdeath\b|\bdied\b/i;

function fatal(outcome: CodeableConcept | undefined): boolean {
  if (outcome === undefined) return false;
  const said = [outcome.text, ...(outcome.coding ?? []).flatMap((c) => [c.code, c.display])];
  return said.some((t) => typeof t === "string" && FATAL.test(t));
}

/** An AdverseEvent for `patient`: the event it names, or out of scope; a potential one is rejected. */
export function adverseEvent(entry: Entry, ctx: Ingestion, patient: PatientBuilder, ref: string): Outcome {
  const a = entry.resource as AdverseEvent;
  const concept = toConcept(a.event);
  const match = ctx.opts.vocabulary.event(concept);
  if (match === undefined) return outOfScope(ctx, patient, entry, ref, concept, "event");
  if (a.actuality !== undefined && a.actuality !== "actual") {
    return ctx.refuse(
      patient,
      ref,
      "not-final",
      `actuality is ${clipInput(String(a.actuality))}: an adverse event that could have happened but did not`,
      "actuality",
    );
  }
  const date = ctx.date([
    ["date", a.date],
    ["detected", a.detected],
    ["recordedDate", a.recordedDate],
  ]);
  if (!date.ok) return rejectDate(ctx, patient, ref, date);
  const grade = fatal(a.outcome) ? 5 : writtenGrade(a.severity);
  return usedOrMerged(
    patient.addEvent(clinicalEvent(ref, match, date.at, concept, undefined, grade, ctx.opts.vocabulary)),
  );
}
