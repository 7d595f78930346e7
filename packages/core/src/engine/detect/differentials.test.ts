/**
 * Principle: differentials weigh, they rarely erase. A met `lower` differential lowers certainty one level
 * (never below possible; several do not add up to erasure) and is named in the summary and the trace;
 * `exclude` only for an alternative that is confirmed or documented and fully explains the finding. A
 * pre-existing cause explains the baseline, not a new fall.
 */
import { describe, expect, it } from "vitest";
import { assessWith, findingOf } from "../../../../../test/support/assess.js";
import { contextDrug, event, lab } from "../../../../../test/support/record.js";

const itpLabs = [lab("platelets", -5, 240), lab("platelets", 45, 8)];

describe("differentials weigh", () => {
  it("one competing explanation lowers one level and is named in the summary and the trace", () => {
    const alone = findingOf(assessWith({ labs: itpLabs }), "itp");
    const withSepsis = findingOf(assessWith({ labs: itpLabs, events: [event("sepsis", 45)] }), "itp");
    expect(alone?.certainty).toBe("probable");
    expect(withSepsis?.certainty).toBe("possible");
    expect(withSepsis?.summary).toMatch(/Competing explanation: Sepsis at onset/);
    const sepsis = withSepsis?.differentials.find((d) => d.id === "sepsis");
    expect(sepsis).toMatchObject({ status: "met", effect: "lower" });
    // It did lower the finding, so the trace says nothing held it.
    expect(sepsis?.held).toBeUndefined();
  });

  it("several competing explanations never erase the finding (floor: possible)", () => {
    const p = assessWith({
      labs: [...itpLabs, lab("anc", 45, 0.8)],
      events: [event("sepsis", 45), event("liver-disease", -400)],
      contextDrugs: [contextDrug("carboplatin", ["chemotherapy"], 30)],
    });
    const itp = findingOf(p, "itp");
    expect(itp?.certainty).toBe("possible");
    const lowering = itp?.differentials.filter((d) => d.status === "met" && d.effect === "lower") ?? [];
    expect(lowering.length).toBeGreaterThanOrEqual(3);
    // Probable to possible is one level: the first lowered it, the others were weighed at the floor.
    expect(lowering[0]?.held).toBeUndefined();
    for (const d of lowering.slice(1)) expect(d.held).toEqual({ at: "possible" });
  });

  it("a documented alternative that fully explains the fall excludes, and the fall is then listed as unexplained", () => {
    const p = assessWith({ labs: itpLabs, events: [event("marrow-involvement", 40)] });
    expect(findingOf(p, "itp")).toBeUndefined();
    const u = p.unexplained.find((x) => x.abnormality === "platelet-count-decreased");
    expect(u?.why).toMatch(/excluded by Marrow infiltration or HLH charted/);
  });

  it("a stable low baseline is pre-existing (excluded); a fall of one CTCAE grade or 50 % on it is new", () => {
    const stable = assessWith({ labs: [lab("platelets", -5, 60), lab("platelets", 45, 52)] });
    expect(findingOf(stable, "itp")).toBeUndefined();
    // 60 (grade 2) → 49 (grade 3): one grade worse.
    expect(
      findingOf(assessWith({ labs: [lab("platelets", -5, 60), lab("platelets", 45, 49)] }), "itp"),
    ).toBeDefined();
    // 90 (grade 1) → 45 (grade 3) is also exactly 50 % down.
    expect(
      findingOf(assessWith({ labs: [lab("platelets", -5, 90), lab("platelets", 45, 45)] }), "itp"),
    ).toBeDefined();
  });
});
