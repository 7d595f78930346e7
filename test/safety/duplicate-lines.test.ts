/**
 * No plan shows two lines that say the same thing (test/support/duplicate-lines.ts), over every case of the clinical
 * case suite and its examples; the messy-records sweep reads its own patients the same way.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestFhir } from "../../packages/core/src/adapters/fhir/ingest.js";
import type { ManagementItem } from "../../packages/core/src/contracts/report.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { buildBundle, loadSpecs } from "../cases/build-bundles.js";
import { CASE_AT } from "../cases/try-case.js";
import { duplicateLines, reportDuplicates } from "../support/duplicate-lines.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();

describe("no plan line twice", () => {
  const line = (id: string, action: string): ManagementItem => ({
    id,
    kind: "supportive",
    action,
    sourceIds: ["x"],
  });

  it("the check finds the same words twice, and a declared pair, and nothing in distinct lines", () => {
    expect(
      duplicateLines([line("dic-a", "Stop heparin."), line("dic-b", "Stop heparin.")], "dic"),
    ).toHaveLength(1);
    expect(
      duplicateLines(
        [line("dic-hit-below-25", "One."), line("dic-avoid-antithrombotic-below-25-hit", "Two.")],
        "dic",
      ),
    ).toHaveLength(1);
    expect(
      duplicateLines([line("dic-a", "Stop heparin."), line("dic-b", "Give argatroban.")], "dic"),
    ).toEqual([]);
  });

  const cases = [...loadSpecs(), ...loadSpecs(join(import.meta.dirname, "..", "..", "examples", "specs"))];
  it.each(cases.map((s) => [s.id, s] as const))(
    "case %s: no two lines of one plan say the same",
    (_id, spec) => {
      const { patients } = ingestFhir(buildBundle(spec), {
        vocabulary: k.vocabulary,
        evaluatedAt: CASE_AT,
        file: `${spec.id}.json`,
      });
      for (const p of patients)
        expect(reportDuplicates(assessPatientTraced(p, CASE_AT, k).report)).toEqual([]);
    },
  );
});
