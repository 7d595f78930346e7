const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Decimal digits written as superscripts, for powers of ten in units: `"9"` → `"⁹"`, `"12"` → `"¹²"`. */
export function superscriptDigits(digits: string): string {
  return [...digits].map((d) => SUPERSCRIPT_DIGITS[Number(d)] ?? d).join("");
}
