/**
 * The HemoSentinel server: one fastify instance with the CDS Hooks services, the feedback store, the
 * REST API, the OpenAPI document and, when given a web build, the web app. Logs are pino JSON lines with
 * request ids, routes (never the URL: it may hold a patient id), statuses and timings; no patient data.
 */
import { randomUUID } from "node:crypto";
import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import type { PatientAssessment } from "@hemosentinel/core";
import {
  createEngine,
  type Knowledge,
  type KnowledgeBundle,
  openKnowledge,
  type PatientRecord,
  type Rejection,
  renderContextOf,
  renderHtml,
  resolveSettings,
  type SettingsInForce,
} from "@hemosentinel/core";
import Fastify, { type FastifyRequest, LogController } from "fastify";
import pino, { type DestinationStream, type Logger } from "pino";
import { AuthError, createJwtVerifier } from "./auth/jwt.js";
import { createLinkTokens } from "./auth/link-token.js";
import { namesOf } from "./cds/names.js";
import { prefetchTemplates } from "./cds/prefetch.js";
import { FeedbackRequestSchema } from "./cds/schemas.js";
import { discovery, type HookEnvironment, handleHook, SERVICE_HOOKS } from "./cds/services.js";
import type { ServerConfig } from "./config.js";
import { type FeedbackStore, openFeedbackStore } from "./feedback/store.js";
import type { HemoSentinelApp } from "./http/app.js";
import { HttpProblem, PROBLEM_TYPES, problem, sendProblem } from "./http/problem.js";
import { createAssessmentCache } from "./rest/assessments.js";
import { checkCohortStore, registerCohortApi } from "./rest/cohort.js";
import { reportAsFhir } from "./rest/fhir-output.js";
import { docsPage, openApiDocument } from "./rest/openapi.js";

export interface ServerOptions {
  /** The compiled knowledge bundle (drug names come from its catalogue). */
  readonly bundle: KnowledgeBundle;
  /** The knowledge prepared with the site settings; default: the bundle's own. */
  readonly knowledge?: Knowledge;
  /** The site settings in force; default: the knowledge base's. */
  readonly settings?: SettingsInForce;
  /** The engine version stamped on reports. */
  readonly version: string;
  readonly config: ServerConfig;
  /** The public base URL when the config names none (the listen address). */
  readonly publicUrl: string;
  /** Accept CDS and API calls without a JWT (development only; a warning is logged at start). */
  readonly dev?: boolean;
  /**
   * The DuckDB file of `hemosentinel cohort` behind the cohort page's API (read-only; loaded on first use). Its
   * store version is checked when the server is created: one this release cannot read is a CohortStoreError.
   */
  readonly cohortDb?: string;
  /** A built web app to serve (index.html at its root); card links then open it. */
  readonly webRoot?: string;
  /** Where log lines go (default: stdout). */
  readonly logStream?: DestinationStream;
  readonly logLevel?: string;
  /** The clock; default the system's. */
  readonly now?: () => Date;
  /** Used for the FHIR server and remote JWK Sets; default the global fetch. */
  readonly fetch?: typeof fetch;
}

export type { HemoSentinelApp } from "./http/app.js";

export interface HemoSentinelServer {
  readonly app: HemoSentinelApp;
  readonly log: Logger;
  /** The base URL card links and JWT audiences use. */
  readonly publicUrl: string;
  /** Stops accepting, finishes requests in flight, writes the feedback store and closes it. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const NDJSON_TYPES = ["application/x-ndjson", "application/fhir+ndjson", "application/ndjson"];
const OPEN_API_PATHS = new Set(["/api/openapi.json", "/api/docs"]);
/** The challenge of a 401 (RFC 6750 §3: a protected resource names its scheme in WWW-Authenticate). */
const CHALLENGE = 'Bearer realm="hemosentinel"';
/** The methods a 405 may name in Allow (OPTIONS is CORS's, answered on the CDS paths only). */
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"] as const;
/** The media types the CDS services and their feedback read: JSON (CDS Hooks "Use of JSON"). */
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/** The media type of a request, without parameters, in lower case (`""` when absent). */
function mediaTypeOf(req: FastifyRequest): string {
  return (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** The detail of a 415: the type sent, and on the CDS paths what they read. */
function unsupportedMediaDetail(req: FastifyRequest): string {
  const sent = `unsupported content type ${JSON.stringify(mediaTypeOf(req))}`;
  return pathOf(req.url).startsWith("/cds-services")
    ? `${sent}: a CDS Hooks call is JSON (application/json)`
    : sent;
}

/** A CDS Hooks POST must be JSON: a text or NDJSON body is refused (415) before it is read as one. */
function requireJson(req: FastifyRequest): void {
  if (!JSON_TYPE.test(mediaTypeOf(req))) {
    throw new HttpProblem(415, PROBLEM_TYPES.unsupportedMedia, unsupportedMediaDetail(req));
  }
}

/**
 * The path of a request URL as the router matches it: without the query, repeated slashes collapsed and
 * no trailing slash (a CDS client builds a service's URL as `{discovery URL}/{id}`, so a discovery URL
 * registered as `…/cds-services/` calls `…/cds-services//{id}`). Every check by path (authorisation,
 * CORS, the 405) reads this, so a spelling the router accepts cannot slip past them.
 */
function pathOf(url: string): string {
  const q = url.indexOf("?");
  const path = (q < 0 ? url : url.slice(0, q)).replace(/\/{2,}/g, "/");
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** The path of a request URL as the client wrote it (without the query): the URL its JWT's `aud` names. */
function pathAsCalled(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

function evaluationTime(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/** `?at=`: a date means the end of that day (UTC), as on the command line. */
function evaluationTimeOf(at: unknown, now: Date): string {
  if (at === undefined) return evaluationTime(now);
  if (typeof at === "string" && /^\d{4}-\d{2}-\d{2}$/.test(at) && !Number.isNaN(Date.parse(at)))
    return `${at}T23:59:59Z`;
  if (
    typeof at === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at)
  ) {
    const t = Date.parse(at);
    if (!Number.isNaN(t)) return evaluationTime(new Date(t));
  }
  throw new HttpProblem(
    400,
    PROBLEM_TYPES.badRequest,
    "at: an ISO date (2025-03-01) or date-time with offset (2025-03-01T12:00:00Z)",
  );
}

function inputErrorOfRejection(r: Rejection) {
  return { source: r.ref === "" ? "request body" : `request body#${r.ref}`, code: r.code, detail: r.reason };
}

/** The audiences a JWT may name for a call of `path` (CDS Hooks: the URL of the endpoint invoked). */
function audiencesFor(publicUrl: string, path: string, asCalled: string = path): string[] {
  const own = `${publicUrl}${path}`;
  // The URL as the client called it (`…/cds-services/`) is the one its token names.
  if (asCalled !== path) return [own, `${publicUrl}${asCalled}`, ...audiencesFor(publicUrl, path).slice(1)];
  const feedback = /^(\/cds-services\/[^/]+)\/feedback$/.exec(path);
  if (feedback?.[1] !== undefined) return [own, `${publicUrl}${feedback[1]}`];
  return path.startsWith("/api/") ? [own, `${publicUrl}/api`] : [own];
}

/**
 * Builds the server (not yet listening: call `app.listen`).
 * @example
 * const server = await createServer({ bundle, version: "0.1.0", config: parseServerConfig({}), publicUrl: "http://127.0.0.1:8080" });
 * await server.app.listen({ host: "127.0.0.1", port: 8080 });
 */
export async function createServer(options: ServerOptions): Promise<HemoSentinelServer> {
  const { config } = options;
  // A cohort database this release cannot read refuses the start, not only each request to the cohort page.
  if (options.cohortDb !== undefined) await checkCohortStore(options.cohortDb);
  const now = options.now ?? (() => new Date());
  const publicUrl = config.publicUrl ?? options.publicUrl;
  const knowledge = options.knowledge ?? openKnowledge(options.bundle);
  const settings = options.settings ?? { source: "default", values: resolveSettings(knowledge) };
  const names = namesOf(knowledge, options.bundle);
  const render = renderContextOf(knowledge);
  const log = pino(
    {
      level: options.logLevel ?? "info",
      base: { service: "hemosentinel" },
      // Belt and braces: no header, body or query string is ever logged.
      redact: { paths: ["req.headers", "req.body", "req.query", "headers", "body"], remove: true },
    },
    options.logStream ?? process.stdout,
  );
  const store: FeedbackStore = await openFeedbackStore(config.feedback.path);
  const cache = createAssessmentCache(config.reports.maxPatients);
  const verifier = createJwtVerifier({ clients: config.clients, now });
  const links = createLinkTokens(now);
  const templates = prefetchTemplates(knowledge);
  const openApi = openApiDocument(options.version, publicUrl);
  const docs = docsPage(openApi);
  const discoveryDocument = discovery(knowledge);

  // The web app whose knowledge atlas the cards link to: configured, or this server's when it serves it.
  const webUrl = config.webUrl ?? (options.webRoot === undefined ? undefined : publicUrl);
  const reportUrl = async (patientId: string) => {
    const id = encodeURIComponent(patientId);
    const path = options.webRoot === undefined ? `/api/report/${id}` : `/patients/${id}`;
    return `${publicUrl}${path}?access=${await links.issue(patientId)}`;
  };

  const app = Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.limits.bodyBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // `…/cds-services/` and `…/cds-services//{id}` (a discovery URL registered with a trailing slash) are
    // the routes without it, as EHRs and the CDS Hooks sandbox call them.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });

  app.addContentTypeParser(
    ["application/fhir+json", "application/json+fhir"],
    { parseAs: "string" },
    app.getDefaultJsonParser("error", "error"),
  );
  app.addContentTypeParser(NDJSON_TYPES, { parseAs: "string" }, (_req, body, done) => done(null, body));

  await app.register(rateLimit, {
    // Not per route: a route's hooks run after the app's, so a flood of calls without a valid JWT would
    // never be counted. The limiter is added below as the app's own hook, after CORS, before any check.
    global: false,
    max: config.limits.rateMax,
    timeWindow: config.limits.rateWindowMs,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      ...problem(
        429,
        PROBLEM_TYPES.rateLimited,
        `more than ${ctx.max} requests in ${ctx.after}; retry later`,
      ),
    }),
  });
  // CDS Hooks services are called from browser-based EHRs on other origins: CORS for them only.
  await app.register(cors, {
    delegator: (req, cb) => {
      const cds = pathOf(req.url ?? "").startsWith("/cds-services");
      cb(
        null,
        cds
          ? {
              origin: "*",
              methods: ["GET", "POST", "OPTIONS"],
              allowedHeaders: ["Content-Type", "Authorization"],
              // The headers the CDS Hooks security page lists. No credentials: calls authenticate with the
              // Authorization header, never cookies (and "*" may not be combined with credentials).
              exposedHeaders: ["Origin", "Accept", "Content-Location", "Location", "X-Requested-With"],
              maxAge: 600,
              // An OPTIONS without the preflight headers (a client or a checker asking what the path
              // takes) is answered like a preflight, not with a bare text 400.
              strictPreflight: false,
            }
          : { origin: false },
      );
    },
  });

  // Every request counts against its address's limit (unknown routes and refused tokens included), and a
  // 429 still carries the CORS headers a browser-based EHR needs to read it.
  app.addHook("onRequest", app.rateLimit());

  /** Every protected call: a JWT of a trusted client, or a report link, or loopback when none is configured. */
  const authorise = async (req: FastifyRequest): Promise<void> => {
    const path = pathOf(req.url);
    // The scheme is case-insensitive (RFC 9110 §11.1): "bearer" is "Bearer".
    const token = /^Bearer +(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
    const isApi = path.startsWith("/api/");
    if (token === undefined && isApi) {
      const access = (req.query as Record<string, unknown>).access;
      const patient = /^\/api\/(?:report|patients)\/([^/]+)$/.exec(path)?.[1];
      if (
        typeof access === "string" &&
        patient !== undefined &&
        (await links.grants(access, decodeURIComponent(patient)))
      )
        return;
      if (config.clients.length === 0) {
        if (LOOPBACK.has(req.socket.remoteAddress ?? "")) return;
        throw new HttpProblem(
          403,
          PROBLEM_TYPES.forbidden,
          "no CDS client is configured: /api answers loopback callers only",
        );
      }
    }
    if (token === undefined) {
      if (options.dev) return;
      throw new HttpProblem(
        401,
        PROBLEM_TYPES.unauthorized,
        "a Bearer JWT signed by a trusted CDS client is required",
        { "www-authenticate": CHALLENGE },
      );
    }
    try {
      const client = await verifier.verify(token, audiencesFor(publicUrl, path, pathAsCalled(req.url)));
      req.log.debug({ client: client.iss }, "client verified");
    } catch (e) {
      if (e instanceof AuthError)
        throw new HttpProblem(401, PROBLEM_TYPES.unauthorized, e.message, {
          "www-authenticate": `${CHALLENGE}, error="invalid_token"`,
        });
      throw e;
    }
  };

  app.addHook("onRequest", async (req) => {
    if (req.method === "OPTIONS") return;
    const path = pathOf(req.url);
    if (
      path === "/cds-services" ||
      path.startsWith("/cds-services/") ||
      (path.startsWith("/api/") && !OPEN_API_PATHS.has(path))
    ) {
      await authorise(req);
    }
  });

  app.addHook("onResponse", async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url ?? "(no route)",
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request",
    );
  });

  app.setErrorHandler(
    (error: Error & { statusCode?: number; code?: string; detail?: string }, req, reply) => {
      const instance = req.routeOptions.url;
      if (error instanceof HttpProblem)
        return sendProblem(
          reply.headers(error.headers),
          problem(error.status, error.type, error.message, instance),
        );
      const status = error.statusCode ?? 500;
      if (status === 429)
        return sendProblem(
          reply,
          problem(429, PROBLEM_TYPES.rateLimited, error.detail ?? "too many requests", instance),
        );
      if (status === 413) {
        return sendProblem(
          reply,
          problem(413, PROBLEM_TYPES.tooLarge, `the body exceeds ${config.limits.bodyBytes} bytes`, instance),
        );
      }
      if (status === 415) {
        return sendProblem(
          reply,
          problem(415, PROBLEM_TYPES.unsupportedMedia, unsupportedMediaDetail(req), instance),
        );
      }
      if (status >= 400 && status < 500) {
        // fastify's own messages name the problem (invalid JSON, empty body) without quoting the body.
        return sendProblem(reply, problem(status, PROBLEM_TYPES.badRequest, error.message, instance));
      }
      // The message may quote what was being read (a value, a name): only the type and the frames are logged.
      const frames = error.stack?.split("\n").filter((l) => l.trimStart().startsWith("at "));
      req.log.error(
        { err: { type: error.name, ...(frames !== undefined && { stack: frames.join("\n") }) } },
        "internal error",
      );
      return sendProblem(
        reply,
        problem(500, PROBLEM_TYPES.internal, `internal error; request id ${req.id}`, instance),
      );
    },
  );

  // ------------------------------------------------------------------------------------------------
  // Health, discovery, services, feedback

  app.get("/health", async () => ({
    status: "ok" as const,
    version: options.version,
    knowledgeVersion: knowledge.version,
    knowledgeHash: knowledge.hash,
  }));

  app.get("/cds-services", async () => discoveryDocument);

  const env: HookEnvironment = {
    knowledge,
    settings,
    version: options.version,
    templates,
    fhirTimeoutMs: config.fhir.timeoutMs,
    fhirMaxPages: config.fhir.maxPages,
    fetch: options.fetch ?? fetch,
    evaluatedAt: () => evaluationTime(now()),
    cardContext: async (patientId) => ({
      names,
      knowledgeVersion: knowledge.version,
      reportUrl: await reportUrl(patientId),
      ...(webUrl !== undefined && { webUrl }),
      newId: randomUUID,
      fhirTimeoutMs: config.fhir.timeoutMs,
    }),
  };

  app.post<{ Params: { id: string } }>("/cds-services/:id", async (req, reply) => {
    requireJson(req);
    const outcome = await handleHook(env, req.params.id, req.body);
    req.log.info({ cdsService: req.params.id, status: outcome.status, ...outcome.log }, "hook");
    if (outcome.status !== 200) {
      const type = {
        400: PROBLEM_TYPES.badRequest,
        404: PROBLEM_TYPES.notFound,
        412: PROBLEM_TYPES.precondition,
      }[outcome.status];
      return sendProblem(reply, problem(outcome.status, type, outcome.detail, req.routeOptions.url));
    }
    if (outcome.assessment !== undefined) cache.put(outcome.assessment);
    const issuedAt = now().toISOString();
    store.recordCards(
      outcome.issued.flatMap(({ type, card }) =>
        card.uuid === undefined
          ? []
          : [{ uuid: card.uuid, service: req.params.id, type, indicator: card.indicator, issuedAt }],
      ),
    );
    return outcome.response;
  });

  app.post<{ Params: { id: string } }>("/cds-services/:id/feedback", async (req) => {
    if (SERVICE_HOOKS[req.params.id] === undefined) {
      throw new HttpProblem(404, PROBLEM_TYPES.notFound, `no CDS service ${req.params.id}`);
    }
    requireJson(req);
    const parsed = FeedbackRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`)
        .join("; ");
      throw new HttpProblem(400, PROBLEM_TYPES.badRequest, `not a feedback document: ${detail}`);
    }
    await store.addFeedback(req.params.id, parsed.data.feedback, now().toISOString());
    req.log.info(
      { cdsService: req.params.id, feedback: parsed.data.feedback.map((f) => f.outcome) },
      "feedback",
    );
    return { stored: parsed.data.feedback.length };
  });

  // ------------------------------------------------------------------------------------------------
  // REST API

  app.get("/api/openapi.json", async () => openApi);
  app.get("/api/docs", async (_req, reply) => reply.type("text/html; charset=utf-8").send(docs));
  app.get("/api/feedback/summary", async () => store.summary());

  app.post<{ Querystring: { format?: string; at?: string } }>("/api/assess", async (req, reply) => {
    const format = req.query.format ?? "json";
    if (format !== "json" && format !== "fhir") {
      throw new HttpProblem(
        400,
        PROBLEM_TYPES.badRequest,
        `format: json or fhir, not ${JSON.stringify(format)}`,
      );
    }
    const evaluatedAt = evaluationTimeOf(req.query.at, now());
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
    const document = NDJSON_TYPES.includes(type)
      ? { kind: "ndjson" as const, text: String(req.body) }
      : { kind: "fhir" as const, value: req.body };
    const engine = createEngine(knowledge, { evaluatedAt, version: options.version, settings });
    const added = engine.add(document, "request body");
    const report = engine.report(added.inputErrors.map(inputErrorOfRejection));
    if (report.patients.length === 0) {
      const why = report.inputErrors[0]?.detail ?? "no resource of the body is or refers to a Patient";
      return sendProblem(reply, {
        ...problem(400, PROBLEM_TYPES.badRequest, `no patient could be assessed: ${why}`, "/api/assess"),
        inputErrors: report.inputErrors,
      });
    }
    const records = new Map<string, PatientRecord>(added.patients.map((p) => [p.patientId, p]));
    for (const patient of report.patients) {
      const record = records.get(patient.patientId);
      if (record !== undefined) {
        cache.put({ engine: report.engine, evaluatedAt, settings: report.settings, patient, record });
      }
    }
    req.log.info({ patients: report.patients.length, inputErrors: report.inputErrors.length }, "assess");
    if (format === "fhir") {
      return reply
        .type("application/fhir+json")
        .send(reportAsFhir(report, names, (id) => knowledge.scores.get(id)?.name));
    }
    return report;
  });

  const assessed = (id: string): PatientAssessment => {
    const a = cache.get(id);
    if (a === undefined) {
      throw new HttpProblem(
        404,
        PROBLEM_TYPES.notFound,
        "this patient has not been assessed since the server started",
      );
    }
    return a;
  };

  app.get<{ Params: { id: string } }>("/api/patients/:id", async (req) => assessed(req.params.id));

  app.get<{ Params: { patient: string } }>("/api/report/:patient", async (req, reply) => {
    const a = assessed(req.params.patient);
    const html = renderHtml(
      {
        engine: a.engine,
        evaluatedAt: a.evaluatedAt,
        settings: a.settings,
        patients: [a.patient],
        inputErrors: [],
      },
      render,
    );
    return reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .header("cache-control", "no-store")
      .send(html);
  });

  registerCohortApi(app, { path: options.cohortDb, knowledge, settings, version: options.version });

  // ------------------------------------------------------------------------------------------------
  // The web app (static build, single-page fallback)

  const webRoot = options.webRoot;
  if (webRoot !== undefined) await app.register(fastifyStatic, { root: webRoot, index: ["index.html"] });

  app.setNotFoundHandler((req, reply) => {
    const path = pathOf(req.url);
    const own = path === "/health" || path.startsWith("/api/") || path.startsWith("/cds-services");
    if (webRoot !== undefined && req.method === "GET" && !own) {
      return reply.type("text/html; charset=utf-8").sendFile("index.html", webRoot);
    }
    // A path of ours called with another method: 405 naming the methods it takes (RFC 9110 §15.5.6).
    // The web app's catch-all (`/*`) is no route of ours.
    const allowed = own
      ? METHODS.filter((method) => {
          const route = app.findRoute({ method, url: path });
          return route !== null && !Object.hasOwn(route.params, "*");
        })
      : [];
    if (allowed.length > 0 && !allowed.includes(req.method as (typeof METHODS)[number])) {
      return sendProblem(
        reply.header("allow", allowed.join(", ")),
        problem(
          405,
          PROBLEM_TYPES.methodNotAllowed,
          `${req.method} is not allowed here: ${allowed.join(", ")}`,
        ),
      );
    }
    return sendProblem(
      reply,
      problem(
        404,
        PROBLEM_TYPES.notFound,
        `no route ${req.method} ${own ? path.split("/").slice(0, 3).join("/") : "here"}`,
      ),
    );
  });

  if (options.dev)
    log.warn(
      "development mode: CDS Hooks and API calls without a JWT are accepted; never use it with real patients",
    );
  if (config.clients.length === 0 && !options.dev) {
    log.warn(
      "no trusted CDS client is configured: every CDS Hooks call will be refused (configure clients, or --dev)",
    );
  }

  return {
    app,
    log,
    publicUrl,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
