/**
 * Date-window rules of the scores, re-run under a second process time zone (package.json "test"): no
 * result may depend on the machine's zone.
 */
import { describe, expect, it } from "vitest";
import { contextDrug, day, event, exposure, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { FourTsScore, HematotoxGrading, PointsScore } from "../../knowledge/scores.js";
import { compute4Ts } from "./4ts.js";
import { computeHematotoxGrade as computeIcaht } from "./hematotox-grading.js";
import { computePointsScore } from "./points-score.js";

const configs = loadScoreConfigs();

describe("score windows are zone-independent", () => {
  it("ISTH 24-h window: 23 h in, 25 h out, with offsets in the timestamps", () => {
    const cfg = configs.get("isth-overt-dic") as PointsScore;
    const at = "2024-01-11T07:00:00-05:00"; // 12:00Z
    const fib = (iso: string) => lab("fibrinogen", 0, 0.5, { at: iso });
    const score = (iso: string) => computePointsScore(record({ labs: [fib(iso)] }), at, cfg, () => undefined);
    expect(score("2024-01-10T21:00:00+08:00")?.components.fibrinogen).toBe(1); // 13:00Z the day before: 23 h
    expect(score("2024-01-10T19:00:00+08:00")?.components.fibrinogen).toBeUndefined(); // 11:00Z: 25 h
  });

  it("SIC 14-day sepsis look-back counts instants", () => {
    const cfg = configs.get("isth-sic") as PointsScore;
    const labs = [lab("inr", 20, 1.5), lab("platelets", 20, 90)];
    const at = day(20, 12);
    expect(
      computePointsScore(
        record({ labs, events: [event("sepsis", 6, { at: day(6, 13) })] }),
        at,
        cfg,
        () => undefined,
      ),
    ).toBeDefined();
    expect(
      computePointsScore(
        record({ labs, events: [event("sepsis", 6, { at: day(6, 11) })] }),
        at,
        cfg,
        () => undefined,
      ),
    ).toBeUndefined();
  });

  it("ICAHT days are calendar dates as written", () => {
    const cfg = configs.get("icaht") as HematotoxGrading;
    const cart = exposure("axicabtagene-ciloleucel", "car-t", [0]);
    const labs = Array.from({ length: 31 }, (_, d) =>
      lab("anc", d, d >= 5 && d < 12 ? 0.3 : 2, { at: `${day(d).slice(0, 10)}T23:45:00+09:00` }),
    );
    expect(computeIcaht(record({ labs, exposures: [cart] }), "2024-01-31T23:59:00+09:00", cfg)?.value).toBe(
      2,
    );
  });

  it("4Ts onset day counts calendar days from the first heparin day", () => {
    const cfg = configs.get("4ts") as FourTsScore;
    const ufh = { ...contextDrug("heparin", ["heparin"], 0), start: "2024-01-01T22:00:00-08:00" };
    const labs = [
      lab("platelets", -1, 200),
      lab("platelets", 4, 200),
      lab("platelets", 5, 80, { at: "2024-01-06T01:00:00+14:00" }),
    ];
    expect(
      compute4Ts(record({ labs, contextDrugs: [ufh] }), day(8), cfg, () => undefined)?.components.timing,
    ).toBe(2);
  });
});
