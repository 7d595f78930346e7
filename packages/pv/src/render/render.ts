/**
 * The signal result as a text table, CSV, JSON or a self-contained HTML report. CSV and JSON carry one
 * row per drug–event pair with drug, event, n, e and every statistic (null or empty when not requested or
 * undefined), at full precision.
 */

import { stringify } from "csv-stringify/sync";
import type { SignalResult, SignalRow } from "../signals.js";
import { renderHtml } from "./html.js";

export const FORMATS = ["table", "csv", "json", "html"] as const;
export type Format = (typeof FORMATS)[number];

/** CSV and JSON columns, in order. */
export const COLUMNS = [
  "drug",
  "event",
  "n",
  "e",
  "ebgm",
  "eb05",
  "eb95",
  "ror",
  "ror_lower",
  "ror_upper",
  "prr",
  "chi2",
  "ic",
  "ic025",
  "drug_reports",
  "event_reports",
  "total_reports",
  "signals",
] as const;

function cell(row: SignalRow, column: (typeof COLUMNS)[number]): string {
  const v = row[column];
  if (v === null) return "";
  if (Array.isArray(v)) return v.join(" ");
  return String(v);
}

function csv(result: SignalResult): string {
  return stringify([[...COLUMNS], ...result.rows.map((row) => COLUMNS.map((c) => cell(row, c)))], {
    record_delimiter: "unix",
  });
}

/** The run's context: what was counted, how, with which prior and knowledge. */
export function runContext(result: SignalResult) {
  const o = result.options;
  return {
    knowledge: result.knowledge,
    database: { reports: result.totalReports },
    options: {
      level: o.level,
      comparator: o.comparator,
      roles: o.roles,
      strata: o.strata,
      methods: o.methods,
      mask: o.mask,
      squash: o.squash,
      select: o.select,
    },
    prior: result.prior,
    notFound: result.notFound,
  };
}

const fixed = (v: number | null, digits = 2) => (v === null ? "–" : v.toFixed(digits));

function table(result: SignalResult): string {
  const head = [
    "drug",
    "event",
    "n",
    "E",
    "EBGM",
    "EB05",
    "EB95",
    "ROR",
    "95 % CI",
    "PRR",
    "χ²",
    "IC",
    "IC025",
    "signals",
  ];
  const body = result.rows.map((r) => [
    r.drug,
    r.event,
    String(r.n),
    fixed(r.e),
    fixed(r.ebgm),
    fixed(r.eb05),
    fixed(r.eb95),
    fixed(r.ror),
    r.ror_lower === null ? "–" : `${fixed(r.ror_lower)}–${fixed(r.ror_upper)}`,
    fixed(r.prr),
    fixed(r.chi2, 1),
    fixed(r.ic),
    fixed(r.ic025),
    r.signals.join(" ") || "–",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ")
      .trimEnd();
  const p = result.prior;
  const notes = [
    `${result.totalReports} reports · level ${result.options.level} · comparator ${result.options.comparator} · knowledge ${result.knowledge.version} (${result.knowledge.hash})`,
    p
      ? `EBGM prior (${p.source}): α1 ${p.values.alpha1.toPrecision(6)}, β1 ${p.values.beta1.toPrecision(6)}, α2 ${p.values.alpha2.toPrecision(6)}, β2 ${p.values.beta2.toPrecision(6)}, P ${p.values.p.toPrecision(6)}; log-likelihood ${p.logLikelihood.toFixed(3)} on ${p.cells} cells${p.converged ? "" : " — the fit did not converge (flat likelihood): read EBGM with care"}`
      : "",
    ...result.notFound.map((n) => `not found in the database: ${n}`),
  ].filter((s) => s !== "");
  return `${[...notes, "", line(head), ...body.map(line)].join("\n")}\n`;
}

/**
 * Renders the result in one of the formats.
 * @example
 * process.stdout.write(renderSignals(result, "csv"));
 */
export function renderSignals(result: SignalResult, format: Format): string {
  switch (format) {
    case "csv":
      return csv(result);
    case "json":
      return `${JSON.stringify({ ...runContext(result), rows: result.rows }, null, 2)}\n`;
    case "html":
      return renderHtml(result, runContext(result));
    default:
      return table(result);
  }
}
