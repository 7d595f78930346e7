/** EASIX = LDH (U/L) × creatinine (mg/dL) / platelets (10⁹/L) (Luft 2017), with the CAR-T bleeding cut-off. */

import { exposureStart } from "../../contracts/exposure.js";
import type { IsoDateTime, PatientRecord } from "../../contracts/model.js";
import type { ScoreResult } from "../../contracts/report.js";
import type { EasixScore } from "../../knowledge/scores.js";
import { instant } from "../dates.js";
import { sig } from "../grading/limits.js";
import { windowPicker } from "./inputs.js";

const INPUTS = ["ldh", "creatinine", "platelets"] as const;

/**
 * EASIX from the latest LDH, creatinine and platelets within the window. Censored inputs are not used
 * (a product of bounds is not an index value). Category from the first matching cut-off rule.
 *
 * @example computeEasix(record, "2024-03-08T08:00:00Z", configs.get("easix") as EasixScore)
 */
export function computeEasix(record: PatientRecord, at: IsoDateTime, config: EasixScore): ScoreResult {
  const pick = windowPicker(record, at, config.window.hours);
  const found = INPUTS.map((k) => ({ k, r: pick(config.inputs[k].lab, config.inputs[k].unit) }));
  const usable = found.filter((x) => x.r && x.r.comparator === undefined);
  const components = Object.fromEntries(usable.map((x) => [x.k, x.r?.value as number]));
  const missing = found.filter((x) => !usable.includes(x)).map((x) => x.k);
  const evidence = found.flatMap((x) => (x.r ? [x.r.ref] : []));
  const base = { id: config.id, at, components, evidence, sourceIds: [...config.sourceIds] };
  const plt = components.platelets;
  if (missing.length > 0 || plt === undefined || plt <= 0) {
    const why = missing.length ? `missing ${missing.join(", ")}` : "platelet count of zero";
    return {
      ...base,
      value: null,
      missing: missing.length ? missing : ["platelets"],
      category: "incomplete",
      interpretation: `EASIX not computable: ${why}.`,
    };
  }
  const index = sig(((components.ldh as number) * (components.creatinine as number)) / plt);
  const t = instant(at);
  const rule = config.cutoffs.find(
    (c) =>
      (c.above === undefined || index > c.above) &&
      (c.whenExposureClass === undefined ||
        record.exposures.some((x) => x.class === c.whenExposureClass && instant(exposureStart(x)) <= t)),
  );
  // The schema guarantees a catch-all last rule.
  const r = rule ?? (config.cutoffs[config.cutoffs.length - 1] as (typeof config.cutoffs)[number]);
  return {
    ...base,
    value: Math.round(index * 100) / 100,
    missing: [],
    category: r.key,
    interpretation: r.interpretation,
    sourceIds: [...new Set([...config.sourceIds, ...r.sourceIds])],
  };
}
