/**
 * Date-window thresholds of knowledge/disorders at their boundary, with the real knowledge, scores and
 * CTCAE grades, run under two time zones: every criterion window's first and last day (generated), the
 * latency window of each therapy class, episode lengths and certainty counts (generated), and the
 * hand-written cases (new fall, recovery, infusion time course, 4Ts, JAAM, PLASMIC, French score).
 */
import { describe, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import type { ThresholdCase } from "../../../../../test/thresholds/cases.js";
import { disorderHandCases } from "../../../../../test/thresholds/disorder-hand.js";
import { disorderProbes } from "../../../../../test/thresholds/disorder-probes.js";
import { structureCases } from "../../../../../test/thresholds/disorder-structure.js";

const k = testKnowledge();
const pairs = (cases: readonly ThresholdCase[]) => cases.map((c) => [c.name, c] as const);

describe("disorder window days at their boundary", () => {
  it.each(pairs(disorderProbes(k, "window").window.cases))("%s", (_name, c) => c.run(k));
});

describe("latency windows, episode lengths and certainty counts at their boundary", () => {
  it.each(pairs(structureCases(k).cases))("%s", (_name, c) => c.run(k));
});

describe("hand-written disorder boundary cases", () => {
  it.each(pairs(disorderHandCases(k)))("%s", (_name, c) => c.run(k));
});
