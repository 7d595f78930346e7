/**
 * French TMA Reference Center score (Coppo 2010; two-item version): platelets and creatinine.
 * Computed only when the latest platelet count in the window is below 150 x10^9/L.
 * Computed by the generic points engine from knowledge/scores/french-tma.yaml.
 */
import { describe, expect, it } from "vitest";
import { day, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { LabResult } from "../../contracts/model.js";
import type { PointsScore } from "../../knowledge/scores.js";
import { computePointsScore } from "./points-score.js";

const config = loadScoreConfigs().get("french-tma") as PointsScore;
const AT = day(10, 12);
const plt = (v: number) => lab("platelets", 10, v);
const creat = (v: number) => lab("creatinine", 10, v, { unit: "mg/dL" });
const score = (labs: LabResult[]) => computePointsScore(record({ labs }), AT, config, () => undefined);

describe("French TMA score (Coppo 2010; two-item version)", () => {
  it.each([
    [29.9, 1],
    [30, 0],
  ])("platelets %d x10^9/L -> %d", (v, p) => expect(score([plt(v)])?.components.platelets).toBe(p));

  it.each([
    [2.2624, 1], // 200 umol/L (molecular weight 113.12), the published cut-off
    [2.2625, 0],
  ])("creatinine %d mg/dL -> %d", (v, p) =>
    expect(score([plt(20), creat(v)])?.components.creatinine).toBe(p),
  );

  it.each([
    [20, 1.0, 2, "high"],
    [40, 1.0, 1, "intermediate"],
    [20, 3.0, 1, "intermediate"],
    [40, 3.0, 0, "low"],
  ])("platelets %d and creatinine %d -> %d (%s)", (p, c, total, cat) => {
    const r = score([plt(p), creat(c)]);
    expect(r?.value).toBe(total);
    expect(r?.category).toBe(cat);
  });

  it("creatinine missing: 1 point could become 2 (incomplete), 0 could become 1 (incomplete)", () => {
    expect(score([plt(20)])?.category).toBe("incomplete");
    expect(score([plt(40)])?.category).toBe("incomplete");
  });

  it("applies only below 150 x10^9/L platelets", () => {
    expect(score([plt(150), creat(1)])).toBeUndefined();
    expect(score([plt(149), creat(1)])?.category).toBe("intermediate");
  });
});
