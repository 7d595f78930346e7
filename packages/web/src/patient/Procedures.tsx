/**
 * "Before a planned procedure": the patient's procedure plan (the report's `procedures`), beside the findings and
 * whether or not there is one, its lines grouped, marked urgent and cited as a finding's plan lines are.
 */
import { type PatientReport, PROCEDURES_HEADING } from "@hemosentinel/core";
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
        <PlanGroups items={plan.management} leading={leading} />
      </div>
    </section>
  );
}
