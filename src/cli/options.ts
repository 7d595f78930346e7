/** Validation of the `assess` options that commander cannot check by itself. */
import { isValidIso, normalizeIso } from "../core/dates.js";
import { UsageError } from "./input.js";

export const FORMATS = ["json", "text", "html"] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The evaluation time from `--at`: a date means the end of that day (UTC), so that results charted on
 * that day count; a date-time without offset is read as UTC. Anything else is a UsageError.
 * @example
 * parseAt("2025-03-01"); // "2025-03-01T23:59:59Z"
 * parseAt("2025-03-01T08:00:00+01:00"); // "2025-03-01T08:00:00+01:00"
 */
export function parseAt(value: string): string {
  const text = value.trim();
  if (!isValidIso(text)) {
    throw new UsageError(
      `--at ${JSON.stringify(value)}: not an ISO 8601 date (2025-03-01) or date-time (2025-03-01T08:00:00Z)`,
    );
  }
  // isValidIso also requires the day to exist in its month (no 2025-02-31).
  const [date, time] = text.split("T");
  return time === undefined ? `${date}T23:59:59Z` : normalizeIso(text);
}
