import { describe, expect, it } from "vitest";
import { collectEntries, containedEntries, locate, parseNdjson } from "./input.js";
import { ResourceIndex, referencesIn } from "./references.js";

const patient = { resourceType: "Patient", id: "p1" };
const obs = { resourceType: "Observation", id: "o1" };

describe("collectEntries", () => {
  it.each(["collection", "transaction", "batch", "searchset", "document"])("opens a %s Bundle", (type) => {
    const bundle = {
      resourceType: "Bundle",
      type,
      entry: [{ resource: patient }, { fullUrl: "urn:uuid:1", resource: obs }],
    };
    const { entries, errors } = collectEntries(bundle, "b.json");
    expect(errors).toEqual([]);
    expect(entries.map((e) => [e.resource.resourceType, e.position, e.fullUrl])).toEqual([
      ["Patient", "entry[0]", undefined],
      ["Observation", "entry[1]", "urn:uuid:1"],
    ]);
  });

  it("opens nested bundles and takes a single resource or an array of resources", () => {
    const nested = {
      resourceType: "Bundle",
      entry: [{ resource: { resourceType: "Bundle", entry: [{ resource: obs }] } }],
    };
    expect(collectEntries(nested).entries[0]?.position).toBe("entry[0].entry[0]");
    expect(collectEntries(patient).entries).toHaveLength(1);
    expect(collectEntries([patient, obs]).entries.map((e) => e.position)).toEqual(["[0]", "[1]"]);
  });

  it("reports an entry without a resource (e.g. a DELETE in a transaction)", () => {
    const bundle = {
      resourceType: "Bundle",
      type: "transaction",
      entry: [{ request: { method: "DELETE", url: "Observation/1" } }],
    };
    expect(collectEntries(bundle, "t.json").errors).toEqual([
      {
        ref: "t.json#entry[0]",
        code: "empty-entry",
        reason:
          'Bundle entry[0] has no resource: its request DELETE "Observation/1" is not carried out (HemoSentinel reads resources; a resource it names elsewhere in the input is still read)',
        file: "t.json",
      },
    ]);
  });

  it("reports a batch-response entry whose interaction failed with its status and outcome: records may be missing", () => {
    const bundle = {
      resourceType: "Bundle",
      type: "batch-response",
      entry: [
        {
          resource: { resourceType: "Bundle", type: "searchset", entry: [{ resource: obs }] },
          response: { status: "200 OK" },
        },
        {
          response: {
            status: "404 Not Found",
            outcome: {
              resourceType: "OperationOutcome",
              issue: [{ severity: "error", code: "not-found", diagnostics: "no Patient/9" }],
            },
          },
        },
        { response: { status: "204 No Content" } },
      ],
    };
    const { entries, errors } = collectEntries(bundle, "b.json");
    expect(entries.map((e) => [e.resource.resourceType, e.position])).toEqual([
      ["Observation", "entry[0].entry[0]"],
    ]);
    expect(errors.map((e) => [e.ref, e.code, e.reason])).toEqual([
      [
        "b.json#entry[1]",
        "empty-entry",
        'Bundle entry[1] has no resource: its response status is "404 Not Found" ("not-found — no Patient/9"); what the interaction should have returned is not in the input, so records may be missing',
      ],
      [
        "b.json#entry[2]",
        "empty-entry",
        'Bundle entry[2] has no resource: its response status is "204 No Content"',
      ],
    ]);
  });

  it.each([
    [{ foo: 1 }, "input is an object without resourceType, not a FHIR resource"],
    [[1, 2, 3], "input is an array of a number values, not FHIR resources"],
    [{ resourceType: "not a type" }, 'resourceType "not a type" is not a FHIR resource type'],
    ["text", "input is a string, not a FHIR resource"],
    [null, "input is null, not a FHIR resource"],
    [
      { resourceType: "Observation", id: { toString: null } },
      "Observation.id is an object, not a string: no resource can be named by it",
    ],
    [
      { resourceType: "Condition", id: 7 },
      "Condition.id is a number, not a string: no resource can be named by it",
    ],
  ])("explains input that is not FHIR: %j", (input, reason) => {
    const { entries, errors } = collectEntries(input, "x.json");
    expect(entries).toEqual([]);
    expect(errors[0]).toMatchObject({ code: "not-fhir", reason });
  });
});

describe("containedEntries", () => {
  it("leaves out a contained item whose id is not a string (it could not be referenced)", () => {
    const host = {
      resource: {
        resourceType: "MedicationRequest",
        contained: [
          { resourceType: "Medication", id: [1] },
          { resourceType: "Medication", id: "m1" },
        ],
      },
      position: "entry[0]",
    };
    expect(containedEntries(host as never).map((e) => e.position)).toEqual(["entry[0].contained[1]"]);
  });
});

describe("parseNdjson", () => {
  it("parses each line, skips blank lines and names the line of bad JSON", () => {
    const text = `${JSON.stringify(patient)}\n\n{not json}\r\n${JSON.stringify(obs)}\n`;
    const { resources, positions, errors } = parseNdjson(text, "export.ndjson");
    expect(resources).toEqual([patient, obs]);
    expect(positions).toEqual(["line 1", "line 4"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ref: "export.ndjson:3", code: "invalid-json", file: "export.ndjson" });
  });
});

describe("locate", () => {
  it.each([
    ["line 12", "export.ndjson:12"],
    ["line 12.entry[0]", "export.ndjson:12#entry[0]"],
    ["entry[3]", "export.ndjson#entry[3]"],
    ["", "export.ndjson"],
  ])("%j → %s", (position, where) => {
    expect(locate("export.ndjson", position)).toBe(where);
  });
});

describe("containedEntries", () => {
  it("lists the contained resources with their position and skips items that are no resource", () => {
    const host = {
      resource: {
        resourceType: "MedicationRequest",
        contained: [{ resourceType: "Medication", id: "m" }, 7],
      },
      position: "entry[2]",
    } as never;
    expect(containedEntries(host).map((e) => [e.resource.resourceType, e.position])).toEqual([
      ["Medication", "entry[2].contained[0]"],
    ]);
  });
});

describe("ResourceIndex", () => {
  const { entries } = collectEntries({
    resourceType: "Bundle",
    entry: [
      { fullUrl: "urn:uuid:abc", resource: { resourceType: "Patient", id: "abc" } },
      { fullUrl: "https://ehr.example/fhir/Patient/p2", resource: { resourceType: "Patient" } },
    ],
  });
  const index = new ResourceIndex(entries);
  it.each([
    ["Patient/abc", "abc"],
    ["urn:uuid:abc", "abc"],
    ["https://other.example/fhir/Patient/abc", "abc"],
    ["Patient/abc/_history/3", "abc"],
    ["Patient/p2", undefined],
    ["https://ehr.example/fhir/Patient/p2", undefined],
  ])("resolves %s", (ref, id) => {
    const e = index.resolve(ref);
    expect(e?.resource.resourceType).toBe("Patient");
    expect(e?.resource.id).toBe(id);
  });
  it("does not resolve a reference to something absent", () => {
    expect(index.resolve("Patient/zzz")).toBeUndefined();
    expect(index.resolve("urn:uuid:zzz")).toBeUndefined();
  });
});

describe("referencesIn", () => {
  it("finds every literal reference wherever it sits, contained resources included", () => {
    const encounter = {
      resourceType: "Encounter",
      subject: { reference: "Patient/p1" },
      participant: [{ individual: { reference: "Practitioner/d" } }],
      diagnosis: [{ condition: { reference: "Condition/c" } }, { condition: { display: "no reference" } }],
      serviceProvider: { reference: "Organization/o" },
      contained: [{ resourceType: "Location", managingOrganization: { reference: "Organization/x" } }],
    };
    expect(referencesIn(encounter as never)).toEqual([
      "Patient/p1",
      "Practitioner/d",
      "Condition/c",
      "Organization/o",
      "Organization/x",
    ]);
  });
});
