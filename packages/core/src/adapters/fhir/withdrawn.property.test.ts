/**
 * Whatever order a history Bundle lists the versions of one result in, only the latest version is read:
 * its value when it stands, nothing when it says the result was entered in error or cancelled.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestFhir } from "./ingest.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z" };
const STATUSES = ["final", "amended", "corrected", "entered-in-error", "cancelled"] as const;

describe("versions of one platelet count", () => {
  it("only the latest version counts, in any input order", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...STATUSES), { minLength: 2, maxLength: 5 })
          .chain((statuses) =>
            fc.tuple(
              fc.constant(statuses),
              fc.shuffledSubarray([...statuses.keys()], { minLength: statuses.length }),
            ),
          ),
        ([statuses, order]) => {
          // Version i (1-based) has the value 10 + i, so the value read names the version read.
          const versions = order.map((i) => ({
            resourceType: "Observation",
            id: "plt",
            meta: { versionId: String(i + 1) },
            status: statuses[i],
            code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
            subject: { reference: "Patient/p1" },
            effectiveDateTime: "2024-03-01T08:00:00Z",
            valueQuantity: { value: 10 + i, unit: "10*9/L" },
          }));
          const [record] = ingestFhir([{ resourceType: "Patient", id: "p1" }, ...versions], opts).patients;
          const last = statuses.length - 1;
          const stands = statuses[last] !== "entered-in-error" && statuses[last] !== "cancelled";
          expect(record?.labs.map((l) => l.value)).toEqual(stands ? [10 + last] : []);
          // Every version is counted once: the latest used or rejected, the others rejected.
          expect(record?.counts.read).toBe(versions.length + 1);
        },
      ),
    );
  });
});
