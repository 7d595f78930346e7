/** ISTH sepsis-induced coagulopathy score (Iba 2017/2019): PT-INR, platelets, SOFA. */
import type { PointsScore } from "../../knowledge/scores.js";
import type { IsoDateTime, PatientRecord } from "../model.js";
import type { ScoreResult } from "../report.js";
import { computePointsScore, type LabCatalogue } from "./points-score.js";

/**
 * The SIC score at `at`, only for patients with sepsis recorded in the preceding 14 days (undefined otherwise). The SOFA item is known only when bilirubin and creatinine alone reach its cap of 2.
 *
 * @example computeIsthSic(record, "2024-03-01T08:00:00Z", configs.get("isth-sic") as PointsScore, catalogue.labById)
 */
export function computeIsthSic(
  record: PatientRecord,
  at: IsoDateTime,
  config: PointsScore,
  labs: LabCatalogue,
): ScoreResult | undefined {
  return computePointsScore(record, at, config, labs);
}
