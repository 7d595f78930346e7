/**
 * Dates of source records: validated, normalized to an offset-carrying ISO string (a time without offset
 * is read as UTC, never as the machine's zone) and checked against the evaluation time.
 */
import { daysInMonth, hasRealOffset, instant, isValidIso, normalizeIso } from "../engine/dates.js";
import { quoteInput } from "./quote.js";

/** A birth date as FHIR allows it: year, year-month or full date. */
export const BIRTH_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * A date-time whose offset lacks its colon (`2024-03-01T08:30:00-0500`). FHIR's dateTime and instant
 * require `-05:00`, so a FHIR resource so written is refused with that reason (as a quoted number in a
 * valueQuantity is): the sender's export is not FHIR and is fixed there; the CSV reads it (see csv/rows.ts).
 */
const COLONLESS_OFFSET = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?[+-]\d{4}$/;

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
      typeof value === "string" && COLONLESS_OFFSET.test(value)
        ? `writes its time-zone offset without a colon (${value.slice(-5)}): FHIR and ISO 8601's extended format write ${value.slice(-5, -2)}:${value.slice(-2)}`
        : typeof value === "string" && !hasRealOffset(value)
          ? "has a time-zone offset outside ±14:00"
          : ((typeof value === "string" ? partialDate(value) : undefined) ??
            "is not a complete ISO 8601 date or date-time");
    return { ok: false, code: "invalid-date", reason: `${field} ${shown} ${why}` };
  }
  const at = normalizeIso(value);
  if (instant(at) > evaluatedAtMs) {
    return { ok: false, code: "future-date", reason: `${field} ${value} is after the evaluation time` };
  }
  return { ok: true, at };
}

/** A month without its day, as ISO 8601 (`2024-05`) or written month first (`05/2024`, `5.2024`). */
const MONTH_ONLY = /^(?:(\d{4})-(0[1-9]|1[0-2])|(0?[1-9]|1[0-2])[/.-](\d{4}))$/;
const YEAR_ONLY = /^\d{4}$/;

/**
 * Why a date known only to its month or year (`2024-05`, `05/2024`, `2024`) is refused, or undefined when
 * `value` is not one. A result, a dose or an event is placed by its day: a lab's day orders it against
 * the others, and the time from a first dose to an onset, a bleed or a transfusion is counted in days
 * against windows of days; a day chosen within the month (the 1st? the 15th?) could move a record across a
 * window, so it is not chosen. Only a birth or a death is kept to the month or year (checkYearOrMonth).
 */
function partialDate(value: string): string | undefined {
  const m = MONTH_ONLY.exec(value.trim());
  if (m !== null) {
    const month = `${m[1] ?? m[4]}-${(m[2] ?? m[3] ?? "").padStart(2, "0")}`;
    return `gives the month (${month}) but not the day: a result, dose or event is placed by its day (time from a dose is counted in days), and a day is not guessed; write YYYY-MM-DD`;
  }
  if (YEAR_ONLY.test(value.trim()))
    return "gives the year but not the day: a result, dose or event is placed by its day (time from a dose is counted in days), and a day is not guessed; write YYYY-MM-DD";
  return undefined;
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

/** A FHIR dateTime known only to the year or month (`2024`, `2024-03`), as a death or birth may be. */
const YEAR_OR_MONTH = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

/**
 * Checks a date known only to the year or month (kept as written); undefined when `value` is not one, so
 * that the caller checks it as a full date. A period that starts after the evaluation is in the future.
 * @example
 * checkYearOrMonth("2024-03", "deceasedDateTime", Date.parse("2025-01-01T00:00:00Z")); // { ok: true, at: "2024-03" }
 * checkYearOrMonth("2024-03-01", "deceasedDateTime", 0); // undefined
 */
export function checkYearOrMonth(
  value: unknown,
  field: string,
  evaluatedAtMs: number,
): DateCheck | undefined {
  if (typeof value !== "string" || !YEAR_OR_MONTH.test(value)) return undefined;
  const start = Date.parse(`${value.length === 4 ? `${value}-01-01` : `${value}-01`}T00:00:00Z`);
  if (Number.isNaN(start) || Number(value.slice(0, 4)) < 100)
    return { ok: false, code: "invalid-date", reason: `${field} ${quoteInput(value)} is not a date` };
  if (start > evaluatedAtMs)
    return { ok: false, code: "future-date", reason: `${field} ${value} is after the evaluation time` };
  return { ok: true, at: value };
}

/**
 * Checks a birth date as FHIR allows it (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, no time): a real month and day
 * (`1970-02-30` and `1970-13` are no dates; the pattern alone let them through and the age was computed
 * from them), a year from 100 on, and not after the evaluation (a patient not yet born has no age: an age
 * below zero would read as a child's and change the plan). A partial date is after the evaluation only
 * when all of its year or month is.
 * @example
 * checkBirthDate("1958-07", "birthDate", Date.parse("2025-01-01T00:00:00Z")); // { ok: true, at: "1958-07" }
 * checkBirthDate("1970-02-30", "birthDate", Date.parse("2025-01-01T00:00:00Z")).ok; // false
 */
export function checkBirthDate(value: unknown, field: string, evaluatedAtMs: number): DateCheck {
  const shown = typeof value === "string" ? quoteInput(value) : String(value);
  if (typeof value !== "string" || !BIRTH_DATE.test(value))
    return {
      ok: false,
      code: "invalid-date",
      reason: `${field} ${shown} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`,
    };
  const known = checkYearOrMonth(value, field, evaluatedAtMs);
  if (known !== undefined) return known;
  if (!isCalendarDate(value))
    return { ok: false, code: "invalid-date", reason: `${field} ${shown} is not a date of the calendar` };
  if (Date.parse(`${value}T00:00:00Z`) > evaluatedAtMs)
    return { ok: false, code: "future-date", reason: `${field} ${value} is after the evaluation time` };
  return { ok: true, at: value };
}

/**
 * The earliest of a FHIR Timing's `event` times (unvalidated JSON), with its position in the list: the
 * date of a record scheduled or done at given times. Times that are no date are left to the date check
 * (the first listed is taken when none reads), so an unreadable one is refused with its reason.
 * @example
 * earliestEvent({ event: ["2024-02-22", "2024-02-01"] }); // { index: 1, value: "2024-02-01" }
 * earliestEvent({ repeat: { frequency: 1 } }); // undefined
 */
export function earliestEvent(
  timing: unknown,
): { readonly index: number; readonly value: string } | undefined {
  const events =
    timing !== null && typeof timing === "object" ? (timing as { event?: unknown }).event : undefined;
  if (!Array.isArray(events)) return undefined;
  let best: { index: number; value: string; ms: number } | undefined;
  for (const [index, e] of events.entries()) {
    if (typeof e !== "string") continue;
    const parsed = Date.parse(e);
    const ms = Number.isNaN(parsed) ? Number.POSITIVE_INFINITY : parsed;
    if (best === undefined || ms < best.ms) best = { index, value: e, ms };
  }
  return best === undefined ? undefined : { index: best.index, value: best.value };
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

/**
 * Whether a record dated `at` is after a death dated `death` (a year, a month, a day, or a date-time).
 * A death known to the day, month or year covers all of it, and a record known only to the day is
 * compared by its day: a result on the day of death is never after it unless both carry times. Days are
 * read as written (`2025-02-10T23:30:00-05:00` is on 10 February), as elsewhere in the adapters.
 * @example
 * isAfterDeath("2025-02-11T08:00:00Z", "2025-02-10"); // true
 * isAfterDeath("2025-02-10T23:00:00Z", "2025-02-10"); // false: the same day
 * isAfterDeath("2025-02-10T15:00:00+01:00", "2025-02-10T14:00:00+01:00"); // true
 * isAfterDeath("2025-03-01", "2025-02"); // true
 */
export function isAfterDeath(at: string, death: string): boolean {
  const timed = (s: string) => s.length > 10;
  if (timed(at) && timed(death)) return instant(normalizeIso(at)) > instant(normalizeIso(death));
  const digits = Math.min(10, death.length, at.length);
  return at.slice(0, digits) > death.slice(0, digits);
}

/**
 * An onset known only as an interval of days: its first day (`at`), its last (`latest`, never after the evaluation
 * nor after a day given as `cap`, the record's own full recordedDate: an onset cannot follow its recording), and
 * how it was given, for the trace. The interval is kept, never a day guessed within it: the engine orders it
 * against the first dose whole (after, before, or undetermined when it spans the dose).
 */
export interface DayInterval {
  readonly at: string;
  readonly latest: string;
  readonly dated: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const day = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** The interval `[first, last]` capped at `cap` and the evaluation day; undefined when it starts after either. */
function capped(
  first: string,
  last: string,
  dated: string,
  cap: string | undefined,
  evaluatedAtMs: number,
): DayInterval | undefined {
  const today = new Date(evaluatedAtMs).toISOString().slice(0, 10);
  const bound = cap !== undefined && cap < today ? cap : today;
  if (first > bound) return undefined;
  const latest = last > bound ? bound : last;
  const shown = latest === last ? dated : `${dated}, no later than ${latest}`;
  return { at: first, latest, dated: shown };
}

/**
 * A date known only to its month or year (`2024-03`, `2024`) as the interval of its days.
 * @example
 * monthOrYearInterval("2024-02", undefined, Date.parse("2025-01-01T00:00:00Z"));
 * // { at: "2024-02-01", latest: "2024-02-29", dated: "onset known to the month, 2024-02" }
 */
export function monthOrYearInterval(
  value: unknown,
  cap: string | undefined,
  evaluatedAtMs: number,
): DayInterval | undefined {
  if (typeof value !== "string") return undefined;
  const m = MONTH_ONLY.exec(value.trim());
  if (m !== null) {
    const y = Number(m[1] ?? m[4]);
    const mo = Number(m[2] ?? m[3]);
    if (y < 100) return undefined;
    const name = `${pad(y, 4)}-${pad(mo)}`;
    return capped(
      day(y, mo, 1),
      day(y, mo, daysInMonth(y, mo)),
      `onset known to the month, ${name}`,
      cap,
      evaluatedAtMs,
    );
  }
  if (!YEAR_ONLY.test(value.trim())) return undefined;
  const y = Number(value.trim());
  if (y < 100) return undefined;
  return capped(day(y, 1, 1), day(y, 12, 31), `onset known to the year, ${y}`, cap, evaluatedAtMs);
}

/**
 * A record's date known only to its month or year (`2024-03`, `03/2024`, `2024`: a CSV event row's `date`) as the
 * interval of its days, capped at the evaluation day and at `cap` (the record's own end, a day: an event cannot
 * begin after it ends); or why it is no date: a year before 100, a month or year wholly after the evaluation
 * (`future-date`), or one wholly after `cap`. Undefined when `value` is neither a month nor a year, so that the
 * caller checks it as a full date.
 * @example
 * checkMonthOrYear("2024-03", "date", undefined, Date.parse("2025-01-01T00:00:00Z"));
 * // { ok: true, interval: { at: "2024-03-01", latest: "2024-03-31", dated: "onset known to the month, 2024-03" } }
 * checkMonthOrYear("2024-03-01", "date", undefined, 0); // undefined
 */
export function checkMonthOrYear(
  value: string,
  field: string,
  cap: string | undefined,
  evaluatedAtMs: number,
):
  | { readonly ok: true; readonly interval: DayInterval }
  | Extract<DateCheck, { readonly ok: false }>
  | undefined {
  const text = value.trim();
  const m = MONTH_ONLY.exec(text);
  if (m === null && !YEAR_ONLY.test(text)) return undefined;
  const interval = monthOrYearInterval(text, cap, evaluatedAtMs);
  if (interval !== undefined) return { ok: true, interval };
  if (Number(m === null ? text : (m[1] ?? m[4])) < 100)
    return { ok: false, code: "invalid-date", reason: `${field} ${quoteInput(value)} is not a date` };
  if (monthOrYearInterval(text, undefined, evaluatedAtMs) === undefined)
    return { ok: false, code: "future-date", reason: `${field} ${text} is after the evaluation time` };
  return {
    ok: false,
    code: "invalid-date",
    reason: `${field} ${quoteInput(value)} begins after the record's end, ${cap}`,
  };
}

/**
 * An onset given as the patient's age in whole years (a UCUM `a` Age) as the year of life it names, from a birth
 * date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`): from the earliest birthday of that age to the day before the latest
 * next one. Undefined without a birth date or a readable age.
 * @example
 * ageInterval({ value: 64, code: "a" }, "1960-05-10", undefined, Date.parse("2025-01-01T00:00:00Z"));
 * // { at: "2024-05-10", latest: "2025-01-01", dated: "onset given as age 64, born 1960-05-10, no later than 2025-01-01" }
 */
export function ageInterval(
  age: unknown,
  birthDate: string | undefined,
  cap: string | undefined,
  evaluatedAtMs: number,
): DayInterval | undefined {
  if (birthDate === undefined || !BIRTH_DATE.test(birthDate) || age === null || typeof age !== "object")
    return undefined;
  const { value, code, unit } = age as { value?: unknown; code?: unknown; unit?: unknown };
  const years = (code ?? unit) === "a" && typeof value === "number" && Number.isInteger(value) ? value : -1;
  if (years < 0) return undefined;
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number?, number?];
  const firstMonth = bm ?? 1;
  const lastMonth = bm ?? 12;
  const y0 = by + years;
  const y1 = by + years + 1;
  // A birthday on 29 February falls on 28 February in a common year.
  const first = day(y0, firstMonth, Math.min(bd ?? 1, daysInMonth(y0, firstMonth)));
  const next = Date.UTC(
    y1,
    lastMonth - 1,
    Math.min(bd ?? daysInMonth(y1, lastMonth), daysInMonth(y1, lastMonth)),
  );
  const last = new Date(next - (bd === undefined ? 0 : 86_400_000)).toISOString().slice(0, 10);
  return capped(first, last, `onset given as age ${years}, born ${birthDate}`, cap, evaluatedAtMs);
}
