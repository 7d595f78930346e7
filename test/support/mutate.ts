/** Mutations of JSON documents for property tests: any node replaced or removed. */
import fc from "fast-check";

/**
 * JSON values real exports send where another type belongs: null, an empty list or object for a scalar,
 * numbers for strings, deep nesting, a huge string, numbers and dates spelled wrong (NaN, "1,5",
 * 2026-02-30, hour 25, a leap second, the extreme offsets), units in µ or u, and any JSON value.
 */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    [],
    {},
    [null],
    [{}],
    0,
    -1,
    1e308,
    true,
    "",
    " ",
    "NaN",
    "Infinity",
    "-Infinity",
    "1,5",
    "1e999",
    "2026-02-30",
    "2026-12-08T25:00",
    "2026-12-08T10:00:00+14:00",
    "2026-12-08T10:00:00-12:00",
    "2016-12-31T23:59:60Z",
    "0000-00-00",
    "2026-13",
    "µmol/L",
    "umol/L",
    "x".repeat(100_000),
    { value: null },
    { value: "1,5", unit: "µmol/L" },
    { reference: null },
    { coding: null },
    { coding: [null] },
    [[[[[[[[[]]]]]]]]],
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/**
 * A copy of `value` with the node at `pick` (a depth-first walk index) replaced by `replacement`, or
 * removed when `replacement` is undefined (from an array or an object).
 * @example
 * mutate({ a: [1, 2] }, 2, undefined); // { a: [2] }
 */
export function mutate(value: unknown, pick: number, replacement: unknown): unknown {
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (n++ === pick) return replacement;
    if (Array.isArray(v)) return v.map(walk).filter((x) => x !== undefined);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, x] of Object.entries(v)) {
        const w = walk(x);
        if (w !== undefined) out[key] = w;
      }
      return out;
    }
    return v;
  };
  return walk(value);
}
