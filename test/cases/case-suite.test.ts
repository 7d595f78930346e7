/**
 * Clinical case suite: every published case and control, plus the third-party Synthea bundles, through
 * the whole pipeline (FHIR ingestion → assess). Prints sensitivity and specificity per disorder and the
 * primary-finding accuracy, and holds them at or above 90 %.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { DISORDER_IDS, type DisorderId } from "../../packages/core/src/contracts/vocabularies.js";
import { testKnowledge } from "../support/knowledge.js";
import { SYNTHEA } from "../support/paths.js";
import { buildBundle, loadSpecs } from "./build-bundles.js";
import type { CaseSpec } from "./spec.js";
import { primaryMet, runBundle, shortfalls } from "./try-case.js";

const k = testKnowledge();
const specs = loadSpecs();
const BUNDLES = join(import.meta.dirname, "bundles");

const run = (bundle: unknown, file: string): PatientReport[] => runBundle(k, bundle, file);

interface Outcome {
  readonly spec: CaseSpec;
  readonly bundle: unknown;
  readonly report: PatientReport;
  readonly found: ReadonlySet<DisorderId>;
}

const outcomes: Outcome[] = specs.map((spec) => {
  const bundle = JSON.parse(readFileSync(join(BUNDLES, `${spec.id}.json`), "utf8"));
  const [report] = run(bundle, `${spec.id}.json`);
  if (!report) throw new Error(`${spec.id}: no patient`);
  return { spec, bundle, report, found: new Set(report.findings.map((f) => f.disorder)) };
});
const expectedPresent = (s: CaseSpec) => {
  const p = s.expected.primary;
  return new Set<DisorderId>([...s.expected.present, ...(p === "none" || p === "unexplained" ? [] : [p])]);
};
const noFinding = (s: CaseSpec) => s.expected.primary === "none" || s.expected.primary === "unexplained";

function pct(n: number, d: number): string {
  return d === 0 ? "   –  " : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
}

/** Per-disorder counts over a set of outcomes. */
function table(set: readonly Outcome[]) {
  return DISORDER_IDS.map((d) => {
    const pos = set.filter((o) => expectedPresent(o.spec).has(d));
    const neg = set.filter((o) => o.spec.expected.absent.includes(d) || noFinding(o.spec));
    return {
      d,
      tp: pos.filter((o) => o.found.has(d)).length,
      p: pos.length,
      tn: neg.filter((o) => !o.found.has(d)).length,
      n: neg.length,
    };
  });
}

const primaryOk = (o: Outcome) => primaryMet(o.spec, o.report);

describe("clinical case suite", () => {
  it("the committed bundles are what the specs generate", () => {
    for (const o of outcomes)
      expect(o.bundle, `${o.spec.id}: run npm run cases`).toEqual(buildBundle(o.spec));
  });

  it("reports sensitivity, specificity and primary-finding accuracy over every case, at or above 90 %", () => {
    const lines = [
      "",
      "disorder     sensitivity        specificity",
      "-----------  -----------------  -----------------",
    ];
    for (const r of table(outcomes))
      lines.push(
        `${r.d.padEnd(11)}  ${pct(r.tp, r.p)} (${r.tp}/${r.p})`.padEnd(32) +
          `${pct(r.tn, r.n)} (${r.tn}/${r.n})`,
      );
    const prim = outcomes.filter(primaryOk).length;
    const constructed = outcomes.filter((o) => o.spec.constructed);
    lines.push(
      `primary-finding accuracy ${pct(prim, outcomes.length)} (${prim}/${outcomes.length}) over every case`,
      `  published cases ${outcomes.length - constructed.length}, constructed ${constructed.length} (${constructed.filter(primaryOk).length} met)`,
    );
    for (const o of outcomes.filter((x) => !primaryOk(x)))
      lines.push(
        `  miss ${o.spec.id}: expected ${o.spec.expected.primary}, got ${o.report.findings.map((f) => `${f.disorder}/${f.certainty}`).join(", ") || "none"}`,
      );
    console.log(lines.join("\n"));

    // Every disorder with a positive case is gated on its sensitivity; every disorder on its specificity.
    for (const r of table(outcomes)) {
      if (r.p > 0) expect(r.tp / r.p, `${r.d} sensitivity`).toBeGreaterThanOrEqual(0.9);
      if (r.n > 0) expect(r.tn / r.n, `${r.d} specificity`).toBeGreaterThanOrEqual(0.9);
    }
    expect(prim / outcomes.length).toBeGreaterThanOrEqual(0.9);
  });

  it("meets every case's certainty bounds and unexplained list", () => {
    const short = outcomes.flatMap((o) =>
      shortfalls(o.spec, o.report)
        .filter((p) => p.startsWith("certainty") || p.startsWith("not in unexplained"))
        .map((p) => `${o.spec.id}: ${p}`),
    );
    expect(short).toEqual([]);
  });

  it("covers all seven disorders and the three therapy classes with published positives", () => {
    const positives = outcomes.filter((o) => o.spec.kind === "positive");
    const disorders = new Set(positives.flatMap((o) => [...expectedPresent(o.spec)]));
    const classes = new Set(positives.flatMap((o) => o.report.exposures.map((e) => e.class)));
    console.log(
      `positive cases: ${positives.length}; controls: ${outcomes.length - positives.length}; disorders: ${[...disorders].sort().join(", ")}; classes: ${[...classes].sort().join(", ")}`,
    );
    expect(positives.length).toBeGreaterThanOrEqual(40);
    expect(outcomes.length - positives.length).toBeGreaterThanOrEqual(20);
    expect([...disorders].sort()).toEqual([...DISORDER_IDS].sort());
    for (const c of ["ici", "bispecific", "car-t"]) expect(classes).toContain(c);
  });

  it("every finding rests on records that were used, never on rejected ones", () => {
    for (const o of outcomes) {
      const rejected = new Set(o.report.rejected.map((r) => r.ref));
      for (const f of o.report.findings)
        for (const c of f.criteria)
          for (const e of c.evidence) expect(rejected.has(e), `${o.spec.id} ${e}`).toBe(false);
    }
  });
});

describe("Synthea bundles (no immunotherapy)", () => {
  const files = readdirSync(SYNTHEA).filter((f) => f.endsWith(".json") && !f.startsWith("practitioner"));
  it.each(files)("%s: no exposure and no finding", (file) => {
    const reports = run(JSON.parse(readFileSync(join(SYNTHEA, file), "utf8")), file);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.exposures).toEqual([]);
    expect(reports[0]?.findings).toEqual([]);
  });
});

describe("examples/ (the README's main job)", () => {
  const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");
  const demos = loadSpecs(join(EXAMPLES, "specs"));
  it.each(demos.map((d) => [d.id, d] as const))("%s finds its disorder first", (_id, spec) => {
    const committed = JSON.parse(readFileSync(join(EXAMPLES, `${spec.id}.json`), "utf8"));
    expect(committed, "run npm run cases").toEqual(buildBundle(spec));
    const [report] = run(committed, `${spec.id}.json`);
    expect(report?.findings[0]?.disorder).toBe(spec.expected.primary);
    for (const d of spec.expected.present) expect(report?.findings.map((f) => f.disorder)).toContain(d);
  });
  it("shows every therapy class and every disorder", () => {
    const reports = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) => run(JSON.parse(readFileSync(join(EXAMPLES, f), "utf8")), f));
    expect(new Set(reports.flatMap((r) => r.exposures.map((e) => e.class)))).toEqual(
      new Set(["ici", "bispecific", "antibody", "car-t"]),
    );
    expect(new Set(reports.flatMap((r) => r.findings.map((f) => f.disorder)))).toEqual(new Set(DISORDER_IDS));
  });
});
