/**
 * One input per calculator field, rendered from the core's form description: a lab value with its unit
 * (and the laboratory's limit when the score compares with it), a series of results by day, a choice, a
 * number or a list of days. Every control has a label; a field's errors are tied to it with
 * `aria-describedby` and `aria-invalid`.
 */
import type {
  CalculatorField,
  ChoiceField,
  DaysField,
  FieldError,
  NumberField,
  QuantityField,
  SeriesField,
} from "@hemosentinel/core";
import type { ReactNode } from "react";
import type { AnswerState, FieldState, QuantityState, SeriesState } from "./form-state.js";
import { unitLabel } from "./paths.js";

/** The id of a field's first control: error messages link to it. */
export function fieldControlId(field: string): string {
  return `field-${field}`;
}

/** Choices shown as radio buttons up to this many; a longer list is a select. */
const MAX_RADIOS = 4;

interface FieldProps<F extends CalculatorField, S extends FieldState> {
  readonly field: F;
  readonly state: S;
  readonly errors: readonly FieldError[];
  readonly onChange: (next: S) => void;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((x): x is string => typeof x === "string");
  return list.length === 0 ? undefined : list.join(" ");
}

function Help({ id, text }: { readonly id: string; readonly text: string | undefined }) {
  return text === undefined ? null : (
    <p id={id} className="help">
      {text}
    </p>
  );
}

function Errors({ id, errors }: { readonly id: string; readonly errors: readonly FieldError[] }) {
  return errors.length === 0 ? null : (
    <ul id={id} className="field-error">
      {errors.map((e) => (
        <li key={e.message}>{e.message}</li>
      ))}
    </ul>
  );
}

function UnitSelect(props: {
  readonly id: string;
  readonly label: string;
  readonly units: readonly string[];
  readonly unit: string;
  readonly onChange: (unit: string) => void;
}) {
  if (props.units.length === 1) {
    const only = unitLabel(props.units[0] as string);
    return only === "" ? null : <span className="calc-unit">{only}</span>;
  }
  return (
    <>
      <label className="visually-hidden" htmlFor={props.id}>
        {props.label}
      </label>
      <select id={props.id} value={props.unit} onChange={(e) => props.onChange(e.target.value)}>
        {props.units.map((u) => (
          <option key={u} value={u}>
            {unitLabel(u)}
          </option>
        ))}
      </select>
    </>
  );
}

function QuantityInputField({ field, state, errors, onChange }: FieldProps<QuantityField, QuantityState>) {
  const id = fieldControlId(field.id);
  const limit = field.limit;
  const limitName = limit?.which === "lower" ? "Lower limit of normal" : "Upper limit of normal";
  const limitDefault =
    limit?.default === undefined
      ? "optional"
      : `empty: ${limit.default} ${unitLabel(limit.unit ?? "")}`.trim().concat(" (reference interval)");
  return (
    <TextField
      id={id}
      label={field.label}
      mode="decimal"
      value={state.text}
      onChange={(text) => onChange({ ...state, text })}
      errors={errors}
      help={field.help}
      after={
        <UnitSelect
          id={`${id}-unit`}
          label={`${field.label}, unit`}
          units={field.units}
          unit={state.unit}
          onChange={(unit) => onChange({ ...state, unit })}
        />
      }
    >
      {limit && (
        <div className="calc-limit">
          <label htmlFor={`${id}-limit`}>
            {limitName} <span className="muted">({limitDefault})</span>
          </label>
          <div className="calc-inline">
            <TextInput
              id={`${id}-limit`}
              mode="decimal"
              value={state.limit}
              onChange={(limit) => onChange({ ...state, limit })}
            />
            <span className="calc-unit">{unitLabel(state.unit)}</span>
          </div>
        </div>
      )}
    </TextField>
  );
}

/** A text box for a number or a list; `label` names it when no visible label does (a series cell). */
function TextInput(props: {
  readonly id?: string | undefined;
  readonly label?: string;
  readonly mode: "numeric" | "decimal" | "text";
  readonly invalid?: boolean;
  readonly describedBy?: string | undefined;
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <input
      id={props.id}
      type="text"
      inputMode={props.mode}
      autoComplete="off"
      aria-label={props.label}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/** A labelled text box with what follows it on its line (a unit), its help and its errors. */
function TextField(props: {
  readonly id: string;
  readonly label: string;
  readonly mode: "decimal" | "text";
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly errors: readonly FieldError[];
  readonly help: string | undefined;
  readonly after: ReactNode;
  readonly children?: ReactNode;
}) {
  const { id, errors, help } = props;
  return (
    <div className="calc-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="calc-inline">
        <TextInput
          id={id}
          mode={props.mode}
          invalid={errors.length > 0}
          describedBy={describedBy(help !== undefined && `${id}-help`, errors.length > 0 && `${id}-error`)}
          value={props.value}
          onChange={props.onChange}
        />
        {props.after}
      </div>
      {props.children}
      <Help id={`${id}-help`} text={help} />
      <Errors id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** The typed columns of a series row. */
const COLUMNS = [
  { key: "day", name: "Day", mode: "numeric" },
  { key: "value", name: "Value", mode: "decimal" },
] as const;

function SeriesInputField({ field, state, errors, onChange }: FieldProps<SeriesField, SeriesState>) {
  const id = fieldControlId(field.id);
  const setRow = (i: number, row: SeriesState["rows"][number]) =>
    onChange({ ...state, rows: state.rows.map((r, j) => (j === i ? row : r)) });
  return (
    <fieldset
      className="calc-field calc-series"
      aria-describedby={describedBy(`${id}-help`, errors.length > 0 && `${id}-error`)}
    >
      <legend>{field.label}</legend>
      <p id={`${id}-help`} className="help">
        Day 0 is the {field.day0}; days from {field.minDay}. One result per row; a censored value is typed
        with its comparator (&lt;0.1).
      </p>
      <div className="calc-inline">
        <UnitSelect
          id={`${id}-unit`}
          label={`${field.label}, unit of every row`}
          units={field.units}
          unit={state.unit}
          onChange={(unit) => onChange({ ...state, unit })}
        />
        {field.units.length > 1 && <span className="help">unit of every row</span>}
      </div>
      <table className="calc-series-table">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Value ({unitLabel(state.unit) || "ratio"})</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {state.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in an ordered list the user edits
            <tr key={i}>
              {COLUMNS.map((c) => (
                <td key={c.key}>
                  <TextInput
                    id={i === 0 && c.key === "day" ? id : undefined}
                    label={`${c.name}, row ${i + 1}`}
                    mode={c.mode}
                    invalid={errors.length > 0}
                    value={row[c.key]}
                    onChange={(text) => setRow(i, { ...row, [c.key]: text })}
                  />
                </td>
              ))}
              <td>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove row ${i + 1}`}
                  onClick={() => onChange({ ...state, rows: state.rows.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="calc-secondary"
        onClick={() => onChange({ ...state, rows: [...state.rows, { day: "", value: "" }] })}
      >
        Add a row
      </button>
      <Errors id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}

function pointsText(points: number | undefined): string {
  return points === undefined ? "" : ` (${points} point${points === 1 ? "" : "s"})`;
}

function choiceText(c: ChoiceField["choices"][number]): string {
  // A cancer site's label already states its points.
  return /\(\d+ points?\)$/.test(c.label) ? c.label : `${c.label}${pointsText(c.points)}`;
}

function ChoiceInputField({ field, state, errors, onChange }: FieldProps<ChoiceField, AnswerState>) {
  const id = fieldControlId(field.id);
  const described = describedBy(field.help !== undefined && `${id}-help`, errors.length > 0 && `${id}-error`);
  if (field.choices.length > MAX_RADIOS)
    return (
      <div className="calc-field">
        <label htmlFor={id}>{field.label}</label>
        <select
          id={id}
          value={state.text}
          aria-describedby={described}
          aria-invalid={errors.length > 0 || undefined}
          onChange={(e) => onChange({ kind: "answer", text: e.target.value })}
        >
          <option value="">not answered</option>
          {field.choices.map((c) => (
            <option key={c.value} value={c.value}>
              {choiceText(c)}
            </option>
          ))}
        </select>
        <Help id={`${id}-help`} text={field.help} />
        <Errors id={`${id}-error`} errors={errors} />
      </div>
    );
  const options = [
    ...field.choices.map((c) => ({ value: c.value, text: choiceText(c) })),
    { value: "", text: "not answered" },
  ];
  return (
    <fieldset className="calc-field calc-choice" aria-describedby={described}>
      <legend>{field.label}</legend>
      <div className="calc-radios">
        {options.map((o, i) => (
          <label key={o.value} className="calc-radio">
            <input
              id={i === 0 ? id : undefined}
              type="radio"
              name={id}
              value={o.value}
              checked={state.text === o.value}
              onChange={() => onChange({ kind: "answer", text: o.value })}
            />
            {o.text}
          </label>
        ))}
      </div>
      <Help id={`${id}-help`} text={field.help} />
      <Errors id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}

function TextAnswerField({
  field,
  state,
  errors,
  onChange,
}: FieldProps<NumberField | DaysField, AnswerState>) {
  const help =
    field.kind === "days"
      ? "Days after day 0, separated by commas (3, 7)."
      : `${field.min}–${field.max}${field.integer ? ", whole numbers" : ""}.${field.help === undefined ? "" : ` ${field.help}`}`;
  return (
    <TextField
      id={fieldControlId(field.id)}
      label={field.label}
      mode={field.kind === "days" ? "text" : "decimal"}
      value={state.text}
      onChange={(text) => onChange({ kind: "answer", text })}
      errors={errors}
      help={help}
      after={
        field.kind === "number" &&
        field.unit !== undefined && <span className="calc-unit">{unitLabel(field.unit)}</span>
      }
    />
  );
}

/** The input of one field, for its kind. */
export function FormField(props: {
  readonly field: CalculatorField;
  readonly state: FieldState;
  readonly errors: readonly FieldError[];
  readonly onChange: (next: FieldState) => void;
}) {
  const { field, state, errors, onChange } = props;
  if (field.kind === "quantity" && state.kind === "quantity")
    return <QuantityInputField field={field} state={state} errors={errors} onChange={onChange} />;
  if (field.kind === "series" && state.kind === "series")
    return <SeriesInputField field={field} state={state} errors={errors} onChange={onChange} />;
  if (field.kind === "choice" && state.kind === "answer")
    return <ChoiceInputField field={field} state={state} errors={errors} onChange={onChange} />;
  if ((field.kind === "number" || field.kind === "days") && state.kind === "answer")
    return <TextAnswerField field={field} state={state} errors={errors} onChange={onChange} />;
  throw new Error(`calculator field ${field.id} (${field.kind}) has state of kind ${state.kind}`);
}
