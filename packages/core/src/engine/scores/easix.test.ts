import { describe, expect, it } from "vitest";
import { day, exposure, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { Exposure, LabResult } from "../../contracts/model.js";
import type { EasixScore } from "../../knowledge/scores.js";
import { computeEasix } from "./easix.js";

const config = loadScoreConfigs().get("easix") as EasixScore;
const AT = day(7, 12);
const CART = exposure("tisagenlecleucel", "car-t", [0]);
const ldh = (v: number, extra: Partial<LabResult> = {}) => lab("ldh", 7, v, { unit: "U/L", ...extra });
const creat = (v: number) => lab("creatinine", 7, v, { unit: "mg/dL" });
const plt = (v: number) => lab("platelets", 7, v);
const score = (labs: LabResult[], exposures: Exposure[] = [CART]) =>
  computeEasix(record({ labs, exposures }), AT, config);

describe("EASIX (Luft 2017, Lancet Haematol 2017;4:e414-e423) with the CAR-T bleeding cut-off > 7.65 (Wang 2023)", () => {
  it("is LDH x creatinine / platelets", () => {
    const r = score([ldh(300), creat(1.2), plt(50)]);
    expect(r.value).toBe(7.2);
    expect(r.components).toEqual({ ldh: 300, creatinine: 1.2, platelets: 50 });
  });

  it("exactly 7.65 is not above the cut-off; 7.66 is", () => {
    expect(score([ldh(765), creat(1.0), plt(100)]).category).toBe("below-cart-bleeding-cutoff");
    expect(score([ldh(766), creat(1.0), plt(100)]).category).toBe("above-cart-bleeding-cutoff");
  });

  it("the cut-off applies only after CAR-T; otherwise the index has no validated cut-off", () => {
    const r = score([ldh(2000), creat(2), plt(20)], [exposure("nivolumab", "ici", [0])]);
    expect(r.value).toBe(200);
    expect(r.category).toBe("no-validated-cutoff");
  });

  it("a missing or censored input leaves the index uncomputed", () => {
    const missing = score([creat(1), plt(100)]);
    expect(missing.value).toBeNull();
    expect(missing.missing).toEqual(["ldh"]);
    expect(missing.category).toBe("incomplete");
    expect(score([ldh(2000, { comparator: ">" }), creat(1), plt(100)]).missing).toEqual(["ldh"]);
  });

  it("uses only labs of the 48 h window", () => {
    const old = lab("ldh", 5, 500, { unit: "U/L", at: day(5, 11) });
    expect(score([old, creat(1), plt(100)]).missing).toEqual(["ldh"]);
  });
});
