/**
 * A transaction Bundle's conditional references (FHIR R4 http.html#trules): an entry may name its patient
 * by a search (`Patient?identifier=http://x|123`) instead of an id; the Patient of the transaction that the
 * search finds (by its conditional request or by its identifier) is that patient. A search that finds two
 * resources, or none, or searches by anything else, resolves to nothing: the resource is refused as
 * before (broken reference), never given to a guessed patient.
 */
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestFhir } from "./ingest.js";
import { identifierSearch } from "./references.js";

const opts = { vocabulary, evaluatedAt: "2026-04-01T00:00:00Z", file: "tx.json" };
const platelets = (id: string, reference: string, value = 120) => ({
  resource: {
    resourceType: "Observation",
    id,
    status: "final",
    code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
    subject: { reference },
    effectiveDateTime: "2026-03-01",
    valueQuantity: { value, unit: "10*9/L" },
  },
  request: { method: "POST", url: "Observation" },
});
const tx = (patient: Record<string, unknown>, ...entries: unknown[]) => ({
  resourceType: "Bundle",
  type: "transaction",
  entry: [patient, ...entries],
});

describe("conditional references in a transaction", () => {
  it("resolve to the Patient whose conditional update names the same search", () => {
    const r = ingestFhir(
      tx(
        {
          resource: { resourceType: "Patient", id: "p1" },
          request: { method: "PUT", url: "Patient?identifier=http://x|123" },
        },
        platelets("o1", "Patient?identifier=http://x|123"),
      ),
      opts,
    );
    expect(r.inputErrors).toEqual([]);
    expect(r.patients[0]?.labs.map((l) => [l.ref, l.value])).toEqual([["Observation/o1", 120]]);
  });

  it("resolve to the one Patient with that identifier (a conditional create, or by its identifier), percent-encoded or not", () => {
    const patient = {
      resource: { resourceType: "Patient", id: "p1", identifier: [{ system: "http://x", value: "123" }] },
      request: { method: "POST", url: "Patient", ifNoneExist: "identifier=http://x|456" },
    };
    const r = ingestFhir(
      tx(
        patient,
        platelets("o1", "Patient?identifier=http://x|123"),
        platelets("o2", "Patient?identifier=http%3A%2F%2Fx%7C123", 121),
        platelets("o3", "Patient?identifier=123", 122),
        platelets("o4", "Patient?identifier=http://x|456", 123),
      ),
      opts,
    );
    expect(r.inputErrors).toEqual([]);
    expect(r.patients[0]?.labs.map((l) => l.ref)).toEqual([
      "Observation/o1",
      "Observation/o2",
      "Observation/o3",
      "Observation/o4",
    ]);
  });

  it("resolve to nothing when two Patients have the identifier, or the search is by something else", () => {
    const r = ingestFhir(
      tx(
        {
          resource: { resourceType: "Patient", id: "p1", identifier: [{ system: "http://x", value: "123" }] },
        },
        {
          resource: { resourceType: "Patient", id: "p2", identifier: [{ system: "http://x", value: "123" }] },
        },
        platelets("o1", "Patient?identifier=http://x|123"),
        platelets("o2", "Patient?name=smith", 121),
      ),
      opts,
    );
    expect(r.patients.flatMap((p) => p.labs)).toEqual([]);
    expect(r.inputErrors.map((e) => [e.code, e.reason])).toEqual([
      [
        "broken-reference",
        'Observation/o1: subject reference "Patient?identifier=http://x|123" is not in the input',
      ],
      ["broken-reference", 'Observation/o2: subject reference "Patient?name=smith" is not in the input'],
    ]);
  });

  it("are read once (identifierSearch, shared with the bulk placement): percent-encoded or not, by identifier only", () => {
    expect(identifierSearch("Patient?identifier=http://x|123")).toEqual({
      type: "Patient",
      token: "http://x|123",
    });
    expect(identifierSearch("Patient?identifier=http%3A%2F%2Fx%7C123")).toEqual({
      type: "Patient",
      token: "http://x|123",
    });
    expect(identifierSearch("Patient?identifier=123")).toEqual({ type: "Patient", token: "123" });
    expect(identifierSearch("Patient?identifier=123&active=true")).toBeUndefined();
    expect(identifierSearch("Patient?name=smith")).toBeUndefined();
    expect(identifierSearch("Patient/7")).toBeUndefined();
    // A broken percent-encoding is no search (never a guessed patient).
    expect(identifierSearch("Patient?identifier=%E0%A4%A")).toBeUndefined();
  });
});
