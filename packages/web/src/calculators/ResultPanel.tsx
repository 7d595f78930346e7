/**
 * A calculator's result as the user types: the value and its band in a live region (announced to screen
 * readers), what is missing or wrong by field, each component with its points and the values or answers
 * behind them, the interpretation bands with the result's own marked, and "copy result as text" (the
 * core's `calculationText`, the same words a pasted note carries).
 */
import {
  type Calculation,
  type CalculationOutcome,
  type CalculatorForm,
  type ComponentLine,
  calculationText,
  type Knowledge,
  type Reading,
} from "@hemosentinel/core";
import { useEffect, useState } from "react";
import { clinicalNotation } from "../patient/notation.js";
import { readingBasis } from "./d-dimer-basis.js";
import { fieldControlId } from "./FormFields.js";
import type { FormState } from "./form-state.js";
import { unitLabel, unitText } from "./paths.js";

type Labs = Pick<Knowledge["vocabulary"], "labById">;

const STATUS: Readonly<Record<Calculation["status"], string>> = {
  complete: "Complete",
  incomplete: "Incomplete",
  "not-applicable": "Not applicable",
};

/** What a component's number is, by kind of calculator. */
function valueHeading(kind: CalculatorForm["kind"]): string {
  switch (kind) {
    case "ctcae":
      return "Grade";
    case "easix":
      return "Value";
    case "hematotox-grading":
      return "Grade or days";
    default:
      return "Points";
  }
}

/**
 * A converted value as a laboratory reports it: four significant digits, never rounding a whole number
 * (4.5 mmol/L of triglycerides read as 398.6 mg/dL, not 398.565; 12345 stays 12345); the score compares the
 * exact value.
 */
function shownValue(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const decimals = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(v))));
  return String(Number(v.toFixed(Math.min(decimals, 20))));
}

function readingText(r: Reading): string {
  // A censored value keeps its comparator when read: "<10 mg/dL" is not converted to "10 mg/dL".
  const comparator = /^(<=|>=|<|>)/.exec(r.original)?.[1] ?? "";
  const typed = unitText(r.original);
  // A D-dimer keeps the basis its unit named (FEU and DDU are never converted into each other).
  const basis = /\b(FEU|DDU)$/.exec(typed)?.[1];
  const read = (v: string) =>
    `${comparator}${v} ${unitLabel(r.unit)}${basis === undefined ? "" : ` ${basis}`}`.trim();
  return read(String(r.value)) === typed ? typed : `${typed} → ${read(shownValue(r.value))}`;
}

/** The values and answers behind one component. */
function why(
  form: CalculatorForm,
  state: FormState,
  readings: readonly Reading[],
  c: ComponentLine,
  labs: Labs | undefined,
): string {
  const listed = form.fields.filter((f) => f.components.includes(c.id));
  // A grading's day counts are read from its series, though no field names them.
  const fields = listed.length > 0 ? listed : form.fields.filter((f) => f.kind === "series");
  const parts = fields.flatMap((f) => {
    const read = readings.filter((r) => r.field === f.id);
    const name = f.label.replace(/\?$/, "");
    if (read.length > 3) return [`${name}: ${read.length} results`];
    if (read.length > 0) {
      // A D-dimer of unstated basis says how it was read: as the basis its unit named, against the limit
      // entered, or against both bases' limits.
      const s = state[f.id];
      const limit =
        s?.kind === "quantity" && s.limit.trim() !== ""
          ? `${s.limit.trim()} ${unitLabel(s.unit)}`
          : undefined;
      const basis = (r: Reading) =>
        labs === undefined || f.kind !== "quantity" ? undefined : readingBasis(labs, f.lab, r, limit);
      const text = (r: Reading) => {
        const how = basis(r);
        return how === undefined ? readingText(r) : `${readingText(r)} — ${how}`;
      };
      return [`${name}: ${read.map(text).join(", ")}`];
    }
    const s = state[f.id];
    if (s?.kind !== "answer" || s.text === "") return [];
    const answer =
      f.kind === "choice" ? (f.choices.find((x) => x.value === s.text)?.label ?? s.text) : s.text;
    return [`${name}: ${answer}`];
  });
  return parts.join("; ");
}

function componentValue(v: ComponentLine["value"]): string {
  if (v === undefined || v === null) return "missing";
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
}

function CopyButton({ result }: { readonly result: Calculation }) {
  const [message, setMessage] = useState<{ readonly ok: boolean; readonly text: string } | undefined>();
  // A confirmation speaks of the result it copied: a new result clears it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared whenever the result changes
  useEffect(() => setMessage(undefined), [result]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(calculationText(result));
      setMessage({ ok: true, text: "Copied the result as text to the clipboard." });
    } catch (e) {
      setMessage({
        ok: false,
        text: `The browser did not allow copying (${e instanceof Error ? e.message : String(e)}).`,
      });
    }
  };
  return (
    <div className="calc-copy">
      <button type="button" onClick={() => void copy()}>
        Copy result as text
      </button>
      <span role="status" className={message?.ok === false ? "field-error" : "calc-copied"}>
        {message?.text ?? ""}
      </span>
    </div>
  );
}

function Summary({ outcome }: { readonly outcome: CalculationOutcome }) {
  if (!outcome.ok) {
    const errors = outcome.errors;
    return (
      <div className="calc-summary calc-not-computed">
        <p className="calc-headline">
          Not computed: {errors.length} {errors.length === 1 ? "entry needs" : "entries need"} correcting.
        </p>
        <ul className="field-error">
          {errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              {e.field === "" ? e.message : <a href={`#${fieldControlId(e.field)}`}>{e.message}</a>}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const r = outcome.result;
  return (
    <div className={`calc-summary calc-${r.status}`}>
      <p className="calc-headline">
        <span className="calc-value">{r.value ?? "—"}</span>{" "}
        <span className="calc-status">{STATUS[r.status]}</span>
      </p>
      <p className="calc-interpretation">{clinicalNotation(r.interpretation)}</p>
      {r.missing.length > 0 && (
        <div className="calc-missing">
          <p>Missing (not counted as 0):</p>
          <ul>
            {r.missing.map((m) => (
              <li key={m.component}>
                {clinicalNotation(m.label)} — enter {m.fields.join(" or ")}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function ResultPanel(props: {
  readonly form: CalculatorForm;
  readonly state: FormState;
  readonly outcome: CalculationOutcome;
  /** The knowledge's labs, to say how a D-dimer of unstated basis was read. */
  readonly labs?: Labs;
}) {
  const { form, state, outcome, labs } = props;
  const result = outcome.ok ? outcome.result : undefined;
  return (
    <section className="card calc-result" aria-labelledby="calc-result-title">
      <h2 id="calc-result-title">Result</h2>
      <div role="status" aria-live="polite" aria-atomic="true" className="calc-live">
        <Summary outcome={outcome} />
      </div>
      {result && <CopyButton result={result} />}
      {result && result.components.length > 0 && (
        <table className="calc-components">
          <caption>Components</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">{valueHeading(form.kind)}</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {result.components.map((c) => (
              <tr key={c.id} className={c.value === undefined ? "calc-component-missing" : undefined}>
                <th scope="row">{clinicalNotation(c.label)}</th>
                <td className="calc-points" data-label={valueHeading(form.kind)}>
                  {componentValue(c.value)}
                </td>
                <td data-label="From">{why(form, state, result.readings, c, labs) || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Interpretation bands</h3>
      <ul className="calc-bands">
        {form.bands.map((b) => {
          const current = result?.category === b.key;
          return (
            <li key={b.key} className={current ? "calc-band-current" : undefined}>
              {current ? (
                <strong>
                  {clinicalNotation(b.interpretation)} <span className="calc-band-mark">(this result)</span>
                </strong>
              ) : (
                clinicalNotation(b.interpretation)
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
