import { describe, expect, it } from "vitest";
import { superscriptDigits } from "./superscript.js";

describe("superscriptDigits", () => {
  it.each([
    ["9", "⁹"],
    ["12", "¹²"],
    ["0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"],
  ])("%s → %s", (digits, written) => expect(superscriptDigits(digits)).toBe(written));
});
