/**
 * Input errors with the real adapters: each names where it is — the file, the NDJSON line
 * (`file:LINE`), the bundle entry (`file#entry[i]`) — and stderr names no patient.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAssess } from "../../../test/support/cli.js";
import { tempDir } from "../../../test/support/temp.js";

async function assess(...files: [name: string, text: string][]) {
  const dir = tempDir("errors-");
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return { ...(await runAssess(["assess", dir, "--at", "2025-01-01"])), dir };
}

const patient = { resourceType: "Patient", id: "mrn-4711" };
const platelets = (extra: Record<string, unknown>) => ({
  resourceType: "Observation",
  id: "plt",
  status: "final",
  code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
  effectiveDateTime: "2024-03-01T08:00:00Z",
  valueQuantity: { value: 12, unit: "10*9/L" },
  ...extra,
});

describe("inputErrors sources", () => {
  it("names the NDJSON line and the bundle entry, and keeps patient ids off stderr", async () => {
    const ndjson = [JSON.stringify(patient), "{not json", JSON.stringify(platelets({}))].join("\n");
    const bundle = {
      resourceType: "Bundle",
      type: "transaction",
      entry: [
        { resource: patient },
        { request: { method: "DELETE", url: "Observation/x" } },
        // A urn:uuid the transaction does not hold names no Patient by id: an input error (a Patient/{id}
        // the input lacks would be a patient of its own, read without demographics).
        { resource: platelets({ id: "b", subject: { reference: "urn:uuid:mrn-0815" } }) },
      ],
    };
    const { code, report, err, dir } = await assess(
      ["export.ndjson", ndjson],
      ["bundle.json", JSON.stringify(bundle)],
    );
    expect(code).toBe(0);
    const at = (f: string) => join(dir, f);
    expect(report.inputErrors.map((e) => [e.source, e.code])).toEqual([
      [`${at("bundle.json")}#entry[1]`, "empty-entry"],
      [`${at("bundle.json")}#entry[2]`, "broken-reference"],
      [`${at("export.ndjson")}:2`, "invalid-json"],
      [`${at("export.ndjson")}:3`, "missing-subject"],
    ]);
    expect(report.inputErrors[1]?.detail).toBe(
      'Observation/b: subject reference "urn:uuid:mrn-0815" is not in the input',
    );
    expect(err).toContain(`hemosentinel: ${at("export.ndjson")}:2: invalid-json`);
    expect(err).toContain(`hemosentinel: ${at("bundle.json")}#entry[2]: broken-reference`);
    expect(err).not.toMatch(/mrn-/);
  });

  it("says which resources of a file belong to no patient, by type only", async () => {
    const b = {
      resourceType: "Bundle",
      entry: [
        { resource: patient },
        { resource: { resourceType: "Organization", id: "hospital" } },
        {
          resource: {
            resourceType: "Encounter",
            subject: { reference: "Patient/mrn-4711" },
            serviceProvider: { reference: "Organization/other" },
          },
        },
        { resource: { resourceType: "Organization", id: "other" } },
      ],
    };
    const { code, report, err, dir } = await assess(["b.json", JSON.stringify(b)]);
    expect(code).toBe(0);
    expect(report.patients[0]?.ignored).toEqual({ Encounter: 1, Organization: 1 });
    expect(report.inputErrors).toEqual([
      {
        source: join(dir, "b.json"),
        code: "unattributed",
        detail:
          "resources that name no patient and that no patient's record refers to were not read: Organization 1",
      },
    ]);
    expect(err).toContain("Organization 1");
  });

  it("counts a resource type it does not know or use: ignored on its patient, an input error without one", async () => {
    const ndjson = [
      patient,
      { resourceType: "Foo", id: "f1", subject: { reference: "Patient/mrn-4711" } },
      { resourceType: "Immunization", id: "i1", patient: { reference: "Patient/mrn-4711" } },
      { resourceType: "Practitioner", id: "d1" },
      { resourceType: "Foo", id: "f2" },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const { code, report, dir } = await assess(
      ["export.ndjson", ndjson],
      ["only-foo.json", '{"resourceType":"Foo","id":"x"}'],
    );
    expect(code).toBe(0);
    const [p] = report.patients;
    expect(p?.ignored).toEqual({ Foo: 1, Immunization: 1 });
    expect(p?.counts).toMatchObject({ read: 3, used: 1, ignored: 2 });
    expect(report.inputErrors).toEqual([
      {
        source: join(dir, "export.ndjson"),
        code: "unattributed",
        detail:
          "resources that name no patient and that no patient's record refers to were not read: Practitioner 1, Foo 1",
      },
      {
        source: join(dir, "only-foo.json"),
        code: "no-patient",
        detail: "no patient in the input (only Foo 1)",
      },
    ]);
  });

  it("writes file names and reasons to stderr with control, escape and bidi characters shown, one line each", async () => {
    const name = "p\u001b]0;owned\u0007\n\u202eevil\u001b[2J.json";
    const { code, err, dir } = await assess([name, "{not json"], ["ok.json", JSON.stringify(patient)]);
    expect(code).toBe(0);
    expect(err).toBe(
      `hemosentinel: ${dir}/p<U+001B>]0;owned<U+0007><U+000A><U+202E>evil<U+001B>[2J.json: malformed JSON at line 1, column 2: expected a property name in double quotes\n`,
    );
  });

  it("counts one patient's records from two files together, each once", async () => {
    const a = {
      resourceType: "Bundle",
      entry: [{ resource: patient }, { resource: platelets({ subject: { reference: "Patient/mrn-4711" } }) }],
    };
    const csv =
      "patient_id,record_type,date,code_system,code,text\nmrn-4711,event,2024-03-02,text,,ankle sprain\n";
    const { report } = await assess(["a.json", JSON.stringify(a)], ["b.csv", csv]);
    expect(report.patients[0]?.counts).toEqual({
      read: 3,
      used: 2,
      merged: 0,
      rejected: 0,
      notUsed: 1,
      ignored: 0,
    });
    expect(report.patients[0]?.notUsed).toEqual({ event: { text: 1 } });
  });
});
