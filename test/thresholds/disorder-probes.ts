/**
 * Boundary cases generated from the disorder definitions. For every lab cut-off, event grade and window day
 * of a criterion, differential, index or grade rule, a patient is built just inside and just outside the
 * pinned threshold — the other parts of the criterion held where the threshold decides it (an all-of's
 * other parts met, an any-of's other parts absent), a charted diagnosis opening the episode on a known day
 * — and run through assessPatient with the real knowledge, scores and CTCAE grades. The case expects what
 * the pinned thresholds give (the criterion's status, the finding, its grade or onset) on both sides, and
 * is only generated when the two sides differ and the report shows the same status as evaluating the
 * criterion directly. What cannot be built this way is listed as unsupported, with why, and covered by a
 * hand-written case (disorder-hand.ts).
 */
import { strict as assert } from "node:assert";
import { exposureStart } from "../../packages/core/src/contracts/exposure.js";
import type {
  ClinicalEvent,
  ContextDrug,
  Exposure,
  LabResult,
  PatientRecord,
} from "../../packages/core/src/contracts/model.js";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import type { DisorderId, EventKind, TherapyClass } from "../../packages/core/src/contracts/vocabularies.js";
import { assessPatient } from "../../packages/core/src/engine/assess.js";
import { daysBetween } from "../../packages/core/src/engine/dates.js";
import type { EvalContext } from "../../packages/core/src/engine/detect/context.js";
import { evaluate, type TestResult } from "../../packages/core/src/engine/detect/predicates.js";
import type { Disorder, Test, TestOf } from "../../packages/core/src/knowledge/disorders.js";
import type { Knowledge } from "../../packages/core/src/knowledge/knowledge.js";
import { num, pinKnowledge, pinText, type ThresholdCase } from "./cases.js";
import { decimalsOf, pathText, valueAt } from "./sites.js";
import { day, episodeContext, exposureOf, kdrug, kevent, klab, record, traceStatus } from "./support.js";

type Segment = string | number;

/** Where a criterion-language test sits in a definition and what its result decides. */
export interface Root {
  readonly kind: "index" | "criterion" | "differential" | "grade";
  readonly path: readonly Segment[];
  readonly id?: string;
  readonly effect?: "exclude" | "lower";
  readonly grade?: number;
  readonly arm?: string;
}

/** Every test of a definition that decides something: index, criteria, differentials, grade rules. */
export function rootsOf(def: Disorder): Root[] {
  const roots: Root[] = [{ kind: "index", path: ["index", "test"] }];
  for (const [i, c] of def.criteria.entries())
    roots.push({ kind: "criterion", path: ["criteria", i, "test"], id: c.id });
  for (const [i, d] of def.differentials.entries())
    roots.push({ kind: "differential", path: ["differentials", i, "test"], id: d.id, effect: d.effect });
  for (const [i, r] of def.grade.rules.entries())
    roots.push({ kind: "grade", path: ["grade", "rules", i, "when"], grade: r.grade });
  for (const [ai, a] of (def.grade.arms ?? []).entries())
    for (const [i, r] of a.rules.entries())
      roots.push({
        kind: "grade",
        path: ["grade", "arms", ai, "rules", i, "when"],
        grade: r.grade,
        arm: a.id,
      });
  return roots;
}

interface Step {
  /** The combinator above, and which of its children the path goes through. */
  readonly node: Test;
  readonly child: number;
}

interface Leaf {
  readonly test: Test;
  /** Path from the root test to this leaf. */
  readonly path: readonly Segment[];
  readonly above: readonly Step[];
}

function leavesOf(t: Test, path: Segment[] = [], above: Step[] = []): Leaf[] {
  switch (t.kind) {
    case "all-of":
    case "any-of":
      return t.tests.flatMap((c, i) => leavesOf(c, [...path, "tests", i], [...above, { node: t, child: i }]));
    case "not":
    case "not-met":
      return leavesOf(t.test, [...path, "test"], [...above, { node: t, child: 0 }]);
    default:
      return [{ test: t, path, above }];
  }
}

type Probe =
  | { readonly kind: "value"; readonly field: string }
  | { readonly kind: "window"; readonly field: "startDay" | "endDay" }
  | { readonly kind: "score"; readonly field: "atLeast" | "below" };

/** The score whose thresholds the generator reaches through real lab values (see ISTH below). */
const ISTH = "isth-overt-dic";

const LAB_BOUNDS = ["below", "above", "atLeast", "atMost", "belowLln", "aboveUln"] as const;

function probesOf(t: Test): Probe[] {
  const out: Probe[] = [];
  if (t.kind === "lab")
    for (const f of LAB_BOUNDS) if (t[f] !== undefined) out.push({ kind: "value", field: f });
  if (t.kind === "event" && t.minGrade !== undefined) out.push({ kind: "value", field: "minGrade" });
  if (t.kind === "score" && t.score === ISTH) {
    if (t.atLeast !== undefined) out.push({ kind: "score", field: "atLeast" });
    if (t.below !== undefined) out.push({ kind: "score", field: "below" });
  }
  if (t.kind === "lab" || t.kind === "event" || t.kind === "context-drug") {
    if (t.window.startDay !== undefined) out.push({ kind: "window", field: "startDay" });
    if (t.window.endDay !== undefined) out.push({ kind: "window", field: "endDay" });
  }
  return out;
}

/** Hour (UTC) of the records that hold the other parts of a criterion; the leaf's record is at 08:00. */
const FORCED_HOUR = 9;

/** Why a threshold is left to a hand-written case. */
class Unsupported extends Error {}

// ---------------------------------------------------------------------------------------------------------
// Building the patient

const CLASS_ORDER: readonly TherapyClass[] = ["ici", "car-t", "bispecific", "antibody"];

/**
 * What opens (and keeps) an episode of each disorder on day `d`: a charted diagnosis, or results that meet
 * the disorder's index and one of its certainty rules (for leaves the charted diagnosis would itself meet).
 */
function trigger(k: Knowledge, id: DisorderId, d: number, how: Strategy["trigger"]): Data {
  if (how === "charted") return { ...noData(), events: chartedTrigger(id, d) };
  if (how === "late-itp") {
    // Evans opened by its haemolytic arm on day d, the ITP it needs found 400 days later: Evans's
    // differentials are then not masked by ITP's own (ADAMTS13, microangiopathy, HLH exclude ITP).
    if (id !== "evans") throw new Unsupported("late-itp opens Evans only");
    return {
      ...noData(),
      labs: [klab(k, "hemoglobin", d, 9, limitsAsRange(k, "hemoglobin"))],
      events: [kevent("hemolysis", d, { qualifiers: ["autoimmune"] }), kevent("itp", d + 400)],
    };
  }
  const lab = (l: string, v: number | "positive") => klab(k, l, d, v, limitsAsRange(k, l));
  switch (id) {
    case "itp":
      return { ...noData(), labs: [lab("platelets", 30)] };
    case "evans":
      return { ...noData(), labs: [lab("platelets", 30), lab("hemoglobin", 9), lab("dat", "positive")] };
    case "ttp":
      return { ...noData(), labs: [lab("platelets", 30), lab("adamts13-activity", 5)] };
    case "aha":
      return { ...noData(), labs: [lab("fviii-inhibitor", 2)] };
    case "dic":
      // ISTH overt DIC 8: platelets 2, D-dimer 3, PT + 6.5 s 2, fibrinogen 1.
      return {
        ...noData(),
        labs: [lab("platelets", 30), lab("d-dimer-feu", 5), lab("pt", 19), lab("fibrinogen", 0.8)],
      };
    case "thrombosis":
      return { ...noData(), events: chartedTrigger(id, d) };
    case "carac":
      return { ...noData(), labs: [lab("fibrinogen", 1.2)], events: [kevent("bleeding", d)] };
  }
}

function limitsAsRange(k: Knowledge, lab: string) {
  const lim = limitsOf(k, lab);
  return { refLow: lim.low, refHigh: lim.high };
}

function chartedTrigger(id: DisorderId, d: number): ClinicalEvent[] {
  switch (id) {
    case "itp":
      return [kevent("itp", d)];
    case "evans":
      return [kevent("itp", d), kevent("hemolysis", d, { qualifiers: ["autoimmune"] })];
    case "ttp":
      return [kevent("ttp", d)];
    case "aha":
      return [kevent("aha", d)];
    case "dic":
      return [kevent("dic", d)];
    case "thrombosis":
      return [kevent("thrombosis", d)];
    case "carac":
      // A charted coagulopathy, not a charted DIC: a DIC diagnosis is itself CARAC's grade 3 tier.
      return [kevent("crs", Math.max(0, d - 2)), kevent("coagulopathy", d)];
  }
}

interface Limits {
  readonly low: number;
  readonly high: number;
}

/** The reference range a generated result carries: the catalogue's, else a unit range. */
function limitsOf(k: Knowledge, lab: string): Limits {
  const r = k.vocabulary.labById(lab)?.reference;
  return { low: r?.low ?? 1, high: r?.high ?? 1 };
}

/** The open interval of values a lab test accepts, as [lower, upper] with strictness. */
function interval(t: TestOf<"lab">, lim: Limits) {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  if (t.above !== undefined) lo = Math.max(lo, t.above);
  if (t.atLeast !== undefined) lo = Math.max(lo, t.atLeast);
  if (t.aboveUln !== undefined) lo = Math.max(lo, t.aboveUln * lim.high);
  if (t.below !== undefined) hi = Math.min(hi, t.below);
  if (t.atMost !== undefined) hi = Math.min(hi, t.atMost);
  if (t.belowLln !== undefined) hi = Math.min(hi, t.belowLln * lim.low);
  return { lo, hi };
}

/** A value the test accepts: `margin` of the way from its bound (0.5: half the bound, 0.1: near it). */
function meetingValue(t: TestOf<"lab">, lim: Limits, margin = 0.5): number | "positive" | "negative" {
  if (t.is !== undefined) return t.is;
  const { lo, hi } = interval(t, lim);
  if (Number.isFinite(lo) && Number.isFinite(hi)) return (lo + hi) / 2;
  if (Number.isFinite(hi)) return hi > 0 ? hi * (1 - margin) : hi - 1;
  if (Number.isFinite(lo)) return lo > 0 ? lo * (1 + margin) : lo + 1;
  throw new Unsupported("lab test without a bound");
}

function failingValue(t: TestOf<"lab">, lim: Limits): number | "positive" | "negative" {
  if (t.is !== undefined) return t.is === "positive" ? "negative" : "positive";
  const { lo, hi } = interval(t, lim);
  if (Number.isFinite(hi)) return hi > 0 ? hi * 2 : hi + 1;
  if (Number.isFinite(lo)) return lo > 0 ? lo / 2 : lo - 1;
  throw new Unsupported("lab test without a bound");
}

interface Data {
  labs: LabResult[];
  events: ClinicalEvent[];
  drugs: ContextDrug[];
}
const noData = (): Data => ({ labs: [], events: [], drugs: [] });
function add(a: Data, b: Data): Data {
  return {
    labs: [...a.labs, ...b.labs],
    events: [...a.events, ...b.events],
    drugs: [...a.drugs, ...b.drugs],
  };
}

/** The scenario: one exposure, the index day, and where a window puts a record on that day. */
interface Frame {
  readonly k: Knowledge;
  readonly cls: TherapyClass;
  /** Day of the episode's index (days after the first dose). */
  readonly index: number;
  /** How far inside their bounds the results that hold other parts of a criterion lie. */
  readonly margin: number;
  /** ISTH overt DIC tests to hold (met or not) with one set of results, gathered while forcing. */
  readonly isth: { test: TestOf<"score">; want: "met" | "unmet" | "notmet" }[];
}

/**
 * One way of building the patients: what opens the episode, on which day, how far inside bounds, and which
 * of the ISTH result sets that fit is used.
 */
interface Strategy {
  readonly trigger: "charted" | "results" | "late-itp";
  readonly index: number;
  readonly margin: number;
  readonly choice: number;
}

type WindowedTest = TestOf<"lab"> | TestOf<"event"> | TestOf<"context-drug">;

/** The day inside a test's window nearest the index. */
function placeDay(t: WindowedTest, f: Frame): number {
  const anchor = t.window.from === "index" ? f.index : 0;
  const target = f.index - anchor;
  const s = t.window.startDay ?? Number.NEGATIVE_INFINITY;
  const e = t.window.endDay ?? Number.POSITIVE_INFINITY;
  return anchor + Math.min(Math.max(target, s), e);
}

/** A record that meets (`met`), fails (`unmet`) or does not meet (`notmet`: unmet or missing) a test. */
function force(t: Test, want: "met" | "unmet" | "notmet", f: Frame): Data {
  switch (t.kind) {
    case "lab": {
      const lab = typeof t.lab === "string" ? t.lab : (t.lab[0] as string);
      const lim = limitsOf(f.k, lab);
      if (want === "notmet" && !t.orCharted) return noData();
      const v = want === "met" ? meetingValue(t, lim, f.margin) : failingValue(t, lim);
      return {
        ...noData(),
        labs: [klab(f.k, lab, placeDay(t, f), v, { refLow: lim.low, refHigh: lim.high, hour: FORCED_HOUR })],
      };
    }
    case "event": {
      if (want !== "met") return noData();
      const kind = (typeof t.event === "string" ? t.event : t.event[0]) as EventKind;
      return {
        ...noData(),
        events: [
          kevent(
            kind,
            placeDay(t, f),
            {
              ...(t.qualifiers ? { qualifiers: t.qualifiers } : {}),
              ...(t.minGrade !== undefined ? { grade: t.minGrade } : {}),
            },
            FORCED_HOUR,
          ),
        ],
      };
    }
    case "context-drug": {
      if (want !== "met") return noData();
      const role = (typeof t.role === "string" ? t.role : t.role[0]) as ContextDrug["roles"][number];
      const d = placeDay(t, f);
      return { ...noData(), drugs: [kdrug([role], d, d, FORCED_HOUR)] };
    }
    case "exposure-class":
      if ((want === "met") !== t.classes.includes(f.cls))
        throw new Unsupported(`needs an exposure ${want === "met" ? "of" : "not of"} ${t.classes.join("/")}`);
      return noData();
    case "not":
      return force(t.test, want === "met" ? "unmet" : "met", f);
    case "not-met":
      return force(t.test, want === "met" ? "notmet" : "met", f);
    case "all-of":
      if (want === "met") return t.tests.map((c) => force(c, "met", f)).reduce(add, noData());
      return force(t.tests[0] as Test, want, f);
    case "any-of": {
      if (want !== "met") return t.tests.map((c) => force(c, want, f)).reduce(add, noData());
      const whys: string[] = [];
      for (const c of t.tests) {
        const isth = f.isth.length;
        try {
          return force(c, "met", f);
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          f.isth.splice(isth);
          whys.push(e.message);
        }
      }
      throw new Unsupported(whys.join("; "));
    }
    case "score":
      if (t.score === ISTH) {
        f.isth.push({ test: t, want });
        return noData();
      }
      if (want === "met" && t.score === "4ts" && t.atLeast !== undefined && t.atLeast <= 5) return fourTs(f);
      if (want === "met") throw new Unsupported(`a ${t.score} score must be met alongside`);
      return noData();
    case "new-fall":
    case "fall": {
      if (want === "notmet") return noData();
      // A normal baseline the day before the first dose and, in the window, the same value (no fall) or
      // a fall of 70 % (every grade, percent and amount threshold met).
      const lim = limitsOf(f.k, t.lab);
      const normal = (lim.low + lim.high) / 2;
      const nadirDay =
        t.window.from === "index"
          ? f.index + Math.max(0, t.window.startDay ?? 0)
          : Math.max(f.index, t.window.startDay ?? 0);
      const nadir = want === "met" ? normal * 0.3 : normal;
      return {
        ...noData(),
        labs: [
          klab(f.k, t.lab, -1, normal, { refLow: lim.low, refHigh: lim.high, hour: FORCED_HOUR }),
          klab(f.k, t.lab, nadirDay, nadir, { refLow: lim.low, refHigh: lim.high, hour: FORCED_HOUR }),
        ],
      };
    }
    default:
      if (want === "met") throw new Unsupported(`a ${t.kind} test must be met alongside`);
      return noData();
  }
}

/**
 * A 4Ts score of at least 5 points certain: heparin from 7 days before the index, platelets 250 the day
 * before it and 100 on the index day (a 60 % fall to a nadir ≥ 20: 2; onset between counts two days or
 * more apart: 1), a new thrombosis on the index day (2).
 */
function fourTs(f: Frame): Data {
  return {
    ...noData(),
    events: [kevent("thrombosis", f.index, { qualifiers: ["venous"] }, FORCED_HOUR)],
    drugs: [kdrug(["heparin"], f.index - 7, f.index, FORCED_HOUR)],
    labs: [
      klab(f.k, "platelets", f.index - 8, 250, { hour: FORCED_HOUR }),
      klab(f.k, "platelets", f.index, 100, { hour: FORCED_HOUR }),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// ISTH overt DIC from real results: each component's points come from a lab value on the index day.

type IsthVector = Readonly<Record<"platelets" | "fibrin-marker" | "pt-prolongation" | "fibrinogen", number>>;

/** Lab values giving each component's points (PT against the catalogue's upper limit, 12.5 s). */
const ISTH_VALUES = {
  platelets: { lab: "platelets", by: { 0: 150, 1: 70, 2: 30 } },
  "fibrin-marker": { lab: "d-dimer-feu", by: { 0: 0.3, 2: 2, 3: 5 } },
  "pt-prolongation": { lab: "pt", by: { 0: 13, 1: 16, 2: 19 } },
  fibrinogen: { lab: "fibrinogen", by: { 0: 2.5, 1: 0.8 } },
} as const;

/** Every combination of component points, normal fibrinogen and platelets first. */
const ISTH_VECTORS: readonly IsthVector[] = (() => {
  const out: IsthVector[] = [];
  for (const fib of [0, 1])
    for (const platelets of [0, 1, 2])
      for (const fm of [0, 2, 3])
        for (const pt of [0, 1, 2])
          out.push({ platelets, "fibrin-marker": fm, "pt-prolongation": pt, fibrinogen: fib });
  return out;
})();

/** An ISTH test's total for a vector, without the components it leaves out. */
function isthTotal(t: TestOf<"score">, v: IsthVector): number {
  let total = 0;
  for (const [c, p] of Object.entries(v)) if (!t.without?.includes(c)) total += p;
  return total;
}

function isthMet(t: TestOf<"score">, v: IsthVector): boolean {
  const x = isthTotal(t, v);
  return (t.atLeast === undefined || x >= t.atLeast) && (t.below === undefined || x < t.below);
}

function isthHolds(wants: Frame["isth"], v: IsthVector): boolean {
  return wants.every(({ test, want }) => isthMet(test, v) === (want === "met"));
}

function isthLabs(k: Knowledge, v: IsthVector, d: number): LabResult[] {
  return (Object.keys(ISTH_VALUES) as (keyof typeof ISTH_VALUES)[]).map((c) => {
    const { lab, by } = ISTH_VALUES[c];
    return klab(k, lab, d, (by as Record<number, number>)[v[c]] as number, {
      ...limitsAsRange(k, lab),
      hour: FORCED_HOUR,
    });
  });
}

/** Other parts of every combinator on the way down to the leaf, held where the leaf decides. */
function sensitize(leaf: Leaf, f: Frame): Data {
  let data = noData();
  for (const { node, child } of leaf.above) {
    if (node.kind !== "all-of" && node.kind !== "any-of") continue;
    node.tests.forEach((sibling, i) => {
      if (i !== child) data = add(data, force(sibling, node.kind === "all-of" ? "met" : "notmet", f));
    });
  }
  return data;
}

/** The therapy class a leaf's exposure-class siblings need, preferring a checkpoint inhibitor. */
function classFor(def: Disorder, leaf: Leaf): TherapyClass {
  const ok = (c: TherapyClass) =>
    def.latency[c] !== undefined &&
    leaf.above.every(({ node, child }) =>
      node.kind !== "all-of" && node.kind !== "any-of"
        ? true
        : node.tests.every(
            (s, i) =>
              i === child ||
              s.kind !== "exposure-class" ||
              s.classes.includes(c) === (node.kind === "all-of"),
          ),
    );
  const cls = CLASS_ORDER.find(ok);
  if (!cls) throw new Unsupported("no therapy class fits the exposure-class tests around it");
  return cls;
}

/** An index day inside the class's latency window, 60 when it can be. */
function indexDay(def: Disorder, cls: TherapyClass): number {
  const lat = def.latency[cls];
  assert.ok(lat);
  const lo = Math.max(lat.minDays, lat.searchFromDay ?? Number.NEGATIVE_INFINITY, 1);
  return lo <= 60 && 60 <= lat.maxDays ? 60 : Math.floor((lo + lat.maxDays) / 2);
}

// ---------------------------------------------------------------------------------------------------------
// Observing the outcome

function statusText(r: TestResult): string {
  return r.status === "met" && r.charted ? "met (charted)" : r.status;
}

/**
 * What the report shows for the root: the criterion's or differential's status, the grade, the onset; for
 * criteria and grades also the episode it was read in (the onset day).
 */
function observe(report: PatientReport, def: Disorder, root: Root): string {
  const f = report.findings.find((x) => x.disorder === def.id);
  const onset = f?.onset ? ` (onset day ${f.onset.daysFromFirstDose})` : "";
  switch (root.kind) {
    case "criterion":
      return `${traceStatus(report, def.id, root.id as string)}${onset}`;
    case "differential":
      return `${traceStatus(report, def.id, root.id as string, true)}${onset}`;
    case "grade": {
      if (!f) return "no finding";
      const g = root.arm ? f.arms?.find((a) => a.id === root.arm)?.grade : f.grade;
      return `${g === root.grade ? `grade ${root.grade}` : `not grade ${root.grade}`}${onset}`;
    }
    case "index":
      return f?.onset ? `onset day ${f.onset.daysFromFirstDose}` : "no finding";
  }
}

/** Days after the first dose of each instant at which a test is met. */
function hitDays(t: Test, ctx: EvalContext): number[] {
  const r = evaluate(t, ctx);
  return r.status === "met"
    ? (r.metAt ?? (r.firstAt ? [r.firstAt] : [])).map((at) => daysBetween(ctx.exposureStart, at))
    : [];
}

const AT = day(1000);

interface Side {
  readonly label: string;
  readonly record: PatientRecord;
}

interface Built {
  readonly sides: readonly [Side, Side];
  readonly x: Exposure;
  readonly index: number;
}

/**
 * The ways to try for one probe, most ordinary first: the episode opened by a charted diagnosis or by
 * results, on day 60 or on the first day the index can open (so that a record of the leaf's own kind
 * before the window cannot open the episode itself), holding other parts at half or near their bounds.
 */
function strategies(def: Disorder, leaf: Leaf, probe: Probe): Strategy[] {
  const cls = classFor(def, leaf);
  const starts = leavesOf(def.index.test).map((l) =>
    l.test.kind === "lab" || l.test.kind === "event"
      ? { day: l.test.window.startDay ?? 0, afterDose: l.test.window.afterExposure === true }
      : { day: 0, afterDose: false },
  );
  const first = Math.min(...starts.map((x) => x.day));
  // A leaf read only from the hours after the first dose (a diagnosis charted on its day) leaves the records
  // of its day to the dose's time: the first day any record opens the episode is tried too.
  const firstAnyTime = Math.min(...starts.filter((x) => !x.afterDose).map((x) => x.day));
  const days = [indexDay(def, cls), first, ...(Number.isFinite(firstAnyTime) ? [firstAnyTime] : [])];
  const t = leaf.test;
  if (probe.kind === "window" && (t.kind === "lab" || t.kind === "event") && t.window.from === "index") {
    const s = t.window.startDay;
    if (s !== undefined && s < 0) days.push(first - s - 1);
  }
  const out: Strategy[] = [];
  const choices = probe.kind === "score" || hasIsth(leaf) ? [0, 1, 2, 3, 4, 5] : [0];
  for (const index of [...new Set(days)])
    for (const margin of [0.5, 0.1])
      for (const trigger of def.id === "evans"
        ? (["late-itp", "charted", "results"] as const)
        : (["charted", "results"] as const))
        for (const choice of choices) out.push({ trigger, index, margin, choice });
  return out;
}

function hasIsth(leaf: Leaf): boolean {
  const scan = (t: Test): boolean =>
    t.kind === "score"
      ? t.score === ISTH
      : t.kind === "all-of" || t.kind === "any-of"
        ? t.tests.some(scan)
        : t.kind === "not" || t.kind === "not-met"
          ? scan(t.test)
          : false;
  return leaf.above.some((s) => scan(s.node));
}

/** The two patients of one probe: `in` just inside the pinned threshold, `out` just outside it. */
function build(k: Knowledge, def: Disorder, root: Root, leaf: Leaf, probe: Probe, st: Strategy): Built {
  const cls = classFor(def, leaf);
  const t = leaf.test;
  const index = st.index;
  const f: Frame = { k, cls, index, margin: st.margin, isth: [] };
  const x = exposureOf(cls);
  const around = sensitize(leaf, f);
  if (t.kind === "score") return buildScore(k, def, t, probe, f, x, around, st);
  if (t.kind !== "lab" && t.kind !== "event" && t.kind !== "context-drug") throw new Unsupported(t.kind);
  // Results for the ISTH score only when a score test must be met or failed (absent results leave it open).
  const needed = f.isth.some((w) => w.want !== "notmet");
  const isth = needed ? ISTH_VECTORS.filter((v) => isthHolds(f.isth, v))[st.choice] : undefined;
  if (needed && !isth) throw new Unsupported("no ISTH results hold the score tests around it");
  const windowDay = (w: "startDay" | "endDay", side: "in" | "out") => {
    const b = t.window[w] as number;
    const rel = side === "in" ? b : w === "startDay" ? b - 1 : b + 1;
    return (t.window.from === "index" ? index : 0) + rel;
  };

  // Where the leaf's record goes on each side, and where the episode opens.
  const leafDay = (side: "in" | "out") =>
    probe.kind === "window" ? windowDay(probe.field, side) : placeDay(t, f);
  let opens = index;
  if (root.kind === "index") {
    if (probe.kind === "window" && probe.field === "endDay")
      throw new Unsupported("index window end: no later record can open the episode for the outside side");
    // The leaf opens the episode on its own day; the charted diagnosis a day later opens it otherwise.
    opens = leafDay("in") + 1;
  }

  const leafRecord = (side: "in" | "out"): Data => {
    const d = leafDay(side);
    if (t.kind === "lab") {
      const lab = typeof t.lab === "string" ? t.lab : (t.lab[0] as string);
      const lim = limitsOf(k, lab);
      let v: number | "positive" | "negative" = meetingValue(t, lim, st.margin);
      if (probe.kind === "value") v = boundaryValue(t, probe.field, lim, side);
      return { ...noData(), labs: [klab(k, lab, d, v, { refLow: lim.low, refHigh: lim.high })] };
    }
    if (t.kind === "event") {
      const kind = (typeof t.event === "string" ? t.event : t.event[0]) as EventKind;
      const grade =
        t.minGrade === undefined
          ? undefined
          : probe.kind === "value" && side === "out"
            ? t.minGrade - 1
            : t.minGrade;
      return {
        ...noData(),
        events: [
          kevent(kind, d, {
            ...(t.qualifiers ? { qualifiers: t.qualifiers } : {}),
            ...(grade !== undefined ? { grade } : {}),
          }),
        ],
      };
    }
    const role = (typeof t.role === "string" ? t.role : t.role[0]) as ContextDrug["roles"][number];
    return { ...noData(), drugs: [kdrug([role], d)] };
  };

  const side = (s: "in" | "out"): Side => {
    let data = add(add(trigger(k, def.id, opens, st.trigger), around), leafRecord(s));
    if (isth) data = add(data, { ...noData(), labs: isthLabs(k, isth, index) });
    return { label: describeLeaf(leafRecord(s), probe, x), record: patient(x, data) };
  };
  return { sides: [side("in"), side("out")], x, index: root.kind === "index" ? opens : index };
}

/** The patient of one side; two results of one lab at one instant would be a conflict, so none are built. */
function patient(x: Exposure, data: Data): PatientRecord {
  const seen = new Set<string>();
  for (const l of data.labs) {
    const key = `${l.lab}@${l.at}`;
    if (seen.has(key)) throw new Unsupported(`two ${l.lab} results at one instant`);
    seen.add(key);
  }
  return record({ exposures: [x], labs: data.labs, events: data.events, contextDrugs: data.drugs });
}

/** An ISTH overt DIC threshold: results on the index day giving exactly the pinned total, and one point less/more. */
function buildScore(
  k: Knowledge,
  def: Disorder,
  t: TestOf<"score">,
  probe: Probe,
  f: Frame,
  x: Exposure,
  around: Data,
  st: Strategy,
): Built {
  const n = probe.field === "atLeast" ? (t.atLeast as number) : (t.below as number);
  const totals = probe.field === "atLeast" ? [n, n - 1] : [n - 1, n];
  const pick = (total: number) =>
    ISTH_VECTORS.filter((v) => isthTotal(t, v) === total && isthHolds(f.isth, v))[st.choice];
  const vs = totals.map(pick);
  if (!vs[0] || !vs[1])
    throw new Unsupported(`no ISTH results give ${totals.join(" and ")} with the tests around it`);
  const without = t.without ? ` without ${t.without.join(", ")}` : "";
  const sides = vs.map((v, i) => {
    const data = add(add(trigger(k, def.id, f.index, st.trigger), around), {
      ...noData(),
      labs: isthLabs(k, v as IsthVector, f.index),
    });
    const parts = Object.entries(v as IsthVector)
      .map(([c, p]) => `${c} ${p}`)
      .join(", ");
    return { label: `ISTH ${totals[i]}${without} (${parts})`, record: patient(x, data) };
  }) as [Side, Side];
  return { sides, x, index: f.index };
}

/** A value just inside (`in`) or exactly at/just outside (`out`) one bound of a lab test. */
function boundaryValue(t: TestOf<"lab">, field: string, lim: Limits, side: "in" | "out"): number {
  const v = t[field as (typeof LAB_BOUNDS)[number]] as number;
  const ratio = field === "belowLln" || field === "aboveUln";
  const limit = field === "belowLln" ? v * lim.low : field === "aboveUln" ? v * lim.high : v;
  const delta = ratio
    ? (field === "belowLln" ? lim.low : lim.high) * 0.01
    : 10 ** -(decimalsOf(String(v)) + 1);
  switch (field) {
    case "below":
    case "belowLln":
      return side === "in" ? limit - delta : limit;
    case "above":
    case "aboveUln":
      return side === "in" ? limit + delta : limit;
    case "atLeast":
      return side === "in" ? limit : limit - delta;
    default: // atMost
      return side === "in" ? limit : limit + delta;
  }
}

function describeLeaf(d: Data, probe: Probe, x: Exposure): string {
  const l = d.labs[0];
  const e = d.events[0];
  const c = d.drugs[0];
  const at = (iso: string) => `day ${daysBetween(exposureStart(x), iso)}`;
  if (l) {
    const v = l.value !== undefined ? num(l.value) : l.qualitative;
    return probe.kind === "value" ? `${l.lab} ${v}` : `${l.lab} ${v} on ${at(l.at)}`;
  }
  if (e) return probe.kind === "value" ? `${e.kind} grade ${e.grade}` : `${e.kind} on ${at(e.at)}`;
  if (c) return `${c.roles[0]} drug on ${at(c.start)}`;
  return "nothing";
}

// ---------------------------------------------------------------------------------------------------------
// The cases

/** One threshold the generator could not turn into a case, and why. */
export interface UnsupportedProbe {
  readonly key: string;
  readonly why: string;
}

export interface ProbeSet {
  readonly cases: readonly ThresholdCase[];
  readonly unsupported: readonly UnsupportedProbe[];
}

/**
 * The generated boundary cases of every disorder, split by whether they are date windows (`window`: run
 * under two time zones) or values (`value`). Built against the pinned knowledge, so the same cases come out
 * whatever a mutant has changed.
 */
export function disorderProbes(
  k: Knowledge,
  only?: "value" | "window",
): { value: ProbeSet; window: ProbeSet } {
  const kp = pinKnowledge(k);
  const value: ThresholdCase[] = [];
  const window: ThresholdCase[] = [];
  const unsupported: { key: string; why: string; window: boolean }[] = [];
  for (const def of kp.disorders) {
    const file = `disorders/${def.id}.yaml`;
    for (const root of rootsOf(def)) {
      const rootTest = valueAt(def, root.path) as Test;
      for (const leaf of leavesOf(rootTest)) {
        for (const probe of probesOf(leaf.test)) {
          if (only !== undefined && (probe.kind === "window") !== (only === "window")) continue;
          const sitePath = [
            ...root.path,
            ...leaf.path,
            ...(probe.kind === "window" ? ["window"] : []),
            probe.field,
          ];
          const key = `${file} ${pathText(def, sitePath)}`;
          try {
            const c = probeCase(kp, def, root, leaf, probe, key);
            (probe.kind === "window" ? window : value).push(c);
          } catch (e) {
            if (!(e instanceof Unsupported)) throw e;
            unsupported.push({ key, why: e.message, window: probe.kind === "window" });
          }
        }
      }
    }
  }
  return {
    value: { cases: value, unsupported: unsupported.filter((u) => !u.window) },
    window: { cases: window, unsupported: unsupported.filter((u) => u.window) },
  };
}

/** The first strategy that gives a decisive case the report confirms; why none did otherwise. */
function probeCase(
  kp: Knowledge,
  def: Disorder,
  root: Root,
  leaf: Leaf,
  probe: Probe,
  key: string,
): ThresholdCase {
  const whys: string[] = [];
  for (const st of strategies(def, leaf, probe)) {
    try {
      return strategyCase(kp, def, root, leaf, probe, key, st);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      whys.push(`${st.trigger}@${st.index}/${st.margin}/${st.choice}: ${e.message}`);
    }
  }
  throw new Unsupported([...new Set(whys)].join(" | "));
}

function strategyCase(
  kp: Knowledge,
  def: Disorder,
  root: Root,
  leaf: Leaf,
  probe: Probe,
  key: string,
  st: Strategy,
): ThresholdCase {
  const built = build(kp, def, root, leaf, probe, st);
  const rootTest = valueAt(def, root.path) as Test;
  const expected = built.sides.map((s, i) => {
    const report = assessPatient(s.record, AT, kp);
    const seen = observe(report, def, root);
    // A record just past a window's end may open an episode of its own: allowed for the outside side only.
    const laterEpisode = i === 1 && probe.kind === "window" && probe.field === "endDay";
    checkAgainstEngine(kp, def, root, rootTest, s.record, built, report, seen, laterEpisode);
    return seen;
  }) as [string, string];
  if (expected[0] === expected[1])
    throw new Unsupported(
      `not decisive: both sides give ${expected[0]} (${built.sides[0].label} / ${built.sides[1].label})`,
    );
  const what =
    root.kind === "index"
      ? "index"
      : root.kind === "grade"
        ? `grade ${root.grade} rule`
        : `${root.kind} ${root.id}`;
  const name = `${pinText(key)}: ${built.sides[0].label} → ${what} ${expected[0]}; ${built.sides[1].label} → ${expected[1]}`;
  return {
    keys: [key],
    name,
    run(k: Knowledge) {
      const actual = k.disorders.find((d) => d.id === def.id);
      assert.ok(actual, `${def.id} is not in the knowledge`);
      built.sides.forEach((s, i) => {
        const report = assessPatient(s.record, AT, k);
        assert.equal(
          observe(report, actual, root),
          expected[i],
          `${s.label}: ${report.findings.map((x) => x.summary).join(" | ") || "no finding"}`,
        );
      });
    },
  };
}

/**
 * The report must show what evaluating the pinned root directly gives in the same episode, so that the
 * case observes this criterion and not a side effect of the patient built around it.
 */
function checkAgainstEngine(
  kp: Knowledge,
  def: Disorder,
  root: Root,
  rootTest: Test,
  rec: PatientRecord,
  built: Built,
  report: PatientReport,
  seen: string,
  laterEpisode: boolean,
): void {
  const indexAt = day(built.index, 8);
  if (root.kind === "index") {
    const ctx = episodeContext(kp, def, rec, AT, built.x, undefined);
    const from = def.latency[built.x.class]?.searchFromDay ?? Number.NEGATIVE_INFINITY;
    const first = hitDays(rootTest, ctx).filter((d) => d >= from)[0];
    const want = first === undefined ? "no finding" : `onset day ${first}`;
    if (seen !== want) throw new Unsupported(`report shows ${seen}, the index test gives ${want}`);
    return;
  }
  const f = report.findings.find((x) => x.disorder === def.id);
  if (f?.onset && f.onset.date !== indexAt) {
    if (laterEpisode) return;
    throw new Unsupported(
      `the episode opened on day ${f.onset.daysFromFirstDose}, not on day ${built.index}`,
    );
  }
  const ctx = episodeContext(kp, def, rec, AT, built.x, indexAt, report.findings);
  const r = evaluate(rootTest, ctx);
  const onset = ` (onset day ${built.index})`;
  let want: string;
  if (root.kind === "grade")
    want = f
      ? `${r.status === "met" ? `grade ${root.grade}` : `not grade ${root.grade}`}${onset}`
      : "no finding";
  else if (root.kind === "differential" && root.effect === "exclude" && r.status === "met")
    want = "no finding";
  else want = f ? `${statusText(r)}${onset}` : "no finding";
  if (seen !== want) throw new Unsupported(`report shows ${seen}, the criterion evaluates to ${want}`);
  if (seen.startsWith("no finding") && !(root.kind === "differential" && root.effect === "exclude"))
    throw new Unsupported("no finding to read the criterion from");
}
