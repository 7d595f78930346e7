/**
 * The OpenAPI 3.1 document of the server (`GET /api/openapi.json`), its components generated from the
 * same zod schemas that validate requests and describe responses (`z.toJSONSchema`), and a readable
 * HTML page of it (`GET /api/docs`).
 */
import {
  AssessmentReportSchema,
  CohortFlaggedSchema,
  CohortStatsSchema,
  PatientAssessmentSchema,
} from "@hemosentinel/core";
import { z } from "zod";
import {
  CdsResponseSchema,
  DiscoveryResponseSchema,
  FeedbackRequestSchema,
  HookRequestSchema,
} from "../cds/schemas.js";
import { FeedbackSummarySchema } from "../feedback/store.js";
import { ProblemSchema } from "../http/problem.js";

export const HealthSchema = z
  .strictObject({
    status: z.literal("ok"),
    version: z.string(),
    knowledgeVersion: z.string(),
    knowledgeHash: z.string(),
  })
  .meta({ id: "Health" });

export const FeedbackStoredSchema = z
  .strictObject({ stored: z.number().int() })
  .meta({ id: "FeedbackStored" });

/** Every schema the document names, by component id. */
const COMPONENTS = {
  DiscoveryResponse: DiscoveryResponseSchema,
  HookRequest: HookRequestSchema,
  CdsResponse: CdsResponseSchema,
  FeedbackRequest: FeedbackRequestSchema,
  FeedbackStored: FeedbackStoredSchema,
  FeedbackSummary: FeedbackSummarySchema,
  AssessmentReport: AssessmentReportSchema,
  PatientAssessment: PatientAssessmentSchema,
  CohortFlagged: CohortFlaggedSchema,
  CohortStats: CohortStatsSchema,
  Problem: ProblemSchema,
  Health: HealthSchema,
} as const;

type Json = Record<string, unknown>;
const ref = (id: keyof typeof COMPONENTS) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: keyof typeof COMPONENTS) => ({ "application/json": { schema: ref(id) } });
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});

/**
 * The components: each named schema and every schema it names (the core's report parts keep their
 * ids), with references rewritten to `#/components/schemas/…`.
 */
function components(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
    io: "input",
  });
  const { __shared, ...named } = out.schemas as Record<string, Json>;
  const shared = ((__shared as Json | undefined)?.$defs ?? {}) as Record<string, Json>;
  const all: Record<string, Json> = {};
  for (const [id, schema] of Object.entries({ ...shared, ...named })) {
    const { $schema: _s, $id: _i, ...rest } = schema;
    all[id] = rest;
  }
  const text = JSON.stringify(all).replaceAll(
    "#/components/schemas/__shared#/$defs/",
    "#/components/schemas/",
  );
  return JSON.parse(text) as Record<string, Json>;
}

const BEARER = [{ cdsClientJwt: [] }];
const PATIENT_READ = [{ cdsClientJwt: [] }, { reportLink: [] }];

/**
 * The OpenAPI document.
 * @example
 * openApiDocument("0.1.0", "https://cds.example.org").paths["/cds-services"];
 */
export function openApiDocument(version: string, publicUrl: string): Json {
  const idParam = (name: string, description: string) => ({
    name,
    in: "path",
    required: true,
    description,
    schema: { type: "string" },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "HemoSentinel CDS Hooks service and REST API",
      version,
      description:
        "Clinical decision support for the bleeding and clotting complications of cancer immunotherapy. Decision support, not a diagnosis. Errors are RFC 9457 problem documents.",
    },
    servers: [{ url: publicUrl }],
    paths: {
      "/cds-services": {
        get: {
          summary: "CDS Hooks discovery",
          security: BEARER,
          responses: {
            "200": { description: "The services", content: json("DiscoveryResponse") },
            "401": problem("No valid JWT"),
          },
        },
      },
      "/cds-services/{id}": {
        post: {
          summary: "Call a CDS service (patient-view; order-sign and order-select)",
          description:
            "Uses the prefetch, else reads the EHR's FHIR server with the fhirAuthorization token. Data that cannot be read is named in an info card; 412 when the medication history cannot be read at all.",
          security: BEARER,
          parameters: [idParam("id", "hemosentinel-patient-view or hemosentinel-order-sign")],
          requestBody: { required: true, content: json("HookRequest") },
          responses: {
            "200": { description: "Cards", content: json("CdsResponse") },
            "400": problem("Not a CDS Hooks request, or a hook this service does not answer"),
            "401": problem("No valid JWT"),
            "404": problem("No such service"),
            "412": problem("The medication history could not be read (prefetch and FHIR server)"),
            "413": problem("Body too large"),
            "415": problem("The body is not JSON"),
          },
        },
      },
      "/cds-services/{id}/feedback": {
        post: {
          summary: "Feedback on cards (accepted / overridden, override reasons)",
          security: BEARER,
          parameters: [idParam("id", "the service the cards came from")],
          requestBody: { required: true, content: json("FeedbackRequest") },
          responses: {
            "200": { description: "Stored", content: json("FeedbackStored") },
            "400": problem("Not a feedback document"),
            "401": problem("No valid JWT"),
            "404": problem("No such service"),
            "415": problem("The body is not JSON"),
          },
        },
      },
      "/api/assess": {
        post: {
          summary: "Assess a FHIR R4 bundle or resource, or an NDJSON bulk export",
          security: BEARER,
          parameters: [
            {
              name: "format",
              in: "query",
              schema: { enum: ["json", "fhir"] },
              description: "json: the report; fhir: DetectedIssue and RiskAssessment resources",
            },
            {
              name: "at",
              in: "query",
              schema: { type: "string" },
              description: "Evaluation time (a date means the end of that day, UTC); default now",
            },
          ],
          requestBody: {
            required: true,
            content: {
              "application/fhir+json": { schema: { type: "object" } },
              "application/json": { schema: { type: "object" } },
              "application/fhir+ndjson": { schema: { type: "string" } },
              "application/x-ndjson": { schema: { type: "string" } },
            },
          },
          responses: {
            "200": {
              description: "The report (format=json) or a FHIR collection Bundle (format=fhir)",
              content: {
                "application/json": { schema: ref("AssessmentReport") },
                "application/fhir+json": { schema: { type: "object" } },
              },
            },
            "400": problem("Nothing could be read, or a bad parameter"),
            "415": problem("Not FHIR JSON or NDJSON"),
          },
        },
      },
      "/api/report/{patient}": {
        get: {
          summary: "The HTML report of the patient's last assessment",
          security: PATIENT_READ,
          parameters: [idParam("patient", "the patient id")],
          responses: {
            "200": { description: "HTML", content: { "text/html": { schema: { type: "string" } } } },
            "404": problem("Not assessed since the server started"),
          },
        },
      },
      "/api/patients/{id}": {
        get: {
          summary: "The patient's last assessment as JSON (report and the record it read), for the web app",
          security: PATIENT_READ,
          parameters: [idParam("id", "the patient id")],
          responses: {
            "200": { description: "The assessment", content: json("PatientAssessment") },
            "404": problem("Not assessed since the server started"),
          },
        },
      },
      "/api/cohort/flagged": {
        get: {
          summary: "The last cohort screening run and what it flagged, new or changed against the run before",
          security: BEARER,
          responses: {
            "200": { description: "The flagged list", content: json("CohortFlagged") },
            "404": problem("No cohort database (serve --cohort-db), or no screening run in it"),
            "409": problem(
              "The cohort database was imported by another HemoSentinel release: import it again",
            ),
            "503": problem("The cohort database is being written (import or screen): retry"),
          },
        },
      },
      "/api/cohort/stats": {
        get: {
          summary:
            "Incidence and cumulative-incidence curves per disorder, by therapy class, drug or the whole cohort",
          security: BEARER,
          parameters: [
            { name: "by", in: "query", schema: { enum: ["all", "class", "drug"], default: "class" } },
            {
              name: "certainty",
              in: "query",
              schema: { enum: ["possible", "probable", "definite"], default: "possible" },
            },
          ],
          responses: {
            "200": { description: "The statistics of the last run", content: json("CohortStats") },
            "400": problem("A bad parameter"),
            "404": problem("No cohort database (serve --cohort-db), or no screening run in it"),
            "409": problem(
              "The cohort database was imported by another HemoSentinel release: import it again",
            ),
            "503": problem("The cohort database is being written (import or screen): retry"),
          },
        },
      },
      "/api/cohort/patients/{id}": {
        get: {
          summary:
            "A cohort person assessed by the engine from their OMOP rows, as of the last screening run",
          security: BEARER,
          parameters: [idParam("id", "the OMOP person_id")],
          responses: {
            "200": { description: "The assessment", content: json("PatientAssessment") },
            "404": problem("No cohort database, no screening run, or no such person"),
            "409": problem(
              "The cohort database was imported by another HemoSentinel release: import it again",
            ),
            "503": problem("The cohort database is being written (import or screen): retry"),
          },
        },
      },
      "/api/feedback/summary": {
        get: {
          summary: "Override rates per card type",
          security: BEARER,
          responses: { "200": { description: "Summary", content: json("FeedbackSummary") } },
        },
      },
      "/health": {
        get: {
          summary: "Liveness",
          security: [],
          responses: { "200": { description: "Up", content: json("Health") } },
        },
      },
    },
    components: {
      schemas: components(),
      securitySchemes: {
        cdsClientJwt: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "A JWT signed by a configured CDS client (ES384 or RS384), aud = the URL of the endpoint invoked (for /api also the API's base URL). Without configured clients, /api answers loopback callers only.",
        },
        reportLink: {
          type: "apiKey",
          in: "query",
          name: "access",
          description: "The token in a card's report link: grants that patient's report for 12 hours.",
        },
      },
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PROBLEMS: readonly (readonly [string, string])[] = [
  [
    "problem-bad-request",
    "400 — the body or a parameter is not what the endpoint reads; `detail` names the field.",
  ],
  [
    "problem-unauthorized",
    "401 — no JWT, or a JWT that failed a check (issuer, jku, typ, kid, signature, algorithm, aud, exp, iat, jti replay); `detail` names the check, and the WWW-Authenticate header says Bearer (RFC 6750).",
  ],
  ["problem-forbidden", "403 — /api without configured clients answers loopback callers only."],
  ["problem-not-found", "404 — no such route, service or assessed patient."],
  [
    "problem-method-not-allowed",
    "405 — the path exists but not for this method (a CDS service is POSTed, discovery is a GET); the Allow header names the methods.",
  ],
  [
    "problem-unsupported-media-type",
    "415 — the CDS services and their feedback read JSON (application/json); /api/assess reads FHIR JSON or NDJSON.",
  ],
  ["problem-too-large", "413 — the body exceeds the configured limit (limits.bodyBytes)."],
  [
    "problem-rate-limited",
    "429 — too many requests from this address in the window (limits.rateMax, limits.rateWindowMs).",
  ],
  [
    "problem-precondition-failed",
    "412 — the patient's medication history could not be read from the prefetch or the FHIR server (docs/cds-hooks.md).",
  ],
  ["problem-internal", "500 — a bug of this server; the log has the request id."],
  [
    "problem-busy",
    "503 — the cohort database is being written (import or screen): retry when it has finished.",
  ],
  [
    "problem-cohort-store-version",
    "409 — the cohort database was imported by an earlier HemoSentinel release (run `hemosentinel cohort import` into it again) or written by a later one (use that release); `detail` says which. No retry helps.",
  ],
];

/** The readable docs page of the OpenAPI document. */
export function docsPage(doc: Json): string {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const ops = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const responses = Object.entries(op.responses as Record<string, Json>)
        .map(([code, r]) => `<li><code>${code}</code> ${escapeHtml(String(r.description))}</li>`)
        .join("");
      const params = ((op.parameters as Json[] | undefined) ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(String(p.name))}</code> (${escapeHtml(String(p.in))}) ${escapeHtml(String(p.description ?? ""))}</li>`,
        )
        .join("");
      return `<section><h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3><p>${escapeHtml(String(op.summary))}</p>${
        op.description === undefined ? "" : `<p>${escapeHtml(String(op.description))}</p>`
      }${params === "" ? "" : `<h4>Parameters</h4><ul>${params}</ul>`}<h4>Responses</h4><ul>${responses}</ul></section>`;
    }),
  );
  const schemas = (doc.components as { schemas: Record<string, Json> }).schemas;
  const schemaList = Object.keys(schemas)
    .sort()
    .map(
      (id) =>
        `<details id="schema-${escapeHtml(id)}"><summary><code>${escapeHtml(id)}</code></summary><pre>${escapeHtml(JSON.stringify(schemas[id], null, 2))}</pre></details>`,
    )
    .join("");
  const problems = PROBLEMS.map(([id, text]) => `<li id="${id}">${escapeHtml(text)}</li>`).join("");
  const info = doc.info as Json;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title))}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f4f4f4;padding:.75rem;overflow:auto}
section{border-top:1px solid #ddd;padding-top:.5rem}h3{margin-bottom:.25rem}</style></head>
<body><h1>${escapeHtml(String(info.title))}</h1><p>Version ${escapeHtml(String(info.version))}. ${escapeHtml(String(info.description))}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Endpoints</h2>${ops.join("")}
<h2>Problem types</h2><ul>${problems}</ul>
<h2>Schemas</h2>${schemaList}</body></html>`;
}
