/**
 * Reference resolution inside one input: `Patient/x`, `urn:uuid:…` full URLs, absolute URLs ending in
 * `Type/id` (with or without `/_history/n`), `#id` for contained resources, and a transaction's
 * conditional references by identifier (`Patient?identifier=http://x|123`).
 */
import type { Reference, Resource } from "@medplum/fhirtypes";
import { containedResources, type Entry } from "./input.js";

const HISTORY = /\/_history\/[^/]+$/;
/** The `Type/id` tail of a relative or absolute literal reference. */
const TYPE_ID_TAIL = /([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

/** A literal reference to a Patient by type and id, relative or absolute (history already cut). */
const NAMED_PATIENT = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * The id of the Patient a literal reference names by type and id (`Patient/7`, an absolute URL ending in
 * `/Patient/7`, with or without `/_history/n`); undefined for any other reference (`urn:uuid:…`, a search,
 * another type).
 * @example
 * namedPatientId("https://ehr.example.org/fhir/Patient/7/_history/2"); // "7"
 * namedPatientId("Group/g1"); // undefined
 */
export function namedPatientId(reference: string): string | undefined {
  return NAMED_PATIENT.exec(reference.replace(HISTORY, ""))?.[1];
}

/** A conditional reference by identifier (`Patient?identifier=http://x|123`, `Patient?identifier=123`). */
const BY_IDENTIFIER = /^([A-Z][A-Za-z]+)\?identifier=([^&]+)$/;

/** A reference with its percent-encoding undone, or undefined when it is not validly encoded. */
function decoded(reference: string): string | undefined {
  try {
    return decodeURIComponent(reference);
  } catch {
    return undefined;
  }
}

/**
 * The search of a conditional reference by identifier (FHIR R4 http.html#trules), percent-encoded or not:
 * its resource type and identifier token (`system|value`, or `value` alone); undefined for any other
 * reference. The one reading of such a reference, for the core's resolution and the bulk placement alike.
 * @example
 * identifierSearch("Patient?identifier=http%3A%2F%2Fx%7C123"); // { type: "Patient", token: "http://x|123" }
 * identifierSearch("Patient/7"); // undefined
 */
export function identifierSearch(
  reference: string,
): { readonly type: string; readonly token: string } | undefined {
  const text = decoded(reference);
  const m = text === undefined ? null : BY_IDENTIFIER.exec(text);
  return m === null ? undefined : { type: m[1] as string, token: m[2] as string };
}

/** The identifiers of a resource as the token a search by identifier writes: `system|value`, and `value`. */
function identifierTokens(r: Resource): string[] {
  const ids = (r as { identifier?: unknown }).identifier;
  if (!Array.isArray(ids)) return [];
  const tokens: string[] = [];
  for (const id of ids as unknown[]) {
    if (id === null || typeof id !== "object") continue;
    const { system, value } = id as { system?: unknown; value?: unknown };
    if (typeof value !== "string") continue;
    tokens.push(value);
    if (typeof system === "string") tokens.push(`${system}|${value}`);
  }
  return tokens;
}

/** Lookup of the input's top-level resources by every name a reference may use. */
export class ResourceIndex {
  private readonly byKey = new Map<string, Entry>();
  /** Conditional references by identifier, each to the one resource of the input that has it. */
  private readonly byIdentifier = new Map<string, Entry | null>();

  /** @param entries the top-level resources, in input order (kept for {@link ResourceIndex.entries}). */
  constructor(readonly entries: readonly Entry[]) {
    for (const e of entries) {
      const r = e.resource;
      if (e.conditional !== undefined) this.byKey.set(e.conditional, e);
      for (const token of identifierTokens(r)) {
        const key = `${r.resourceType}?identifier=${token}`;
        const held = this.byIdentifier.get(key);
        // Two resources with one identifier: which one is meant is not guessed (null: none resolves).
        this.byIdentifier.set(key, held === undefined || held?.resource === r ? e : null);
      }
      if (r.id !== undefined) this.byKey.set(`${r.resourceType}/${r.id}`, e);
      if (e.fullUrl !== undefined) {
        this.byKey.set(e.fullUrl, e);
        const tail = TYPE_ID_TAIL.exec(e.fullUrl.replace(HISTORY, ""));
        if (tail && tail[1] === r.resourceType) this.byKey.set(`${tail[1]}/${tail[2]}`, e);
      }
    }
  }

  /**
   * Makes `Patient/{id}` (relative, or at the end of an absolute URL) resolve to `entry`, a Patient that
   * stands in for one the records name but the input does not hold; never over a resource of the input.
   */
  standIn(entry: Entry): void {
    const key = `Patient/${entry.resource.id}`;
    if (!this.byKey.has(key)) this.byKey.set(key, entry);
  }

  /** The entry a literal reference points to, if it is in the input. */
  resolve(reference: string): Entry | undefined {
    const exact = this.byKey.get(reference);
    if (exact !== undefined) return exact;
    const trimmed = reference.replace(HISTORY, "");
    const direct = this.byKey.get(trimmed);
    if (direct !== undefined) return direct;
    if (reference.includes("?")) return this.conditional(reference);
    const tail = TYPE_ID_TAIL.exec(trimmed);
    return tail ? this.byKey.get(`${tail[1]}/${tail[2]}`) : undefined;
  }

  /**
   * A conditional reference (`Patient?identifier=http://x|123`, maybe percent-encoded): the entry whose
   * conditional request names that search, or the one resource of the input with that identifier; none
   * when two resources have it or the search is by anything else.
   */
  private conditional(reference: string): Entry | undefined {
    const text = decoded(reference);
    if (text === undefined) return undefined;
    const named = this.byKey.get(text);
    if (named !== undefined) return named;
    const search = identifierSearch(reference);
    if (search === undefined) return undefined;
    return this.byIdentifier.get(`${search.type}?identifier=${search.token}`) ?? undefined;
  }
}

/** A contained resource of `host` named by a `#id` reference. */
export function resolveContained(host: Resource, reference: string): Resource | undefined {
  if (!reference.startsWith("#")) return undefined;
  const id = reference.slice(1);
  return containedResources(host).find((c) => c.resource.id === id)?.resource;
}

/** The literal reference string of a Reference, if it has one. */
export function literal(ref: Reference | undefined): string | undefined {
  return typeof ref?.reference === "string" && ref.reference !== "" ? ref.reference : undefined;
}

/**
 * Every literal reference a resource makes, wherever it sits (`serviceProvider`, `participant[].individual`,
 * `diagnosis[].condition`, in contained resources …), in document order.
 */
export function referencesIn(resource: Resource): string[] {
  const out: string[] = [];
  const stack: unknown[] = [resource];
  while (stack.length > 0) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    } else if (x !== null && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if (typeof o.reference === "string" && o.reference !== "") out.push(o.reference);
      const values = Object.values(o);
      for (let i = values.length - 1; i >= 0; i--) {
        const v = values[i];
        if (v !== null && typeof v === "object") stack.push(v);
      }
    }
  }
  return out;
}
