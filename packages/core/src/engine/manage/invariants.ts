/**
 * Plan invariants (knowledge/safety.yaml): what no plan of a patient may contain. Each invariant kind has
 * fixed semantics here; its thresholds and tags are cited data. Used by the safety suite over every
 * disorder × grade × class × certainty with random facts, and over every case of the case suite.
 */

import type { ManagementFacts } from "../../contracts/management-facts.js";
import type { ArmGrade, ManagementItem, WorkupItem } from "../../contracts/report.js";
import type { Certainty, DisorderId } from "../../contracts/vocabularies.js";
import type { ManagementKnowledge, Recommendation } from "../../knowledge/management.js";
import type { Invariant } from "../../knowledge/safety.js";
import { certaintyRank } from "../detect/predicates.js";
import { gradeFor, type PatternPlan, recommendationsOf } from "./plan.js";

/**
 * One finding's plan as the invariants read it, with the facts the plan was made for; or the plan of a named
 * unexplained pattern (`pattern`, a TMA that is not TTP), whose `disorder` is the one it was excluded from; or a
 * plan of the patient that is no disorder's (the procedure plan: `pattern` and no `disorder`).
 */
export interface PlannedFinding {
  readonly disorder?: DisorderId;
  readonly pattern?: PatternPlan;
  /** The finding's certainty (an invariant may hold only from a certainty up); absent: not known to the check. */
  readonly certainty?: Certainty;
  readonly grade?: number;
  readonly arms?: readonly ArmGrade[];
  readonly facts: ManagementFacts;
  readonly management: readonly ManagementItem[];
  readonly workup: readonly WorkupItem[];
}

/** One invariant over one patient: whether its precondition held (it was put to the test) and what broke it. */
export interface InvariantCheck {
  readonly invariant: string;
  readonly applicable: boolean;
  readonly violations: readonly Violation[];
}

/** An item (or a missing item) that breaks an invariant. */
export interface Violation {
  readonly invariant: string;
  /** The finding's disorder; absent when the plan is no disorder's (the procedure plan: see `pattern`). */
  readonly disorder?: DisorderId;
  /** The named unexplained pattern whose plan broke it (then `disorder` is the one it was excluded from). */
  readonly pattern?: string;
  readonly item?: string;
  readonly detail: string;
}

/**
 * The recommendation behind each plan item, by id (tags, avoids and conditions live there): the disorders'
 * and those of the named patterns planned.
 */
function lookup(
  knowledge: ManagementKnowledge,
  findings: readonly PlannedFinding[],
): (id: string) => Recommendation | undefined {
  const patterns = findings.flatMap((f) => f.pattern?.recommendations ?? []);
  const byId = new Map([...Object.values(knowledge).flat(), ...patterns].map((r) => [r.id, r] as const));
  return (id) => byId.get(id);
}

/** Whether a plan is that of a finding of one of `disorders` (a named pattern's plan is no finding's). */
const findingOf = (f: PlannedFinding, disorders: readonly DisorderId[]) =>
  f.pattern === undefined && f.disorder !== undefined && disorders.includes(f.disorder);

/** Who broke an invariant: the finding's disorder, and the pattern when the plan is a named pattern's. */
const owner = (f: PlannedFinding) => ({
  ...(f.disorder !== undefined ? { disorder: f.disorder } : {}),
  ...(f.pattern ? { pattern: f.pattern.id } : {}),
});

const hasAny = (tags: readonly string[] | undefined, wanted: readonly string[]) =>
  (tags ?? []).some((t) => wanted.includes(t));

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/**
 * Each invariant over the plans of one patient: whether it applied and what broke it.
 *
 * @example
 * checkPlans(findings, k.safety, k.management).flatMap((c) => c.violations) // → [] for safe plans
 */
export function checkPlans(
  findings: readonly PlannedFinding[],
  invariants: readonly Invariant[],
  knowledge: ManagementKnowledge,
): InvariantCheck[] {
  const rec = lookup(knowledge, findings);
  const items = findings.flatMap((f) => f.management.map((item) => ({ f, item, r: rec(item.id) })));
  const gives = (tags: readonly string[]) =>
    items.filter(({ item, r }) => item.kind !== "avoid" && hasAny(r?.tags, tags));
  return invariants.map((inv): InvariantCheck => {
    const v: Violation[] = [];
    let applicable = false;
    switch (inv.kind) {
      case "platelet-floor":
        applicable = findings.some((f) => (num(f.facts.platelets) ?? Number.POSITIVE_INFINITY) < inv.below);
        for (const { f, item, r } of gives(inv.tags)) {
          const platelets = num(f.facts.platelets);
          if (platelets === undefined || platelets >= inv.below) continue;
          if (!hasAny(r?.tags, inv.unlessTags ?? []))
            v.push({
              invariant: inv.id,
              ...owner(f),
              item: item.id,
              detail: `platelets ${platelets}`,
            });
        }
        break;
      case "forbidden-with-finding": {
        const min = inv.minCertainty;
        const bans = (f: PlannedFinding) =>
          findingOf(f, inv.disorders) &&
          (min === undefined ||
            (f.certainty !== undefined && certaintyRank(f.certainty) >= certaintyRank(min)));
        if (!findings.some(bans)) break;
        applicable = true;
        for (const { f, item } of gives(inv.tags))
          if (inv.unlessFact === undefined || f.facts[inv.unlessFact] !== true)
            v.push({
              invariant: inv.id,
              ...owner(f),
              item: item.id,
              detail: `with ${inv.disorders.join("/")}`,
            });
        break;
      }
      case "forbidden-with-fact":
        for (const f of findings) {
          if (f.facts[inv.fact] !== true) continue;
          applicable = true;
          const lift = (inv.unlessFacts ?? []).find((x) => f.facts[x] === true);
          const said =
            inv.liftSaidBy === undefined ||
            f.management.some((m) => hasAny(rec(m.id)?.tags, inv.liftSaidBy ?? []));
          for (const m of f.management)
            if (m.kind !== "avoid" && hasAny(rec(m.id)?.tags, inv.tags)) {
              if (lift === undefined)
                v.push({ invariant: inv.id, ...owner(f), item: m.id, detail: `with ${inv.fact}` });
              else if (!said)
                v.push({
                  invariant: inv.id,
                  ...owner(f),
                  item: m.id,
                  detail: `with ${inv.fact} and ${lift}, but no item carries ${inv.liftSaidBy?.join(", ")}`,
                });
            }
        }
        break;
      case "required-with": {
        const question = findings.some((f) => {
          const platelets = num(f.facts.platelets);
          return (
            platelets !== undefined &&
            platelets < inv.plateletsBelow &&
            f.facts.hemolysis === true &&
            f.facts["adamts13-activity"] === undefined
          );
        });
        const treated = gives(inv.whenTags).find(({ f }) => findingOf(f, inv.disorders));
        if (!question || !treated) break;
        applicable = true;
        const absent = inv.requireTags.filter((t) => !items.some(({ r }) => r?.tags?.includes(t)));
        if (absent.length > 0)
          v.push({
            invariant: inv.id,
            ...owner(treated.f),
            item: treated.item.id,
            detail: `no item carries ${absent.join(", ")}`,
          });
        break;
      }
      case "grade-floor":
        applicable = findings.some((f) => f.grade !== undefined);
        for (const { f, item, r } of gives(inv.tags)) {
          const forFact = (r?.when.facts ?? []).some(
            (c) => c.is === true && (inv.unlessItemFacts ?? []).includes(c.fact),
          );
          if (forFact) continue;
          // An item shown in another finding's plan (a stop that outranks "continue") is read against the
          // finding of the disorder it belongs to.
          const from =
            findings.find((g) => recommendationsOf(g, knowledge).some((x) => x.id === item.id)) ?? f;
          const grade = r ? gradeFor(r.when, from) : undefined;
          if (grade === undefined || grade < inv.minGrade)
            v.push({
              invariant: inv.id,
              ...owner(f),
              item: item.id,
              detail: `grade ${grade ?? "unknown"}`,
            });
        }
        break;
      case "exclusive": {
        const one = gives(inv.tags);
        const other = gives(inv.against);
        applicable = one.length > 0 || other.length > 0;
        if (one.length > 0)
          for (const { f, item } of other)
            v.push({
              invariant: inv.id,
              ...owner(f),
              item: item.id,
              detail: `with ${one.map((x) => `${x.f.disorder ?? x.f.pattern?.id} ${x.item.id}`).join(", ")}`,
            });
        break;
      }
      case "stop-required-with-facts":
        for (const f of findings) {
          if (inv.disorders !== undefined && !findingOf(f, inv.disorders)) continue;
          if (!inv.facts.every((fact) => f.facts[fact] === true)) continue;
          applicable = true;
          if (!f.management.some((m) => m.kind === "avoid" && hasAny(rec(m.id)?.avoids, inv.avoids)))
            v.push({
              invariant: inv.id,
              ...owner(f),
              detail: `no avoid item against ${inv.avoids.join(", ")} with ${inv.facts.join(" and ")}`,
            });
        }
        break;
      case "no-contradiction-across-findings": {
        const avoided = new Set(
          items.flatMap(({ item, r }) => (item.kind === "avoid" ? (r?.avoids ?? []) : [])),
        );
        applicable = inv.tags.some((t) => avoided.has(t));
        for (const { f, item, r } of gives(inv.tags))
          for (const t of r?.tags ?? [])
            if (inv.tags.includes(t) && avoided.has(t))
              v.push({
                invariant: inv.id,
                ...owner(f),
                item: item.id,
                detail: `gives ${t}, which an avoid item of another plan of the patient forbids`,
              });
        break;
      }
      case "no-contradiction": {
        const patient = items.flatMap(({ item, r }) =>
          item.kind === "avoid" && r?.scope === "patient" ? (r.avoids ?? []) : [],
        );
        for (const f of findings) {
          const own = f.management.flatMap((m) => (m.kind === "avoid" ? (rec(m.id)?.avoids ?? []) : []));
          if (own.length + patient.length > 0) applicable = true;
          for (const m of f.management)
            if (m.kind !== "avoid" && hasAny(rec(m.id)?.tags, [...own, ...patient]))
              v.push({
                invariant: inv.id,
                ...owner(f),
                item: m.id,
                detail: "gives what an avoid item forbids",
              });
        }
        break;
      }
    }
    return { invariant: inv.id, applicable, violations: v };
  });
}
