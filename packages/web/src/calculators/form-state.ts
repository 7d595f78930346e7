/**
 * What a calculator form holds while the user types (text as typed, the unit chosen per field) and how it
 * becomes the core's `CalculatorInput`. Only the typing is read here — a number, an optional comparator
 * (`<10` for an undetectable result), a day — so that a typo is named on its own field; units, plausibility
 * and scoring are the core's `calculate`.
 */
import {
  type CalculationOutcome,
  type CalculatorExample,
  type CalculatorField,
  type CalculatorForm,
  type CalculatorInput,
  type Comparator,
  calculate,
  type FieldError,
  type Knowledge,
  type QuantityInput,
  type SeriesPoint,
} from "@hemosentinel/core";

export interface QuantityState {
  readonly kind: "quantity";
  readonly text: string;
  readonly unit: string;
  /** The laboratory's limit (upper or lower, as the field asks), in `unit`; empty for the default. */
  readonly limit: string;
}

export interface SeriesRow {
  readonly day: string;
  readonly value: string;
}

export interface SeriesState {
  readonly kind: "series";
  readonly unit: string;
  readonly rows: readonly SeriesRow[];
}

/** A choice, a plain number or a list of days: the answer's text, empty when not answered. */
export interface AnswerState {
  readonly kind: "answer";
  readonly text: string;
}

export type FieldState = QuantityState | SeriesState | AnswerState;
export type FormState = Readonly<Record<string, FieldState>>;

/** Rows a new series starts with: enough to type a course without pressing "add". */
const EMPTY_ROWS = 3;

function emptyField(f: CalculatorField): FieldState {
  switch (f.kind) {
    case "quantity":
      return { kind: "quantity", text: "", unit: f.units[0] ?? "", limit: "" };
    case "series":
      return {
        kind: "series",
        unit: f.units[0] ?? "",
        rows: Array.from({ length: EMPTY_ROWS }, () => ({ day: "", value: "" })),
      };
    default:
      return { kind: "answer", text: "" };
  }
}

/** A form with nothing entered, each unit at the score's own unit. */
export function emptyState(form: CalculatorForm): FormState {
  return Object.fromEntries(form.fields.map((f) => [f.id, emptyField(f)]));
}

function valueText(q: { readonly value: number; readonly comparator?: Comparator | undefined }): string {
  return `${q.comparator ?? ""}${q.value}`;
}

/** The form filled with a worked example, as a clinician would have typed it. */
export function stateOfExample(form: CalculatorForm, example: CalculatorExample): FormState {
  const { values = {}, series = {}, answers = {} } = example.input;
  return Object.fromEntries(
    form.fields.map((f): [string, FieldState] => {
      const q = values[f.id];
      const s = series[f.id];
      const a = answers[f.id];
      if (f.kind === "quantity" && q) {
        const limit = f.limit?.which === "lower" ? q.lowerLimit : q.upperLimit;
        return [f.id, { kind: "quantity", text: valueText(q), unit: q.unit, limit: limit?.toString() ?? "" }];
      }
      if (f.kind === "series" && s && s.length > 0)
        return [
          f.id,
          {
            kind: "series",
            unit: s[0]?.unit ?? f.units[0] ?? "",
            rows: s.map((p) => ({ day: String(p.day), value: valueText(p) })),
          },
        ];
      if (a !== undefined) return [f.id, { kind: "answer", text: a }];
      return [f.id, emptyField(f)];
    }),
  );
}

const COMPARATORS: Readonly<Record<string, Comparator>> = {
  "<": "<",
  "<=": "<=",
  "≤": "<=",
  ">": ">",
  ">=": ">=",
  "≥": ">=",
};
const NUMBER = /^\s*(<=|>=|≤|≥|<|>)?\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*$/;

type Parsed =
  | { readonly ok: true; readonly value: number; readonly comparator?: Comparator }
  | { readonly ok: false; readonly message: string };

/**
 * A typed result: a number with an optional comparator (`<10`, `≥ 2.5`). A comma is refused rather than
 * read as a decimal or a thousands separator, which would be a guess.
 *
 * @example parseValue("<10"); // { ok: true, value: 10, comparator: "<" }
 */
export function parseValue(text: string): Parsed {
  const m = NUMBER.exec(text);
  if (m === null)
    return {
      ok: false,
      message: text.includes(",")
        ? `"${text}" is not a number: use a point for decimals and no thousands separator`
        : `"${text}" is not a number`,
    };
  const comparator = m[1] === undefined ? undefined : COMPARATORS[m[1]];
  return { ok: true, value: Number(m[2]), ...(comparator !== undefined && { comparator }) };
}

function limitOf(f: CalculatorField, s: QuantityState, errors: FieldError[]): Partial<QuantityInput> {
  if (f.kind !== "quantity" || f.limit === undefined || s.limit.trim() === "") return {};
  const which = f.limit.which === "upper" ? "upper limit of normal" : "lower limit of normal";
  const n = parseValue(s.limit);
  if (!n.ok || n.comparator !== undefined || n.value <= 0) {
    errors.push({ field: f.id, message: `${f.label}, ${which}: "${s.limit}" is not a positive number` });
    return {};
  }
  return f.limit.which === "upper" ? { upperLimit: n.value } : { lowerLimit: n.value };
}

function seriesOf(f: CalculatorField, s: SeriesState, errors: FieldError[]): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const [i, row] of s.rows.entries()) {
    if (row.day.trim() === "" && row.value.trim() === "") continue;
    const where = `${f.label}, row ${i + 1}`;
    const day = Number(row.day);
    if (row.day.trim() === "" || !Number.isInteger(day)) {
      errors.push({ field: f.id, message: `${where}: day "${row.day}" is not a whole number of days` });
      continue;
    }
    if (row.value.trim() === "") {
      errors.push({ field: f.id, message: `${where}: day ${day} has no value` });
      continue;
    }
    const v = parseValue(row.value);
    if (!v.ok) {
      errors.push({ field: f.id, message: `${where}: ${v.message}` });
      continue;
    }
    points.push({
      day,
      value: v.value,
      unit: s.unit,
      ...(v.comparator !== undefined && { comparator: v.comparator }),
    });
  }
  return points;
}

/**
 * The core's input for what is typed, and the typing errors by field. A field left empty is left out of
 * the input, so that the core names it as missing — never read as 0.
 */
export function inputOf(
  form: CalculatorForm,
  state: FormState,
): { readonly input: CalculatorInput; readonly errors: readonly FieldError[] } {
  const errors: FieldError[] = [];
  const values: Record<string, QuantityInput> = {};
  const series: Record<string, SeriesPoint[]> = {};
  const answers: Record<string, string> = {};
  for (const f of form.fields) {
    const s = state[f.id];
    if (s === undefined) continue;
    if (s.kind === "quantity") {
      if (s.text.trim() === "") continue;
      const v = parseValue(s.text);
      if (!v.ok) {
        errors.push({ field: f.id, message: `${f.label}: ${v.message}` });
        continue;
      }
      const limit = limitOf(f, s, errors);
      values[f.id] = {
        value: v.value,
        unit: s.unit,
        ...(v.comparator !== undefined && { comparator: v.comparator }),
        ...limit,
      };
    } else if (s.kind === "series") {
      const points = seriesOf(f, s, errors);
      if (points.length > 0) series[f.id] = points;
    } else if (s.text.trim() !== "") answers[f.id] = s.text.trim();
  }
  return { input: { values, series, answers }, errors };
}

/**
 * Computes a calculator from what is typed with the core's `calculate`: typing errors and the core's own
 * (unit not offered, implausible value, answer out of range) come back together, each naming its field.
 */
export function calculateForm(k: Knowledge, form: CalculatorForm, state: FormState): CalculationOutcome {
  const { input, errors } = inputOf(form, state);
  const out = calculate(k, form.id, input);
  if (errors.length === 0) return out;
  return { ok: false, errors: [...errors, ...(out.ok ? [] : out.errors)] };
}
