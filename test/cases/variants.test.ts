/**
 * The degradations the published-variants sweep relies on (variants.ts) do what their names say: a thinned record
 * keeps each lab's first and worst value and no coagulation test; a date-time at another offset is the same
 * instant.
 */
import { describe, expect, it } from "vitest";
import type { CaseSpec } from "./spec.js";
import { atOffset, thinned } from "./variants.js";

type Lab = CaseSpec["labs"][number];
const plt = (day: number, value: number, unit = "10*9/L"): Lab => ({ day, lab: "platelets", value, unit });

describe("thinned labs", () => {
  it("keeps the first and the lowest platelet count, the first and the highest LDH, and drops every other value", () => {
    const labs: Lab[] = [
      plt(3, 40),
      plt(0, 210),
      plt(5, 12),
      plt(9, 90),
      { day: 0, lab: "ldh", value: 200, unit: "U/L" },
      { day: 5, lab: "ldh", value: 900, unit: "U/L" },
      { day: 9, lab: "ldh", value: 400, unit: "U/L" },
    ];
    expect(thinned(labs)).toEqual([plt(0, 210), plt(5, 12), labs[4], labs[5]]);
  });

  it("compares counts per microlitre as ×10⁹/L, so a count of 6000/uL is worse than a first value of ≥ 150", () => {
    const first: Lab = { ...plt(0, 150), comparator: ">=" };
    const labs = [first, plt(84, 6000, "/uL"), plt(90, 20)];
    expect(thinned(labs)).toEqual([first, labs[1]]);
  });

  it("keeps a positive result over a negative one, a single value once, and no PT, INR, aPTT or fibrinogen", () => {
    const labs: Lab[] = [
      { day: 0, lab: "dat", result: "negative" },
      { day: 4, lab: "dat", result: "positive" },
      { day: 6, lab: "dat", result: "negative" },
      plt(2, 30),
      { day: 2, lab: "pt", value: 16, unit: "s" },
      { day: 2, lab: "inr", value: 1.6 },
      { day: 2, lab: "aptt", value: 60, unit: "s" },
      { day: 2, lab: "fibrinogen", value: 0.9, unit: "g/L" },
    ];
    expect(thinned(labs)).toEqual([labs[0], labs[1], labs[3]]);
  });
});

describe("a date-time at another offset", () => {
  it("is the same instant, its date moved when the offset crosses midnight", () => {
    for (const [at, offset, written] of [
      ["2024-03-01T20:00:00Z", 540, "2024-03-02T05:00:00+09:00"],
      ["2024-03-01T03:00:00Z", -300, "2024-02-29T22:00:00-05:00"],
      ["2024-03-01T10:00:00Z", 540, "2024-03-01T19:00:00+09:00"],
    ] as const) {
      expect(atOffset(at, offset)).toBe(written);
      expect(Date.parse(written)).toBe(Date.parse(at));
    }
  });
});
