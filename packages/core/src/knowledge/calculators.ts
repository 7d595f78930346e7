/**
 * What the standalone calculators need beyond the scores themselves (knowledge/calculators.yaml): the
 * units a form offers for each lab, plain-language questions for the answers a form asks, and the worked
 * example of each calculator that a "demo" button loads, tied to the knowledge test case it mirrors.
 */
import { z } from "zod";
import { ComparatorSchema } from "../contracts/model.js";
import { Id, SourceIds } from "../contracts/vocabularies.js";

/** One value typed into a form: a number in a unit the form offers, optionally censored, with the laboratory's limits. */
export const QuantityInputSchema = z
  .object({
    value: z.number(),
    unit: z.string().min(1),
    comparator: ComparatorSchema.optional(),
    /** The laboratory's upper limit of normal, in `unit`. */
    upperLimit: z.number().positive().optional(),
    /** The laboratory's lower limit of normal, in `unit`. */
    lowerLimit: z.number().nonnegative().optional(),
  })
  .strict();
export type QuantityInput = z.infer<typeof QuantityInputSchema>;

/** One result of a series (ICAHT, 4Ts): the day relative to the calculator's day 0 and the value. */
export const SeriesPointSchema = z
  .object({
    day: z.number().int(),
    value: z.number(),
    unit: z.string().min(1),
    comparator: ComparatorSchema.optional(),
  })
  .strict();
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

/** A calculator's form input: values, series and answers, each by form field id. */
export const CalculatorInputSchema = z
  .object({
    values: z.record(z.string(), QuantityInputSchema).optional(),
    series: z.record(z.string(), z.array(SeriesPointSchema)).optional(),
    /** Choices by field id; numbers (BMI, days, SOFA points) as their decimal text. */
    answers: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type CalculatorInput = z.infer<typeof CalculatorInputSchema>;

const Example = z
  .object({
    /** A score id of scores/, or `ctcae/<term>` for CTCAE grading. */
    calculator: z.string().min(1),
    /** Whether the example is printed in the source (true) or constructed from its published items. */
    published: z.boolean(),
    /** The description of the case in the calculator's knowledge test file that this example mirrors. */
    testCase: z.string().min(10),
    title: z.string().min(3),
    input: CalculatorInputSchema,
    expected: z.object({ value: z.number().nullable(), category: z.string().min(1) }).strict(),
    sourceIds: SourceIds,
    note: z.string().optional(),
  })
  .strict();
export type CalculatorExample = z.infer<typeof Example>;

export const CalculatorFile = z
  .object({
    /** Units a form offers for each lab (the canonical unit first); each must convert with the engine's converter. */
    units: z.record(Id, z.array(z.string().min(1)).min(1)),
    /** Plain-language question for a form field, by `<calculator>/<field id>`. */
    questions: z.record(z.string(), z.string().min(3)),
    examples: z.array(Example).min(1),
  })
  .strict();
export type CalculatorKnowledge = z.infer<typeof CalculatorFile>;
