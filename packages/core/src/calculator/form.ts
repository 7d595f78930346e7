/**
 * Calculator forms derived from the knowledge: for each score, the fields a clinician fills (values with
 * the units a form offers, series of counts by day, choices), with help text and sources, so that a UI
 * renders every calculator with one generic form. Nothing here is written per score: the fields follow
 * from the score's components as the engine reads them.
 */

import { displayUnit, termText } from "../engine/display.js";
import { countCriterionField } from "../engine/scores/components.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import type { Component, ScoreConfig } from "../knowledge/scores.js";
import { renderContextOf } from "../render/context.js";
import { wordingOf } from "../render/wording.js";

/** One choice of a choice field; `points` when the choice decides a component's points. */
export interface FieldChoice {
  readonly value: string;
  readonly label: string;
  readonly points?: number;
}

interface FieldBase {
  readonly id: string;
  readonly label: string;
  readonly help?: string;
  /** The score components this field feeds (their ids). */
  readonly components: readonly string[];
  readonly sourceIds: readonly string[];
}

/** A lab value typed with a selectable unit; converted by the engine's UCUM converter. */
export interface QuantityField extends FieldBase {
  readonly kind: "quantity";
  /** Lab catalogue id the value is read as. */
  readonly lab: string;
  /** Units offered, the score's own unit first. */
  readonly units: readonly string[];
  /** The laboratory's limit the component compares with (entered beside the value), with the catalogue's default. */
  readonly limit?: { readonly which: "upper" | "lower"; readonly default?: number; readonly unit?: string };
  /** The value is taken this many hours before the evaluation (an earlier count, e.g. for a fall). */
  readonly hoursBefore?: number;
}

/** Results of one lab by day (day 0 = the calculator's anchor: CAR-T infusion, heparin start). */
export interface SeriesField extends FieldBase {
  readonly kind: "series";
  readonly lab: string;
  readonly units: readonly string[];
  /** What day 0 is. */
  readonly day0: string;
  /** Earliest day accepted (a baseline before day 0). */
  readonly minDay: number;
}

export interface ChoiceField extends FieldBase {
  readonly kind: "choice";
  readonly choices: readonly FieldChoice[];
}

/** A plain number (BMI, SOFA points of organs outside the form, days), typed as text in the answers. */
export interface NumberField extends FieldBase {
  readonly kind: "number";
  readonly unit?: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/** Days relative to day 0 on which an event happened (platelet transfusions for T-ICAHT), comma-separated. */
export interface DaysField extends FieldBase {
  readonly kind: "days";
  readonly event: string;
}

export type CalculatorField = QuantityField | SeriesField | ChoiceField | NumberField | DaysField;

/** Everything a UI needs to render one score's calculator. */
export interface CalculatorForm {
  readonly id: string;
  readonly name: string;
  readonly kind: ScoreConfig["kind"] | "ctcae";
  readonly fields: readonly CalculatorField[];
  /** What the calculator assumes about the patient (the score's applicability, e.g. sepsis for SIC). */
  readonly assumes: readonly string[];
  readonly note?: string;
  readonly sourceIds: readonly string[];
  /** Band cut-offs as written in the knowledge, for the result panel. */
  readonly bands: readonly {
    readonly key: string;
    readonly interpretation: string;
    /** How the band reads in a sentence ("250 or more (> 99 %)"), where the knowledge names it. */
    readonly label?: string;
  }[];
}

/** Scores whose anchor is a CAR-T infusion or a heparin start, as a form states day 0. */
const CAR_T_DAY0 = "day of CAR-T infusion";
const HEPARIN_DAY0 = "first day of the current heparin course";

function question(k: Knowledge, calculator: string, field: string, fallback: string): string {
  return k.calculators.questions[`${calculator}/${field}`] ?? fallback;
}

export function unitsOf(k: Knowledge, lab: string, scoreUnit: string | undefined): string[] {
  const offered = k.calculators.units[lab] ?? [];
  const canonical = scoreUnit ?? k.vocabulary.labById(lab)?.unit;
  return [...new Set([...(canonical ? [canonical] : []), ...offered])];
}

export function labName(k: Knowledge, lab: string): string {
  return k.vocabulary.labById(lab)?.name ?? lab;
}

/** Collects fields by id: a lab read by several components is asked once. */
class Fields {
  private readonly byId = new Map<string, CalculatorField>();
  add(f: CalculatorField): void {
    const seen = this.byId.get(f.id);
    if (!seen) {
      this.byId.set(f.id, f);
      return;
    }
    this.byId.set(f.id, {
      ...seen,
      components: [...new Set([...seen.components, ...f.components])],
      sourceIds: [...new Set([...seen.sourceIds, ...f.sourceIds])],
    } as CalculatorField);
  }
  list(): CalculatorField[] {
    return [...this.byId.values()];
  }
}

function quantity(
  k: Knowledge,
  c: { id: string; sourceIds: readonly string[]; note?: string },
  lab: string,
  unit: string | undefined,
  extra: Partial<QuantityField> = {},
): QuantityField {
  return {
    kind: "quantity",
    id: lab,
    lab,
    label: labName(k, lab),
    units: unitsOf(k, lab, unit),
    components: [c.id],
    sourceIds: [...c.sourceIds],
    ...(c.note !== undefined && { help: c.note }),
    ...extra,
  };
}

/** The laboratory limit a field asks beside its value, defaulting to the catalogue's reference interval. */
export function limitField(k: Knowledge, lab: string, which: "upper" | "lower"): QuantityField["limit"] {
  const def = k.vocabulary.labById(lab);
  const limit = which === "upper" ? def?.reference?.high : def?.reference?.low;
  return {
    which,
    ...(limit !== undefined && { default: limit }),
    ...(def?.unit !== undefined && { unit: def.unit }),
  };
}

function points(n: number): string {
  return `${n} point${n === 1 ? "" : "s"}`;
}

/** The fields of one points-score component. */
function componentFields(k: Knowledge, score: string, c: Component, out: Fields): void {
  switch (c.kind) {
    case "lab":
      out.add(quantity(k, c, c.lab, c.unit));
      if (c.fall)
        out.add(
          quantity(k, c, c.lab, c.unit, {
            id: `${c.lab}-earlier`,
            label: question(
              k,
              score,
              `${c.lab}-earlier`,
              `Highest ${labName(k, c.lab).toLowerCase()} in the preceding ${c.fall.withinHours} h`,
            ),
            hoursBefore: c.fall.withinHours / 2,
          }),
        );
      return;
    case "lab-vs-uln":
      out.add(quantity(k, c, c.lab, c.unit, { limit: limitField(k, c.lab, "upper") }));
      return;
    case "fibrin-marker": {
      // A D-dimer whose unit names its basis (FEU/DDU) is moved to that lab by the reader, as for a record.
      const targets = new Set(
        c.relativeToUln.labs.flatMap((l) => {
          const b = (k.labCatalogue.byId.get(l) as { basisLabs?: { FEU: string; DDU: string } } | undefined)
            ?.basisLabs;
          return b ? [b.FEU, b.DDU] : [];
        }),
      );
      for (const lab of c.relativeToUln.labs.filter((l) => !targets.has(l)))
        out.add(
          quantity(k, c, lab, undefined, {
            limit: limitField(k, lab, "upper"),
            help: "Enter one fibrin-related marker; its unit names the D-dimer basis (FEU or DDU).",
          }),
        );
      return;
    }
    case "any-of": {
      // A note about an undetectable result (PLASMIC's haptoglobin) belongs under that lab's field, not
      // repeated under the reticulocytes and the bilirubin, while the haptoglobin field lost it.
      const undetectable = c.criteria.some((crit) => "undetectable" in crit);
      const { note, ...rest } = c;
      for (const crit of c.criteria) {
        const own = undetectable ? rest : c;
        const help =
          "undetectable" in crit
            ? [note, "An undetectable result is entered with its detection limit and the comparator <."]
                .filter((x) => x !== undefined)
                .join(" ")
            : undefined;
        out.add(
          quantity(
            k,
            own,
            crit.lab,
            "unit" in crit ? crit.unit : undefined,
            help === undefined ? {} : { help },
          ),
        );
      }
      return;
    }
    case "count-of":
      for (const crit of c.criteria) {
        if ("lab" in crit) {
          out.add(quantity(k, c, crit.lab, crit.unit));
          continue;
        }
        const id = countCriterionField(c.id, crit.id);
        out.add({
          kind: "choice",
          id,
          label: question(k, score, id, termText(crit.id)),
          choices: [
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ],
          components: [c.id],
          sourceIds: [...c.sourceIds],
          ...("notInRecord" in crit && { help: crit.notInRecord }),
        });
      }
      return;
    case "fact": {
      const yesMeansAbsent = c.absentPoints > c.presentPoints;
      out.add({
        kind: "choice",
        id: c.id,
        label: question(k, score, c.id, c.label),
        choices: [
          {
            value: yesMeansAbsent ? "absent" : "present",
            label: "Yes",
            points: Math.max(c.absentPoints, c.presentPoints),
          },
          {
            value: yesMeansAbsent ? "present" : "absent",
            label: "No",
            points: Math.min(c.absentPoints, c.presentPoints),
          },
        ],
        components: [c.id],
        sourceIds: [...c.sourceIds],
        ...(c.note !== undefined && { help: c.note }),
      });
      return;
    }
    case "cancer-site":
      out.add({
        kind: "choice",
        id: c.id,
        label: question(k, score, c.id, c.label),
        choices: c.groups.flatMap((g) =>
          g.qualifiers.map((q) => ({
            value: q,
            label: `${termText(q)} (${points(g.points)})`,
            points: g.points,
          })),
        ),
        components: [c.id],
        sourceIds: [...c.sourceIds],
      });
      return;
    case "lab-or-drug":
      out.add(quantity(k, c, c.lab, c.unit));
      out.add({
        kind: "choice",
        id: `${c.id}-drug`,
        label: question(
          k,
          score,
          `${c.id}-drug`,
          `${c.drug.roles.map(termText).join(" or ")} in the last ${c.drug.lookbackDays} days`,
        ),
        choices: [
          { value: "yes", label: "Yes", points: c.drug.points },
          { value: "no", label: "No" },
        ],
        components: [c.id],
        sourceIds: [...c.sourceIds],
      });
      return;
    case "bmi":
      out.add({
        kind: "number",
        id: "bmi",
        label: question(k, score, "bmi", "Body-mass index"),
        unit: k.vocabulary.bmi.unit,
        min: k.vocabulary.bmi.plausible.min,
        max: k.vocabulary.bmi.plausible.max,
        integer: false,
        components: [c.id],
        sourceIds: [...c.sourceIds],
      });
      return;
    case "sofa-partial":
      for (const organ of c.organs)
        out.add(quantity(k, { ...c, note: `SOFA ${organ.id} part` }, organ.lab, organ.unit));
      out.add({
        kind: "number",
        id: c.id,
        label: question(
          k,
          score,
          c.id,
          `SOFA points of the ${c.unavailableOrgans.join(" and ")} parts (leave empty if unknown)`,
        ),
        min: 0,
        max: 4 * c.unavailableOrgans.length,
        integer: true,
        components: [c.id],
        sourceIds: [...c.sourceIds],
        ...(c.note !== undefined && { help: c.note }),
      });
      return;
    case "not-in-record":
      out.add({
        kind: "choice",
        id: c.id,
        label: question(k, score, c.id, c.label),
        choices: [
          { value: "met", label: "Yes", points: Math.max(...c.possiblePoints) },
          { value: "not-met", label: "No", points: Math.min(...c.possiblePoints) },
        ],
        components: [c.id],
        sourceIds: [...c.sourceIds],
      });
      return;
  }
}

function fieldsOf(k: Knowledge, config: ScoreConfig): CalculatorField[] {
  const out = new Fields();
  switch (config.kind) {
    case "points":
    case "baseline-points":
      for (const c of config.components) componentFields(k, config.id, c, out);
      break;
    case "easix": {
      for (const [key, input] of Object.entries(config.inputs))
        out.add(quantity(k, { id: key, sourceIds: config.sourceIds }, input.lab, input.unit));
      const classes = [
        ...new Set(config.cutoffs.flatMap((c) => (c.whenExposureClass ? [c.whenExposureClass] : []))),
      ];
      out.add({
        kind: "choice",
        id: "therapy",
        label: question(k, config.id, "therapy", "Immunotherapy the patient received"),
        choices: [
          ...classes.map((c) => ({ value: c, label: termText(c) })),
          { value: "other", label: "other or none" },
        ],
        components: [],
        sourceIds: [...new Set(config.cutoffs.flatMap((c) => c.sourceIds))],
      });
      break;
    }
    case "hematotox-grading":
      out.add({
        kind: "series",
        id: config.lab,
        lab: config.lab,
        label: question(k, config.id, config.lab, `${labName(k, config.lab)} by day after infusion`),
        units: unitsOf(k, config.lab, config.unit),
        day0: CAR_T_DAY0,
        minDay: 0,
        components: [
          "early-grade",
          "late-grade",
          "early-window-days",
          "late-window-days",
          "late-repeat-count",
        ],
        sourceIds: [...config.sourceIds],
      });
      if (config.maskedAfter)
        out.add({
          kind: "days",
          id: config.maskedAfter.event,
          event: config.maskedAfter.event,
          label: question(
            k,
            config.id,
            config.maskedAfter.event,
            `Days of ${termText(config.maskedAfter.event)} (counts within ${config.maskedAfter.days} days after are not recovery)`,
          ),
          components: ["early-grade", "late-grade"],
          sourceIds: [...config.sourceIds],
        });
      break;
    case "four-ts":
      out.add({
        kind: "series",
        id: config.platelets.lab,
        lab: config.platelets.lab,
        label: question(k, config.id, config.platelets.lab, "Platelet counts by day of the heparin course"),
        units: unitsOf(k, config.platelets.lab, config.platelets.unit),
        day0: HEPARIN_DAY0,
        minDay: -config.baselineDaysBeforeStart,
        components: ["thrombocytopenia", "timing"],
        sourceIds: [...config.sourceIds],
      });
      out.add({
        kind: "number",
        id: "prior-heparin",
        label: question(
          k,
          config.id,
          "prior-heparin",
          "Days since an earlier heparin course ended (leave empty if none)",
        ),
        min: 1,
        max: 3650,
        integer: true,
        components: ["timing"],
        sourceIds: [...config.sourceIds],
      });
      out.add({
        kind: "choice",
        id: "thrombosis",
        label: question(k, config.id, "thrombosis", "New thrombosis or other sequelae"),
        choices: [
          {
            value: "confirmed",
            label: "confirmed new thrombosis",
            points: config.thrombosis.confirmedPoints,
          },
          {
            value: "lesser",
            label: "progressive, recurrent or suspected thrombosis",
            points: config.thrombosis.lesserPoints,
          },
          { value: "none", label: "none", points: config.thrombosis.absentPoints },
        ],
        components: ["thrombosis"],
        sourceIds: [...config.sourceIds],
      });
      out.add({
        kind: "choice",
        id: "other-cause",
        label: question(k, config.id, "other-cause", "Other cause of thrombocytopenia"),
        choices: [
          { value: "none", label: "none apparent", points: config.otherCause.nonePoints },
          { value: "possible", label: "possible", points: config.otherCause.possiblePoints },
          { value: "definite", label: "definite", points: config.otherCause.definitePoints },
        ],
        components: ["other-cause"],
        sourceIds: [...config.sourceIds],
      });
      break;
  }
  return out.list();
}

function assumptions(k: Knowledge, config: ScoreConfig): string[] {
  switch (config.kind) {
    case "points": {
      const a = config.applicability;
      const out: string[] = [];
      if (a?.facts?.events) out.push(`The patient has ${a.facts.events.map(termText).join(" or ")}.`);
      if (a?.lab)
        out.push(`Applies only with ${termText(a.lab.lab)} below ${a.lab.below} ${displayUnit(a.lab.unit)}.`);
      // HScore: the engine scores only an HLH-relevant picture; without saying so an empty or partial
      // form reads "does not apply" with no reason.
      if (a?.allOf !== undefined || a?.anyOf !== undefined) {
        const name = (lab: string) => labName(k, lab);
        const all = (a.allOf ?? []).map((b) => boundText(b, name));
        const any =
          a.anyOf === undefined
            ? []
            : [`at least one of ${a.anyOf.map((b) => boundText(b, name)).join(", ")}`];
        out.push(
          `Applies only with ${[...all, ...any].join(" and ")} (the engine's condition for scoring a record).`,
        );
      }
      return out;
    }
    case "baseline-points":
      return ["Values from before lymphodepletion (pre-infusion baseline)."];
    case "hematotox-grading":
      return ["Day 0 is the CAR-T infusion."];
    case "four-ts":
      return ["The patient is on heparin; day 0 is the first day of the current course."];
    case "easix":
      return [];
  }
}

/** `ferritin > 500 ng/mL`: a lab and its bounds as the form's assumption states them. */
function boundText(
  b: {
    readonly lab: string;
    readonly unit: string;
    readonly lt?: number;
    readonly le?: number;
    readonly gt?: number;
    readonly ge?: number;
  },
  name: (lab: string) => string,
): string {
  const bounds = [
    b.gt === undefined ? "" : `> ${b.gt}`,
    b.ge === undefined ? "" : `≥ ${b.ge}`,
    b.lt === undefined ? "" : `< ${b.lt}`,
    b.le === undefined ? "" : `≤ ${b.le}`,
  ].filter((x) => x !== "");
  return `${name(b.lab)} ${bounds.join(" and ")} ${displayUnit(b.unit)}`.trim();
}

function bandsOf(config: ScoreConfig): CalculatorForm["bands"] {
  switch (config.kind) {
    case "easix":
      return config.cutoffs.map((c) => ({ key: c.key, interpretation: c.interpretation }));
    case "hematotox-grading":
      return Object.entries(config.interpretations).map(([g, t]) => ({
        key: `grade-${g}`,
        interpretation: t,
      }));
    default:
      return config.categories.map((c) => ({
        key: c.key,
        interpretation: c.interpretation,
        ...(c.label !== undefined && { label: c.label }),
      }));
  }
}

/**
 * The form of one score's calculator; undefined for an unknown id.
 *
 * @example
 * scoreForm(knowledge, "isth-overt-dic")?.fields.map((f) => f.id);
 * // ["platelets", "d-dimer-unspecified", "fdp", "pt", "fibrinogen"]
 */
export function scoreForm(k: Knowledge, id: string): CalculatorForm | undefined {
  const config = k.scores.get(id);
  if (!config) return undefined;
  const words = wordingOf(renderContextOf(k));
  return {
    id: config.id,
    name: config.name,
    kind: config.kind,
    fields: fieldsOf(k, config),
    assumes: assumptions(k, config),
    ...(config.note !== undefined && { note: config.note }),
    sourceIds: [...config.sourceIds],
    // As the result's own interpretation reads (calculate.ts): `ISTH >= 5` as `ISTH ≥ 5`, units for people.
    bands: bandsOf(config).map((b) => ({ ...b, interpretation: words.prose(b.interpretation) })),
  };
}
