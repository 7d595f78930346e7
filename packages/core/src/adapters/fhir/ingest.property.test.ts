/**
 * The counts always add up, whatever the bundle: random bundles built from realistic resources (some
 * contained, some duplicated, some naming no or another patient) and the same bundles with any node
 * replaced by a value of the wrong shape or removed. Every resource is counted once, on a patient or on the input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileJson, mutate } from "../../../../../test/support/mutate.js";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import type { PatientRecord } from "../../contracts/model.js";
import { mergeRecords } from "../patient-builder.js";
import { ingestFhir } from "./ingest.js";
import { collectEntries, containedEntries } from "./input.js";

const LOINC = "http://loinc.org";
const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "p.json" };

const subjectArb = fc.constantFrom<unknown>(
  { reference: "Patient/p1" },
  { reference: "Patient/p2" },
  { reference: "Patient/absent" },
  undefined,
);
const idArb = fc.constantFrom("a", "b", "c", "d", "e");
const dateArb = fc.constantFrom("2024-03-01T08:00:00Z", "2024-03-02", "2030-01-01", "not a date", undefined);

const resourceArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ resourceType: fc.constant("Patient"), id: fc.constantFrom("p1", "p2") }),
  fc.record({
    resourceType: fc.constant("Observation"),
    id: idArb,
    status: fc.constantFrom("final", "entered-in-error"),
    code: fc.constantFrom(
      { coding: [{ system: LOINC, code: "777-3" }] },
      { coding: [{ system: LOINC, code: "8302-2", display: "Body Height" }] },
      { text: "Deep vein thrombosis" },
      {},
    ),
    subject: subjectArb,
    effectiveDateTime: dateArb,
    valueQuantity: fc.constantFrom(
      { value: 12, unit: "10*9/L" },
      { value: 170, unit: "cm" },
      { value: 3, unit: "g/dL" },
    ),
    referenceRange: fc.constantFrom<unknown>(
      undefined,
      [{ low: { value: 150, unit: "10*9/L" } }],
      [null],
      "150-400",
    ),
  }),
  fc.record({
    resourceType: fc.constant("MedicationRequest"),
    id: idArb,
    status: fc.constantFrom("active", "cancelled"),
    subject: subjectArb,
    authoredOn: dateArb,
    medicationReference: fc.constantFrom({ reference: "#m" }, { reference: "Medication/med" }),
    contained: fc.constantFrom(
      [{ resourceType: "Medication", id: "m", code: { coding: [{ system: RXNORM, code: "1597876" }] } }],
      [{ resourceType: "Medication", id: "m", code: { text: "fexofenadine" } }],
      [],
    ),
  }),
  fc.record({
    resourceType: fc.constant("Medication"),
    id: fc.constant("med"),
    code: fc.constant({ text: "enoxaparin" }),
  }),
  fc.record({
    resourceType: fc.constant("DiagnosticReport"),
    id: idArb,
    status: fc.constant("final"),
    subject: subjectArb,
    result: fc.constantFrom(
      [{ reference: "#o" }],
      [{ reference: "Observation/a" }],
      [{ reference: "Observation/zz" }],
      [],
    ),
    contained: fc.constant([
      {
        resourceType: "Observation",
        id: "o",
        status: "final",
        code: { coding: [{ system: LOINC, code: "777-3" }] },
        effectiveDateTime: "2024-03-01T08:00:00Z",
        valueQuantity: { value: 12, unit: "10*9/L" },
      },
    ]),
  }),
  fc.record({
    resourceType: fc.constant("Encounter"),
    id: idArb,
    subject: subjectArb,
    serviceProvider: fc.constant({ reference: "Organization/o" }),
    diagnosis: fc.constant([{ condition: { reference: "#c" } }]),
    contained: fc.constant([
      {
        resourceType: "Condition",
        id: "c",
        code: { text: "Gastrointestinal hemorrhage" },
        recordedDate: "2024-02-01",
      },
    ]),
  }),
  fc.record({ resourceType: fc.constantFrom("Organization", "Practitioner", "Claim"), id: idArb }),
);

const bundleArb = fc.array(resourceArb, { maxLength: 14 }).map((resources) => ({
  resourceType: "Bundle",
  type: "collection",
  entry: resources.map((resource) => ({ resource })),
}));

const inputArb = fc.oneof(
  bundleArb,
  fc
    .tuple(bundleArb, fc.nat(300), fc.option(hostileJson, { nil: undefined }))
    .map(([b, pick, replacement]) => mutate(b, pick, replacement)),
);

/** Resources of the input, contained ones included. */
function resourceCount(input: unknown): number {
  const { entries } = collectEntries(input);
  return entries.reduce((n, e) => n + 1 + containedEntries(e).length, 0);
}

function expectConsistent(p: PatientRecord): void {
  const { read, ...outcomes } = p.counts;
  expect(Object.values(outcomes).reduce((a, n) => a + n, 0)).toBe(read);
  for (const n of Object.values(outcomes)) expect(n).toBeGreaterThanOrEqual(0);
  expect(Object.values(p.ignored).reduce((a, n) => a + n, 0)).toBe(p.counts.ignored);
  const notUsed = Object.values(p.notUsed).flatMap((s) => Object.values(s));
  expect(notUsed.reduce((a, n) => a + n, 0)).toBe(p.counts.notUsed);
}

describe("FHIR ingestion counts under random and mutated bundles", () => {
  it("counts every resource once, on a patient or on the input, and each patient's counts add up", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = ingestFhir(input, opts);
        const n = resourceCount(input);
        expect(r.stats.read).toBe(n);
        const { read, ...outcomes } = r.stats;
        expect(Object.values(outcomes).reduce((a, x) => a + x, 0)).toBe(read);
        for (const p of r.patients) expectConsistent(p);
        // What no patient holds is an input error (one per resource) or ignored on the input.
        const notResources = collectEntries(input, opts.file).errors.length;
        const onInput =
          r.inputErrors.length - notResources + Object.values(r.ignored).reduce((a, x) => a + x, 0);
        expect(r.patients.reduce((a, p) => a + p.counts.read, 0) + onInput).toBe(n);
      }),
      { numRuns: 400 },
    );
  });

  it("merging two files of one patient adds their counts", () => {
    fc.assert(
      fc.property(bundleArb, bundleArb, (a, b) => {
        const pa = ingestFhir(a, opts).patients.find((p) => p.patientId === "p1");
        const pb = ingestFhir(b, { ...opts, file: "q.json" }).patients.find((p) => p.patientId === "p1");
        if (pa === undefined || pb === undefined) return;
        const merged = mergeRecords(pa, pb);
        expect(merged.counts.read).toBe(pa.counts.read + pb.counts.read);
        expectConsistent(merged);
      }),
      { numRuns: 200 },
    );
  });
});
