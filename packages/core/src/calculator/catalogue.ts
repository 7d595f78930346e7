/**
 * Every calculator under one id space — a score id (`isth-overt-dic`) or a CTCAE laboratory term
 * (`ctcae/platelet-count-decreased`) — with its form, its worked example and one entry point to compute it.
 */

import type { CalculatorExample, CalculatorInput } from "../knowledge/calculators.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import { type CalculationOutcome, calculateScore } from "./calculate.js";
import { ctcaeForm, ctcaeForms, gradeCtcae } from "./ctcae.js";
import { type CalculatorForm, scoreForm } from "./form.js";

/**
 * The form of any calculator; undefined for an unknown id.
 *
 * @example calculatorForm(knowledge, "plasmic")?.fields.find((f) => f.id === "creatinine")?.units; // ["mg/dL", "umol/L"]
 */
export function calculatorForm(k: Knowledge, id: string): CalculatorForm | undefined {
  return id.startsWith("ctcae/") ? ctcaeForm(k, id) : scoreForm(k, id);
}

/** The forms of every score (in the knowledge's order), then of every CTCAE laboratory term. */
export function calculatorForms(k: Knowledge): CalculatorForm[] {
  return [...[...k.scores.keys()].map((id) => scoreForm(k, id) as CalculatorForm), ...ctcaeForms(k)];
}

/**
 * Computes any calculator from a form's input with the engine's own scoring or grading code.
 *
 * @example
 * const out = calculate(knowledge, "french-tma", {
 *   values: { platelets: { value: 12, unit: "10*9/L" }, creatinine: { value: 97, unit: "umol/L" } },
 * });
 * out.ok && out.result.category; // "high"
 */
export function calculate(k: Knowledge, id: string, input: CalculatorInput): CalculationOutcome {
  return id.startsWith("ctcae/") ? gradeCtcae(k, id, input) : calculateScore(k, id, input);
}

/**
 * The worked example a "demo" button loads into a calculator's form (knowledge/calculators.yaml).
 *
 * @example calculatorExample(knowledge, "isth-overt-dic")?.expected; // { value: 7, category: "overt" }
 */
export function calculatorExample(k: Knowledge, id: string): CalculatorExample | undefined {
  return k.calculators.examples.find((e) => e.calculator === id);
}
