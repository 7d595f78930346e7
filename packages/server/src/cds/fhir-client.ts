/**
 * Reads from the EHR's FHIR server what the prefetch did not bring (CDS Hooks "FHIR Resource Access"):
 * one search or read with the `fhirAuthorization` bearer token, following `next` pages on the same
 * server, within a deadline. Every failure is classified, never thrown: the caller turns it into an
 * `info` card or a 412, never a 500.
 */
import type { Resource } from "./schemas.js";

/** Why data could not be read. */
export type FetchFailure =
  | "unreachable"
  | "timeout"
  | "unauthorized"
  | "not-found"
  | "server-error"
  | "not-fhir"
  | "operation-outcome"
  | "incomplete"
  | "insecure";

export type FetchResult =
  | { readonly ok: true; readonly resources: readonly Resource[]; readonly partial?: FetchFailure }
  | { readonly ok: false; readonly failure: FetchFailure };

export interface FhirClientOptions {
  /** The request's `fhirServer`. */
  readonly baseUrl: string;
  /** `fhirAuthorization.access_token`, when the EHR gave one. */
  readonly token?: string;
  /** Deadline of one query, all its pages included. */
  readonly timeoutMs: number;
  readonly maxPages: number;
  readonly fetch: typeof fetch;
}

/** Hosts to which a token may go over plain http: this machine. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** A JSON object (not null, not an array): what a FHIR resource or one of its elements must be. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** An OperationOutcome that reports an error (a warning or information outcome is no failure). */
export function isErrorOutcome(r: unknown): boolean {
  if (!isRecord(r) || r.resourceType !== "OperationOutcome") return false;
  const issues = Array.isArray(r.issue) ? r.issue : [];
  return (
    issues.length === 0 ||
    issues.some((i) => isRecord(i) && (i.severity === "error" || i.severity === "fatal"))
  );
}

/** The resources of a Bundle's entries, whether an error outcome was among them, and its `next` link. */
export function bundleContent(bundle: Record<string, unknown>): {
  resources: Resource[];
  errorOutcome: boolean;
  next?: string;
} {
  const resources: Resource[] = [];
  let errorOutcome = false;
  for (const e of Array.isArray(bundle.entry) ? bundle.entry : []) {
    const r = isRecord(e) ? e.resource : undefined;
    if (!isRecord(r) || typeof r.resourceType !== "string") continue;
    if (r.resourceType === "OperationOutcome") errorOutcome ||= isErrorOutcome(r);
    else resources.push(r as Resource);
  }
  const links = Array.isArray(bundle.link) ? bundle.link : [];
  const next = links.find((l) => isRecord(l) && l.relation === "next" && typeof l.url === "string");
  return { resources, errorOutcome, ...(isRecord(next) && { next: next.url as string }) };
}

/**
 * A FHIR reader bound to one request's server and token.
 * @example
 * const read = createFhirReader({ baseUrl: req.fhirServer, token, timeoutMs: 5000, maxPages: 20, fetch });
 * await read("Observation?patient=123&code=http://loinc.org|777-3"); // { ok: true, resources: [...] }
 */
export function createFhirReader(
  options: FhirClientOptions,
): (relativeOrNext: string) => Promise<FetchResult> {
  const base = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
  const headers: Record<string, string> = { accept: "application/fhir+json, application/json" };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  // CDS Hooks: fhirServer "MUST be https when production data is exchanged". The access token is never
  // sent in clear text to another machine; plain http stays usable on loopback (a local test server).
  if (options.token !== undefined && base.protocol !== "https:" && !LOOPBACK_HOSTS.has(base.hostname)) {
    return async () => ({ ok: false, failure: "insecure" });
  }

  const getJson = async (url: URL, signal: AbortSignal): Promise<FetchResult | { json: unknown }> => {
    let response: Response;
    try {
      response = await options.fetch(url, { headers, signal, redirect: "error" });
    } catch (e) {
      const name = (e as { name?: string }).name;
      return {
        ok: false,
        failure: name === "TimeoutError" || name === "AbortError" ? "timeout" : "unreachable",
      };
    }
    if (response.status === 401 || response.status === 403) return { ok: false, failure: "unauthorized" };
    if (response.status === 404 || response.status === 410) return { ok: false, failure: "not-found" };
    let json: unknown;
    try {
      json = await response.json();
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === "TimeoutError" || name === "AbortError") return { ok: false, failure: "timeout" };
      return { ok: false, failure: response.ok ? "not-fhir" : "server-error" };
    }
    if (!response.ok)
      return { ok: false, failure: isErrorOutcome(json) ? "operation-outcome" : "server-error" };
    return { json };
  };

  return async (relativeOrNext) => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    let url = new URL(relativeOrNext, base);
    const resources: Resource[] = [];
    let partial: FetchFailure | undefined;
    for (let page = 0; ; page++) {
      // The token never leaves the EHR's server: a page link elsewhere ends the read.
      if (url.origin !== base.origin) return { ok: true, resources, partial: "incomplete" };
      const got = await getJson(url, signal);
      if (!("json" in got)) {
        if (page === 0) return got;
        return { ok: true, resources, partial: got.ok ? "incomplete" : got.failure };
      }
      const json = got.json;
      if (!isRecord(json) || typeof json.resourceType !== "string") return { ok: false, failure: "not-fhir" };
      if (json.resourceType === "OperationOutcome") return { ok: false, failure: "operation-outcome" };
      if (json.resourceType !== "Bundle") return { ok: true, resources: [json as Resource] };
      const content = bundleContent(json);
      resources.push(...content.resources);
      if (content.errorOutcome) partial = "operation-outcome";
      if (content.next === undefined) break;
      if (page + 1 >= options.maxPages) {
        partial ??= "incomplete";
        break;
      }
      url = new URL(content.next, base);
    }
    return partial === undefined ? { ok: true, resources } : { ok: true, resources, partial };
  };
}
