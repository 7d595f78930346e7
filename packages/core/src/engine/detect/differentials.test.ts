/**
 * Principle: differentials weigh, they rarely erase. A met `lower` differential lowers certainty one level
 * (never below possible; several do not add up to erasure) and is named in the summary and the trace;
 * `exclude` only for an alternative that is confirmed or documented and fully explains the finding. A
 * pre-existing cause explains the baseline, not a new fall.
 */
import { describe, expect, it } from "vitest";
import { assessWith, assessWithAt, findingOf } from "../../../../../test/support/assess.js";
import { contextDrug, day, event, exposure, lab } from "../../../../../test/support/record.js";

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

/**
 * A CAR-T patient on day 12 (the CRS of days 1–6 resolved): ferritin 9,000 then 48,000 ng/mL, fibrinogen 0.8 g/L,
 * AST 10 × ULN, creatinine 4 × ULN, platelets 30 — the carHLH criteria met beside DIC. The differential's trace reads
 * as the criterion does (48,000 against 10,000 ng/mL) and names the partial HScore's missing items and its cut-off,
 * not the sixteen bands the score's own line lists; the DIC plan refers to the CARAC plan's urgent carHLH line.
 */
describe("carHLH beside DIC after CAR-T, as a clinician reads it", () => {
  const cart = exposure("axicabtagene-ciloleucel", "car-t", [0]);
  const labs = (creatinine: number) => [
    lab("platelets", -3, 180),
    lab("fibrinogen", -3, 3.2),
    lab("ferritin", 7, 9000),
    lab("ferritin", 12, 48000),
    lab("fibrinogen", 12, 0.8),
    lab("ast", 12, 400, { refHigh: 40 }),
    lab("creatinine", 12, creatinine, { refHigh: 1.2 }),
    lab("platelets", 12, 30),
    lab("pt", 12, 19, { refHigh: 13.5 }),
    lab("d-dimer-feu", 12, 12, { refHigh: 0.5 }),
  ];
  const crs = event("crs", 1, { grade: 2, end: day(6) });
  const at = day(12, 18);

  it("the carHLH evidence: thousands grouped, one unit, the HScore's missing items and its 169 cut-off", () => {
    const p = assessWithAt(at, { labs: labs(4.8), events: [crs] }, [cart]);
    const carhlh = findingOf(p, "carac")?.differentials.find((d) => d.id === "carhlh");
    expect(carhlh?.status).toBe("met");
    const detail = carhlh?.detail ?? "";
    expect(detail).toMatch(/Ferritin 48,000 ng\/mL .*\(> 10,000 ng\/mL;/);
    expect(detail).toMatch(
      /HScore[^;]*: incomplete — the missing items \([^)]+\) could still bring it to 169 or more/,
    );
    expect(detail).not.toMatch(/Could be/);
    const dic = findingOf(p, "dic")?.management?.map((m) => m.id) ?? [];
    expect(dic).toContain("dic-cart-carhlh-see-carac");
    expect(dic).not.toContain("dic-cart-suspected-iec-hs");
    const carac = findingOf(p, "carac")?.management ?? [];
    expect(carac.find((m) => m.id === "carac-carhlh")?.urgent).toBe(true);
  });

  it("creatinine normal (liver toxicity alone: carHLH not met): the DIC plan keeps its own urgent IEC-HS line", () => {
    const p = assessWithAt(at, { labs: labs(1.0), events: [crs] }, [cart]);
    expect(findingOf(p, "carac")?.differentials.find((d) => d.id === "carhlh")?.status).toBe("unmet");
    const dic = findingOf(p, "dic")?.management ?? [];
    expect(dic.find((m) => m.id === "dic-cart-suspected-iec-hs")?.urgent).toBe(true);
    expect(dic.map((m) => m.id)).not.toContain("dic-cart-carhlh-see-carac");
  });
});
