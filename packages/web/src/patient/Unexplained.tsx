/** The serious abnormalities no finding accounts for: shown as prominently as the findings. */
import {
  noneUnexplained,
  type PatientReport,
  unexplainedCitations,
  unexplainedWhy,
  valueWithUnit,
} from "@hemosentinel/core";
import { unexplainedAnchor, unexplainedTitle } from "./ActFirst.js";
import { PlanGroups, SharedNote, WorkupList } from "./FindingCard.js";
import { Cites, EvidenceLinks, useWords } from "./words.js";

export function Unexplained({
  patient,
  leading,
}: {
  readonly patient: PatientReport;
  /** Plan lines that head their group and stand out (the adult-dose line of a child's plan). */
  readonly leading?: ReadonlySet<string>;
}) {
  const { ctx, w } = useWords();
  const items = patient.unexplained;
  return (
    <section
      className={`unexplained${items.length > 0 ? " flagged" : ""}`}
      aria-labelledby="unexplained-title"
    >
      <h2 id="unexplained-title">
        {items.length > 0 ? <span aria-hidden="true">⚠ </span> : null}Unexplained abnormalities (
        {items.length})
      </h2>
      {items.length === 0 ? (
        <p>
          {patient.exposures.length === 0
            ? "Not applicable: no immunotherapy of the classes HemoSentinel covers in the record."
            : noneUnexplained(patient)}
        </p>
      ) : null}
      {items.map((u) => {
        const why = unexplainedWhy(w.prose(u.why), ctx);
        // What the item shows (an AIHA: a positive DAT with haemolysis) is said in the lead: its sources close the
        // lead, not the last disorder's reason (they read as citing "AHA: not found"); a note's close the reasons.
        const cite = unexplainedCitations(u, why, ctx);
        return (
          <article
            className="card unexplained-item"
            id={unexplainedAnchor(u)}
            key={`${u.abnormality}-${u.at}`}
            aria-label={unexplainedTitle(u, w.abnormality)}
            data-shows={u.shows?.id}
          >
            <h3>{unexplainedTitle(u, w.abnormality)}</h3>
            <dl>
              <dt>What</dt>
              <dd>
                {u.value === undefined ? w.abnormality(u.abnormality) : valueWithUnit(u.value, u.unit)}{" "}
                <EvidenceLinks refs={u.evidence} />
              </dd>
              <dt>When</dt>
              <dd>{u.at.slice(0, 10)}</dd>
              <dt>Why no disorder was attributed</dt>
              <dd>
                {why.lead}
                {/* The sources of the notes the reason carries (ICAHT after CAR-T) close it, as a plan line's do. */}
                <Cites ids={cite.lead} />
                {why.reasons.length > 0 ? (
                  <>
                    {" "}
                    Not attributed:
                    <ul className="reasons">
                      {why.reasons.map((r, i) => (
                        // A reason may open in lower case ("no hemostatic disorder … accounts for it"): each is a line of its own.
                        <li key={r}>
                          {r.charAt(0).toUpperCase() + r.slice(1)}
                          {i === why.reasons.length - 1 ? <Cites ids={cite.reasons} /> : null}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </dd>
            </dl>
            {u.workup.length > 0 ? (
              <>
                <h4>Work-up</h4>
                <WorkupList items={u.workup} />
              </>
            ) : null}
            {u.management !== undefined && u.management.length > 0 ? (
              <>
                <h4>Next steps</h4>
                <PlanGroups items={u.management} leading={leading} />
              </>
            ) : null}
            <SharedNote lines={u.sharedLines} />
          </article>
        );
      })}
    </section>
  );
}
