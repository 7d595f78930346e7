/**
 * The SQL prefilter of the screen, compiled from the knowledge the detectors read: each disorder's index
 * test and certainty rules (through the `kind`-tagged criteria language), and the thresholds of the
 * `unexplained` rules (through their CTCAE clauses). No threshold is written here.
 *
 * It must never drop a patient the full engine would flag, so every test compiles to a condition that is
 * true whenever the test can be met (a superset):
 * - a lab, event or context-drug test becomes "some record of that kind in the window meets the bound";
 *   bounds are inclusive and widened by a relative 1e-9 (the core rounds converted values to 12 digits),
 *   a censored result (`<5`) meets any bound, a limit of normal is the laxer of the result's own and the
 *   catalogue's, and every window is widened by one day on each side (calendar days vs instants);
 * - a window relative to the episode's index becomes a window relative to the exposure, from the earliest
 *   day the index can fall on (the index test's own window and `searchFromDay`);
 * - what SQL cannot decide row by row (scores, `not`, `not-met`, latency, falls from baseline, de- and
 *   rechallenge, infusion timing, event qualifiers and grades) compiles to TRUE;
 * - differentials only lower or remove findings and are left out;
 * - a finding of the disorder is needed on the exposure: the index test, and at least one certainty rule
 *   whose `allOf`, `anyOf` and `atLeast` parts are compiled the same way;
 * - a drug's excess (`onDrug`: an INR of 4.5 or more on a vitamin K antagonist) needs a record of its lab after the
 *   first dose from the rule's lowest band on, and a context drug of the rule's roles on record;
 * - an unexplained abnormality needs a record after the first immunotherapy dose whose value reaches the
 *   rule's minimum CTCAE grade (or the lowest `fromGrade` of what it shows, beside a result of the qualitative
 *   lab it reads, such as a DAT) by any clause of that grade or worse (a clause read against the baseline
 *   compares with the patient's lowest or highest result of the lab, which bounds any baseline).
 * - a measurement of concept 0 ("No matching concept") is the LOINC lab its `measurement_source_value` holds,
 *   through the concept maps' source-value key (./maps.ts), as the engine reads it (./records.ts); a measurement
 *   whose concept or (concept 0) source value names an event rather than a catalogue lab ("DVT on duplex") is
 *   that event in the event table, as the engine reads such an Observation;
 * - an immunotherapy named only in words (a condition or procedure concept whose name names a catalogue
 *   immunotherapy, or the source value of a condition or procedure row of concept 0, "ITP secondary to nivolumab", "s/p pembrolizumab x3 cycles"): the engine lists it, with no
 *   dated dose, beside a serious abnormality (unexplained.yaml `namedDrug`), so the person is passed on whatever
 *   their exposures (see {@link drugWordsPattern}).
 * The candidates then go through the full engine, which decides.
 */
import {
  type Disorder,
  immunotherapyNameWords,
  type Knowledge,
  type LabClause,
  type Test,
  type TestOf,
  type Window,
} from "@hemosentinel/core";
import { DEFAULT_SCHEMAS, drugExposureEnd, type Schemas } from "./cdm.js";
import type { Dialect } from "./dialect.js";
import { labMapJoin } from "./maps.js";

const TRUE = "TRUE";
/** Relative widening of every numeric bound. */
const SLACK = 1e-9;
/** Widening of every window, in days, on each side. */
const WINDOW_SLACK = 1;

/** A compiled condition: SQL text, or TRUE when SQL cannot narrow it down. */
type Cond = string;

const isTrue = (c: Cond) => c === TRUE;
function and(parts: Cond[]): Cond {
  const real = parts.filter((p) => !isTrue(p));
  return real.length === 0 ? TRUE : real.length === 1 ? (real[0] as Cond) : `(${real.join(" AND ")})`;
}
function or(parts: Cond[]): Cond {
  if (parts.length === 0) return "FALSE";
  if (parts.some(isTrue)) return TRUE;
  return parts.length === 1 ? (parts[0] as Cond) : `(${parts.join(" OR ")})`;
}

const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? "1e308" : "-1e308");
const upTo = (n: number) => num(n + Math.abs(n) * SLACK);
const downTo = (n: number) => num(n - Math.abs(n) * SLACK);

/** Day offsets from the exposure start that a test's window can reach, or unbounded. */
interface Span {
  readonly from: number;
  readonly to: number;
}

/** Where the episode's index can fall relative to the exposure start (set per disorder). */
interface Scope {
  readonly dialect: Dialect;
  readonly index: Span;
  /** Earliest day the index test may look at (the disorder's `searchFromDay` for the class). */
  readonly searchFrom: number;
  /** Candidate conditions of disorders already compiled, for `finding` tests. */
  readonly found: ReadonlyMap<string, string>;
  readonly leaves: Leaves;
}

/**
 * The leaf tests of all compiled conditions: each is evaluated once for every exposure by a join, into one
 * flag per exposure (`f.l12`); the compiled conditions are boolean formulas over these flags.
 */
class Leaves {
  private readonly byKey = new Map<string, string>();
  readonly queries: string[] = [];
  /** The flag column of the leaf whose rows (person_id, drug) `query` selects from exposures `x`. */
  flag(query: string): Cond {
    let name = this.byKey.get(query);
    if (name === undefined) {
      name = `l${this.byKey.size + 1}`;
      this.byKey.set(query, name);
      this.queries.push(`SELECT x.person_id, x.drug, ${this.queries.length + 1} AS leaf ${query}`);
    }
    return `f.${name}`;
  }
  names(): string[] {
    return [...this.byKey.values()];
  }
}

function spanOf(w: Window, scope: Scope): Span {
  const start = w.startDay ?? Number.NEGATIVE_INFINITY;
  const end = w.endDay ?? Number.POSITIVE_INFINITY;
  if (w.from === "exposure") return { from: start - WINDOW_SLACK, to: end + WINDOW_SLACK };
  const from = scope.index.from + start - WINDOW_SLACK;
  return {
    from: w.notBeforeExposure ? Math.max(from, -WINDOW_SLACK) : from,
    to: scope.index.to + end + WINDOW_SLACK,
  };
}

/** SQL for "`col` lies within the span from the exposure start `x.first_at`, and not after the evaluation". */
function within(col: string, span: Span, d: Dialect, endCol = col): Cond {
  const parts: string[] = [];
  if (Number.isFinite(span.from))
    parts.push(`${endCol} >= ${d.addDays("x.first_at", Math.floor(span.from))}`);
  if (Number.isFinite(span.to)) parts.push(`${col} <= ${d.addDays("x.first_at", Math.ceil(span.to))}`);
  return and(parts);
}

/** A limit of normal for one result: the laxer of its own and the catalogue's. */
function limit(side: "low" | "high"): string {
  const own = `l.ref_${side}`;
  const cat = `l.cat_${side}`;
  const pick = side === "low" ? "greatest" : "least";
  return `coalesce(${pick}(${own}, ${cat}), ${own}, ${cat})`;
}

/** The row-level bound of a lab test (true for every result that can meet it). */
export function labBound(
  t: Pick<TestOf<"lab">, "below" | "above" | "atLeast" | "atMost" | "belowLln" | "aboveUln" | "is" | "orIs">,
): Cond {
  // A result sent as a word (`orIs`) has no number for the bound to read: every result may meet the test.
  if (t.is !== undefined || t.orIs !== undefined) return TRUE;
  const parts: Cond[] = [];
  if (t.below !== undefined) parts.push(`l.value <= ${upTo(t.below)}`);
  if (t.atMost !== undefined) parts.push(`l.value <= ${upTo(t.atMost)}`);
  if (t.above !== undefined) parts.push(`l.value >= ${downTo(t.above)}`);
  if (t.atLeast !== undefined) parts.push(`l.value >= ${downTo(t.atLeast)}`);
  if (t.belowLln !== undefined) parts.push(`l.value <= ${limit("low")} * ${upTo(t.belowLln)}`);
  if (t.aboveUln !== undefined) parts.push(`l.value >= ${limit("high")} * ${downTo(t.aboveUln)}`);
  const bound = and(parts);
  // A censored result (`<5`, `>200`) may meet any bound; a result without a number meets none.
  return isTrue(bound) ? TRUE : `(l.value IS NOT NULL AND (l.censored OR ${bound}))`;
}

const list = (d: Dialect, values: readonly string[]) => values.map((v) => d.string(v)).join(", ");

function labExists(labs: readonly string[], bound: Cond, span: Span, scope: Scope): Cond {
  const d = scope.dialect;
  return scope.leaves.flag(
    `FROM hs_exposure x JOIN hs_lab l ON l.person_id = x.person_id WHERE l.lab_id IN (${list(d, labs)}) AND ${and([within("l.at_time", span, d), bound])}`,
  );
}

function eventExists(kinds: readonly string[], span: Span, scope: Scope): Cond {
  const d = scope.dialect;
  return scope.leaves.flag(
    `FROM hs_exposure x JOIN hs_event e ON e.person_id = x.person_id WHERE e.kind IN (${list(d, kinds)}) AND ${and([within("e.at_time", span, d, "e.end_at")])}`,
  );
}

const asList = (v: string | readonly string[]) => (typeof v === "string" ? [v] : v);

/** A test of the criteria language as a superset condition on the exposure row `x`. */
export function compileTest(t: Test, scope: Scope): Cond {
  const d = scope.dialect;
  switch (t.kind) {
    case "all-of":
      return and(t.tests.map((x) => compileTest(x, scope)));
    case "any-of":
      return or(t.tests.map((x) => compileTest(x, scope)));
    case "lab": {
      const span = spanOf(t.window, scope);
      const lab = labExists(asList(t.lab), labBound(t), span, scope);
      return t.orCharted ? or([lab, eventExists(t.orCharted, span, scope)]) : lab;
    }
    case "event":
      return eventExists(asList(t.event), spanOf(t.window, scope), scope);
    case "context-drug": {
      const roles = asList(t.role).map((r) => `c.roles LIKE ${d.string(`%;${r};%`)}`);
      return scope.leaves.flag(
        `FROM hs_exposure x JOIN hs_context c ON c.person_id = x.person_id WHERE ${or(roles)} AND ${and([within("c.start_at", spanOf(t.window, scope), d, "c.end_at")])}`,
      );
    }
    case "exposure-class":
      // Any exposure of the record within some days before the index: decided by the engine.
      if (t.anyWithinDays !== undefined) return TRUE;
      return t.classes.length === 0 ? "FALSE" : `f.class IN (${list(d, t.classes)})`;
    case "finding":
      return scope.found.get(t.finding) ?? TRUE;
    default:
      // Scores, negations, latency, falls, de-/rechallenge and infusion timing: decided by the engine.
      return TRUE;
  }
}

/** The index test's earliest and latest day from the exposure (before widening by the criteria windows). */
function indexSpan(t: Test, searchFrom: number): Span {
  const spans: Span[] = [];
  const visit = (x: Test) => {
    if (x.kind === "any-of" || x.kind === "all-of") x.tests.forEach(visit);
    else if ("window" in x && x.window.from === "exposure")
      spans.push({
        from: x.window.startDay ?? Number.NEGATIVE_INFINITY,
        to: x.window.endDay ?? Number.POSITIVE_INFINITY,
      });
    else spans.push({ from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY });
  };
  visit(t);
  const from = Math.min(...spans.map((s) => s.from));
  const to = Math.max(...spans.map((s) => s.to));
  return { from: Math.max(from, searchFrom) - WINDOW_SLACK, to: to + WINDOW_SLACK };
}

/** The condition on exposure `x` under which `def` can be found for it. */
function disorderCondition(
  def: Disorder,
  d: Dialect,
  found: ReadonlyMap<string, string>,
  leaves: Leaves,
): Cond {
  const perClass: Cond[] = [];
  for (const [cls, latency] of Object.entries(def.latency)) {
    if (latency === undefined) continue;
    const searchFrom = latency.searchFromDay ?? Number.NEGATIVE_INFINITY;
    const index = indexSpan(def.index.test, searchFrom);
    const indexScope: Scope = {
      dialect: d,
      index,
      searchFrom,
      found,
      leaves,
    };
    // The index test itself: its windows are relative to the exposure, cut at searchFromDay.
    const indexCond = compileTest(
      Number.isFinite(searchFrom) ? withSearchFrom(def.index.test, searchFrom) : def.index.test,
      indexScope,
    );
    const criterion = (id: string) => {
      const c = def.criteria.find((x) => x.id === id);
      return c === undefined ? "FALSE" : compileTest(c.test, indexScope);
    };
    const rules = def.certainty.map((r) => {
      const parts = r.allOf.map(criterion);
      if (r.anyOf !== undefined) parts.push(or(r.anyOf.map(criterion)));
      if (r.atLeast !== undefined) {
        const each = r.atLeast.of.map(criterion);
        parts.push(
          each.filter(isTrue).length >= r.atLeast.min
            ? TRUE
            : `(${each.map((c) => (isTrue(c) ? "1" : `CASE WHEN ${c} THEN 1 ELSE 0 END`)).join(" + ")}) >= ${r.atLeast.min}`,
        );
      }
      return and(parts);
    });
    perClass.push(and([`f.class = ${d.string(cls)}`, indexCond, or(rules)]));
  }
  return or(perClass);
}

/** The index test with every exposure window starting no earlier than `searchFrom`. */
function withSearchFrom(t: Test, searchFrom: number): Test {
  if (t.kind === "any-of" || t.kind === "all-of")
    return { ...t, tests: t.tests.map((x) => withSearchFrom(x, searchFrom)) };
  if ("window" in t && t.window.from === "exposure")
    return {
      ...t,
      window: { ...t.window, startDay: Math.max(t.window.startDay ?? searchFrom, searchFrom) },
    } as Test;
  return t;
}

/** A CTCAE clause of a lab term as a row-level bound (the anticoagulant roles name who is anticoagulated). */
function clauseBound(c: LabClause, d: Dialect, anticoagulant: readonly string[]): Cond {
  const k = c.criterion;
  const extreme = (fn: "min" | "max") => `l.${fn}_value`;
  let bound: Cond;
  switch (k.kind) {
    case "below":
      bound = `l.value <= ${upTo(k.n)}`;
      break;
    case "above":
      bound = `l.value >= ${downTo(k.n)}`;
      break;
    case "belowLln":
      bound = `l.value <= ${limit("low")} * ${upTo(k.factor)}`;
      break;
    case "aboveUln":
      bound = `l.value >= ${limit("high")} * ${downTo(k.factor)}`;
      break;
    case "aboveBaseline":
      // The baseline is one of the patient's results: the lowest of them bounds it from below.
      bound = `l.value >= ${extreme("min")} * ${downTo(k.factor)}`;
      break;
    case "decreaseFromBaselinePct":
      bound = c.ifBelowLln
        ? `l.value <= ${limit("low")} * ${upTo(1)}`
        : `l.value <= ${extreme("max")} * ${upTo(1 - k.percent / 100)}`;
      break;
  }
  if (c.ifBelowLln && k.kind !== "decreaseFromBaselinePct")
    bound = and([bound, `l.value <= ${limit("low")} * ${upTo(1)}`]);
  if (c.onlyOnAnticoagulation) bound = and([bound, anticoagulated(d, anticoagulant)]);
  return `(l.value IS NOT NULL AND (l.censored OR ${bound}))`;
}

function anticoagulated(d: Dialect, roles: readonly string[]): Cond {
  return `l.person_id IN (SELECT person_id FROM hs_context c WHERE ${or(roles.map((r) => `c.roles LIKE ${d.string(`%;${r};%`)}`))})`;
}

/** Labs, event kinds and drug roles the prefilter reads, so the working tables hold only those. */
interface Needs {
  labs: Map<string, Cond[]>;
  events: Set<string>;
  roles: Set<string>;
}

function collect(t: Test, needs: Needs, row: (t: TestOf<"lab">) => Cond): void {
  switch (t.kind) {
    case "all-of":
    case "any-of":
      for (const x of t.tests) collect(x, needs, row);
      break;
    case "lab":
      for (const lab of asList(t.lab)) needs.labs.set(lab, [...(needs.labs.get(lab) ?? []), row(t)]);
      for (const k of t.orCharted ?? []) needs.events.add(k);
      break;
    case "event":
      for (const k of asList(t.event)) needs.events.add(k);
      break;
    case "context-drug":
      for (const r of asList(t.role)) needs.roles.add(r);
      break;
    default:
  }
}

/**
 * Each person's first dose of each immunotherapy (a drug exposure or, for CAR-T, an infusion procedure)
 * by `evaluatedAt`: `person_id, drug, class, first_at`.
 */
export function exposureQuery(d: Dialect, evaluatedAt: string, schemas: Schemas = DEFAULT_SCHEMAS): string {
  const { cdm: C, results: S } = schemas;
  const drugAt = "coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP))";
  const procAt = "coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP))";
  return `SELECT person_id, drug, class, min(dose_at) AS first_at FROM (
         SELECT g.person_id, k.drug, k.class, ${drugAt} AS dose_at FROM ${C}.drug_exposure g
           JOIN ${S}.drug_map k ON k.concept_id = g.drug_concept_id AND k.source = 'drug' AND k.kind = 'immunotherapy'
         UNION ALL
         SELECT g.person_id, k.drug, k.class, ${drugAt} AS dose_at FROM ${C}.drug_exposure g
           JOIN ${S}.drug_map k ON k.source = 'drug_source_value' AND k.source_value = g.drug_source_value AND k.kind = 'immunotherapy'
           WHERE g.drug_concept_id = 0
         UNION ALL
         SELECT p.person_id, k.drug, k.class, ${procAt} AS dose_at FROM ${C}.procedure_occurrence p
           JOIN ${S}.drug_map k ON k.concept_id = p.procedure_concept_id AND k.source = 'procedure'
         UNION ALL
         SELECT p.person_id, k.drug, k.class, ${procAt} AS dose_at FROM ${C}.procedure_occurrence p
           JOIN ${S}.drug_map k ON k.source = 'procedure_source_value' AND k.source_value = p.procedure_source_value
           WHERE p.procedure_concept_id = 0) e
       WHERE dose_at <= ${d.timestamp(evaluatedAt)} GROUP BY person_id, drug, class`;
}

/** What separates two words in the core's tokenizer: anything but a letter or a digit (after accents go). */
const NOT_WORD = "[^a-z0-9]";

/**
 * A regular expression over lower-case text that holds wherever the medication matcher can read a catalogue
 * immunotherapy's name (INN, brand, synonym, abbreviation) as whole words: each word in any form the matcher
 * reads (a plural), words apart by anything but a letter or a digit ("nivolumab-induced", "axi-cel", "axi cel").
 * A superset of the matcher's reading: it ignores what the engine then asks (an attribution or administration cue,
 * no negation, no dose of the drug on record).
 * @example
 * drugWordsPattern(knowledge); // "(^|[^a-z0-9])(nivolumabs?|…|axis?[^a-z0-9]+cels?|…)([^a-z0-9]|$)"
 */
export function drugWordsPattern(knowledge: Pick<Knowledge, "drugs">): string {
  const names = immunotherapyNameWords(knowledge.drugs).map((words) =>
    words
      .map((forms) => {
        for (const f of forms)
          if (!/^[a-z0-9]+$/.test(f)) throw new Error(`a drug name's word "${f}" is not a plain word`);
        if (forms.length === 1) return forms[0];
        return forms.length === 2 && forms[1] === `${forms[0]}s` ? `${forms[0]}s?` : `(${forms.join("|")})`;
      })
      .join(`${NOT_WORD}+`),
  );
  return `(^|${NOT_WORD})(${names.join("|")})(${NOT_WORD}|$)`;
}

/** The SQL statements of one prefilter run; the last returns `person_id, reasons` per candidate. */
export interface PrefilterPlan {
  /** Working tables, in order. */
  readonly setup: readonly string[];
  /** The candidates: one row per person with the disorders and abnormalities that made them one. */
  readonly candidates: string;
  /** Persons exposed to an immunotherapy by the evaluation time. */
  readonly exposed: string;
  readonly cleanup: readonly string[];
}

/**
 * Compiles the prefilter for an evaluation time.
 * @example
 * const plan = compilePrefilter(knowledge, duckdb, "2025-01-01T23:59:59Z");
 * for (const sql of plan.setup) await db.run(sql);
 * const candidates = await db.all(plan.candidates);
 */
export function compilePrefilter(
  knowledge: Knowledge,
  d: Dialect,
  evaluatedAt: string,
  schemas: Schemas = DEFAULT_SCHEMAS,
): PrefilterPlan {
  const { cdm: C, results: S } = schemas;
  const at = d.timestamp(evaluatedAt);
  const needs: Needs = {
    labs: new Map(),
    events: new Set(),
    roles: new Set(knowledge.ctcae.anticoagulation.roles),
  };
  const rowBound = (t: TestOf<"lab">) => labBound(t);
  for (const def of knowledge.disorders) {
    collect(def.index.test, needs, rowBound);
    for (const c of def.criteria) collect(c.test, needs, rowBound);
  }
  const anticoagulant = knowledge.ctcae.anticoagulation.roles;
  const unexplainedLabs = knowledge.unexplained.labs.map((rule) => {
    const term = knowledge.ctcae.terms.find((x) => x.term === rule.term && x.kind === "lab");
    const fromGrade = (grade: number) =>
      or(
        (term?.kind === "lab" ? term.clauses.filter((c) => c.grade >= grade) : []).map((c) =>
          clauseBound(c, d, anticoagulant),
        ),
      );
    // A `shows` entry listing from a lower grade (`fromGrade`: an immune-related AIHA from anaemia grade 1) lowers
    // the bound, but only where what it shows can be in the record: an entry that reads a qualitative lab (a
    // positive or a negative DAT) needs one of the patient's own results of it, whatever its value or date (the
    // engine decides the rest). Without that, every mild anaemia of a cancer patient would be a candidate.
    const lowered = (rule.shows ?? []).filter(
      (s) => s.fromGrade !== undefined && s.fromGrade < rule.minGrade,
    );
    const lowest = Math.min(rule.minGrade, ...lowered.map((s) => s.fromGrade ?? rule.minGrade));
    const markers = lowered.map((s) => [...(s.positive ?? []), ...(s.negative ?? [])]);
    const needed = markers.some((m) => m.length === 0) ? undefined : [...new Set(markers.flat())];
    for (const lab of needed ?? []) needs.labs.set(lab, [...(needs.labs.get(lab) ?? []), TRUE]);
    const low = fromGrade(lowest);
    needs.labs.set(rule.lab, [...(needs.labs.get(rule.lab) ?? []), low]);
    const bound =
      lowest === rule.minGrade || needed === undefined
        ? low
        : or([
            fromGrade(rule.minGrade),
            and([
              low,
              `l.person_id IN (SELECT q.person_id FROM hs_lab q WHERE q.lab_id IN (${list(d, needed)}))`,
            ]),
          ]);
    return { rule, bound };
  });
  // The `onDrug` rules (an INR of 4.5 or more on a vitamin K antagonist, an aPTT above 90 s on unfractionated
  // heparin): listed by the engine whatever the CTCAE grade or the baseline, so the CTCAE bounds above cannot stand
  // for them. A result from the rule's lowest band on, for a person with a context drug of its roles on record
  // (its dates and the roles it excepts are left to the engine).
  const onDrugLabs = knowledge.unexplained.onDrug.map((rule) => {
    // A band read on the patient's own pre-drug result (3 times a baseline aPTT) has no fixed floor: every result
    // of the lab is kept for it, and the engine reads the baseline.
    const relative = rule.bands.some((b) => b.aboveBaselineTimes !== undefined);
    const from = Math.min(...rule.bands.map((b) => b.atLeast ?? b.above ?? Number.POSITIVE_INFINITY));
    const row = relative
      ? "(l.value IS NOT NULL)"
      : `(l.value IS NOT NULL AND (l.censored OR l.value >= ${downTo(from)}))`;
    for (const r of rule.roles) needs.roles.add(r);
    needs.labs.set(rule.lab, [...(needs.labs.get(rule.lab) ?? []), row]);
    return {
      reason: `unexplained:${rule.id}`,
      lab: rule.lab,
      bound: and([row, anticoagulated(d, rule.roles)]),
    };
  });
  for (const e of knowledge.unexplained.events) needs.events.add(e.event);
  // Labs whose clauses compare with the patient's own results (a baseline) get each patient's extremes.
  const extremeLabs = [...needs.labs.entries()]
    .filter(([, b]) => b.some((x) => x.includes("_value")))
    .map(([lab]) => lab);
  // Only rows that can meet some test are kept.
  const labFilter = or(
    [...needs.labs.entries()].map(([lab, bounds]) => {
      return and([`l.lab_id = ${d.string(lab)}`, or(bounds)]);
    }),
  );

  const measuredAt = `coalesce(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP))`;
  const drugAt = `coalesce(g.drug_exposure_start_datetime, CAST(g.drug_exposure_start_date AS TIMESTAMP))`;
  const drugEnd = drugExposureEnd(d);
  const procAt = `coalesce(p.procedure_datetime, CAST(p.procedure_date AS TIMESTAMP))`;
  const condAt = `coalesce(o.condition_start_datetime, CAST(o.condition_start_date AS TIMESTAMP))`;
  const condEnd = `coalesce(o.condition_end_datetime, CAST(o.condition_end_date AS TIMESTAMP))`;

  /**
   * The needed events charted in one CDM table: by its concept, then by its source value where the concept is 0.
   * `named` names the columns, as the first branch of the union does.
   */
  const chartedEvents = (
    table: string,
    a: string,
    domain: string,
    start: string,
    end: string,
    named = false,
  ) => {
    const columns = `${start}, ${end}`;
    const kinds = `e.kind IN (${list(d, [...needs.events])}) AND ${start} <= ${at} AND ${a}.person_id IN (SELECT person_id FROM hs_exposure)`;
    return [
      `SELECT ${a}.person_id, e.kind, ${named ? `${start} AS at_time, ${end} AS end_at` : columns}
       FROM ${C}.${table} ${a} JOIN ${S}.event_map e ON e.concept_id = ${a}.${domain}_concept_id AND e.source = '${domain}'
       WHERE ${kinds}`,
      `SELECT ${a}.person_id, e.kind, ${columns}
       FROM ${C}.${table} ${a} JOIN ${S}.event_map e ON e.source = '${domain}_source_value' AND e.source_value = ${a}.${domain}_source_value
       WHERE ${a}.${domain}_concept_id = 0 AND ${kinds}`,
    ];
  };

  const setup = [
    d.createTemp("hs_exposure", exposureQuery(d, evaluatedAt, schemas)),
    d.createTemp(
      "hs_context",
      // Two equi-joins, not one join on an OR: a join condition with OR is not hashed (a nested loop over
      // every exposure row).
      [
        `k.concept_id = g.drug_concept_id AND k.source = 'drug'`,
        `k.source_value = g.drug_source_value AND k.source = 'drug_source_value' AND g.drug_concept_id = 0`,
      ]
        .map(
          (
            on,
          ) => `SELECT g.person_id, k.roles, ${drugAt} AS start_at, coalesce(${drugEnd}, ${drugAt}) AS end_at
       FROM ${C}.drug_exposure g JOIN ${S}.drug_map k ON ${on} AND k.kind = 'context'
       WHERE ${drugAt} <= ${at} AND g.person_id IN (SELECT person_id FROM hs_exposure)
         AND (${[...needs.roles].map((r) => `k.roles LIKE ${d.string(`%;${r};%`)}`).join(" OR ") || "FALSE"})`,
        )
        .join("\n       UNION ALL\n       "),
    ),
    d.createTemp(
      "hs_event",
      [
        ...chartedEvents(
          "condition_occurrence",
          "o",
          "condition",
          condAt,
          `coalesce(${condEnd}, ${condAt})`,
          true,
        ),
        ...chartedEvents("procedure_occurrence", "p", "procedure", procAt, procAt),
        ...chartedEvents("measurement", "m", "measurement", measuredAt, measuredAt),
      ].join("\n       UNION ALL\n       "),
    ),
    d.createTemp(
      "hs_lab",
      `WITH base AS (
         SELECT m.person_id, lm.lab_id, ${measuredAt} AS at_time, m.value_as_number * lm.factor AS value,
                coalesce(m.operator_concept_id, 0) NOT IN (0, 4172703) AS censored,
                m.range_low * lm.factor AS ref_low, m.range_high * lm.factor AS ref_high,
                lm.ref_low AS cat_low, lm.ref_high AS cat_high
         FROM ${C}.measurement m
         ${labMapJoin(S, "lm", "m")}
         WHERE lm.lab_id IN (${list(d, [...needs.labs.keys()])}) AND lm.unit_reason IS NULL
           AND ${measuredAt} <= ${at} AND m.person_id IN (SELECT person_id FROM hs_exposure)),
       extreme AS (
         SELECT person_id, lab_id, min(value) AS min_value, max(value) AS max_value FROM base
         WHERE lab_id IN (${list(d, extremeLabs.length > 0 ? extremeLabs : [""])}) GROUP BY person_id, lab_id)
       SELECT * FROM (
         SELECT b.*, e.min_value, e.max_value FROM base b
         LEFT JOIN extreme e ON e.person_id = b.person_id AND e.lab_id = b.lab_id) l
       WHERE ${labFilter}`,
    ),
  ];

  const found = new Map<string, string>();
  const leaves = new Leaves();
  const ctes: string[] = [];
  const reasons: string[] = [];
  for (const def of knowledge.disorders) {
    const cond = disorderCondition(def, d, found, leaves);
    ctes.push(`cand_${def.id.replaceAll("-", "_")} AS (SELECT DISTINCT f.person_id FROM f WHERE ${cond})`);
    found.set(def.id, `f.person_id IN (SELECT person_id FROM cand_${def.id.replaceAll("-", "_")})`);
    reasons.push(`SELECT person_id, ${d.string(def.id)} AS reason FROM cand_${def.id.replaceAll("-", "_")}`);
  }
  // Unexplained abnormalities: after the first immunotherapy dose of the person.
  ctes.push(`hs_start AS (SELECT person_id, min(first_at) AS first_at FROM hs_exposure GROUP BY person_id)`);
  for (const { reason, lab, bound } of [
    ...unexplainedLabs.map(({ rule, bound }) => ({
      reason: `unexplained:${rule.term}`,
      lab: rule.lab,
      bound,
    })),
    ...onDrugLabs,
  ]) {
    reasons.push(
      `SELECT DISTINCT x.person_id, ${d.string(reason)} AS reason
       FROM hs_start x JOIN hs_lab l ON l.person_id = x.person_id AND l.lab_id = ${d.string(lab)}
       WHERE l.at_time >= ${d.addDays("x.first_at", -WINDOW_SLACK)} AND ${bound}`,
    );
  }
  for (const rule of knowledge.unexplained.events) {
    reasons.push(
      `SELECT DISTINCT x.person_id, ${d.string(`unexplained:${rule.id}`)} AS reason
       FROM hs_start x JOIN hs_event e ON e.person_id = x.person_id AND e.kind = ${d.string(rule.event)}
       WHERE e.at_time >= ${d.addDays("x.first_at", -WINDOW_SLACK)}`,
    );
  }
  // A result of a lab the screen reads whose number is only printed (value_source_value without
  // value_as_number: an ETL that could not parse "<10", "less than 10" or "12 L"): SQL cannot compare
  // it, so the person is passed on and the engine reads it (records.ts) rather than the count being unseen.
  reasons.push(
    `SELECT DISTINCT m.person_id, 'printed-value' AS reason
     FROM ${C}.measurement m
     ${labMapJoin(S, "lm", "m")}
     JOIN hs_start x ON x.person_id = m.person_id
     WHERE m.value_as_number IS NULL AND m.value_source_value IS NOT NULL AND NOT lm.qualitative
       AND lm.unit_reason IS NULL AND lm.lab_id IN (${list(d, [...needs.labs.keys()])})
       AND ${measuredAt} <= ${at} AND ${measuredAt} >= ${d.addDays("x.first_at", -WINDOW_SLACK)}`,
  );
  // An immunotherapy named only in words: a condition's concept name (the chart's words the OMOP reader passes to
  // the engine), or a procedure's that the screen does not read as an infusion of the drug (that one is a dated
  // dose), or the source value of a condition of concept 0 (what the reader passes for an unmapped row). Whatever
  // the person's exposures: words naming another drug than the one dosed are listed too. The pattern is read once
  // per concept the two tables use, and once per distinct source value of concept 0, not once per row.
  ctes.push(
    `hs_words AS (SELECT c.concept_id FROM ${C}.concept c
     WHERE c.concept_id IN (SELECT condition_concept_id FROM ${C}.condition_occurrence
                            UNION SELECT procedure_concept_id FROM ${C}.procedure_occurrence)
       AND ${d.lowerMatches("c.concept_name", drugWordsPattern(knowledge))})`,
    `hs_source_words AS (SELECT v.source_value FROM (SELECT DISTINCT condition_source_value AS source_value
       FROM ${C}.condition_occurrence WHERE condition_concept_id = 0
       UNION SELECT DISTINCT procedure_source_value FROM ${C}.procedure_occurrence WHERE procedure_concept_id = 0) v
     WHERE ${d.lowerMatches("v.source_value", drugWordsPattern(knowledge))})`,
  );
  reasons.push(
    `SELECT DISTINCT o.person_id, 'drug-words' AS reason FROM ${C}.condition_occurrence o
     WHERE o.condition_concept_id IN (SELECT concept_id FROM hs_words) AND ${condAt} <= ${at}
     UNION ALL
     SELECT DISTINCT o.person_id, 'drug-words' AS reason FROM ${C}.condition_occurrence o
     WHERE o.condition_concept_id = 0 AND o.condition_source_value IN (SELECT source_value FROM hs_source_words) AND ${condAt} <= ${at}
     UNION ALL
     SELECT DISTINCT p.person_id, 'drug-words' AS reason FROM ${C}.procedure_occurrence p
     WHERE p.procedure_concept_id IN (SELECT concept_id FROM hs_words) AND ${procAt} <= ${at}
       AND p.procedure_concept_id NOT IN (SELECT k.concept_id FROM ${S}.drug_map k WHERE k.source = 'procedure')
     UNION ALL
     SELECT DISTINCT p.person_id, 'drug-words' AS reason FROM ${C}.procedure_occurrence p
     WHERE p.procedure_concept_id = 0 AND p.procedure_source_value IN (SELECT source_value FROM hs_source_words) AND ${procAt} <= ${at}
       AND p.procedure_source_value NOT IN (SELECT k.source_value FROM ${S}.drug_map k WHERE k.source = 'procedure_source_value')`,
  );
  const leafNames = leaves.names();
  ctes.unshift(
    `hs_leaf AS (${leaves.queries.join("\nUNION ALL\n")})`,
    `f AS (SELECT x.person_id, x.drug, x.class${leafNames.map((n, i) => `, coalesce(bool_or(h.leaf = ${i + 1}), FALSE) AS ${n}`).join("")}
           FROM hs_exposure x LEFT JOIN hs_leaf h ON h.person_id = x.person_id AND h.drug = x.drug
           GROUP BY x.person_id, x.drug, x.class)`,
  );
  const candidates = `WITH ${ctes.join(",\n")}
    SELECT CAST(person_id AS ${d.text}) AS person_id, ${d.stringAgg("reason", "reason")} AS reasons
    FROM (${reasons.join("\nUNION ALL\n")}) r GROUP BY person_id ORDER BY min(person_id)`;
  return {
    setup,
    candidates,
    exposed: `SELECT CAST(person_id AS ${d.text}) AS person_id FROM hs_exposure GROUP BY person_id ORDER BY min(person_id)`,
    cleanup: ["hs_exposure", "hs_lab", "hs_event", "hs_context"].map((t) => d.dropTemp(t)),
  };
}
