/**
 * How a cumulative-incidence curve is drawn, wherever it is drawn: the cohort HTML report (Observable
 * Plot's browser build) and the web app's cohort page (Plot as a module) pass these options to
 * `Plot.plot` and draw a step line per disorder with `Plot.lineY(points, INCIDENCE_CURVE.line)` over a
 * rule at zero, so both look the same. Plain data: no Plot import here, the core stays dependency-free.
 */
export const INCIDENCE_CURVE = {
  /** `Plot.plot` options, without marks. */
  frame: {
    width: 720,
    height: 320,
    marginLeft: 50,
    x: { label: "Days from first dose", domain: [0, 365] },
    y: { label: "Cumulative incidence", grid: true, tickFormat: "%" },
    color: { legend: true },
  },
  /** `Plot.lineY` options over `{ disorder, day, estimate }` points. */
  line: { x: "day", y: "estimate", stroke: "disorder", curve: "step-after" },
  caption: "Cumulative incidence (Aalen–Johansen, death as competing risk), days from first dose.",
} as const;
