/**
 * No patient data in the logs: a patient with a name, a record number and a birth date goes through
 * every route (patient-view from the prefetch and from a failing FHIR server, a 412, order-sign, the
 * REST API in both formats, the report page, feedback with a free-text comment, refused and malformed
 * calls), and the captured log lines hold none of it, nor any token; they do hold a request id, the
 * route pattern, the status and the timing of each request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_SIGN_SERVICE, PATIENT_VIEW_SERVICE } from "./cds/services.js";
import {
  example,
  hookRequest,
  type MockFhir,
  orderSignRequest,
  patientViewRequest,
  prefetchFrom,
  resourcesOf,
  signedCall,
  startMockFhir,
  type TestServer,
  testServer,
} from "./test-support/ehr.js";

type Json = Record<string, unknown>;

const ID = "pt-7f3c9a";
const NAME = "Quartermaine";
const MRN = "MRN-99418273";
const BIRTH = "1961-04-17";
const COMMENT = "discussed with Mrs Quartermaine's daughter";
const FHIR_TOKEN = "fhir-access-token-5d2e";

/** The TTP case, re-identified: a named patient with a record number. */
const BUNDLE: Json = (() => {
  const b = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
  const text = JSON.stringify(b).replaceAll("ttp-nivolumab-anal-scc-gergi-2020", ID);
  const bundle = JSON.parse(text) as Json;
  const patient = resourcesOf(bundle).find((r) => r.resourceType === "Patient") as Json;
  Object.assign(patient, {
    birthDate: BIRTH,
    name: [{ family: NAME, given: ["Edith"] }],
    identifier: [{ system: "urn:hospital:mrn", value: MRN }],
  });
  return bundle;
})();

let t: TestServer;
let fhir: MockFhir;
beforeAll(async () => {
  t = await testServer();
  fhir = await startMockFhir(BUNDLE, { MedicationRequest: "fail", Observation: "unauthorized" });
});
afterAll(async () => {
  await t.server.close();
  await fhir.close();
});

const send = (
  method: "GET" | "POST",
  path: string,
  payload?: Json | string,
  headers: Record<string, string> = {},
) => signedCall(t, method, path, payload, headers);

describe("logs", () => {
  it("hold no patient data and no token on any route, and a request id, route, status and time for each request", async () => {
    const pv = `/cds-services/${PATIENT_VIEW_SERVICE}`;
    const os = `/cds-services/${ORDER_SIGN_SERVICE}`;
    const statuses: number[] = [];
    const run = async (p: Promise<{ statusCode: number }>) => statuses.push((await p).statusCode);

    await run(send("POST", pv, patientViewRequest(BUNDLE)));
    const partial = hookRequest(
      "patient-view",
      { patientId: ID },
      {
        prefetch: prefetchFrom(BUNDLE, ID, ["patient", "medicationAdministrations"]),
        fhirServer: fhir.url,
        fhirAuthorization: {
          access_token: FHIR_TOKEN,
          token_type: "Bearer",
          expires_in: 300,
          scope: "patient/*.read",
          subject: "cds",
        },
      },
    );
    await run(send("POST", pv, partial));
    await run(
      send(
        "POST",
        pv,
        hookRequest("patient-view", { patientId: ID }, { prefetch: prefetchFrom(BUNDLE, ID, ["patient"]) }),
      ),
    );
    const sign = orderSignRequest(BUNDLE, { rx1: "nivolumab 240 mg" });
    const signed = await send("POST", os, sign);
    statuses.push(signed.statusCode);
    const card = (signed.json() as { cards: { uuid: string }[] }).cards[0]?.uuid;
    await run(
      send("POST", `${os}/feedback`, {
        feedback: [
          {
            card,
            outcome: "overridden",
            overrideReason: {
              reason: { code: "hematology-cleared", system: "urn:hemosentinel:cds:override-reason" },
              userComment: COMMENT,
            },
            outcomeTimestamp: "2026-11-01T10:00:00Z",
          },
        ],
      }),
    );
    await run(
      send("POST", "/api/assess?at=2026-11-01", JSON.stringify(BUNDLE), {
        "content-type": "application/fhir+json",
      }),
    );
    await run(
      send("POST", "/api/assess?format=fhir", JSON.stringify(BUNDLE), {
        "content-type": "application/fhir+json",
      }),
    );
    await run(send("GET", `/api/report/${ID}`));
    await run(send("GET", `/api/patients/${ID}`));
    await run(send("GET", `/api/patients/${MRN}`));
    await run(
      send("POST", "/api/assess", `{"resourceType": "Patient", "id": "${ID}", "name": "${NAME}"`, {
        "content-type": "application/json",
      }),
    );
    await run(send("POST", pv, { hook: "patient-view", context: { patientId: ID, name: NAME } }));
    await run(
      t.server.app.inject({
        method: "GET",
        url: `/api/report/${ID}?access=${MRN}`,
        headers: { authorization: `Bearer ${FHIR_TOKEN}` },
      }),
    );
    expect(statuses).toEqual([200, 200, 412, 200, 200, 200, 200, 200, 200, 404, 400, 400, 401]);
    expect(fhir.requests.length).toBeGreaterThan(0);

    // The logger's own epoch milliseconds and random request ids may hold a secret's digits by chance (a
    // timestamp once held "1961"): the secrets are sought in everything else the log holds.
    const text = JSON.stringify(t.log.lines.map(({ time: _time, reqId: _reqId, ...rest }) => rest));
    for (const secret of [
      ID,
      NAME,
      "Edith",
      MRN,
      BIRTH,
      "1961",
      COMMENT,
      "daughter",
      FHIR_TOKEN,
      "nivolumab",
      "2019-0",
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).not.toMatch(/Bearer|eyJ/);
    const requests = t.log.lines.filter((l) => l.msg === "request");
    expect(requests).toHaveLength(statuses.length);
    for (const r of requests) {
      expect(r).toEqual(
        expect.objectContaining({
          reqId: expect.any(String),
          route: expect.any(String),
          status: expect.any(Number),
          ms: expect.any(Number),
        }),
      );
    }
    expect(requests.map((r) => r.route)).toContain("/api/report/:patient");
    // One key once per line: a hook's service id is `cdsService`, beside the logger's own `service`
    // (a duplicate key is read differently by each log collector).
    for (const line of t.log.text().trim().split("\n")) {
      const keys = [...line.matchAll(/"([^"\\]+)":/g)].map((m) => m[1]);
      expect(
        keys.filter((k) => k === "service"),
        line.slice(0, 120),
      ).toHaveLength(1);
    }
    expect(t.log.lines.filter((l) => l.msg === "hook").map((l) => l.cdsService)).toContain(
      PATIENT_VIEW_SERVICE,
    );
  });
});
