/** A patient on pembrolizumab with lung cancer and the drugs beside it, for tests of what an anticoagulant moves. */
import type { ClinicalEvent, ContextDrug, LabResult } from "../../packages/core/src/contracts/model.js";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { assessPatient } from "../../packages/core/src/engine/assess.js";
import { AT, knowledge, lungCancer, pembrolizumab } from "./assess.js";
import { contextDrug, record } from "./record.js";

/** Warfarin from day 20 on, ongoing. */
export const warfarin = () => contextDrug("warfarin", ["anticoagulant", "vka"], 20);

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
