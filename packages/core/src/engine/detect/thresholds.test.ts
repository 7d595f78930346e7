/**
 * Every threshold of knowledge/disorders at its boundary, with the real knowledge, scores and CTCAE grades:
 * lab cut-offs, event grades and ISTH overt DIC score thresholds of every index, criterion, differential
 * and grade rule (generated, test/thresholds/disorder-probes.ts). Date windows, latency, episode lengths,
 * certainty counts and the hand-written cases run in thresholds.tz.test.ts, under two time zones. The
 * values the cases hold the knowledge to are pinned in test/thresholds/pinned.ts.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { allSites } from "../../../../../test/thresholds/cases.js";
import { disorderHandCases } from "../../../../../test/thresholds/disorder-hand.js";
import { disorderProbes } from "../../../../../test/thresholds/disorder-probes.js";
import { structureCases } from "../../../../../test/thresholds/disorder-structure.js";
import { NO_CASE } from "../../../../../test/thresholds/no-case.js";
import { pinning } from "../../../../../test/thresholds/pinned.js";

const k = testKnowledge();
const { value } = disorderProbes(k, "value");

describe("disorder thresholds at their boundary: lab cut-offs, event grades, ISTH score thresholds", () => {
  it.each(value.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => c.run(k));
});

describe("every disorder threshold is pinned and has a boundary case", () => {
  const sites = allSites(k).filter((s) => s.file.startsWith("disorders/"));

  it("pins every threshold of knowledge/disorders, and nothing else", () => {
    const { unpinned, stale } = pinning(sites, "disorders/");
    expect(
      unpinned,
      "add these to test/thresholds/pinned.ts (after checking each value against its source)",
    ).toEqual([]);
    expect(stale, "pinned thresholds that are no longer in knowledge/disorders").toEqual([]);
  });

  it("has a boundary case for every threshold, or says in no-case.ts why none can exist", () => {
    const window = disorderProbes(k, "window");
    const covered = new Set(
      [...value.cases, ...window.window.cases, ...structureCases(k).cases, ...disorderHandCases(k)].flatMap(
        (c) => c.keys,
      ),
    );
    const why = new Map([...value.unsupported, ...window.window.unsupported].map((u) => [u.key, u.why]));
    const missing = sites
      .filter((s) => !covered.has(s.key) && NO_CASE[s.key] === undefined)
      .map((s) => `${s.key}${why.has(s.key) ? ` (generator: ${why.get(s.key)})` : ""}`);
    expect(missing, "write a case in test/thresholds/disorder-hand.ts").toEqual([]);
    const needless = Object.keys(NO_CASE)
      .filter((key) => key.startsWith("disorders/"))
      .filter((key) => covered.has(key) || !sites.some((s) => s.key === key));
    expect(needless, "no-case.ts entries that now have a case or no longer exist").toEqual([]);
    // Generates the window probes of every definition: under a minute alone, up to three beside other suites.
  }, 180_000);
});
