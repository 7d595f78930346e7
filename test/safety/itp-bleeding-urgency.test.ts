/**
 * Immune thrombocytopenia (ITP or Evans syndrome as the working diagnosis) with a major bleed in the episode and the
 * count still below 20 ×10⁹/L is never left without an urgent line, whether the bleed is under way (ICR 2019: IV
 * corticosteroids with IVIG now) or its end is charted (ASH Choosing Wisely 2014: prior bleeding determines the
 * bleeding risk that decides treatment; THANZ 2022 aims at a count above 20). Before, a transfusion-requiring GI
 * bleed charted as ended the day before, at platelets 6, read the plan of a patient who never bled.
 */
import { describe, expect, it } from "vitest";
import { assessWith, findingOf } from "../support/assess.js";
import { day, event, lab } from "../support/record.js";

const FALL = 395;

function itpAfterBleed(platelets: number, ended: boolean) {
  const bleed = event("bleeding", FALL - 1, {
    qualifiers: ["gastrointestinal"],
    grade: 3,
    ...(ended ? { end: day(FALL - 1) } : {}),
  });
  const report = assessWith({
    labs: [
      lab("platelets", -5, 250),
      lab("platelets", FALL, platelets),
      lab("hemoglobin", FALL, 9.5),
      lab("inr", FALL, 1.0),
      lab("fibrinogen", FALL, 3.5),
      lab("schistocytes", FALL, "negative"),
    ],
    events: [bleed],
  });
  return findingOf(report, "itp");
}

describe("ITP after a major bleed below 20 ×10⁹/L", () => {
  it.each([
    [6, false],
    [6, true],
    [19.9, true],
  ])("platelets %s, bleed ended %s: an urgent first-line line", (platelets, ended) => {
    const itp = itpAfterBleed(platelets, ended);
    expect(itp).toBeDefined();
    const urgent = itp?.management.filter((m) => m.urgent === true && m.kind === "first-line") ?? [];
    expect(urgent.map((m) => m.id)).not.toEqual([]);
  });

  it("at 20 after the bleed has ended the urgent line of a stopped bleed gives way (corticosteroids by grade stay)", () => {
    const ids = itpAfterBleed(20, true)?.management.map((m) => m.id) ?? [];
    expect(ids).not.toContain("itp-major-bleeding-ended-immune-thrombocytopenia");
    expect(ids).toContain("itp-ici-prednisone");
  });
});
