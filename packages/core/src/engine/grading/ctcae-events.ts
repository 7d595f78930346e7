/**
 * CTCAE v5.0 event terms: hemolysis, DIC, TTP, HUS, thromboembolism and the site-specific hemorrhage
 * terms. An event carrying a grade the term defines is graded as recorded; otherwise a term with
 * `derived` rules is graded from the concurrent facts its criteria name (e.g. DIC and bleeding), and only
 * from those.
 */

import type { ClinicalEvent, IsoDateTime, PatientRecord } from "../../contracts/model.js";
import type { GradeResult } from "../../contracts/report.js";
import type { CtcaeRules, EventTermRule, Fact } from "../../knowledge/ctcae.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import { calendarDate, daysBetween, instant } from "../dates.js";
import { SAME_DAY_NOTE, unsureBaseline } from "../detect/same-day.js";
import { baselineFor, treatmentStart } from "./baseline.js";
import { limitOf, sig, valueIn } from "./limits.js";

/** Where a recorded event is graded. */
interface Route {
  readonly term: string;
  readonly defined: ReadonlySet<number>;
  readonly sourceIds: readonly string[];
}

/** One occurrence of a fact: the records it rests on, when, and a short description. */
interface Hit {
  readonly refs: readonly string[];
  readonly at: IsoDateTime;
  readonly end?: IsoDateTime;
  readonly text: string;
}

interface Candidate {
  readonly term: string;
  readonly grade: number;
  readonly at: IsoDateTime;
  readonly evidence: readonly string[];
  readonly basis: string;
  readonly sourceIds: readonly string[];
}

const ALL_GRADES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5]);

function definedGrades(t: EventTermRule): ReadonlySet<number> {
  return new Set(Object.entries(t.grades).flatMap(([g, text]) => (text === "-" ? [] : [Number(g)])));
}

function hasQualifier(e: ClinicalEvent, wanted: readonly string[]): boolean {
  const own = (e.qualifiers ?? []).map((q) => q.toLowerCase());
  return wanted.some((q) => own.includes(q.toLowerCase()));
}

/** The term an event is graded under: the first event term it matches, else its hemorrhage site. */
function routeOf(e: ClinicalEvent, rules: CtcaeRules): Route | undefined {
  for (const t of rules.terms) {
    if (t.kind !== "event") continue;
    if (t.events.some((m) => m.kind === e.kind && (!m.qualifiers || hasQualifier(e, m.qualifiers))))
      return { term: t.term, defined: definedGrades(t), sourceIds: t.sourceIds };
  }
  const h = rules.hemorrhage;
  if (e.kind !== h.event) return undefined;
  const site = h.sites.find((s) => hasQualifier(e, s.qualifiers));
  return site
    ? { term: site.term, defined: new Set(site.definedGrades), sourceIds: h.sourceIds }
    : { term: h.unspecifiedTerm, defined: ALL_GRADES, sourceIds: h.sourceIds };
}

function recordedGrade(e: ClinicalEvent, route: Route | undefined): number | undefined {
  return route && e.grade !== undefined && route.defined.has(e.grade) ? e.grade : undefined;
}

/**
 * The grade a bleed charted without one takes from its words ("fatal intracranial haemorrhage" is grade 5: the
 * hemorrhage `worded` rules), where its site term defines that grade; the highest that holds.
 */
function wordedCandidate(e: ClinicalEvent, route: Route, rules: CtcaeRules): Candidate | undefined {
  const h = rules.hemorrhage;
  if (e.kind !== h.event || e.grade !== undefined) return undefined;
  const rule = h.worded
    .filter((w) => route.defined.has(w.grade) && hasQualifier(e, w.qualifiers))
    .reduce<(typeof h.worded)[number] | undefined>(
      (best, w) => (!best || w.grade > best.grade ? w : best),
      undefined,
    );
  return rule
    ? {
        term: route.term,
        grade: rule.grade,
        at: e.at,
        evidence: [e.ref],
        basis: `${rule.basis} (${e.kind} ${calendarDate(e.at)})`,
        sourceIds: route.sourceIds,
      }
    : undefined;
}

/**
 * The CTCAE grade a bleed charted without one takes from its words (the hemorrhage `worded` rules: "fatal" 5, the
 * grade 3 words of `severe` 3), under its site term; undefined when its words name none or it carries a grade.
 */
export function wordedEventGrade(e: ClinicalEvent, rules: CtcaeRules): number | undefined {
  const route = routeOf(e, rules);
  return route ? wordedCandidate(e, route, rules)?.grade : undefined;
}

function fmt(n: number, unit: string | undefined): string {
  return unit ? `${n} ${unit}` : `${n}`;
}

/** Occurrences of a fact in the record. Censored values count only where their bound settles the fact. */
function hits(f: Fact, record: PatientRecord, labs: (id: string) => LabDefinition | undefined): Hit[] {
  if (f.kind === "event") {
    return record.events
      .filter((e) => e.kind === f.event && (!f.qualifiers || hasQualifier(e, f.qualifiers)))
      .map((e) => ({
        refs: [e.ref],
        at: e.at,
        ...(e.end ? { end: e.end } : {}),
        text: `${e.kind} ${calendarDate(e.at)}`,
      }));
  }
  const results = record.labs.filter((l) => l.lab === f.lab);
  if (f.kind === "qualitative") {
    return results
      .filter((l) => l.qualitative === f.is)
      .map((l) => ({ refs: [l.ref], at: l.at, text: `${f.lab} ${f.is}` }));
  }
  if (f.kind === "fallFromBaseline") {
    // A baseline that may follow the first dose (same-day.ts): the fall is read from the one before it too.
    const asWritten = baselineFor(record, f.lab);
    const unsure = unsureBaseline(results, f.lab, treatmentStart(record), labs(f.lab));
    return results.flatMap((l) => {
      const v = valueIn(l, f.unit);
      if (v === undefined || l.comparator?.startsWith(">")) return [];
      for (const base of unsure ? [asWritten, unsure.earlier] : [asWritten]) {
        const b = base ? valueIn(base, f.unit) : undefined;
        if (!base || b === undefined || !(sig(b - v) >= sig(f.fallFromBaseline))) continue;
        const note =
          base === asWritten ? "" : ` (not from ${fmt(unsure?.sameDay.value ?? 0, f.unit)} ${SAME_DAY_NOTE})`;
        return [
          {
            refs: [l.ref, base.ref],
            at: l.at,
            text: `${f.lab} ${fmt(v, f.unit)} from baseline ${fmt(b, f.unit)}${note}`,
          },
        ];
      }
      return [];
    });
  }
  const def = labs(f.lab);
  const low = f.kind === "belowLln";
  const factor = low ? f.belowLln : f.aboveUln;
  return results.flatMap((l) => {
    const limit = limitOf(l, def, low ? "low" : "high");
    const v = l.value;
    if (!limit || v === undefined || !Number.isFinite(v) || l.comparator?.startsWith(low ? ">" : "<"))
      return [];
    const threshold = sig(factor * limit.value);
    if (!(low ? sig(v) < threshold : sig(v) > threshold)) return [];
    const what = `${factor === 1 ? "" : `${factor} × `}${low ? "LLN" : "ULN"} ${fmt(limit.value, l.unit)}`;
    return [{ refs: [l.ref], at: l.at, text: `${f.lab} ${fmt(v, l.unit)} ${low ? "<" : ">"} ${what}` }];
  });
}

/** Two facts are concurrent when their calendar-date spans, widened by `days`, overlap. */
function concurrent(a: Hit, b: Hit, days: number): boolean {
  return daysBetween(a.end ?? a.at, b.at) <= days && daysBetween(b.end ?? b.at, a.at) <= days;
}

function later(a: IsoDateTime, b: IsoDateTime): IsoDateTime {
  return instant(b) > instant(a) ? b : a;
}

/** Grades derived from facts, one per anchor occurrence (the first rule that holds). */
function derivedCandidates(
  t: EventTermRule,
  rules: CtcaeRules,
  record: PatientRecord,
  labs: (id: string) => LabDefinition | undefined,
  graded: ReadonlySet<string>,
): Candidate[] {
  const d = t.derived;
  if (!d) return [];
  const cache = new Map<Fact, Hit[]>();
  const hitsOf = (f: Fact) => cache.get(f) ?? cache.set(f, hits(f, record, labs)).get(f) ?? [];
  const anchors = d.anchor.flatMap(hitsOf).filter((h) => !h.refs.some((r) => graded.has(r)));
  const out: Candidate[] = [];
  for (const anchor of anchors) {
    for (const rule of d.rules) {
      const found = (rule.with ?? []).map((f) =>
        hitsOf(f).find((h) => concurrent(anchor, h, rules.concurrentDays)),
      );
      const excluded = (rule.without ?? []).some((f) =>
        hitsOf(f).some((h) => concurrent(anchor, h, rules.concurrentDays)),
      );
      if (excluded || found.some((h) => h === undefined)) continue;
      const facts = [anchor, ...found.filter((h): h is Hit => h !== undefined)];
      out.push({
        term: t.term,
        grade: rule.grade,
        at: facts.map((h) => h.at).reduce(later),
        evidence: [...new Set(facts.flatMap((h) => h.refs))],
        basis: `${rule.basis} (${facts.map((h) => h.text).join("; ")})`,
        sourceIds: t.sourceIds,
      });
      break;
    }
  }
  return out;
}

/**
 * Worst grade per event term (grade ≥ 1), in the order of the rules: event terms, hemorrhage sites, then
 * the unspecified hemorrhage id. Of equal grades the earliest is kept.
 */
export function gradeEvents(
  record: PatientRecord,
  rules: CtcaeRules,
  labs: (labId: string) => LabDefinition | undefined,
): GradeResult[] {
  const candidates: Candidate[] = [];
  const graded = new Set<string>();
  for (const e of record.events) {
    const route = routeOf(e, rules);
    const grade = recordedGrade(e, route);
    if (!route) continue;
    if (grade === undefined) {
      const worded = wordedCandidate(e, route, rules);
      if (worded) candidates.push(worded);
      continue;
    }
    graded.add(e.ref);
    candidates.push({
      term: route.term,
      grade,
      at: e.at,
      evidence: [e.ref],
      basis: `grade ${grade} as recorded`,
      sourceIds: route.sourceIds,
    });
  }
  for (const t of rules.terms) {
    if (t.kind === "event") candidates.push(...derivedCandidates(t, rules, record, labs, graded));
  }
  const order = [
    ...rules.terms.filter((t) => t.kind === "event").map((t) => t.term),
    ...rules.hemorrhage.sites.map((s) => s.term),
    rules.hemorrhage.unspecifiedTerm,
  ];
  return order.flatMap((term) => {
    const worst = candidates
      .filter((c) => c.term === term)
      .reduce<Candidate | undefined>(
        (w, c) => (!w || c.grade > w.grade || (c.grade === w.grade && instant(c.at) < instant(w.at)) ? c : w),
        undefined,
      );
    return worst
      ? [
          {
            term,
            grade: worst.grade,
            worstAt: worst.at,
            evidence: worst.evidence,
            basis: worst.basis,
            sourceIds: worst.sourceIds,
          },
        ]
      : [];
  });
}
