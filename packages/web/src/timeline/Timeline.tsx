/**
 * The timeline: stacked Observable Plot panels on one time axis (days from the first dose, or calendar
 * dates), with CTCAE grade bands, reference ranges, the markers of doses (immunotherapy and, in lanes of their
 * own, the other drugs), procedures done and planned, and events, and the onset and nadir of each finding. Every panel has its values as a table too, for keyboard and screen-reader users.
 */
import { instant } from "@hemosentinel/core";
import * as Plot from "@observablehq/plot";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import {
  type FindingMark,
  type LabPanel,
  type LabPoint,
  type Marker,
  type MarkerRow,
  ROW_ORDER,
  type TimelineModel,
} from "./model.js";

export type AxisMode = "days" | "dates";

const BAND_FILL: Readonly<Record<number, string>> = {
  1: "#fff4c2",
  2: "#ffe0b0",
  3: "#ffc9b8",
  4: "#f6b3c8",
  5: "#d9b3e6",
};
const POINT = "#1f3a93";
const ONSET = "#5b2a86";
const HIGHLIGHT = "#000000";
const ROW_SYMBOL: Readonly<Record<MarkerRow, string>> = {
  Immunotherapy: "triangle",
  "CAR-T infusion": "star",
  Anticoagulants: "triangle",
  Antiplatelets: "triangle",
  "Other drugs": "triangle",
  Procedures: "circle",
  CRS: "diamond",
  ICANS: "diamond",
  Bleeding: "cross",
  Thrombosis: "square",
};
/** The lanes of the drugs that are not immunotherapy: each drug is named beside its first marker. */
const DRUG_ROWS: ReadonlySet<MarkerRow> = new Set(["Anticoagulants", "Antiplatelets", "Other drugs"]);

/**
 * The names of the other drugs, each once, beside its first marker: drugs first drawn on the same day in one lane
 * (fludarabine and cyclophosphamide before a CAR-T infusion) share one label, so that no name is drawn over another.
 */
function drugLabels(markers: readonly Marker[]): Marker[] {
  const seen = new Set<string>();
  const byDay = new Map<string, Marker>();
  for (const m of markers) {
    if (!DRUG_ROWS.has(m.row) || seen.has(`${m.row}|${m.label}`)) continue;
    seen.add(`${m.row}|${m.label}`);
    const key = `${m.row}|${m.at.slice(0, 10)}`;
    const shared = byDay.get(key);
    byDay.set(key, shared === undefined ? m : { ...shared, label: `${shared.label}, ${m.label}` });
  }
  return [...byDay.values()];
}

/** When a marker is, as the tooltip and the table say it: a course begun before the timeline, on the day it began. */
function markerWhen(m: Marker): { readonly at: string; readonly day: number } {
  return m.since ?? m;
}

interface Axis {
  readonly mode: AxisMode;
  readonly x: (d: { readonly x: number; readonly at: string }) => number | Date;
  readonly domain: [number, number] | [Date, Date];
  readonly label: string;
  /**
   * Whether there is a first dose to count days from. Without one (no immunotherapy in the record) a
   * result's "day" would be its day since 1970: the axis shows calendar dates and no day is written.
   */
  readonly counted: boolean;
}

/** `day 12 · ` before a time, or nothing when there is no first dose to count from. */
function dayLabel(day: number, counted: boolean): string {
  return counted ? `day ${day} · ` : "";
}

function axisOf(model: TimelineModel, mode: AxisMode): Axis {
  const counted = model.day0 !== undefined;
  const all = [
    ...model.panels.flatMap((p) => p.points),
    ...model.markers,
    ...model.marks,
    // A course's end is on the axis too, though no point is drawn there.
    ...model.markers.flatMap((m) => (m.until === undefined ? [] : [m.until])),
  ];
  if (mode === "dates") {
    const times = all.map((d) => instant(d.at));
    const lo = Math.min(...times) - 2 * 86_400_000;
    const hi = Math.max(...times) + 2 * 86_400_000;
    return {
      mode,
      x: (d) => new Date(instant(d.at)),
      domain: [new Date(lo), new Date(hi)],
      label: "Date",
      counted,
    };
  }
  const xs = all.map((d) => d.x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = Math.max(2, (hi - lo) * 0.03);
  const from = model.day0 === undefined ? "" : ` (day 0 = ${model.day0.at.slice(0, 10)}, ${model.day0.name})`;
  return {
    mode,
    x: (d) => d.x,
    domain: [lo - pad, hi + pad],
    label: `Days from the first dose${from}`,
    counted,
  };
}

function pointTitle(p: LabPoint, counted: boolean): string {
  const sent = p.sent === "" ? "" : `\nsent as ${p.sent}`;
  return `${p.labName}: ${p.text}\n${dayLabel(p.day, counted)}${p.at}${sent}\nrecord ${p.ref}`;
}

/** Shows a Plot figure (made by the caller, memoised on what it depends on). */
function PlotBox(props: { readonly figure: Element; readonly panel: string; readonly points: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const { figure } = props;
  useEffect(() => {
    // The drawing is for the eye; the caption and the values table are its text alternative.
    figure.setAttribute("aria-hidden", "true");
    ref.current?.replaceChildren(figure);
    return () => figure.remove();
  }, [figure]);
  return <div ref={ref} className="plot" data-panel={props.panel} data-points={props.points} />;
}

const MARGIN_LEFT = 110;
const MARGIN_RIGHT = 40;

function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(720);
  useEffect(() => {
    const node = ref.current;
    if (node === null) return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 720);
      // A box narrower than the plot's margins is a passing layout (switching to print media gives one of
      // 1 px): drawn at it, every band would have a negative width.
      if (w > MARGIN_LEFT + MARGIN_RIGHT) setWidth((old) => (Math.abs(old - w) > 4 ? w : old));
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function LabPanelPlot(props: {
  readonly panel: LabPanel;
  readonly axis: Axis;
  readonly width: number;
  readonly marks: readonly FindingMark[];
  readonly highlight?: string;
  readonly last: boolean;
}) {
  const { panel, axis, width, marks, highlight, last } = props;
  const figure = useMemo(() => {
    const values = panel.points.map((p) => p.value);
    const bands = panel.ctcae?.bands ?? [];
    const top =
      Math.max(
        ...values,
        panel.reference?.high ?? 0,
        ...bands.filter((b) => b.grade === 1).map((b) => b.high),
      ) * 1.12;
    const [x1, x2] = axis.domain;
    const onsets = marks.filter((m) => m.kind === "onset");
    const worst = marks.filter((m) => m.kind !== "onset" && m.panel === panel.id);
    const lit = panel.points.filter((p) => p.ref === highlight);
    const multiLab = new Set(panel.points.map((p) => p.lab)).size > 1;
    const height = last ? 170 : 140;
    const marginBottom = last ? 36 : 22;
    return Plot.plot({
      width,
      height,
      marginLeft: MARGIN_LEFT,
      marginRight: MARGIN_RIGHT,
      marginBottom,
      ariaLabel: `${panel.title} panel`,
      ariaDescription: `${panel.points.length} results of ${panel.title}`,
      x: {
        domain: axis.domain,
        label: last ? axis.label : null,
        type: axis.mode === "dates" ? "utc" : "linear",
      },
      y: {
        domain: [0, top > 0 ? top : 1],
        label: panel.unit === "" ? null : panel.unit,
        grid: true,
        nice: true,
      },
      symbol: multiLab
        ? { legend: true, domain: [...new Set(panel.points.map((p) => p.labName))] }
        : undefined,
      marks: [
        Plot.rect(bands, {
          x1: () => x1,
          x2: () => x2,
          y1: "low",
          y2: (b) => Math.min(b.high, top),
          fill: (b) => BAND_FILL[b.grade] ?? "#eee",
          ariaLabel: () => "CTCAE grade bands",
        }),
        // A band label only where the band is tall enough to hold it.
        Plot.text(
          bands.filter((b) => ((Math.min(b.high, top) - b.low) / top) * (height - 20 - marginBottom) > 13),
          {
            x: () => x2,
            y: (b) => (b.low + Math.min(b.high, top)) / 2,
            text: (b) => `G${b.grade}`,
            textAnchor: "start",
            dx: 4,
            fill: "#333",
            ariaLabel: () => "CTCAE grade band labels",
          },
        ),
        panel.reference?.low !== undefined
          ? Plot.ruleY([panel.reference.low], {
              stroke: "#2e7d32",
              strokeDasharray: "4,3",
              ariaLabel: () => "reference range low",
            })
          : null,
        panel.reference?.high !== undefined
          ? Plot.ruleY([panel.reference.high], {
              stroke: "#2e7d32",
              strokeDasharray: "4,3",
              ariaLabel: () => "reference range high",
            })
          : null,
        Plot.ruleX(onsets, {
          x: axis.x,
          stroke: ONSET,
          strokeDasharray: "6,3",
          ariaLabel: () => "finding onset",
        }),
        Plot.line(panel.points, { x: axis.x, y: "value", z: "lab", stroke: POINT, strokeOpacity: 0.6 }),
        Plot.dot(panel.points, {
          x: axis.x,
          y: "value",
          r: 3.5,
          fill: POINT,
          symbol: multiLab ? "labName" : undefined,
          title: (p: LabPoint) => pointTitle(p, axis.counted),
          tip: true,
          ariaLabel: () => `${panel.title} results`,
        }),
        Plot.dot(worst, {
          x: axis.x,
          y: "value",
          r: 8,
          symbol: "diamond",
          stroke: ONSET,
          strokeWidth: 2,
          ariaLabel: () => "finding nadir or peak",
        }),
        Plot.text(worst, { x: axis.x, y: "value", text: "kind", dy: -14, fill: ONSET, fontWeight: "bold" }),
        Plot.dot(lit, {
          x: axis.x,
          y: "value",
          r: 10,
          stroke: HIGHLIGHT,
          strokeWidth: 3,
          ariaLabel: () => "highlighted record",
        }),
      ],
    });
  }, [panel, axis, width, marks, highlight, last]);
  return <PlotBox figure={figure} panel={panel.id} points={panel.points.length} />;
}

function MarkerPlot(props: {
  readonly markers: readonly Marker[];
  readonly marks: readonly FindingMark[];
  readonly axis: Axis;
  readonly width: number;
  readonly highlight?: string;
}) {
  const { markers, marks, axis, width, highlight } = props;
  const rows = useMemo(() => ROW_ORDER.filter((r) => markers.some((m) => m.row === r)), [markers]);
  const figure = useMemo(
    () =>
      Plot.plot({
        width,
        height: 44 + 30 * Math.max(1, rows.length),
        marginLeft: MARGIN_LEFT,
        marginRight: MARGIN_RIGHT,
        ariaLabel: "Doses, other drugs, procedures and clinical events",
        x: { domain: axis.domain, label: null, type: axis.mode === "dates" ? "utc" : "linear", axis: "top" },
        y: { domain: rows, label: null },
        marks: [
          Plot.ruleX(
            marks.filter((m) => m.kind === "onset"),
            { x: axis.x, stroke: ONSET, strokeDasharray: "6,3" },
          ),
          // A course charted with an end: a line from its first day to its end.
          Plot.link(
            markers.filter((m) => m.until !== undefined),
            {
              x1: axis.x,
              x2: (m: Marker) => axis.x(m.until as NonNullable<Marker["until"]>),
              y1: "row",
              y2: "row",
              stroke: "#333",
              strokeWidth: 3,
              ariaLabel: () => "courses",
            },
          ),
          Plot.dot(markers, {
            x: axis.x,
            y: "row",
            symbol: (m: Marker) => ROW_SYMBOL[m.row],
            // A planned procedure is hollow: not done yet; a procedure done is filled and marked "done".
            fill: (m: Marker) =>
              m.planned === true
                ? "#fff"
                : m.row === "Bleeding" || m.row === "Thrombosis"
                  ? "#b71c1c"
                  : "#333",
            stroke: (m: Marker) => (m.row === "Bleeding" || m.row === "Thrombosis" ? "#b71c1c" : "#333"),
            r: 5,
            title: (m: Marker) =>
              `${m.text}\n${dayLabel(markerWhen(m).day, axis.counted)}${markerWhen(m).at}\nrecord ${m.ref}`,
            tip: true,
            ariaLabel: () => "markers",
          }),
          // Grades above their marker; a CAR-T product's name beside its star, clear of the axis labels.
          Plot.text(
            markers.filter(
              (m) =>
                m.row !== "Immunotherapy" &&
                m.row !== "CAR-T infusion" &&
                m.planned !== true &&
                m.done !== true &&
                !DRUG_ROWS.has(m.row) &&
                m.label !== "",
            ),
            { x: axis.x, y: "row", text: "label", dy: -11, fill: "#222", fontWeight: "bold" },
          ),
          // A CAR-T product's name and "planned" beside the marker.
          Plot.text(
            markers.filter(
              (m) => (m.row === "CAR-T infusion" || m.planned === true || m.done === true) && m.label !== "",
            ),
            {
              x: axis.x,
              y: "row",
              text: "label",
              dx: 9,
              textAnchor: "start",
              fill: "#222",
              fontWeight: "bold",
            },
          ),
          // Another drug's name, once per drug, above its first marker: clear of the line of its course.
          Plot.text(drugLabels(markers), {
            x: axis.x,
            y: "row",
            text: "label",
            dx: -4,
            dy: -11,
            textAnchor: "start",
            fill: "#222",
            fontWeight: "bold",
          }),
          Plot.dot(
            markers.filter((m) => m.ref === highlight),
            {
              x: axis.x,
              y: "row",
              r: 10,
              stroke: HIGHLIGHT,
              strokeWidth: 3,
              ariaLabel: () => "highlighted record",
            },
          ),
        ],
      }),
    [markers, marks, axis, width, highlight, rows],
  );
  return <PlotBox figure={figure} panel="events" points={markers.length} />;
}

function PanelTable({ panel, counted }: { readonly panel: LabPanel; readonly counted: boolean }) {
  return (
    <details className="values">
      <summary>
        {panel.title}: {panel.points.length} {panel.points.length === 1 ? "value" : "values"} as a table
      </summary>
      <table>
        <caption className="visually-hidden">{panel.title} results</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Date and time</th>
            <th scope="col">Value</th>
            <th scope="col">Sent as</th>
            <th scope="col">Record</th>
          </tr>
        </thead>
        <tbody>
          {panel.points.map((p) => (
            <tr key={p.ref}>
              <td data-label="Day">{counted ? p.day : "—"}</td>
              <td data-label="Date and time">{p.at}</td>
              <td data-label="Value">
                {p.text}
                {panel.points.some((q) => q.lab !== p.lab) ? ` (${p.labName})` : ""}
              </td>
              <td data-label="Sent as">{p.sent}</td>
              <td data-label="Record">
                <code>{p.ref}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function bandsText(panel: LabPanel): string {
  const parts: string[] = [];
  if (panel.ctcae !== undefined && panel.ctcae.bands.length > 0)
    parts.push(
      `shaded: CTCAE v5.0 grades ${panel.ctcae.bands.map((b) => `G${b.grade}`).join(", ")} of “${panel.ctcae.name}”`,
    );
  const r = panel.reference;
  if (r !== undefined) {
    const range =
      r.low === undefined ? `≤ ${r.high}` : r.high === undefined ? `≥ ${r.low}` : `${r.low}–${r.high}`;
    parts.push(`dashed green: reference range ${range} ${panel.unit} (${r.from})`);
  }
  return parts.join("; ");
}

/** The timeline section of the patient view. */
export function Timeline(props: { readonly model: TimelineModel; readonly highlight?: string }) {
  const { model, highlight } = props;
  const [chosen, setMode] = useState<AxisMode>("days");
  // No first dose (no immunotherapy in the record): there are no days to count, only dates.
  const counted = model.day0 !== undefined;
  const mode: AxisMode = counted ? chosen : "dates";
  const [container, width] = useWidth();
  const axis = useMemo(() => axisOf(model, mode), [model, mode]);
  const name = useId();
  if (model.panels.length === 0 && model.markers.length === 0)
    return <p>No laboratory result or event of the timeline is in the record.</p>;
  return (
    <div className="timeline" ref={container}>
      <fieldset className="axis-toggle">
        <legend>Time axis</legend>
        <label>
          <input
            type="radio"
            name={name}
            checked={mode === "days"}
            disabled={!counted}
            onChange={() => setMode("days")}
          />{" "}
          Days from the first dose{counted ? "" : " (no immunotherapy dose in the record)"}
        </label>
        <label>
          <input type="radio" name={name} checked={mode === "dates"} onChange={() => setMode("dates")} />{" "}
          Calendar dates
        </label>
      </fieldset>
      <p className="legend">
        <span aria-hidden="true">▲</span> dose (immunotherapy, and other drugs in their own lanes) ·{" "}
        <span aria-hidden="true">★</span> CAR-T infusion · <span aria-hidden="true">○</span> planned
        procedure, on the day it is to be done · <span aria-hidden="true">●</span> procedure done ·{" "}
        <span aria-hidden="true">◆</span> CRS / ICANS with grade · <span aria-hidden="true">✚</span> bleeding
        · <span aria-hidden="true">■</span> thrombosis · dashed purple line: onset of a finding · large
        diamond: its nadir or peak
      </p>
      {model.markers.length > 0 ? (
        <figure className="panel" aria-labelledby={`${name}-events`}>
          <figcaption id={`${name}-events`}>Doses, other drugs, procedures and clinical events</figcaption>
          <MarkerPlot
            markers={model.markers}
            marks={model.marks}
            axis={axis}
            width={width}
            highlight={highlight}
          />
          <details className="values">
            <summary>Doses and events: {model.markers.length} as a table</summary>
            <table>
              <caption className="visually-hidden">
                Doses, other drugs, procedures and clinical events
              </caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Date and time</th>
                  <th scope="col">What</th>
                  <th scope="col">Record</th>
                </tr>
              </thead>
              <tbody>
                {model.markers.map((m) => (
                  <tr key={`${m.ref}-${m.at}-${m.row}`}>
                    <td data-label="Day">{axis.counted ? markerWhen(m).day : "—"}</td>
                    <td data-label="Date and time">{markerWhen(m).at}</td>
                    <td data-label="What">
                      {DRUG_ROWS.has(m.row) ? `${m.row}: ` : ""}
                      {m.text}
                    </td>
                    <td data-label="Record">
                      <code>{m.ref}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </figure>
      ) : null}
      {model.panels.map((panel, i) => (
        <figure className="panel" key={panel.id} aria-labelledby={`${name}-${panel.id}`}>
          <figcaption id={`${name}-${panel.id}`}>
            <strong>{panel.title}</strong>
            {panel.unit === "" ? "" : ` (${panel.unit})`} <span className="muted">{bandsText(panel)}</span>
          </figcaption>
          <LabPanelPlot
            panel={panel}
            axis={axis}
            width={width}
            marks={model.marks}
            highlight={highlight}
            last={i === model.panels.length - 1}
          />
          <PanelTable panel={panel} counted={axis.counted} />
        </figure>
      ))}
      {model.marks.length > 0 ? (
        <ul className="marks">
          {model.marks.map((m) => (
            <li key={`${m.disorder}-${m.kind}`}>
              {m.text} — {axis.counted ? `day ${m.day} (${m.at.slice(0, 10)})` : m.at.slice(0, 10)}
            </li>
          ))}
        </ul>
      ) : null}
      {model.empty.length > 0 ? (
        <p className="muted">No results in the record for: {model.empty.join(", ")}.</p>
      ) : null}
      {model.earlierDrugs.length > 0 ? (
        <p className="muted earlier-drugs">
          Other drugs before the timeline's first result, dose or event (not drawn):{" "}
          {model.earlierDrugs.join("; ")}.
        </p>
      ) : null}
    </div>
  );
}
