import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonExact, unrepresentable } from "./json-numbers.js";

describe("unrepresentable", () => {
  it.each([
    ["1e-400", "is too small for a number: it would be read as 0"],
    ["-0.5e-330", "is too small for a number: it would be read as 0"],
    [`0.${"0".repeat(400)}1`, "is too small for a number: it would be read as 0"],
    ["1e400", "is too large for a number: it would be read as infinity"],
    ["-1e309", "is too large for a number: it would be read as infinity"],
    [`1${"0".repeat(400)}`, "is too large for a number: it would be read as infinity"],
    ["4.9e-324", "is too small to be held exactly (a subnormal number)"],
    ["1e-310", "is too small to be held exactly (a subnormal number)"],
  ])("%s %s", (literal, why) => {
    expect(unrepresentable(literal)).toBe(why);
  });

  it.each([
    "0",
    "0.0",
    "0e-400",
    "-0",
    "12.5",
    "1e-300",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
  ])("%s is a number a double holds", (literal) => {
    expect(unrepresentable(literal)).toBeUndefined();
  });
});

describe("parseJsonExact", () => {
  it("keeps out-of-range literals as their text, everywhere but inside strings", () => {
    const text = '{"a": 1e-400, "b": [1e400, -4.9e-324, 12], "c": "1e-400 as text", "d\\"1e999": 0}';
    expect(parseJsonExact(text)).toEqual({
      a: "1e-400",
      b: ["1e400", "-4.9e-324", 12],
      c: "1e-400 as text",
      'd"1e999': 0,
    });
  });

  it("parses as JSON.parse does, except that subnormal numbers become their text (property)", () => {
    const subnormal = (x: unknown) =>
      typeof x === "number" && x !== 0 && Math.abs(x) < 2.2250738585072014e-308;
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        const expected = JSON.parse(text, (_, x: unknown) => (subnormal(x) ? String(x) : x));
        expect(parseJsonExact(text)).toEqual(expected);
      }),
    );
  });

  it("throws on malformed JSON as JSON.parse does", () => {
    expect(() => parseJsonExact('{"a": 1e-400,')).toThrow(SyntaxError);
  });
});
