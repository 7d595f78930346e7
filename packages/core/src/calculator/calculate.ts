/**
 * Runs a score calculator on a form's input with the engine's own code: the values are read by the
 * engine's lab reader (UCUM conversion, D-dimer basis, plausibility), laid out as a one-patient record
 * around the calculator's day 0, and scored by `computeScore` — the function that scores a patient's
 * record — with the form's answers settling what a record cannot state (a fact absent, SIRS met).
 */

import type { ClinicalEvent, ContextDrug, Exposure, IsoDateTime, PatientRecord } from "../contracts/model.js";
import type { ComponentValue, ScoreResult } from "../contracts/report.js";
import type { EventKind, TherapyClass } from "../contracts/vocabularies.js";
import { valueWithUnit } from "../engine/display.js";
import { computeScore } from "../engine/scores/index.js";
import type { CalculatorInput } from "../knowledge/calculators.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import type { Reference } from "../knowledge/references.js";
import type { HematotoxGrading, ScoreConfig } from "../knowledge/scores.js";
import { renderContextOf } from "../render/context.js";
import { wordingOf } from "../render/wording.js";
import { type CalculatorField, type CalculatorForm, labName, scoreForm } from "./form.js";
import { type Built, type FieldError, REF, type Reading, readValue, stamp } from "./read.js";

/** One component of the result: its points (or range of points, or input value) and what fed it. */
export interface ComponentLine {
  readonly id: string;
  readonly label: string;
  /** Points, "min-max" when partly known, undefined when nothing is known. */
  readonly value: ComponentValue | undefined;
}

/** A component the input leaves open, with the fields that would settle it. */
export interface MissingInput {
  readonly component: string;
  readonly label: string;
  readonly fields: readonly string[];
}

export interface Calculation {
  readonly calculator: string;
  readonly name: string;
  /** `not-applicable` when the input falls outside the score's use (PLASMIC with platelets ≥ 150). */
  readonly status: "complete" | "incomplete" | "not-applicable";
  readonly value: number | null;
  /** Band key (`overt`, `high`, `grade-3`), `incomplete`, or `not-applicable`. */
  readonly category: string;
  readonly interpretation: string;
  readonly components: readonly ComponentLine[];
  readonly missing: readonly MissingInput[];
  /** Each value as the engine read it, in the unit the score compares: `platelets 45 ×10⁹/L (from 45000 /uL)`. */
  readonly readings: readonly Reading[];
  readonly sources: readonly Reference[];
  readonly knowledge: { readonly version: string; readonly hash: string };
}

export type { FieldError, Reading } from "./read.js";

export type CalculationOutcome =
  | { readonly ok: true; readonly result: Calculation }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

function exposure(cls: TherapyClass, day: number): Exposure {
  const at = stamp(day, 0);
  return {
    drug: `${cls} (stated in the form)`,
    class: cls,
    doses: [{ ref: `${REF}/exposure`, at, kind: "administration" }],
    first: at,
    last: at,
    ...(cls === "car-t" && { infusion: at }),
  };
}

function event(kind: EventKind, day: number, qualifiers: readonly string[] = []): ClinicalEvent {
  return { ref: `${REF}/${kind}`, kind, at: stamp(day, 8), ...(qualifiers.length > 0 && { qualifiers }) };
}

function numberAnswer(field: CalculatorField, text: string, out: Built): number | undefined {
  const n = Number(text);
  if (field.kind !== "number" || text.trim() === "" || !Number.isFinite(n)) {
    out.errors.push({ field: field.id, message: `${field.label}: "${text}" is not a number` });
    return undefined;
  }
  if ((field.integer && !Number.isInteger(n)) || n < field.min || n > field.max) {
    out.errors.push({
      field: field.id,
      message: `${field.label}: ${text} is outside ${field.min}–${field.max}${field.integer ? " (whole numbers)" : ""}`,
    });
    return undefined;
  }
  return n;
}

/** Checks every answer against its field; unknown fields are errors, never ignored. */
function checkInput(form: CalculatorForm, input: CalculatorInput, out: Built): Map<string, string> {
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  const answers = new Map<string, string>();
  const unknownField = (id: string, what: string) =>
    out.errors.push({ field: id, message: `${form.name} has no ${what} field ${id}` });
  for (const id of Object.keys(input.values ?? {}))
    if (byId.get(id)?.kind !== "quantity") unknownField(id, "value");
  for (const id of Object.keys(input.series ?? {}))
    if (byId.get(id)?.kind !== "series") unknownField(id, "series");
  for (const [id, text] of Object.entries(input.answers ?? {})) {
    const f = byId.get(id);
    if (!f || f.kind === "quantity" || f.kind === "series") {
      unknownField(id, "answer");
      continue;
    }
    if (text.trim() === "") continue;
    if (f.kind === "choice" && !f.choices.some((c) => c.value === text)) {
      out.errors.push({
        field: id,
        message: `${f.label}: "${text}" is not one of ${f.choices.map((c) => c.value).join(", ")}`,
      });
      continue;
    }
    if (f.kind === "number" && numberAnswer(f, text, out) === undefined) continue;
    if (f.kind === "days" && !text.split(",").every((d) => Number.isInteger(Number(d)) && d.trim() !== "")) {
      out.errors.push({ field: id, message: `${f.label}: "${text}" is not a comma-separated list of days` });
      continue;
    }
    answers.set(id, text);
  }
  return answers;
}

/** Day 0, evaluation instant and the facts a score's use presumes (sepsis for SIC, CAR-T for ICAHT). */
function layout(
  config: ScoreConfig,
  answers: ReadonlyMap<string, string>,
  input: CalculatorInput,
  out: Built,
): IsoDateTime {
  const lastDay = Math.max(0, ...Object.values(input.series ?? {}).flatMap((s) => s.map((p) => p.day)));
  switch (config.kind) {
    case "points": {
      const facts = config.applicability?.facts;
      const site = config.components.find((c) => c.kind === "cancer-site");
      const siteAnswer = site ? answers.get(site.id) : undefined;
      for (const kind of facts?.events?.slice(0, 1) ?? [])
        out.events.push(event(kind, 0, kind === "active-cancer" && siteAnswer ? [siteAnswer] : []));
      if (!facts?.events)
        for (const cls of facts?.exposureClasses?.slice(0, 1) ?? []) out.exposures.push(exposure(cls, -7));
      for (const c of config.components)
        if (c.kind === "lab-or-drug" && answers.get(`${c.id}-drug`) === "yes")
          out.contextDrugs.push({
            ref: `${REF}/${c.id}-drug`,
            drug: "stated in the form",
            roles: [...c.drug.roles],
            start: stamp(-1, 0),
          });
      return stamp(0, 8);
    }
    case "baseline-points":
      // Values before the infusion: the baseline the score is defined on.
      out.exposures.push(exposure("car-t", 1));
      return stamp(0, 8);
    case "easix": {
      const therapy = answers.get("therapy");
      if (therapy !== undefined && therapy !== "other")
        out.exposures.push(exposure(therapy as TherapyClass, -7));
      return stamp(0, 8);
    }
    case "hematotox-grading":
      out.exposures.push(exposure("car-t", 0));
      if (config.maskedAfter)
        for (const d of (answers.get(config.maskedAfter.event) ?? "")
          .split(",")
          .filter((x) => x.trim() !== ""))
          out.events.push(event(config.maskedAfter.event, Number(d)));
      return stamp(lastDay, 23);
    case "four-ts": {
      const role = config.heparinRoles[0] as ContextDrug["roles"][number];
      out.contextDrugs.push({
        ref: `${REF}/heparin`,
        drug: "heparin (stated in the form)",
        roles: [role],
        start: stamp(0, 0),
      });
      const prior = answers.get("prior-heparin");
      if (prior !== undefined) {
        const ended = -Number(prior);
        out.contextDrugs.push({
          ref: `${REF}/earlier-heparin`,
          drug: "heparin (stated in the form)",
          roles: [role],
          start: stamp(ended - 5, 0),
          end: stamp(ended, 0),
        });
      }
      return stamp(lastDay, 23);
    }
  }
}

function record(out: Built): PatientRecord {
  return {
    patientId: "calculator",
    exposures: out.exposures,
    contextDrugs: out.contextDrugs,
    labs: out.labs,
    events: out.events,
    rejected: [],
    conflicts: [],
    ignored: {},
    notUsed: {},
    counts: { read: 0, used: 0, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
    ...(out.bmi !== undefined && { bmi: out.bmi }),
  };
}

/** A grading's component in words: `Days with absolute neutrophil count ≤ 0.5 ×10⁹/L (days 0–30)`. */
function gradingLabel(k: Knowledge, config: HematotoxGrading, id: string): string | undefined {
  const early = `days ${config.early.fromDay}–${config.early.toDay}`;
  const late =
    config.late.toDay === undefined
      ? `from day ${config.late.fromDay}`
      : `days ${config.late.fromDay}–${config.late.toDay}`;
  const th = config.thresholds.find((t) => id === `early-days-${t.id}`);
  if (th)
    return `Days with ${labName(k, config.lab).toLowerCase()} ${th.le === undefined ? "<" : "≤"} ${valueWithUnit(th.le ?? th.lt ?? 0, config.unit)} (${early})`;
  const words: Readonly<Record<string, string>> = {
    "early-grade": `Early grade (${early})`,
    "late-grade": `Late grade (${late})`,
    "early-window-days": `Days without a result (${early})`,
    "late-window-days": `Days without a result (${late})`,
    "late-repeat-count": `A repeat count (${late}): a late grade rests on two or more tests`,
  };
  return words[id];
}

function componentLabel(k: Knowledge, config: ScoreConfig, id: string, form: CalculatorForm): string {
  if (config.kind === "points" || config.kind === "baseline-points") {
    const c = config.components.find((x) => x.id === id);
    if (c) return c.label;
  }
  if (config.kind === "hematotox-grading") {
    const label = gradingLabel(k, config, id);
    if (label) return label;
  }
  const f = form.fields.find((x) => x.components.includes(id) && x.kind === "quantity");
  const words = id.replaceAll("-", " ");
  return f ? f.label : words.charAt(0).toUpperCase() + words.slice(1);
}

function sourcesOf(k: Knowledge, ids: readonly string[]): Reference[] {
  return [...new Set(ids)].flatMap((id) => {
    const r = k.references.get(id);
    return r ? [r] : [];
  });
}

function componentIds(config: ScoreConfig, r: ScoreResult): string[] {
  switch (config.kind) {
    case "points":
    case "baseline-points":
      return config.components.map((c) => c.id);
    case "four-ts":
      return ["thrombocytopenia", "timing", "thrombosis", "other-cause"];
    default:
      return Object.keys(r.components);
  }
}

/**
 * Computes one score from a form's input. Errors (unknown field, unit not offered, value the engine's
 * reader rejects, answer not among the choices) return `ok: false` naming each field; an input that
 * leaves components open returns an `incomplete` result naming them and the fields that would settle
 * them — a missing value is never read as 0.
 *
 * @example
 * const out = calculateScore(knowledge, "isth-overt-dic", {
 *   values: {
 *     platelets: { value: 45, unit: "10*9/L" },
 *     "d-dimer-unspecified": { value: 6, unit: "mg/L{FEU}" },
 *     pt: { value: 16.5, unit: "s" },
 *     fibrinogen: { value: 90, unit: "mg/dL" },
 *   },
 * });
 * out.ok && out.result.value; // 7
 */
export function calculateScore(k: Knowledge, id: string, input: CalculatorInput): CalculationOutcome {
  const config = k.scores.get(id);
  const form = scoreForm(k, id);
  if (!config || !form) return { ok: false, errors: [{ field: "", message: `no calculator ${id}` }] };
  const out: Built = { labs: [], events: [], exposures: [], contextDrugs: [], readings: [], errors: [] };
  const answers = checkInput(form, input, out);
  const at = layout(config, answers, input, out);
  for (const f of form.fields) {
    if (f.kind === "quantity") {
      const q = input.values?.[f.id];
      if (q) readValue(k, f, q, f.hoursBefore ? stamp(0, 8 - f.hoursBefore) : at, `${REF}/${f.id}`, out);
    } else if (f.kind === "series") {
      for (const p of input.series?.[f.id] ?? []) {
        if (p.day < f.minDay) {
          out.errors.push({ field: f.id, message: `${f.label}: day ${p.day} is before day ${f.minDay}` });
          continue;
        }
        readValue(k, f, p, stamp(p.day, 8), `${REF}/${f.id}/day-${p.day}`, out);
      }
    } else if (f.kind === "number" && f.id === "bmi" && answers.has("bmi"))
      out.bmi = Number(answers.get("bmi"));
  }
  if (out.errors.length > 0) return { ok: false, errors: out.errors };
  const base = {
    calculator: config.id,
    name: config.name,
    readings: out.readings,
    knowledge: { version: k.version, hash: k.hash },
  };
  const r = computeScore(id, record(out), at, k.scores, k.vocabulary.labById, answers);
  if (!r) {
    const why = form.assumes.join(" ");
    return {
      ok: true,
      result: {
        ...base,
        status: "not-applicable",
        value: null,
        category: "not-applicable",
        interpretation: `${config.name} does not apply to these values. ${why}`.trim(),
        components: [],
        missing: [],
        sources: sourcesOf(k, config.sourceIds),
      },
    };
  }
  const missing: MissingInput[] = r.missing.map((c) => ({
    component: c,
    label: componentLabel(k, config, c, form),
    fields: form.fields.filter((f) => f.components.includes(c)).map((f) => f.label),
  }));
  // Nothing computable (an empty series): every field left empty is named.
  if (r.value === null && missing.length === 0)
    for (const f of form.fields)
      if (f.kind === "series" && (input.series?.[f.id] ?? []).length === 0)
        missing.push({ component: f.id, label: f.label, fields: [f.label] });
  return {
    ok: true,
    result: {
      ...base,
      status: r.category === "incomplete" || r.value === null ? "incomplete" : "complete",
      value: r.value,
      category: r.category,
      // In words, as the patient report shows it: a component the core names by id ("other-cause") by its name.
      interpretation: wordingOf(renderContextOf(k)).prose(r.interpretation),
      components: componentIds(config, r).map((c) => ({
        id: c,
        label: componentLabel(k, config, c, form),
        value: r.components[c],
      })),
      missing,
      sources: sourcesOf(k, r.sourceIds),
    },
  };
}
