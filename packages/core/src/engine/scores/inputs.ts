/**
 * What scores read from a record: lab values in the unit their cut-offs are written in, and clinical facts
 * (events, immunotherapy exposures, context drugs) recorded before an instant.
 */

import { exposureStart } from "../../contracts/exposure.js";
import type { IsoDateTime, LabResult, PatientRecord } from "../../contracts/model.js";
import { sameUnit } from "../../knowledge/same-unit.js";
import type { FactSet } from "../../knowledge/scores.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import { instant } from "../dates.js";
import { latestNumeric } from "../lab-query.js";

/**
 * Picks the lab result a component scores: the latest one the score's window allows, in the unit the
 * cut-offs are written in (any unit when `unit` is omitted, e.g. to report an unusable assay).
 */
export type LabPicker = (lab: string, unit?: string) => LabResult | undefined;

function inUnit(unit: string | undefined): ((l: LabResult) => boolean) | undefined {
  return unit === undefined ? undefined : (l) => sameUnit(l.unit, unit);
}

/** Latest result at or before `at`, no older than `hours`. */
export function windowPicker(record: PatientRecord, at: IsoDateTime, hours: number): LabPicker {
  return (lab, unit) => latestNumeric(record.labs, lab, at, { maxAgeHours: hours, accept: inUnit(unit) });
}

/** Latest result strictly before `anchor`, no older than `days` (a pre-treatment baseline). */
export function baselinePicker(record: PatientRecord, anchor: IsoDateTime, days: number): LabPicker {
  return (lab, unit) =>
    latestNumeric(record.labs, lab, anchor, {
      maxAgeHours: days * 24,
      strictlyBefore: true,
      accept: inUnit(unit),
    });
}

const DAY_MS = 86_400_000;

/**
 * Source records of the facts in `facts` recorded at or before `at` (and, with `lookbackDays`, still
 * current within that many days before it). An empty list means "not recorded", never "absent".
 */
export function recordedFacts(record: PatientRecord, facts: FactSet, at: IsoDateTime): string[] {
  const t = instant(at);
  const since = facts.lookbackDays === undefined ? Number.NEGATIVE_INFINITY : t - facts.lookbackDays * DAY_MS;
  const refs: string[] = [];
  for (const e of record.events) {
    const qualified = facts.qualifiedEvents?.some(
      (q) => q.event === e.kind && q.qualifiers.some((x) => e.qualifiers?.includes(x)),
    );
    if (!(facts.events?.includes(e.kind) || qualified) || instant(e.at) > t) continue;
    if (instant(e.end ?? e.at) >= since) refs.push(e.ref);
  }
  for (const x of record.exposures) {
    if (!facts.exposureClasses?.includes(x.class) || instant(exposureStart(x)) > t) continue;
    if (instant(x.last) >= since) refs.push(x.doses[0]?.ref ?? x.drug);
  }
  for (const d of record.contextDrugs) {
    if (!facts.contextRoles || !d.roles.some((r) => facts.contextRoles?.includes(r)) || instant(d.start) > t)
      continue;
    if (d.end === undefined || instant(d.end) >= since) refs.push(d.ref);
  }
  for (const rule of facts.longTermDrugs ?? []) refs.push(...longTermCourses(record, rule, t));
  return refs;
}

/**
 * The records of each drug of the rule's roles taken long-term at instant `t`: its first record at least
 * `minDays` before `t`, and one still taken within `currentDays` before it (ongoing, or its end or single dose
 * in those days). With `maxGapDays`, only the records that join the current one without a longer gap count
 * (each record covers its start to its end, or to `t` when ongoing): doses given a few days every three
 * weeks are no long-term course. Drugs in `exceptDrugs` are not read; records after `t` are not read. A drug
 * taken briefly, or stopped, is not long-term.
 * @example
 * longTermCourses(record, { contextRoles: ["immunosuppressant"], minDays: 28, currentDays: 7, note: "…" }, t);
 * // ["MedicationStatement/tac"] for tacrolimus charted as taken since 60 days before t
 */
export function longTermCourses(
  record: Pick<PatientRecord, "contextDrugs">,
  rule: LongTermRule,
  t: number,
): string[] {
  const byDrug = new Map<string, PatientRecord["contextDrugs"][number][]>();
  for (const d of record.contextDrugs) {
    if (!d.roles.some((r) => rule.contextRoles.includes(r)) || instant(d.start) > t) continue;
    if (rule.exceptDrugs?.includes(d.drug)) continue;
    byDrug.set(d.drug, [...(byDrug.get(d.drug) ?? []), d]);
  }
  const refs: string[] = [];
  for (const records of byDrug.values()) {
    const courses = rule.maxGapDays === undefined ? records : joined(records, rule.maxGapDays, t);
    if (courses.length === 0) continue;
    const first = Math.min(...courses.map((d) => instant(d.start)));
    const current = courses.some(
      (d) => d.end === undefined || instant(d.end) >= t - rule.currentDays * DAY_MS,
    );
    if (first <= t - rule.minDays * DAY_MS && current) refs.push(...courses.map((d) => d.ref));
  }
  return refs;
}

type LongTermRule = NonNullable<FactSet["longTermDrugs"]>[number];

/**
 * The records of one drug that join, without a gap longer than `maxGapDays`, the one that reaches latest
 * towards `t` (each record covering its start to its end, or to `t` when ongoing), earliest first.
 */
function joined(
  records: readonly PatientRecord["contextDrugs"][number][],
  maxGapDays: number,
  t: number,
): PatientRecord["contextDrugs"][number][] {
  const until = (d: PatientRecord["contextDrugs"][number]) =>
    Math.min(d.end === undefined ? t : instant(d.end), t);
  const byEnd = [...records].sort((a, b) => until(b) - until(a));
  const last = byEnd[0];
  if (last === undefined) return [];
  const chain = [last];
  let from = instant(last.start);
  for (const d of byEnd.slice(1)) {
    if (until(d) < from - maxGapDays * DAY_MS) break;
    chain.push(d);
    from = Math.min(from, instant(d.start));
  }
  return chain.reverse();
}

/**
 * What a clinician states in a calculator form about a component the record cannot settle, by component
 * id: a fact `present` / `absent`, a criterion outside the record `met` / `not-met`, the SOFA points of the
 * organs outside the record (`"0"`…), the 4Ts thrombosis (`confirmed` / `lesser` / `none`) and other cause
 * (`definite` / `possible` / `none`). A patient's record states nothing: the map is empty.
 */
export type StatedAnswers = ReadonlyMap<string, string>;

/** What a component is evaluated against. */
export interface ComponentContext {
  readonly record: PatientRecord;
  readonly at: IsoDateTime;
  readonly pick: LabPicker;
  readonly labs: (id: string) => LabDefinition | undefined;
  /** Answers stated in a calculator form; they settle what the record leaves open. */
  readonly answers?: StatedAnswers;
}
