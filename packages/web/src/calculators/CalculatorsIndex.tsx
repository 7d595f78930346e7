/**
 * Every calculator the knowledge defines: the scores (with the disorders whose findings report them and
 * what each assumes) and CTCAE v5.0 grading of each laboratory term.
 */
import { type CalculatorForm, calculatorForms, type Knowledge } from "@hemosentinel/core";
import { useKnowledge } from "../app/knowledge.js";
import { Link } from "../app/router.js";
import { calculatorPath } from "./paths.js";
import "./calculators.css";

function ScoreCard({ k, form }: { readonly k: Knowledge; readonly form: CalculatorForm }) {
  const disorders = k.disorders.filter((d) => d.scores.includes(form.id)).map((d) => d.name);
  const example = k.calculators.examples.find((e) => e.calculator === form.id);
  return (
    <li className="card calc-card">
      <h3>
        <Link to={calculatorPath(form.id)}>{form.name}</Link>
      </h3>
      {form.assumes.length > 0 && <p>{form.assumes.join(" ")}</p>}
      <p className="help">
        {disorders.length > 0 ? `Reported with: ${disorders.join("; ")}. ` : ""}
        {form.fields.length} {form.fields.length === 1 ? "field" : "fields"}
        {example ? `; ${example.published ? "published" : "constructed"} worked example.` : "."}
      </p>
    </li>
  );
}

function Index({ k }: { readonly k: Knowledge }) {
  const forms = calculatorForms(k);
  const scores = forms.filter((f) => f.kind !== "ctcae");
  const ctcae = forms.filter((f) => f.kind === "ctcae");
  return (
    <>
      <h1>Calculators</h1>
      <p className="lead">
        Each score and CTCAE grade as a standalone form, computed in this browser by the same engine code that
        scores a patient's record, with units of your laboratory, a breakdown of every component and the
        sources. Missing values are named, never counted as 0.
      </p>
      <section aria-labelledby="calc-scores-title">
        <h2 id="calc-scores-title">Scores</h2>
        <ul className="calc-cards">
          {scores.map((f) => (
            <ScoreCard key={f.id} k={k} form={f} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="calc-ctcae-title">
        <h2 id="calc-ctcae-title">CTCAE v5.0 grading of laboratory values</h2>
        <ul className="calc-terms">
          {ctcae.map((f) => (
            <li key={f.id}>
              <Link to={calculatorPath(f.id)}>{f.name.replace(/^CTCAE v5\.0 /, "")}</Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function CalculatorsIndexPage() {
  const knowledge = useKnowledge();
  if (knowledge.status === "loading") return <p role="status">Loading the knowledge base…</p>;
  if (knowledge.status === "failed") return <p className="error-box">{knowledge.message}</p>;
  return <Index k={knowledge.knowledge} />;
}
