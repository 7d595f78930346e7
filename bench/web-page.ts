/**
 * A built web page in Debian's chromium, for the web benchmark and the web app's browser tests: Vite
 * builds (the production build users get), a small static server with the SPA fallback, and chromium
 * launched with the project's flags.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { build, type InlineConfig } from "vite";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A production Vite build. NODE_ENV is set for its duration: a test runner sets it to "test", which would
 * make Vite bundle React's development build.
 */
export async function viteBuild(config: InlineConfig): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ mode: "production", logLevel: "error", ...config });
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

export function listen(server: Server, requests: string[]): Promise<Running> {
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

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

/** Answers a request itself (true) or leaves it to the static files (false). */
export type Intercept = (url: URL, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * Serves a built page from `dir` on 127.0.0.1: files as they are, any other path without an extension as
 * index.html (the client routes it); `intercept` sees every request first. Nothing is cached.
 */
export function serveStatic(dir: string, intercept: Intercept = () => false): Promise<Running> {
  const requests: string[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(url.pathname);
    if (await intercept(url, res)) return;
    const path = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (path.startsWith(dir) && existsSync(path) && statSync(path).isFile())
      return send(res, 200, TYPES[extname(path)] ?? "application/octet-stream", readFileSync(path));
    if (extname(url.pathname) !== "") return send(res, 404, "text/plain", "not found");
    return send(res, 200, TYPES[".html"] as string, readFileSync(join(dir, "index.html")));
  });
  return listen(server, requests);
}
