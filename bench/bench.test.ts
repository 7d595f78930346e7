/** The benchmark harness itself (not its timings): deterministic data, correct bookkeeping. */
import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../test/support/knowledge.js";
import { record } from "../test/support/record.js";
import { runDetectBenchmark } from "./detect-bench.js";
import { replicate, runIngestBenchmark } from "./ingest-bench.js";
import { interleave, median, perSecond } from "./measure.js";
import { createRng } from "./prng.js";
import { runStartupBenchmark } from "./startup-bench.js";
import { FOLLOW_UP_DAYS, syntheticPatient } from "./synthetic.js";
import { formatNumber, formatTable } from "./table.js";

type Entry = {
  resource: {
    resourceType: string;
    id: string;
    effectiveDateTime?: string;
    code?: { coding?: { code: string }[] };
  };
};
const entries = (bundle: unknown) => (bundle as { entry: Entry[] }).entry.map((e) => e.resource);

describe("createRng", () => {
  it("repeats its sequence for a seed and differs between seeds", () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("keeps int() within its inclusive bounds", () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });
});

describe("syntheticPatient", () => {
  it("is deterministic for seed and index", () => {
    expect(JSON.stringify(syntheticPatient(42, 3).bundle)).toBe(
      JSON.stringify(syntheticPatient(42, 3).bundle),
    );
    expect(JSON.stringify(syntheticPatient(42, 3).bundle)).not.toBe(
      JSON.stringify(syntheticPatient(43, 3).bundle),
    );
  });

  it("has realistic lab density: platelets at least twice weekly and coagulation weekly over six months", () => {
    const resources = entries(syntheticPatient(42, 0).bundle);
    const count = (loinc: string) => resources.filter((r) => r.code?.coding?.[0]?.code === loinc).length;
    expect(count("777-3")).toBeGreaterThanOrEqual(Math.floor((FOLLOW_UP_DAYS / 7) * 2));
    expect(count("6301-6")).toBeGreaterThanOrEqual(Math.floor(FOLLOW_UP_DAYS / 7));
    expect(resources.filter((r) => r.resourceType === "Patient").map((r) => r.id)).toEqual(["syn-0"]);
    expect(new Set(resources.map((r) => r.id)).size).toBe(resources.length);
  });

  it("mixes archetypes, most of them without a disorder pattern", () => {
    const kinds = Array.from({ length: 400 }, (_, i) => syntheticPatient(42, i).archetype);
    const share = (k: string) => kinds.filter((x) => x === k).length / kinds.length;
    expect(share("ici-normal")).toBeGreaterThan(0.6);
    for (const k of ["ici-itp", "car-t-coagulopathy", "bispecific-thrombosis"])
      expect(share(k)).toBeGreaterThan(0.03);
  });
});

describe("measurement helpers", () => {
  it("takes the median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
    expect(perSecond(10, 500)).toBe(20);
  });

  it("warms every function up, then alternates the timed runs", () => {
    const calls: string[] = [];
    const timings = interleave([() => calls.push("a"), () => calls.push("b")], { warmup: 1, reps: 2 });
    expect(calls.join("")).toBe("ababab"); // warm-up a, b; then a, b twice
    expect(timings.map((t) => t.length)).toEqual([2, 2]);
  });

  it("formats tables with aligned columns", () => {
    expect(
      formatTable(
        ["stage", "MB/s"],
        [
          ["JSON.parse", 412.3],
          ["ingest", 95.25],
        ],
      ),
    ).toBe(["stage       MB/s", "----------  ----", "JSON.parse   412", "ingest      95.3"].join("\n"));
    expect(formatNumber(1234.5)).toBe("1,235");
    expect(formatNumber(0.123456)).toBe("0.123");
  });
});

describe("benchmark bookkeeping (with stand-in stages)", () => {
  const bundle = JSON.stringify({
    resourceType: "Bundle",
    entry: [{ resource: { resourceType: "Patient", id: "x" } }],
  });

  it("replicates the input to at least the target size as distinct copies", () => {
    const { texts, bytes, copies } = replicate([{ name: "a.json", text: bundle }], 10 * bundle.length + 1);
    expect(copies).toBe(11);
    expect(texts).toHaveLength(11);
    expect(bytes).toBe(11 * bundle.length);
  });

  it("runs every stage over every copy and reports ratios to JSON.parse", () => {
    let ingested = 0;
    const result = runIngestBenchmark(
      [{ name: "a.json", text: bundle }],
      {
        ingest: () => {
          ingested++;
          return [record({})];
        },
        grade: () => [],
        assess: (records) => records.length,
      },
      { targetBytes: 3 * bundle.length, warmup: 1, reps: 3 },
    );
    expect(result.copies).toBe(3);
    expect(result.patients).toBe(3);
    expect(result.timings.map((t) => t.stage)).toEqual([
      "JSON.parse",
      "parse + ingest + grade",
      "parse + ingest + assess",
    ]);
    expect(result.timings[0]?.ratio).toBe(1);
    expect(ingested).toBe(2 * 4 * 3);
  });

  it("ingests and assesses every generated patient once per repetition", () => {
    let ingested = 0;
    let assessed = 0;
    const result = runDetectBenchmark(
      {
        ingest: (b) => {
          ingested++;
          return [record({ patientId: entries(b)[0]?.id ?? "?" })];
        },
        assess: (records) => {
          assessed += records.length;
          return { patients: records.map((r) => ({ findings: r.patientId === "syn-1" ? [1] : [] })) };
        },
      },
      { patients: 5, seed: 42, chunk: 2, reps: 3 },
    );
    expect(ingested).toBe(5 * 3 + 2);
    expect(assessed).toBe(5 * 3 + 2);
    expect(result.withFinding).toBe(1);
    expect(result.patients).toBe(5);
    expect(result.observations).toBeGreaterThan(5 * 300);
  });
});

describe("runStartupBenchmark", () => {
  it("alternates the order within pairs, skips the warm-up, and takes medians of the pairs", () => {
    const calls: string[] = [];
    // node -e 0 takes 50 ms; assess 100 ms, 150 ms, then 200 ms in the three timed pairs.
    const assessMs = [999, 100, 150, 200];
    const run = (command: readonly string[]) => {
      const isAssess = command.includes("assess");
      calls.push(isAssess ? "assess" : "node");
      return isAssess ? (assessMs.shift() as number) : 50;
    };
    const r = runStartupBenchmark({
      bin: "main.js",
      file: "a.json",
      at: "2026-11-01",
      pairs: 3,
      warmup: 1,
      run,
    });
    // Warm-up pair, then the timed pairs: node first, assess first, node first.
    expect(calls).toEqual(["node", "assess", "node", "assess", "assess", "node", "node", "assess"]);
    expect(r).toEqual({ pairs: 3, nodeMs: 50, assessMs: 150, ratio: 3, ratioRange: [2, 4] });
  });

  it("times the bare process against assess of the one file at a fixed time, as JSON", () => {
    const commands: (readonly string[])[] = [];
    runStartupBenchmark({
      bin: "main.js",
      file: "a.json",
      at: "2026-11-01",
      pairs: 1,
      warmup: 0,
      run: (c) => {
        commands.push(c);
        return 1;
      },
    });
    expect(commands).toEqual([
      ["-e", "0"],
      ["main.js", "assess", "a.json", "--at", "2026-11-01", "--format", "json"],
    ]);
  });
});

describe("benchCohort", () => {
  it("accounts for its own run: the screen's findings equal the engine's on the sample, the scan reads the exposed patients' rows", async () => {
    const { benchCohort } = await import("./cohort-bench.js");
    const { testKnowledge } = await import("../test/support/cohort.js");
    const r = await benchCohort(testKnowledge(), {
      patients: 40,
      seed: 3,
      fullEngineLimit: 15,
      evaluatedAt: "2025-06-30T23:59:59Z",
      workers: 2,
      bundle: testKnowledgeBundle(),
    });
    expect(r.exposed).toBe(40);
    expect(r.engineSample).toBe(14);
    expect(r.sameFindings).toBe(true);
    expect(r.workers).toBe(2);
    expect(r.screenOneThreadMs).toBeGreaterThan(0);
    expect(r.scanRows).toBe(r.measurements);
    expect(r.candidates).toBeLessThanOrEqual(r.exposed);
    expect(r.importRowsPerSecond).toBeGreaterThan(0);
    // The screen's own peak is below the whole run's (which includes generation and import).
    if (r.screenPeakMb !== undefined) expect(r.screenPeakMb).toBeLessThanOrEqual(r.peakMb);
  }, 120_000);

  it("takes its sizes from --cohort-size (100k only on request), 1k for --quick", async () => {
    const { cohortSizes } = await import("./cohort-stage.js");
    expect(cohortSizes([], false)).toEqual([10_000, 30_000]);
    expect(cohortSizes(["--quick"], true)).toEqual([1000]);
    expect(cohortSizes(["--cohort-size", "100000"], false)).toEqual([100_000]);
    expect(cohortSizes(["--cohort-size", "10000,100000"], true)).toEqual([10_000, 100_000]);
    for (const bad of ["", "1e5x", "0", "10000,-1", "2.5"])
      expect(() => cohortSizes(["--cohort-size", bad], false)).toThrow("--cohort-size takes whole numbers");
  });
});
