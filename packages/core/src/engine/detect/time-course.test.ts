/**
 * Principle: time course counts. A fall within 24 h of an infusion that recovers within days without
 * treatment is infusion-related rather than immune (certainty lowered, said so); treatment or a late
 * recovery keeps the immune reading; dechallenge and rechallenge keep their weight.
 */
import { describe, expect, it } from "vitest";
import { assessWith, findingOf } from "../../../../../test/support/assess.js";
import { contextDrug, day, exposure, lab } from "../../../../../test/support/record.js";

const obinutuzumab = exposure("obinutuzumab", "antibody", [0, 1, 8]);
// Doses at 10:00; a count at 20:00 the same day is 10 h after the infusion.
const fall = lab("platelets", 8, 22, { at: day(8, 20) });

describe("infusion-related thrombocytopenia", () => {
  it("onset within 24 h of a dose and recovery within 7 days without treatment lowers certainty and says why", () => {
    const p = assessWith({ labs: [lab("platelets", -2, 210), fall, lab("platelets", 12, 160)] }, [
      obinutuzumab,
    ]);
    const itp = findingOf(p, "itp");
    expect(itp?.differentials.find((d) => d.id === "infusion-related")?.status).toBe("met");
    expect(itp?.summary).toMatch(/infusion-related/);
  });

  it("recovery only after corticosteroids is not an infusion reaction", () => {
    const p = assessWith(
      {
        labs: [lab("platelets", -2, 210), fall, lab("platelets", 12, 160)],
        contextDrugs: [contextDrug("prednisone", ["corticosteroid"], 9, 20)],
      },
      [obinutuzumab],
    );
    expect(findingOf(p, "itp")?.differentials.find((d) => d.id === "infusion-related")?.status).toBe("unmet");
  });

  it("a recovery after 7 days is not an infusion reaction", () => {
    const p = assessWith({ labs: [lab("platelets", -2, 210), fall, lab("platelets", 20, 160)] }, [
      obinutuzumab,
    ]);
    expect(findingOf(p, "itp")?.differentials.find((d) => d.id === "infusion-related")?.status).toBe("unmet");
  });

  it("recurrence on re-exposure after recovery keeps ITP definite", () => {
    const nivo = exposure("nivolumab", "ici", [0, 14, 28, 70]);
    const p = assessWith(
      {
        labs: [
          lab("platelets", -5, 240),
          lab("platelets", 40, 30),
          lab("anc", 40, 3),
          lab("platelets", 60, 180),
          lab("platelets", 80, 25),
        ],
      },
      [nivo],
    );
    const itp = findingOf(p, "itp");
    expect(itp?.criteria.find((c) => c.id === "rechallenge")?.status).toBe("met");
    expect(itp?.certainty).toBe("definite");
  });
});
