/**
 * Properties of how a lab result's status and date fields are read, whatever a source writes there: a
 * result is used (marked preliminary or of unknown status when its status is not final) or rejected
 * with its reason, never used silently as if final; its time is the first date field present, a period's
 * end only when it has no start, and named so.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { FINAL_OBSERVATION, observationDates } from "./final-results.js";
import { ingestFhir } from "./ingest.js";
import { NOT_DONE_STATUSES } from "./record-status.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "p.json" };
const R4_STATUSES = [
  "registered",
  "preliminary",
  "final",
  "amended",
  "corrected",
  "cancelled",
  "entered-in-error",
  "unknown",
];

function read(fields: Record<string, unknown>) {
  const r = ingestFhir(
    {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { resource: { resourceType: "Patient", id: "p1" } },
        {
          resource: {
            resourceType: "Observation",
            id: "o",
            code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
            subject: { reference: "Patient/p1" },
            valueQuantity: { value: 12, unit: "10*9/L" },
            ...fields,
          },
        },
      ],
    },
    opts,
  );
  const p = r.patients[0];
  if (p === undefined) throw new Error("no patient");
  return p;
}

const instantArb = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2025-02-28T00:00:00Z"), noInvalidDate: true })
  .map((d) => `${d.toISOString().slice(0, 19)}Z`);

describe("a lab result's status", () => {
  it("is used unmarked only when final, amended, corrected or absent; marked when preliminary or anything else; rejected when it did not happen", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom<unknown>(...R4_STATUSES, undefined),
          fc.string({ maxLength: 12 }),
          fc.integer(),
        ),
        (status) => {
          const p = read({ status, effectiveDateTime: "2024-03-01T08:00:00Z" });
          const notDone = typeof status === "string" && NOT_DONE_STATUSES.Observation?.has(status);
          if (notDone) {
            expect(p.labs).toEqual([]);
            expect(p.rejected.map((x) => [x.code, x.field])).toEqual([["not-final", "status"]]);
            return;
          }
          expect(p.rejected).toEqual([]);
          const [lab] = p.labs;
          const final = status === undefined || (typeof status === "string" && FINAL_OBSERVATION.has(status));
          expect([lab?.preliminary, lab?.statusUnknown]).toEqual(
            final ? [undefined, undefined] : status === "preliminary" ? [true, undefined] : [undefined, true],
          );
        },
      ),
    );
  });
});

describe("a lab result's time", () => {
  it("is the first date field present; a period's end only without a start, and then marked", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            effectiveDateTime: instantArb,
            effectivePeriod: fc.record({ start: instantArb, end: instantArb }, { requiredKeys: [] }),
            effectiveInstant: instantArb,
            issued: instantArb,
          },
          { requiredKeys: [] },
        ),
        (fields) => {
          const p = read({ status: "final", ...fields });
          const first = observationDates(fields).find(([, v]) => v !== undefined);
          if (first === undefined) {
            expect(p.labs).toEqual([]);
            expect(p.rejected.map((x) => x.code)).toEqual(["missing-date"]);
            return;
          }
          expect(p.labs.map((l) => [l.at, l.periodEndOnly === true, l.issuedOnly === true])).toEqual([
            [first[1], first[0] === "effectivePeriod.end", first[0] === "issued"],
          ]);
          const period = fields.effectivePeriod;
          if (
            period?.end !== undefined &&
            period.start === undefined &&
            fields.effectiveDateTime === undefined
          )
            expect(p.labs[0]?.at).toBe(period.end);
        },
      ),
    );
  });
});
