import { describe, expect, it } from "vitest";
import { topLevelParts } from "./predicates.js";

describe("topLevelParts (a criterion's combined detail, split so its repeats are said once)", () => {
  it("splits a '; '-joined list at its top level", () => {
    expect(topLevelParts("no Creatinine result; no Ferritin result")).toEqual([
      "no Creatinine result",
      "no Ferritin result",
    ]);
  });

  it("keeps a bracket's own list whole, round or square", () => {
    expect(topLevelParts("platelets 20 (day 3; a new fall); INR 1.2 [PT; aPTT]")).toEqual([
      "platelets 20 (day 3; a new fall)",
      "INR 1.2 [PT; aPTT]",
    ]);
  });

  it("leaves a semicolon without a space, and an unbalanced closing bracket, as text", () => {
    expect(topLevelParts("a;b) c; d")).toEqual(["a;b) c", "d"]);
  });
});
