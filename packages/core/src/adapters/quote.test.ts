import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipInput, QUOTE_MAX, quoteInput } from "./quote.js";

describe("quoteInput and clipInput", () => {
  it("show short input whole", () => {
    expect(quoteInput("x10 3/uL")).toBe('"x10 3/uL"');
    expect(quoteInput(12)).toBe('"12"');
    expect(clipInput("LOINC 777-3")).toBe("LOINC 777-3");
  });

  it("show at most 80 characters of long input and count the rest, never splitting a character", () => {
    expect(quoteInput("a".repeat(500))).toBe(`"${"a".repeat(80)}…" (500 characters)`);
    expect(clipInput("🩸".repeat(81))).toBe(`${"🩸".repeat(80)}… (81 characters)`);
  });

  it("never show more than 80 characters of the input (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => {
        const shown = Array.from(
          quoteInput(s)
            .replace(/^"|"( \(\d+ characters\))?$/g, "")
            .replace(/…$/, ""),
        );
        expect(shown.length).toBeLessThanOrEqual(QUOTE_MAX);
        expect(s.startsWith(shown.join(""))).toBe(true);
      }),
    );
  });
});
