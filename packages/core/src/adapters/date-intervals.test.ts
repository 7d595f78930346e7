/**
 * A date known only to its month or year, or an onset given as the patient's age, is the interval of days it names:
 * never a day guessed within it, never past the evaluation day nor a full recordedDate that bounds it.
 */
import { describe, expect, it } from "vitest";
import { ageInterval, monthOrYearInterval } from "./dates.js";

const AT = Date.parse("2026-03-12T12:00:00Z");
const age = (value: number) => ({ value, unit: "a", system: "http://unitsofmeasure.org", code: "a" });

describe("a month or a year as its days", () => {
  it("a month is its first to its last day, a leap February included; a year its 1 January to 31 December", () => {
    expect(monthOrYearInterval("2024-02", undefined, AT)).toEqual({
      at: "2024-02-01",
      latest: "2024-02-29",
      dated: "onset known to the month, 2024-02",
    });
    expect(monthOrYearInterval("02/2025", undefined, AT)?.latest).toBe("2025-02-28");
    expect(monthOrYearInterval("2025", undefined, AT)).toMatchObject({
      at: "2025-01-01",
      latest: "2025-12-31",
    });
  });

  it("capped at the evaluation day and at a recordedDate; none when it starts after either", () => {
    expect(monthOrYearInterval("2026-03", undefined, AT)?.latest).toBe("2026-03-12");
    expect(monthOrYearInterval("2026-02", "2026-02-10", AT)).toEqual({
      at: "2026-02-01",
      latest: "2026-02-10",
      dated: "onset known to the month, 2026-02, no later than 2026-02-10",
    });
    expect(monthOrYearInterval("2026-04", undefined, AT)).toBeUndefined();
    expect(monthOrYearInterval("2026-02", "2026-01-31", AT)).toBeUndefined();
  });

  it("anything else is no interval: a full date, a month 13, a word", () => {
    for (const v of ["2026-02-10", "2026-13", "March 2026", 2026])
      expect(monthOrYearInterval(v, undefined, AT)).toBeUndefined();
  });
});

describe("an age as a year of life", () => {
  it("from the birthday of that age to the day before the next", () => {
    expect(ageInterval(age(64), "1960-05-10", undefined, AT)).toMatchObject({
      at: "2024-05-10",
      latest: "2025-05-09",
    });
    // Born 29 February: the birthday falls on 28 February in a common year.
    expect(ageInterval(age(65), "1960-02-29", undefined, AT)).toMatchObject({
      at: "2025-02-28",
      latest: "2026-02-27",
    });
  });

  it("a birth year or month alone widens it to every day the age could hold", () => {
    expect(ageInterval(age(64), "1960", undefined, AT)).toMatchObject({
      at: "2024-01-01",
      latest: "2025-12-31",
    });
    expect(ageInterval(age(64), "1960-05", undefined, AT)).toMatchObject({
      at: "2024-05-01",
      latest: "2025-05-31",
    });
  });

  it("none without a birth date, or for an age that is not whole years", () => {
    expect(ageInterval(age(64), undefined, undefined, AT)).toBeUndefined();
    expect(ageInterval({ value: 64, unit: "mo", code: "mo" }, "1960-05-10", undefined, AT)).toBeUndefined();
    expect(ageInterval({ value: 64.5, code: "a" }, "1960-05-10", undefined, AT)).toBeUndefined();
  });
});
