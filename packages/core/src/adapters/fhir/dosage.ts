/**
 * The daily dose of a draft medication order, read from its `dosageInstruction` (FHIR R4 Dosage:
 * `doseAndRate[].doseQuantity` and `timing`), in the unit a knowledge bound is written in. Used by the
 * order-sign service to tell a prophylactic dose of an anticoagulant from a higher one.
 *
 * What is read: the first `doseQuantity` of each instruction (a `doseRange` reads its `high`), its unit
 * through UCUM (NLM ucum-lhc: `g`, `ug`, `mg`), heparin units written `U`, `IU`, `[iU]`, `units` or
 * `unit` as international units; the frequency from `timing.repeat` (`frequency` per `period`
 * `periodUnit`, with `frequencyMax` when given, for the most a day) or from `timing.code`
 * (`QD`, `BID`, `TID`, `QID`, `Q4H`, `Q6H`, `Q8H`, `Q12H`, `QOD`, `AM`, `PM`). Instructions of one
 * `sequence` (or of none) are given together and are added up; sequences follow each other, and the
 * largest day counts. A dose given less than once a day counts as its whole amount on the day it is given.
 * A rate (an infusion in units an hour), a missing dose or unit, a unit of another kind (`mL`, `mg/kg`)
 * or an instruction with no frequency leaves the dose unread, with the reason: it is never guessed.
 */
import { ucum } from "../units.js";
import { isRecord } from "./input.js";

/** What the draft's dosage says a day, or why it could not be read. */
export type DailyDose =
  | {
      readonly read: true;
      readonly perDay: number;
      readonly unit: string;
      readonly text: string;
      /** The most administrations in a day (of the sequence read as the largest day, or any). */
      readonly timesPerDay: number;
    }
  | { readonly read: false; readonly reason: string };

/** Heparin and LMWH doses are international units however they are spelled on an order. */
const INTERNATIONAL_UNITS = new Set(["u", "iu", "[iu]", "unit", "units", "[iu]/dose", "iu/dose"]);

/** Administrations a day of the HL7 timing abbreviations (a dose given less often counts as one a day). */
const TIMING_CODES: Readonly<Record<string, number>> = {
  QD: 1,
  AM: 1,
  PM: 1,
  QOD: 1,
  BID: 2,
  TID: 3,
  QID: 4,
  Q4H: 6,
  Q6H: 4,
  Q8H: 3,
  Q12H: 2,
};
const HOURS: Readonly<Record<string, number>> = {
  s: 1 / 3600,
  min: 1 / 60,
  h: 1,
  d: 24,
  wk: 168,
  mo: 720,
  a: 8760,
};

function finite(x: unknown): number | undefined {
  return typeof x === "number" && Number.isFinite(x) ? x : undefined;
}

/** `amount` of `from` in `to`, or undefined when the units are not of one kind. */
function convert(amount: number, from: string, to: string): number | undefined {
  const sent = from.trim().replace(/[µμ]/g, "u");
  const intl = (u: string) => INTERNATIONAL_UNITS.has(u.toLowerCase());
  if (intl(sent) || intl(to)) return intl(sent) && intl(to) ? amount : undefined;
  if (sent === to) return amount;
  try {
    const out = ucum().convertUnitTo(sent, amount, to, {});
    return out.status === "succeeded" ? (finite(out.toVal) ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

/** Administrations a day, the most the timing allows, or the reason none can be read. */
function perDay(timing: unknown): number | string {
  if (!isRecord(timing)) return "no timing";
  const repeat = isRecord(timing.repeat) ? timing.repeat : undefined;
  const period = finite(repeat?.period);
  const unit = typeof repeat?.periodUnit === "string" ? HOURS[repeat.periodUnit] : undefined;
  const frequency = finite(repeat?.frequencyMax) ?? finite(repeat?.frequency) ?? 1;
  if (period !== undefined && period > 0 && unit !== undefined && frequency > 0)
    return Math.max(1, (frequency * 24) / (period * unit));
  const code = isRecord(timing.code) ? timing.code : undefined;
  const codes = [
    ...(Array.isArray(code?.coding) ? code.coding : []).map((c) => (isRecord(c) ? c.code : undefined)),
    code?.text,
  ];
  for (const c of codes) {
    const n = typeof c === "string" ? TIMING_CODES[c.trim().toUpperCase()] : undefined;
    if (n !== undefined) return n;
  }
  return "no frequency";
}

/** One instruction's amount a day in `unit` and its administrations a day, or the reason it cannot be read. */
function instructionDose(dosage: unknown, unit: string): { amount: number; times: number } | string {
  if (!isRecord(dosage)) return "no dosage";
  const rates = Array.isArray(dosage.doseAndRate) ? dosage.doseAndRate.filter(isRecord) : [];
  const rate = rates.find((r) => isRecord(r.doseQuantity) || isRecord(r.doseRange));
  if (rate === undefined)
    return rates.some((r) => r.rateQuantity !== undefined || r.rateRatio !== undefined)
      ? "a rate, not a dose"
      : "no dose";
  const quantity = isRecord(rate.doseQuantity)
    ? rate.doseQuantity
    : isRecord(rate.doseRange) && isRecord(rate.doseRange.high)
      ? rate.doseRange.high
      : undefined;
  const value = finite(quantity?.value);
  const sent =
    typeof quantity?.code === "string"
      ? quantity.code
      : typeof quantity?.unit === "string"
        ? quantity.unit
        : "";
  if (value === undefined || value <= 0) return "no dose";
  if (sent === "") return "a dose without a unit";
  const amount = convert(value, sent, unit);
  if (amount === undefined)
    return `a dose in ${sent.slice(0, 20)}, not in ${unit === "[iU]" ? "units" : unit}`;
  const times = perDay(dosage.timing);
  return typeof times === "string" ? times : { amount: amount * times, times };
}

/**
 * The daily dose of `dosageInstruction` in `unit` (`mg` or `[iU]`).
 * @example
 * dailyDose([{ doseAndRate: [{ doseQuantity: { value: 40, unit: "mg" } }], timing: { code: { text: "BID" } } }], "mg");
 * // { read: true, perDay: 80, unit: "mg", text: "80 mg a day", timesPerDay: 2 }
 */
export function dailyDose(dosageInstruction: unknown, unit: string): DailyDose {
  const list = Array.isArray(dosageInstruction) ? dosageInstruction : [];
  if (list.length === 0) return { read: false, reason: "the draft gives no dose" };
  const bySequence = new Map<number | undefined, { amount: number; times: number }>();
  for (const dosage of list) {
    const dose = instructionDose(dosage, unit);
    if (typeof dose === "string")
      return { read: false, reason: `the draft's dose could not be read (${dose})` };
    const sequence = isRecord(dosage) ? finite(dosage.sequence) : undefined;
    const day = bySequence.get(sequence) ?? { amount: 0, times: 0 };
    bySequence.set(sequence, { amount: day.amount + dose.amount, times: day.times + dose.times });
  }
  const days = [...bySequence.values()];
  const most = Number(Math.max(...days.map((d) => d.amount)).toPrecision(12));
  const timesPerDay = Math.max(...days.map((d) => d.times));
  const shown = unit === "[iU]" ? "units" : unit;
  return { read: true, perDay: most, unit, text: `${most} ${shown} a day`, timesPerDay };
}

/** A dose as the records keep it (contracts/model.ts ContextDrug `dose`). */
export interface RecordDose {
  readonly amount: number;
  readonly unit: "mg" | "[iU]";
  readonly perDay?: number;
}

/**
 * One dose (a FHIR Quantity, or a CSV row's value and unit) in `mg` for a mass or `[iU]` for international units;
 * undefined for no positive amount, or a unit of another kind (`mL`, `mg/kg`): it is never guessed.
 * @example
 * doseQuantity({ value: 0.04, unit: "g" }); // { amount: 40, unit: "mg" }
 * doseQuantity({ value: 1, unit: "mg/kg" }); // undefined
 */
export function doseQuantity(quantity: unknown): { amount: number; unit: "mg" | "[iU]" } | undefined {
  if (!isRecord(quantity)) return undefined;
  const value = finite(quantity.value);
  const sent =
    typeof quantity.code === "string"
      ? quantity.code
      : typeof quantity.unit === "string"
        ? quantity.unit
        : "";
  if (value === undefined || value <= 0 || sent.trim() === "") return undefined;
  for (const unit of ["mg", "[iU]"] as const) {
    const amount = convert(value, sent, unit);
    if (amount !== undefined) return { amount: Number(amount.toPrecision(12)), unit };
  }
  return undefined;
}

/**
 * The dose a medication record gives: an administration's `dosage.dose`; an order's `dosageInstruction` or a
 * statement's `dosage`, its first dose with what its timing adds up to in a day (as `dailyDose` reads it). Undefined
 * when none can be read — an order whose day cannot be read gives none, so a dose without `perDay` is always one
 * administration's.
 * @example
 * recordDose("MedicationAdministration", { dosage: { dose: { value: 40, unit: "mg" } } }); // { amount: 40, unit: "mg" }
 */
export function recordDose(type: string, resource: unknown): RecordDose | undefined {
  if (!isRecord(resource)) return undefined;
  if (type === "MedicationAdministration")
    return isRecord(resource.dosage) ? doseQuantity(resource.dosage.dose) : undefined;
  const list = type === "MedicationRequest" ? resource.dosageInstruction : resource.dosage;
  const first = Array.isArray(list) && isRecord(list[0]) ? list[0] : undefined;
  const rate = Array.isArray(first?.doseAndRate)
    ? first.doseAndRate.find((r) => isRecord(r) && isRecord(r.doseQuantity))
    : undefined;
  const single = isRecord(rate) ? doseQuantity(rate.doseQuantity) : undefined;
  if (single === undefined) return undefined;
  const day = dailyDose(list, single.unit);
  return day.read ? { ...single, perDay: day.perDay } : undefined;
}
