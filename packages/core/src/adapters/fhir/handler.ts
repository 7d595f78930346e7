/**
 * What the handlers of the contract's resource types share: their signature and verdict, the clinical
 * event they build, and the two ways a record leaves scope — out of scope (not used) or unusable
 * (rejected with a reason).
 */
import type { CodeableConcept, Resource } from "@medplum/fhirtypes";
import type { ClinicalEvent } from "../../contracts/model.js";
import type { EventMatch, SourceConcept, Vocabulary } from "../../knowledge/vocabulary.js";
import type { DayInterval } from "../dates.js";
import type { PatientBuilder } from "../patient-builder.js";
import { isEmptyConcept } from "./concepts.js";
import type { DatePick, Ingestion, Outcome } from "./context.js";
import type { Entry } from "./input.js";

/**
 * A record whose information lives in member resources read on their own (a DiagnosticReport's results,
 * a panel's members): its outcome follows from theirs once every resource has been read.
 */
export interface Container {
  readonly members: readonly Resource[];
  readonly concept: SourceConcept;
}

/** What a handler decided about one resource. */
export type Verdict = Outcome | Container;

/** Reads one resource of a contract type for `patient`; `ref` is the ref its records cite. */
export type Handler = (entry: Entry, ctx: Ingestion, patient: PatientBuilder, ref: string) => Verdict;

/** A record whose code names nothing HemoSentinel uses: not used; one with no code at all: rejected. */
export function outOfScope(
  ctx: Ingestion,
  patient: PatientBuilder,
  entry: Entry,
  ref: string,
  concept: SourceConcept,
  field: string,
): Outcome {
  if (isEmptyConcept(concept)) {
    return ctx.refuse(patient, ref, "missing-code", `${field}: no code and no text`, field);
  }
  return ctx.notUsed(patient, entry.resource.resourceType, concept, ref);
}

/** The rejection of an in-scope record whose date is missing, malformed or in the future. */
export function rejectDate(
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
  date: Extract<DatePick, { ok: false }>,
): Outcome {
  return ctx.refuse(patient, ref, date.code, date.reason, date.field);
}

/** A valid end date as normalized text, or undefined (an unreadable end only loses the end). */
export function endOk(value: string, ctx: Ingestion): string | undefined {
  const d = ctx.date([["end", value]]);
  return d.ok ? d.at : undefined;
}

/**
 * The words of a concept as an event keeps them: its text, else its first display.
 * @example
 * conceptText({ codings: [{ system: "http://snomed.info/sct", code: "128053003", display: "Deep venous thrombosis" }] }); // "Deep venous thrombosis"
 */
export function conceptText(concept: SourceConcept): string | undefined {
  return concept.text ?? concept.codings.find((c) => c.display !== undefined)?.display;
}

/** The clinical event a classified resource records, with its end, grade, qualifiers and text when known. */
export function clinicalEvent(
  ref: string,
  match: EventMatch,
  at: string,
  concept: SourceConcept,
  end: string | undefined,
  grade?: number,
  vocabulary?: Pick<Vocabulary, "gradedQualifiers">,
): ClinicalEvent {
  const text = conceptText(concept);
  // A charted grade is the clinician's, more specific than the words ("severe epistaxis", grade 2).
  const qualifiers =
    vocabulary === undefined
      ? match.qualifiers
      : vocabulary.gradedQualifiers(match.kind, match.qualifiers, grade);
  return {
    ref,
    kind: match.kind,
    // A past episode its words date ("ischaemic stroke 2026-09") is dated by them, not by the record.
    at: match.at ?? at,
    // A planned procedure's own day, written with it, is the planned event's end (the day it is to be done).
    ...(end !== undefined ? { end } : match.plannedFor !== undefined && { end: match.plannedFor }),
    ...(grade !== undefined && { grade }),
    ...(qualifiers.length > 0 && { qualifiers }),
    ...(text !== undefined && { text }),
  };
}

/** A grade written in a severity ("CTCAE grade 3", "Grade 4"): the word is required there. */
const SEVERITY_GRADE = /\bgrade\s*([1-5])\b/i;

/**
 * The CTCAE/ASTCT grade a Condition's or AdverseEvent's severity states in words. SNOMED mild/moderate/severe
 * are not CTCAE grades and are not translated into one.
 */
export function writtenGrade(severity: CodeableConcept | undefined): number | undefined {
  if (!severity) return undefined;
  for (const t of [severity.text, ...(severity.coding ?? []).map((x) => x.display)]) {
    const m = t === undefined ? null : SEVERITY_GRADE.exec(t);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * The event `e` with the interval its date is known by (`latest`, `dated`: a month, a year, a period, an age), when
 * it is dated by that interval's first day; an event its words date otherwise is left as it is.
 */
export function withInterval(e: ClinicalEvent, interval: DayInterval | undefined): ClinicalEvent {
  return interval === undefined || e.at !== interval.at
    ? e
    : { ...e, latest: interval.latest, dated: interval.dated };
}
