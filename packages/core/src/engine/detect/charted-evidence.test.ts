/**
 * Principle: evidence as real records hold it. A charted diagnosis (problem list, encounter diagnosis,
 * note) counts as evidence for the component abnormality where the result is missing — at lower certainty,
 * and said so; a result that is present outweighs the chart.
 */
import { describe, expect, it } from "vitest";
import { assessWith, findingOf } from "../../../../../test/support/assess.js";
import { event, lab } from "../../../../../test/support/record.js";

describe("charted diagnoses stand in for missing results", () => {
  it("charted thrombocytopenia without a count is ITP at a lower certainty, marked charted and named", () => {
    const p = assessWith({ labs: [lab("platelets", -5, 230)], events: [event("thrombocytopenia", 45)] });
    const itp = findingOf(p, "itp");
    expect(itp?.certainty).toBe("possible");
    expect(itp?.criteria.find((c) => c.id === "thrombocytopenia")).toMatchObject({
      status: "met",
      charted: true,
    });
    expect(itp?.summary).toMatch(/charted diagnosis, not a result/);
  });

  it("a count in the window outweighs the chart: a normal count with thrombocytopenia charted is not ITP", () => {
    const p = assessWith({
      labs: [lab("platelets", -5, 230), lab("platelets", 45, 180)],
      events: [event("thrombocytopenia", 45)],
    });
    expect(findingOf(p, "itp")).toBeUndefined();
  });

  it("the same count as a result is one level more certain than as a chart", () => {
    const counted = findingOf(
      assessWith({ labs: [lab("platelets", -5, 230), lab("platelets", 45, 20)] }),
      "itp",
    );
    expect(counted?.certainty).toBe("probable");
    expect(counted?.criteria.find((c) => c.id === "thrombocytopenia")?.charted).toBeUndefined();
  });

  it("a charted hemolytic anemia stands in for the hemoglobin of Evans syndrome", () => {
    const p = assessWith({
      labs: [
        lab("platelets", -5, 230),
        lab("platelets", 45, 20),
        lab("dat", 45, "positive"),
        lab("ldh", 45, 600, { refHigh: 250 }),
      ],
      events: [event("hemolysis", 45, { qualifiers: ["autoimmune"] })],
    });
    const evans = findingOf(p, "evans");
    expect(evans?.criteria.find((c) => c.id === "anemia")).toMatchObject({ status: "met", charted: true });
  });
});

describe("a grade charted on the diagnosis grades a finding no result can grade", () => {
  it("grade 4 ITP charted without a count is graded 4, said to be as charted, and gets the grade-4 plan", () => {
    const p = assessWith({ labs: [lab("platelets", -5, 230)], events: [event("itp", 45, { grade: 4 })] });
    const itp = findingOf(p, "itp");
    expect(itp?.grade).toBe(4);
    expect(itp?.gradeBasis).toMatch(/^grade 4 as charted .*no result to grade it from$/);
    expect(itp?.management.some((m) => m.id === "itp-ici-grade-unknown")).toBe(false);
  });

  it("a count outweighs the charted grade: platelets 60 ×10⁹/L grade the finding 2 whatever the chart says", () => {
    const p = assessWith({
      labs: [lab("platelets", -5, 230), lab("platelets", 45, 60)],
      events: [event("itp", 45, { grade: 4 })],
    });
    expect(findingOf(p, "itp")).toMatchObject({ grade: 2 });
  });

  it("a diagnosis charted without a grade leaves the finding ungraded", () => {
    const p = assessWith({ labs: [lab("platelets", -5, 230)], events: [event("itp", 45)] });
    const itp = findingOf(p, "itp");
    expect(itp?.grade).toBeUndefined();
    expect(itp?.management.some((m) => m.id === "itp-ici-grade-unknown")).toBe(true);
  });

  it("an old grade does not grade a new episode: grade 4 charted before the first dose leaves day 45 ungraded", () => {
    const at = (d: number) =>
      findingOf(
        assessWith({
          labs: [lab("platelets", -5, 230)],
          events: [event("thrombocytopenia", 45), event("itp", d, { grade: 4 })],
        }),
        "itp",
      );
    expect(at(-100)?.grade).toBeUndefined();
    expect(at(45)?.grade).toBe(4);
  });
});
