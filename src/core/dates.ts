/**
 * Date arithmetic on ISO 8601 text without the process time zone: instants compare as UTC milliseconds,
 * calendar days come from the date part as written (the clinical day where the record was made).
 */
import type { IsoDateTime } from "./model.js";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** Milliseconds since the epoch; a date without time counts as midnight UTC of that date. */
export function instant(iso: IsoDateTime): number {
  return Date.parse(DATE_ONLY.test(iso) ? `${iso}T00:00:00Z` : iso);
}

/** True for a complete ISO date or date-time that parses (a time without offset is read as UTC). */
export function isValidIso(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(iso)) return false;
  // Date.parse rolls 2024-02-30 over to March 1st: the calendar date must survive the round trip.
  const day = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  return (
    Number.isFinite(day) &&
    new Date(day).toISOString().slice(0, 10) === iso.slice(0, 10) &&
    Number.isFinite(instant(normalizeIso(iso)))
  );
}

/** A date-time without an offset is read as UTC so that no result depends on the machine's zone. */
export function normalizeIso(iso: string): IsoDateTime {
  if (DATE_ONLY.test(iso) || /(Z|[+-]\d{2}:\d{2})$/.test(iso)) return iso;
  return `${iso}Z`;
}

/** The calendar date as written in the record (`2024-03-01T23:30:00-05:00` → `2024-03-01`). */
export function calendarDate(iso: IsoDateTime): string {
  return iso.slice(0, 10);
}

/** Whole calendar days from `from` to `to` (day of first dose = 0). */
export function daysBetween(from: IsoDateTime, to: IsoDateTime): number {
  return Math.round(
    (Date.parse(`${calendarDate(to)}T00:00:00Z`) - Date.parse(`${calendarDate(from)}T00:00:00Z`)) /
      MS_PER_DAY,
  );
}

/** Hours from `from` to `to` as instants. */
export function hoursBetween(from: IsoDateTime, to: IsoDateTime): number {
  return (instant(to) - instant(from)) / 3_600_000;
}

/** Sort key order for ISO text by instant. */
export function byInstant<T extends { readonly at: IsoDateTime }>(a: T, b: T): number {
  return instant(a.at) - instant(b.at);
}
