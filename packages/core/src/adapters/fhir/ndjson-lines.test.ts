import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ndjsonLines } from "./ndjson-lines.js";

async function* chunks(parts: readonly string[]): AsyncGenerator<string> {
  yield* parts;
}

async function lines(parts: readonly string[]) {
  const out: { line: number; text: string }[] = [];
  for await (const l of ndjsonLines(chunks(parts))) out.push(l);
  return out;
}

describe("NDJSON lines from a stream of chunks", () => {
  it("numbers lines across chunk borders, drops CR of CRLF and a leading BOM, keeps a last unterminated line", async () => {
    expect(await lines(['\uFEFF{"a":', '1}\r\n\n{"b"', ":2}"])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: "" },
      { line: 3, text: '{"b":2}' },
    ]);
    expect(await lines([])).toEqual([]);
    expect(await lines(["x\n"])).toEqual([{ line: 1, text: "x" }]);
  });

  it("gives the lines of text.split('\\n') however the text is cut into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom("a", "{", "}", " ", "é", "\n") }), { maxLength: 8 }),
        async (parts) => {
          const text = parts.join("");
          const expected = text.split("\n");
          if (expected.at(-1) === "") expected.pop();
          expect((await lines(parts)).map((l) => l.text)).toEqual(expected);
        },
      ),
    );
  });
});
