/** The exposures, the worst CTCAE grades, every computed score with its components, and the sources cited. */
import {
  CLASS_LABELS,
  calendarDate,
  citedSourceIds,
  type Dose,
  type Exposure,
  instant,
  locatorText,
  type PatientReport,
  referenceUrl,
  valueWithUnit,
} from "@hemosentinel/core";
import { Link } from "../app/router.js";
import { calculatorPath } from "../calculators/paths.js";
import { clinicalNotation } from "./notation.js";
import { ungradedLines } from "./ungraded.js";
import { EvidenceLinks, useReferenceLabel, useWords } from "./words.js";

/**
 * The end of a drug's course when a dose runs past its start (a continuous infusion of blinatumomab charted
 * with its end, a MedicationStatement's period) and past the last dose's date, in words: "course to
 * 2025-12-12, under way at the evaluation". Without it a 28-day infusion begun on day 0 read as one dose on
 * day 0, its "last dose" weeks before a finding it was running through.
 *
 * @example courseEnd([{ at: "2025-11-14", end: "2025-12-12", … }], "2025-11-14", "2025-11-29T23:59:59Z")
 * // "course to 2025-12-12, under way at the evaluation"
 */
export function courseEnd(
  doses: readonly Pick<Dose, "at" | "end">[],
  last: string,
  evaluatedAt: string,
): string | undefined {
  const ends = doses.flatMap((d) => (d.end === undefined ? [] : [d.end]));
  const end = ends.reduce<string | undefined>(
    (m, e) => (m === undefined || instant(e) > instant(m) ? e : m),
    undefined,
  );
  if (end === undefined || calendarDate(end) <= calendarDate(last)) return undefined;
  return `course to ${calendarDate(end)}${instant(end) > instant(evaluatedAt) ? ", under way at the evaluation" : ""}`;
}

export function Exposures({
  patient,
  record,
  evaluatedAt,
}: {
  readonly patient: PatientReport;
  /** The record's exposures with their doses, for a course that runs past its last dose's start. */
  readonly record?: readonly Pick<Exposure, "drug" | "doses">[];
  readonly evaluatedAt?: string;
}) {
  const { w } = useWords();
  if (patient.exposures.length === 0)
    return <p>No immunotherapy of the classes HemoSentinel covers in the record.</p>;
  return (
    <table>
      <caption>Immunotherapy exposures</caption>
      <thead>
        <tr>
          <th scope="col">Drug</th>
          <th scope="col">Class</th>
          <th scope="col">Doses</th>
          <th scope="col">First</th>
          <th scope="col">Last</th>
          <th scope="col">Infusion</th>
        </tr>
      </thead>
      <tbody>
        {patient.exposures.map((e) => (
          <tr key={e.drug}>
            <td data-label="Drug">{w.drug(e.drug)}</td>
            <td data-label="Class">{CLASS_LABELS[e.class]}</td>
            <td data-label="Doses" className="num">
              {e.doses}
            </td>
            <td data-label="First">{e.first.slice(0, 10)}</td>
            <td data-label="Last">
              {e.last.slice(0, 10)}
              {(() => {
                const doses = record?.find((x) => x.drug === e.drug)?.doses;
                const course =
                  doses === undefined || evaluatedAt === undefined
                    ? undefined
                    : courseEnd(doses, e.last, evaluatedAt);
                return course === undefined ? null : <span className="course-end"> ({course})</span>;
              })()}
            </td>
            <td data-label="Infusion">{e.infusion?.slice(0, 10) ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function GradesAndScores({
  patient: p,
  calculators = new Set(),
}: {
  readonly patient: PatientReport;
  /** The ids of the scores with a calculator page: an incomplete score links to it, to complete at the bedside. */
  readonly calculators?: ReadonlySet<string>;
}) {
  const { w } = useWords();
  const ungraded = ungradedLines(p, (id) => w.term(id));
  return (
    <section aria-labelledby="grades-title">
      <h2 id="grades-title">Grades and scores</h2>
      {p.grades.length === 0 ? (
        <p>CTCAE v5.0 grades: none (no graded abnormality).</p>
      ) : (
        <table>
          <caption>Worst CTCAE v5.0 grade per term</caption>
          <thead>
            <tr>
              <th scope="col">Term</th>
              <th scope="col">Grade</th>
              <th scope="col">Worst value</th>
              <th scope="col">On</th>
              <th scope="col">Basis</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {p.grades.map((g) => (
              <tr key={g.term}>
                <td data-label="Term">{w.term(g.term)}</td>
                <td data-label="Grade" className="num">
                  {g.grade}
                </td>
                <td data-label="Worst value">
                  {g.value === undefined ? "—" : valueWithUnit(g.value, g.unit)}
                </td>
                <td data-label="On">{g.worstAt.slice(0, 10)}</td>
                <td data-label="Basis">{w.prose(g.basis)}</td>
                <td data-label="Evidence">
                  <EvidenceLinks refs={g.evidence} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ungraded.length > 0 && (
        <ul className="warn" aria-label="Not graded: a drug moves the result by design">
          {ungraded.map((u) => (
            <li key={u.key}>
              {w.prose(u.text)} <EvidenceLinks refs={u.evidence} />
            </li>
          ))}
        </ul>
      )}
      {p.scores.length === 0 ? (
        <p>Scores: none computable.</p>
      ) : (
        <table>
          <caption>Scores (latest computable value)</caption>
          <thead>
            <tr>
              <th scope="col">Score</th>
              <th scope="col">Value</th>
              <th scope="col">On</th>
              <th scope="col">Components</th>
              <th scope="col">Interpretation</th>
              <th scope="col">Missing components</th>
            </tr>
          </thead>
          <tbody>
            {p.scores.map((s) => (
              <tr key={s.id}>
                <td data-label="Score">{w.score(s.id)}</td>
                <td data-label="Value" className="num">
                  {s.value ?? "—"}
                </td>
                <td data-label="On">{s.at.slice(0, 10)}</td>
                <td data-label="Components">
                  <ul className="components">
                    {Object.entries(s.components).map(([k, v]) => (
                      <li key={k}>
                        {w.component(s.id, k)}: <strong>{v === null ? "—" : String(v)}</strong>
                      </li>
                    ))}
                  </ul>
                </td>
                <td data-label="Interpretation">{w.prose(s.interpretation)}</td>
                <td data-label="Missing components" className={s.missing.length > 0 ? "warn" : ""}>
                  {s.missing.map((m) => w.component(s.id, m)).join("; ") || "none"}
                  {s.missing.length > 0 && calculators.has(s.id) ? (
                    <>
                      {" "}
                      — <Link to={calculatorPath(s.id)}>complete them in the {w.score(s.id)} calculator</Link>{" "}
                      with what is known at the bedside
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Sources({ patient }: { readonly patient: PatientReport }) {
  const { ctx } = useWords();
  const label = useReferenceLabel();
  const ids = citedSourceIds(patient);
  if (ids.length === 0) return null;
  return (
    <section className="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      <ul>
        {ids.map((id) => {
          const ref = ctx.reference(id);
          if (ref === undefined)
            return (
              <li key={id} id={`src-${id}`}>
                <code>{id}</code> <span className="warn">not in the references registry</span>
              </li>
            );
          const link = referenceUrl(ref);
          const locator = locatorText(ref);
          return (
            <li key={id} id={`src-${id}`}>
              <strong className="ref-label">{label(id)}</strong> {clinicalNotation(ref.citation)}{" "}
              {link !== undefined && /^https?:\/\//.test(link) ? <a href={link}>{locator}</a> : locator}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
