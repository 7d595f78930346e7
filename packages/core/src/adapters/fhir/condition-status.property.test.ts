/**
 * A Condition's clinical and verification statuses as EHRs send them: the HL7 coding beside (often after)
 * a local one, or only words. A refuted or entered-in-error diagnosis must never be read as a diagnosis
 * because its HL7 coding came second; a resolved one never as current.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestFhir } from "./ingest.js";
import { statusCode } from "./record-status.js";

const VER = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
const CLIN = "http://terminology.hl7.org/CodeSystem/condition-clinical";
const VER_CODES = ["unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error"];
const CLIN_CODES = ["active", "recurrence", "relapse", "inactive", "remission", "resolved"];

/** An EHR's own coding: a local system and a code that is none of R4's. */
const localCoding = fc.record({
  system: fc.constantFrom("urn:oid:1.2.840.114350.1.13.0.1.7.4.698084.10001", "https://fhir.cerner.com/ec/2"),
  code: fc.stringMatching(/^[0-9]{1,4}$/),
  display: fc.constantFrom("Problem status", "Local", "Unknown"),
});

describe("statusCode", () => {
  it("finds the HL7 coding wherever it sits among local codings", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VER_CODES, ...CLIN_CODES),
        fc.array(localCoding, { maxLength: 4 }),
        fc.array(localCoding, { maxLength: 4 }),
        (code, before, after) => {
          const system = VER_CODES.includes(code) ? VER : CLIN;
          expect(statusCode({ coding: [...before, { system, code }, ...after] })).toBe(code);
        },
      ),
    );
  });

  it("reads R4 codes and displays written as words, in any case", () => {
    expect(statusCode({ text: "Refuted" })).toBe("refuted");
    expect(statusCode({ text: "Ruled out" })).toBe("refuted");
    expect(statusCode({ text: "Entered in Error" })).toBe("entered-in-error");
    expect(statusCode({ coding: [{ system: "urn:oid:9", code: "2", display: "Resolved" }] })).toBe(
      "resolved",
    );
    expect(statusCode({ coding: [{ code: "refuted" }] })).toBe("refuted");
    // Words that merely contain a status are not that status.
    expect(statusCode({ text: "not refuted" })).toBeUndefined();
    expect(statusCode({ coding: [{ system: "urn:oid:9", code: "4" }] })).toBe("4");
    expect(statusCode(undefined)).toBeUndefined();
    expect(statusCode({ coding: [null, 3, { code: 5 }] })).toBeUndefined();
  });
});

function dvt(fields: Record<string, unknown>) {
  const r = ingestFhir(
    {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { resourceType: "Patient", id: "p1" },
        {
          resourceType: "Condition",
          id: "c",
          code: { text: "deep vein thrombosis" },
          subject: { reference: "Patient/p1" },
          onsetDateTime: "2024-02-01",
          ...fields,
        },
      ].map((resource) => ({ resource })),
    },
    { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z" },
  );
  const record = r.patients[0];
  if (record === undefined) throw new Error("no patient");
  return { events: record.events, rejected: record.rejected.map((x) => [x.code, x.reason]) };
}

describe("a Condition with a local status coding first", () => {
  it("reads a DVT refuted by its HL7 verification status (second coding) as ruled out; refuses one entered in error", () => {
    const refuted = dvt({
      verificationStatus: {
        coding: [
          { system: "urn:oid:1.2.840.114350.1.13.0.1.7.4.698084.10001", code: "4", display: "Ruled Out" },
          { system: VER, code: "refuted" },
        ],
      },
    });
    expect(refuted.events.map((e) => e.kind)).toEqual(["thrombosis-ruled-out"]);
    expect(refuted.rejected).toEqual([]);
    const inError = dvt({
      verificationStatus: {
        coding: [
          { system: "urn:oid:1.2.840.114350.1.13.0.1.7.4.698084.10001", code: "4", display: "Ruled Out" },
          { system: VER, code: "entered-in-error" },
        ],
      },
    });
    expect(inError.events).toEqual([]);
    expect(inError.rejected).toEqual([
      ["refuted", "verificationStatus is entered-in-error: recorded in error, never a diagnosis"],
    ]);
  });

  it("reads a DVT whose verification status is only the words 'Ruled out' as ruled out, never a clot; reads a confirmed one", () => {
    expect(dvt({ verificationStatus: { text: "Ruled out" } }).events.map((e) => e.kind)).toEqual([
      "thrombosis-ruled-out",
    ]);
    expect(dvt({ verificationStatus: { text: "Confirmed" } }).events.map((e) => e.kind)).toEqual([
      "thrombosis",
    ]);
  });

  it("reads a DVT resolved by its second coding, charted only when recorded, as past history, not current", () => {
    const r = dvt({
      onsetDateTime: undefined,
      recordedDate: "2024-02-01",
      clinicalStatus: {
        coding: [
          { system: "urn:oid:9", code: "2" },
          { system: CLIN, code: "resolved" },
        ],
      },
    });
    expect(r.events.map((e) => e.kind)).not.toContain("thrombosis");
  });
});
