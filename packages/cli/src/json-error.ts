/**
 * Where JSON text is broken, and how, without quoting it. `JSON.parse` messages sometimes lack the
 * position and often quote the text around the error (patient data must not reach stderr), so after a
 * failed parse the text is scanned again by this small validator to find the first error.
 */

export interface JsonSyntaxError {
  /** Offset of the first offending character (UTF-16 code units from the start). */
  readonly offset: number;
  /** 1-based line and column of `offset`. */
  readonly line: number;
  readonly column: number;
  /** What was expected, in words; never quotes the input. */
  readonly message: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPABLE = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /^[0-9a-fA-F]{4}$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** 1-based line and column of an offset (a line ends at `\n`; `\r\n` counts once). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Thrown inside the scanner to stop at the first error. */
class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Scans a string starting at the opening quote; returns the offset after the closing quote. */
function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) throw new Stop(i, "control character inside a string (must be escaped)");
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === "u") {
        if (!HEX4.test(text.slice(i + 2, i + 6))) throw new Stop(i, "invalid \\u escape in a string");
        i += 5;
      } else if (next !== undefined && ESCAPABLE.has(next)) {
        i++;
      } else {
        throw new Stop(i, "invalid escape in a string");
      }
    }
  }
  throw new Stop(start, "string not terminated (missing closing quote)");
}

/** Scans a literal or number starting at `i`; returns the offset after it. */
function scanScalar(text: string, i: number): number {
  for (const word of ["true", "false", "null"]) {
    if (text.startsWith(word, i)) return i + word.length;
  }
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(text);
  if (m !== null && m[0] !== "-") {
    const end = i + m[0].length;
    if (end < text.length && /[0-9.eE+-]/.test(text.charAt(end))) throw new Stop(end, "malformed number");
    return end;
  }
  throw new Stop(
    i,
    i >= text.length ? "unexpected end of input, expected a value" : "unexpected character, expected a value",
  );
}

function validate(text: string): void {
  const n = text.length;
  const stack: ("{" | "[")[] = [];
  let i = 0;
  const skip = () => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  let state: "value" | "key" | "after" = "value";
  for (;;) {
    skip();
    if (state === "key") {
      if (text[i] !== '"') {
        throw new Stop(
          i,
          i >= n
            ? "unexpected end of input, expected a property name"
            : "expected a property name in double quotes",
        );
      }
      i = scanString(text, i);
      skip();
      if (text[i] !== ":") throw new Stop(i, "expected ':' after the property name");
      i++;
      state = "value";
    } else if (state === "value") {
      const c = text[i];
      if (c === "{" || c === "[") {
        i++;
        skip();
        if (text[i] === (c === "{" ? "}" : "]")) {
          i++;
          state = "after";
        } else {
          stack.push(c);
          state = c === "{" ? "key" : "value";
        }
      } else {
        i = c === '"' ? scanString(text, i) : scanScalar(text, i);
        state = "after";
      }
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (i < n) throw new Stop(i, "unexpected content after the end of the JSON value");
        return;
      }
      const close = top === "{" ? "}" : "]";
      if (text[i] === ",") {
        i++;
        state = top === "{" ? "key" : "value";
      } else if (text[i] === close) {
        i++;
        stack.pop();
      } else if (i >= n) {
        throw new Stop(i, `unexpected end of input, expected ',' or '${close}'`);
      } else {
        throw new Stop(
          i,
          top === "{"
            ? "expected ',' or '}' after a property value"
            : "expected ',' or ']' after an array element",
        );
      }
    }
  }
}

/**
 * The first syntax error of a JSON text, or undefined when the text is valid JSON (RFC 8259).
 * @example
 * locateJsonError('{\n  "a": 1,\n}'); // { offset: 12, line: 3, column: 1, message: "expected a property name in double quotes" }
 */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  try {
    validate(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { offset: e.offset, ...lineColumn(text, e.offset), message: e.message };
  }
}
