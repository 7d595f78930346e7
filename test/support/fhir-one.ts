/** The adapter tests' usual input: patient `p1` and the given resources, sent as one collection bundle. */
import { ingestFhir } from "../../packages/core/src/adapters/fhir/ingest.js";

/** Ingests `p1` with `resources`; the result with `p1`'s record (which must be there). */
export function ingestOne(opts: Parameters<typeof ingestFhir>[1], ...resources: unknown[]) {
  const result = ingestFhir(
    {
      resourceType: "Bundle",
      type: "collection",
      entry: [{ resourceType: "Patient", id: "p1" }, ...resources].map((resource) => ({ resource })),
    },
    opts,
  );
  const record = result.patients[0];
  if (record === undefined) throw new Error("no patient");
  return { ...result, record };
}
