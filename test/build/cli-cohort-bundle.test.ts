/**
 * The cohort commands from the built executable (packages/cli/dist/main.js, `npm run build`): DuckDB's
 * native module is external to the Vite bundle and required from node_modules, so the bundled
 * `hemosentinel cohort` imports and screens a third party's OMOP folder (Eunomia Synthea27Nj).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/paths.js";
import { tempDir } from "../support/temp.js";

const BIN = join(REPO_ROOT, "packages", "cli", "dist", "main.js");
const EUNOMIA = join(REPO_ROOT, "..", "shared", "data", "omop-synthea27nj");

const run = (args: string[]) =>
  execFileSync(process.execPath, [BIN, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("hemosentinel cohort (bundled executable)", () => {
  it("imports Eunomia with every row accounted for and screens it to zero findings", () => {
    const db = join(tempDir("bundle-"), "e.duckdb");
    const summary = JSON.parse(run(["cohort", "import", EUNOMIA, "--db", db, "--format", "json"])) as {
      tables: { table: string; read: number; used: number; notUsed: number; rejected: { rows: number }[] }[];
    };
    for (const t of summary.tables)
      expect(t.used + t.notUsed + t.rejected.reduce((n, r) => n + r.rows, 0), t.table).toBe(t.read);
    const screen = JSON.parse(
      run(["cohort", "screen", "--db", db, "--at", "2026-01-01", "--format", "json"]),
    ) as {
      run: { exposed: number };
      items: unknown[];
    };
    expect(screen.run.exposed).toBe(0);
    expect(screen.items).toEqual([]);
  }, 120_000);
});

describe("hemosentinel cohort screen --workers (bundled executable)", () => {
  it("screens in worker threads started from dist/screen-worker.js, with the same output as in one thread", () => {
    const dir = tempDir("bundle-workers-");
    const cdm = join(dir, "cdm");
    const db = join(dir, "w.duckdb");
    const bin = (args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(
      bin(["cohort", "generate", "--patients", "400", "--seed", "5", "--enrich", "12", "--out", cdm]).status,
    ).toBe(0);
    expect(bin(["cohort", "import", cdm, "--db", db]).status).toBe(0);
    const screen = (workers: string) =>
      bin([
        "cohort",
        "screen",
        "--db",
        db,
        "--at",
        "2025-06-30",
        "--format",
        "json",
        "--no-record",
        "--workers",
        workers,
      ]);
    const pooled = screen("2");
    expect(pooled.status, pooled.stderr).toBe(0);
    // More than one batch of candidates, so both workers take part.
    expect(pooled.stderr).toMatch(/\d+ candidate\(s\) for the engine, in 2 worker threads/);
    const alone = screen("1");
    expect(alone.stderr).not.toMatch(/worker threads/);
    const items = (out: string) => (JSON.parse(out) as { items: unknown[] }).items;
    expect(items(pooled.stdout).length).toBeGreaterThan(50);
    expect(items(pooled.stdout)).toEqual(items(alone.stdout));
  }, 300_000);
});
