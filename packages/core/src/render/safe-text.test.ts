import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SAMPLE_CONTEXT, SAMPLE_REPORT } from "../../../../test/support/sample-report.js";
import type { AssessmentReport } from "../contracts/report.js";
import { safeText } from "./safe-text.js";
import { renderText } from "./text.js";

/** What must never reach a terminal from the input: controls, format characters, separators, lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Strings rich in what attacks a terminal: ANSI and OSC sequences, newlines, bidi overrides, zero-widths. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "\u001b[2J",
      "\u001b]0;owned\u0007",
      "\u001b]8;;http://x\u001b\\",
      "\n",
      "\r",
      "\t",
      "\u0085",
      "\u009b31m",
      "\u2028",
      "\u202e",
      "\u2066",
      "\u2069",
      "\u200b",
      "\ufeff",
      "\ud800",
    ),
    fc.string({ unit: "grapheme", maxLength: 3 }),
    fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  ),
  maxLength: 12,
});

describe("safeText", () => {
  it("shows escape sequences, newlines and bidi controls as code points", () => {
    expect(safeText("p1\u001b[2J\n\u202eevil")).toBe("p1<U+001B>[2J<U+000A><U+202E>evil");
    expect(safeText("a\u2066b\u2069c\u200bd")).toBe("a<U+2066>b<U+2069>c<U+200B>d");
    expect(safeText("\u009b31m\u0085\u2028")).toBe("<U+009B>31m<U+0085><U+2028>");
    expect(safeText("\udc00")).toBe("<U+DC00>");
  });

  it("leaves printable text of every script unchanged", () => {
    const text = "Müller 李 ×10⁹/L ≥ 150 — עברית 🩸";
    expect(safeText(text)).toBe(text);
  });

  it("never lets an unsafe character through, and changes nothing else (property)", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = safeText(s);
        expect(out).not.toMatch(UNSAFE);
        // Undoing the markers gives back the input: nothing is lost, only shown.
        expect(
          out.replace(/<U\+([0-9A-F]{4,6})>/g, (_, h: string) =>
            String.fromCodePoint(Number.parseInt(h, 16)),
          ),
        ).toBe(s);
      }),
    );
  });
});

/** Fields whose text comes from the input (ids, references, file names, reasons quoting values). */
const FROM_INPUT = new Set(["patientId", "ref", "refs", "evidence", "reason", "file", "source", "detail"]);
/** Maps keyed by what the input names (resource types, code systems). */
const KEYED_BY_INPUT = new Set(["notUsed", "ignored"]);

/** `report` with `suffix` appended to every string the input supplies, and to the keys it names. */
function appendEverywhere<T>(value: T, suffix: string, fromInput = false): T {
  if (typeof value === "string") return (fromInput ? `${value}${suffix}` : value) as T;
  if (Array.isArray(value)) return value.map((v) => appendEverywhere(v, suffix, fromInput)) as T;
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        fromInput ? `${k}${suffix}` : k,
        appendEverywhere(v, suffix, FROM_INPUT.has(k) || (KEYED_BY_INPUT.has(k) && typeof v === "object")),
      ]),
    ) as T;
  return value;
}

describe("the text report on hostile input (property)", () => {
  it("holds no control, format or bidi character from the input, and no line the input forged", () => {
    const render = (r: AssessmentReport) => renderText(r, { ...SAMPLE_CONTEXT, color: false });
    const baseline = render(appendEverywhere(SAMPLE_REPORT, "x")).split("\n").length;
    fc.assert(
      fc.property(hostile, (s) => {
        const lines = render(appendEverywhere(SAMPLE_REPORT, s)).split("\n");
        for (const line of lines) expect(line).not.toMatch(UNSAFE);
        expect(lines).toHaveLength(baseline);
      }),
      { numRuns: 60 },
    );
  });
});
