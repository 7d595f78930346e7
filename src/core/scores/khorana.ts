/** Khorana score (Khorana 2008): VTE risk from cancer site, blood counts, ESA use and BMI. */
import type { PointsScore } from "../../knowledge/scores.js";
import type { IsoDateTime, PatientRecord } from "../model.js";
import type { ScoreResult } from "../report.js";
import { computePointsScore, type LabCatalogue } from "./points-score.js";

/**
 * The Khorana score at `at` from labs of the preceding 30 days, only when active cancer is known (undefined otherwise). Site and BMI are missing unless recorded.
 *
 * @example computeKhorana(record, "2024-03-01T08:00:00Z", configs.get("khorana") as PointsScore, catalogue.labById)
 */
export function computeKhorana(
  record: PatientRecord,
  at: IsoDateTime,
  config: PointsScore,
  labs: LabCatalogue,
): ScoreResult | undefined {
  return computePointsScore(record, at, config, labs);
}
