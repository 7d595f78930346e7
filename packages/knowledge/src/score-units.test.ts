import { createUnitConverter } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { inCatalogueUnits } from "./score-units.js";
import { loadLabCatalogue, loadScoreConfigs, loadUnitSpellings } from "./sources.js";

describe("inCatalogueUnits", () => {
  const labs = loadLabCatalogue();
  const spellings = loadUnitSpellings();
  /** A creatinine result as the adapters store it. */
  const read = (value: number, unit: string) => {
    const creatinine = labs.byId.get("creatinine");
    if (!creatinine) throw new Error("creatinine is in the catalogue");
    const r = createUnitConverter(spellings).convert(value, unit, creatinine);
    if (!r.ok) throw new Error(r.reason);
    return r.value;
  };

  it("stores a cut-off published in µmol/L in the catalogue unit, on the value a result of the same µmol/L reads as", () => {
    const tma = loadScoreConfigs().get("french-tma");
    if (tma?.kind !== "points") throw new Error("french-tma is a points score");
    const creat = tma.components.find((c) => c.id === "creatinine");
    if (creat?.kind !== "lab") throw new Error("creatinine is a lab component");
    expect(creat.unit).toBe("mg/dL");
    expect(creat.bands[0]?.le).toBe(read(200, "µmol/L"));
    expect(read(201, "µmol/L")).toBeGreaterThan(creat.bands[0]?.le ?? Number.NaN);
  });

  it("leaves a band already in the catalogue unit as written", () => {
    const khorana = loadScoreConfigs().get("khorana");
    if (!khorana) throw new Error("khorana is a score");
    expect(inCatalogueUnits(khorana, labs, spellings)).toEqual(khorana);
  });

  it("refuses a unit that cannot express the lab, naming the score and component", () => {
    const tma = loadScoreConfigs().get("french-tma");
    if (tma?.kind !== "points") throw new Error("french-tma is a points score");
    const wrong = {
      ...tma,
      components: tma.components.map((c) => (c.id === "creatinine" ? { ...c, unit: "10*9/L" } : c)),
    };
    expect(() => inCatalogueUnits(wrong, labs, spellings)).toThrow(/french-tma\.yaml creatinine: unit/);
  });
});
