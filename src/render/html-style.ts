/**
 * The report's style sheet, inlined into every page (no external asset). Screen: one readable column;
 * print: black on white, each patient on a new page, tables and list items kept whole.
 */
export const REPORT_CSS = `
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --met: #1a7f37; --missing: #9a6700; --avoid: #b42318; --bg-soft: #f6f8fa; }
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
.toc .flag { font-weight: 600; }
.toc .quiet { color: var(--muted); }
.summary { background: var(--bg-soft); border: 1px solid var(--line); border-left-width: 6px; padding: .25rem 1rem .75rem; }
.summary h3 { margin-top: .5rem; }
.summary.certainty-definite { border-left-color: var(--avoid); }
.summary.certainty-probable { border-left-color: #bc4c00; }
.summary.certainty-possible { border-left-color: var(--missing); }
.summary.none { border-left-color: var(--met); }
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
.refs, .code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; color: var(--muted); overflow-wrap: anywhere; }
.cite { font-size: .85rem; color: var(--muted); }
.warn { color: var(--missing); font-weight: 600; }
.kind.avoid { border: 2px solid var(--avoid); border-radius: 4px; padding: 0 .75rem; margin: .5rem 0; }
.kind.avoid h5 { color: var(--avoid); }
.caveat { color: var(--missing); font-size: .9rem; }
.sources li { margin-bottom: .25rem; }
a { color: #0550ae; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; color: #000; }
  .patient + .patient { break-before: page; }
  tr, li, .summary, .kind { break-inside: avoid; }
  h2, h3, h4, h5 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .disclaimer, .summary { background: none; }
}
`;
