import { describe, expect, it } from "vitest";
import { calendarDate, daysBetween, isValidIso, normalizeIso } from "./dates.js";

describe("dates without the process time zone", () => {
  it("counts calendar days from the date as written, whatever the offset", () => {
    expect(daysBetween("2024-03-01T23:30:00-05:00", "2024-03-02T00:30:00+09:00")).toBe(1);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(calendarDate("2024-03-01T23:30:00-05:00")).toBe("2024-03-01");
  });
  it("rejects impossible calendar dates and accepts complete ISO dates", () => {
    expect(isValidIso("2024-02-30")).toBe(false);
    expect(isValidIso("2023-02-29T10:00:00Z")).toBe(false);
    expect(isValidIso("2024-02-29T10:00:00Z")).toBe(true);
    expect(isValidIso("2024-13-01")).toBe(false);
    expect(isValidIso("2024-03")).toBe(false);
    expect(isValidIso("2024-03-01T24:10:00Z")).toBe(false);
  });
  it("accepts a leap second, as FHIR does, and rejects seconds past 60", () => {
    expect(isValidIso("2016-12-31T23:59:60Z")).toBe(true);
    expect(isValidIso("2026-12-07T10:00:61Z")).toBe(false);
    expect(isValidIso("2026-12-07T10:00:99+14:00")).toBe(false);
    expect(isValidIso("2026-12-07T10:00:59.999-12:00")).toBe(true);
  });
  it("reads a date-time without offset as UTC", () => {
    expect(normalizeIso("2024-03-01T10:00:00")).toBe("2024-03-01T10:00:00Z");
  });
});

describe("instant", () => {
  it("agrees with Date.parse on every ISO 8601 shape the adapters pass on", async () => {
    const fc = (await import("fast-check")).default;
    const { instant } = await import("./dates.js");
    const two = (n: number) => String(n).padStart(2, "0");
    const iso = fc
      .record({
        y: fc.integer({ min: 1900, max: 2100 }),
        mo: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 28 }),
        h: fc.integer({ min: 0, max: 23 }),
        mi: fc.integer({ min: 0, max: 59 }),
        s: fc.option(fc.integer({ min: 0, max: 59 })),
        frac: fc.option(fc.stringMatching(/^\d{1,6}$/)),
        tz: fc.constantFrom("", "Z", "+05:30", "-08:00", "+14:00"),
        dateOnly: fc.boolean(),
      })
      .map((r) => {
        const date = `${r.y}-${two(r.mo)}-${two(r.d)}`;
        if (r.dateOnly) return date;
        const sec = r.s === null ? "" : `:${two(r.s)}${r.frac === null ? "" : `.${r.frac}`}`;
        return `${date}T${two(r.h)}:${two(r.mi)}${sec}${r.tz}`;
      });
    fc.assert(
      fc.property(iso, (x) => {
        const expected = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(x) ? `${x}T00:00:00Z` : normalizeIso(x));
        expect(instant(x)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    expect(Number.isNaN(instant("not a date"))).toBe(true);
  });

  it("reads every four-digit year, month and day as Date.UTC does, out-of-range fields carried over", async () => {
    const fc = (await import("fast-check")).default;
    const { instant } = await import("./dates.js");
    const pad = (n: number, w: number) => String(n).padStart(w, "0");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (y, mo, d, h, mi, off) => {
          const date = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`;
          // Date.UTC reads years 0–99 as 1900–1999; instant keeps that reading.
          expect(instant(date)).toBe(Date.UTC(y, mo - 1, d));
          const sign = off < 0 ? "-" : "+";
          const zone = `${sign}${pad(Math.floor(Math.abs(off) / 60), 2)}:${pad(Math.abs(off) % 60, 2)}`;
          expect(instant(`${date}T${pad(h, 2)}:${pad(mi, 2)}:07.25${zone}`)).toBe(
            Date.UTC(y, mo - 1, d, h, mi, 7, 250) - off * 60_000,
          );
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe("isValidIso calendar", () => {
  it("knows the leap years, as Date.UTC counts them", () => {
    expect(isValidIso("2000-02-29")).toBe(true);
    expect(isValidIso("1900-02-29")).toBe(false);
    expect(isValidIso("2100-02-29T00:00Z")).toBe(false);
    expect(isValidIso("2024-04-31")).toBe(false);
    expect(isValidIso("2024-12-31")).toBe(true);
  });
});
