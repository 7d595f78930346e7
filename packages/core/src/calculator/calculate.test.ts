/**
 * Score calculators: the worked examples give their values, every category cut-off is tested on both
 * sides, units are read as the engine reads a record's (creatinine, platelets, fibrinogen, D-dimer basis),
 * and what the form leaves out is named, never scored as 0.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { knowledgeDir } from "../../../knowledge/src/read.js";
import { createEngine } from "../create-engine.js";
import type { CalculatorInput, QuantityInput } from "../knowledge/calculators.js";
import { renderContextOf } from "../render/context.js";
import { wordingOf } from "../render/wording.js";
import type { Calculation } from "./calculate.js";
import { calculate, calculatorExample, calculatorForm, calculatorForms } from "./catalogue.js";

const k = testKnowledge();

function result(id: string, input: CalculatorInput): Calculation {
  const out = calculate(k, id, input);
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join("; "));
  return out.result;
}

const q = (value: number, unit: string, extra: Partial<QuantityInput> = {}): QuantityInput => ({
  value,
  unit,
  ...extra,
});
const points = (r: Calculation, id: string) => r.components.find((c) => c.id === id)?.value;

describe("worked examples (the demo button)", () => {
  const examples = k.calculators.examples;
  it("every calculator has one", () => {
    const ids = calculatorForms(k).map((f) => f.id);
    const scores = [...k.scores.keys()];
    for (const id of scores) expect(calculatorExample(k, id), id).toBeDefined();
    expect(ids.filter((id) => calculatorExample(k, id))).toHaveLength(examples.length);
  });
  it.each(examples.map((e) => [e.calculator, e] as const))("%s gives the value of its example", (id, e) => {
    const r = result(id, e.input);
    expect({ value: r.value, category: r.category }).toEqual(e.expected);
  });
  it.each(examples.map((e) => [e.calculator, e] as const))(
    "%s mirrors an existing knowledge test case with the same expectation",
    (id, e) => {
      const file = id.startsWith("ctcae/") ? "ctcae.test.yaml" : join("scores", `${id}.test.yaml`);
      const cases = parse(readFileSync(join(knowledgeDir(), file), "utf8")).cases as {
        description: string;
        expected: {
          scores?: Record<string, { value?: number; category?: string }>;
          grades?: Record<string, number>;
        };
      }[];
      const c = cases.find((x) => x.description === e.testCase);
      expect(c, e.testCase).toBeDefined();
      if (id.startsWith("ctcae/")) expect(c?.expected.grades?.[id.slice(6)]).toBe(e.expected.value);
      else {
        const s = c?.expected.scores?.[id];
        if (s?.value !== undefined) expect(s.value).toBe(e.expected.value);
        if (s?.category !== undefined) expect(s.category).toBe(e.expected.category);
      }
    },
  );
});

const isth = (plt: number, ddFeu: number, pt: number, fib: number) =>
  result("isth-overt-dic", {
    values: {
      platelets: q(plt, "10*9/L"),
      "d-dimer-unspecified": q(ddFeu, "mg/L{FEU}"),
      pt: q(pt, "s", { upperLimit: 12.5 }),
      fibrinogen: q(fib, "g/L"),
    },
  });

describe("ISTH overt DIC", () => {
  it("4 is not overt, 5 is overt", () => {
    // platelets 45 (2) + D-dimer 1.6 FEU = 3.2 × ULN (2) + PT 15.4 (+2.9 s, 0) + fibrinogen 1.0 (0) = 4
    expect(isth(45, 1.6, 15.4, 1.0)).toMatchObject({ value: 4, category: "not-overt", status: "complete" });
    // fibrinogen 0.99 adds 1 → 5
    expect(isth(45, 1.6, 15.4, 0.99)).toMatchObject({ value: 5, category: "overt" });
  });
  it("platelets 100 | 99.9, 50 | 49.9; PT +3 s | +2.9 s, +6 s | +5.9 s; fibrinogen 1.0 | 0.99", () => {
    expect(points(isth(100, 0.3, 12, 3), "platelets")).toBe(0);
    expect(points(isth(99.9, 0.3, 12, 3), "platelets")).toBe(1);
    expect(points(isth(50, 0.3, 12, 3), "platelets")).toBe(1);
    expect(points(isth(49.9, 0.3, 12, 3), "platelets")).toBe(2);
    expect(points(isth(150, 0.3, 15.5, 3), "pt-prolongation")).toBe(1);
    expect(points(isth(150, 0.3, 15.4, 3), "pt-prolongation")).toBe(0);
    expect(points(isth(150, 0.3, 18.5, 3), "pt-prolongation")).toBe(2);
    expect(points(isth(150, 0.3, 18.4, 3), "pt-prolongation")).toBe(1);
    expect(points(isth(150, 0.3, 12, 1.0), "fibrinogen")).toBe(0);
    expect(points(isth(150, 0.3, 12, 0.99), "fibrinogen")).toBe(1);
  });
  it("fibrin marker: 3 × ULN scores 0, above 3 × 2, 7 × 2, above 7 × 3 (FEU ULN 0.5 mg/L)", () => {
    expect(points(isth(150, 1.5, 12, 3), "fibrin-marker")).toBe(0);
    expect(points(isth(150, 1.51, 12, 3), "fibrin-marker")).toBe(2);
    expect(points(isth(150, 3.5, 12, 3), "fibrin-marker")).toBe(2);
    expect(points(isth(150, 3.51, 12, 3), "fibrin-marker")).toBe(3);
  });
  it("the PT is measured against the laboratory's upper limit typed beside it", () => {
    const r = result("isth-overt-dic", {
      values: { platelets: q(150, "10*9/L"), pt: q(18, "s", { upperLimit: 14 }), fibrinogen: q(3, "g/L") },
    });
    expect(points(r, "pt-prolongation")).toBe(1);
  });
});

describe("units are read as the engine reads a record", () => {
  const plateletsAs = (v: number, unit: string) =>
    result("french-tma", { values: { platelets: q(v, unit), creatinine: q(1.1, "mg/dL") } });
  it("platelets ×10⁹/L, ×10³/µL and /µL", () => {
    expect(points(plateletsAs(29, "10*9/L"), "platelets")).toBe(1);
    expect(points(plateletsAs(29, "10*3/uL"), "platelets")).toBe(1);
    expect(points(plateletsAs(29_000, "/uL"), "platelets")).toBe(1);
    expect(points(plateletsAs(30_000, "/uL"), "platelets")).toBe(0);
  });
  it("creatinine mg/dL and µmol/L", () => {
    const creat = (v: number, unit: string) =>
      result("french-tma", { values: { platelets: q(12, "10*9/L"), creatinine: q(v, unit) } });
    expect(creat(1.1, "mg/dL")).toMatchObject({ value: 2, category: "high" });
    expect(creat(97.2, "umol/L")).toMatchObject({ value: 2, category: "high" });
    expect(creat(203, "umol/L")).toMatchObject({ value: 1, category: "intermediate" });
    expect(creat(2.3, "mg/dL")).toMatchObject({ value: 1, category: "intermediate" });
    const read = creat(97.2, "umol/L").readings.find((x) => x.field === "creatinine");
    expect(read?.unit).toBe("mg/dL");
    expect(read?.value).toBeCloseTo(1.1, 2);
  });
  it("fibrinogen g/L and mg/dL", () => {
    const fib = (v: number, unit: string) =>
      points(
        result("isth-overt-dic", {
          values: { platelets: q(150, "10*9/L"), pt: q(12, "s"), fibrinogen: q(v, unit) },
        }),
        "fibrinogen",
      );
    expect(fib(99, "mg/dL")).toBe(1);
    expect(fib(100, "mg/dL")).toBe(0);
    expect(fib(0.99, "g/L")).toBe(1);
  });
  it("D-dimer: the unit's basis picks the assay (FEU ULN 0.5, DDU ULN 0.25 mg/L), as for a record", () => {
    const dd = (v: number, unit: string) => {
      const r = result("isth-overt-dic", {
        values: {
          platelets: q(150, "10*9/L"),
          pt: q(12, "s"),
          fibrinogen: q(3, "g/L"),
          "d-dimer-unspecified": q(v, unit),
        },
      });
      return {
        points: points(r, "fibrin-marker"),
        lab: r.readings.find((x) => x.field === "d-dimer-unspecified")?.lab,
      };
    };
    expect(dd(1.0, "mg/L{FEU}")).toEqual({ points: 0, lab: "d-dimer-feu" });
    expect(dd(1.0, "mg/L{DDU}")).toEqual({ points: 2, lab: "d-dimer-ddu" });
    expect(dd(1000, "ng/mL{DDU}")).toEqual({ points: 2, lab: "d-dimer-ddu" });
    // Without a basis the assay is unknown: the marker is left open rather than guessed.
    const unknown = result("isth-overt-dic", {
      values: {
        platelets: q(150, "10*9/L"),
        pt: q(12, "s"),
        fibrinogen: q(3, "g/L"),
        "d-dimer-unspecified": q(1, "ug/mL"),
      },
    });
    expect(unknown.missing.map((m) => m.component)).toContain("fibrin-marker");
  });
});

describe("missing inputs are named, never scored as 0", () => {
  it("ISTH without fibrinogen: incomplete when it could change the band, naming the field", () => {
    const r = result("isth-overt-dic", {
      values: { platelets: q(45, "10*9/L"), "d-dimer-unspecified": q(1.6, "mg/L{FEU}"), pt: q(12, "s") },
    });
    expect(r.status).toBe("incomplete");
    expect(r.category).toBe("incomplete");
    expect(r.missing).toEqual([{ component: "fibrinogen", label: "Fibrinogen", fields: ["Fibrinogen"] }]);
    expect(points(r, "fibrinogen")).toBeUndefined();
  });
  it("EASIX without LDH is not computed", () => {
    const r = result("easix", { values: { creatinine: q(1, "mg/dL"), platelets: q(100, "10*9/L") } });
    expect(r).toMatchObject({ value: null, status: "incomplete" });
    expect(r.missing.map((m) => m.fields)).toEqual([["Lactate dehydrogenase"]]);
  });
  it("ICAHT without counts names the series", () => {
    const r = result("icaht", {});
    expect(r.value).toBeNull();
    expect(r.status).toBe("incomplete");
    expect(r.missing.flatMap((m) => m.fields)).toEqual([calculatorForm(k, "icaht")?.fields[0]?.label]);
  });
  it("ICAHT and T-ICAHT components read in words: the phase's days and each duration's threshold", () => {
    const labels = (id: string) => {
      const example = calculatorExample(k, id);
      return example ? result(id, example.input).components.map((c) => c.label) : [];
    };
    expect(labels("icaht")).toEqual([
      "Early grade (days 0–30)",
      "Days with absolute neutrophil count ≤ 0.5 ×10⁹/L (days 0–30)",
      "Days with absolute neutrophil count ≤ 0.1 ×10⁹/L (days 0–30)",
    ]);
    expect(labels("t-icaht")).toEqual([
      "Early grade (days 0–30)",
      "Days with platelet count < 50 ×10⁹/L (days 0–30)",
      "Days with platelet count < 20 ×10⁹/L (days 0–30)",
    ]);
  });
  it("JAAM leaves SIRS open unless answered; answering it settles the band", () => {
    const values = {
      platelets: q(130, "10*9/L"),
      fdp: q(12, "ug/mL"),
      pt: q(15.1, "s", { upperLimit: 12.5 }),
    };
    const open = result("jaam-dic", { values });
    expect(open.missing.map((m) => m.component)).toContain("sirs");
    // platelets 130 (0, no earlier count: fall open) + FDP 12 (1) + PT ratio 1.208 (1) = 2
    const answered = result("jaam-dic", {
      values: { ...values, "platelets-earlier": q(140, "10*9/L") },
      answers: { sirs: "met" },
    });
    expect(answered).toMatchObject({ value: 3, category: "no-dic" });
    const fall = result("jaam-dic", {
      values: { ...values, "platelets-earlier": q(270, "10*9/L") },
      answers: { sirs: "met" },
    });
    expect(fall).toMatchObject({ value: 6, category: "dic" });
  });
});

describe("category cut-offs, both sides", () => {
  const plasmic = (plt: number, mcv: number, inr: number, cancer: "present" | "absent") =>
    result("plasmic", {
      values: {
        platelets: q(plt, "10*9/L"),
        "reticulocytes-pct": q(1.0, "%"),
        haptoglobin: q(80, "mg/dL"),
        "bilirubin-indirect": q(0.5, "mg/dL"),
        mcv: q(mcv, "fL"),
        inr: q(inr, "{INR}"),
        creatinine: q(1, "mg/dL"),
      },
      answers: { "no-active-cancer": cancer, "no-transplant": "absent" },
    });
  it("PLASMIC 4 low, 5 intermediate, 6 high", () => {
    // platelets 20 (1), no hemolysis (0), cancer (0), no transplant (1), MCV 95 (0), INR 1.1 (1), creatinine (1) = 4
    expect(plasmic(20, 95, 1.1, "present")).toMatchObject({ value: 4, category: "low" });
    expect(plasmic(20, 89, 1.1, "present")).toMatchObject({ value: 5, category: "intermediate" });
    expect(plasmic(20, 89, 1.1, "absent")).toMatchObject({ value: 6, category: "high" });
    expect(plasmic(20, 89, 1.5, "absent")).toMatchObject({ value: 5, category: "intermediate" });
  });
  it("PLASMIC does not apply with platelets of 150 or more", () => {
    expect(plasmic(150, 89, 1.1, "absent")).toMatchObject({ status: "not-applicable", value: null });
    expect(plasmic(149, 89, 1.1, "absent").status).toBe("complete");
  });
  it("French TMA 0 low, 1 intermediate, 2 high", () => {
    const f = (plt: number, creat: number) =>
      result("french-tma", { values: { platelets: q(plt, "10*9/L"), creatinine: q(creat, "mg/dL") } });
    expect(f(30, 2.3)).toMatchObject({ value: 0, category: "low" });
    expect(f(29, 2.3)).toMatchObject({ value: 1, category: "intermediate" });
    expect(f(29, 2.262)).toMatchObject({ value: 2, category: "high" });
  });
  it("Khorana 0 low, 1-2 intermediate, 3 high; ESA scores the hemoglobin item", () => {
    const kh = (site: string, plt: number, esa: "yes" | "no", bmi: string) =>
      result("khorana", {
        values: { platelets: q(plt, "10*9/L"), hemoglobin: q(13, "g/dL"), wbc: q(7, "10*9/L") },
        answers: { site, "hemoglobin-or-esa-drug": esa, bmi },
      });
    expect(kh("melanoma", 349, "no", "34.9")).toMatchObject({ value: 0, category: "low" });
    expect(kh("lung", 349, "no", "34.9")).toMatchObject({ value: 1, category: "intermediate" });
    expect(kh("pancreas", 349, "no", "34.9")).toMatchObject({ value: 2, category: "intermediate" });
    expect(kh("pancreas", 350, "no", "34.9")).toMatchObject({ value: 3, category: "high" });
    expect(kh("melanoma", 349, "yes", "35")).toMatchObject({ value: 2, category: "intermediate" });
  });
  it("CAR-HEMATOTOX 1 low, 2 high; CRP mg/dL converts", () => {
    const ch = (plt: number, crp: QuantityInput) =>
      result("car-hematotox", {
        values: {
          anc: q(2, "10*9/L"),
          hemoglobin: q(12, "g/dL"),
          platelets: q(plt, "10*9/L"),
          crp,
          ferritin: q(300, "ng/mL"),
        },
      });
    expect(ch(175, q(2.9, "mg/dL"))).toMatchObject({ value: 1, category: "low" });
    expect(ch(175, q(3.0, "mg/dL"))).toMatchObject({ value: 2, category: "high" });
    expect(ch(176, q(29, "mg/L"))).toMatchObject({ value: 0, category: "low" });
  });
  it("JAAM 3 no DIC, 4 DIC", () => {
    const j = (plt: number, fdp: number) =>
      result("jaam-dic", {
        values: {
          platelets: q(plt, "10*9/L"),
          "platelets-earlier": q(plt, "10*9/L"),
          fdp: q(fdp, "ug/mL"),
          pt: q(12, "s"),
        },
        answers: { sirs: "not-met" },
      });
    expect(j(79, 9.9)).toMatchObject({ value: 3, category: "no-dic" });
    expect(j(79, 10)).toMatchObject({ value: 4, category: "dic" });
  });
  it("SIC needs a total of 4 with INR + platelet points above 2", () => {
    const sic = (inr: number, plt: number, sofaOthers: string) =>
      result("isth-sic", {
        values: {
          inr: q(inr, "{INR}"),
          platelets: q(plt, "10*9/L"),
          "bilirubin-total": q(0.5, "mg/dL"),
          creatinine: q(0.8, "mg/dL"),
        },
        answers: { sofa: sofaOthers },
      });
    expect(sic(1.3, 120, "2")).toMatchObject({ value: 4, category: "no-sic" }); // 1 + 1 + 2: subtotal 2
    expect(sic(1.5, 120, "1")).toMatchObject({ value: 4, category: "sic" }); // 2 + 1 + 1: subtotal 3
    expect(sic(1.5, 120, "0")).toMatchObject({ value: 3, category: "no-sic" });
    // Without the other organs' points, bilirubin and creatinine alone leave the SOFA item open.
    const open = result("isth-sic", { values: { inr: q(1.5, "{INR}"), platelets: q(90, "10*9/L") } });
    expect(open.missing.map((m) => m.component)).toEqual(["sofa"]);
  });
  it("EASIX: 7.65 is not above the CAR-T cut-off, 7.66 is; no cut-off outside CAR-T", () => {
    const e = (ldh: number, therapy: string) =>
      result("easix", {
        values: { ldh: q(ldh, "U/L"), creatinine: q(1.2, "mg/dL"), platelets: q(40, "10*9/L") },
        answers: { therapy },
      });
    expect(e(255, "car-t")).toMatchObject({ value: 7.65, category: "below-cart-bleeding-cutoff" });
    expect(e(255.5, "car-t").category).toBe("above-cart-bleeding-cutoff");
    expect(e(300, "other").category).toBe("no-validated-cutoff");
  });
  it("4Ts 3 low, 4-5 intermediate, 6 high", () => {
    const t = (nadir: number, thrombosis: string, other: string) =>
      result("4ts", {
        series: {
          platelets: [
            { day: 0, ...q(250, "10*9/L") },
            { day: 5, ...q(240, "10*9/L") },
            { day: 7, ...q(nadir, "10*9/L") },
          ],
        },
        answers: { thrombosis, "other-cause": other },
      });
    // fall 250 → 90 (64 %, nadir ≥ 20): 2; onset day 7 after a count on day 5 (5-10): 2
    expect(t(90, "none", "definite")).toMatchObject({ value: 4, category: "intermediate" });
    expect(t(90, "none", "none")).toMatchObject({ value: 6, category: "high" });
    expect(t(90, "lesser", "possible")).toMatchObject({ value: 6, category: "high" });
    expect(t(90, "lesser", "definite")).toMatchObject({ value: 5, category: "intermediate" });
    // fall 250 → 150 (40 %): 1 point; onset (first count ≥ 30 % below baseline) on day 7: 2
    expect(t(150, "none", "definite")).toMatchObject({ value: 3, category: "low" });
  });
});

describe("HScore: every probability band of the published table, both sides of its cut-off", () => {
  // Each item's points and a value (or answer) that earns them (Fardet 2014).
  const items = {
    immunosuppression: [0, 18],
    temperature: [0, 33, 49],
    organomegaly: [0, 23, 38],
    cytopenias: [0, 24, 34],
    ferritin: [0, 35, 50],
    triglycerides: [0, 44, 64],
    fibrinogen: [0, 30],
    ast: [0, 19],
    marrow: [0, 35],
  } as const;
  type Pick = { -readonly [K in keyof typeof items]: number };
  /** A combination of item points with the given total (searched, so every band edge is reached). */
  const combination = (total: number): Pick => {
    const keys = Object.keys(items) as (keyof typeof items)[];
    const walk = (i: number, left: number, acc: Partial<Pick>): Pick | undefined => {
      const key = keys[i];
      if (key === undefined) return left === 0 ? (acc as Pick) : undefined;
      for (const p of items[key]) {
        if (p > left) continue;
        const found = walk(i + 1, left - p, { ...acc, [key]: p });
        if (found) return found;
      }
      return undefined;
    };
    const c = walk(0, total, {});
    if (!c) throw new Error(`no combination of HScore items gives ${total}`);
    return c;
  };
  const hscore = (c: Pick) =>
    result("hscore", {
      values: {
        "body-temperature": q(
          ({ 0: 37, 33: 39, 49: 40 } as Record<number, number>)[c.temperature] ?? 0,
          "Cel",
        ),
        hemoglobin: q(8, "g/dL"),
        wbc: q(c.cytopenias > 0 ? 3 : 7, "10*9/L"),
        platelets: q(c.cytopenias === 34 ? 50 : 200, "10*9/L"),
        ferritin: q(({ 0: 1000, 35: 3000, 50: 7000 } as Record<number, number>)[c.ferritin] ?? 0, "ng/mL"),
        triglycerides: q(({ 0: 1, 44: 2, 64: 5 } as Record<number, number>)[c.triglycerides] ?? 0, "mmol/L"),
        fibrinogen: q(c.fibrinogen ? 2 : 3, "g/L"),
        ast: q(c.ast ? 40 : 20, "U/L"),
      },
      answers: {
        immunosuppression: c.immunosuppression ? "present" : "absent",
        "organomegaly-splenomegaly": c.organomegaly ? "yes" : "no",
        "organomegaly-hepatomegaly": c.organomegaly === 38 ? "yes" : "no",
        "marrow-hemophagocytosis": c.marrow ? "present" : "absent",
      },
    });
  // The lowest score of each band: the rows of the published probability table, and the best cut-off 169.
  const bands: [number, string][] = [
    [90, "from-90"],
    [100, "from-100"],
    [110, "from-110"],
    [120, "from-120"],
    [130, "from-130"],
    [140, "from-140"],
    [150, "from-150"],
    [160, "from-160"],
    [169, "from-169"],
    [170, "from-170"],
    [180, "from-180"],
    [190, "from-190"],
    [200, "from-200"],
    [210, "from-210"],
    [220, "from-220"],
    [230, "from-230"],
    [240, "from-240"],
    [250, "from-250"],
  ];
  it.each(bands.map(([at, key], i) => [at, key, bands[i - 1]?.[1] ?? "below-90"] as const))(
    "%s is %s, one point less is %s",
    (at, key, before) => {
      expect(hscore(combination(at))).toMatchObject({ value: at, category: key, status: "complete" });
      expect(hscore(combination(at - 1))).toMatchObject({ value: at - 1, category: before });
    },
  );
  it("the highest score, 337, is > 99 %; the lowest with an HLH picture, 0, is below 90", () => {
    expect(hscore(combination(337))).toMatchObject({ value: 337, category: "from-250" });
    expect(hscore(combination(0))).toMatchObject({ value: 0, category: "below-90" });
  });
  it("a splenomegaly alone scores 23, with hepatomegaly 38; an unanswered hepatomegaly leaves 23 or 38 open", () => {
    const c = combination(250);
    expect(points(hscore({ ...c, organomegaly: 23 }), "organomegaly")).toBe(23);
    expect(points(hscore({ ...c, organomegaly: 38 }), "organomegaly")).toBe(38);
    const open = result("hscore", {
      values: { hemoglobin: q(8, "g/dL"), ferritin: q(3000, "ng/mL") },
      answers: { "organomegaly-splenomegaly": "yes" },
    });
    expect(points(open, "organomegaly")).toBe("23-38");
    expect(open.category).toBe("incomplete");
  });
  it("does not apply without ferritin above 500 ng/mL or without a cytopenia", () => {
    const gate = (ferritin: number, hb: number) =>
      result("hscore", { values: { hemoglobin: q(hb, "g/dL"), ferritin: q(ferritin, "ng/mL") } }).status;
    expect(gate(500, 8)).toBe("not-applicable");
    expect(gate(501, 8)).toBe("incomplete");
    expect(gate(3000, 9.3)).toBe("not-applicable");
    expect(gate(3000, 9.2)).toBe("incomplete");
    // The answer says why, rather than "does not apply to these values" alone.
    expect(result("hscore", { values: { ferritin: q(400, "ng/mL") } }).interpretation).toContain(
      "Applies only with Ferritin > 500 ng/mL and at least one of Hemoglobin ≤ 9.2 g/dL, White blood cell count ≤ 5 ×10⁹/L, Platelet count ≤ 110 ×10⁹/L",
    );
  });
});

describe("input errors name the field", () => {
  it("a unit the form does not offer", () => {
    const out = calculate(k, "french-tma", { values: { creatinine: q(1, "mmol/L") } });
    expect(out).toEqual({
      ok: false,
      errors: [
        { field: "creatinine", message: expect.stringContaining("unit mmol/L is not one of mg/dL, umol/L") },
      ],
    });
  });
  it("an implausible value, an unknown field and a choice outside the list", () => {
    const out = calculate(k, "plasmic", {
      values: { platelets: q(-5, "10*9/L"), ferritin: q(100, "ng/mL") },
      answers: { "no-transplant": "maybe" },
    });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors.map((e) => e.field).sort()).toEqual(["ferritin", "no-transplant", "platelets"]);
  });
  it("an unknown calculator", () => {
    expect(calculate(k, "apache-ii", {}).ok).toBe(false);
    expect(calculatorForm(k, "apache-ii")).toBeUndefined();
  });
});

describe("the calculator and a patient's record give the same score", () => {
  it("ISTH overt DIC: the worked example typed into the form equals the engine's score of the same labs sent as CSV", () => {
    const csv = [
      "patient_id,record_type,date,code_system,code,value,unit,ref_high",
      "p1,patient,,,,,,",
      "p1,lab,2024-03-01T08:00:00Z,loinc,777-3,45,10^9/L,",
      "p1,lab,2024-03-01T08:00:00Z,loinc,48065-7,6.0,mg/L FEU,",
      "p1,lab,2024-03-01T08:00:00Z,loinc,5902-2,16.5,s,12.5",
      "p1,lab,2024-03-01T08:00:00Z,loinc,3255-7,0.9,g/L,",
    ].join("\n");
    const engine = createEngine(k, { evaluatedAt: "2024-03-02T00:00:00Z", version: "test" });
    engine.add({ kind: "csv", text: csv }, "labs.csv");
    const fromRecord = engine.assess("p1").scores.find((s) => s.id === "isth-overt-dic");
    const example = calculatorExample(k, "isth-overt-dic");
    const fromForm = result("isth-overt-dic", example?.input ?? {});
    expect(fromRecord?.value).toBe(fromForm.value);
    expect(fromRecord?.category).toBe(fromForm.category);
    // In the words the patient view shows the record's score in.
    expect(wordingOf(renderContextOf(k)).prose(fromRecord?.interpretation ?? "")).toBe(
      fromForm.interpretation,
    );
    expect(Object.fromEntries(fromForm.components.map((c) => [c.id, c.value]))).toEqual(
      fromRecord?.components,
    );
  });

  it("4Ts incomplete after a fall on heparin: the calculator says what the patient view says, other causes by name", () => {
    const csv = [
      "patient_id,record_type,date,code_system,code,text,value,unit,qualifiers",
      "p1,dose,2024-01-01,,,nivolumab,,,",
      "p1,dose,2024-02-01,,,enoxaparin,,,",
      "p1,lab,2024-01-09,lab,platelets,,260,10*9/L,",
      "p1,lab,2024-02-09,lab,platelets,,55,10*9/L,",
      "p1,event,2024-02-09,text,,deep vein thrombosis,,,venous;dvt",
    ].join("\n");
    const engine = createEngine(k, { evaluatedAt: "2024-02-10T23:59:59Z", version: "test" });
    engine.add({ kind: "csv", text: csv }, "hit.csv");
    const fromRecord = engine.assess("p1").scores.find((s) => s.id === "4ts");
    // Day 8 of the enoxaparin course: 55; the DVT confirmed.
    const fromForm = result("4ts", {
      series: { platelets: [{ day: 8, value: 55, unit: "10*9/L" }] },
      answers: { thrombosis: "confirmed" },
    });
    expect(fromRecord?.category).toBe("incomplete");
    expect(fromForm.status).toBe("incomplete");
    expect(fromForm.value).toBe(fromRecord?.value);
    expect(fromForm.interpretation).toMatch(/Other cause of thrombocytopenia \(no other cause recorded/);
    expect(fromForm.interpretation).not.toMatch(/other-cause/);
  });
});
