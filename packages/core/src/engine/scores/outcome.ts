/**
 * Component outcomes and how they become a ScoreResult: the partial total counts what is certain, and the
 * category is reported only when every possible value of the missing parts leads to the same category.
 */

import type { IsoDateTime } from "../../contracts/model.js";
import type { ComponentValue, ScoreResult } from "../../contracts/report.js";
import type { CategoryRule } from "../../knowledge/scores.js";

/** What one component contributes: every number of points still possible, and the records it rests on. */
export interface ComponentOutcome {
  readonly id: string;
  /** Ascending, unique; one entry when the points are known. */
  readonly possible: readonly number[];
  readonly evidence: readonly string[];
  /** Why the points are not known (absent when they are). */
  readonly reason?: string;
  /** An assumption the known points rest on, stated in the interpretation. */
  readonly assumed?: string;
}

/** An outcome with known points. */
export function known(id: string, points: number, evidence: readonly string[]): ComponentOutcome {
  return { id, possible: [points], evidence };
}

/** An outcome whose points are one of `possible`, for the stated reason. */
export function unknown(
  id: string,
  possible: readonly number[],
  reason: string,
  evidence: readonly string[] = [],
): ComponentOutcome {
  const p = [...new Set(possible)].sort((a, b) => a - b);
  return p.length === 1 ? { id, possible: p, evidence } : { id, possible: p, evidence, reason };
}

/** The first rule matching a total and its components' points. */
export function categoryOf(
  rules: readonly CategoryRule[],
  total: number,
  points: ReadonlyMap<string, number>,
): CategoryRule {
  for (const r of rules) {
    if (r.atLeast !== undefined && total < r.atLeast) continue;
    if (r.atMost !== undefined && total > r.atMost) continue;
    if (r.subtotal && r.subtotal.of.reduce((s, id) => s + (points.get(id) ?? 0), 0) <= r.subtotal.above)
      continue;
    return r;
  }
  // The schema requires a catch-all last rule.
  return rules[rules.length - 1] as CategoryRule;
}

/** Every category reachable from the outcomes' possible points (each combination is tried). */
function reachableCategories(
  rules: readonly CategoryRule[],
  outcomes: readonly ComponentOutcome[],
): CategoryRule[] {
  const found = new Map<string, CategoryRule>();
  const points = new Map<string, number>();
  const walk = (i: number, total: number): void => {
    if (i === outcomes.length) {
      const r = categoryOf(rules, total, points);
      found.set(r.key, r);
      return;
    }
    const o = outcomes[i] as ComponentOutcome;
    for (const p of o.possible) {
      points.set(o.id, p);
      walk(i + 1, total + p);
    }
  };
  walk(0, 0);
  return rules.filter((r) => found.has(r.key));
}

/** Shown points: the number when known, "min-max" when partly known, absent when nothing is known. */
function shown(o: ComponentOutcome): ComponentValue | undefined {
  if (o.possible.length === 1) return o.possible[0] as number;
  return o.evidence.length > 0 ? `${o.possible[0]}-${o.possible[o.possible.length - 1]}` : undefined;
}

interface ScoreIdentity {
  readonly id: string;
  readonly sourceIds: readonly string[];
  readonly categories: readonly CategoryRule[];
}

/** The ScoreResult for a set of outcomes: partial total, missing parts, and `incomplete` when they could matter. */
export function pointsResult(
  score: ScoreIdentity,
  at: IsoDateTime,
  outcomes: readonly ComponentOutcome[],
): ScoreResult {
  const components: Record<string, ComponentValue> = {};
  for (const o of outcomes) {
    const v = shown(o);
    if (v !== undefined) components[o.id] = v;
  }
  const open = outcomes.filter((o) => o.possible.length > 1);
  const anyData = outcomes.some((o) => o.possible.length === 1 || o.evidence.length > 0);
  const total = outcomes.reduce((s, o) => s + (o.possible[0] ?? 0), 0);
  const reachable = reachableCategories(score.categories, outcomes);
  const single = reachable.length === 1 ? reachable[0] : undefined;
  const missingText = open.map((o) => `${o.id} (${o.reason ?? "unknown"})`).join("; ");
  const assumptions = outcomes
    .filter((o) => o.assumed)
    .map((o) => ` Assumed: ${o.assumed}.`)
    .join("");
  const interpretation = single
    ? `${single.interpretation}${open.length ? ` Missing, but cannot change the category: ${missingText}.` : ""}${assumptions}`
    : `Incomplete: ${total} point${total === 1 ? "" : "s"} certain; missing ${missingText}. Could be ${reachable.map((r) => r.label ?? r.key).join(" or ")}.${assumptions}`;
  return {
    id: score.id,
    value: anyData ? total : null,
    at,
    components,
    missing: open.map((o) => o.id),
    interpretation,
    category: single ? single.key : "incomplete",
    evidence: [...new Set(outcomes.flatMap((o) => o.evidence))],
    sourceIds: [...score.sourceIds],
  };
}
