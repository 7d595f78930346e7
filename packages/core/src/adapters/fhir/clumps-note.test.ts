/**
 * Platelet clumps a laboratory reports as a comment on the count (Observation.note) rather than as a coded
 * flag: read as the platelet-clumps flag on that sample, so that an ITP after pembrolizumab is weighed
 * against a possibly false low count and its plan asks for a smear or citrated count first; a comment
 * that negates the clumps, or says something else, flags nothing.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { createEngine } from "../../create-engine.js";
import { ingestFhir } from "./ingest.js";

const knowledge = testKnowledge();
const AT = "2025-03-02T00:00:00Z";
const subject = { reference: "Patient/p1" };
const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

const dose = (id: string, at: string) => ({
  resourceType: "MedicationAdministration",
  id,
  status: "completed",
  medicationCodeableConcept: { coding: [{ system: RXNORM, code: "1547545", display: "pembrolizumab" }] },
  subject,
  effectiveDateTime: at,
});
const platelets = (id: string, at: string, value: number, note?: string) => ({
  resourceType: "Observation",
  id,
  status: "final",
  code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
  subject,
  effectiveDateTime: at,
  valueQuantity: { value, unit: "10*3/uL", system: "http://unitsofmeasure.org", code: "10*3/uL" },
  ...(note !== undefined && { note: [{ authorString: "Lab", text: note }] }),
});
const bundle = (note?: string) => ({
  resourceType: "Bundle",
  type: "collection",
  entry: [
    { resourceType: "Patient", id: "p1", gender: "female", birthDate: "1960-04-02" },
    dose("d0", "2025-01-01T10:00:00Z"),
    dose("d1", "2025-01-22T10:00:00Z"),
    platelets("plt0", "2024-12-30T08:00:00Z", 250),
    platelets("plt1", "2025-01-20T08:00:00Z", 220),
    platelets("plt2", "2025-03-01T08:00:00Z", 15, note),
  ].map((resource) => ({ resource })),
});

const FLAGGED = [
  "Platelet clumps present; count may be falsely low. Suggest recollection in citrate.",
  "Platelet clumping noted on smear.",
];
const NOT_FLAGGED = ["No platelet clumps seen.", "Verified by repeat analysis.", undefined];

describe("platelet clumps reported in a platelet count's comment", () => {
  it("flag that sample (the comment's ref), the count itself read as before and the Observation counted once", () => {
    for (const note of FLAGGED) {
      const record = ingestFhir(bundle(note), { vocabulary: knowledge.vocabulary, evaluatedAt: AT })
        .patients[0];
      const clumps = record?.labs.filter((l) => l.lab === "platelet-clumps");
      expect(
        clumps?.map((l) => [l.ref, l.qualitative, l.at]),
        note,
      ).toEqual([["Observation/plt2#note[0]", "positive", "2025-03-01T08:00:00Z"]]);
      expect(record?.labs.filter((l) => l.lab === "platelets").map((l) => l.value)).toEqual([250, 220, 15]);
      expect(record?.counts).toMatchObject({ read: 6, used: 6, rejected: 0 });
    }
    for (const note of NOT_FLAGGED) {
      const record = ingestFhir(bundle(note), { vocabulary: knowledge.vocabulary, evaluatedAt: AT })
        .patients[0];
      expect(
        record?.labs.filter((l) => l.lab === "platelet-clumps"),
        String(note),
      ).toEqual([]);
    }
  });

  it("weigh the ITP finding (kept, one step less certain) and put confirming the count first in its plan", () => {
    const assess = (note?: string) => {
      const engine = createEngine(knowledge, { evaluatedAt: AT, version: "0.0.0-test" });
      engine.add({ kind: "fhir", value: bundle(note) }, "clumps.json");
      const itp = engine.assess("p1").findings.find((f) => f.disorder === "itp");
      return {
        certainty: itp?.certainty,
        clumps: itp?.differentials.find((d) => d.id === "platelet-clumps")?.status,
        confirm: itp?.management.some((m) => m.id === "itp-platelet-clumps-confirm"),
      };
    };
    expect(assess(FLAGGED[0])).toEqual({ certainty: "possible", clumps: "met", confirm: true });
    expect(assess("No platelet clumps seen.")).toEqual({
      certainty: "probable",
      clumps: "missing",
      confirm: false,
    });
  });
});

describe("platelet clumps named on the count's sample (Observation.specimen.display)", () => {
  const withSpecimen = (display: string) => {
    const b = bundle();
    const plt2 = b.entry[5]?.resource as Record<string, unknown>;
    plt2.specimen = { display };
    return b;
  };
  it("flag that sample as a comment does; a sample named without clumps flags nothing", () => {
    for (const display of ["EDTA blood - platelet clumps seen", "EDTA whole blood (platelet clumping)"]) {
      const record = ingestFhir(withSpecimen(display), { vocabulary: knowledge.vocabulary, evaluatedAt: AT })
        .patients[0];
      expect(
        record?.labs.filter((l) => l.lab === "platelet-clumps").map((l) => [l.ref, l.qualitative]),
        display,
      ).toEqual([["Observation/plt2#specimen", "positive"]]);
      expect(record?.labs.filter((l) => l.lab === "platelets").map((l) => l.value)).toEqual([250, 220, 15]);
      expect(record?.counts).toMatchObject({ read: 6, used: 6, rejected: 0 });
    }
    for (const display of ["EDTA whole blood", "EDTA blood - no platelet clumps seen"]) {
      const record = ingestFhir(withSpecimen(display), { vocabulary: knowledge.vocabulary, evaluatedAt: AT })
        .patients[0];
      expect(
        record?.labs.filter((l) => l.lab === "platelet-clumps"),
        display,
      ).toEqual([]);
    }
  });
});
