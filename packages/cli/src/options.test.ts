import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsageError } from "./input.js";
import { evaluationTime, parseAt } from "./options.js";

describe("parseAt", () => {
  it.each([
    ["2025-03-01", "2025-03-01T23:59:59Z"],
    ["2024-02-29", "2024-02-29T23:59:59Z"],
    ["2025-03-01T08:00:00Z", "2025-03-01T08:00:00Z"],
    ["2025-03-01T08:00", "2025-03-01T08:00:00Z"],
    ["2025-03-01T08:00:00+01:00", "2025-03-01T07:00:00Z"],
    ["2025-03-01T23:30:00-05:00", "2025-03-02T04:30:00Z"],
    ["2025-03-01T08:00:00.999Z", "2025-03-01T08:00:00Z"],
    ["2025-03-01T08:00:00.5", "2025-03-01T08:00:00Z"],
    [" 2025-03-01 ", "2025-03-01T23:59:59Z"],
  ])("%j → %j", (input, expected) => {
    expect(parseAt(input)).toBe(expected);
  });

  it("always gives YYYY-MM-DDTHH:mm:ssZ, whatever date or date-time it is given", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1900-01-01T00:00:00Z"),
          max: new Date("2200-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom("date", "Z", "offset", "local", "millis"),
        fc.integer({ min: -14, max: 14 }),
        (d, form, hours) => {
          const iso = d.toISOString();
          const offset = `${hours < 0 ? "-" : "+"}${String(Math.abs(hours)).padStart(2, "0")}:00`;
          const text = {
            date: iso.slice(0, 10),
            Z: `${iso.slice(0, 19)}Z`,
            offset: `${iso.slice(0, 19)}${offset}`,
            local: iso.slice(0, 19),
            millis: iso,
          }[form];
          expect(parseAt(text)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        },
      ),
    );
  });

  it("says when a date-time leaves the years 0000-9999 once read as UTC", () => {
    expect(() => parseAt("9999-12-31T23:30:00-01:00")).toThrow(/outside the years/);
  });

  it.each([
    "",
    "now",
    "2025-3-1",
    "2025-02-29",
    "2025-02-31",
    "2025-13-01",
    "2025-03-01T25:00:00Z",
    "2025-03-01T08:00:00 CET",
    "03/01/2025",
  ])("refuses %j", (input) => {
    expect(() => parseAt(input)).toThrow(UsageError);
  });
});

describe("evaluationTime", () => {
  it("writes the clock in UTC to the whole second", () => {
    expect(evaluationTime(new Date("2025-03-01T12:00:00.999Z"))).toBe("2025-03-01T12:00:00Z");
    expect(evaluationTime(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)))).toBe("2025-01-02T03:04:05Z");
  });
});
