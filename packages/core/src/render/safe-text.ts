/**
 * Text from the input made safe for a terminal and for line-oriented output (the text report, the CLI's
 * stderr): one function, used by both, so that an id, file name, display text, unit or rejection reason
 * can neither drive the terminal (ANSI/OSC escape sequences, cursor moves, bells), nor forge a line
 * (newlines, carriage returns, Unicode line separators), nor reorder or hide what is shown (bidi overrides
 * and isolates, zero-width and other invisible format characters — the "Trojan Source" class).
 */

/**
 * Every control character (C0, DEL, C1: ESC, CR, LF and TAB included), format character (bidi
 * embeddings, overrides and isolates U+202A–202E and U+2066–2069, marks, zero-width characters, soft
 * hyphen, BOM, tags), line and paragraph separator, and lone surrogate half.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** `<U+202E>`: the character's code point, visible in place of the character itself. */
function visible(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `<U+${code.toString(16).toUpperCase().padStart(4, "0")}>`;
}

/**
 * `value` with every control, format and separator character written as its code point, so that what a
 * terminal shows is what the input holds: escape sequences become inert text, a newline cannot start a
 * forged line, and a right-to-left override is seen rather than obeyed. Printable text, accents and
 * scripts of every language pass unchanged.
 * @example
 * safeText("p1\u001b[2J\n\u202Eevil"); // "p1<U+001B>[2J<U+000A><U+202E>evil"
 */
export function safeText(value: string): string {
  return value.replace(UNSAFE, visible);
}
