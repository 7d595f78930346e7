/**
 * CTCAE v5.0 grading of one laboratory value as a calculator: the value (with the laboratory's limit and
 * a baseline when the term's criteria use them) is read by the engine's lab reader and graded by
 * `gradeValue`, the function that grades a patient's results.
 */

import type { LabResult } from "../contracts/model.js";
import type { Anticoagulation } from "../engine/grading/anticoagulation.js";
import { type DrugEffect, gradeValue } from "../engine/grading/ctcae.js";
import type { CalculatorInput } from "../knowledge/calculators.js";
import type { LabTermRule } from "../knowledge/ctcae.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import type { Calculation, CalculationOutcome } from "./calculate.js";
import { type CalculatorField, type CalculatorForm, labName, limitField, unitsOf } from "./form.js";
import { type Built, REF, readValue, stamp } from "./read.js";

const PREFIX = "ctcae/";

function labTerm(k: Knowledge, term: string): LabTermRule | undefined {
  const t = k.ctcae.terms.find((x) => x.term === term);
  return t?.kind === "lab" ? t : undefined;
}

function fieldsOf(k: Knowledge, rule: LabTermRule): CalculatorField[] {
  const kinds = new Set(rule.clauses.map((c) => c.criterion.kind));
  const limit =
    kinds.has("belowLln") || rule.clauses.some((c) => c.ifBelowLln)
      ? limitField(k, rule.lab, "lower")
      : kinds.has("aboveUln")
        ? limitField(k, rule.lab, "upper")
        : undefined;
  const base = { components: ["grade"], sourceIds: [...rule.sourceIds] };
  const fields: CalculatorField[] = [
    {
      kind: "quantity",
      id: rule.lab,
      lab: rule.lab,
      label: labName(k, rule.lab),
      units: unitsOf(k, rule.lab, rule.unit),
      ...(limit && { limit }),
      ...base,
    },
  ];
  if (
    kinds.has("aboveBaseline") ||
    kinds.has("decreaseFromBaselinePct") ||
    rule.clauses.some((c) => c.ifBaseline)
  )
    fields.push({
      kind: "quantity",
      id: `${rule.lab}-baseline`,
      lab: rule.lab,
      label: `Baseline ${labName(k, rule.lab).toLowerCase()} (before treatment)`,
      units: unitsOf(k, rule.lab, rule.unit),
      hoursBefore: 7 * 24,
      ...(limit && { limit }),
      ...base,
    });
  if (rule.clauses.some((c) => c.onlyOnAnticoagulation))
    fields.push({
      kind: "choice",
      id: "anticoagulation",
      label: "On anticoagulation when the sample was drawn?",
      choices: [
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ],
      ...base,
    });
  if (rule.drugEffect)
    fields.push({
      kind: "choice",
      id: "drug-effect",
      label: rule.drugEffect.question,
      choices: [
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ],
      components: ["grade"],
      sourceIds: [...rule.drugEffect.sourceIds],
    });
  return fields;
}

/**
 * The CTCAE v5.0 calculator form of one laboratory term (`ctcae/platelet-count-decreased`), undefined for
 * an id that is not a laboratory term.
 *
 * @example ctcaeForm(knowledge, "ctcae/inr-increased")?.fields.map((f) => f.id); // ["inr", "inr-baseline", "anticoagulation"]
 */
export function ctcaeForm(k: Knowledge, id: string): CalculatorForm | undefined {
  const rule = id.startsWith(PREFIX) ? labTerm(k, id.slice(PREFIX.length)) : undefined;
  if (!rule) return undefined;
  return {
    id,
    name: `CTCAE v5.0 ${rule.name}`,
    kind: "ctcae",
    fields: fieldsOf(k, rule),
    assumes: [],
    ...(rule.note !== undefined && { note: rule.note }),
    sourceIds: [...rule.sourceIds],
    bands: ([1, 2, 3, 4, 5] as const)
      .filter((g) => rule.grades[g] !== "-")
      .map((g) => ({ key: `grade-${g}`, interpretation: `Grade ${g}: ${rule.grades[g]}` })),
  };
}

/** The CTCAE forms of every laboratory term, in the rules' order. */
export function ctcaeForms(k: Knowledge): CalculatorForm[] {
  return k.ctcae.terms.flatMap((t) =>
    t.kind === "lab" ? [ctcaeForm(k, `${PREFIX}${t.term}`) as CalculatorForm] : [],
  );
}

/**
 * Grades one value of a CTCAE laboratory term. Errors name the field (unit not offered, value the reader
 * rejects, unknown field); without the value the result is `incomplete` and names it.
 *
 * @example
 * const out = gradeCtcae(knowledge, "ctcae/platelet-count-decreased", { values: { platelets: { value: 24.9, unit: "10*9/L" } } });
 * out.ok && out.result.value; // 4
 */
export function gradeCtcae(k: Knowledge, id: string, input: CalculatorInput): CalculationOutcome {
  const form = ctcaeForm(k, id);
  const rule = id.startsWith(PREFIX) ? labTerm(k, id.slice(PREFIX.length)) : undefined;
  if (!form || !rule)
    return { ok: false, errors: [{ field: "", message: `no CTCAE laboratory term ${id}` }] };
  const out: Built = { labs: [], events: [], exposures: [], contextDrugs: [], readings: [], errors: [] };
  const known = new Set(form.fields.map((f) => f.id));
  for (const f of [
    ...Object.keys(input.values ?? {}),
    ...Object.keys(input.answers ?? {}),
    ...Object.keys(input.series ?? {}),
  ])
    if (!known.has(f)) out.errors.push({ field: f, message: `${form.name} has no field ${f}` });
  const anticoagulation = input.answers?.anticoagulation;
  const onDrug = input.answers?.["drug-effect"];
  for (const [field, answer] of [
    ["anticoagulation", anticoagulation],
    ["drug-effect", onDrug],
  ] as const)
    if (answer !== undefined && answer !== "yes" && answer !== "no")
      out.errors.push({ field, message: `"${answer}" is not one of yes, no` });
  for (const f of form.fields) {
    const q = f.kind === "quantity" ? input.values?.[f.id] : undefined;
    if (f.kind === "quantity" && q)
      readValue(k, f, q, stamp(0, 8 - (f.hoursBefore ?? 0)), `${REF}/${f.id}`, out);
  }
  if (out.errors.length > 0) return { ok: false, errors: out.errors };
  const byRef = (f: string): LabResult | undefined => out.labs.find((l) => l.ref === `${REF}/${f}`);
  const value = byRef(rule.lab);
  const base = {
    calculator: id,
    name: form.name,
    readings: out.readings,
    knowledge: { version: k.version, hash: k.hash },
  };
  const sources = (ids: readonly string[]) =>
    [...new Set(ids)].flatMap((s) => {
      const r = k.references.get(s);
      return r ? [r] : [];
    });
  const valueField = form.fields[0] as CalculatorField;
  const incomplete = (interpretation: string, missing: Calculation["missing"]): CalculationOutcome => ({
    ok: true,
    result: {
      ...base,
      status: "incomplete",
      value: null,
      category: "incomplete",
      interpretation,
      components: [],
      missing,
      sources: sources(rule.sourceIds),
    },
  });
  if (!value)
    return incomplete(`No grade: ${valueField.label} is missing.`, [
      { component: "grade", label: valueField.label, fields: [valueField.label] },
    ]);
  const ac: Anticoagulation | undefined =
    anticoagulation === undefined
      ? undefined
      : { on: anticoagulation === "yes", refs: anticoagulation === "yes" ? [`${REF}/anticoagulation`] : [] };
  const baselineLabel = form.fields.find((f) => f.id === `${rule.lab}-baseline`)?.label ?? "Baseline";
  // On a drug that moves the value by design the baseline given is read as the value before its course.
  const baseline = byRef(`${rule.lab}-baseline`);
  const effect: DrugEffect | undefined =
    onDrug === "yes"
      ? { refs: [`${REF}/drug-effect`], ...(baseline && baseline.comparator === undefined && { baseline }) }
      : undefined;
  const g = gradeValue(rule.term, value, baseline, k.ctcae, k.vocabulary.labById(rule.lab), ac, effect);
  if (!g && effect && rule.drugEffect)
    return incomplete(
      rule.drugEffect.grading === "not-graded"
        ? `Not graded: the intended effect of the drug. ${rule.drugEffect.why}`
        : `Not gradable: on anticoagulation without a baseline. ${rule.drugEffect.why}`,
      rule.drugEffect.grading === "not-graded"
        ? []
        : [{ component: "grade", label: baselineLabel, fields: [baselineLabel] }],
    );
  if (!g)
    return incomplete(
      `No grade: a censored value (${value.comparator ?? ""}${value.value}) leaves the grade open.`,
      [],
    );
  const text =
    g.grade === 0 ? "not graded (no CTCAE criterion met)" : rule.grades[g.grade as 1 | 2 | 3 | 4 | 5];
  const result: Calculation = {
    ...base,
    status: "complete",
    value: g.grade,
    category: `grade-${g.grade}`,
    interpretation: `${rule.name}: grade ${g.grade}, ${text} (${g.basis}).`,
    components: [{ id: "grade", label: g.basis, value: g.grade }],
    missing: [],
    sources: sources(g.sourceIds),
  };
  return { ok: true, result };
}
