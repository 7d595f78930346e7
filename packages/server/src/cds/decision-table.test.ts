/**
 * The decision table of docs/cds-hooks.md ("Data the service could not get"), row by row, with a mock
 * FHIR server on loopback: what the service answers when the prefetch is complete, partly missing with
 * the FHIR server reachable, absent, failing, slow or refusing the token, or holds OperationOutcomes.
 * Never a 500 for a downstream fault.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Behaviour,
  example,
  hookRequest,
  type MockFhir,
  patientIdOf,
  prefetchFrom,
  startMockFhir,
  type TestServer,
  testServer,
} from "../test-support/ehr.js";
import { MEDICATION_KEYS, PREFETCH_KEYS } from "./prefetch.js";
import { CdsResponseSchema } from "./schemas.js";
import { PATIENT_VIEW_SERVICE } from "./services.js";

const TTP = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
const ID = patientIdOf(TTP);
const PATH = `/cds-services/${PATIENT_VIEW_SERVICE}`;
const ALL_KEYS: readonly string[] = PREFETCH_KEYS;
const WITHOUT = (...keys: string[]) => ALL_KEYS.filter((k) => !keys.includes(k));

let t: TestServer;
const mocks: MockFhir[] = [];
beforeAll(async () => {
  t = await testServer({ config: { fhir: { timeoutMs: 500 } } });
});
afterAll(async () => {
  await t.server.close();
  await Promise.all(mocks.map((m) => m.close()));
});

async function fhir(behaviour: Readonly<Record<string, Behaviour>> = {}): Promise<MockFhir> {
  const m = await startMockFhir(TTP, behaviour);
  mocks.push(m);
  return m;
}

const AUTHORIZATION = {
  access_token: "fhir-token-123",
  token_type: "Bearer",
  expires_in: 300,
  scope: "user/*.read",
  subject: "hemosentinel",
};

async function call(
  prefetch: Record<string, unknown> | undefined,
  server?: MockFhir,
  authorization: unknown = AUTHORIZATION,
) {
  const extra: Record<string, unknown> = {};
  if (prefetch !== undefined) extra.prefetch = prefetch;
  if (server !== undefined) {
    extra.fhirServer = server.url;
    extra.fhirAuthorization = authorization;
  }
  const res = await t.server.app.inject({
    method: "POST",
    url: PATH,
    headers: { authorization: `Bearer ${await t.ehr.token(PATH)}` },
    payload: hookRequest("patient-view", { patientId: ID }, extra),
  });
  expect(res.statusCode).not.toBe(500);
  return res;
}

function cardsOf(res: { json(): unknown }) {
  return CdsResponseSchema.parse(res.json()).cards;
}

const infoCard = (res: { json(): unknown }) => cardsOf(res).find((c) => c.source.topic?.code === "data-gaps");
const summaries = (res: { json(): unknown }) =>
  cardsOf(res)
    .filter((c) => c.source.topic?.code !== "data-gaps")
    .map((c) => c.summary);

let complete: string[];

type Json = Record<string, unknown>;
/** The TTP patient with each drug named by a reference to a Medication resource, as many EHRs chart it. */
const BY_REFERENCE: Json = (() => {
  const copy = structuredClone(TTP) as { entry: { resource: Json }[] };
  const medications: { resource: Json }[] = [];
  for (const e of copy.entry) {
    const r = e.resource;
    if (!String(r.resourceType).startsWith("Medication") || r.medicationCodeableConcept === undefined)
      continue;
    const id = `med-${medications.length + 1}`;
    medications.push({ resource: { resourceType: "Medication", id, code: r.medicationCodeableConcept } });
    delete r.medicationCodeableConcept;
    r.medicationReference = { reference: `Medication/${id}` };
  }
  return { ...copy, entry: [...copy.entry, ...medications] };
})();
const BY_REFERENCE_IDS = ((BY_REFERENCE.entry as { resource: Json }[]) ?? [])
  .filter((e) => e.resource.resourceType === "Medication")
  .map((e) => String(e.resource.id));

/** A prefetch whose searchsets hold no Medication: the client did not honour `_include`. */
function withoutMedications(prefetch: Json): Json {
  return Object.fromEntries(
    Object.entries(prefetch).map(([k, v]) => {
      const entry = (v as { entry?: { resource: Json }[] } | null)?.entry;
      if (entry === undefined) return [k, v];
      return [k, { ...(v as Json), entry: entry.filter((e) => e.resource.resourceType !== "Medication") }];
    }),
  );
}

async function fhirOf(b: Json): Promise<MockFhir> {
  const m = await startMockFhir(b);
  mocks.push(m);
  return m;
}

describe("decision table", () => {
  it("row 1 — prefetch complete: cards from the prefetch, no FHIR call, no info card", async () => {
    const server = await fhir();
    const res = await call(prefetchFrom(TTP, ID), server);
    expect(res.statusCode).toBe(200);
    complete = summaries(res);
    expect(complete.some((s) => s.startsWith("Definite TTP"))).toBe(true);
    expect(infoCard(res)).toBeUndefined();
    expect(server.requests).toEqual([]);
  });

  it("row 1 — a key the EHR answers with null has no data: complete, nothing fetched", async () => {
    const prefetch = { ...prefetchFrom(TTP, ID), procedures: null, medicationRequests: null };
    const res = await call(prefetch);
    expect(res.statusCode).toBe(200);
    expect(infoCard(res)).toBeUndefined();
    expect(summaries(res)).toEqual(complete);
  });

  it("row 2 — prefetch partly missing, FHIR server reachable: the missing keys are read with the access token", async () => {
    const server = await fhir();
    const res = await call(prefetchFrom(TTP, ID, WITHOUT("labs", "conditions")), server);
    expect(res.statusCode).toBe(200);
    expect(summaries(res)).toEqual(complete);
    expect(infoCard(res)).toBeUndefined();
    expect(server.requests.map((r) => r.split("?")[0])).toEqual(["/fhir/Observation", "/fhir/Condition"]);
    expect(server.tokens).toEqual(["Bearer fhir-token-123", "Bearer fhir-token-123"]);
    expect(server.requests[0]).toContain("http://loinc.org|777-3");
  });

  it("row 2 — a token sent without expires_in, scope or subject, or typed `bearer`, is still used", async () => {
    const server = await fhir();
    const res = await call(prefetchFrom(TTP, ID, WITHOUT("labs")), server, {
      access_token: "fhir-token-123",
      token_type: "bearer",
    });
    expect(res.statusCode).toBe(200);
    expect(summaries(res)).toEqual(complete);
    expect(server.tokens).toEqual(["Bearer fhir-token-123"]);
  });

  it("row 2 — fhirAuthorization null is no token: the FHIR server is read without one", async () => {
    const server = await fhir();
    const res = await call(prefetchFrom(TTP, ID, WITHOUT("labs")), server, null);
    expect(res.statusCode).toBe(200);
    expect(server.tokens).toEqual([undefined]);
  });

  it("row 4 — a FHIR server on plain http elsewhere than loopback is not sent the token: the info card says why", async () => {
    const res = await t.server.app.inject({
      method: "POST",
      url: PATH,
      headers: { authorization: `Bearer ${await t.ehr.token(PATH)}` },
      payload: hookRequest(
        "patient-view",
        { patientId: ID },
        {
          prefetch: prefetchFrom(TTP, ID, WITHOUT("labs")),
          fhirServer: "http://ehr.example.org/fhir",
          fhirAuthorization: AUTHORIZATION,
        },
      ),
    });
    expect(res.statusCode).toBe(200);
    expect(infoCard(res)?.detail).toMatch(
      /Laboratory results: the request's FHIR server is not https, and the access token is never sent unencrypted/,
    );
  });

  it("a token that is not a bearer token, or has no access_token, is refused (400)", async () => {
    const server = await fhir();
    for (const authorization of [
      { ...AUTHORIZATION, token_type: "DPoP" },
      { token_type: "Bearer", expires_in: 300 },
    ]) {
      const res = await call(prefetchFrom(TTP, ID), server, authorization);
      expect(res.statusCode).toBe(400);
      expect((res.json() as { detail: string }).detail).toMatch(/fhirAuthorization/);
    }
    expect(server.requests).toEqual([]);
  });

  it("row 2 — medication records whose Medication the client did not include: read by id from the FHIR server", async () => {
    const server = await fhirOf(BY_REFERENCE);
    const res = await call(withoutMedications(prefetchFrom(BY_REFERENCE, ID)), server);
    expect(res.statusCode).toBe(200);
    expect(server.requests).toEqual([`/fhir/Medication?_id=${BY_REFERENCE_IDS.join(",")}`]);
    expect(server.tokens).toEqual(["Bearer fhir-token-123"]);
    expect(summaries(res)).toEqual(complete);
    expect(infoCard(res)).toBeUndefined();
    // With the Medications included, nothing is read.
    const included = await fhirOf(BY_REFERENCE);
    const res2 = await call(prefetchFrom(BY_REFERENCE, ID), included);
    expect(summaries(res2)).toEqual(complete);
    expect(included.requests).toEqual([]);
  });

  it("row 3 — Medications not included and no FHIR server: the info card says which drugs are unknown, never an empty answer", async () => {
    const res = await call(withoutMedications(prefetchFrom(BY_REFERENCE, ID)));
    expect(res.statusCode).toBe(200);
    const card = infoCard(res);
    expect(card?.summary).toMatch(/medication administrations \(in part\)/);
    expect(card?.detail).toMatch(/Medication that was neither sent nor readable from the FHIR server/);
  });

  it("row 2 — no prefetch at all, FHIR server reachable: everything is read from it", async () => {
    const server = await fhir();
    const res = await call(undefined, server);
    expect(res.statusCode).toBe(200);
    expect(summaries(res)).toEqual(complete);
    expect(server.requests).toHaveLength(ALL_KEYS.length);
  });

  it("row 2 — a paginated answer is followed page by page", async () => {
    const server = await fhir({ Observation: "paginate" });
    const res = await call(prefetchFrom(TTP, ID, WITHOUT("labs")), server);
    expect(summaries(res)).toEqual(complete);
    expect(infoCard(res)).toBeUndefined();
  });

  it("row 3 — prefetch partly missing, no FHIR server: cards from what is known and an info card naming the rest", async () => {
    const res = await call(prefetchFrom(TTP, ID, WITHOUT("labs")));
    expect(res.statusCode).toBe(200);
    const info = infoCard(res);
    expect(info?.indicator).toBe("info");
    expect(info?.summary).toBe("HemoSentinel could not read laboratory results: findings may be missing");
    expect(info?.detail).toContain("request names no FHIR server");
  });

  it.each([
    ["fail", "the FHIR server answered with an error"],
    ["unauthorized", "the FHIR server refused the access token"],
    ["not-json", "what came back was not a FHIR resource"],
    ["operation-outcome", "the EHR sent an error (OperationOutcome) instead of the data"],
  ] as const)("row 4 — FHIR server answering %s: cards and an info card", async (behaviour, words) => {
    const server = await fhir({ Observation: behaviour });
    const res = await call(prefetchFrom(TTP, ID, WITHOUT("labs")), server);
    expect(res.statusCode).toBe(200);
    expect(infoCard(res)?.detail).toContain(`Laboratory results: ${words}`);
  });

  it("row 4 — FHIR server too slow: the call ends at the configured timeout with an info card", async () => {
    const server = await fhir({ Observation: "slow" });
    const started = Date.now();
    const res = await call(prefetchFrom(TTP, ID, WITHOUT("labs")), server);
    expect(Date.now() - started).toBeLessThan(1_900);
    expect(infoCard(res)?.detail).toContain("did not answer within 500 ms");
  });

  it("row 4 — FHIR server unreachable (nothing listens): an info card", async () => {
    const server = await fhir();
    await server.close();
    const res = await call(prefetchFrom(TTP, ID, WITHOUT("conditions")), server);
    expect(infoCard(res)?.detail).toContain("Conditions: the FHIR server could not be reached");
  });

  it("row 5 — a prefetch entry that is an OperationOutcome is reported, not fetched again", async () => {
    const server = await fhir();
    const prefetch = {
      ...prefetchFrom(TTP, ID),
      conditions: { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "timeout" }] },
    };
    const res = await call(prefetch, server);
    expect(res.statusCode).toBe(200);
    expect(infoCard(res)?.detail).toContain("Conditions: the EHR sent an error (OperationOutcome)");
    expect(server.requests).toEqual([]);
  });

  it("row 5 — an OperationOutcome entry inside a searchset: the rest is used, the key is named as read in part", async () => {
    const prefetch = prefetchFrom(TTP, ID) as Record<string, { entry?: unknown[] }>;
    const labs = prefetch.labs as { entry: unknown[] };
    labs.entry.push({
      resource: { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "too-costly" }] },
    });
    const res = await call(prefetch);
    expect(summaries(res)).toEqual(complete);
    expect(infoCard(res)?.summary).toContain("laboratory results (in part)");
  });

  it("row 6 — the medication history cannot be read at all: 412, naming what was missing", async () => {
    const res = await call(prefetchFrom(TTP, ID, WITHOUT(...MEDICATION_KEYS)));
    expect(res.statusCode).toBe(412);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().detail).toContain("medication orders (no-fhir-server)");
  });

  it("row 6 — the same when the FHIR server refuses the token for every medication query", async () => {
    const server = await fhir({
      MedicationRequest: "unauthorized",
      MedicationAdministration: "unauthorized",
      MedicationStatement: "unauthorized",
    });
    const res = await call(prefetchFrom(TTP, ID, WITHOUT(...MEDICATION_KEYS)), server);
    expect(res.statusCode).toBe(412);
    expect(res.json().detail).toContain("medication statements (unauthorized)");
  });

  it("row 6 — one medication key read is enough to assess", async () => {
    const res = await call(prefetchFrom(TTP, ID, WITHOUT("medicationRequests", "medicationStatements")));
    expect(res.statusCode).toBe(200);
    expect(infoCard(res)?.summary).toContain("medication orders, medication statements");
  });
});
