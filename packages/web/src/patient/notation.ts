/**
 * Text the knowledge base keeps verbatim from its sources (the CTCAE v5.0 grade text, a citation's "read"
 * note) shown in the notation clinicians read: `x 10e9 /L` as ×10⁹/L, `>=` as ≥, `50 G/L` (giga per litre, a
 * count) as 50 ×10⁹/L, `/mm3` as /mm³. The knowledge files are not changed: they stay as the source prints
 * them, and only their display is.
 */

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};
const sup = (digits: string) => [...digits].map((d) => SUPERSCRIPT[d] ?? d).join("");

/**
 * The clinician's notation of a verbatim source text.
 *
 * @example clinicalNotation("<75.0 - 50.0 x 10e9 /L") // "<75.0–50.0 ×10⁹/L"
 * @example clinicalNotation("platelets >= 50 G/L") // "platelets ≥ 50 ×10⁹/L"
 */
export function clinicalNotation(text: string): string {
  return (
    text
      // A power of ten: "x 10e9 /L", "x10e9/L", "x10^9/L", "10^9/L", "10*9/L" → "×10⁹/L".
      .replace(/(?:\s?[x×]\s?)?(?<![\d.])10(?:e|\^|\*)(\d+)\s?\/\s?/g, (_m, p: string) => ` ×10${sup(p)}/`)
      // Giga per litre after a number (a count, as the source prints it in upper case): "50 G/L" → "50 ×10⁹/L".
      .replace(/(\d)\s?G\/L\b/g, "$1 ×10⁹/L")
      .replace(/\/mm3\b/g, "/mm³")
      // A multiple: "1.5 x baseline", "3 x ULN" → "1.5 × baseline".
      .replace(/(\d)\s?x\s(?=baseline|ULN|LLN|upper|lower)/g, "$1 × ")
      .replace(/>=/g, "≥")
      .replace(/<=/g, "≤")
      // A range written "a - b" between numbers (CTCAE's "<75.0 - 50.0"): an en dash.
      .replace(/(\d|LLN|ULN)\s-\s(?=[\d<>])/g, "$1–")
      .replace(/ {2,}/g, " ")
      .replace(/\( ×/g, "(×")
  );
}

/**
 * An instant of the report (`evaluatedAt`, always `YYYY-MM-DDTHH:mm:ssZ`) as a clinician reads it: the date,
 * the time and its zone in words. Another form is shown as it is.
 *
 * @example readableInstant("2026-11-01T23:59:59Z") // "2026-11-01 23:59:59 UTC"
 */
export function readableInstant(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})Z$/.exec(iso);
  return m === null ? iso : `${m[1]} ${m[2]} UTC`;
}
