import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildBundle, loadSpecs } from "../../../../test/cases/build-bundles.js";
import { CASE_AT } from "../../../../test/cases/try-case.js";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { ingestFhir } from "../adapters/fhir/ingest.js";
import type { PatientReport } from "../contracts/report.js";
import { assessPatient, type PatientScreen, screenPatient } from "./assess.js";

const k = testKnowledge();

/** The full report cut down to what the screening view keeps. */
function screenOf(report: PatientReport): PatientScreen {
  return {
    patientId: report.patientId,
    exposures: report.exposures,
    findings: report.findings.map(({ workup: _w, management: _m, sharedLines: _s, ...f }) => f),
    unexplained: report.unexplained.map(({ workup: _w, management: _m, sharedLines: _s, ...u }) => u),
  };
}

describe("screenPatient", () => {
  const cases = [
    ...loadSpecs(),
    ...loadSpecs(join(import.meta.dirname, "..", "..", "..", "..", "examples", "specs")),
  ];

  it("equals the full assessment's findings, unexplained abnormalities and exposures on every case of the suite", () => {
    let findings = 0;
    let unexplained = 0;
    for (const spec of cases) {
      const { patients } = ingestFhir(buildBundle(spec), {
        vocabulary: k.vocabulary,
        evaluatedAt: CASE_AT,
        file: `${spec.id}.json`,
      });
      for (const p of patients) {
        const screen = screenPatient(p, CASE_AT, k);
        expect(screen, spec.id).toEqual(screenOf(assessPatient(p, CASE_AT, k)));
        findings += screen.findings.length;
        unexplained += screen.unexplained.length;
      }
    }
    // The suite puts the comparison to the test: cases with findings and with unexplained abnormalities.
    expect(cases.length).toBeGreaterThan(20);
    expect(findings).toBeGreaterThan(20);
    expect(unexplained).toBeGreaterThan(0);
  });
});
