/**
 * Two lines of one plan that say the same thing: a clinician reads the plan as a list of orders, and the same
 * order twice (or a shared line beside the plan's own, more specific one) is noise that hides what differs.
 * A plan (a finding's or an unexplained item's) is read for two lines with the same action text, or two lines
 * declared below to say the same thing whenever both are shown.
 */
import type { ManagementItem, PatientReport } from "../../packages/core/src/contracts/report.js";

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

/**
 * The duplicates in every plan of a patient's report: each finding's and each unexplained item's. A line repeated
 * across unexplained items (the HLH treatment carried by each cytopenia it explains and by a charted HLH) is not
 * read yet: each item is planned on its own.
 */
export function reportDuplicates(p: PatientReport): string[] {
  return [
    ...p.findings.flatMap((f) => duplicateLines(f.management, `finding ${f.disorder}`)),
    ...p.unexplained.flatMap((u) => duplicateLines(u.management ?? [], `unexplained ${u.abnormality}`)),
  ];
}
