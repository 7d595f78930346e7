/**
 * The REST API as a caller uses it: `POST /api/assess` (FHIR JSON, NDJSON, `?format=fhir`), the report
 * page and the web app's JSON, the OpenAPI document and its docs page; every 4xx an RFC 9457 problem
 * document naming what was wrong.
 */
import { AssessmentReportSchema, PatientAssessmentSchema } from "@hemosentinel/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  administration,
  notedCondition,
  pembrolizumabBundle,
  plateletCount,
} from "../../../../test/support/fhir-entries.js";
import { hostileJson, mutate } from "../../../../test/support/mutate.js";
import {
  example,
  patientIdOf,
  resourcesOf,
  signedCall,
  type TestServer,
  testServer,
} from "../test-support/ehr.js";

const TTP = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
const TTP_ID = patientIdOf(TTP);
const DIC = example("examples/demo-dic-cart.json");
const AT = "2026-11-01";

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(() => t.server.close());

type Json = Record<string, unknown>;

const assess = (body: string | Json, query = `at=${AT}`, contentType = "application/fhir+json") =>
  signedCall(t, "POST", `/api/assess?${query}`, typeof body === "string" ? body : JSON.stringify(body), {
    "content-type": contentType,
  });

function expectProblem(
  res: { statusCode: number; headers: Json; json: () => Json },
  status: number,
  detail: RegExp,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers["content-type"])).toContain("application/problem+json");
  const body = res.json();
  expect(body).toMatchObject({
    status,
    type: expect.stringMatching(/^\/api\/docs#problem-/),
    title: expect.any(String),
  });
  expect(String(body.detail)).toMatch(detail);
}

describe("POST /api/assess", () => {
  it("answers a FHIR bundle with the report of the output contract, stamped with the engine and knowledge", async () => {
    const res = await assess(TTP);
    expect(res.statusCode).toBe(200);
    const report = AssessmentReportSchema.parse(res.json());
    expect(report.evaluatedAt).toBe(`${AT}T23:59:59Z`);
    expect(report.engine.version).toBe("0.1.0-test");
    expect(report.engine.knowledgeHash).toMatch(/^[0-9a-f]{16}$/);
    expect(report.patients.map((p) => [p.patientId, p.findings[0]?.disorder])).toEqual([[TTP_ID, "ttp"]]);
  });

  it("reads an NDJSON bulk export, one resource a line, as the same report", async () => {
    const ndjson = resourcesOf(TTP)
      .map((r) => JSON.stringify(r))
      .join("\n");
    const res = await assess(ndjson, `at=${AT}`, "application/fhir+ndjson");
    expect(res.statusCode).toBe(200);
    const fromBundle = (await assess(TTP)).json() as Json;
    expect(res.json()).toEqual(fromBundle);
  });

  it("?format=fhir: DetectedIssue per finding with evidence references, RiskAssessment per score", async () => {
    const res = await assess(DIC, `at=${AT}&format=fhir`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/fhir+json");
    const bundle = res.json() as { resourceType: string; type: string; entry: { resource: Json }[] };
    expect([bundle.resourceType, bundle.type]).toEqual(["Bundle", "collection"]);
    const issues = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === "DetectedIssue");
    const dic = issues.find((r) => (r.code as { coding: { code: string }[] }).coding[0]?.code === "dic");
    expect(dic).toBeDefined();
    const evidence = ((dic?.evidence ?? []) as { detail: { reference?: string }[] }[])[0]?.detail ?? [];
    expect(evidence.length).toBeGreaterThan(0);
    expect(
      evidence.every((d) =>
        /^(Observation|Condition|MedicationAdministration|MedicationRequest|Procedure)\//.test(
          d.reference ?? "",
        ),
      ),
    ).toBe(true);
    const risks = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === "RiskAssessment");
    expect(risks.map((r) => (r.code as { coding: { code: string }[] }).coding[0]?.code)).toContain(
      "isth-overt-dic",
    );
  });

  /**
   * Pembrolizumab, platelets 230 ×10⁹/L and apixaban on 11 March 2026, no finding; with `planned`, a spinal
   * anaesthetic noted as planned on 12 March (ASRA 2018: 72 hours from apixaban's last dose to the puncture).
   */
  const apixabanBeforeSpinal = (planned: boolean) =>
    pembrolizumabBundle(
      plateletCount("2026-03-11", { value: 230, unit: "10*9/L" }),
      { resource: administration("apix", "apixaban", "2026-03-11") },
      ...(planned ? [{ resource: notedCondition("proc", "Spinal anaesthesia planned") }] : []),
    );
  const fhirIssues = async (body: Json) => {
    const res = await assess(body, "at=2026-03-12&format=fhir");
    expect(res.statusCode).toBe(200);
    const bundle = res.json() as { entry?: { resource: Json }[] };
    return (bundle.entry ?? []).map((e) => e.resource).filter((r) => r.resourceType === "DetectedIssue");
  };

  it("?format=fhir: the plan before a planned procedure, with no finding, is a DetectedIssue whose mitigations cite their sources", async () => {
    const issues = await fhirIssues(apixabanBeforeSpinal(true));
    expect(issues.map((r) => (r.code as { coding: { code: string }[] }).coding[0]?.code)).toEqual([
      "procedure-plan",
    ]);
    const [issue] = issues;
    if (issue === undefined) throw new Error("no DetectedIssue for the procedure plan");
    expect(issue.severity).toBe("moderate");
    expect(issue.patient).toEqual({ reference: "Patient/p1" });
    expect((issue.code as { text: string }).text).toBe("Before a planned procedure: 1 cited line");
    const texts = ((issue.mitigation ?? []) as { action: { text: string } }[]).map((m) => m.action.text);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/^supportive: .*72 hours.*apixaban.*\(Horlocker 2018, Kietaibl 2022\)$/);
    expect(issue.reference).toMatch(/^https:\/\/doi\.org\/10\.1097\/AAP\.0000000000000763$/);
    expect(issue.detail).toContain("Regional anesthesia in the patient receiving antithrombotic");
  });

  it("?format=fhir: the same patient with no procedure planned has no DetectedIssue at all", async () => {
    expect(await fhirIssues(apixabanBeforeSpinal(false))).toEqual([]);
  });

  it("names the records it could not use as input errors, and assesses the rest", async () => {
    const bundle = {
      ...TTP,
      entry: [...(TTP.entry as Json[]), { resource: { resourceType: "Observation" } }],
    };
    const report = AssessmentReportSchema.parse((await assess(bundle)).json());
    const patient = report.patients[0];
    expect(patient?.findings[0]?.disorder).toBe("ttp");
    expect(report.inputErrors.length + (patient?.rejected.length ?? 0)).toBeGreaterThan(0);
  });

  it("refuses what holds no patient, naming why (400), with the input errors", async () => {
    const res = await assess({
      resourceType: "Bundle",
      type: "collection",
      entry: [{ resource: { resourceType: "Basic" } }],
    });
    expectProblem(
      res,
      400,
      /no patient could be assessed: no resource of the body is or refers to a Patient/,
    );
    expectProblem(await assess("", `at=${AT}`, "application/x-ndjson"), 400, /no patient could be assessed/);
  });

  it("refuses a body that is not JSON (400), an unknown format and a bad evaluation time", async () => {
    expectProblem(await assess("{ not json"), 400, /JSON/i);
    expectProblem(await assess(TTP, "format=xml"), 400, /format: json or fhir/);
    expectProblem(await assess(TTP, "at=yesterday"), 400, /at: an ISO date/);
  });

  it("refuses a content type that is neither FHIR JSON nor NDJSON (415)", async () => {
    expectProblem(
      await assess("<Bundle/>", `at=${AT}`, "application/fhir+xml"),
      415,
      /application\/fhir\+xml/,
    );
  });
});

describe("POST /api/assess with malformed bodies", () => {
  it("property: any node of a bundle replaced by a value of the wrong shape, or removed, sent as FHIR JSON or NDJSON, is answered with a report or a 400 problem naming why, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(1200),
        fc.option(hostileJson, { nil: undefined }),
        fc.boolean(),
        fc.constantFrom("json", "fhir"),
        async (pick, replacement, ndjson, format) => {
          const body = mutate(TTP, pick, replacement);
          // The root itself may be the node removed: an absent body.
          const entries = (body as { entry?: unknown } | undefined)?.entry;
          const res = ndjson
            ? await assess(
                (Array.isArray(entries) ? entries : [body])
                  .map((e) => JSON.stringify(e?.resource ?? e))
                  .join("\n"),
                `at=${AT}&format=${format}`,
                "application/x-ndjson",
              )
            : await assess(JSON.stringify(body ?? null), `at=${AT}&format=${format}`);
          if (res.statusCode === 200 && format === "json") AssessmentReportSchema.parse(res.json());
          else if (res.statusCode !== 200) expectProblem(res, 400, /./);
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);
});

describe("GET /api/report/{patient} and /api/patients/{id}", () => {
  it("serve the last assessment as HTML and as the web app's JSON {engine, evaluatedAt, settings, patient, record}", async () => {
    await assess(TTP);
    const page = await signedCall(t, "GET", `/api/report/${TTP_ID}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.body).toContain("Thrombotic thrombocytopenic purpura");
    const res = await signedCall(t, "GET", `/api/patients/${TTP_ID}`);
    const assessment = PatientAssessmentSchema.parse(res.json());
    expect(Object.keys(res.json() as Json)).toEqual([
      "engine",
      "evaluatedAt",
      "settings",
      "patient",
      "record",
    ]);
    expect(assessment.evaluatedAt).toBe(`${AT}T23:59:59Z`);
    expect(assessment.record.patientId).toBe(TTP_ID);
  });

  it("answer 404 for a patient not assessed since the start", async () => {
    const res = await signedCall(t, "GET", "/api/patients/nobody");
    expectProblem(res, 404, /not been assessed/);
  });
});

describe("OpenAPI", () => {
  it("documents every route, with components generated from the zod schemas and resolvable references", async () => {
    const res = await t.server.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Json; components: { schemas: Record<string, Json> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/assess",
        "/api/cohort/flagged",
        "/api/cohort/patients/{id}",
        "/api/cohort/stats",
        "/api/feedback/summary",
        "/api/patients/{id}",
        "/api/report/{patient}",
        "/cds-services",
        "/cds-services/{id}",
        "/cds-services/{id}/feedback",
        "/health",
      ].sort(),
    );
    const schemas = doc.components.schemas;
    for (const id of [
      "HookRequest",
      "CdsResponse",
      "AssessmentReport",
      "PatientAssessment",
      "Problem",
      "FeedbackSummary",
      "CohortFlagged",
      "CohortStats",
    ]) {
      expect(schemas[id], id).toBeDefined();
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const id of new Set(refs)) expect(schemas[id], id).toBeDefined();
    // The card summary limit of the specification is in the generated schema.
    expect(JSON.stringify(schemas.Card ?? schemas.CdsResponse)).toContain('"maxLength":139');
  });

  it("has a readable docs page naming each route and problem type", async () => {
    const res = await t.server.app.inject({ method: "GET", url: "/api/docs" });
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("POST /api/assess");
    expect(res.body).toContain('id="problem-precondition-failed"');
  });
});
