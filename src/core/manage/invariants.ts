/**
 * Plan invariants (knowledge/safety.yaml): what no plan of a patient may contain. Each invariant kind has
 * fixed semantics here; its thresholds and tags are cited data. Used by the safety suite over every
 * disorder × grade × class × certainty with random facts, and over every case of the case suite.
 */
import type { ManagementKnowledge, Recommendation } from "../../knowledge/management.js";
import type { Invariant } from "../../knowledge/safety.js";
import type { ArmGrade, DisorderId, ManagementItem, WorkupItem } from "../report.js";
import type { ManagementFacts } from "./facts.js";
import { gradeFor } from "./plan.js";

/** One finding's plan as the invariants read it. */
export interface PlannedFinding {
  readonly disorder: DisorderId;
  readonly grade?: number;
  readonly arms?: readonly ArmGrade[];
  readonly management: readonly ManagementItem[];
  readonly workup: readonly WorkupItem[];
}

/** An item (or a missing item) that breaks an invariant. */
export interface Violation {
  readonly invariant: string;
  readonly disorder: DisorderId;
  readonly item?: string;
  readonly detail: string;
}

/** The recommendation behind each plan item, by id (tags, avoids and conditions live there). */
function lookup(knowledge: ManagementKnowledge): (id: string) => Recommendation | undefined {
  const byId = new Map(Object.values(knowledge).flatMap((rs) => rs.map((r) => [r.id, r] as const)));
  return (id) => byId.get(id);
}

const hasAny = (tags: readonly string[] | undefined, wanted: readonly string[]) =>
  (tags ?? []).some((t) => wanted.includes(t));

/**
 * Every invariant the plans of one patient break (empty when they are safe). `facts` are the patient's
 * facts at the evaluation time (latest platelets, hemolysis, presenting ADAMTS13, life-threatening bleeding).
 *
 * @example
 * planViolations(report.findings, facts, k.safety, k.management) // → [] for a safe plan
 */
export function planViolations(
  findings: readonly PlannedFinding[],
  facts: ManagementFacts,
  invariants: readonly Invariant[],
  knowledge: ManagementKnowledge,
): Violation[] {
  const rec = lookup(knowledge);
  const items = findings.flatMap((f) => f.management.map((item) => ({ f, item, r: rec(item.id) })));
  const out: Violation[] = [];
  const platelets = typeof facts.platelets === "number" ? facts.platelets : undefined;
  for (const inv of invariants) {
    switch (inv.kind) {
      case "platelet-floor":
        if (platelets === undefined || platelets >= inv.below) break;
        for (const { f, item, r } of items)
          if (item.kind !== "avoid" && hasAny(r?.tags, inv.tags) && !hasAny(r?.tags, inv.unlessTags ?? []))
            out.push({
              invariant: inv.id,
              disorder: f.disorder,
              item: item.id,
              detail: `platelets ${platelets}`,
            });
        break;
      case "forbidden-with-finding":
        if (!findings.some((f) => inv.disorders.includes(f.disorder))) break;
        if (inv.unlessFact !== undefined && facts[inv.unlessFact] === true) break;
        for (const { f, item, r } of items)
          if (item.kind !== "avoid" && hasAny(r?.tags, inv.tags))
            out.push({
              invariant: inv.id,
              disorder: f.disorder,
              item: item.id,
              detail: `with ${inv.disorders.join("/")}`,
            });
        break;
      case "required-with": {
        const question =
          platelets !== undefined &&
          platelets < inv.plateletsBelow &&
          facts.hemolysis === true &&
          facts["adamts13-activity"] === undefined;
        const treated = items.find(({ item, r }) => item.kind !== "avoid" && hasAny(r?.tags, inv.whenTags));
        if (!question || !treated) break;
        const assessed = items.some(({ r }) => hasAny(r?.tags, inv.requireTags));
        const tested = findings.some((f) => f.workup.some((w) => w.id === inv.requireWorkup));
        if (!assessed || !tested)
          out.push({
            invariant: inv.id,
            disorder: treated.f.disorder,
            item: treated.item.id,
            detail: `${assessed ? "" : `no ${inv.requireTags.join("/")} item; `}${tested ? "" : `no ${inv.requireWorkup} in the workup`}`,
          });
        break;
      }
      case "grade-floor":
        for (const { f, item, r } of items) {
          if (!r || !hasAny(r.tags, inv.tags)) continue;
          const grade = gradeFor(r.when, f);
          if (grade === undefined || grade < inv.minGrade)
            out.push({
              invariant: inv.id,
              disorder: f.disorder,
              item: item.id,
              detail: `grade ${grade ?? "unknown"}`,
            });
        }
        break;
      case "no-contradiction":
        for (const f of findings) {
          const own = f.management.flatMap((m) => (m.kind === "avoid" ? (rec(m.id)?.avoids ?? []) : []));
          const patient = items.flatMap(({ item, r }) =>
            item.kind === "avoid" && r?.scope === "patient" ? (r.avoids ?? []) : [],
          );
          for (const m of f.management) {
            const r = rec(m.id);
            if (m.kind !== "avoid" && hasAny(r?.tags, [...own, ...patient]))
              out.push({
                invariant: inv.id,
                disorder: f.disorder,
                item: m.id,
                detail: "gives what an avoid item forbids",
              });
          }
        }
        break;
    }
  }
  return out;
}
