/**
 * Test support: an EHR-like CDS client (an ES384 key pair, signed JWTs, hook requests whose prefetch is
 * filled from a FHIR bundle as an EHR would answer the discovery's templates) and a mock FHIR server on
 * loopback whose behaviour each test chooses (answers, fails, is slow, refuses the token, paginates).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createEngine, openKnowledge, type PatientReport } from "@hemosentinel/core";
import { loadKnowledgeBundle } from "@hemosentinel/knowledge";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import type { CardContext } from "../cds/cards.js";
import { namesOf } from "../cds/names.js";
import { prefetchTemplates } from "../cds/prefetch.js";
import { parseServerConfig, type ServerConfig } from "../config.js";
import { createServer as createHemoSentinel, type HemoSentinelServer } from "../server.js";

export const REPO_ROOT = join(import.meta.dirname, "..", "..", "..", "..");
export const SPEC_EXAMPLES = join(REPO_ROOT, "..", "shared", "reference", "cds-hooks");
export const PUBLIC_URL = "https://cds.example.org";
export const EHR_ISS = "https://ehr.example.org";

export const bundle = loadKnowledgeBundle();
export const knowledge = openKnowledge(bundle);
export const templates = prefetchTemplates(knowledge);

type Json = Record<string, unknown>;

/** The report of the patient of bundle `b`, evaluated at `at`, as the server's engine writes it. */
export function reportOf(b: Json, at: string): PatientReport {
  const engine = createEngine(knowledge, { evaluatedAt: at, version: "test" });
  engine.add({ kind: "fhir", value: b }, "test");
  return engine.assess(patientIdOf(b));
}

/** A card context as the server gives the card writers one, its ids counted from 1. */
export function cardContext(): CardContext {
  let n = 0;
  return {
    names: namesOf(knowledge, bundle),
    knowledgeVersion: "test",
    reportUrl: "https://web.example.org/patients/p1",
    newId: () => `id-${++n}`,
    fhirTimeoutMs: 5000,
  };
}

/** A FHIR example of the repository (examples/ or test/cases/bundles/). */
export function example(path: string): Json {
  return JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8")) as Json;
}

export function specExample(name: string): Json {
  return JSON.parse(readFileSync(join(SPEC_EXAMPLES, name), "utf8")) as Json;
}

export function resourcesOf(b: Json): Json[] {
  return ((b.entry as { resource?: Json }[] | undefined) ?? []).flatMap((e) =>
    e.resource === undefined ? [] : [e.resource],
  );
}

/** The id of a bundle's Patient. */
export function patientIdOf(b: Json): string {
  const p = resourcesOf(b).find((r) => r.resourceType === "Patient");
  return String(p?.id);
}

function refersTo(r: Json, patientId: string): boolean {
  const target = (r.subject ?? r.patient) as { reference?: string } | undefined;
  return (
    target?.reference === `Patient/${patientId}` ||
    target?.reference?.endsWith(`/Patient/${patientId}`) === true
  );
}

const LOINC_CODES = new Set([
  ...knowledge.labCatalogue.labs.flatMap((l) => l.loinc),
  ...knowledge.labCatalogue.bmi.loinc,
]);

function hasCatalogueLoinc(r: Json): boolean {
  const codings = (r.code as { coding?: { system?: string; code?: string }[] } | undefined)?.coding ?? [];
  return codings.some(
    (c) => c.system === "http://loinc.org" && c.code !== undefined && LOINC_CODES.has(c.code),
  );
}

function medicationsNamed(resources: readonly Json[], all: readonly Json[]): Json[] {
  const ids = new Set(
    resources.flatMap((r) => {
      const ref = (r.medicationReference as { reference?: string } | undefined)?.reference;
      return ref?.startsWith("Medication/") ? [ref.slice("Medication/".length)] : [];
    }),
  );
  return all.filter((r) => r.resourceType === "Medication" && ids.has(String(r.id)));
}

/** The Observations `_include=DiagnosticReport:result` adds beside the reports. */
function resultsNamed(reports: readonly Json[], all: readonly Json[]): Json[] {
  const refs = new Set(
    reports.flatMap((r) =>
      ((r.result as { reference?: string }[] | undefined) ?? []).map((x) => x.reference),
    ),
  );
  return all.filter((r) => r.resourceType === "Observation" && refs.has(`Observation/${String(r.id)}`));
}

/** What an EHR returns for one of the service's queries (`Type?patient=…` or `Patient/id`), over `all`. */
export function answerQuery(all: readonly Json[], type: string, patientId: string): Json | null {
  if (type === "Patient") return all.find((r) => r.resourceType === "Patient" && r.id === patientId) ?? null;
  let matched = all.filter((r) => r.resourceType === type && refersTo(r, patientId));
  if (type === "Observation") matched = matched.filter(hasCatalogueLoinc);
  if (type.startsWith("Medication")) matched = [...matched, ...medicationsNamed(matched, all)];
  if (type === "DiagnosticReport") matched = [...matched, ...resultsNamed(matched, all)];
  return searchset(matched);
}

export function searchset(resources: readonly Json[], next?: string): Json {
  return {
    resourceType: "Bundle",
    type: "searchset",
    ...(resources.length > 0 && { entry: resources.map((resource) => ({ resource })) }),
    ...(next !== undefined && { link: [{ relation: "next", url: next }] }),
  };
}

const KEY_TYPES: Readonly<Record<string, string>> = {
  patient: "Patient",
  labs: "Observation",
  reports: "DiagnosticReport",
  medicationRequests: "MedicationRequest",
  medicationAdministrations: "MedicationAdministration",
  medicationStatements: "MedicationStatement",
  conditions: "Condition",
  procedures: "Procedure",
  allergies: "AllergyIntolerance",
  adverseEvents: "AdverseEvent",
};

/** The prefetch an EHR sends for `patientId`, every template answered from `b` (optionally only `keys`). */
export function prefetchFrom(
  b: Json,
  patientId: string,
  keys: readonly string[] = Object.keys(KEY_TYPES),
): Json {
  const all = resourcesOf(b);
  return Object.fromEntries(keys.map((k) => [k, answerQuery(all, KEY_TYPES[k] as string, patientId)]));
}

/** A CDS client with its own ES384 key. */
export interface Ehr {
  readonly iss: string;
  readonly jwks: { keys: (JWK & { kty: string })[] };
  /** A JWT for a call of `path` under the public URL, with claims or header fields overridden. */
  token(path: string, override?: { claims?: Json; header?: Json }): Promise<string>;
}

export async function createEhr(iss = EHR_ISS, alg: "ES384" | "RS384" = "ES384"): Promise<Ehr> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const exported = await exportJWK(publicKey);
  const jwk = { ...exported, kty: exported.kty ?? "EC", kid, alg, use: "sig" };
  return {
    iss,
    jwks: { keys: [jwk] },
    token: async (path, override = {}) => {
      const nowS = Math.floor(Date.now() / 1000);
      const claims: Json = {
        iss,
        aud: `${PUBLIC_URL}${path}`,
        iat: nowS,
        exp: nowS + 300,
        jti: randomUUID(),
        ...override.claims,
      };
      for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
      return new SignJWT(claims)
        .setProtectedHeader({ alg, typ: "JWT", kid, ...override.header })
        .sign(privateKey);
    },
  };
}

/** A hook request. */
export function hookRequest(hook: string, context: Json, extra: Json = {}): Json {
  return { hook, hookInstance: randomUUID(), context, ...extra };
}

/** The patient-view request for the patient of bundle `b`, every prefetch template answered from it. */
export function patientViewRequest(b: Json, extra: Json = {}): Json {
  const patientId = patientIdOf(b);
  return hookRequest("patient-view", { patientId }, { prefetch: prefetchFrom(b, patientId), ...extra });
}

/** The order-sign request for the patient of `b` with draft MedicationRequests of `drugs` (`{ id: text }`). */
export function orderSignRequest(b: Json, drugs: Readonly<Record<string, string>>): Json {
  const patientId = patientIdOf(b);
  const entry = Object.entries(drugs).map(([id, text]) => ({
    resource: {
      resourceType: "MedicationRequest",
      id,
      status: "draft",
      intent: "order",
      medicationCodeableConcept: { text },
      subject: { reference: `Patient/${patientId}` },
    },
  }));
  const context = { userId: "Practitioner/1", patientId, draftOrders: { resourceType: "Bundle", entry } };
  return hookRequest("order-sign", context, { prefetch: prefetchFrom(b, patientId) });
}

/** A captured log: every line pino wrote, parsed. */
export function captureLog(): { stream: { write(line: string): void }; lines: Json[]; text: () => string } {
  const raw: string[] = [];
  return {
    stream: { write: (line: string) => void raw.push(line) },
    get lines() {
      return raw.map((l) => JSON.parse(l) as Json);
    },
    text: () => raw.join(""),
  };
}

export interface TestServer {
  readonly server: HemoSentinelServer;
  readonly log: ReturnType<typeof captureLog>;
  readonly ehr: Ehr;
}

/** A server trusting one EHR (inline JWKS), feedback in memory, with a captured log. */
export async function testServer(
  options: { config?: Json; dev?: boolean; webRoot?: string; ehr?: Ehr; cohortDb?: string } = {},
): Promise<TestServer> {
  const ehr = options.ehr ?? (await createEhr());
  const log = captureLog();
  const config: ServerConfig = parseServerConfig({
    publicUrl: PUBLIC_URL,
    clients: [{ iss: ehr.iss, jwks: ehr.jwks }],
    feedback: { path: ":memory:" },
    fhir: { timeoutMs: 500 },
    ...options.config,
  });
  const server = await createHemoSentinel({
    bundle,
    version: "0.1.0-test",
    config,
    publicUrl: PUBLIC_URL,
    logStream: log.stream,
    ...(options.dev !== undefined && { dev: options.dev }),
    ...(options.webRoot !== undefined && { webRoot: options.webRoot }),
    ...(options.cohortDb !== undefined && { cohortDb: options.cohortDb }),
  });
  return { server, log, ehr };
}

/**
 * A call as the test EHR makes it, with a JWT signed for the path (the query string is no part of the
 * audience); `headers` may replace the authorization.
 */
export async function signedCall(
  t: TestServer,
  method: "GET" | "POST",
  url: string,
  payload?: Json | string,
  headers: Readonly<Record<string, string>> = {},
) {
  const token = await t.ehr.token(url.split("?")[0] as string);
  return t.server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...headers },
    ...(payload !== undefined && { payload }),
  });
}

/** How the mock FHIR server answers one resource type. */
export type Behaviour =
  | "ok"
  | "fail"
  | "slow"
  | "unauthorized"
  | "operation-outcome"
  | "paginate"
  | "not-json";

export interface MockFhir {
  readonly url: string;
  /** Paths requested, in order. */
  readonly requests: string[];
  /** Authorization headers seen. */
  readonly tokens: (string | undefined)[];
  close(): Promise<void>;
}

/** A FHIR server on loopback over `b`; `behaviour` per resource type (default `ok`). */
export async function startMockFhir(
  b: Json,
  behaviour: Readonly<Record<string, Behaviour>> = {},
): Promise<MockFhir> {
  const all = resourcesOf(b);
  const requests: string[] = [];
  const tokens: (string | undefined)[] = [];
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/fhir+json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(`${url.pathname}${url.search}`);
    tokens.push(req.headers.authorization);
    const [, , type = "", id] = url.pathname.split("/");
    const patientId = id ?? url.searchParams.get("patient") ?? "";
    const mode = behaviour[type] ?? "ok";
    // `Type?_id=a,b`: a search by id (the service reads the Medications a client did not include).
    const ids = url.searchParams.get("_id")?.split(",");
    const answer = () =>
      ids === undefined
        ? answerQuery(all, type, patientId)
        : searchset(all.filter((r) => r.resourceType === type && ids.includes(String(r.id))));
    switch (mode) {
      case "fail":
        return send(res, 500, "boom");
      case "slow":
        return void setTimeout(() => send(res, 200, answer()), 2_000).unref();
      case "unauthorized":
        return send(res, 401, {
          resourceType: "OperationOutcome",
          issue: [{ severity: "error", code: "login" }],
        });
      case "operation-outcome":
        return send(res, 200, {
          resourceType: "OperationOutcome",
          issue: [{ severity: "error", code: "exception" }],
        });
      case "not-json":
        return send(res, 200, "<html>login page</html>");
      case "paginate": {
        const found = answer();
        const entries = ((found?.entry as Json[] | undefined) ?? []).map((e) => e.resource as Json);
        const offset = Number(url.searchParams.get("_offset") ?? "0");
        const page = entries.slice(offset, offset + 10);
        const nextUrl = new URL(url.toString());
        nextUrl.searchParams.set("_offset", String(offset + 10));
        const next =
          offset + 10 < entries.length
            ? `http://${req.headers.host}${nextUrl.pathname}${nextUrl.search}`
            : undefined;
        return send(res, 200, searchset(page, next));
      }
      default: {
        const found = answer();
        return found === null
          ? send(res, 404, {
              resourceType: "OperationOutcome",
              issue: [{ severity: "error", code: "not-found" }],
            })
          : send(res, 200, found);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/fhir`,
    requests,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
