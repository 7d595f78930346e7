/**
 * The fibrin-marker component on its own: its bands, and (property) that its points never fall as the
 * marker rises, for any upper limit of normal, any multiples and any absolute cut-offs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { day, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { LabResult } from "../../contracts/model.js";
import type { FibrinMarkerComponent, PointsScore } from "../../knowledge/scores.js";
import { evaluateFibrinMarker, markerBands } from "./fibrin-marker.js";
import { windowPicker } from "./inputs.js";

const isth = loadScoreConfigs().get("isth-overt-dic") as PointsScore;
const shipped = isth.components.find((c) => c.kind === "fibrin-marker") as FibrinMarkerComponent;
const vocabulary = testKnowledge().vocabulary;
const AT = day(1);

function outcome(result: LabResult, c: FibrinMarkerComponent = shipped) {
  const r = record({ labs: [result] });
  return evaluateFibrinMarker(c, {
    record: r,
    at: AT,
    pick: windowPicker(r, AT, 24),
    labs: vocabulary.labById,
  });
}
const dimer = (id: string, v: number, extra: Partial<LabResult> = {}) =>
  lab(id, 1, v, { unit: "ug/mL", at: day(0, 12), ...extra });

describe("markerBands", () => {
  it("closes each band at its upper cut-off: no increase up to the first, moderate up to the second", () => {
    expect(markerBands({ moderate: 2, strong: 3 }, { moderate: 1.5, strong: 3.5 })).toEqual([
      { le: 1.5, points: 0 },
      { gt: 1.5, le: 3.5, points: 2 },
      { gt: 3.5, points: 3 },
    ]);
  });
});

describe("evaluateFibrinMarker", () => {
  it("names every marker lab when none is in the window", () => {
    const r = record({ labs: [] });
    const o = evaluateFibrinMarker(shipped, {
      record: r,
      at: AT,
      pick: windowPicker(r, AT, 24),
      labs: () => undefined,
    });
    expect(o.possible).toEqual([0, 2, 3]);
    expect(o.reason).toBe("no d-dimer-feu or d-dimer-ddu or d-dimer-unspecified or fdp result in the window");
  });

  it("names the two limits an unstated-basis D-dimer was read against", () => {
    expect(outcome(dimer("d-dimer-unspecified", 2.0)).reason).toBe(
      "d-dimer-unspecified without FEU/DDU basis or a range of its own, read against the upper limits of d-dimer-feu (0.5) and d-dimer-ddu (0.25); only points all readings give are certain",
    );
  });

  it("says which upper limit a censored result was read against", () => {
    const r = dimer("d-dimer-feu", 2, { comparator: ">", refHigh: 0.4 });
    expect(outcome(r).reason).toBe("censored result >2 (upper limit 0.4 from its own range)");
    expect(outcome(dimer("fdp", 20, { comparator: ">" })).reason).toBe(
      "censored result >20 (upper limit 5 from the lab catalogue)",
    );
  });

  it("rests on the result it scored", () => {
    const r = dimer("d-dimer-feu", 6);
    expect(outcome(r)).toEqual({ id: "fibrin-marker", possible: [3], evidence: [r.ref] });
  });
});

/** Points never fall from `x` to `y >= x`: the lowest and the highest possible points are both monotone. */
function checkMonotone(c: FibrinMarkerComponent, make: (v: number) => LabResult, x: number, y: number): void {
  const [a, b] = x <= y ? [x, y] : [y, x];
  const pa = outcome(make(a), c).possible;
  const pb = outcome(make(b), c).possible;
  expect(Math.min(...pa)).toBeLessThanOrEqual(Math.min(...pb));
  expect(Math.max(...pa)).toBeLessThanOrEqual(Math.max(...pb));
}

const value = fc.double({ min: 0, max: 200, noNaN: true });
const cutoffPair = (min: number, max: number) =>
  fc
    .tuple(fc.double({ min, max, noNaN: true }), fc.double({ min: 0.01, max: 20, noNaN: true }))
    .map(([m, d]) => ({ moderateAbove: m, strongAbove: m + d }));

describe("points never decrease as the D-dimer rises (property)", () => {
  it("against the result's own upper limit, for any limit and any multiples", () => {
    fc.assert(
      fc.property(
        cutoffPair(1, 20),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        value,
        value,
        (cut, uln, x, y) => {
          const c = { ...shipped, relativeToUln: { ...shipped.relativeToUln, ...cut } };
          checkMonotone(c, (v) => dimer("d-dimer-feu", v, { refHigh: uln }), x, y);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each(["d-dimer-feu", "d-dimer-ddu", "d-dimer-unspecified", "fdp"])(
    "against the catalogue limits: %s (an unstated-basis D-dimer read as FEU and as DDU)",
    (id) => {
      fc.assert(
        fc.property(value, value, (x, y) => checkMonotone(shipped, (v) => dimer(id, v), x, y)),
        { numRuns: 200 },
      );
    },
  );

  it("against a site's absolute cut-offs", () => {
    fc.assert(
      fc.property(cutoffPair(0.01, 50), value, value, (cut, x, y) => {
        const c = { ...shipped, assays: [{ lab: "d-dimer-feu", unit: "ug/mL", ...cut }] };
        checkMonotone(c, (v) => dimer("d-dimer-feu", v), x, y);
      }),
      { numRuns: 500 },
    );
  });
});
