/**
 * Evaluates one score component against a record: lab bands, ULN-relative PT, fibrin markers (fibrin-marker.ts),
 * any-of criteria, clinical facts, cancer site, lab-or-drug, BMI and the lab-derived part of SOFA.
 */

import type { LabResult } from "../../contracts/model.js";
import { sameUnit } from "../../knowledge/same-unit.js";
import type { Component, CountCriterion, Criterion } from "../../knowledge/scores.js";
import { instant } from "../dates.js";
import { limitOf, sig } from "../grading/limits.js";
import { labsByIdInRecordOrder } from "../lab-query.js";
import { mapRange, meets, possiblePoints, type Range, rangeOf } from "./bands.js";
import { evaluateFibrinMarker } from "./fibrin-marker.js";
import { type ComponentContext, recordedFacts } from "./inputs.js";
import { type ComponentOutcome, known, unknown } from "./outcome.js";

type Of<K extends Component["kind"]> = Extract<Component, { kind: K }>;

function allPoints(bands: readonly { points: number }[]): number[] {
  return bands.map((b) => b.points);
}

function resultRange(r: LabResult): Range {
  return rangeOf(r.value as number, r.comparator);
}

function fromBands(
  id: string,
  bands: Of<"lab">["bands"],
  r: LabResult,
  extra: readonly string[] = [],
): ComponentOutcome {
  return unknown(
    id,
    possiblePoints(bands, resultRange(r)),
    `censored result ${r.comparator ?? ""}${r.value}`,
    [r.ref, ...extra],
  );
}

function labComponent(c: Of<"lab">, ctx: ComponentContext): ComponentOutcome {
  const r = ctx.pick(c.lab, c.unit);
  if (!r) return unknown(c.id, allPoints(c.bands), `no ${c.lab} result in ${c.unit} in the window`);
  const base = fromBands(c.id, c.bands, r);
  if (!c.fall) return base;
  // Relative fall against the highest count of the preceding hours (JAAM); the higher points count.
  const fall = c.fall;
  const at = instant(r.at);
  const from = at - fall.withinHours * 3_600_000;
  const earlier = (labsByIdInRecordOrder(ctx.record.labs).get(c.lab) ?? []).filter(
    (l) =>
      typeof l.value === "number" &&
      l.comparator === undefined &&
      sameUnit(l.unit, c.unit) &&
      instant(l.at) < at &&
      instant(l.at) >= from,
  );
  const peak = earlier.reduce<LabResult | undefined>(
    (m, l) => (!m || (l.value as number) > (m.value as number) ? l : m),
    undefined,
  );
  const fallPoints = fall.bands.map((b) => b.points);
  if (!peak || r.comparator !== undefined) {
    const possible = base.possible.flatMap((p) => [p, ...fallPoints.map((f) => Math.max(p, f))]);
    return unknown(
      c.id,
      possible,
      `no earlier ${c.lab} count within ${fall.withinHours} h to measure the fall`,
      base.evidence,
    );
  }
  const pct = sig((((peak.value as number) - (r.value as number)) / (peak.value as number)) * 100);
  const fb = fall.bands.find(
    (b) => (b.gtPct === undefined || pct > b.gtPct) && (b.gePct === undefined || pct >= b.gePct),
  );
  const pts = Math.max(base.possible[0] as number, fb?.points ?? 0);
  return known(c.id, pts, [r.ref, peak.ref]);
}

function ulnComponent(c: Of<"lab-vs-uln">, ctx: ComponentContext): ComponentOutcome {
  const r = ctx.pick(c.lab, c.unit);
  if (!r) return unknown(c.id, allPoints(c.bands), `no ${c.lab} result in ${c.unit} in the window`);
  const uln = limitOf(r, ctx.labs(c.lab), "high");
  if (!uln || uln.value <= 0)
    return unknown(c.id, allPoints(c.bands), `no upper limit of normal for ${c.lab}`, [r.ref]);
  const range = mapRange(resultRange(r), (x) => (c.measure === "difference" ? x - uln.value : x / uln.value));
  return unknown(c.id, possiblePoints(c.bands, range), `censored result ${r.comparator ?? ""}${r.value}`, [
    r.ref,
  ]);
}

/** true / false / undefined (unknown) for one any-of criterion, with the result it rests on. */
function criterion(k: Criterion, ctx: ComponentContext): { holds: boolean | undefined; ref?: string } {
  if ("undetectable" in k) {
    const r = ctx.pick(k.lab);
    if (!r) return { holds: undefined };
    return { holds: r.comparator === "<" || r.comparator === "<=" || r.value === 0, ref: r.ref };
  }
  const r = ctx.pick(k.lab, k.unit);
  if (!r) return { holds: undefined };
  return { holds: meets(k, resultRange(r)), ref: r.ref };
}

function anyOf(c: Of<"any-of">, ctx: ComponentContext): ComponentOutcome {
  const results = c.criteria.map((k) => ({ k, ...criterion(k, ctx) }));
  const refs = results.flatMap((x) => (x.ref ? [x.ref] : []));
  const met = results.filter((x) => x.holds === true);
  if (met.length > 0)
    return known(
      c.id,
      c.points,
      met.map((x) => x.ref as string),
    );
  if (results.every((x) => x.holds === false)) return known(c.id, 0, refs);
  const open = results.filter((x) => x.holds === undefined).map((x) => x.k.id);
  return unknown(c.id, [0, c.points], `${open.join(", ")} not available`, refs);
}

/** The form's answer for a component, as stated evidence. */
const STATED = "stated in the form";

/** The form field id of one condition of a count-of component (a fact or a finding outside the record). */
export function countCriterionField(component: string, criterion: string): string {
  return `${component}-${criterion}`;
}

/** true / false / undefined (unknown) for one count-of condition, with the records it rests on. */
function countCriterion(
  c: Of<"count-of">,
  k: CountCriterion,
  ctx: ComponentContext,
): { holds: boolean | undefined; refs: readonly string[]; why?: string } {
  if ("lab" in k) {
    const r = ctx.pick(k.lab, k.unit);
    if (!r) return { holds: undefined, refs: [], why: `no ${k.lab} result in ${k.unit} in the window` };
    return {
      holds: meets(k, resultRange(r)),
      refs: [r.ref],
      why: `censored result ${r.comparator ?? ""}${r.value}`,
    };
  }
  if ("facts" in k) {
    const refs = recordedFacts(ctx.record, k.facts, ctx.at);
    if (refs.length > 0) return { holds: true, refs };
  }
  const answer = ctx.answers?.get(countCriterionField(c.id, k.id));
  if (answer === "yes") return { holds: true, refs: [STATED] };
  if (answer === "no") return { holds: false, refs: [STATED] };
  return {
    holds: undefined,
    refs: [],
    why: "notInRecord" in k ? k.notInRecord : `${k.id} not recorded (absence is not assumed)`,
  };
}

/** Points by how many conditions hold; unknown conditions widen the count to every value still possible. */
function countOf(c: Of<"count-of">, ctx: ComponentContext): ComponentOutcome {
  const results = c.criteria.map((k) => ({ k, ...countCriterion(c, k, ctx) }));
  const refs = [...new Set(results.flatMap((x) => x.refs))];
  const met = results.filter((x) => x.holds === true).length;
  const open = results.filter((x) => x.holds === undefined);
  const possible = [];
  for (let n = met; n <= met + open.length; n++) possible.push(...possiblePoints(c.bands, rangeOf(n)));
  return unknown(c.id, possible, open.map((x) => x.why).join("; "), refs);
}

function fact(c: Of<"fact">, ctx: ComponentContext): ComponentOutcome {
  const refs = recordedFacts(ctx.record, c.facts, ctx.at);
  if (refs.length > 0) return known(c.id, c.presentPoints, refs);
  const answer = ctx.answers?.get(c.id);
  if (answer === "present") return known(c.id, c.presentPoints, [STATED]);
  if (answer === "absent") return known(c.id, c.absentPoints, [STATED]);
  if (c.assumeAbsent) return { ...known(c.id, c.absentPoints, []), assumed: c.assumeAbsent };
  return unknown(c.id, [c.presentPoints, c.absentPoints], "not recorded (absence is not assumed)");
}

function cancerSite(c: Of<"cancer-site">, ctx: ComponentContext): ComponentOutcome {
  const t = instant(ctx.at);
  const events = ctx.record.events.filter((e) => e.kind === "active-cancer" && instant(e.at) <= t);
  let best: { points: number; ref: string } | undefined;
  for (const e of events) {
    for (const g of c.groups) {
      if (g.qualifiers.some((q) => e.qualifiers?.includes(q)) && (!best || g.points > best.points))
        best = { points: g.points, ref: e.ref };
    }
  }
  if (best) return known(c.id, best.points, [best.ref]);
  const all = c.groups.map((g) => g.points);
  return unknown(
    c.id,
    all,
    events.length ? "cancer site not among the scored sites" : "no cancer site recorded",
    events.map((e) => e.ref),
  );
}

function labOrDrug(c: Of<"lab-or-drug">, ctx: ComponentContext): ComponentOutcome {
  const drugs = recordedFacts(
    ctx.record,
    { contextRoles: c.drug.roles, lookbackDays: c.drug.lookbackDays },
    ctx.at,
  );
  const r = ctx.pick(c.lab, c.unit);
  const drugPts = drugs.length > 0 ? c.drug.points : 0;
  if (!r) {
    const possible = allPoints(c.bands).map((p) => Math.max(p, drugPts));
    return unknown(c.id, possible, `no ${c.lab} result in ${c.unit} in the window`, drugs);
  }
  const lab = fromBands(c.id, c.bands, r);
  return unknown(
    c.id,
    lab.possible.map((p) => Math.max(p, drugPts)),
    lab.reason ?? "",
    [...lab.evidence, ...drugs],
  );
}

function bmi(c: Of<"bmi">, ctx: ComponentContext): ComponentOutcome {
  const v = ctx.record.bmi;
  if (v === undefined || !Number.isFinite(v))
    return unknown(c.id, allPoints(c.bands), "no body-mass index recorded");
  return known(c.id, possiblePoints(c.bands, rangeOf(v))[0] as number, ["PatientRecord/bmi"]);
}

function sofa(c: Of<"sofa-partial">, ctx: ComponentContext): ComponentOutcome {
  let low = 0;
  let high = 0;
  const refs: string[] = [];
  for (const organ of c.organs) {
    const r = ctx.pick(organ.lab, organ.unit);
    const pts = r ? possiblePoints(organ.bands, resultRange(r)) : allPoints(organ.bands);
    if (r) refs.push(r.ref);
    low += Math.min(...pts);
    high += Math.max(...pts);
  }
  // A form may state the points of the organs the record lacks: the sum is then known once the labs are.
  const stated = Number(ctx.answers?.get(c.id) ?? Number.NaN);
  if (Number.isInteger(stated) && stated >= 0 && low === high) {
    const pts = possiblePoints(c.sumBands, rangeOf(low + stated));
    return known(c.id, pts[0] as number, [...refs, STATED]);
  }
  // Organs outside the record (and low urine output for the renal part) can only add points.
  const possible = possiblePoints(c.sumBands, {
    lo: low,
    loOpen: false,
    hi: Number.POSITIVE_INFINITY,
    hiOpen: true,
  });
  const reason = `${c.unavailableOrgans.join(" and ")} SOFA not in the record; lab part ${low}${high > low ? `-${high}` : ""}`;
  return unknown(c.id, possible, reason, refs);
}

/** A criterion the record cannot carry: known only when a form states it met (most points) or not (fewest). */
function notInRecord(c: Of<"not-in-record">, ctx: ComponentContext): ComponentOutcome {
  const answer = ctx.answers?.get(c.id);
  if (answer === "met") return known(c.id, Math.max(...c.possiblePoints), [STATED]);
  if (answer === "not-met") return known(c.id, Math.min(...c.possiblePoints), [STATED]);
  return unknown(c.id, c.possiblePoints, c.reason);
}

/** Evaluates one component at the context's instant. */
export function evaluateComponent(c: Component, ctx: ComponentContext): ComponentOutcome {
  switch (c.kind) {
    case "lab":
      return labComponent(c, ctx);
    case "lab-vs-uln":
      return ulnComponent(c, ctx);
    case "fibrin-marker":
      return evaluateFibrinMarker(c, ctx);
    case "any-of":
      return anyOf(c, ctx);
    case "count-of":
      return countOf(c, ctx);
    case "fact":
      return fact(c, ctx);
    case "cancer-site":
      return cancerSite(c, ctx);
    case "lab-or-drug":
      return labOrDrug(c, ctx);
    case "bmi":
      return bmi(c, ctx);
    case "sofa-partial":
      return sofa(c, ctx);
    case "not-in-record":
      return notInRecord(c, ctx);
  }
}
