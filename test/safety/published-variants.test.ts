/**
 * Robustness sweep over the published positive cases: every case of the case suite is degraded as real records
 * are (test/cases/variants.ts) — its labs removed and the diagnosis charted in words, a chronic cause beside the
 * new fall, the units and dates other laboratories send, a specific marker beside a pattern that points
 * elsewhere. No variant may be silent (a finding or an unexplained item), and the case's disorder — the marker's,
 * for a marker variant — must still be found (at any certainty: without its labs it may be possible, with what is
 * missing named). The rate is printed over every variant generated; the misses the engine does not yet meet are
 * listed below with their cause, so that a new miss fails and a fixed one must be taken off the list.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { buildBundle, loadSpecs } from "../cases/build-bundles.js";
import { CASE_AT } from "../cases/try-case.js";
import { type Family, type Variant, variantsOf } from "../cases/variants.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const positives = loadSpecs().filter((s) => s.kind === "positive");
const variants = positives.flatMap(variantsOf);

function assess(v: Variant): PatientReport {
  const engine = createEngine(k, { evaluatedAt: CASE_AT, version: "case" });
  engine.add(v.document, v.document.kind === "csv" ? `${v.caseId}.csv` : `${v.caseId}.json`);
  const [patient] = engine.report().patients;
  if (!patient) throw new Error(`${v.caseId}: no patient`);
  return patient;
}

interface Outcome {
  readonly v: Variant;
  readonly silent: boolean;
  readonly found: boolean;
  /** The variant's disorder leads the findings. */
  readonly first: boolean;
  /** The disorder's certainty, or "none". */
  readonly certainty: string;
  readonly said: string;
}
const outcomes: Outcome[] = variants.map((v) => {
  const p = assess(v);
  return {
    v,
    silent: p.findings.length === 0 && p.unexplained.length === 0,
    found: p.findings.some((f) => f.disorder === v.disorder),
    first: p.findings[0]?.disorder === v.disorder,
    certainty: p.findings.find((f) => f.disorder === v.disorder)?.certainty ?? "none",
    said:
      [
        ...p.findings.map((f) => `${f.disorder}/${f.certainty}`),
        ...p.unexplained.map((u) => `unexplained ${u.abnormality}`),
      ].join(", ") || "nothing",
  };
});
/** Each case's own certainty for its disorder, as the case suite reads the published record. */
const published = new Map(
  positives.map((s) => {
    const p = assess({
      family: "units",
      name: "as published",
      caseId: s.id,
      document: { kind: "fhir", value: buildBundle(s) },
      disorder: "itp",
    });
    return [s.id, p.findings.find((f) => f.disorder === s.expected.primary)?.certainty ?? "none"];
  }),
);
const key = (o: Outcome) => `${o.v.caseId} | ${o.v.name}`;

/** Misses the engine does not yet meet, with their cause (silent ones included: the sweep prints them). */
const CAPECCHI = "itp-rituximab-smzl-infusion-reaction-acute-thrombocytopenia-kidney-injury-capecchi-2025";
const SAME_DAY =
  "the count of 15 drawn 4 h into the infusion is sent at 00:14 local time (the variant keeps the draw hour as " +
  "minutes, for order), a real time before the dose timed in UTC: it reads as the pre-dose baseline (130 → 15 " +
  "before the drug), and the recovering counts after the dose are no new fall. Only a date or a time of exactly " +
  "00:00:00 is read as an unknown draw time (test/safety/same-day-counts.test.ts: at exact local midnight the " +
  "fall is found); a real time is read as written";
const KNOWN_MISSES: Readonly<Record<string, string>> = {
  [`${CAPECCHI} | labs and problems (doses in UTC) at local midnight in Sydney (+11:00)`]: SAME_DAY,
  [`${CAPECCHI} | labs and problems (doses in UTC) at local midnight in New York (-05:00)`]: SAME_DAY,
};

describe("published positive cases, degraded as real records are", () => {
  it("generates variants of every published positive case in each family", () => {
    const by = (f: Family) => outcomes.filter((o) => o.v.family === f);
    const lines = [""];
    for (const f of ["charted", "chronic", "units", "marker"] as const) {
      const set = by(f);
      const found = set.filter((o) => o.found).length;
      const heard = set.filter((o) => !o.silent).length;
      lines.push(
        `${f.padEnd(8)} ${String(set.length).padStart(4)} variants of ${new Set(set.map((o) => o.v.caseId)).size} cases: disorder found ${found}/${set.length}, not silent ${heard}/${set.length}`,
      );
    }
    const certainties = (set: readonly Outcome[]) => {
      const n = new Map<string, number>();
      for (const o of set)
        n.set(`${o.v.disorder} ${o.certainty}`, (n.get(`${o.v.disorder} ${o.certainty}`) ?? 0) + 1);
      return [...n]
        .map(([k, v]) => `${k} ${v}`)
        .sort()
        .join(", ");
    };
    lines.push(`  charted variants by disorder and certainty: ${certainties(by("charted"))}`);
    const marker = by("marker");
    lines.push(
      `  marker variants whose marker's disorder leads the findings: ${marker.filter((o) => o.first).length}/${marker.length}`,
    );
    const units = by("units");
    const moved = units.filter((o) => o.certainty !== published.get(o.v.caseId));
    lines.push(
      `  units variants with the certainty of the published record: ${units.length - moved.length}/${units.length}`,
    );
    for (const o of moved) lines.push(`    moved ${key(o)}: ${published.get(o.v.caseId)} → ${o.certainty}`);
    const found = outcomes.filter((o) => o.found).length;
    lines.push(
      `all      ${outcomes.length} variants of ${positives.length} published positives: disorder found ${found}/${outcomes.length} (${((100 * found) / outcomes.length).toFixed(1)} %), not silent ${outcomes.filter((o) => !o.silent).length}/${outcomes.length}`,
    );
    for (const o of outcomes.filter((x) => !x.found))
      lines.push(
        `  miss ${key(o)}: expected ${o.v.disorder}, said ${o.said}${key(o) in KNOWN_MISSES ? ` (known: ${KNOWN_MISSES[key(o)]})` : ""}`,
      );
    console.log(lines.join("\n"));
    expect(new Set(variants.map((v) => v.caseId)).size).toBe(positives.length);
    for (const f of ["charted", "chronic", "units", "marker"] as const)
      expect(by(f).length).toBeGreaterThan(0);
  });

  it("no variant is silent, but for the misses listed with their cause", () => {
    expect(outcomes.filter((o) => o.silent && !(key(o) in KNOWN_MISSES)).map(key)).toEqual([]);
  });

  it("without its labs, a disorder charted in words is never definite", () => {
    expect(outcomes.filter((o) => o.v.family === "charted" && o.certainty === "definite").map(key)).toEqual(
      [],
    );
  });

  it("a unit spelling or a time zone changes no certainty, but for the misses listed", () => {
    expect(
      outcomes
        .filter((o) => o.v.family === "units" && o.certainty !== published.get(o.v.caseId))
        .filter((o) => !(key(o) in KNOWN_MISSES))
        .map((o) => `${key(o)}: ${published.get(o.v.caseId)} → ${o.certainty}`),
    ).toEqual([]);
  });

  it("every variant keeps its disorder, but for the misses listed with their cause", () => {
    expect(
      outcomes
        .filter((o) => !o.found)
        .map(key)
        .sort(),
    ).toEqual(Object.keys(KNOWN_MISSES).sort());
  });
});
