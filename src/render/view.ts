/**
 * What a human-readable report says, in reading order, independent of the output format: the text and
 * HTML renderers both draw from these helpers so that they show the same things in the same order
 * (summary, evidence, plan, sources, data quality).
 */

import { valueWithUnit } from "../core/display.js";
import { KIND_ORDER } from "../core/manage/plan.js";
import type { Rejection, TherapyClass } from "../core/model.js";
import type {
  AssessmentReport,
  CriterionStatus,
  DisorderId,
  ExposureSummary,
  Finding,
  ManagementItem,
  Onset,
  PatientReport,
} from "../core/report.js";
import type { Reference } from "../knowledge/references.js";
import type { SettingsInForce } from "../settings/schema.js";

/** What a renderer needs besides the report: the references registry and the disorders' display names. */
export interface RenderContext {
  /** The reference registry entry for a source id, or undefined when the id is not registered. */
  readonly reference: (id: string) => Reference | undefined;
  /** Display name of a disorder from the knowledge base; the renderer falls back to the id. */
  readonly disorderName?: (id: DisorderId) => string | undefined;
}

/** Shown in every report header. */
export const DISCLAIMER = "Decision support — not a diagnosis. Check every finding against the patient.";

/** Shown when a patient has no finding. */
export const NO_FINDING = "No immunotherapy-associated hemostatic disorder detected";

export const CLASS_LABELS: Readonly<Record<TherapyClass, string>> = {
  ici: "immune checkpoint inhibitor",
  bispecific: "bispecific T-cell engager",
  antibody: "therapeutic antibody",
  "car-t": "CAR-T cell therapy",
};

const KIND_LABELS: Readonly<Record<ManagementItem["kind"], string>> = {
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

/** The display name of a disorder, or its id in capitals when the knowledge base has none. */
export function disorderLabel(ctx: RenderContext, id: DisorderId): string {
  return ctx.disorderName?.(id) ?? id.toUpperCase();
}

/** "probable, CTCAE grade 4" — certainty and grade of a finding. */
function certaintyAndGrade(f: Finding): string {
  return f.grade === undefined ? f.certainty : `${f.certainty}, grade ${f.grade}`;
}

/**
 * "2024-02-12, pembrolizumab, day 42 after the first dose" (the calendar date as written); day 0 of a
 * CAR-T product is its infusion, so its days count "after the infusion".
 */
export function onsetText(onset: Onset, exposures: readonly ExposureSummary[] = []): string {
  const parts = [onset.date.slice(0, 10)];
  if (onset.drug !== undefined) parts.push(onset.drug);
  const infused = exposures.some((e) => e.drug === onset.drug && e.infusion !== undefined);
  if (onset.daysFromFirstDose !== undefined)
    parts.push(`day ${onset.daysFromFirstDose} after the ${infused ? "infusion" : "first dose"}`);
  const last = onset.daysFromLastDose;
  if (!infused && last !== undefined && last !== onset.daysFromFirstDose) {
    parts.push(last === 0 ? "on the day of the last dose" : `day ${last} after the last dose`);
  }
  return parts.join(", ");
}

export interface ManagementGroup {
  readonly kind: ManagementItem["kind"];
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

/** Every source id the patient's report cites, in order of first appearance (grades, scores, findings). */
export function citedSourceIds(p: PatientReport): string[] {
  const ids = new Set<string>();
  const add = (list: readonly string[]) => {
    for (const id of list) ids.add(id);
  };
  for (const f of p.findings) {
    for (const w of f.workup) add(w.sourceIds);
    for (const m of f.management) add(m.sourceIds);
  }
  for (const g of p.grades) add(g.sourceIds);
  for (const s of p.scores) add(s.sourceIds);
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
  readonly code: string;
  readonly count: number;
  readonly examples: readonly Rejection[];
}

/** Rejected records grouped by reason code, largest group first, with up to `examples` examples each. */
export function rejectionGroups(rejected: readonly Rejection[], examples = 3): RejectionGroup[] {
  const byCode = new Map<string, Rejection[]>();
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

/** "Immune thrombocytopenia (ITP) — probable, grade 4": a finding's heading in every report. */
export function findingTitle(ctx: RenderContext, f: Finding): string {
  return `${disorderLabel(ctx, f.disorder)} — ${certaintyAndGrade(f)}`;
}

/** One line naming the primary finding of a patient, or saying there is none. */
export function primaryLine(ctx: RenderContext, p: PatientReport): string {
  const f = p.findings[0];
  return f === undefined ? NO_FINDING : findingTitle(ctx, f);
}

/**
 * The settings a report was made with, for its header: where they came from, then one line per value,
 * e.g. "ISTH fibrin marker: > 3 × ULN moderate, > 7 × ULN strong increase (knowledge base default: …)".
 */
export function settingsLines(settings: SettingsInForce): { source: string; values: string[] } {
  const { uln, assays } = settings.values.scores["isth-overt-dic"].fibrinMarker;
  const values = [
    `ISTH fibrin marker: > ${uln.moderateAbove} × ULN moderate, > ${uln.strongAbove} × ULN strong increase (${uln.source})`,
    ...assays.map(
      (a) =>
        `ISTH fibrin marker, ${a.lab}${a.loinc === undefined ? "" : ` LOINC ${a.loinc}`}: > ${valueWithUnit(a.moderateAbove, a.unit)} moderate, > ${valueWithUnit(a.strongAbove, a.unit)} strong increase (${a.source})`,
    ),
  ];
  return { source: `settings: ${settings.source}`, values };
}

/** "2 patients · 1 with a finding · 1 input problem(s), listed at the end". */
export function reportCounts(report: AssessmentReport): string {
  const n = report.patients.length;
  const withFinding = report.patients.filter((p) => p.findings.length > 0).length;
  const counts = [`${n} patient${n === 1 ? "" : "s"}`, `${withFinding} with a finding`];
  if (report.inputErrors.length > 0)
    counts.push(`${report.inputErrors.length} input problem(s), listed at the end`);
  return counts.join(" · ");
}
