/**
 * order-sign / order-select cards for drafts the plan forbids (docs/cds-hooks.md, "Orders the plan
 * forbids"): a draft MedicationRequest of a drug an avoid item of the patient's plans covers — enoxaparin
 * while "HIT suspected: stop all heparin", tranexamic acid beside an acute thrombosis, desmopressin in
 * acquired haemophilia A, bevacizumab after a major bleed — is a `critical` card quoting the item and its
 * sources. Which drugs each avoid tag covers is knowledge data (knowledge/order-avoids.yaml). When the
 * draft breaches the item only at a dose or beside a drug the order does not show (full-dose
 * anticoagulation, dual antiplatelet therapy), the card is a `warning` that asks to check the order. No
 * avoid item that covers the drug, no card.
 */
import type { Knowledge, ManagementItem, OrderAvoidTag, PatientReport } from "@hemosentinel/core";
import {
  type CardContext,
  describeFinding,
  describeUnexplained,
  type IssuedCard,
  md,
  orderCardOf,
  recommendationOf,
  removeDraft,
  summaryOf,
} from "./cards.js";
import { draftMedications } from "./drafts.js";
import { AVOID_OVERRIDE_REASONS } from "./policy.js";
import type { Card, OrderContext } from "./schemas.js";

/** A draft order of a drug that some avoid tag covers. */
export interface DraftAvoidable {
  /** `MedicationRequest/id`, when the draft has an id. */
  readonly ref?: string;
  /** Context-drug id (`enoxaparin`). */
  readonly drug: string;
  /** The avoid tags that cover the drug. */
  readonly tags: readonly OrderAvoidTag[];
}

/** The anticoagulation dose levels that, named together by one avoid item, leave no dose allowed. */
const EVERY_DOSE = ["full", "reduced", "prophylactic"] as const;

/**
 * The draft orders (for order-select, the selected ones) of drugs an avoid tag of the plans covers.
 * @example
 * draftAvoidables(context, knowledge); // [{ ref: "MedicationRequest/1", drug: "enoxaparin", tags: [heparin, …] }]
 */
export function draftAvoidables(context: OrderContext, knowledge: Knowledge): DraftAvoidable[] {
  return draftMedications(context, knowledge).flatMap(({ ref, match }) => {
    if (match.kind !== "context") return [];
    const tags = knowledge.orderAvoids.tags.filter(
      (t) => t.drugs.includes(match.drug) || t.roles.some((r) => match.roles.includes(r)),
    );
    return tags.length === 0 ? [] : [{ ...(ref !== undefined && { ref }), drug: match.drug, tags }];
  });
}

/** One avoid item of the patient's plans that covers the draft, with what carries it in the report. */
interface Breach {
  readonly item: ManagementItem;
  /** The findings and named unexplained items whose plans carry the item, in running text. */
  readonly where: readonly string[];
  /** Undefined when the item forbids the drug outright; else the circumstances in which it does. */
  readonly only?: readonly string[];
}

/**
 * The avoid items of the report's plans — each finding's and each named unexplained pattern's (a TMA that
 * is not TTP carries the shared lines too) — that cover the draft, in plan order, each once.
 */
function breaches(
  ctx: CardContext,
  draft: DraftAvoidable,
  report: PatientReport,
  knowledge: Knowledge,
): Breach[] {
  const plans = [
    ...report.findings.map((f) => ({ what: describeFinding(ctx, f), items: f.management })),
    ...report.unexplained.map((u) => ({ what: describeUnexplained(ctx, u), items: u.management ?? [] })),
  ];
  const byTag = new Map(draft.tags.map((t) => [t.tag, t]));
  const out = new Map<string, { item: ManagementItem; where: string[]; only?: string[] }>();
  for (const plan of plans) {
    for (const item of plan.items) {
      if (item.kind !== "avoid") continue;
      const seen = out.get(item.id);
      if (seen !== undefined) {
        seen.where.push(plan.what);
        continue;
      }
      const hits = (recommendationOf(knowledge, item.id)?.avoids ?? []).flatMap(
        (tag) => byTag.get(tag) ?? [],
      );
      if (hits.length === 0) continue;
      const doses = new Set(hits.map((t) => t.dose));
      const outright = hits.some((t) => t.only === undefined) || EVERY_DOSE.every((d) => doses.has(d));
      const only = outright ? undefined : [...new Set(hits.flatMap((t) => t.only ?? []))];
      out.set(item.id, { item, where: [plan.what], ...(only !== undefined && { only }) });
    }
  }
  return [...out.values()];
}

function breachLine(ctx: CardContext, b: Breach): string {
  const sources = b.item.sourceIds.map((id) => md(ctx.names.referenceLabel(id))).join(", ");
  return `- ${md(b.item.action)} (${sources}) — plan of ${md(b.where.join("; "))}`;
}

function avoidCard(
  ctx: CardContext,
  draft: DraftAvoidable,
  card: Omit<Card, "uuid" | "source" | "links" | "overrideReasons">,
  sourceIds: readonly string[],
  reasons: NonNullable<Card["overrideReasons"]>,
): Card {
  const topic = { code: "avoided-order", display: `Order of ${ctx.names.drug(draft.drug)} the plan forbids` };
  return orderCardOf(ctx, topic, card, sourceIds, reasons);
}

/** An action without its parenthesised asides, for a summary line (the detail quotes it whole). */
function withoutAsides(action: string): string {
  return action.replace(/\s*\([^()]*\)/g, "");
}

/** `a`, `a or b`, `a, b or c`. */
function inWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} or ${parts.at(-1)}`;
}

const FOOTER = "Decision support, not a diagnosis: check every finding against the patient.";

/** The card for one draft the plan forbids, or none when no avoid item of the plans covers it. */
function draftAvoidCard(
  ctx: CardContext,
  draft: DraftAvoidable,
  report: PatientReport,
  knowledge: Knowledge,
): IssuedCard | undefined {
  const all = breaches(ctx, draft, report, knowledge);
  if (all.length === 0) return undefined;
  const drug = ctx.names.drug(draft.drug);
  const outright = all.filter((b) => b.only === undefined);
  if (outright.length > 0) {
    const first = outright[0] as Breach;
    const card = avoidCard(
      ctx,
      draft,
      {
        summary: summaryOf(`Do not give ${drug}: ${withoutAsides(first.item.action)}`),
        detail: [
          `**The plan for this patient forbids ${md(drug)}.**`,
          outright.map((b) => breachLine(ctx, b)).join("\n"),
          "Sign only after hematology has weighed it; choose an override reason if you do.",
          FOOTER,
        ].join("\n\n"),
        indicator: "critical",
        ...removeDraft(ctx, drug, draft.ref),
      },
      first.item.sourceIds,
      AVOID_OVERRIDE_REASONS.filter((r) => r.code !== "order-allowed"),
    );
    return { type: "order-avoid", card };
  }
  const first = all[0] as Breach;
  const when = inWords([...new Set(all.flatMap((b) => b.only ?? []))]);
  const card = avoidCard(
    ctx,
    draft,
    {
      summary: summaryOf(`Check the ${drug} order: the plan forbids it ${when}`),
      detail: [
        `**The plan for this patient forbids ${md(drug)} ${md(when)}.** The draft's dose and the other drugs taken are not checked here: check the order against these lines.`,
        all.map((b) => breachLine(ctx, b)).join("\n"),
        FOOTER,
      ].join("\n\n"),
      indicator: "warning",
    },
    first.item.sourceIds,
    AVOID_OVERRIDE_REASONS,
  );
  return { type: "order-avoid-check", card };
}

/**
 * The cards of the drafts the patient's plans forbid, one per draft that an avoid item covers.
 * @example
 * avoidCards(ctx, draftAvoidables(context, knowledge), report, knowledge); // [{ type: "order-avoid", card }]
 */
export function avoidCards(
  ctx: CardContext,
  drafts: readonly DraftAvoidable[],
  report: PatientReport,
  knowledge: Knowledge,
): IssuedCard[] {
  return drafts.flatMap((d) => draftAvoidCard(ctx, d, report, knowledge) ?? []);
}
