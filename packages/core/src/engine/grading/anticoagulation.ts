/**
 * Whether a patient was on anticoagulation when a result was drawn, for the CTCAE v5.0 criteria that hold
 * only "if on anticoagulation" (INR increased × baseline). CTCAE does not define the phrase; the reading
 * (roles, windows, open-ended records, no grace period) is HemoSentinel's and is stated in
 * knowledge/ctcae.yaml (`anticoagulation`). Pure: instants and calendar dates come from the text as written.
 */

import type { ContextDrug, IsoDateTime, PatientRecord } from "../../contracts/model.js";
import type { CtcaeRules } from "../../knowledge/ctcae.js";
import { calendarDate, instant } from "../dates.js";

/** Anticoagulation status at one instant, as a grading input. */
export interface Anticoagulation {
  /** True while at least one anticoagulant or heparin record was current. */
  readonly on: boolean;
  /** The context-drug records it rests on (empty when not on), cited as evidence of the × baseline reading. */
  readonly refs: readonly string[];
}

const NOT_ON: Anticoagulation = { on: false, refs: [] };

/** A date without a time (`2024-03-05`): it covers the whole calendar day as written. */
function dateOnly(iso: IsoDateTime): boolean {
  return iso.length === 10;
}

/** `at` ≥ `from`: instants when both carry a time, else calendar dates as written. */
function notBefore(at: IsoDateTime, from: IsoDateTime): boolean {
  return dateOnly(at) || dateOnly(from)
    ? calendarDate(at) >= calendarDate(from)
    : instant(at) >= instant(from);
}

/**
 * True when `at` lies within the drug's [start, end], both inclusive; without an end the drug counts from
 * its start on (a MedicationStatement or MedicationRequest without end is read as ongoing). No grace period
 * after the end.
 */
function currentAt(drug: Pick<ContextDrug, "start" | "end">, at: IsoDateTime): boolean {
  return notBefore(at, drug.start) && (drug.end === undefined || notBefore(drug.end, at));
}

/**
 * Anticoagulation status of the patient over time: the context drugs with the roles of
 * `rules.anticoagulation` are picked once, then each instant is looked up.
 *
 * @example
 * const anticoagulation = anticoagulationOf(record, rules);
 * anticoagulation("2024-03-10T08:00:00Z"); // { on: true, refs: ["MedicationStatement/warfarin"] }
 */
export function anticoagulationOf(
  record: Pick<PatientRecord, "contextDrugs">,
  rules: Pick<CtcaeRules, "anticoagulation">,
): (at: IsoDateTime) => Anticoagulation {
  const roles: ReadonlySet<string> = new Set(rules.anticoagulation.roles);
  const drugs = record.contextDrugs.filter((d) => d.roles.some((r) => roles.has(r)));
  if (drugs.length === 0) return () => NOT_ON;
  return (at) => {
    const refs = drugs.filter((d) => currentAt(d, at)).map((d) => d.ref);
    return refs.length === 0 ? NOT_ON : { on: true, refs };
  };
}

/** A course of a drug current at one instant: its records and when the course began. */
export interface DrugCourse {
  /** The records current at the instant. */
  readonly refs: readonly string[];
  /** Start of the course: the earliest start among the records that overlap or touch the current ones. */
  readonly start: IsoDateTime;
}

/** `a` starts no later than `b` (instants, or calendar dates when either is a date only). */
function startsBy(a: IsoDateTime, b: IsoDateTime): boolean {
  return notBefore(b, a);
}

/**
 * The course of the context drugs with one of `roles` (and none of `exceptRoles`) current at each instant,
 * for a result that is the drug's intended effect (knowledge/ctcae.yaml `drugEffect`). Records that overlap
 * or touch make one course, its start the earliest of theirs: a warfarin refill does not start a new course.
 *
 * @example
 * drugCourseOf(record, ["vka"])("2024-03-10T08:00:00Z"); // { refs: ["MedicationStatement/w2"], start: "2024-01-02" }
 */
export function drugCourseOf(
  record: Pick<PatientRecord, "contextDrugs">,
  roles: readonly string[],
  exceptRoles: readonly string[] = [],
): (at: IsoDateTime) => DrugCourse | undefined {
  const drugs = record.contextDrugs.filter(
    (d) => d.roles.some((r) => roles.includes(r)) && !d.roles.some((r) => exceptRoles.includes(r)),
  );
  if (drugs.length === 0) return () => undefined;
  return (at) => {
    const current = drugs.filter((d) => currentAt(d, at));
    if (current.length === 0) return undefined;
    // Widen the course backwards over every record that reaches into it.
    let start = current.reduce((s, d) => (startsBy(d.start, s) ? d.start : s), current[0]?.start ?? at);
    for (let changed = true; changed; ) {
      changed = false;
      for (const d of drugs) {
        const reaches = d.end === undefined || notBefore(d.end, start);
        if (reaches && !startsBy(start, d.start) && startsBy(d.start, start)) {
          start = d.start;
          changed = true;
        }
      }
    }
    return { refs: current.map((d) => d.ref), start };
  };
}
