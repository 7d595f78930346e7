/**
 * ISTH overt DIC score (Taylor 2001): platelets, fibrin-related marker, PT prolongation, fibrinogen,
 * from the labs of the 24 h before the instant. The fibrin marker is scored only for assays with configured
 * cut-offs (D-dimer FEU by default); a D-dimer of unstated type scores only the points its FEU and DDU
 * readings agree on, and a DDU or FDP result stays missing until a site sets cut-offs. PT prolongation is
 * measured against the result's own upper limit of normal, else the catalogue's.
 * Computed by the generic points engine from knowledge/scores/isth-overt-dic.yaml.
 */
import { describe, expect, it } from "vitest";
import { day, lab, ptCatalogue, record } from "../../../test/support/record.js";
import { loadScoreConfigs, type PointsScore } from "../../knowledge/scores.js";
import type { LabResult } from "../model.js";
import { computePointsScore } from "./points-score.js";

const config = loadScoreConfigs().get("isth-overt-dic") as PointsScore;
const catalogue = ptCatalogue(11, 13.5);
const AT = day(10, 12);

const plt = (v: number, extra: Partial<LabResult> = {}) => lab("platelets", 10, v, extra);
const ddimer = (v: number, id = "d-dimer-feu") => lab(id, 10, v, { unit: "ug/mL" });
const pt = (v: number, extra: Partial<LabResult> = {}) => lab("pt", 10, v, extra);
const fib = (v: number) => lab("fibrinogen", 10, v);

function score(labs: LabResult[], cfg: PointsScore = config) {
  const r = computePointsScore(record({ labs }), AT, cfg, catalogue);
  if (!r) throw new Error("ISTH is always applicable");
  return r;
}
const points = (labs: LabResult[], component: string) => score(labs).components[component];

describe("ISTH overt DIC score (Taylor 2001; boundaries per Yamakawa 2024 Table 2)", () => {
  it("[constructed, clinical.md §2.1] plt 45 + D-dimer 6.0 FEU + PT 4.0 s over ULN + fibrinogen 0.9 = 7, overt", () => {
    const r = score([plt(45), ddimer(6.0), pt(17.5), fib(0.9)]);
    expect(r.components).toEqual({ platelets: 2, "fibrin-marker": 3, "pt-prolongation": 1, fibrinogen: 1 });
    expect(r.value).toBe(7);
    expect(r.category).toBe("overt");
    expect(r.missing).toEqual([]);
    expect(r.sourceIds).toContain("taylor-2001-isth-dic");
    expect(r.evidence).toHaveLength(4);
  });

  it.each([
    [100, 0],
    [99.9, 1],
    [50, 1],
    [49.9, 2],
  ])("platelets %d x10^9/L -> %d", (v, p) => expect(points([plt(v)], "platelets")).toBe(p));

  it.each([
    [0.39, 0],
    [0.4, 2],
    [4.0, 2],
    [4.01, 3],
  ])("D-dimer FEU %d ug/mL -> %d (UChicago DICSCR default)", (v, p) =>
    expect(points([ddimer(v)], "fibrin-marker")).toBe(p),
  );

  it.each([
    [16.49, 0],
    [16.5, 1],
    [19.49, 1],
    [19.5, 2],
  ])("PT %d s with ULN 13.5 -> %d (prolongation 3 s scores 1, 6 s scores 2)", (v, p) => {
    expect(points([pt(v, { refHigh: 13.5 })], "pt-prolongation")).toBe(p);
  });

  it("takes the PT ULN from the result's own range before the catalogue's", () => {
    expect(points([pt(16, { refHigh: 12.5 })], "pt-prolongation")).toBe(1);
    expect(points([pt(16)], "pt-prolongation")).toBe(0); // catalogue ULN 13.5: 2.5 s
  });

  it("without any ULN the PT prolongation is missing", () => {
    const r = computePointsScore(record({ labs: [pt(20)] }), AT, config, () => undefined);
    expect(r?.missing).toContain("pt-prolongation");
  });

  it.each([
    [1.0, 0],
    [0.99, 1],
  ])("fibrinogen %d g/L -> %d", (v, p) => expect(points([fib(v)], "fibrinogen")).toBe(p));

  it("a censored platelet count '<10' still scores 2; '>40' could score 0, 1 or 2", () => {
    expect(points([plt(10, { comparator: "<" })], "platelets")).toBe(2);
    expect(points([plt(40, { comparator: ">" })], "platelets")).toBe("0-2");
  });

  it("scores a D-dimer of unstated type (FEU/DDU) only where both readings agree", () => {
    const r = score([plt(45), ddimer(6.0, "d-dimer-unspecified"), pt(17.5), fib(0.9)]);
    expect(r.components["fibrin-marker"]).toBe(3); // > 4.0 as FEU, and as DDU (12 FEU)
    expect(r.value).toBe(7);
    expect(r.category).toBe("overt");
    const open = score([plt(45), ddimer(3.0, "d-dimer-unspecified"), pt(17.5), fib(0.9)]);
    expect(open.missing).toEqual(["fibrin-marker"]);
    expect(open.components["fibrin-marker"]).toBe("2-3");
    expect(open.interpretation).toMatch(/without FEU\/DDU/);
    expect(open.value).toBe(6); // 2 of the marker's points are certain either way
    expect(open.category).toBe("overt");
  });

  it.each([
    [0.19, 0], // 0.19 FEU or 0.38 FEU: below 0.4 either way
    [0.2, "0-2"], // 0.4 FEU as DDU
    [2.0, 2], // 2.0 or 4.0 FEU: both in the 0.4–4.0 band
    [2.01, "2-3"],
    [4.0, "2-3"],
    [4.01, 3],
  ])("unstated-type D-dimer %d µg/mL -> %s", (v, p) =>
    expect(points([ddimer(v, "d-dimer-unspecified")], "fibrin-marker")).toBe(p),
  );

  it("scores a DDU assay only once a site configures cut-offs for it", () => {
    const labs = [plt(45), ddimer(3.0, "d-dimer-ddu"), pt(17.5), fib(0.9)];
    expect(score(labs).missing).toEqual(["fibrin-marker"]);
    const marker = config.components.find((c) => c.id === "fibrin-marker");
    if (marker?.kind !== "fibrin-marker") throw new Error("fibrin-marker component");
    const site: PointsScore = {
      ...config,
      components: config.components.map((c) =>
        c.id === marker.id
          ? {
              ...marker,
              assays: [
                ...marker.assays,
                {
                  lab: "d-dimer-ddu",
                  unit: "ug/mL",
                  bands: [
                    { lt: 0.2, points: 0 },
                    { ge: 0.2, le: 2, points: 2 },
                    { gt: 2, points: 3 },
                  ],
                  sourceIds: ["site-lab"],
                },
              ],
              unusable: marker.unusable.filter((u) => u.lab !== "d-dimer-ddu"),
            }
          : c,
      ),
    };
    expect(score(labs, site).components["fibrin-marker"]).toBe(3);
  });

  describe("category is incomplete exactly when the missing points could change it", () => {
    it("3 points with the fibrin marker missing could reach 6: incomplete", () => {
      const r = score([plt(45), pt(17.5)]); // 2 + 1, fibrinogen and marker missing
      expect(r.value).toBe(3);
      expect(r.category).toBe("incomplete");
      expect(r.interpretation).toMatch(/Could be overt or not-overt/);
    });
    it("6 points with fibrinogen missing stays overt", () => {
      const r = score([plt(45), ddimer(6), pt(17.5)]);
      expect(r.value).toBe(6);
      expect(r.missing).toEqual(["fibrinogen"]);
      expect(r.category).toBe("overt");
    });
    it("1 point with the fibrin marker missing can reach at most 4: not overt", () => {
      const r = score([plt(80), pt(13), fib(2.5)]);
      expect(r.value).toBe(1);
      expect(r.category).toBe("not-overt");
    });
    it("2 points with the fibrin marker missing can reach 5: incomplete", () => {
      const r = score([plt(45), pt(13), fib(2.5)]);
      expect(r.category).toBe("incomplete");
    });
  });

  it("uses only labs of the 24 h before the instant", () => {
    const old = lab("fibrinogen", 9, 0.5, { at: day(9, 11) }); // 25 h before 12:00 on day 10
    const r = score([plt(45), ddimer(6), pt(17.5), old]);
    expect(r.missing).toEqual(["fibrinogen"]);
    const recent = lab("fibrinogen", 9, 0.5, { at: day(9, 13) }); // 23 h before
    expect(score([plt(45), ddimer(6), pt(17.5), recent]).components.fibrinogen).toBe(1);
  });

  it("ignores results after the instant", () => {
    const later = lab("platelets", 10, 20, { at: day(10, 13) });
    expect(score([plt(150), later]).components.platelets).toBe(0);
  });

  it("value is null when nothing could be computed", () => {
    const r = score([]);
    expect(r.value).toBeNull();
    expect(r.category).toBe("incomplete");
    expect(r.missing).toHaveLength(4);
  });
});
