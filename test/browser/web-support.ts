/**
 * Support for the web app's browser tests: a Vite build of packages/web into a folder of one's choosing, a
 * small server for it (`GET /api/patients/{id}` answered from a map, as the HemoSentinel server will), a
 * mock SMART on FHIR server, and chromium with the project's flags (bench/web-page.ts, shared with the
 * web benchmark).
 */
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchChromium, listen, type Running, send, serveStatic, viteBuild } from "../../bench/web-page.js";
import { REPO_ROOT } from "../support/paths.js";
import { tempDir } from "../support/temp.js";

export { CHROMIUM, CHROMIUM_ARGS, launchChromium, type Running } from "../../bench/web-page.js";

/** Screenshots and other files a person looks at after a run (gitignored). */
export const TEST_OUTPUT = join(REPO_ROOT, "test-output");
export const WEB_CONFIG = join(REPO_ROOT, "packages", "web", "vite.config.ts");

/** Builds the web app with Vite into `outDir`. */
export function buildWebApp(outDir: string): Promise<void> {
  return viteBuild({ configFile: WEB_CONFIG, build: { outDir, emptyOutDir: true } });
}

/** What `GET /api/patients/{id}` answers: the assessment JSON, or undefined for a 404 problem document. */
export type PatientApi = (id: string) => unknown | undefined;

/**
 * Serves a built app from `dir` (files, and index.html for the client's routes), `/api/patients/{id}`
 * from `api`; `hold` can delay any answer.
 */
export function serveApp(
  dir: string,
  api: PatientApi = () => undefined,
  /** Holds the answer to a path until the promise it returns settles (to see the app waiting). */
  hold: (path: string) => Promise<void> | undefined = () => undefined,
): Promise<Running> {
  return serveStatic(dir, async (url, res) => {
    await hold(url.pathname);
    const apiMatch = /^\/api\/patients\/([^/]+)$/.exec(url.pathname);
    if (apiMatch === null) return false;
    const id = decodeURIComponent(apiMatch[1] as string);
    const body = api(id);
    if (body === undefined)
      send(
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
    else send(res, 200, "application/json", JSON.stringify(body));
    return true;
  });
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
      const subject = url.searchParams.get("subject");
      const ref = subject ?? `Patient/${url.searchParams.get("patient")}`;
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

/** The built app being served and the browser of one test file. */
export interface WebAppRun {
  readonly app: Running;
  readonly browser: Browser;
}

/**
 * One build and one browser per test file: builds the app into `dist`, serves it with `serve` and launches
 * chromium; `shots` (the screenshot folder) is created.
 */
export async function startWebApp(
  dist: string,
  shots: string,
  serve: (dir: string) => Promise<Running> = (dir) => serveApp(dir),
): Promise<WebAppRun> {
  mkdirSync(shots, { recursive: true });
  await buildWebApp(dist);
  const app = await serve(dist);
  return { app, browser: await launchChromium() };
}

/** Closes what {@link startWebApp} opened (either may be missing when it failed) and removes the build. */
export async function stopWebApp(run: Partial<WebAppRun>, dist: string): Promise<void> {
  await run.browser?.close();
  await run.app?.close();
  rmSync(dist, { recursive: true, force: true });
}

/**
 * The test file's app and browser, started before its tests and stopped after them (vitest hooks): `set`
 * receives them once started. The build goes to a temporary folder named with `prefix`.
 */
export function webAppForFile(
  prefix: string,
  shots: string,
  set: (run: WebAppRun) => void,
  serve?: (dir: string) => Promise<Running>,
): void {
  const dist = tempDir(prefix);
  let run: Partial<WebAppRun> = {};
  beforeAll(async () => {
    run = await startWebApp(dist, shots, serve);
    set(run as WebAppRun);
  }, 120_000);
  afterAll(async () => stopWebApp(run, dist));
}

/** Fails with the list of WCAG 2.2 AA violations axe-core finds on the page. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary).toEqual([]);
}

/** Opens one CSV file in the app as the user would choose it, evaluated at `at`, and waits for the patient view. */
export async function openCsv(
  page: Page,
  app: Running,
  at: string,
  name: string,
  csv: string,
): Promise<void> {
  await page.goto(`${app.url}/?at=${at}`);
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.locator("h1#patient-title").waitFor();
}

/**
 * The page at a phone's width: nothing wider than the screen (long plan lines and caveats wrap), then
 * printed: the controls hidden, Act first, the plans and the evidence records kept. Screenshots of both into `shots`.
 */
export async function phoneAndPrint(page: Page, shots: string, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(390);
  await page.locator("section.summary").screenshot({ path: join(shots, `${name}-phone-summary.png`) });
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".export-actions").isVisible()).resolves.toBe(false);
  if ((await page.locator("section.act-first").count()) > 0)
    await expect(page.locator("section.act-first").isVisible()).resolves.toBe(true);
  // The records a criterion rests on print as text (the page is checked against the chart on paper too).
  const evidence = page.locator("article.finding button.evidence");
  if ((await evidence.count()) > 0) await expect(evidence.first().isVisible()).resolves.toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, `${name}-print.png`) });
  await page.emulateMedia({ media: "screen" });
}

/**
 * The checks every patient page of a plan-line test ends with: axe-core, a screenshot of the page's top, then
 * {@link phoneAndPrint}; closes the page's context.
 */
export async function checkAndShoot(page: Page, shots: string, name: string): Promise<void> {
  await expectNoAxeViolations(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, `${name}.png`) });
  await phoneAndPrint(page, shots, name);
  await page.context().close();
}

/**
 * A test file of patient pages: its app and browser ({@link webAppForFile}), `open` to open a CSV in a page of
 * its own evaluated at `at`, and `checkAndShoot` ({@link checkAndShoot}) into `shots`.
 */
export function patientPagesForFile(
  prefix: string,
  shots: string,
): {
  readonly open: (name: string, csv: string, at: string) => Promise<Page>;
  readonly checkAndShoot: (page: Page, name: string) => Promise<void>;
} {
  let run: WebAppRun | undefined;
  webAppForFile(prefix, shots, (r) => {
    run = r;
  });
  return {
    open: async (name, csv, at) => {
      if (run === undefined) throw new Error("the app has not started");
      const page = await newPage(run.browser);
      await openCsv(page, run.app, at, `${name}.csv`, csv);
      return page;
    },
    checkAndShoot: (page, name) => checkAndShoot(page, shots, name),
  };
}

/** The reference ids a line's citations link to (the links show short labels, "Schneider 2021"). */
export function citedIds(line: Locator): Promise<(string | null)[]> {
  return line.locator(".cite a").evaluateAll((as) => as.map((a) => a.getAttribute("data-ref")));
}

/** A page in its own context (axe-core needs one per page). */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  return context.newPage();
}

/**
 * Opens a self-contained report file in a page of its own context (as axe-core needs) and checks that
 * it asked for nothing but itself and ran without a script error.
 */
export async function openReportFile(browser: Browser, file: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  expect(requests).toEqual([pathToFileURL(file).href]);
  expect(errors).toEqual([]);
  return page;
}

/**
 * A thrombotic microangiopathy that is not TTP after ipilimumab (platelets 15, Hb 7.9 g/dL, schistocytes
 * 5 %, LDH 1200, creatinine 3.8 mg/dL, ADAMTS13 55 %); its last result is dated 2024-02-21.
 */
export const TMA_NOT_TTP_CSV = `patient_id,record_type,date,code_system,code,text,value,unit,ref_high
tma1,dose,2024-01-10,,,ipilimumab,,,
tma1,lab,2024-01-09,lab,platelets,,220,10*9/L,
tma1,lab,2024-01-09,loinc,2160-0,,0.9,mg/dL,
tma1,lab,2024-02-20,lab,platelets,,15,10*9/L,
tma1,lab,2024-02-20,loinc,718-7,,7.9,g/dL,
tma1,lab,2024-02-20,lab,schistocytes-pct,,5,%,
tma1,lab,2024-02-20,loinc,2532-0,,1200,U/L,250
tma1,lab,2024-02-20,loinc,2160-0,,3.8,mg/dL,
tma1,lab,2024-02-21,loinc,53622-7,,55,%,
`;
