/** The real knowledge and a one-call assessment of a constructed record, for tests of clinical rules. */

import type {
  ClinicalEvent,
  ContextDrug,
  Exposure,
  LabResult,
  PatientRecord,
} from "../../packages/core/src/contracts/model.js";
import type { Finding, PatientReport } from "../../packages/core/src/contracts/report.js";
import type { DisorderId } from "../../packages/core/src/contracts/vocabularies.js";
import { assessPatient, assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import { wholePlan } from "../../packages/core/src/engine/manage/shared-lines.js";
import { testKnowledge } from "./knowledge.js";
import { day, event, exposure, lab, record } from "./record.js";

export const knowledge = testKnowledge();
export const AT = day(400);
export const pembrolizumab: Exposure = exposure("pembrolizumab", "ici", [0, 21, 42]);
/** A medication charted as `text` from day `from` (to day `to`), with the roles the real catalogue gives it. */
export function chartedDrug(text: string, from: number, to?: number): ContextDrug {
  const match = knowledge.vocabulary.medication({ codings: [], text });
  if (match?.kind !== "context") throw new Error(`${text}: not a context drug in the catalogue`);
  return {
    ref: `MedicationRequest/${match.drug}-${from}`,
    drug: match.drug,
    roles: match.roles,
    start: day(from),
    ...(to !== undefined ? { end: day(to) } : {}),
  };
}
/** Charted lung cancer: the underlying condition most records on a checkpoint inhibitor carry. */
export const lungCancer = event("active-cancer", -60, { qualifiers: ["lung"] });

/**
 * CAR-T coagulopathy with a DVT, relative to AT (day 400): axicabtagene ciloleucel 10 days before, CRS grade 2
 * three days after it, and by the DVT (day 7) platelets 180 → 90 and fibrinogen 3.0 → 1.2 g/L with a PT of
 * 15.5 s — the patient on whom the coagulopathy plan's anticoagulant choice is tested.
 */
export const carTDvt: {
  readonly exposure: Exposure;
  readonly labs: readonly LabResult[];
  readonly events: readonly ClinicalEvent[];
} = {
  exposure: exposure("axicabtagene-ciloleucel", "car-t", [390]),
  labs: [
    lab("platelets", 385, 180),
    lab("fibrinogen", 385, 3.0),
    lab("platelets", 397, 90),
    lab("fibrinogen", 397, 1.2),
    lab("pt", 397, 15.5, { refLow: 11, refHigh: 13.5 }),
  ],
  events: [event("crs", 393, { grade: 2 }), event("thrombosis", 397, { qualifiers: ["venous", "dvt"] })],
};

/**
 * Assesses `r` at `at` (AT unless given) with the real knowledge: the report and the plan invariants
 * (knowledge/safety.yaml) its plans break.
 */
export function reportAndViolations(r: PatientRecord, at: string = AT) {
  const { report, planned } = assessPatientTraced(r, at, knowledge);
  const violations = checkPlans(planned, knowledge.safety, knowledge.management).flatMap((c) => c.violations);
  return { report, violations };
}

/**
 * The {@link carTDvt} patient (lung cancer charted) with `events` beside it: the report and the plan invariants
 * it breaks.
 */
export function assessCarTDvt(events: readonly ClinicalEvent[]) {
  const { report, violations } = reportAndViolations(
    record({
      exposures: [carTDvt.exposure],
      labs: [...carTDvt.labs],
      events: [lungCancer, ...carTDvt.events, ...events],
    }),
  );
  return { report, violations };
}

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

/**
 * A DVT 5 days before AT on pembrolizumab (lung cancer charted), platelets 250 before and `platelets` at it, with
 * the labs and events a test adds: the plan ids of the thrombosis finding and of every finding, and the plan
 * invariants it breaks.
 */
export function assessDvt(
  labs: readonly LabResult[],
  events: readonly ClinicalEvent[],
  platelets = 240,
  patient: Pick<PatientRecord, "birthDate" | "sex"> = {},
) {
  const { report, violations } = reportAndViolations(
    record({
      exposures: [pembrolizumab],
      labs: [lab("platelets", 340, 250), lab("platelets", 395, platelets), ...labs],
      events: [lungCancer, event("thrombosis", 395, { qualifiers: ["venous", "dvt"] }), ...events],
      ...patient,
    }),
  );
  return {
    thr: planIds(findingOf(report, "thrombosis")),
    all: report.findings.flatMap(planIds),
    report,
    violations,
  };
}

/**
 * The finding of one disorder, if reported, with its plan whole: a line the report shows once under another plan
 * (the patient-wide avoid line under the plan that forbids it) is still this finding's.
 */
export const findingOf = (p: PatientReport, d: DisorderId): Finding | undefined => {
  const f = p.findings.find((x) => x.disorder === d);
  return f === undefined ? undefined : { ...f, management: wholePlan(p, f) };
};

/** Plan item ids of one finding. */
export const planIds = (f: Finding | undefined): string[] => f?.management.map((m) => m.id) ?? [];
