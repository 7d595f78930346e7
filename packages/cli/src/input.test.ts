import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp.js";
import {
  decodeUtf8,
  discoverInputs,
  isRejection,
  parseJson,
  readInput,
  sniffFormat,
  UsageError,
} from "./input.js";

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

  it("refuses a file saved in a Windows or Latin-1 code page, naming the line and the byte, never mangling µ or é", async () => {
    const latin1 = join(root, "latin1.csv");
    const lines =
      "patient_id,record_type,date,code_system,code,value,unit\np1,lab,2024-03-01,lab,creatinine,80,";
    writeFileSync(
      latin1,
      Buffer.concat([Buffer.from(lines, "latin1"), Buffer.from([0xb5]), Buffer.from("mol/L\n")]),
    );
    expect(await readInput({ path: latin1, bytes: 0 }, noStdin)).toEqual({
      ref: latin1,
      file: latin1,
      code: "unreadable-file",
      reason:
        'the input is not UTF-8 text; save it as UTF-8 (a spreadsheet\'s "CSV UTF-8"): line 2 has the byte 0xB5 (µ in Windows-1252 or Latin-1), which is not UTF-8; the file was probably saved in a Windows or Latin-1 code page, and which one is not guessed',
    });
    // é as the lone byte 0xE9 opens a three-byte sequence that the next letter cannot continue: named as é.
    const e = decodeUtf8(Buffer.from("p1,event,2024-03-01,text,,h\xe9morragie\n", "latin1"));
    expect(typeof e !== "string" && e.why).toContain(
      "line 1 has the byte 0xE9 (é in Windows-1252 or Latin-1)",
    );
    const stdin = await readInput({ path: "-", bytes: 0 }, async () => "patient_id\np\uFFFD1\n");
    expect(stdin).toMatchObject({ code: "unreadable-file", file: "<stdin>" });
  });

  it("reads every UTF-8 text as written, and finds the first foreign byte's line (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme" }), { maxLength: 6 }), fc.nat(5), (lines, at) => {
        const text = lines.join("\n");
        expect(decodeUtf8(new TextEncoder().encode(text))).toBe(text);
        const cut = Math.min(at, lines.length);
        const before = new TextEncoder().encode(`${lines.slice(0, cut).join("\n")}${cut > 0 ? "\n" : ""}`);
        const bad = Buffer.concat([before, Buffer.from([0xb5])]);
        const r = decodeUtf8(bad);
        const newlines = before.filter((b) => b === 0x0a).length;
        expect(typeof r !== "string" && r.why).toContain(`line ${newlines + 1} has the byte 0xB5`);
      }),
    );
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
