/**
 * An immune-related adverse event charted as an R4 AdverseEvent (as drug-safety and oncology systems chart
 * them) is read like a Condition: before, the resource type was ignored and a pulmonary embolism on
 * pembrolizumab charted that way was silent.
 */
import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../../../test/support/knowledge.js";
import { openKnowledge } from "../../knowledge/knowledge.js";
import { ingestFhir } from "./ingest.js";

const { vocabulary } = openKnowledge(testKnowledgeBundle());
const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "adverse-events.json" };
const SCT = "http://snomed.info/sct";
const PE = { coding: [{ system: SCT, code: "59282003", display: "Pulmonary embolism" }] };

const adverseEvent = (fields: Record<string, unknown>) => ({
  resourceType: "AdverseEvent",
  id: "ae",
  actuality: "actual",
  subject: { reference: "Patient/p1" },
  event: PE,
  date: "2025-02-10",
  ...fields,
});

function read(...resources: unknown[]) {
  const r = ingestFhir([{ resourceType: "Patient", id: "p1" }, ...resources], opts);
  const record = r.patients[0];
  if (record === undefined) throw new Error("no patient");
  return { record, why: record.rejected.map((x) => [x.code, x.field, x.reason]) };
}

describe("AdverseEvent", () => {
  it("reads the event it names, dated when it occurred", () => {
    const { record } = read(adverseEvent({}));
    expect(record.events.map((e) => [e.kind, e.at, e.ref])).toEqual([
      ["thrombosis", "2025-02-10", "AdverseEvent/ae"],
    ]);
    expect(record.counts).toMatchObject({ used: 2, ignored: 0 });
  });

  it("dates it by detection, then by recording, when the occurrence is not given", () => {
    const detected = read(adverseEvent({ date: undefined, detected: "2025-02-11" })).record;
    expect(detected.events.map((e) => e.at)).toEqual(["2025-02-11"]);
    const recorded = read(adverseEvent({ date: undefined, recordedDate: "2025-02-12" })).record;
    expect(recorded.events.map((e) => e.at)).toEqual(["2025-02-12"]);
  });

  it("reads a written grade from its severity and a fatal outcome as grade 5, never mild/moderate/severe", () => {
    const written = read(adverseEvent({ severity: { text: "CTCAE grade 3" } })).record;
    expect(written.events.map((e) => e.grade)).toEqual([3]);
    const fatal = read(
      adverseEvent({
        outcome: {
          coding: [{ system: "http://terminology.hl7.org/CodeSystem/adverse-event-outcome", code: "fatal" }],
        },
      }),
    ).record;
    expect(fatal.events.map((e) => e.grade)).toEqual([5]);
    const severe = read(
      adverseEvent({
        severity: {
          coding: [
            { system: "http://terminology.hl7.org/CodeSystem/adverse-event-severity", code: "severe" },
          ],
        },
      }),
    ).record;
    expect(severe.events.map((e) => e.grade)).toEqual([undefined]);
  });

  it("keeps a charted grade below 3 over the word 'severe' (the clinician's grade is the more specific statement)", () => {
    const at = (grade: string) =>
      read(
        adverseEvent({ event: { text: "Severe rectal bleeding" }, severity: { text: grade } }),
      ).record.events.map((e) => [e.kind, e.grade, e.qualifiers]);
    expect(at("CTCAE grade 2")).toEqual([["bleeding", 2, ["gastrointestinal"]]]);
    expect(at("CTCAE grade 3")).toEqual([["bleeding", 3, ["gastrointestinal", "severe"]]]);
  });

  it("rejects a potential adverse event (a near miss) with the reason", () => {
    const { record, why } = read(adverseEvent({ actuality: "potential" }));
    expect(record.events).toEqual([]);
    expect(why).toEqual([
      [
        "not-final",
        "actuality",
        "actuality is potential: an adverse event that could have happened but did not",
      ],
    ]);
  });

  it("rejects one without a date, and counts one naming nothing HemoSentinel uses as not used", () => {
    const undated = read(adverseEvent({ date: undefined }));
    expect(undated.why.map(([code]) => code)).toEqual(["missing-date"]);
    const rash = read(adverseEvent({ event: { text: "maculopapular rash" } })).record;
    expect(rash.events).toEqual([]);
    expect(rash.counts).toMatchObject({ used: 1, notUsed: 1 });
  });
});
