import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { createEngine } from "../create-engine.js";
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

describe("reasons of real rejections", () => {
  it("quote at most 80 characters of a field, however long it is", () => {
    const engine = createEngine(testKnowledge(), { evaluatedAt: "2025-01-01T00:00:00Z", version: "0" });
    const long = (c: string) => c.repeat(10_000);
    const obs = (id: string, extra: Record<string, unknown>) => ({
      resourceType: "Observation",
      id,
      status: "final",
      subject: { reference: "Patient/p1" },
      code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
      effectiveDateTime: "2024-03-01",
      valueQuantity: { value: 12, unit: "10*9/L" },
      ...extra,
    });
    engine.add(
      {
        kind: "fhir",
        value: {
          resourceType: "Bundle",
          type: "collection",
          entry: [
            { resource: { resourceType: "Patient", id: "p1" } },
            { resource: obs("unit", { valueQuantity: { value: 12, unit: long("u") } }) },
            { resource: obs("date", { effectiveDateTime: long("2") }) },
            { resource: obs("text", { valueQuantity: undefined, valueString: long("t") }) },
          ],
        },
      },
      "b.json",
    );
    engine.add({ kind: "csv", text: `patient_id,record_type,sex\np1,patient,${long("x")}\n` }, "p.csv");
    const reasons = engine.assess("p1").rejected.map((r) => r.reason);
    expect(reasons.map((r) => r.slice(0, 12))).toEqual([
      'unit "uuuuuu',
      "effectiveDat",
      "Platelet cou",
      'sex "xxxxxxx',
    ]);
    for (const reason of reasons) expect(reason.length).toBeLessThan(QUOTE_MAX + 120);
  });
});
