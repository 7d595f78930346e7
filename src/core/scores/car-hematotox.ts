/** CAR-HEMATOTOX (Rejeski 2021): pre-lymphodepletion risk of hematotoxicity after CAR-T. */
import type { BaselinePointsScore } from "../../knowledge/scores.js";
import type { IsoDateTime, PatientRecord } from "../model.js";
import type { ScoreResult } from "../report.js";
import { computeBaselinePointsScore, type LabCatalogue } from "./points-score.js";

/**
 * The CAR-HEMATOTOX score from the latest labs before lymphodepletion (a chemotherapy context drug started up to 14 days before infusion) or, without one, before infusion; undefined without a CAR-T exposure. Before the anchor, the labs up to `at` give a provisional score.
 *
 * @example computeCarHematotox(record, "2024-03-01T08:00:00Z", configs.get("car-hematotox") as BaselinePointsScore, catalogue.labById)
 */
export function computeCarHematotox(
  record: PatientRecord,
  at: IsoDateTime,
  config: BaselinePointsScore,
  labs: LabCatalogue,
): ScoreResult | undefined {
  return computeBaselinePointsScore(record, at, config, labs);
}
