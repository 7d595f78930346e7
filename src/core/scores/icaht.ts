/** ICAHT grade (EHA/EBMT consensus, neutrophil-based): early (days 0-30) and late (after day 30) neutropenia after CAR-T. */
import type { HematotoxGrading } from "../../knowledge/scores.js";
import type { IsoDateTime, PatientRecord } from "../model.js";
import type { ScoreResult } from "../report.js";
import { computeHematotoxGrade } from "./hematotox-grading.js";

/**
 * The ICAHT grade at `at` from the ANC series, day 0 = CAR-T infusion; undefined without a CAR-T exposure
 * infused by then.
 *
 * @example computeIcaht(record, "2024-02-05T08:00:00Z", configs.get("icaht") as HematotoxGrading)
 */
export function computeIcaht(
  record: PatientRecord,
  at: IsoDateTime,
  config: HematotoxGrading,
): ScoreResult | undefined {
  return computeHematotoxGrade(record, at, config);
}
