/** Input that attacks terminals and pages, and where a report carries text from the input: for property tests of the renderers. */
import fc from "fast-check";

/** Strings rich in what attacks a terminal or a page: ANSI and OSC sequences, newlines, bidi overrides, zero-widths, markup. */
export const hostileText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "\u001b[2J",
      "\u001b]0;owned\u0007",
      "\u001b]8;;http://x\u001b\\",
      "\n",
      "\r",
      "\t",
      "\u0085",
      "\u009b31m",
      "\u2028",
      "\u202e",
      "\u2066",
      "\u2069",
      "\u200b",
      "\ufeff",
      "\ud800",
      "<script>alert(1)</script>",
      '"><img src=x onerror=alert(1)>',
      "'",
      "&lt;",
      "</style>",
      "<!--",
    ),
    fc.string({ unit: "grapheme", maxLength: 3 }),
    fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  ),
  maxLength: 12,
});

/** Fields whose text comes from the input (ids, references, file names, reasons quoting values). */
const FROM_INPUT = new Set(["patientId", "ref", "refs", "evidence", "reason", "file", "source", "detail"]);
/** Maps keyed by what the input names (resource types, code systems). */
const KEYED_BY_INPUT = new Set(["notUsed", "ignored"]);

/** `report` with `suffix` appended to every string the input supplies, and to the keys it names. */
export function appendToInput<T>(value: T, suffix: string, fromInput = false): T {
  if (typeof value === "string") return (fromInput ? `${value}${suffix}` : value) as T;
  if (Array.isArray(value)) return value.map((v) => appendToInput(v, suffix, fromInput)) as T;
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        fromInput ? `${k}${suffix}` : k,
        appendToInput(v, suffix, FROM_INPUT.has(k) || (KEYED_BY_INPUT.has(k) && typeof v === "object")),
      ]),
    ) as T;
  return value;
}
