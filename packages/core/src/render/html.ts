/**
 * Self-contained HTML report (inline CSS, no script, no external asset) for clinicians: a table of
 * contents when there are several patients, then per patient the summary, the serious abnormalities no
 * finding explains, exposures, evidence, plan, sources and data quality, in the same order and the same
 * words as the text report. Prints one patient per page.
 */

import type {
  AssessmentReport,
  CriterionTrace,
  DifferentialTrace,
  Finding,
  InputError,
  ManagementItem,
  PatientReport,
  UnexplainedItem,
  WorkupItem,
} from "../contracts/report.js";
import { valueWithUnit } from "../engine/display.js";
import { plannedText, procedureSummary } from "../engine/manage/procedures.js";
import { REPORT_CSS } from "./html-style.js";
import { html, type Markup, raw } from "./markup.js";
import {
  armsText,
  CHARTED_NOTE,
  CLASS_LABELS,
  citedSourceIds,
  conflictGroups,
  criterionStatusLabel,
  DISCLAIMER,
  differentialBearing,
  disorderLabel,
  findingTitle,
  ignoredCounts,
  locatorText,
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
  type RenderContext,
  recordTally,
  recordTallyText,
  referenceUrl,
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

/** Anchor of the n-th patient (1-based); built from the position so any patient id is safe. */
function patientAnchor(n: number): string {
  return `patient-${n}`;
}

/** What one report is written with. */
interface Pen {
  readonly ctx: RenderContext;
  readonly w: Wording;
}

/**
 * Renders an assessment report as one HTML document.
 * @example
 * writeFileSync("report.html", renderHtml(report, { reference: (id) => refs.get(id) }));
 */
export function renderHtml(report: AssessmentReport, ctx: RenderContext): string {
  const pen: Pen = { ctx, w: wordingOf(ctx) };
  const settings = settingsLines(report, pen.w);
  const none = noPatientLine(report);
  const toc =
    report.patients.length > 1
      ? html`<nav class="toc" aria-label="Patients"><h2>Patients</h2><ol>${report.patients.map((p, i) => {
          const status = patientStatus(ctx, p);
          const flag = p.unexplained.length > 0 ? " has-unexplained" : "";
          return html`<li><a href="#${patientAnchor(i + 1)}">${p.patientId}</a> — <span class="${status.outcome}${flag}">${status.text}</span></li>`;
        })}</ol></nav>`
      : null;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HemoSentinel report — ${report.evaluatedAt}</title>
<style>${raw(REPORT_CSS)}</style>
</head>
<body>
<header class="report-header">
<h1>HemoSentinel report</h1>
<p class="meta">engine ${report.engine.version} · knowledge ${report.engine.knowledgeVersion} (${report.engine.knowledgeHash}) · evaluated at <time datetime="${report.evaluatedAt}">${report.evaluatedAt}</time></p>
<p class="disclaimer">${DISCLAIMER}</p>
${settings !== undefined ? html`<p class="meta settings-source">${settings.source}</p>${settings.values.length > 0 ? html`<ul class="meta settings">${settings.values.map((v) => html`<li>${v}</li>`)}</ul>` : null}` : null}
<p class="meta">${reportCounts(report)}</p>
${none !== undefined ? html`<p class="nothing">${none}.</p>` : null}
</header>
${toc}
<main>
${report.patients.map((p, i) => patientSection(p, i + 1, pen))}
${inputProblems(report.inputErrors, pen)}
</main>
</body>
</html>
`;
  return page.value;
}

function patientSection(p: PatientReport, n: number, pen: Pen): Markup {
  const anchor = patientAnchor(n);
  const ids = citedSourceIds(p);
  return html`<section class="patient" id="${anchor}" aria-labelledby="${anchor}-title">
<h2 id="${anchor}-title">Patient ${p.patientId}</h2>${
    p.deceased === undefined
      ? null
      : html`
<p class="alert" role="alert"><strong>${deathLine(p.deceased)}</strong></p>`
  }${
    p.deathInWords === undefined
      ? null
      : html`
<p class="alert" role="alert"><strong>${deathInWordsLine(p.deathInWords)}</strong></p>`
  }${
    p.absentPatient === undefined
      ? null
      : html`
<p class="warn">${absentPatientLine(p.absentPatient)}</p>`
  }
${summary(p, pen, anchor)}
${unexplained(p, pen, anchor)}${procedures(p, pen, anchor)}
<section class="exposures" aria-labelledby="${anchor}-exposures"><h3 id="${anchor}-exposures">Exposures</h3>${exposures(p, pen)}</section>
<section class="evidence" aria-labelledby="${anchor}-evidence"><h3 id="${anchor}-evidence">Evidence</h3>${p.findings.map((f) => findingEvidence(f, pen, anchor))}${grades(p, pen, anchor)}${scores(p, pen, anchor)}</section>
${p.findings.length > 0 || p.kidneyFunction !== undefined ? html`<section class="plan" aria-labelledby="${anchor}-plan"><h3 id="${anchor}-plan">Plan</h3>${kidneyLine(p, pen)}${p.findings.map((f) => plan(f, pen, anchor, p.deceased))}</section>` : null}
${ids.length > 0 ? sources(ids, pen, anchor) : null}
<section class="quality" aria-labelledby="${anchor}-quality"><h3 id="${anchor}-quality">Data quality</h3>${dataQuality(p, pen, anchor)}</section>
</section>
`;
}

function summary(p: PatientReport, pen: Pen, anchor: string): Markup {
  const { ctx, w } = pen;
  const [primary, ...others] = p.findings;
  const n = p.unexplained.length;
  // Without a finding the status line already names them.
  const named = primary === undefined ? [] : namedUnexplained(ctx, p);
  const unexplainedNote =
    n > 0
      ? html`<p class="alert"><a href="#${anchor}-unexplained">${n === 1 ? "1 serious abnormality" : `${n} serious abnormalities`} not attributed to any disorder</a>${named.length > 0 ? `: ${named.join("; ")}` : ""} — see Unexplained.</p>`
      : null;
  // A procedure near with a count too low for it or an anticoagulant within its interval heads the summary.
  const said = p.procedures === undefined ? undefined : procedureSummary(p.procedures);
  const urgentProcedure =
    said !== undefined &&
    p.procedures?.planned.some((x) => x.when === "imminent" && (x.concerns?.length ?? 0) > 0) === true
      ? html`<p class="alert urgent"><strong>Urgent:</strong> <a href="#${anchor}-procedures">${w.prose(said)}</a></p>`
      : null;
  if (primary === undefined) {
    const status = patientStatus(ctx, p);
    const flag = n > 0 ? " has-unexplained" : "";
    // With no finding the procedure plan is the patient's only plan: the summary points to it.
    const procedureNote =
      p.procedures === undefined
        ? null
        : html`<p class="alert"><a href="#${anchor}-procedures">${PROCEDURES_NOTE}</a></p>`;
    return html`<section class="summary ${status.outcome}${flag}" aria-labelledby="${anchor}-summary"><h3 id="${anchor}-summary">Summary</h3>${urgentProcedure}<p class="primary">${status.text}.</p>${unexplainedNote}${procedureNote}</section>`;
  }
  return html`<section class="summary certainty-${primary.certainty}" aria-labelledby="${anchor}-summary"><h3 id="${anchor}-summary">Summary</h3>${urgentProcedure}
<p class="primary">${findingTitle(ctx, primary)}</p>
${primary.arms !== undefined && primary.arms.length > 0 ? html`<p>Arms: ${armsText(primary.arms, w)}</p>` : null}
${primary.onset !== undefined ? html`<p>Onset: ${onsetText(primary.onset, p.exposures, w.drug)}</p>` : null}
${primary.summary !== "" ? html`<p>${w.prose(primary.summary)}</p>` : null}
${others.length > 0 ? html`<p>Also: ${others.map((f) => findingTitle(ctx, f)).join("; ")}</p>` : null}
${unexplainedNote}
</section>`;
}

function workupList(items: readonly WorkupItem[], pen: Pen, anchor: string): Markup {
  const { w } = pen;
  return html`<ul>${items.map((x) => html`<li><strong>${w.prose(x.test)}</strong>${x.loinc !== undefined ? html` <span class="code">LOINC ${x.loinc}</span>` : null}: ${w.prose(x.why)}${sourceLinks(x.sourceIds, anchor)}</li>`)}</ul>`;
}

function whyMarkup(u: UnexplainedItem, pen: Pen, anchor: string): Markup {
  const why = unexplainedWhy(pen.w.prose(u.why), pen.ctx);
  // What the item shows (an immune AIHA) is said in the lead: its sources close the lead; those of the notes
  // the reasons carry (ICAHT after CAR-T) close the last reason, as a plan line's do.
  const cite = unexplainedCitations(u, why, pen.ctx);
  const last = why.reasons.length - 1;
  if (last < 0) return html`${why.lead}${sourceLinks(cite.lead, anchor)}`;
  return html`<p>${why.lead}${sourceLinks(cite.lead, anchor)}</p><p>Not attributed:</p><ul class="reasons">${why.reasons.map((r, i) => html`<li>${r}${i === last ? sourceLinks(cite.reasons, anchor) : null}</li>`)}</ul>`;
}

function unexplainedItem(u: UnexplainedItem, pen: Pen, anchor: string): Markup {
  const { w } = pen;
  return html`<article class="unexplained-item">
<h4>${w.abnormality(u.abnormality)}${u.grade !== undefined ? `, grade ${u.grade}` : ""}${u.shows ? ` — shows ${u.shows.name}` : ""}</h4>
<dl>
<dt>What</dt><dd>${u.value !== undefined ? valueWithUnit(u.value, u.unit) : w.abnormality(u.abnormality)} ${evidenceRefs(u.evidence)}</dd>
<dt>When</dt><dd>${u.at.slice(0, 10)}</dd>
<dt>Why no disorder was attributed</dt><dd>${whyMarkup(u, pen, anchor)}</dd>
</dl>
${u.workup.length > 0 ? html`<h5>Work-up</h5>${workupList(u.workup, pen, anchor)}` : null}${u.management !== undefined && u.management.length > 0 ? html`\n<h5>Next steps</h5>${managementMarkup(u.management, pen, anchor)}` : null}${sharedNote(u.sharedLines, pen)}
</article>`;
}

function unexplained(p: PatientReport, pen: Pen, anchor: string): Markup {
  const body =
    p.unexplained.length > 0
      ? p.unexplained.map((u) => unexplainedItem(u, pen, anchor))
      : p.exposures.length === 0
        ? html`<p>Not applicable: no immunotherapy of the classes HemoSentinel covers in the record.</p>`
        : html`<p>${noneUnexplained(p)}</p>`;
  const flagged = p.unexplained.length > 0 ? " flagged" : "";
  return html`<section class="unexplained${flagged}" id="${anchor}-unexplained" aria-labelledby="${anchor}-unexplained-title"><h3 id="${anchor}-unexplained-title">Unexplained (${p.unexplained.length})</h3>${body}</section>`;
}

/** The patient's procedure plan (what holds before a planned procedure that no finding's plan shows), if any. */
function procedures(p: PatientReport, pen: Pen, anchor: string): Markup | null {
  if (p.procedures === undefined) return null;
  return html`
<section class="procedures" id="${anchor}-procedures" aria-labelledby="${anchor}-procedures-title"><h3 id="${anchor}-procedures-title">${PROCEDURES_HEADING}</h3><ul class="planned">${p.procedures.planned.map((x) => html`<li class="${x.when}">${pen.w.prose(plannedText(x))}</li>`)}</ul>${managementMarkup(p.procedures.management, pen, anchor)}</section>`;
}

function exposures(p: PatientReport, pen: Pen): Markup {
  if (p.exposures.length === 0) return html`<p>${NO_EXPOSURE}.</p>`;
  return html`<table><thead><tr><th scope="col">Drug</th><th scope="col">Class</th><th scope="col">Doses</th><th scope="col">First</th><th scope="col">Last</th><th scope="col">Infusion</th></tr></thead><tbody>${p.exposures.map(
    (e) =>
      html`<tr><td>${pen.w.drug(e.drug)}</td><td>${CLASS_LABELS[e.class]}</td><td class="num">${e.doses}</td><td class="date">${e.first.slice(0, 10)}</td><td class="date">${e.last.slice(0, 10)}</td><td class="date">${e.infusion?.slice(0, 10) ?? "—"}</td></tr>`,
  )}</tbody></table>`;
}

/** The clearance (or eGFR) the anticoagulant lines read, with the inputs of a computed one, to check first. */
function kidneyLine(p: PatientReport, pen: Pen): Markup | null {
  const k = p.kidneyFunction;
  return k === undefined
    ? null
    : html`<p class="kidney-function">Kidney function the plan read: ${pen.w.prose(k.detail)} ${evidenceRefs(k.evidence)}</p>`;
}

function evidenceRefs(list: readonly string[]): Markup | null {
  return list.length === 0 ? null : html`<span class="refs">${list.join(", ")}</span>`;
}

function statusBadge(t: CriterionTrace): Markup {
  const charted = t.status === "met" && t.charted === true;
  return html`<span class="status ${charted ? "charted" : t.status}">${criterionStatusLabel(t)}</span>`;
}

function traceTable(rows: readonly CriterionTrace[], pen: Pen): Markup {
  const { w } = pen;
  return html`<table class="criteria"><thead><tr><th scope="col">Status</th><th scope="col">Criterion</th><th scope="col">Detail</th><th scope="col">Evidence</th></tr></thead><tbody>${rows.map(
    (t) =>
      html`<tr class="${t.status}"><td>${statusBadge(t)}</td><td>${w.prose(t.label)}</td><td>${t.detail !== undefined ? w.prose(t.detail) : ""}</td><td>${evidenceRefs(t.evidence)}</td></tr>`,
  )}</tbody></table>`;
}

function differentialTable(rows: readonly DifferentialTrace[], pen: Pen): Markup {
  const { w } = pen;
  return html`<table class="criteria differentials"><thead><tr><th scope="col">Status</th><th scope="col">Competing explanation</th><th scope="col">Bearing on this finding</th><th scope="col">Detail</th><th scope="col">Evidence</th></tr></thead><tbody>${rows.map(
    (d) =>
      html`<tr class="${d.status} effect-${d.effect}"><td>${statusBadge(d)}</td><td>${w.prose(d.label)}</td><td class="bearing">${differentialBearing(d)}</td><td>${d.detail !== undefined ? w.prose(d.detail) : ""}</td><td>${evidenceRefs(d.evidence)}</td></tr>`,
  )}</tbody></table>`;
}

function findingEvidence(f: Finding, pen: Pen, anchor: string): Markup {
  const { ctx, w } = pen;
  const charted = f.criteria.some((t) => t.status === "met" && t.charted === true);
  return html`<h4 id="${anchor}-evidence-${f.disorder}">${findingTitle(ctx, f)}</h4>
${f.gradeBasis !== undefined ? html`<p>Grade basis: ${w.prose(f.gradeBasis)}</p>` : null}
${
  f.arms !== undefined && f.arms.length > 0
    ? html`<h5>Grades of the arms</h5><table class="arms"><thead><tr><th scope="col">Arm</th><th scope="col">Grade</th><th scope="col">Basis</th></tr></thead><tbody>${f.arms.map(
        (a) =>
          html`<tr><td>${w.prose(a.label)}</td><td class="num">${a.grade ?? "not graded"}</td><td>${a.basis !== undefined ? w.prose(a.basis) : "—"}</td></tr>`,
      )}</tbody></table>`
    : null
}
<h5>Criteria</h5>${traceTable(f.criteria, pen)}
${charted ? html`<p class="note">${CHARTED_NOTE}</p>` : null}
${f.differentials.length > 0 ? html`<h5>Competing explanations</h5>${differentialTable(f.differentials, pen)}` : null}
${f.scores.length > 0 ? html`<ul>${f.scores.map((s) => html`<li>${w.score(s.id)}: ${s.value ?? "not computable"} — ${w.prose(s.interpretation)}</li>`)}</ul>` : null}`;
}

function grades(p: PatientReport, pen: Pen, anchor: string): Markup {
  const { w } = pen;
  const body =
    p.grades.length === 0
      ? html`<p>None (no graded abnormality).</p>`
      : html`<table><thead><tr><th scope="col">Term</th><th scope="col">Grade</th><th scope="col">Worst value</th><th scope="col">On</th><th scope="col">Basis</th><th scope="col">Evidence</th></tr></thead><tbody>${p.grades.map(
          (g) =>
            html`<tr><td>${w.term(g.term)}</td><td class="num">${g.grade}</td><td class="num">${g.value === undefined ? "—" : valueWithUnit(g.value, g.unit)}</td><td class="date">${g.worstAt.slice(0, 10)}</td><td>${w.prose(g.basis)}</td><td>${evidenceRefs(g.evidence)}</td></tr>`,
        )}</tbody></table>`;
  const ungraded = p.ungraded ?? [];
  const set =
    ungraded.length === 0
      ? null
      : html`<ul class="warn">${ungraded.map(
          (u) =>
            html`<li>${w.term(u.term)}: ${u.value === undefined ? "" : `${valueWithUnit(u.value, u.unit)} `}on ${u.at.slice(0, 10)} ${w.prose(u.reason)} ${evidenceRefs(u.evidence)}</li>`,
        )}</ul>`;
  return html`<h4 id="${anchor}-grades">CTCAE v5.0 grades</h4>${body}${set}`;
}

function scores(p: PatientReport, pen: Pen, anchor: string): Markup {
  const { w } = pen;
  const body =
    p.scores.length === 0
      ? html`<p>None computable.</p>`
      : html`<table><thead><tr><th scope="col">Score</th><th scope="col">Value</th><th scope="col">On</th><th scope="col">Components</th><th scope="col">Interpretation</th><th scope="col">Missing components</th></tr></thead><tbody>${p.scores.map(
          (s) =>
            html`<tr><td>${w.score(s.id)}</td><td class="num">${s.value ?? "—"}</td><td class="date">${s.at.slice(0, 10)}</td><td><ul class="components">${Object.entries(s.components).map(([k, v]) => html`<li>${w.component(s.id, k)}: <strong>${v === null ? "—" : String(v)}</strong></li>`)}</ul></td><td>${w.prose(s.interpretation)}</td><td class="${s.missing.length > 0 ? "warn" : ""}">${s.missing.map((m) => w.component(s.id, m)).join("; ") || "none"}</td></tr>`,
        )}</tbody></table>`;
  return html`<h4 id="${anchor}-scores">Scores</h4>${body}`;
}

function sourceLinks(ids: readonly string[], anchor: string): Markup | null {
  if (ids.length === 0) return null;
  return html` <span class="cite">(${ids.map((id, i) => html`${i > 0 ? ", " : ""}<a href="#${anchor}-src-${id}">${id}</a>`)})</span>`;
}

/** A plan's items by kind, each group under its heading. */
function managementMarkup(items: readonly ManagementItem[], pen: Pen, anchor: string): Markup[] {
  const { w } = pen;
  return managementGroups(items).map(
    (g) =>
      html`<div class="kind ${g.kind}"><h5>${g.label}</h5><ul>${g.items.map(
        (m) =>
          html`<li>${m.urgent ? html`<strong class="urgent">Urgent: </strong>` : null}${w.prose(m.action)}${sourceLinks(m.sourceIds, anchor)}${m.caveat !== undefined ? html`<p class="caveat">Caveat: ${w.prose(m.caveat)}</p>` : null}${m.sharedWith !== undefined ? html`<p class="shared">${sharedWithText(pen.ctx, w, m.sharedWith)}</p>` : null}</li>`,
      )}</ul></div>`,
  );
}

function plan(f: Finding, pen: Pen, anchor: string, deceased?: PatientReport["deceased"]): Markup {
  const { ctx } = pen;
  const groups = managementMarkup(f.management, pen, anchor);
  return html`<h4>${disorderLabel(ctx, f.disorder)}</h4>
${f.workup.length > 0 ? html`<h5>Work-up</h5>${workupList(f.workup, pen, anchor)}` : null}
${groups}${sharedNote(f.sharedLines, pen)}
${f.workup.length === 0 && groups.length === 0 && f.sharedLines === undefined ? html`<p>${noPlanLine(deceased)}</p>` : null}`;
}

/** Where a plan's lines shown once under an earlier plan are. */
function sharedNote(lines: Finding["sharedLines"], pen: Pen): Markup | null {
  return lines === undefined ? null : html`<p class="shared">${sharedLinesText(pen.ctx, pen.w, lines)}</p>`;
}

function sources(ids: readonly string[], pen: Pen, anchor: string): Markup {
  return html`<section class="sources" aria-labelledby="${anchor}-sources"><h3 id="${anchor}-sources">Sources</h3><ul>${ids.map(
    (id) => {
      const ref = pen.ctx.reference(id);
      if (ref === undefined) {
        return html`<li id="${anchor}-src-${id}"><span class="code">${id}</span> <span class="warn">not in the references registry</span></li>`;
      }
      const link = referenceUrl(ref);
      const locator = locatorText(ref);
      // Only web links: a registry URL with another scheme (javascript:, file:) is shown as text.
      const located =
        link !== undefined && /^https?:\/\//.test(link) ? html`<a href="${link}">${locator}</a>` : locator;
      return html`<li id="${anchor}-src-${id}"><span class="code">${id}</span> ${ref.citation} ${located}</li>`;
    },
  )}</ul></section>`;
}

function dataQuality(p: PatientReport, pen: Pen, anchor: string): Markup {
  const { w } = pen;
  const tally = recordTally(p);
  const ignored = ignoredCounts(p.ignored);
  const notUsed = notUsedRows(p.notUsed, w);
  const rejected =
    p.rejected.length === 0
      ? html`<p>Rejected: none.</p>`
      : html`<h4 id="${anchor}-rejected">Rejected records: ${p.rejected.length}</h4>
<table class="rejected"><thead><tr><th scope="col">Reason</th><th scope="col">Count</th><th scope="col">Records</th></tr></thead><tbody>${rejectionGroups(
          p.rejected,
        ).map(
          (g) =>
            html`<tr><td>${w.rejection(g.code)}</td><td class="num">${g.count}</td><td><ul>${g.examples.map((r) => html`<li><span class="refs">${r.ref}</span>: ${w.prose(r.reason)}</li>`)}${g.count > g.examples.length ? html`<li>… and ${g.count - g.examples.length} more, all listed in the JSON report</li>` : null}</ul></td></tr>`,
        )}</tbody></table>`;
  return html`<p class="${tally.adds || !tally.available ? "tally" : "tally warn"}">${recordTallyText(tally)}</p>${
    p.absentPatient === undefined
      ? null
      : html`
<p class="warn">Patient not in the input: ${w.prose(p.absentPatient.detail)}</p>`
  }
${rejected}
${
  notUsed.length > 0
    ? html`<h4>Not used (codes outside scope)</h4><table class="not-used"><thead><tr><th scope="col">Resource type</th><th scope="col">Records</th><th scope="col">By code system</th></tr></thead><tbody>${notUsed.map(
        (row) =>
          html`<tr><td>${row.type}</td><td class="num">${row.total}</td><td>${systemsText(row)}</td></tr>`,
      )}</tbody></table>`
    : null
}
${ignored.length > 0 ? html`<p>Ignored resource types: ${ignored.map(([t, n]) => `${t} ${n}`).join(", ")}</p>` : null}
${
  p.conflicts.length === 0
    ? html`<p>Conflicts: none.</p>`
    : html`<h4>Conflicts: ${p.conflicts.length}, left out of grades, scores and detection</h4>${conflictGroups(
        p.conflicts,
      ).map(
        (g) =>
          html`<h5>${w.conflict(g.kind)}</h5><ul class="conflicts">${g.conflicts.map((k) => html`<li>${w.prose(k.detail)} ${evidenceRefs(k.refs)}</li>`)}</ul>`,
      )}`
}${
  (p.cautions ?? []).length === 0
    ? null
    : html`
<h4>Used, with a caution: ${(p.cautions ?? []).length}, a laboratory flag against its own range</h4><ul class="cautions">${(p.cautions ?? []).map((k) => html`<li>${w.prose(k.detail)} ${evidenceRefs([k.ref])}</li>`)}</ul>`
}`;
}

function inputProblems(errors: readonly InputError[], pen: Pen): Markup | null {
  if (errors.length === 0) return null;
  return html`<section class="input-problems" id="input-problems" aria-labelledby="input-problems-title"><h2 id="input-problems-title">Input problems</h2><ul>${errors.map(
    (e) => html`<li><span class="refs">${e.source}</span>: ${pen.w.prose(e.detail)}</li>`,
  )}</ul></section>`;
}
