import { describe, expect, it } from "vitest";
import { HOSTILE_ID, P1, P2, SAMPLE_CONTEXT, SAMPLE_REPORT } from "../../test/support/sample-report.js";
import type { AssessmentReport } from "../core/report.js";
import { renderText } from "./text.js";
import { NO_FINDING } from "./view.js";

const plain = (report: AssessmentReport = SAMPLE_REPORT) =>
  renderText(report, { ...SAMPLE_CONTEXT, color: false });

function order(text: string, markers: string[]): number[] {
  return markers.map((m) => {
    const at = text.indexOf(m);
    expect(at, `missing "${m}"`).toBeGreaterThanOrEqual(0);
    return at;
  });
}

describe("renderText", () => {
  it("starts with engine and knowledge versions, evaluation time and the disclaimer", () => {
    const head = plain().split("\n").slice(0, 4).join("\n");
    expect(head).toContain("engine 0.1.0");
    expect(head).toContain("knowledge 2026.11.0");
    expect(head).toContain("2024-03-01T00:00:00Z");
    expect(head).toContain("Decision support — not a diagnosis");
  });

  it("states the settings in force after the disclaimer: their source, then each value", () => {
    const head = plain().split("\n").slice(3, 6);
    expect(head).toEqual([
      "settings: site/hemosentinel.yaml",
      "  ISTH fibrin marker: > 1 × ULN moderate, > 10 × ULN strong increase (Haemostasis committee 2026)",
      "  ISTH fibrin marker, d-dimer-feu LOINC 48065-7: > 0.5 ug/mL moderate, > 5 ug/mL strong increase (Lab SOP H-12)",
    ]);
  });

  it("puts summary, exposures, evidence, plan, sources and data quality in that order", () => {
    const text = plain({ ...SAMPLE_REPORT, patients: [P1] });
    const at = order(text, ["SUMMARY", "EXPOSURES", "EVIDENCE", "PLAN", "SOURCES", "DATA QUALITY"]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("summarises the primary finding with certainty, grade and onset (drug, day from first dose)", () => {
    const text = plain();
    expect(text).toContain("Immune thrombocytopenia (ITP) — probable, grade 4");
    expect(text).toContain("Onset: 2024-02-12, pembrolizumab, day 42 after the first dose");
    expect(text).toContain("Also: DIC — possible");
  });

  it("says so when a patient has no finding", () => {
    expect(plain({ ...SAMPLE_REPORT, patients: [P2] })).toContain(`${NO_FINDING}.`);
  });

  it("traces every criterion with its status, detail and evidence ids, capping long evidence lists", () => {
    const text = plain();
    expect(text).toMatch(
      /\[met\] +Platelets < 100 ×10⁹\/L after the first dose: platelets 8 ×10⁹\/L on day 42 \(baseline 210\) \[Observation\/plt-42\]/,
    );
    expect(text).toMatch(/\[no data\] +No schistocytes/);
    expect(text).toContain("[Condition/m1, Condition/m2, Condition/m3, Condition/m4, +2 more]");
  });

  it("lists CTCAE grades with value, unit and basis, and scores with their missing components", () => {
    const text = plain();
    expect(text).toContain("platelet-count-decreased: grade 4, 8 ×10⁹/L on 2024-02-12 (< 25 ×10⁹/L)");
    expect(text).toContain(
      "isth-overt-dic: 2 on 2024-02-12 — not suggestive of overt DIC; missing: fibrinogen, d-dimer",
    );
  });

  it("gives work-up before management, and management in decision → first-line → avoid → monitor order", () => {
    const text = plain({ ...SAMPLE_REPORT, patients: [P1] });
    const plan = text.slice(text.indexOf("PLAN"), text.indexOf("SOURCES"));
    const at = order(plan, [
      "Work-up",
      "Immunotherapy decision",
      "First-line treatment",
      "AVOID",
      "Monitoring",
    ]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(plan).toContain("Direct antiglobulin test (LOINC 1007-4)");
    expect(plan).toContain("Caveat: Guidelines differ on the duration of the taper");
  });

  it("resolves every cited source id to its citation with a locator", () => {
    const text = plain();
    expect(text).toContain(
      "[asco-irae] Schneider BJ, et al. ASCO guideline on immune-related adverse events. J Clin Oncol 2021. doi:10.1200/JCO.21.01440",
    );
    expect(text).toContain(
      "[isth-dic] Taylor FB, et al. ISTH overt DIC score. Thromb Haemost 2001. PMID 11816725",
    );
    expect(text).toContain(
      "[ctcae-v5] Common Terminology Criteria for Adverse Events v5.0. NCI 2017. https://ctep.cancer.gov/",
    );
  });

  it("flags a source id the registry does not know", () => {
    const text = renderText(
      { ...SAMPLE_REPORT, patients: [P1] },
      { reference: () => undefined, color: false },
    );
    expect(text).toContain("[asco-irae] not in the references registry");
  });

  it("groups rejected records by reason code with counts and at most three examples", () => {
    const text = plain();
    expect(text).toContain("Rejected records: 5");
    expect(text).toContain("unit-not-convertible × 4");
    expect(text).toContain("future-date × 1");
    expect(text).toContain("e.g. Observation/u3");
    expect(text).not.toContain("Observation/u4");
    expect(text).toContain("Ignored resource types: Encounter 30, Claim 12");
    expect(text).toContain("two platelet counts at the same instant");
  });

  it("shows an overview when there are several patients, and the input problems at the end", () => {
    const text = plain();
    expect(text).toContain("OVERVIEW");
    expect(text).toContain(`  ${HOSTILE_ID}: ${NO_FINDING}`);
    expect(text.indexOf("INPUT PROBLEMS")).toBeGreaterThan(text.lastIndexOf("DATA QUALITY"));
    expect(text).toContain("broken.json: malformed JSON at line 3, column 7 (malformed-json)");
  });

  it("uses ANSI colours only when asked", () => {
    expect(plain()).not.toContain("\u001b[");
    expect(renderText(SAMPLE_REPORT, { ...SAMPLE_CONTEXT, color: true })).toContain("\u001b[");
  });

  it("never passes control characters from the input to the terminal", () => {
    const evil = { ...P2, patientId: "p\u001b[2Jx\u0007" };
    const text = plain({ ...SAMPLE_REPORT, patients: [evil] });
    expect(text).not.toContain("\u0007");
    expect(text).not.toContain("\u001b");
    expect(text).toContain("p\uFFFD[2Jx\uFFFD");
  });
});
