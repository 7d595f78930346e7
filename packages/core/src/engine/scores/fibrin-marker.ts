/**
 * The fibrin-related marker of the ISTH overt DIC score: the latest D-dimer or FDP result in the window,
 * scored against the absolute cut-offs a site set for its assay, else against multiples of the result's
 * upper limit of normal. A ratio to the assay's own limit needs no FEU/DDU conversion; a D-dimer of
 * unstated basis without a range of its own is read against both the FEU and the DDU catalogue limits,
 * and only the points both readings give are certain. Without any limit the component stays open.
 */

import type { LabResult } from "../../contracts/model.js";
import { sameUnit } from "../../knowledge/same-unit.js";
import type { Band, FibrinMarkerComponent, MarkerAssay } from "../../knowledge/scores.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import { instant } from "../dates.js";
import { limitOf, sig } from "../grading/limits.js";
import { possiblePoints, rangeOf } from "./bands.js";
import type { ComponentContext } from "./inputs.js";
import { type ComponentOutcome, unknown } from "./outcome.js";

/** Cut-offs in the result's unit: above `moderate` a moderate increase, above `strong` a strong one. */
interface Cutoffs {
  readonly moderate: number;
  readonly strong: number;
}

/**
 * The three bands of a fibrin marker for cut-offs in the value's unit: up to `moderate` no increase
 * (0 points), up to `strong` a moderate increase, above it a strong increase.
 *
 * @example markerBands({ moderate: 2, strong: 3 }, { moderate: 1.5, strong: 3.5 })
 */
export function markerBands(points: FibrinMarkerComponent["points"], cut: Cutoffs): Band[] {
  return [
    { le: cut.moderate, points: 0 },
    { gt: cut.moderate, le: cut.strong, points: points.moderate },
    { gt: cut.strong, points: points.strong },
  ];
}

/** The site's cut-offs for this result: an entry for its LOINC code first, else one for its whole lab. */
function assayFor(assays: readonly MarkerAssay[], r: LabResult): MarkerAssay | undefined {
  return (
    assays.find((a) => a.lab === r.lab && a.loinc === r.loinc) ??
    assays.find((a) => a.lab === r.lab && a.loinc === undefined)
  );
}

/** An upper limit of normal and where it was read ("its own range", "the lab catalogue", a basis lab's id). */
interface Uln {
  readonly value: number;
  readonly from: string;
}

/**
 * The upper limits of normal a result may be read against: its own range, else its lab's catalogue
 * range, else (a D-dimer of unstated basis) the catalogue range of each basis lab. Empty when none.
 */
function ulnsOf(r: LabResult, labs: (id: string) => LabDefinition | undefined): Uln[] {
  const def = labs(r.lab);
  const own = limitOf(r, def, "high");
  if (own !== undefined) {
    return own.value > 0
      ? [{ value: own.value, from: own.from === "result" ? "its own range" : "the lab catalogue" }]
      : [];
  }
  if (def?.basisLabs === undefined) return [];
  const readings = Object.values(def.basisLabs).map((id) => ({ id, limit: limitOf(r, labs(id), "high") }));
  return readings.every((x) => x.limit !== undefined && x.limit.value > 0)
    ? readings.map((x) => ({ value: x.limit?.value as number, from: x.id }))
    : [];
}

function scored(
  c: FibrinMarkerComponent,
  r: LabResult,
  cutoffs: readonly Cutoffs[],
  why: string,
): ComponentOutcome {
  const range = rangeOf(r.value as number, r.comparator);
  const points = cutoffs.flatMap((cut) => possiblePoints(markerBands(c.points, cut), range));
  return unknown(c.id, points, why, [r.ref]);
}

/** The latest of several results (the first listed on a tie). */
function latest(results: readonly (LabResult | undefined)[]): LabResult | undefined {
  return results.reduce<LabResult | undefined>(
    (m, r) => (r !== undefined && (m === undefined || instant(r.at) > instant(m.at)) ? r : m),
    undefined,
  );
}

/**
 * Points of the fibrin-marker component at the context's instant.
 *
 * @example evaluateFibrinMarker(isth.components[1], { record, at, pick, labs: vocabulary.labById })
 */
export function evaluateFibrinMarker(c: FibrinMarkerComponent, ctx: ComponentContext): ComponentOutcome {
  const all = [0, c.points.moderate, c.points.strong];
  const labs = [...new Set([...c.relativeToUln.labs, ...c.assays.map((a) => a.lab)])];
  const r = latest(labs.map((lab) => ctx.pick(lab)));
  if (r === undefined) return unknown(c.id, all, `no ${labs.join(" or ")} result in the window`);
  const censored = `censored result ${r.comparator ?? ""}${r.value}`;
  const assay = assayFor(c.assays, r);
  if (assay !== undefined) {
    if (!sameUnit(r.unit, assay.unit))
      return unknown(c.id, all, `${r.lab} reported in ${r.unit}, the site's cut-offs are in ${assay.unit}`, [
        r.ref,
      ]);
    return scored(c, r, [{ moderate: assay.moderateAbove, strong: assay.strongAbove }], censored);
  }
  const ulns = ulnsOf(r, ctx.labs);
  if (ulns.length === 0) {
    return unknown(
      c.id,
      all,
      `no upper limit of normal for ${r.lab} (none on the result or in the lab catalogue); a site can set cut-offs for its assay`,
      [r.ref],
    );
  }
  const { moderateAbove, strongAbove } = c.relativeToUln;
  const cutoffs = ulns.map((u) => ({
    moderate: sig(u.value * moderateAbove),
    strong: sig(u.value * strongAbove),
  }));
  const why =
    ulns.length > 1
      ? `${r.lab} without FEU/DDU basis or a range of its own, read against the upper limits of ${ulns.map((u) => `${u.from} (${u.value})`).join(" and ")}; only points all readings give are certain`
      : `${censored} (upper limit ${ulns[0]?.value} from ${ulns[0]?.from})`;
  return scored(c, r, cutoffs, why);
}
