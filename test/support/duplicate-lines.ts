/**
 * Two lines of one plan that say the same thing: a clinician reads the plan as a list of orders, and the same
 * order twice (or a shared line beside the plan's own, more specific one) is noise that hides what differs.
 * A plan (a finding's or an unexplained item's) is read for two lines with the same action text, or two lines
 * declared below to say the same thing whenever both are shown.
 */
import type { ManagementItem, PatientReport, PlanRef } from "../../packages/core/src/contracts/report.js";

/**
 * Pairs of line ids (without the disorder's prefix of the shared lines) that say the same thing: the plan may show
 * one of them, never both. The first of each pair is the more specific line, which is kept.
 */
export const DECLARED_DUPLICATES: readonly (readonly [string, string])[] = [
  // HIT suspected below 25 ×10⁹/L with an antithrombotic on board: the shared line stops heparin and sends the
  // non-heparin anticoagulant to hematology, as the DIC plan's own line does.
  ["avoid-antithrombotic-below-25-hit", "hit-below-25"],
];

const PREFIX = /^(itp|evans|ttp|aha|thr|dic|carac)-/;
const bare = (id: string) => id.replace(PREFIX, "");

/** The duplicates in one plan's lines, as messages (empty: none). */
export function duplicateLines(plan: readonly ManagementItem[], where: string): string[] {
  const out: string[] = [];
  const byAction = new Map<string, string>();
  for (const m of plan) {
    const seen = byAction.get(m.action);
    if (seen !== undefined) out.push(`${where}: ${seen} and ${m.id} say "${m.action.slice(0, 80)}…"`);
    else byAction.set(m.action, m.id);
  }
  const ids = new Set(plan.map((m) => bare(m.id)));
  for (const [a, b] of DECLARED_DUPLICATES)
    if (ids.has(a) && ids.has(b)) out.push(`${where}: ${a} and ${b} are declared duplicates`);
  return out;
}

/** The plans of a patient's report, findings first, each with its name and reference. */
function plansOf(p: PatientReport) {
  return [
    ...p.findings.map((f) => ({
      where: `finding ${f.disorder}`,
      ref: { plan: "finding", id: f.disorder } as PlanRef,
      lines: f.management,
      shared: f.sharedLines ?? [],
    })),
    ...p.unexplained.map((u) => ({
      where: `unexplained ${u.abnormality}`,
      ref: { plan: "unexplained", id: u.abnormality } as PlanRef,
      lines: u.management ?? [],
      shared: u.sharedLines ?? [],
    })),
  ];
}

const sameRef = (a: PlanRef, b: PlanRef) => a.plan === b.plan && a.id === b.id;

/**
 * The same line (same kind, words, caveat, urgency and sources) under two plans of one patient: it is shown once,
 * under the first plan that carries it, which names the others; each other plan points to it. Also what a pointer
 * would lose: a shared line that its plan does not show, or that does not name the plan pointing to it. Avoid lines
 * are shown in full in every plan that carries them, so they are not counted here.
 */
export function crossPlanDuplicates(p: PatientReport): string[] {
  const out: string[] = [];
  const plans = plansOf(p);
  const seen = new Map<string, string>();
  for (const { where, lines } of plans)
    for (const m of lines) {
      if (m.kind === "avoid") continue;
      const key = JSON.stringify([m.kind, m.action, m.sourceIds, m.caveat ?? null, m.urgent ?? false]);
      const first = seen.get(key);
      if (first !== undefined && first !== where)
        out.push(`${p.patientId}: "${m.action.slice(0, 60)}…" shown under ${first} and ${where}`);
      else seen.set(key, where);
    }
  for (const { where, ref, shared } of plans)
    for (const s of shared) {
      const line = plans
        .filter((x) => sameRef(x.ref, s.under))
        .flatMap((x) => x.lines)
        .find((m) => m.id === (s.shownAs ?? s.id));
      if (line === undefined) out.push(`${p.patientId}: ${where} points to ${s.id}, shown nowhere`);
      else if (!line.sharedWith?.some((r) => sameRef(r, ref)))
        out.push(`${p.patientId}: ${s.id} does not name ${where}, which points to it`);
    }
  return out;
}

/**
 * The duplicates in every plan of a patient's report: two lines of one plan that say the same thing, and one line
 * shown under two plans (the HLH treatment under each cytopenia it may explain and under a charted HLH).
 */
export function reportDuplicates(p: PatientReport): string[] {
  return [
    ...plansOf(p).flatMap(({ where, lines }) => duplicateLines(lines, where)),
    ...crossPlanDuplicates(p),
  ];
}
