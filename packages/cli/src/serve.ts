/**
 * `hemosentinel serve`: reads the server configuration (YAML, docs/server.example.yaml), finds the web
 * app's build when it is installed, starts the CDS Hooks service and REST API, and stops gracefully on
 * SIGTERM or SIGINT (requests in flight finish, the feedback store is written and closed).
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type KnowledgeBundle, openKnowledge, withSettings } from "@hemosentinel/core";
import {
  CohortStoreError,
  createServer,
  parseServerConfig,
  type ServerConfig,
  ServerConfigError,
} from "@hemosentinel/server";
import { parse as parseYaml } from "yaml";
import { errnoCode } from "./errno.js";
import { UsageError } from "./input.js";
import { readSettingsFile } from "./settings-read.js";

export interface ServeOptions {
  readonly host: string;
  readonly port: string;
  readonly config?: string;
  readonly dev?: boolean;
  /** The DuckDB database of `hemosentinel cohort` for the cohort page (read-only). */
  readonly cohortDb?: string;
}

export interface ServeDeps {
  readonly version: string;
  readonly bundle: () => KnowledgeBundle;
  /** Resolves when the server should stop (default: SIGTERM or SIGINT). */
  readonly stopped: Promise<unknown>;
  /** The web app's build directory, if there is one to serve. */
  readonly webRoot?: string;
  readonly logStream?: { write(line: string): void };
}

/**
 * The configuration file at `path`, validated, with its relative paths (feedback store, site settings)
 * read from the file's own directory.
 */
export function readServerConfig(path: string): ServerConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`${path}: cannot read the server configuration (${errnoCode(e)})`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new UsageError(`${path}: not YAML (${(e as Error).message.split("\n")[0]})`);
  }
  let config: ServerConfig;
  try {
    config = parseServerConfig(value);
  } catch (e) {
    if (e instanceof ServerConfigError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
  const here = dirname(path);
  const fromHere = (p: string) => (p === ":memory:" || isAbsolute(p) ? p : join(here, p));
  return {
    ...config,
    feedback: { path: fromHere(config.feedback.path) },
    ...(config.siteSettings !== undefined && { siteSettings: fromHere(config.siteSettings) }),
  };
}

/**
 * The build of `@hemosentinel/web` next to this package (its `dist/` with an index.html), found the way
 * Node finds packages: `node_modules/@hemosentinel/web` in this directory or an ancestor.
 */
export function findWebBuild(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const dist = join(dir, "node_modules", "@hemosentinel", "web", "dist");
    if (existsSync(join(dist, "index.html"))) return realpathSync(dist);
    if (dirname(dir) === dir) return undefined;
  }
}

function portOf(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UsageError(`--port: a port number 0–65535, not ${JSON.stringify(text)}`);
  return port;
}

/** SIGTERM or SIGINT, once. */
export function shutdownSignal(): Promise<string> {
  return new Promise((done) => {
    process.once("SIGTERM", () => done("SIGTERM"));
    process.once("SIGINT", () => done("SIGINT"));
  });
}

/**
 * Runs the server until `deps.stopped` resolves; returns the exit code.
 * @example
 * await serve({ host: "127.0.0.1", port: "8080" }, { version, bundle: compiledBundle, stopped: shutdownSignal() });
 */
export async function serve(options: ServeOptions, deps: ServeDeps): Promise<number> {
  const port = portOf(options.port);
  const config = options.config === undefined ? parseServerConfig({}) : readServerConfig(options.config);
  const file =
    config.siteSettings === undefined
      ? undefined
      : { name: config.siteSettings, settings: readSettingsFile(config.siteSettings) };
  const bundle = deps.bundle();
  const { knowledge, settings } = withSettings(openKnowledge(bundle), file);
  if (options.cohortDb !== undefined && !existsSync(options.cohortDb))
    throw new UsageError(
      `--cohort-db ${options.cohortDb}: no such database (run \`hemosentinel cohort import\` first)`,
    );
  const host = options.host;
  // A cohort database this release cannot read (imported by another release) stops the start, exit code 2.
  const server = await createServer({
    bundle,
    knowledge,
    settings,
    version: deps.version,
    config,
    publicUrl: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    dev: options.dev === true,
    ...(options.cohortDb !== undefined && { cohortDb: resolve(options.cohortDb) }),
    ...(deps.webRoot !== undefined && { webRoot: deps.webRoot }),
    ...(deps.logStream !== undefined && { logStream: deps.logStream }),
  }).catch((e: unknown) => {
    throw e instanceof CohortStoreError ? new UsageError(e.message) : e;
  });
  try {
    await server.app.listen({ host, port });
  } catch (e) {
    await server.close();
    throw new UsageError(`cannot listen on ${host}:${port} (${errnoCode(e)})`);
  }
  server.log.info(
    {
      publicUrl: server.publicUrl,
      clients: config.clients.length,
      web: deps.webRoot !== undefined,
      cohort: options.cohortDb !== undefined,
      feedback: config.feedback.path === ":memory:" ? ":memory:" : resolve(config.feedback.path),
    },
    "HemoSentinel serving",
  );
  const signal = await deps.stopped;
  server.log.info({ signal: String(signal) }, "shutting down: finishing requests in flight");
  await server.close();
  return 0;
}
