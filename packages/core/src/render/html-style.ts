/**
 * The report's style sheet, inlined into every page (no external asset). Screen: one readable column;
 * print: black on white, each patient on a new page, tables and list items kept whole.
 */
export const REPORT_CSS = `
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --met: #1a7f37; --missing: #8a5c00; --avoid: #b42318; --charted: #8250df; --bg-soft: #f6f8fa; --bg-alert: #fff1f0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); margin: 0 auto; max-width: 62rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--fg); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 1px solid var(--line); margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .35rem; }
h5 { font-size: .9rem; margin: .75rem 0 .25rem; }
p { margin: .3rem 0; }
.meta { color: var(--muted); margin: 0; }
.disclaimer { border-left: 4px solid var(--missing); background: #fff8c5; padding: .4rem .75rem; font-weight: 600; }
.toc ol { padding-left: 1.5rem; }
.toc .finding { font-weight: 600; }
.toc .not-assessed { color: var(--avoid); font-weight: 600; }
.toc .no-exposure, .toc .no-finding { color: var(--muted); }
.toc .has-unexplained { color: var(--avoid); font-weight: 600; }
.settings { margin: .2rem 0 .4rem; padding-left: 1.25rem; font-size: .85rem; }
.nothing { color: var(--avoid); font-weight: 700; }
.summary { background: var(--bg-soft); border: 1px solid var(--line); border-left-width: 6px; padding: .25rem 1rem .75rem; }
.summary h3 { margin-top: .5rem; }
.summary.certainty-definite { border-left-color: var(--avoid); }
.summary.certainty-probable { border-left-color: #bc4c00; }
.summary.certainty-possible { border-left-color: var(--missing); }
.summary.no-finding { border-left-color: var(--met); }
.summary.no-exposure { border-left-color: var(--muted); }
.summary.not-assessed { border-left-color: var(--avoid); background: var(--bg-alert); }
.summary.has-unexplained { border-left-color: var(--avoid); }
.alert { color: var(--avoid); font-weight: 600; }
.alert a { color: inherit; }
.unexplained.flagged { border: 1px solid var(--avoid); border-left-width: 6px; background: var(--bg-alert); padding: .25rem 1rem .75rem; margin-top: 1rem; }
.unexplained.flagged > h3 { color: var(--avoid); border-bottom-color: var(--avoid); margin-top: .5rem; }
.unexplained-item + .unexplained-item { border-top: 1px solid var(--line); margin-top: .75rem; }
.unexplained-item dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .25rem 0; }
.unexplained-item dt { font-weight: 600; color: var(--muted); }
.unexplained-item dd { margin: 0; }
.unexplained-item dd p { margin: 0 0 .2rem; }
.unexplained-item ul.reasons { margin: 0; padding-left: 1.1rem; }
.summary .primary { font-size: 1.15rem; font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .75rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td ul { margin: 0; padding-left: 1rem; }
.status { font-weight: 600; white-space: nowrap; }
.status.met { color: var(--met); }
.status.unmet { color: var(--muted); }
.status.missing { color: var(--missing); }
.status.charted { color: var(--charted); }
.differentials tr.met .bearing, .differentials tr.met .status.met { color: var(--avoid); font-weight: 600; }
.note { color: var(--muted); font-size: .85rem; }
ul.components { margin: 0; padding-left: 1rem; }
.tally { font-variant-numeric: tabular-nums; }
.tally.warn { color: var(--avoid); }
.refs, .code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; color: var(--muted); overflow-wrap: break-word; }
td.date, td.num { white-space: nowrap; }
td.bearing { min-width: 8.5rem; }
.cite { font-size: .85rem; color: var(--muted); }
.warn { color: var(--missing); font-weight: 600; }
.kind.avoid { border: 2px solid var(--avoid); border-radius: 4px; padding: 0 .75rem; margin: .5rem 0; }
.kind.avoid h5 { color: var(--avoid); }
.caveat { color: var(--missing); font-size: .9rem; }
.shared { color: var(--muted); font-size: .9rem; font-style: italic; }
.urgent { color: var(--avoid); }
.sources li { margin-bottom: .25rem; }
a { color: #0550ae; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; color: #000; }
  .patient + .patient { break-before: page; }
  tr, li, .summary, .kind { break-inside: avoid; }
  h2, h3, h4, h5 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .disclaimer, .summary, .unexplained.flagged { background: none; }
  .unexplained-item { break-inside: avoid; }
}
`;
