/**
 * Whether a result's unit can be compared with a cut-off's as written: the knowledge writes cut-offs in one
 * UCUM spelling, and results converted to it may carry another spelling of the same magnitude.
 */

/** UCUM spellings that differ in text only (same magnitude); annotations such as {FEU} are ignored. */
const SAME_MAGNITUDE: readonly (readonly string[])[] = [
  ["ug/mL", "mg/L"],
  ["ng/mL", "ug/L"],
  ["10*9/L", "10*3/uL"],
];

function bare(unit: string): string {
  return unit.replace(/\{[^}]*\}/g, "").trim();
}

/** True when a result in `actual` can be compared with a cut-off written in `expected`. */
export function sameUnit(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  if (actual === expected) return true;
  const a = bare(actual);
  const e = bare(expected);
  if (a === e && a !== "") return true;
  return SAME_MAGNITUDE.some((group) => group.includes(a) && group.includes(e));
}
