/**
 * Every threshold of knowledge/management at its boundary: each fact condition (platelets, fibrinogen,
 * ADAMTS13) and grade bound of every recommendation, planned with the real management knowledge just
 * inside and just outside the pinned value (generated, test/thresholds/management-cases.ts), and the main
 * ones through assessPatient with facts read from real results (test/thresholds/management-hand.ts).
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { allSites } from "../../../../../test/thresholds/cases.js";
import { managementCases } from "../../../../../test/thresholds/management-cases.js";
import { managementHandCases } from "../../../../../test/thresholds/management-hand.js";
import { NO_CASE } from "../../../../../test/thresholds/no-case.js";
import { pinning } from "../../../../../test/thresholds/pinned.js";

const k = testKnowledge();
const generated = managementCases(k);
const hand = managementHandCases(k);

describe("management thresholds at their boundary (planner)", () => {
  it.each(generated.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => c.run(k));
});

describe("management thresholds at their boundary (assessPatient)", () => {
  it.each(hand.map((c) => [c.name, c] as const))("%s", (_name, c) => c.run(k));
});

describe("every management threshold is pinned and has a boundary case", () => {
  const sites = allSites(k).filter((s) => s.file.startsWith("management/"));
  it("pins every threshold of knowledge/management, and nothing else", () => {
    const { unpinned, stale } = pinning(sites, "management/");
    expect(
      unpinned,
      "add these to test/thresholds/pinned.ts (after checking each value against its source)",
    ).toEqual([]);
    expect(stale, "pinned thresholds that are no longer in knowledge/management").toEqual([]);
  });
  it("has a boundary case for every threshold, or says in no-case.ts why none can exist", () => {
    const covered = new Set([...generated.cases, ...hand].flatMap((c) => c.keys));
    const why = new Map(generated.unsupported.map((u) => [u.key, u.why]));
    expect(
      sites
        .filter((s) => !covered.has(s.key) && NO_CASE[s.key] === undefined)
        .map((s) => `${s.key}${why.has(s.key) ? ` (${why.get(s.key)})` : ""}`),
    ).toEqual([]);
    const needless = Object.keys(NO_CASE)
      .filter((key) => key.startsWith("management/"))
      .filter((key) => covered.has(key) || !sites.some((s) => s.key === key));
    expect(needless, "no-case.ts entries that now have a case or no longer exist").toEqual([]);
  });
});
