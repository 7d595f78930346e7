/**
 * FHIR dates as OMOP CDM dates: the calendar date as written (the clinical day where the record was made,
 * as the core counts days) and, for a date-time, the wall-clock time as written. OMOP date-times carry no
 * zone, so the offset is dropped rather than the time moved to UTC: the day a record falls on is kept.
 * Partial dates (`2024`, `2024-06`) are not a day and are rejected, as the core rejects them.
 */
import { isValidIso } from "@hemosentinel/core";

/** A record's day (`YYYY-MM-DD`) and, when it has a time, `YYYY-MM-DD HH:MM:SS[.fff]`. */
export interface CdmDate {
  readonly date: string;
  readonly datetime?: string;
}

const TIME = /^T(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?/;

/**
 * A FHIR date or dateTime as CDM columns, or undefined when it is not a complete, real date.
 * @example
 * cdmDate("2024-03-01T23:30:00-05:00"); // { date: "2024-03-01", datetime: "2024-03-01 23:30:00" }
 * cdmDate("2024-02-30"); // undefined
 */
export function cdmDate(value: string): CdmDate | undefined {
  if (!isValidIso(value)) return undefined;
  const date = value.slice(0, 10);
  const time = TIME.exec(value.slice(10));
  return time ? { date, datetime: `${date} ${time[1]}${time[2] ?? ":00"}` } : { date };
}

/** What a record's date fields gave: the first present one as CDM columns, or why none could be used. */
export type DatePick =
  | { readonly ok: true; readonly at: CdmDate }
  | { readonly ok: false; readonly code: "missing-date" | "invalid-date"; readonly reason: string };

/**
 * The first present candidate (in the order given), read with {@link cdmDate}.
 * @example
 * pickDate([["effectiveDateTime", undefined], ["issued", "2024-05-01T08:00:00Z"]]); // { ok: true, at: { date: "2024-05-01", … } }
 */
export function pickDate(candidates: readonly (readonly [field: string, value: unknown])[]): DatePick {
  const found = candidates.find(([, v]) => v !== undefined && v !== null);
  if (found === undefined)
    return {
      ok: false,
      code: "missing-date",
      reason: `no date: none of ${candidates.map(([f]) => f).join(", ")} is present`,
    };
  const [field, value] = found;
  const at = typeof value === "string" ? cdmDate(value) : undefined;
  if (at === undefined)
    return {
      ok: false,
      code: "invalid-date",
      reason: `${field} ${JSON.stringify(value).slice(0, 60)} is not a complete ISO 8601 date or date-time`,
    };
  return { ok: true, at };
}

/**
 * Observation periods derived from the records: per person, from the earliest to the latest day of any
 * record mapped (a bulk export holds no enrolment periods).
 */
export class PeriodTracker {
  private readonly spans = new Map<number, [string, string]>();

  /** Widens the person's period to hold `date` (`YYYY-MM-DD`; text order is date order). */
  see(person: number, date: string): void {
    const s = this.spans.get(person);
    if (s === undefined) this.spans.set(person, [date, date]);
    else if (date < s[0]) s[0] = date;
    else if (date > s[1]) s[1] = date;
  }

  /** The period of a person, if any record of theirs was dated. */
  period(person: number): readonly [start: string, end: string] | undefined {
    return this.spans.get(person);
  }
}
