import { describe, expect, it } from "vitest";
import { observation } from "../../../../../test/support/fhir-entries.js";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestFhir, ingestNdjson } from "./ingest.js";
import { notDone } from "./record-status.js";

const EVALUATED_AT = "2025-03-01T00:00:00Z";
const opts = { vocabulary, evaluatedAt: EVALUATED_AT, file: "case.json" };
const SCT = "http://snomed.info/sct";

const patient = (id = "p1", extra: Record<string, unknown> = {}) => ({
  resourceType: "Patient",
  id,
  ...extra,
});
const bundle = (...resources: unknown[]) => ({
  resourceType: "Bundle",
  type: "collection",
  entry: resources.map((resource) => ({ resource })),
});
const obs = (id: string, code: string, value: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  observation(id, code, { ...value, ...extra });
const qty = (value: number, unit?: string, code?: string) => ({
  valueQuantity: {
    value,
    ...(unit !== undefined && { unit }),
    ...(code !== undefined && { system: "http://unitsofmeasure.org", code }),
  },
});

function one(...resources: unknown[]) {
  const r = ingestFhir(bundle(patient(), ...resources), opts);
  expect(r.patients).toHaveLength(1);
  return { ...r, record: r.patients[0] as NonNullable<(typeof r.patients)[0]> };
}

describe("ingestFhir: labs", () => {
  it("reads a platelet count in K/uL into ×10⁹/L with its source reference range", () => {
    const { record, stats } = one(
      obs("plt", "777-3", qty(12, "K/uL"), {
        referenceRange: [{ low: { value: 150, unit: "K/uL" }, high: { value: 400, unit: "K/uL" } }],
      }),
    );
    expect(record.labs).toEqual([
      {
        ref: "Observation/plt",
        lab: "platelets",
        loinc: "777-3",
        at: "2024-03-01T08:00:00Z",
        value: 12,
        unit: "10*9/L",
        refLow: 150,
        refHigh: 400,
        original: { value: 12, unit: "K/uL" },
      },
    ]);
    expect(stats).toEqual({ read: 2, used: 2, merged: 0, rejected: 0, notUsed: 0, ignored: 0 });
    expect(record.counts).toEqual(stats);
  });

  it("prefers the UCUM code of a quantity over its display unit", () => {
    const { record } = one(obs("hb", "718-7", qty(80, "gram per litre", "g/L")));
    expect(record.labs[0]?.value).toBe(8);
  });

  it("takes the date from effectiveDateTime, then effectivePeriod.start, then issued", () => {
    const { record } = one(
      obs("a", "777-3", qty(100, "10*9/L"), {
        effectiveDateTime: undefined,
        effectivePeriod: { start: "2024-03-02T00:00:00Z" },
        issued: "2024-03-05T00:00:00Z",
      }),
      obs("b", "718-7", qty(9, "g/dL"), { effectiveDateTime: undefined, issued: "2024-03-05T00:00:00Z" }),
    );
    expect(record.labs.map((l) => [l.ref, l.at])).toEqual([
      ["Observation/a", "2024-03-02T00:00:00Z"],
      ["Observation/b", "2024-03-05T00:00:00Z"],
    ]);
  });

  it("reads a date-time without offset as UTC, whatever the machine's time zone", () => {
    const { record } = one(
      obs("a", "777-3", qty(100, "10*9/L"), { effectiveDateTime: "2024-03-01T23:30:00" }),
    );
    expect(record.labs[0]?.at).toBe("2024-03-01T23:30:00Z");
  });

  it("reads qualitative DAT and schistocyte results", () => {
    const { record } = one(
      obs("dat", "1007-4", {
        valueCodeableConcept: { coding: [{ system: SCT, code: "10828004", display: "Positive" }] },
      }),
      obs("sch", "800-3", { valueString: "Not detected" }),
    );
    expect(record.labs.map((l) => [l.lab, l.qualitative])).toEqual([
      ["dat", "positive"],
      ["schistocytes", "negative"],
    ]);
  });

  it("keeps a result found both as an Observation and inside a DiagnosticReport once", () => {
    const plt = obs("plt", "777-3", qty(12, "10*9/L"));
    const report = {
      resourceType: "DiagnosticReport",
      id: "cbc",
      status: "final",
      subject: { reference: "Patient/p1" },
      contained: [{ ...plt, id: "c1", subject: undefined }],
      result: [{ reference: "#c1" }, { reference: "Observation/plt" }],
    };
    const { record, stats } = one(plt, report);
    expect(record.labs).toHaveLength(1);
    // Patient, Observation and report used; the contained copy is merged.
    expect(stats).toEqual({ read: 4, used: 3, merged: 1, rejected: 0, notUsed: 0, ignored: 0 });
  });

  it("merges the same observation repeated in the input, and reports two values at one instant as a Conflict", () => {
    const { record, stats } = one(
      obs("a", "777-3", qty(12, "10*9/L")),
      obs("a", "777-3", qty(12, "10*9/L")),
      obs("b", "777-3", qty(150, "10*9/L")),
    );
    expect(stats.merged).toBe(1);
    expect(record.labs).toHaveLength(2);
    expect(record.conflicts).toEqual([
      {
        refs: ["Observation/a", "Observation/b"],
        kind: "same-instant-values",
        detail: "two Platelet count results at the same instant: 12 and 150 10*9/L",
      },
    ]);
  });

  it("rejects each unusable observation with a specific reason and field", () => {
    const { record, stats } = one(
      obs("future", "777-3", qty(12, "10*9/L"), { effectiveDateTime: "2025-03-01T00:00:01Z" }),
      obs("baddate", "777-3", qty(12, "10*9/L"), { effectiveDateTime: "01/03/2024" }),
      obs("nodate", "777-3", qty(12, "10*9/L"), { effectiveDateTime: undefined }),
      obs("err", "777-3", qty(12, "10*9/L"), { status: "entered-in-error" }),
      obs("absent", "777-3", {
        dataAbsentReason: { coding: [{ code: "not-performed", display: "Not Performed" }] },
      }),
      obs("huge", "777-3", qty(1e9, "10*9/L")),
      obs("unit", "777-3", qty(10, "g/dL")),
    );
    expect(record.labs).toEqual([]);
    expect(stats.rejected).toBe(7);
    const byRef = Object.fromEntries(
      record.rejected.map((r) => [r.ref.replace("Observation/", ""), [r.code, r.field, r.reason]]),
    );
    expect(byRef).toEqual({
      future: [
        "future-date",
        "effectiveDateTime",
        "effectiveDateTime 2025-03-01T00:00:01Z is after the evaluation time",
      ],
      baddate: [
        "invalid-date",
        "effectiveDateTime",
        'effectiveDateTime "01/03/2024" is not a complete ISO 8601 date or date-time',
      ],
      nodate: [
        "missing-date",
        undefined,
        "no date: none of effectiveDateTime, effectivePeriod.start, effectivePeriod.end, effectiveInstant, effectiveTiming.event[0], issued is present",
      ],
      err: ["not-final", "status", "status is entered-in-error"],
      absent: [
        "data-absent",
        "dataAbsentReason",
        "no value: data absent (code not-performed (Not Performed))",
      ],
      huge: [
        "implausible-value",
        "valueQuantity",
        expect.stringMatching(/outside the physiologically possible range/),
      ],
      unit: ["unit-not-convertible", "valueQuantity", expect.stringMatching(/cannot express Platelet count/)],
    });
    expect(record.rejected.every((r) => r.file === "case.json")).toBe(true);
  });

  it("accepts a result dated exactly at the evaluation time (the cut-off is strictly after)", () => {
    const { record } = one(obs("edge", "777-3", qty(12, "10*9/L"), { effectiveDateTime: EVALUATED_AT }));
    expect(record.labs).toHaveLength(1);
  });

  it("reads the body-mass index into the record", () => {
    const { record } = one(obs("bmi", "39156-5", qty(31.2, "kg/m2", "kg/m2")));
    expect(record.bmi).toBe(31.2);
  });

  it("keeps the body-mass index's date: the plans read it within a window", () => {
    const { record } = one(obs("bmi", "39156-5", qty(41, "kg/m2", "kg/m2")));
    expect(record.bmiAt).toBe("2024-03-01T08:00:00Z");
  });

  it("reads a vital-signs body weight in pounds as kilograms (UCUM [lb_av], or lbs as EHRs send it)", () => {
    const vital = { category: [{ coding: [{ code: "vital-signs" }] }] };
    const { record } = one(
      obs("w1", "29463-7", qty(300, "lb", "[lb_av]"), vital),
      obs("w2", "29463-7", qty(110, "lbs"), { ...vital, effectiveDateTime: "2024-03-02T08:00:00Z" }),
    );
    const kg = record.labs.filter((l) => l.lab === "body-weight").map((l) => Number(l.value?.toFixed(1)));
    expect(kg.sort()).toEqual([136.1, 49.9].sort());
    expect(record.rejected).toEqual([]);
  });
});

describe("ingestFhir: subjects and references", () => {
  it("resolves urn:uuid full URLs and absolute URLs ending in Patient/id", () => {
    const input = {
      resourceType: "Bundle",
      type: "transaction",
      entry: [
        { fullUrl: "urn:uuid:11111111-2222", resource: { resourceType: "Patient", id: "11111111-2222" } },
        {
          resource: obs("a", "777-3", qty(12, "10*9/L"), {
            subject: { reference: "urn:uuid:11111111-2222" },
          }),
        },
        {
          resource: obs("b", "718-7", qty(9, "g/dL"), {
            subject: { reference: "https://ehr.example/fhir/Patient/11111111-2222" },
          }),
        },
      ],
    };
    const r = ingestFhir(input, opts);
    expect(r.patients[0]?.labs).toHaveLength(2);
  });

  // Found by the ingestion property test: `result: false` was iterated and the whole input crashed.
  it("refuses a DiagnosticReport whose result is not a list, with the reason, and reads the rest", () => {
    const { record } = one(
      {
        resourceType: "DiagnosticReport",
        id: "r",
        status: "final",
        subject: { reference: "Patient/p1" },
        result: false,
      },
      obs("a", "777-3", qty(12, "10*9/L")),
    );
    expect(record.labs).toHaveLength(1);
    expect(record.rejected).toContainEqual(
      expect.objectContaining({ code: "value-type", reason: expect.stringMatching(/result is not a list/) }),
    );
    expect(record.counts).toMatchObject({ read: 3, used: 2, rejected: 1 });
  });

  it("rejects a resource without subject even when the input holds a single patient", () => {
    const r = ingestFhir(
      bundle(patient(), obs("a", "777-3", qty(12, "10*9/L"), { subject: undefined })),
      opts,
    );
    expect(r.patients[0]?.labs).toEqual([]);
    expect(r.inputErrors).toEqual([
      {
        ref: "case.json#entry[1]",
        code: "missing-subject",
        reason: "Observation/a: Observation has no subject reference",
        file: "case.json",
        field: "subject",
      },
    ]);
    expect(r.stats).toEqual({ read: 2, used: 1, merged: 0, rejected: 1, notUsed: 0, ignored: 0 });
  });

  it("rejects a subject that does not resolve to a Patient, naming the field and reference", () => {
    const r = ingestFhir(
      bundle(patient(), obs("a", "777-3", qty(12, "10*9/L"), { subject: { reference: "urn:uuid:nope" } }), {
        ...obs("b", "777-3", qty(12, "10*9/L")),
        subject: { reference: "Group/g" },
      }),
      opts,
    );
    expect(r.inputErrors.map((e) => [e.ref, e.code, e.field, e.reason])).toEqual([
      [
        "case.json#entry[1]",
        "broken-reference",
        "subject",
        'Observation/a: subject reference "urn:uuid:nope" is not in the input',
      ],
      [
        "case.json#entry[2]",
        "broken-reference",
        "subject",
        'Observation/b: subject reference "Group/g" names a Group, not a Patient: the record belongs to no one patient',
      ],
    ]);
    // The same when the Group was sent, and for a device given by an absolute URL.
    const sent = ingestFhir(
      bundle(
        patient(),
        { resourceType: "Group", id: "g", type: "person", actual: true },
        { ...obs("c", "777-3", qty(12, "10*9/L")), subject: { reference: "Group/g" } },
        {
          ...obs("d", "777-3", qty(12, "10*9/L")),
          subject: { reference: "https://ehr.example.org/fhir/Device/7/_history/2" },
        },
      ),
      opts,
    );
    expect(sent.inputErrors.filter((e) => e.code === "broken-reference").map((e) => e.reason)).toEqual([
      'Observation/c: subject reference "Group/g" is a Group, not a Patient: the record belongs to no one patient',
      'Observation/d: subject reference "https://ehr.example.org/fhir/Device/7/_history/2" names a Device, not a Patient: the record belongs to no one patient',
    ]);
  });

  it("reads records naming a Patient the input does not hold as that patient's, without demographics, and says so", () => {
    // A search of one patient's labs and doses without `_include` of the Patient: relative, absolute and
    // versioned references to Patient/p9 are one patient.
    const r = ingestFhir(
      bundle(
        obs("a", "777-3", qty(8, "10*9/L"), { subject: { reference: "Patient/p9" } }),
        obs("b", "777-3", qty(9, "10*9/L"), {
          subject: { reference: "https://ehr.example.org/fhir/Patient/p9/_history/3" },
          effectiveDateTime: "2024-03-02T08:00:00Z",
        }),
        { resourceType: "Encounter", id: "e1", subject: { reference: "Patient/p9" } },
      ),
      opts,
    );
    expect(r.inputErrors).toEqual([]);
    expect(r.patients).toHaveLength(1);
    const p9 = r.patients[0];
    expect(p9?.patientId).toBe("p9");
    expect(p9?.labs.map((l) => [l.ref, l.value])).toEqual([
      ["Observation/a", 8],
      ["Observation/b", 9],
    ]);
    expect(p9?.birthDate).toBeUndefined();
    expect(p9?.sex).toBeUndefined();
    expect(p9?.absentPatient?.ref).toBe("Patient/p9");
    expect(p9?.absentPatient?.detail).toMatch(/is not in the input.*demographics not read/);
    // The stand-in is no record of the input: nothing more is read than was sent (2 labs, 1 Encounter).
    expect(p9?.counts).toEqual({ read: 3, used: 2, merged: 0, rejected: 0, notUsed: 0, ignored: 1 });
    expect(r.stats).toEqual(p9?.counts);
  });

  it("keeps reading the demographics of a Patient the input holds, and says nothing is missing", () => {
    const r = ingestFhir(
      bundle(
        patient("p1", { gender: "female", birthDate: "1950-02-03" }),
        obs("a", "777-3", qty(8, "10*9/L"), {
          subject: { reference: "https://ehr.example.org/fhir/Patient/p1" },
        }),
      ),
      opts,
    );
    expect(r.patients).toHaveLength(1);
    expect(r.patients[0]).toMatchObject({ patientId: "p1", birthDate: "1950-02-03", sex: "female" });
    expect(r.patients[0]?.absentPatient).toBeUndefined();
    expect(r.patients[0]?.labs).toHaveLength(1);
  });

  it("makes each absent Patient named a patient of its own, beside the Patients the input holds", () => {
    const r = ingestFhir(
      bundle(
        patient("p1", { gender: "male" }),
        obs("a", "777-3", qty(8, "10*9/L"), { subject: { reference: "Patient/x1" } }),
        obs("b", "777-3", qty(200, "10*9/L"), { subject: { reference: "Patient/x2" } }),
        obs("c", "777-3", qty(150, "10*9/L")),
      ),
      opts,
    );
    expect(r.inputErrors).toEqual([]);
    expect(
      r.patients.map((p) => [p.patientId, p.absentPatient?.ref, p.sex, p.labs.map((l) => l.value)]),
    ).toEqual([
      ["p1", undefined, "male", [150]],
      ["x1", "Patient/x1", undefined, [8]],
      ["x2", "Patient/x2", undefined, [200]],
    ]);
  });

  it("still refuses what names no Patient by id: no subject, a Group, an unresolved urn:uuid or search", () => {
    const r = ingestFhir(
      bundle(
        obs("a", "777-3", qty(8, "10*9/L"), { subject: undefined }),
        obs("b", "777-3", qty(8, "10*9/L"), { subject: { reference: "Group/g" } }),
        obs("c", "777-3", qty(8, "10*9/L"), { subject: { reference: "urn:uuid:5c55a67c" } }),
        obs("d", "777-3", qty(8, "10*9/L"), { subject: { reference: "Patient?name=smith" } }),
        // A resource outside the contract never stands a patient in on its own.
        { resourceType: "Encounter", id: "e1", subject: { reference: "Patient/p9" } },
      ),
      opts,
    );
    expect(r.patients).toEqual([]);
    expect(r.inputErrors.map((e) => [e.code, e.reason])).toEqual([
      ["missing-subject", "Observation/a: Observation has no subject reference"],
      [
        "broken-reference",
        'Observation/b: subject reference "Group/g" names a Group, not a Patient: the record belongs to no one patient',
      ],
      ["broken-reference", 'Observation/c: subject reference "urn:uuid:5c55a67c" is not in the input'],
      ["broken-reference", 'Observation/d: subject reference "Patient?name=smith" is not in the input'],
    ]);
    expect(r.ignored).toEqual({ Encounter: 1 });
    expect(r.stats).toMatchObject({ read: 5, rejected: 4, ignored: 1 });
  });

  it("builds one record per patient of a multi-patient bundle", () => {
    const r = ingestFhir(
      bundle(
        patient("p1", { gender: "female", birthDate: "1950-02-03" }),
        patient("p2"),
        obs("a", "777-3", qty(12, "10*9/L")),
        {
          ...obs("b", "777-3", qty(40, "10*9/L")),
          subject: { reference: "Patient/p2" },
        },
      ),
      opts,
    );
    expect(r.patients.map((p) => [p.patientId, p.sex, p.birthDate, p.labs.map((l) => l.value)])).toEqual([
      ["p1", "female", "1950-02-03", [12]],
      ["p2", undefined, undefined, [40]],
    ]);
  });

  it("rejects a birthDate the calendar lacks or after the evaluation, keeping the patient without an age", () => {
    for (const [birthDate, code] of [
      ["1970-02-30", "invalid-date"],
      ["1970-13", "invalid-date"],
      ["2025-03-02", "future-date"],
    ] as const) {
      const r = ingestFhir(bundle(patient("p1", { birthDate }), obs("a", "777-3", qty(12, "10*9/L"))), opts);
      const p = r.patients[0];
      expect(p?.birthDate, birthDate).toBeUndefined();
      expect(p?.labs.map((l) => l.value)).toEqual([12]);
      expect(p?.rejected.map((x) => [x.ref, x.code, x.field])).toEqual([["Patient/p1", code, "birthDate"]]);
    }
    const partial = ingestFhir(bundle(patient("p1", { birthDate: "1958-07" })), opts).patients[0];
    expect([partial?.birthDate, partial?.rejected]).toEqual(["1958-07", []]);
  });

  it("counts resource types outside the contract on their patient, and unattributed ones on the input", () => {
    const r = ingestFhir(
      bundle(
        patient(),
        { resourceType: "Claim", id: "c", patient: { reference: "Patient/p1" } },
        { resourceType: "Encounter", id: "e", subject: { reference: "Patient/p1" } },
        { resourceType: "Organization", id: "o" },
      ),
      opts,
    );
    expect(r.patients[0]?.ignored).toEqual({ Claim: 1, Encounter: 1 });
    expect(r.ignored).toEqual({ Organization: 1 });
    expect(r.patients[0]?.counts).toEqual({
      read: 3,
      used: 1,
      merged: 0,
      rejected: 0,
      notUsed: 0,
      ignored: 2,
    });
    expect(r.stats).toEqual({ read: 4, used: 1, merged: 0, rejected: 0, notUsed: 0, ignored: 3 });
  });

  it("reports input that is not FHIR instead of failing", () => {
    expect(ingestFhir([1, 2], opts).inputErrors[0]?.code).toBe("not-fhir");
    expect(ingestFhir({ hello: "world" }, opts).patients).toEqual([]);
  });
});

describe("ingestFhir: drugs, procedures, conditions", () => {
  const admin = (id: string, extra: Record<string, unknown>) => ({
    resourceType: "MedicationAdministration",
    id,
    status: "completed",
    subject: { reference: "Patient/p1" },
    effectiveDateTime: "2024-01-10T09:00:00Z",
    ...extra,
  });

  it("turns administrations, requests and statements of a catalogue drug into doses of one exposure", () => {
    const { record } = one(
      admin("a1", {
        medicationCodeableConcept: {
          coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "1597876" }],
        },
      }),
      {
        resourceType: "MedicationRequest",
        id: "r1",
        status: "active",
        intent: "order",
        subject: { reference: "Patient/p1" },
        authoredOn: "2024-01-01",
        medicationReference: { reference: "#m" },
        contained: [{ resourceType: "Medication", id: "m", code: { text: "Pembrolizumab" } }],
      },
      {
        resourceType: "MedicationStatement",
        id: "s1",
        status: "active",
        subject: { reference: "Patient/p1" },
        effectivePeriod: { start: "2024-02-01", end: "2024-03-01" },
        medicationReference: { reference: "Medication/med1" },
      },
      { resourceType: "Medication", id: "med1", code: { text: "pembrolizumab" } },
    );
    expect(record.exposures).toHaveLength(1);
    expect(record.exposures[0]).toMatchObject({
      drug: "pembrolizumab",
      class: "ici",
      first: "2024-01-01",
      last: "2024-02-01",
    });
    expect(record.exposures[0]?.doses.map((d) => [d.kind, d.end])).toEqual([
      ["request", undefined],
      ["administration", undefined],
      ["statement", "2024-03-01"],
    ]);
  });

  it("marks an administration whose period ends after the evaluation running; not one that ended, nor a statement", () => {
    const given = (id: string, type: string, end: string) => ({
      resourceType: type,
      id,
      status: type === "MedicationAdministration" ? "in-progress" : "active",
      subject: { reference: "Patient/p1" },
      effectivePeriod: { start: "2025-02-20T10:00:00Z", end },
      medicationCodeableConcept: { text: "pembrolizumab" },
    });
    const running = (r: ReturnType<typeof one>) =>
      r.record.exposures[0]?.doses.map((d) => [d.kind, d.running ?? false, d.end?.slice(0, 10)]);
    expect(running(one(given("a1", "MedicationAdministration", "2025-03-19T10:00:00Z")))).toEqual([
      ["administration", true, undefined],
    ]);
    expect(running(one(given("a2", "MedicationAdministration", "2025-02-28T10:00:00Z")))).toEqual([
      ["administration", false, "2025-02-28"],
    ]);
    expect(running(one(given("s1", "MedicationStatement", "2025-03-19T10:00:00Z")))).toEqual([
      ["statement", false, undefined],
    ]);
  });

  it("keeps an active statement or request without an end open (ongoing); a completed or stopped one ends at its start", () => {
    const statement = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
      resourceType: "MedicationStatement",
      id,
      status,
      subject: { reference: "Patient/p1" },
      effectivePeriod: { start: "2024-01-05" },
      medicationCodeableConcept: { text: "enoxaparin" },
      ...extra,
    });
    const { record } = one(
      statement("active", "active"),
      statement("completed", "completed"),
      statement("stopped", "stopped"),
      statement("dated", "completed", { effectivePeriod: { start: "2024-01-05", end: "2024-01-20" } }),
      {
        resourceType: "MedicationRequest",
        id: "rx",
        status: "active",
        intent: "order",
        subject: { reference: "Patient/p1" },
        authoredOn: "2024-01-06",
        medicationCodeableConcept: { text: "enoxaparin" },
      },
      admin("running", {
        status: "in-progress",
        effectiveDateTime: undefined,
        effectivePeriod: { start: "2024-01-07T09:00:00Z" },
        medicationCodeableConcept: { text: "enoxaparin" },
      }),
    );
    expect(record.rejected).toEqual([]);
    const ends = Object.fromEntries(
      record.contextDrugs.map((d) => [d.ref.split("/")[1], d.end ?? "ongoing"]),
    );
    expect(ends).toEqual({
      active: "ongoing",
      completed: "2024-01-05",
      stopped: "2024-01-05",
      dated: "2024-01-20",
      rx: "ongoing",
      running: "ongoing",
    });
  });

  it("records context drugs, counts drugs outside the catalogues as not used, rejects cancelled requests and dangling references", () => {
    const { record, stats } = one(
      admin("enox", { medicationCodeableConcept: { text: "Enoxaparin" } }),
      admin("para", {
        medicationCodeableConcept: {
          coding: [
            {
              system: "http://www.nlm.nih.gov/research/umls/rxnorm",
              code: "313782",
              display: "Acetaminophen 325 MG",
            },
          ],
        },
      }),
      admin("notdone", { status: "not-done", medicationCodeableConcept: { text: "pembrolizumab" } }),
      admin("dangling", { medicationReference: { reference: "Medication/missing" } }),
    );
    expect(record.contextDrugs).toEqual([
      {
        ref: "MedicationAdministration/enox",
        drug: "enoxaparin",
        roles: ["heparin", "anticoagulant"],
        start: "2024-01-10T09:00:00Z",
        // A single administration is known at its instant only.
        end: "2024-01-10T09:00:00Z",
      },
    ]);
    expect(record.rejected.map((r) => [r.ref.split("/")[1], r.code, r.reason])).toEqual([
      ["notdone", "not-final", "status is not-done"],
      ["dangling", "broken-reference", 'medicationReference "Medication/missing" is not in the input'],
    ]);
    expect(record.notUsed).toEqual({
      MedicationAdministration: { "http://www.nlm.nih.gov/research/umls/rxnorm": 1 },
    });
    expect(stats).toMatchObject({ rejected: 2, notUsed: 1 });
  });

  it("rejects a request that only proposes or plans a drug: a pembrolizumab proposal is not an exposure", () => {
    const request = (id: string, intent: string) => ({
      resourceType: "MedicationRequest",
      id,
      status: "active",
      intent,
      subject: { reference: "Patient/p1" },
      authoredOn: "2024-01-06",
      medicationCodeableConcept: { text: "pembrolizumab" },
    });
    const { record, stats } = one(
      request("proposal", "proposal"),
      request("plan", "plan"),
      request("option", "option"),
      request("order", "order"),
    );
    expect(record.exposures.flatMap((e) => e.doses.map((d) => d.ref))).toEqual(["MedicationRequest/order"]);
    expect(record.rejected.map((r) => [r.ref.split("/")[1], r.code, r.field])).toEqual([
      ["proposal", "not-final", "intent"],
      ["plan", "not-final", "intent"],
      ["option", "not-final", "intent"],
    ]);
    expect(notDone({ resourceType: "MedicationRequest", status: "active", intent: "plan" })).toEqual({
      field: "intent",
      value: "plan",
    });
    expect(stats).toMatchObject({ used: 2, rejected: 3 });
  });

  it("takes a CAR-T infusion Procedure as the exposure's infusion date, and a transfusion as an event", () => {
    const { record } = one(
      {
        resourceType: "Procedure",
        id: "inf",
        status: "completed",
        subject: { reference: "Patient/p1" },
        code: { text: "CAR-T infusion" },
        usedCode: [{ text: "Axicabtagene ciloleucel" }],
        performedDateTime: "2024-05-02T10:00:00Z",
      },
      {
        resourceType: "Procedure",
        id: "tx",
        status: "completed",
        subject: { reference: "Patient/p1" },
        code: { text: "Platelet transfusion" },
        performedPeriod: { start: "2024-05-09T10:00:00Z", end: "2024-05-09T11:00:00Z" },
      },
    );
    expect(record.exposures[0]).toMatchObject({
      drug: "axicabtagene-ciloleucel",
      class: "car-t",
      infusion: "2024-05-02T10:00:00Z",
    });
    expect(record.events).toEqual([
      {
        ref: "Procedure/tx",
        kind: "platelet-transfusion",
        at: "2024-05-09T10:00:00Z",
        end: "2024-05-09T11:00:00Z",
        text: "Platelet transfusion",
      },
    ]);
  });

  /** A deep venous thrombosis Condition of patient p1 with the given extra fields. */
  const dvt = (id: string, extra: Record<string, unknown>) => ({
    resourceType: "Condition",
    id,
    subject: { reference: "Patient/p1" },
    code: { coding: [{ system: SCT, code: "128053003", display: "Deep venous thrombosis" }] },
    onsetDateTime: "2024-04-01",
    ...extra,
  });

  it("keeps a resolved Condition with its abatement as end; a refuted one is that site ruled out, never a clot", () => {
    const { record } = one(
      dvt("dvt", { clinicalStatus: { coding: [{ code: "resolved" }] }, abatementDateTime: "2024-06-01" }),
      dvt("ruledout", { verificationStatus: { coding: [{ code: "refuted" }] } }),
    );
    expect(record.events).toEqual([
      {
        ref: "Condition/dvt",
        kind: "thrombosis",
        at: "2024-04-01",
        end: "2024-06-01",
        qualifiers: ["venous"],
        text: "Deep venous thrombosis",
      },
      {
        ref: "Condition/ruledout",
        kind: "thrombosis-ruled-out",
        at: "2024-04-01",
        qualifiers: ["dvt"],
        text: "Deep venous thrombosis",
      },
    ]);
    expect(record.rejected).toEqual([]);
  });

  it("reads a CTCAE grade written in a Condition's severity; mild/moderate/severe are not grades", () => {
    const { record } = one(
      dvt("fatal", { severity: { text: "CTCAE grade 5" } }),
      dvt("coded", {
        severity: { coding: [{ system: "urn:example:ctcae", code: "4", display: "Grade 4" }] },
      }),
      dvt("severe", { severity: { coding: [{ system: SCT, code: "24484000", display: "Severe" }] } }),
    );
    expect(record.events.map((e) => [e.ref, e.grade])).toEqual([
      ["Condition/fatal", 5],
      ["Condition/coded", 4],
      ["Condition/severe", undefined],
    ]);
  });

  it("reads a CRS grade observation as an event with its grade; grade 0 is no event", () => {
    const crs = (id: string, value: Record<string, unknown>) =>
      obs(id, "00000-0", value, { code: { text: "Cytokine release syndrome grade" } });
    const { record } = one(
      crs("g2", { valueInteger: 2 }),
      crs("g3", { valueCodeableConcept: { text: "Grade 3" } }),
      crs("g0", { valueInteger: 0 }),
      crs("g7", { valueInteger: 7 }),
    );
    expect(record.events.map((e) => [e.ref, e.kind, e.grade])).toEqual([
      ["Observation/g2", "crs", 2],
      ["Observation/g3", "crs", 3],
    ]);
    expect(record.rejected.map((r) => r.code)).toEqual(["negative-finding", "invalid-grade"]);
  });
});

describe("ingestNdjson", () => {
  it("ingests one resource per line, resolving references across lines and naming bad lines", () => {
    const text = [
      JSON.stringify(patient()),
      "{oops",
      JSON.stringify(obs("a", "777-3", qty(12, "10*9/L"))),
    ].join("\n");
    const r = ingestNdjson(text, { ...opts, file: "bulk.ndjson" });
    expect(r.patients[0]?.labs).toHaveLength(1);
    expect(r.inputErrors.map((e) => e.ref)).toEqual(["bulk.ndjson:2"]);
  });
});

describe("Patient.deceased[x]", () => {
  const patient = (extra: Record<string, unknown>) => ({
    resourceType: "Bundle",
    type: "collection",
    entry: [{ resource: { resourceType: "Patient", id: "p1", ...extra } }],
  });
  const read = (extra: Record<string, unknown>) => {
    const r = ingestFhir(patient(extra), { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z" });
    const p = r.patients[0];
    if (p === undefined) throw new Error("no patient");
    return { deceased: p.deceased, rejected: p.rejected.map((x) => [x.code, x.field, x.reason]) };
  };

  it("reads a death by date-time, day, month or year, and a death without a date", () => {
    expect(read({ deceasedDateTime: "2025-02-10T14:00:00+01:00" }).deceased).toEqual({
      at: "2025-02-10T14:00:00+01:00",
      ref: "Patient/p1#deceasedDateTime",
    });
    expect(read({ deceasedDateTime: "2025-02-10" }).deceased?.at).toMatch(/^2025-02-10/);
    expect(read({ deceasedDateTime: "2025-02" }).deceased).toEqual({
      at: "2025-02",
      ref: "Patient/p1#deceasedDateTime",
    });
    expect(read({ deceasedDateTime: "2024" }).deceased?.at).toBe("2024");
    expect(read({ deceasedBoolean: true })).toEqual({
      deceased: { ref: "Patient/p1#deceasedBoolean" },
      rejected: [],
    });
    expect(read({ deceasedBoolean: false }).deceased).toBeUndefined();
    expect(read({}).deceased).toBeUndefined();
  });

  it("rejects a death date it cannot read or one after the evaluation, naming the field", () => {
    expect(read({ deceasedDateTime: "2025-02-30" })).toEqual({
      deceased: undefined,
      rejected: [["invalid-date", "deceasedDateTime", expect.stringContaining("2025-02-30")]],
    });
    expect(read({ deceasedDateTime: "2025-04" }).rejected).toEqual([
      ["future-date", "deceasedDateTime", "deceasedDateTime 2025-04 is after the evaluation time"],
    ]);
    expect(read({ deceasedDateTime: "2025-03-02T00:00:00Z" }).rejected[0]?.[0]).toBe("future-date");
    expect(read({ deceasedBoolean: "yes" }).rejected).toEqual([
      ["invalid-value", "deceasedBoolean", 'deceasedBoolean "yes" is not true or false'],
    ]);
  });
});

describe("records dated after the recorded death", () => {
  const pembro = {
    coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "1597876" }],
  };
  const admin = (id: string, at: string) => ({
    resourceType: "MedicationAdministration",
    id,
    status: "completed",
    subject: { reference: "Patient/p1" },
    effectiveDateTime: at,
    medicationCodeableConcept: pembro,
  });
  const dvt = (id: string, at: string) => ({
    resourceType: "Condition",
    id,
    subject: { reference: "Patient/p1" },
    code: { coding: [{ system: SCT, code: "128053003", display: "Deep venous thrombosis" }] },
    onsetDateTime: at,
  });
  /** The Patient last in the Bundle: the death is known only after the results are read. */
  const read = (deceasedDateTime: string, ...resources: unknown[]) => {
    const r = ingestFhir(bundle(...resources, patient("p1", { deceasedDateTime })), opts);
    return { ...r, record: r.patients[0] as NonNullable<(typeof r.patients)[0]> };
  };

  it("rejects a lab, a dose and an event dated after a death known to the day, naming the death", () => {
    const { record, stats } = read(
      "2024-03-05",
      admin("before", "2024-02-01T09:00:00Z"),
      admin("after", "2024-03-06T09:00:00Z"),
      obs("sameday", "777-3", qty(12, "10*9/L"), { effectiveDateTime: "2024-03-05T23:00:00Z" }),
      obs("nextday", "777-3", qty(9, "10*9/L"), { effectiveDateTime: "2024-03-06T00:30:00Z" }),
      dvt("dvt-after", "2024-03-07"),
      dvt("dvt-before", "2024-03-04"),
    );
    expect(record.labs.map((l) => l.ref)).toEqual(["Observation/sameday"]);
    expect(record.exposures.flatMap((e) => e.doses.map((d) => d.ref))).toEqual([
      "MedicationAdministration/before",
    ]);
    expect(record.events.map((e) => e.ref)).toEqual(["Condition/dvt-before"]);
    expect(record.rejected.map((r) => [r.ref, r.code]).sort()).toEqual([
      ["Condition/dvt-after", "after-death"],
      ["MedicationAdministration/after", "after-death"],
      ["Observation/nextday", "after-death"],
    ]);
    expect(record.rejected.find((r) => r.ref === "Observation/nextday")?.reason).toBe(
      "the platelets result dated 2024-03-06T00:30:00Z is after the patient's death on 2024-03-05 (Patient/p1#deceasedDateTime): not a living patient's record; check its date and patient",
    );
    // Every record still counted once: three moved from used to rejected, on the patient and the input.
    expect(record.counts).toMatchObject({ read: 7, used: 4, rejected: 3 });
    expect(stats).toMatchObject({ read: 7, used: 4, rejected: 3 });
  });

  it("compares a timed death by instant and a death known to the month or year by that period", () => {
    const timed = read(
      "2024-03-05T14:00:00+01:00",
      obs("before", "777-3", qty(12, "10*9/L"), { effectiveDateTime: "2024-03-05T12:59:00Z" }),
      obs("after", "777-3", qty(9, "10*9/L"), { effectiveDateTime: "2024-03-05T13:01:00Z" }),
    );
    expect(timed.record.labs.map((l) => l.ref)).toEqual(["Observation/before"]);
    expect(timed.record.rejected.map((r) => r.ref)).toEqual(["Observation/after"]);
    const month = read(
      "2024-03",
      obs("march", "777-3", qty(12, "10*9/L"), { effectiveDateTime: "2024-03-31T22:00:00Z" }),
      obs("april", "777-3", qty(9, "10*9/L"), { effectiveDateTime: "2024-04-01T08:00:00Z" }),
    );
    expect(month.record.labs.map((l) => l.ref)).toEqual(["Observation/march"]);
    expect(month.record.rejected.map((r) => r.ref)).toEqual(["Observation/april"]);
  });

  it("rejects nothing for a death without a date (deceasedBoolean) or for a living patient", () => {
    const flag = ingestFhir(
      bundle(obs("late", "777-3", qty(9, "10*9/L")), patient("p1", { deceasedBoolean: true })),
      opts,
    ).patients[0];
    expect(flag?.labs).toHaveLength(1);
    expect(flag?.rejected).toEqual([]);
  });
});
