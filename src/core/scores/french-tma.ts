/** French TMA Reference Center score (Coppo 2010): platelets and creatinine. */
import type { PointsScore } from "../../knowledge/scores.js";
import type { IsoDateTime, PatientRecord } from "../model.js";
import type { ScoreResult } from "../report.js";
import { computePointsScore, type LabCatalogue } from "./points-score.js";

/**
 * The two-item French TMA score at `at`, only when the latest platelet count in the window is below 150 x10^9/L (undefined otherwise).
 *
 * @example computeFrenchTma(record, "2024-03-01T08:00:00Z", configs.get("french-tma") as PointsScore, catalogue.labById)
 */
export function computeFrenchTma(
  record: PatientRecord,
  at: IsoDateTime,
  config: PointsScore,
  labs: LabCatalogue,
): ScoreResult | undefined {
  return computePointsScore(record, at, config, labs);
}
