/** Validation of the `assess` options that commander cannot check by itself. */

import { instant, isValidIso, normalizeIso } from "@hemosentinel/core";
import { UsageError } from "./input.js";

export const FORMATS = ["json", "ndjson", "text", "html"] as const;
export type Format = (typeof FORMATS)[number];

/**
 * An instant as the report states it, `YYYY-MM-DDTHH:mm:ssZ` (UTC, whole seconds: a fraction is cut).
 * @example
 * evaluationTime(new Date("2025-03-01T12:00:00.250Z")); // "2025-03-01T12:00:00Z"
 */
export function evaluationTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/**
 * The evaluation time from `--at`, as `evaluationTime` writes it: a date means the end of that day (UTC),
 * so that results charted on that day count; a date-time with an offset is converted to UTC, one without
 * is read as UTC. Anything else is a UsageError.
 * @example
 * parseAt("2025-03-01"); // "2025-03-01T23:59:59Z"
 * parseAt("2025-03-01T08:00:00+01:00"); // "2025-03-01T07:00:00Z"
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
  if (time === undefined) return `${date}T23:59:59Z`;
  const at = new Date(instant(normalizeIso(text)));
  // Outside the years 0000-9999 the instant has no YYYY-MM-DD form.
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 0 || at.getUTCFullYear() > 9999)
    throw new UsageError(`--at ${JSON.stringify(value)}: outside the years 0000-9999 once read as UTC`);
  return evaluationTime(at);
}
