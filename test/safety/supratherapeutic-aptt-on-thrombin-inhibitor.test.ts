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

/**
 * Argatroban's label titrates to 1.5–3 times the baseline aPTT, not above 100 s: with a pre-infusion aPTT on record
 * (the latest in the day before the infusion's start, a HemoSentinel convention) an aPTT above 3 times it is listed
 * below 100 s too, with the same lower infusion and recheck, never heparin.
 */
describe("aPTT above 3 times the pre-infusion aPTT, below the 100 s ceiling", () => {
  const RELATIVE = "aptt-above-3x-baseline-on-dti";
  const times = () => pinnedOnDrugBound("aptt-above-dti-ceiling", RELATIVE, "aboveBaselineTimes");
  const window = () => pinnedOnDrugBound("aptt-above-dti-ceiling", RELATIVE, "baselineWithinDays");
  const relative = (r: PatientReport) => r.unexplained.find((u) => u.abnormality === RELATIVE);
  /** The infusion starts on day 48 at 08:00 (thrombinInhibitor); the baseline is drawn `hoursBefore` it. */
  const baseline = (value: number, hoursBefore: number) =>
    lab("aptt", 48, value, { at: new Date(Date.parse(day(48)) - hoursBefore * 3_600_000).toISOString() });

  it("baseline 30 s: an aPTT just above 3 times it (90 s) is listed with a lower infusion, no heparin; at 3 times not", () => {
    const cut = times() * 30;
    const above = assess([thrombinInhibitor()], [baseline(30, 12), lab("aptt", 50, cut + 0.5)]);
    expect(relative(above)).toMatchObject({ value: cut + 0.5 });
    expect(relative(above)?.why).toMatch(/above 3 times its pre-infusion baseline of 30 s \(90 s\)/);
    const lower = relative(above)?.management?.find((m) => m.id === `${RELATIVE}-lower`);
    expect(lower?.action).toMatch(/lower the infusion rate .* repeat the aPTT 2 hours after the change/);
    expect(lower?.action).toMatch(/Do not switch to heparin or LMWH/);
    expect(lower?.sourceIds).toContain("argatroban-label");
    expect(item(above)).toBeUndefined();
    const at = assess([thrombinInhibitor()], [baseline(30, 12), lab("aptt", 50, cut)]);
    expect(relative(at)).toBeUndefined();
    expect(item(at)).toBeUndefined();
  });

  it("with no pre-infusion aPTT on record, or one drawn after the start, 95 s is not listed (only the 100 s ceiling)", () => {
    expect(relative(assess([thrombinInhibitor()], [lab("aptt", 50, 95)]))).toBeUndefined();
    const after = lab("aptt", 48, 25, { at: day(48, 9) });
    expect(relative(assess([thrombinInhibitor()], [after, lab("aptt", 50, 95)]))).toBeUndefined();
  });

  it("the baseline counts within the day before the start, not an hour earlier", () => {
    const h = window() * 24;
    expect(relative(assess([thrombinInhibitor()], [baseline(25, h), lab("aptt", 50, 95)]))?.abnormality).toBe(
      RELATIVE,
    );
    expect(
      relative(assess([thrombinInhibitor()], [baseline(25, h + 1), lab("aptt", 50, 95)])),
    ).toBeUndefined();
  });

  it("above 100 s the ceiling's item holds whatever the baseline; with a bleed or platelets below 25 the band's own lines", () => {
    const r = assess([thrombinInhibitor()], [baseline(30, 12), lab("aptt", 50, 140)]);
    expect(item(r)?.abnormality).toBe(ITEM);
    expect(relative(r)).toBeUndefined();
    const bleed = assess(
      [thrombinInhibitor()],
      [baseline(30, 12), lab("aptt", 50, 95)],
      [event("bleeding", 50, { grade: 1 })],
    );
    expect(relative(bleed)?.management?.map((m) => m.id)).toEqual([`${RELATIVE}-bleeding`]);
    const low = assess(
      [thrombinInhibitor()],
      [baseline(30, 12), lab("aptt", 50, 95), lab("platelets", 50, 20)],
    );
    expect(relative(low)?.management?.map((m) => m.id)).toEqual([`${RELATIVE}-low-platelets`]);
  });

  it("on unfractionated heparin a baseline does not make 95 s this item", () => {
    expect(relative(assess([heparin()], [baseline(30, 12), lab("aptt", 50, 95)]))).toBeUndefined();
  });
});
