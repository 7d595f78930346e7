/**
 * order-sign / order-select cards for drafts the plan forbids (docs/cds-hooks.md, "Orders the plan
 * forbids"): a draft MedicationRequest of a drug an avoid item of the patient's plans covers — enoxaparin
 * while "HIT suspected: stop all heparin", tranexamic acid beside an acute thrombosis, desmopressin in
 * acquired haemophilia A, bevacizumab after a major bleed — or a draft ServiceRequest of a blood product
 * one covers (plasma in acquired haemophilia A) is a `critical` card quoting the item and its sources.
 * Which drugs and products each avoid tag covers is knowledge data (knowledge/order-avoids.yaml).
 *
 * An item that forbids only some anticoagulant doses is checked against the draft's dose
 * (`dosageInstruction`, read against the drug's prophylactic dose): critical when the dose breaches it, no
 * card when the dose is clearly one the item allows, a `warning` asking to check the dose when it cannot
 * be read. A `warning` too when the draft breaches the item only beside a drug the order does not show
 * (dual antiplatelet therapy), or when the item carries the guideline's own exception (platelets in TTP
 * for serious bleeding or before a high-risk procedure), which the order does not show. No avoid item that
 * covers the draft, no card.
 */
import {
  type AnticoagulationDose,
  dailyDose,
  type Knowledge,
  type ManagementItem,
  type OrderAvoidTag,
  type PatientReport,
  type ProphylacticDose,
} from "@hemosentinel/core";
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
import { type DraftReasons, draftMedications, draftProducts } from "./drafts.js";
import { AVOID_OVERRIDE_REASONS } from "./policy.js";
import type { Card, OrderContext, Resource } from "./schemas.js";

/** What an avoid tag says of an order it covers. */
export type AvoidTagOf = Pick<OrderAvoidTag, "tag" | "only" | "dose">;

/** The draft's dose against the drug's prophylactic dose, or why it was not read. */
export type DraftDose =
  | {
      readonly level: "prophylactic" | "above";
      /** The daily dose read (`80 mg a day`). */
      readonly text: string;
      readonly bound: ProphylacticDose;
    }
  | { readonly level: "unread"; readonly reason: string };

/** A draft order of a drug or blood product that some avoid tag covers. */
export interface DraftAvoidable {
  /** `MedicationRequest/id` or `ServiceRequest/id`, when the draft has an id. */
  readonly ref?: string;
  /** Context-drug id (`enoxaparin`) or blood-product id (`platelets`). */
  readonly drug: string;
  /** How cards name a blood product (`platelet transfusion`); a drug is named by its INN. */
  readonly product?: string;
  /** The avoid tags that cover the draft. */
  readonly tags: readonly AvoidTagOf[];
  /** For a draft a dose-level tag covers: its dose read against the prophylactic dose. */
  readonly dose?: DraftDose;
  /** For a blood product: the reasons the draft gives (an item's exception may be one of them). */
  readonly reasons?: DraftReasons;
}

/** The anticoagulation dose levels that, named together by one avoid item, leave no dose allowed. */
const EVERY_DOSE = ["full", "reduced", "prophylactic"] as const;

/** The draft's daily dose against the drug's prophylactic dose. */
function doseOf(order: Resource, drug: string, knowledge: Knowledge): DraftDose {
  const bound = knowledge.orderAvoids.prophylacticDoses.find((d) => d.drug === drug);
  if (bound === undefined)
    return { level: "unread", reason: "the knowledge base holds no prophylactic dose of this drug" };
  const dose = dailyDose(order.dosageInstruction, bound.unit);
  if (!dose.read) return { level: "unread", reason: dose.reason };
  // Given more often than the prophylactic regimen (dabigatran twice daily), it is a treatment regimen.
  const often = bound.timesPerDay !== undefined && dose.timesPerDay > bound.timesPerDay;
  const text = often ? `${dose.text}, given ${dose.timesPerDay} times a day` : dose.text;
  return { level: dose.perDay <= bound.dailyAmount && !often ? "prophylactic" : "above", text, bound };
}

/**
 * The draft orders (for order-select, the selected ones) of drugs and blood products an avoid tag of the
 * plans covers; an anticoagulant a dose-level tag covers carries its dose.
 * @example
 * draftAvoidables(context, knowledge); // [{ ref: "MedicationRequest/1", drug: "enoxaparin", tags: [heparin, …], dose: … }]
 */
export function draftAvoidables(context: OrderContext, knowledge: Knowledge): DraftAvoidable[] {
  const drugs = draftMedications(context, knowledge).flatMap(({ ref, order, match }) => {
    // An immunotherapy drug has no context roles: a tag names it by id (rituximab beside a severe infection).
    const roles = match.kind === "context" ? match.roles : [];
    const tags = knowledge.orderAvoids.tags.filter(
      (t) => t.drugs.includes(match.drug) || t.roles.some((r) => roles.includes(r)),
    );
    if (tags.length === 0) return [];
    const dosed = tags.some((t) => t.dose !== undefined);
    return [
      {
        ...(ref !== undefined && { ref }),
        drug: match.drug,
        tags,
        ...(dosed && { dose: doseOf(order, match.drug, knowledge) }),
      },
    ];
  });
  const products = draftProducts(context, knowledge).map(({ ref, product, reasons }) => ({
    ...(ref !== undefined && { ref }),
    drug: product.id,
    product: product.display,
    tags: product.tags.map((tag) => ({ tag })),
    ...(reasons !== undefined && { reasons }),
  }));
  return [...drugs, ...products];
}

/** How cards name the draft: the drug's INN, or the blood product. */
export function draftName(ctx: CardContext, draft: Pick<DraftAvoidable, "drug" | "product">): string {
  return draft.product ?? ctx.names.drug(draft.drug);
}

/** One avoid item of the patient's plans that covers the draft, with what carries it in the report. */
interface Breach {
  readonly item: ManagementItem;
  /** The findings and named unexplained items whose plans carry the item, in running text. */
  readonly where: readonly string[];
  /** Undefined when the item forbids the draft outright; else the circumstances in which it does. */
  readonly only?: readonly string[];
  /** The guideline's exception the item carries (`bleeding is serious or life-threatening, …`). */
  readonly except?: string;
  /** The item forbids some doses, and the draft's dose decided it. */
  readonly byDose?: true;
}

type Verdict = "outright" | "check" | "allowed";

/** What dose-level tags (one item's) say of the draft's dose. */
function doseVerdict(levels: ReadonlySet<AnticoagulationDose>, dose: DraftDose | undefined): Verdict {
  if (EVERY_DOSE.every((d) => levels.has(d))) return "outright";
  if (dose?.level === "prophylactic") return levels.has("prophylactic") ? "outright" : "allowed";
  if (dose?.level === "above") return levels.has("full") && levels.has("reduced") ? "outright" : "check";
  return "check";
}

/**
 * The avoid items of the report's plans — each finding's, each named unexplained pattern's (a TMA that
 * is not TTP carries the shared lines too) and the patient's procedure plan — that cover the draft, in plan order, each once; an item whose
 * doses the draft's dose clearly keeps to is left out.
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
    // The patient's procedure plan: bevacizumab before a planned operation is barred with or without a finding.
    ...(report.procedures === undefined
      ? []
      : [{ what: "the procedure planned", items: report.procedures.management }]),
  ];
  const byTag = new Map(draft.tags.map((t) => [t.tag, t]));
  const out = new Map<string, Breach & { where: string[] }>();
  const skipped = new Set<string>();
  for (const plan of plans) {
    for (const item of plan.items) {
      if (item.kind !== "avoid" || skipped.has(item.id)) continue;
      const seen = out.get(item.id);
      if (seen !== undefined) {
        seen.where.push(plan.what);
        continue;
      }
      const recommendation = recommendationOf(knowledge, item.id);
      const hits = (recommendation?.avoids ?? []).flatMap((tag) => byTag.get(tag) ?? []);
      if (hits.length === 0) continue;
      const dosed = hits.flatMap((t) => t.dose ?? []);
      const others = hits.filter((t) => t.dose === undefined);
      const verdicts: Verdict[] = [
        ...(dosed.length > 0 ? [doseVerdict(new Set(dosed), draft.dose)] : []),
        ...others.map((t): Verdict => (t.only === undefined ? "outright" : "check")),
      ];
      // The draft's reason is the circumstance the guideline's exception names (platelets in TTP for a
      // life-threatening bleed): the item allows it.
      const shown = recommendation?.exceptReasons?.some((r) => draft.reasons?.ids.includes(r)) === true;
      if (verdicts.every((v) => v === "allowed") || shown) {
        skipped.add(item.id);
        continue;
      }
      const except = recommendation?.except;
      const outright = verdicts.includes("outright") && except === undefined;
      const only = outright ? undefined : [...new Set(hits.flatMap((t) => t.only ?? []))];
      out.set(item.id, {
        item,
        where: [plan.what],
        ...(only !== undefined && { only }),
        ...(except !== undefined && { except }),
        ...(dosed.length > 0 && draft.dose !== undefined && { byDose: true as const }),
      });
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
  const topic = { code: "avoided-order", display: `Order of ${objectOf(ctx, draft)} the plan forbids` };
  return orderCardOf(ctx, topic, card, sourceIds, reasons);
}

/** What a sentence gives or orders: `enoxaparin`, `a platelet transfusion`. */
function objectOf(ctx: CardContext, draft: DraftAvoidable): string {
  return draft.product === undefined ? ctx.names.drug(draft.drug) : `a ${draft.product}`;
}

/** An action without its parenthesised asides, for a summary line (the detail quotes it whole). */
function withoutAsides(action: string): string {
  return action.replace(/\s*\([^()]*\)/g, "");
}

/** `a`, `a or b`, `a, b or c`. */
function inWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} or ${parts.at(-1)}`;
}

/** What the card says of the draft's dose, when an item that forbids some doses was weighed against it. */
function doseLine(ctx: CardContext, draft: DraftAvoidable, breaches: readonly Breach[]): string | undefined {
  const dose = draft.dose;
  if (dose === undefined || !breaches.some((b) => b.byDose === true)) return undefined;
  if (dose.level === "unread") return `Dose: ${md(dose.reason)}; check it against these lines.`;
  const sources = dose.bound.sourceIds.map((id) => md(ctx.names.referenceLabel(id))).join(", ");
  if (dose.bound.dailyAmount === 0)
    return `Dose: ${md(dose.text)}; ${md(ctx.names.drug(draft.drug))} has no prophylactic regimen (${sources}): every dose of it is a reduced or full dose.`;
  const prophylactic = `the prophylactic ${md(dose.bound.regimen)} (${sources})`;
  return dose.level === "prophylactic"
    ? `Dose: ${md(dose.text)}, no more than ${prophylactic}.`
    : `Dose: ${md(dose.text)}, above ${prophylactic} — a reduced or full dose (which of the two depends on body weight, which is not read).`;
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
  const name = draftName(ctx, draft);
  const object = objectOf(ctx, draft);
  const outright = all.filter((b) => b.only === undefined && b.except === undefined);
  if (outright.length > 0) {
    const first = outright[0] as Breach;
    const card = avoidCard(
      ctx,
      draft,
      {
        summary: summaryOf(`Do not give ${object}: ${withoutAsides(first.item.action)}`),
        detail: [
          `**The plan for this patient forbids ${md(object)}.**`,
          outright.map((b) => breachLine(ctx, b)).join("\n"),
          doseLine(ctx, draft, outright),
          "Sign only after hematology has weighed it; choose an override reason if you do.",
          FOOTER,
        ]
          .filter((p) => p !== undefined)
          .join("\n\n"),
        indicator: "critical",
        ...removeDraft(ctx, name, draft.ref),
      },
      first.item.sourceIds,
      AVOID_OVERRIDE_REASONS.filter((r) => r.code !== "order-allowed"),
    );
    return { type: "order-avoid", card };
  }
  const first = all[0] as Breach;
  const when = [...new Set(all.flatMap((b) => b.only ?? []))];
  const unless = [...new Set(all.flatMap((b) => b.except ?? []))];
  const forbids = [
    ...(when.length > 0 ? [inWords(when)] : []),
    ...(unless.length > 0 ? [`unless ${inWords(unless.map((u) => u.replace(/\.$/, "")))}`] : []),
  ].join(", ");
  const dose = doseLine(ctx, draft, all);
  const reason = draft.reasons?.text;
  const notShown =
    unless.length > 0
      ? reason !== undefined
        ? `The order's reason, “${md(reason)}”, is not one these lines allow it for: check it against them.`
        : "The order gives no reason that shows whether that is so: check it against these lines."
      : dose === undefined
        ? "The draft's dose and the other drugs taken are not checked here: check the order against these lines."
        : "Check the order against these lines.";
  const card = avoidCard(
    ctx,
    draft,
    {
      summary: summaryOf(
        when.length > 0
          ? `Check the ${name} order: the plan forbids it ${inWords(when)}`
          : `Check the ${name} order: the plan allows it only in the circumstances it names`,
      ),
      detail: [
        `**The plan for this patient forbids ${md(object)} ${md(forbids)}.** ${notShown}`,
        all.map((b) => breachLine(ctx, b)).join("\n"),
        dose,
        FOOTER,
      ]
        .filter((p) => p !== undefined)
        .join("\n\n"),
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
