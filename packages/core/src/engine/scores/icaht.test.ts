import { describe, expect, it } from "vitest";
import { day, exposure, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { Exposure, LabResult } from "../../contracts/model.js";
import type { HematotoxGrading } from "../../knowledge/scores.js";
import { computeHematotoxGrade as computeIcaht } from "./hematotox-grading.js";

const config = loadScoreConfigs().get("icaht") as HematotoxGrading;
const CART = exposure("axicabtagene-ciloleucel", "car-t", [0]);

/** Daily ANC from day `from` for the given values (10^9/L). */
function daily(from: number, values: readonly number[]): LabResult[] {
  return values.map((v, i) => lab("anc", from + i, v));
}
const repeat = (n: number, value: number): number[] => Array(n).fill(value);
/** ANC 2.0 except `low` on days [start, start + n). */
function course(n: number, low: number, start = 5, until = 31): LabResult[] {
  return daily(
    0,
    Array.from({ length: until + 1 }, (_, d) => (d >= start && d < start + n ? low : 2.0)),
  );
}
function grade(labs: LabResult[], at = day(31, 12), exposures: Exposure[] = [CART]) {
  return computeIcaht(record({ labs, exposures }), at, config);
}

describe("ICAHT grade (EHA/EBMT; neutrophil-based; thresholds unverified, see icaht.yaml)", () => {
  describe("early ICAHT: cumulative days with ANC <= 500/uL and <= 100/uL in days 0-30", () => {
    it.each([
      [0, 0],
      [6, 1],
      [7, 2],
      [13, 2],
      [14, 3],
    ])("%d days at ANC 0.4 -> grade %d", (n, g) => {
      const r = grade(course(n, 0.4));
      expect(r?.components["early-grade"]).toBe(g);
      expect(r?.category).toBe(`grade-${g}`);
    });
    it.each([
      [6, 1],
      [7, 3],
      [13, 3],
      [14, 4],
    ])("%d days at ANC 0.1 -> grade %d", (n, g) => expect(grade(course(n, 0.1))?.value).toBe(g));

    it("ANC exactly 0.5 counts as <= 500/uL; 0.51 does not", () => {
      expect(grade(course(7, 0.5))?.value).toBe(2);
      expect(grade(course(7, 0.51))?.value).toBe(0);
    });

    it("ANC exactly 0.1 counts as <= 100/uL; 0.11 counts as <= 500/uL only", () => {
      expect(grade(course(7, 0.1))?.value).toBe(3);
      expect(grade(course(7, 0.11))?.value).toBe(2);
    });

    it("ANC <= 500/uL on every day 0-30 is grade 4", () => {
      expect(grade(course(31, 0.3, 0))?.value).toBe(4);
      expect(grade(course(30, 0.3, 1))?.value).toBe(3);
    });

    it("a recovery shorter than 3 days counts towards the total; a stable 3-day recovery does not", () => {
      // Days 0-31: 6 days low, then a 2-day (unstable) or 3-day (stable) recovery, then 2 more days low.
      const low = repeat(6, 0.3);
      const unstable = daily(0, [2, 2, 2, 2, 2, ...low, 0.8, 0.8, 0.3, 0.3, ...repeat(17, 2)]);
      expect(grade(unstable)?.components["early-days-anc-le-500"]).toBe(10); // 8 low + 2 unstable
      expect(grade(unstable)?.value).toBe(2);
      const stable = daily(0, [2, 2, 2, 2, 2, ...low, 0.8, 0.8, 0.8, 0.3, 0.3, ...repeat(16, 2)]);
      expect(grade(stable)?.components["early-days-anc-le-500"]).toBe(8);
      expect(grade(stable)?.value).toBe(2);
    });

    it("before day 30 the grade is provisional", () => {
      const r = grade(course(7, 0.4), day(15, 12));
      expect(r?.value).toBe(2);
      expect(r?.interpretation).toMatch(/provisional until day 30/);
    });

    it("days without a result (beyond 3 days of carry-forward) make the grade incomplete when they could change it", () => {
      const sparse = [0, 5, 10, 20, 30].map((d) => lab("anc", d, d === 5 ? 0.4 : 2));
      const r = grade(sparse);
      expect(r?.category).toBe("incomplete");
      expect(r?.missing).toContain("early-window-days");
      expect(r?.value).toBe(1);
    });
  });

  describe("late ICAHT (after day 30): depth on two or more results", () => {
    const early = course(0, 2, 5, 30);
    it.each([
      [1.5, 1],
      [1.51, 0],
      [1.0, 2],
      [1.01, 1],
      [0.5, 3],
      [0.51, 2],
      [0.1, 4],
      [0.11, 3],
    ])("two results of %d -> late grade %d", (v, g) => {
      const r = grade([...early, lab("anc", 40, v), lab("anc", 41, v)], day(41, 12));
      expect(r?.components["late-grade"]).toBe(g);
    });
    it("a single low result is not enough", () => {
      const r = grade([...early, lab("anc", 40, 0.4), ...daily(41, [2, 2, 2])], day(43, 12));
      expect(r?.components["late-grade"]).toBe(0);
      expect(r?.category).toBe("grade-0");
    });
  });

  it("is not applicable without a CAR-T exposure, or before the infusion", () => {
    expect(grade(course(7, 0.4), day(31), [exposure("nivolumab", "ici", [0])])).toBeUndefined();
    expect(grade(course(7, 0.4), day(-1), [CART])).toBeUndefined();
  });

  it("counts calendar days as written, whatever the offset of the timestamps", () => {
    const labs = course(7, 0.4).map((l) => ({ ...l, at: `${l.at.slice(0, 10)}T23:30:00-05:00` }));
    expect(grade(labs, "2024-02-01T23:59:00-05:00")?.value).toBe(2);
  });
});
