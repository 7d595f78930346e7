import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { contextDrug, day, event, exposure, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { ClinicalEvent, ContextDrug, Exposure, LabResult } from "../../contracts/model.js";
import type { FourTsScore } from "../../knowledge/scores.js";
import { compute4Ts } from "./4ts.js";
import { categoryOf } from "./outcome.js";

const config = loadScoreConfigs().get("4ts") as FourTsScore;
const catalogue = testKnowledge().vocabulary.labById;
const UFH = contextDrug("heparin", ["heparin"], 0);

/** Platelets 200 on days -1..onset-1, then `nadir` from the onset day on. */
function fall(onset: number, nadir: number, until = 12): LabResult[] {
  return Array.from({ length: until + 2 }, (_, i) => i - 1).map((d) =>
    lab("platelets", d, d < onset ? 200 : nadir),
  );
}
function score(
  labs: LabResult[],
  opts: { drugs?: ContextDrug[]; events?: ClinicalEvent[]; exposures?: Exposure[]; at?: string } = {},
) {
  const r = record({
    labs,
    contextDrugs: opts.drugs ?? [UFH],
    events: opts.events ?? [],
    exposures: opts.exposures ?? [],
  });
  return compute4Ts(r, opts.at ?? day(12, 12), config, catalogue);
}
const c = (labs: LabResult[], id: string, opts = {}) => score(labs, opts)?.components[id];

describe("4Ts score for HIT (Lo 2006)", () => {
  describe("Thrombocytopenia: fall from the baseline and nadir", () => {
    it.each([
      [200, 90, 2], // 55 % fall, nadir >= 20
      [200, 100, 1], // 50 % fall
      [200, 140, 1], // 30 % fall
      [200, 141, 0], // 29.5 % fall
      [40, 20, 1], // 50 % fall, nadir 20
      [41, 20, 2], // 51.2 % fall, nadir 20
      [41, 19.9, 1], // > 50 % fall but nadir 10-19
      [50, 10, 1], // nadir 10
      [50, 9.9, 0], // nadir < 10 with > 50 % fall
      [14, 9, 1], // 35.7 % fall although nadir < 10: the higher row counts
    ])("baseline %d, nadir %d -> %d", (base, nadir, p) => {
      const labs = [lab("platelets", -1, base), lab("platelets", 7, nadir)];
      expect(c(labs, "thrombocytopenia")).toBe(p);
    });
  });

  describe("Timing of the fall (day 0 = first heparin day)", () => {
    it.each([
      [5, 2],
      [10, 2],
      [11, 1],
      [4, 1],
      [3, 0],
    ])("fall on day %d with no earlier heparin -> %d", (onset, p) =>
      expect(c(fall(onset, 80), "timing")).toBe(p),
    );

    it("a fall within a day of restarting heparin scores 2 with heparin in the past 30 days, 1 with heparin 30-100 days ago", () => {
      const now = contextDrug("heparin", ["heparin"], 0);
      const recent = contextDrug("enoxaparin", ["heparin"], -40, -20);
      const older = contextDrug("enoxaparin", ["heparin"], -90, -60);
      expect(c(fall(1, 80), "timing", { drugs: [recent, now] })).toBe(2);
      expect(c(fall(1, 80), "timing", { drugs: [older, now] })).toBe(1);
      expect(c(fall(1, 80), "timing", { drugs: [now] })).toBe(0);
    });

    it("a fall whose start is hidden by missing counts is 'consistent but not clear' (1)", () => {
      const labs = [lab("platelets", -1, 200), lab("platelets", 2, 200), lab("platelets", 7, 80)];
      expect(c(labs, "timing")).toBe(1);
      const clear = [lab("platelets", -1, 200), lab("platelets", 6, 200), lab("platelets", 7, 80)];
      expect(c(clear, "timing")).toBe(2);
    });

    it("no fall of 30 % scores 0", () => expect(c(fall(5, 150), "timing")).toBe(0));
  });

  describe("Thrombosis and oTher causes are clinical facts: missing unless recorded", () => {
    it("new thrombosis after the heparin start -> 2; suspected -> 1; none recorded -> missing", () => {
      expect(c(fall(6, 80), "thrombosis", { events: [event("thrombosis", 8)] })).toBe(2);
      expect(c(fall(6, 80), "thrombosis", { events: [event("skin-necrosis", 8)] })).toBe(2);
      expect(
        c(fall(6, 80), "thrombosis", { events: [event("thrombosis", 8, { qualifiers: ["suspected"] })] }),
      ).toBe(1);
      expect(score(fall(6, 80))?.missing).toContain("thrombosis");
      expect(score(fall(6, 80), { events: [event("thrombosis", -5)] })?.missing).toContain("thrombosis");
    });
    it("a recorded alternative cause (e.g. a checkpoint inhibitor) limits oTher cause to 0-1", () => {
      const r = score(fall(6, 80), { exposures: [exposure("pembrolizumab", "ici", [-10])] });
      expect(r?.components["other-cause"]).toBe("0-1");
      expect(score(fall(6, 80))?.components["other-cause"]).toBeUndefined();
    });
  });

  describe("categories: 0-3 low, 4-5 intermediate, 6-8 high", () => {
    it.each([
      [3, "low"],
      [4, "intermediate"],
      [5, "intermediate"],
      [6, "high"],
    ])("total %d -> %s", (total, key) =>
      expect(categoryOf(config.categories, total, new Map()).key).toBe(key),
    );

    it("[worked example, Thromb J 2020, doi:10.1186/s12959-020-00229-8, Table 1: 2 + 1 + 0 + 1 = 4] is intermediate", () => {
      expect(categoryOf(config.categories, 2 + 1 + 0 + 1, new Map()).key).toBe("intermediate");
    });

    it("2 + 2 + thrombosis 2 with oTher cause unknown (0-2) is high whatever it is", () => {
      const r = score(fall(6, 80), { events: [event("thrombosis", 8)] });
      expect(r?.value).toBe(6);
      expect(r?.category).toBe("high");
    });
    it("2 + 2 with thrombosis and oTher cause unknown (4-8) is incomplete", () => {
      expect(score(fall(6, 80))?.category).toBe("incomplete");
    });
    it("0 + 0 with both unknown (0-4) is incomplete; 0 + 0 with another cause recorded (0-3) is low", () => {
      expect(score(fall(5, 190))?.category).toBe("incomplete");
      expect(score(fall(5, 190), { exposures: [exposure("nivolumab", "ici", [-10])] })?.category).toBe("low");
    });
  });

  it("applies only with a heparin course started at most 100 days before (day 12 here)", () => {
    expect(score(fall(6, 80), { drugs: [] })).toBeUndefined();
    expect(score(fall(6, 80), { drugs: [contextDrug("heparin", ["heparin"], 20)] })).toBeUndefined();
    expect(score(fall(6, 80), { drugs: [contextDrug("heparin", ["heparin"], -88)] })?.id).toBe("4ts");
    expect(score(fall(6, 80), { drugs: [contextDrug("heparin", ["heparin"], -89)] })).toBeUndefined();
  });

  // A count from weeks before the heparin start (outside the 3-day baseline window) is not a baseline.
  describe("the first count since the heparin start is also the lowest (no baseline)", () => {
    it("below the lower limit of normal (149): the fall and its day are unknown, never 0", () => {
      const r = score([lab("platelets", -30, 260), lab("platelets", 8, 149)]);
      expect(r?.missing).toEqual(expect.arrayContaining(["thrombocytopenia", "timing"]));
      expect(r?.category).toBe("incomplete");
    });
    it("at the lower limit of normal (150): no thrombocytopenia, no fall (0 and 0)", () => {
      const r = score([lab("platelets", -30, 260), lab("platelets", 8, 150)]);
      expect([r?.components.thrombocytopenia, r?.components.timing]).toEqual([0, 0]);
    });
    it("the laboratory's own reference range sets the limit", () => {
      const own = (v: number) => lab("platelets", 8, v, { refLow: 140, refHigh: 400 });
      expect(c([own(139)], "thrombocytopenia")).toBe("0-2");
      expect(c([own(140)], "thrombocytopenia")).toBe(0);
    });
    it("a nadir below 10 scores 0-1 (1 only for a 30-50 % fall); its timing stays unknown", () => {
      const r = score([lab("platelets", 8, 5)]);
      expect(r?.components.thrombocytopenia).toBe("0-1");
      expect(r?.missing).toContain("timing");
    });
    it("a new thrombosis with a low first count after a week of heparin can be high (not 'HIT very unlikely')", () => {
      const r = score([lab("platelets", 8, 55)], { events: [event("thrombosis", 8)] });
      expect(r?.category).toBe("incomplete");
      expect(r?.interpretation).toMatch(/high/);
    });
  });

  it("without a platelet count since the heparin start the platelet components are missing", () => {
    const r = score([lab("platelets", -2, 200)]);
    expect(r?.missing).toEqual(["thrombocytopenia", "timing", "thrombosis", "other-cause"]);
    expect(r?.value).toBeNull();
  });
});
