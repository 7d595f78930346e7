/** JAAM DIC score (Gando 2006): SIRS, platelets or their 24-h fall, PT ratio, FDP. */
import type { PointsScore } from "../../knowledge/scores.js";
import type { IsoDateTime, PatientRecord } from "../model.js";
import type { ScoreResult } from "../report.js";
import { computePointsScore, type LabCatalogue } from "./points-score.js";

/**
 * The JAAM DIC score at `at`. SIRS is not in the record and always missing, so a laboratory total of 3 is reported as incomplete; the PT ratio uses the upper limit of normal as its denominator.
 *
 * @example computeJaamDic(record, "2024-03-01T08:00:00Z", configs.get("jaam-dic") as PointsScore, catalogue.labById)
 */
export function computeJaamDic(
  record: PatientRecord,
  at: IsoDateTime,
  config: PointsScore,
  labs: LabCatalogue,
): ScoreResult | undefined {
  return computePointsScore(record, at, config, labs);
}
