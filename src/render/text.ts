/**
 * Plain-text report for a person (pharmacist, hematologist): per patient the summary first, then the
 * exposures, the evidence, the plan, the sources and the data quality. Colour only when asked (the CLI
 * asks when the output is a terminal).
 */

import { createColors } from "picocolors";
import { valueWithUnit } from "../core/display.js";
import type { AssessmentReport, CriterionTrace, Finding, PatientReport } from "../core/report.js";
import {
  CLASS_LABELS,
  citationText,
  citedSourceIds,
  DISCLAIMER,
  disorderLabel,
  findingTitle,
  ignoredCounts,
  managementGroups,
  NO_FINDING,
  onsetText,
  primaryLine,
  type RenderContext,
  rejectionGroups,
  reportCounts,
  STATUS_LABELS,
  settingsLines,
} from "./view.js";

export interface TextOptions extends RenderContext {
  /** ANSI colours (only for a terminal). */
  readonly color: boolean;
}

type Colors = ReturnType<typeof createColors>;

/** How many evidence ids a criterion line shows before "+N more". */
const MAX_REFS = 4;

// Control characters from the input must not reach a terminal (they could move the cursor or recolour it).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function clean(value: string): string {
  return value.replace(CONTROL, "\uFFFD");
}

function refs(list: readonly string[]): string {
  if (list.length === 0) return "";
  const shown = list.slice(0, MAX_REFS).map(clean).join(", ");
  return list.length > MAX_REFS ? ` [${shown}, +${list.length - MAX_REFS} more]` : ` [${shown}]`;
}

function sources(ids: readonly string[]): string {
  return ids.length === 0 ? "" : ` (${ids.map(clean).join(", ")})`;
}

/**
 * Renders an assessment report as plain text.
 * @example
 * renderText(report, { reference: (id) => refs.get(id), color: false });
 */
export function renderText(report: AssessmentReport, options: TextOptions): string {
  const c = createColors(options.color);
  const out: string[] = [];
  out.push(c.bold("HemoSentinel report"));
  out.push(
    `engine ${clean(report.engine.version)} · knowledge ${clean(report.engine.knowledgeVersion)} · evaluated at ${clean(report.evaluatedAt)}`,
  );
  out.push(c.yellow(DISCLAIMER));
  const settings = settingsLines(report.settings);
  out.push(clean(settings.source), ...settings.values.map((v) => `  ${clean(v)}`));
  out.push(reportCounts(report));
  if (report.patients.length > 1) {
    out.push("", c.bold("OVERVIEW"));
    for (const p of report.patients) out.push(`  ${clean(p.patientId)}: ${primaryLine(options, p)}`);
  }
  for (const p of report.patients) out.push("", ...patientText(p, options, c));
  if (report.inputErrors.length > 0) {
    out.push("", c.bold("INPUT PROBLEMS"));
    for (const e of report.inputErrors) {
      out.push(`  ${clean(e.source)}: ${clean(e.detail)} (${clean(e.code)})`);
    }
  }
  return `${out.join("\n")}\n`;
}

function patientText(p: PatientReport, ctx: RenderContext, c: Colors): string[] {
  const rule = "═".repeat(72);
  const out = [rule, c.bold(`Patient ${clean(p.patientId)}`), rule];
  out.push(c.bold("SUMMARY"), ...summary(p, ctx, c));
  out.push("", c.bold("EXPOSURES"));
  if (p.exposures.length === 0) out.push("  No immunotherapy exposure in the record.");
  for (const e of p.exposures) {
    const span =
      e.first === e.last ? e.first.slice(0, 10) : `${e.first.slice(0, 10)} to ${e.last.slice(0, 10)}`;
    const infusion = e.infusion === undefined ? "" : `; infusion ${e.infusion.slice(0, 10)}`;
    out.push(`  ${clean(e.drug)} (${CLASS_LABELS[e.class]}): ${e.doses} dose(s), ${span}${infusion}`);
  }
  out.push("", c.bold("EVIDENCE"), ...evidence(p, ctx, c));
  if (p.findings.length > 0) out.push("", c.bold("PLAN"), ...plan(p, ctx, c));
  const ids = citedSourceIds(p);
  if (ids.length > 0) {
    out.push("", c.bold("SOURCES"));
    for (const id of ids) {
      const ref = ctx.reference(id);
      out.push(
        `  [${clean(id)}] ${ref === undefined ? c.red("not in the references registry") : citationText(ref)}`,
      );
    }
  }
  out.push("", c.bold("DATA QUALITY"), ...dataQuality(p, c));
  return out;
}

function summary(p: PatientReport, ctx: RenderContext, c: Colors): string[] {
  const [primary, ...others] = p.findings;
  if (primary === undefined) return [`  ${NO_FINDING}.`];
  const out = [`  ${c.bold(findingTitle(ctx, primary))}`];
  if (primary.onset !== undefined) out.push(`  Onset: ${clean(onsetText(primary.onset, p.exposures))}`);
  if (primary.summary !== "") out.push(`  ${clean(primary.summary)}`);
  for (const f of others) out.push(`  Also: ${findingTitle(ctx, f)}`);
  return out;
}

function traceLine(t: CriterionTrace, c: Colors): string {
  const paint = t.status === "met" ? c.green : t.status === "missing" ? c.yellow : c.dim;
  const status = paint(`[${STATUS_LABELS[t.status]}]`.padEnd(10));
  const detail = t.detail === undefined ? "" : `: ${clean(t.detail)}`;
  return `      ${status} ${clean(t.label)}${detail}${refs(t.evidence)}`;
}

function findingEvidence(f: Finding, ctx: RenderContext, c: Colors): string[] {
  const out = [`  ${c.bold(findingTitle(ctx, f))}`];
  if (f.gradeBasis !== undefined) out.push(`    Grade basis: ${clean(f.gradeBasis)}`);
  out.push("    Criteria", ...f.criteria.map((t) => traceLine(t, c)));
  if (f.differentials.length > 0)
    out.push("    Differentials", ...f.differentials.map((t) => traceLine(t, c)));
  for (const s of f.scores)
    out.push(`    Score ${clean(s.id)}: ${s.value ?? "not computable"} — ${clean(s.interpretation)}`);
  return out;
}

function evidence(p: PatientReport, ctx: RenderContext, c: Colors): string[] {
  const out = p.findings.flatMap((f) => findingEvidence(f, ctx, c));
  out.push("  CTCAE v5.0 grades");
  if (p.grades.length === 0) out.push("    none (no graded abnormality)");
  for (const g of p.grades) {
    const value = g.value === undefined ? "" : `${valueWithUnit(g.value, g.unit)} `;
    out.push(
      `    ${clean(g.term)}: grade ${g.grade}, ${value}on ${g.worstAt.slice(0, 10)} (${clean(g.basis)})${refs(g.evidence)}`,
    );
  }
  out.push("  Scores");
  if (p.scores.length === 0) out.push("    none computable");
  for (const s of p.scores) {
    const missing = s.missing.length === 0 ? "" : c.yellow(`; missing: ${s.missing.map(clean).join(", ")}`);
    out.push(
      `    ${clean(s.id)}: ${s.value ?? "not computable"} on ${s.at.slice(0, 10)} — ${clean(s.interpretation)}${missing}`,
    );
  }
  return out;
}

function plan(p: PatientReport, ctx: RenderContext, c: Colors): string[] {
  const out: string[] = [];
  for (const f of p.findings) {
    out.push(`  ${c.bold(disorderLabel(ctx, f.disorder))}`);
    if (f.workup.length > 0) out.push("    Work-up");
    for (const w of f.workup) {
      const loinc = w.loinc === undefined ? "" : ` (LOINC ${clean(w.loinc)})`;
      out.push(`      - ${clean(w.test)}${loinc}: ${clean(w.why)}${sources(w.sourceIds)}`);
    }
    for (const g of managementGroups(f.management)) {
      out.push(`    ${g.kind === "avoid" ? c.red(c.bold(g.label)) : g.label}`);
      for (const m of g.items) {
        out.push(`      - ${clean(m.action)}${sources(m.sourceIds)}`);
        if (m.caveat !== undefined) out.push(`        ${c.yellow(`Caveat: ${clean(m.caveat)}`)}`);
      }
    }
    if (f.workup.length === 0 && f.management.length === 0)
      out.push("    No cited recommendation for this finding.");
  }
  return out;
}

function dataQuality(p: PatientReport, c: Colors): string[] {
  const out: string[] = [];
  if (p.rejected.length === 0) out.push("  No record rejected.");
  else out.push(`  Rejected records: ${p.rejected.length}`);
  for (const g of rejectionGroups(p.rejected)) {
    out.push(`    ${c.yellow(clean(g.code))} × ${g.count}`);
    for (const r of g.examples) out.push(`      e.g. ${clean(r.ref)}: ${clean(r.reason)}`);
  }
  if (p.conflicts.length > 0) out.push(`  Conflicts: ${p.conflicts.length}`);
  for (const k of p.conflicts) out.push(`    ${clean(k.detail)}${refs(k.refs)}`);
  const ignored = ignoredCounts(p.ignored);
  if (ignored.length > 0)
    out.push(`  Ignored resource types: ${ignored.map(([t, n]) => `${clean(t)} ${n}`).join(", ")}`);
  return out;
}
