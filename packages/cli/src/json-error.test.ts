import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineColumn, locateJsonError } from "./json-error.js";

describe("locateJsonError", () => {
  it.each([
    {
      desc: "trailing comma in an object",
      input: '{\n  "a": 1,\n}',
      at: [3, 1],
      message: "expected a property name in double quotes",
    },
    {
      desc: "trailing comma in an array",
      input: "[1,2,]",
      at: [1, 6],
      message: "unexpected character, expected a value",
    },
    { desc: "missing colon", input: '{"a" 1}', at: [1, 6], message: "expected ':' after the property name" },
    {
      desc: "missing comma between members",
      input: '{"a": 1\n "b": 2}',
      at: [2, 2],
      message: "expected ',' or '}' after a property value",
    },
    {
      desc: "truncated document",
      input: '{"entry": [\n  {"a": 1}',
      at: [2, 11],
      message: "unexpected end of input, expected ',' or ']'",
    },
    {
      desc: "unterminated string (reported where it starts)",
      input: '{"a": "abc',
      at: [1, 7],
      message: "string not terminated (missing closing quote)",
    },
    {
      desc: "raw newline inside a string",
      input: '{"a": "x\ny"}',
      at: [1, 9],
      message: "control character inside a string (must be escaped)",
    },
    { desc: "bad escape", input: '["\\x"]', at: [1, 3], message: "invalid escape in a string" },
    {
      desc: "single quotes",
      input: "{'a': 1}",
      at: [1, 2],
      message: "expected a property name in double quotes",
    },
    { desc: "bare word", input: '{"a": tru}', at: [1, 7], message: "unexpected character, expected a value" },
    { desc: "leading zero", input: "[01]", at: [1, 3], message: "malformed number" },
    {
      desc: "two documents",
      input: '{"a":1}\n{"b":2}',
      at: [2, 1],
      message: "unexpected content after the end of the JSON value",
    },
    { desc: "empty input", input: "", at: [1, 1], message: "unexpected end of input, expected a value" },
    {
      desc: "CRLF line ends count once",
      input: '{\r\n"a":\r\n}',
      at: [3, 1],
      message: "unexpected character, expected a value",
    },
  ])("$desc", ({ input, at, message }) => {
    expect(() => JSON.parse(input)).toThrow();
    const e = locateJsonError(input);
    expect(e && [e.line, e.column]).toEqual(at);
    expect(e?.message).toBe(message);
  });

  it("never quotes the input in its message", () => {
    const e = locateJsonError('{"name": "Jane Doe" "mrn": 12345}');
    expect(e?.message).not.toMatch(/Jane|12345/);
  });

  it("accepts exactly what JSON.parse accepts (valid documents)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, "\t"), (value, indent) => {
        expect(locateJsonError(JSON.stringify(value, null, indent))).toBeUndefined();
      }),
    );
  });

  it("agrees with JSON.parse on random and mutated text", () => {
    const mutated = fc
      .tuple(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom("", ",", "}", "]", '"', ":", "\\", "\n", "x", "-", "."),
      )
      .map(([v, at, insert]) => {
        const s = JSON.stringify(v);
        const k = at % (s.length + 1);
        return s.slice(0, k) + insert + s.slice(k + (insert === "" ? 1 : 0));
      });
    fc.assert(
      fc.property(fc.oneof(fc.string(), mutated), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(locateJsonError(text) === undefined).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("lineColumn", () => {
  it("counts lines and columns from 1", () => {
    expect(lineColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn("ab\ncd", 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumn("ab\ncd", 3)).toEqual({ line: 2, column: 1 });
  });
});
