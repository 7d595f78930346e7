/**
 * Self-contained HTML report (inline CSS, no script, no external asset) for clinicians: a table of
 * contents when there are several patients, then per patient the summary, exposures, evidence, plan,
 * sources and data quality, in the same order as the text report. Prints one patient per page.
 */

import { valueWithUnit } from "../core/display.js";
import type { AssessmentReport, CriterionTrace, Finding, InputError, PatientReport } from "../core/report.js";
import { REPORT_CSS } from "./html-style.js";
import { html, type Markup, raw } from "./markup.js";
import {
  CLASS_LABELS,
  citedSourceIds,
  DISCLAIMER,
  disorderLabel,
  findingTitle,
  ignoredCounts,
  locatorText,
  managementGroups,
  NO_FINDING,
  onsetText,
  primaryLine,
  type RenderContext,
  referenceUrl,
  rejectionGroups,
  reportCounts,
  STATUS_LABELS,
  settingsLines,
} from "./view.js";

/** Anchor of the n-th patient (1-based); built from the position so any patient id is safe. */
function patientAnchor(n: number): string {
  return `patient-${n}`;
}

/**
 * Renders an assessment report as one HTML document.
 * @example
 * writeFileSync("report.html", renderHtml(report, { reference: (id) => refs.get(id) }));
 */
export function renderHtml(report: AssessmentReport, ctx: RenderContext): string {
  const settings = settingsLines(report.settings);
  const toc =
    report.patients.length > 1
      ? html`<nav class="toc" aria-label="Patients"><h2>Patients</h2><ol>${report.patients.map(
          (p, i) =>
            html`<li><a href="#${patientAnchor(i + 1)}">${p.patientId}</a> — <span class="${p.findings.length > 0 ? "flag" : "quiet"}">${primaryLine(ctx, p)}</span></li>`,
        )}</ol></nav>`
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
<p class="meta">engine ${report.engine.version} · knowledge ${report.engine.knowledgeVersion} · evaluated at <time>${report.evaluatedAt}</time></p>
<p class="disclaimer">${DISCLAIMER}</p>
<p class="meta">${settings.source}</p>
<ul class="meta settings">${settings.values.map((v) => html`<li>${v}</li>`)}</ul>
<p class="meta">${reportCounts(report)}</p>
</header>
${toc}
<main>
${report.patients.map((p, i) => patientSection(p, i + 1, ctx))}
${inputProblems(report.inputErrors)}
</main>
</body>
</html>
`;
  return page.value;
}

function patientSection(p: PatientReport, n: number, ctx: RenderContext): Markup {
  const anchor = patientAnchor(n);
  const ids = citedSourceIds(p);
  return html`<section class="patient" id="${anchor}" aria-labelledby="${anchor}-title">
<h2 id="${anchor}-title">Patient ${p.patientId}</h2>
${summary(p, ctx)}
<section class="exposures"><h3>Exposures</h3>${exposures(p)}</section>
<section class="evidence"><h3>Evidence</h3>${p.findings.map((f) => findingEvidence(f, ctx, anchor))}${grades(p, anchor)}${scores(p, anchor)}</section>
${p.findings.length > 0 ? html`<section class="plan"><h3>Plan</h3>${p.findings.map((f) => plan(f, ctx, anchor))}</section>` : null}
${ids.length > 0 ? sources(ids, ctx, anchor) : null}
<section class="quality"><h3>Data quality</h3>${dataQuality(p, anchor)}</section>
</section>
`;
}

function summary(p: PatientReport, ctx: RenderContext): Markup {
  const [primary, ...others] = p.findings;
  if (primary === undefined) {
    return html`<section class="summary none"><h3>Summary</h3><p class="primary">${NO_FINDING}.</p></section>`;
  }
  return html`<section class="summary certainty-${primary.certainty}"><h3>Summary</h3>
<p class="primary">${findingTitle(ctx, primary)}</p>
${primary.onset !== undefined ? html`<p>Onset: ${onsetText(primary.onset, p.exposures)}</p>` : null}
${primary.summary !== "" ? html`<p>${primary.summary}</p>` : null}
${others.length > 0 ? html`<p>Also: ${others.map((f) => findingTitle(ctx, f)).join("; ")}</p>` : null}
</section>`;
}

function exposures(p: PatientReport): Markup {
  if (p.exposures.length === 0) return html`<p>No immunotherapy exposure in the record.</p>`;
  return html`<table><thead><tr><th>Drug</th><th>Class</th><th>Doses</th><th>First</th><th>Last</th><th>Infusion</th></tr></thead><tbody>${p.exposures.map(
    (e) =>
      html`<tr><td>${e.drug}</td><td>${CLASS_LABELS[e.class]}</td><td>${e.doses}</td><td>${e.first.slice(0, 10)}</td><td>${e.last.slice(0, 10)}</td><td>${e.infusion?.slice(0, 10) ?? "—"}</td></tr>`,
  )}</tbody></table>`;
}

function evidenceRefs(list: readonly string[]): Markup | null {
  return list.length === 0 ? null : html`<span class="refs">${list.join(", ")}</span>`;
}

function traceTable(rows: readonly CriterionTrace[]): Markup {
  return html`<table class="criteria"><thead><tr><th>Status</th><th>Criterion</th><th>Detail</th><th>Evidence</th></tr></thead><tbody>${rows.map(
    (t) =>
      html`<tr class="${t.status}"><td><span class="status ${t.status}">${STATUS_LABELS[t.status]}</span></td><td>${t.label}</td><td>${t.detail ?? ""}</td><td>${evidenceRefs(t.evidence)}</td></tr>`,
  )}</tbody></table>`;
}

function findingEvidence(f: Finding, ctx: RenderContext, anchor: string): Markup {
  return html`<h4 id="${anchor}-evidence-${f.disorder}">${findingTitle(ctx, f)}</h4>
${f.gradeBasis !== undefined ? html`<p>Grade basis: ${f.gradeBasis}</p>` : null}
<h5>Criteria</h5>${traceTable(f.criteria)}
${f.differentials.length > 0 ? html`<h5>Differentials</h5>${traceTable(f.differentials)}` : null}
${f.scores.length > 0 ? html`<ul>${f.scores.map((s) => html`<li>Score ${s.id}: ${s.value ?? "not computable"} — ${s.interpretation}</li>`)}</ul>` : null}`;
}

function grades(p: PatientReport, anchor: string): Markup {
  const body =
    p.grades.length === 0
      ? html`<p>None (no graded abnormality).</p>`
      : html`<table><thead><tr><th>Term</th><th>Grade</th><th>Worst value</th><th>On</th><th>Basis</th><th>Evidence</th></tr></thead><tbody>${p.grades.map(
          (g) =>
            html`<tr><td>${g.term}</td><td class="num">${g.grade}</td><td class="num">${g.value === undefined ? "—" : valueWithUnit(g.value, g.unit)}</td><td>${g.worstAt.slice(0, 10)}</td><td>${g.basis}</td><td>${evidenceRefs(g.evidence)}</td></tr>`,
        )}</tbody></table>`;
  return html`<h4 id="${anchor}-grades">CTCAE v5.0 grades</h4>${body}`;
}

function scores(p: PatientReport, anchor: string): Markup {
  const body =
    p.scores.length === 0
      ? html`<p>None computable.</p>`
      : html`<table><thead><tr><th>Score</th><th>Value</th><th>On</th><th>Interpretation</th><th>Missing components</th></tr></thead><tbody>${p.scores.map(
          (s) =>
            html`<tr><td>${s.id}</td><td class="num">${s.value ?? "—"}</td><td>${s.at.slice(0, 10)}</td><td>${s.interpretation}</td><td class="${s.missing.length > 0 ? "warn" : ""}">${s.missing.join(", ") || "none"}</td></tr>`,
        )}</tbody></table>`;
  return html`<h4 id="${anchor}-scores">Scores</h4>${body}`;
}

function sourceLinks(ids: readonly string[], anchor: string): Markup | null {
  if (ids.length === 0) return null;
  return html` <span class="cite">(${ids.map((id, i) => html`${i > 0 ? ", " : ""}<a href="#${anchor}-src-${id}">${id}</a>`)})</span>`;
}

function plan(f: Finding, ctx: RenderContext, anchor: string): Markup {
  const groups = managementGroups(f.management);
  return html`<h4>${disorderLabel(ctx, f.disorder)}</h4>
${f.workup.length > 0 ? html`<h5>Work-up</h5><ul>${f.workup.map((w) => html`<li><strong>${w.test}</strong>${w.loinc !== undefined ? html` <span class="code">LOINC ${w.loinc}</span>` : null}: ${w.why}${sourceLinks(w.sourceIds, anchor)}</li>`)}</ul>` : null}
${groups.map(
  (g) =>
    html`<div class="kind ${g.kind}"><h5>${g.label}</h5><ul>${g.items.map(
      (m) =>
        html`<li>${m.action}${sourceLinks(m.sourceIds, anchor)}${m.caveat !== undefined ? html`<p class="caveat">Caveat: ${m.caveat}</p>` : null}</li>`,
    )}</ul></div>`,
)}
${f.workup.length === 0 && groups.length === 0 ? html`<p>No cited recommendation for this finding.</p>` : null}`;
}

function sources(ids: readonly string[], ctx: RenderContext, anchor: string): Markup {
  return html`<section class="sources"><h3>Sources</h3><ul>${ids.map((id) => {
    const ref = ctx.reference(id);
    if (ref === undefined) {
      return html`<li id="${anchor}-src-${id}"><span class="code">${id}</span> <span class="warn">not in the references registry</span></li>`;
    }
    const link = referenceUrl(ref);
    const locator = locatorText(ref);
    // Only web links: a registry URL with another scheme (javascript:, file:) is shown as text.
    const located =
      link !== undefined && /^https?:\/\//.test(link) ? html`<a href="${link}">${locator}</a>` : locator;
    return html`<li id="${anchor}-src-${id}"><span class="code">${id}</span> ${ref.citation} ${located}</li>`;
  })}</ul></section>`;
}

function dataQuality(p: PatientReport, anchor: string): Markup {
  const ignored = ignoredCounts(p.ignored);
  return html`${
    p.rejected.length === 0
      ? html`<p>No record rejected.</p>`
      : html`<h4 id="${anchor}-rejected">Rejected records: ${p.rejected.length}</h4>
<table><thead><tr><th>Reason</th><th>Count</th><th>Examples</th></tr></thead><tbody>${rejectionGroups(
          p.rejected,
        ).map(
          (g) =>
            html`<tr><td class="code">${g.code}</td><td class="num">${g.count}</td><td><ul>${g.examples.map((r) => html`<li><span class="refs">${r.ref}</span>: ${r.reason}</li>`)}</ul></td></tr>`,
        )}</tbody></table>`
  }
${p.conflicts.length > 0 ? html`<h4>Conflicts: ${p.conflicts.length}</h4><ul>${p.conflicts.map((k) => html`<li>${k.detail} ${evidenceRefs(k.refs)}</li>`)}</ul>` : null}
${ignored.length > 0 ? html`<p>Ignored resource types: ${ignored.map(([t, n]) => `${t} ${n}`).join(", ")}</p>` : null}`;
}

function inputProblems(errors: readonly InputError[]): Markup | null {
  if (errors.length === 0) return null;
  return html`<section class="input-problems" id="input-problems"><h2>Input problems</h2><ul>${errors.map(
    (e) =>
      html`<li><span class="refs">${e.source}</span>: ${e.detail} <span class="code">${e.code}</span></li>`,
  )}</ul></section>`;
}
