/**
 * order-sign / order-select cards for a draft ServiceRequest of an operation or a bedside procedure (a lumbar
 * puncture, a central line, an epidural or spinal block, a liver biopsy, a major operation). The draft joins the
 * record the engine evaluates as a planned procedure of the patient (services.ts), so the plan is the one the core
 * gives for that procedure; this card quotes the plan's procedure lines that hold for it: the platelet count the
 * transfusion guidelines ask before it (a lumbar puncture or a central line below 20 ×10⁹/L, AABB/ICTMG 2025, AABB
 * 2015, BSH 2017; an epidural or spinal block below 80, BSH 2017) and the interval ASRA 2018 or CHEST 2022 asks
 * since the last dose of an anticoagulant on record. A `warning`, with the lines' sources: the order is not
 * forbidden, it is to be timed and prepared. No line holding (the count reached, no anticoagulant within its
 * interval), no card.
 */
import type { Knowledge, ManagementItem, PatientReport } from "@hemosentinel/core";
import { type CardContext, type IssuedCard, md, orderCardOf, summaryOf } from "./cards.js";
import type { DraftProcedure } from "./drafts.js";
import { MEASURE_OVERRIDE_REASONS } from "./policy.js";

/** The tag of a plan line that only reassures (knowledge/management/every.yaml): it quotes no measure to take. */
const NO_MEASURE = "no-measure";

/** The planned event kinds a management fact may read (knowledge/management/facts.yaml `event`). */
const PLANNED_KINDS: ReadonlySet<string> = new Set(["procedure-planned", "surgery-planned"]);

interface PlannedFact {
  readonly event: string;
  readonly qualifiers?: readonly string[];
}

/** The fact's rule when it reads a planned procedure (an `event` of a planned kind), else undefined. */
function plannedFact(knowledge: Knowledge, fact: string): PlannedFact | undefined {
  const rule: unknown = (knowledge.managementFacts as Readonly<Record<string, unknown>>)[fact];
  if (typeof rule !== "object" || rule === null) return undefined;
  const { event, qualifiers } = rule as { event?: unknown; qualifiers?: unknown };
  if (typeof event !== "string" || !PLANNED_KINDS.has(event)) return undefined;
  const named = Array.isArray(qualifiers) ? qualifiers.filter((q): q is string => typeof q === "string") : [];
  return { event, ...(named.length > 0 && { qualifiers: named }) };
}

/** Whether a planned fact reads this draft's procedure: the same event kind, and one of its qualifiers if it names any. */
function reads(fact: PlannedFact, draft: DraftProcedure): boolean {
  if (fact.event !== draft.kind) return false;
  return fact.qualifiers === undefined || fact.qualifiers.some((q) => draft.qualifiers.includes(q));
}

/** The knowledge lines a plan line may stand for, by id: every disorder's and the patient's procedure plan's. */
function recommendationsOf(knowledge: Knowledge) {
  return new Map(
    [...Object.values(knowledge.management).flat(), ...(knowledge.unexplained.procedures?.plan ?? [])].map(
      (r) => [r.id, r],
    ),
  );
}

/**
 * The plan lines of the report (every finding's, every unexplained item's and the patient's procedure plan, which
 * holds them when no finding does) whose knowledge line reads a planned procedure and whose every planned fact reads
 * this draft's: the count before a lumbar puncture, not a neuraxial block's line for a central line drafted beside an
 * epidural charted. One line per recommendation, in plan order.
 */
export function procedureLines(
  draft: DraftProcedure,
  report: PatientReport,
  knowledge: Knowledge,
): ManagementItem[] {
  const recommendations = recommendationsOf(knowledge);
  const items = [
    ...report.findings.flatMap((f) => f.management),
    ...report.unexplained.flatMap((u) => u.management ?? []),
    ...(report.procedures?.management ?? []),
  ];
  const seen = new Set<string>();
  return items.filter((item) => {
    const line = recommendations.get(item.id);
    if (line === undefined) return false;
    // A line that only reassures (no measure to take: no interruption, no platelets, no plasma) gives no card.
    if (line.tags?.includes(NO_MEASURE) === true) return false;
    // The planned procedures the line requires (read true): each must be the draft's; of its alternatives (`anyFacts`,
    // when every one is a planned procedure) one must be. A procedure it requires absent (a higher-risk one planned
    // too) does not keep it from the draft: before, a major operation's count was never quoted for a drafted one, as
    // its line requires no cranial operation.
    const required = (line.when.facts ?? []).filter((c) => c.is === true);
    const planned = required.flatMap((c) => plannedFact(knowledge, c.fact) ?? []);
    const alternatives = (line.when.anyFacts ?? []).map((c) => plannedFact(knowledge, c.fact));
    const either = alternatives.every((f) => f !== undefined) ? alternatives.flatMap((f) => f ?? []) : [];
    if (planned.length === 0 && either.length === 0) return false;
    if (!planned.every((f) => reads(f, draft))) return false;
    if (either.length > 0 && !either.some((f) => reads(f, draft))) return false;
    // The same shared line in several plans (the thrombosis's and an ITP's) is quoted once.
    const key = item.id.replace(/^[a-z0-9]+-/, "");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const FOOTER = "Decision support, not a diagnosis: check every finding against the patient.";

/** Facts of the anticoagulant intervals (knowledge/management/facts.yaml): an anticoagulant on record or given. */
function readsAnticoagulant(line: { when: { facts?: readonly { fact: string }[] } } | undefined): boolean {
  return (line?.when.facts ?? []).some((c) => /on-board$|within-(neuraxial|low-risk)-interval$/.test(c.fact));
}

/** The order's name inside a sentence: "Lumbar puncture" lower-cased, "CT-guided biopsy" left as written. */
function inSentence(name: string): string {
  return /^\p{Lu}\p{Ll}/u.test(name) ? `${name.charAt(0).toLowerCase()}${name.slice(1)}` : name;
}

/** The card of one draft procedure, or none when no procedure line of the plan holds for it. */
function procedureCard(
  ctx: CardContext,
  draft: DraftProcedure,
  report: PatientReport,
  knowledge: Knowledge,
): IssuedCard | undefined {
  const lines = procedureLines(draft, report, knowledge);
  if (lines.length === 0) return undefined;
  const recommendations = recommendationsOf(knowledge);
  const anticoagulant = lines.some((l) => readsAnticoagulant(recommendations.get(l.id)));
  const count = lines.some((l) =>
    (recommendations.get(l.id)?.when.facts ?? []).some((c) => c.fact === "platelets"),
  );
  const what = [
    ...(count ? ["platelets below the count it needs"] : []),
    ...(anticoagulant ? ["an anticoagulant within the interval before it"] : []),
  ];
  const sourceIds = [...new Set(lines.flatMap((l) => l.sourceIds))];
  const quoted = lines.map((l) => {
    const sources = l.sourceIds.map((id) => md(ctx.names.referenceLabel(id))).join(", ");
    return `- ${md(l.action)} (${sources})${l.caveat === undefined ? "" : ` — ${md(l.caveat)}`}`;
  });
  const said = what.length === 0 ? "a plan line to act on before it" : what.join(" and ");
  const card = orderCardOf(
    ctx,
    { code: "order-procedure", display: "Order of a procedure the plan has a line for" },
    {
      summary: summaryOf(`Before this ${inSentence(draft.name)}: ${said}`),
      detail: [
        `**This order is weighed as a procedure planned for the patient: ${md(said)}.**`,
        quoted.join("\n"),
        "The order itself is not forbidden: time it and prepare it as the lines say, with the operator and hematology.",
        FOOTER,
      ].join("\n\n"),
      indicator: "warning",
    },
    sourceIds,
    MEASURE_OVERRIDE_REASONS,
  );
  return { type: "order-procedure", card };
}

/**
 * The cards of the draft procedures for which a procedure line of the plan holds, one per draft.
 * @example
 * procedureCards(ctx, drafts, report, knowledge); // [{ type: "order-procedure", card }]
 */
export function procedureCards(
  ctx: CardContext,
  drafts: readonly DraftProcedure[],
  report: PatientReport,
  knowledge: Knowledge,
): IssuedCard[] {
  return drafts.flatMap((d) => procedureCard(ctx, d, report, knowledge) ?? []);
}
