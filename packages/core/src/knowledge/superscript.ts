const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Decimal digits written as superscripts, for powers of ten in units: `"9"` → `"⁹"`, `"12"` → `"¹²"`. */
export function superscriptDigits(digits: string): string {
  return [...digits].map((d) => SUPERSCRIPT_DIGITS[Number(d)] ?? d).join("");
}

/** Superscript digits written plainly: `"¹²"` → `"12"` (other characters unchanged). */
export function plainDigits(text: string): string {
  return [...text]
    .map((ch) => (SUPERSCRIPT_DIGITS.includes(ch) ? SUPERSCRIPT_DIGITS.indexOf(ch) : ch))
    .join("");
}
