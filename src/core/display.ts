/**
 * Values and units as a clinician reads them (`8 ×10⁹/L`, `20 BU/mL`): shared by the criteria traces the
 * core writes and by the renderers. JSON keeps the UCUM codes.
 */
import { superscriptDigits } from "./superscript.js";

/** A UCUM unit written for people: `10*9/L` → `×10⁹/L`, `{INR}` → ``. */
export function displayUnit(unit: string | undefined): string {
  if (unit === undefined || unit === "1" || /^\{.*\}$/.test(unit)) return "";
  return unit
    .replace(/^10\*(\d+)/, (_, exp: string) => `×10${superscriptDigits(exp)}`)
    .replace("[beth'U]", "BU");
}

/** Value with its display unit, e.g. `8 ×10⁹/L`. */
export function valueWithUnit(value: number, unit: string | undefined): string {
  const u = displayUnit(unit);
  return u === "" ? String(value) : u === "%" ? `${value}%` : `${value} ${u}`;
}
