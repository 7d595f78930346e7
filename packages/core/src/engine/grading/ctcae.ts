/**
 * CTCAE v5.0 grading: one generic evaluator for the clauses of knowledge/ctcae.yaml. Laboratory terms
 * are graded value by value; event terms (hemolysis, DIC, TTP, HUS, thromboembolism, hemorrhage) by
 * ./ctcae-events.ts. Pure: the rules and the lab catalogue are arguments.
 */

import type { IsoDateTime, LabResult, PatientRecord } from "../../contracts/model.js";
import type { GradeResult, UngradedResult } from "../../contracts/report.js";
import type { CtcaeRules, LabClause, LabTermRule } from "../../knowledge/ctcae.js";
import { superscriptDigits } from "../../knowledge/superscript.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import { calendarDate } from "../dates.js";
import { SAME_DAY_NOTE, type UnsureBaseline, unsureBaseline } from "../detect/same-day.js";
import { labCaveat } from "../display.js";
import { groupByLab, usableLabs } from "../lab-query.js";
import { type Anticoagulation, anticoagulationOf, drugCourseOf } from "./anticoagulation.js";
import { baselineAmong, treatmentStart } from "./baseline.js";
import { gradeEvents } from "./ctcae-events.js";
import { type Limit, limitOf, sig, valueIn } from "./limits.js";

/**
 * The drug whose intended effect a result is (knowledge/ctcae.yaml `drugEffect`: warfarin for the INR, heparin for
 * the aPTT), current at the result's time: its records, and for a term graded against baseline on it the last
 * result before the drug's course began (undefined when there is none).
 */
export interface DrugEffect {
  readonly refs: readonly string[];
  readonly baseline?: LabResult;
}

/** Why a result of a term with a `drugEffect` was not graded: the drug's records and the reason in words. */
interface NotGraded {
  /** "not gradable: on anticoagulation without a baseline" or "not graded: the intended effect of the drug". */
  readonly reason: string;
  readonly evidence: readonly string[];
  readonly sourceIds: readonly string[];
}

/** Grade of one value: 0 when no criterion is met. */
export interface ValueGrade {
  readonly grade: number;
  /**
   * The criterion met, e.g. "< 25 ×10⁹/L", "> 2.5 × baseline (1) on anticoagulation"; "no criterion met"
   * for grade 0. For a term with "if on anticoagulation" criteria, a basis that did not use them says why:
   * "> 1.2 (no anticoagulant recorded)" or "> 1.2 (anticoagulation not known)".
   */
  readonly basis: string;
  /**
   * The result, plus the baseline result when the criterion used it, plus the anticoagulant records when
   * the criterion held only on anticoagulation.
   */
  readonly evidence: readonly string[];
  /** The term's sources, plus the catalogue range's sources when a catalogue limit was used. */
  readonly sourceIds: readonly string[];
}

/** A clause met: the number its criterion compared against (cut-off, limit or baseline) is kept so the
 * basis text is only written for the clause that decides the grade. */
type Outcome =
  | {
      readonly status: "met";
      readonly clause: LabClause;
      readonly against: number;
      readonly baseline: boolean;
      readonly limit?: Limit;
    }
  | { readonly status: "unmet" | "unknown" };

interface ClauseInputs {
  /** The value as the criteria compare it (rounded by `sig`), rounded once per result. */
  readonly sv: number;
  readonly unit: string;
  readonly lln?: Limit;
  readonly uln?: Limit;
  readonly baseline?: { readonly value: number; readonly ref: string };
  /** Baseline known to lie above its own ULN (bilirubin's "baseline was abnormal"). */
  readonly baselineAboveUln: boolean;
  /** On anticoagulation at the result's time; undefined = not known, read as not on. */
  readonly anticoagulation: Anticoagulation | undefined;
  /** A result reported as "<v" (true value below v) or ">v" (above v): the bound itself meets a cut-off at v. */
  readonly censor?: "below" | "above";
}

/** The value below n; "<25" is below 25. */
function lt(n: number, x: ClauseInputs): boolean {
  return x.censor === "below" ? x.sv <= sig(n) : x.sv < sig(n);
}

/** The value above n; ">4" is above 4. */
function gt(n: number, x: ClauseInputs): boolean {
  return x.censor === "above" ? x.sv >= sig(n) : x.sv > sig(n);
}

const UNMET: Outcome = { status: "unmet" };
const UNKNOWN: Outcome = { status: "unknown" };

/** UCUM unit as a reader expects it: `10*9/L` → `×10⁹/L`; annotations such as `{INR}` vanish. */
export function unitLabel(unit: string): string {
  const power = /^10\*(\d+)(.*)$/.exec(unit);
  if (power) return `×10${superscriptDigits(power[1] ?? "")}${power[2] ?? ""}`;
  return unit.replace(/\{[^}]*\}/g, "");
}

function withUnit(n: number, unit: string): string {
  const label = unitLabel(unit);
  return label ? `${n} ${label}` : `${n}`;
}

function times(factor: number, what: string, n: number, unit: string): string {
  return `${factor === 1 ? "" : `${factor} × `}${what} (${withUnit(n, unit)})`;
}

function met(clause: LabClause, against: number, baseline = false, limit?: Limit): Outcome {
  return limit
    ? { status: "met", clause, against, baseline, limit }
    : { status: "met", clause, against, baseline };
}

function evaluateClause(c: LabClause, v: number, x: ClauseInputs): Outcome {
  // Off anticoagulation (or not known to be on) the clause does not apply: not met, never "unknown".
  if (c.onlyOnAnticoagulation && x.anticoagulation?.on !== true) return UNMET;
  if (c.ifBelowLln) {
    if (!x.lln) return UNKNOWN;
    if (!lt(x.lln.value, x)) return UNMET;
  }
  if (c.ifBaseline !== undefined && (c.ifBaseline === "aboveUln") !== x.baselineAboveUln) return UNMET;
  const k = c.criterion;
  switch (k.kind) {
    case "below":
      return lt(k.n, x) ? met(c, k.n) : UNMET;
    case "above":
      return gt(k.n, x) ? met(c, k.n) : UNMET;
    case "belowLln":
      if (!x.lln) return UNKNOWN;
      return lt(k.factor * x.lln.value, x) ? met(c, x.lln.value, false, x.lln) : UNMET;
    case "aboveUln":
      if (!x.uln) return UNKNOWN;
      return gt(k.factor * x.uln.value, x) ? met(c, x.uln.value, false, x.uln) : UNMET;
    case "aboveBaseline":
      if (!x.baseline) return UNKNOWN;
      return gt(k.factor * x.baseline.value, x) ? met(c, x.baseline.value, true) : UNMET;
    case "decreaseFromBaselinePct": {
      if (!x.baseline || !(x.baseline.value > 0)) return UNKNOWN;
      const change = sig(((v - x.baseline.value) / x.baseline.value) * 100);
      return change <= -k.percent ? met(c, x.baseline.value, true, x.lln) : UNMET;
    }
  }
}

/** The criterion a met clause applied, as a reader sees it: "< 25 ×10⁹/L", "> 2.5 × baseline (1)". */
function basisOf(c: LabClause, n: number, unit: string): string {
  let suffix = c.ifBaseline === "aboveUln" ? " (baseline above ULN)" : "";
  if (c.onlyOnAnticoagulation) suffix += " on anticoagulation";
  const k = c.criterion;
  switch (k.kind) {
    case "below":
      return `< ${withUnit(n, unit)}`;
    case "above":
      return `> ${withUnit(n, unit)}`;
    case "belowLln":
      return `< ${times(k.factor, "LLN", n, unit)}`;
    case "aboveUln":
      return `> ${times(k.factor, "ULN", n, unit)}${suffix}`;
    case "aboveBaseline":
      return `> ${times(k.factor, "baseline", n, unit)}${suffix}`;
    case "decreaseFromBaselinePct":
      return `≥ ${k.percent}% decrease from baseline (${withUnit(n, unit)}) while < LLN`;
  }
}

/** True when some criterion of the term holds only on anticoagulation (INR increased). */
function readsAnticoagulation(rule: LabTermRule): boolean {
  return rule.clauses.some((c) => c.onlyOnAnticoagulation);
}

/** Why the "if on anticoagulation" criteria of a term were not used, for a basis that did not use them. */
function anticoagulationNote(rule: LabTermRule, x: ClauseInputs, outcome: Outcome | undefined): string {
  if (!readsAnticoagulation(rule) || x.anticoagulation?.on === true) return "";
  if (outcome?.status === "met" && outcome.clause.onlyOnAnticoagulation) return "";
  return x.anticoagulation === undefined ? " (anticoagulation not known)" : " (no anticoagulant recorded)";
}

function labTerm(rules: CtcaeRules, term: string): LabTermRule {
  const rule = rules.terms.find((t) => t.term === term);
  if (rule?.kind !== "lab") throw new Error(`${term} is not a CTCAE laboratory term of the rules`);
  return rule;
}

function baselineInputs(
  rule: LabTermRule,
  baseline: LabResult | undefined,
  labDef: LabDefinition | undefined,
): Pick<ClauseInputs, "baseline" | "baselineAboveUln"> {
  const value = baseline && baseline.comparator === undefined ? valueIn(baseline, rule.unit) : undefined;
  if (!baseline || value === undefined) return { baselineAboveUln: false };
  const uln = limitOf(baseline, labDef, "high");
  return {
    baseline: { value, ref: baseline.ref },
    baselineAboveUln: uln !== undefined && sig(value) > sig(uln.value),
  };
}

/** Highest grade whose clause the value meets; undefined when none is met and one could not be evaluated. */
function gradeNumber(
  rule: LabTermRule,
  v: number,
  x: ClauseInputs,
): { grade: number; outcome?: Outcome } | undefined {
  let best: { grade: number; outcome: Outcome } | undefined;
  let unknown = false;
  for (const c of rule.clauses) {
    const o = evaluateClause(c, v, x);
    if (o.status === "unknown") unknown = true;
    if (o.status === "met" && (!best || c.grade > best.grade)) best = { grade: c.grade, outcome: o };
  }
  if (best) return best;
  return unknown ? undefined : { grade: 0 };
}

/**
 * CTCAE v5.0 grade of one lab result for a laboratory term (the grade at that instant, for detectors).
 * Undefined when the value cannot be graded: no numeric value in the term's unit, or no criterion met
 * while a limit or baseline it needs is missing. LLN/ULN come from the result's own range, else from
 * `labDef.reference`. A censored value is graded only where the bound is safe: `<5` for a low term is
 * graded as 5 (its true grade can only be higher); for a high term it is graded only when 5 would be
 * grade 0, since the true grade cannot be higher (symmetrically for `>`).
 *
 * `anticoagulation` is the patient's status at the result's time (see {@link anticoagulationOf}):
 * criteria that CTCAE v5.0 applies only "if on anticoagulation" (INR increased × baseline) count only
 * when it is `on`. When it is not given (no record at hand: anticoagulation unknown) the patient is
 * treated as NOT anticoagulated: those criteria are not met, the absolute cut-offs grade alone, and the
 * basis says "(anticoagulation not known)". This can only under-grade relative to admiral, which assumes
 * every patient is anticoagulated; pass the status whenever the record is available.
 * `baseline` is the result read as the baseline, or the lab's {@link GradingBaseline}: a baseline that may follow
 * the first dose then does not lower the grade (the result is also graded without it, the higher kept), as in
 * {@link gradeRecord}. Throws when `term` is not a laboratory term of the rules or `result` is of another lab.
 *
 * @example
 * gradeValue("platelet-count-decreased", { ...result, value: 74.9 }, undefined, rules, platelets)?.grade; // 2
 * gradeValue("inr-increased", inr13, inr08, rules, inr, { on: true, refs: ["MedicationStatement/w"] })?.basis;
 * // "> 1.5 × baseline (0.8) on anticoagulation"
 */
export function gradeValue(
  term: string,
  result: LabResult,
  baseline: LabResult | GradingBaseline | undefined,
  rules: CtcaeRules,
  labDef: LabDefinition | undefined,
  anticoagulation?: Anticoagulation,
  drugEffect?: DrugEffect,
): ValueGrade | undefined {
  const rule = labTerm(rules, term);
  if (result.lab !== rule.lab) throw new Error(`${term} grades ${rule.lab}, not ${result.lab}`);
  const b = baseline !== undefined && "asWritten" in baseline ? baseline : { asWritten: baseline };
  const graded = gradeAgainst(
    rule,
    result,
    baselineRead(rule, b, labDef),
    labDef,
    anticoagulation,
    drugEffect,
  );
  return graded && "grade" in graded ? describeGrade(rule, result, graded) : undefined;
}

/**
 * The drug effect of `record` for a laboratory term at each result's time (see {@link DrugEffect}); undefined for a
 * term without `drugEffect` or a result with no such drug current.
 */
export function drugEffectOf(
  record: PatientRecord,
  rules: CtcaeRules,
): (term: string, result: LabResult) => DrugEffect | undefined {
  const courses = new Map<string, ReturnType<typeof drugCourseOf>>();
  return (term, result) => {
    const rule = rules.terms.find((t) => t.term === term);
    if (rule?.kind !== "lab" || !rule.drugEffect) return undefined;
    let course = courses.get(term);
    if (!course) {
      course = drugCourseOf(record, rule.drugEffect.roles, rule.drugEffect.exceptRoles);
      courses.set(term, course);
    }
    const on = course(result.at);
    if (!on) return undefined;
    if (rule.drugEffect.grading === "not-graded") return { refs: on.refs };
    const baseline = baselineAmong(usableLabs(record), rule.lab, on.start);
    return baseline ? { refs: on.refs, baseline } : { refs: on.refs };
  };
}

/**
 * {@link gradeResult} with the term's drug effect applied: on a drug that moves the result by design, a term
 * graded against baseline reads its × baseline criteria only (the baseline before the drug's course), and is
 * not gradable without one; a term not graded on the drug is not graded.
 */
function gradeOnDrug(
  rule: LabTermRule,
  result: LabResult,
  base: Pick<ClauseInputs, "baseline" | "baselineAboveUln">,
  labDef: LabDefinition | undefined,
  anticoagulation: Anticoagulation | undefined,
  effect: DrugEffect | undefined,
): Graded | NotGraded | undefined {
  const e = rule.drugEffect;
  if (!e || !effect) return gradeResult(rule, result, base, labDef, anticoagulation);
  const why = (reason: string): NotGraded => ({
    reason,
    evidence: [result.ref, ...effect.refs],
    sourceIds: [...new Set([...e.sourceIds, ...rule.sourceIds])],
  });
  if (e.grading === "not-graded") return why("not graded: the intended effect of the drug");
  if (!effect.baseline) return why("not gradable: on anticoagulation without a baseline");
  const onDrug: LabTermRule = { ...rule, clauses: rule.clauses.filter((c) => c.onlyOnAnticoagulation) };
  return gradeResult(onDrug, result, baselineInputs(rule, effect.baseline, labDef), labDef, {
    on: true,
    refs: effect.refs,
  });
}

interface Graded {
  readonly grade: number;
  readonly outcome: Outcome | undefined;
  readonly v: number;
  readonly inputs: ClauseInputs;
  /** Graded without the baseline as written, which may follow the first dose: that result and why. */
  readonly unsure?: UnsureBaseline;
}

/**
 * The CTCAE baseline of one lab as a grader reads it: the result read as the baseline (grading/baseline.ts), and,
 * when that result was drawn the day of the first dose without a draw time and is abnormal — worse than the last
 * earlier pre-dose result, or with none (detect/same-day.ts `unsureBaseline`) — that result and the baseline
 * without it. Such a baseline does not lower a grade: each result is graded against both and the higher kept.
 */
export interface GradingBaseline {
  readonly asWritten: LabResult | undefined;
  readonly unsure?: UnsureBaseline;
}

/**
 * The {@link GradingBaseline} of `lab` among `results` (results of that lab) with the first dose at `start`.
 *
 * @example
 * // INR 1.0 on 20 Feb, INR 1.9 charted as 1 Mar (no time), first dose 1 Mar 10:00:
 * gradingBaseline(inrs, "inr", "2025-03-01T10:00:00Z", inrDef); // { asWritten: the 1.9, unsure: { sameDay: the 1.9, earlier: the 1.0 } }
 */
export function gradingBaseline(
  results: readonly LabResult[],
  lab: string,
  start: IsoDateTime | undefined,
  labDef: LabDefinition | undefined,
): GradingBaseline {
  const asWritten = baselineAmong(results, lab, start);
  const unsure = unsureBaseline(results, lab, start, labDef);
  return unsure ? { asWritten, unsure } : { asWritten };
}

/** A {@link GradingBaseline} as clause inputs: the baseline as written, and when in doubt the one without it. */
interface BaselineRead {
  readonly asWritten: Pick<ClauseInputs, "baseline" | "baselineAboveUln">;
  readonly unsure?: {
    readonly why: UnsureBaseline;
    readonly without: Pick<ClauseInputs, "baseline" | "baselineAboveUln">;
  };
}

function baselineRead(
  rule: LabTermRule,
  b: GradingBaseline,
  labDef: LabDefinition | undefined,
): BaselineRead {
  const asWritten = baselineInputs(rule, b.asWritten, labDef);
  return b.unsure
    ? { asWritten, unsure: { why: b.unsure, without: baselineInputs(rule, b.unsure.earlier, labDef) } }
    : { asWritten };
}

/**
 * {@link gradeOnDrug} against the baseline as written and, when it may follow the first dose, against the
 * baseline without it: of the two, the reading that does not lower the grade — the second only when it grades
 * higher, and then says so. A result not graded on its drug stays so (the drug, not the baseline, decides it).
 */
function gradeAgainst(
  rule: LabTermRule,
  result: LabResult,
  base: BaselineRead,
  labDef: LabDefinition | undefined,
  anticoagulation: Anticoagulation | undefined,
  effect: DrugEffect | undefined,
): Graded | NotGraded | undefined {
  const asWritten = gradeOnDrug(rule, result, base.asWritten, labDef, anticoagulation, effect);
  if (!base.unsure || (asWritten && "reason" in asWritten)) return asWritten;
  const without = gradeOnDrug(rule, result, base.unsure.without, labDef, anticoagulation, effect);
  if (!without || "reason" in without) return asWritten;
  return !asWritten || without.grade > asWritten.grade ? { ...without, unsure: base.unsure.why } : asWritten;
}

/** The trace of a grade read without a baseline that may follow the first dose. */
function unsureNote(u: UnsureBaseline): string {
  const day = (l: LabResult) => `${l.value}${l.unit ? ` ${unitLabel(l.unit)}` : ""} of ${calendarDate(l.at)}`;
  const other = u.earlier ? `against the earlier ${day(u.earlier)}` : "without a baseline";
  return ` (baseline ${day(u.sameDay)} not used, ${SAME_DAY_NOTE}; read as possibly after it, graded ${other}: the reading that does not lower the grade)`;
}

/** The numeric grade of one result (see {@link gradeValue}); the texts are written by describeGrade. */
function gradeResult(
  rule: LabTermRule,
  result: LabResult,
  base: Pick<ClauseInputs, "baseline" | "baselineAboveUln">,
  labDef: LabDefinition | undefined,
  anticoagulation: Anticoagulation | undefined,
): Graded | undefined {
  const v = valueIn(result, rule.unit);
  if (v === undefined) return undefined;
  const inputs: ClauseInputs = {
    sv: sig(v),
    unit: rule.unit,
    lln: limitOf(result, labDef, "low"),
    uln: limitOf(result, labDef, "high"),
    baseline: base.baseline,
    baselineAboveUln: base.baselineAboveUln,
    anticoagulation,
    censor: result.comparator === "<" ? "below" : result.comparator === ">" ? "above" : undefined,
  };
  const graded = gradeNumber(rule, v, inputs);
  if (!graded) return undefined;
  const c = result.comparator;
  if (c !== undefined && graded.grade > 0 && c[0] === (rule.direction === "low" ? ">" : "<"))
    return undefined;
  return { grade: graded.grade, outcome: graded.outcome, v, inputs };
}

function describeGrade(rule: LabTermRule, result: LabResult, graded: Graded): ValueGrade {
  const o = graded.outcome;
  const x = graded.inputs;
  const evidence =
    o?.status === "met" && o.baseline && x.baseline ? [result.ref, x.baseline.ref] : [result.ref];
  if (graded.unsure) evidence.push(graded.unsure.sameDay.ref);
  if (o?.status === "met" && o.clause.onlyOnAnticoagulation)
    evidence.push(...(x.anticoagulation?.refs ?? []));
  const limitSources = o?.status === "met" && o.limit?.from === "catalogue" ? o.limit.sourceIds : [];
  const basis =
    (o?.status === "met" ? basisOf(o.clause, o.against, rule.unit) : "no criterion met") +
    anticoagulationNote(rule, x, o) +
    (graded.unsure ? unsureNote(graded.unsure) : "");
  const c = result.comparator;
  const reported = c === undefined ? basis : `${basis} (reported ${c}${graded.v})`;
  return {
    grade: graded.grade,
    // A preliminary result, or one timed by its report, is graded, and said to be so.
    basis: `${reported}${labCaveat(result)}`,
    evidence,
    sourceIds: [...new Set([...rule.sourceIds, ...limitSources])],
  };
}

/**
 * Worst CTCAE v5.0 grade per term over the record, grade ≥ 1 only: laboratory terms in the order of the
 * rules, then event terms, then hemorrhage sites. Of equal grades the earliest is kept (onset of the
 * worst grade). Results in a same-instant conflict are left out, as in detection. Criteria that hold only
 * "if on anticoagulation" use the record's anticoagulants and heparins current at each result's time.
 *
 * @example
 * gradeRecord(record, rules, (id) => vocabulary.labById(id))
 * // [{ term: "platelet-count-decreased", grade: 4, worstAt: "…", value: 8, unit: "10*9/L", basis: "< 25 ×10⁹/L", … }]
 */
export function gradeRecord(
  record: PatientRecord,
  rules: CtcaeRules,
  labs: (labId: string) => LabDefinition | undefined,
): GradeResult[] {
  return gradeRecordWithUngraded(record, rules, labs).grades;
}

/**
 * {@link gradeRecord}, with the results set aside because a drug current at their time moves them by design
 * (knowledge/ctcae.yaml `drugEffect`: an INR on warfarin with no INR before its course, an aPTT on a heparin
 * infusion): per term, the one the cut-offs read without the drug would grade worst (grade ≥ 1 only; of equal
 * grades the earliest), with why it was not graded and what it would be without the drug.
 *
 * @example
 * gradeRecordWithUngraded(record, rules, labs).ungraded;
 * // [{ term: "inr-increased", at: "…", value: 2.8, unit: "{INR}",
 * //    reason: "not gradable: on anticoagulation without a baseline (grade 3 by > 2.5 without the drug)", … }]
 */
export function gradeRecordWithUngraded(
  record: PatientRecord,
  rules: CtcaeRules,
  labs: (labId: string) => LabDefinition | undefined,
): { readonly grades: GradeResult[]; readonly ungraded: UngradedResult[] } {
  const ungraded: UngradedResult[] = [];
  const labsUsed = usableLabs(record);
  const usable: PatientRecord = labsUsed === record.labs ? record : { ...record, labs: labsUsed };
  const out: GradeResult[] = [];
  const byLab = groupByLab(usable.labs);
  const start = treatmentStart(usable);
  const anticoagulation = anticoagulationOf(usable, rules);
  const effectAt = drugEffectOf(usable, rules);
  for (const rule of rules.terms) {
    if (rule.kind !== "lab") continue;
    const results = byLab.get(rule.lab);
    if (!results) continue;
    const def = labs(rule.lab);
    const read = baselineRead(rule, gradingBaseline(results, rule.lab, start, def), def);
    const base = read.asWritten;
    const readsAc = readsAnticoagulation(rule);
    // Results are oldest first: only a higher grade replaces, so of equal grades the earliest stays.
    let worst: { result: LabResult; g: Graded } | undefined;
    let set: { result: LabResult; g: Graded; why: NotGraded } | undefined;
    const absolute: LabTermRule = { ...rule, clauses: rule.clauses.filter((c) => !c.onlyOnAnticoagulation) };
    for (const result of results) {
      const ac = readsAc ? anticoagulation(result.at) : undefined;
      const effect = effectAt(rule.term, result);
      const g = gradeAgainst(rule, result, read, def, ac, effect);
      if (g && "reason" in g) {
        // What the absolute cut-offs would say without the drug: a set-aside result within them is not worth naming.
        const plain = gradeResult(absolute, result, base, def, undefined);
        if (plain && plain.grade >= 1 && (!set || plain.grade > set.g.grade))
          set = { result, g: plain, why: g };
      } else if (g && g.grade >= 1 && (!worst || g.grade > worst.g.grade)) worst = { result, g };
    }
    if (set) {
      const plain = describeGrade(absolute, set.result, set.g);
      ungraded.push({
        term: rule.term,
        at: set.result.at,
        ...(set.result.value !== undefined ? { value: set.result.value } : {}),
        unit: rule.unit,
        reason: `${set.why.reason} (grade ${plain.grade} by ${plain.basis} without the drug)`,
        evidence: [...set.why.evidence],
        sourceIds: [...set.why.sourceIds],
      });
    }
    if (worst) {
      const d = describeGrade(rule, worst.result, worst.g);
      out.push({
        term: rule.term,
        grade: d.grade,
        worstAt: worst.result.at,
        ...(worst.result.value !== undefined ? { value: worst.result.value } : {}),
        unit: rule.unit,
        evidence: d.evidence,
        basis: d.basis,
        sourceIds: d.sourceIds,
      });
    }
  }
  return { grades: [...out, ...gradeEvents(usable, rules, labs)], ungraded };
}
