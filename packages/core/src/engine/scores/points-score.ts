/**
 * The generic points engine: evaluates every component of a points score at an instant (or against a
 * pre-treatment baseline) and turns the outcomes into a ScoreResult.
 */

import { exposureStart } from "../../contracts/exposure.js";
import type { Exposure, IsoDateTime, PatientRecord } from "../../contracts/model.js";
import type { ScoreResult } from "../../contracts/report.js";
import type { Applicability, BaselinePointsScore, PointsScore } from "../../knowledge/scores.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import { instant } from "../dates.js";
import { meets, rangeOf } from "./bands.js";
import { evaluateComponent } from "./components.js";
import { baselinePicker, type LabPicker, recordedFacts, type StatedAnswers, windowPicker } from "./inputs.js";
import { pointsResult } from "./outcome.js";

/** Lab catalogue look-up (reference ranges for ULN-relative components). */
export type LabCatalogue = (id: string) => LabDefinition | undefined;

function applicable(
  a: Applicability | undefined,
  record: PatientRecord,
  at: IsoDateTime,
  pick: LabPicker,
): boolean {
  if (!a) return true;
  if (a.facts && recordedFacts(record, a.facts, at).length === 0) return false;
  if (a.lab) {
    const r = pick(a.lab.lab, a.lab.unit);
    if (!r || (r.value as number) >= a.lab.below) return false;
  }
  // A result that may or may not meet a condition (censored) does not open the score.
  const holds = (k: NonNullable<Applicability["allOf"]>[number]): boolean => {
    const r = pick(k.lab, k.unit);
    return (
      r !== undefined && typeof r.value === "number" && meets(k, rangeOf(r.value, r.comparator)) === true
    );
  };
  if (a.allOf && !a.allOf.every(holds)) return false;
  if (a.anyOf && !a.anyOf.some(holds)) return false;
  return true;
}

/**
 * A points score at `at` (every `kind: points` configuration, e.g. ISTH overt DIC, PLASMIC, Khorana), from
 * the latest labs within the score's window; undefined when the score's applicability conditions are not met.
 *
 * @example computePointsScore(record, "2024-03-01T08:00:00Z", configs.get("isth-overt-dic") as PointsScore, catalogue.labById)
 */
export function computePointsScore(
  record: PatientRecord,
  at: IsoDateTime,
  config: PointsScore,
  labs: LabCatalogue,
  answers?: StatedAnswers,
): ScoreResult | undefined {
  const pick = windowPicker(record, at, config.window.hours);
  if (!applicable(config.applicability, record, at, pick)) return undefined;
  const outcomes = config.components.map((c) => evaluateComponent(c, { record, at, pick, labs, answers }));
  return withConfounders(pointsResult(config, at, outcomes), config, record, at, outcomes);
}

const DAY_MS = 86_400_000;

/**
 * The score with what may have scored a component's points named (`confounders`: a PT lengthened by warfarin in a
 * DIC score): its label and the drugs appended to the interpretation, their records to the evidence, its sources
 * cited. The points are the published ones, unchanged.
 */
function withConfounders(
  result: ScoreResult,
  config: PointsScore,
  record: PatientRecord,
  at: IsoDateTime,
  outcomes: readonly { readonly id: string; readonly possible: readonly number[] }[],
): ScoreResult {
  const t = instant(at);
  const named = (config.confounders ?? []).flatMap((c) => {
    const points = outcomes.find((o) => o.id === c.component)?.possible[0] ?? 0;
    if (points <= 0) return [];
    const drugs = record.contextDrugs.filter(
      (d) =>
        d.roles.some((r) => c.roles.includes(r)) &&
        instant(d.start) <= t &&
        (d.end === undefined || instant(d.end) >= t - c.withinDays * DAY_MS),
    );
    return drugs.length > 0 ? [{ c, points, drugs }] : [];
  });
  if (named.length === 0) return result;
  const text = named
    .map(
      ({ c, points, drugs }) =>
        ` Confounder: ${c.label} (${[...new Set(drugs.map((d) => d.drug))].join(", ")}) — the ${c.component} point${points === 1 ? "" : "s"} (${points}) are counted as published, and lower the certainty that they show the process the score measures.`,
    )
    .join("");
  return {
    ...result,
    interpretation: `${result.interpretation}${text}`,
    evidence: [...new Set([...result.evidence, ...named.flatMap(({ drugs }) => drugs.map((d) => d.ref))])],
    sourceIds: [...new Set([...result.sourceIds, ...named.flatMap(({ c }) => c.sourceIds)])],
  };
}

/** The CAR-T exposure a pre-infusion score belongs to: the latest infused by `at`, else the next one. */
export function carTExposure(record: PatientRecord, at: IsoDateTime): Exposure | undefined {
  const t = instant(at);
  const carts = record.exposures
    .filter((x) => x.class === "car-t")
    .sort((a, b) => instant(exposureStart(a)) - instant(exposureStart(b)));
  const before = carts.filter((x) => instant(exposureStart(x)) <= t);
  return before[before.length - 1] ?? carts[0];
}

/** Start of lymphodepletion (a context drug with the configured roles started shortly before infusion), else the infusion. */
function baselineAnchor(record: PatientRecord, x: Exposure, config: BaselinePointsScore): IsoDateTime {
  const infusion = exposureStart(x);
  const ti = instant(infusion);
  const window = config.lymphodepletion.withinDaysBeforeInfusion * 86_400_000;
  const ld = record.contextDrugs
    .filter((d) => d.roles.some((r) => config.lymphodepletion.roles.includes(r)))
    .filter((d) => instant(d.start) <= ti && instant(d.start) >= ti - window)
    .sort((a, b) => instant(a.start) - instant(b.start))[0];
  return ld?.start ?? infusion;
}

/**
 * A baseline points score (CAR-HEMATOTOX): labs strictly before lymphodepletion (or infusion) within the
 * look-back. Only for records with a CAR-T exposure; before the anchor, labs up to `at` are used.
 */
export function computeBaselinePointsScore(
  record: PatientRecord,
  at: IsoDateTime,
  config: BaselinePointsScore,
  labs: LabCatalogue,
  answers?: StatedAnswers,
): ScoreResult | undefined {
  const x = carTExposure(record, at);
  if (!x) return undefined;
  const anchor = baselineAnchor(record, x, config);
  const until = instant(at) < instant(anchor) ? at : anchor;
  const pick =
    until === anchor
      ? baselinePicker(record, anchor, config.lookbackDays)
      : windowPicker(record, at, config.lookbackDays * 24);
  const outcomes = config.components.map((c) =>
    evaluateComponent(c, { record, at: until, pick, labs, answers }),
  );
  return pointsResult(config, until, outcomes);
}
