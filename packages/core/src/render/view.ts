/**
 * What a human-readable report says, in reading order, independent of the output format: the text and
 * HTML renderers both draw from these helpers so that they show the same things in the same order
 * (summary, unexplained, exposures, evidence, plan, sources, data quality) and say the same words.
 */

import { DISORDER_IDS, KIND_ORDER } from "../contracts/lists.js";
import type { Rejection } from "../contracts/model.js";
import type { RejectionCode } from "../contracts/rejection-codes.js";
import type {
  ArmGrade,
  AssessmentReport,
  CriterionTrace,
  DifferentialTrace,
  ExposureSummary,
  Finding,
  ManagementItem,
  Onset,
  PatientReport,
  PlanRef,
  SharedLine,
  UnexplainedItem,
} from "../contracts/report.js";
import type {
  Certainty,
  ConflictKind,
  CriterionStatus,
  DisorderId,
  ManagementKind,
  TherapyClass,
} from "../contracts/vocabularies.js";
import { valueWithUnit } from "../engine/display.js";
import type { Reference } from "../knowledge/references.js";
import type { RenderContext } from "./context.js";
import { type Wording, wordingOf } from "./wording.js";

export type { RenderContext } from "./context.js";

/** Shown in every report header. */
export const DISCLAIMER = "Decision support — not a diagnosis. Check every finding against the patient.";

/** Shown when a patient with an exposure and usable records has no finding. */
export const NO_FINDING = "No immunotherapy-associated hemostatic disorder detected";

/** The heading of the patient's procedure plan (the report's `procedures`) in the text and HTML reports. */
export const PROCEDURES_HEADING = "Before a planned procedure";

/** The summary's pointer to the procedure plan of a patient with no finding (its only plan). */
export const PROCEDURES_NOTE = "A procedure is planned: advice before it";

/** Shown for a patient with no immunotherapy in the record: nothing was sought, so nothing was "not found". */
export const NO_EXPOSURE =
  "No immunotherapy of the classes HemoSentinel covers (checkpoint inhibitors, T-cell engagers, therapeutic antibodies, CAR-T cells) in the record, so no disorder was sought";

/**
 * The Unexplained section of a patient with an exposure and nothing listed. With a finding: every serious
 * abnormality that began after the first dose lies within one. With none: no serious abnormality began after the
 * first dose (never "lies within a finding" when there is none). With no laboratory result in the record, none
 * could be sought. The list holds what is new after the first dose; a grade ≥ 3 the patient already had by the
 * first dose (platelets of 20 the week before, 15 after) is not listed, and the sentence names it.
 * @example
 * noneUnexplained({ findings: [], grades: [] }) // "None: no serious abnormality began after the first dose."
 */
export function noneUnexplained(
  p: Pick<PatientReport, "noLabResults" | "findings"> & Partial<Pick<PatientReport, "grades" | "exposures">>,
): string {
  const found = p.findings.length > 0;
  if (p.noLabResults)
    return `None found: the record holds no laboratory result, so no laboratory abnormality could be sought; ${found ? "a serious charted bleed or thrombosis that no finding accounts for is listed here" : "a charted bleed or thrombosis is listed here when it is serious"}.`;
  const starts = (p.exposures ?? []).map((e) => Date.parse(e.infusion ?? e.first));
  const start = starts.length > 0 ? Math.min(...starts) : Number.NaN;
  const before = (p.grades ?? []).filter((g) => g.grade >= 3 && Date.parse(g.worstAt) <= start);
  const after = found
    ? "every serious abnormality that began after the first dose lies within a finding"
    : "no serious abnormality began after the first dose";
  if (before.length === 0) return `None: ${after}.`;
  const named = before.map((g) => {
    const term = g.term.replace(/-/g, " ");
    return `${term.charAt(0).toUpperCase()}${term.slice(1)} grade ${g.grade} on ${g.worstAt.slice(0, 10)}`;
  });
  return `None new: ${after}. Already at grade ≥ 3 by the first dose, so not listed as new: ${named.join("; ")}.`;
}

/** Said once per finding that has a criterion met only by a charted diagnosis. */
export const CHARTED_NOTE =
  "charted = met only by a diagnosis the care team charted, standing in for a missing result: weaker evidence, which lowers the certainty.";

/** How many rejected records of one reason are listed before "and N more". */
export const REJECTED_SHOWN = 10;

export const CLASS_LABELS: Readonly<Record<TherapyClass, string>> = {
  ici: "immune checkpoint inhibitor",
  bispecific: "bispecific T-cell engager",
  antibody: "therapeutic antibody",
  "car-t": "CAR-T cell therapy",
};

const KIND_LABELS: Readonly<Record<ManagementKind, string>> = {
  immunotherapy: "Immunotherapy decision",
  "first-line": "First-line treatment",
  "second-line": "Second-line treatment",
  supportive: "Supportive care",
  avoid: "AVOID",
  rechallenge: "Rechallenge",
  monitor: "Monitoring",
};

export const STATUS_LABELS: Readonly<Record<CriterionStatus, string>> = {
  met: "met",
  unmet: "not met",
  missing: "no data",
};

/** The status a criterion shows: `charted` when it is met only by a charted diagnosis. */
export function criterionStatusLabel(t: CriterionTrace): string {
  return t.status === "met" && t.charted === true ? "charted" : STATUS_LABELS[t.status];
}

/**
 * How a competing explanation bears on the finding: present and lowering it (or weighed and held by a
 * certainty floor, when it did not lower it), absent, or not assessable, with what it would do if present
 * (lower the certainty one level, or exclude the finding).
 */
export function differentialBearing(d: DifferentialTrace): string {
  const would = d.effect === "exclude" ? "would exclude this finding" : "would lower certainty";
  if (d.status === "met") {
    if (d.effect === "exclude") return "present: excludes this finding";
    if (d.held === undefined) return "present: lowered certainty one level";
    return d.held.by === undefined
      ? `present: weighed, certainty already at ${d.held.at}, the lowest reported`
      : `present: weighed, certainty held at ${d.held.at} by ${d.held.by}`;
  }
  return d.status === "unmet" ? `absent (${would})` : `not assessable (${would})`;
}

/** The display name of a disorder, or its id in capitals when the knowledge base has none. */
export function disorderLabel(ctx: RenderContext, id: DisorderId): string {
  return ctx.disorderName?.(id) ?? id.toUpperCase();
}

/** "probable, CTCAE grade 4" — certainty and grade of a finding. */
function certaintyAndGrade(f: Finding): string {
  return f.grade === undefined ? f.certainty : `${f.certainty}, grade ${f.grade}`;
}

/** "Autoimmune hemolytic anemia grade 3 · Immune thrombocytopenia grade 4": a syndrome's arms. */
export function armsText(arms: readonly ArmGrade[], w: Wording): string {
  return arms
    .map((a) => `${w.prose(a.label)} ${a.grade === undefined ? "not graded" : `grade ${a.grade}`}`)
    .join(" · ");
}

/**
 * "2024-02-12, pembrolizumab, day 42 after the first dose" (the calendar date as written); day 0 of a
 * CAR-T product is its infusion, so its days count "after the infusion".
 */
export function onsetText(
  onset: Onset,
  exposures: readonly ExposureSummary[] = [],
  drugName: (id: string) => string = (id) => id,
): string {
  const parts = [onset.date.slice(0, 10)];
  if (onset.drug !== undefined) parts.push(drugName(onset.drug));
  const infused = exposures.some((e) => e.drug === onset.drug && e.infusion !== undefined);
  // Days counted from a later course (re-challenge) start after the drug's first dose: say so.
  const fromDay = onset.daysFromFirstDose;
  const firstEver = exposures.find((e) => e.drug === onset.drug && e.infusion === undefined)?.first;
  const rechallenge =
    fromDay !== undefined &&
    firstEver !== undefined &&
    (Date.parse(onset.date) - Date.parse(firstEver)) / 86_400_000 - fromDay > 1;
  if (fromDay !== undefined)
    parts.push(
      `day ${fromDay} after the ${infused ? "infusion" : rechallenge ? "first dose of the re-challenge course" : "first dose"}`,
    );
  const last = onset.daysFromLastDose;
  if (!infused && last !== undefined && last !== onset.daysFromFirstDose) {
    parts.push(last === 0 ? "on the day of the last dose" : `day ${last} after the last dose`);
  }
  return parts.join(", ");
}

export interface ManagementGroup {
  readonly kind: ManagementKind;
  readonly label: string;
  readonly items: readonly ManagementItem[];
}

/** Management items grouped by kind, in the plan's reading order; empty groups left out. */
export function managementGroups(items: readonly ManagementItem[]): ManagementGroup[] {
  return KIND_ORDER.map((kind) => ({
    kind,
    label: KIND_LABELS[kind],
    items: items.filter((i) => i.kind === kind),
  })).filter((g) => g.items.length > 0);
}

/** A plan of the patient's report in words: a finding's disorder, or an unexplained item's abnormality. */
export function planRefName(ctx: RenderContext, w: Wording, ref: PlanRef): string {
  return ref.plan === "finding" ? disorderLabel(ctx, ref.id as DisorderId) : w.abnormality(ref.id);
}

function namesText(names: readonly string[]): string {
  const unique = [...new Set(names)];
  return unique.length < 2 ? unique.join("") : `${unique.slice(0, -1).join(", ")} and ${unique.at(-1)}`;
}

/**
 * What a line shown once says of the other plans that carry it.
 *
 * @example sharedWithText(ctx, w, [{ plan: "unexplained", id: "anemia" }]) // "Also for Anemia (shown once, here)."
 */
export function sharedWithText(ctx: RenderContext, w: Wording, refs: readonly PlanRef[]): string {
  return `Also for ${namesText(refs.map((r) => planRefName(ctx, w, r)))} (shown once, here).`;
}

/**
 * What a plan says of its lines shown once under an earlier plan.
 *
 * @example sharedLinesText(ctx, w, [{ id: "dic-x", kind: "supportive", under: { plan: "finding", id: "dic" } }])
 * // "1 line of this plan is shown under DIC."
 */
export function sharedLinesText(ctx: RenderContext, w: Wording, lines: readonly SharedLine[]): string {
  const n = lines.length;
  const under = namesText(lines.map((l) => planRefName(ctx, w, l.under)));
  return `${n} ${n === 1 ? "line of this plan is" : "lines of this plan are"} shown under ${under}.`;
}

/**
 * Every source id the patient's report cites, in order of first appearance (findings' plans, the
 * unexplained list's work-up, grades, scores).
 */
export function citedSourceIds(p: PatientReport): string[] {
  const ids = new Set<string>();
  const add = (list: readonly string[]) => {
    for (const id of list) ids.add(id);
  };
  for (const f of p.findings) {
    for (const w of f.workup) add(w.sourceIds);
    for (const m of f.management) add(m.sourceIds);
  }
  for (const u of p.unexplained) {
    add(u.whySourceIds ?? []);
    for (const w of u.workup) add(w.sourceIds);
    for (const m of u.management ?? []) add(m.sourceIds);
  }
  for (const m of p.procedures?.management ?? []) add(m.sourceIds);
  for (const g of p.grades) add(g.sourceIds);
  for (const s of p.scores) add(s.sourceIds);
  add(p.kidneyFunction?.sourceIds ?? []);
  return [...ids];
}

/** How a reference is found: `doi:…`, `PMID …` or its URL. */
export function locatorText(ref: Reference): string | undefined {
  return ref.doi !== undefined ? `doi:${ref.doi}` : ref.pmid !== undefined ? `PMID ${ref.pmid}` : ref.url;
}

/** A citation line: the citation followed by DOI, PMID or URL. */
export function citationText(ref: Reference): string {
  const locator = locatorText(ref);
  return locator === undefined ? ref.citation : `${ref.citation} ${locator}`;
}

/** A link for a reference (DOI resolver, PubMed or its URL). */
export function referenceUrl(ref: Reference): string | undefined {
  if (ref.doi !== undefined) return `https://doi.org/${ref.doi}`;
  if (ref.pmid !== undefined) return `https://pubmed.ncbi.nlm.nih.gov/${ref.pmid}/`;
  return ref.url;
}

export interface RejectionGroup {
  readonly code: RejectionCode;
  readonly count: number;
  readonly examples: readonly Rejection[];
}

/** Rejected records grouped by reason code, largest group first, with up to `examples` records each. */
export function rejectionGroups(rejected: readonly Rejection[], examples = REJECTED_SHOWN): RejectionGroup[] {
  const byCode = new Map<RejectionCode, Rejection[]>();
  for (const r of rejected) {
    const list = byCode.get(r.code);
    if (list === undefined) byCode.set(r.code, [r]);
    else list.push(r);
  }
  return [...byCode]
    .map(([code, list]) => ({ code, count: list.length, examples: list.slice(0, examples) }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** Ignored resource types as `[type, count]`, largest first. */
export function ignoredCounts(ignored: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(ignored).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export interface NotUsedRow {
  readonly type: string;
  readonly total: number;
  /** `[code system as people name it, count]`, largest first. */
  readonly systems: readonly [string, number][];
}

/** Records not used (codes outside scope) by resource type, largest first, each by code system. */
export function notUsedRows(notUsed: PatientReport["notUsed"], w: Wording): NotUsedRow[] {
  return Object.entries(notUsed)
    .map(([type, bySystem]) => {
      const systems = Object.entries(bySystem)
        .map(([uri, n]): [string, number] => [w.codeSystem(uri), n])
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return { type, total: systems.reduce((sum, [, n]) => sum + n, 0), systems };
    })
    .sort((a, b) => b.total - a.total || a.type.localeCompare(b.type));
}

/** "SNOMED CT 41, RxNorm 3". */
export function systemsText(row: NotUsedRow): string {
  return row.systems.map(([s, n]) => `${s} ${n}`).join(", ");
}

export interface RecordTally {
  /** False when the patient's counts are all zero although the report holds records (counts not kept). */
  readonly available: boolean;
  readonly read: number;
  readonly parts: readonly { readonly label: string; readonly count: number }[];
  /** Whether used + merged + rejected + not used + ignored = read. */
  readonly adds: boolean;
  readonly sum: number;
}

/** What happened to every record of the patient; the parts must add up to the records read. */
export function recordTally(p: PatientReport): RecordTally {
  const c = p.counts;
  const parts = [
    { label: "used", count: c.used },
    { label: "merged (duplicates)", count: c.merged },
    { label: "rejected", count: c.rejected },
    { label: "not used (codes outside scope)", count: c.notUsed },
    { label: "ignored (resource types outside scope)", count: c.ignored },
  ];
  const sum = parts.reduce((s, x) => s + x.count, 0);
  const holdsRecords =
    p.exposures.length + p.grades.length + p.findings.length + p.rejected.length + p.conflicts.length > 0;
  return { available: c.read > 0 || !holdsRecords, read: c.read, parts, adds: sum === c.read, sum };
}

/** "Records read: 70 = 24 used + 0 merged (duplicates) + …", or why the tally cannot be given. */
export function recordTallyText(t: RecordTally): string {
  if (!t.available) return "Record counts were not kept for this patient.";
  const line = `Records read: ${t.read} = ${t.parts.map((x) => `${x.count} ${x.label}`).join(" + ")}`;
  return t.adds
    ? line
    : `${line} — these add up to ${t.sum}, not ${t.read}: the counts are inconsistent, please report this.`;
}

export interface ConflictGroup {
  readonly kind: ConflictKind;
  readonly conflicts: PatientReport["conflicts"];
}

/** Conflicts grouped by kind, in order of first appearance. */
export function conflictGroups(conflicts: PatientReport["conflicts"]): ConflictGroup[] {
  const byKind = new Map<ConflictKind, PatientReport["conflicts"][number][]>();
  for (const k of conflicts) {
    const list = byKind.get(k.kind);
    if (list === undefined) byKind.set(k.kind, [k]);
    else list.push(k);
  }
  return [...byKind].map(([kind, list]) => ({ kind, conflicts: list }));
}

/**
 * "Immune thrombocytopenia (ITP) — probable, grade 4": a finding's heading in every report. A disorder whose
 * certainty grades only its link to the drug (a charted thrombosis) says so, so that the heading never reads
 * as a doubt that the event happened: "Thrombosis — charted, grade 3; link to pembrolizumab possible".
 */
export function findingTitle(ctx: RenderContext, f: Finding): string {
  return `${disorderLabel(ctx, f.disorder)} — ${f.certaintyOf === "attribution" ? attributionText(ctx, f) : certaintyAndGrade(f)}`;
}

/** "charted, grade 3; link to pembrolizumab possible": an attribution-certainty finding's certainty in words. */
export function attributionText(ctx: RenderContext, f: Finding): string {
  const grade = f.grade === undefined ? "" : `, grade ${f.grade}`;
  return `charted${grade}; link to ${attributedDrug(ctx, f)} ${f.certainty}`;
}

/**
 * "Certainty: probable" — or, where the certainty grades only the link to the drug (a charted thrombosis),
 * "Charted; link to pembrolizumab: possible".
 */
export function certaintyLabel(ctx: RenderContext, f: Finding): string {
  if (f.certaintyOf !== "attribution") return `Certainty: ${f.certainty}`;
  return attributionLabel(ctx, f.certainty, f.onset?.drug);
}

/**
 * "Charted; link to pembrolizumab: possible": the certainty of a finding whose certainty grades only its link to
 * `drug` (a charted thrombosis), where only the certainty and the drug are at hand (a row of the cohort list).
 *
 * @example
 * attributionLabel(ctx, "possible", "pembrolizumab") // → "Charted; link to pembrolizumab: possible"
 */
export function attributionLabel(ctx: RenderContext, certainty: Certainty, drug: string | undefined): string {
  return `${attributionLead(ctx, drug)} ${certainty}`;
}

/**
 * "Charted; link to pembrolizumab:": what {@link attributionLabel} says before the certainty, for a view that
 * shows the certainty apart (a badge in the cohort list's column).
 */
export function attributionLead(ctx: RenderContext, drug: string | undefined): string {
  return `Charted; link to ${drugWords(ctx, drug)}:`;
}

function attributedDrug(ctx: RenderContext, f: Finding): string {
  return drugWords(ctx, f.onset?.drug);
}

function drugWords(ctx: RenderContext, drug: string | undefined): string {
  return drug === undefined ? "the immunotherapy" : wordingOf(ctx).drug(drug);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a patient's report amounts to: a finding, nothing sought, nothing assessable, or nothing found. */
export type PatientOutcome = "finding" | "not-assessed" | "no-exposure" | "no-finding";

export interface PatientStatus {
  readonly outcome: PatientOutcome;
  /** One sentence, without a final full stop. */
  readonly text: string;
}

/**
 * The one sentence that sums a patient up. "No … disorder detected" is said only when something could be
 * assessed: a patient whose every record was rejected, or with no immunotherapy in the record, or with
 * nothing but the doses, is said to be so. Unexplained abnormalities and rejected records are named.
 *
 * "Every record rejected" means: records were rejected and nothing clinical came through (no exposure,
 * grade, score, finding or unexplained abnormality), and at most one record was used — the Patient
 * resource itself, which adapters may count as used.
 */
/**
 * The unexplained items that name a pattern (a thrombotic microangiopathy that is not TTP), in words, for
 * the summary: a plan of their own sets them apart from a single abnormality. A single lab abnormality whose
 * rule carries a plan (platelets < 25 ×10⁹/L with an anticoagulant on board) is a CTCAE term, not a pattern:
 * naming it alone would read as the whole list ("2 … unexplained: Platelet count decreased"); its plan is in
 * the item and in the summary's lines to act on.
 */
export function namedUnexplained(ctx: RenderContext, p: PatientReport): string[] {
  const w = wordingOf(ctx);
  // What an item shows (an autoimmune haemolytic anaemia named by a positive DAT) is named too, once.
  const names = p.unexplained.flatMap((u) =>
    u.shows !== undefined
      ? [u.shows.name]
      : u.management !== undefined && ctx.ctcaeTermName?.(u.abnormality) === undefined
        ? [w.abnormality(u.abnormality)]
        : [],
  );
  return [...new Set(names)];
}

export function patientStatus(ctx: RenderContext, p: PatientReport): PatientStatus {
  const c = p.counts;
  const rejected = Math.max(c.rejected, p.rejected.length);
  const seeQuality = rejected > 0 ? `; ${plural(rejected, "record")} rejected — see data quality` : "";
  const unexplained = p.unexplained.length;
  const named = namedUnexplained(ctx, p);
  const naming = named.length > 0 ? ` (${named.join("; ")})` : "";
  const primary = p.findings[0];
  if (primary !== undefined) {
    const more =
      unexplained > 0
        ? ` · ${plural(unexplained, "unexplained abnormality", "unexplained abnormalities")}${naming}`
        : "";
    return { outcome: "finding", text: `${findingTitle(ctx, primary)}${more}` };
  }
  const graded = p.grades.length + p.scores.length + unexplained > 0;
  const clinical = graded || p.exposures.length > 0;
  if (rejected > 0 && !clinical && c.used <= 1) {
    const outside = c.notUsed + c.ignored;
    const what =
      outside === 0
        ? `all ${plural(rejected, "record")} ${rejected === 1 ? "was" : "were"} rejected`
        : `${plural(rejected, "record")} rejected and ${outside} outside scope, none usable`;
    return { outcome: "not-assessed", text: `Nothing could be assessed: ${what} — see data quality` };
  }
  if (c.read > 0 && c.used === 0 && !clinical) {
    const why = [`${c.notUsed} with codes outside scope`, `${c.ignored} of types outside scope`];
    return {
      outcome: "not-assessed",
      text: `Nothing could be assessed: none of the ${plural(c.read, "record")} could be used (${why.join(", ")}) — see data quality`,
    };
  }
  if (p.exposures.length === 0) return { outcome: "no-exposure", text: `${NO_EXPOSURE}${seeQuality}` };
  const doses = p.exposures.reduce((n, e) => n + e.doses, 0);
  if (c.read > 0 && c.used <= doses + 1 && !graded) {
    return {
      outcome: "not-assessed",
      text: `Nothing could be assessed: the record holds the immunotherapy doses but no usable laboratory result or clinical event${seeQuality}`,
    };
  }
  // Doses with a diagnosis (the cancer) but not one result: nothing was measured, so nothing was found —
  // said so, never read as a normal record (a death days after CAR-T with no count in the record). The
  // charted events were read, though: saying "nothing" would hide that a bleed was looked at.
  if (p.noLabResults && !graded) {
    return {
      outcome: "not-assessed",
      text: `No laboratory result could be assessed: the record holds none; its charted events give no finding${seeQuality}`,
    };
  }
  const but =
    unexplained > 0
      ? `, but ${unexplained === 1 ? "1 serious abnormality is" : `${unexplained} serious abnormalities are`} unexplained${named.length > 0 ? `: ${named.join("; ")}` : ""} — see Unexplained`
      : "";
  // A graded event (a grade 1 epistaxis) was read, but no result was: the record could not show a laboratory
  // abnormality, and "no disorder detected" alone would read as a normal blood count.
  const noLabs = p.noLabResults ? "; the record holds no laboratory result, so none could be sought" : "";
  return { outcome: "no-finding", text: `${NO_FINDING}${but}${noLabs}${seeQuality}` };
}

/** One line naming the primary finding of a patient, or saying why there is none. */
export function primaryLine(ctx: RenderContext, p: PatientReport): string {
  const text = patientStatus(ctx, p).text;
  return p.deceased === undefined ? text : `[deceased] ${text}`;
}

/** "2 patients · 1 with a finding · 1 with unexplained abnormalities · 1 input problem(s), listed at the end". */
export function reportCounts(report: AssessmentReport): string {
  const n = report.patients.length;
  const outcomes = report.patients.map((p) => patientStatus({ reference: () => undefined }, p).outcome);
  const withFinding = outcomes.filter((o) => o === "finding").length;
  const counts = [plural(n, "patient"), `${withFinding} with a finding`];
  const unexplained = report.patients.filter((p) => p.unexplained.length > 0).length;
  if (unexplained > 0) counts.push(`${unexplained} with unexplained abnormalities`);
  const notAssessed = outcomes.filter((o) => o === "not-assessed").length;
  if (notAssessed > 0) counts.push(`${notAssessed} not assessable`);
  const noExposure = outcomes.filter((o) => o === "no-exposure").length;
  if (noExposure > 0) counts.push(`${noExposure} without immunotherapy`);
  if (report.inputErrors.length > 0)
    counts.push(`${report.inputErrors.length} input problem(s), listed at the end`);
  return counts.join(" · ");
}

/** Said when a report holds no patient at all. */
export function noPatientLine(report: AssessmentReport): string | undefined {
  if (report.patients.length > 0) return undefined;
  return report.inputErrors.length > 0
    ? "Nothing could be assessed: no patient could be read from the input — see input problems"
    : "Nothing could be assessed: the input holds no patient";
}

export interface SettingsLines {
  /** "settings: default" or "settings: <file as named>". */
  readonly source: string;
  readonly values: readonly string[];
}

/** camelCase and kebab-case keys as words: `moderateAbove` → `moderate above`. */
function keyWords(key: string, w: Wording): string {
  const prose = w.prose(key);
  if (prose !== key) return prose;
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/-/g, " ")
    .toLowerCase();
}

function settingsEntries(value: unknown, path: readonly string[], w: Wording, out: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) settingsEntries(v, path, w, out);
    return;
  }
  if (value === null || typeof value !== "object") {
    out.push(`${path.join(" › ")}: ${w.prose(String(value))}`);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const leaves = entries.filter(([k, v]) => (v === null || typeof v !== "object") && k !== "source");
  const source = (value as Record<string, unknown>).source;
  if (leaves.length > 0 || typeof source === "string") {
    const unit = (value as Record<string, unknown>).unit;
    const fields = leaves
      .filter(([k]) => k !== "unit")
      .map(
        ([k, v]) =>
          `${keyWords(k, w)} ${w.prose(String(v))}${typeof unit === "string" && typeof v === "number" ? ` ${w.prose(unit)}` : ""}`,
      );
    const from = typeof source === "string" ? ` (${source})` : "";
    out.push(`${path.join(" › ")}: ${fields.join(", ")}${from}`);
  }
  for (const [k, v] of entries) {
    if (v !== null && typeof v === "object") settingsEntries(v, [...path, keyWords(k, w)], w, out);
  }
}

/** A member of an object read from JSON, or undefined. */
function member(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
}

interface Cutoffs {
  readonly moderateAbove: number;
  readonly strongAbove: number;
  readonly source: string;
}

function isCutoffs(value: unknown): value is Cutoffs {
  return (
    typeof member(value, "moderateAbove") === "number" &&
    typeof member(value, "strongAbove") === "number" &&
    typeof member(value, "source") === "string"
  );
}

/**
 * The ISTH fibrin-marker settings (docs/settings.md) in the settings work's own wording, with names and
 * display units: "ISTH fibrin marker: > 3 × ULN moderate, > 7 × ULN strong increase (source)". Undefined
 * when the values do not have that shape.
 */
function fibrinMarkerLines(values: unknown, w: Wording): string[] | undefined {
  const marker = member(member(member(values, "scores"), "isth-overt-dic"), "fibrinMarker");
  const uln = member(marker, "uln");
  const assays = member(marker, "assays");
  if (!isCutoffs(uln) || !Array.isArray(assays)) return undefined;
  const lines = [
    `ISTH fibrin marker: > ${uln.moderateAbove} × ULN moderate, > ${uln.strongAbove} × ULN strong increase (${uln.source})`,
  ];
  for (const a of assays) {
    const lab = member(a, "lab");
    const loinc = member(a, "loinc");
    const unit = member(a, "unit");
    if (!isCutoffs(a) || typeof lab !== "string" || typeof unit !== "string") return undefined;
    const assay = `${w.prose(lab)}${typeof loinc === "string" ? ` LOINC ${loinc}` : ""}`;
    lines.push(
      `ISTH fibrin marker, ${assay}: > ${w.prose(valueWithUnit(a.moderateAbove, unit))} moderate, > ${w.prose(valueWithUnit(a.strongAbove, unit))} strong increase (${a.source})`,
    );
  }
  return lines;
}

/**
 * The settings a report was made with, for its header, when the report carries them (`report.settings =
 * { source, values }`): where they came from, then one line per value — in the settings' own wording for
 * the ISTH fibrin marker, else one line per group of values of whatever shape. Undefined without them,
 * so reports made before settings existed still render.
 */
export function settingsLines(report: AssessmentReport, w: Wording): SettingsLines | undefined {
  const settings = (report as { readonly settings?: unknown }).settings;
  if (settings === null || typeof settings !== "object") return undefined;
  const { source, values } = settings as { source?: unknown; values?: unknown };
  let out = fibrinMarkerLines(values, w);
  if (out === undefined) {
    out = [];
    if (values !== null && typeof values === "object") {
      const { version: _version, ...rest } = values as Record<string, unknown>;
      for (const [k, v] of Object.entries(rest)) settingsEntries(v, [keyWords(k, w)], w, out);
    }
  }
  return { source: `settings: ${typeof source === "string" ? source : "not stated"}`, values: out };
}

export interface UnexplainedWhy {
  /** What was found and how it compares with before the first dose. */
  readonly lead: string;
  /** Why each disorder that could explain it was not attributed, one per disorder; empty when not stated. */
  readonly reasons: readonly string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The reason an abnormality is unexplained, split for reading: the finding, then one reason per disorder
 * ("Immune thrombocytopenia (ITP): excluded by …"). Text the core writes as "… Not attributed — A; B."
 * with each part starting with a disorder's name; anything else is kept whole as the lead.
 */
export function unexplainedWhy(why: string, ctx: RenderContext): UnexplainedWhy {
  const marker = " Not attributed — ";
  const at = why.indexOf(marker);
  if (at < 0) return { lead: why, reasons: [] };
  const lead = why.slice(0, at);
  const rest = why.slice(at + marker.length);
  const names = DISORDER_IDS.map((id) => disorderLabel(ctx, id)).sort((a, b) => b.length - a.length);
  const boundary = new RegExp(`; (?=(?:${names.map(escapeRegExp).join("|")}): )`);
  return { lead, reasons: rest.split(boundary) };
}

/** Where an unexplained item's sources are cited: after its lead, and after its last reason. */
export interface UnexplainedCitations {
  /** The sources of what the item shows (an immune AIHA: ASCO 2021, Leaf 2019), closing the lead that names it. */
  readonly lead: readonly string[];
  /** The sources of the notes its reasons carry (ICAHT after CAR-T), closing the last reason. */
  readonly reasons: readonly string[];
}

/**
 * Splits an item's `whySourceIds` between its lead and its reasons (text, HTML, the web app). What the item
 * shows is said in the lead, so its sources close the lead: after the last reason ("Acquired hemophilia A
 * (AHA): its defining abnormality was not found") they would read as that reason's source. A note's sources
 * close the reasons, as a plan line's close the line; without reasons every source closes the lead.
 * @example
 * const why = unexplainedWhy(u.why, ctx);
 * unexplainedCitations(u, why, ctx); // { lead: ["asco-2021-irae-hematologic", "leaf-2019-ici-aiha"], reasons: [] }
 */
export function unexplainedCitations(
  u: Pick<UnexplainedItem, "whySourceIds" | "shows">,
  why: UnexplainedWhy,
  ctx: RenderContext,
): UnexplainedCitations {
  const all = u.whySourceIds ?? [];
  if (why.reasons.length === 0) return { lead: all, reasons: [] };
  const shown = u.shows === undefined ? [] : (ctx.showsSourceIds?.(u.shows.id) ?? []);
  return {
    lead: all.filter((id) => shown.includes(id)),
    reasons: all.filter((id) => !shown.includes(id)),
  };
}
