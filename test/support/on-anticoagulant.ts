/** A patient on pembrolizumab with lung cancer and the drugs beside it, for tests of what an anticoagulant moves. */
import type { ClinicalEvent, ContextDrug, LabResult } from "../../packages/core/src/contracts/model.js";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { assessPatient } from "../../packages/core/src/engine/assess.js";
import { PINNED_ON_DRUG } from "../thresholds/pinned.js";
import { AT, knowledge, lungCancer, pembrolizumab } from "./assess.js";
import { contextDrug, record } from "./record.js";

/** Warfarin from day 20 on, ongoing. */
export const warfarin = () => contextDrug("warfarin", ["anticoagulant", "vka"], 20);

/** Unfractionated heparin from day 48 on, ongoing (an infusion: the record does not say the route). */
export const heparin = () => contextDrug("heparin", ["heparin"], 48);

/** Enoxaparin (an LMWH, which also carries the heparin role) from day 48 on, ongoing. */
export const enoxaparin = () => contextDrug("enoxaparin", ["heparin", "lmwh"], 48);

/** A parenteral direct thrombin inhibitor (argatroban by default) from day 48 on, ongoing. */
export const thrombinInhibitor = (drug: "argatroban" | "bivalirudin" = "argatroban") =>
  contextDrug(drug, ["anticoagulant", "parenteral-thrombin-inhibitor"], 48);

/**
 * The pinned bound of a band of an `onDrug` rule (knowledge/unexplained.yaml), after checking that the knowledge
 * still holds it: a boundary test builds its patients at the pinned value, never at the file's.
 */
export function pinnedOnDrugBound(
  rule: string,
  band: string,
  bound: "atLeast" | "above" | "aboveBaselineTimes" | "baselineWithinDays",
): number {
  const key = `unexplained.yaml onDrug ${rule} ${band} ${bound}`;
  const value = PINNED_ON_DRUG[key];
  if (value === undefined) throw new Error(`${key} is not pinned`);
  const inKnowledge = knowledge.unexplained.onDrug
    .find((r) => r.id === rule)
    ?.bands.find((b) => b.id === band)?.[bound];
  if (inKnowledge !== value) throw new Error(`${key}: knowledge/unexplained.yaml holds ${inKnowledge}`);
  return value;
}

/** The patient with the given drugs, labs and events, assessed at day 400. */
export function assessOnDrugs(
  drugs: readonly ContextDrug[],
  labs: readonly LabResult[],
  events: readonly ClinicalEvent[] = [],
): PatientReport {
  return assessPatient(
    record({
      exposures: [pembrolizumab],
      contextDrugs: [...drugs],
      labs: [...labs],
      events: [lungCancer, ...events],
    }),
    AT,
    knowledge,
  );
}
