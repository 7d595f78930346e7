/**
 * Score cut-offs written in the unit a score was published in: a lab band in another unit than the lab
 * catalogue's is converted into the catalogue unit when the knowledge is read, with the converter that
 * converts the results themselves, so a result sent exactly at the published cut-off lands on it (French TMA:
 * creatinine ≤ 200 µmol/L, compared with results stored in mg/dL).
 */
import {
  createUnitConverter,
  KnowledgeError,
  type LabCatalogue,
  type ScoreConfig,
  type UnitSpellings,
} from "@hemosentinel/core";

type Interval = { lt?: number; le?: number; gt?: number; ge?: number };

/**
 * The score with its lab and lab-or-drug bands in the catalogue unit of their lab; throws a KnowledgeError
 * naming the score, the component and the reason when a unit cannot be converted.
 *
 * @example
 * const tma = inCatalogueUnits(frenchTma, loadLabCatalogue(), loadUnitSpellings());
 * // creatinine band { le: 200 } in umol/L → { le: 2.2624 } in mg/dL
 */
export function inCatalogueUnits(
  score: ScoreConfig,
  labs: LabCatalogue,
  spellings: UnitSpellings,
): ScoreConfig {
  if (score.kind !== "points") return score;
  const units = createUnitConverter(spellings);
  const components = score.components.map((c) => {
    if (c.kind !== "lab" && c.kind !== "lab-or-drug") return c;
    const lab = labs.byId.get(c.lab);
    if (!lab?.unit || lab.unit === c.unit) return c;
    const convert = (x: number | undefined): number | undefined => {
      if (x === undefined) return undefined;
      const r = units.convert(x, c.unit, lab);
      if (!r.ok) throw new KnowledgeError(`scores/${score.id}.yaml ${c.id}: ${r.reason}`);
      return r.value;
    };
    const bands = c.bands.map((b) => {
      const out: Interval & typeof b = { ...b };
      for (const key of ["lt", "le", "gt", "ge"] as const) {
        const v = convert(b[key]);
        if (v !== undefined) out[key] = v;
      }
      return out;
    });
    return { ...c, unit: lab.unit, bands };
  });
  return { ...score, components } as ScoreConfig;
}
