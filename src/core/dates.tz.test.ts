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
  });
  it("reads a date-time without offset as UTC", () => {
    expect(normalizeIso("2024-03-01T10:00:00")).toBe("2024-03-01T10:00:00Z");
  });
});
