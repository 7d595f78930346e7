/**
 * Creatinine clearance estimated from the serum creatinine by Cockcroft and Gault (Nephron 1976;16:31-41):
 * (140 − age) × weight (kg) / (72 × serum creatinine (mg/dL)), 15 % less in women. The drug labels set their
 * renal cut-offs on this clearance in mL/min (not on an eGFR normalised to 1.73 m²). The formula was derived in
 * adults (249 patients aged 18 to 92), so it is not applied below the knowledge's adult age.
 */

import type { Sex } from "../../contracts/model.js";

/** An input of the Cockcroft–Gault clearance that the record may lack. */
export type ClearanceInput = "age" | "sex" | "weight" | "creatinine" | "height";

/** What the estimate is computed from: age in whole years, recorded sex, weight in kg, creatinine in mg/dL. */
export interface ClearanceInputs {
  readonly age?: number | undefined;
  readonly sex?: Sex | undefined;
  readonly weightKg?: number | undefined;
  /** A censored creatinine (`< 0.3`) is passed as undefined: a bound gives no clearance. */
  readonly creatinineMgDl?: number | undefined;
}

/** The clearance in mL/min, or the inputs that are missing (an age below `adultFrom` counts as missing). */
export type ClearanceEstimate =
  | { readonly value: number; readonly missing?: undefined }
  | { readonly value?: undefined; readonly missing: readonly ClearanceInput[] };

/**
 * Cockcroft–Gault creatinine clearance, mL/min, unrounded (a cut-off is compared with the exact value).
 *
 * @example
 * cockcroftGault({ age: 60, sex: "male", weightKg: 54, creatinineMgDl: 2 }, 18); // { value: 30 }
 * cockcroftGault({ age: 60, sex: "unknown", creatinineMgDl: 2 }, 18); // { missing: ["sex", "weight"] }
 */
export function cockcroftGault(inputs: ClearanceInputs, adultFrom: number): ClearanceEstimate {
  const { age, sex, weightKg, creatinineMgDl } = inputs;
  const missing: ClearanceInput[] = [];
  if (age === undefined || age < adultFrom) missing.push("age");
  if (sex !== "female" && sex !== "male") missing.push("sex");
  if (weightKg === undefined || !(weightKg > 0)) missing.push("weight");
  if (creatinineMgDl === undefined || !(creatinineMgDl > 0)) missing.push("creatinine");
  if (missing.length > 0) return { missing };
  const male = ((140 - (age as number)) * (weightKg as number)) / (72 * (creatinineMgDl as number));
  return { value: sex === "female" ? male * 0.85 : male };
}

/**
 * The race-free CKD-EPI 2021 creatinine eGFR (Inker 2021; the National Kidney Foundation's statement of it), mL/min/1.73 m²,
 * unrounded: 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 if female, κ 0.7 (female) or
 * 0.9 (male), α −0.241 (female) or −0.302 (male). For adults only (from `adultFrom`); undefined when the age,
 * the sex or an uncensored creatinine is missing.
 *
 * @example
 * ckdEpi2021({ age: 55, sex: "female", creatinineMgDl: 0.9 }, 18); // ≈ 75.5
 */
export function ckdEpi2021(inputs: Omit<ClearanceInputs, "weightKg">, adultFrom: number): number | undefined {
  const { age, sex, creatinineMgDl: scr } = inputs;
  if (age === undefined || age < adultFrom || scr === undefined || !(scr > 0)) return undefined;
  if (sex !== "female" && sex !== "male") return undefined;
  const female = sex === "female";
  const ratio = scr / (female ? 0.7 : 0.9);
  return (
    142 *
    Math.min(ratio, 1) ** (female ? -0.241 : -0.302) *
    Math.max(ratio, 1) ** -1.2 *
    0.9938 ** age *
    (female ? 1.012 : 1)
  );
}

/**
 * The bedside Schwartz eGFR of a child (Schwartz 2009, CKiD): 0.413 × height (cm) / serum creatinine (mg/dL), in
 * mL/min/1.73 m², unrounded. Derived in children aged 1 to 16 with chronic kidney disease and an enzymatic
 * (IDMS-traceable) creatinine; applied from `fromAge` to below `belowAge` (the adult equations' age). Undefined when
 * the age is outside that range or unknown, or the height or an uncensored creatinine is missing.
 *
 * @example
 * bedsideSchwartz({ age: 10, heightCm: 138, creatinineMgDl: 0.9 }, 1, 18); // ≈ 63.3
 */
export function bedsideSchwartz(
  inputs: {
    readonly age?: number | undefined;
    readonly heightCm?: number | undefined;
    readonly creatinineMgDl?: number | undefined;
  },
  fromAge: number,
  belowAge: number,
): number | undefined {
  const { age, heightCm, creatinineMgDl: scr } = inputs;
  if (age === undefined || age < fromAge || age >= belowAge) return undefined;
  if (heightCm === undefined || !(heightCm > 0) || scr === undefined || !(scr > 0)) return undefined;
  return (0.413 * heightCm) / scr;
}
