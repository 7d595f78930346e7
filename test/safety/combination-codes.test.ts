/**
 * One ICD-10-CM code, two events: an ulcer "with both hemorrhage and perforation" (K25–K28 .2 and .6) is a
 * gastrointestinal bleed and a gastrointestinal perforation, charted as a FHIR Condition or as a CSV event row, through
 * the engine the CLI drives. The bleed is an active gastrointestinal lesion (LMWH, not a DOAC: ITAC 2022, ISTH SSC
 * 2018) and the perforation stops a VEGF antibody (bevacizumab's and ramucirumab's labels). Before, one code named one
 * event kind and the code was read as the perforation only: a pulmonary embolism after it was offered any DOAC.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { assessChecked as assessOne, thrombosisPlan } from "../support/charted-words.js";
import { pembrolizumabBundle, plateletCount } from "../support/fhir-entries.js";

const subject = { reference: "Patient/p1" };
const GI_BLEED_LINES = ["thr-anticoagulation-full-dose-gi-bleeding", "thr-avoid-doac-gi-bleeding"];
const PERFORATION_LINE = "thr-avoid-vegf-antibody-gi-perforation";

const bevacizumab = {
  resourceType: "MedicationAdministration",
  id: "bev",
  status: "completed",
  medicationCodeableConcept: { text: "bevacizumab" },
  subject,
  effectiveDateTime: "2026-02-26",
};

/** A pulmonary embolism on 10 March after pembrolizumab and bevacizumab, an ulcer coded `code` on 1 March. */
function fhirPe(code: string): PatientReport {
  return assessOne({
    kind: "fhir",
    value: pembrolizumabBundle(
      plateletCount("2026-03-10", { value: 230, unit: "10*9/L" }),
      {
        resource: {
          resourceType: "Condition",
          id: "pe",
          subject,
          code: { text: "Pulmonary embolism" },
          onsetDateTime: "2026-03-10",
        },
      },
      { resource: bevacizumab },
      {
        resource: {
          resourceType: "Condition",
          id: "ulcer",
          subject,
          code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code }] },
          onsetDateTime: "2026-03-01",
        },
      },
    ),
  });
}

function csvPe(code: string): PatientReport {
  const csv = [
    "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex",
    "p1,dose,2026-01-05,,text,,pembrolizumab,,,,,,administration,,,",
    "p1,dose,2026-02-26,,text,,bevacizumab,,,,,,administration,,,",
    "p1,lab,2026-03-10,,loinc,777-3,Platelets,230,10*9/L,150,400,,,,,",
    `p1,event,2026-03-01,,icd10cm,${code},,,,,,,,,,`,
    "p1,event,2026-03-10,,text,,Pulmonary embolism,,,,,,,,,",
  ].join("\n");
  return assessOne({ kind: "csv", text: csv });
}

describe("an ulcer coded with both haemorrhage and perforation", () => {
  it.each([
    ["FHIR Condition", fhirPe],
    ["CSV event row", csvPe],
  ])("%s K25.2: the bleed's LMWH-not-DOAC lines and the perforation's stop-bevacizumab line", (_, read) => {
    const plan = thrombosisPlan(read("K25.2"));
    expect(plan).toEqual(expect.arrayContaining([...GI_BLEED_LINES, PERFORATION_LINE]));
    expect(plan).not.toContain("thr-anticoagulation-full-dose");
  });

  it.each([
    ["FHIR Condition", fhirPe],
    ["CSV event row", csvPe],
  ])("%s K25.1 (perforation only): the stop-bevacizumab line, a DOAC left open", (_, read) => {
    const plan = thrombosisPlan(read("K25.1"));
    expect(plan).toContain(PERFORATION_LINE);
    for (const id of GI_BLEED_LINES) expect(plan).not.toContain(id);
  });

  it("K25.3 (neither haemorrhage nor perforation): no line on either", () => {
    const plan = thrombosisPlan(fhirPe("K25.3"));
    expect(plan).toContain("thr-anticoagulation-full-dose");
    for (const id of [...GI_BLEED_LINES, PERFORATION_LINE]) expect(plan).not.toContain(id);
  });
});
