/**
 * Dates of source records: validated, normalized to an offset-carrying ISO string (a time without offset
 * is read as UTC, never as the machine's zone) and checked against the evaluation time.
 */
import { daysInMonth, hasRealOffset, instant, isValidIso, normalizeIso } from "../engine/dates.js";
import { quoteInput } from "./quote.js";

/** A birth date as FHIR allows it: year, year-month or full date. */
export const BIRTH_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export type DateCheck =
  | { readonly ok: true; readonly at: string }
  | { readonly ok: false; readonly code: "invalid-date" | "future-date"; readonly reason: string };

/**
 * Checks one date field. `evaluatedAtMs` is the evaluation instant in epoch milliseconds.
 * @example
 * checkDate("2024-03-01T10:00:00", "effectiveDateTime", Date.parse("2025-01-01T00:00:00Z"));
 * // { ok: true, at: "2024-03-01T10:00:00Z" }
 */
export function checkDate(value: unknown, field: string, evaluatedAtMs: number): DateCheck {
  if (typeof value !== "string" || !isValidIso(value) || !isCalendarDate(value)) {
    const shown = typeof value === "string" ? quoteInput(value) : String(value);
    const why =
      typeof value === "string" && !hasRealOffset(value)
        ? "has a time-zone offset outside ±14:00"
        : "is not a complete ISO 8601 date or date-time";
    return { ok: false, code: "invalid-date", reason: `${field} ${shown} ${why}` };
  }
  const at = normalizeIso(value);
  if (instant(at) > evaluatedAtMs) {
    return { ok: false, code: "future-date", reason: `${field} ${value} is after the evaluation time` };
  }
  return { ok: true, at };
}

/**
 * The date part names a real day (Date.parse rolls 2024-02-30 over to 1 March instead of failing), in a
 * year Date.UTC keeps as written (it reads 0–99 as 1900–1999). By arithmetic, not a Date per call.
 */
function isCalendarDate(iso: string): boolean {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return y >= 100 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** The first present candidate (in the order given) and the name of its field. */
export function firstDate(
  candidates: readonly (readonly [field: string, value: unknown])[],
): { readonly field: string; readonly value: unknown } | undefined {
  for (const [field, value] of candidates) if (value !== undefined && value !== null) return { field, value };
  return undefined;
}

/** The evaluation time in epoch milliseconds; throws on an invalid value (a caller error, not input). */
export function evaluationInstant(evaluatedAt: string): number {
  if (!isValidIso(evaluatedAt))
    throw new RangeError(`evaluatedAt ${quoteInput(evaluatedAt)} is not an ISO 8601 date-time`);
  return instant(normalizeIso(evaluatedAt));
}
