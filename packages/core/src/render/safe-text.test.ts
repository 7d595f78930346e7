import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendToInput, hostileText } from "../../../../test/support/hostile.js";
import { SAMPLE_CONTEXT, SAMPLE_REPORT } from "../../../../test/support/sample-report.js";
import type { AssessmentReport } from "../contracts/report.js";
import { safeText } from "./safe-text.js";
import { renderText } from "./text.js";

/** What must never reach a terminal from the input: controls, format characters, separators, lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

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
      fc.property(hostileText, (s) => {
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

describe("the text report on hostile input (property)", () => {
  it("holds no control, format or bidi character from the input, and no line the input forged", () => {
    const render = (r: AssessmentReport) => renderText(r, { ...SAMPLE_CONTEXT, color: false });
    const baseline = render(appendToInput(SAMPLE_REPORT, "x")).split("\n").length;
    fc.assert(
      fc.property(hostileText, (s) => {
        const lines = render(appendToInput(SAMPLE_REPORT, s)).split("\n");
        for (const line of lines) expect(line).not.toMatch(UNSAFE);
        expect(lines).toHaveLength(baseline);
      }),
      { numRuns: 60 },
    );
  });
});
