import { describe, expect, it } from "vitest";
import { day, event, exposure, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { ClinicalEvent, LabResult } from "../../contracts/model.js";
import type { HematotoxGrading } from "../../knowledge/scores.js";
import { computeHematotoxGrade as computeTIcaht } from "./hematotox-grading.js";

const config = loadScoreConfigs().get("t-icaht") as HematotoxGrading;
const CART = exposure("tisagenlecleucel", "car-t", [0]);

function course(n: number, low: number, start = 5, until = 30): LabResult[] {
  return Array.from({ length: until + 1 }, (_, d) =>
    lab("platelets", d, d >= start && d < start + n ? low : 150),
  );
}
const grade = (labs: LabResult[], at = day(30, 12), events: ClinicalEvent[] = []) =>
  computeTIcaht(record({ labs, events, exposures: [CART] }), at, config);

describe("T-ICAHT (Rejeski 2025 Table 1), kept apart from ICAHT", () => {
  it.each([
    [0, 49.9, 0],
    [6, 49.9, 1],
    [7, 49.9, 2],
    [7, 50, 0],
    [1, 19.9, 3],
    [13, 19.9, 3],
    [14, 19.9, 4],
    [14, 20, 2],
  ])("early: %d days at %d x10^9/L -> grade %d", (n, v, g) => expect(grade(course(n, v))?.value).toBe(g));

  it("a rise shorter than 3 days is a non-stable recovery and still counts", () => {
    const labs = (lastLow: number) =>
      Array.from({ length: 31 }, (_, d) =>
        lab("platelets", d, d >= 5 && d <= lastLow ? (d === 10 ? 35 : 15) : 150),
      );
    expect(grade(labs(17))?.components["early-days-plt-lt-20"]).toBe(13);
    expect(grade(labs(17))?.value).toBe(3);
    expect(grade(labs(18))?.value).toBe(4);
  });

  it("a 3-day rise is a recovery unless a platelet transfusion in the 7 days before explains it", () => {
    const labs = Array.from({ length: 31 }, (_, d) =>
      lab("platelets", d, d >= 5 && d <= 20 ? (d >= 10 && d <= 12 ? 35 : 15) : 150),
    );
    expect(grade(labs)?.components["early-days-plt-lt-20"]).toBe(13);
    expect(grade(labs)?.value).toBe(3);
    const transfused = grade(labs, day(30, 12), [event("platelet-transfusion", 9)]);
    expect(transfused?.components["early-days-plt-lt-20"]).toBe(16);
    expect(transfused?.value).toBe(4);
    expect(grade(labs, day(30, 12), [event("platelet-transfusion", 2)])?.value).toBe(3); // 7 days before day 10
  });

  it("late (days 31-100): two results below 50 -> grade 2; below 100 -> grade 1", () => {
    const early = course(0, 150);
    const at = day(41, 12);
    const late = (v: number) =>
      grade([...early, lab("platelets", 40, v), lab("platelets", 41, v)], at)?.components["late-grade"];
    expect(late(49)).toBe(2);
    expect(late(50)).toBe(1);
    expect(late(99.9)).toBe(1);
    expect(late(100)).toBe(0);
  });

  it("late: fewer than 14 days below 20 -> grade 3, 14 days -> grade 4 (two or more results)", () => {
    const early = course(0, 150);
    const lateDays = (n: number) => Array.from({ length: n }, (_, i) => lab("platelets", 40 + i, 15));
    const at = day(60, 12);
    expect(
      grade([...early, ...lateDays(13), lab("platelets", 53, 150), lab("platelets", 60, 150)], at)
        ?.components["late-grade"],
    ).toBe(3);
    expect(
      grade([...early, ...lateDays(14), lab("platelets", 54, 150), lab("platelets", 60, 150)], at)
        ?.components["late-grade"],
    ).toBe(4);
    // One low result is not enough; two are.
    expect(
      grade([...early, lab("platelets", 40, 15), lab("platelets", 60, 150)], at)?.components["late-grade"],
    ).toBe(0);
    expect(
      grade([...early, lab("platelets", 40, 15), lab("platelets", 50, 15)], at)?.components["late-grade"],
    ).toBe(3);
  });
});
