import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp.js";
import { discoverInputs, isRejection, parseJson, readInput, sniffFormat, UsageError } from "./input.js";

let root: string;

beforeAll(() => {
  root = tempDir("input-");
  mkdirSync(join(root, "b", "deep"), { recursive: true });
  mkdirSync(join(root, "a"));
  writeFileSync(join(root, "b", "deep", "z.ndjson"), '{"resourceType":"Patient"}\n');
  writeFileSync(join(root, "b", "labs.CSV"), "patient,lab\n");
  writeFileSync(join(root, "a", "2.json"), "{}");
  writeFileSync(join(root, "a", "10.json"), "{}");
  writeFileSync(join(root, "a", "notes.txt"), "not an input");
  writeFileSync(join(root, "bom.json"), '\uFEFF{"resourceType":"Bundle"}');
  mkdirSync(join(root, "empty"));
});

const rel = (paths: { path: string }[]) => paths.map((p) => p.path.slice(root.length + 1));

describe("discoverInputs", () => {
  it("walks directories recursively, keeps .json/.ndjson/.csv (any case) and sorts by path", () => {
    expect(rel(discoverInputs([root]))).toEqual([
      "a/10.json",
      "a/2.json",
      "b/deep/z.ndjson",
      "b/labs.CSV",
      "bom.json",
    ]);
  });

  it("keeps the order of the arguments, reads each file once, and knows sizes", () => {
    const found = discoverInputs([join(root, "bom.json"), join(root, "a"), join(root, "a", "2.json")]);
    expect(rel(found)).toEqual(["bom.json", "a/10.json", "a/2.json"]);
    expect(found[1]?.bytes).toBe(2);
  });

  it("passes stdin through as '-'", () => {
    expect(discoverInputs(["-"])).toEqual([{ path: "-", bytes: 0 }]);
  });

  it("names a path that does not exist (usage error)", () => {
    expect(() => discoverInputs([join(root, "nope")])).toThrow(UsageError);
    expect(() => discoverInputs([join(root, "nope")])).toThrow(/nope: no such file or directory/);
  });

  it("refuses a directory without any input file", () => {
    expect(() => discoverInputs([join(root, "empty")])).toThrow(/no \.json, \.ndjson or \.csv file/);
  });
});

describe("readInput", () => {
  const noStdin = async () => {
    throw new Error("stdin not expected");
  };

  it("reads by extension and drops a byte-order mark", async () => {
    const doc = await readInput({ path: join(root, "bom.json"), bytes: 0 }, noStdin);
    expect(doc).toEqual({ file: join(root, "bom.json"), format: "json", text: '{"resourceType":"Bundle"}' });
    const csv = await readInput({ path: join(root, "b", "labs.CSV"), bytes: 0 }, noStdin);
    expect(!isRejection(csv) && csv.format).toBe("csv");
  });

  it("reads stdin and recognises its format from the content", async () => {
    const doc = await readInput({ path: "-", bytes: 0 }, async () => '{"a":1}\n{"b":2}\n');
    expect(doc).toEqual({ file: "<stdin>", format: "ndjson", text: '{"a":1}\n{"b":2}\n' });
  });

  it("turns empty input into a rejection", async () => {
    expect(await readInput({ path: "-", bytes: 0 }, async () => " \n")).toMatchObject({
      code: "empty-file",
      file: "<stdin>",
    });
  });

  it("turns a file it cannot read into a rejection naming the file", async () => {
    const doc = await readInput({ path: join(root, "a"), bytes: 0 }, noStdin);
    expect(doc).toMatchObject({
      code: "unreadable-file",
      file: join(root, "a"),
      reason: "cannot read the file (EISDIR)",
    });
  });
});

describe("sniffFormat", () => {
  it.each([
    ['{"resourceType":"Bundle"}', "json"],
    ['{\n  "resourceType": "Bundle"\n}\n', "json"],
    ["[\n1,\n2]", "json"],
    ['{"resourceType":"Patient"}\n{"resourceType":"Observation"}', "ndjson"],
    ['  \n{"a":1}\n\n{"b":2}\n', "ndjson"],
    ["patient_id,type,date\np1,lab,2024-01-01\n", "csv"],
  ])("%j is %s", (text, format) => {
    expect(sniffFormat(text)).toBe(format);
  });
});

describe("parseJson", () => {
  it("returns the value of valid JSON", () => {
    expect(parseJson('{"a":[1]}', "x.json")).toEqual({ value: { a: [1] } });
  });

  it("reports malformed JSON with file, line and column, without quoting the data", () => {
    const result = parseJson('{\n  "name": "Jane Doe"\n  "id": 1\n}', "p.json");
    expect(result).toEqual({
      error: {
        ref: "p.json",
        file: "p.json",
        code: "malformed-json",
        reason: "malformed JSON at line 3, column 3: expected ',' or '}' after a property value",
      },
    });
  });
});
