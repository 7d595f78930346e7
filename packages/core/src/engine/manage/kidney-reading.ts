/**
 * The kidney function the plans read, as the report shows it: the value (a clearance charted or computed by
 * Cockcroft–Gault, an eGFR charted or computed by CKD-EPI 2021 as its stand-in), where it came from and the
 * inputs of a computed one, so that a pharmacist can check it against the record
 * ("Cockcroft–Gault creatinine clearance 24.2 mL/min from creatinine 2.6 mg/dL on 2026-11-02, weight 71 kg
 * (2026-10-30), age 78, female").
 */

import type { ClinicalEvent, LabResult, Sex } from "../../contracts/model.js";
import type { KidneyFunction } from "../../contracts/report.js";
import type { ManagementFactRules } from "../../knowledge/management.js";
import { calendarDate } from "../dates.js";
import type { ClearanceInput } from "./clearance.js";

/** What engine/assess.ts `kidneyFunction` read: each part undefined when it was not the one used. */
export interface KidneyReadingParts {
  readonly rule: ManagementFactRules["severe-renal-impairment"];
  /** Kidney failures charted and current at the evaluation. */
  readonly failure: readonly ClinicalEvent[];
  /** The charted creatinine clearance, when it is the clearance read. */
  readonly charted: LabResult | undefined;
  /** The latest creatinine (censored or not). */
  readonly creatinine: LabResult | undefined;
  /** The body weight the Cockcroft–Gault clearance took (of the weight window, uncensored). */
  readonly weight: LabResult | undefined;
  /** Age in whole years at the creatinine's date. */
  readonly age: number | undefined;
  readonly sex: Sex | undefined;
  /** The Cockcroft–Gault clearance, when it is the clearance read. */
  readonly clearance: number | undefined;
  /** What the Cockcroft–Gault clearance lacked. */
  readonly missing: readonly ClearanceInput[] | undefined;
  /** The charted eGFR read in place of a clearance. */
  readonly standIn: LabResult | undefined;
  /** The CKD-EPI 2021 eGFR read in place of a clearance (only below the cut-off). */
  readonly egfr: number | undefined;
  /** The height the child's bedside Schwartz eGFR took (of the height window, uncensored). */
  readonly height?: LabResult | undefined;
  /** A child's bedside Schwartz eGFR, when it is the kidney function read. */
  readonly childEgfr?: number | undefined;
  /** The patient is a child of the Schwartz ages: no adult equation was applied. */
  readonly child?: boolean | undefined;
  readonly severe: boolean | undefined;
}

const EGFR_UNIT = "mL/min/{1.73_m2}";

/**
 * A computed value to one decimal, rounded toward zero, with more decimals where one would show a whole number the
 * value is not: the figure shown is never on or across a whole-number cut-off the exact value is not (29.96 mL/min
 * is shown as 29.9, below 30 as the plans read it; 50.04 as 50.04, above the edoxaban line's 50).
 *
 * @example
 * shownValue(29.96); // "29.9"
 */
export function shownValue(v: number): string {
  for (let d = 1; d <= 6; d++) {
    const t = Math.trunc(v * 10 ** d) / 10 ** d;
    if (t === v || !Number.isInteger(t)) return String(t);
  }
  return String(v);
}

const MISSING_WORDS: Readonly<Record<ClearanceInput, string>> = {
  age: "an adult age (no birth date on record, or under 18)",
  sex: "the sex",
  weight: "a body weight of the last 90 days",
  creatinine: "a serum creatinine (an uncensored one)",
  height: "a height charted in the last 90 days",
};

/**
 * The report's reading of the kidney function, or undefined when the record holds no creatinine, clearance,
 * eGFR or kidney failure.
 *
 * @example
 * kidneyReading(parts).detail; // "Cockcroft–Gault creatinine clearance 24.2 mL/min from creatinine 2.6 mg/dL on 2026-11-02, …"
 */
export function kidneyReading(p: KidneyReadingParts): KidneyFunction | undefined {
  const { rule, creatinine, weight, height, age, sex } = p;
  const day = (l: { readonly at: string }) => calendarDate(l.at);
  const creatinineText =
    creatinine === undefined
      ? undefined
      : `creatinine ${creatinine.comparator ?? ""}${creatinine.value} mg/dL on ${day(creatinine)}`;
  const inputsText = [
    creatinineText,
    weight?.value === undefined ? undefined : `weight ${weight.value} kg (${day(weight)})`,
    height?.value === undefined ? undefined : `height ${height.value} cm (${day(height)})`,
    age === undefined ? undefined : `age ${age}`,
    sex === "female" || sex === "male" ? sex : undefined,
  ].filter((t): t is string => t !== undefined);
  const inputs = {
    ...(creatinine?.value !== undefined && !creatinine.comparator
      ? { creatinine: creatinine.value, creatinineAt: creatinine.at }
      : {}),
    ...(weight?.value !== undefined ? { weight: weight.value, weightAt: weight.at } : {}),
    ...(height?.value !== undefined ? { height: height.value, heightAt: height.at } : {}),
    ...(age !== undefined ? { age } : {}),
    ...(sex !== undefined ? { sex } : {}),
  };
  const lacking =
    p.missing !== undefined && p.missing.length > 0
      ? p.child
        ? `a child's kidney function cannot be estimated: the adult equations (Cockcroft–Gault, CKD-EPI) are not applied under ${rule.cockcroftGault.adultFrom}, and the bedside Schwartz eGFR needs ${p.missing.map((m) => MISSING_WORDS[m]).join(", ")}`
        : `Cockcroft–Gault not computed: it needs ${p.missing.map((m) => MISSING_WORDS[m]).join(", ")}`
      : undefined;
  let body: Omit<KidneyFunction, "detail" | "evidence" | "sourceIds"> & { readonly text: string };
  const evidence: string[] = [];
  if (p.charted?.value !== undefined) {
    evidence.push(p.charted.ref);
    body = {
      method: "charted-clearance",
      value: p.charted.value,
      unit: "mL/min",
      at: p.charted.at,
      text: `creatinine clearance ${p.charted.value} mL/min charted on ${day(p.charted)}`,
    };
  } else if (p.clearance !== undefined && creatinine !== undefined) {
    evidence.push(creatinine.ref, ...(weight ? [weight.ref] : []));
    body = {
      method: "cockcroft-gault",
      value: p.clearance,
      unit: "mL/min",
      at: creatinine.at,
      inputs,
      text: `Cockcroft–Gault creatinine clearance ${shownValue(p.clearance)} mL/min from ${inputsText.join(", ")}`,
    };
  } else if (p.childEgfr !== undefined && creatinine !== undefined) {
    evidence.push(creatinine.ref, ...(height ? [height.ref] : []));
    body = {
      method: "bedside-schwartz",
      value: p.childEgfr,
      unit: EGFR_UNIT,
      at: creatinine.at,
      inputs,
      text: `bedside Schwartz eGFR ${shownValue(p.childEgfr)} mL/min/1.73 m² (a child: 0.413 × height / creatinine) from ${inputsText.filter((t) => !t.startsWith("weight")).join(", ")}, read in place of a creatinine clearance`,
    };
  } else if (p.standIn?.value !== undefined) {
    evidence.push(p.standIn.ref);
    body = {
      method: "charted-egfr",
      value: p.standIn.value,
      unit: EGFR_UNIT,
      at: p.standIn.at,
      ...(p.missing !== undefined && p.missing.length > 0 ? { missing: [...p.missing] } : {}),
      text: `eGFR ${p.standIn.value} mL/min/1.73 m² charted on ${day(p.standIn)}, read in place of a creatinine clearance${lacking === undefined ? "" : ` (${lacking})`}`,
    };
  } else if (p.egfr !== undefined && creatinine !== undefined) {
    evidence.push(creatinine.ref);
    body = {
      method: "ckd-epi-2021",
      value: p.egfr,
      unit: EGFR_UNIT,
      at: creatinine.at,
      inputs,
      ...(p.missing !== undefined && p.missing.length > 0 ? { missing: [...p.missing] } : {}),
      text: `CKD-EPI 2021 eGFR ${shownValue(p.egfr)} mL/min/1.73 m² from ${inputsText.filter((t) => !t.startsWith("weight")).join(", ")}, read in place of a creatinine clearance${lacking === undefined ? "" : ` (${lacking})`}`,
    };
  } else if (creatinine !== undefined || p.failure.length > 0) {
    if (creatinine !== undefined)
      evidence.push(creatinine.ref, ...(weight ? [weight.ref] : []), ...(height ? [height.ref] : []));
    body = {
      method: "none",
      ...(creatinine !== undefined ? { inputs } : {}),
      ...(p.missing !== undefined && p.missing.length > 0 ? { missing: [...p.missing] } : {}),
      text:
        creatinine === undefined
          ? "no creatinine, creatinine clearance or eGFR on record"
          : `no creatinine clearance or eGFR: ${lacking ?? "Cockcroft–Gault not computed"}; inputs on record: ${inputsText.join(", ")}`,
    };
  } else return undefined;
  const failure = p.failure[0];
  if (failure !== undefined) evidence.unshift(...p.failure.map((e) => e.ref));
  const prefix =
    failure === undefined
      ? ""
      : `Kidney failure charted (${failure.text ?? "dialysis, end-stage or stage 5 CKD"}, from ${day(failure)}): severe renal impairment whatever the value. `;
  const { text, ...rest } = body;
  const unit = rest.unit === EGFR_UNIT ? " mL/min/1.73 m²" : rest.unit === undefined ? "" : ` ${rest.unit}`;
  const verdict =
    failure !== undefined || p.severe === undefined
      ? ""
      : p.severe
        ? ` — below ${rule.below}${unit}: severe renal impairment as the plans read it`
        : ` — ${rule.below}${unit} or more`;
  // A sentence's first letter capitalised, but not eGFR's.
  const opening = text.startsWith("eGFR") ? text : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  const detail = `${prefix}${opening}${verdict}.`;
  return {
    ...rest,
    ...(failure !== undefined ? { kidneyFailure: true as const } : {}),
    ...(p.severe !== undefined ? { severe: p.severe } : {}),
    detail,
    evidence,
    // A child's reading names the bedside Schwartz source; an adult's does not.
    sourceIds: [...rule.sourceIds, ...(p.child ? rule.bedsideSchwartz.sourceIds : [])],
  };
}
