/**
 * JAAM DIC score (Gando 2006): SIRS, platelets or their 24-h fall, PT ratio, FDP. SIRS is not in the
 * record and always missing, so a laboratory total of 3 is reported as incomplete; the PT ratio uses the
 * upper limit of normal as its denominator.
 * Computed by the generic points engine from knowledge/scores/jaam-dic.yaml.
 */
import { describe, expect, it } from "vitest";
import { day, lab, ptCatalogue, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { LabResult } from "../../contracts/model.js";
import type { PointsScore } from "../../knowledge/scores.js";
import { computePointsScore } from "./points-score.js";

const config = loadScoreConfigs().get("jaam-dic") as PointsScore;
const catalogue = ptCatalogue(10, 12.5);
const AT = day(10, 12);

const plt = (v: number, at = day(10, 8)) => lab("platelets", 10, v, { at });
const pt = (v: number) => lab("pt", 10, v);
const fdp = (v: number) => lab("fdp", 10, v, { unit: "ug/mL" });

function score(labs: LabResult[]) {
  const r = computePointsScore(record({ labs }), AT, config, catalogue);
  if (!r) throw new Error("JAAM is always applicable");
  return r;
}
const points = (labs: LabResult[], c: string) => score(labs).components[c];

describe("JAAM DIC score (Gando 2006; points per Yamakawa 2024 Table 2)", () => {
  it.each([
    [120, 0],
    [119.9, 1],
    [80, 1],
    [79.9, 3],
  ])("platelets %d x10^9/L, unchanged over 24 h -> %d", (v, p) => {
    expect(points([plt(v, day(10, 0)), plt(v)], "platelets")).toBe(p);
  });

  it.each([
    [141, 0], // 29.5 % fall, count >= 120
    [140, 1], // 30 % fall
    [100, 1], // 50 % fall (count 100 also scores 1)
    [99, 3], // 50.5 % fall
  ])("a fall from 200 to %d within 24 h -> %d", (v, p) => {
    expect(points([plt(200, day(9, 14)), plt(v)], "platelets")).toBe(p);
  });

  it("a count of 130 after 200 (35 % fall) scores 1 although the count alone scores 0", () => {
    expect(points([plt(200, day(9, 14)), plt(130)], "platelets")).toBe(1);
  });

  it("without an earlier count in the 24 h the fall is unknown, so a count of 130 may score 0, 1 or 3", () => {
    const r = score([plt(200, day(9, 7)), plt(130)]);
    expect(r.components.platelets).toBe("0-3");
    expect(r.missing).toContain("platelets");
    expect(points([plt(70)], "platelets")).toBe(3);
  });

  it.each([
    [14.99, 0],
    [15, 1],
  ])("PT %d s over ULN 12.5 (ratio 1.2) -> %d", (v, p) => expect(points([pt(v)], "pt-ratio")).toBe(p));

  it.each([
    [9.9, 0],
    [10, 1],
    [24.9, 1],
    [25, 3],
  ])("FDP %d ug/mL -> %d", (v, p) => expect(points([fdp(v)], "fdp")).toBe(p));

  describe("SIRS is never in the record, so the lab total decides", () => {
    it("4 laboratory points: DIC whatever SIRS is", () => {
      const r = score([plt(200, day(10, 0)), plt(70), pt(15)]);
      expect(r.value).toBe(4);
      expect(r.missing).toEqual(["sirs", "fdp"]);
      expect(r.category).toBe("dic");
    });
    it("3 laboratory points and nothing else missing: incomplete (SIRS decides)", () => {
      const r = score([plt(200, day(10, 0)), plt(70), pt(12), fdp(5)]);
      expect(r.value).toBe(3);
      expect(r.missing).toEqual(["sirs"]);
      expect(r.category).toBe("incomplete");
    });
    it("2 laboratory points with everything else known: no DIC", () => {
      const r = score([plt(200, day(10, 0)), plt(110), pt(15), fdp(5)]);
      expect(r.value).toBe(2);
      expect(r.category).toBe("no-dic");
    });
  });
});
