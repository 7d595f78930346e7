/**
 * A HIT charted in a CSV event as a heparin allergy with thrombocytopenia as its reaction is a history of HIT
 * (events.yaml allergyReactions, read with the real knowledge base); a heparin rash is a heparin hypersensitivity
 * (events.yaml drugHypersensitivity), which bars heparin as the plans read it, not a HIT.
 */
import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../../../test/support/knowledge.js";
import { openKnowledge } from "../../knowledge/knowledge.js";
import { ingestCsv } from "./ingest.js";

const { vocabulary } = openKnowledge(testKnowledgeBundle());
const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "site.csv" };

function events(text: string) {
  const csv = `patient_id,record_type,date,code_system,text\np1,event,2023-05-01,text,${text}\n`;
  const record = ingestCsv(csv, opts).patients[0];
  if (record === undefined) throw new Error("no patient");
  return { kinds: record.events.map((e) => [e.kind, e.at]), notUsed: record.counts.notUsed };
}

describe("a heparin allergy in a CSV event", () => {
  it("reads a heparin allergy with thrombocytopenia or low platelets as a history of HIT", () => {
    for (const text of ["Heparin allergy: thrombocytopenia", "allergic to dalteparin (low platelets)"])
      expect(events(text)).toEqual({ kinds: [["hit-history", "2023-05-01"]], notUsed: 0 });
  });

  it("does not read a heparin rash as a HIT, nor thrombocytopenia as the reaction to penicillin", () => {
    expect(events("Heparin allergy: rash")).toEqual({
      kinds: [["drug-hypersensitivity", "2023-05-01"]],
      notUsed: 0,
    });
    expect(events("Penicillin allergy: thrombocytopenia")).toEqual({ kinds: [], notUsed: 1 });
  });
});

/** The drug-hypersensitivity event a CSV event row gives, with its qualifiers (the drug's avoid tags, `severe`). */
function hypersensitivity(text: string) {
  const csv = `patient_id,record_type,date,code_system,text\np1,event,2023-05-01,text,"${text}"\n`;
  const record = ingestCsv(csv, opts).patients[0];
  if (record === undefined) throw new Error("no patient");
  return record.events.map((e) => [e.kind, ...(e.qualifiers ?? [])]);
}

describe("a drug allergy in a CSV event (events.yaml drugHypersensitivity)", () => {
  it("reads an allergy to a drug the plans offer as a hypersensitivity with the drug's tag", () => {
    expect(hypersensitivity("Allergy to enoxaparin: urticaria")).toEqual([
      ["drug-hypersensitivity", "heparin"],
    ]);
    expect(hypersensitivity("Caplacizumab allergy: urticaria")).toEqual([
      ["drug-hypersensitivity", "caplacizumab"],
    ]);
    expect(hypersensitivity("rituximab infusion reaction (chills)")).toEqual([
      ["drug-hypersensitivity", "rituximab"],
    ]);
  });

  it("marks an anaphylaxis or a severe reaction as severe", () => {
    expect(hypersensitivity("Rituximab anaphylaxis")).toEqual([
      ["drug-hypersensitivity", "rituximab", "severe"],
    ]);
    expect(hypersensitivity("Anaphylactic reaction to IVIG")).toEqual([
      ["drug-hypersensitivity", "ivig", "severe"],
    ]);
    expect(hypersensitivity("heparin allergy: angioedema")).toEqual([
      ["drug-hypersensitivity", "heparin", "severe"],
    ]);
  });

  it("reads no hypersensitivity without an allergy word, for another drug, or where the allergy names a HIT", () => {
    expect(hypersensitivity("Rituximab premedication given")).toEqual([]);
    expect(hypersensitivity("Penicillin allergy: anaphylaxis")).toEqual([]);
    expect(hypersensitivity("heparin allergy: HIT")).toEqual([["hit-history"]]);
  });
});

describe("a drug allergy's status in a CSV event's qualifiers", () => {
  /** The events of one allergy row with `qualifiers`. */
  function withStatus(text: string, qualifiers: string) {
    const csv = `patient_id,record_type,date,code_system,text,qualifiers\np1,event,2023-05-01,text,"${text}",${qualifiers}\n`;
    const record = ingestCsv(csv, opts).patients[0];
    if (record === undefined) throw new Error("no patient");
    return record.events.map((e) => [e.kind, ...(e.qualifiers ?? [])]);
  }

  it("keeps resolved or inactive on a drug allergy, as a FHIR clinical status; active adds nothing", () => {
    expect(withStatus("Allergy to enoxaparin: urticaria", "resolved")).toEqual([
      ["drug-hypersensitivity", "heparin", "resolved"],
    ]);
    // After a severe reaction a CSV `resolved` may only close the episode: read as inactive, the bar stands.
    expect(withStatus("Rituximab anaphylaxis", "resolved")).toEqual([
      ["drug-hypersensitivity", "rituximab", "severe", "inactive"],
    ]);
    expect(withStatus("Allergy to enoxaparin: urticaria", "inactive")).toEqual([
      ["drug-hypersensitivity", "heparin", "inactive"],
    ]);
    expect(withStatus("Rituximab anaphylaxis", "active")).toEqual([
      ["drug-hypersensitivity", "rituximab", "severe"],
    ]);
  });

  it("reads the row's own grade: 3 or more is a severe reaction (CTCAE), so `resolved` keeps the bar; 2 does not", () => {
    const graded = (grade: string, status: string) => {
      const csv = `patient_id,record_type,date,code_system,text,grade,qualifiers\np1,event,2023-05-01,text,rituximab infusion reaction,${grade},${status}\n`;
      return ingestCsv(csv, opts).patients[0]?.events.map((e) => [e.kind, ...(e.qualifiers ?? [])]);
    };
    expect(graded("4", "resolved")).toEqual([["drug-hypersensitivity", "rituximab", "severe", "inactive"]]);
    expect(graded("3", "")).toEqual([["drug-hypersensitivity", "rituximab", "severe"]]);
    expect(graded("2", "resolved")).toEqual([["drug-hypersensitivity", "rituximab", "resolved"]]);
    expect(graded("2", "")).toEqual([["drug-hypersensitivity", "rituximab"]]);
  });

  it("adds no status to an event that is not a drug allergy (a resolved DVT stays a dated episode)", () => {
    expect(withStatus("Deep vein thrombosis", "resolved").flat()).not.toContain("resolved");
  });
});
