/**
 * Per-patient counts: every resource of a bundle — contained ones and members of other types included —
 * is counted once, on the patient it belongs to or on the input, and the counts add up.
 */
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import type { PatientRecord, RecordCounts } from "../../contracts/model.js";
import { mergeRecords, zeroCounts } from "../patient-builder.js";
import { ingestFhir, ingestNdjson } from "./ingest.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "b.json" };
const LOINC = "http://loinc.org";
const SCT = "http://snomed.info/sct";
const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
const subject = { reference: "Patient/p1" };

const bundle = (...resources: unknown[]) => ({
  resourceType: "Bundle",
  type: "collection",
  entry: resources.map((resource) => ({ resource })),
});
const platelets = (id: string, value: number, extra: Record<string, unknown> = {}) => ({
  resourceType: "Observation",
  id,
  status: "final",
  code: { coding: [{ system: LOINC, code: "777-3" }] },
  subject,
  effectiveDateTime: "2024-03-01T08:00:00Z",
  valueQuantity: { value, unit: "10*9/L" },
  ...extra,
});

/** read = used + merged + rejected + notUsed + ignored, and the by-type maps match their totals. */
function expectConsistent(p: PatientRecord): void {
  const { read, ...outcomes } = p.counts;
  expect(Object.values(outcomes).reduce((a, n) => a + n, 0)).toBe(read);
  expect(Object.values(p.ignored).reduce((a, n) => a + n, 0)).toBe(p.counts.ignored);
  const notUsed = Object.values(p.notUsed).flatMap((s) => Object.values(s));
  expect(notUsed.reduce((a, n) => a + n, 0)).toBe(p.counts.notUsed);
}

const counts = (c: Partial<RecordCounts>): RecordCounts => ({ ...zeroCounts(), ...c });

describe("per-patient counts", () => {
  // 14 resources, 3 of them contained.
  const input = bundle(
    { resourceType: "Patient", id: "p1", generalPractitioner: [{ reference: "Practitioner/gp" }] },
    platelets("plt", 12),
    platelets("future", 12, { effectiveDateTime: "2030-01-01" }),
    {
      resourceType: "Observation",
      id: "bp",
      status: "final",
      code: { coding: [{ system: LOINC, code: "55284-4", display: "Blood pressure" }] },
      subject,
      effectiveDateTime: "2024-03-01",
    },
    {
      resourceType: "MedicationRequest",
      id: "pembro",
      status: "active",
      intent: "order",
      subject,
      authoredOn: "2024-01-01",
      medicationReference: { reference: "#m" },
      contained: [
        { resourceType: "Medication", id: "m", code: { coding: [{ system: RXNORM, code: "1597876" }] } },
      ],
    },
    {
      resourceType: "MedicationRequest",
      id: "fexo",
      status: "active",
      intent: "order",
      subject,
      authoredOn: "2024-01-01",
      medicationReference: { reference: "Medication/fexofenadine" },
    },
    {
      resourceType: "Medication",
      id: "fexofenadine",
      code: { coding: [{ system: RXNORM, code: "997488" }] },
    },
    {
      resourceType: "DiagnosticReport",
      id: "cbc",
      status: "final",
      subject,
      result: [{ reference: "#c1" }],
      contained: [{ ...platelets("c1", 12), subject: undefined }],
    },
    {
      resourceType: "Encounter",
      id: "e1",
      subject,
      serviceProvider: { reference: "Organization/hospital" },
      contained: [{ resourceType: "Location", id: "ward" }],
    },
    { resourceType: "Organization", id: "hospital" },
    { resourceType: "Practitioner", id: "gp" },
  );
  const r = ingestFhir(input, opts);
  const p = r.patients[0] as PatientRecord;

  it("counts all 14 resources of the bundle, 3 of them contained, on the patient", () => {
    expect(p.counts).toEqual(counts({ read: 14, used: 5, merged: 1, rejected: 1, notUsed: 3, ignored: 4 }));
    expect(r.stats).toEqual(p.counts);
    expectConsistent(p);
  });

  it("says what each was: contained copies merged, out-of-scope codes not used, other types ignored", () => {
    // used: Patient, Observation/plt, MedicationRequest/pembro and its contained Medication, the report.
    expect(p.labs.map((l) => l.ref)).toEqual(["Observation/plt"]);
    expect(p.exposures[0]?.doses.map((d) => d.ref)).toEqual(["MedicationRequest/pembro"]);
    expect(p.rejected.map((x) => [x.ref, x.code])).toEqual([["Observation/future", "future-date"]]);
    expect(p.notUsed).toEqual({
      Observation: { [LOINC]: 1 },
      MedicationRequest: { [RXNORM]: 1 },
      Medication: { [RXNORM]: 1 },
    });
    // The Organization and Practitioner name no patient but are referenced by the patient's records.
    expect(p.ignored).toEqual({ Encounter: 1, Location: 1, Organization: 1, Practitioner: 1 });
    expect(r.ignored).toEqual({});
  });

  it("counts resources that belong to no patient on the input, and contained ones with their host", () => {
    const orphan = ingestFhir(
      bundle(
        { resourceType: "Patient", id: "p1" },
        { resourceType: "Organization", id: "o", contained: [{ resourceType: "Endpoint", id: "x" }] },
        { ...platelets("nosubject", 12), subject: undefined, contained: [{ resourceType: "Device" }] },
      ),
      opts,
    );
    expect(orphan.patients[0]?.counts).toEqual(counts({ read: 1, used: 1 }));
    expect(orphan.ignored).toEqual({ Organization: 1, Endpoint: 1, Device: 1 });
    expect(orphan.stats).toEqual(counts({ read: 5, used: 1, rejected: 1, ignored: 3 }));
    expect(orphan.inputErrors.map((e) => e.code)).toEqual(["missing-subject"]);
  });

  it("counts a resource referenced by two patients' records once, on the first", () => {
    const shared = ingestFhir(
      bundle(
        { resourceType: "Patient", id: "p1" },
        { resourceType: "Patient", id: "p2" },
        {
          resourceType: "Encounter",
          id: "e2",
          subject: { reference: "Patient/p2" },
          serviceProvider: { reference: "Organization/o" },
        },
        { resourceType: "Encounter", id: "e1", subject, serviceProvider: { reference: "Organization/o" } },
        { resourceType: "Organization", id: "o" },
      ),
      opts,
    );
    expect(shared.patients.map((x) => [x.patientId, x.ignored])).toEqual([
      ["p1", { Encounter: 1 }],
      ["p2", { Encounter: 1, Organization: 1 }],
    ]);
  });

  it("counts a resource sent twice once, and the repeat as merged", () => {
    const bp = (input.entry[3] as { resource: unknown }).resource;
    const twice = ingestFhir(bundle({ resourceType: "Patient", id: "p1" }, bp, bp), opts);
    expect(twice.patients[0]?.counts).toEqual(counts({ read: 3, used: 1, notUsed: 1, merged: 1 }));
    expect(twice.patients[0]?.notUsed).toEqual({ Observation: { [LOINC]: 1 } });
  });

  it("adds the counts of two files of one patient, a result found in both counted once as used", () => {
    const a = ingestFhir(bundle({ resourceType: "Patient", id: "p1" }, platelets("plt", 12)), opts)
      .patients[0];
    const b = ingestFhir(
      bundle(
        { resourceType: "Patient", id: "p1" },
        platelets("plt", 12),
        platelets("other", 40, { effectiveDateTime: "2024-03-02" }),
      ),
      { ...opts, file: "c.json" },
    ).patients[0];
    const merged = mergeRecords(a as PatientRecord, b as PatientRecord);
    expect(merged.counts).toEqual(counts({ read: 5, used: 4, merged: 1 }));
    expectConsistent(merged);
  });

  it("counts NDJSON lines the same way and cites a line that names no patient as file:LINE", () => {
    const text = [
      JSON.stringify({ resourceType: "Patient", id: "p1" }),
      JSON.stringify(platelets("plt", 12)),
      JSON.stringify({ ...platelets("orphan", 12), subject: undefined }),
    ].join("\n");
    const r2 = ingestNdjson(text, { ...opts, file: "x.ndjson" });
    expect(r2.patients[0]?.counts).toEqual(counts({ read: 2, used: 2 }));
    expect(r2.inputErrors.map((e) => [e.ref, e.reason])).toEqual([
      ["x.ndjson:3", "Observation/orphan: Observation has no subject reference"],
    ]);
  });
});

describe("conditions from the problem list and from encounters", () => {
  const dvt = (id: string, extra: Record<string, unknown>) => ({
    resourceType: "Condition",
    id,
    subject,
    code: { coding: [{ system: SCT, code: "128053003", display: "Deep venous thrombosis" }] },
    onsetDateTime: "2024-04-01",
    ...extra,
  });
  const category = (code: string) => ({
    category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-category", code }] }],
  });

  it("reads a problem-list item and an encounter diagnosis the same way; the Encounter is ignored", () => {
    const r = ingestFhir(
      bundle(
        { resourceType: "Patient", id: "p1" },
        dvt("problem", category("problem-list-item")),
        dvt("diagnosis", category("encounter-diagnosis")),
        {
          resourceType: "Encounter",
          id: "e",
          subject,
          diagnosis: [
            { condition: { reference: "Condition/diagnosis" } },
            { condition: { reference: "#c" } },
          ],
          contained: [dvt("c", { subject: undefined, onsetDateTime: "2024-04-02" })],
        },
      ),
      opts,
    );
    const p = r.patients[0] as PatientRecord;
    expect(p.events.map((e) => [e.ref, e.kind, e.qualifiers])).toEqual([
      ["Condition/problem", "thrombosis", ["venous"]],
      ["Condition/diagnosis", "thrombosis", ["venous"]],
      ["Encounter/e#c", "thrombosis", ["venous"]],
    ]);
    expect(p.ignored).toEqual({ Encounter: 1 });
    expect(p.counts).toEqual(counts({ read: 5, used: 4, ignored: 1 }));
  });
});
