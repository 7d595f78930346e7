/**
 * The patient's procedure plan (knowledge/unexplained.yaml `procedures`): the shared lines that hold before a planned
 * procedure — the platelet count it needs, the interval since an anticoagulant's last dose — planned for the patient
 * whether or not a finding is detected. Before, these lines hung off the findings' plans only, and a patient with a
 * spinal anaesthetic planned a day after apixaban and no finding was told nothing. Pure.
 */
import type { ClinicalEvent } from "../../contracts/model.js";
import type { ManagementItem, PlannedProcedure } from "../../contracts/report.js";
import { lineIdentity } from "../../knowledge/line-identity.js";
import type { ManagementFactRules, Recommendation } from "../../knowledge/management.js";
import { daysBetween } from "../dates.js";

/** The id prefix of the procedure plan's lines (`procedure-doac-before-planned-neuraxial-puncture`). */
export const PROCEDURE_PREFIX = "procedure";

/** Whether a recommendation reads a planned procedure as present (a `planned-…` fact required true). */
export function readsPlannedProcedure(r: Pick<Recommendation, "when">): boolean {
  return (r.when.facts ?? []).some((c) => c.fact.startsWith("planned-") && c.is === true);
}

/**
 * The lines the report's `procedures` shows, from the procedure plan as planned: a line another plan of the patient
 * already shows — the same line by its identity (`lineIdentity`: a finding's `thr-doac-before-planned-surgery` and
 * `procedure-doac-before-planned-surgery` are both the shared `doac-before-planned-surgery`) — is left there, not
 * repeated; an avoid line stays whatever the other plans show (what not to give before the procedure is read in full
 * where the procedure is). The section stands only when a line of its own that reads a planned procedure is left:
 * the HIT lines and a child's adult-dose line qualify a procedure line and are no advice alone. Empty when nothing
 * is left.
 *
 * @example
 * procedureSection(plan, recommendations, new Set(["doac-before-planned-surgery"])) // [] when that was its only line
 */
export function procedureSection(
  plan: readonly ManagementItem[],
  recommendations: readonly Recommendation[],
  shownElsewhere: ReadonlySet<string>,
): ManagementItem[] {
  const byId = new Map(recommendations.map((r) => [r.id, r]));
  const shown = (m: ManagementItem) => shownElsewhere.has(lineIdentity(byId.get(m.id) ?? m));
  const advises = plan.some((m) => {
    const r = byId.get(m.id);
    return !shown(m) && r !== undefined && readsPlannedProcedure(r);
  });
  return advises ? plan.filter((m) => m.kind === "avoid" || !shown(m)) : [];
}

/**
 * The event kinds the procedure plan's planned-procedure facts read (knowledge/management/facts.yaml `planned-…`:
 * their `event`): a record with no event of these kinds has no procedure planned, and its plan need not be made.
 *
 * @example
 * plannedEventKinds(k.unexplained.procedures?.plan ?? [], k.managementFacts) // Set { "surgery-planned", "procedure-planned" }
 */
export function plannedEventKinds(
  recommendations: readonly Recommendation[],
  rules: ManagementFactRules,
): ReadonlySet<string> {
  const byName = rules as unknown as Readonly<Record<string, { readonly event?: unknown } | undefined>>;
  const kinds = new Set<string>();
  for (const r of recommendations)
    for (const c of r.when.facts ?? []) {
      const event = c.fact.startsWith("planned-") ? byName[c.fact]?.event : undefined;
      if (typeof event === "string") kinds.add(event);
    }
  return kinds;
}

/** The timing the procedure plan reads (knowledge/unexplained.yaml `procedures.timing`). */
export interface ProcedureTiming {
  readonly urgentWithinDays: number;
  readonly recheckBeyondDays: number;
  readonly urgentLines: readonly string[];
}

/** A planned procedure of the record as the plan reads it: the report's entry, with the event's kind and qualifiers. */
export interface PlannedEvent extends PlannedProcedure {
  readonly kind: string;
  readonly qualifiers: readonly string[];
}

/** The longest a procedure's name in the record's words is shown (a note's words may run on). */
const NAME_CHARS = 80;

/** Whether two qualifier lists share one; a list with none (a plain "surgery planned") is read as any. */
const overlaps = (a: readonly string[], b: readonly string[]) =>
  a.length === 0 || a.some((q) => b.includes(q));

/**
 * The procedures the record plans, each with the day it is to be done as the record gives it (the planned event's
 * `end`) and how that day is read (`timing`): a day already past is `date-passed` unless a procedure of its kind
 * (`doneKindOf`: procedure-planned → procedure) with a shared qualifier is charted on or after it (then it was done,
 * and is no plan now); an undated plan charted more than `lookBackDays` before the evaluation is no plan now either.
 * The same procedure charted twice (a note and an order) on one day is listed once. `evaluationDay` is `YYYY-MM-DD`.
 *
 * @example
 * plannedProcedures(record.events, kinds, doneKinds, "2026-12-08", 30, timing)
 * // [{ ref: "ServiceRequest/sr1", name: "Liver biopsy", on: "2026-12-20", inDays: 12, when: "beyond-horizon", … }]
 */
export function plannedProcedures(
  events: readonly ClinicalEvent[],
  plannedKinds: ReadonlySet<string>,
  doneKindOf: ReadonlyMap<string, string>,
  evaluationDay: string,
  lookBackDays: number,
  timing: ProcedureTiming,
): PlannedEvent[] {
  const out: PlannedEvent[] = [];
  for (const e of events) {
    if (!plannedKinds.has(e.kind)) continue;
    const qualifiers = e.qualifiers ?? [];
    const on = e.end?.slice(0, 10);
    const inDays = on === undefined ? undefined : daysBetween(evaluationDay, on);
    if (inDays === undefined && daysBetween(e.at, evaluationDay) > lookBackDays) continue;
    const done =
      on !== undefined &&
      inDays !== undefined &&
      inDays < 0 &&
      events.some(
        (d) =>
          d.kind === doneKindOf.get(e.kind) &&
          overlaps(qualifiers, d.qualifiers ?? []) &&
          d.at.slice(0, 10) >= on &&
          d.at.slice(0, 10) <= evaluationDay,
      );
    if (done) continue;
    const when: PlannedProcedure["when"] =
      inDays === undefined
        ? "undated"
        : inDays < 0
          ? "date-passed"
          : inDays <= timing.urgentWithinDays
            ? "imminent"
            : inDays > timing.recheckBeyondDays
              ? "beyond-horizon"
              : "upcoming";
    const words = (e.text ?? e.kind).trim();
    const name = words.length > NAME_CHARS ? `${words.slice(0, NAME_CHARS - 1).trimEnd()}…` : words;
    if (
      out.some(
        (p) => p.kind === e.kind && p.on === on && overlaps(p.qualifiers, qualifiers) && p.name === name,
      )
    )
      continue;
    out.push({
      ref: e.ref,
      name,
      ...(on !== undefined && { on }),
      ...(inDays !== undefined && { inDays }),
      when,
      kind: e.kind,
      qualifiers,
    });
  }
  return out;
}

/** The planned-procedure facts a recommendation requires, with the event each reads (facts.yaml `planned-…`). */
function plannedRulesOf(
  r: Recommendation,
  rules: ManagementFactRules,
): { readonly event: string; readonly qualifiers: readonly string[] }[] {
  const byName = rules as unknown as Readonly<
    Record<string, { readonly event?: unknown; readonly qualifiers?: unknown } | undefined>
  >;
  return (r.when.facts ?? []).flatMap((c) => {
    const rule = c.fact.startsWith("planned-") && c.is === true ? byName[c.fact] : undefined;
    return typeof rule?.event === "string"
      ? [
          {
            event: rule.event,
            qualifiers: Array.isArray(rule.qualifiers) ? (rule.qualifiers as string[]) : [],
          },
        ]
      : [];
  });
}

/** The procedures a line is for: those still to come whose kind and qualifiers its planned facts read. */
export function procedureOfLine(
  r: Recommendation,
  planned: readonly PlannedEvent[],
  rules: ManagementFactRules,
): PlannedEvent[] {
  const reads = plannedRulesOf(r, rules);
  return planned.filter(
    (p) =>
      p.when !== "date-passed" &&
      reads.some(
        (x) =>
          x.event === p.kind &&
          (x.qualifiers.length === 0 || x.qualifiers.some((q) => p.qualifiers.includes(q))),
      ),
  );
}

/** A day as `20 Dec 2026`. */
export function dayText(day: string): string {
  const [y, m, d] = day.split("-");
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
    Number(m) - 1
  ];
  return `${Number(d)} ${month ?? m} ${y}`;
}

/** How far the day is, in words: "today", "tomorrow", "in 12 days", "12 days ago". */
export function inDaysText(inDays: number): string {
  if (inDays === 0) return "today";
  if (inDays === 1) return "tomorrow";
  if (inDays === -1) return "yesterday";
  return inDays > 0 ? `in ${inDays} days` : `${-inDays} days ago`;
}

/** A procedure's day and how far it is, as the lines say it (" planned on 20 Dec 2026 (in 12 days)"); empty with none. */
function dayPart(p: Pick<PlannedProcedure, "on" | "inDays">, lead = " planned on"): string {
  const day = p.on === undefined ? "" : `${lead} ${dayText(p.on)}`;
  const far = p.inDays === undefined ? "" : ` (${inDaysText(p.inDays)})`;
  return `${day}${far}`;
}

/** A procedure's name inside a sentence: "Liver biopsy" → "liver biopsy"; an acronym ("TIPS", "ERCP") kept. */
function inSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? `${name[0]?.toLowerCase()}${name.slice(1)}` : name;
}

/** The procedure with its day, as a line of the plan starts: "Before the liver biopsy planned on 20 Dec 2026 (in 12 days)". */
export function beforeText(p: Pick<PlannedProcedure, "name" | "on" | "inDays">): string {
  return `Before the ${inSentence(p.name)}${dayPart(p)}`;
}

/**
 * What the plan says of a planned procedure and its day, in words, for every output (text, HTML, web, cards): the
 * procedure, its day, what stands in its way now, and what its day asks.
 *
 * @example
 * plannedText({ ref: "r", name: "Liver biopsy", on: "2026-12-20", inDays: 12, when: "beyond-horizon" })
 * // "Liver biopsy planned on 20 Dec 2026 (in 12 days): well ahead — the plan below holds; recheck the count and the anticoagulant doses nearer the date."
 */
export function plannedText(p: PlannedProcedure): string {
  const now = p.concerns === undefined || p.concerns.length === 0 ? "" : ` — now ${p.concerns.join("; ")}`;
  const head = `${p.name}${dayPart(p)}${now}`;
  switch (p.when) {
    case "imminent":
      return `${head}: it is near — act on the plan for it now.`;
    case "upcoming":
      return `${head}: the plan for it holds.`;
    case "beyond-horizon":
      return `${head}: well ahead — the plan for it holds; recheck the count and the anticoagulant doses nearer the date.`;
    case "undated":
      return `${head}, with no date on record: confirm when it is to be done; the plan for it is given as if it were near.`;
    case "date-passed":
      return `${head}: the day has passed with no record of it being done — check whether it was done, postponed or cancelled; no plan is given for a day that has passed.`;
  }
}

/** The order the summary picks a planned procedure in: the nearest pressing one first. */
const PRESSING: readonly PlannedProcedure["when"][] = [
  "imminent",
  "undated",
  "upcoming",
  "beyond-horizon",
  "date-passed",
];

/**
 * The procedure plan in one line, for a summary (the patient-view card, the web view's pointer): the planned
 * procedure that something stands in the way of, the nearest first, and what that is; else a planned day that
 * passed unrecorded; undefined when neither.
 *
 * @example
 * procedureSummary({ management: [...], planned: [{ name: "Liver biopsy", on: "2026-12-20", concerns: ["platelets 42 ×10⁹/L below 50"], … }] })
 * // "Before the liver biopsy on 20 Dec 2026 (in 12 days): platelets 42 ×10⁹/L below 50"
 */
export function procedureSummary(plan: {
  readonly planned: readonly PlannedProcedure[];
}): string | undefined {
  const rank = (p: PlannedProcedure) => PRESSING.indexOf(p.when);
  const ordered = [...plan.planned].sort((a, b) => rank(a) - rank(b) || (a.inDays ?? 0) - (b.inDays ?? 0));
  const pressing = ordered.find((p) => (p.concerns?.length ?? 0) > 0 && p.when !== "date-passed");
  const day = (p: PlannedProcedure) => dayPart(p, " on");
  if (pressing !== undefined) {
    const more = ordered.filter((p) => p !== pressing && (p.concerns?.length ?? 0) > 0).length;
    const others = more === 0 ? "" : `; ${more} more planned procedure${more === 1 ? "" : "s"} with advice`;
    return `Before the ${inSentence(pressing.name)}${day(pressing)}: ${(pressing.concerns ?? []).join("; ")}${others}`;
  }
  const passed = ordered.find((p) => p.when === "date-passed");
  return passed === undefined
    ? undefined
    : `The ${inSentence(passed.name)} planned${day(passed)} has no record of being done: check whether it was done, postponed or cancelled`;
}
