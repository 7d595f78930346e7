/**
 * A ServiceRequest for an operation or a bedside procedure is a planned procedure, the usual way a lumbar puncture
 * or a central line is ordered: read as a Procedure in preparation is, its occurrence the day it is to be done.
 * Only an active or draft request ordered or planned is a plan; a completed, revoked, on-hold or entered-in-error
 * one, a proposal, an option or a doNotPerform is not. Before, a ServiceRequest was a type outside the input
 * contract, and a lumbar puncture ordered beside platelets of 15 ×10⁹/L said nothing of the count.
 */
import { describe, expect, it } from "vitest";
import { readOne } from "../../../../../test/support/fhir-one.js";
import { testKnowledge } from "../../../../../test/support/knowledge.js";

const vocabulary = testKnowledge().vocabulary;
const EVALUATED_AT = "2026-03-12T12:00:00Z";
const opts = { vocabulary, evaluatedAt: EVALUATED_AT, file: "requests.json" };

const request = (text: string, extra: Record<string, unknown> = {}) => ({
  resourceType: "ServiceRequest",
  id: "req",
  status: "active",
  intent: "order",
  code: { text },
  subject: { reference: "Patient/p1" },
  ...extra,
});

const read = (resource: unknown) => readOne(opts, resource);

describe("a ServiceRequest for a procedure is a planned procedure", () => {
  it("an active order for a lumbar puncture, undated, is a procedure planned as of the evaluation", () => {
    expect(read(request("Lumbar puncture")).events).toEqual([
      { kind: "procedure-planned", qualifiers: ["lumbar-puncture"], at: EVALUATED_AT },
    ]);
  });

  it("a SNOMED-coded central line insertion ordered for a day ahead is planned for that day", () => {
    const r = read(
      request("", {
        code: {
          coding: [{ system: "http://snomed.info/sct", display: "Central venous catheter insertion" }],
        },
        occurrenceDateTime: "2026-03-14T09:00:00Z",
      }),
    );
    expect(r.events).toEqual([
      {
        kind: "procedure-planned",
        qualifiers: ["central-venous-catheter"],
        at: EVALUATED_AT,
        end: "2026-03-14",
      },
    ]);
    expect(r.rejected).toEqual([]);
  });

  it("a draft plan for an epidural in a period ahead is planned from the period's start", () => {
    const r = read(
      request("Epidural catheter insertion", {
        status: "draft",
        intent: "plan",
        occurrencePeriod: { start: "2026-03-15", end: "2026-03-16" },
      }),
    );
    expect(r.events).toEqual([
      { kind: "procedure-planned", qualifiers: ["neuraxial"], at: EVALUATED_AT, end: "2026-03-15" },
    ]);
  });

  it("an occurrence already past dates the plan on its day (the engine then reads no plan now)", () => {
    expect(read(request("Lumbar puncture", { occurrenceDateTime: "2026-03-10" })).events).toEqual([
      { kind: "procedure-planned", qualifiers: ["lumbar-puncture"], at: "2026-03-10", end: "2026-03-10" },
    ]);
  });

  it("undated, it is a plan charted on its authoredOn; an authoredOn after the evaluation is the evaluation", () => {
    expect(read(request("Lumbar puncture", { authoredOn: "2026-03-01" })).events[0]?.at).toBe("2026-03-01");
    expect(read(request("Lumbar puncture", { authoredOn: "2026-03-20" })).events[0]?.at).toBe(EVALUATED_AT);
  });

  it("an order for an operation is a planned operation", () => {
    expect(read(request("Right hemicolectomy")).events[0]?.kind).toBe("surgery-planned");
  });

  it.each(["completed", "revoked", "entered-in-error", "on-hold", "unknown"])(
    "a lumbar puncture request %s is no plan",
    (status) => {
      const r = read(request("Lumbar puncture", { status }));
      expect(r.events).toEqual([]);
      expect(r.rejected).toEqual([["not-final", `status is ${status}: no procedure to come`]]);
    },
  );

  it.each(["proposal", "option"])("a lumbar puncture of intent %s is no plan", (intent) => {
    const r = read(request("Lumbar puncture", { intent }));
    expect(r.events).toEqual([]);
    expect(r.rejected).toEqual([["not-final", `intent is ${intent}: not ordered`]]);
  });

  it.each(["original-order", "filler-order", "directive"])("an order of intent %s is a plan", (intent) => {
    expect(read(request("Lumbar puncture", { intent })).events.map((e) => e.kind)).toEqual([
      "procedure-planned",
    ]);
  });

  it("a request not to do a lumbar puncture is no plan", () => {
    const r = read(request("Lumbar puncture", { doNotPerform: true }));
    expect(r.events).toEqual([]);
    expect(r.rejected[0]?.[0]).toBe("not-final");
  });

  it("an unreadable occurrence date is rejected, not guessed", () => {
    const r = read(request("Lumbar puncture", { occurrenceDateTime: "2026-03" }));
    expect(r.events).toEqual([]);
    expect(r.rejected[0]?.[0]).toBe("invalid-date");
  });

  it("a request for a blood count or a platelet transfusion names nothing used here, counted not used", () => {
    for (const text of ["Complete blood count", "Platelet transfusion"]) {
      const r = read(request(text));
      expect(r.events).toEqual([]);
      expect([r.notUsed, r.ignored]).toEqual([1, 0]);
    }
  });
});

describe("a ServiceRequest with no code", () => {
  it("names no procedure: not used, not rejected (a referral stub a claim contains)", () => {
    const r = read({
      resourceType: "ServiceRequest",
      id: "referral",
      status: "completed",
      intent: "order",
      subject: { reference: "Patient/p1" },
    });
    expect([r.events, r.rejected, r.notUsed]).toEqual([[], [], 1]);
  });
});
