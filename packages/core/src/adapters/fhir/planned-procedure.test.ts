/**
 * A Procedure in preparation is a planned procedure: an operation or a bedside procedure it names is read as its
 * planned kind (surgery-planned, procedure-planned), as the same words planned in a note are, with its performed date
 * (when it has one) as the day it is to be done. Before, every Procedure in preparation was rejected as not done, and a
 * lumbar puncture ordered as a Procedure beside platelets of 15 ×10⁹/L said nothing of the count. A Procedure not done
 * or entered in error stays nothing; one in progress, completed, on hold, stopped or of unknown status is read as done.
 */
import { describe, expect, it } from "vitest";
import { readOne } from "../../../../../test/support/fhir-one.js";
import { testKnowledge } from "../../../../../test/support/knowledge.js";

const vocabulary = testKnowledge().vocabulary;
const EVALUATED_AT = "2026-03-12T12:00:00Z";
const opts = { vocabulary, evaluatedAt: EVALUATED_AT, file: "planned.json" };

const procedure = (status: string, text: string, extra: Record<string, unknown> = {}) => ({
  resourceType: "Procedure",
  id: "proc",
  status,
  code: { text },
  subject: { reference: "Patient/p1" },
  ...extra,
});

const read = (resource: unknown) => readOne(opts, resource);

describe("a Procedure in preparation is a planned procedure", () => {
  it("a lumbar puncture being prepared, undated, is a procedure planned as of the evaluation", () => {
    expect(read(procedure("preparation", "Lumbar puncture")).events).toEqual([
      { kind: "procedure-planned", qualifiers: ["lumbar-puncture"], at: EVALUATED_AT },
    ]);
  });

  it("its performed date ahead of the evaluation is the day it is to be done", () => {
    const r = read(
      procedure("preparation", "Epidural catheter insertion", { performedDateTime: "2026-03-14" }),
    );
    expect(r.events).toEqual([
      { kind: "procedure-planned", qualifiers: ["neuraxial"], at: EVALUATED_AT, end: "2026-03-14" },
    ]);
    expect(r.rejected).toEqual([]);
  });

  it("a performed date already past dates the plan and is its day (the engine then reads no plan now)", () => {
    expect(
      read(procedure("preparation", "Central line insertion", { performedPeriod: { start: "2026-03-10" } }))
        .events,
    ).toEqual([
      {
        kind: "procedure-planned",
        qualifiers: ["central-venous-catheter"],
        at: "2026-03-10",
        end: "2026-03-10",
      },
    ]);
  });

  it("an operation being prepared is a planned operation, and an operation of no named type one too", () => {
    expect(read(procedure("preparation", "Right hemicolectomy")).events[0]?.kind).toBe("surgery-planned");
    expect(read(procedure("preparation", "Surgery")).events[0]).toMatchObject({
      kind: "surgery-planned",
      qualifiers: ["major-surgery"],
    });
  });

  it("a transfusion being prepared is no event, rejected as not done as before", () => {
    const r = read(procedure("preparation", "Platelet transfusion"));
    expect(r.events).toEqual([]);
    expect(r.rejected).toEqual([["not-final", "status is preparation: not done yet"]]);
  });

  it("an unreadable performed date is rejected, not guessed", () => {
    const r = read(procedure("preparation", "Lumbar puncture", { performedDateTime: "2026-03" }));
    expect(r.events).toEqual([]);
    expect(r.rejected[0]?.[0]).toBe("invalid-date");
  });

  it.each(["not-done", "entered-in-error"])("a lumbar puncture %s is nothing", (status) => {
    const r = read(procedure(status, "Lumbar puncture", { performedDateTime: "2026-03-11" }));
    expect(r.events).toEqual([]);
    expect(r.rejected).toEqual([["not-final", `status is ${status}`]]);
  });

  it.each(["in-progress", "completed", "on-hold", "stopped", "unknown"])(
    "a lumbar puncture %s is one done, not planned",
    (status) => {
      expect(
        read(procedure(status, "Lumbar puncture", { performedDateTime: "2026-03-11" })).events.map(
          (e) => e.kind,
        ),
      ).toEqual(["procedure"]);
    },
  );
});
