/** CTCAE v5.0 grading of one value as a calculator, with the laboratory's limits, a baseline and anticoagulation. */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import type { CalculatorInput } from "../knowledge/calculators.js";
import { calculate, calculatorForm } from "./catalogue.js";
import { ctcaeForms } from "./ctcae.js";

const k = testKnowledge();

function grade(term: string, input: CalculatorInput) {
  const out = calculate(k, `ctcae/${term}`, input);
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join("; "));
  return out.result;
}

describe("CTCAE calculators", () => {
  it("one form per laboratory term, none for event terms", () => {
    const ids = ctcaeForms(k).map((f) => f.id);
    expect(ids).toContain("ctcae/platelet-count-decreased");
    expect(ids).toContain("ctcae/fibrinogen-decreased");
    expect(ids).not.toContain("ctcae/disseminated-intravascular-coagulation");
  });
  it("platelets 25 | 24.9 ×10⁹/L are grade 3 | 4, in /µL as well", () => {
    const plt = (value: number, unit: string) =>
      grade("platelet-count-decreased", { values: { platelets: { value, unit } } });
    expect(plt(25, "10*9/L")).toMatchObject({ value: 3, category: "grade-3" });
    expect(plt(24.9, "10*9/L")).toMatchObject({ value: 4, category: "grade-4" });
    expect(plt(24_900, "/uL").value).toBe(4);
    expect(plt(150, "10*9/L")).toMatchObject({ value: 0, category: "grade-0" });
  });
  it("fibrinogen against the laboratory's lower limit typed beside it (< 0.75 × LLN → grade 1)", () => {
    const form = calculatorForm(k, "ctcae/fibrinogen-decreased");
    expect(form?.fields[0]).toMatchObject({ id: "fibrinogen", limit: { which: "lower" } });
    const fib = (value: number, unit: string, lowerLimit: number) =>
      grade("fibrinogen-decreased", { values: { fibrinogen: { value, unit, lowerLimit } } }).value;
    expect(fib(1.9, "g/L", 2.0)).toBe(1);
    expect(fib(190, "mg/dL", 200)).toBe(1);
  });
  it("INR × baseline counts only on anticoagulation", () => {
    const form = calculatorForm(k, "ctcae/inr-increased");
    expect(form?.fields.map((f) => f.id)).toEqual(["inr", "inr-baseline", "anticoagulation", "drug-effect"]);
    const inr = (anticoagulation: string) =>
      grade("inr-increased", {
        values: { inr: { value: 2.0, unit: "{INR}" }, "inr-baseline": { value: 1.0, unit: "{INR}" } },
        answers: { anticoagulation },
      });
    expect(inr("no").value).toBe(2);
    expect(inr("yes").value).toBe(2);
    const low = (anticoagulation: string) =>
      grade("inr-increased", {
        values: { inr: { value: 1.2, unit: "{INR}" }, "inr-baseline": { value: 1.0, unit: "{INR}" } },
        answers: { anticoagulation },
      }).value;
    expect(low("no")).toBe(0);
    expect(low("yes")).toBe(1);
  });
  it("INR on warfarin: graded against the baseline alone, not gradable without one", () => {
    const inr = (value: number, baseline?: number) =>
      grade("inr-increased", {
        values: {
          inr: { value, unit: "{INR}" },
          ...(baseline !== undefined && { "inr-baseline": { value: baseline, unit: "{INR}" } }),
        },
        answers: { anticoagulation: "yes", "drug-effect": "yes" },
      });
    expect(inr(2.6, 1.0).value).toBe(3);
    // 2.9 is above the absolute 2.5 but 2.42 × a baseline of 1.2: grade 2 by the ratio alone.
    expect(inr(2.9, 1.2).value).toBe(2);
    const none = inr(2.8);
    expect(none).toMatchObject({ status: "incomplete", value: null });
    expect(none.interpretation).toMatch(/^Not gradable: on anticoagulation without a baseline\./);
    expect(none.missing[0]?.fields).toEqual(["Baseline international normalized ratio (before treatment)"]);
    // Without the drug the same INR 2.8 is grade 3 by the absolute cut-off.
    expect(
      grade("inr-increased", {
        values: { inr: { value: 2.8, unit: "{INR}" } },
        answers: { "drug-effect": "no" },
      }).value,
    ).toBe(3);
  });
  it("aPTT on unfractionated heparin or argatroban is not graded; otherwise it is", () => {
    const aptt = (onDrug: string) =>
      grade("activated-partial-thromboplastin-time-prolonged", {
        values: { aptt: { value: 95, unit: "s" } },
        answers: { "drug-effect": onDrug },
      });
    expect(aptt("yes")).toMatchObject({ status: "incomplete", value: null });
    expect(aptt("yes").interpretation).toMatch(/^Not graded: the intended effect of the drug\./);
    expect(aptt("no").value).toBe(3);
  });
  it("without the value the grade is missing and named", () => {
    const r = grade("anemia", {});
    expect(r).toMatchObject({ status: "incomplete", value: null });
    expect(r.missing[0]?.fields).toEqual(["Hemoglobin"]);
  });
  it("hemoglobin in g/L and mmol/L converts", () => {
    expect(grade("anemia", { values: { hemoglobin: { value: 79, unit: "g/L" } } }).value).toBe(3);
    expect(grade("anemia", { values: { hemoglobin: { value: 80, unit: "g/L" } } }).value).toBe(2);
  });
  it("errors name the field", () => {
    const out = calculate(k, "ctcae/anemia", { values: { platelets: { value: 1, unit: "10*9/L" } } });
    expect(out.ok).toBe(false);
    expect(calculate(k, "ctcae/no-such-term", {}).ok).toBe(false);
  });
});
