/**
 * An anti-Xa level above an LMWH's treatment range is never silent. The anti-Xa was not read at all, and the aPTT does
 * not measure LMWH, so an anti-Xa of 2.4 IU/mL on enoxaparin was in no list. Laboratory guidance gives 0.5–1.1 IU/mL
 * twice daily and 1.0–2.0 IU/mL once daily, 4 hours after the injection: listed above 1.1 (the line says once daily is
 * in range up to 2.0) and above 2.0; in end-stage kidney disease the LMWH is stopped for unfractionated heparin, with a
 * HIT no heparin at all, and a bleed that is not major holds the next dose.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { assessChecked } from "../support/charted-words.js";
import { labResult, pembrolizumabDvtBundle } from "../support/fhir-entries.js";
import {
  assessOnDrugs as assess,
  enoxaparin,
  heparin,
  pinnedOnDrugBound,
} from "../support/on-anticoagulant.js";
import { event, lab } from "../support/record.js";

const RULE = "anti-xa-above-lmwh-range";
const LOW = "anti-xa-above-1-1-on-lmwh";
const HIGH = "anti-xa-above-2-on-lmwh";
const item = (r: PatientReport) => r.unexplained.find((u) => u.abnormality === LOW || u.abnormality === HIGH);
const lines = (r: PatientReport) => item(r)?.management?.map((m) => m.id) ?? [];
const antiXa = (value: number, extra = {}) => lab("anti-xa-heparin", 50, value, extra);

describe("anti-Xa above the LMWH treatment range", () => {
  it("1.5 IU/mL on enoxaparin, no bleed: listed with the regimen, the sample's time and the kidney to check", () => {
    const level = antiXa(1.5);
    const r = assess([enoxaparin()], [level]);
    expect(item(r)).toMatchObject({ abnormality: LOW, value: 1.5, evidence: [level.ref] });
    expect(item(r)?.why).toMatch(/^Anti-Xa level above the LMWH treatment range .*: 1\.5 .* on enoxaparin/);
    expect(lines(r)).toEqual([`${LOW}-adjust`]);
    const adjust = item(r)?.management?.[0];
    expect(adjust?.action).toMatch(/with once-daily dosing up to 2\.0 IU\/mL is in range/);
    expect(adjust?.action).toMatch(/peak 4 hours after the injection/);
    expect(item(r)?.workup?.map((w) => w.id)).toEqual([
      "anti-xa-timed-repeat",
      "bleeding-assessment",
      "platelets",
    ]);
    expect(r.findings).toEqual([]);
  });

  it("at each bound not in its band, just above it in it; a censored '> 2' is above 2", () => {
    const low = pinnedOnDrugBound(RULE, LOW, "above");
    const high = pinnedOnDrugBound(RULE, HIGH, "above");
    expect(item(assess([enoxaparin()], [antiXa(low)]))).toBeUndefined();
    expect(item(assess([enoxaparin()], [antiXa(low + 0.01)]))?.abnormality).toBe(LOW);
    expect(item(assess([enoxaparin()], [antiXa(high)]))?.abnormality).toBe(LOW);
    expect(item(assess([enoxaparin()], [antiXa(high + 0.01)]))?.abnormality).toBe(HIGH);
    expect(item(assess([enoxaparin()], [antiXa(high, { comparator: ">" })]))?.abnormality).toBe(HIGH);
  });

  it("above 2.0 the next dose is held", () => {
    const r = assess([enoxaparin()], [antiXa(2.4)]);
    expect(lines(r)).toEqual([`${HIGH}-adjust`]);
    expect(item(r)?.management?.[0]?.action).toMatch(/hold the next dose/);
  });

  it("on unfractionated heparin alone, or on no heparin, the same level is no LMWH item", () => {
    expect(item(assess([heparin()], [antiXa(2.4)]))).toBeUndefined();
    expect(item(assess([], [antiXa(2.4)]))).toBeUndefined();
  });

  it("at a creatinine clearance below 15 mL/min the LMWH is stopped for unfractionated heparin, not lowered; at 15 lowered", () => {
    const at = (clearance: number) =>
      assess([enoxaparin()], [antiXa(2.4), lab("creatinine-clearance", 50, clearance)]);
    expect(lines(at(14.9))).toEqual([`${HIGH}-kidney`]);
    expect(item(at(14.9))?.management?.[0]?.action).toMatch(/stop the LMWH .* unfractionated heparin/);
    expect(lines(at(15))).toEqual([`${HIGH}-adjust`]);
  });

  it("below 25 ×10⁹/L platelets no line doses the heparin: the count's own plan withholds the anticoagulant", () => {
    const at = (platelets: number) => assess([enoxaparin()], [antiXa(2.4), lab("platelets", 50, platelets)]);
    expect(lines(at(24.9))).toEqual([]);
    expect(item(at(24.9))?.abnormality).toBe(HIGH);
    // Here the count of 20 is an ITP finding, whose plan withholds the anticoagulant below 25.
    const r = at(24.9);
    const all = [
      ...r.findings.flatMap((f) => f.management),
      ...r.unexplained.flatMap((u) => u.management ?? []),
    ];
    expect(all.some((m) => /antithrombotic-below-25/.test(m.id))).toBe(true);
    expect(lines(at(25))).toEqual([`${HIGH}-adjust`]);
  });

  it("with a HIT charted: stop the LMWH and give no heparin; no line lowers it", () => {
    const r = assess([enoxaparin()], [antiXa(2.4)], [event("hit", 49)]);
    expect(lines(r)).toEqual([`${HIGH}-hit`]);
  });

  it("a bleed that is not major holds the next dose; a major bleed leaves the item without the band's lines", () => {
    const minor = assess([enoxaparin()], [antiXa(2.4)], [event("bleeding", 50, { grade: 1 })]);
    expect(lines(minor)).toEqual([`${HIGH}-bleeding`]);
    const major = assess([enoxaparin()], [antiXa(2.4)], [event("bleeding", 50, { grade: 4 })]);
    expect(item(major)?.abnormality).toBe(HIGH);
    expect(lines(major)).toEqual([]);
    expect(major.unexplained.map((u) => u.abnormality)).toContain("major-bleeding");
  });
});

describe("the anti-Xa read from a FHIR record", () => {
  const enoxaparinGiven = {
    resourceType: "MedicationAdministration",
    id: "enox",
    status: "completed",
    medicationCodeableConcept: { text: "enoxaparin 1 mg/kg twice daily" },
    subject: { reference: "Patient/p1" },
    effectiveDateTime: "2026-03-11T08:00:00Z",
  };
  it.each([
    ["32684-3", "IU/mL"],
    ["3274-8", "U/mL"],
  ])("LOINC %s in %s on enoxaparin after a DVT is listed", (code, unit) => {
    const r = assessChecked({
      kind: "fhir",
      value: pembrolizumabDvtBundle(
        230,
        enoxaparinGiven,
        labResult("axa", code, "2026-03-11T12:00:00Z", 2.4, unit),
      ),
    });
    expect(r.unexplained.map((u) => u.abnormality)).toContain(HIGH);
  });
});
