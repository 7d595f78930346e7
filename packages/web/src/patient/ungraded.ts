/**
 * The results left ungraded because a drug moves them by design (the report's `ungraded`: an INR on warfarin with no
 * INR before its course), as the patient view lists them under the CTCAE grades — flagged, with why, what the
 * absolute cut-off would grade and the records — as the text and HTML reports do.
 */
import { type PatientReport, valueWithUnit } from "@hemosentinel/core";

export interface UngradedLine {
  readonly key: string;
  /** "INR increased: 2.8 {INR} on 2024-02-20 not gradable: on anticoagulation without a baseline (…)". */
  readonly text: string;
  readonly evidence: readonly string[];
}

/** One line per ungraded result, in the report's order; none when the report has none. */
export function ungradedLines(p: PatientReport, term: (id: string) => string): UngradedLine[] {
  return (p.ungraded ?? []).map((u) => ({
    key: `${u.term}@${u.at}`,
    text: `${term(u.term)}: ${u.value === undefined ? "" : `${valueWithUnit(u.value, u.unit)} `}on ${u.at.slice(0, 10)} ${u.reason}`,
    evidence: u.evidence,
  }));
}
