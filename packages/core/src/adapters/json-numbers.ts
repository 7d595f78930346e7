/**
 * Numbers a double cannot hold. `JSON.parse` and `Number` read `1e-400` as 0 and `1e400` as Infinity
 * without a word, and a subnormal such as `4.9e-324` loses its digits: a platelet count of 1e-400 would
 * become a count of 0. Such a literal is kept as its text instead, so that the adapters reject the value
 * with a reason rather than read a number the record never held.
 */

/** The smallest positive normal double; below it precision is lost. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Why a decimal literal cannot be read as a number, or undefined when it can (or is not a number at all).
 * @example
 * unrepresentable("1e-400"); // "is too small for a number: it would be read as 0"
 * unrepresentable("12.5"); // undefined
 */
export function unrepresentable(literal: string): string | undefined {
  const n = Number(literal);
  if (Number.isNaN(n)) return undefined;
  if (!Number.isFinite(n)) return "is too large for a number: it would be read as infinity";
  if (n === 0)
    return /[1-9]/.test(literal.split(/[eE]/)[0] ?? "")
      ? "is too small for a number: it would be read as 0"
      : undefined;
  if (Math.abs(n) < MIN_NORMAL) return "is too small to be held exactly (a subnormal number)";
  return undefined;
}

/** A literal that might be out of range: an exponent of three digits or more, or 21 digits in a row. */
const SUSPECT = /[eE][+-]?\d{3}|\d{21}/;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** `text` with every out-of-range number literal outside strings written as a JSON string of itself. */
function quoteUnrepresentable(text: string): string {
  let out = "";
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      const literal = m?.[0] ?? text[i] ?? "";
      if (unrepresentable(literal) !== undefined) {
        out += `${text.slice(from, i)}"${literal}"`;
        from = i + literal.length;
      }
      i += literal.length;
    } else i++;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * `JSON.parse`, except that a number literal a double cannot hold (`1e-400`, `1e400`, subnormals) is
 * returned as the string it was written as, for the reader of that field to reject. Throws as JSON.parse
 * does on malformed text. Text without a suspect literal is parsed directly.
 * @example
 * parseJsonExact('{"value": 1e-400}'); // { value: "1e-400" }
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(SUSPECT.test(text) ? quoteUnrepresentable(text) : text);
}
