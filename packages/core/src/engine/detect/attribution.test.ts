/**
 * Principle: an abnormality is attributed to the therapy that explains it. Cytopenia in the first 30 days
 * after CAR-T is expected early ICAHT (Rejeski 2023, EHA/EBMT) and ITP is not sought then; a checkpoint
 * inhibitor given months before the infusion does not turn that cytopenia into an ITP of the older drug.
 * Nor does one started within those 30 days. The fall is listed as unexplained, as it is for a patient given CAR-T alone.
 */
import { describe, expect, it } from "vitest";
import { assessWith, findingOf } from "../../../../../test/support/assess.js";
import { exposure, lab } from "../../../../../test/support/record.js";

const pembrolizumab = exposure("pembrolizumab", "ici", [0, 21]);
const axicel = exposure("axicabtagene-ciloleucel", "car-t", [200]);

describe("onset attribution with a checkpoint inhibitor and then CAR-T", () => {
  it("a fall on day 10 after the infusion is not an ITP of the earlier checkpoint inhibitor: listed as unexplained with the reason", () => {
    const p = assessWith(
      { labs: [lab("platelets", -5, 240), lab("platelets", 198, 180), lab("platelets", 210, 18)] },
      [pembrolizumab, axicel],
    );
    expect(findingOf(p, "itp")).toBeUndefined();
    const plt = p.unexplained.find((u) => u.abnormality === "platelet-count-decreased");
    expect(plt?.why).toMatch(
      /not sought before day 31 after axicabtagene-ciloleucel, pembrolizumab notwithstanding/,
    );
  });

  it("the same fall on day 31 after the infusion (end of the early window) is sought as ITP again", () => {
    const p = assessWith(
      { labs: [lab("platelets", -5, 240), lab("platelets", 198, 180), lab("platelets", 231, 18)] },
      [pembrolizumab, axicel],
    );
    expect(findingOf(p, "itp")).toBeDefined();
  });

  it("a fall before the infusion stays an ITP of the checkpoint inhibitor", () => {
    const p = assessWith(
      { labs: [lab("platelets", -5, 240), lab("platelets", 60, 18), lab("platelets", 198, 180)] },
      [pembrolizumab, axicel],
    );
    expect(findingOf(p, "itp")?.onset?.drug).toBe("pembrolizumab");
  });

  it("a checkpoint inhibitor started within the early window after CAR-T does not make its cytopenia ITP either, but after the window it does", () => {
    const cart = exposure("axicabtagene-ciloleucel", "car-t", [0]);
    const nivolumab = exposure("nivolumab", "ici", [5]);
    const early = assessWith({ labs: [lab("platelets", -5, 240), lab("platelets", 25, 18)] }, [
      cart,
      nivolumab,
    ]);
    expect(findingOf(early, "itp")).toBeUndefined();
    expect(early.unexplained.map((u) => u.abnormality)).toContain("platelet-count-decreased");
    const later = assessWith(
      { labs: [lab("platelets", -5, 240), lab("platelets", 25, 180), lab("platelets", 45, 18)] },
      [cart, nivolumab],
    );
    expect(findingOf(later, "itp")).toBeDefined();
  });
});
