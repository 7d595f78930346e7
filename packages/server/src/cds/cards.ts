/**
 * CDS Hooks cards from a patient's report (docs/cds-hooks.md, "Cards"): one card per finding, one
 * `warning` card for the serious abnormalities no disorder explains, one `warning` card for the plan before a
 * procedure planned in the chart, one `info` card naming the data
 * that could not be read. Summaries stay under 140 characters; `detail` is markdown with the criteria
 * trace and the cited plan; the recommended lab work-up comes as ServiceRequest suggestions with LOINC
 * codes; every card links to the patient's report page.
 */
import {
  atlasPath,
  type Death,
  distinctLines,
  type Finding,
  type Knowledge,
  type ManagementItem,
  type PatientReport,
  PROCEDURES_HEADING,
  PROCEDURES_NOTE,
  plannedText,
  procedureSummary,
  type Recommendation,
  type UnexplainedItem,
  unexplainedPlans,
  type WorkupItem,
} from "@hemosentinel/core";
import { inRunningText, type Names } from "./names.js";
import { BLOCKING, DECISION_ORDER, DOSE_DECISIONS, type DoseDecision, indicatorOf } from "./policy.js";
import { type Gap, type GapReason, PREFETCH_LABELS } from "./prefetch.js";
import type { Card, Coding, Source, Suggestion } from "./schemas.js";

/** A card and its type (`finding-ttp`, `unexplained`, `data-gaps`, `order-hold`, …) for the feedback store. */
export interface IssuedCard {
  readonly type: string;
  readonly card: Card;
}

export interface CardContext {
  readonly names: Names;
  /** The knowledge version, named in each card's source. */
  readonly knowledgeVersion: string;
  /** The patient's report page (the web app's when it is served). */
  readonly reportUrl: string;
  /** The web app's base URL, when known: finding cards then link to the disorder's atlas page. */
  readonly webUrl?: string;
  /** A new UUID for a card or suggestion. */
  readonly newId: () => string;
  /** The FHIR timeout, named when a read timed out. */
  readonly fhirTimeoutMs: number;
}

/** The topic code system of HemoSentinel's cards (`card.source.topic`). */
export const TOPIC_SYSTEM = "urn:hemosentinel:cds:topic";
const MAX_SUMMARY = 139;

/** `text` cut to the spec's summary length (under 140 characters). */
export function summaryOf(text: string): string {
  return text.length <= MAX_SUMMARY ? text : `${text.slice(0, MAX_SUMMARY - 1).trimEnd()}…`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Escapes the markdown that would change how a line reads. */
export function md(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, "\\$1");
}

/** The card source: HemoSentinel with the primary reference, and the topic. */
export function sourceOf(ctx: CardContext, sourceIds: readonly string[], topic: Coding): Source {
  const primary = sourceIds[0];
  const url = primary === undefined ? undefined : ctx.names.referenceUrl(primary);
  const label =
    primary === undefined
      ? `HemoSentinel (knowledge ${ctx.knowledgeVersion})`
      : `HemoSentinel · ${ctx.names.referenceLabel(primary)}`;
  return { label, ...(url !== undefined && { url }), topic };
}

/**
 * The source of a finding's card: the disorder's page in the web app's knowledge atlas (criteria,
 * management and every reference behind the card) when the web app's URL is known, else the card source
 * with the primary reference.
 */
export function findingSource(ctx: CardContext, f: Finding, sourceIds: readonly string[]): Source {
  const topic = { system: TOPIC_SYSTEM, code: f.disorder, display: ctx.names.disorder(f.disorder) };
  if (ctx.webUrl === undefined) return sourceOf(ctx, sourceIds, topic);
  return {
    label: `HemoSentinel knowledge atlas · ${ctx.names.disorder(f.disorder)}`,
    url: `${ctx.webUrl}${atlasPath("disorder", f.disorder)}`,
    topic,
  };
}

/** The report link every card carries. */
export function reportLink(ctx: CardContext) {
  return [{ label: "HemoSentinel report for this patient", url: ctx.reportUrl, type: "absolute" as const }];
}

/** SNOMED CT 108252007 Laboratory procedure, the category of a laboratory ServiceRequest (R4 example binding). */
const LABORATORY_PROCEDURE = {
  system: "http://snomed.info/sct",
  code: "108252007",
  display: "Laboratory procedure",
} as const;

/** One ServiceRequest suggestion per lab test of the work-up (tests without a LOINC code are in the detail). */
export function workupSuggestions(
  ctx: CardContext,
  workup: readonly WorkupItem[],
  patientId: string,
): Suggestion[] {
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const w of workup) {
    if (w.loinc === undefined || seen.has(w.loinc)) continue;
    seen.add(w.loinc);
    out.push({
      label: `Order ${w.test}`,
      uuid: ctx.newId(),
      actions: [
        {
          type: "create",
          description: `Order ${w.test} (LOINC ${w.loinc}): ${w.why}`,
          resource: {
            resourceType: "ServiceRequest",
            status: "draft",
            intent: "proposal",
            category: [{ coding: [LABORATORY_PROCEDURE] }],
            // Coding.display must be the code system's own display (FHIR R4 Coding): LOINC's long name is
            // not in the knowledge base, so the coding carries none and the test's name is the text.
            code: { coding: [{ system: "http://loinc.org", code: w.loinc }], text: w.test },
            subject: { reference: `Patient/${patientId}` },
            reasonCode: [{ text: w.why }],
          },
        },
      ],
    });
  }
  return out;
}

function withSuggestions(card: Card, suggestions: readonly Suggestion[]): Card {
  return suggestions.length === 0
    ? card
    : { ...card, suggestions: [...suggestions], selectionBehavior: "any" };
}

function sourcesSection(ctx: CardContext, ids: readonly string[]): string {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return "";
  const lines = unique.map((id) => {
    const url = ctx.names.referenceUrl(id);
    const citation = md(ctx.names.citation(id));
    return url === undefined ? `- [${id}] ${citation}` : `- [${id}] ${citation} <${url}>`;
  });
  return `**Sources**\n\n${lines.join("\n")}`;
}

const KIND_LABELS: Readonly<Record<ManagementItem["kind"], string>> = {
  immunotherapy: "Immunotherapy",
  "first-line": "First line",
  "second-line": "Second line",
  supportive: "Supportive",
  avoid: "AVOID",
  rechallenge: "Rechallenge",
  monitor: "Monitor",
};

const STATUS_MARKS = { met: "met", unmet: "not met", missing: "no data" } as const;

/** Plan items as card lines (a finding's plan, a named unexplained item's next steps): kind, urgency, sources, caveat. */
function planLines(items: readonly ManagementItem[]): string {
  return items
    .map(
      (m) =>
        `- *${KIND_LABELS[m.kind]}*: ${m.urgent ? "**Urgent:** " : ""}${md(m.action)} (${m.sourceIds.map(md).join(", ")})${m.caveat === undefined ? "" : `  \n  Caveat: ${md(m.caveat)}`}`,
    )
    .join("\n");
}

/** The most restrictive decision of a finding's plan on the immunotherapy, with the item it comes from. */
export function planDecision(finding: Finding): { decision: DoseDecision; item: ManagementItem } | undefined {
  let best: { decision: DoseDecision; item: ManagementItem } | undefined;
  for (const item of finding.management) {
    if (item.kind !== "immunotherapy") continue;
    const decision = DOSE_DECISIONS[item.id];
    if (decision === undefined) continue;
    if (best === undefined || DECISION_ORDER.indexOf(decision) < DECISION_ORDER.indexOf(best.decision)) {
      best = { decision, item };
    }
  }
  return best;
}

const DECISION_HINTS: Readonly<Record<DoseDecision, string>> = {
  stop: "stop the immunotherapy permanently",
  hold: "hold the immunotherapy",
  withhold: "withhold further doses",
  decide: "decide on the next dose",
  continue: "the immunotherapy may continue",
  "not-applicable": "treat per the cited plan",
};

function findingHeadline(ctx: CardContext, f: Finding): string {
  const grade = f.grade === undefined ? "" : `, grade ${f.grade}`;
  const onset =
    f.onset?.drug === undefined
      ? ""
      : `, after ${ctx.names.drug(f.onset.drug)}${f.onset.daysFromFirstDose === undefined ? "" : ` (day ${f.onset.daysFromFirstDose})`}`;
  // A charted event whose certainty grades only its link to the drug: the headline never doubts the event.
  if (f.certaintyOf === "attribution")
    return `${capitalise(ctx.names.disorderShort(f.disorder))} charted${grade}; link to ${f.onset?.drug === undefined ? "the immunotherapy" : ctx.names.drug(f.onset.drug)} ${f.certainty}${f.onset?.daysFromFirstDose === undefined ? "" : ` (day ${f.onset.daysFromFirstDose})`}`;
  return `${capitalise(f.certainty)} ${ctx.names.disorderShort(f.disorder)}${grade}${onset}`;
}

function findingDetail(ctx: CardContext, f: Finding, why: string): string {
  const parts: string[] = [`**${md(f.summary)}**`];
  if (f.gradeBasis !== undefined) parts.push(`Grade basis: ${md(f.gradeBasis)}`);
  const criteria = f.criteria.map(
    (c) =>
      `- ${STATUS_MARKS[c.status]}: ${md(c.label)}${c.detail === undefined ? "" : ` — ${md(c.detail)}`}${c.charted ? " (charted)" : ""}`,
  );
  parts.push(`**Criteria**\n\n${criteria.join("\n")}`);
  const weighing = f.differentials.filter((d) => d.status !== "unmet");
  if (weighing.length > 0) {
    const lines = weighing.map(
      (d) =>
        `- ${STATUS_MARKS[d.status]}: ${md(d.label)} (would ${d.effect} the finding)${d.detail === undefined ? "" : ` — ${md(d.detail)}`}`,
    );
    parts.push(`**Competing explanations**\n\n${lines.join("\n")}`);
  }
  if (f.scores.length > 0) {
    parts.push(
      `**Scores**\n\n${f.scores.map((s) => `- ${md(s.id)}: ${s.value ?? "not computable"} — ${md(s.interpretation)}`).join("\n")}`,
    );
  }
  if (f.management.length > 0) parts.push(`**Plan**\n\n${planLines(f.management)}`);
  if (f.workup.length > 0) {
    parts.push(
      `**Tests that would settle it**\n\n${f.workup.map((w) => `- ${md(w.test)}: ${md(w.why)}`).join("\n")}`,
    );
  }
  parts.push(`Urgency: ${md(why)}`);
  parts.push(
    sourcesSection(
      ctx,
      f.management.flatMap((m) => m.sourceIds),
    ),
  );
  parts.push("Decision support, not a diagnosis: check every finding against the patient.");
  return parts.filter((p) => p !== "").join("\n\n");
}

/** The card of one finding. */
export function findingCard(ctx: CardContext, f: Finding, patientId: string): IssuedCard {
  const rule = indicatorOf(f);
  const decision = planDecision(f);
  const hint = decision === undefined ? "" : `: ${DECISION_HINTS[decision.decision]}`;
  const sourceIds = [
    ...(decision?.item.sourceIds ?? []),
    ...rule.sourceIds,
    ...f.management.flatMap((m) => m.sourceIds),
  ];
  const card: Card = {
    uuid: ctx.newId(),
    summary: summaryOf(`${findingHeadline(ctx, f)}${hint}`),
    detail: findingDetail(ctx, f, rule.why),
    indicator: rule.indicator,
    source: findingSource(ctx, f, sourceIds),
    links: reportLink(ctx),
  };
  return {
    type: `finding-${f.disorder}`,
    card: withSuggestions(card, workupSuggestions(ctx, f.workup, patientId)),
  };
}

/**
 * An unexplained item's name for a summary: a named pattern's label up to its advice
 * (`Thrombotic microangiopathy with ADAMTS13 > 20 % — not TTP`, without `: consider …`), so that the
 * grade, date and decision fit in 140 characters; the detail keeps the whole label.
 */
export function abnormalityShort(ctx: CardContext, id: string): string {
  const name = ctx.names.abnormality(id);
  const cut = name.indexOf(": ");
  return cut < 0 ? name : name.slice(0, cut);
}

function unexplainedLine(ctx: CardContext, u: UnexplainedItem, short = false): string {
  const grade = u.grade === undefined ? "" : `grade ${u.grade} `;
  const value = u.value === undefined ? "" : ` (${u.value}${u.unit === undefined ? "" : ` ${u.unit}`})`;
  const name = short ? abnormalityShort(ctx, u.abnormality) : ctx.names.abnormality(u.abnormality);
  return `${grade}${inRunningText(name)}${value} on ${u.at.slice(0, 10)}`;
}

/** The most restrictive decision of a named pattern's own plan on the immunotherapy, when it has one. */
function unexplainedDecision(u: UnexplainedItem): DoseDecision | undefined {
  const decisions = (u.management ?? []).flatMap((m) =>
    m.kind === "immunotherapy" && DOSE_DECISIONS[m.id] !== undefined
      ? [DOSE_DECISIONS[m.id] as DoseDecision]
      : [],
  );
  return decisions.sort((a, b) => DECISION_ORDER.indexOf(a) - DECISION_ORDER.indexOf(b))[0];
}

/**
 * One item's summary: its plan's decision on the immunotherapy when that blocks the next dose (`… — not
 * TTP on 2024-02-20: stop the immunotherapy permanently`), else that it needs a work-up.
 */
function unexplainedSummary(ctx: CardContext, u: UnexplainedItem): string {
  const decision = unexplainedDecision(u);
  return decision !== undefined && BLOCKING.has(decision)
    ? `Unexplained ${unexplainedLine(ctx, u, true)}: ${DECISION_HINTS[decision]}`
    : `Unexplained ${unexplainedLine(ctx, u, true)} after immunotherapy: work it up`;
}

/** The `warning` card of the serious abnormalities no finding accounts for; none when there are none. */
export function unexplainedCard(
  ctx: CardContext,
  items: readonly UnexplainedItem[],
  patientId: string,
): IssuedCard | undefined {
  const first = items[0];
  if (first === undefined) return undefined;
  const summary =
    items.length === 1
      ? unexplainedSummary(ctx, first)
      : `${items.length} serious abnormalities after immunotherapy that no disorder explains: work them up`;
  const lines = items.map((u) => `- ${md(capitalise(unexplainedLine(ctx, u)))}: ${md(u.why)}`);
  const workup = items.flatMap((u) => u.workup);
  const tests = [...new Map(workup.map((w) => [w.id, w])).values()];
  // A named pattern (a thrombotic microangiopathy that is not TTP) carries its own cited plan.
  // Each line once: two items' plans may carry the same line (the HLH treatment under two cytopenias).
  const plan = distinctLines(items.flatMap((u) => u.management ?? []));
  const detail = [
    "**Serious abnormalities after an immunotherapy exposure that no detected disorder accounts for**",
    lines.join("\n"),
    tests.length === 0
      ? ""
      : `**Work-up**\n\n${tests.map((w) => `- ${md(w.test)}: ${md(w.why)}`).join("\n")}`,
    plan.length === 0 ? "" : `**Next steps**\n\n${planLines(plan)}`,
    sourcesSection(ctx, [...tests.flatMap((w) => w.sourceIds), ...plan.flatMap((m) => m.sourceIds)]),
    "Decision support, not a diagnosis: check every finding against the patient.",
  ]
    .filter((p) => p !== "")
    .join("\n\n");
  const card: Card = {
    uuid: ctx.newId(),
    summary: summaryOf(summary),
    detail,
    indicator: "warning",
    source: sourceOf(
      ctx,
      tests.flatMap((w) => w.sourceIds),
      {
        system: TOPIC_SYSTEM,
        code: "unexplained",
        display: "Unexplained serious abnormality after immunotherapy",
      },
    ),
    links: reportLink(ctx),
  };
  return { type: "unexplained", card: withSuggestions(card, workupSuggestions(ctx, tests, patientId)) };
}

function gapReasonText(reason: GapReason, timeoutMs: number): string {
  switch (reason) {
    case "no-fhir-server":
      return "not in the prefetch, and the request names no FHIR server to read it from";
    case "unreachable":
      return "the FHIR server could not be reached";
    case "timeout":
      return `the FHIR server did not answer within ${timeoutMs} ms`;
    case "unauthorized":
      return "the FHIR server refused the access token";
    case "not-found":
      return "the FHIR server does not have it";
    case "server-error":
      return "the FHIR server answered with an error";
    case "not-fhir":
      return "what came back was not a FHIR resource";
    case "operation-outcome":
      return "the EHR sent an error (OperationOutcome) instead of the data";
    case "incomplete":
      return "only part of the results could be read (further pages)";
    case "insecure":
      return "the request's FHIR server is not https, and the access token is never sent unencrypted";
    case "medication-unresolved":
      return "records name their drug by a Medication that was neither sent nor readable from the FHIR server: a drug is read from the reference's display where it names one, otherwise which drug was given is unknown";
  }
}

/** The `info` card naming what could not be read; none when everything was. */
export function gapCard(ctx: CardContext, gaps: readonly Gap[]): IssuedCard | undefined {
  if (gaps.length === 0) return undefined;
  const labels = gaps.map((g) => `${PREFETCH_LABELS[g.key]}${g.partial ? " (in part)" : ""}`);
  const lines = gaps.map(
    (g) =>
      `- ${capitalise(PREFETCH_LABELS[g.key])}${g.partial ? " (in part)" : ""}: ${gapReasonText(g.reason, ctx.fhirTimeoutMs)}`,
  );
  return recordNotice(
    ctx,
    { code: "data-gaps", display: "Data that could not be read" },
    "info",
    `HemoSentinel could not read ${labels.join(", ")}: findings may be missing`,
    [
      "**Data HemoSentinel could not read**",
      lines.join("\n"),
      "The assessment used everything else. A finding may be missing or less certain than it would be with the complete record; missing data is never read as normal.",
    ],
  );
}

/**
 * The `info` card of a patient exposed to immunotherapy whose record holds no usable laboratory result
 * (`noLabResults`): nothing could be sought, which no card at all would let a reader take for a clean
 * record. None when a finding or an unexplained item stands, or when there is no exposure.
 */
export function noLabResultsCard(ctx: CardContext, report: PatientReport): IssuedCard | undefined {
  if (report.noLabResults !== true || report.exposures.length === 0) return undefined;
  if (report.findings.length > 0 || report.unexplained.length > 0) return undefined;
  return recordNotice(
    ctx,
    { code: "no-lab-results", display: "No laboratory result in the record" },
    "info",
    "No laboratory result in the record: HemoSentinel could not screen this patient after immunotherapy",
    [
      "**The record holds no usable laboratory result**",
      "No blood count, coagulation test or chemistry could be read, so no disorder and no serious abnormality could be sought. This is not a normal result: check that the laboratory results reach the record.",
    ],
  );
}

/**
 * A card about the record rather than a finding (data that could not be read, another patient's records, a
 * death), its type the code of its topic.
 */
function recordNotice(
  ctx: CardContext,
  topic: { readonly code: string; readonly display: string },
  indicator: Card["indicator"],
  summary: string,
  detail: readonly string[],
): IssuedCard {
  const card: Card = {
    uuid: ctx.newId(),
    summary: summaryOf(summary),
    detail: detail.join("\n\n"),
    indicator,
    source: sourceOf(ctx, [], { system: TOPIC_SYSTEM, ...topic }),
    links: reportLink(ctx),
  };
  return { type: topic.code, card };
}

/**
 * The `warning` card for records the EHR sent that are not this patient's (their subject names another
 * patient, one not in the data, or none) and were therefore not read; none when there are none. It names how
 * many and why, never whose.
 */
export function strayCard(ctx: CardContext, stray: number): IssuedCard | undefined {
  if (stray === 0) return undefined;
  const what = stray === 1 ? "1 record" : `${stray} records`;
  const verbs =
    stray === 1 ? "names another patient or none, and was" : "name another patient or none, and were";
  return recordNotice(
    ctx,
    { code: "other-patient-data", display: "Records of another patient left out" },
    "warning",
    `${what} sent for this patient ${verbs} not read`,
    [
      `**${what} in the data the EHR sent did not belong to this patient**`,
      "Their subject names another patient, a patient the data does not hold, or no patient at all, so they were left out of this assessment. The EHR's query or prefetch may be misconfigured: check that the record shown is this patient's.",
    ],
  );
}

/** The record's death in words: `recorded as deceased on 2025-02-10` (or without a date). */
export function deathText(d: Death): string {
  return d.at === undefined
    ? "recorded as deceased (no date of death in the record)"
    : `recorded as deceased on ${d.at.slice(0, 10)}`;
}

/** The line every card of a deceased patient opens with. */
function deathNotice(d: Death): string {
  return `**Patient ${md(deathText(d))}.** This evaluation is after death: findings and plans describe the record, not a patient to treat.`;
}

/** The `warning` card saying the record states the patient's death; none when it does not. */
export function deceasedCard(ctx: CardContext, report: PatientReport): IssuedCard | undefined {
  const d = report.deceased;
  if (d === undefined) return undefined;
  return recordNotice(
    ctx,
    { code: "deceased", display: "Patient recorded as deceased" },
    "warning",
    `Patient ${deathText(d)}: findings describe the record, not a patient to treat`,
    [
      deathNotice(d),
      `Source: ${md(d.ref)}. If the patient is alive, the record's death entry is wrong: correct it in the EHR.`,
    ],
  );
}

/**
 * A card of a deceased patient: `[Deceased]` leads its summary and the death its detail. A finding card
 * then offers no test to order; an order card keeps its one suggestion, removing the draft order.
 */
export function markDeceased(issued: IssuedCard, d: Death, keepSuggestions = false): IssuedCard {
  const { suggestions, selectionBehavior, ...card } = issued.card as Card & {
    suggestions?: Card["suggestions"];
    selectionBehavior?: Card["selectionBehavior"];
  };
  return {
    type: issued.type,
    card: {
      ...card,
      summary: summaryOf(`[Deceased] ${card.summary}`),
      detail: `${deathNotice(d)}\n\n${card.detail ?? ""}`,
      ...(keepSuggestions && suggestions !== undefined && { suggestions }),
      ...(keepSuggestions && selectionBehavior !== undefined && { selectionBehavior }),
    },
  };
}

/**
 * The `warning` card of an immunotherapy order (order-sign, order-select) for a patient the record says
 * has died: the order is for the wrong patient, or the record's death entry is wrong.
 * @example
 * deceasedOrderCard(ctx, ["nivolumab"], { at: "2025-02-10", ref: "Patient/p1#deceasedDateTime" }).card.summary;
 * // "Patient recorded as deceased on 2025-02-10: check the patient before signing nivolumab"
 */
export function deceasedOrderCard(
  ctx: CardContext,
  drugs: readonly string[],
  d: Death,
  drafts: readonly { readonly ref?: string; readonly drug: string }[] = [],
): IssuedCard {
  const names = [...new Set(drugs)].join(", ");
  const issued = recordNotice(
    ctx,
    { code: "deceased", display: "Patient recorded as deceased" },
    "warning",
    `Patient ${deathText(d)}: check the patient before signing ${names}`,
    [
      `**Patient ${md(deathText(d))}.** An order of ${md(names)} for a patient the record says has died: check that this is the right patient before signing.`,
      `Source: ${md(d.ref)}. If the patient is alive, the record's death entry is wrong: correct it in the EHR. Findings below describe the record up to the death; no plan is given after death.`,
    ],
  );
  // After death the report holds no plan to hold the drug by: this card offers the removal of each draft itself.
  const removable = drafts.filter(
    (x): x is { readonly ref: string; readonly drug: string } => x.ref !== undefined,
  );
  if (removable.length === 0) return issued;
  return {
    ...issued,
    card: {
      ...issued.card,
      suggestions: removable.map((x) => ({
        label: `Remove the draft ${x.drug} order`,
        uuid: ctx.newId(),
        isRecommended: true,
        actions: [
          { type: "delete" as const, description: `Remove the draft order of ${x.drug}`, resourceId: x.ref },
        ],
      })),
      selectionBehavior: "any" as const,
    },
  };
}

/**
 * The `warning` card of the patient's procedure plan (the report's `procedures`): the cited lines that hold before a
 * procedure planned in the chart — the platelet count it needs, the interval since an anticoagulant's last dose —
 * with or without a finding (a finding's plan keeps the lines it carries; its card quotes them). None without one.
 * A warning, as the order card of a drafted procedure is: the procedure is to be timed and prepared, not forbidden.
 */
export function procedurePlanCard(ctx: CardContext, report: PatientReport): IssuedCard | undefined {
  const procedures = report.procedures;
  if (procedures === undefined) return undefined;
  const plan = procedures.management;
  const sourceIds = plan.flatMap((m) => m.sourceIds);
  const urgent =
    plan.some((m) => m.urgent === true) ||
    procedures.planned.some((x) => x.when === "imminent" && (x.concerns?.length ?? 0) > 0)
      ? "Urgent: "
      : "";
  // The summary names the procedure, its day and what stands in its way ("Before the liver biopsy on 20 Dec 2026
  // (in 12 days): platelets 42 ×10⁹/L below 50"); the general note only when nothing is named.
  const said = procedureSummary(procedures) ?? PROCEDURES_NOTE;
  const detail = [
    `**${PROCEDURES_HEADING}: the lines that hold before a procedure planned for the patient, from the chart at the evaluation${report.findings.length === 0 ? " (no finding is needed for them)" : "; a line a finding's plan carries is in that finding's card"}**`,
    procedures.planned.map((x) => `- ${md(plannedText(x))}`).join("\n"),
    planLines(plan),
    "Time the procedure and prepare it as the lines say, with the operator and hematology.",
    sourcesSection(ctx, sourceIds),
    "Decision support, not a diagnosis: check every finding against the patient.",
  ]
    .filter((p) => p !== "")
    .join("\n\n");
  const card: Card = {
    uuid: ctx.newId(),
    summary: summaryOf(`${urgent}${said}`),
    detail,
    indicator: "warning",
    source: sourceOf(ctx, sourceIds, {
      system: TOPIC_SYSTEM,
      code: "procedure-plan",
      display: "Plan before a planned procedure",
    }),
    links: reportLink(ctx),
  };
  return { type: "procedure-plan", card };
}

/**
 * The patient-view cards of a report: the record's death first when it states one, then the findings
 * (most certain and most severe first, as the report orders them), the unexplained abnormalities, the plan before
 * a planned procedure, then what could not be read. A deceased patient's cards say so and offer no test to order.
 */
export function patientViewCards(
  ctx: CardContext,
  report: PatientReport,
  gaps: readonly Gap[],
): IssuedCard[] {
  const death = report.deceased;
  if (death !== undefined) {
    const cards = patientViewCards(ctx, { ...report, deceased: undefined } as PatientReport, gaps).map((c) =>
      c.type === "data-gaps" ? c : markDeceased(c, death),
    );
    const first = deceasedCard(ctx, report);
    return first === undefined ? cards : [first, ...cards];
  }
  const cards = report.findings.map((f) => findingCard(ctx, f, report.patientId));
  const unexplained = unexplainedCard(ctx, report.unexplained, report.patientId);
  if (unexplained !== undefined) cards.push(unexplained);
  const procedures = procedurePlanCard(ctx, report);
  if (procedures !== undefined) cards.push(procedures);
  const noLabs = noLabResultsCard(ctx, report);
  if (noLabs !== undefined) cards.push(noLabs);
  const gap = gapCard(ctx, gaps);
  if (gap !== undefined) cards.push(gap);
  return cards;
}

/**
 * `definite TTP, grade 2`; a charted event whose certainty grades only its link to the drug:
 * `charted thrombosis, grade 3 (link to pembrolizumab possible)`.
 */
export function describeFinding(ctx: CardContext, f: Finding): string {
  const grade = f.grade === undefined ? "" : `, grade ${f.grade}`;
  if (f.certaintyOf === "attribution")
    return `charted ${ctx.names.disorderShort(f.disorder)}${grade} (link to ${f.onset?.drug === undefined ? "the immunotherapy" : ctx.names.drug(f.onset.drug)} ${f.certainty})`;
  return `${f.certainty} ${ctx.names.disorderShort(f.disorder)}${grade}`;
}

/** An unexplained item in running text, as a card names the plan it carries: "unexplained TMA, grade 3". */
export function describeUnexplained(ctx: CardContext, u: UnexplainedItem): string {
  return `unexplained ${inRunningText(abnormalityShort(ctx, u.abnormality))}${u.grade === undefined ? "" : `, grade ${u.grade}`}`;
}

// Every plan line's recommendation by id, built once per knowledge.
const lines = new WeakMap<Knowledge, ReadonlyMap<string, Recommendation>>();

/**
 * The knowledge recommendation behind a plan line, by its id: a line of any disorder's plan or of a named
 * pattern's (a plan may show another's line, the permanent stop of a TMA that is not TTP in place of a
 * "continue"); its classes and avoid tags are read there.
 */
export function recommendationOf(knowledge: Knowledge, id: string): Recommendation | undefined {
  let byId = lines.get(knowledge);
  if (byId === undefined) {
    const all = [
      ...Object.values(knowledge.management).flat(),
      ...unexplainedPlans(knowledge.unexplained).flat(),
    ];
    byId = new Map(all.map((r) => [r.id, r]));
    lines.set(knowledge, byId);
  }
  return byId.get(id);
}

/**
 * The suggestion of an order card to delete the draft order `ref` of `drug` (none for a draft without an id).
 * @example
 * removeDraft(ctx, "nivolumab", "MedicationRequest/1"); // { suggestions: [{ label: "Remove the draft nivolumab order", … }], selectionBehavior: "at-most-one" }
 */
export function removeDraft(
  ctx: CardContext,
  drug: string,
  ref: string | undefined,
): Pick<Card, "suggestions" | "selectionBehavior"> {
  if (ref === undefined) return {};
  return {
    suggestions: [
      {
        label: `Remove the draft ${drug} order`,
        uuid: ctx.newId(),
        isRecommended: true,
        actions: [{ type: "delete", description: `Remove the draft order of ${drug}`, resourceId: ref }],
      },
    ],
    selectionBehavior: "at-most-one",
  };
}

/**
 * An order card: `card` with its uuid, a source naming `topic` (code and display) and the primary of
 * `sourceIds`, the override reasons offered and the report link.
 */
export function orderCardOf(
  ctx: CardContext,
  topic: { readonly code: string; readonly display: string },
  card: Omit<Card, "uuid" | "source" | "links" | "overrideReasons">,
  sourceIds: readonly string[],
  overrideReasons: NonNullable<Card["overrideReasons"]>,
): Card {
  return {
    uuid: ctx.newId(),
    ...card,
    source: sourceOf(ctx, sourceIds, { system: TOPIC_SYSTEM, ...topic }),
    overrideReasons,
    links: reportLink(ctx),
  };
}
