/**
 * `hemosentinel serve`: the documented configuration file, flags and their defaults (loopback), a
 * real listening server on 127.0.0.1, requests in flight finished on shutdown, and the process that
 * stops with exit code 0 on SIGTERM.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../test/support/knowledge.js";
import { REPO_ROOT } from "../../../test/support/paths.js";
import { tempDir } from "../../../test/support/temp.js";
import { UsageError } from "./input.js";
import { type CliIO, EXIT_OK, EXIT_USAGE, runCli } from "./program.js";
import { findWebBuild, readServerConfig, type ServeOptions, serve } from "./serve.js";

const EXAMPLE = join(REPO_ROOT, "docs", "server.example.yaml");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function io(): CliIO & { err: () => string } {
  let err = "";
  return {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (err += s) },
    readStdin: async () => "",
    writeFile: () => undefined,
    env: {},
    now: () => new Date(),
    err: () => err,
  };
}

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    stream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  };
}

describe("the configuration file", () => {
  it("docs/server.example.yaml is valid, and its relative feedback path is read from the file's folder", () => {
    const config = readServerConfig(EXAMPLE);
    expect(config.publicUrl).toBe("https://cds.example.org");
    expect(config.clients.map((c) => c.iss)).toEqual([
      "https://ehr.example.org",
      "https://ehr-test.example.org",
    ]);
    expect(config.fhir).toEqual({ timeoutMs: 5000, maxPages: 20 });
    expect(config.feedback.path).toBe(join(REPO_ROOT, "docs", "hemosentinel-feedback.duckdb"));
  });

  it("names the file and the field that cannot be used", () => {
    const dir = tempDir("serve-");
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "publicUrl: https://cds.example.org/\nclients:\n  - iss: x\n");
    expect(() => readServerConfig(bad)).toThrow(UsageError);
    expect(() => readServerConfig(bad)).toThrow(
      /bad\.yaml: server configuration: publicUrl: write the URL without a trailing slash; clients\.0: give jku \(a JWK Set URL\), jwks \(an inline JWK Set\) or both/,
    );
    const notYaml = join(dir, "broken.yaml");
    writeFileSync(notYaml, "clients: [\n");
    expect(() => readServerConfig(notYaml)).toThrow(/broken\.yaml: not YAML/);
    expect(() => readServerConfig(join(dir, "absent.yaml"))).toThrow(
      /absent\.yaml: cannot read the server configuration \(ENOENT\)/,
    );
  });
});

describe("the web app's build", () => {
  it("is found as Node finds packages: node_modules/@hemosentinel/web/dist with an index.html, here or above", () => {
    const root = tempDir("serve-");
    const from = join(root, "packages", "cli", "dist", "chunks");
    mkdirSync(from, { recursive: true });
    expect(findWebBuild(from)).toBeUndefined();
    const dist = join(root, "node_modules", "@hemosentinel", "web", "dist");
    mkdirSync(dist, { recursive: true });
    expect(findWebBuild(from)).toBeUndefined();
    writeFileSync(join(dist, "index.html"), "<!doctype html>");
    expect(findWebBuild(from)).toBe(realpathSync(dist));
  });
});

describe("hemosentinel serve", () => {
  it("binds to 127.0.0.1:8080 unless told otherwise, and passes --config and --dev on", async () => {
    const seen: ServeOptions[] = [];
    const runtime = {
      version: "1",
      knowledgeVersion: () => "k",
      load: () => {
        throw new Error("not used");
      },
      serve: async (o: ServeOptions) => {
        seen.push(o);
        return EXIT_OK;
      },
    };
    expect(await runCli(["serve"], io(), runtime)).toBe(EXIT_OK);
    expect(
      await runCli(
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--config", "s.yaml", "--dev"],
        io(),
        runtime,
      ),
    ).toBe(EXIT_OK);
    expect(await runCli(["serve", "--cohort-db", "c.duckdb"], io(), runtime)).toBe(EXIT_OK);
    expect(seen).toEqual([
      { host: "127.0.0.1", port: "8080" },
      { host: "0.0.0.0", port: "9000", config: "s.yaml", dev: true },
      { host: "127.0.0.1", port: "8080", cohortDb: "c.duckdb" },
    ]);
  });

  it("refuses a port that is not a number, a --cohort-db that does not exist and one this release cannot read, with exit code 2", async () => {
    const out = io();
    const runtime = {
      version: "1",
      knowledgeVersion: () => "k",
      load: () => {
        throw new Error("not used");
      },
      serve: (o: ServeOptions) =>
        serve(o, {
          version: "1",
          bundle: () => testKnowledgeBundle(),
          stopped: new Promise(() => undefined),
        }),
    };
    expect(await runCli(["serve", "--port", "http"], out, runtime)).toBe(EXIT_USAGE);
    expect(out.err()).toContain('--port: a port number 0–65535, not "http"');
    const missing = join(tempDir("serve-"), "none.duckdb");
    expect(await runCli(["serve", "--port", "0", "--cohort-db", missing], out, runtime)).toBe(EXIT_USAGE);
    expect(out.err()).toContain("no such database (run `hemosentinel cohort import` first)");
    // A database no import of this release wrote (here: one with no store version) stops the start too.
    const old = join(tempDir("serve-"), "old.duckdb");
    const { openDuckDb } = await import("@hemosentinel/cohort");
    (await openDuckDb(old)).close();
    expect(await runCli(["serve", "--port", "0", "--cohort-db", old], out, runtime)).toBe(EXIT_USAGE);
    expect(out.err()).toMatch(
      /--cohort-db .*old\.duckdb: the cohort database cannot be read: this store was imported by an earlier HemoSentinel release \(no store version recorded/,
    );
  });

  it("listens on loopback, answers, finishes a request in flight when stopped, and returns 0", async () => {
    const dir = tempDir("serve-");
    const configFile = join(dir, "server.yaml");
    writeFileSync(configFile, "feedback:\n  path: feedback.duckdb\n");
    const port = await freePort();
    const log = captureLog();
    let stop: (s: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const running = serve(
      { host: "127.0.0.1", port: String(port), config: configFile, dev: true },
      { version: "1.2.3", bundle: () => testKnowledgeBundle(), stopped, logStream: log.stream },
    );
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !log.lines.some((l) => l.msg === "HemoSentinel serving"); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const serving = log.lines.find((l) => l.msg === "HemoSentinel serving");
    expect(serving).toMatchObject({
      publicUrl: base,
      clients: 0,
      web: false,
      feedback: join(dir, "feedback.duckdb"),
    });
    expect(log.lines.some((l) => l.level === 40 && /development mode/.test(String(l.msg)))).toBe(true);
    const health = await fetch(`${base}/health`);
    expect(await health.json()).toMatchObject({ status: "ok", version: "1.2.3" });
    // A request whose body is still arriving when the signal comes is finished and answered.
    const body = readFileSync(join(REPO_ROOT, "examples", "ttp-nivolumab-anal-scc-gergi-2020.json"));
    const req = request(`${base}/api/assess?at=2026-11-01`, {
      method: "POST",
      headers: { "content-type": "application/fhir+json", "content-length": body.length },
    });
    const answered = new Promise<number>((resolve, reject) => {
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
    });
    req.write(body.subarray(0, 100));
    await new Promise((r) => setTimeout(r, 200));
    stop("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
    req.end(body.subarray(100));
    expect(await answered).toBe(200);
    expect(await running).toBe(EXIT_OK);
    const shutdown = log.lines.findIndex((l) => l.msg === "shutting down: finishing requests in flight");
    expect(log.lines[shutdown]?.signal).toBe("SIGTERM");
    expect(log.lines.slice(shutdown)).toContainEqual(
      expect.objectContaining({ msg: "request", route: "/api/assess", status: 200 }),
    );
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  }, 30_000);

  it("says so when the port is taken", async () => {
    const port = await freePort();
    const configFile = join(tempDir("serve-"), "server.yaml");
    writeFileSync(configFile, 'feedback:\n  path: ":memory:"\n');
    const blocker = createNetServer().listen(port, "127.0.0.1");
    try {
      await expect(
        serve(
          { host: "127.0.0.1", port: String(port), config: configFile },
          {
            version: "1",
            bundle: () => testKnowledgeBundle(),
            stopped: new Promise(() => undefined),
            logStream: { write: () => undefined },
          },
        ),
      ).rejects.toThrow(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`));
    } finally {
      blocker.close();
    }
  }, 30_000);

  it("as a process: stops on SIGTERM with exit code 0", async () => {
    const port = await freePort();
    const configFile = join(tempDir("serve-"), "server.yaml");
    writeFileSync(configFile, 'feedback:\n  path: ":memory:"\n');
    const child = spawn(
      process.execPath,
      [
        "--conditions=source",
        "--import",
        "tsx",
        join(import.meta.dirname, "main.ts"),
        "serve",
        "--port",
        String(port),
        "--config",
        configFile,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    for (let i = 0; i < 400 && !out.includes("HemoSentinel serving"); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain(`"publicUrl":"http://127.0.0.1:${port}"`);
    expect(out).toContain('"feedback":":memory:"');
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain('"signal":"SIGTERM"');
  }, 60_000);
});
