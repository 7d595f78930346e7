/**
 * The server as an EHR uses it: discovery, patient-view with a prefetch filled from a FHIR bundle, a
 * JWT signed with the EHR's ES384 key on every call, feedback; every request example of the CDS Hooks
 * specification accepted; responses valid against the schemas written from the specification (logs:
 * logs.test.ts).
 */
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CdsResponseSchema, DiscoveryResponseSchema } from "./cds/schemas.js";
import { ORDER_SIGN_SERVICE, PATIENT_VIEW_SERVICE } from "./cds/services.js";
import {
  example,
  hookRequest,
  type MockFhir,
  patientIdOf,
  patientViewRequest,
  prefetchFrom,
  SPEC_EXAMPLES,
  signedCall,
  specExample,
  startMockFhir,
  type TestServer,
  testServer,
} from "./test-support/ehr.js";

const TTP = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
const TTP_ID = patientIdOf(TTP);

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(async () => {
  await t.server.close();
});

const call = (path: string, body?: Record<string, unknown>) =>
  signedCall(t, body === undefined ? "GET" : "POST", path, body);

describe("discovery", () => {
  it("lists the patient-view service and the order service for order-sign and order-select, with prefetch templates", async () => {
    const res = await call("/cds-services");
    expect(res.statusCode).toBe(200);
    const doc = DiscoveryResponseSchema.parse(res.json());
    expect(doc.services.map((s) => [s.id, s.hook])).toEqual([
      [PATIENT_VIEW_SERVICE, "patient-view"],
      [ORDER_SIGN_SERVICE, "order-sign"],
      [ORDER_SIGN_SERVICE, "order-select"],
    ]);
    const prefetch = doc.services[0]?.prefetch ?? {};
    expect(Object.keys(prefetch)).toEqual([
      "patient",
      "labs",
      "reports",
      "medicationRequests",
      "medicationAdministrations",
      "medicationStatements",
      "conditions",
      "procedures",
      "allergies",
      "adverseEvents",
    ]);
    expect(prefetch.adverseEvents).toBe("AdverseEvent?subject=Patient/{{context.patientId}}");
    expect(prefetch.labs).toContain("http://loinc.org|777-3");
  });

  it("refuses a call without a JWT", async () => {
    const res = await t.server.app.inject({ method: "GET", url: "/cds-services" });
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().detail).toMatch(/Bearer JWT/);
  });
});

describe("patient-view", () => {
  it("answers a definite TTP after nivolumab with a critical card: criteria, plan, cited sources, report link", async () => {
    const body = hookRequest(
      "patient-view",
      { userId: "Practitioner/1", patientId: TTP_ID },
      {
        prefetch: prefetchFrom(TTP, TTP_ID),
      },
    );
    const res = await call(`/cds-services/${PATIENT_VIEW_SERVICE}`, body);
    expect(res.statusCode).toBe(200);
    const { cards } = CdsResponseSchema.parse(res.json());
    const ttp = cards.find((c) => c.source.topic?.code === "ttp");
    expect(ttp?.indicator).toBe("critical");
    expect(ttp?.summary).toMatch(
      /^Definite TTP, grade \d, after nivolumab \(day 84\): hold the immunotherapy$/,
    );
    expect(ttp?.detail).toContain("met: ADAMTS13 activity \\< 10 %");
    // No web app here: the source is the primary reference (the atlas link needs the web app's URL).
    expect(ttp?.source.url).toMatch(/^https:\/\/doi\.org\//);
    expect(ttp?.links?.[0]?.url).toMatch(
      new RegExp(`^https://cds\\.example\\.org/api/report/${TTP_ID}\\?access=`),
    );
    expect(ttp?.detail).toContain("**Plan**");
    expect(ttp?.detail).toMatch(/\*\*Sources\*\*\n\n- \[[a-z0-9-]+\] .+ <https:\/\/doi\.org\//);
    expect(ttp?.source.label).toMatch(/^HemoSentinel · /);
  });

  it("links a finding's card to the disorder's page in the web app's knowledge atlas when the web app's URL is configured", async () => {
    const web = await testServer({ config: { webUrl: "https://app.example.org" } });
    try {
      const body = hookRequest(
        "patient-view",
        { userId: "Practitioner/1", patientId: TTP_ID },
        { prefetch: prefetchFrom(TTP, TTP_ID) },
      );
      const res = await signedCall(web, "POST", `/cds-services/${PATIENT_VIEW_SERVICE}`, body);
      const { cards } = CdsResponseSchema.parse(res.json());
      const ttp = cards.find((c) => c.source.topic?.code === "ttp");
      expect(ttp?.source.url).toBe("https://app.example.org/atlas/disorder/ttp");
      expect(ttp?.source.label).toBe(
        "HemoSentinel knowledge atlas · Thrombotic thrombocytopenic purpura (TTP)",
      );
      // The references stay in the card's detail; the report link is unchanged.
      expect(ttp?.detail).toMatch(/\*\*Sources\*\*\n\n- \[[a-z0-9-]+\] .+ <https:\/\/doi\.org\//);
      expect(ttp?.links?.[0]?.url).toMatch(
        new RegExp(`^https://cds\\.example\\.org/api/report/${TTP_ID}\\?access=`),
      );
    } finally {
      await web.server.close();
    }
  });

  it("suggests the recommended work-up as ServiceRequest orders with LOINC codes (possible ITP)", async () => {
    const itp = example("examples/itp-pembrolizumab-nsclc-mouri-2020.json");
    const id = patientIdOf(itp);
    const res = await call(`/cds-services/${PATIENT_VIEW_SERVICE}`, patientViewRequest(itp));
    const { cards } = CdsResponseSchema.parse(res.json());
    const [card] = cards;
    expect(card?.source.topic?.code).toBe("itp");
    expect(card?.selectionBehavior).toBe("any");
    const suggestions = card?.suggestions ?? [];
    expect(suggestions.length).toBeGreaterThan(0);
    for (const s of suggestions) {
      const action = s.actions?.[0];
      expect(action?.type).toBe("create");
      const resource = action?.resource as {
        resourceType: string;
        status: string;
        intent: string;
        category: { coding: { system: string; code: string }[] }[];
        code: { coding: Record<string, string>[]; text: string };
        subject: { reference: string };
      };
      // A valid R4 ServiceRequest: status, intent and subject are required.
      expect(resource.resourceType).toBe("ServiceRequest");
      expect(resource.status).toBe("draft");
      expect(resource.intent).toBe("proposal");
      expect(resource.subject.reference).toBe(`Patient/${id}`);
      expect(resource.category[0]?.coding[0]).toMatchObject({
        system: "http://snomed.info/sct",
        code: "108252007",
      });
      // The LOINC coding carries no display of ours (a display must be LOINC's own); the name is the text.
      expect(Object.keys(resource.code.coding[0] ?? {}).sort()).toEqual(["code", "system"]);
      expect(resource.code.coding[0]?.system).toBe("http://loinc.org");
      expect(resource.code.coding[0]?.code).toMatch(/^\d+-\d$/);
      expect(resource.code.text).toBe(s.label.replace(/^Order /, ""));
    }
  });

  it("turns a serious abnormality no disorder explains into a warning card, never silence", async () => {
    const b = example("examples/control-teclistamab-crs-normal-coagulation.json");
    const res = await call(`/cds-services/${PATIENT_VIEW_SERVICE}`, patientViewRequest(b));
    const { cards } = CdsResponseSchema.parse(res.json());
    expect(cards.map((c) => [c.indicator, c.source.topic?.code])).toEqual([["warning", "unexplained"]]);
    expect(cards[0]?.summary).toMatch(
      /^Unexplained grade 3 neutrophil count decreased .* after immunotherapy: work it up$/,
    );
  });

  it("keeps the assessment for the report link, which opens without the EHR's JWT", async () => {
    const body = hookRequest("patient-view", { patientId: TTP_ID }, { prefetch: prefetchFrom(TTP, TTP_ID) });
    const { cards } = (await call(`/cds-services/${PATIENT_VIEW_SERVICE}`, body)).json() as {
      cards: { links: { url: string }[] }[];
    };
    const link = new URL(cards[0]?.links[0]?.url ?? "");
    const page = await t.server.app.inject({ method: "GET", url: `${link.pathname}${link.search}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("Thrombotic thrombocytopenic purpura");
    const json = await t.server.app.inject({ method: "GET", url: `/api/patients/${TTP_ID}${link.search}` });
    expect(json.json().patient.patientId).toBe(TTP_ID);
    expect(json.json().record.patientId).toBe(TTP_ID);
    const other = await t.server.app.inject({
      method: "GET",
      url: `/api/patients/someone-else${link.search}`,
    });
    expect(other.statusCode).toBe(401);
  });
});

describe("the specification's request examples", () => {
  let fhir: MockFhir;
  beforeAll(async () => {
    fhir = await startMockFhir(TTP);
  });
  afterAll(() => fhir.close());

  type Wrapped = { service: string; body: Record<string, unknown>; fhirServer?: true };
  const files = readdirSync(SPEC_EXAMPLES).filter((f) => f.endsWith(".json"));
  const wrap = (file: string): Wrapped | undefined => {
    const json = specExample(file);
    if (file.startsWith("order-")) {
      const hook = file.startsWith("order-sign") ? "order-sign" : "order-select";
      return {
        service: ORDER_SIGN_SERVICE,
        body: hookRequest(hook, json.context as Record<string, unknown>),
      };
    }
    if (file.startsWith("patient-view-context")) {
      return {
        service: PATIENT_VIEW_SERVICE,
        body: hookRequest("patient-view", json.context as Record<string, unknown>),
      };
    }
    // Full requests: their FHIR server is replaced by the test's, which must receive their access token.
    if (typeof json.hook === "string") return { service: PATIENT_VIEW_SERVICE, body: json, fhirServer: true };
    if (json.fhirAuthorization !== undefined) {
      const body = hookRequest("patient-view", { patientId: "1288992" }, json);
      return { service: PATIENT_VIEW_SERVICE, body, fhirServer: true };
    }
    if (json.context !== undefined) {
      const context = json.context as Record<string, unknown>;
      const hook = context.draftOrders === undefined ? "patient-view" : "order-sign";
      return {
        service: hook === "patient-view" ? PATIENT_VIEW_SERVICE : ORDER_SIGN_SERVICE,
        body: hookRequest(hook, context),
      };
    }
    if (json.prefetch !== undefined && typeof Object.values(json.prefetch as object)[0] === "object") {
      return {
        service: PATIENT_VIEW_SERVICE,
        body: hookRequest("patient-view", { patientId: "1288992" }, { prefetch: json.prefetch }),
      };
    }
    return undefined;
  };
  const requests = files.flatMap((f) => {
    const w = wrap(f);
    return w === undefined ? [] : [[f, w] as const];
  });

  it("has the request examples this test expects", () => {
    expect(requests.map(([f]) => f)).toEqual([
      "current-02.json",
      "current-06.json",
      "current-07.json",
      "current-08.json",
      "current-10.json",
      "current-11.json",
      "current-21.json",
      "order-select-01.json",
      "order-select-02.json",
      "order-sign-01.json",
      "order-sign-02.json",
      "patient-view-context-01.json",
      "patient-view-context-02.json",
    ]);
  });

  it.each(requests)("accepts %s and answers a valid response", async (_file, wrapped) => {
    const body = wrapped.fhirServer ? { ...wrapped.body, fhirServer: fhir.url } : wrapped.body;
    const res = await call(`/cds-services/${wrapped.service}`, body);
    if (res.statusCode === 412) {
      // Only where neither a prefetch nor a FHIR server can give the medication history.
      expect(wrapped.fhirServer).toBeUndefined();
      expect(res.json().detail).toMatch(/medication history could not be read/);
      return;
    }
    expect(res.statusCode).toBe(200);
    CdsResponseSchema.parse(res.json());
    const token = (body.fhirAuthorization as { access_token?: string } | undefined)?.access_token;
    if (wrapped.fhirServer && token !== undefined) expect(fhir.tokens).toContain(`Bearer ${token}`);
  });
});
