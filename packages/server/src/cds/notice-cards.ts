/**
 * order-sign / order-select cards for orders no plan forbids but a plan line must reach
 * (knowledge/order-avoids.yaml `notices`): a draft red-cell transfusion for a patient given daratumumab or
 * isatuximab in the last 6 months is a `warning` quoting the blood-bank line (management every.yaml
 * anti-cd38-blood-bank) with its sources — whether or not the patient has a finding, since the drug on the
 * red cells makes the antibody screen and crossmatch positive for any transfusion. The line's facts are read
 * from the report's immunotherapy exposures as the planner reads them (knowledge/management/facts.yaml):
 * an antibody of the fact's targets given by the evaluation time, its last dose within the fact's days.
 */
import {
  calendarDate,
  daysBetween,
  type ExposureSummary,
  instant,
  type Knowledge,
  type OrderNotice,
  type PatientReport,
} from "@hemosentinel/core";
import { type CardContext, type IssuedCard, md, orderCardOf, summaryOf } from "./cards.js";
import { draftNotices } from "./drafts.js";
import { NOTICE_OVERRIDE_REASONS } from "./policy.js";
import type { OrderContext } from "./schemas.js";

/** A draft order that a notice of the knowledge names. */
export interface DraftNotice {
  /** `ServiceRequest/id` or `MedicationRequest/id`, when the draft has an id. */
  readonly ref?: string;
  /** The notice's id (`red-cells`), for the deceased card's removals. */
  readonly drug: string;
  /** How cards name the order (`red-cell transfusion`). */
  readonly product: string;
  readonly notice: OrderNotice;
}

/**
 * The draft orders (for order-select, the selected ones) that a notice of the knowledge names.
 * @example
 * noticeDrafts(context, knowledge); // [{ ref: "ServiceRequest/o0", drug: "red-cells", product: "red-cell transfusion", … }]
 */
export function noticeDrafts(context: OrderContext, knowledge: Knowledge): DraftNotice[] {
  return draftNotices(context, knowledge).map(({ ref, notice }) => ({
    ...(ref !== undefined && { ref }),
    drug: notice.id,
    product: notice.display,
    notice,
  }));
}

/**
 * The immunotherapy exposures that make `anti-cd38-antibody-recent` hold at `evaluatedAt`: a drug of the
 * fact's targets first given by then, whose last dose lies within the fact's days before it.
 */
export function antiCd38Recent(
  report: PatientReport,
  knowledge: Knowledge,
  evaluatedAt: string,
): readonly ExposureSummary[] {
  const rule = knowledge.managementFacts["anti-cd38-antibody-recent"];
  return report.exposures.filter(
    (e) =>
      knowledge.drugs.drugs.find((d) => d.id === e.drug)?.targets.some((t) => rule.targets.includes(t)) ===
        true &&
      instant(e.first) <= instant(evaluatedAt) &&
      daysBetween(e.last, evaluatedAt) <= rule.withinDays,
  );
}

/** `a`, `a and b`, `a, b and c`. */
function inWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

const FOOTER = "Decision support, not a diagnosis: check every finding against the patient.";

/** The card of one draft, or none when no line of its notice holds for the patient. */
function noticeCard(
  ctx: CardContext,
  draft: DraftNotice,
  report: PatientReport,
  knowledge: Knowledge,
  evaluatedAt: string,
): IssuedCard | undefined {
  // Only this fact may stand behind a notice's line (checked against the plans when the knowledge compiles).
  const given = antiCd38Recent(report, knowledge, evaluatedAt);
  if (given.length === 0) return undefined;
  // A recommendation of that id, or a shared line of management/every.yaml as the first plan carries it.
  const recommendations = Object.values(knowledge.management).flat();
  const lines = draft.notice.lines.flatMap(
    (id) =>
      recommendations.find((r) => r.id === id) ?? recommendations.find((r) => r.id.endsWith(`-${id}`)) ?? [],
  );
  const first = lines[0];
  if (first === undefined) return undefined;
  const drugs = given.map((e) => `${ctx.names.drug(e.drug)} (last dose ${calendarDate(e.last)})`);
  const sourceIds = [...new Set(lines.flatMap((l) => l.sourceIds))];
  const quoted = lines.map((l) => {
    const sources = l.sourceIds.map((id) => md(ctx.names.referenceLabel(id))).join(", ");
    return `- ${md(l.action)} (${sources})${l.caveat === undefined ? "" : ` — ${md(l.caveat)}`}`;
  });
  const card = orderCardOf(
    ctx,
    { code: "order-notice", display: `Order of a ${draft.product} the plan has a line for` },
    {
      summary: summaryOf(
        `Tell the blood bank before this ${draft.product}: ${given.map((e) => ctx.names.drug(e.drug)).join(", ")} interferes with the crossmatch`,
      ),
      detail: [
        `**Given in the last 6 months: ${md(inWords(drugs))}. Tell the blood bank before this ${md(draft.product)}.**`,
        quoted.join("\n"),
        "The order itself is not forbidden: this line is for the blood bank and the crossmatch.",
        FOOTER,
      ].join("\n\n"),
      indicator: "warning",
    },
    sourceIds,
    NOTICE_OVERRIDE_REASONS,
  );
  return { type: "order-notice", card };
}

/**
 * The cards of the drafts a notice names whose line holds for the patient, one per draft.
 * @example
 * noticeCards(ctx, drafts, report, knowledge, "2026-11-01T12:00:00Z"); // [{ type: "order-notice", card }]
 */
export function noticeCards(
  ctx: CardContext,
  drafts: readonly DraftNotice[],
  report: PatientReport,
  knowledge: Knowledge,
  evaluatedAt: string,
): IssuedCard[] {
  return drafts.flatMap((d) => noticeCard(ctx, d, report, knowledge, evaluatedAt) ?? []);
}
