/**
 * Where the calculators live in the app, and how their units read on screen. A calculator id is a score id
 * (`plasmic`) or a CTCAE laboratory term (`ctcae/anemia`): either is its own path under `/calculators/`.
 */
import { displayUnit } from "@hemosentinel/core";

export const CALCULATORS_PATH = "/calculators";

/**
 * @example calculatorPath("ctcae/anemia"); // "/calculators/ctcae/anemia"
 */
export function calculatorPath(id: string): string {
  return `${CALCULATORS_PATH}/${id.split("/").map(encodeURIComponent).join("/")}`;
}

/** Micro as µ and a D-dimer's reporting basis as a word, wherever they stand in `text`. */
export function unitText(text: string): string {
  return text.replace(/\{(FEU|DDU)\}/, " $1").replace(/\bu(g|mol|L)\b/g, "µ$1");
}

/**
 * A UCUM unit as a clinician reads it: the core's display form, micro as µ and a D-dimer's reporting basis
 * as a word; a dimensionless ratio (`{INR}`) reads as nothing.
 *
 * @example unitLabel("ug/mL{FEU}"); // "µg/mL FEU"
 */
export function unitLabel(unit: string): string {
  return unitText(displayUnit(unit)).trim();
}
