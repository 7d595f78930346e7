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
