import { calculate, calculatorExample, calculatorForm, calculatorForms } from "@hemosentinel/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import {
  calculateForm,
  emptyState,
  type FormState,
  inputOf,
  parseValue,
  stateOfExample,
} from "./form-state.js";

const k = testKnowledge();

function formOf(id: string) {
  const form = calculatorForm(k, id);
  if (form === undefined) throw new Error(`no calculator ${id}`);
  return form;
}

describe("parseValue", () => {
  it("reads a number with an optional comparator, as a lab prints it", () => {
    expect(parseValue("45")).toEqual({ ok: true, value: 45 });
    expect(parseValue(" 0.9 ")).toEqual({ ok: true, value: 0.9 });
    expect(parseValue(".5")).toEqual({ ok: true, value: 0.5 });
    expect(parseValue("<10")).toEqual({ ok: true, value: 10, comparator: "<" });
    expect(parseValue("≥ 2.5")).toEqual({ ok: true, value: 2.5, comparator: ">=" });
    expect(parseValue("<=1e3")).toEqual({ ok: true, value: 1000, comparator: "<=" });
  });

  it("refuses what is not a number, and a comma rather than guessing decimal or thousands", () => {
    expect(parseValue("abc")).toEqual({ ok: false, message: '"abc" is not a number' });
    expect(parseValue("")).toMatchObject({ ok: false });
    expect(parseValue("<")).toMatchObject({ ok: false });
    expect(parseValue("1.2.3")).toMatchObject({ ok: false });
    expect(parseValue("45 g/L")).toMatchObject({ ok: false });
    expect(parseValue("0,9")).toEqual({
      ok: false,
      message: '"0,9" is not a number: use a point for decimals and no thousands separator',
    });
    expect(parseValue("150,000")).toMatchObject({ ok: false });
  });

  it("reads back every finite number as JavaScript prints it", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const parsed = parseValue(String(x));
        expect(parsed).toEqual({ ok: true, value: x === 0 ? 0 : x });
      }),
    );
  });
});

describe("calculator form state", () => {
  it("fills each form with its worked example exactly as the example's input", () => {
    for (const form of calculatorForms(k)) {
      const example = calculatorExample(k, form.id);
      if (example === undefined) continue;
      const { input, errors } = inputOf(form, stateOfExample(form, example));
      expect(errors, form.id).toEqual([]);
      expect(calculateForm(k, form, stateOfExample(form, example)), form.id).toEqual(
        calculate(k, form.id, example.input),
      );
      expect(input.values ?? {}, form.id).toEqual(example.input.values ?? {});
      expect(input.series ?? {}, form.id).toEqual(example.input.series ?? {});
      expect(input.answers ?? {}, form.id).toEqual(example.input.answers ?? {});
    }
  });

  it("leaves empty fields out, so that the core names them missing instead of reading 0", () => {
    const form = formOf("isth-overt-dic");
    const state: FormState = {
      ...emptyState(form),
      fibrinogen: { kind: "quantity", text: "90", unit: "mg/dL", limit: "" },
    };
    expect(inputOf(form, state)).toEqual({
      input: { values: { fibrinogen: { value: 90, unit: "mg/dL" } }, series: {}, answers: {} },
      errors: [],
    });
    const out = calculateForm(k, form, state);
    expect(out.ok && out.result.status).toBe("incomplete");
    expect(out.ok && out.result.missing.map((m) => m.component)).toEqual([
      "platelets",
      "fibrin-marker",
      "pt-prolongation",
    ]);
  });

  it("names the field of a typing error beside the core's errors on other fields", () => {
    const form = formOf("isth-overt-dic");
    const state: FormState = {
      ...emptyState(form),
      platelets: { kind: "quantity", text: "4,5", unit: "10*9/L", limit: "" },
      pt: { kind: "quantity", text: "16", unit: "s", limit: "-2" },
      fibrinogen: { kind: "quantity", text: "-1", unit: "g/L", limit: "" },
    };
    const out = calculateForm(k, form, state);
    expect(out.ok).toBe(false);
    expect(out.ok ? [] : out.errors.map((e) => e.field)).toEqual(["platelets", "pt", "fibrinogen"]);
    expect(out.ok ? "" : out.errors[1]?.message).toBe(
      'Prothrombin time, upper limit of normal: "-2" is not a positive number',
    );
  });

  it("reads a series row by row, skipping blank rows and naming a row without a day or value", () => {
    const form = formOf("icaht");
    const rows = [
      { day: "0", value: "2.0" },
      { day: "", value: "" },
      { day: "3", value: "<0.1" },
      { day: "x", value: "1" },
      { day: "5", value: "" },
    ];
    const { input, errors } = inputOf(form, { anc: { kind: "series", unit: "10*9/L", rows } });
    expect(input.series).toEqual({
      anc: [
        { day: 0, value: 2, unit: "10*9/L" },
        { day: 3, value: 0.1, unit: "10*9/L", comparator: "<" },
      ],
    });
    expect(errors.map((e) => e.message)).toEqual([
      'Absolute neutrophil count by day after infusion, row 4: day "x" is not a whole number of days',
      "Absolute neutrophil count by day after infusion, row 5: day 5 has no value",
    ]);
  });
});
