/**
 * One fixed-combination product given once: a dose of a combination (Opdualag, nivolumab with relatlimab)
 * and a dose of a single agent it contains charted on the same calendar day are one administration charted
 * twice (the product, and its components as separate lines), not two drugs.
 */
import type { PatientRecord } from "../contracts/model.js";
import type { DrugCatalogue } from "../knowledge/drugs.js";
import { calendarDate } from "./dates.js";

/**
 * The record with each single agent's doses that fall on the calendar day of a dose of a fixed combination
 * containing it (the catalogue's `includes`) left to the combination; a single agent with no dose left is
 * no exposure of its own. Doses on other days (nivolumab alone before Opdualag) stay the single agent's.
 *
 * @example
 * withCombinationDoses(record, k.drugs).exposures.map((e) => e.drug); // ["nivolumab-relatlimab"], not also "nivolumab"
 */
export function withCombinationDoses(record: PatientRecord, catalogue: DrugCatalogue): PatientRecord {
  const includes = new Map<string, readonly string[]>();
  for (const d of catalogue.drugs) if (d.includes?.length) includes.set(d.id, d.includes);
  const comboDays = new Map<string, Set<string>>();
  for (const e of record.exposures) {
    for (const part of includes.get(e.drug) ?? []) {
      const days = comboDays.get(part) ?? new Set<string>();
      for (const dose of e.doses) days.add(calendarDate(dose.at));
      comboDays.set(part, days);
    }
  }
  if (comboDays.size === 0) return record;
  let changed = false;
  const exposures = record.exposures.flatMap((e) => {
    const days = comboDays.get(e.drug);
    if (days === undefined) return [e];
    const doses = e.doses.filter((dose) => !days.has(calendarDate(dose.at)));
    if (doses.length === e.doses.length) return [e];
    changed = true;
    const [first, last] = [doses[0], doses[doses.length - 1]];
    return first && last ? [{ ...e, doses, first: first.at, last: last.at }] : [];
  });
  return changed ? { ...record, exposures } : record;
}
