/**
 * The cohort report (`cohort stats --out report.html`): one self-contained HTML file — a table per group
 * of cases, incidence per 100 patient-years, cumulative incidence at 30/90/180 days and time to onset
 * per disorder, and the cumulative-incidence curves drawn by Observable Plot in the browser (its UMD
 * build and d3's are embedded, so the file opens offline and holds no patient identifier).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { INCIDENCE_CURVE } from "@hemosentinel/core";
import type { CohortStats, DisorderStats, Interval } from "./stats.js";

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** Observable Plot and d3 as browser scripts, read from the installed packages. */
export function plotScripts(): { d3: string; plot: string } {
  const dir = (pkg: string) => dirname(fileURLToPath(import.meta.resolve(pkg)));
  // d3 resolves to dist/d3.mjs, Plot to src/index.js: the UMD builds sit in their dist/ folders.
  return {
    d3: readFileSync(join(dir("d3"), "d3.min.js"), "utf8"),
    plot: readFileSync(join(dir("@observablehq/plot"), "..", "dist", "plot.umd.min.js"), "utf8"),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fixed = (x: number, digits = 2) => x.toFixed(digits);
const interval = (i: Interval | undefined, f: (x: number) => string) =>
  i ? ` (${f(i.low)}–${f(i.high)})` : "";

function row(s: DisorderStats): string {
  const cells = [
    s.disorder,
    String(s.cases),
    fixed(s.patientYears, 1),
    s.incidence ? `${fixed(s.incidence.rate)}${interval(s.incidence, fixed)}` : "–",
    ...s.cumulative.map((c) => `${pct(c.estimate)}${interval(c.interval, pct)}`),
    s.onset ? `${fixed(s.onset.median, 0)} (${fixed(s.onset.q1, 0)}–${fixed(s.onset.q3, 0)})` : "–",
    String(s.deaths),
  ];
  return `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join("")}</tr>`;
}

/**
 * The report as HTML.
 * @example
 * writeFileSync("report.html", renderStatsHtml(stats, plotScripts()));
 */
export function renderStatsHtml(stats: CohortStats, scripts: { d3: string; plot: string }): string {
  const headers = [
    "Disorder",
    "Cases",
    "Patient-years",
    "Incidence /100 PY (95% CI)",
    ...(stats.groups[0]?.disorders[0]?.cumulative.map((c) => `Cumulative ${c.day} d (95% CI)`) ?? []),
    "Onset, days: median (IQR)",
    "Deaths before event",
  ];
  const sections = stats.groups.map((g, i) => {
    const withCases = g.disorders.filter((d) => d.cases > 0).length;
    return `<section aria-labelledby="g${i}">
<h2 id="g${i}">${escapeHtml(g.group === "all" ? "Whole cohort" : g.group)}</h2>
<p>${g.persons} exposed persons${g.outsideObservation > 0 ? `, ${g.outsideObservation} left out: first dose outside every observation period` : ""}.</p>
<table><thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>${g.disorders.map(row).join("\n")}</tbody></table>
${withCases > 0 ? `<figure><div class="curve" data-group="${i}"></div><figcaption>${escapeHtml(INCIDENCE_CURVE.caption)}</figcaption></figure>` : "<p>No cases: no curve.</p>"}
</section>`;
  });
  const curves = stats.groups.map((g) =>
    g.disorders
      .filter((d) => d.cases > 0)
      .flatMap((d) => d.curve.map((p) => ({ disorder: d.disorder, ...p }))),
  );
  // JSON inside a script element: "<" escaped so that no data can close the element.
  const data = JSON.stringify(curves).replaceAll("<", "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>HemoSentinel cohort report</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:75rem;color:#1a1a1a}
table{border-collapse:collapse;margin:1rem 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}
th[scope=row],thead th{text-align:left;background:#f4f4f4}
figcaption,.meta{color:#555;font-size:.9rem}
</style></head><body>
<h1>HemoSentinel cohort report</h1>
<p class="meta">Screening run ${stats.run.runId}, evaluated ${escapeHtml(stats.run.evaluatedAt)}, knowledge ${escapeHtml(stats.run.knowledgeVersion)}; findings of certainty ${escapeHtml(stats.minCertainty)} or higher; follow-up from the first dose to the end of observation, death or 365 days. Incidence per 100 patient-years at risk with exact Poisson 95% intervals; cumulative incidence with log(−log) 95% intervals.</p>
${sections.join("\n")}
<p class="meta">Decision support, not a diagnosis: every case is a screening finding for review.</p>
<script>${scripts.d3}</script>
<script>${scripts.plot}</script>
<script>
const curves = ${data};
const look = ${JSON.stringify(INCIDENCE_CURVE).replaceAll("<", "\\u003c")};
for (const el of document.querySelectorAll(".curve")) {
  const points = curves[Number(el.dataset.group)];
  el.append(Plot.plot({ ...look.frame, marks: [Plot.lineY(points, look.line), Plot.ruleY([0])] }));
}
</script>
</body></html>
`;
}
