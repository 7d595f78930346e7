/**
 * Robustness sweep over the published positive cases: every case of the case suite is degraded as real records
 * are (test/cases/variants.ts) — its labs removed and the diagnosis charted in words, a chronic cause beside the
 * new fall, the units and dates other laboratories send, a specific marker beside a pattern that points
 * elsewhere, results corrected or withdrawn, other codes, doses as orders, dates less precise than a day, labs
 * thinned as an outpatient record keeps them, the noise of a real feed (duplicates, disorder, unrelated drugs
 * and normal labs), every date-time at another offset, the whole record as CSV rows. A corrected result or
 * another code must change no certainty; noise, an offset or a CSV export must change no finding (certainty,
 * grade, onset instant and day); a thinned record keeps its disorder at no higher a certainty, naming what it
 * lacks when it loses any; an event dated to its month or by age is placed by that interval and named in the
 * trace, and a date the engine cannot place must be named among the rejected records. No variant may be silent
 * (a finding or an unexplained item), and the case's disorder — the marker's,
 * for a marker variant — must still be found (at any certainty: without its labs it may be possible, with what is
 * missing named). The rate is printed over every variant generated; the misses the engine does not yet meet are
 * listed below with their cause, so that a new miss fails and a fixed one must be taken off the list.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { CERTAINTIES } from "../../packages/core/src/contracts/vocabularies.js";
import { loadSpecs } from "../cases/build-bundles.js";
import { FAMILIES, type Family, type Variant, variantsOf } from "../cases/variants.js";
import { assessPublished, assessVariant, findingOf } from "../support/variant-findings.js";

const positives = loadSpecs().filter((s) => s.kind === "positive");
const variants = positives.flatMap(variantsOf);

interface Outcome {
  readonly v: Variant;
  readonly silent: boolean;
  readonly found: boolean;
  /** The variant's disorder leads the findings. */
  readonly first: boolean;
  /** The disorder's certainty, or "none". */
  readonly certainty: string;
  readonly said: string;
  /** The records the report rejects for a date it cannot place (invalid or missing), as `ref field`. */
  readonly undated: readonly string[];
  /** How many records the report counts as not used (read, but of nothing the engine weighs). */
  readonly notUsed: number;
  /** Imprecisely dated Conditions a finding or its differential weighs, and those its trace does not name. */
  readonly placed: readonly string[];
  readonly unnamed: readonly string[];
  /** The finding of the variant's disorder as a user reads it: certainty, grade, onset instant and day. */
  readonly finding: string;
  /** The variant's finding read beside its published record's, when they differ. */
  readonly moved?: string;
  /** What the finding of the variant's disorder names as lacking: its missing criteria and its work-up. */
  readonly lacking: readonly string[];
}
/** Records whose event date known to its month or by age is read as an interval: Conditions, CRS/ICANS grades. */
const intervalRead = (ref: string) => ref.startsWith("Condition/") || ref.startsWith("Observation/");
/** The interval-dated events of `v` that a finding of `p` weighs, each with whether its trace names it. */
function placements(v: Variant, p: PatientReport): { ref: string; named: boolean }[] {
  const conditions = (v.imprecise ?? []).filter(intervalRead);
  return p.findings.flatMap((f) =>
    [...f.criteria, ...(f.differentials ?? [])]
      .filter((c) => c.status === "met")
      .flatMap((c) => c.evidence.filter((ref) => conditions.includes(ref)))
      .map((ref) => ({ ref, named: f.summary.includes(`${ref} (onset `) })),
  );
}
/** Each case's published record as the case suite reads it. */
const asPublished = new Map(positives.map((s) => [s.id, assessPublished(s)]));
/** Each case's own certainty for its disorder in its published record. */
const published = new Map(
  positives.map((s) => [
    s.id,
    asPublished.get(s.id)?.findings.find((f) => f.disorder === s.expected.primary)?.certainty ?? "none",
  ]),
);
const outcomes: Outcome[] = variants.map((v) => {
  const p = assessVariant(v);
  const placed = placements(v, p);
  const finding = findingOf(p, v.disorder);
  const was = findingOf(asPublished.get(v.caseId), v.disorder, v.offset);
  const f = p.findings.find((x) => x.disorder === v.disorder);
  return {
    lacking: [
      ...(f?.criteria ?? []).filter((c) => c.status === "missing").map((c) => c.id),
      ...(f?.workup ?? []).map((w) => w.id),
    ],
    finding,
    ...(finding !== was && { moved: `${was} → ${finding}` }),
    placed: placed.map((x) => x.ref),
    unnamed: placed.filter((x) => !x.named).map((x) => x.ref),
    v,
    silent: p.findings.length === 0 && p.unexplained.length === 0,
    found: f !== undefined,
    first: p.findings[0]?.disorder === v.disorder,
    certainty: f?.certainty ?? "none",
    said:
      [
        ...p.findings.map((f) => `${f.disorder}/${f.certainty}`),
        ...p.unexplained.map((u) => `unexplained ${u.abnormality}`),
      ].join(", ") || "nothing",
    notUsed: Object.values(p.notUsed).reduce(
      (n, bySystem) => n + Object.values(bySystem).reduce((m, x) => m + x, 0),
      0,
    ),
    undated: p.rejected
      .filter((r) => r.code === "invalid-date" || r.code === "missing-date")
      .map((r) => `${r.ref} ${r.field ?? ""}`),
  };
});
const key = (o: Outcome) => `${o.v.caseId} | ${o.v.name}`;
/** Families whose record says what the published one says, only spelt otherwise: the certainty must not move. */
const SAME_CERTAINTY: ReadonlySet<Family> = new Set(["units", "corrections", "codes", "orders"]);
/** Families whose record says what the published one says amid noise or written otherwise: no finding may move. */
const SAME_FINDING: readonly Family[] = ["noise", "timezones", "csv"];
/** Certainties, least certain first ("none": the disorder is not found). */
const RANK = ["none", ...[...CERTAINTIES].reverse()];
const raised = (o: Outcome) => RANK.indexOf(o.certainty) > RANK.indexOf(published.get(o.v.caseId) ?? "none");
/** Imprecise dates that raise a certainty above the published record's, with their cause (none now). */
const KNOWN_RAISES: Readonly<Record<string, string>> = {};

/** Misses the engine does not yet meet, with their cause (silent ones included: the sweep prints them). */
const CAPECCHI = "itp-rituximab-smzl-infusion-reaction-acute-thrombocytopenia-kidney-injury-capecchi-2025";
const SAME_DAY =
  "the count of 15 drawn 4 h into the infusion is sent at 00:14 local time (the variant keeps the draw hour as " +
  "minutes, for order), a real time before the dose timed in UTC: it reads as the pre-dose baseline (130 → 15 " +
  "before the drug), and the recovering counts after the dose are no new fall. Only a date or a time of exactly " +
  "00:00:00 is read as an unknown draw time (test/safety/same-day-counts.test.ts: at exact local midnight the " +
  "fall is found); a real time is read as written";
const NAISMITH =
  "itp-rituximab-splenic-marginal-zone-lymphoma-factor-vii-inhibitor-acute-thrombocytopenia-naismith-2021";
const YI = "itp-rituximab-mantle-cell-lymphoma-marrow-massive-splenomegaly-acute-thrombocytopenia-yi-2009";
/** Yi 2009's only evidence is a thrombocytopenia charted hours after the first infusion, with no count. */
const SAME_DAY_CHARTED =
  "the thrombocytopenia charted hours after the first infusion (no count published) is sent at 00:12 local time, " +
  "a real time before the dose timed in UTC: it reads as charted before the drug, as SAME_DAY's count does";
const MONTH_CHARTED =
  "the only evidence, a thrombocytopenia charted on the day of the first infusion, dated to that month cannot " +
  "be placed after the dose (a month-dated problem is read from the month's first day, before it)";
const KNOWN_MISSES: Readonly<Record<string, string>> = {
  [`${CAPECCHI} | labs and problems (doses in UTC) at local midnight in Sydney (+11:00)`]: SAME_DAY,
  [`${CAPECCHI} | labs and problems (doses in UTC) at local midnight in New York (-05:00)`]: SAME_DAY,
  // The count of 13 drawn on the evening of the first infusion, sent at local midnight: as CAPECCHI.
  [`${NAISMITH} | labs and problems (doses in UTC) at local midnight in Sydney (+11:00)`]: SAME_DAY,
  [`${NAISMITH} | labs and problems (doses in UTC) at local midnight in New York (-05:00)`]: SAME_DAY,
  [`${YI} | labs and problems (doses in UTC) at local midnight in Sydney (+11:00)`]: SAME_DAY_CHARTED,
  [`${YI} | labs and problems (doses in UTC) at local midnight in New York (-05:00)`]: SAME_DAY_CHARTED,
  [`${YI} | every event dated to its month only`]: MONTH_CHARTED,
};

describe("published positive cases, degraded as real records are", () => {
  it("generates variants of every published positive case in each family", () => {
    const by = (f: Family) => outcomes.filter((o) => o.v.family === f);
    const lines = [""];
    for (const f of FAMILIES) {
      const set = by(f);
      const found = set.filter((o) => o.found).length;
      const heard = set.filter((o) => !o.silent).length;
      lines.push(
        `${f.padEnd(13)} ${String(set.length).padStart(4)} variants of ${new Set(set.map((o) => o.v.caseId)).size} cases: disorder found ${found}/${set.length}, not silent ${heard}/${set.length}`,
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
    for (const f of SAME_CERTAINTY) {
      const set = by(f);
      const moved = set.filter((o) => o.certainty !== published.get(o.v.caseId));
      lines.push(
        `  ${f} variants with the certainty of the published record: ${set.length - moved.length}/${set.length}`,
      );
      for (const o of moved) lines.push(`    moved ${key(o)}: ${published.get(o.v.caseId)} → ${o.certainty}`);
    }
    for (const f of ["sparse", ...SAME_FINDING] as const) {
      const set = by(f);
      lines.push(
        `  ${f} variants with the finding of the published record: ${set.filter((o) => !o.moved).length}/${set.length}`,
      );
      for (const o of set.filter((x) => x.moved))
        lines.push(`    moved ${key(o)}: ${o.moved} (lacking: ${o.lacking.join(", ")})`);
    }
    lines.push(`  partial-dates variants by disorder and certainty: ${certainties(by("partial-dates"))}`);
    for (const o of by("partial-dates").filter(raised))
      lines.push(`    raised ${key(o)}: ${published.get(o.v.caseId)} → ${o.certainty}`);
    const found = outcomes.filter((o) => o.found).length;
    lines.push(
      `all           ${outcomes.length} variants of ${positives.length} published positives: disorder found ${found}/${outcomes.length} (${((100 * found) / outcomes.length).toFixed(1)} %), not silent ${outcomes.filter((o) => !o.silent).length}/${outcomes.length}`,
    );
    for (const o of outcomes.filter((x) => !x.found))
      lines.push(
        `  miss ${key(o)}: expected ${o.v.disorder}, said ${o.said}${key(o) in KNOWN_MISSES ? ` (known: ${KNOWN_MISSES[key(o)]})` : ""}`,
      );
    console.log(lines.join("\n"));
    expect(new Set(variants.map((v) => v.caseId)).size).toBe(positives.length);
    for (const f of FAMILIES) expect(by(f).length).toBeGreaterThan(0);
  });

  it("no variant is silent, but for the misses listed with their cause", () => {
    expect(outcomes.filter((o) => o.silent && !(key(o) in KNOWN_MISSES)).map(key)).toEqual([]);
  });

  it("without its labs, a disorder charted in words is never definite", () => {
    expect(outcomes.filter((o) => o.v.family === "charted" && o.certainty === "definite").map(key)).toEqual(
      [],
    );
  });

  it("a unit spelling, a time zone, a corrected result, another code or a dose sent as an order changes no certainty, but for the misses listed", () => {
    expect(
      outcomes
        .filter((o) => SAME_CERTAINTY.has(o.v.family) && o.certainty !== published.get(o.v.caseId))
        .filter((o) => !(key(o) in KNOWN_MISSES))
        .map((o) => `${key(o)}: ${published.get(o.v.caseId)} → ${o.certainty}`),
    ).toEqual([]);
  });

  it("noise, another time-zone offset or a CSV export leaves the finding as published: certainty, grade, onset instant and day", () => {
    const same = outcomes.filter((o) => SAME_FINDING.includes(o.v.family));
    expect(same.length).toBe(positives.length * 7);
    expect(same.filter((o) => o.moved).map((o) => `${key(o)}: ${o.moved}`)).toEqual([]);
  });

  it("a record thinned to the first and worst value of each lab, without coagulation tests, keeps its disorder at no higher certainty and names what it lacks", () => {
    const sparse = outcomes.filter((o) => o.v.family === "sparse");
    expect(sparse.length).toBeGreaterThan(0);
    expect(sparse.filter((o) => !o.found || raised(o)).map(key)).toEqual([]);
    // A finding that lost certainty or grade names missing criteria and the tests that would settle it; where
    // coagulation tests were dropped, one of them among those tests.
    const lost = sparse.filter((o) => o.moved);
    expect(
      lost
        .filter(
          (o) =>
            o.lacking.length === 0 ||
            ((o.v.dropped ?? []).length > 0 && !(o.v.dropped ?? []).some((id) => o.lacking.includes(id))),
        )
        .map(key),
    ).toEqual([]);
  });

  it("a date less precise than a day never raises a certainty, but for the cases listed with their cause", () => {
    expect(
      outcomes
        .filter((o) => o.v.family === "partial-dates" && raised(o))
        .map(key)
        .sort(),
    ).toEqual(Object.keys(KNOWN_RAISES).sort());
  });

  it("a condition's onset sent as a period keeps the published certainty", () => {
    const period = outcomes.filter((o) => o.v.name === "every condition's onset as an onsetPeriod");
    expect(period.length).toBe(positives.length);
    expect(period.filter((o) => o.certainty !== published.get(o.v.caseId)).map(key)).toEqual([]);
  });

  it("an event date the engine cannot place on a day is named in the report, never dropped unsaid", () => {
    const imprecise = outcomes.filter((o) => (o.v.imprecise ?? []).length > 0);
    expect(imprecise.length).toBeGreaterThan(0);
    // A Condition's onset or a CRS/ICANS grade known to its month (or an onset as an age) is read as an interval
    // and placed against the first dose: a finding weighing one names it in its trace. Any other such date (a
    // transfusion) is rejected naming its date, but for records of nothing the engine weighs, counted as not used.
    expect(imprecise.flatMap((o) => o.unnamed.map((ref) => `${key(o)}: ${ref}`))).toEqual([]);
    expect(imprecise.some((o) => o.placed.length > 0)).toBe(true);
    expect(
      imprecise
        .map((o) => ({
          o,
          unnamed: (o.v.imprecise ?? []).filter(
            (ref) => !intervalRead(ref) && !o.undated.some((u) => u.startsWith(`${ref} `)),
          ),
        }))
        .filter(({ o, unnamed }) => unnamed.length > o.notUsed)
        .map(({ o, unnamed }) => `${key(o)}: ${unnamed.join(", ")}`),
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
