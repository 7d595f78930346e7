import { describe, expect, it } from "vitest";
import { mapRange, meets, possiblePoints, rangeOf } from "./bands.js";

const BANDS = [
  { ge: 100, points: 0 },
  { ge: 50, lt: 100, points: 1 },
  { lt: 50, points: 2 },
];

describe("bands with exact and censored values", () => {
  it.each([
    [100, undefined, [0]],
    [99.99, undefined, [1]],
    [50, "<", [2]],
    [50, "<=", [1, 2]],
    [49, "<", [2]],
    [100, ">=", [0]],
    [99, ">", [0, 1]],
    [100, "<", [1, 2]],
  ] as const)("%d with comparator %s -> %j", (v, cmp, pts) =>
    expect(possiblePoints(BANDS, rangeOf(v, cmp))).toEqual(pts),
  );

  it("meets() is true, false or unknown for a censored value", () => {
    expect(meets({ gt: 2.5 }, rangeOf(3))).toBe(true);
    expect(meets({ gt: 2.5 }, rangeOf(2.5))).toBe(false);
    expect(meets({ gt: 2.5 }, rangeOf(2.5, ">"))).toBe(true);
    expect(meets({ gt: 2.5 }, rangeOf(3, "<"))).toBeUndefined();
    expect(meets({ le: 0.5 }, rangeOf(0.5, "<="))).toBe(true);
  });

  it("compares decimals as written (16.5 - 13.5 = 3 and 14.6 - 11.6 = 3)", () => {
    expect(
      possiblePoints(
        [
          { lt: 3, points: 0 },
          { ge: 3, points: 1 },
        ],
        mapRange(rangeOf(14.6), (x) => x - 11.6),
      ),
    ).toEqual([1]);
    expect(
      possiblePoints(
        [
          { lt: 1.2, points: 0 },
          { ge: 1.2, points: 1 },
        ],
        mapRange(rangeOf(15), (x) => x / 12.5),
      ),
    ).toEqual([1]);
  });
});
