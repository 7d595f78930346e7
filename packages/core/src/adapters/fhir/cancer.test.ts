/**
 * A cancer diagnosis, however it is coded, is read as the active-cancer event with its Khorana site —
 * never rejected and never counted as out of scope. Uses the shipped event map.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { ingestFhir } from "./ingest.js";

const vocabulary = testKnowledge().vocabulary;
const SCT = "http://snomed.info/sct";
const ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

function read(code: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const r = ingestFhir(
    {
      resourceType: "Bundle",
      type: "searchset",
      entry: [
        { resource: { resourceType: "Patient", id: "p1" } },
        {
          resource: {
            resourceType: "Condition",
            id: "c",
            subject: { reference: "Patient/p1" },
            code,
            recordedDate: "2024-01-05",
            ...extra,
          },
        },
      ],
    },
    { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "c.json" },
  );
  const p = r.patients[0];
  expect(p?.rejected).toEqual([]);
  expect(p?.notUsed).toEqual({});
  return p?.events.map((e) => [e.kind, e.qualifiers]);
}

describe("cancer Conditions", () => {
  it.each([
    [
      "SNOMED CT pancreas",
      { coding: [{ system: SCT, code: "363418001", display: "Malignant tumor of pancreas" }] },
      ["pancreas"],
    ],
    [
      "SNOMED CT lung",
      { coding: [{ system: SCT, code: "254637007", display: "Non-small cell lung cancer (disorder)" }] },
      ["lung"],
    ],
    ["SNOMED CT lymphoma", { coding: [{ system: SCT, code: "118601006" }] }, ["lymphoma", "hematologic"]],
    [
      "SNOMED CT by display",
      { coding: [{ system: SCT, code: "1000000", display: "Malignant neoplasm of stomach" }] },
      ["stomach"],
    ],
    ["ICD-10-CM stomach", { coding: [{ system: ICD10CM, code: "C16.9" }] }, ["stomach"]],
    [
      "ICD-10-CM bladder",
      { coding: [{ system: ICD10CM, code: "C67.9", display: "Malignant neoplasm of bladder, unspecified" }] },
      ["bladder"],
    ],
    ["ICD-10-CM anal", { coding: [{ system: ICD10CM, code: "C21.0" }] }, ["anal"]],
    ["ICD-10-CM unknown primary", { coding: [{ system: ICD10CM, code: "C80.1" }] }, ["other"]],
    ["text only", { text: "Metastatic non-small cell lung cancer" }, ["lung"]],
    ["text, gynecologic", { text: "High-grade serous ovarian carcinoma" }, ["gynecologic"]],
  ])("%s → active-cancer %j", (_name, code, qualifiers) => {
    expect(read(code)).toEqual([["active-cancer", qualifiers]]);
  });

  it("reads a cancer on the problem list or as an encounter diagnosis, active or resolved", () => {
    const code = { coding: [{ system: ICD10CM, code: "C25.0" }] };
    const diagnosis = {
      category: [{ coding: [{ code: "encounter-diagnosis" }] }],
      clinicalStatus: { coding: [{ code: "resolved" }] },
      abatementDateTime: "2024-12-01",
    };
    expect(read(code, diagnosis)).toEqual([["active-cancer", ["pancreas"]]]);
    expect(read(code, { category: [{ coding: [{ code: "problem-list-item" }] }] })).toEqual([
      ["active-cancer", ["pancreas"]],
    ]);
  });
});
