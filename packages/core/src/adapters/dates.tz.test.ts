/** Run under TZ=America/New_York and TZ=Asia/Shanghai (package.json "test"): no result may change. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysInMonth } from "../engine/dates.js";
import { checkBirthDate, checkDate, evaluationInstant, isAfterDeath } from "./dates.js";

const EVAL = evaluationInstant("2025-03-01T00:00:00Z");

describe("checkDate (time-zone independent)", () => {
  it("refuses an offset without its colon, which FHIR's dateTime does not allow, saying so", () => {
    expect(checkDate("2024-03-01T08:30:00-0500", "effectiveDateTime", EVAL)).toEqual({
      ok: false,
      code: "invalid-date",
      reason:
        'effectiveDateTime "2024-03-01T08:30:00-0500" writes its time-zone offset without a colon (-0500): FHIR and ISO 8601\'s extended format write -05:00',
    });
    expect(checkDate("2024-03-01T08:30-0500", "x", EVAL).ok).toBe(false);
  });

  it("reads a date-time without offset as UTC and keeps offsets as written", () => {
    expect(checkDate("2024-03-01T23:30:00", "effectiveDateTime", EVAL)).toEqual({
      ok: true,
      at: "2024-03-01T23:30:00Z",
    });
    expect(checkDate("2024-03-01T23:30:00-05:00", "effectiveDateTime", EVAL)).toEqual({
      ok: true,
      at: "2024-03-01T23:30:00-05:00",
    });
    expect(checkDate("2024-03-01", "onsetDateTime", EVAL)).toEqual({ ok: true, at: "2024-03-01" });
  });

  it("rejects a year below 100, which Date.UTC would read as 19xx, and a day its month lacks", () => {
    expect(checkDate("0050-01-01", "effectiveDateTime", EVAL).ok).toBe(false);
    expect(checkDate("0100-01-01", "effectiveDateTime", EVAL).ok).toBe(true);
    expect(checkDate("2023-02-29", "effectiveDateTime", EVAL).ok).toBe(false);
    expect(checkDate("2024-02-29", "effectiveDateTime", EVAL).ok).toBe(true);
  });

  it("puts the future cut-off at the evaluation instant, strictly after", () => {
    expect(checkDate("2025-03-01", "date", EVAL).ok).toBe(true);
    expect(checkDate("2025-03-01T00:00:00Z", "date", EVAL).ok).toBe(true);
    expect(checkDate("2025-02-28T19:00:01-05:00", "date", EVAL)).toMatchObject({
      ok: false,
      code: "future-date",
    });
    expect(checkDate("2025-03-01T07:59:59+08:00", "date", EVAL).ok).toBe(true);
  });

  it("rejects partial and malformed dates, naming the field", () => {
    expect(checkDate("2024-03", "onsetDateTime", EVAL)).toMatchObject({ ok: false, code: "invalid-date" });
    expect(checkDate("2024-02-30", "date", EVAL)).toMatchObject({ ok: false, code: "invalid-date" });
    expect(checkDate(20240301, "date", EVAL)).toEqual({
      ok: false,
      code: "invalid-date",
      reason: "date 20240301 is not a complete ISO 8601 date or date-time",
    });
  });

  it("refuses a date known only to its month or year, saying so, never choosing a day", () => {
    const month =
      "gives the month (2024-05) but not the day: a result, dose or event is placed by its day (time from a dose is counted in days), and a day is not guessed; write YYYY-MM-DD";
    for (const written of ["2024-05", "05/2024", "5/2024", "05.2024"])
      expect(checkDate(written, "date", EVAL)).toEqual({
        ok: false,
        code: "invalid-date",
        reason: `date "${written}" ${month}`,
      });
    expect(checkDate("2024", "effectiveDateTime", EVAL)).toMatchObject({
      ok: false,
      code: "invalid-date",
      reason: expect.stringContaining('effectiveDateTime "2024" gives the year but not the day'),
    });
    // Not a month: a thirteenth month, a day-month pair.
    expect(checkDate("2024-13", "date", EVAL)).toMatchObject({
      reason: 'date "2024-13" is not a complete ISO 8601 date or date-time',
    });
    expect(checkDate("13/2024", "date", EVAL)).toMatchObject({
      reason: 'date "13/2024" is not a complete ISO 8601 date or date-time',
    });
  });

  it("names the same month whichever way a month without a day is written (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, m) => {
        const mm = String(m).padStart(2, "0");
        const iso = checkDate(`${year}-${mm}`, "date", EVAL);
        const slash = checkDate(`${m}/${year}`, "date", EVAL);
        expect(iso.ok).toBe(false);
        expect(!iso.ok && iso.reason).toContain(`gives the month (${year}-${mm}) but not the day`);
        expect(!slash.ok && slash.reason).toContain(`gives the month (${year}-${mm}) but not the day`);
      }),
    );
  });

  it("rejects a time-zone offset outside ±14:00, and keeps the real ones at the edge", () => {
    for (const at of ["2024-03-01T10:00:00+14:00", "2024-03-01T10:00:00-12:00", "2024-03-01T10:00:00+05:45"])
      expect(checkDate(at, "effectiveDateTime", EVAL).ok).toBe(true);
    for (const at of ["2024-03-01T10:00:00+14:01", "2024-03-01T10:00:00-14:30", "2024-03-01T10:00:00+23:00"])
      expect(checkDate(at, "effectiveDateTime", EVAL)).toEqual({
        ok: false,
        code: "invalid-date",
        reason: `effectiveDateTime "${at}" has a time-zone offset outside ±14:00`,
      });
    expect(checkDate("2024-03-01T10:00:00+05:60", "date", EVAL)).toMatchObject({ code: "invalid-date" });
  });
});

describe("isAfterDeath (time-zone independent)", () => {
  it("reads a death known to the day, month or year as the whole of it", () => {
    expect(isAfterDeath("2025-02-10T23:59:00Z", "2025-02-10")).toBe(false);
    expect(isAfterDeath("2025-02-11T00:00:00Z", "2025-02-10")).toBe(true);
    expect(isAfterDeath("2025-02-28", "2025-02")).toBe(false);
    expect(isAfterDeath("2025-03-01", "2025-02")).toBe(true);
    expect(isAfterDeath("2024-12-31T23:00:00Z", "2024")).toBe(false);
    expect(isAfterDeath("2025-01-01", "2024")).toBe(true);
  });

  it("compares two times by instant, and a day against a time by the day as written", () => {
    expect(isAfterDeath("2025-02-10T14:01:00+01:00", "2025-02-10T13:00:00Z")).toBe(true);
    expect(isAfterDeath("2025-02-10T14:00:00+01:00", "2025-02-10T13:00:00Z")).toBe(false);
    // A death at 00:30 in UTC+5 (the 9th in UTC) and a result of the 10th known to the day: the same day.
    expect(isAfterDeath("2025-02-10", "2025-02-10T00:30:00+05:00")).toBe(false);
    expect(isAfterDeath("2025-02-11", "2025-02-10T23:00:00-05:00")).toBe(true);
    expect(isAfterDeath("2025-02-10T23:30:00-05:00", "2025-02-10")).toBe(false);
  });
});

describe("checkBirthDate: a FHIR date to the year, month or day, on the calendar, not after the evaluation", () => {
  it("keeps a year, a year-month or a day as written", () => {
    expect(checkBirthDate("1960", "birthDate", EVAL)).toEqual({ ok: true, at: "1960" });
    expect(checkBirthDate("1958-07", "birthDate", EVAL)).toEqual({ ok: true, at: "1958-07" });
    expect(checkBirthDate("2024-02-29", "birthDate", EVAL)).toEqual({ ok: true, at: "2024-02-29" });
  });

  it("refuses a day or month the calendar lacks, which the pattern alone let through to the age", () => {
    expect(checkBirthDate("1970-02-30", "birthDate", EVAL)).toEqual({
      ok: false,
      code: "invalid-date",
      reason: 'birthDate "1970-02-30" is not a date of the calendar',
    });
    expect(checkBirthDate("1970-13", "birthDate", EVAL).ok).toBe(false);
    expect(checkBirthDate("1970-00-10", "birthDate", EVAL).ok).toBe(false);
    expect(checkBirthDate("0050", "birthDate", EVAL).ok).toBe(false);
    expect(checkBirthDate("1970-01-01T00:00:00Z", "birthDate", EVAL).ok).toBe(false);
    expect(checkBirthDate(19700101, "birthDate", EVAL).ok).toBe(false);
  });

  it("refuses a birth after the evaluation (no age), and keeps the evaluation's own day and year", () => {
    expect(checkBirthDate("2025-03-02", "birthDate", EVAL)).toEqual({
      ok: false,
      code: "future-date",
      reason: "birthDate 2025-03-02 is after the evaluation time",
    });
    expect(checkBirthDate("2025-03-01", "birthDate", EVAL).ok).toBe(true);
    expect(checkBirthDate("2025-03", "birthDate", EVAL).ok).toBe(true);
    expect(checkBirthDate("2025-04", "birthDate", EVAL).ok).toBe(false);
    expect(checkBirthDate("2025", "birthDate", EVAL).ok).toBe(true);
    expect(checkBirthDate("2026", "birthDate", EVAL).ok).toBe(false);
  });

  it("property: a day is accepted exactly when its month has it and it is not after the evaluation", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const value = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          const real = d <= daysInMonth(y, m);
          const past = Date.parse(`${value}T00:00:00Z`) <= EVAL;
          const got = checkBirthDate(value, "birthDate", EVAL);
          expect(got.ok).toBe(real && past);
          if (got.ok) expect(got.at).toBe(value);
          else expect(got.code).toBe(real ? "future-date" : "invalid-date");
        },
      ),
    );
  });
});
