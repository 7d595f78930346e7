/**
 * The drug only in words: a note or problem entry saying an immunotherapy was given ("s/p pembrolizumab x3 cycles",
 * "on nivolumab since March") or a dose record refused for its missing date, while the record holds no dated dose of
 * it. No dose date is made from the words, so no exposure and no finding — yet beside a serious abnormality (a grade 4
 * count, an intracerebral haemorrhage) it must not be silent: listed naming the drug and the abnormality, the dosing
 * history asked for. Not when the words plan, decline or deny the drug, name a relative's, or when a dated dose is on
 * record. Through a FHIR bundle and CSV rows and the engine the CLI drives.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { type Charted, csvCharted, fhirCharted } from "../support/charted-words.js";

const ITEM = "immunotherapy-given-no-dose";

interface Chart {
  /** Words charted as a problem entry (a Condition, an event row), with their date. */
  readonly words: readonly (readonly [text: string, on: string])[];
  /** Doses given: [drug, date]; an empty date is a dose charted without one. */
  readonly doses?: readonly (readonly [drug: string, on: string])[];
  /** The platelet count on 10 March, ×10⁹/L. */
  readonly platelets?: number;
}

/** The chart with its cancer charted first, through the shared FHIR and CSV builders. */
const charted = ({ words, doses, platelets }: Chart): Charted => ({
  doses,
  platelets,
  problems: [["Metastatic adenocarcinoma of the lung", "2025-11-01"], ...words],
});
const fhir = (chart: Chart) => fhirCharted(charted(chart));
const csv = (chart: Chart) => csvCharted(charted(chart));

const item = (p: PatientReport) => p.unexplained.find((u) => u.abnormality === ITEM);

describe.each([
  ["FHIR", fhir],
  ["CSV", csv],
] as const)("an immunotherapy named as given only in words, as %s", (_, read) => {
  it.each([
    ["s/p pembrolizumab x3 cycles", "pembrolizumab"],
    ["on nivolumab since March", "nivolumab"],
    ["C3D1 pembrolizumab", "pembrolizumab"],
    ["Metastatic melanoma on nivolumab", "nivolumab"],
  ])(
    "%s beside a grade 4 count: listed, drug and count named, dosing history asked for, no finding",
    (text, drug) => {
      const p = read({ words: [[text, "2026-02-16"]], platelets: 8 });
      expect(p.findings).toHaveLength(0);
      const u = item(p);
      expect(u?.why).toContain(drug);
      expect(u?.why).toContain(text);
      expect(u?.why).toContain("Platelet count");
      expect(u?.why).toContain("dosing history");
    },
  );

  it("beside an intracerebral haemorrhage (a major bleed) with no count: listed", () => {
    const p = read({
      words: [
        ["s/p pembrolizumab x3 cycles", "2026-02-16"],
        ["Intracerebral hemorrhage", "2026-03-10"],
      ],
    });
    expect(item(p)?.why).toContain("Major bleeding");
  });

  it("a dose charted without its date: refused, the drug listed beside the count, undated", () => {
    const p = read({ words: [], doses: [["pembrolizumab", ""]], platelets: 8 });
    expect(p.rejected.some((r) => r.code === "missing-date")).toBe(true);
    expect(p.exposures).toHaveLength(0);
    expect(item(p)?.why).toContain("(undated)");
  });

  it("threshold: a count of 49 ×10⁹/L (grade 3) is listed, 50 (grade 2) is not", () => {
    expect(
      item(read({ words: [["s/p pembrolizumab x3 cycles", "2026-02-16"]], platelets: 49 })),
    ).toBeDefined();
    expect(
      item(read({ words: [["s/p pembrolizumab x3 cycles", "2026-02-16"]], platelets: 50 })),
    ).toBeUndefined();
  });

  // A drug charted as stopped was still given (its timing as unknown as any word's), and a "no" that negates the
  // bleed leaves the drug given.
  it.each([
    ["no longer on nivolumab", "nivolumab"],
    ["off pembrolizumab since June", "pembrolizumab"],
    ["nivolumab stopped in May", "nivolumab"],
    ["Pembrolizumab discontinued after cycle 4", "pembrolizumab"],
    ["no further nivolumab", "nivolumab"],
    ["on nivolumab with no bleeding", "nivolumab"],
    ["no bleeding on nivolumab", "nivolumab"],
    ["denies bleeding while on pembrolizumab", "pembrolizumab"],
    ["nivolumab held pending platelet recovery", "nivolumab"],
  ])("%s: given (stopped, or the bleed negated), listed beside the count", (text, drug) => {
    const u = item(read({ words: [[text, "2026-02-16"]], platelets: 8 }));
    expect(u?.why).toContain(drug);
    expect(u?.why).toContain(text);
  });

  it.each([
    "pembrolizumab planned",
    "candidate for pembrolizumab",
    "pembrolizumab declined",
    "no prior pembrolizumab",
    "scheduled for pembrolizumab",
    "mother on nivolumab",
    "Family history: brother on nivolumab",
    "declined nivolumab",
    "nivolumab not started",
    "candidate for nivolumab",
    "planned nivolumab",
    "not on nivolumab",
    "no nivolumab",
    "never received nivolumab",
    "no bleeding, nivolumab not started",
    "denies nivolumab exposure",
    "nivolumab pending",
    "nivolumab not started pending insurance approval",
  ])("%s: not given to the patient, not listed", (text) => {
    expect(item(read({ words: [[text, "2026-02-16"]], platelets: 8 }))).toBeUndefined();
  });

  it("dated pembrolizumab doses on record: the findings and the other items read the count, not this item", () => {
    const p = read({
      words: [["s/p pembrolizumab x3 cycles", "2026-02-16"]],
      doses: [
        ["pembrolizumab", "2026-01-05"],
        ["pembrolizumab", "2026-01-26"],
        ["pembrolizumab", "2026-02-16"],
      ],
      platelets: 8,
    });
    expect(item(p)).toBeUndefined();
    expect(p.findings.length + p.unexplained.length).toBeGreaterThan(0);
  });

  it("a dose of another drug leaves the named one undated: listed", () => {
    const p = read({
      words: [["s/p ipilimumab x4", "2026-01-01"]],
      doses: [["nivolumab", "2026-01-05"]],
      platelets: 8,
    });
    expect(item(p)?.why).toContain("ipilimumab");
  });
});
