import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { exposure, lab, record } from "../../../../test/support/record.js";
import { assessPatient } from "./assess.js";
import { withCombinationDoses } from "./combinations.js";

const k = testKnowledge();

describe("a fixed combination charted beside its components", () => {
  it("keeps one exposure when nivolumab and Opdualag are charted on the same days (one administration)", () => {
    const r = record({
      exposures: [exposure("nivolumab-relatlimab", "ici", [0, 28]), exposure("nivolumab", "ici", [0, 28])],
    });
    expect(withCombinationDoses(r, k.drugs).exposures.map((e) => e.drug)).toEqual(["nivolumab-relatlimab"]);
  });

  it("keeps nivolumab given alone on other days (monotherapy before the combination)", () => {
    const r = record({
      exposures: [exposure("nivolumab", "ici", [-90, -60, 0]), exposure("nivolumab-relatlimab", "ici", [0])],
    });
    const nivo = withCombinationDoses(r, k.drugs).exposures.find((e) => e.drug === "nivolumab");
    expect(nivo?.doses).toHaveLength(2);
    expect(nivo?.last).toBe(r.exposures[0]?.doses[1]?.at);
  });

  it("leaves a record without a combination unchanged", () => {
    const r = record({ exposures: [exposure("nivolumab", "ici", [0]), exposure("ipilimumab", "ici", [0])] });
    expect(withCombinationDoses(r, k.drugs)).toBe(r);
  });

  it("lists nivolumab once in the report's exposures when the product and its component are both charted", () => {
    const r = record({
      exposures: [exposure("nivolumab-relatlimab", "ici", [0, 28]), exposure("nivolumab", "ici", [0, 28])],
      labs: [lab("platelets", -1, 240), lab("platelets", 45, 16)],
    });
    const report = assessPatient(r, "2024-03-01T00:00:00Z", k);
    expect(report.exposures.map((e) => e.drug)).toEqual(["nivolumab-relatlimab"]);
    expect(report.findings[0]?.onset?.drug).toBe("nivolumab-relatlimab");
  });
});
