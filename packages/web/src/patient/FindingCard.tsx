/**
 * One finding: certainty and grade as badges, the criteria checklist, the competing explanations, the
 * scores, what would change it (the missing data and the work-up) and the cited plan.
 */
import {
  armsText,
  CHARTED_NOTE,
  type CriterionTrace,
  certaintyLabel,
  criterionStatusLabel,
  type DifferentialTrace,
  differentialBearing,
  disorderLabel,
  type ExposureSummary,
  type Finding,
  type ManagementItem,
  managementGroups,
  noPlanLine,
  onsetText,
  type ScoreResult,
  type SharedLine,
  sharedLinesText,
  sharedWithText,
  type WorkupItem,
} from "@hemosentinel/core";
import { Cites, EvidenceLinks, useWords } from "./words.js";

const STATUS_ICON: Readonly<Record<string, string>> = { met: "✔", unmet: "✘", missing: "?", charted: "✎" };

/** A criterion's status in words with an icon: never colour alone. */
export function StatusBadge({ trace }: { readonly trace: CriterionTrace }) {
  const key = trace.status === "met" && trace.charted === true ? "charted" : trace.status;
  return (
    <span className={`status ${key}`}>
      <span aria-hidden="true">{STATUS_ICON[key]} </span>
      {criterionStatusLabel(trace)}
    </span>
  );
}

function Checklist(props: { readonly rows: readonly CriterionTrace[]; readonly caption: string }) {
  const { w } = useWords();
  return (
    <table className="criteria">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Criterion</th>
          <th scope="col">What was found</th>
          <th scope="col">Evidence</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((t) => (
          <tr key={t.id} className={t.status}>
            <td data-label="Status">
              <StatusBadge trace={t} />
            </td>
            <td data-label="Criterion">{w.prose(t.label)}</td>
            <td data-label="What was found">{t.detail === undefined ? "" : w.prose(t.detail)}</td>
            <td data-label="Evidence">
              <EvidenceLinks refs={t.evidence} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Present first, then not assessable, then absent: what weighs on the finding is read before what does not. */
const DIFFERENTIAL_ORDER: Readonly<Record<DifferentialTrace["status"], number>> = {
  met: 0,
  missing: 1,
  unmet: 2,
};

function Differentials({ rows }: { readonly rows: readonly DifferentialTrace[] }) {
  const { w } = useWords();
  // A finding is checked against up to twenty competing explanations, most of them absent: listed in the
  // knowledge's order, one that lowers or excludes it could sit below a screen of absent ones.
  const sorted = [...rows].sort((a, b) => DIFFERENTIAL_ORDER[a.status] - DIFFERENTIAL_ORDER[b.status]);
  const absent = rows.filter((d) => d.status === "unmet").length;
  return (
    <table className="criteria differentials">
      <caption>
        Competing explanations{" "}
        <span className="muted">
          ({rows.length - absent} present or not assessable, listed first; {absent} absent)
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Status and bearing</th>
          <th scope="col">Competing explanation</th>
          <th scope="col">What was found</th>
          <th scope="col">Evidence</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((d) => (
          <tr key={d.id} className={`${d.status} effect-${d.effect}`}>
            <td data-label="Status">
              <StatusBadge trace={d} />
              <span className="bearing">{differentialBearing(d)}</span>
            </td>
            <td data-label="Competing explanation">{w.prose(d.label)}</td>
            <td data-label="What was found">{d.detail === undefined ? "" : w.prose(d.detail)}</td>
            <td data-label="Evidence">
              <EvidenceLinks refs={d.evidence} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Work-up items: the test, its LOINC code, why, and the sources. */
export function WorkupList({ items }: { readonly items: readonly WorkupItem[] }) {
  const { w } = useWords();
  return (
    <ul>
      {items.map((x) => (
        <li key={x.id}>
          <strong>{w.prose(x.test)}</strong>
          {x.loinc === undefined ? "" : <span className="code"> LOINC {x.loinc}</span>}: {w.prose(x.why)}
          <Cites ids={x.sourceIds} />
        </li>
      ))}
    </ul>
  );
}

/** Certainty and grade badges: the words carry the meaning, the colour only repeats it. */
export function Badges({ finding }: { readonly finding: Finding }) {
  const { ctx } = useWords();
  return (
    <span className="badges">
      <span className={`badge certainty-${finding.certainty}`}>{certaintyLabel(ctx, finding)}</span>{" "}
      <span className={`badge grade grade-${finding.grade ?? "none"}`}>
        {finding.grade === undefined ? "Not graded" : `Grade ${finding.grade}`}
      </span>
    </span>
  );
}

function FindingScores(props: { readonly finding: Finding; readonly scores: readonly ScoreResult[] }) {
  const { w } = useWords();
  return (
    <ul className="scores">
      {props.finding.scores.map((s) => {
        const full = props.scores.find((x) => x.id === s.id);
        return (
          <li key={s.id}>
            <strong>{w.score(s.id)}</strong>: {s.value ?? "not computable"} — {w.prose(s.interpretation)}
            {full !== undefined && Object.keys(full.components).length > 0 ? (
              <ul className="components">
                {Object.entries(full.components).map(([k, v]) => (
                  <li key={k}>
                    {w.component(s.id, k)}: <strong>{v === null ? "—" : String(v)}</strong>
                  </li>
                ))}
                {full.missing.length > 0 ? (
                  <li className="warn">
                    Missing: {full.missing.map((m) => w.component(s.id, m)).join("; ")}
                  </li>
                ) : null}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** One finding as an article; `primary` marks the first. */
export function FindingCard(props: {
  readonly finding: Finding;
  readonly primary: boolean;
  readonly exposures: readonly ExposureSummary[];
  readonly scores: readonly ScoreResult[];
  /** The record's death: a deceased patient's plan is empty because nothing is ordered after death. */
  readonly deceased?: { readonly at?: string } | undefined;
  /** Plan lines that head their group and stand out (the adult-dose line of a child's plan). */
  readonly leading?: ReadonlySet<string>;
}) {
  const { finding: f, primary } = props;
  const { ctx, w } = useWords();
  const id = `finding-${f.disorder}`;
  const missing = f.criteria.filter((t) => t.status === "missing");
  const charted = f.criteria.some((t) => t.status === "met" && t.charted === true);
  const groups = managementGroups(f.management);
  return (
    <article className={`finding card${primary ? " primary" : ""}`} aria-labelledby={id}>
      <h3 id={id}>
        {primary ? <span className="primary-label">Primary finding: </span> : null}
        {disorderLabel(ctx, f.disorder)}
      </h3>
      <Badges finding={f} />
      {f.summary === "" ? null : <p className="finding-summary">{w.prose(f.summary)}</p>}
      {f.onset === undefined ? null : <p>Onset: {onsetText(f.onset, props.exposures, w.drug)}</p>}
      {f.gradeBasis === undefined ? null : <p>Grade basis: {w.prose(f.gradeBasis)}</p>}
      {f.arms !== undefined && f.arms.length > 0 ? <p>Arms: {armsText(f.arms, w)}</p> : null}
      <Checklist rows={f.criteria} caption="Criteria" />
      {charted ? <p className="note">{CHARTED_NOTE}</p> : null}
      {f.differentials.length > 0 ? <Differentials rows={f.differentials} /> : null}
      {f.scores.length > 0 ? (
        <>
          <h4>Scores</h4>
          <FindingScores finding={f} scores={props.scores} />
        </>
      ) : null}
      <h4>What would change this</h4>
      {missing.length > 0 ? (
        <>
          <p>Criteria without data — a result would confirm or refute them:</p>
          <ul>
            {missing.map((t) => (
              <li key={t.id}>{w.prose(t.label)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>Every criterion could be assessed on the record.</p>
      )}
      {f.workup.length > 0 ? (
        <>
          <p>Tests that would settle it:</p>
          <WorkupList items={f.workup} />
        </>
      ) : null}
      <h4 id={`plan-${f.disorder}`}>Plan</h4>
      {groups.length === 0 && f.sharedLines === undefined ? <p>{noPlanLine(props.deceased)}</p> : null}
      <PlanGroups items={f.management} leading={props.leading} />
      <SharedNote lines={f.sharedLines} />
    </article>
  );
}

/**
 * A plan's items by kind, each group under its heading (a finding's plan, a named unexplained pattern's);
 * the `leading` items open their group, marked, since they qualify the lines after them (under 18: the
 * doses and thresholds below are adult ones).
 */
export function PlanGroups({
  items,
  leading = new Set(),
}: {
  readonly items: readonly ManagementItem[];
  readonly leading?: ReadonlySet<string> | undefined;
}) {
  const { ctx, w } = useWords();
  const groups = managementGroups(items).map((g) => ({
    ...g,
    items: [...g.items.filter((m) => leading.has(m.id)), ...g.items.filter((m) => !leading.has(m.id))],
  }));
  return (
    <>
      {groups.map((g) => (
        <div key={g.kind} className={`kind ${g.kind}`}>
          <h5>
            {g.kind === "avoid" ? <span aria-hidden="true">⚠ </span> : null}
            {g.label}
          </h5>
          <ul>
            {g.items.map((m) => (
              <li
                key={m.id}
                className={m.urgent ? "urgent" : leading.has(m.id) ? "leading" : undefined}
                data-item={m.id}
              >
                {m.urgent ? <strong className="urgent-tag">Urgent: </strong> : null}
                {leading.has(m.id) && !m.urgent ? (
                  <strong className="leading-tag">Before any dose: </strong>
                ) : null}
                {w.prose(m.action)}
                <Cites ids={m.sourceIds} />
                {m.caveat === undefined ? null : <p className="caveat">Caveat: {w.prose(m.caveat)}</p>}
                {m.sharedWith === undefined ? null : (
                  <p className="shared">{sharedWithText(ctx, w, m.sharedWith)}</p>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

/** Where a plan's lines shown once under an earlier plan of the patient are; nothing when none is. */
export function SharedNote({ lines }: { readonly lines: readonly SharedLine[] | undefined }) {
  const { ctx, w } = useWords();
  return lines === undefined ? null : <p className="shared">{sharedLinesText(ctx, w, lines)}</p>;
}
