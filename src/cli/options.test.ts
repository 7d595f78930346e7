import { describe, expect, it } from "vitest";
import { UsageError } from "./input.js";
import { parseAt } from "./options.js";

describe("parseAt", () => {
  it.each([
    ["2025-03-01", "2025-03-01T23:59:59Z"],
    ["2024-02-29", "2024-02-29T23:59:59Z"],
    ["2025-03-01T08:00:00Z", "2025-03-01T08:00:00Z"],
    ["2025-03-01T08:00", "2025-03-01T08:00Z"],
    ["2025-03-01T08:00:00+01:00", "2025-03-01T08:00:00+01:00"],
    [" 2025-03-01 ", "2025-03-01T23:59:59Z"],
  ])("%j → %j", (input, expected) => {
    expect(parseAt(input)).toBe(expected);
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
