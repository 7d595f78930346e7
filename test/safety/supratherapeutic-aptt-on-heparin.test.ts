/**
 * An aPTT far above an unfractionated heparin infusion's target is never silent. CTCAE leaves the aPTT on UFH
 * ungraded (its intended effect), so an aPTT of 150 s on a heparin infusion was in no list and no plan. The
 * weight-based nomogram (Raschke 1993) holds the infusion for an hour above its top band (> 90 s, more than 3 times
 * control) and restarts it 3 units/kg/h lower: the aPTT is listed from there, with that plan; protamine only for a bleed
 * (at the label's dose), the heparin never restarted with a HIT, and a major bleed reversed by the bleed's own plan.
 * LMWH, which is not dosed by the aPTT, keeps its CTCAE grade and gets no nomogram item.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { assessOnDrugs as assess, heparin, pinnedOnDrugBound } from "../support/on-anticoagulant.js";
import { contextDrug, day, event, lab } from "../support/record.js";

const ITEM = "aptt-above-90-s-on-ufh";
const APTT = "activated-partial-thromboplastin-time-prolonged";
const item = (r: PatientReport) => r.unexplained.find((u) => u.abnormality === ITEM);
const lines = (r: PatientReport) => item(r)?.management?.map((m) => m.id) ?? [];
const top = () => pinnedOnDrugBound("aptt-above-ufh-nomogram", ITEM, "above");

describe("aPTT above the heparin nomogram's top band, no bleed", () => {
  it("aPTT 150 s on a heparin infusion: still ungraded, and listed with hold 1 hour, restart 3 units/kg/h lower, no protamine", () => {
    const aptt = lab("aptt", 50, 150);
    const r = assess([heparin()], [aptt]);
    expect(r.ungraded?.map((u) => u.term)).toContain(APTT);
    expect(r.grades.find((g) => g.term === APTT)).toBeUndefined();
    expect(item(r)).toMatchObject({ value: 150, evidence: [aptt.ref] });
    expect(item(r)?.why).toMatch(
      /^aPTT above the weight-based heparin nomogram's top band .*: 150 s .* on heparin/,
    );
    const hold = item(r)?.management?.find((m) => m.id === "aptt-above-90-s-on-ufh-hold");
    expect(hold?.action).toMatch(/hold the infusion for 1 hour, then restart it 3 units\/kg\/h lower/);
    expect(hold?.action).toMatch(/No protamine without bleeding/);
    expect(hold?.sourceIds).toContain("raschke-1993-weight-based-heparin-nomogram");
    expect(lines(r)).not.toContain("aptt-above-90-s-on-ufh-bleeding");
    expect(r.findings).toEqual([]);
  });

  it("its work-up is the aPTT after the change, the bleeding assessment and the platelet count, not a DIC's", () => {
    const tests = item(assess([heparin()], [lab("aptt", 50, 150)]))?.workup?.map((w) => w.id);
    expect(tests).toEqual(["aptt-after-heparin-change", "bleeding-assessment", "platelets"]);
  });

  it("at the top band's bound (90 s) not listed, just above it listed", () => {
    const cut = top();
    expect(item(assess([heparin()], [lab("aptt", 50, cut)]))).toBeUndefined();
    expect(item(assess([heparin()], [lab("aptt", 50, cut + 0.01)]))?.abnormality).toBe(ITEM);
    // A censored result at the bound ("> 90 s") is above it.
    expect(item(assess([heparin()], [lab("aptt", 50, cut, { comparator: ">" })]))?.abnormality).toBe(ITEM);
  });

  it("on enoxaparin (LMWH, not dosed by the aPTT) 150 s is no nomogram item: CTCAE grades it 3 and lists it", () => {
    const r = assess([contextDrug("enoxaparin", ["heparin", "lmwh"], 48)], [lab("aptt", 50, 150)]);
    expect(item(r)).toBeUndefined();
    expect(r.grades.find((g) => g.term === APTT)?.grade).toBe(3);
    expect(r.unexplained.map((u) => u.abnormality)).toContain(APTT);
  });

  it("off heparin, or after the heparin ended (a day's grace), 150 s is the CTCAE item, not the nomogram's", () => {
    expect(item(assess([], [lab("aptt", 50, 150)]))).toBeUndefined();
    const ended = contextDrug("heparin", ["heparin"], 40, 45);
    const r = assess([ended], [lab("aptt", 50, 150)]);
    expect(item(r)).toBeUndefined();
    expect(r.unexplained.map((u) => u.abnormality)).toContain(APTT);
  });

  it("with platelets below 50 ×10⁹/L: hold, the restart decided with hematology; at 50 the nomogram's restart", () => {
    const at = (platelets: number) =>
      lines(assess([heparin()], [lab("aptt", 50, 150), lab("platelets", 50, platelets)]));
    expect(at(49.9)).toEqual(["aptt-above-90-s-on-ufh-low-platelets"]);
    expect(at(50)).toEqual(["aptt-above-90-s-on-ufh-hold"]);
  });

  it("with a HIT suspected: stop the heparin and do not restart it; the restart line is not offered", () => {
    const r = assess([heparin()], [lab("aptt", 50, 150)], [event("hit", 49)]);
    expect(lines(r)).toContain("aptt-above-90-s-on-ufh-hit");
    expect(lines(r)).not.toContain("aptt-above-90-s-on-ufh-hold");
  });
});

describe("aPTT above the top band with a bleed", () => {
  it("a bleed that is not major: stop the infusion, protamine at the label's dose if it goes on", () => {
    const r = assess([heparin()], [lab("aptt", 50, 150)], [event("bleeding", 50, { grade: 1 })]);
    const bleeding = item(r)?.management?.find((m) => m.id === "aptt-above-90-s-on-ufh-bleeding");
    expect(bleeding?.action).toMatch(/about 1 mg for every 100 units of heparin given in the last 2–3 hours/);
    expect(bleeding?.action).toMatch(/over 10 minutes, not more than 50 mg at a time/);
    expect(bleeding?.sourceIds).toContain("protamine-label");
    expect(lines(r)).not.toContain("aptt-above-90-s-on-ufh-hold");
  });

  it("a bleed whose end is charted before the aPTT: planned as without bleeding", () => {
    const ended = event("bleeding", 44, { grade: 1, end: day(46) });
    expect(lines(assess([heparin()], [lab("aptt", 50, 150)], [ended]))).toEqual([
      "aptt-above-90-s-on-ufh-hold",
    ]);
  });

  it("a major bleed: the bleed's own plan reverses with protamine; the aPTT stays listed without the band's lines", () => {
    const r = assess([heparin()], [lab("aptt", 50, 150)], [event("bleeding", 50, { grade: 4 })]);
    expect(item(r)?.abnormality).toBe(ITEM);
    expect(lines(r)).toEqual([]);
    const bleed = r.unexplained.find((u) => u.abnormality === "major-bleeding");
    const reversal = bleed?.management?.find((m) => m.id.endsWith("major-bleeding-reversal"));
    expect(reversal?.action).toMatch(/protamine for unfractionated heparin/);
  });
});
