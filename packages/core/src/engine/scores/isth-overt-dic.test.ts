/**
 * ISTH overt DIC score (Taylor 2001): platelets, fibrin-related marker, PT prolongation, fibrinogen,
 * from the labs of the 24 h before the instant. The fibrin marker is scored against multiples of the
 * result's own upper limit of normal, else the lab catalogue's (> 3 x ULN 2 points, > 7 x ULN 3 points,
 * ISTH SSC 2025 update); a D-dimer of unstated FEU/DDU basis without its own range scores only the points
 * its FEU and DDU readings agree on; without any limit the marker stays missing. A site's absolute
 * cut-offs for its assay replace the multiples. PT prolongation is measured against the result's own
 * upper limit of normal, else the catalogue's.
 * Computed by the generic points engine from knowledge/scores/isth-overt-dic.yaml.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { day, lab, ptCatalogue, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { LabResult } from "../../contracts/model.js";
import type { FibrinMarkerComponent, PointsScore } from "../../knowledge/scores.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import { computePointsScore } from "./points-score.js";

const config = loadScoreConfigs().get("isth-overt-dic") as PointsScore;
const vocabulary = testKnowledge().vocabulary;
const pt = ptCatalogue(11, 13.5);
/** The shipped lab catalogue (D-dimer FEU ULN 0.5, DDU 0.25, FDP 5 ug/mL), with a PT range of 11-13.5 s. */
const catalogue = (id: string): LabDefinition | undefined => pt(id) ?? vocabulary.labById(id);
const AT = day(10, 12);

const plt = (v: number, extra: Partial<LabResult> = {}) => lab("platelets", 10, v, extra);
const marker = (v: number, id = "d-dimer-feu", extra: Partial<LabResult> = {}) =>
  lab(id, 10, v, { unit: "ug/mL", ...extra });
const ptS = (v: number, extra: Partial<LabResult> = {}) => lab("pt", 10, v, extra);
const fib = (v: number) => lab("fibrinogen", 10, v);

function score(labs: LabResult[], cfg: PointsScore = config, labDefs = catalogue) {
  const r = computePointsScore(record({ labs }), AT, cfg, labDefs);
  if (!r) throw new Error("ISTH is always applicable");
  return r;
}
const points = (labs: LabResult[], component: string, cfg: PointsScore = config) =>
  score(labs, cfg).components[component];

/** The configuration with the fibrin marker changed as a site's settings would change it. */
function withMarker(change: (m: FibrinMarkerComponent) => FibrinMarkerComponent): PointsScore {
  return {
    ...config,
    components: config.components.map((c) => (c.kind === "fibrin-marker" ? change(c) : c)),
  };
}

describe("ISTH overt DIC score (Taylor 2001; boundaries per Yamakawa 2024 Table 2)", () => {
  it("[constructed, clinical.md §2.1; marker re-scored with the 2025 multiples] plt 45 + D-dimer 6.0 FEU (12 x ULN 0.5) + PT 4.0 s over ULN + fibrinogen 0.9 = 7, overt", () => {
    const r = score([plt(45), marker(6.0), ptS(17.5), fib(0.9)]);
    expect(r.components).toEqual({ platelets: 2, "fibrin-marker": 3, "pt-prolongation": 1, fibrinogen: 1 });
    expect(r.value).toBe(7);
    expect(r.category).toBe("overt");
    expect(r.missing).toEqual([]);
    expect(r.sourceIds).toEqual(expect.arrayContaining(["taylor-2001-isth-dic", "iba-2025-isth-dic-update"]));
    expect(r.evidence).toHaveLength(4);
  });

  it.each([
    [100, 0],
    [99.9, 1],
    [50, 1],
    [49.9, 2],
  ])("platelets %d x10^9/L -> %d", (v, p) => expect(points([plt(v)], "platelets")).toBe(p));

  describe("fibrin marker against the result's own upper limit of normal (0.4 here, catalogue 0.5)", () => {
    it.each([
      [0.4, 0], // at the ULN
      [1.2, 0], // 3 x ULN: no increase yet
      [1.21, 2],
      [2.8, 2], // 7 x ULN
      [2.81, 3],
    ])("D-dimer FEU %d ug/mL -> %d", (v, p) =>
      expect(points([marker(v, "d-dimer-feu", { refHigh: 0.4 })], "fibrin-marker")).toBe(p),
    );
  });

  describe("fibrin marker against the lab catalogue's upper limit when the result has no range", () => {
    it.each([
      ["d-dimer-feu", 0.5, 0], // ULN 0.5 (Mayo DIRM): normal
      ["d-dimer-feu", 1.5, 0],
      ["d-dimer-feu", 1.51, 2],
      ["d-dimer-feu", 3.5, 2],
      ["d-dimer-feu", 3.51, 3],
      ["d-dimer-ddu", 0.75, 0], // ULN 0.25
      ["d-dimer-ddu", 0.76, 2],
      ["d-dimer-ddu", 1.75, 2],
      ["d-dimer-ddu", 1.76, 3],
      ["fdp", 15, 0], // ULN 5 (LabCorp)
      ["fdp", 15.1, 2],
      ["fdp", 35, 2],
      ["fdp", 35.1, 3],
    ])("%s %d ug/mL -> %d", (id, v, p) => expect(points([marker(v, id)], "fibrin-marker")).toBe(p));
  });

  it("scores a normal D-dimer 0 on an assay whose upper limit is 0.5 ug/mL FEU (the fixed 0.4 band scored it 2)", () => {
    expect(points([marker(0.45, "d-dimer-feu", { refHigh: 0.5 })], "fibrin-marker")).toBe(0);
  });

  it("a D-dimer of unstated basis with its own range needs no FEU/DDU reading: 2.0 with ULN 0.25 is 8 x ULN", () => {
    expect(points([marker(2.0, "d-dimer-unspecified", { refHigh: 0.25 })], "fibrin-marker")).toBe(3);
  });

  it.each([
    [0.7, 0], // 1.4 x FEU ULN, 2.8 x DDU ULN: no increase either way
    [1.0, "0-2"], // 2 x FEU ULN (0) or 4 x DDU ULN (2)
    [1.6, 2], // 3.2 x or 6.4 x
    [2.0, "2-3"], // 4 x or 8 x
    [4.0, 3], // 8 x or 16 x
  ])(
    "a D-dimer of unstated basis without a range of its own, %d ug/mL, scores only what FEU and DDU readings agree on: %s",
    (v, p) => {
      expect(points([marker(v, "d-dimer-unspecified")], "fibrin-marker")).toBe(p);
    },
  );

  it("says why an unstated-basis D-dimer stays open, and counts its certain points", () => {
    const r = score([plt(45), marker(2.0, "d-dimer-unspecified"), ptS(17.5), fib(0.9)]);
    expect(r.missing).toEqual(["fibrin-marker"]);
    expect(r.interpretation).toMatch(/without FEU\/DDU basis/);
    expect(r.value).toBe(6); // 2 of the marker's points are certain either way
    expect(r.category).toBe("overt");
  });

  it("without any upper limit of normal the marker stays missing, and the score says so", () => {
    const noRanges = (id: string) =>
      id === "d-dimer-feu" ? { id, name: "D-dimer", kind: "quantity" as const } : pt(id);
    const r = score([plt(80), marker(6.0), ptS(13), fib(2.5)], config, noRanges);
    expect(r.missing).toEqual(["fibrin-marker"]);
    expect(r.components["fibrin-marker"]).toBe("0-3");
    expect(r.interpretation).toMatch(/no upper limit of normal for d-dimer-feu/);
  });

  it("scores a censored D-dimer only where every value it stands for agrees", () => {
    expect(points([marker(0.27, "d-dimer-feu", { comparator: "<" })], "fibrin-marker")).toBe(0);
    expect(points([marker(2, "d-dimer-feu", { comparator: ">" })], "fibrin-marker")).toBe("2-3");
  });

  it("uses the latest fibrin-related marker of the window", () => {
    const fdp = lab("fdp", 10, 40, { unit: "ug/mL", at: day(10, 6) }); // 8 x ULN: 3
    const ddimer = lab("d-dimer-feu", 10, 1.0, { unit: "ug/mL", at: day(10, 9) }); // 2 x ULN: 0
    expect(points([fdp, ddimer], "fibrin-marker")).toBe(0);
  });

  describe("site settings", () => {
    it("other multiples of the ULN move the bands (e.g. > 1 x moderate, > 10 x strong)", () => {
      const site = withMarker((m) => ({
        ...m,
        relativeToUln: { ...m.relativeToUln, moderateAbove: 1, strongAbove: 10 },
      }));
      expect(points([marker(0.5)], "fibrin-marker", site)).toBe(0);
      expect(points([marker(0.51)], "fibrin-marker", site)).toBe(2);
      expect(points([marker(5.0)], "fibrin-marker", site)).toBe(2);
      expect(points([marker(5.01)], "fibrin-marker", site)).toBe(3);
    });

    it("absolute cut-offs for an assay replace the multiples; an entry for the LOINC code wins over the lab's", () => {
      const site = withMarker((m) => ({
        ...m,
        assays: [
          { lab: "d-dimer-ddu", unit: "ug/mL", moderateAbove: 0.25, strongAbove: 2 },
          { lab: "d-dimer-ddu", loinc: "48058-2", unit: "ug/mL", moderateAbove: 1, strongAbove: 4 },
        ],
      }));
      expect(points([marker(0.25, "d-dimer-ddu")], "fibrin-marker", site)).toBe(0);
      expect(points([marker(0.26, "d-dimer-ddu")], "fibrin-marker", site)).toBe(2);
      expect(points([marker(2.01, "d-dimer-ddu")], "fibrin-marker", site)).toBe(3);
      const coded = (v: number) => marker(v, "d-dimer-ddu", { loinc: "48058-2" });
      expect(points([coded(2.01)], "fibrin-marker", site)).toBe(2);
      expect(points([coded(4.01)], "fibrin-marker", site)).toBe(3);
    });

    it("cut-offs written in another unit than the result's leave the marker open", () => {
      const site = withMarker((m) => ({
        ...m,
        assays: [{ lab: "d-dimer-feu", unit: "ng/mL", moderateAbove: 500, strongAbove: 5000 }],
      }));
      const r = score([plt(45), marker(6.0), ptS(17.5), fib(0.9)], site);
      expect(r.missing).toEqual(["fibrin-marker"]);
      expect(r.interpretation).toMatch(/cut-offs are in ng\/mL/);
    });
  });

  it.each([
    [16.49, 0],
    [16.5, 1],
    [19.49, 1],
    [19.5, 2],
  ])("PT %d s with ULN 13.5 -> %d (prolongation 3 s scores 1, 6 s scores 2)", (v, p) => {
    expect(points([ptS(v, { refHigh: 13.5 })], "pt-prolongation")).toBe(p);
  });

  it("takes the PT ULN from the result's own range before the catalogue's", () => {
    expect(points([ptS(16, { refHigh: 12.5 })], "pt-prolongation")).toBe(1);
    expect(points([ptS(16)], "pt-prolongation")).toBe(0); // catalogue ULN 13.5: 2.5 s
  });

  it("without any ULN the PT prolongation is missing", () => {
    const r = computePointsScore(record({ labs: [ptS(20)] }), AT, config, () => undefined);
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

  describe("category is incomplete exactly when the missing points could change it", () => {
    it("3 points with the fibrin marker missing could reach 6: incomplete", () => {
      const r = score([plt(45), ptS(17.5)]); // 2 + 1, fibrinogen and marker missing
      expect(r.value).toBe(3);
      expect(r.category).toBe("incomplete");
      expect(r.interpretation).toMatch(/Could be overt or not-overt/);
    });
    it("6 points with fibrinogen missing stays overt", () => {
      const r = score([plt(45), marker(6), ptS(17.5)]);
      expect(r.value).toBe(6);
      expect(r.missing).toEqual(["fibrinogen"]);
      expect(r.category).toBe("overt");
    });
    it("1 point with the fibrin marker missing can reach at most 4: not overt", () => {
      const r = score([plt(80), ptS(13), fib(2.5)]);
      expect(r.value).toBe(1);
      expect(r.category).toBe("not-overt");
    });
    it("2 points with the fibrin marker missing can reach 5: incomplete", () => {
      const r = score([plt(45), ptS(13), fib(2.5)]);
      expect(r.category).toBe("incomplete");
    });
  });

  it("uses only labs of the 24 h before the instant", () => {
    const old = lab("fibrinogen", 9, 0.5, { at: day(9, 11) }); // 25 h before 12:00 on day 10
    const r = score([plt(45), marker(6), ptS(17.5), old]);
    expect(r.missing).toEqual(["fibrinogen"]);
    const recent = lab("fibrinogen", 9, 0.5, { at: day(9, 13) }); // 23 h before
    expect(score([plt(45), marker(6), ptS(17.5), recent]).components.fibrinogen).toBe(1);
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
