/**
 * Date arithmetic on ISO 8601 text without the process time zone: instants compare as UTC milliseconds,
 * calendar days come from the date part as written (the clinical day where the record was made).
 */
import type { IsoDateTime } from "../contracts/model.js";
import { boundedMemo } from "./memo.js";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** Milliseconds in a day of 24 hours. */
export const MS_PER_DAY = 86_400_000;

/** Digits of `s` from `i` to `j` as a number, or NaN if any is not a digit. */
function digits(s: string, i: number, j: number): number {
  let n = 0;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Milliseconds since the epoch; a date without time counts as midnight UTC of that date, a date-time
 * without offset as UTC. The common ISO 8601 shapes are read field by field (this runs millions of
 * times per cohort); anything else falls back to Date.parse.
 */
export function instant(iso: IsoDateTime): number {
  return parsedInstant(iso);
}

// The same timestamps are compared many times per patient: each is parsed once.
const PARSED_MAX = 65_536;
const parsedInstant = boundedMemo(parseInstant, PARSED_MAX);

/**
 * Date.UTC(year, month - 1, day, h, min, sec, ms) by arithmetic on the proleptic Gregorian calendar
 * (days from civil, H. Hinnant), with Date.UTC's reading of years 0–99 as 1900–1999 and its carry of
 * months beyond 1–12 and of days beyond the month. The same numbers for every input of `parseInstant`
 * (integers of at most four digits, or NaN, which propagates); about three times faster than Date.UTC.
 */
function utc(
  year: number,
  month: number,
  day: number,
  h: number,
  min: number,
  sec: number,
  ms: number,
): number {
  const m0 = month - 1;
  const carry = Math.floor(m0 / 12);
  const mon = m0 - carry * 12 + 1; // 1–12
  // Years counted from March, so that the leap day ends the year.
  const y = (year >= 0 && year <= 99 ? 1900 + year : year) + carry - (mon <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return days * MS_PER_DAY + h * 3_600_000 + min * 60_000 + sec * 1000 + ms;
}

function parseInstant(iso: string): number {
  const n = iso.length;
  if (n === 10) return utc(digits(iso, 0, 4), digits(iso, 5, 7), digits(iso, 8, 10), 0, 0, 0, 0);
  if (n >= 16 && iso.charCodeAt(10) === 84 /* T */) {
    let i = 16;
    let sec = 0;
    let ms = 0;
    if (iso.charCodeAt(16) === 58 /* : */) {
      sec = digits(iso, 17, 19);
      i = 19;
      if (iso.charCodeAt(19) === 46 /* . */) {
        let j = 20;
        while (j < n && iso.charCodeAt(j) >= 48 && iso.charCodeAt(j) <= 57) j++;
        const end = Math.min(j, 23); // milliseconds: the first three fraction digits, as Date.parse
        ms = digits(iso, 20, end) * 10 ** (3 - (end - 20));
        i = j;
      }
    }
    let offset = 0;
    const z = iso.charCodeAt(i);
    if (z === 43 /* + */ || z === 45 /* - */) {
      if (n !== i + 6) return Date.parse(iso);
      offset = (z === 43 ? 1 : -1) * (digits(iso, i + 1, i + 3) * 60 + digits(iso, i + 4, i + 6));
    } else if (!(i === n || (z === 90 /* Z */ && i === n - 1))) return Date.parse(iso);
    const t = utc(
      digits(iso, 0, 4),
      digits(iso, 5, 7),
      digits(iso, 8, 10),
      digits(iso, 11, 13),
      digits(iso, 14, 16),
      sec,
      ms,
    );
    return t - offset * 60_000;
  }
  return Date.parse(iso);
}

/** True for a date without a time (`2024-03-01`): the day is known, the time within it is not. */
export function isDateOnly(iso: IsoDateTime): boolean {
  return DATE_ONLY.test(iso);
}

/** True for a complete ISO date or date-time that parses (a time without offset is read as UTC). */
export function isValidIso(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(iso)) return false;
  // Date.parse rolls 2024-02-30 over to March 1st: the day must exist in its month, the time in its day.
  const y = digits(iso, 0, 4);
  const m = digits(iso, 5, 7);
  const d = digits(iso, 8, 10);
  // Seconds up to 60: FHIR's dateTime allows a leap second (read as the next second); 61–99 are entry errors.
  const secondsOk = iso.charCodeAt(16) !== 58 /* : */ || digits(iso, 17, 19) <= 60;
  const timeOk = iso.length === 10 || (digits(iso, 11, 13) <= 23 && digits(iso, 14, 16) <= 59 && secondsOk);
  return (
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m) &&
    timeOk &&
    hasRealOffset(iso) &&
    Number.isFinite(parseInstant(iso))
  );
}

/**
 * Days in month `m` (1–12) of year `y` as Date.UTC counts them (it reads years 0–99 as 1900–1999), by
 * arithmetic: this runs for every date of the input, and a Date object per call is the cost.
 */
export function daysInMonth(y: number, m: number): number {
  if (m !== 2) return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  const year = y >= 0 && y <= 99 ? 1900 + y : y;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const OFFSET = /([+-])(\d{2}):(\d{2})$/;

/**
 * The time-zone offset, when there is one, is one the world uses: within ±14:00 (UTC−12 to UTC+14 are in
 * use; ISO 8601 and FHIR allow no more) with minutes below 60. `+23:00` is an entry error, not a zone.
 */
export function hasRealOffset(iso: string): boolean {
  const m = iso.length > 10 ? OFFSET.exec(iso) : null;
  if (m === null) return true;
  const minutes = digits(m[2] as string, 0, 2) * 60 + digits(m[3] as string, 0, 2);
  return digits(m[3] as string, 0, 2) < 60 && minutes <= 14 * 60;
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
  return calendarDay(to) - calendarDay(from);
}

/** Days since the epoch of the calendar date as written (memoised like `instant`). */
export function calendarDay(iso: IsoDateTime): number {
  return dayOf(iso);
}

const dayOf = boundedMemo((iso: string) => {
  // The date part read as `instant` reads a 10-character date, without memoising the slice.
  const ms =
    iso.length >= 10
      ? utc(digits(iso, 0, 4), digits(iso, 5, 7), digits(iso, 8, 10), 0, 0, 0, 0)
      : instant(calendarDate(iso));
  return Math.round(ms / MS_PER_DAY);
}, PARSED_MAX);

/** Sort key order for ISO text by instant. */
export function byInstant<T extends { readonly at: IsoDateTime }>(a: T, b: T): number {
  return instant(a.at) - instant(b.at);
}

/**
 * A copy of `items` sorted as `.sort(byInstant)` sorts it (the same comparisons, so the same order, ties
 * kept in input order), each instant read once instead of twice per comparison.
 */
export function sortedByInstant<T extends { readonly at: IsoDateTime }>(items: Iterable<T>): T[] {
  const keyed = Array.from(items, (item) => ({ t: instant(item.at), item }));
  keyed.sort((a, b) => a.t - b.t);
  return keyed.map((k) => k.item);
}
