/**
 * Nothing serious after immunotherapy is silent: every new grade ≥ 3 cytopenia, grade ≥ 2 coagulation
 * abnormality, thrombosis and major bleeding after the first dose (knowledge/unexplained.yaml) either lies
 * inside a finding that accounts for it or is listed as unexplained, with why no disorder was attributed
 * and the tests that would settle it. What an abnormality shows may list it below its rule's grade
 * (`shows[].fromGrade`: a DAT-positive haemolysis after a checkpoint inhibitor from anaemia grade 1).
 */

import { exposureStart } from "../contracts/exposure.js";
import type { ClinicalEvent, IsoDateTime, LabResult, PatientRecord } from "../contracts/model.js";
import type { Finding, GradeResult, ScoreResult, UnexplainedItem, WorkupItem } from "../contracts/report.js";
import type { ContextRole, DisorderId } from "../contracts/vocabularies.js";
import type { Disorder } from "../knowledge/disorders.js";
import { hasPhrase } from "../knowledge/knowledge.js";
import type { WorkupKnowledge } from "../knowledge/management.js";
import type { UnexplainedPattern, UnexplainedRules, UnexplainedShows } from "../knowledge/unexplained.js";
import { calendarDate, daysBetween, instant } from "./dates.js";
import type { Miss } from "./detect/engine.js";
import { SAME_DAY_NOTE, undeterminedOrder } from "./detect/same-day.js";
import { labCaveat, valueWithUnit } from "./display.js";
import { treatmentStart } from "./grading/baseline.js";
import { type HemolysisRule, hemolysisShown } from "./hemolysis.js";
import { gradedResultNear } from "./lab-query.js";
import { workupIndicated, workupItem } from "./manage/plan.js";

/** What the check needs besides the record: knowledge, the findings made and why others were not. */
export interface UnexplainedInputs {
  readonly rules: UnexplainedRules;
  readonly disorders: readonly Disorder[];
  readonly workup: WorkupKnowledge;
  readonly findings: readonly Pick<Finding, "disorder" | "onset" | "certainty" | "criteria">[];
  readonly misses: readonly Miss[];
  /** Lab ids already resulted: their tests are not asked for again. */
  readonly resulted: ReadonlySet<string>;
  /** The patient's scores at the evaluation, which decide score-conditioned tests (the HIT assay). */
  readonly scores?: readonly ScoreResult[];
  /** CTCAE grade of one result for a term (0 = normal), undefined when it cannot be graded. */
  readonly grade: (term: string, result: LabResult) => number | undefined;
  /** The worst grade of each term over the record: a term that never reaches its threshold is skipped. */
  readonly worstGrades: readonly Pick<GradeResult, "term" | "grade">[];
  /** A lab's name in words, for the reason a pattern is severe. */
  readonly labName?: (lab: string) => string | undefined;
  /**
   * Results left out because another result of the same test at the same instant disagrees with them
   * (reported as conflicts, never graded or detected on): one of them reaching a rule's grade is listed.
   */
  readonly conflicted?: readonly LabResult[];
  /**
   * Whether a result lies beyond a marker's limit (below `belowLln` × the lower or above `aboveUln` × the upper
   * limit, the laboratory's range else the catalogue's); without it no marker is read as abnormal.
   */
  readonly beyond?: (l: LabResult, m: { readonly belowLln?: number; readonly aboveUln?: number }) => boolean;
  /** Haemolysis as the knowledge states it once (management/facts.yaml `hemolysis`), read beside a bleed. */
  readonly hemolysis: HemolysisRule;
  /** The catalogue immunotherapies a text names (ids); without it no charted attribution is read. */
  readonly drugsNamed?: (text: string) => readonly string[];
  /** The single agents a combination or formulation holds (knowledge/drugs.yaml `includes`): Opdualag, nivolumab. */
  readonly components?: (drug: string) => readonly string[];
  /**
   * Words that make a relative the subject of a clause (events.yaml `relatives` and family-history headers): a drug
   * named in such a clause ("mother on nivolumab") is not the patient's.
   */
  readonly relatives?: readonly string[];
  /**
   * The CTCAE grade an event charted without one takes from its words (a bleed "requiring transfusion" is grade 3,
   * a fatal one 5), shown on its item; without it only a charted grade is shown.
   */
  readonly wordedGrade?: (e: ClinicalEvent) => number | undefined;
}

const DAY = 86_400_000;

/**
 * Whether a finding of one of `disorders` accounts for the record: it covers the instant (from a week
 * before onset to the episode's end), or the record is evidence of one of its met criteria (the recurrence
 * of a positive rechallenge, months after the first episode).
 */
function accountedFor(
  at: IsoDateTime,
  ref: string,
  disorders: readonly DisorderId[],
  x: UnexplainedInputs,
): boolean {
  const t = instant(at);
  return x.findings.some((f) => {
    if (!disorders.includes(f.disorder)) return false;
    if (f.criteria.some((c) => c.status === "met" && c.evidence.includes(ref))) return true;
    if (!f.onset) return false;
    const days = x.disorders.find((d) => d.id === f.disorder)?.episodeDays ?? 0;
    const onset = instant(f.onset.date);
    return t >= onset - x.rules.accountDaysBefore * DAY && t <= onset + days * DAY;
  });
}

/** Why none of `disorders` was attributed: each one's reason, or that the abnormality is outside any finding's scope. */
function whyNot(disorders: readonly DisorderId[], at: IsoDateTime, x: UnexplainedInputs): string {
  if (disorders.length === 0) return "no hemostatic disorder HemoSentinel detects accounts for it";
  const reasons = disorders.map((d) => {
    // Named as the misses' reasons are ("Evans syndrome (…): criteria not met"), never by the bare id.
    const name = x.disorders.find((def) => def.id === d)?.name ?? d;
    const found = x.findings.find((f) => f.disorder === d);
    if (found?.onset)
      return `${name}: the ${found.certainty} finding from ${calendarDate(found.onset.date)} does not cover ${calendarDate(at)}`;
    return x.misses.find((m) => m.disorder === d)?.why ?? `${name}: not assessed`;
  });
  return reasons.join("; ");
}

function workupOf(
  refs: readonly string[],
  x: UnexplainedInputs,
  metDifferentials: ReadonlySet<string> = new Set(),
): WorkupItem[] {
  const out: WorkupItem[] = [];
  for (const ref of refs) {
    const [disorder, id] = ref.split("/") as [DisorderId, string];
    const w = x.workup[disorder]?.find((e) => e.id === id);
    if (!w || x.resulted.has(w.id) || out.some((o) => o.id === w.id)) continue;
    if (workupIndicated(w, x.scores ?? [], metDifferentials)) out.push(workupItem(w));
  }
  return out;
}

/**
 * The rule's `besideScore` when the patient's score at the evaluation reaches it: the text naming the score
 * beside the abnormality, its work-up and sources.
 */
function besideScore(
  rule: UnexplainedRules["labs"][number],
  x: UnexplainedInputs,
):
  | {
      readonly text: string;
      readonly workup: readonly string[];
      readonly met: ReadonlySet<string>;
      readonly sourceIds: readonly string[];
    }
  | undefined {
  const b = rule.besideScore;
  if (!b) return undefined;
  const s = (x.scores ?? []).find((r) => r.id === b.score);
  if (!s || s.value === null || s.value < b.atLeast) return undefined;
  return {
    text: ` ${b.note.replace("{value}", String(s.value))}`,
    workup: b.workup,
    met: new Set([b.asDifferential]),
    sourceIds: b.sourceIds,
  };
}

/**
 * The latest result on or before `start`, for the grade the patient began with: a result at the instant of
 * the first dose (both charted as that date) is the pre-dose sample, as in the CTCAE baseline.
 */
function before(results: readonly LabResult[], start: number): LabResult | undefined {
  let best: LabResult | undefined;
  for (const r of results)
    if (instant(r.at) <= start && (!best || instant(r.at) > instant(best.at))) best = r;
  return best;
}

/** The record and the span it is read over: from the first dose to the evaluation time. */
interface Scope {
  readonly record: PatientRecord;
  readonly start: number;
  /** The first dose as written (a result of its day without a draw time is of undetermined order). */
  readonly startAt: IsoDateTime;
  readonly now: number;
  readonly x: UnexplainedInputs;
  /** Spans a named pattern takes in: a covered rule's abnormality inside one is listed in the pattern. */
  readonly covered: readonly Covered[];
}

/** A rule (lab term or event rule id) a pattern item takes in from `from` to `to` (epoch ms). */
interface Covered {
  readonly rule: string;
  readonly from: number;
  readonly to: number;
}

function inPattern(rule: string, at: IsoDateTime, covered: readonly Covered[]): boolean {
  const t = instant(at);
  return covered.some((c) => c.rule === rule && t >= c.from && t <= c.to);
}

/**
 * The results of `term` drawn the day of the first dose without a draw time (detect/same-day.ts) graded worse
 * than the last result before them, or graded at all (grade ≥ 1) with none before them: read as possibly after the
 * dose, never as the grade the patient began with — as the CTCAE grader and the detectors read such a result
 * (grading/ctcae.ts `gradingBaseline`). An INR of 1.8 charted as the dose's date with no earlier INR is listed with
 * its timing named, and a later INR is read against no result by the first dose.
 */
function sameDayWorse(
  results: readonly LabResult[],
  start: number,
  startAt: IsoDateTime,
  grade: (l: LabResult) => number,
): Set<LabResult> {
  const unsure = results.filter((l) => undeterminedOrder(l.at, startAt));
  if (unsure.length === 0) return new Set();
  const earlier = before(
    results.filter((l) => !unsure.includes(l)),
    start,
  );
  const g0 = earlier === undefined ? 0 : grade(earlier);
  return new Set(unsure.filter((l) => grade(l) > g0));
}

function labItems({ record, start, startAt, now, x, covered }: Scope): UnexplainedItem[] {
  const out: UnexplainedItem[] = [];
  const worstOf = new Map(x.worstGrades.map((g) => [g.term, g.grade]));
  for (const rule of x.rules.labs) {
    // A `shows` entry with `fromGrade` lists a result below the rule's grade when it holds at that result.
    const lowest = Math.min(rule.minGrade, ...(rule.shows ?? []).map((s) => s.fromGrade ?? rule.minGrade));
    const showsBelow = (g: number): typeof rule => ({
      ...rule,
      shows: (rule.shows ?? []).filter((s) => s.fromGrade !== undefined && s.fromGrade <= g),
    });
    const reaches = (l: LabResult, g: number) =>
      g >= rule.minGrade || (g >= lowest && showsOf(record, l.at, showsBelow(g), x, rule.term) !== undefined);
    if ((worstOf.get(rule.term) ?? 0) < lowest) continue;
    const results = record.labs.filter((l) => l.lab === rule.lab);
    const sameDay = sameDayWorse(results, start, startAt, (l) => x.grade(rule.term, l) ?? 0);
    const base = before(
      results.filter((l) => !sameDay.has(l)),
      start,
    );
    const baseGrade = base ? (x.grade(rule.term, base) ?? 0) : 0;
    const after = results
      .filter((l) => sameDay.has(l) || (instant(l.at) >= start && instant(l.at) <= now))
      .map((l) => ({ l, g: x.grade(rule.term, l) ?? 0 }));
    // A result back at grade ≤ recoveredAtMostGrade after the first dose ends the grade the patient began with.
    const recoveredAt = after
      .filter(
        ({ l, g }) => g <= x.rules.recoveredAtMostGrade && instant(l.at) > (base ? instant(base.at) : start),
      )
      .reduce((t, { l }) => Math.min(t, instant(l.at)), Number.POSITIVE_INFINITY);
    // What the result shows that did not hold before the first dose (a new immune haemolysis on a chronic
    // anaemia): listed though its grade is no worse than the pre-dose one.
    const newlyShown = (l: LabResult, g: number) => {
      if (base === undefined) return false;
      const entry = showsOf(record, l.at, g >= rule.minGrade ? rule : showsBelow(g), x, rule.term)?.entry;
      return entry?.newOverBaseline === true && !heldBefore(record, entry, base.at, start, x);
    };
    const serious = after.filter(
      ({ l, g }) =>
        reaches(l, g) &&
        (g > baseGrade || instant(l.at) > recoveredAt || newlyShown(l, g)) &&
        !accountedFor(l.at, l.ref, rule.explainedBy, x) &&
        !inPattern(rule.term, l.at, covered),
    );
    if (serious.length === 0) continue;
    const worst = serious.reduce((a, b) => (b.g > a.g ? b : a));
    const first = serious[0] as (typeof serious)[number];
    const span =
      serious.length > 1
        ? ` ${serious.length} results at grade ≥ ${Math.min(...serious.map((s) => s.g), rule.minGrade)} from ${calendarDate(first.l.at)} (day ${dayOf(first.l.at, start)}).`
        : "";
    const back = Number.isFinite(recoveredAt)
      ? ` Back to grade ≤ ${x.rules.recoveredAtMostGrade} on ${calendarDate(new Date(recoveredAt).toISOString())} (day ${dayOf(new Date(recoveredAt).toISOString(), start)}), so the fall after it is new.`
      : "";
    const fresh =
      worst.g <= baseGrade && !(instant(worst.l.at) > recoveredAt) && newlyShown(worst.l, worst.g)
        ? " No worse than before the first dose, but what it shows below is new: it did not hold before the first dose, and a chronic anaemia does not explain it."
        : "";
    const timing = sameDay.has(worst.l) ? ` Timing: ${SAME_DAY_NOTE}; read as possibly after it.` : "";
    const note = afterClassNote(record, worst.l.at, rule);
    // After CAR-T the count before the infusion is the one the cytopenia is read against (ICAHT's day 0).
    const preInfusion = note.infusion ? before(results, instant(note.infusion)) : undefined;
    const baseline = note.infusion
      ? preInfusion
        ? ` Before the infusion: grade ${x.grade(rule.term, preInfusion) ?? 0} (${calendarDate(preInfusion.at)}).`
        : " No result by the infusion."
      : base
        ? ` Before the first dose: grade ${baseGrade}.`
        : " No result by the first dose.";
    const was = `${baseline}${worst.g <= baseGrade ? fresh || back : ""}${timing}`;
    // Below the rule's grade only an entry that lists from that grade names the item (it is why it is listed).
    const shown = showsOf(
      record,
      worst.l.at,
      worst.g >= rule.minGrade ? rule : showsBelow(worst.g),
      x,
      rule.term,
    );
    const beside = besideEvent(record, worst.l.at, rule, x, shown?.entry.workup);
    const score = besideScore(rule, x);
    // A censored result below the rule's grade ("<12 g/dL") is graded at its bound: the true grade may be
    // higher. Listed for what it shows, it carries no grade, so its plan is the ungraded one (hold the ICI and
    // grade) — never the grade 1 row's "continue" on a haemoglobin that may be 6 g/dL.
    const bound = worst.g < rule.minGrade && worst.l.comparator !== undefined;
    const graded = labItem(
      rule,
      worst,
      serious.filter((s) => s !== worst).map((s) => s.l),
      `${worst.g >= rule.minGrade ? rule.label : `${rule.label} not reached, listed for what it shows (from grade ${shown?.entry.fromGrade ?? lowest})`}: ${worst.l.comparator ?? ""}${valueWithUnit(worst.l.value ?? Number.NaN, worst.l.unit)}${labCaveat(worst.l)} on ${calendarDate(worst.l.at)} (${note.day ?? `day ${dayOf(worst.l.at, start)}`}), ${bound ? `grade ${worst.g} or worse (a censored result: the grade is not known; measure the value)` : `grade ${worst.g}`}.${was}${span}${beside?.text ?? ""}${shown?.text ?? ""} Not attributed — ${whyNot(rule.explainedBy, worst.l.at, x)}.${onDrugs(record, worst.l.at, rule.lab)}${note.text}${score?.text ?? ""}`,
      x,
    );
    const { grade: _bound, ...ungraded } = graded;
    const item: UnexplainedItem = bound ? ungraded : graded;
    const chosen = beside?.workup ?? shown?.entry.workup;
    const workup = chosen ? workupOf(chosen, x) : item.workup;
    out.push({
      ...item,
      ...(chosen || score
        ? {
            workup: score
              ? [
                  ...workup,
                  ...workupOf(score.workup, x, score.met).filter((w) => !workup.some((o) => o.id === w.id)),
                ]
              : workup,
          }
        : {}),
      ...(shown ? { shows: { id: shown.entry.id, name: shown.entry.name } } : {}),
      ...whySources([
        ...(shown?.entry.sourceIds ?? []),
        ...note.sourceIds,
        ...(beside?.sourceIds ?? []),
        ...(score?.sourceIds ?? []),
      ]),
    });
  }
  return out;
}

/**
 * A charted event of the rule's `besideEvent` (a bleed) within its window of the result: the text naming it
 * beside the abnormality, and the work-up — the bleed's tests, then the rule's own (haemolysis) only when
 * haemolysis markers are abnormal or haemolysis is charted in the same window. `shown` is the work-up of what
 * the item shows (`shows`), when it shows something: it follows the bleed's in place of the rule's, whether or
 * not haemolysis is shown — its conditions hold beside the bleed (a positive DAT with haemolysis, a low
 * reticulocyte count, another cell line down), which the bleed does not explain.
 */
function besideEvent(
  record: PatientRecord,
  at: IsoDateTime,
  rule: UnexplainedRules["labs"][number],
  x: UnexplainedInputs,
  shown?: readonly string[],
):
  | { readonly text: string; readonly workup: readonly string[]; readonly sourceIds: readonly string[] }
  | undefined {
  const b = rule.besideEvent;
  if (!b) return undefined;
  const t = instant(at);
  const near = (iso: IsoDateTime) => Math.abs(instant(iso) - t) <= b.withinDays * DAY;
  const event = record.events.find((e) => e.kind === b.event && spanNear(e, t, b.withinDays));
  if (!event) return undefined;
  const hemolysis = hemolysisNear(record, near, x);
  const charted =
    event.end !== undefined && calendarDate(event.end) !== calendarDate(event.at)
      ? `from ${calendarDate(event.at)} to ${calendarDate(event.end)}`
      : `on ${calendarDate(event.at)}`;
  const text = ` Beside a ${b.event} charted ${charted} (within ${b.withinDays} day${b.withinDays === 1 ? "" : "s"}): ${b.note}${hemolysis ? " Haemolysis markers are abnormal in the same window: haemolysis may coexist, and its tests follow the bleed's." : ""}`;
  return {
    text,
    workup: [...b.workup, ...(shown ?? (hemolysis ? rule.workup : []))],
    sourceIds: b.sourceIds,
  };
}

/** Haemolysis shown within a window, as the `hemolysis` fact of management/facts.yaml states it once. */
function hemolysisNear(record: PatientRecord, near: (iso: IsoDateTime) => boolean, x: UnexplainedInputs) {
  return hemolysisShown(x.hemolysis, record.labs, record.events, near, (l, m) => x.beyond?.(l, m) ?? false);
}

/**
 * The entry's result conditions read within `near`: its haemolysis (shown or not, as the entry asks), the first
 * of its `positive` results and the first of its `negative` results (with no positive one beside it); undefined
 * when one of them does not hold. An entry that reads none of them holds.
 */
function markersOf(
  record: PatientRecord,
  entry: UnexplainedShows,
  near: (iso: IsoDateTime) => boolean,
  x: UnexplainedInputs,
):
  | { readonly hemolysis?: boolean; readonly positive?: LabResult; readonly negative?: LabResult }
  | undefined {
  const hemolysis = entry.hemolysis === undefined ? undefined : hemolysisNear(record, near, x);
  if (hemolysis !== entry.hemolysis) return undefined;
  const first = (labs: readonly string[], q: "positive" | "negative") =>
    record.labs.find((l) => labs.includes(l.lab) && l.qualitative === q && near(l.at));
  const positive = entry.positive === undefined ? undefined : first(entry.positive, "positive");
  if (entry.positive !== undefined && positive === undefined) return undefined;
  const negative = entry.negative === undefined ? undefined : first(entry.negative, "negative");
  if (
    entry.negative !== undefined &&
    (negative === undefined || first(entry.negative, "positive") !== undefined)
  )
    return undefined;
  return {
    ...(hemolysis !== undefined && { hemolysis }),
    ...(positive !== undefined && { positive }),
    ...(negative !== undefined && { negative }),
  };
}

/**
 * Whether a result is above a `shows` entry's high mark, `aboveUln` × the upper limit (the laboratory's, else
 * the catalogue's). A censored `>` or `>=` value at the mark counts as above it: ">37 s" is a prolonged aPTT
 * against an upper limit of 37 s.
 */
function isHigh(l: LabResult, m: { readonly aboveUln: number }, x: UnexplainedInputs): boolean {
  if (l.value === undefined) return false;
  const censoredUp = l.comparator === ">" || l.comparator === ">=";
  if (x.beyond?.(l, { aboveUln: m.aboveUln }) === true) return true;
  // Censored upward at the mark itself: read a hair above the value, so that the same limit decides.
  return censoredUp && x.beyond?.({ ...l, value: l.value * (1 + 1e-9) }, { aboveUln: m.aboveUln }) === true;
}

/**
 * Whether what `entry` shows already held before the first dose (`start`): its result conditions read on the
 * results and charted events at or before it within the entry's window of the pre-dose result (`baseAt`).
 */
function heldBefore(
  record: PatientRecord,
  entry: UnexplainedShows,
  baseAt: IsoDateTime,
  start: number,
  x: UnexplainedInputs,
): boolean {
  const b = instant(baseAt);
  const near = (iso: IsoDateTime) =>
    instant(iso) <= start && Math.abs(instant(iso) - b) <= entry.withinDays * DAY;
  return markersOf(record, entry, near, x) !== undefined;
}

/** The context drugs of one of `roles` taken in the `daysBefore` days up to the instant `t`. */
function takenBefore(
  record: PatientRecord,
  t: number,
  { roles, daysBefore }: { readonly roles: readonly string[]; readonly daysBefore: number },
) {
  return record.contextDrugs.filter(
    (d) =>
      d.roles.some((r) => roles.includes(r)) &&
      instant(d.start) <= t &&
      (d.end === undefined || instant(d.end) >= t - daysBefore * DAY),
  );
}

/**
 * The first `shows` entry of the rule whose every condition holds within its window of `at` (knowledge/
 * unexplained.yaml: a positive DAT with haemolysis beside a grade 3 anaemia after a checkpoint inhibitor),
 * with the sentence that names it and says what it rests on; undefined when none holds. `own` is the item's
 * lab term, left out of the other cell lines counted.
 */
function showsOf(
  record: PatientRecord,
  at: IsoDateTime,
  rule: UnexplainedRules["labs"][number] | UnexplainedRules["events"][number],
  x: UnexplainedInputs,
  own?: string,
): { readonly entry: UnexplainedShows; readonly text: string } | undefined {
  const t = instant(at);
  const name = (lab: string) => x.labName?.(lab) ?? lab;
  for (const entry of rule.shows ?? []) {
    const near = (iso: IsoDateTime) => Math.abs(instant(iso) - t) <= entry.withinDays * DAY;
    const window = record.labs.filter((l) => near(l.at));
    const rests: string[] = [];
    const byClass = record.exposures.filter(
      (e) => entry.classes?.includes(e.class) === true && instant(e.first) <= t,
    );
    if (entry.classes !== undefined && byClass.length === 0) continue;
    if (entry.unlessLater !== undefined && laterExposure(record, byClass, entry.unlessLater, t)) continue;
    if (entry.unlessTaken !== undefined && takenBefore(record, t, entry.unlessTaken).length > 0) continue;
    const taken = entry.taken;
    if (taken !== undefined) {
      const within = takenBefore(record, t, taken).map((d) => d.drug);
      if (within.length === 0) continue;
      rests.push(
        `${[...new Set(within)].join(", ")} taken in the ${taken.daysBefore} days before (${taken.roles.join(", ")})`,
      );
    }
    const charted = entry.charted;
    if (charted !== undefined) {
      const event = record.events.find(
        (e) => charted.kinds.includes(e.kind) && spanNear(e, t, entry.withinDays),
      );
      const high =
        event === undefined
          ? window.find((l) => charted.orHigh?.some((m) => m.lab === l.lab && isHigh(l, m, x)))
          : undefined;
      if (event !== undefined) rests.push(`${event.text ?? event.kind} charted on ${calendarDate(event.at)}`);
      else if (high !== undefined)
        rests.push(
          `${name(high.lab)} high, ${high.comparator ?? ""}${valueWithUnit(high.value ?? Number.NaN, high.unit)} on ${calendarDate(high.at)}, no such disease charted`,
        );
      else continue;
    }
    const markers = markersOf(record, entry, near, x);
    if (markers === undefined) continue;
    if (markers.hemolysis !== undefined)
      rests.push(
        markers.hemolysis
          ? "haemolysis shown (haptoglobin low, or two of LDH, indirect bilirubin and reticulocytes high, or haemolysis charted)"
          : "no haemolysis shown (haptoglobin not low, and not two of LDH, indirect bilirubin and reticulocytes high)",
      );
    if (markers.positive !== undefined)
      rests.push(`${name(markers.positive.lab)} positive on ${calendarDate(markers.positive.at)}`);
    if (markers.negative !== undefined)
      rests.push(`${name(markers.negative.lab)} negative on ${calendarDate(markers.negative.at)}`);
    if (entry.low !== undefined) {
      const low = window.find((l) =>
        entry.low?.some(
          (m) =>
            m.lab === l.lab &&
            l.value !== undefined &&
            (m.below !== undefined ? l.value < m.below : (x.beyond?.(l, { belowLln: m.belowLln }) ?? false)),
        ),
      );
      if (low === undefined) continue;
      rests.push(
        `${name(low.lab)} low, ${valueWithUnit(low.value ?? Number.NaN, low.unit)} on ${calendarDate(low.at)}`,
      );
    }
    if (entry.high !== undefined) {
      const high = window.find((l) => entry.high?.some((m) => m.lab === l.lab && isHigh(l, m, x)));
      if (high === undefined) continue;
      rests.push(
        `${name(high.lab)} high, ${high.comparator ?? ""}${valueWithUnit(high.value ?? Number.NaN, high.unit)} on ${calendarDate(high.at)}`,
      );
    }
    if (entry.otherLines !== undefined) {
      // A line beside its `unlessEvent` (an anaemia beside a bleed) is not a cell line down.
      const excused = (o: (typeof entry.otherLines.of)[number], resultAt: IsoDateTime) =>
        o.unlessEvent !== undefined &&
        eventNear(record, o.unlessEvent.event, resultAt, o.unlessEvent.withinDays);
      const lines = entry.otherLines.of
        .filter((o) => o.term !== own)
        .flatMap((o) => {
          const hit = window.find(
            (l) => l.lab === o.lab && (x.grade(o.term, l) ?? 0) >= o.minGrade && !excused(o, l.at),
          );
          return hit ? [{ o, hit }] : [];
        });
      const ownLine = entry.otherLines.of.find((o) => o.term === own);
      const ownExcused = ownLine !== undefined && excused(ownLine, at);
      const { atLeast, atMost } = entry.otherLines;
      if (
        (atLeast !== undefined && lines.length < atLeast + (ownExcused ? 1 : 0)) ||
        (atMost !== undefined && lines.length > atMost)
      )
        continue;
      rests.push(
        lines.length > 0
          ? lines
              .map(
                ({ o, hit }) =>
                  `${name(o.lab)} ${valueWithUnit(hit.value ?? Number.NaN, hit.unit)} (grade ≥ ${o.minGrade}) on ${calendarDate(hit.at)}`,
              )
              .join(", ")
          : `no other cell line at grade ≥ ${[...new Set(entry.otherLines.of.map((o) => o.minGrade))].join(" or ")}`,
      );
    }
    // An entry that rests on the therapy class alone names the exposure (first dose) it rests on, with no
    // window: nothing else was read around the result.
    if (rests.length === 0 && byClass.length > 0)
      return {
        entry,
        text: ` Shows ${entry.name}: ${byClass.map((e) => `${e.drug} from ${calendarDate(e.first)} (${e.class})`).join(", ")}. ${entry.note}`,
      };
    const within = `within ${entry.withinDays} day${entry.withinDays === 1 ? "" : "s"}`;
    return {
      entry,
      text: ` Shows ${entry.name}: ${rests.join("; ")} (${within}). ${entry.note}`,
    };
  }
  return undefined;
}

/** An event of `kind` charted within `days` of `at`: its span (start to end, or its day) comes that close. */
function eventNear(record: PatientRecord, kind: string, at: IsoDateTime, days: number): boolean {
  const t = instant(at);
  return record.events.some((e) => e.kind === kind && spanNear(e, t, days));
}

/**
 * An event's span (its start to its end, or its start alone when no end is charted) within `days` of the
 * instant `t`: an anaemia on day 4 of a bleed charted over five days is beside the bleed, not only one on the
 * day it began. Read by the anaemia's `besideEvent` and by the other-cell-line `unlessEvent` alike.
 */
function spanNear(e: ClinicalEvent, t: number, days: number): boolean {
  return instant(e.at) - days * DAY <= t && t <= instant(e.end ?? e.at) + days * DAY;
}

/**
 * Whether an exposure of one of `later` began (its day 0) after the last dose given by `t` of every one of
 * `exposures`, and by `t`: the abnormality follows that therapy, not the earlier ones (a shows entry's
 * `unlessLater`).
 */
function laterExposure(
  record: PatientRecord,
  exposures: readonly PatientRecord["exposures"][number][],
  later: readonly string[],
  t: number,
): boolean {
  const lastBefore = Math.max(
    ...exposures.flatMap((e) => e.doses.map((d) => instant(d.at)).filter((at) => at <= t)),
  );
  return record.exposures.some((e) => {
    const start = instant(exposureStart(e));
    return later.includes(e.class) && start > lastBefore && start <= t;
  });
}

/**
 * What the rule names the abnormality after a therapy class begun before it (`afterClass`): a neutropenia
 * after CAR-T is immune effector cell-associated hematotoxicity to grade and work up, not an unnamed cytopenia;
 * an HLH charted after CAR-T is the IEC-HS, which calls for hematology and the HLH work-up.
 */
function afterClassNote(
  record: PatientRecord,
  at: IsoDateTime,
  rule: UnexplainedRules["labs"][number] | UnexplainedRules["events"][number],
): {
  readonly text: string;
  readonly sourceIds: readonly string[];
  readonly day?: string;
  /** The infusion the day counts from. */
  readonly infusion?: IsoDateTime;
} {
  const t = instant(at);
  const notes = (rule.afterClass ?? []).filter((a) =>
    record.exposures.some((e) => a.classes.includes(e.class) && instant(e.first) <= t),
  );
  // The days of a cytopenia after CAR-T count from the infusion (ICAHT is early to day 30, late after it:
  // Rejeski 2023), not from a checkpoint inhibitor given before it: the latest infusion by the result is named
  // with its day. Before, a neutropenia 11 days after the infusion read "day 427", the pembrolizumab's.
  const since = record.exposures
    .filter((e) => notes.some((a) => a.classes.includes(e.class)) && e.infusion && instant(e.infusion) <= t)
    .sort((a, b) => instant(b.infusion ?? b.first) - instant(a.infusion ?? a.first))[0];
  return {
    text: notes.map((a) => ` ${a.note}`).join(""),
    sourceIds: [...new Set(notes.flatMap((a) => a.sourceIds))],
    ...(since?.infusion
      ? {
          day: `day ${daysBetween(since.infusion, at)} after the ${since.drug} infusion of ${calendarDate(since.infusion)}`,
          infusion: since.infusion,
        }
      : {}),
  };
}

/** The item's `whySourceIds` field: the sources of the notes its `why` carries, when it carries any. */
function whySources(sourceIds: readonly string[]): { whySourceIds?: string[] } {
  return sourceIds.length > 0 ? { whySourceIds: [...new Set(sourceIds)] } : {};
}

/**
 * A result left out in a same-instant conflict (12 and 212 ×10⁹/L platelets at 08:00) is used by no
 * grade, score or detector, so the disorder it would reveal is not sought; when one of the disagreeing
 * values reaches the rule's grade, new after the first dose and not covered by a finding, the conflict is
 * listed as unexplained — a possibly critical result is not silent because its record is contradicted.
 */
function conflictItems({ record, start, now, x }: Scope): UnexplainedItem[] {
  const out: UnexplainedItem[] = [];
  const conflicted = x.conflicted ?? [];
  if (conflicted.length === 0) return out;
  for (const rule of x.rules.labs) {
    const base = before(
      record.labs.filter((l) => l.lab === rule.lab),
      start,
    );
    const baseGrade = base ? (x.grade(rule.term, base) ?? 0) : 0;
    const byInstant = new Map<number, LabResult[]>();
    for (const l of conflicted) {
      const t = instant(l.at);
      if (l.lab !== rule.lab || t < start || t > now) continue;
      const group = byInstant.get(t);
      if (group) group.push(l);
      else byInstant.set(t, [l]);
    }
    for (const group of byInstant.values()) {
      const graded = group.map((l) => ({ l, g: x.grade(rule.term, l) ?? 0 }));
      const worst = graded.reduce((a, b) => (b.g > a.g ? b : a));
      if (worst.g < rule.minGrade || worst.g <= baseGrade) continue;
      if (group.some((l) => accountedFor(l.at, l.ref, rule.explainedBy, x))) continue;
      const values = group
        .map((l) => `${l.comparator ?? ""}${valueWithUnit(l.value ?? Number.NaN, l.unit)}`)
        .join(" and ");
      out.push(
        labItem(
          rule,
          worst,
          group.filter((l) => l !== worst.l),
          `${rule.label}: results at the same instant disagree — ${values} on ${calendarDate(worst.l.at)} (day ${dayOf(worst.l.at, start)}); the worst would be grade ${worst.g}. Left out of grades, scores and detection as a conflict, so no disorder was sought on it: repeat the test to settle which result is true.`,
          x,
        ),
      );
    }
  }
  return out;
}

type OnDrugRule = UnexplainedRules["onDrug"][number];
type OnDrugBand = OnDrugRule["bands"][number];

/**
 * Whether a result is in a band of an `onDrug` rule: from `atLeast` on, above `above`, or above `aboveBaselineTimes`
 * times its baseline (a ">" result at the mark counts).
 */
function inBand(l: LabResult, b: OnDrugBand, baseline: (b: OnDrugBand) => number | undefined): boolean {
  const v = l.value;
  if (v === undefined || l.comparator === "<" || l.comparator === "<=") return false;
  if (b.atLeast !== undefined) return v >= b.atLeast;
  const mark =
    b.above ?? (b.aboveBaselineTimes !== undefined ? times(b.aboveBaselineTimes, baseline(b)) : undefined);
  return mark !== undefined && (v > mark || (v === mark && l.comparator === ">"));
}

const times = (k: number, base: number | undefined) => (base === undefined ? undefined : k * base);

/**
 * The pre-drug result of a band read on its baseline: the latest uncensored result of the rule's lab drawn before the
 * start of the earliest order of the rule's drugs taken at `at`, at most the band's `baselineWithinDays` before it.
 */
function baselineOf(
  record: PatientRecord,
  rule: OnDrugRule,
  at: IsoDateTime,
  b: OnDrugBand,
): number | undefined {
  if (b.baselineWithinDays === undefined) return undefined;
  const t = instant(at);
  const starts = record.contextDrugs
    .filter(
      (d) =>
        d.roles.some((r) => rule.roles.includes(r)) &&
        !d.roles.some((r) => (rule.exceptRoles ?? []).includes(r)) &&
        instant(d.start) <= t &&
        (d.end === undefined || instant(d.end) + DAY >= t),
    )
    .map((d) => instant(d.start));
  if (starts.length === 0) return undefined;
  const start = Math.min(...starts);
  const from = start - b.baselineWithinDays * DAY;
  const before = record.labs
    .filter(
      (l) =>
        l.lab === rule.lab &&
        l.value !== undefined &&
        l.comparator === undefined &&
        instant(l.at) < start &&
        instant(l.at) >= from,
    )
    .sort((a, c) => instant(c.at) - instant(a.at));
  return before[0]?.value;
}

/**
 * The `onDrug` items: a result after the first dose in one of the rule's bands while a drug of its roles is taken
 * (an INR of 6 on warfarin), whatever its CTCAE grade or baseline. One item per rule, on its highest result,
 * named by the highest band that result reaches.
 */
function onDrugItems({ record, start, now, x }: Omit<Scope, "covered">): UnexplainedItem[] {
  return x.rules.onDrug.flatMap((rule) => {
    const hits = record.labs
      .filter((l) => l.lab === rule.lab && instant(l.at) >= start && instant(l.at) <= now)
      .filter(
        (l) =>
          rule.bands.some((b) => inBand(l, b, (x) => baselineOf(record, rule, l.at, x))) &&
          onAt(record, l.at, rule.roles, rule.exceptRoles).length > 0,
      )
      .sort((a, b) => instant(a.at) - instant(b.at));
    if (hits.length === 0) return [];
    const worst = hits.reduce((a, b) => ((b.value ?? 0) > (a.value ?? 0) ? b : a));
    const base = (b: OnDrugBand) => baselineOf(record, rule, worst.at, b);
    const band = [...rule.bands].reverse().find((b) => inBand(worst, b, base));
    if (band === undefined) return [];
    const drugs = onAt(record, worst.at, rule.roles, rule.exceptRoles);
    const span =
      hits.length > 1
        ? ` ${hits.length} results in the listed range from ${calendarDate(hits[0]?.at ?? worst.at)}.`
        : "";
    return [
      {
        abnormality: band.id,
        at: worst.at,
        ...(worst.value !== undefined ? { value: worst.value } : {}),
        ...(worst.unit ? { unit: worst.unit } : {}),
        evidence: [worst.ref, ...hits.filter((l) => l !== worst).map((l) => l.ref)].slice(0, 6),
        why: `${rule.label}: ${worst.comparator ?? ""}${valueWithUnit(worst.value ?? Number.NaN, worst.unit)}${labCaveat(worst)} on ${calendarDate(worst.at)} (day ${dayOf(worst.at, start)}) on ${drugs.join(", ")}${baselineText(base(band), band, worst.unit)} — ${band.name}.${span} Listed whatever the CTCAE grade or the baseline: no finding accounts for a drug's excess.`,
        workup: workupOf(rule.workup, x),
      },
    ];
  });
}

/** The baseline a band was read on, in words ("", when the band is not read on one). */
function baselineText(base: number | undefined, b: OnDrugBand, unit: string | undefined): string {
  return b.aboveBaselineTimes === undefined || base === undefined
    ? ""
    : `, above ${b.aboveBaselineTimes} times its pre-infusion baseline of ${valueWithUnit(base, unit)} (${valueWithUnit(b.aboveBaselineTimes * base, unit)})`;
}

/** The unexplained item of a lab rule, resting on its worst result (then the others, six records at most). */
function labItem(
  rule: UnexplainedRules["labs"][number],
  worst: { readonly l: LabResult; readonly g: number },
  others: readonly LabResult[],
  why: string,
  x: UnexplainedInputs,
): UnexplainedItem {
  return {
    abnormality: rule.term,
    grade: worst.g,
    at: worst.l.at,
    ...(worst.l.value !== undefined ? { value: worst.l.value } : {}),
    ...(worst.l.unit ? { unit: worst.l.unit } : {}),
    evidence: [worst.l.ref, ...others.map((l) => l.ref)].slice(0, 6),
    why,
    workup: workupOf(rule.workup, x),
  };
}

/**
 * The context drugs of `roles` (and none of `exceptRoles`) the patient was on at `at` (an order that ended within
 * the last day counts).
 */
function onAt(
  record: PatientRecord,
  at: IsoDateTime,
  roles: readonly ContextRole[],
  exceptRoles: readonly ContextRole[] = [],
): string[] {
  const t = instant(at);
  const on = record.contextDrugs.filter(
    (d) =>
      d.roles.some((r) => roles.includes(r)) &&
      !d.roles.some((r) => exceptRoles.includes(r)) &&
      instant(d.start) <= t &&
      (d.end === undefined || instant(d.end) + DAY >= t),
  );
  return [...new Set(on.map((d) => d.drug))];
}

/** For clotting times: the anticoagulants the patient was on at the time, which prolong them. */
function onDrugs(record: PatientRecord, at: IsoDateTime, lab: string): string {
  if (lab !== "inr" && lab !== "aptt" && lab !== "pt") return "";
  const on = onAt(record, at, ["anticoagulant", "heparin"]);
  return on.length > 0 ? ` On ${on.join(", ")} at the time (anticoagulant effect).` : "";
}

/**
 * For a bleed no finding accounts for: the anticoagulants and antiplatelet agents on board at the time, as
 * for a clotting time. A major bleed on rivaroxaban was listed without naming the drug that most likely made it
 * worse, and with no finding there is no plan to carry the reversal line.
 */
function onAntithrombotics(record: PatientRecord, e: ClinicalEvent): string {
  if (e.kind !== "bleeding") return "";
  const on = onAt(record, e.at, ["anticoagulant", "heparin", "antiplatelet"]);
  return on.length > 0 ? ` On ${on.join(", ")} at the time (antithrombotic effect).` : "";
}

function dayOf(at: IsoDateTime, start: number): number {
  return daysBetween(new Date(start).toISOString(), at);
}

/** The missing test groups in words ("No platelet count, DAT on record."), each named by its first lab. */
function notOnRecord(missing: readonly (readonly string[])[], x: UnexplainedInputs): string {
  if (missing.length === 0) return "";
  const names = missing.map((g) => (g[0] === undefined ? "" : (x.labName?.(g[0]) ?? g[0])));
  return ` Not on record: ${names.join(", ")}.`;
}

/** Whether `e` falls under the event rule, as its kind, site, grade and the results and events beside it read. */
/**
 * The groups of the rule's `unlessTested` labs with no result from its days before the event (calendar days) to `now`
 * (none when the rule has no `unlessTested`).
 */
function untested(
  rule: UnexplainedRules["events"][number],
  e: ClinicalEvent,
  record: PatientRecord,
  now: number,
): (readonly string[])[] {
  const tested = rule.unlessTested;
  if (tested === undefined) return [];
  // Calendar days as written: a result dated 7 days before the words is inside a 7-day window whatever its hour.
  return tested.labs.filter(
    (group) =>
      !record.labs.some(
        (l) => group.includes(l.lab) && daysBetween(l.at, e.at) <= tested.daysBefore && instant(l.at) <= now,
      ),
  );
}

function eventMeets(
  rule: UnexplainedRules["events"][number],
  e: ClinicalEvent,
  record: PatientRecord,
  x: UnexplainedInputs,
): boolean {
  const withLab = rule.orWithLab;
  /** A result of the rule's lab term at its grade within its window of the event. */
  const besideLab = () =>
    withLab !== undefined && gradedResultNear(record.labs, e.at, withLab, x.grade, e.end);
  const withEvent = rule.orWithEvent;
  /** An event of the rule's kinds within its window of the event, the event at one of its sites. */
  const besideEvent = () => {
    if (withEvent === undefined || !withEvent.sites.some((q) => e.qualifiers?.includes(q))) return false;
    const from = instant(e.at) - withEvent.withinDays * DAY;
    const to = instant(e.end ?? e.at) + withEvent.withinDays * DAY;
    return record.events.some(
      (o) => o !== e && withEvent.events.includes(o.kind) && instant(o.at) >= from && instant(o.at) <= to,
    );
  };
  const unlessLab = rule.unlessWithLab;
  /** A result the lab rule lists already, beside the event (the count a charted neutropenia would repeat). */
  const listedLab = () =>
    unlessLab !== undefined && gradedResultNear(record.labs, e.at, unlessLab, x.grade, e.end);
  return (
    e.kind === rule.event &&
    !listedLab() &&
    (rule.unlessTaken === undefined || takenBefore(record, instant(e.at), rule.unlessTaken).length === 0) &&
    (rule.qualifiers === undefined || rule.qualifiers.some((q) => e.qualifiers?.includes(q))) &&
    (rule.minGrade === undefined ||
      (e.grade ?? 0) >= rule.minGrade ||
      (rule.orQualifiers ?? []).some((q) => e.qualifiers?.includes(q)) ||
      besideLab() ||
      besideEvent())
  );
}

/**
 * Whether a record dated from the event to `now` rules it out (the rule's `settledBy`): an event of the settling kind
 * carrying every site the event carries, its words naming every side or limb the event's words or qualifiers name
 * (a dimension the event leaves unnamed is its `unnamed` alternative, else unknown: settled only by a study naming
 * every alternative, "bilateral", or none).
 */
function settled(
  by: NonNullable<UnexplainedRules["events"][number]["settledBy"]>,
  e: ClinicalEvent,
  record: PatientRecord,
  now: number,
): boolean {
  const sites = by.sites.filter((s) => e.qualifiers?.includes(s));
  if (sites.length === 0) return false;
  /** The alternatives of one dimension (left or right; arm or leg) a text names. */
  const named = (text: string, dimension: readonly (readonly string[])[]) =>
    dimension.flatMap((words, i) =>
      words.some((w) =>
        new RegExp(`(^|[^a-z])${escapeRegExp(w.toLowerCase())}($|[^a-z])`).test(text.toLowerCase()),
      )
        ? [i]
        : [],
    );
  // The event's qualifiers count among its words: an upper-extremity DVT is of the arm whatever its words.
  const own = `${e.text ?? ""} ${(e.qualifiers ?? []).map((q) => q.replaceAll("-", " ")).join(" ")}`;
  const from = instant(e.at);
  return record.events.some(
    (o) =>
      o.kind === by.event &&
      instant(o.at) >= from &&
      instant(o.at) <= now &&
      sites.every((s) => o.qualifiers?.includes(s)) &&
      by.apart.every(({ words, unnamed }) => {
        const theirs = named(o.text ?? "", words);
        if (theirs.length === 0) return true;
        const written = named(own, words);
        const mine =
          written.length > 0 ? written : unnamed !== undefined ? [unnamed] : words.map((_, i) => i);
        return mine.every((i) => theirs.includes(i));
      }),
  );
}

/**
 * Whether `e` is a lesion recorded before the first dose and charted again as known (the rule's `unlessKnownBefore`):
 * it carries the qualifier, an event of the kinds at one of its sites lies before `start`, and its words say nothing
 * of growth or a fresh bleed.
 */
function knownBefore(
  by: NonNullable<UnexplainedRules["events"][number]["unlessKnownBefore"]>,
  e: ClinicalEvent,
  record: PatientRecord,
  start: number,
): boolean {
  if (!e.qualifiers?.includes(by.qualifier)) return false;
  const words = (e.text ?? "").toLowerCase().replaceAll("-", " ");
  if (
    by.unlessWords.some((w) =>
      new RegExp(`(^|[^a-z])${escapeRegExp(w.toLowerCase().replaceAll("-", " "))}($|[^a-z])`).test(words),
    )
  )
    return false;
  const sites = by.sites.filter((s) => e.qualifiers?.includes(s));
  return record.events.some(
    (o) =>
      o !== e &&
      by.kinds.includes(o.kind) &&
      instant(o.at) < start &&
      sites.some((s) => o.qualifiers?.includes(s)),
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function eventItems({ record, start, now, x, covered }: Scope): UnexplainedItem[] {
  const out: UnexplainedItem[] = [];
  // One event, one line: an event an earlier rule listed (a graded muscle bleed as major bleeding) is not
  // listed again by a later, wider one.
  const listed = new Set<string>();
  for (const rule of x.rules.events) {
    const qualifies = (e: ClinicalEvent) => eventMeets(rule, e, record, x);
    for (const e of record.events) {
      const t = instant(e.at);
      if (t < start || t > now || listed.has(e.ref) || !qualifies(e)) continue;
      // Settled by a later study: the event is listed by no wider rule either (a PE ruled out is no venous clot).
      if (rule.settledBy !== undefined && settled(rule.settledBy, e, record, now)) {
        listed.add(e.ref);
        continue;
      }
      // A known lesion charted again, not growing ("chronic SDH, unchanged from prior"): no new event.
      if (rule.unlessKnownBefore !== undefined && knownBefore(rule.unlessKnownBefore, e, record, start)) {
        listed.add(e.ref);
        continue;
      }
      // A question the tests on record answer: the detectors read them, the words add nothing.
      const missing = untested(rule, e, record, now);
      if (rule.unlessTested !== undefined && missing.length === 0) continue;
      if (accountedFor(e.at, e.ref, rule.explainedBy, x) || inPattern(rule.id, e.at, covered)) continue;
      listed.add(e.ref);
      // A diagnosis listed once: a later record naming it joins the first item's evidence.
      const first = rule.once ? out.findIndex((u) => u.abnormality === rule.id) : -1;
      const item = out[first];
      if (item !== undefined) {
        out[first] = { ...item, evidence: [...item.evidence, e.ref] };
        continue;
      }
      const note = afterClassNote(record, e.at, rule);
      const shown = showsOf(record, e.at, rule, x);
      const grade = e.grade ?? x.wordedGrade?.(e);
      out.push({
        abnormality: rule.id,
        ...(grade !== undefined ? { grade } : {}),
        at: e.at,
        evidence: [e.ref],
        why: `${rule.label}: ${e.text ?? e.kind} on ${calendarDate(e.at)} (${note.day ?? `day ${dayOf(e.at, start)}`}).${onAntithrombotics(record, e)}${notOnRecord(missing, x)}${shown?.text ?? ""} Not attributed — ${whyNot(rule.explainedBy, e.at, x)}.${note.text}`,
        ...whySources([...(shown?.entry.sourceIds ?? []), ...note.sourceIds]),
        workup: workupOf(shown?.entry.workup ?? rule.workup, x),
        ...(shown ? { shows: { id: shown.entry.id, name: shown.entry.name } } : {}),
      });
    }
  }
  return out;
}

/** Whether a CTCAE grade of `severeWhen` is reached by a result from `from` to `to`. */
function severe(
  p: UnexplainedPattern,
  record: PatientRecord,
  from: number,
  to: number,
  x: UnexplainedInputs,
) {
  return p.severeWhen.filter((s) =>
    record.labs.some((l) => {
      const t = instant(l.at);
      return l.lab === s.lab && t >= from && t <= to && (x.grade(s.term, l) ?? 0) >= s.minGrade;
    }),
  );
}

/**
 * The named patterns (knowledge/unexplained.yaml `patterns`) an excluded disorder leaves: one item each,
 * with its work-up (its plan is made beside the findings', from `named`), and the spans of the
 * abnormalities it takes in.
 */
function patternItems({ record, start, now, x }: Omit<Scope, "covered">): {
  items: UnexplainedItem[];
  covered: Covered[];
  named: NamedPattern[];
} {
  const items: UnexplainedItem[] = [];
  const covered: Covered[] = [];
  const named: NamedPattern[] = [];
  for (const p of x.rules.patterns) {
    const ex = x.misses.find((m) => m.disorder === p.disorder)?.excluded;
    if (!ex || !p.excludedBy.some((id) => ex.by.includes(id))) continue;
    const met = new Set(ex.met);
    const set = p.anyOf.find((ids) => ids.every((id) => met.has(id)));
    if (!set || p.noneOf.some((id) => met.has(id))) continue;
    const t = instant(ex.index);
    if (t < start || t > now) continue;
    // Another finding that covers the covered abnormalities at the index accounts for the pattern too.
    const rules = [...x.rules.labs, ...x.rules.events].filter((r) =>
      p.covers.includes("term" in r ? r.term : r.id),
    );
    const others = [...new Set(rules.flatMap((r) => r.explainedBy))].filter((d) => d !== p.disorder);
    if (accountedFor(ex.index, "", others, x)) continue;
    const def = x.disorders.find((d) => d.id === p.disorder);
    const from = t - x.rules.accountDaysBefore * DAY;
    const to = Math.min(t + (def?.episodeDays ?? 0) * DAY, now);
    for (const rule of p.covers) covered.push({ rule, from, to });
    const labels = set.map(
      (id) => [...(def?.criteria ?? []), ...(def?.differentials ?? [])].find((c) => c.id === id)?.label ?? id,
    );
    const hard = severe(p, record, from, to, x);
    const names = (list: UnexplainedPattern["severeWhen"]) =>
      list.map((h) => `${x.labName?.(h.lab) ?? h.lab} at CTCAE grade ≥ ${h.minGrade}`).join(", ");
    const grading = hard.length
      ? ` Grade ${p.severeGrade} (clinical consequences): ${names(hard)}.`
      : ` Below grade ${p.severeGrade}: no ${names(p.severeWhen).replaceAll(", ", " nor ")} in the episode.`;
    const within = (at: IsoDateTime) => instant(at) >= from && instant(at) <= to;
    const present = rules.filter((r) =>
      "term" in r
        ? record.labs.some((l) => l.lab === r.lab && within(l.at) && (x.grade(r.term, l) ?? 0) >= r.minGrade)
        : record.events.some((e) => e.kind === r.event && within(e.at)),
    );
    const takesIn =
      present.length > 0 ? ` Listed once for the episode's ${present.map((r) => r.label).join("; ")}.` : "";
    const item: UnexplainedItem = {
      abnormality: p.id,
      ...(hard.length ? { grade: p.severeGrade } : {}),
      at: ex.index,
      evidence: ex.evidence.slice(0, 6),
      why: `${labels.join("; ")} from ${calendarDate(ex.index)} (day ${dayOf(ex.index, start)}).${grading}${takesIn} Not attributed — ${whyNot([...others, p.disorder], ex.index, x)}.`,
      workup: workupOf(p.workup, x),
    };
    items.push(item);
    named.push({ item, pattern: p, met: ex.met, ...(hard.length ? { grade: p.severeGrade } : {}) });
  }
  return { items, covered, named };
}

/**
 * A named pattern listed for the patient: its item (without a plan), and what its plan is made from — the
 * pattern's recommendations, its grade (`severeGrade` when severe) and the criteria and differentials met in
 * the excluded episode (from whose index the management facts are read).
 */
export interface NamedPattern {
  readonly item: UnexplainedItem;
  readonly pattern: UnexplainedPattern;
  readonly grade?: number;
  readonly met: readonly string[];
}

/** Whether `clause` holds one of `words` as whole words (a hyphen or slash bounds a word: "nivolumab-induced"). */
function holdsWord(clause: string, words: readonly string[]): boolean {
  return words.some((w) => hasPhrase(clause, w));
}

/**
 * The immunotherapies `text` names as the cause: each clause (split at punctuation) that names a catalogue drug
 * with an attribution cue ("due to", "-induced") and no negation or doubt ("not related to", "candidate for").
 */
function attributedDrugs(
  text: string,
  rule: NonNullable<UnexplainedRules["namedDrug"]>,
  named: (text: string) => readonly string[],
): string[] {
  return clauseDrugs(
    text,
    named,
    (clause) => holdsWord(clause, rule.cues) && !holdsWord(clause, rule.negations),
  );
}

/** The catalogue drugs named in the clauses of `text` (split at punctuation, lower-cased) that `keep` accepts. */
function clauseDrugs(
  text: string,
  named: (text: string) => readonly string[],
  keep: (clause: string) => boolean,
): string[] {
  const out = new Set<string>();
  for (const clause of text.toLowerCase().split(/[,;:.!?()[\]\n]+/))
    if (keep(clause)) for (const d of named(clause)) out.add(d);
  return [...out];
}

/**
 * Whether a dose of a drug is on record: of the drug, of a formulation or combination holding it, or of an agent the
 * named product holds (Keytruda Qlex given covers "ITP due to pembrolizumab").
 */
function dosedOnRecord(record: PatientRecord, x: UnexplainedInputs): (drug: string) => boolean {
  const agents = (d: string) => [d, ...(x.components?.(d) ?? [])];
  const dosed = new Set(record.exposures.flatMap((e) => agents(e.drug)));
  return (drug) => agents(drug).some((a) => dosed.has(a));
}

/** Whether `e` is a charted diagnosis of the named-drug rule, at its grade. */
function namedDiagnosis(rule: NonNullable<UnexplainedRules["namedDrug"]>, e: ClinicalEvent): boolean {
  return rule.events.some(
    (r) => r.event === e.kind && (r.minGrade === undefined || (e.grade ?? 0) >= r.minGrade),
  );
}

/**
 * A charted disorder, thrombosis or serious bleed whose own words name a catalogue immunotherapy as its cause while
 * the record holds no dose of that drug (kept in another system): no exposure is made from words, since a dose
 * date is never invented, so no disorder is assessed and no other item is listed. It is listed, with the drug and
 * the disorder named, never as a finding, and the dosing history asked for. A dose of the drug on record lets the
 * findings and the other items read it instead.
 */
function namedDrugItems(
  record: PatientRecord,
  now: number,
  x: UnexplainedInputs,
  diagnosed?: Set<string>,
): UnexplainedItem[] {
  const rule = x.rules.namedDrug;
  const named = x.drugsNamed;
  if (rule === undefined || named === undefined) return [];
  const dosed = dosedOnRecord(record, x);
  const out: UnexplainedItem[] = [];
  for (const e of record.events) {
    if (e.text === undefined || instant(e.at) > now || !namedDiagnosis(rule, e)) continue;
    const drugs = attributedDrugs(e.text, rule, named).filter((d) => !dosed(d));
    if (drugs.length === 0) continue;
    for (const d of drugs) diagnosed?.add(d);
    out.push({
      abnormality: rule.id,
      ...(e.grade !== undefined ? { grade: e.grade } : {}),
      at: e.at,
      evidence: [e.ref],
      why: `${rule.label}: "${e.text}" charted on ${calendarDate(e.at)} names ${drugs.join(" and ")}, but the record holds no dose of ${drugs.length > 1 ? "them" : "it"} — the onset relative to the drug cannot be judged, so no disorder was assessed; obtain the dosing history (the date of every dose).`,
      workup: workupOf(rule.workup, x),
    });
  }
  return out;
}

/** The words a given-drug clause is read by: the rule's cues and negations and `given`'s ended and scoped words. */
interface GivenReading {
  readonly cues: readonly string[];
  readonly negations: readonly string[];
  readonly ended: readonly string[];
  readonly resumption: readonly string[];
  readonly scope: { readonly negations: readonly string[]; readonly ends: readonly string[] };
}

/** Each whole-word occurrence of `phrase` in `text` (a hyphen or slash bounds a word), as [start, end). */
function phraseSpans(text: string, phrase: string): [number, number][] {
  const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(?<=^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, "gu");
  return [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
}

/** `text` with the spans blanked (each character a space, so later spans keep their places). */
function blanked(text: string, spans: readonly (readonly [number, number])[]): string {
  let out = text;
  for (const [from, to] of spans) out = out.slice(0, from) + " ".repeat(to - from) + out.slice(to);
  return out;
}

/**
 * The clause as its negations are read: a drug `ended` ("no longer on", "no further") blanked, since its "no" says
 * the drug stopped, and each scoped negation ("no", "denies") blanked with what follows it up to the next cue, ended
 * word or scope end when that names no drug: "on nivolumab with no bleeding" negates the bleed, not the drug, while
 * "no prior nivolumab" keeps its negation.
 */
function negationsRead(
  clause: string,
  words: GivenReading,
  named: (text: string) => readonly string[],
): string {
  const withoutEnded = blanked(
    clause,
    words.ended.flatMap((w) => phraseSpans(clause, w)),
  );
  const stops = [...words.cues, ...words.ended, ...words.scope.ends];
  const spans: [number, number][] = [];
  for (const negation of words.scope.negations)
    for (const [from, to] of phraseSpans(withoutEnded, negation)) {
      const rest = withoutEnded.slice(to);
      const stop = Math.min(rest.length, ...stops.flatMap((w) => phraseSpans(rest, w).map(([at]) => at)));
      if (named(withoutEnded.slice(from, to + stop)).length === 0) spans.push([from, to + stop]);
    }
  return blanked(withoutEnded, spans);
}

/**
 * The catalogue immunotherapies `text` names as given to the patient: each clause (split at punctuation) that names a
 * drug with a cue of administration ("s/p", "on", "received", "cycle 3", "C3D1", "day +10 after"; every number read
 * as `n`) or words saying it ended ("no longer on", "off", "stopped": a stopped drug was given), and no negation,
 * plan or doubt of it ("planned", "candidate for", "declined", "no prior"; "with no bleeding" negates the bleed) nor
 * a relative as its subject ("mother on nivolumab").
 */
function givenDrugs(text: string, words: GivenReading, x: UnexplainedInputs): string[] {
  const named = x.drugsNamed;
  if (named === undefined) return [];
  return clauseDrugs(
    text,
    named,
    (clause) =>
      holdsWord(clause.replaceAll(/\p{N}+/gu, "n"), [...words.cues, ...words.ended]) &&
      !holdsWord(
        negationsRead(clause, words, named),
        // Beside a drug ended ("nivolumab held pending platelet recovery") a plan or wait is the drug's resumption.
        holdsWord(clause, words.ended)
          ? words.negations.filter((n) => !words.resumption.includes(n))
          : words.negations,
      ) &&
      !holdsWord(clause, x.relatives ?? []),
  );
}

/**
 * A serious abnormality while the record's words name an immunotherapy as given to the patient ("s/p pembrolizumab x3
 * cycles", "on nivolumab since March", a dose row refused for its missing date) but hold no dated dose of it: no
 * exposure is made from words, since a dose date is never invented, so no disorder is assessed and the abnormality
 * would be silent. One item per drug, never a finding, naming the words and the abnormalities (the latest first),
 * dated by the latest, with the dosing history asked for. A drug whose charted diagnosis already names it
 * (`namedDrug`) is left to that item; a dose of it on record leaves it to the findings and the other items.
 */
function givenDrugItems(
  record: PatientRecord,
  now: number,
  x: UnexplainedInputs,
  diagnosed: ReadonlySet<string>,
): UnexplainedItem[] {
  const rule = x.rules.namedDrug;
  const given = rule?.given;
  if (rule === undefined || given === undefined || x.drugsNamed === undefined) return [];
  const reading: GivenReading = {
    cues: given.cues,
    negations: rule.negations,
    ended: given.ended,
    resumption: given.resumption,
    scope: given.negationScope,
  };
  const dosed = dosedOnRecord(record, x);
  // The words: every event's text and every record's words that gave no dose, dated or not.
  const words = [
    ...record.events.map((e) => ({
      ref: e.ref,
      at: e.at as IsoDateTime | undefined,
      text: e.text,
      dose: false,
    })),
    ...(record.drugWords ?? []).map((w) => ({
      ref: w.ref,
      at: w.at,
      text: w.text,
      dose: w.source === "dose",
    })),
  ].filter((w) => w.text !== undefined && (w.at === undefined || instant(w.at) <= now));
  const byDrug = new Map<string, { ref: string; text: string; at?: IsoDateTime }[]>();
  for (const w of words) {
    const text = w.text as string;
    // A dose row is an administration by itself ("pembrolizumab cycle 3" with no date): its drugs are given.
    const drugs = w.dose ? [...x.drugsNamed(text)] : givenDrugs(text, reading, x);
    for (const d of drugs) {
      if (dosed(d)) continue;
      const list = byDrug.get(d) ?? [];
      if (!list.some((l) => l.ref === w.ref))
        list.push({ ref: w.ref, text, ...(w.at !== undefined && { at: w.at }) });
      byDrug.set(d, list);
    }
  }
  if (byDrug.size === 0) return [];
  // The serious abnormalities the engine would otherwise attribute: the named lab rules at their grade, the named
  // event rules as they read events, and the charted diagnoses of the named-diagnosis rule.
  const abnormal: { at: IsoDateTime; ref: string; what: string; grade?: number }[] = [];
  for (const term of given.labs) {
    const lr = x.rules.labs.find((l) => l.term === term);
    if (lr === undefined) continue;
    for (const l of record.labs) {
      if (l.lab !== lr.lab || instant(l.at) > now) continue;
      const g = x.grade(lr.term, l);
      if (g === undefined || g < lr.minGrade) continue;
      const shown = l.value !== undefined ? `${l.comparator ?? ""}${valueWithUnit(l.value, l.unit)}, ` : "";
      abnormal.push({ at: l.at, ref: l.ref, what: `${lr.label} (${shown}CTCAE grade ${g})`, grade: g });
    }
  }
  for (const e of record.events) {
    if (instant(e.at) > now) continue;
    const er = x.rules.events.find((r) => given.events.includes(r.id) && eventMeets(r, e, record, x));
    if (er === undefined && !namedDiagnosis(rule, e)) continue;
    abnormal.push({
      at: e.at,
      ref: e.ref,
      what: `${er?.label ?? e.kind}: ${e.text ?? e.kind}`,
      ...(e.grade !== undefined && { grade: e.grade }),
    });
  }
  if (abnormal.length === 0) return [];
  abnormal.sort((a, b) => instant(b.at) - instant(a.at));
  const latest = abnormal[0] as (typeof abnormal)[number];
  const worst = Math.max(0, ...abnormal.map((a) => a.grade ?? 0));
  const shownAbnormal = abnormal.slice(0, 3).map((a) => `${a.what} on ${calendarDate(a.at)}`);
  const more = abnormal.length > 3 ? ` and ${abnormal.length - 3} more` : "";
  const out: UnexplainedItem[] = [];
  for (const [drug, list] of byDrug) {
    if (diagnosed.has(drug)) continue;
    const quoted = list
      .slice(0, 3)
      .map((w) => `"${w.text}"${w.at !== undefined ? ` (${calendarDate(w.at)})` : " (undated)"}`)
      .join(", ");
    out.push({
      abnormality: given.id,
      ...(worst > 0 ? { grade: worst } : {}),
      at: latest.at,
      evidence: [...list.map((w) => w.ref), ...abnormal.map((a) => a.ref)].slice(0, 6),
      why: `${given.label}: the record's words ${quoted} name ${drug} as given, but it holds no dated dose of it, beside ${shownAbnormal.join("; ")}${more}. The dosing dates are missing, so the onset relative to ${drug} cannot be judged and no disorder was assessed; obtain the dosing history (the date of every dose).`,
      workup: workupOf(given.workup, x),
    });
  }
  return out;
}

/**
 * The serious abnormalities after the first immunotherapy dose that no finding accounts for, oldest
 * first; empty for a record without immunotherapy. A named pattern's item comes without its plan: `named`
 * says what to plan it from, beside the findings (engine/assess.ts).
 *
 * @example
 * unexplainedAbnormalities(record, "2025-03-01T00:00:00Z", inputs).items
 * // → [{ abnormality: "platelet-count-decreased", grade: 4, why: "… ITP: excluded by …", workup: [...] }]
 */
export function unexplainedAbnormalities(
  record: PatientRecord,
  evaluatedAt: IsoDateTime,
  x: UnexplainedInputs,
): { items: UnexplainedItem[]; named: NamedPattern[] } {
  const diagnosed = new Set<string>();
  const undated = [
    ...namedDrugItems(record, instant(evaluatedAt), x, diagnosed),
    ...givenDrugItems(record, instant(evaluatedAt), x, diagnosed),
  ];
  const first = treatmentStart(record);
  if (first === undefined) return { items: undated, named: [] };
  const base = { record, start: instant(first), startAt: first, now: instant(evaluatedAt), x };
  const patterns = patternItems(base);
  const scope: Scope = { ...base, covered: patterns.covered };
  const items = [
    ...patterns.items,
    ...labItems(scope),
    ...conflictItems(scope),
    ...onDrugItems(base),
    ...eventItems(scope),
    ...undated,
  ].sort((a, b) => instant(a.at) - instant(b.at));
  return { items, named: patterns.named };
}
