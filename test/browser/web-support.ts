/**
 * Support for the web app's browser tests and benchmark: a Vite build of packages/web into a folder of
 * one's choosing, a small static server for it (SPA fallback, and `GET /api/patients/{id}` answered from a
 * map, as the HemoSentinel server will), a mock SMART on FHIR server, and chromium with the project's
 * flags.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";
import { REPO_ROOT } from "../support/paths.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
];
/** Screenshots and other files a person looks at after a run (gitignored). */
export const TEST_OUTPUT = join(REPO_ROOT, "test-output");
export const WEB_CONFIG = join(REPO_ROOT, "packages", "web", "vite.config.ts");

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Builds the web app with Vite into `outDir`. */
export async function buildWebApp(outDir: string): Promise<void> {
  // The production build users get: vitest sets NODE_ENV=test, which would make Vite bundle React's
  // development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: WEB_CONFIG,
      mode: "production",
      logLevel: "error",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export interface Running {
  readonly url: string;
  /** Every path requested, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

function listen(server: Server, requests: string[]): Promise<Running> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

/** What `GET /api/patients/{id}` answers: the assessment JSON, or undefined for a 404 problem document. */
export type PatientApi = (id: string) => unknown | undefined;

/**
 * Serves a built app from `dir`: files as they are, any other path without an extension as index.html
 * (the client routes it), and `/api/patients/{id}` from `api`; `hold` can delay any answer.
 */
export function serveApp(
  dir: string,
  api: PatientApi = () => undefined,
  /** Holds the answer to a path until the promise it returns settles (to see the app waiting). */
  hold: (path: string) => Promise<void> | undefined = () => undefined,
): Promise<Running> {
  const requests: string[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(url.pathname);
    await hold(url.pathname);
    const apiMatch = /^\/api\/patients\/([^/]+)$/.exec(url.pathname);
    if (apiMatch !== null) {
      const id = decodeURIComponent(apiMatch[1] as string);
      const body = api(id);
      if (body === undefined)
        return send(
          res,
          404,
          "application/problem+json",
          JSON.stringify({
            type: "about:blank",
            title: "No assessment of this patient",
            status: 404,
            detail: `The server holds no assessment of patient ${id}.`,
          }),
        );
      return send(res, 200, "application/json", JSON.stringify(body));
    }
    const path = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (path.startsWith(dir) && existsSync(path) && statSync(path).isFile())
      return send(res, 200, TYPES[extname(path)] ?? "application/octet-stream", readFileSync(path));
    if (extname(url.pathname) !== "") return send(res, 404, "text/plain", "not found");
    return send(res, 200, TYPES[".html"] as string, readFileSync(join(dir, "index.html")));
  });
  return listen(server, requests);
}

interface FhirResource {
  readonly resourceType: string;
  readonly id?: string;
  readonly subject?: { readonly reference?: string };
  readonly patient?: { readonly reference?: string };
}

/**
 * A SMART on FHIR server in miniature: `.well-known/smart-configuration`, an authorize endpoint that
 * approves at once, a token endpoint that grants the launch patient, and read/search over the resources
 * of a FHIR Bundle. CORS open, as a FHIR server for browser apps must be.
 */
export function mockSmartServer(bundle: {
  readonly entry?: readonly { readonly resource: FhirResource }[];
}): Promise<Running & { readonly patientId: string }> {
  const resources = (bundle.entry ?? []).map((e) => e.resource);
  const patient = resources.find((r) => r.resourceType === "Patient");
  if (patient?.id === undefined) throw new Error("the bundle has no Patient with an id");
  const patientId = patient.id;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const base = `http://${req.headers.host}/fhir`;
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "authorization, content-type, accept",
      "access-control-allow-methods": "GET, POST, OPTIONS",
    };
    const json = (status: number, body: unknown, type = "application/fhir+json") => {
      res.writeHead(status, { ...cors, "content-type": type });
      res.end(JSON.stringify(body));
    };
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors);
      return res.end();
    }
    if (url.pathname === "/fhir/.well-known/smart-configuration")
      return json(
        200,
        {
          authorization_endpoint: `http://${req.headers.host}/auth/authorize`,
          token_endpoint: `http://${req.headers.host}/auth/token`,
          capabilities: ["launch-ehr", "launch-standalone", "client-public", "context-ehr-patient"],
          code_challenge_methods_supported: ["S256"],
        },
        "application/json",
      );
    if (url.pathname === "/auth/authorize") {
      const redirect = new URL(url.searchParams.get("redirect_uri") ?? "");
      redirect.searchParams.set("code", "mock-code");
      redirect.searchParams.set("state", url.searchParams.get("state") ?? "");
      res.writeHead(302, { location: redirect.href });
      return res.end();
    }
    if (url.pathname === "/auth/token" && req.method === "POST") {
      req.resume();
      return req.on("end", () =>
        json(
          200,
          {
            access_token: "mock-token",
            token_type: "Bearer",
            expires_in: 3600,
            scope: "launch patient/*.read",
            patient: patientId,
          },
          "application/json",
        ),
      );
    }
    if (req.headers.authorization !== "Bearer mock-token")
      return json(401, { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "login" }] });
    const read = /^\/fhir\/(\w+)\/([^/]+)$/.exec(url.pathname);
    if (read !== null) {
      const found = resources.find((r) => r.resourceType === read[1] && r.id === read[2]);
      return found === undefined ? json(404, { resourceType: "OperationOutcome" }) : json(200, found);
    }
    const search = /^\/fhir\/(\w+)$/.exec(url.pathname);
    if (search !== null) {
      const ref = `Patient/${url.searchParams.get("patient")}`;
      const matches = resources.filter(
        (r) => r.resourceType === search[1] && (r.subject?.reference === ref || r.patient?.reference === ref),
      );
      return json(200, {
        resourceType: "Bundle",
        type: "searchset",
        total: matches.length,
        entry: matches.map((resource) => ({
          fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
          resource,
        })),
      });
    }
    return json(404, { resourceType: "OperationOutcome" });
  });
  return listen(server, requests).then((running) => ({ ...running, patientId }));
}
