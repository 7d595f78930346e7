import { readFileSync } from "node:fs";
import { discover, importFiles, openDb } from "@hemosentinel/pv";
import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../test/support/knowledge.js";
import { tempDir } from "../test/support/temp.js";
import { baselineRead } from "./pv-bench.js";
import { writeCorpus } from "./pv-corpus.js";

describe("the synthetic FAERS corpus of the pv benchmark", () => {
  it("is the same bytes for a seed, and imports with every case version accounted for", async () => {
    const a = writeCorpus(tempDir("pv-corpus-"), { reports: 400, quarters: 2 }, 7);
    const b = writeCorpus(tempDir("pv-corpus-"), { reports: 400, quarters: 2 }, 7);
    expect(a.files.map((f) => readFileSync(f, "utf8"))).toEqual(b.files.map((f) => readFileSync(f, "utf8")));
    const db = await openDb(":memory:");
    const summary = await importFiles(db, discover([a.dir]), testKnowledgeBundle());
    db.close();
    expect(summary.rowsRead).toBe(a.rows);
    // Nothing is malformed: only the rows of replaced case versions are set aside.
    expect(summary.rejected.map((r) => r.reason).sort()).toEqual([
      "drug: row of an older case version or a deleted case",
      "reac: row of an older case version or a deleted case",
    ]);
    // Cases 1, 21, … of the first quarter come back as version 2 in the second: 10 replaced versions.
    expect(summary.superseded).toBe(10);
    expect(summary.reports).toBe(400);
    expect(summary.drugNames.matched).toBeGreaterThan(10);
  }, 60_000);

  it("is read by both import baselines row for row; the values read produces every column of every row", async () => {
    const corpus = writeCorpus(tempDir("pv-corpus-"), { reports: 400, quarters: 2 }, 7);
    const db = await openDb(":memory:");
    const counted = await baselineRead(db, corpus.files, "count");
    const read = await baselineRead(db, corpus.files, "values");
    db.close();
    expect(counted.map((k) => k.rows)).toEqual(read.map((k) => k.rows));
    expect(counted.reduce((n, k) => n + k.rows, 0)).toBe(corpus.rows);
    // count(*) makes no value; the values read makes one per column and row (the empty fields are NULL).
    expect(counted.every((k) => Object.keys(k.values).length === 0)).toBe(true);
    const headers = read.map((k) => {
      const file = corpus.files.find((f) => f.includes(`/${k.kind}`)) ?? "";
      return readFileSync(file, "utf8").split("\n")[0]?.split("$").length;
    });
    expect(read.map((k) => Object.keys(k.values).length)).toEqual(headers);
    const named: Record<string, string> = { DEMO: "fda_dt", DRUG: "drugname", REAC: "pt" };
    for (const k of read) {
      expect(k.values.primaryid).toBe(k.rows);
      expect(k.values[named[k.kind] ?? ""]).toBe(k.rows);
    }
  }, 60_000);
});
