/** The real knowledge and a one-call assessment of a constructed record, for tests of clinical rules. */

import type { Exposure, PatientRecord } from "../../packages/core/src/contracts/model.js";
import type { Finding, PatientReport } from "../../packages/core/src/contracts/report.js";
import type { DisorderId } from "../../packages/core/src/contracts/vocabularies.js";
import { assessPatient } from "../../packages/core/src/engine/assess.js";
import { testKnowledge } from "./knowledge.js";
import { day, event, exposure, record } from "./record.js";

export const knowledge = testKnowledge();
export const AT = day(400);
export const pembrolizumab: Exposure = exposure("pembrolizumab", "ici", [0, 21, 42]);
/** Charted lung cancer: the underlying condition most records on a checkpoint inhibitor carry. */
export const lungCancer = event("active-cancer", -60, { qualifiers: ["lung"] });

/** Assesses a record built from `parts` (pembrolizumab and lung cancer unless given) with the real knowledge. */
export function assessWith(
  parts: Partial<PatientRecord>,
  exposures: Exposure[] = [pembrolizumab],
): PatientReport {
  return assessWithAt(AT, parts, exposures);
}

/** {@link assessWith}, evaluated at `at` (an acute thrombosis is one within 30 days of the evaluation). */
export function assessWithAt(
  at: string,
  parts: Partial<PatientRecord>,
  exposures: Exposure[] = [pembrolizumab],
): PatientReport {
  return assessPatient(
    record({ exposures, ...parts, events: [lungCancer, ...(parts.events ?? [])] }),
    at,
    knowledge,
  );
}

/** The finding of one disorder, if reported. */
export const findingOf = (p: PatientReport, d: DisorderId): Finding | undefined =>
  p.findings.find((f) => f.disorder === d);

/** Plan item ids of one finding. */
export const planIds = (f: Finding | undefined): string[] => f?.management.map((m) => m.id) ?? [];
