/**
 * Khorana score (Khorana 2008): VTE risk from cancer site, blood counts, ESA use and BMI, from labs of
 * the preceding 30 days. Computed only when active cancer is known; site and BMI are missing unless recorded.
 * Computed by the generic points engine from knowledge/scores/khorana.yaml.
 */
import { describe, expect, it } from "vitest";
import { contextDrug, day, event, exposure, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { ClinicalEvent, ContextDrug, LabResult, PatientRecord } from "../../contracts/model.js";
import type { PointsScore } from "../../knowledge/scores.js";
import { computePointsScore } from "./points-score.js";

const config = loadScoreConfigs().get("khorana") as PointsScore;
const AT = day(10, 12);
const lung = event("active-cancer", -60, { qualifiers: ["lung"] });
const plt = (v: number) => lab("platelets", 10, v);
const hb = (v: number) => lab("hemoglobin", 10, v);
const wbc = (v: number) => lab("wbc", 10, v, { unit: "10*9/L" });
const normal = [plt(250), hb(13), wbc(7)];

function score(
  labs: LabResult[],
  events: ClinicalEvent[] = [lung],
  extra: Partial<PatientRecord> = {},
  drugs: ContextDrug[] = [],
) {
  return computePointsScore(
    record({ labs, events, contextDrugs: drugs, ...extra }),
    AT,
    config,
    () => undefined,
  );
}

describe("Khorana score (Khorana 2008)", () => {
  it.each([
    ["stomach", 2],
    ["pancreas", 2],
    ["lung", 1],
    ["lymphoma", 1],
    ["bladder", 1],
    ["breast", 0],
    ["melanoma", 0],
    ["colorectal", 0],
  ])("site %s -> %d", (site, p) => {
    expect(score(normal, [event("active-cancer", -60, { qualifiers: [site] })])?.components.site).toBe(p);
  });

  it("a cancer outside Khorana's derivation cohort (myeloma), of unstated site, or no site leaves the component missing", () => {
    for (const qualifiers of [["other", "hematologic"], ["other"]])
      expect(score(normal, [event("active-cancer", -60, { qualifiers })])?.missing).toContain("site");
    expect(score(normal, [event("active-cancer", -60)])?.missing).toContain("site");
  });

  it.each([
    [350, 1],
    [349.9, 0],
  ])("platelets %d -> %d", (v, p) => expect(score([plt(v), hb(13), wbc(7)])?.components.platelets).toBe(p));
  it.each([
    [9.99, 1],
    [10, 0],
  ])("hemoglobin %d g/dL -> %d", (v, p) =>
    expect(score([plt(250), hb(v), wbc(7)])?.components["hemoglobin-or-esa"]).toBe(p),
  );
  it.each([
    [11, 0],
    [11.1, 1],
  ])("leukocytes %d -> %d", (v, p) => expect(score([plt(250), hb(13), wbc(v)])?.components.wbc).toBe(p));
  it.each([
    [35, 1],
    [34.9, 0],
  ])("BMI %d -> %d", (v, p) => expect(score(normal, [lung], { bmi: v })?.components.bmi).toBe(p));

  it("an ESA scores the hemoglobin item even with a normal hemoglobin", () => {
    const esa = contextDrug("epoetin-alfa", ["esa"], -20);
    expect(score(normal, [lung], {}, [esa])?.components["hemoglobin-or-esa"]).toBe(1);
  });

  it("categories per Khorana 2008: 0 low, 1-2 intermediate, >= 3 high", () => {
    const breast = event("active-cancer", -60, { qualifiers: ["breast"] });
    expect(score(normal, [breast], { bmi: 25 })?.category).toBe("low");
    expect(score(normal, [lung], { bmi: 25 })?.category).toBe("intermediate");
    expect(score([plt(400), hb(9), wbc(7)], [lung], { bmi: 25 })?.category).toBe("high");
  });

  it("missing BMI is incomplete only when it could cross a cut-off", () => {
    expect(score(normal, [lung])?.category).toBe("intermediate"); // 1 or 2
    const stomach = event("active-cancer", -60, { qualifiers: ["stomach"] });
    expect(score(normal, [stomach])?.category).toBe("incomplete"); // 2 or 3
  });

  it("applies only with active cancer known (event or cancer immunotherapy)", () => {
    expect(score(normal, [])).toBeUndefined();
    expect(score(normal, [], { exposures: [exposure("nivolumab", "ici", [0])] })?.missing).toContain("site");
  });
});
