/**
 * An aPTT above the target of argatroban or bivalirudin is never silent. CTCAE leaves the aPTT on a parenteral direct
 * thrombin inhibitor ungraded (its intended effect), so an aPTT of 140 s on argatroban was in no list and no plan. The
 * argatroban label titrates to 1.5–3 times the baseline, not above 100 s: the aPTT is listed above 100 s with a lower
 * infusion and a recheck 2 hours later, never heparin (these patients usually have a HIT); below 25 ×10⁹/L platelets
 * hematology decides whether to go on, a bleed that is not major stops the infusion, and a major bleed is reversed by
 * the bleed's own plan.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { knowledge } from "../support/assess.js";
import {
  assessOnDrugs as assess,
  heparin,
  pinnedOnDrugBound,
  thrombinInhibitor,
} from "../support/on-anticoagulant.js";
import { day, event, lab } from "../support/record.js";

const ITEM = "aptt-above-100-s-on-dti";
const APTT = "activated-partial-thromboplastin-time-prolonged";
const item = (r: PatientReport) => r.unexplained.find((u) => u.abnormality === ITEM);
const lines = (r: PatientReport) => item(r)?.management?.map((m) => m.id) ?? [];
const ceiling = () => pinnedOnDrugBound("aptt-above-dti-ceiling", ITEM, "above");

describe("aPTT above argatroban's label ceiling, no bleed", () => {
  it("aPTT 140 s on argatroban: still ungraded, and listed with a lower infusion, a recheck in 2 hours, no heparin", () => {
    const aptt = lab("aptt", 50, 140);
    const r = assess([thrombinInhibitor()], [aptt]);
    expect(r.ungraded?.map((u) => u.term)).toContain(APTT);
    expect(r.grades.find((g) => g.term === APTT)).toBeUndefined();
    expect(item(r)).toMatchObject({ value: 140, evidence: [aptt.ref] });
    expect(item(r)?.why).toMatch(/^aPTT above argatroban's label ceiling .*: 140 s .* on argatroban/);
    const lower = item(r)?.management?.find((m) => m.id === "aptt-above-100-s-on-dti-lower");
    expect(lower?.action).toMatch(/lower the infusion rate .* repeat the aPTT 2 hours after the change/);
    expect(lower?.action).toMatch(/Do not switch to heparin or LMWH/);
    expect(lower?.sourceIds).toContain("argatroban-label");
    expect(lines(r)).toEqual(["aptt-above-100-s-on-dti-lower"]);
    expect(r.findings).toEqual([]);
  });

  it("its work-up is the aPTT after the change, the bleeding assessment, liver and kidney tests and the platelet count", () => {
    const tests = item(assess([thrombinInhibitor()], [lab("aptt", 50, 140)]))?.workup?.map((w) => w.id);
    expect(tests).toEqual([
      "aptt-after-dti-change",
      "bleeding-assessment",
      "liver-and-kidney-tests-on-dti",
      "platelets",
    ]);
  });

  it("at the ceiling (100 s) not listed, just above it listed; a censored '> 100 s' is above it", () => {
    const cut = ceiling();
    expect(item(assess([thrombinInhibitor()], [lab("aptt", 50, cut)]))).toBeUndefined();
    expect(item(assess([thrombinInhibitor()], [lab("aptt", 50, cut + 0.01)]))?.abnormality).toBe(ITEM);
    const censored = lab("aptt", 50, cut, { comparator: ">" });
    expect(item(assess([thrombinInhibitor()], [censored]))?.abnormality).toBe(ITEM);
  });

  it("on bivalirudin the same ceiling lists it", () => {
    const r = assess([thrombinInhibitor("bivalirudin")], [lab("aptt", 50, 120)]);
    expect(item(r)?.why).toMatch(/on bivalirudin/);
    expect(lines(r)).toEqual(["aptt-above-100-s-on-dti-lower"]);
  });

  it("on unfractionated heparin 140 s is the heparin nomogram's item, not this one; off both it is CTCAE's", () => {
    const onHeparin = assess([heparin()], [lab("aptt", 50, 140)]);
    expect(item(onHeparin)).toBeUndefined();
    expect(onHeparin.unexplained.map((u) => u.abnormality)).toContain("aptt-above-90-s-on-ufh");
    const off = assess([], [lab("aptt", 50, 140)]);
    expect(item(off)).toBeUndefined();
    expect(off.unexplained.map((u) => u.abnormality)).toContain(APTT);
  });

  it("with platelets below 25 ×10⁹/L hematology decides whether to go on; at 25 the lower infusion", () => {
    const at = (platelets: number) =>
      lines(assess([thrombinInhibitor()], [lab("aptt", 50, 140), lab("platelets", 50, platelets)]));
    expect(at(24.9)).toEqual(["aptt-above-100-s-on-dti-low-platelets"]);
    expect(at(25)).toEqual(["aptt-above-100-s-on-dti-lower"]);
  });

  it("with a HIT charted the lower infusion stands and nothing in the item offers heparin", () => {
    const r = assess([thrombinInhibitor()], [lab("aptt", 50, 140)], [event("hit", 45)]);
    expect(lines(r)).toContain("aptt-above-100-s-on-dti-lower");
    const plan = knowledge.unexplained.onDrug.flatMap((rule) => rule.bands.flatMap((b) => b.plan));
    const tags = lines(r).flatMap((id) => plan.find((p) => p.id === id)?.tags ?? []);
    expect(tags).toEqual(["non-heparin-anticoagulant"]);
  });
});

describe("aPTT above the ceiling with a bleed", () => {
  it("a bleed that is not major: stop the infusion, no reversal agent, restart lower with a non-heparin agent", () => {
    const r = assess([thrombinInhibitor()], [lab("aptt", 50, 140)], [event("bleeding", 50, { grade: 1 })]);
    expect(lines(r)).toEqual(["aptt-above-100-s-on-dti-bleeding"]);
    const bleeding = item(r)?.management?.[0];
    expect(bleeding?.action).toMatch(/stop the infusion now .* neither has a specific reversal agent/);
  });

  it("a bleed whose end is charted before the aPTT: planned as without bleeding", () => {
    const ended = event("bleeding", 44, { grade: 1, end: day(46) });
    expect(lines(assess([thrombinInhibitor()], [lab("aptt", 50, 140)], [ended]))).toEqual([
      "aptt-above-100-s-on-dti-lower",
    ]);
  });

  it("a major bleed: the aPTT stays listed without the band's lines, the bleed is listed with its own plan", () => {
    const r = assess([thrombinInhibitor()], [lab("aptt", 50, 140)], [event("bleeding", 50, { grade: 4 })]);
    expect(item(r)?.abnormality).toBe(ITEM);
    expect(lines(r)).toEqual([]);
    expect(r.unexplained.map((u) => u.abnormality)).toContain("major-bleeding");
  });
});
