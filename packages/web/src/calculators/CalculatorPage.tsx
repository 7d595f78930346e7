/**
 * One calculator as a standalone form: the fields the core derives from the score's knowledge, live results
 * computed by the core's own `calculate` (the code that scores a patient's record) on every keystroke, the
 * worked example as a one-click demo, the sources, and a link to the score's page in the knowledge atlas.
 */
import {
  atlasPath,
  type CalculatorExample,
  type CalculatorField,
  type CalculatorForm,
  calculatorExample,
  calculatorForm,
  type Knowledge,
} from "@hemosentinel/core";
import { useMemo, useState } from "react";
import { useKnowledge } from "../app/knowledge.js";
import { Link } from "../app/router.js";
import { basisHelp, basisReadings } from "./d-dimer-basis.js";
import { FormField } from "./FormFields.js";
import { calculateForm, emptyState, type FieldState, type FormState, stateOfExample } from "./form-state.js";
import { CALCULATORS_PATH } from "./paths.js";
import { ResultPanel } from "./ResultPanel.js";
import { referencesOf, Sources } from "./Sources.js";
import "./calculators.css";

/** The atlas page about a calculator: the score's own, or for a CTCAE term the page of the lab it grades. */
function atlasLink(
  k: Knowledge,
  form: CalculatorForm,
): { readonly to: string; readonly text: string; readonly about: string } | undefined {
  if (form.kind !== "ctcae")
    return {
      to: atlasPath("score", form.id),
      text: `${form.name} in the knowledge atlas`,
      about: "its items, bands and the disorders it is reported with",
    };
  const field = form.fields[0];
  const lab = field?.kind === "quantity" ? k.labCatalogue.byId.get(field.lab) : undefined;
  const loinc = lab?.loinc[0];
  return loinc === undefined
    ? undefined
    : {
        to: atlasPath("lab", loinc),
        text: `${field?.label} in the knowledge atlas`,
        about: "its codes, units and where the engine reads it",
      };
}

function ExampleBox(props: {
  readonly example: CalculatorExample;
  readonly bands: CalculatorForm["bands"];
  readonly onLoad: () => void;
}) {
  const { example } = props;
  const category = example.expected.category;
  const named = props.bands.find((b) => b.key === category)?.label ?? category;
  // A CTCAE grade is its own value: "grade 4", not "4 (grade-4)" (the band's key).
  const grade = /^grade-(\d)$/.exec(category);
  const expected =
    grade !== null ? `grade ${grade[1]}` : `${example.expected.value ?? "no value"} (${named})`;
  return (
    <div className="calc-example">
      <button type="button" onClick={props.onLoad}>
        Load the worked example
      </button>
      <p>
        <strong>{example.published ? "Published worked example" : "Constructed example"}:</strong>{" "}
        {example.published
          ? `${example.title}. Printed in the source, with the result ${expected}.`
          : `${example.title}. Not printed in the source: a case built from the published criteria, whose knowledge test case expects ${expected}.`}
      </p>
      {example.note !== undefined && <p className="help">{example.note}</p>}
    </div>
  );
}

/** A field with, for a D-dimer of unstated basis, how each basis and a value without one are read. */
function withBasisHelp(k: Knowledge, f: CalculatorField): CalculatorField {
  if (f.kind !== "quantity") return f;
  const basis = basisHelp(k.vocabulary, f.lab);
  return basis === undefined ? f : { ...f, help: f.help === undefined ? basis : `${f.help} ${basis}` };
}

function Calculator({ k, form }: { readonly k: Knowledge; readonly form: CalculatorForm }) {
  const [state, setState] = useState<FormState>(() => emptyState(form));
  const outcome = useMemo(() => calculateForm(k, form, state), [k, form, state]);
  const example = calculatorExample(k, form.id);
  const errorsOf = (field: string) => (outcome.ok ? [] : outcome.errors.filter((e) => e.field === field));
  const set = (field: string) => (next: FieldState) => setState((s) => ({ ...s, [field]: next }));
  const atlas = atlasLink(k, form);
  const sources = referencesOf(k, [
    ...form.sourceIds,
    ...form.fields.flatMap((f) => f.sourceIds),
    // The upper limits a D-dimer of unstated basis is read against (its help and result name them).
    ...form.fields.flatMap((f) =>
      f.kind === "quantity"
        ? basisReadings(k.vocabulary, f.lab).flatMap((b) => b.lab.reference?.sourceIds ?? [])
        : [],
    ),
    ...(example?.sourceIds ?? []),
  ]);
  return (
    <>
      <h1>{form.name}</h1>
      <div className="lead">
        {form.assumes.map((a) => (
          <p key={a}>{a}</p>
        ))}
        {form.note !== undefined && <p className="help">{form.note}</p>}
        {atlas && (
          <p>
            <Link to={atlas.to}>{atlas.text}</Link>: {atlas.about}.
          </p>
        )}
      </div>
      <div className="calc-layout">
        <form
          className="card calc-form"
          aria-labelledby="calc-form-title"
          onSubmit={(e) => e.preventDefault()}
        >
          <h2 id="calc-form-title">Values</h2>
          <p className="help">
            Results update as you type. A field left empty is reported as missing, never counted as 0; an
            undetectable result is typed with its comparator (&lt;10).
          </p>
          {example ? (
            <ExampleBox
              example={example}
              bands={form.bands}
              onLoad={() => setState(stateOfExample(form, example))}
            />
          ) : (
            <p className="help">The knowledge holds no worked example for this calculator.</p>
          )}
          {form.fields.map((f) => (
            <FormField
              key={f.id}
              field={withBasisHelp(k, f)}
              state={state[f.id] as FieldState}
              errors={errorsOf(f.id)}
              onChange={set(f.id)}
            />
          ))}
          <button type="button" className="calc-secondary" onClick={() => setState(emptyState(form))}>
            Clear the form
          </button>
        </form>
        <ResultPanel form={form} state={state} outcome={outcome} labs={k.vocabulary} />
      </div>
      <section aria-labelledby="calc-sources-title">
        <h2 id="calc-sources-title">Sources</h2>
        <Sources references={sources} />
        <p className="help">
          Computed in this browser by the HemoSentinel engine with knowledge {k.version} ({k.hash}); nothing
          typed here leaves the page.
        </p>
      </section>
    </>
  );
}

export function CalculatorPage({ id }: { readonly id: string }) {
  const knowledge = useKnowledge();
  const back = (
    <nav aria-label="Breadcrumb" className="calc-breadcrumb">
      <Link to={CALCULATORS_PATH}>All calculators</Link>
    </nav>
  );
  if (knowledge.status === "loading")
    return (
      <>
        {back}
        <p role="status">Loading the knowledge base…</p>
      </>
    );
  if (knowledge.status === "failed")
    return (
      <>
        {back}
        <p className="error-box">{knowledge.message}</p>
      </>
    );
  const form = calculatorForm(knowledge.knowledge, id);
  if (form === undefined)
    return (
      <>
        {back}
        <h1>No such calculator</h1>
        <p>
          There is no calculator “{id}”. <Link to={CALCULATORS_PATH}>See every calculator</Link>.
        </p>
      </>
    );
  return (
    <>
      {back}
      {/* A new calculator starts with a fresh form. */}
      <Calculator key={form.id} k={knowledge.knowledge} form={form} />
    </>
  );
}
