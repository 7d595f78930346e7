/**
 * ISTH sepsis-induced coagulopathy score (Iba 2017/2019): PT-INR, platelets, SOFA. Computed only for
 * patients with sepsis recorded in the preceding 14 days; the SOFA item is known only when bilirubin and
 * creatinine alone reach its cap of 2.
 * Computed by the generic points engine from knowledge/scores/isth-sic.yaml.
 */
import { describe, expect, it } from "vitest";
import { day, event, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { ClinicalEvent, LabResult } from "../../contracts/model.js";
import type { PointsScore } from "../../knowledge/scores.js";
import { computePointsScore } from "./points-score.js";

const config = loadScoreConfigs().get("isth-sic") as PointsScore;
const AT = day(10, 12);
const SEPSIS = event("sepsis", 8);

const inr = (v: number) => lab("inr", 10, v);
const plt = (v: number) => lab("platelets", 10, v);
const bili = (v: number) => lab("bilirubin-total", 10, v, { unit: "mg/dL" });
const creat = (v: number) => lab("creatinine", 10, v, { unit: "mg/dL" });

function score(labs: LabResult[], events: ClinicalEvent[] = [SEPSIS]) {
  return computePointsScore(record({ labs, events }), AT, config, () => undefined);
}
const points = (labs: LabResult[], c: string) => score(labs)?.components[c];

describe("ISTH sepsis-induced coagulopathy (Iba 2017 Table 3)", () => {
  it.each([
    [1.2, 0],
    [1.21, 1],
    [1.4, 1],
    [1.41, 2],
  ])("PT-INR %d -> %d", (v, p) => expect(points([inr(v)], "pt-inr")).toBe(p));

  it.each([
    [150, 0],
    [149.9, 1],
    [100, 1],
    [99.9, 2],
  ])("platelets %d x10^9/L -> %d", (v, p) => expect(points([plt(v)], "platelets")).toBe(p));

  describe("SOFA item from bilirubin and creatinine (Sepsis-3 Table 1); respiratory and cardiovascular never known", () => {
    it.each([
      [1.19, 1.19, "0-2"],
      [1.2, 1.19, "1-2"],
      [1.19, 1.2, "1-2"],
      [1.99, 1.0, "1-2"],
      [2.0, 1.0, 2],
      [1.0, 2.0, 2],
      [1.2, 1.2, 2],
    ])("bilirubin %d and creatinine %d mg/dL -> %s", (b, c, p) =>
      expect(points([bili(b), creat(c)], "sofa")).toBe(p),
    );

    it("no bilirubin or creatinine: the SOFA item is fully missing", () => {
      const r = score([inr(1.5), plt(90)]);
      expect(r?.components.sofa).toBeUndefined();
      expect(r?.missing).toEqual(["sofa"]);
    });
  });

  describe("SIC needs total >= 4 with PT-INR + platelets > 2", () => {
    it("PT-INR 2 + platelets 2 = 4: SIC whatever SOFA is", () => {
      const r = score([inr(1.5), plt(90)]);
      expect(r?.value).toBe(4);
      expect(r?.category).toBe("sic");
    });
    it("PT-INR + platelets = 3 with SOFA unknown: incomplete", () => {
      expect(score([inr(1.3), plt(90)])?.category).toBe("incomplete");
    });
    it("PT-INR + platelets = 3 with SOFA 2 from bilirubin: SIC", () => {
      const r = score([inr(1.3), plt(90), bili(2.5)]);
      expect(r?.value).toBe(5);
      expect(r?.category).toBe("sic");
    });
    it("PT-INR + platelets = 2 with SOFA 2: total 4 but not SIC", () => {
      const r = score([inr(1.3), plt(120), bili(2.5)]);
      expect(r?.value).toBe(4);
      expect(r?.category).toBe("no-sic");
    });
    it("PT-INR + platelets = 2 with SOFA unknown: not SIC either way", () => {
      expect(score([inr(1.3), plt(120)])?.category).toBe("no-sic");
    });
  });

  it("applies only with sepsis recorded in the 14 days before", () => {
    expect(score([inr(1.5), plt(90)], [])).toBeUndefined();
    expect(score([inr(1.5), plt(90)], [event("sepsis", -10)])).toBeUndefined();
    expect(score([inr(1.5), plt(90)], [event("sepsis", -10, { end: day(-2) })])).toBeDefined();
    expect(score([inr(1.5), plt(90)], [event("sepsis", 11)])).toBeUndefined();
  });
});
