/**
 * A bleed after pembrolizumab whose only record is the imaging or endoscopy report that found it: a released FHIR
 * DiagnosticReport whose conclusion or conclusionCode names it ("Acute subdural haematoma" on a CT head, "Iliopsoas
 * haematoma"), or the same words as a CSV event row. Before, such a report was refused as a narrative report and an
 * intracranial bleed after a checkpoint inhibitor was silent. Now it is the bleed, dated by the study, read as a
 * note's words are (its site and grading), with the plan the labs beside it call for; a possible bleed or a
 * preliminary read is its suspicion, listed, never the bleed; a negative report is no bleed and clears none.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { treatedCsv, treatedFhir } from "../support/charted-words.js";
import {
  conditionInWords,
  csvEventRow,
  csvPlateletRow,
  plateletResult,
  studyReport,
} from "../support/study-results.js";

const AWAITING = "suspected-vte-anticoagulation-while-awaiting-imaging";
const listed = (p: PatientReport) => p.unexplained.map((u) => u.abnormality);
const planIds = (p: PatientReport) => [
  ...p.findings.flatMap((f) => f.management),
  ...p.unexplained.flatMap((u) => u.management ?? []),
];
const ids = (p: PatientReport) => planIds(p).map((m) => m.id);

const platelets = (value: number) => plateletResult(value, "2026-03-05");
const report = (status: string, study: string, conclusion: string) =>
  studyReport(status, study, { conclusion });
const concernForPe = conditionInWords("s1", "concern for PE", "2026-03-04");
const csvPlatelets = (value: number) => csvPlateletRow(value, "2026-03-05");
const csvEvent = (words: string) => csvEventRow(words);

describe("a released report that names a bleed is that bleed", () => {
  it.each(["final", "amended", "corrected", "appended"])(
    "a %s CT head concluding 'Acute subdural haematoma' is a major bleed, listed with no finding to explain it",
    (status) => {
      const p = treatedFhir(platelets(230), report(status, "CT head", "Acute subdural haematoma"));
      expect(listed(p)).toContain("major-bleeding");
      expect(p.rejected).toEqual([]);
    },
  );

  it("with a platelet count of 8, the same report is the ITP with its critical-bleeding plan", () => {
    const p = treatedFhir(platelets(8), report("final", "CT head", "Acute subdural haematoma"));
    const itp = p.findings.find((f) => f.disorder === "itp");
    expect(itp?.management.map((m) => m.id)).toContain("itp-critical-bleeding");
  });

  it("the other side: with a count of 8 and a CT head with no bleed, no critical-bleeding line", () => {
    const p = treatedFhir(
      platelets(8),
      report("final", "CT head", "No evidence of intracranial haemorrhage"),
    );
    expect(ids(p)).not.toContain("itp-critical-bleeding");
  });

  it.each([
    ["CT abdomen pelvis", "Retroperitoneal haematoma", "major-bleeding"],
    ["CT pelvis", "Intramuscular haematoma of the iliopsoas", "muscle-bleeding"],
  ])("a final %j report concluding %j is listed as %s", (study, conclusion, abnormality) => {
    expect(listed(treatedFhir(platelets(230), report("final", study, conclusion)))).toContain(abnormality);
  });

  it("a bleed on the report withholds the empirical anticoagulation a suspected PE was offered", () => {
    const before = treatedFhir(platelets(230), concernForPe);
    expect(ids(before)).toContain(AWAITING);
    const after = treatedFhir(
      platelets(230),
      concernForPe,
      report("final", "CT head", "Acute subdural haematoma"),
    );
    expect(ids(after)).not.toContain(AWAITING);
  });

  it("the same words as a CSV event row are the same bleed", () => {
    const p = treatedCsv(csvPlatelets(8), csvEvent("CT head: acute subdural haematoma"));
    expect(p.findings.find((f) => f.disorder === "itp")?.management.map((m) => m.id)).toContain(
      "itp-critical-bleeding",
    );
  });
});

describe("an iliopsoas haematoma on the report, with the labs of an acquired haemophilia", () => {
  const lab = (id: string, loinc: string, value: number, unit: string) => ({
    ...platelets(0),
    id,
    code: { coding: [{ system: "http://loinc.org", code: loinc }] },
    valueQuantity: { value, unit, system: "http://unitsofmeasure.org", code: unit },
  });
  const ahaLabs = [platelets(230), lab("aptt", "14979-9", 80, "s"), lab("f8", "3209-4", 2, "%")];
  const aha = (p: PatientReport) => p.findings.find((f) => f.disorder === "aha");
  const iliopsoas = (status: string) =>
    report(status, "CT pelvis", "Intramuscular haematoma of the iliopsoas");

  it("final: the AHA with its haemostatic treatment, and no anticoagulation", () => {
    const p = treatedFhir(...ahaLabs, iliopsoas("final"));
    expect(aha(p)?.management.map((m) => m.id)).toEqual(
      expect.arrayContaining(["aha-haemostatic-treatment", "aha-avoid-prophylactic-anticoagulation"]),
    );
  });

  it("preliminary: the suspected bleed listed beside a possible AHA, and no thromboprophylaxis offered", () => {
    const p = treatedFhir(...ahaLabs, iliopsoas("preliminary"));
    expect(aha(p)).toBeDefined();
    expect(listed(p)).toContain("suspected-bleeding");
    expect(ids(p)).not.toContain("aha-thromboprophylaxis");
  });
});

describe("a possible bleed, a preliminary read, a negative report", () => {
  it.each([
    ["final", "Cannot exclude small subarachnoid haemorrhage"],
    ["preliminary", "Acute subdural haematoma"],
    ["partial", "Acute subdural haematoma"],
  ])("a %s CT head concluding %j is the suspected bleed, listed, not the bleed", (status, conclusion) => {
    const p = treatedFhir(platelets(230), report(status, "CT head", conclusion));
    expect(listed(p)).toEqual(["suspected-bleeding"]);
    expect(p.rejected).toEqual([]);
  });

  it("a suspected bleed on a preliminary read withholds empirical anticoagulation too", () => {
    const p = treatedFhir(
      platelets(230),
      concernForPe,
      report("preliminary", "CT head", "Acute subdural haematoma"),
    );
    expect(ids(p)).not.toContain(AWAITING);
  });

  it("a registered report (no result yet) is refused as not final, and names no bleed", () => {
    const p = treatedFhir(platelets(230), report("registered", "CT head", "Acute subdural haematoma"));
    expect(listed(p)).toEqual([]);
    expect(p.rejected).toEqual([expect.objectContaining({ ref: "DiagnosticReport/r1", code: "not-final" })]);
  });

  it.each([
    ["CT head", "No evidence of intracranial haemorrhage"],
    ["Upper GI endoscopy", "No active bleeding source identified"],
  ])("a final %j report concluding %j is no bleed", (study, conclusion) => {
    expect(listed(treatedFhir(platelets(230), report("final", study, conclusion)))).toEqual([]);
  });

  it.each([
    ["CT head", "No evidence of intracranial haemorrhage"],
    ["Upper GI endoscopy", "No active bleeding source identified"],
  ])("a charted subdural haematoma stays listed after a final %j concluding %j", (study, conclusion) => {
    const sdh = { ...concernForPe, id: "b1", code: { text: "acute subdural haematoma" } };
    expect(listed(treatedFhir(platelets(230), sdh, report("final", study, conclusion)))).toContain(
      "major-bleeding",
    );
  });

  it.each([
    ["final", "major-bleeding"],
    ["preliminary", "suspected-bleeding"],
    ["partial", "suspected-bleeding"],
  ])(
    "a CSV row 'CT head: acute subdural haematoma' with status %s among its qualifiers is listed as %s",
    (status, id) => {
      const row = csvEventRow("CT head: acute subdural haematoma", "2026-03-05", status);
      expect(listed(treatedCsv(csvPlatelets(230), row))).toEqual([id]);
    },
  );

  it.each(["CT head: possible subdural haematoma", "CT head: no evidence of intracranial haemorrhage"])(
    "the CSV row %j is no bleed",
    (words) => {
      expect(listed(treatedCsv(csvPlatelets(230), csvEvent(words)))).not.toContain("major-bleeding");
    },
  );
});
