/** The web benchmark's bookkeeping (not its timings): the merged input and the gzip sizes it reports. */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "../test/support/temp.js";
import { gzipKb, mergeBundles } from "./web-bench.js";

const bundle = (id: string, n: number) =>
  JSON.stringify(
    {
      resourceType: "Bundle",
      entry: Array.from({ length: n }, (_, i) => ({
        resource: { resourceType: "Observation", id: `${id}${i}` },
      })),
    },
    null,
    2,
  );

describe("mergeBundles", () => {
  it("keeps every entry of each bundle it takes, in order, until the merged text reaches the size", () => {
    const a = bundle("a", 3);
    const b = bundle("b", 2);
    const merged = mergeBundles([{ text: a }, { text: b }], 1);
    expect(merged.bundles).toBe(1);
    const ids = (m: { text: string }) =>
      (JSON.parse(m.text) as { entry: { resource: { id: string } }[] }).entry.map((e) => e.resource.id);
    expect(ids(merged)).toEqual(["a0", "a1", "a2"]);
    const big = mergeBundles([{ text: a }, { text: b }], 400);
    expect(Buffer.byteLength(big.text)).toBeGreaterThanOrEqual(400);
    expect(ids(big).slice(0, 5)).toEqual(["a0", "a1", "a2", "b0", "b1"]);
    // The bundles repeat when they are too few.
    expect(big.bundles).toBeGreaterThan(2);
  });

  it("refuses to merge nothing", () => {
    expect(() => mergeBundles([], 10)).toThrow(/no bundles/);
  });
});

describe("gzipKb", () => {
  it("sums the gzip sizes of the files it admits, in sub-folders too", () => {
    const dir = tempDir("web-bench-");
    try {
      mkdirSync(join(dir, "assets"));
      writeFileSync(join(dir, "index.html"), "<p>hello</p>".repeat(50));
      writeFileSync(join(dir, "assets", "a.js"), "let x = 1;".repeat(100));
      writeFileSync(join(dir, "assets", "patient.json"), "{}");
      const expected =
        (gzipSync("<p>hello</p>".repeat(50), { level: 9 }).length +
          gzipSync("let x = 1;".repeat(100), { level: 9 }).length) /
        1024;
      expect(gzipKb(dir, (p) => /\.(html|js)$/.test(p))).toBeCloseTo(expected, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
