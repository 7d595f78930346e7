/**
 * Baseline for CTCAE criteria relative to baseline (INR, creatinine, fibrinogen, bilirubin): the last
 * value before immunotherapy started.
 */

import { exposureStart } from "../../contracts/exposure.js";
import type { IsoDateTime, LabResult, PatientRecord } from "../../contracts/model.js";
import { instant } from "../dates.js";
import { labsByIdInRecordOrder } from "../lab-query.js";

/** Start of immunotherapy: the earliest first dose over all exposures (CAR-T: the infusion). */
export function treatmentStart(record: PatientRecord): IsoDateTime | undefined {
  let start: IsoDateTime | undefined;
  for (const e of record.exposures) {
    const at = exposureStart(e);
    if (start === undefined || instant(at) < instant(start)) start = at;
  }
  return start;
}

/**
 * Baseline result of `lab`: the last numeric, uncensored value drawn on or before the start of
 * immunotherapy (instants compared as written, a date without time counting as its midnight UTC), or the
 * earliest such value when the record has no exposure. A result at the very instant of the first dose is
 * the pre-dose sample (an INR of a cirrhosis drawn on the morning of the first infusion, both charted as
 * that date): it is the baseline, not a change after the drug. Undefined when there is none, e.g. no value
 * by the first dose. Censored values (`<5`) are skipped because their true level is unknown. An abnormal
 * baseline of that day without a draw time may follow the dose: the grader then also reads each result without
 * it and keeps the higher grade (grading/ctcae.ts `gradingBaseline`).
 *
 * @example
 * baselineFor(record, "inr"); // the INR drawn before the first pembrolizumab dose
 */
export function baselineFor(record: PatientRecord, lab: string): LabResult | undefined {
  return baselineAmong(labsByIdInRecordOrder(record.labs).get(lab) ?? [], lab, treatmentStart(record));
}

/** {@link baselineFor} over `labs` with the start of immunotherapy already known (one start, many labs). */
export function baselineAmong(
  labs: readonly LabResult[],
  lab: string,
  start: IsoDateTime | undefined,
): LabResult | undefined {
  const limit = start === undefined ? undefined : instant(start);
  let best: LabResult | undefined;
  let bestT = 0;
  for (const l of labs) {
    if (
      l.lab !== lab ||
      typeof l.value !== "number" ||
      !Number.isFinite(l.value) ||
      l.comparator !== undefined
    )
      continue;
    const t = instant(l.at);
    if (limit === undefined ? !best || t < bestT : t <= limit && (!best || t > bestT)) {
      best = l;
      bestT = t;
    }
  }
  return best;
}
