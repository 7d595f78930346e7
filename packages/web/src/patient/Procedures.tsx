/**
 * "Before a planned procedure": the patient's procedure plan (the report's `procedures`), beside the findings and
 * whether or not there is one, its lines grouped, marked urgent and cited as a finding's plan lines are.
 */
import { type PatientReport, PROCEDURES_HEADING, plannedText } from "@hemosentinel/core";
import { PlanGroups } from "./FindingCard.js";
import { PROCEDURES_ANCHOR } from "./procedure-plan.js";

export function Procedures({
  patient,
  leading,
}: {
  readonly patient: PatientReport;
  /** Plan lines that head their group and stand out (the adult-dose line of a child's plan). */
  readonly leading?: ReadonlySet<string>;
}) {
  const plan = patient.procedures;
  if (plan === undefined) return null;
  return (
    <section className="procedures" aria-labelledby={PROCEDURES_ANCHOR}>
      <h2 id={PROCEDURES_ANCHOR}>{PROCEDURES_HEADING}</h2>
      <div className="card procedure-plan">
        <p className="procedure-lead">
          Lines that hold before a procedure planned for this patient, from the record at the evaluation: no
          finding is needed for them. A line a finding's plan already shows is read there.
        </p>
        {/* Each procedure with its day and what stands in its way, before the lines. */}
        <ul className="planned-procedures">
          {plan.planned.map((x) => (
            <li key={`${x.ref} ${x.on ?? ""}`} className={`planned ${x.when}`} data-when={x.when}>
              {plannedText(x)}
            </li>
          ))}
        </ul>
        {plan.management.length > 0 ? <PlanGroups items={plan.management} leading={leading} /> : null}
      </div>
    </section>
  );
}
