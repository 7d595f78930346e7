/**
 * What on the record makes two management facts hold at an evaluation (knowledge/management/facts.yaml), read in
 * one place: the planner turns them into facts, and the CDS service quotes them on its order cards, so the plan
 * and the card can never disagree on whether a patient has hepatitis B on record or an anti-CD38 antibody given.
 */
import type { ClinicalEvent, LabResult, PatientRecord } from "../contracts/model.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import { daysBetween, instant } from "./dates.js";
import { usableLabs } from "./lab-query.js";

/** The results and charted events that make `hepatitis-b-on-record` hold. */
export interface HepatitisBEvidence {
  /** Positive results of the fact's labs (HBsAg, total anti-HBc), dated by the evaluation. */
  readonly labs: readonly LabResult[];
  /** Events of the fact's kinds (a hepatitis B charted), dated by the evaluation. */
  readonly events: readonly ClinicalEvent[];
}

/**
 * The evidence of `hepatitis-b-on-record` at `evaluatedAt`: each positive result of the fact's labs and each charted
 * event of its kinds, dated by then, with no look-back limit and no later negative result read (an HBsAg lost still
 * leaves the anti-HBc of a past infection that rituximab can reactivate). Results in a same-instant conflict are left
 * out, as every other reading of the record leaves them out. The fact holds when either list is not empty.
 * @example
 * hepatitisBEvidence(record, knowledge, "2026-11-01T12:00:00Z"); // { labs: [anti-HBc positive …], events: [] }
 */
export function hepatitisBEvidence(
  record: PatientRecord,
  k: Knowledge,
  evaluatedAt: string,
): HepatitisBEvidence {
  const rule = k.managementFacts["hepatitis-b-on-record"];
  const now = instant(evaluatedAt);
  return {
    labs: usableLabs(record).filter(
      (l) => rule.labs.includes(l.lab) && l.qualitative === "positive" && instant(l.at) <= now,
    ),
    events: record.events.filter((e) => rule.events.includes(e.kind) && instant(e.at) <= now),
  };
}

/**
 * The immunotherapy exposures that make `anti-cd38-antibody-recent` hold at `evaluatedAt`: a drug of the fact's
 * targets (CD38) first given by then whose last dose lies within the fact's days before it (calendar days, the day
 * of the evaluation counted as 0). Reads a record's exposures or a report's exposure summaries alike.
 * @example
 * antiCd38Recent(report.exposures, knowledge, "2026-11-01T12:00:00Z"); // [{ drug: "daratumumab", … }]
 */
export function antiCd38Recent<
  E extends { readonly drug: string; readonly first: string; readonly last: string },
>(exposures: readonly E[], k: Knowledge, evaluatedAt: string): E[] {
  const rule = k.managementFacts["anti-cd38-antibody-recent"];
  const now = instant(evaluatedAt);
  return exposures.filter(
    (e) =>
      k.drugs.drugs.find((d) => d.id === e.drug)?.targets.some((t) => rule.targets.includes(t)) === true &&
      instant(e.first) <= now &&
      daysBetween(e.last, evaluatedAt) <= rule.withinDays,
  );
}

/** Whether `hepatitis-b-on-record` holds given its evidence: a positive result or a charted hepatitis B. */
export function hepatitisBOnRecord(evidence: HepatitisBEvidence): boolean {
  return evidence.labs.length > 0 || evidence.events.length > 0;
}
