/**
 * A catastrophic antiphospholipid syndrome charted as a FHIR Condition that is over (resolved, inactive, in
 * remission, dated only by when it was recorded) is past history, read as a note's "history of CAPS" is: the
 * lifelong APS now (it still bars a DOAC), without the catastrophic qualifier that opens the urgent CAPS line
 * (events.yaml statusPastDrops). An active one keeps the qualifier. Uses the shipped knowledge.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { ENDED_UNDATED } from "../../contracts/event-qualifiers.js";
import { ingestFhir } from "./ingest.js";

const CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
const knowledge = testKnowledge();

function aps(status: string) {
  const subject = { reference: "Patient/p1" };
  const bundle = {
    resourceType: "Bundle",
    type: "collection",
    entry: [
      { resourceType: "Patient", id: "p1", birthDate: "1960-01-01", gender: "female" },
      {
        resourceType: "Condition",
        id: "caps",
        subject,
        clinicalStatus: { coding: [{ system: CLINICAL, code: status }] },
        code: { text: "Catastrophic antiphospholipid syndrome" },
        recordedDate: "2024-03-01",
      },
    ].map((resource) => ({ resource })),
  };
  const r = ingestFhir(bundle, {
    vocabulary: knowledge.vocabulary,
    evaluatedAt: "2024-03-02T23:59:59Z",
    file: "c.json",
  });
  return r.patients[0]?.events.map((e) => [e.kind, e.qualifiers ?? []]);
}

describe("a catastrophic APS Condition", () => {
  it("resolved, dated only by its record: the APS now, not a catastrophic one", () => {
    // Over with no end date: marked so, never read as open after a later dose.
    expect(aps("resolved")).toEqual([["antiphospholipid-syndrome", [ENDED_UNDATED]]]);
  });
  it("active: a catastrophic APS", () => {
    expect(aps("active")).toEqual([["antiphospholipid-syndrome", ["catastrophic"]]]);
  });
});
