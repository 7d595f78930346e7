/**
 * The HTTP edge: who may call what (JWT on every CDS call, discovery included; /api bound to loopback
 * without configured clients; --dev; WWW-Authenticate on a 401), CORS for the CDS services only, body
 * size and rate limits, malformed bodies, media types (415) and methods (405), the web app's build and
 * the card links into it. Every refusal is a problem document.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp.js";
import { CdsResponseSchema } from "./cds/schemas.js";
import { PATIENT_VIEW_SERVICE } from "./cds/services.js";
import {
  example,
  hookRequest,
  PUBLIC_URL,
  patientIdOf,
  patientViewRequest,
  signedCall,
  type TestServer,
  testServer,
} from "./test-support/ehr.js";

const TTP = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
const TTP_ID = patientIdOf(TTP);
const PV = `/cds-services/${PATIENT_VIEW_SERVICE}`;

const open: TestServer[] = [];
async function server(options: Parameters<typeof testServer>[0] = {}): Promise<TestServer> {
  const t = await testServer(options);
  open.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.server.close()));
});

function problemOf(res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) {
  expect(String(res.headers["content-type"])).toContain("application/problem+json");
  return res.json() as { status: number; detail: string; type: string };
}

describe("authorisation", () => {
  it("verifies the JWT on discovery and on every service call; aud must be the endpoint called", async () => {
    const t = await server();
    const good = await signedCall(t, "GET", "/cds-services");
    expect(good.statusCode).toBe(200);
    const wrongAud = await t.server.app.inject({
      method: "POST",
      url: PV,
      headers: { authorization: `Bearer ${await t.ehr.token("/cds-services")}` },
      payload: hookRequest("patient-view", { patientId: TTP_ID }),
    });
    expect(wrongAud.statusCode).toBe(401);
    expect(problemOf(wrongAud).detail).toMatch(/aud/);
  });

  it("names the Bearer scheme in WWW-Authenticate on every 401 (RFC 6750 §3), and reads the scheme in any case", async () => {
    const t = await server();
    const none = await t.server.app.inject({ method: "GET", url: "/cds-services" });
    expect(none.statusCode).toBe(401);
    expect(none.headers["www-authenticate"]).toBe('Bearer realm="hemosentinel"');
    const basic = await t.server.app.inject({
      method: "GET",
      url: "/cds-services",
      headers: { authorization: "Basic dXNlcjpwYXNz" },
    });
    expect(basic.statusCode).toBe(401);
    expect(basic.headers["www-authenticate"]).toBe('Bearer realm="hemosentinel"');
    const expired = await t.server.app.inject({
      method: "POST",
      url: PV,
      headers: {
        authorization: `Bearer ${await t.ehr.token(PV, { claims: { exp: Math.floor(Date.now() / 1000) - 120 } })}`,
      },
      payload: patientViewRequest(TTP),
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.headers["www-authenticate"]).toBe('Bearer realm="hemosentinel", error="invalid_token"');
    expect(problemOf(expired).detail).toMatch(/expired/);
    // The auth-scheme is case-insensitive (RFC 9110 §11.1).
    const lower = await t.server.app.inject({
      method: "GET",
      url: "/cds-services",
      headers: { authorization: `bearer ${await t.ehr.token("/cds-services")}` },
    });
    expect(lower.statusCode).toBe(200);
  });

  it("answers a discovery URL registered with a trailing slash, and the service URLs a client builds from it (`…/cds-services//{id}`), with the JWT naming the URL as called", async () => {
    const t = await server();
    const discovery = await signedCall(t, "GET", "/cds-services/");
    expect(discovery.statusCode).toBe(200);
    expect((discovery.json() as { services: unknown[] }).services.length).toBeGreaterThan(0);
    const doubled = await signedCall(
      t,
      "POST",
      `/cds-services/${PV.slice("/cds-services".length)}`,
      patientViewRequest(TTP),
    );
    expect(doubled.statusCode).toBe(200);
    expect(CdsResponseSchema.parse(doubled.json()).cards[0]?.source.topic?.code).toBe("ttp");
    // The canonical URL in the token is accepted too; no spelling of a path gets past the JWT check.
    const canonical = await t.server.app.inject({
      method: "POST",
      url: `${PV}/`,
      headers: { authorization: `Bearer ${await t.ehr.token(PV)}` },
      payload: patientViewRequest(TTP),
    });
    expect(canonical.statusCode).toBe(200);
    for (const [method, url] of [
      ["GET", "//cds-services"],
      ["GET", "/cds-services/"],
      ["POST", `/${PV}/`],
      ["GET", "//api/report/x"],
    ] as const) {
      const none = await t.server.app.inject({ method, url, payload: method === "POST" ? "{}" : undefined });
      expect([url, none.statusCode]).toEqual([url, 401]);
    }
  });

  it("refuses a replayed token at the HTTP level too", async () => {
    const t = await server();
    const token = await t.ehr.token("/cds-services");
    const call = () =>
      t.server.app.inject({
        method: "GET",
        url: "/cds-services",
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await call()).statusCode).toBe(200);
    const replay = await call();
    expect(replay.statusCode).toBe(401);
    expect(problemOf(replay).detail).toMatch(/replay/);
  });

  it("--dev accepts unsigned CDS calls and logs a warning at start", async () => {
    const t = await server({ dev: true });
    const res = await t.server.app.inject({ method: "GET", url: "/cds-services" });
    expect(res.statusCode).toBe(200);
    expect(t.log.lines.some((l) => l.level === 40 && /development mode/.test(String(l.msg)))).toBe(true);
  });

  it("without configured clients: /api answers loopback callers only, CDS calls are refused", async () => {
    const t = await server({ config: { clients: [] } });
    expect(t.log.lines.some((l) => l.level === 40 && /no trusted CDS client/.test(String(l.msg)))).toBe(true);
    const local = await t.server.app.inject({
      method: "GET",
      url: "/api/feedback/summary",
      remoteAddress: "127.0.0.1",
    });
    expect(local.statusCode).toBe(200);
    const remote = await t.server.app.inject({
      method: "GET",
      url: "/api/feedback/summary",
      remoteAddress: "192.0.2.7",
    });
    expect(remote.statusCode).toBe(403);
    expect(problemOf(remote).detail).toMatch(/loopback/);
    expect((await t.server.app.inject({ method: "GET", url: "/cds-services" })).statusCode).toBe(401);
  });

  it("with configured clients: /api takes the same signed JWTs, from any address", async () => {
    const t = await server();
    const path = "/api/feedback/summary";
    const unsigned = await t.server.app.inject({ method: "GET", url: path, remoteAddress: "127.0.0.1" });
    expect(unsigned.statusCode).toBe(401);
    const signed = await t.server.app.inject({
      method: "GET",
      url: path,
      remoteAddress: "192.0.2.7",
      headers: { authorization: `Bearer ${await t.ehr.token(path)}` },
    });
    expect(signed.statusCode).toBe(200);
  });

  it("leaves /health, the OpenAPI document and its docs page open", async () => {
    const t = await server();
    for (const url of ["/health", "/api/openapi.json", "/api/docs"]) {
      expect(
        (await t.server.app.inject({ method: "GET", url, remoteAddress: "192.0.2.7" })).statusCode,
        url,
      ).toBe(200);
    }
  });
});

describe("CORS", () => {
  it("answers the preflight of a browser-based EHR on the CDS services, with Authorization allowed", async () => {
    const t = await server();
    const res = await t.server.app.inject({
      method: "OPTIONS",
      url: PV,
      headers: {
        origin: "https://ehr.example.org",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(String(res.headers["access-control-allow-headers"])).toMatch(/Authorization/);
    expect(String(res.headers["access-control-allow-methods"])).toMatch(/POST/);
    const call = await signedCall(t, "GET", "/cds-services", undefined, {
      origin: "https://ehr.example.org",
    });
    expect(call.headers["access-control-allow-origin"]).toBe("*");
    expect(call.headers["access-control-expose-headers"]).toBe(
      "Origin, Accept, Content-Location, Location, X-Requested-With",
    );
  });

  it("answers a plain OPTIONS on a CDS path (no preflight headers) with 204 and the methods, not a text 400", async () => {
    const t = await server();
    const res = await t.server.app.inject({ method: "OPTIONS", url: PV });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers["access-control-allow-methods"])).toMatch(/POST/);
  });

  it("grants no other origin the REST API", async () => {
    const t = await server();
    const res = await t.server.app.inject({
      method: "GET",
      url: "/api/openapi.json",
      headers: { origin: "https://elsewhere.example.org" },
    });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("limits and malformed bodies", () => {
  it("refuses a body over the configured size with 413", async () => {
    const t = await server({ config: { limits: { bodyBytes: 2048 } } });
    const res = await signedCall(t, "POST", PV, JSON.stringify(patientViewRequest(TTP)), {
      "content-type": "application/json",
    });
    expect(res.statusCode).toBe(413);
    expect(problemOf(res).detail).toBe("the body exceeds 2048 bytes");
  });

  it("refuses malformed JSON and a body that is no hook request with 400, naming the field", async () => {
    const t = await server();
    const post = (payload: string) =>
      signedCall(t, "POST", PV, payload, { "content-type": "application/json" });
    const broken = await post('{"hook": "patient-view", ');
    expect(broken.statusCode).toBe(400);
    expect(problemOf(broken).detail).toMatch(/JSON/);
    const noInstance = await post(JSON.stringify({ hook: "patient-view", context: { patientId: "1" } }));
    expect(noInstance.statusCode).toBe(400);
    expect(problemOf(noInstance).detail).toMatch(/hookInstance/);
    const wrongHook = await post(JSON.stringify(hookRequest("order-sign", { patientId: "1" })));
    expect(problemOf(wrongHook).detail).toBe(
      "hemosentinel-patient-view answers patient-view, not order-sign",
    );
    const unknown = await signedCall(
      t,
      "POST",
      "/cds-services/nothing-here",
      hookRequest("patient-view", { patientId: "1" }),
    );
    expect(unknown.statusCode).toBe(404);
  });

  it("rate-limits per client address with 429 and a Retry-After", async () => {
    const t = await server({ config: { limits: { rateMax: 3, rateWindowMs: 60_000 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t.server.app.inject({ method: "GET", url: "/health" })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await t.server.app.inject({ method: "GET", url: "/health" });
    expect(problemOf(res).detail).toMatch(/more than 3 requests/);
    expect(res.headers["retry-after"]).toBeDefined();
    const other = await t.server.app.inject({ method: "GET", url: "/health", remoteAddress: "192.0.2.7" });
    expect(other.statusCode).toBe(200);
  });

  it("counts calls refused for their token too, so that a flood of bad JWTs is limited, and a 429 keeps CORS", async () => {
    const t = await server({ config: { limits: { rateMax: 3, rateWindowMs: 60_000 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.server.app.inject({
        method: "POST",
        url: PV,
        headers: { authorization: "Bearer not-a-token", origin: "https://ehr.example.org" },
        payload: {},
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.headers["access-control-allow-origin"]).toBe("*");
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // An unknown route is counted as well.
    expect((await t.server.app.inject({ method: "GET", url: "/nowhere" })).statusCode).toBe(429);
  });

  it("answers our own bug with a 500 naming the request id, and logs where it happened, not what it read", async () => {
    const t = await server();
    t.server.app.get("/api/boom", async () => {
      // A value no timing or id in the log could print by chance (a request's "ms" once read 7.2).
      throw new Error("cannot read value 7.2345 mmol/L of patient Quartermaine");
    });
    const res = await signedCall(t, "GET", "/api/boom");
    expect(res.statusCode).toBe(500);
    const body = problemOf(res);
    const logged = t.log.lines.find((l) => l.msg === "internal error") as {
      reqId: string;
      err: { type: string; stack: string };
    };
    expect(body.detail).toBe(`internal error; request id ${logged.reqId}`);
    expect(logged.err.type).toBe("Error");
    expect(logged.err.stack).toMatch(/http\.test\.ts/);
    expect(t.log.text()).not.toMatch(/Quartermaine|7\.2345|mmol/);
  });

  it("refuses a hook call that is not JSON with 415, before reading it (text/plain, NDJSON)", async () => {
    const t = await server();
    const body = JSON.stringify(patientViewRequest(TTP));
    for (const type of ["text/plain", "application/x-ndjson", "application/xml"]) {
      const res = await signedCall(t, "POST", PV, body, { "content-type": type });
      expect(res.statusCode, type).toBe(415);
      expect(problemOf(res).detail, type).toMatch(/a CDS Hooks call is JSON/);
    }
    for (const type of ["application/json", "application/json; charset=utf-8", "application/fhir+json"]) {
      const res = await signedCall(t, "POST", PV, body, { "content-type": type });
      expect(res.statusCode, type).toBe(200);
    }
  });

  it("answers a CDS path called with the wrong method with 405 and Allow", async () => {
    const t = await server();
    const get = await signedCall(t, "GET", PV);
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe("POST");
    expect(problemOf(get).detail).toBe("GET is not allowed here: POST");
    const feedback = await signedCall(t, "GET", `${PV}/feedback`);
    expect(feedback.statusCode).toBe(405);
    expect(feedback.headers.allow).toBe("POST");
    const discovery = await t.server.app.inject({
      method: "DELETE",
      url: "/cds-services",
      headers: { authorization: `Bearer ${await t.ehr.token("/cds-services")}` },
    });
    expect(discovery.statusCode).toBe(405);
    expect(discovery.headers.allow).toBe("GET, HEAD");
    // No route at all stays a 404.
    expect((await signedCall(t, "GET", "/cds-services/a/b/c")).statusCode).toBe(404);
  });

  it("answers an unknown route with a problem document", async () => {
    const t = await server();
    const res = await t.server.app.inject({ method: "GET", url: "/nowhere" });
    expect(res.statusCode).toBe(404);
    expect(problemOf(res).status).toBe(404);
  });
});

describe("the web app's build", () => {
  function webBuild(): string {
    const root = tempDir("web-");
    writeFileSync(join(root, "index.html"), "<!doctype html><title>HemoSentinel web</title>");
    return root;
  }

  it("is served with a single-page fallback, and card links open /patients/{id} in it", async () => {
    const t = await server({ webRoot: webBuild() });
    const index = await t.server.app.inject({ method: "GET", url: "/" });
    expect(index.body).toContain("HemoSentinel web");
    const deep = await t.server.app.inject({ method: "GET", url: `/patients/${TTP_ID}` });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain("HemoSentinel web");
    // /api is never the web app's fallback: still refused without a JWT.
    expect((await t.server.app.inject({ method: "GET", url: "/api/nothing" })).statusCode).toBe(401);
    // Nor is a CDS service: its catch-all GET is no method of the service's (405, Allow POST).
    const get = await signedCall(t, "GET", PV);
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe("POST");
    const res = await signedCall(t, "POST", PV, patientViewRequest(TTP));
    const card = CdsResponseSchema.parse(res.json()).cards[0];
    const link = card?.links?.[0]?.url ?? "";
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL.replaceAll(".", "\\.")}/patients/${TTP_ID}\\?access=`));
    // The card's source is the disorder's atlas page in the same web app, which serves it as a deep link.
    expect(card?.source.url).toBe(`${PUBLIC_URL}/atlas/disorder/ttp`);
    const atlas = await t.server.app.inject({ method: "GET", url: "/atlas/disorder/ttp" });
    expect(atlas.statusCode).toBe(200);
    expect(atlas.body).toContain("HemoSentinel web");
    // The web app reads the JSON with the same access token.
    const url = new URL(link);
    const json = await t.server.app.inject({ method: "GET", url: `/api/patients/${TTP_ID}${url.search}` });
    expect(json.statusCode).toBe(200);
  });

  it("without a web build, card links open the server's own report page", async () => {
    const t = await server();
    const res = await signedCall(t, "POST", PV, patientViewRequest(TTP));
    const card = CdsResponseSchema.parse(res.json()).cards[0];
    const link = card?.links?.[0]?.url ?? "";
    expect(link.startsWith(`${PUBLIC_URL}/api/report/${TTP_ID}?access=`)).toBe(true);
    expect(card?.source.url).toMatch(/^https:\/\/doi\.org\//);
  });
});
