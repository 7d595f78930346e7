/**
 * Censored results against every kind of cut-off: a value is counted as meeting a threshold when every value
 * it stands for does (`<10 %` ADAMTS13 meets "< 10 %"), or when it is printed at the laboratory's reporting
 * limit on that side (`<=10 %` meets "< 10 %": laboratories print what they cannot quantify so), and left
 * unknown, never guessed, where the comparator hides which side it lies on.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import type { Comparator } from "../../contracts/model.js";
import { createEngine } from "../../create-engine.js";
import { rangeOf } from "../scores/bands.js";
import { isAbove, isBelow } from "./predicates.js";

const COMPARATORS: readonly (Comparator | undefined)[] = ["<", "<=", ">", ">=", undefined];
const small = fc.integer({ min: 0, max: 40 }).map((x) => x / 2);

describe("isBelow / isAbove on a censored value", () => {
  it("answer true only when every value it stands for meets the cut-off, false when none does, else unknown", () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMPARATORS), small, small, (comparator, value, thr) => {
        const r = rangeOf(value, comparator);
        // An inclusive comparator at the cut-off is the laboratory's reporting limit: read as beyond it.
        const allBelow = r.hi < thr || (r.hi === thr && (r.hiOpen || comparator === "<="));
        const noneBelow = r.lo >= thr;
        const allAbove = r.lo > thr || (r.lo === thr && (r.loOpen || comparator === ">="));
        const noneAbove = r.hi <= thr;
        const censored = comparator === undefined ? {} : { comparator };
        const below = isBelow({ value, ...censored }, thr);
        const above = isAbove({ value, ...censored }, thr);
        expect(below).toBe(allBelow ? true : noneBelow ? false : undefined);
        expect(above).toBe(allAbove ? true : noneAbove ? false : undefined);
      }),
    );
  });

  it("reads the cases a laboratory sends: <10 and <=10 (its reporting limit) are below 10, <=12 is not known to be; >20 and >=20 are above 20", () => {
    expect(isBelow({ value: 10, comparator: "<" }, 10)).toBe(true);
    expect(isBelow({ value: 10, comparator: "<=" }, 10)).toBe(true);
    expect(isBelow({ value: 12, comparator: "<=" }, 10)).toBeUndefined();
    expect(isBelow({ value: 9.5, comparator: "<=" }, 10)).toBe(true);
    expect(isBelow({ value: 10 }, 10)).toBe(false);
    expect(isAbove({ value: 20, comparator: ">" }, 20)).toBe(true);
    expect(isAbove({ value: 20, comparator: ">=" }, 20)).toBe(true);
    expect(isAbove({ value: 18, comparator: ">=" }, 20)).toBeUndefined();
    expect(isBelow({ value: 50, comparator: "<" }, 25)).toBeUndefined();
  });
});

describe("censored results through the engine (CSV)", () => {
  const k = testKnowledge();
  const assess = (adamts13: string, platelets: string, dDimer: string) => {
    const engine = createEngine(k, { evaluatedAt: "2024-04-01T23:59:59Z", version: "test" });
    const csv = [
      "patient_id,record_type,date,code_system,code,text,value,unit,ref_low,ref_high,dose_kind,birth_date,sex",
      "p1,patient,,,,,,,,,,1958-04-02,female",
      "p1,dose,2024-01-10,text,,nivolumab,,,,,administration,,",
      `p1,lab,2024-03-01T08:00:00Z,lab,platelets,,${platelets},10*9/L,150,400,,,`,
      `p1,lab,2024-03-01T08:00:00Z,lab,adamts13-activity,,${adamts13},%,,,,,`,
      `p1,lab,2024-03-01T08:00:00Z,lab,d-dimer-feu,,${dDimer},ug/mL,,0.5,,,`,
      "p1,lab,2024-03-01T08:00:00Z,lab,fibrinogen,,1.5,g/L,,,,,",
      "p1,lab,2024-03-01T08:00:00Z,lab,pt,,16,s,,12,,,",
    ].join("\n");
    engine.add({ kind: "csv", text: csv }, "site.csv");
    return engine.assess("p1");
  };
  const adamts13 = (r: ReturnType<typeof assess>) =>
    r.findings.find((f) => f.disorder === "ttp")?.criteria.find((c) => c.id === "adamts13-severe")?.status;
  const platelets = (r: ReturnType<typeof assess>) =>
    r.grades.find((g) => g.term === "platelet-count-decreased")?.grade;
  const fibrinMarker = (r: ReturnType<typeof assess>) => {
    const s = r.scores.find((x) => x.id === "isth-overt-dic");
    return (s?.components as Record<string, unknown> | undefined)?.["fibrin-marker"];
  };

  it("ADAMTS13 '<10 %' and '<=10 %' (the laboratory's limit) meet '< 10 %'; '<=12 %' is left unknown rather than met", () => {
    expect(adamts13(assess("<10", "<5", ">20"))).toBe("met");
    expect(adamts13(assess("<=10", "<5", ">20"))).toBe("met");
    expect(adamts13(assess("<=12", "<5", ">20"))).not.toBe("met");
  });

  it("platelets '<5' are grade 4; '<50' only grade 3 (grade 4 not known); '<=25' grade 3, '<25' grade 4", () => {
    expect(platelets(assess("<10", "<5", ">20"))).toBe(4);
    expect(platelets(assess("<10", "<50", ">20"))).toBe(3);
    expect(platelets(assess("<10", "<=25", ">20"))).toBe(3);
    expect(platelets(assess("<10", "<25", ">20"))).toBe(4);
  });

  it("D-dimer '>20' µg/mL FEU (40 × ULN) is the ISTH top band (strong increase, 3 points); '>=3.5' (7 × ULN) is not known to be", () => {
    expect(fibrinMarker(assess("<10", "<5", ">20"))).toBe(3);
    expect(fibrinMarker(assess("<10", "<5", ">=3.5"))).not.toBe(3);
    expect(fibrinMarker(assess("<10", "<5", ">3.5"))).toBe(3);
  });
});
