/**
 * The engine as a library, as the server, the web app and the cohort job drive it: documents of several
 * formats in, one patient per id across them, reports stamped with the engine and the exact knowledge.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine, openKnowledge } from "@hemosentinel/core";
import { compiledBundle } from "@hemosentinel/knowledge";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../support/knowledge.js";
import { REPO_ROOT } from "../support/paths.js";

const AT = "2024-04-01T00:00:00Z";
const knowledge = testKnowledge();

const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";
const DOSES = [
  HEADER,
  "p1,patient,,,,,,,,,,,,,1958-04-02,female",
  "p1,dose,2024-01-10,,text,,pembrolizumab,,,,,,administration,,,",
].join("\n");
const LABS = [
  HEADER,
  "p1,lab,2024-01-09T08:00:00Z,,loinc,777-3,Platelets,240,K/uL,150,400,,,,,",
  "p1,lab,2024-03-01T08:00:00Z,,loinc,777-3,Platelets,12,K/uL,150,400,,,,,",
  "p2,lab,2024-03-01T08:00:00Z,,loinc,777-3,Platelets,250,K/uL,150,400,,,,,",
].join("\n");

describe("createEngine", () => {
  it("joins one patient's records across documents: the exposure from one, the platelet fall from another", () => {
    const engine = createEngine(knowledge, { evaluatedAt: AT, version: "1.2.3" });
    engine.add({ kind: "csv", text: DOSES }, "doses.csv");
    const labs = engine.add({ kind: "csv", text: LABS }, "labs.csv");
    expect(labs.patients.map((p) => p.patientId)).toEqual(["p1", "p2"]);
    expect(engine.patients()).toEqual(["p1", "p2"]);
    const p1 = engine.assess("p1");
    expect(p1.findings[0]?.disorder).toBe("itp");
    expect(engine.assess("p2").findings).toEqual([]);
  });

  it("stamps every report with the engine version, the knowledge version and the knowledge content hash", () => {
    const engine = createEngine(knowledge, { evaluatedAt: AT, version: "1.2.3" });
    engine.add({ kind: "csv", text: DOSES }, "doses.csv");
    const report = engine.report();
    expect(report.engine).toEqual({
      name: "hemosentinel",
      version: "1.2.3",
      knowledgeVersion: knowledge.version,
      knowledgeHash: knowledge.hash,
    });
    expect(report.evaluatedAt).toBe(AT);
  });

  it("the compiled bundle the CLI opens is the knowledge the sources say, hash for hash", () => {
    const compiled = openKnowledge(compiledBundle());
    expect(compiled.hash).toBe(knowledge.hash);
    expect(compiled.version).toBe(knowledge.version);
  });

  it("gives the same report for the same documents and evaluation time", () => {
    const bundle = JSON.parse(
      readFileSync(join(REPO_ROOT, "examples", "itp-pembrolizumab-nsclc-mouri-2020.json"), "utf8"),
    ) as unknown;
    const run = () => {
      const engine = createEngine(knowledge, { evaluatedAt: "2026-11-01T23:59:59Z", version: "1.2.3" });
      engine.add({ kind: "fhir", value: bundle }, "mouri.json");
      return JSON.stringify(engine.report());
    };
    expect(run()).toBe(run());
    expect(JSON.parse(run()).patients[0].findings[0].disorder).toBe("itp");
  });

  it("refuses to assess a patient it never read, naming the id", () => {
    const engine = createEngine(knowledge, { evaluatedAt: AT, version: "1.2.3" });
    expect(() => engine.assess("nobody")).toThrow(/nobody/);
  });

  it("reports input that belongs to no patient rather than dropping it", () => {
    const engine = createEngine(knowledge, { evaluatedAt: AT, version: "1.2.3" });
    const read = engine.add(
      { kind: "ndjson", text: '{"resourceType":"Observation"\nnot json\n' },
      "bulk.ndjson",
    );
    expect(read.inputErrors.length).toBeGreaterThan(0);
    expect(read.inputErrors.every((e) => e.reason.length > 0 && e.file === "bulk.ndjson")).toBe(true);
  });
});
