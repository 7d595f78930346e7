import { describe, expect, it } from "vitest";
import { contextDrug, day, exposure, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { ContextDrug, Exposure, LabResult } from "../../contracts/model.js";
import type { BaselinePointsScore } from "../../knowledge/scores.js";
import { computeBaselinePointsScore as computeCarHematotox } from "./points-score.js";

const config = loadScoreConfigs().get("car-hematotox") as BaselinePointsScore;
const CART = exposure("axicabtagene-ciloleucel", "car-t", [0]);
const LD = contextDrug("fludarabine", ["chemotherapy"], -5, -3);

const pre = (id: string, v: number, d = -6, unit?: string) => lab(id, d, v, unit ? { unit } : {});
const crp = (v: number, d = -6) => pre("crp", v, d, "mg/L");
const ferritin = (v: number, d = -6) => pre("ferritin", v, d, "ng/mL");
const hb = (v: number, d = -6) => pre("hemoglobin", v, d);
const anc = (v: number, d = -6) => pre("anc", v, d);
const plt = (v: number, d = -6) => pre("platelets", v, d);

function score(labs: LabResult[], exposures: Exposure[] = [CART], drugs: ContextDrug[] = [LD], at = day(10)) {
  return computeCarHematotox(record({ labs, exposures, contextDrugs: drugs }), at, config, () => undefined);
}
const points = (labs: LabResult[], c: string) => score(labs)?.components[c];

describe("CAR-HEMATOTOX (Rejeski 2021; weights unverified, see car-hematotox.yaml)", () => {
  it("[constructed, clinical.md §2.6] plt 120, ANC 2.0, Hb 10.1, CRP 5 mg/dL, ferritin 900 = 3, high", () => {
    const r = score([plt(120), anc(2.0), hb(10.1), crp(50), ferritin(900)]);
    expect(r?.components).toEqual({ anc: 0, hemoglobin: 0, platelets: 1, crp: 1, ferritin: 1 });
    expect(r?.value).toBe(3);
    expect(r?.category).toBe("high");
  });

  it.each([
    ["anc", anc, 1.2, 0],
    ["anc", anc, 1.19, 1],
    ["hemoglobin", hb, 9.0, 0],
    ["hemoglobin", hb, 8.99, 1],
    ["platelets", plt, 175.1, 0],
    ["platelets", plt, 175, 1],
    ["platelets", plt, 75, 1],
    ["platelets", plt, 74.9, 2],
    ["crp", crp, 29.9, 0],
    ["crp", crp, 30, 1],
    ["ferritin", ferritin, 649, 0],
    ["ferritin", ferritin, 650, 1],
    ["ferritin", ferritin, 2000, 1],
    ["ferritin", ferritin, 2000.1, 2],
  ] as const)("%s %d -> %d", (c, make, v, p) => expect(points([make(v)], c)).toBe(p));

  it("CRP 3.0 mg/dL is compared as 30 mg/L", () => expect(points([crp(30)], "crp")).toBe(1));

  it("uses the latest labs before lymphodepletion, not those taken during it", () => {
    const r = score([plt(200, -7), plt(60, -4), anc(2), hb(12)]);
    expect(r?.components.platelets).toBe(0);
    expect(r?.at).toBe(LD.start);
  });

  it("without a lymphodepletion record the anchor is the infusion", () => {
    const r = score([plt(200, -7), plt(60, -1), anc(2), hb(12)], [CART], []);
    expect(r?.components.platelets).toBe(2);
    expect(r?.at).toBe(CART.infusion);
  });

  it("ignores baseline labs older than 30 days", () => {
    expect(score([plt(60, -36)])?.missing).toContain("platelets");
  });

  it("is not applicable without a CAR-T exposure", () => {
    expect(score([plt(60)], [exposure("nivolumab", "ici", [0])])).toBeUndefined();
  });

  it("incomplete exactly when missing CRP/ferritin could cross 2", () => {
    expect(score([plt(180), anc(2), hb(12)])?.category).toBe("incomplete"); // 0 + up to 3
    expect(score([plt(60), anc(2), hb(12)])?.category).toBe("high"); // 2 already
    expect(score([plt(180), anc(2), hb(12), ferritin(100)])?.category).toBe("low"); // 0 + CRP 0-1
    expect(score([plt(150), anc(2), hb(12), ferritin(100)])?.category).toBe("incomplete"); // 1 + CRP 0-1
    expect(score([plt(150), anc(2), hb(12), ferritin(100), crp(5)])?.category).toBe("low");
  });
});
