/**
 * order-sign / order-select cards for orders no plan forbids but a plan line must reach
 * (knowledge/order-avoids.yaml `notices`): a draft red-cell transfusion for a patient given daratumumab or
 * isatuximab in the last 6 months is a `warning` quoting the blood-bank line (management every.yaml
 * anti-cd38-blood-bank) with its sources — whether or not the patient has a finding, since the drug on the
 * red cells makes the antibody screen and crossmatch positive for any transfusion. The line's facts are read
 * from the report's immunotherapy exposures by the planner's own reading (core `antiCd38Recent`): an antibody of
 * the fact's targets given by the evaluation time, its last dose within the fact's days.
 * A draft rituximab for a patient with hepatitis B on record (HBsAg or anti-HBc positive, or a hepatitis B
 * charted, read by the planner's own reading of `hepatitis-b-on-record`, core `hepatitisBEvidence`) and no entecavir or tenofovir
 * taken at the evaluation (the notice's `unlessRoles`) is a `warning` quoting the prophylaxis line.
 */
import {
  antiCd38Recent,
  calendarDate,
  hepatitisBEvidence,
  instant,
  type Knowledge,
  type OrderNotice,
  type PatientRecord,
  type PatientReport,
} from "@hemosentinel/core";
import { type CardContext, type IssuedCard, md, orderCardOf, summaryOf } from "./cards.js";
import { draftNotices } from "./drafts.js";
import { MEASURE_OVERRIDE_REASONS, NOTICE_OVERRIDE_REASONS } from "./policy.js";
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
 * What makes `hepatitis-b-on-record` hold at `evaluatedAt`, in words: each positive result of the fact's labs and
 * each charted event of its kinds, dated by then — the evidence the planner reads (core `hepatitisBEvidence`), so
 * the card and the plan cannot disagree.
 */
export function hepatitisBInWords(
  record: PatientRecord | undefined,
  knowledge: Knowledge,
  evaluatedAt: string,
): Evidence[] {
  if (record === undefined) return [];
  const { labs, events } = hepatitisBEvidence(record, knowledge, evaluatedAt);
  return [
    ...labs.map((l) => {
      const name = knowledge.vocabulary.labById(l.lab)?.name ?? l.lab;
      // The abbreviation a lab's name ends with ("… (HBsAg)") names it in the summary.
      const short = /\(([^)]+)\)$/.exec(name)?.[1] ?? name;
      return { short: `${short} positive`, long: `${name} positive (${calendarDate(l.at)})` };
    }),
    ...events.map((e) => ({
      short: "hepatitis B charted",
      long: `hepatitis B charted (${calendarDate(e.at)})`,
    })),
  ];
}

/** What on record makes a notice's fact hold: `short` for the summary, `long` (dated) for the detail. */
export interface Evidence {
  readonly short: string;
  readonly long: string;
}

/** The context drugs of these roles taken at `evaluatedAt` (started by then, no end or an end not before it). */
function takenAt(record: PatientRecord | undefined, roles: readonly string[], evaluatedAt: string) {
  const now = instant(evaluatedAt);
  return (record?.contextDrugs ?? []).filter(
    (c) =>
      c.roles.some((r) => roles.includes(r)) &&
      instant(c.start) <= now &&
      (c.end === undefined || instant(c.end) >= now),
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
  record: PatientRecord | undefined,
): IssuedCard | undefined {
  // Only these facts are read (checked against the plans when the knowledge compiles); any other fact of a line
  // is unknown here, and the compiled knowledge lets it stand only where its condition then holds.
  const given = antiCd38Recent(report.exposures, knowledge, evaluatedAt);
  const hepatitisB = hepatitisBInWords(record, knowledge, evaluatedAt);
  const known: Readonly<Record<string, boolean>> = {
    "anti-cd38-antibody-recent": given.length > 0,
    "hepatitis-b-on-record": hepatitisB.length > 0,
  };
  // A recommendation of that id, or a shared line of management/every.yaml as the first plan carries it.
  const recommendations = Object.values(knowledge.management).flat();
  const lines = draft.notice.lines.flatMap(
    (id) =>
      recommendations.find((r) => r.id === id) ?? recommendations.find((r) => r.id.endsWith(`-${id}`)) ?? [],
  );
  const holds = (l: (typeof lines)[number]) =>
    (l.when.facts ?? []).every((c) => {
      const value = known[c.fact];
      if (value === undefined || !("is" in c) || c.is === undefined) return c.ifUnknown === true;
      return value === c.is;
    });
  if (!lines.every(holds)) return undefined;
  const first = lines[0];
  if (first === undefined) return undefined;
  // The line's own measure already taken (an antiviral on record for the hepatitis B): no card.
  if (takenAt(record, draft.notice.unlessRoles, evaluatedAt).length > 0) return undefined;
  if (draft.notice.summary !== undefined) {
    const evidence: Readonly<Record<string, readonly Evidence[]>> = {
      "anti-cd38-antibody-recent": given.map((e) => ({
        short: ctx.names.drug(e.drug),
        long: `${ctx.names.drug(e.drug)} (last dose ${calendarDate(e.last)})`,
      })),
      "hepatitis-b-on-record": hepatitisB,
    };
    const read = new Set<string>(lines.flatMap((l) => (l.when.facts ?? []).map((c) => c.fact)));
    const named = Object.entries(evidence).flatMap(([fact, words]) => (read.has(fact) ? words : []));
    return evidenceCard(ctx, draft, draft.notice.summary, named, lines);
  }
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

/** A notice's card in the knowledge's words: its summary, the evidence on record, the lines quoted with sources. */
function evidenceCard(
  ctx: CardContext,
  draft: DraftNotice,
  summary: string,
  evidence: readonly Evidence[],
  lines: readonly { action: string; sourceIds: readonly string[]; caveat?: string | undefined }[],
): IssuedCard {
  const sourceIds = [...new Set([...lines.flatMap((l) => l.sourceIds), ...draft.notice.sourceIds])];
  const quoted = lines.map((l) => {
    const sources = l.sourceIds.map((id) => md(ctx.names.referenceLabel(id))).join(", ");
    return `- ${md(l.action)} (${sources})${l.caveat === undefined ? "" : ` — ${md(l.caveat)}`}`;
  });
  const onRecord = inWords([...new Set(evidence.map((e) => e.long))]);
  const briefly = inWords([...new Set(evidence.map((e) => e.short))]);
  const card = orderCardOf(
    ctx,
    { code: "order-notice", display: `Order of ${draft.product} the plan has a line for` },
    {
      summary: summaryOf(`${summary}: ${briefly} on record`),
      detail: [
        `**On record: ${md(onRecord)}. ${md(summary)}.**`,
        quoted.join("\n"),
        `The order itself is not forbidden: ${md(draft.product)} remains usable with the measure this line names.`,
        FOOTER,
      ].join("\n\n"),
      indicator: "warning",
    },
    sourceIds,
    MEASURE_OVERRIDE_REASONS,
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
  record?: PatientRecord,
): IssuedCard[] {
  return drafts.flatMap((d) => noticeCard(ctx, d, report, knowledge, evaluatedAt, record) ?? []);
}
