/**
 * The HTML report: a forest plot of the ROR with its 95 % CI per drug for each disorder, drawn by
 * Observable Plot in the browser (its bundle and d3's are inlined, so the file is self-contained and works
 * offline), and the full table, sortable by any column. The data travel as JSON in the page.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SignalResult } from "../signals.js";

const require = createRequire(import.meta.url);
let bundles: string | undefined;

/**
 * The file a package exports under the "umd" condition (d3's and Observable Plot's browser builds):
 * Node's resolver does not take conditions, so the file is found from the package's own package.json.
 */
function umdFile(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { exports: { umd: string } };
  return join(dir, pkg.exports.umd);
}

/** d3 and Observable Plot as browser scripts, inlined so the page works offline. */
function scripts(): string {
  bundles ??= ["d3", "@observablehq/plot"]
    .map(
      (name) =>
        `<script>${readFileSync(umdFile(name), "utf8").replaceAll("</script", "<\\/script")}</script>`,
    )
    .join("\n");
  return bundles;
}

const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** JSON that can sit inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replaceAll("<", "\\u003c");

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.meta { color: #555; } .disorder { margin: 1rem 0 2rem; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #ddd; text-align: right; }
th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid #2166ac; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
td.signal { color: #b2182b; font-weight: 600; }`;

/** The page's own script: one forest plot per disorder, then the sortable table. */
const CLIENT = `
const { rows } = JSON.parse(document.getElementById("pv-data").textContent);
const plots = document.getElementById("plots");
const events = [...new Set(rows.map((r) => r.event))].sort();
for (const event of events) {
  const data = rows.filter((r) => r.event === event && r.ror !== null).sort((a, b) => b.ror - a.ror);
  const section = document.createElement("section");
  section.className = "disorder";
  section.innerHTML = "<h2></h2>";
  section.querySelector("h2").textContent = event;
  if (data.length === 0) {
    section.append("No drug with a defined ROR for this disorder (no report, or a zero cell).");
  } else {
    const figure = Plot.plot({
      ariaLabel: "Forest plot: reporting odds ratio with its 95 % CI per drug, " + event,
      marginLeft: 170, height: 50 + 24 * data.length, width: 760,
      // The domain holds every CI and the line at 1; ticks as plain numbers (not 500m for 0.5).
      x: { type: "log", label: "Reporting odds ratio (95 % CI, log scale)", grid: true, tickFormat: "~g",
        domain: [Math.min(1, ...data.map((r) => r.ror_lower)) / 1.1, Math.max(1, ...data.map((r) => r.ror_upper)) * 1.1] },
      y: { label: null, domain: data.map((r) => r.drug) },
      marks: [
        Plot.ruleX([1], { stroke: "#777", strokeDasharray: "4 3" }),
        Plot.ruleY(data, { y: "drug", x1: "ror_lower", x2: "ror_upper", stroke: "#444" }),
        Plot.dot(data, { x: "ror", y: "drug", r: 4, fill: (r) => (r.signals.includes("ror") ? "#b2182b" : "#2166ac"),
          title: (r) => r.drug + ": ROR " + r.ror.toFixed(2) + " (" + r.ror_lower.toFixed(2) + "–" + r.ror_upper.toFixed(2) + "), n = " + r.n }),
      ],
    });
    // Plot labels each mark's <g> (aria-label="dot", "rule"); a labelled <g> needs a role to carry it.
    for (const g of figure.querySelectorAll("g[aria-label]:not([role])")) g.setAttribute("role", "group");
    section.append(figure);
  }
  plots.append(section);
}
const columns = ["drug", "event", "n", "e", "ebgm", "eb05", "eb95", "ror", "ror_lower", "ror_upper", "prr", "chi2", "ic", "ic025", "signals"];
const tbody = document.querySelector("#signals tbody");
const fmt = (v, c) => v === null ? "–" : Array.isArray(v) ? v.join(" ") : typeof v === "number" && c !== "n" ? v.toFixed(c === "chi2" ? 1 : 2) : String(v);
function draw(list) {
  tbody.replaceChildren(...list.map((r) => {
    const tr = document.createElement("tr");
    for (const c of columns) {
      const td = document.createElement("td");
      td.textContent = fmt(r[c], c);
      if (c === "signals" && r.signals.length > 0) td.className = "signal";
      tr.append(td);
    }
    return tr;
  }));
}
let order = { column: null, dir: 1 };
for (const th of document.querySelectorAll("#signals th")) {
  th.querySelector("button").addEventListener("click", () => {
    const c = th.dataset.column;
    order = { column: c, dir: order.column === c ? -order.dir : (c === "drug" || c === "event" ? 1 : -1) };
    for (const other of document.querySelectorAll("#signals th")) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", order.dir > 0 ? "ascending" : "descending");
    const key = (r) => (c === "signals" ? r.signals.length : r[c]);
    draw([...rows].sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === null) return y === null ? 0 : 1;
      if (y === null) return -1;
      return (typeof x === "string" ? x.localeCompare(y) : x - y) * order.dir;
    }));
  });
}
draw(rows);`;

const HEADERS: Record<string, string> = {
  drug: "Drug",
  event: "Event",
  n: "n",
  e: "E",
  ebgm: "EBGM",
  eb05: "EB05",
  eb95: "EB95",
  ror: "ROR",
  ror_lower: "ROR lower",
  ror_upper: "ROR upper",
  prr: "PRR",
  chi2: "χ²",
  ic: "IC",
  ic025: "IC025",
  signals: "Signals",
};

/**
 * The whole page.
 * @example
 * writeFileSync("signals.html", renderHtml(result, runContext(result)));
 */
export function renderHtml(result: SignalResult, context: unknown): string {
  const p = result.prior;
  const prior = p
    ? `EBGM prior (${p.source}): α1 ${p.values.alpha1.toPrecision(6)}, β1 ${p.values.beta1.toPrecision(6)}, α2 ${p.values.alpha2.toPrecision(6)}, β2 ${p.values.beta2.toPrecision(6)}, P ${p.values.p.toPrecision(6)}${p.converged ? "" : " (the fit did not converge: read EBGM with care)"}`
    : "EBGM not computed";
  const heads = Object.entries(HEADERS)
    .map(
      ([c, label]) =>
        `<th scope="col" data-column="${c}"><button type="button">${escapeHtml(label)}</button></th>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>HemoSentinel — disproportionality signals</title><style>${STYLE}</style></head>
<body><main>
<h1>Disproportionality signals</h1>
<p class="meta">${escapeHtml(`${result.totalReports} reports · level ${result.options.level} · comparator ${result.options.comparator} · knowledge ${result.knowledge.version} (${result.knowledge.hash})`)}<br>${escapeHtml(prior)}</p>
<p class="meta">Spontaneous reports show disproportionate reporting, not incidence or causation. Signals: ROR lower limit &gt; 1; Evans (PRR ≥ 2, χ² ≥ 4, n ≥ 3); IC025 &gt; 0; EB05 ≥ 2.</p>
<p class="meta">Forest plots: each drug's ROR (point) with its 95 % CI (line); red where the lower limit exceeds 1, blue otherwise; the dashed line is ROR 1.</p>
<div id="plots"></div>
<h2>All pairs</h2>
<table id="signals"><thead><tr>${heads}</tr></thead><tbody></tbody></table>
</main>
<script type="application/json" id="pv-data">${scriptJson({ ...(context as object), rows: result.rows })}</script>
${scripts()}
<script>${CLIENT}</script>
</body></html>
`;
}
