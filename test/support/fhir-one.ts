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

/** What one resource beside `p1` gives: its events (kind, qualifiers, dates), rejections and counts. */
export function readOne(opts: Parameters<typeof ingestFhir>[1], resource: unknown) {
  const { record } = ingestOne(opts, resource);
  return {
    events: record.events.map((e) => ({
      kind: e.kind,
      qualifiers: e.qualifiers,
      at: e.at,
      ...(e.end !== undefined && { end: e.end }),
    })),
    rejected: record.rejected.map((x) => [x.code, x.reason]),
    notUsed: record.counts.notUsed,
    ignored: record.counts.ignored,
  };
}
