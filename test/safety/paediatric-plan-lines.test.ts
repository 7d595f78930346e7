/**
 * A child's plan lines say the children's guidance, not the adults': the ITP first line gives ASH 2019's children's
 * corticosteroid course (prednisone 2–4 mg/kg/day, at most 120 mg a day, 5–7 days), and a vena cava filter beside a
 * bleed is the paediatric decision, suggested only above 10 kg body weight (CHEST 2012, Monagle). Before, the child's ITP
 * line named "a short course of corticosteroids" with no dose, and a child's thrombosis plan offered the adult filter.
 */
import { describe, expect, it } from "vitest";
import { assessWith as assess, findingOf as finding, planIds as ids } from "../support/assess.js";
import { event, lab } from "../support/record.js";

const born = (age: number) => `${2024 - age}-01-01`;

describe("children's ITP first line", () => {
  const itp = (age: number) =>
    assess({
      birthDate: born(age),
      sex: "female",
      labs: [lab("platelets", 340, 230), lab("platelets", 395, 9)],
    });
  it("a girl of 9: prednisone 2–4 mg/kg/day, at most 120 mg a day, for 5–7 days", () => {
    const line = finding(itp(9), "itp")?.management.find((m) => m.id === "itp-child-first-line");
    expect(line?.action).toMatch(/prednisone 2–4 mg\/kg\/day \(at most 120 mg a day\) for 5–7 days/);
    expect(line?.action).toMatch(/no course longer than 7 days/);
  });
  it("a woman of 30: no children's line", () => {
    expect(ids(finding(itp(30), "itp"))).not.toContain("itp-child-first-line");
  });
});

describe("vena cava filter beside a major bleed in a child", () => {
  const dvtBleed = (age: number, kg: number) =>
    assess({
      birthDate: born(age),
      sex: "male",
      labs: [lab("platelets", 340, 230), lab("platelets", 397, 150), lab("body-weight", 397, kg)],
      events: [
        event("thrombosis", 395, { qualifiers: ["venous", "dvt"], text: "DVT of the left femoral vein" }),
        event("bleeding", 397, { grade: 3, qualifiers: ["gastrointestinal"], text: "melena" }),
      ],
    });
  it("a boy of 6 at 20 kg: the paediatric filter decision, its 10 kg limit named; not the adult line", () => {
    const items = finding(dvtBleed(6, 20), "thrombosis")?.management ?? [];
    expect(items.map((m) => m.id)).not.toContain("thr-major-bleeding");
    const line = items.find((m) => m.id === "thr-major-bleeding-child");
    expect(line?.urgent).toBe(true);
    expect(line?.action).toMatch(/paediatric hematology and interventional radiology/);
    expect(line?.action).toMatch(/only above 10 kg body weight/);
    expect(line?.sourceIds).toContain("monagle-2012-accp-children");
  });
  it("an infant of 1 at 9 kg: no line offers a vena cava filter", () => {
    const items = finding(dvtBleed(1, 9), "thrombosis")?.management ?? [];
    expect(items.map((m) => m.id)).toContain("thr-major-bleeding-child-10-kg-or-less");
    expect(items.filter((m) => /decide .*whether a retrievable/.test(m.action))).toEqual([]);
  });
});
