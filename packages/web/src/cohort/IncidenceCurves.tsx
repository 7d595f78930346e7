/**
 * The cumulative-incidence curves of each therapy class with cases, drawn by Observable Plot with the
 * look the cohort HTML report uses (the core's INCIDENCE_CURVE), each with its values at 30, 90 and 180
 * days as a table for keyboard and screen-reader users.
 */
import { type CohortStatsAnswer, INCIDENCE_CURVE } from "@hemosentinel/core";
import * as Plot from "@observablehq/plot";
import { useEffect, useMemo, useRef } from "react";

type Group = CohortStatsAnswer["groups"][number];

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function Curve(props: {
  readonly group: Group;
  readonly name: (id: string) => string;
  /** Every disorder drawn on the page, so that each keeps its colour from class to class. */
  readonly disorders: readonly string[];
}) {
  const { group, name, disorders } = props;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const points = group.disorders
      .filter((d) => d.cases > 0)
      .flatMap((d) => d.curve.map((p) => ({ disorder: name(d.disorder), day: p.day, estimate: p.estimate })));
    const plot = Plot.plot({
      ...INCIDENCE_CURVE.frame,
      x: { ...INCIDENCE_CURVE.frame.x, domain: [...INCIDENCE_CURVE.frame.x.domain] },
      color: { ...INCIDENCE_CURVE.frame.color, domain: disorders.map(name) },
      ariaLabel: `Cumulative incidence by disorder, ${group.group}`,
      marks: [Plot.lineY(points, INCIDENCE_CURVE.line), Plot.ruleY([0])],
    });
    // The drawing is for the eye; the caption and the values table are its text alternative.
    plot.setAttribute("aria-hidden", "true");
    ref.current?.replaceChildren(plot);
    return () => plot.remove();
  }, [group, name, disorders]);
  return <div className="plot" ref={ref} />;
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
          <Curve group={g} name={name} disorders={disorders} />
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
