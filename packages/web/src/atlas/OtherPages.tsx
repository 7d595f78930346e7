/**
 * The atlas pages of a drug (catalogue entry and the disorders reported with it), a score (its components,
 * bands, source and worked example, with a link to its calculator) and a lab (LOINC codes, units accepted,
 * and what the engine reads it for).
 */
import type {
  CalculatorField,
  DrugPage,
  Interval,
  Knowledge,
  LabPage,
  ScoreConfig,
  ScorePage,
} from "@hemosentinel/core";
import type { ReactNode } from "react";
import { Link } from "../app/router.js";
import { unitLabel } from "../calculators/paths.js";
import { clinicalNotation } from "../patient/notation.js";
import { Cites } from "../patient/words.js";
import { criteriaNamesOf } from "./criteria-text.js";
import { CLASS_NAMES, LinkList, References } from "./parts.js";

function Crumb({ kind }: { readonly kind: string }) {
  return (
    <p className="meta">
      <Link to="/atlas">Knowledge atlas</Link> · {kind}
    </p>
  );
}

/** A row of a description list. */
function Row({ term, children }: { readonly term: string; readonly children: React.ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function DrugAtlasPage({ page }: { readonly page: DrugPage }) {
  const e = page.entry;
  const atc = e.atc === undefined ? [] : Array.isArray(e.atc) ? e.atc : [e.atc];
  const unverified = (field: "atc" | "rxnorm") =>
    e.unverified?.includes(field) ? "not verified (left out)" : "none assigned";
  return (
    <article className="atlas-page">
      <Crumb kind="Drug" />
      <h1>{e.inn}</h1>
      <dl className="facts">
        <Row term="Therapy class">{CLASS_NAMES[e.class]}</Row>
        <Row term="Targets">{e.targets.join(", ")}</Row>
        <Row term="Brand names">{e.brands.length === 0 ? "none recorded" : e.brands.join(", ")}</Row>
        <Row term="Research codes and synonyms">
          {e.synonyms.length === 0 ? "none recorded" : e.synonyms.join(", ")}
        </Row>
        <Row term="ATC">{atc.length > 0 ? atc.join(", ") : unverified("atc")}</Row>
        <Row term="RxNorm">{e.rxnorm ?? unverified("rxnorm")}</Row>
        <Row term="Approvals">
          {e.approvals}
          {e.unverified?.includes("approvals") ? " (not verified)" : ""}
          <Cites ids={e.sourceIds} />
        </Row>
        {e.note === undefined ? null : <Row term="Note">{e.note}</Row>}
      </dl>
      <section aria-labelledby="reports-title">
        <h2 id="reports-title">Disorders reported with {e.inn}</h2>
        {page.drugReports.length === 0 ? (
          <p>
            No report of a disorder in HemoSentinel's scope is recorded for {e.inn}. The engine still looks
            for every disorder sought after the {CLASS_NAMES[e.class].toLowerCase()} class.
          </p>
        ) : (
          <ul>
            {page.drugReports.map((r) => (
              <li key={`${r.disorder}-${r.sourceIds.join()}`}>
                <Link to={r.disorderLink.path}>{r.disorderLink.label}</Link> ({r.kind.replace("-", " ")}):{" "}
                {r.summary}
                <Cites ids={r.sourceIds} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <References refs={page.references} />
    </article>
  );
}

/** The units a field takes as clinicians write them (°C, µg/mL FEU), each once; none for a unitless value (INR). */
function unitsText(units: readonly string[]): string {
  const shown = [...new Set(units.map(unitLabel).filter((u) => u !== ""))];
  return shown.length === 0 ? "" : ` in ${shown.join(", ")}`;
}

function fieldInput(f: CalculatorField, words: (s: string) => string): string {
  switch (f.kind) {
    case "quantity":
      return `value${unitsText(f.units)}${f.limit ? ` with the laboratory's ${f.limit.which} limit of normal` : ""}`;
    case "series":
      return `results by day (day 0: ${f.day0})${unitsText(f.units)}`;
    case "choice":
      return f.choices
        .map((c) =>
          c.points === undefined ? c.label : `${c.label} (${c.points} point${c.points === 1 ? "" : "s"})`,
        )
        .join("; ");
    case "number":
      return `a number${f.unit ? ` in ${words(f.unit)}` : ""}, ${f.min}–${f.max}`;
    case "days":
      return `days of ${words(f.event)} relative to day 0`;
  }
}

/** A table of two columns, each cell labelled by its column's heading for the phone layout. */
function TwoColumns(props: {
  readonly heads: readonly [string, string];
  readonly rows: readonly { readonly key: string; readonly cells: readonly [ReactNode, ReactNode] }[];
}) {
  const [a, b] = props.heads;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{a}</th>
          <th scope="col">{b}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key}>
            <td data-label={a}>{r.cells[0]}</td>
            <td data-label={b}>{r.cells[1]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A band's interval in words: "≥ 50 and < 100", "< 30"; a cut-off the knowledge converted into the score's
 * unit to four significant digits (triglycerides 1.5 mmol/L stored as 132.855 mg/dL: "132.9").
 */
function intervalText(b: Interval): string {
  const n = (x: number) => String(Number(x.toPrecision(4)));
  const parts = [
    b.ge === undefined ? "" : `≥ ${n(b.ge)}`,
    b.gt === undefined ? "" : `> ${n(b.gt)}`,
    b.lt === undefined ? "" : `< ${n(b.lt)}`,
    b.le === undefined ? "" : `≤ ${n(b.le)}`,
  ].filter((x) => x !== "");
  return parts.length === 0 ? "any value" : parts.join(" and ");
}

const points = (n: number) => `${n} point${n === 1 ? "" : "s"}`;

/**
 * How one component of a score earns its points, as the knowledge bundle states them: each band of a value
 * with its unit ("< 50 ×10⁹/L: 2 points"), the multiples of the upper limit of a fibrin marker, any of several
 * criteria; undefined for a component whose points the components table gives (a yes/no question) or the
 * calculator derives otherwise (a count of items, a grading).
 */
type PointsComponent = Extract<ScoreConfig, { kind: "points" }>["components"][number];

export function componentPoints(c: PointsComponent): string | undefined {
  if (c.kind === "lab" || c.kind === "lab-vs-uln") {
    const unit =
      c.kind === "lab-vs-uln"
        ? c.measure === "ratio"
          ? " × the upper limit of normal"
          : ` ${unitLabel(c.unit)} above the upper limit of normal`
        : unitLabel(c.unit) === ""
          ? ""
          : ` ${unitLabel(c.unit)}`;
    return c.bands
      .map((b: Interval & { readonly points: number }) => `${intervalText(b)}${unit}: ${points(b.points)}`)
      .join("; ");
  }
  if (c.kind === "fibrin-marker" && c.relativeToUln !== undefined)
    return `no increase (up to ${c.relativeToUln.moderateAbove} × the upper limit of normal): 0 points; moderate (> ${c.relativeToUln.moderateAbove} ×): ${points(c.points.moderate)}; strong (> ${c.relativeToUln.strongAbove} ×): ${points(c.points.strong)}`;
  if (c.kind === "any-of") return `any one met: ${points(c.points)}; none: 0 points`;
  return undefined;
}

export function ScoreAtlasPage({ page, k }: { readonly page: ScorePage; readonly k: Knowledge }) {
  const { words } = criteriaNamesOf(k);
  const f = page.form;
  const config = k.scores.get(page.id);
  const scored = (config?.kind === "points" ? config.components : []).flatMap((c) => {
    const text = componentPoints(c);
    return text === undefined ? [] : [{ c, text }];
  });
  return (
    <article className="atlas-page">
      <Crumb kind="Score" />
      <h1>{page.name}</h1>
      <p>
        <Link to={`/calculators/${encodeURIComponent(page.id)}`} className="button">
          Open the {page.name} calculator
        </Link>
      </p>
      {f.assumes.length > 0 ? <p>Applies to: {f.assumes.join("; ")}</p> : null}
      <section aria-labelledby="components-title">
        <h2 id="components-title">Components</h2>
        <TwoColumns
          heads={["Component", "Input and points"]}
          rows={f.fields.map((x) => ({
            key: x.id,
            cells: [
              <>
                {x.label}
                {x.help === undefined ? null : <span className="bearing">{x.help}</span>}
              </>,
              <>
                {fieldInput(x, words)}
                <Cites ids={x.sourceIds} />
              </>,
            ],
          }))}
        />
      </section>
      {scored.length === 0 ? null : (
        <section aria-labelledby="points-title">
          <h2 id="points-title">Points</h2>
          <TwoColumns
            heads={["Item", "Points by value"]}
            rows={scored.map(({ c, text }) => ({
              key: c.id,
              cells: [clinicalNotation(c.label), clinicalNotation(text)],
            }))}
          />
        </section>
      )}
      <section aria-labelledby="bands-title">
        <h2 id="bands-title">Interpretation bands</h2>
        <ul>
          {f.bands.map((b) => (
            <li key={b.key}>
              <strong>{b.label ?? words(b.key)}</strong>: {clinicalNotation(words(b.interpretation))}
            </li>
          ))}
        </ul>
        {f.note === undefined ? null : <p className="note">{f.note}</p>}
        <p>
          Source: <Cites ids={f.sourceIds} />
        </p>
      </section>
      {page.example === undefined ? null : (
        <section aria-labelledby="example-title">
          <h2 id="example-title">Worked example</h2>
          <p>
            {page.example.title}:{" "}
            {page.example.expected.value === null ? "no value" : `score ${page.example.expected.value}`},{" "}
            {words(page.example.expected.category)}
            {page.example.published
              ? " (published in the source)"
              : " (built from the source's published items)"}
            <Cites ids={page.example.sourceIds} />
          </p>
        </section>
      )}
      <section aria-labelledby="used-title">
        <h2 id="used-title">Reported with findings of</h2>
        <p>
          <LinkList links={page.disorders} />
        </p>
      </section>
      <References refs={page.references} />
    </article>
  );
}

export function LabAtlasPage({ page, k }: { readonly page: LabPage; readonly k: Knowledge }) {
  const { words } = criteriaNamesOf(k);
  const lab = page.lab;
  const offered = k.calculators.units[lab.id] ?? [];
  return (
    <article className="atlas-page">
      <Crumb kind="Lab" />
      <h1>{lab.name}</h1>
      <section aria-labelledby="codes-title">
        <h2 id="codes-title">LOINC codes read as this lab</h2>
        <ul>
          {page.codes.map((c) => (
            <li key={c.code}>
              <code>{c.code}</code> {c.display ?? ""}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="units-title">
        <h2 id="units-title">Units accepted</h2>
        {lab.unit === undefined ? (
          <p>
            Qualitative: read as positive or negative
            {lab.qualitativeValues
              ? ` (positive: ${lab.qualitativeValues.positive.join(", ")}; negative: ${lab.qualitativeValues.negative.join(", ")})`
              : ""}
            .
          </p>
        ) : (
          <ul>
            <li>
              Every value is converted to <strong>{words(lab.unit)}</strong> (UCUM <code>{lab.unit}</code>);
              any unit UCUM converts to it is accepted
              {offered.length > 0 ? `, such as ${offered.map(words).join(", ")}` : ""}.
            </li>
            {(lab.unitEquivalences ?? []).map((u) => (
              <li key={u.unit}>
                <code>{u.unit}</code> read as × {u.factor}
              </li>
            ))}
            {(lab.rejectUnits ?? []).map((u) => (
              <li key={u.unit}>
                <code>{u.unit}</code> rejected: {u.reason}
              </li>
            ))}
            {lab.acceptsQualitative ? (
              <li>A qualitative result (positive or negative) is also read.</li>
            ) : null}
          </ul>
        )}
        {lab.reference ? (
          <p>
            Reference interval used when a result carries none: {lab.reference.low ?? "—"}–
            {lab.reference.high ?? "—"} {lab.unit === undefined ? "" : words(lab.unit)}
            <Cites ids={lab.reference.sourceIds} />
          </p>
        ) : null}
      </section>
      <section aria-labelledby="uses-title">
        <h2 id="uses-title">What the engine reads it for</h2>
        <h3>Criteria and differentials</h3>
        {page.criteria.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {page.criteria.map((c) => (
              <li key={`${c.disorder.id}-${c.id}`}>
                <Link to={c.disorder.path}>{c.disorder.label}</Link> ({c.role}): {c.label}
              </li>
            ))}
          </ul>
        )}
        <h3>Scores</h3>
        <p>
          <LinkList links={page.scores} />
        </p>
        <h3>CTCAE v5.0 grading</h3>
        <p>{page.ctcaeTerms.length === 0 ? "none" : page.ctcaeTerms.map((t) => t.name).join(", ")}</p>
        <h3>Work-up of</h3>
        <p>
          <LinkList links={page.workupFor} />
        </p>
      </section>
      <References refs={page.references} />
    </article>
  );
}
