/**
 * A severe ADAMTS13 deficiency beside a diagnosis charted without its counts (found by the robustness sweep over
 * the published cases, test/safety/published-variants.test.ts): the specific marker must be reported, never lost
 * to the charted words. ISTH 2020 (Zheng): ADAMTS13 < 10 % in a thrombotic microangiopathy confirms TTP; ITP is
 * defined by a platelet count < 100 ×10⁹/L (IWG, Rodeghiero 2009), so a charted ITP stands in for the missing
 * count; ASCO 2021 grades TTP by schistocytosis itself, so ADAMTS13 < 10 % with schistocytes and no count is a
 * possible TTP, the count named missing.
 */
import { describe, expect, it } from "vitest";
import { assessWith, findingOf } from "../support/assess.js";
import { event, lab } from "../support/record.js";

const ON = 60;
const adamts13 = (percent: number) => lab("adamts13-activity", ON, percent);
const schistocytes = lab("schistocytes", ON, "positive");

describe("ADAMTS13 < 10 % beside an ITP charted without a count", () => {
  it("with schistocytes: TTP is found, its thrombocytopenia read from the charted ITP", () => {
    const p = assessWith({ labs: [adamts13(4), schistocytes], events: [event("itp", ON)] });
    const ttp = findingOf(p, "ttp");
    expect(ttp, p.findings.map((f) => f.disorder).join()).toBeDefined();
    const thr = ttp?.criteria.find((c) => c.id === "thrombocytopenia");
    expect(thr?.status).toBe("met");
    expect(thr?.charted).toBe(true);
    // A count charted in words is not a measured count: the confirmed TTP is not made definite by it.
    expect(ttp?.certainty).not.toBe("definite");
  });
  it("without schistocytes: the severe deficiency with the charted thrombocytopenia is still TTP", () => {
    const p = assessWith({ labs: [adamts13(4)], events: [event("itp", ON)] });
    expect(findingOf(p, "ttp")).toBeDefined();
  });
  it("an ADAMTS13 of 45 % (not deficient) beside the charted ITP and no smear: no TTP", () => {
    const p = assessWith({ labs: [adamts13(45)], events: [event("itp", ON)] });
    expect(findingOf(p, "ttp")).toBeUndefined();
  });
  it("an ITP charted a year before the deficiency does not stand in for today's count", () => {
    const p = assessWith({ labs: [adamts13(4)], events: [event("itp", ON - 365)] });
    expect(findingOf(p, "ttp")).toBeUndefined();
  });
});

describe("ADAMTS13 < 10 % with schistocytes beside a DIC charted without a count", () => {
  it("TTP is found as possible, the missing count named", () => {
    const p = assessWith({ labs: [adamts13(4), schistocytes], events: [event("dic", ON)] });
    const ttp = findingOf(p, "ttp");
    expect(ttp?.certainty, p.findings.map((f) => `${f.disorder}/${f.certainty}`).join()).toBe("possible");
    expect(ttp?.criteria.find((c) => c.id === "thrombocytopenia")?.status).toBe("missing");
    // The charted DIC is still weighed beside it, not erased.
    expect(findingOf(p, "dic")).toBeDefined();
  });
  it("ADAMTS13 of 45 % with the same smear: no TTP from the marker", () => {
    const p = assessWith({ labs: [adamts13(45), schistocytes], events: [event("dic", ON)] });
    expect(findingOf(p, "ttp")).toBeUndefined();
  });
  it("ADAMTS13 < 10 % without schistocytes or haemolysis, no count: no TTP (no microangiopathy shown)", () => {
    const p = assessWith({ labs: [adamts13(4)], events: [event("dic", ON)] });
    expect(findingOf(p, "ttp")).toBeUndefined();
  });
});
