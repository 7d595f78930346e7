/**
 * The cumulative-incidence curves of each therapy class with cases, drawn by Observable Plot with the
 * look the cohort HTML report uses (the core's INCIDENCE_CURVE), each with its values at 30, 90 and 180
 * days as a table for keyboard and screen-reader users.
 */
import { type CohortStatsAnswer, INCIDENCE_CURVE } from "@hemosentinel/core";
import * as Plot from "@observablehq/plot";
import { useEffect, useMemo, useRef, useState } from "react";

type Group = CohortStatsAnswer["groups"][number];

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * Each disorder's line: a colour of the Okabe–Ito palette (told apart with the common colour-vision
 * deficiencies) and a dash pattern of its own, so that no two lines differ by hue alone — thrombosis
 * (black, solid) and CARAC (bluish green, long dashes) were teal and green before. Fixed by disorder id, so a
 * disorder keeps its line from class to class and run to run.
 */
export const DISORDER_LINES: Readonly<Record<string, { readonly color: string; readonly dash?: string }>> = {
  itp: { color: "#0072B2" },
  thrombosis: { color: "#000000", dash: "1 0" },
  ttp: { color: "#D55E00", dash: "2 3" },
  evans: { color: "#CC79A7", dash: "7 3" },
  dic: { color: "#56B4E9", dash: "4 2 1 2" },
  aha: { color: "#E69F00", dash: "10 3 2 3" },
  carac: { color: "#009E73", dash: "12 5" },
};
const SPARE = ["#7F7F7F", "#882255", "#44AA99"];

/** The line of a disorder, or a spare one (grey, wine, teal) for a disorder outside the seven. */
export function disorderLine(id: string, index: number): { readonly color: string; readonly dash?: string } {
  return DISORDER_LINES[id] ?? { color: SPARE[index % SPARE.length] as string, dash: "3 3" };
}

/** The width the figure has on the page, followed as it changes (a narrow screen, a resized window). */
function useWidth(ref: React.RefObject<HTMLElement | null>): number | undefined {
  const [width, setWidth] = useState<number | undefined>(undefined);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = () => setWidth(Math.floor(el.getBoundingClientRect().width));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

function Curve(props: {
  readonly group: Group;
  /** Every disorder drawn on the page, so that each keeps its line from class to class. */
  readonly disorders: readonly string[];
}) {
  const { group, disorders } = props;
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  useEffect(() => {
    if (width === undefined || width <= 0) return;
    const drawn = group.disorders.filter((d) => d.cases > 0);
    const narrow = width < 480;
    const plot = Plot.plot({
      ...INCIDENCE_CURVE.frame,
      // As wide as the page allows (up to 960 px), lower on a phone.
      width: Math.min(width, 960),
      height: narrow ? 240 : INCIDENCE_CURVE.frame.height,
      marginLeft: narrow ? 42 : INCIDENCE_CURVE.frame.marginLeft,
      x: {
        ...INCIDENCE_CURVE.frame.x,
        domain: [...INCIDENCE_CURVE.frame.x.domain],
        ticks: narrow ? 4 : undefined,
      },
      color: { legend: false },
      ariaLabel: `Cumulative incidence by disorder, ${group.group}`,
      marks: [
        ...drawn.map((d) => {
          const line = disorderLine(d.disorder, disorders.indexOf(d.disorder));
          return Plot.lineY(
            d.curve.map((p) => ({ day: p.day, estimate: p.estimate })),
            {
              x: "day",
              y: "estimate",
              curve: INCIDENCE_CURVE.line.curve,
              stroke: line.color,
              strokeWidth: 2.25,
              strokeDasharray: line.dash,
            },
          );
        }),
        Plot.ruleY([0]),
      ],
    });
    // The drawing is for the eye; the caption, the legend and the values table are its text alternative.
    plot.setAttribute("aria-hidden", "true");
    ref.current?.replaceChildren(plot);
    return () => plot.remove();
  }, [group, disorders, width]);
  return <div className="plot" ref={ref} />;
}

/** The legend of one figure: each disorder's line drawn as it is on the chart, then its name. */
function Legend(props: {
  readonly ids: readonly string[];
  readonly all: readonly string[];
  readonly name: (id: string) => string;
}) {
  return (
    <ul className="curve-legend">
      {props.ids.map((id) => {
        const line = disorderLine(id, props.all.indexOf(id));
        return (
          <li key={id} data-disorder={id}>
            <svg width="36" height="10" aria-hidden="true" focusable="false">
              <line
                x1="1"
                y1="5"
                x2="35"
                y2="5"
                stroke={line.color}
                strokeWidth="2.5"
                strokeDasharray={line.dash}
              />
            </svg>{" "}
            {props.name(id)}
          </li>
        );
      })}
    </ul>
  );
}

export function IncidenceCurves({
  stats,
  name,
  group = (id) => id,
}: {
  readonly stats: CohortStatsAnswer;
  readonly name: (id: string) => string;
  /** A therapy class (the stats' group) as people name it. */
  readonly group?: (id: string) => string;
}) {
  const groups = stats.groups.filter((g) => g.disorders.some((d) => d.cases > 0));
  const disorders = useMemo(
    () => [
      ...new Set(stats.groups.flatMap((g) => g.disorders.filter((d) => d.cases > 0).map((d) => d.disorder))),
    ],
    [stats],
  );
  if (groups.length === 0) return <p>No cases in any therapy class: no curve.</p>;
  return (
    <>
      {groups.map((g) => (
        <figure key={g.group} className="panel cohort-curve">
          <figcaption>
            <strong>{group(g.group)}</strong> ({g.persons} exposed) — {INCIDENCE_CURVE.caption}
          </figcaption>
          <Legend
            ids={g.disorders.filter((d) => d.cases > 0).map((d) => d.disorder)}
            all={disorders}
            name={name}
          />
          <Curve group={g} disorders={disorders} />
          <details className="values">
            <summary>Values of the {group(g.group)} curves</summary>
            <table>
              <caption>Cumulative incidence, {group(g.group)}</caption>
              <thead>
                <tr>
                  <th scope="col">Disorder</th>
                  <th scope="col">Cases</th>
                  {(g.disorders[0]?.cumulative ?? []).map((c) => (
                    <th scope="col" key={c.day}>
                      Day {c.day} (95% CI)
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {g.disorders
                  .filter((d) => d.cases > 0)
                  .map((d) => (
                    <tr key={d.disorder}>
                      <th scope="row">{name(d.disorder)}</th>
                      <td className="num">{d.cases}</td>
                      {d.cumulative.map((c) => (
                        <td className="num" key={c.day}>
                          {pct(c.estimate)}
                          {c.interval ? ` (${pct(c.interval.low)}–${pct(c.interval.high)})` : ""}
                        </td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            </table>
          </details>
        </figure>
      ))}
    </>
  );
}
