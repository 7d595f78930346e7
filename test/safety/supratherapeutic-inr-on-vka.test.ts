/**
 * An INR far above a vitamin K antagonist's range is never silent. CTCAE grades an INR on warfarin against the INR
 * before its course and leaves it ungraded without one, so an INR of 6 or 12 on warfarin with no baseline and no
 * bleed was in no list and no plan. CHEST 2012 (Holbrook): from 4.5 to 10 without bleeding, hold the VKA and do not
 * routinely give vitamin K; above 10, oral vitamin K. It is listed from 4.5 whatever the baseline (above both upper
 * targets, 3.0 and a mechanical mitral valve's 3.5), with its band's plan; a major bleed is reversed by the bleed's
 * own plan (4-factor PCC with intravenous vitamin K).
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { renderHtml } from "../../packages/core/src/render/html.js";
import { renderText } from "../../packages/core/src/render/text.js";
import { knowledge as k } from "../support/assess.js";
import { CHARTED_AT, CSV_HEADER, treatedCsv, treatedFhir } from "../support/charted-words.js";
import { labResult } from "../support/fhir-entries.js";
import { assessOnDrugs as assess, pinnedOnDrugBound, warfarin } from "../support/on-anticoagulant.js";
import { contextDrug, day, event, lab } from "../support/record.js";

const LOW = "inr-4-5-to-10-on-vka";
const HIGH = "inr-above-10-on-vka";
const vkaItem = (r: PatientReport) =>
  r.unexplained.find((u) => u.abnormality === LOW || u.abnormality === HIGH);
const lines = (r: PatientReport) => vkaItem(r)?.management?.map((m) => m.id) ?? [];

/** The pinned bound of a band of the INR rule, after checking that the knowledge still holds it. */
const pinned = (band: string, bound: "atLeast" | "above") =>
  pinnedOnDrugBound("inr-above-vka-range", band, bound);

describe("INR above a vitamin K antagonist's range, no bleed", () => {
  it("INR 6 on warfarin with no baseline: still ungraded, and listed with the INR, hold the VKA, no routine vitamin K", () => {
    const inr = lab("inr", 50, 6);
    const r = assess([warfarin()], [inr]);
    expect(r.ungraded?.map((u) => u.term)).toContain("inr-increased");
    const item = vkaItem(r);
    expect(item).toMatchObject({ abnormality: LOW, value: 6 });
    expect(item?.evidence[0]).toBe(inr.ref);
    expect(item?.why).toMatch(/^INR above the vitamin K antagonist's range \(≥ 4\.5\): 6 .* on warfarin/);
    expect(lines(r)).toContain("inr-4-5-to-10-on-vka-hold");
    expect(lines(r)).not.toContain("inr-above-10-on-vka-vitamin-k");
  });

  it("its work-up is its own: repeat INR, interacting drugs and diet, liver tests, bleeding assessment, each cited", () => {
    const workup = vkaItem(assess([warfarin()], [lab("inr", 50, 6)]))?.workup ?? [];
    expect(workup.map((w) => w.id)).toEqual([
      "inr-repeat",
      "vka-interaction-review",
      "liver-tests-on-vka",
      "bleeding-assessment",
    ]);
    expect(workup.every((w) => w.sourceIds.length > 0)).toBe(true);
    expect(workup.map((w) => w.id)).not.toContain("platelets");
  });

  it("those work-up lines are the INR item's only: a thrombosis on warfarin, whose work-up files them, asks none", () => {
    const r = assess([warfarin()], [lab("inr", 50, 6)], [event("thrombosis", 50)]);
    const thrombosis = r.findings.find((f) => f.disorder === "thrombosis");
    expect(thrombosis?.workup.length).toBeGreaterThan(0);
    const asked = thrombosis?.workup.map((w) => w.id) ?? [];
    for (const id of ["inr-repeat", "vka-interaction-review", "liver-tests-on-vka", "bleeding-assessment"])
      expect(asked).not.toContain(id);
  });

  it("INR 12 on warfarin with no baseline: listed above 10 with oral vitamin K, urgent", () => {
    const r = assess([warfarin()], [lab("inr", 50, 12)]);
    expect(vkaItem(r)).toMatchObject({ abnormality: HIGH, value: 12 });
    const vk = vkaItem(r)?.management?.find((m) => m.id === "inr-above-10-on-vka-vitamin-k");
    expect(vk?.urgent).toBe(true);
    expect(vk?.sourceIds).toContain("holbrook-2012-chest-anticoagulant-management");
    expect(lines(r)).not.toContain("inr-4-5-to-10-on-vka-hold");
  });

  it("with a baseline the INR is graded by CTCAE and listed for the drug's excess too", () => {
    const r = assess([warfarin()], [lab("inr", 10, 1.0), lab("inr", 50, 6)]);
    expect(r.grades.find((g) => g.term === "inr-increased")?.grade).toBe(3);
    expect(vkaItem(r)?.abnormality).toBe(LOW);
    expect(lines(r)).toContain("inr-4-5-to-10-on-vka-hold");
  });

  it("the highest INR names the band: 6 then 12 is listed above 10, with both results as evidence", () => {
    const a = lab("inr", 50, 6);
    const b = lab("inr", 52, 12);
    const item = vkaItem(assess([warfarin()], [b, a]));
    expect(item).toMatchObject({ abnormality: HIGH, value: 12 });
    expect(item?.evidence).toEqual([b.ref, a.ref]);
    expect(item?.why).toContain(`2 results in the listed range from ${a.at.slice(0, 10)}`);
  });

  it("off a vitamin K antagonist an INR of 6 is the CTCAE grade 3 item, not the drug's", () => {
    const r = assess([], [lab("inr", 50, 6)]);
    expect(vkaItem(r)).toBeUndefined();
    expect(r.unexplained.map((u) => u.abnormality)).toContain("inr-increased");
  });

  it("an INR of 12 before the warfarin started or after it ended (a day's grace) is not the drug's", () => {
    expect(vkaItem(assess([warfarin()], [lab("inr", 15, 12)]))).toBeUndefined();
    const stopped = contextDrug("warfarin", ["anticoagulant", "vka"], 20, 40);
    expect(vkaItem(assess([stopped], [lab("inr", 45, 12)]))).toBeUndefined();
  });
});

describe("INR band boundaries on warfarin, with and without a baseline", () => {
  const at = (inr: number, withBaseline: boolean) =>
    vkaItem(assess([warfarin()], [...(withBaseline ? [lab("inr", 10, 1.0)] : []), lab("inr", 50, inr)]))
      ?.abnormality;
  for (const withBaseline of [false, true]) {
    const label = withBaseline ? "after a baseline of 1.0" : "with no baseline";
    it(`${label}: below 4.5 not listed (an INR between the upper target and 4.5 is the dose's), at 4.5 listed`, () => {
      const cut = pinned(LOW, "atLeast");
      expect(at(cut - 0.01, withBaseline)).toBeUndefined();
      expect(at(3.5, withBaseline)).toBeUndefined();
      expect(at(cut, withBaseline)).toBe(LOW);
    });
    it(`${label}: at 10 hold without vitamin K, just above 10 oral vitamin K`, () => {
      const cut = pinned(HIGH, "above");
      expect(at(cut, withBaseline)).toBe(LOW);
      expect(at(cut + 0.01, withBaseline)).toBe(HIGH);
    });
  }
});

describe("INR above the range with a bleed", () => {
  it("a bleed that is not major: hold and give vitamin K with hematology, not the no-vitamin-K line", () => {
    const r = assess([warfarin()], [lab("inr", 50, 6)], [event("bleeding", 50, { grade: 1 })]);
    expect(lines(r)).toContain("inr-4-5-to-10-on-vka-bleeding");
    expect(lines(r)).not.toContain("inr-4-5-to-10-on-vka-hold");
  });

  it("a bleed whose end is charted before the INR: planned as without bleeding (hold, oral vitamin K above 10)", () => {
    const ended = event("bleeding", 44, { grade: 1, end: day(46) });
    expect(lines(assess([warfarin()], [lab("inr", 50, 6)], [ended]))).toContain("inr-4-5-to-10-on-vka-hold");
    expect(lines(assess([warfarin()], [lab("inr", 50, 12)], [ended]))).toContain(
      "inr-above-10-on-vka-vitamin-k",
    );
  });

  it("a major bleed: the bleed's own plan reverses with 4-factor PCC and intravenous vitamin K; the INR stays listed", () => {
    const r = assess([warfarin()], [lab("inr", 50, 12)], [event("bleeding", 50, { grade: 4 })]);
    expect(vkaItem(r)?.abnormality).toBe(HIGH);
    expect(lines(r)).not.toContain("inr-above-10-on-vka-vitamin-k");
    expect(lines(r)).not.toContain("inr-above-10-on-vka-bleeding");
    const bleed = r.unexplained.find((u) => u.abnormality === "major-bleeding");
    const reversal = bleed?.management?.find((m) => m.id.endsWith("major-bleeding-reversal"));
    expect(reversal?.action).toMatch(/intravenous vitamin K with 4-factor PCC for warfarin/);
  });
});

describe("read from FHIR and CSV", () => {
  it("FHIR: warfarin taken and an INR of 12 with no INR before it is listed above 10", () => {
    const r = treatedFhir(
      {
        resourceType: "MedicationStatement",
        id: "warfarin",
        status: "active",
        medicationCodeableConcept: { text: "warfarin" },
        subject: { reference: "Patient/p1" },
        effectivePeriod: { start: "2026-02-01" },
      },
      labResult("inr", "6301-6", "2026-03-10", 12),
    );
    expect(vkaItem(r)).toMatchObject({ abnormality: HIGH, value: 12 });
  });

  it("CSV: warfarin taken and an INR of 6 with no INR before it is listed from 4.5; 4.4 is not", () => {
    const csv = (inr: number) =>
      treatedCsv(
        "p1,dose,2026-02-01,,text,,warfarin,,,,,,statement,,,",
        `p1,lab,2026-03-10,,loinc,6301-6,INR,${inr},,,,,,,,`,
      );
    expect(vkaItem(csv(6))).toMatchObject({ abnormality: LOW, value: 6 });
    expect(vkaItem(csv(4.4))).toBeUndefined();
  });

  it("the text and HTML reports head the item with the band in words, and give the INR and the plan line", () => {
    const engine = createEngine(k, { evaluatedAt: CHARTED_AT, version: "0.0.0-test" });
    const rows = [
      CSV_HEADER,
      "p1,dose,2026-01-05,,text,,pembrolizumab,,,,,,administration,,,",
      "p1,dose,2026-02-01,,text,,warfarin,,,,,,statement,,,",
      "p1,lab,2026-03-10,,loinc,6301-6,INR,12,,,,,,,,",
    ];
    engine.add({ kind: "csv", text: `${rows.join("\n")}\n` }, "charted.csv");
    const report = engine.report();
    const text = renderText(report, { reference: () => undefined, color: false });
    expect(text).toContain("INR above 10 on a vitamin K antagonist");
    expect(text).toMatch(/hold the VKA and give oral vitamin K now/);
    expect(renderHtml(report, { reference: () => undefined })).toContain(
      "INR above 10 on a vitamin K antagonist",
    );
  });
});
