/**
 * PLASMIC score (Bendapudi 2017): pretest probability of severe ADAMTS13 deficiency. Computed only when
 * the latest platelet count in the window is below 150 x10^9/L. Active cancer is inferred from an
 * active-cancer event or a cancer immunotherapy exposure; transplant status is missing unless recorded.
 * Computed by the generic points engine from knowledge/scores/plasmic.yaml.
 */
import { describe, expect, it } from "vitest";
import { day, event, exposure, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { ClinicalEvent, Exposure, LabResult } from "../../contracts/model.js";
import type { PointsScore } from "../../knowledge/scores.js";
import { computePointsScore } from "./points-score.js";

const config = loadScoreConfigs().get("plasmic") as PointsScore;
const AT = day(10, 12);

const at10 = (id: string, v: number, unit: string, extra: Partial<LabResult> = {}) =>
  lab(id, 10, v, { unit, ...extra });
const plt = (v: number) => lab("platelets", 10, v);
const retic = (v: number) => at10("reticulocytes-pct", v, "%");
const hapto = (v: number, extra: Partial<LabResult> = {}) => at10("haptoglobin", v, "mg/dL", extra);
const ibili = (v: number) => at10("bilirubin-indirect", v, "mg/dL");
const mcv = (v: number) => at10("mcv", v, "fL");
const inr = (v: number) => lab("inr", 10, v);
const creat = (v: number) => at10("creatinine", v, "mg/dL");

function score(labs: LabResult[], events: ClinicalEvent[] = [], exposures: Exposure[] = []) {
  return computePointsScore(record({ labs, events, exposures }), AT, config, () => undefined);
}
const points = (labs: LabResult[], c: string) => score([plt(20), ...labs])?.components[c];

describe("PLASMIC score (Bendapudi 2017; cut-offs from the authors' calculator)", () => {
  it("[constructed, clinical.md §2.4] plt 12, haptoglobin undetectable, active cancer, MCV 88, INR 1.1, creatinine 1.1", () => {
    const labs = [lab("platelets", 10, 12), hapto(10, { comparator: "<" }), mcv(88), inr(1.1), creat(1.1)];
    const cancer = event("active-cancer", -100);
    const r = score(labs, [cancer]);
    expect(r?.components).toEqual({
      platelets: 1,
      hemolysis: 1,
      "no-active-cancer": 0,
      "no-transplant": 1,
      mcv: 1,
      inr: 1,
      creatinine: 1,
    });
    // As at the bedside, "no transplant" is scored from a history without one, and the report says so.
    expect(r?.value).toBe(6);
    expect(r?.missing).toEqual([]);
    expect(r?.category).toBe("high");
    expect(r?.interpretation).toMatch(/Assumed: no solid-organ or stem-cell transplant is recorded/);
    // With a recorded transplant the component is known (0): intermediate.
    expect(score(labs, [cancer, event("transplant", -400)])?.category).toBe("intermediate");
  });

  it.each([
    [29.9, 1],
    [30, 0],
  ])("platelets %d x10^9/L -> %d", (v, p) => expect(score([plt(v)])?.components.platelets).toBe(p));

  it("applies only below 150 x10^9/L platelets (authors' restriction)", () => {
    expect(score([plt(150)])).toBeUndefined();
    expect(score([plt(149.9)])).toBeDefined();
    expect(score([])).toBeUndefined();
  });

  describe("hemolysis: reticulocytes > 2.5 %, undetectable haptoglobin or indirect bilirubin > 2.0 mg/dL", () => {
    it.each([
      [2.5, 0],
      [2.51, 1],
    ])("reticulocytes %d %% with the others normal -> %d", (v, p) => {
      expect(points([retic(v), hapto(80), ibili(1)], "hemolysis")).toBe(p);
    });
    it.each([
      [2.0, 0],
      [2.01, 1],
    ])("indirect bilirubin %d mg/dL with the others normal -> %d", (v, p) => {
      expect(points([retic(1), hapto(80), ibili(v)], "hemolysis")).toBe(p);
    });
    it("haptoglobin reported below the detection limit or as 0 is undetectable; a low measured value is not", () => {
      expect(points([retic(1), hapto(10, { comparator: "<" }), ibili(1)], "hemolysis")).toBe(1);
      expect(points([retic(1), hapto(0), ibili(1)], "hemolysis")).toBe(1);
      expect(points([retic(1), hapto(12), ibili(1)], "hemolysis")).toBe(0);
    });
    it("one positive criterion is enough even when the others are missing", () => {
      expect(points([retic(4)], "hemolysis")).toBe(1);
    });
    it("negative criteria with one missing leave hemolysis unknown", () => {
      const r = score([plt(20), retic(1), ibili(1)]);
      expect(r?.missing).toContain("hemolysis");
      expect(r?.components.hemolysis).toBe("0-1");
    });
  });

  it.each([
    ["mcv", mcv, 89.9, 1],
    ["mcv", mcv, 90, 0],
    ["inr", inr, 1.49, 1],
    ["inr", inr, 1.5, 0],
    ["creatinine", creat, 1.99, 1],
    ["creatinine", creat, 2.0, 0],
  ] as const)("%s %d -> %d", (c, make, v, p) => expect(points([make(v)], c)).toBe(p));

  describe("clinical facts are never assumed absent", () => {
    it("no cancer recorded: missing; no transplant recorded: scored as absent with the assumption stated", () => {
      const r = score([plt(20)]);
      expect(r?.missing).toContain("no-active-cancer");
      expect(r?.components["no-transplant"]).toBe(1);
      expect(r?.interpretation).toMatch(/Assumed/);
    });
    it("active cancer is inferred from a cancer immunotherapy exposure (documented exception)", () => {
      const r = score([plt(20)], [], [exposure("pembrolizumab", "ici", [0])]);
      expect(r?.components["no-active-cancer"]).toBe(0);
    });
    it("a cancer immunotherapy started after the instant does not count", () => {
      const r = score([plt(20)], [], [exposure("pembrolizumab", "ici", [20])]);
      expect(r?.missing).toContain("no-active-cancer");
    });
  });

  describe("categories 0-4 low, 5 intermediate, 6-7 high; incomplete exactly when the missing points could cross a cut-off", () => {
    const five = [plt(20), retic(4), mcv(80), inr(1.0), creat(1.0)];
    const ici = [exposure("nivolumab", "ici", [0])];
    it("5 lab points, cancer recorded, no transplant recorded: 6, high", () => {
      const r = score(five, [], ici);
      expect(r?.value).toBe(6);
      expect(r?.category).toBe("high");
    });
    it("4 lab points, cancer recorded, no transplant recorded: 5, intermediate", () => {
      expect(score([plt(40), retic(4), mcv(80), inr(1.0), creat(1.0)], [], ici)?.category).toBe(
        "intermediate",
      );
    });
    it("3 lab points, cancer recorded, transplant unknown: at most 4, low", () => {
      expect(score([plt(40), retic(4), mcv(95), inr(1.0), creat(1.0)], [], ici)?.category).toBe("low");
    });
    it("1 lab point with cancer and transplant unknown: at most 3, low", () => {
      expect(score([plt(40), retic(1), hapto(80), ibili(1), mcv(95), inr(1.0), creat(3)])?.category).toBe(
        "low",
      );
    });
    it("5 lab points, cancer unknown, no transplant recorded: 6-7, high either way", () => {
      expect(score(five)?.category).toBe("high");
    });
    it("5 lab points with cancer and transplant recorded: 5, intermediate", () => {
      expect(score(five, [event("transplant", -300)], ici)?.category).toBe("intermediate");
    });
  });
});
