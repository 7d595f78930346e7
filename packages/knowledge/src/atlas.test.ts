/**
 * atlas.yaml and calculators.yaml: the shipped files hold together with the rest of the knowledge, and
 * each cross-check and schema rule catches what it is for.
 */
import { AtlasFile, type CalculatorExample, type DrugReport } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../test/support/knowledge.js";
import { atlasProblems } from "./atlas-checks.js";
import { calculatorProblems } from "./calculator-checks.js";

const bundle = testKnowledgeBundle();

describe("atlas knowledge", () => {
  it("describes every disorder, and every drug report names a catalogue drug", () => {
    expect(atlasProblems(bundle)).toEqual([]);
    expect(new Set(bundle.atlas.disorders.map((d) => d.disorder))).toEqual(
      new Set(bundle.disorders.map((d) => d.id)),
    );
  });
  it("every statement and report cites references that carry a DOI, a PMID or a URL", () => {
    const refs = new Map(bundle.references.map((r) => [r.id, r]));
    const cited = [
      ...bundle.atlas.disorders.flatMap((d) => [
        d.definition,
        ...d.manifestations,
        ...d.mechanisms,
        ...d.onset,
      ]),
      ...bundle.atlas.drugReports,
    ].flatMap((s) => s.sourceIds);
    for (const id of cited) expect(refs.has(id), id).toBe(true);
  });
  it("reports a missing disorder and an unknown drug", () => {
    const broken = {
      ...bundle,
      atlas: {
        disorders: bundle.atlas.disorders.filter((d) => d.disorder !== "aha"),
        drugReports: [
          ...bundle.atlas.drugReports,
          { ...(bundle.atlas.drugReports[0] as DrugReport), drug: "no-such-mab" },
        ],
      },
    };
    expect(atlasProblems(broken)).toEqual([
      "atlas.yaml: disorder aha has no atlas entry",
      "atlas.yaml: drug report names unknown drug no-such-mab",
    ]);
  });
  it("rejects incidence figures in a statement (they belong to the incidence file)", () => {
    const withFigure = structuredClone(bundle.atlas) as {
      disorders: { manifestations: { text: string }[] }[];
    };
    (withFigure.disorders[0]?.manifestations[0] as { text: string }).text =
      "Thrombocytopenia in 12 % of patients.";
    expect(AtlasFile.safeParse(withFigure).success).toBe(false);
    expect(AtlasFile.safeParse(bundle.atlas).success).toBe(true);
  });
});

describe("calculator knowledge", () => {
  it("every unit offered converts, every example names a calculator", () => {
    expect(calculatorProblems(bundle)).toEqual([]);
  });
  it("reports a unit that does not convert, an unknown lab and an example of an unknown calculator", () => {
    const broken = {
      ...bundle,
      calculators: {
        ...bundle.calculators,
        units: { ...bundle.calculators.units, creatinine: ["mg/dL", "furlong"], "no-such-lab": ["g/L"] },
        examples: [
          ...bundle.calculators.examples,
          { ...(bundle.calculators.examples[0] as CalculatorExample), calculator: "apache-ii" },
        ],
      },
    };
    const problems = calculatorProblems(broken);
    expect(problems).toContainEqual(
      expect.stringContaining("calculators.yaml: creatinine unit furlong does not convert"),
    );
    expect(problems).toContain("calculators.yaml: units for unknown lab no-such-lab");
    expect(problems).toContain("calculators.yaml: example for unknown calculator apache-ii");
  });
});
