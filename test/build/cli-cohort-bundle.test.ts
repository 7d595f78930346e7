/**
 * The cohort commands from the built executable (packages/cli/dist/main.js, `npm run build`): DuckDB's
 * native module is external to the Vite bundle and required from node_modules, so the bundled
 * `hemosentinel cohort` imports and screens a third party's OMOP folder (Eunomia Synthea27Nj).
 */
import { execFileSync } from "node:child_process";
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
