/**
 * Plain-text report for a person (pharmacist, hematologist): per patient the summary first, then the
 * serious abnormalities no finding explains, the exposures, the evidence, the plan, the sources and the
 * data quality. Names and display units throughout; the codes are in the JSON. Colour only when asked
 * (the CLI asks when the output is a terminal).
 */
import { createColors } from "picocolors";
import type {
  AssessmentReport,
  CriterionTrace,
  DifferentialTrace,
  Finding,
  ManagementItem,
  PatientReport,
  UnexplainedItem,
  WorkupItem,
} from "../contracts/report.js";
import { valueWithUnit } from "../engine/display.js";
import { plannedText, procedureSummary } from "../engine/manage/procedures.js";
// Text from the input must not drive the terminal or forge a line: control, format and bidi characters shown.
import { safeText as clean } from "./safe-text.js";
import {
  armsText,
  CHARTED_NOTE,
  CLASS_LABELS,
  citationText,
  citedSourceIds,
  conflictGroups,
  criterionStatusLabel,
  DISCLAIMER,
  differentialBearing,
  disorderLabel,
  findingTitle,
  ignoredCounts,
  managementGroups,
  NO_EXPOSURE,
  namedUnexplained,
  noneUnexplained,
  noPatientLine,
  notUsedRows,
  onsetText,
  PROCEDURES_HEADING,
  PROCEDURES_NOTE,
  patientStatus,
  primaryLine,
  type RenderContext,
  recordTally,
  recordTallyText,
  rejectionGroups,
  reportCounts,
  settingsLines,
  sharedLinesText,
  sharedWithText,
  systemsText,
  unexplainedCitations,
  unexplainedWhy,
} from "./view.js";
import {
  absentPatientLine,
  deathInWordsLine,
  deathLine,
  noPlanLine,
  type Wording,
  wordingOf,
} from "./wording.js";

export interface TextOptions extends RenderContext {
  /** ANSI colours (only for a terminal). */
  readonly color: boolean;
}

type Colors = ReturnType<typeof createColors>;

/** How many evidence ids a criterion line shows before "+N more". */
const MAX_REFS = 4;

function refs(list: readonly string[]): string {
  if (list.length === 0) return "";
  const shown = list.slice(0, MAX_REFS).map(clean).join(", ");
  return list.length > MAX_REFS ? ` [${shown}, +${list.length - MAX_REFS} more]` : ` [${shown}]`;
}

function sources(ids: readonly string[]): string {
  return ids.length === 0 ? "" : ` (${ids.map(clean).join(", ")})`;
}

/** What one patient's text is written with. */
interface Pen {
  readonly ctx: RenderContext;
  readonly w: Wording;
  readonly c: Colors;
  /** Text the core or knowledge wrote: names and display units, control and format characters shown as code points. */
  readonly say: (text: string) => string;
}

/**
 * Renders an assessment report as plain text.
 * @example
 * renderText(report, { reference: (id) => refs.get(id), color: false });
 */
export function renderText(report: AssessmentReport, options: TextOptions): string {
  const c = createColors(options.color);
  const w = wordingOf(options);
  const pen: Pen = { ctx: options, w, c, say: (text) => clean(w.prose(text)) };
  const out: string[] = [];
  out.push(c.bold("HemoSentinel report"));
  out.push(
    `engine ${clean(report.engine.version)} · knowledge ${clean(report.engine.knowledgeVersion)} (${clean(report.engine.knowledgeHash)}) · evaluated at ${clean(report.evaluatedAt)}`,
  );
  out.push(c.yellow(DISCLAIMER));
  const settings = settingsLines(report, w);
  if (settings !== undefined)
    out.push(clean(settings.source), ...settings.values.map((v) => `  ${clean(v)}`));
  out.push(reportCounts(report));
  const none = noPatientLine(report);
  if (none !== undefined) out.push(c.bold(`${none}.`));
  if (report.patients.length > 1) {
    out.push("", c.bold("OVERVIEW"));
    for (const p of report.patients) out.push(`  ${clean(p.patientId)}: ${clean(primaryLine(options, p))}`);
  }
  for (const p of report.patients) out.push("", ...patientText(p, pen));
  if (report.inputErrors.length > 0) {
    out.push("", c.bold("INPUT PROBLEMS"));
    for (const e of report.inputErrors) out.push(`  ${clean(e.source)}: ${pen.say(e.detail)}`);
  }
  return `${out.join("\n")}\n`;
}

function patientText(p: PatientReport, pen: Pen): string[] {
  const { c, ctx, w } = pen;
  const rule = "═".repeat(72);
  const out = [rule, c.bold(`Patient ${clean(p.patientId)}`), rule];
  if (p.deceased !== undefined) out.push(c.bold(c.red(clean(deathLine(p.deceased)))), "");
  if (p.deathInWords !== undefined) out.push(c.bold(c.red(clean(deathInWordsLine(p.deathInWords)))), "");
  if (p.absentPatient !== undefined) out.push(c.yellow(clean(absentPatientLine(p.absentPatient))), "");
  out.push(c.bold("SUMMARY"), ...summary(p, pen));
  out.push("", c.bold(`UNEXPLAINED (${p.unexplained.length})`), ...unexplained(p, pen));
  // What holds before a planned procedure that no finding's plan shows: with no finding, the only plan there is.
  // Each procedure planned is named first with its day and what stands in its way, then the lines.
  if (p.procedures !== undefined)
    out.push(
      "",
      c.bold(PROCEDURES_HEADING.toUpperCase()),
      ...p.procedures.planned.map((x) => `  * ${pen.say(plannedText(x))}`),
      ...managementLines(p.procedures.management, pen, "  "),
    );
  out.push("", c.bold("EXPOSURES"));
  if (p.exposures.length === 0) out.push(`  ${NO_EXPOSURE}.`);
  for (const e of p.exposures) {
    const span =
      e.first === e.last ? e.first.slice(0, 10) : `${e.first.slice(0, 10)} to ${e.last.slice(0, 10)}`;
    const infusion = e.infusion === undefined ? "" : `; infusion ${e.infusion.slice(0, 10)}`;
    out.push(`  ${clean(w.drug(e.drug))} (${CLASS_LABELS[e.class]}): ${e.doses} dose(s), ${span}${infusion}`);
  }
  out.push("", c.bold("EVIDENCE"), ...evidence(p, pen));
  if (p.findings.length > 0) out.push("", c.bold("PLAN"), ...plan(p, pen));
  // Only the unexplained abnormalities' next steps were planned: the reading stands under its own heading.
  else if (p.kidneyFunction !== undefined) out.push("", c.bold("KIDNEY FUNCTION"), ...kidneyLine(p, pen));
  const ids = citedSourceIds(p);
  if (ids.length > 0) {
    out.push("", c.bold("SOURCES"));
    for (const id of ids) {
      const ref = ctx.reference(id);
      out.push(
        `  [${clean(id)}] ${ref === undefined ? c.red("not in the references registry") : clean(citationText(ref))}`,
      );
    }
  }
  out.push("", c.bold("DATA QUALITY"), ...dataQuality(p, pen));
  return out;
}

function summary(p: PatientReport, pen: Pen): string[] {
  const { c } = pen;
  // A procedure near with a count too low for it or an anticoagulant within its interval heads the summary.
  const soon = p.procedures?.planned.some((x) => x.when === "imminent" && (x.concerns?.length ?? 0) > 0);
  const said = p.procedures === undefined ? undefined : procedureSummary(p.procedures);
  const urgent =
    soon === true && said !== undefined
      ? [
          `  ${c.red(c.bold("URGENT: "))}${c.red(`${pen.say(said)} — see ${PROCEDURES_HEADING.toUpperCase()}.`)}`,
        ]
      : [];
  return [...urgent, ...summaryBody(p, pen)];
}

function summaryBody(p: PatientReport, pen: Pen): string[] {
  const { c, ctx, w } = pen;
  const [primary, ...others] = p.findings;
  if (primary === undefined) {
    const status = [`  ${c.bold(clean(`${patientStatus(ctx, p).text}.`))}`];
    // With no finding the procedure plan is the patient's only plan: the summary points to it.
    if (p.procedures !== undefined)
      status.push(`  ${c.red(`${PROCEDURES_NOTE} — see ${PROCEDURES_HEADING.toUpperCase()}.`)}`);
    return status;
  }
  const out = [`  ${c.bold(findingTitle(ctx, primary))}`];
  if (primary.arms !== undefined && primary.arms.length > 0)
    out.push(`  Arms: ${clean(armsText(primary.arms, w))}`);
  if (primary.onset !== undefined)
    out.push(`  Onset: ${clean(onsetText(primary.onset, p.exposures, w.drug))}`);
  if (primary.summary !== "") out.push(`  ${pen.say(primary.summary)}`);
  for (const f of others) out.push(`  Also: ${findingTitle(ctx, f)}`);
  if (p.unexplained.length > 0) {
    const n = p.unexplained.length;
    const named = namedUnexplained(ctx, p);
    out.push(
      `  ${c.red(`${n === 1 ? "1 serious abnormality" : `${n} serious abnormalities`} not attributed to any disorder${named.length > 0 ? `: ${clean(named.join("; "))}` : ""} — see UNEXPLAINED.`)}`,
    );
  }
  return out;
}

function workupLines(items: readonly WorkupItem[], pen: Pen, indent: string): string[] {
  return items.map((x) => {
    const loinc = x.loinc === undefined ? "" : ` (LOINC ${clean(x.loinc)})`;
    return `${indent}- ${pen.say(x.test)}${loinc}: ${pen.say(x.why)}${sources(x.sourceIds)}`;
  });
}

function unexplainedItem(u: UnexplainedItem, pen: Pen): string[] {
  const { c, w } = pen;
  const grade = u.grade === undefined ? "" : `, grade ${u.grade}`;
  const value = u.value === undefined ? "" : `, ${valueWithUnit(u.value, u.unit)}`;
  const out = [
    `  ${c.bold(`${clean(w.abnormality(u.abnormality))}${grade}${u.shows ? ` — shows ${clean(u.shows.name)}` : ""}`)}${value} on ${u.at.slice(0, 10)}${refs(u.evidence)}`,
  ];
  const why = unexplainedWhy(w.prose(u.why), pen.ctx);
  // What the item shows (an immune AIHA) is said in the lead: its sources close the lead; those of the notes
  // the reasons carry (ICAHT after CAR-T) close the last reason, as a plan line's do.
  const cite = unexplainedCitations(u, why, pen.ctx);
  const last = why.reasons.length - 1;
  out.push(`    Why no disorder was attributed: ${clean(why.lead)}${sources(cite.lead)}`);
  if (why.reasons.length > 0)
    out.push(
      "      Not attributed:",
      ...why.reasons.map((r, i) => `      - ${clean(r)}${i === last ? sources(cite.reasons) : ""}`),
    );
  if (u.workup.length > 0) out.push("    Work-up", ...workupLines(u.workup, pen, "      "));
  if (u.management !== undefined && u.management.length > 0)
    out.push("    Next steps", ...managementLines(u.management, pen, "      "));
  if (u.sharedLines !== undefined) out.push(`    ${clean(sharedLinesText(pen.ctx, pen.w, u.sharedLines))}`);
  return out;
}

function unexplained(p: PatientReport, pen: Pen): string[] {
  if (p.unexplained.length > 0) return p.unexplained.flatMap((u) => unexplainedItem(u, pen));
  if (p.exposures.length === 0)
    return ["  Not applicable: no immunotherapy of the classes HemoSentinel covers in the record."];
  return [`  ${noneUnexplained(p)}`];
}

function traceLine(t: CriterionTrace, pen: Pen): string {
  const { c } = pen;
  const charted = t.status === "met" && t.charted === true;
  const paint = charted
    ? c.magenta
    : t.status === "met"
      ? c.green
      : t.status === "missing"
        ? c.yellow
        : c.dim;
  const status = paint(`[${criterionStatusLabel(t)}]`.padEnd(10));
  const detail = t.detail === undefined ? "" : `: ${pen.say(t.detail)}`;
  return `      ${status} ${pen.say(t.label)}${detail}${refs(t.evidence)}`;
}

function differentialLine(d: DifferentialTrace, pen: Pen): string {
  const { c } = pen;
  const paint = d.status === "met" ? c.red : d.status === "missing" ? c.yellow : c.dim;
  const status = paint(`[${criterionStatusLabel(d)}]`.padEnd(10));
  const detail = d.detail === undefined ? "" : `: ${pen.say(d.detail)}`;
  return `      ${status} ${pen.say(d.label)} — ${differentialBearing(d)}${detail}${refs(d.evidence)}`;
}

function findingEvidence(f: Finding, pen: Pen): string[] {
  const { c, ctx, w } = pen;
  const out = [`  ${c.bold(findingTitle(ctx, f))}`];
  if (f.gradeBasis !== undefined) out.push(`    Grade basis: ${pen.say(f.gradeBasis)}`);
  if (f.arms !== undefined && f.arms.length > 0) {
    out.push("    Grades of the arms");
    for (const a of f.arms) {
      const basis = a.basis === undefined ? "" : ` (${pen.say(a.basis)})`;
      out.push(
        `      ${pen.say(a.label)}: ${a.grade === undefined ? "not graded" : `grade ${a.grade}`}${basis}`,
      );
    }
  }
  out.push("    Criteria", ...f.criteria.map((t) => traceLine(t, pen)));
  if (f.criteria.some((t) => t.status === "met" && t.charted === true))
    out.push(`      ${c.dim(CHARTED_NOTE)}`);
  if (f.differentials.length > 0)
    out.push("    Competing explanations", ...f.differentials.map((d) => differentialLine(d, pen)));
  for (const s of f.scores)
    out.push(`    ${clean(w.score(s.id))}: ${s.value ?? "not computable"} — ${pen.say(s.interpretation)}`);
  return out;
}

function evidence(p: PatientReport, pen: Pen): string[] {
  const { c, w } = pen;
  const out = p.findings.flatMap((f) => findingEvidence(f, pen));
  out.push("  CTCAE v5.0 grades");
  if (p.grades.length === 0) out.push("    none (no graded abnormality)");
  for (const g of p.grades) {
    const value = g.value === undefined ? "" : `${valueWithUnit(g.value, g.unit)} `;
    out.push(
      `    ${clean(w.term(g.term))}: grade ${g.grade}, ${value}on ${g.worstAt.slice(0, 10)} (${pen.say(g.basis)})${refs(g.evidence)}`,
    );
  }
  for (const u of p.ungraded ?? []) {
    const value = u.value === undefined ? "" : `${valueWithUnit(u.value, u.unit)} `;
    out.push(
      `    ${c.yellow(`${clean(w.term(u.term))}: ${value}on ${u.at.slice(0, 10)} ${pen.say(u.reason)}`)}${refs(u.evidence)}`,
    );
  }
  out.push("  Scores");
  if (p.scores.length === 0) out.push("    none computable");
  for (const s of p.scores) {
    out.push(
      `    ${clean(w.score(s.id))}: ${s.value ?? "not computable"} on ${s.at.slice(0, 10)} — ${pen.say(s.interpretation)}`,
    );
    const parts = Object.entries(s.components).map(([k, v]) => `${clean(w.component(s.id, k))}: ${v ?? "—"}`);
    if (parts.length > 0) out.push(`      Components: ${parts.join("; ")}`);
    if (s.missing.length > 0)
      out.push(
        `      ${c.yellow(`Missing: ${s.missing.map((m) => clean(w.component(s.id, m))).join("; ")}`)}`,
      );
  }
  return out;
}

/** A plan's lines by kind, the group heading at `indent`, its items two spaces further in. */
function managementLines(items: readonly ManagementItem[], pen: Pen, indent: string): string[] {
  const { c } = pen;
  const out: string[] = [];
  for (const g of managementGroups(items)) {
    out.push(`${indent}${g.kind === "avoid" ? c.red(c.bold(g.label)) : g.label}`);
    for (const m of g.items) {
      out.push(
        `${indent}  - ${m.urgent ? c.red(c.bold("URGENT: ")) : ""}${pen.say(m.action)}${sources(m.sourceIds)}`,
      );
      if (m.caveat !== undefined) out.push(`${indent}    ${c.yellow(`Caveat: ${pen.say(m.caveat)}`)}`);
      if (m.sharedWith !== undefined)
        out.push(`${indent}    ${c.dim(clean(sharedWithText(pen.ctx, pen.w, m.sharedWith)))}`);
    }
  }
  return out;
}

/** The clearance (or eGFR) the anticoagulant lines read, with the inputs of a computed one, to check first. */
function kidneyLine(p: PatientReport, pen: Pen): string[] {
  const kidney = p.kidneyFunction;
  return kidney === undefined
    ? []
    : [`  Kidney function the plan read: ${pen.say(kidney.detail)}${refs(kidney.evidence)}`];
}

function plan(p: PatientReport, pen: Pen): string[] {
  const { c, ctx } = pen;
  const out: string[] = [];
  out.push(...kidneyLine(p, pen));
  for (const f of p.findings) {
    out.push(`  ${c.bold(disorderLabel(ctx, f.disorder))}`);
    if (f.workup.length > 0) out.push("    Work-up", ...workupLines(f.workup, pen, "      "));
    out.push(...managementLines(f.management, pen, "    "));
    if (f.sharedLines !== undefined) out.push(`    ${clean(sharedLinesText(ctx, pen.w, f.sharedLines))}`);
    if (f.workup.length === 0 && f.management.length === 0 && f.sharedLines === undefined)
      out.push(`    ${noPlanLine(p.deceased)}`);
  }
  return out;
}

function dataQuality(p: PatientReport, pen: Pen): string[] {
  const { c, w } = pen;
  const tally = recordTally(p);
  const out = [
    `  ${tally.adds || !tally.available ? recordTallyText(tally) : c.red(recordTallyText(tally))}`,
  ];
  if (p.absentPatient !== undefined)
    out.push(`  ${c.yellow("Patient not in the input")}: ${pen.say(p.absentPatient.detail)}`);
  if (p.rejected.length === 0) out.push("  Rejected: none.");
  else out.push(`  Rejected: ${p.rejected.length} record(s), by reason`);
  for (const g of rejectionGroups(p.rejected)) {
    out.push(`    ${c.yellow(clean(w.rejection(g.code)))} × ${g.count}`);
    for (const r of g.examples) out.push(`      ${clean(r.ref)}: ${pen.say(r.reason)}`);
    if (g.count > g.examples.length)
      out.push(`      … and ${g.count - g.examples.length} more, all listed in the JSON report`);
  }
  const notUsed = notUsedRows(p.notUsed, w);
  if (notUsed.length > 0) {
    out.push("  Not used (codes outside scope), by resource type and code system");
    for (const row of notUsed) out.push(`    ${clean(row.type)} ${row.total}: ${clean(systemsText(row))}`);
  }
  const ignored = ignoredCounts(p.ignored);
  if (ignored.length > 0)
    out.push(`  Ignored resource types: ${ignored.map(([t, n]) => `${clean(t)} ${n}`).join(", ")}`);
  if (p.conflicts.length === 0) out.push("  Conflicts: none.");
  else out.push(`  Conflicts: ${p.conflicts.length}, left out of grades, scores and detection`);
  for (const g of conflictGroups(p.conflicts)) {
    out.push(`    ${c.yellow(clean(w.conflict(g.kind)))}`);
    for (const k of g.conflicts) out.push(`      ${pen.say(k.detail)}${refs(k.refs)}`);
  }
  const cautions = p.cautions ?? [];
  if (cautions.length > 0) {
    out.push(
      `  ${c.yellow("Used, with a caution")}: ${cautions.length}, a laboratory flag against its own range`,
    );
    for (const k of cautions) out.push(`    ${pen.say(k.detail)}${refs([k.ref])}`);
  }
  return out;
}
