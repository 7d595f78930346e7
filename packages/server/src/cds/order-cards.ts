/**
 * order-sign / order-select cards (docs/cds-hooks.md, "Orders"): a draft order of a catalogue
 * immunotherapy for a patient with a finding whose plan says stop, hold or withhold that drug is a
 * `critical` card with the guideline's words and source; a plan that leaves the next dose to the team,
 * or no plan for the drug's class, is a `warning`; so are serious abnormalities no disorder explains.
 * Every order card offers override reasons.
 */
import type {
  Finding,
  Knowledge,
  ManagementItem,
  PatientRecord,
  PatientReport,
  TherapyClass,
  UnexplainedItem,
} from "@hemosentinel/core";
import { avoidCards, type DraftAvoidable, draftName } from "./avoid-cards.js";
import {
  type CardContext,
  deceasedOrderCard,
  describeFinding,
  describeUnexplained,
  type IssuedCard,
  markDeceased,
  md,
  orderCardOf,
  recommendationOf,
  removeDraft,
  summaryOf,
} from "./cards.js";
import { draftMedications } from "./drafts.js";
import { isRecord } from "./fhir-client.js";
import { type DraftNotice, noticeCards } from "./notice-cards.js";
import { BLOCKING, DECISION_ORDER, DOSE_DECISIONS, type DoseDecision, OVERRIDE_REASONS } from "./policy.js";
import type { Card, OrderContext } from "./schemas.js";

/** A draft order of a catalogue immunotherapy. */
export interface DraftImmunotherapy {
  /** `MedicationRequest/id`, when the draft has an id. */
  readonly ref?: string;
  readonly drug: string;
  readonly class: TherapyClass;
}

/**
 * The draft immunotherapy orders of the context (for order-select, only the selected ones).
 * @example
 * draftImmunotherapies(context, knowledge); // [{ ref: "MedicationRequest/1", drug: "nivolumab", class: "ici" }]
 */
export function draftImmunotherapies(context: OrderContext, knowledge: Knowledge): DraftImmunotherapy[] {
  return draftMedications(context, knowledge).flatMap(({ ref, match }) =>
    match.kind === "immunotherapy"
      ? [{ ...(ref !== undefined && { ref }), drug: match.drug, class: match.class }]
      : [],
  );
}

/** The patient the draft orders are for, when the context does not name one and they all agree. */
export function patientOfOrders(context: OrderContext): string | undefined {
  const ids = new Set<string>();
  for (const entry of context.draftOrders.entry ?? []) {
    const r = entry.resource;
    const subject =
      r === undefined
        ? undefined
        : isRecord(r.subject)
          ? r.subject
          : isRecord(r.patient)
            ? r.patient
            : undefined;
    const ref = typeof subject?.reference === "string" ? subject.reference : undefined;
    if (ref?.startsWith("Patient/")) ids.add(ref.slice("Patient/".length));
  }
  return ids.size === 1 ? [...ids][0] : undefined;
}

/** What one finding, or one named unexplained pattern with its own plan, says about the drug. */
interface Verdict {
  /** `definite TTP, grade 2` or `Thrombotic microangiopathy …, grade 3`. */
  readonly what: string;
  readonly graded: boolean;
  readonly onset?: string;
  readonly decision: DoseDecision | "no-plan";
  readonly item?: ManagementItem;
}

/** The therapy classes a plan line is for, by its id (whichever disorder's or pattern's plan it came from). */
function classesOf(knowledge: Knowledge): (id: string) => readonly TherapyClass[] | undefined {
  return (id) => recommendationOf(knowledge, id)?.when.classes;
}

/** What a finding's plan says about a drug of class `cls`: its most restrictive applicable decision. */
function verdictFor(ctx: CardContext, finding: Finding, cls: TherapyClass, knowledge: Knowledge): Verdict {
  const head = {
    what: describeFinding(ctx, finding),
    graded: finding.grade !== undefined,
    ...(finding.onset?.date !== undefined && { onset: finding.onset.date }),
  };
  const best = strictest(finding.management, classesOf(knowledge), cls);
  return best === undefined ? { ...head, decision: "no-plan" } : { ...head, ...best };
}

/**
 * What a named unexplained pattern's own plan (knowledge/unexplained.yaml `patterns`, e.g. a thrombotic
 * microangiopathy that is not TTP: permanently discontinue the checkpoint inhibitor at grade 3) says about
 * the drug; none for an item without a plan for the immunotherapy, which the review card lists instead.
 */
function unexplainedVerdict(
  ctx: CardContext,
  u: UnexplainedItem,
  cls: TherapyClass,
  knowledge: Knowledge,
): Verdict | undefined {
  const best = strictest(u.management ?? [], classesOf(knowledge), cls);
  if (best === undefined) return undefined;
  return {
    what: describeUnexplained(ctx, u),
    graded: u.grade !== undefined,
    onset: u.at,
    ...best,
  };
}

/** The most restrictive classified immunotherapy line of a plan that applies to class `cls`. */
function strictest(
  items: readonly ManagementItem[],
  classesOf: (id: string) => readonly TherapyClass[] | undefined,
  cls: TherapyClass,
): { decision: DoseDecision; item: ManagementItem } | undefined {
  let best: { decision: DoseDecision; item: ManagementItem } | undefined;
  for (const item of items) {
    if (item.kind !== "immunotherapy") continue;
    const classes = classesOf(item.id);
    if (classes !== undefined && !classes.includes(cls)) continue;
    const decision = DOSE_DECISIONS[item.id];
    if (decision === undefined) continue;
    if (best === undefined || DECISION_ORDER.indexOf(decision) < DECISION_ORDER.indexOf(best.decision)) {
      best = { decision, item };
    }
  }
  return best;
}

const VERBS: Readonly<Record<"stop" | "hold" | "withhold", string>> = {
  stop: "Stop {drug} permanently",
  hold: "Hold {drug}",
  withhold: "Withhold {drug}",
};

/** `definite TTP, grade 2, on record`. */
function onRecord(v: Verdict): string {
  return `${v.what}${v.graded ? "," : ""} on record`;
}

function orderCard(
  ctx: CardContext,
  draft: DraftImmunotherapy,
  card: Omit<Card, "uuid" | "source" | "links" | "overrideReasons">,
  sourceIds: readonly string[],
): Card {
  const topic = { code: "immunotherapy-order", display: `Next dose of ${ctx.names.drug(draft.drug)}` };
  return orderCardOf(ctx, topic, card, sourceIds, OVERRIDE_REASONS);
}

function verdictLine(ctx: CardContext, v: Verdict): string {
  const head = `**${md(v.what)}**${v.onset === undefined ? "" : ` (onset ${v.onset.slice(0, 10)})`}`;
  if (v.item === undefined) {
    return `- ${head}: the plan has no decision for this therapy class; decide with hematology before the next dose.`;
  }
  return `- ${head}: ${md(v.item.action)} (${v.item.sourceIds.map((id) => md(ctx.names.referenceLabel(id))).join(", ")})`;
}

/** The card for one draft immunotherapy order, or none when nothing on record bears on it. */
function draftCard(
  ctx: CardContext,
  draft: DraftImmunotherapy,
  report: PatientReport,
  knowledge: Knowledge,
): IssuedCard | undefined {
  const drug = ctx.names.drug(draft.drug);
  const verdicts = [
    ...report.findings.map((f) => verdictFor(ctx, f, draft.class, knowledge)),
    ...report.unexplained.flatMap((u) => unexplainedVerdict(ctx, u, draft.class, knowledge) ?? []),
  ];
  const blocking = verdicts
    .filter((v) => v.decision !== "no-plan" && BLOCKING.has(v.decision))
    .sort(
      (a, b) =>
        DECISION_ORDER.indexOf(a.decision as DoseDecision) -
        DECISION_ORDER.indexOf(b.decision as DoseDecision),
    );
  const worst = blocking[0];
  const footer = "Decision support, not a diagnosis: check every finding against the patient.";
  if (worst !== undefined) {
    const decision = worst.decision as keyof typeof VERBS;
    const sourceIds = worst.item?.sourceIds ?? [];
    const reference = sourceIds[0] === undefined ? "" : ` (${ctx.names.referenceLabel(sourceIds[0])})`;
    const card = orderCard(
      ctx,
      draft,
      {
        summary: summaryOf(`${VERBS[decision].replace("{drug}", drug)}: ${onRecord(worst)}${reference}`),
        detail: [
          `**The plan for this patient says not to give ${md(drug)} now.**`,
          blocking.map((v) => verdictLine(ctx, v)).join("\n"),
          "Sign only after the oncologist and hematologist have weighed it; choose an override reason if you do.",
          footer,
        ].join("\n\n"),
        indicator: "critical",
        ...removeDraft(ctx, drug, draft.ref),
      },
      sourceIds,
    );
    return { type: `order-${decision}`, card };
  }
  const review = verdicts.filter((v) => v.decision === "decide" || v.decision === "no-plan");
  if (review.length > 0) {
    const first = review[0] as Verdict;
    const card = orderCard(
      ctx,
      draft,
      {
        summary: summaryOf(`Review before signing ${drug}: ${onRecord(first)}`),
        detail: [
          `**Before the next dose of ${md(drug)}**`,
          review.map((v) => verdictLine(ctx, v)).join("\n"),
          footer,
        ].join("\n\n"),
        indicator: "warning",
      },
      first.item?.sourceIds ?? [],
    );
    return { type: "order-review", card };
  }
  if (report.unexplained.length > 0) {
    const n = report.unexplained.length;
    const card = orderCard(
      ctx,
      draft,
      {
        summary: summaryOf(
          `Review before signing ${drug}: ${n === 1 ? "a serious abnormality" : `${n} serious abnormalities`} no disorder explains`,
        ),
        detail: [
          `**Serious abnormalities after immunotherapy that no detected disorder accounts for** — work them up before the next dose of ${md(drug)}.`,
          report.unexplained
            .map(
              (u) =>
                `- ${md(ctx.names.abnormality(u.abnormality))}${u.grade === undefined ? "" : `, grade ${u.grade}`}, ${u.at.slice(0, 10)}: ${md(u.why)}`,
            )
            .join("\n"),
          footer,
        ].join("\n\n"),
        indicator: "warning",
      },
      [],
    );
    return { type: "order-unexplained", card };
  }
  return undefined;
}

/**
 * The cards of the draft immunotherapy orders, then those of the drafts the plans forbid
 * ({@link avoidCards}), then those of the drafts a plan line must reach ({@link noticeCards}). For a patient the record says has died, a warning card saying so comes first
 * (whatever else is on record), and every other card is marked `[Deceased]`.
 */
export function orderCards(
  ctx: CardContext,
  drafts: readonly DraftImmunotherapy[],
  report: PatientReport,
  knowledge: Knowledge,
  avoidables: readonly DraftAvoidable[] = [],
  notices: {
    readonly drafts: readonly DraftNotice[];
    readonly evaluatedAt: string;
    /** The patient's record, for the notices whose facts the report does not hold (a hepatitis B on record). */
    readonly record?: PatientRecord;
  } = {
    drafts: [],
    evaluatedAt: "",
  },
): IssuedCard[] {
  const cards = [
    ...drafts.flatMap((d) => draftCard(ctx, d, report, knowledge) ?? []),
    ...avoidCards(ctx, avoidables, report, knowledge),
    ...noticeCards(ctx, notices.drafts, report, knowledge, notices.evaluatedAt, notices.record),
  ];
  const death = report.deceased;
  if (death === undefined || drafts.length + avoidables.length + notices.drafts.length === 0) return cards;
  const all = [...drafts, ...avoidables, ...notices.drafts];
  const drugs = all.map((d) => draftName(ctx, d));
  // One draft order named by several lists (a rituximab draft is an immunotherapy, an avoidable drug and the drug
  // of a notice; a regimen on one line names two drugs) is removed once, its drugs named together. Before, a
  // rituximab draft for a deceased patient was offered for removal twice.
  const byRef = new Map<string, string[]>();
  const removals: { ref?: string; drug: string }[] = [];
  for (const d of all) {
    const name = draftName(ctx, d);
    if (d.ref === undefined) removals.push({ drug: name });
    else {
      const names = byRef.get(d.ref);
      if (names === undefined) {
        byRef.set(d.ref, [name]);
        removals.push({ ref: d.ref, drug: name });
      } else if (!names.includes(name)) names.push(name);
    }
  }
  for (const r of removals) if (r.ref !== undefined) r.drug = (byRef.get(r.ref) ?? [r.drug]).join(" and ");
  return [deceasedOrderCard(ctx, drugs, death, removals), ...cards.map((c) => markDeceased(c, death, true))];
}
