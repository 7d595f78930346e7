import { describe, expect, it } from "vitest";
import { IDENTIFIER, placementOf, referenceKey } from "./placement.js";

const at = (resource: Record<string, unknown>, fullUrl?: string) => ({
  resource: resource as never,
  position: "line 1",
  ...(fullUrl !== undefined && { fullUrl }),
});

describe("referenceKey", () => {
  it("reduces relative and absolute references to Type/id, history dropped; keeps urn:uuid as written", () => {
    expect(referenceKey("Patient/7")).toBe("Patient/7");
    expect(referenceKey("https://ehr.example/fhir/Patient/7/_history/2")).toBe("Patient/7");
    expect(referenceKey("urn:uuid:5c55a67c-fb41")).toBe("urn:uuid:5c55a67c-fb41");
  });
});

describe("placementOf", () => {
  it("gives a Patient every name a reference may use for it", () => {
    expect(
      placementOf(at({ resourceType: "Patient", id: "7" }, "https://ehr.example/fhir/Patient/7")),
    ).toEqual({
      kind: "patient",
      id: "7",
      names: ["Patient/7", "Patient/7", "Patient/7"],
    });
    expect(placementOf(at({ resourceType: "Patient" }, "urn:uuid:abc"))).toEqual({
      kind: "patient",
      id: "abc",
      names: ["urn:uuid:abc"],
    });
  });

  it("puts a record with the patient its subject names, and one without a subject apart", () => {
    const obs = { resourceType: "Observation", subject: { reference: "https://x/Patient/9" } };
    expect(placementOf(at(obs))).toEqual({ kind: "record", reference: "Patient/9" });
    expect(placementOf(at({ resourceType: "Condition" }))).toEqual({ kind: "record", reference: "" });
    // Records are read for their subject only, as the core reads them.
    expect(placementOf(at({ resourceType: "Procedure", patient: { reference: "Patient/9" } }))).toEqual({
      kind: "record",
      reference: "",
    });
  });

  it("puts other types with the patient of subject, patient or beneficiary, else shares them", () => {
    expect(placementOf(at({ resourceType: "Claim", patient: { reference: "Patient/9" } }))).toEqual({
      kind: "record",
      reference: "Patient/9",
    });
    expect(placementOf(at({ resourceType: "Organization", id: "o1" }))).toEqual({
      kind: "shared",
      names: ["Organization/o1"],
    });
    expect(
      placementOf(at({ resourceType: "Medication", id: "m", subject: { reference: "Patient/9" } })),
    ).toEqual({ kind: "shared", names: ["Medication/m"] });
  });

  it("groups a record whose subject is a logical reference by its identifier, as its Patient is named", () => {
    const patient = {
      resourceType: "Patient",
      id: "7",
      identifier: [{ system: "urn:oid:1.2.3", value: "E1" }, { value: "" }],
    };
    expect(placementOf(at(patient))).toEqual({
      kind: "patient",
      id: "7",
      names: ["Patient/7", `${IDENTIFIER}urn:oid:1.2.3|E1`, `${IDENTIFIER}|E1`],
    });
    const subject = (identifier: unknown) => ({ resourceType: "Observation", subject: { identifier } });
    expect(placementOf(at(subject({ system: "urn:oid:1.2.3", value: "E1" })))).toEqual({
      kind: "record",
      reference: `${IDENTIFIER}urn:oid:1.2.3|E1`,
    });
    expect(placementOf(at(subject({ value: "E1" })))).toEqual({
      kind: "record",
      reference: `${IDENTIFIER}|E1`,
    });
    // An identifier without a value names no one.
    expect(placementOf(at(subject({ system: "urn:oid:1.2.3" })))).toEqual({ kind: "record", reference: "" });
  });

  it("groups a record whose subject is a transaction's conditional reference with the Patient it finds", () => {
    const patient = { resourceType: "Patient", id: "7", identifier: [{ system: "http://x", value: "E1" }] };
    const updated = { ...at(patient), conditional: "Patient?identifier=http://x|E2" };
    expect(placementOf(updated)).toEqual({
      kind: "patient",
      id: "7",
      names: [
        "Patient/7",
        `${IDENTIFIER}http://x|E1`,
        `${IDENTIFIER}|E1`,
        "Patient?identifier=http://x|E2",
        `${IDENTIFIER}http://x|E2`,
      ],
    });
    const record = (reference: string) =>
      placementOf(at({ resourceType: "Observation", subject: { reference } }));
    expect(record("Patient?identifier=http://x|E1")).toEqual({
      kind: "record",
      reference: `${IDENTIFIER}http://x|E1`,
    });
    expect(record("Patient?identifier=http%3A%2F%2Fx%7CE1")).toEqual({
      kind: "record",
      reference: `${IDENTIFIER}http://x|E1`,
    });
    expect(record("Patient?identifier=E1")).toEqual({ kind: "record", reference: `${IDENTIFIER}|E1` });
    // A search by anything else names no identifier: kept as written (it resolves to no one).
    expect(record("Patient?name=smith")).toEqual({ kind: "record", reference: "Patient?name=smith" });
  });
});
