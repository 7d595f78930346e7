import { calendarDate, instant, normalizeIso } from "@hemosentinel/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cdmDate, PeriodTracker, pickDate } from "./dates.js";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** FHIR dateTimes: a real day, with or without a time, seconds, fraction and offset. */
const fhirDateTime = fc
  .record({
    day: fc.date({
      min: new Date("1900-01-01T00:00:00Z"),
      max: new Date("2099-12-31T00:00:00Z"),
      noInvalidDate: true,
    }),
    time: fc.option(
      fc.record({
        h: fc.integer({ min: 0, max: 23 }),
        m: fc.integer({ min: 0, max: 59 }),
        s: fc.option(fc.integer({ min: 0, max: 59 })),
        offset: fc.constantFrom("", "Z", "+00:00", "-05:00", "+14:00", "+05:30", "-12:00"),
      }),
    ),
  })
  .map(({ day, time }) => {
    const d = day.toISOString().slice(0, 10);
    if (time === null) return d;
    return `${d}T${pad(time.h)}:${pad(time.m)}${time.s === null ? "" : `:${pad(time.s)}`}${time.offset}`;
  });

describe("FHIR dates as OMOP dates", () => {
  it("keeps the calendar day and the wall-clock time as written, whatever the offset and the machine's zone", () => {
    fc.assert(
      fc.property(fhirDateTime, (v) => {
        const at = cdmDate(v);
        expect(at?.date).toBe(calendarDate(normalizeIso(v)));
        if (v.length === 10) expect(at?.datetime).toBeUndefined();
        else {
          // Read back as the screen reads OMOP date-times (UTC), the day and clock are the ones written.
          const back = `${at?.datetime?.replace(" ", "T")}Z`;
          expect(back.slice(0, 16)).toBe(v.slice(0, 16));
          // Without an offset (or in UTC) the instant itself is kept.
          if (!/[+-]\d{2}:\d{2}$/.test(v) || v.endsWith("+00:00"))
            expect(instant(back)).toBe(instant(normalizeIso(v)));
        }
      }),
    );
  });

  it("rejects what is not a day: partial dates, impossible days, offsets no zone uses", () => {
    for (const bad of [
      "2024",
      "2024-06",
      "2024-02-30",
      "2024-13-01",
      "2024-06-01T25:00:00Z",
      "2024-06-01T10:00+23:00",
      "yesterday",
    ])
      expect(cdmDate(bad), bad).toBeUndefined();
    expect(pickDate([["effectiveDateTime", "2024-02-30"]])).toMatchObject({
      ok: false,
      code: "invalid-date",
    });
    expect(pickDate([["effectiveDateTime", 20240601]])).toMatchObject({ ok: false, code: "invalid-date" });
    expect(
      pickDate([
        ["effectiveDateTime", undefined],
        ["issued", undefined],
      ]),
    ).toEqual({
      ok: false,
      code: "missing-date",
      reason: "no date: none of effectiveDateTime, issued is present",
    });
    expect(
      pickDate([
        ["effectiveDateTime", undefined],
        ["issued", "2024-06-01T08:00:00Z"],
      ]),
    ).toEqual({
      ok: true,
      at: { date: "2024-06-01", datetime: "2024-06-01 08:00:00" },
    });
  });

  it("derives each person's observation period from the earliest to the latest record day", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fhirDateTime), { minLength: 1 }),
        (records) => {
          const periods = new PeriodTracker();
          for (const [person, v] of records) periods.see(person, cdmDate(v)?.date ?? "");
          for (const [person] of records) {
            const days = records
              .filter(([p]) => p === person)
              .map(([, v]) => v.slice(0, 10))
              .sort();
            expect(periods.period(person)).toEqual([days[0], days.at(-1)]);
          }
          expect(periods.period(99)).toBeUndefined();
        },
      ),
    );
  });
});
