import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendToInput, hostileText } from "../../../../test/support/hostile.js";
import { SAMPLE_CONTEXT, SAMPLE_REPORT } from "../../../../test/support/sample-report.js";
import { renderHtml } from "./html.js";

/** The page's markup with its text taken out: tags, attributes, comments — what the input must never change. */
function structure(page: string): string {
  return (page.match(/<[^>]*>/g) ?? []).map((tag) => tag.replace(/"[^"]*"/g, '""')).join("");
}

describe("the HTML report on hostile input (property)", () => {
  it("has the same tags and attributes whatever text the input carries, and no script", () => {
    const baseline = structure(renderHtml(appendToInput(SAMPLE_REPORT, "x"), SAMPLE_CONTEXT));
    fc.assert(
      fc.property(hostileText, (s) => {
        const page = renderHtml(appendToInput(SAMPLE_REPORT, s), SAMPLE_CONTEXT);
        expect(page).not.toMatch(/<script|<img/i);
        expect(structure(page)).toBe(baseline);
      }),
      { numRuns: 60 },
    );
  });
});
