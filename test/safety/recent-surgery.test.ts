/**
 * A recent operation and a gastrointestinal perforation, charted as a FHIR Procedure or Condition and as CSV rows,
 * through the engine the CLI drives. A major operation in the last 2 weeks is a relative contraindication to
 * therapeutic anticoagulation (the NCCN/ASCO table; a review's table: within the past 2 weeks), so a thrombosis plan
 * names it beside its dose lines; bevacizumab's label gives no dose for 28 days after major surgery, and both VEGF
 * antibodies' labels stop them after a perforation. Before, no event kind held an operation or a perforation: a DVT
 * five days after a craniotomy was offered anticoagulation with no word on the operation. A Procedure whose words name
 * a cancer first ("craniotomy and resection of brain metastasis") is still read as the operation done, and one not
 * done is not read.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { assessChecked as assessOne, thrombosisPlan } from "../support/charted-words.js";
import { notedCondition, pembrolizumabDvtBundle } from "../support/fhir-entries.js";

const subject = { reference: "Patient/p1" };

/** A DVT on 10 March after pembrolizumab, with normal platelets (230 ×10⁹/L) and weight, and the entries given. */
function fhirDvt(...extra: unknown[]): PatientReport {
  return assessOne({ kind: "fhir", value: pembrolizumabDvtBundle(230, ...extra) });
}

const craniotomy = (performed: string, status = "completed") => ({
  resourceType: "Procedure",
  id: "op",
  status,
  subject,
  code: { text: "Craniotomy and resection of brain metastasis" },
  performedDateTime: performed,
});

describe("a recent operation in the plans", () => {
  it("reads a craniotomy Procedure 5 days before a DVT: the treatment dose is timed with the neurosurgeon", () => {
    expect(thrombosisPlan(fhirDvt(craniotomy("2026-03-07")))).toContain(
      "thr-anticoagulation-after-recent-surgery",
    );
  });

  it("threshold: the same craniotomy 14 days and 6 hours before the evaluation is outside the 2 weeks", () => {
    const plan = thrombosisPlan(fhirDvt(craniotomy("2026-02-26T06:00:00Z")));
    expect(plan).toContain("thr-anticoagulation-full-dose");
    expect(plan).not.toContain("thr-anticoagulation-after-recent-surgery");
  });

  it("threshold: 12 days and 18 hours before the evaluation it is inside them", () => {
    expect(thrombosisPlan(fhirDvt(craniotomy("2026-02-27T18:00:00Z")))).toContain(
      "thr-anticoagulation-after-recent-surgery",
    );
  });

  it("does not read a craniotomy that was not done", () => {
    const report = fhirDvt(craniotomy("2026-03-07", "not-done"));
    expect(thrombosisPlan(report)).not.toContain("thr-anticoagulation-after-recent-surgery");
  });

  it("reads a laparotomy charted as a CSV event row", () => {
    const csv = [
      "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex",
      "p1,dose,2026-01-05,,text,,pembrolizumab,,,,,,administration,,,",
      "p1,dose,2026-01-26,,text,,pembrolizumab,,,,,,administration,,,",
      "p1,lab,2026-03-10,,loinc,777-3,Platelets,230,10*9/L,150,400,,,,,",
      "p1,event,2026-03-04,,text,,Exploratory laparotomy,,,,,,,,,",
      "p1,event,2026-03-10,,text,,Pulmonary embolism,,,,,,,,,",
    ].join("\n");
    expect(thrombosisPlan(assessOne({ kind: "csv", text: csv }))).toContain(
      "thr-anticoagulation-after-recent-surgery",
    );
  });

  it("stops bevacizumab after a perforation charted as a FHIR Condition (ICD-10-CM K63.1)", () => {
    const bevacizumab = {
      resourceType: "MedicationAdministration",
      id: "bev",
      status: "completed",
      medicationCodeableConcept: { text: "bevacizumab" },
      subject,
      effectiveDateTime: "2026-02-26",
    };
    const perforation = {
      resourceType: "Condition",
      id: "perf",
      subject,
      code: {
        coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "K63.1" }],
        text: "Perforation of intestine",
      },
      onsetDateTime: "2026-03-08",
    };
    expect(thrombosisPlan(fhirDvt(bevacizumab, perforation))).toContain(
      "thr-avoid-vegf-antibody-gi-perforation",
    );
    expect(thrombosisPlan(fhirDvt(perforation))).not.toContain("thr-avoid-vegf-antibody-gi-perforation");
  });
});

const noted = notedCondition;

const bevacizumab = {
  resourceType: "MedicationAdministration",
  id: "bev",
  status: "completed",
  medicationCodeableConcept: { text: "bevacizumab" },
  subject,
  effectiveDateTime: "2026-02-26",
};

describe("an operation dated relative to the note", () => {
  it.each([
    ["POD 13 s/p hemicolectomy", true],
    ["POD 14 s/p hemicolectomy", false],
    ["POD 15 s/p hemicolectomy", false],
    ["Post-op day 2 after craniotomy", true],
    ["Underwent laparotomy 2 days ago", true],
    ["Craniotomy yesterday", true],
    ["Laparotomy 13 days ago", true],
    ["Laparotomy 14 days ago", false],
    ["s/p laparotomy 3 weeks ago", false],
  ])(
    "threshold: %j beside a DVT → recent-operation line %s (the 14 days count from the operation)",
    (words, inside) => {
      const plan = thrombosisPlan(fhirDvt(noted("op", words)));
      expect(plan.includes("thr-anticoagulation-after-recent-surgery")).toBe(inside);
      expect(plan).toContain(
        inside ? "thr-anticoagulation-after-recent-surgery" : "thr-anticoagulation-full-dose",
      );
    },
  );

  it("reads 'last week' as the calendar week before the note's: up to its Sunday, inside the 14 days", () => {
    // 12 March 2026 is a Thursday: last week ended on Sunday 8 March.
    expect(thrombosisPlan(fhirDvt(noted("op", "Laparotomy last week")))).toContain(
      "thr-anticoagulation-after-recent-surgery",
    );
  });

  it.each([
    ["POD 27 s/p hemicolectomy", true],
    ["POD 28 s/p hemicolectomy", false],
  ])(
    "threshold: %j with bevacizumab given → no further dose line %s (28 days after the operation)",
    (words, inside) => {
      const plan = thrombosisPlan(fhirDvt(bevacizumab, noted("op", words)));
      expect(plan.includes("thr-avoid-vegf-antibody-recent-surgery")).toBe(inside);
    },
  );
});

describe("an operation planned, not done", () => {
  it.each([
    "Planned laparotomy",
    "Scheduled for craniotomy on 2026-03-20",
    "Pre-op for hemicolectomy",
    "Awaiting laparotomy",
    "Craniotomy tomorrow",
  ])("%j opens no window of an operation done", (words) => {
    const plan = thrombosisPlan(fhirDvt(bevacizumab, noted("op", words)));
    expect(plan).not.toContain("thr-anticoagulation-after-recent-surgery");
    expect(plan).not.toContain("thr-avoid-vegf-antibody-recent-surgery");
    expect(plan).toContain("thr-anticoagulation-full-dose");
  });
});

describe("a planned operation in the plans", () => {
  /** A DVT with the platelet count given and the planned operation in words. */
  const dvtWith = (platelets: number, words: string, ...extra: unknown[]) =>
    thrombosisPlan(
      assessOne({ kind: "fhir", value: pembrolizumabDvtBundle(platelets, noted("op", words), ...extra) }),
    );

  it.each([
    [49, true],
    [50, false],
  ])(
    "threshold: a planned laparotomy with platelets %i ×10⁹/L → the count before major surgery named: %s",
    (count, named) => {
      const plan = dvtWith(count, "Planned laparotomy");
      expect(plan.includes("thr-platelets-before-planned-major-surgery")).toBe(named);
      expect(plan).not.toContain("thr-platelets-before-planned-neurosurgery");
    },
  );

  it.each([
    [99, true],
    [100, false],
  ])(
    "threshold: a craniotomy scheduled with platelets %i ×10⁹/L → the count before neurosurgery named: %s",
    (count, named) => {
      const plan = dvtWith(count, "Scheduled for craniotomy on 2026-03-20");
      expect(plan.includes("thr-platelets-before-planned-neurosurgery")).toBe(named);
      expect(plan).not.toContain("thr-platelets-before-planned-major-surgery");
    },
  );

  it("names no count for an operation done", () => {
    const plan = dvtWith(40, "POD 2 s/p laparotomy");
    expect(plan).not.toContain("thr-platelets-before-planned-major-surgery");
    expect(plan).toContain("thr-anticoagulation-after-recent-surgery");
  });

  it("withholds bevacizumab before a planned operation, and only with it given", () => {
    expect(dvtWith(230, "Pre-op for hemicolectomy", bevacizumab)).toContain(
      "thr-avoid-vegf-antibody-planned-surgery",
    );
    expect(dvtWith(230, "Pre-op for hemicolectomy")).not.toContain("thr-avoid-vegf-antibody-planned-surgery");
    expect(dvtWith(230, "POD 2 s/p hemicolectomy", bevacizumab)).not.toContain(
      "thr-avoid-vegf-antibody-planned-surgery",
    );
  });
});
