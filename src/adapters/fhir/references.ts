/**
 * Reference resolution inside one input: `Patient/x`, `urn:uuid:…` full URLs, absolute URLs ending in
 * `Type/id` (with or without `/_history/n`), and `#id` for contained resources.
 */
import type { Reference, Resource } from "@medplum/fhirtypes";
import type { Entry } from "./input.js";

const HISTORY = /\/_history\/[^/]+$/;
/** The `Type/id` tail of a relative or absolute literal reference. */
const TYPE_ID_TAIL = /([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

/** Lookup of the input's top-level resources by every name a reference may use. */
export class ResourceIndex {
  private readonly byKey = new Map<string, Entry>();

  constructor(entries: readonly Entry[]) {
    for (const e of entries) {
      const r = e.resource;
      if (r.id !== undefined) this.byKey.set(`${r.resourceType}/${r.id}`, e);
      if (e.fullUrl !== undefined) {
        this.byKey.set(e.fullUrl, e);
        const tail = TYPE_ID_TAIL.exec(e.fullUrl.replace(HISTORY, ""));
        if (tail && tail[1] === r.resourceType) this.byKey.set(`${tail[1]}/${tail[2]}`, e);
      }
    }
  }

  /** The entry a literal reference points to, if it is in the input. */
  resolve(reference: string): Entry | undefined {
    const exact = this.byKey.get(reference);
    if (exact !== undefined) return exact;
    const trimmed = reference.replace(HISTORY, "");
    const direct = this.byKey.get(trimmed);
    if (direct !== undefined) return direct;
    const tail = TYPE_ID_TAIL.exec(trimmed);
    return tail ? this.byKey.get(`${tail[1]}/${tail[2]}`) : undefined;
  }
}

/** A contained resource of `host` named by a `#id` reference. */
export function resolveContained(host: Resource, reference: string): Resource | undefined {
  if (!reference.startsWith("#")) return undefined;
  const id = reference.slice(1);
  const contained = (host as { contained?: Resource[] }).contained;
  return contained?.find((c) => c.id === id);
}

/** The literal reference string of a Reference, if it has one. */
export function literal(ref: Reference | undefined): string | undefined {
  return typeof ref?.reference === "string" && ref.reference !== "" ? ref.reference : undefined;
}
