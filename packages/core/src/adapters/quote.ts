/**
 * How a rejection reason shows the input: at most {@link QUOTE_MAX} characters, the rest counted, never
 * cut inside a character. A reason names what was wrong without carrying a whole megabyte-long field (or
 * a patient's note) into every report, log and terminal line.
 */

/** The most characters of input a reason shows. */
export const QUOTE_MAX = 80;

/** The first QUOTE_MAX characters of `text`, and how many it has when that is more. */
function cut(text: string): { readonly shown: string; readonly total?: number } {
  const chars = Array.from(text);
  return chars.length <= QUOTE_MAX
    ? { shown: text }
    : { shown: `${chars.slice(0, QUOTE_MAX).join("")}…`, total: chars.length };
}

/**
 * `value` in double quotes, as a reason quotes it.
 * @example
 * quoteInput("x10 3/uL"); // "\"x10 3/uL\""
 * quoteInput("a".repeat(500)); // "\"aaa…\" (500 characters)", 80 of them shown
 */
export function quoteInput(value: unknown): string {
  const { shown, total } = cut(typeof value === "string" ? value : String(value));
  return total === undefined ? `"${shown}"` : `"${shown}" (${total} characters)`;
}

/**
 * `text` cut the same way without quotes, where quotes would read oddly (a code and its display, a
 * column name).
 * @example
 * clipInput("x".repeat(100)); // 80 × "x", then "… (100 characters)"
 */
export function clipInput(text: string): string {
  const { shown, total } = cut(text);
  return total === undefined ? shown : `${shown} (${total} characters)`;
}
