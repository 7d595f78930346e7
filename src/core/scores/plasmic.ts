/** PLASMIC score (Bendapudi 2017): pretest probability of severe ADAMTS13 deficiency. */
import type { PointsScore } from "../../knowledge/scores.js";
import type { IsoDateTime, PatientRecord } from "../model.js";
import type { ScoreResult } from "../report.js";
import { computePointsScore, type LabCatalogue } from "./points-score.js";

/**
 * The PLASMIC score at `at`, only when the latest platelet count in the window is below 150 x10^9/L (undefined otherwise). Active cancer is inferred from an active-cancer event or a cancer immunotherapy exposure; transplant status is missing unless a transplant is recorded.
 *
 * @example computePlasmic(record, "2024-03-01T08:00:00Z", configs.get("plasmic") as PointsScore, catalogue.labById)
 */
export function computePlasmic(
  record: PatientRecord,
  at: IsoDateTime,
  config: PointsScore,
  labs: LabCatalogue,
): ScoreResult | undefined {
  return computePointsScore(record, at, config, labs);
}
