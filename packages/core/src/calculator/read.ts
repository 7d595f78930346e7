/**
 * How a calculator reads what a form sends: each value through the engine's lab reader (UCUM conversion,
 * D-dimer basis, plausibility) at an instant of the calculator's fixed calendar, into the parts of a
 * one-patient record. Shared by the score and the CTCAE calculators.
 */

import { type LabReadContext, readLabValue } from "../adapters/lab-result.js";
import type { ClinicalEvent, ContextDrug, Exposure, IsoDateTime, LabResult } from "../contracts/model.js";
import { displayUnit } from "../engine/display.js";
import type { QuantityInput, SeriesPoint } from "../knowledge/calculators.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import type { QuantityField, SeriesField } from "./form.js";

/** A problem with one field of the input; nothing is computed while any is present. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** One value as the engine read it, in the unit the score compares. */
export interface Reading {
  readonly field: string;
  readonly lab: string;
  readonly value: number;
  readonly unit: string;
  /** The value as typed. */
  readonly original: string;
}

export const DAY_MS = 86_400_000;
/** The calculator's day 0: an arbitrary fixed date, so that the same input gives the same output. */
const DAY0_MS = Date.UTC(2024, 0, 1);
export const REF = "form";

export function stamp(day: number, hour: number): IsoDateTime {
  return new Date(DAY0_MS + day * DAY_MS + hour * 3_600_000).toISOString().replace(".000Z", "Z");
}

export interface Built {
  labs: LabResult[];
  events: ClinicalEvent[];
  exposures: Exposure[];
  contextDrugs: ContextDrug[];
  bmi?: number;
  readings: Reading[];
  errors: FieldError[];
}

function readerOf(k: Knowledge): LabReadContext {
  return { vocabulary: k.vocabulary, units: k.vocabulary.units, spellings: k.vocabulary.unitSpellings };
}

/** Reads one value with the engine's lab reader; an error names the field and the reason. */
export function readValue(
  k: Knowledge,
  field: QuantityField | SeriesField,
  q: QuantityInput | SeriesPoint,
  at: IsoDateTime,
  ref: string,
  out: Built,
): void {
  if (!field.units.includes(q.unit)) {
    out.errors.push({
      field: field.id,
      message: `${field.label}: unit ${q.unit} is not one of ${field.units.join(", ")}`,
    });
    return;
  }
  const lab = k.labCatalogue.byId.get(field.lab);
  if (!lab) throw new Error(`calculator field ${field.id} reads unknown lab ${field.lab}`);
  const limits = "upperLimit" in q || "lowerLimit" in q ? (q as QuantityInput) : undefined;
  const read = readLabValue(
    {
      ref,
      lab,
      loinc: lab.loinc[0] ?? "",
      at,
      value: {
        quantity: {
          value: q.value,
          unit: q.unit,
          ...(q.comparator !== undefined && { comparator: q.comparator }),
        },
      },
      ...(limits?.upperLimit !== undefined && { refHigh: { value: limits.upperLimit, unit: q.unit } }),
      ...(limits?.lowerLimit !== undefined && { refLow: { value: limits.lowerLimit, unit: q.unit } }),
      field: field.id,
    },
    readerOf(k),
  );
  if (!read.ok) {
    out.errors.push({ field: field.id, message: `${field.label}: ${read.rejection.reason}` });
    return;
  }
  out.labs.push(read.result);
  out.readings.push({
    field: field.id,
    lab: read.result.lab,
    value: read.result.value as number,
    unit: read.result.unit as string,
    original: `${q.comparator ?? ""}${q.value} ${displayUnit(q.unit)}`.trim(),
  });
}
