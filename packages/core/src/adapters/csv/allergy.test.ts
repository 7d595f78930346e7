/**
 * A HIT charted in a CSV event as a heparin allergy with thrombocytopenia as its reaction is a history of HIT
 * (events.yaml allergyReactions, read with the real knowledge base); a heparin rash is not used.
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

  it("does not use a heparin allergy with a rash, nor thrombocytopenia as the reaction to penicillin", () => {
    for (const text of ["Heparin allergy: rash", "Penicillin allergy: thrombocytopenia"])
      expect(events(text)).toEqual({ kinds: [], notUsed: 1 });
  });
});
