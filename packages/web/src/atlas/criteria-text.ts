/**
 * The knowledge's criteria language (kind-tagged tests: labs, events, drugs, scores, time, and the
 * combinators) written as sentences a hematologist reads: thresholds with their units, limits of normal,
 * day windows and what stands in for a missing result. Nested combinators become nested lists. Only
 * wording happens here: every number comes from the test itself.
 */
import {
  type DisorderId,
  type FactCondition,
  type Knowledge,
  MANAGEMENT_FACTS,
  renderContextOf,
  type Test,
  type TestOf,
  type TherapyClass,
  type When,
  wordingOf,
} from "@hemosentinel/core";

/** One sentence, with the sentences it is made of (an "any of" and its alternatives). */
export interface Sentence {
  readonly text: string;
  readonly parts?: readonly Sentence[];
}

/** The names the sentences use, from the knowledge base. */
export interface CriteriaNames {
  /** A lab by catalogue id: its name and canonical (UCUM) unit. */
  lab(id: string): { readonly name: string; readonly unit?: string };
  /** Event kinds, drug roles and UCUM units as words (`rbc-transfusion` → `red-cell transfusion`). */
  words(text: string): string;
  score(id: string): string;
  component(score: string, id: string): string;
  /** CTCAE term name. */
  term(id: string): string;
  disorder(id: DisorderId): string;
}

/** The names of a knowledge base, through the reports' own wording. */
export function criteriaNamesOf(k: Knowledge): CriteriaNames {
  const ctx = renderContextOf(k);
  const w = wordingOf(ctx);
  return {
    lab: (id) => {
      const lab = k.labCatalogue.byId.get(id);
      return lab === undefined
        ? { name: w.prose(id) }
        : { name: lab.name, ...(lab.unit !== undefined && { unit: lab.unit }) };
    },
    words: (text) => w.prose(text),
    score: (id) => w.score(id),
    component: (score, id) => w.component(score, id),
    term: (id) => w.term(id),
    disorder: (id) => w.disorder(id),
  };
}

const CLASS_WORDS: Readonly<Record<TherapyClass, string>> = {
  ici: "an immune checkpoint inhibitor",
  bispecific: "a bispecific T-cell engager",
  antibody: "a therapeutic antibody",
  "car-t": "CAR-T cells",
};

/** `a`, `a or b`, `a, b or c`; names after the first in lower case when they are words (`Absolute …`), not acronyms. */
/** A therapy class as the object of "without … also given" (a line that gives way when the class was received too). */
const OTHER_CLASS_WORDS: Readonly<Record<TherapyClass, string>> = {
  ici: "a checkpoint inhibitor",
  bispecific: "a T-cell engager",
  antibody: "another therapeutic antibody",
  "car-t": "CAR-T cells",
};

function alternatives(xs: readonly string[], word = "or"): string {
  const ys = xs.map((x, i) => (i > 0 && /^[A-Z][a-z]/.test(x) ? x.charAt(0).toLowerCase() + x.slice(1) : x));
  if (ys.length <= 1) return ys.join("");
  return `${ys.slice(0, -1).join(", ")} ${word} ${ys.at(-1)}`;
}

function list<T>(x: T | readonly T[]): readonly T[] {
  return Array.isArray(x) ? x : [x as T];
}

function signedDay(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0";
}

/**
 * The days a test looks at, relative to the first dose (CAR-T: infusion) or to the episode's onset.
 * @example windowText({ from: "index", startDay: -7, endDay: 30 }); // "days −7 to +30 of the episode's onset"
 */
export function windowText(w: TestOf<"lab">["window"]): string {
  const anchor =
    w.from === "exposure"
      ? "the first dose (CAR-T: infusion)"
      : `the episode's onset${w.notBeforeExposure ? ", not before the first dose" : ""}`;
  if (w.startDay !== undefined && w.endDay !== undefined)
    return `days ${signedDay(w.startDay)} to ${signedDay(w.endDay)} of ${anchor}`;
  if (w.startDay !== undefined) return `from day ${signedDay(w.startDay)} of ${anchor}`;
  if (w.endDay !== undefined) return `up to day ${signedDay(w.endDay)} of ${anchor}`;
  return `any time relative to ${anchor}`;
}

/** UCUM units of time as a reader writes them (the age fact is in `a`: "age < 18 years", not "18 a"). */
const TIME_UNITS: Readonly<Record<string, string>> = { a: "years", mo: "months", wk: "weeks", d: "days" };

function withUnit(value: number, unit: string | undefined, names: CriteriaNames): string {
  const u = unit === undefined ? "" : (TIME_UNITS[unit] ?? names.words(unit).trim());
  if (u === "") return `${value}`;
  return u === "%" ? `${value} %` : `${value} ${u}`;
}

function limitText(times: number, side: "lower" | "upper"): string {
  const limit = `the ${side} limit of normal`;
  const where = side === "lower" ? "below" : "above";
  return times === 1 ? `${where} ${limit}` : `${where} ${times} × ${limit}`;
}

/** What a lab test asks of the value: `< 150 ×10⁹/L`, `above the upper limit of normal`, `positive`. */
function labCondition(t: TestOf<"lab">, unit: string | undefined, names: CriteriaNames): string {
  const v = (n: number) => withUnit(n, unit, names);
  const parts: string[] = [];
  if (t.atLeast !== undefined && t.atMost !== undefined)
    parts.push(`${t.atLeast}–${v(t.atMost)} (inclusive)`);
  else {
    if (t.atLeast !== undefined) parts.push(`≥ ${v(t.atLeast)}`);
    if (t.atMost !== undefined) parts.push(`≤ ${v(t.atMost)}`);
  }
  if (t.below !== undefined) parts.push(`< ${v(t.below)}`);
  if (t.above !== undefined) parts.push(`> ${v(t.above)}`);
  if (t.belowLln !== undefined) parts.push(limitText(t.belowLln, "lower"));
  if (t.aboveUln !== undefined) parts.push(limitText(t.aboveUln, "upper"));
  if (t.is !== undefined) parts.push(t.is);
  const bounds = parts.join(" and ");
  return t.orIs === undefined ? bounds : `${bounds}, or reported ${t.orIs}`;
}

function labSentence(t: TestOf<"lab">, names: CriteriaNames): string {
  const labs = list(t.lab).map((id) => names.lab(id));
  const units = new Set(labs.map((l) => l.unit));
  const unit = units.size === 1 ? labs[0]?.unit : undefined;
  const which = t.first ? "first result" : "result";
  const subject = alternatives(labs.map((l) => l.name));
  let text = `${subject} ${labCondition(t, unit, names)} (${which} in ${windowText(t.window)})`;
  if (t.orCharted)
    text += `; when no result can be compared, ${alternatives(t.orCharted.map(names.words))} charted stands in for it`;
  if (t.ruledOutBy) {
    const by = alternatives(t.ruledOutBy.lab.map((id) => names.lab(id).name));
    text += `; a result with ${by} ${t.ruledOutBy.is} within ${t.ruledOutBy.withinDays} days of it does not count`;
  }
  return text;
}

function eventSentence(t: TestOf<"event">, names: CriteriaNames): string {
  const what = alternatives(list(t.event).map(names.words));
  const qualifiers = t.qualifiers === undefined ? "" : ` (${t.qualifiers.map(names.words).join(", ")})`;
  const grade = t.minGrade === undefined ? "" : `, grade ≥ ${t.minGrade}`;
  return `${what}${qualifiers}${grade} charted (${windowText(t.window)})`;
}

function scoreSentence(t: TestOf<"score">, names: CriteriaNames): string {
  const bounds: string[] = [];
  if (t.atLeast !== undefined) bounds.push(`≥ ${t.atLeast}`);
  if (t.below !== undefined) bounds.push(`< ${t.below}`);
  if (t.category !== undefined) bounds.push(`in the category ${alternatives(t.category.map(names.words))}`);
  const without =
    t.without === undefined
      ? ""
      : `, counted without its ${alternatives(
          t.without.map((c) => names.component(t.score, c)),
          "and",
        )} points`;
  return `${names.score(t.score)} ${bounds.join(" and ")}${without}`;
}

/**
 * A test as a sentence, with nested sentences for combinators.
 * @example
 * testSentence({ kind: "lab", lab: "platelets", below: 150, window: { from: "index", startDay: 0, endDay: 30 } }, names).text;
 * // "Platelet count < 150 ×10⁹/L (result in days 0 to +30 of the episode's onset)"
 */
export function testSentence(t: Test, names: CriteriaNames): Sentence {
  switch (t.kind) {
    case "all-of":
      return { text: "All of:", parts: t.tests.map((x) => testSentence(x, names)) };
    case "any-of":
      return { text: "Any of:", parts: t.tests.map((x) => testSentence(x, names)) };
    case "not":
      return { text: "Shown not to hold (a result is needed):", parts: [testSentence(t.test, names)] };
    case "not-met":
      return { text: "Not shown to hold (met while unknown):", parts: [testSentence(t.test, names)] };
    case "lab":
      return { text: labSentence(t, names) };
    case "fall": {
      const lab = names.lab(t.lab);
      const by = [
        ...(t.percent !== undefined ? [`${t.percent} %`] : []),
        ...(t.amount !== undefined ? [withUnit(t.amount, lab.unit, names)] : []),
      ];
      return { text: `${lab.name} falls by at least ${alternatives(by)} (${windowText(t.window)})` };
    }
    case "new-fall": {
      const lab = names.lab(t.lab);
      const grades = t.grades === 1 ? "1 grade" : `${t.grades} grades`;
      return {
        text: `A new fall of ${lab.name}: at least ${grades} of ${names.term(t.term)} worse than the pre-dose baseline, or ≥ ${t.percent} % below the baseline value (${windowText(t.window)})`,
      };
    }
    case "infusion-related": {
      const lab = names.lab(t.lab);
      const without = [...t.treatments, ...t.transfusions].map(names.words);
      return {
        text: `${lab.name} fell within ${t.withinHours} hours of a dose and recovered above ${withUnit(t.recoveredAbove, lab.unit, names)} within ${t.recoveryDays} days, with no ${alternatives(without)} in between`,
      };
    }
    case "event":
      return { text: eventSentence(t, names) };
    case "context-drug":
      return {
        text: `${alternatives(list(t.role).map(names.words))} drug given (${windowText(t.window)})`,
      };
    case "score":
      return { text: scoreSentence(t, names) };
    case "exposure-class":
      return {
        text:
          t.anyWithinDays === undefined
            ? `Treated with ${alternatives(t.classes.map((c) => CLASS_WORDS[c]))}`
            : `${alternatives(t.classes.map((c) => CLASS_WORDS[c]))} given in the ${t.anyWithinDays} days before onset`,
      };
    case "latency":
      return { text: "Onset inside the therapy class's onset window (see time to onset)" };
    case "finding":
      return {
        text: `A ${names.disorder(t.finding as DisorderId)} finding of at least ${t.atLeast} certainty`,
      };
    case "dechallenge": {
      const lab = names.lab(t.lab);
      return {
        text: `${lab.name} recovered above ${withUnit(t.recoveredAbove, lab.unit, names)} after the drug was stopped`,
      };
    }
    case "rechallenge": {
      const lab = names.lab(t.lab);
      return {
        text: `${lab.name} recovered above ${withUnit(t.recoveredAbove, lab.unit, names)} and fell again below ${withUnit(t.recurrenceBelow, lab.unit, names)} when the drug was given again`,
      };
    }
  }
}

/**
 * The conditions of a recommendation beyond grade and therapy class (its group says those): the arm, the
 * certainty and the clinical facts, each as a phrase.
 * @example
 * whenText({ facts: [{ fact: "platelets", below: 30 }] }, names); // ["platelets < 30 ×10⁹/L"]
 */
export function whenText(when: When, names: CriteriaNames): string[] {
  const out: string[] = [];
  if (when.arm !== undefined) out.push(`graded on the ${names.words(when.arm)} arm`);
  if (when.notClasses !== undefined)
    out.push(`without ${alternatives(when.notClasses.map((c) => OTHER_CLASS_WORDS[c]))} also given`);
  if (when.certainty !== undefined) out.push(`certainty ${alternatives(when.certainty)}`);
  for (const f of when.facts ?? []) out.push(factText(f, names));
  if (when.anyFacts !== undefined)
    out.push(`either ${alternatives(when.anyFacts.map((f) => factText(f, names)))}`);
  return out;
}

/** One fact condition as a phrase: `platelets < 30 ×10⁹/L`, `no bleeding`, `fibrinogen not known`. */
function factText(f: FactCondition, names: CriteriaNames): string {
  const fact = MANAGEMENT_FACTS[f.fact];
  const unit = "unit" in fact ? fact.unit : undefined;
  const name = names.words(f.fact);
  const v = (n: number) => withUnit(n, unit, names);
  let text: string;
  if (f.unknown) text = `${name} not known`;
  else if (f.is !== undefined) text = f.is ? name : `no ${name}`;
  else if (f.below !== undefined) text = `${name} < ${v(f.below)}`;
  else if (f.atMost !== undefined) text = `${name} ≤ ${v(f.atMost)}`;
  else if (f.above !== undefined) text = `${name} > ${v(f.above)}`;
  else text = `${name} ≥ ${v(f.atLeast as number)}`;
  if (f.ifUnknown === true) text += " (or not known)";
  return text;
}

/** Capitalised first letter (sentences open with a lab or event name written in lower case). */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
