/**
 * Order contradictions in a patient's timeline: events that only follow a T-cell-activating therapy
 * (cytokine release syndrome, ICANS) dated before every immunotherapy in the record. A date is wrong or an
 * exposure is missing; either way the event cannot be placed, so it is reported and left out of
 * detection, as a same-instant lab conflict is.
 */

import { exposureStart } from "../contracts/exposure.js";
import type { ClinicalEvent, Conflict, PatientRecord } from "../contracts/model.js";
import type { EventKind } from "../contracts/vocabularies.js";
import type { ManagementFactRules } from "../knowledge/management.js";
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
    // An event dated only by an interval that reaches the first dose (a month) may follow it: no contradiction.
    if (!FOLLOWS_THERAPY.has(ev.kind) || daysBetween(first.at, ev.latest ?? ev.at) >= 0) continue;
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

/**
 * The record with each thrombosis of the rule's qualifiers (a pulmonary embolism) that has a shock charted as an
 * entry of its own within `withinDays` days given the rule's qualifier (haemodynamic instability), unless an event
 * of `unlessEvents` (sepsis, infection, CRS, a bleed) is charted in the same window: knowledge/management/facts.yaml
 * `shock-beside-pulmonary-embolism`. The PE is then graded and planned as the words "PE with shock" are.
 */
export function withShockBesidePe(
  record: PatientRecord,
  rule: ManagementFactRules["shock-beside-pulmonary-embolism"],
): PatientRecord {
  // Calendar days as charted: a shock on the day before, of or after the PE is beside it.
  const near = (a: string, b: string) => Math.abs(daysBetween(a, b)) <= rule.withinDays;
  // A competing cause is read over its charted span (a sepsis charted from day 66 to day 72 explains a shock
  // beside a PE on day 70), from the day before its start to the day after its end.
  const beside = (x: ClinicalEvent, at: string) =>
    daysBetween(x.at, at) >= -rule.withinDays && daysBetween(x.end ?? x.at, at) <= rule.withinDays;
  const shocks = record.events.filter((e) => e.kind === rule.event);
  if (shocks.length === 0) return record;
  let changed = false;
  const events = record.events.map((e) => {
    if (e.kind !== "thrombosis" || !rule.onQualifiers.some((q) => e.qualifiers?.includes(q))) return e;
    if (e.qualifiers?.includes(rule.gives)) return e;
    if (!shocks.some((s) => near(s.at, e.at))) return e;
    if (record.events.some((x) => rule.unlessEvents.includes(x.kind) && beside(x, e.at))) return e;
    changed = true;
    return { ...e, qualifiers: [...(e.qualifiers ?? []), rule.gives] };
  });
  return changed ? { ...record, events } : record;
}
