/** T-ICAHT grade (Rejeski 2025): the thrombocytopenia arm of ICAHT, kept apart from the official neutrophil grade. */
import type { HematotoxGrading } from "../../knowledge/scores.js";
import type { IsoDateTime, PatientRecord } from "../model.js";
import type { ScoreResult } from "../report.js";
import { computeHematotoxGrade } from "./hematotox-grading.js";

/**
 * The T-ICAHT grade at `at` from the platelet series, day 0 = CAR-T infusion; counts within 7 days of a
 * platelet transfusion are not taken as recovery. Undefined without a CAR-T exposure infused by then.
 *
 * @example computeTIcaht(record, "2024-02-05T08:00:00Z", configs.get("t-icaht") as HematotoxGrading)
 */
export function computeTIcaht(
  record: PatientRecord,
  at: IsoDateTime,
  config: HematotoxGrading,
): ScoreResult | undefined {
  return computeHematotoxGrade(record, at, config);
}
