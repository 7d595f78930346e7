/** The executable's lazily required ucum-lhc behaves as the package the core imports. */
import { UcumLhcUtils as Direct } from "@lhncbc/ucum-lhc";
import { describe, expect, it } from "vitest";
import { UcumLhcUtils as Lazy } from "./ucum-node.js";

type Utils = ReturnType<typeof Direct.getInstance>;

describe("ucum-node (the bundled CLI's ucum-lhc)", () => {
  it("gives the package's utilities: same conversions, same validation", () => {
    const lazy = Lazy.getInstance() as Utils;
    const direct = Direct.getInstance();
    for (const [from, to] of [
      ["mg/dL", "g/L"],
      ["ng/mL", "ug/mL"],
      ["/uL", "10*9/L"],
      ["umol/L", "mg/dL"],
    ] as const) {
      expect(lazy.convertUnitTo(from, 150, to, { molecularWeight: 584.66 })).toEqual(
        direct.convertUnitTo(from, 150, to, { molecularWeight: 584.66 }),
      );
    }
    expect(lazy.convertUnitTo("mg/dL", 300, "g/L").toVal).toBe(3);
    expect(lazy.validateUnitString("K/uL").status).toBe(direct.validateUnitString("K/uL").status);
  });
});
