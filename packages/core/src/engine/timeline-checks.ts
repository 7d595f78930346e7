/**
 * Order contradictions in a patient's timeline: events that only follow a T-cell-activating therapy
 * (cytokine release syndrome, ICANS) dated before every immunotherapy in the record. A date is wrong or an
 * exposure is missing; either way the event cannot be placed, so it is reported and left out of
 * detection, as a same-instant lab conflict is.
 */

import { exposureStart } from "../contracts/exposure.js";
import type { Conflict, PatientRecord } from "../contracts/model.js";
import type { EventKind } from "../contracts/vocabularies.js";
import { calendarDate, daysBetween } from "./dates.js";

const FOLLOWS_THERAPY: ReadonlySet<EventKind> = new Set(["crs", "icans"]);
const NAMES: Partial<Record<EventKind, string>> = {
  crs: "Cytokine release syndrome",
  icans: "ICANS",
};

/**
 * The contradictions of event order in `record` (none when the record has no exposure).
 *
 * @example
 * timelineConflicts(record); // [{ kind: "event-before-exposure", refs: ["Condition/crs1", "MedicationAdministration/inf"], detail: "…" }]
 */
export function timelineConflicts(record: PatientRecord): Conflict[] {
  const starts = record.exposures.map((e) => {
    const at = exposureStart(e);
    const dose = e.doses.find((d) => d.at === at) ?? e.doses[0];
    return { e, at, ref: dose?.ref };
  });
  if (starts.length === 0) return [];
  const first = starts.reduce((a, b) => (daysBetween(b.at, a.at) > 0 ? b : a));
  const out: Conflict[] = [];
  for (const ev of record.events) {
    if (!FOLLOWS_THERAPY.has(ev.kind) || daysBetween(first.at, ev.at) >= 0) continue;
    out.push({
      kind: "event-before-exposure",
      refs: first.ref === undefined ? [ev.ref] : [ev.ref, first.ref],
      detail: `${NAMES[ev.kind]} on ${calendarDate(ev.at)} is dated before the first immunotherapy (${first.e.drug} on ${calendarDate(first.at)}): a date is wrong or an exposure is missing`,
    });
  }
  return out;
}

/** The record with its order contradictions added to `conflicts` and the events they name left out. */
export function withTimelineChecks(record: PatientRecord): PatientRecord {
  const found = timelineConflicts(record);
  if (found.length === 0) return record;
  const refs = new Set(found.map((c) => c.refs[0]));
  return {
    ...record,
    events: record.events.filter((e) => !refs.has(e.ref)),
    conflicts: [...record.conflicts, ...found],
  };
}
