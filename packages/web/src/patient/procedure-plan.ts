/**
 * The patient's procedure plan in the web patient view (the report's `procedures`): what holds before a planned
 * procedure — the platelet count it needs, the interval since an anticoagulant's last dose — whether or not a
 * finding is detected. Pure: the words the summary and the empty findings section point to it with.
 */
import {
  type PatientReport,
  PROCEDURES_HEADING,
  PROCEDURES_NOTE,
  procedureSummary,
} from "@hemosentinel/core";

/** The anchor of the section's heading, that the summary and the empty findings section link to. */
export const PROCEDURES_ANCHOR = "procedures-title";

/**
 * The summary's pointer to the procedure plan, or undefined when the patient has none. With no finding it is the
 * patient's only plan, and "nothing detected" alone would read as nothing to do.
 * @example
 * procedurePointer(report) // "A procedure is planned: advice before it (2 lines) — see Before a planned procedure"
 */
export function procedurePointer(p: Pick<PatientReport, "procedures">): string | undefined {
  const plan = p.procedures;
  if (plan === undefined) return undefined;
  const lines = plan.management;
  const urgent = lines.some((m) => m.urgent === true) ? ", urgent" : "";
  const count =
    lines.length === 0 ? "" : ` (${lines.length === 1 ? "1 line" : `${lines.length} lines`}${urgent})`;
  // The procedure, its day and what stands in its way, when the plan names them.
  const said = procedureSummary(plan);
  return `${said ?? PROCEDURES_NOTE}${count} — see ${PROCEDURES_HEADING}`;
}

/**
 * A patient's one-line status in a list of patients, with the procedure plan named after it: "nothing detected"
 * alone would hide the advice the patient view holds.
 * @example
 * statusWithProcedures("No immunotherapy-associated hemostatic disorder detected", report)
 * // "No immunotherapy-associated hemostatic disorder detected · A procedure is planned: advice before it"
 */
export function statusWithProcedures(status: string, p: Pick<PatientReport, "procedures">): string {
  return p.procedures === undefined ? status : `${status} · ${PROCEDURES_NOTE}`;
}
