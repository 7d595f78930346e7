import { describe, expect, it } from "vitest";
import {
  contextDrug,
  day,
  event,
  exposure,
  lab,
  ptCatalogue,
  record,
} from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { PatientRecord } from "../../contracts/model.js";
import { computeAllScores, computeScore } from "./index.js";

const configs = loadScoreConfigs();
const labs = ptCatalogue(11, 13.5);
const ids = (r: PatientRecord, at = day(40)) => computeAllScores(r, at, configs, labs).map((s) => s.id);

describe("computeScore", () => {
  it("computes one score at an instant, e.g. ISTH at a platelet nadir", () => {
    const r = record({
      labs: [
        lab("platelets", 3, 45),
        lab("fibrinogen", 3, 0.9),
        lab("pt", 3, 17.5),
        lab("d-dimer-feu", 3, 6, { unit: "ug/mL", refHigh: 0.5 }),
      ],
    });
    expect(computeScore("isth-overt-dic", r, day(3, 9), configs, labs)?.value).toBe(7);
  });
  it("returns undefined for an unknown id", () => {
    expect(computeScore("no-such-score", record({}), day(3), configs, labs)).toBeUndefined();
  });
});

describe("computeAllScores", () => {
  it("reports each score at the latest instant where its required components have data", () => {
    const r = record({
      labs: [
        lab("platelets", 3, 45),
        lab("pt", 3, 17.5),
        lab("fibrinogen", 3, 0.9),
        lab("platelets", 5, 60), // day 5: no PT or fibrinogen within 24 h
      ],
    });
    const isth = computeAllScores(r, day(10), configs, labs).find((s) => s.id === "isth-overt-dic");
    expect(isth?.at).toBe(day(3));
    expect(isth?.components.platelets).toBe(2);
    expect(isth?.missing).toEqual(["fibrin-marker"]);
  });

  it("ignores results after the evaluation time", () => {
    const r = record({ labs: [lab("platelets", 3, 45), lab("pt", 3, 17.5), lab("fibrinogen", 3, 0.9)] });
    expect(computeAllScores(r, day(2), configs, labs)).toEqual([]);
  });

  it("leaves out scores that do not apply: ICAHT, T-ICAHT and CAR-HEMATOTOX need CAR-T, 4Ts heparin, Khorana known cancer", () => {
    const counts = Array.from({ length: 41 }, (_, d) => [
      lab("anc", d, 0.3),
      lab("platelets", d, 40),
      lab("hemoglobin", d, 9),
    ]).flat();
    const plain = record({ labs: [...counts, lab("wbc", 39, 6, { unit: "10*9/L" })] });
    expect(ids(plain)).toEqual(
      expect.not.arrayContaining(["icaht", "t-icaht", "car-hematotox", "4ts", "khorana"]),
    );

    const cart = record({ ...plain, exposures: [exposure("axicabtagene-ciloleucel", "car-t", [0])] });
    expect(ids(cart)).toEqual(expect.arrayContaining(["icaht", "t-icaht", "car-hematotox", "khorana"]));
    const icaht = computeAllScores(cart, day(40), configs, labs).find((s) => s.id === "icaht");
    expect(icaht?.value).toBe(4);

    const heparin = record({ ...plain, contextDrugs: [contextDrug("heparin", ["heparin"], 30)] });
    expect(ids(heparin)).toContain("4ts");

    const cancer = record({ ...plain, events: [event("active-cancer", -100, { qualifiers: ["lung"] })] });
    expect(ids(cancer)).toContain("khorana");
  });

  it("gives every result its score's source ids", () => {
    const r = record({ labs: [lab("platelets", 3, 45), lab("pt", 3, 17.5), lab("fibrinogen", 3, 0.9)] });
    for (const s of computeAllScores(r, day(4), configs, labs)) expect(s.sourceIds.length).toBeGreaterThan(0);
  });
});
