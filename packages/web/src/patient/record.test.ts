import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { ageItemIds, byAgeGroup } from "./ActFirst.js";
import { prescribingItems } from "./prescribing.js";
import { courseEnd } from "./Record.js";

describe("a course that runs past its last dose's start", () => {
  const dose = { at: "2025-11-14" };
  it("names its end, and whether it is under way at the evaluation", () => {
    expect(courseEnd([{ ...dose, end: "2025-11-28" }], "2025-11-14", "2025-11-29T23:59:59Z")).toBe(
      "course to 2025-11-28",
    );
    expect(courseEnd([{ ...dose, end: "2025-12-12" }], "2025-11-14", "2025-11-29T23:59:59Z")).toBe(
      "course to 2025-12-12, under way at the evaluation",
    );
  });
  it("says nothing of single administrations or an end on the last dose's own day", () => {
    expect(courseEnd([dose, { at: "2025-12-05" }], "2025-12-05", "2025-12-29T23:59:59Z")).toBeUndefined();
    expect(
      courseEnd([{ ...dose, end: "2025-11-14T18:00:00Z" }], "2025-11-14", "2025-11-29T23:59:59Z"),
    ).toBeUndefined();
    // An earlier course's end before a later single dose is no course past the last dose.
    expect(
      courseEnd([{ ...dose, end: "2025-11-20" }, { at: "2025-12-01" }], "2025-12-01", "2025-12-29T23:59:59Z"),
    ).toBeUndefined();
  });
});

describe("Act first's age lines", () => {
  const k = testKnowledge();
  const ids = ageItemIds(k);
  const all = [...Object.values(k.management)].flat();
  it("are the plans' lines by age group that are not avoid lines: a child's DOAC avoid stays among the avoid lines", () => {
    const byAge = all.filter((r) => (r.when.facts ?? []).some(byAgeGroup));
    expect(byAge.some((r) => r.kind === "avoid")).toBe(true);
    expect(byAge.some((r) => r.kind !== "avoid")).toBe(true);
    for (const r of byAge) expect(ids.has(r.id)).toBe(r.kind !== "avoid");
  });

  it("leave out a line kept from children only ('an adult', from 18): it is the ordinary line, not a caution of age", () => {
    expect(byAgeGroup({ fact: "age", atLeast: 18, ifUnknown: true })).toBe(false);
    expect(byAgeGroup({ fact: "age", atLeast: 65 })).toBe(true);
    expect(byAgeGroup({ fact: "age", atLeast: 1 })).toBe(false);
    expect(byAgeGroup({ fact: "age", below: 18 })).toBe(true);
    expect(byAgeGroup({ fact: "age", atLeast: 10, below: 50 })).toBe(true);
    expect(byAgeGroup({ fact: "platelets", below: 18 })).toBe(false);
    expect(ids.has("itp-ici-dexamethasone")).toBe(false);
  });
});

describe("the header's line for prescribing, from the record", () => {
  const lab = (ref: string, id: string, at: string, value: number, unit: string) =>
    ({ ref, lab: id, loinc: "", at, value, unit, original: { value, unit } }) as const;
  it("names allergies by what was charted, a pregnancy by its date, and the latest weight, height and creatinine", () => {
    const items = prescribingItems({
      events: [
        { ref: "e2", kind: "pregnancy", at: "2025-07-18", text: "Pregnant" },
        {
          ref: "e1",
          kind: "drug-hypersensitivity",
          at: "2019-04-02",
          text: "Rituximab anaphylaxis",
          qualifiers: ["rituximab", "severe"],
        },
        { ref: "e3", kind: "thrombosis", at: "2025-11-27", text: "Pulmonary embolism" },
      ],
      labs: [
        lab("l1", "creatinine", "2025-09-29", 1.1, "mg/dL"),
        lab("l2", "creatinine", "2025-11-28", 2.6, "mg/dL"),
        lab("l3", "body-weight", "2025-11-28", 52, "kg"),
        lab("l4", "platelets", "2025-11-28", 210, "10*9/L"),
        // A child's bedside Schwartz eGFR reads the height: the latest one is named beside the weight.
        lab("l5", "body-height", "2025-06-02", 136, "cm"),
        lab("l6", "body-height", "2025-11-27", 138, "cm"),
      ],
    });
    expect(items.map((i) => [i.label, i.text, i.ref])).toEqual([
      ["Drug allergy", "Rituximab anaphylaxis (2019-04-02, severe)", "e1"],
      ["Pregnancy charted", "2025-07-18", "e2"],
      ["Weight", "52 kg (2025-11-28)", "l3"],
      ["Height", "138 cm (2025-11-27)", "l6"],
      ["Creatinine", "2.6 mg/dL (2025-11-28)", "l2"],
    ]);
  });
  it("an allergy coded without words is named by the drug it bars; nothing charted, no line", () => {
    const items = prescribingItems({
      events: [{ ref: "a1", kind: "drug-hypersensitivity", at: "2024-01-01", qualifiers: ["heparin"] }],
      labs: [],
    });
    expect(items.map((i) => i.text)).toEqual(["heparin (2024-01-01)"]);
    expect(prescribingItems({ events: [], labs: [] })).toEqual([]);
  });
});
