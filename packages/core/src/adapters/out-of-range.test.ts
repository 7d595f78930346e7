/**
 * Numbers a double cannot hold, through every input format: never read as 0 or infinity, always a
 * rejection that says why and quotes the number as written.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { createEngine } from "../create-engine.js";
import { parseJsonExact } from "./json-numbers.js";

const k = testKnowledge();
const engine = () => createEngine(k, { evaluatedAt: "2025-01-01T00:00:00Z", version: "0.0.0-test" });

const platelets = (id: string, value: string) =>
  `{"resourceType":"Observation","id":"${id}","status":"final","subject":{"reference":"Patient/p1"},` +
  `"code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"effectiveDateTime":"2024-03-01",` +
  `"valueQuantity":{"value":${value},"unit":"10*9/L"}}`;
const PATIENT = '{"resourceType":"Patient","id":"p1"}';
const CASES = [
  ["1e-400", 'Platelet count value "1e-400" is too small for a number: it would be read as 0'],
  ["1e400", 'Platelet count value "1e400" is too large for a number: it would be read as infinity'],
  ["4.9e-324", 'Platelet count value "4.9e-324" is too small to be held exactly (a subnormal number)'],
] as const;

describe("out-of-range numbers", () => {
  it("are rejected from a FHIR bundle with the number as written (parsed by parseJsonExact)", () => {
    const e = engine();
    const entries = [PATIENT, ...CASES.map(([v], i) => platelets(`o${i}`, v)), platelets("ok", "12")];
    const bundle = `{"resourceType":"Bundle","type":"collection","entry":[${entries.map((r) => `{"resource":${r}}`).join(",")}]}`;
    e.add({ kind: "fhir", value: parseJsonExact(bundle) }, "b.json");
    const p = e.assess("p1");
    expect(p.rejected.map((r) => [r.code, r.reason])).toEqual(CASES.map(([, why]) => ["invalid-value", why]));
    expect(p.counts.used).toBe(2); // the patient and the one good count
  });

  it("are rejected from NDJSON", () => {
    const e = engine();
    e.add(
      { kind: "ndjson", text: [PATIENT, platelets("o1", "1e-400"), platelets("o2", "-0.1e-999")].join("\n") },
      "x.ndjson",
    );
    expect(e.assess("p1").rejected.map((r) => r.code)).toEqual(["invalid-value", "invalid-value"]);
  });

  it("are rejected from CSV values and reference limits", () => {
    const e = engine();
    const csv = [
      "patient_id,record_type,date,code_system,code,value,unit,ref_low,ref_high",
      "p1,lab,2024-03-01,loinc,777-3,1e-400,10^9/L,,",
      "p1,lab,2024-03-02,loinc,777-3,<1e999,10^9/L,,",
      "p1,lab,2024-03-03,loinc,777-3,12,10^9/L,1e-400,400",
      "p1,lab,2024-03-04,loinc,777-3,12,10^9/L,150,400",
    ].join("\n");
    e.add({ kind: "csv", text: csv }, "labs.csv");
    const p = e.assess("p1");
    expect(p.rejected.map((r) => [r.ref, r.code, r.reason])).toEqual([
      ["labs.csv:2", "invalid-value", CASES[0][1]],
      [
        "labs.csv:3",
        "invalid-value",
        'Platelet count value "1e999" is too large for a number: it would be read as infinity',
      ],
      ["labs.csv:4", "invalid-value", 'ref_low "1e-400" is too small for a number: it would be read as 0'],
    ]);
    expect(p.counts.used).toBe(1);
  });
});
