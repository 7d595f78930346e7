import { describe, expect, it } from "vitest";
import { boundedMemo, weakMemo } from "./memo.js";

describe("boundedMemo", () => {
  it("computes a key once and keeps at most `max` keys", () => {
    const calls: string[] = [];
    const upper = boundedMemo((s: string) => {
      calls.push(s);
      return s.toUpperCase();
    }, 2);
    expect([upper("a"), upper("a"), upper("b")]).toEqual(["A", "A", "B"]);
    expect(calls).toEqual(["a", "b"]);
    // The third key clears the full memo: "a" is computed again, with the same answer.
    expect([upper("c"), upper("a")]).toEqual(["C", "A"]);
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });
});

describe("weakMemo", () => {
  it("computes once per object", () => {
    let calls = 0;
    const size = weakMemo((xs: readonly number[]) => {
      calls++;
      return xs.length;
    });
    const xs = [1, 2, 3];
    expect([size(xs), size(xs), size([1])]).toEqual([3, 3, 1]);
    expect(calls).toBe(2);
  });
});
