/** ISTH overt DIC score (Taylor 2001): platelets, fibrin-related marker, PT prolongation, fibrinogen. */
import type { PointsScore } from "../../knowledge/scores.js";
import type { IsoDateTime, PatientRecord } from "../model.js";
import type { ScoreResult } from "../report.js";
import { computePointsScore, type LabCatalogue } from "./points-score.js";

/**
 * The ISTH overt DIC score from the labs of the 24 h before `at`. The fibrin marker is scored only for assays with configured cut-offs (D-dimer FEU by default); a D-dimer of unknown type is missing, not guessed. PT prolongation is measured against the result's own upper limit of normal, else the catalogue's.
 *
 * @example computeIsthOvertDic(record, "2024-03-01T08:00:00Z", configs.get("isth-overt-dic") as PointsScore, catalogue.labById)
 */
export function computeIsthOvertDic(
  record: PatientRecord,
  at: IsoDateTime,
  config: PointsScore,
  labs: LabCatalogue,
): ScoreResult | undefined {
  return computePointsScore(record, at, config, labs);
}
