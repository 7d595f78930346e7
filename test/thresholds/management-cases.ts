/**
 * Boundary cases generated from knowledge/management: for every fact threshold (`{ fact: platelets,
 * below: 50 }`) and grade bound (gradeMin, gradeMax) of a recommendation, a finding that meets the
 * recommendation's other conditions is planned with the value just inside and just outside the pinned
 * threshold; the plan item must appear on one side only, as the pinned thresholds give.
 */
import { strict as assert } from "node:assert";
import { MANAGEMENT_FACTS } from "../../packages/core/src/contracts/management-facts.js";
import type { ManagementItem } from "../../packages/core/src/contracts/report.js";
import type { DisorderId } from "../../packages/core/src/contracts/vocabularies.js";
import { type ManagementInput, planPatient } from "../../packages/core/src/engine/manage/plan.js";
import type { Knowledge } from "../../packages/core/src/knowledge/knowledge.js";
import type {
  FactCondition,
  ManagementKnowledge,
  Recommendation,
} from "../../packages/core/src/knowledge/management.js";
import { num, pinManagement, pinText, type ThresholdCase } from "./cases.js";
import { decimalsOf, pathText } from "./sites.js";

type Op = "below" | "atMost" | "above" | "atLeast";
const OPS: readonly Op[] = ["below", "atMost", "above", "atLeast"];

function opOf(c: FactCondition): Op | undefined {
  return OPS.find((op) => c[op] !== undefined);
}

/** A value of one numeric fact meeting every condition on it (undefined when none can). */
function meeting(conds: readonly FactCondition[]): number | undefined {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let loOpen = false;
  let hiOpen = false;
  for (const c of conds) {
    if (c.atLeast !== undefined && c.atLeast >= lo) [lo, loOpen] = [c.atLeast, false];
    if (c.above !== undefined && c.above >= lo) [lo, loOpen] = [c.above, true];
    if (c.atMost !== undefined && c.atMost <= hi) [hi, hiOpen] = [c.atMost, false];
    if (c.below !== undefined && c.below <= hi) [hi, hiOpen] = [c.below, true];
  }
  if (Number.isFinite(lo) && Number.isFinite(hi))
    return lo < hi || (!loOpen && !hiOpen) ? (lo + hi) / 2 : undefined;
  if (Number.isFinite(hi)) return hiOpen ? hi / 2 : hi;
  if (Number.isFinite(lo)) return loOpen ? lo * 2 + 1 : lo;
  return undefined;
}

/**
 * The facts, grade, class and certainty under which a recommendation applies; `variant` picks another
 * certainty and class where the recommendation leaves them open (another item with the same action may
 * apply under the first, hiding this one's threshold).
 */
function meetingInput(disorder: DisorderId, r: Recommendation, variant = 0): ManagementInput {
  const w = r.when;
  const facts: Record<string, boolean | number | undefined> = {};
  for (const c of w.facts ?? []) {
    if (c.unknown) continue;
    if (c.is !== undefined) facts[c.fact] = c.is;
  }
  // Of "either" conditions (boolean only) the first is met, unless `facts` already decides its fact.
  const first = w.anyFacts?.[0];
  if (first?.is !== undefined && !(first.fact in facts)) facts[first.fact] = first.is;
  const numeric = new Set((w.facts ?? []).filter((c) => opOf(c)).map((c) => c.fact));
  for (const fact of numeric) facts[fact] = meeting((w.facts ?? []).filter((c) => c.fact === fact));
  const grade = w.gradeUnknown ? undefined : (w.gradeMin ?? w.gradeMax ?? 3);
  return {
    disorder,
    certainty: w.certainty?.[0] ?? (["probable", "possible", "definite"] as const)[variant % 3] ?? "probable",
    ...(grade !== undefined ? { grade } : {}),
    ...(w.arm && grade !== undefined ? { arms: [{ id: w.arm, label: w.arm, grade }] } : {}),
    therapyClasses: [
      w.classes?.[0] ??
        (["ici", "bispecific", "antibody", "car-t"] as const)[Math.floor(variant / 3)] ??
        "ici",
    ],
    facts,
  };
}

/** The plan item a recommendation gives (merged by action text with others), as the report shows it. */
function itemOf(items: readonly ManagementItem[], r: Recommendation): string {
  const item = items.find((i) => i.id === r.id || i.action === r.action);
  return item ? `${item.id} [${item.sourceIds.join(", ")}]${item.caveat ? " with caveat" : ""}` : "absent";
}

function plan(input: ManagementInput, m: ManagementKnowledge): readonly ManagementItem[] {
  return planPatient([input], m)[0] ?? [];
}

/** Generated management cases, and the thresholds no case could be built for. */
export function managementCases(k: Knowledge): {
  cases: ThresholdCase[];
  unsupported: { key: string; why: string }[];
} {
  const mp = pinManagement(k.management);
  const cases: ThresholdCase[] = [];
  const unsupported: { key: string; why: string }[] = [];
  for (const [disorder, recommendations] of Object.entries(mp) as [DisorderId, readonly Recommendation[]][]) {
    const file = `management/${disorder}.yaml`;
    const root = { disorder, recommendations };
    recommendations.forEach((r, ri) => {
      for (const c of variants(disorder, r, mp, file, root, ri)) {
        if ("why" in c) unsupported.push(c);
        else cases.push(c);
      }
    });
  }
  return { cases, unsupported };
}

type Probe = { key: string; label: (side: 0 | 1) => string; input: (side: 0 | 1) => ManagementInput };

/** The cases of one recommendation: the first certainty and class under which each threshold decides. */
function variants(
  disorder: DisorderId,
  r: Recommendation,
  mp: ManagementKnowledge,
  file: string,
  root: unknown,
  ri: number,
): (ThresholdCase | { key: string; why: string })[] {
  const byKey = new Map<string, ThresholdCase | { key: string; why: string }>();
  for (let variant = 0; variant < 12; variant++) {
    for (const c of probeCases(disorder, r, mp, file, root, ri, meetingInput(disorder, r, variant)))
      if (!byKey.has(c.key) || "why" in (byKey.get(c.key) as object)) byKey.set(c.key, c.c);
  }
  return [...byKey.values()];
}

function probeCases(
  disorder: DisorderId,
  r: Recommendation,
  mp: ManagementKnowledge,
  file: string,
  root: unknown,
  ri: number,
  base: ManagementInput,
): { key: string; c: ThresholdCase | { key: string; why: string } }[] {
  const out: { key: string; c: ThresholdCase | { key: string; why: string } }[] = [];
  const probes: Probe[] = [];
  (r.when.facts ?? []).forEach((c, ci) => {
    const op = opOf(c);
    if (!op) return;
    const key = `${file} ${pathText(root, ["recommendations", ri, "when", "facts", ci, op])}`;
    const t = c[op] as number;
    const unit = MANAGEMENT_FACTS[c.fact as keyof typeof MANAGEMENT_FACTS];
    const delta = 10 ** -(decimalsOf(String(t)) + 1);
    const values: [number, number] =
      op === "below"
        ? [t - delta, t]
        : op === "above"
          ? [t + delta, t]
          : op === "atLeast"
            ? [t, t - delta]
            : [t, t + delta];
    probes.push({
      key,
      label: (side) => `${c.fact} ${num(values[side])}${"unit" in unit ? ` ${unit.unit}` : ""}`,
      input: (side) => ({ ...base, facts: { ...base.facts, [c.fact]: values[side] } }),
    });
  });
  for (const bound of ["gradeMin", "gradeMax"] as const) {
    const g = r.when[bound];
    if (g === undefined) continue;
    const key = `${file} ${pathText(root, ["recommendations", ri, "when", bound])}`;
    const grades: [number, number] = bound === "gradeMin" ? [g, g - 1] : [g, g + 1];
    probes.push({
      key,
      label: (side) => `${r.when.arm ? `${r.when.arm} arm ` : ""}grade ${grades[side]}`,
      input: (side) => ({
        ...base,
        grade: grades[side],
        ...(r.when.arm ? { arms: [{ id: r.when.arm, label: r.when.arm, grade: grades[side] }] } : {}),
      }),
    });
  }
  for (const p of probes) {
    const expected = [0, 1].map((side) => itemOf(plan(p.input(side as 0 | 1), mp), r)) as [string, string];
    if (expected[0] === expected[1]) {
      out.push({ key: p.key, c: { key: p.key, why: `not decisive: ${expected[0]} on both sides` } });
      continue;
    }
    const context = `${base.certainty} ${disorder}, ${base.therapyClasses.join("/")}`;
    out.push({
      key: p.key,
      c: {
        keys: [p.key],
        name: `${pinText(p.key)} (${context}): ${p.label(0)} → ${r.id} ${expected[0] === "absent" ? "absent" : "planned"}; ${p.label(1)} → ${expected[1] === "absent" ? "absent" : "planned"}`,
        run(kn: Knowledge) {
          [0, 1].forEach((side) => {
            const items = plan(p.input(side as 0 | 1), kn.management);
            assert.equal(
              itemOf(items, r),
              expected[side],
              `${p.label(side as 0 | 1)}: ${items.map((i) => i.id).join(", ")}`,
            );
          });
        },
      },
    });
  }
  return out;
}
