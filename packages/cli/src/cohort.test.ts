/**
 * `hemosentinel cohort …` as a user runs it: real processes (tsx on the sources; the compiled knowledge
 * bundle from the build) over a small generated cohort — generate, import, two daily screens, stats with
 * the HTML report — and the usage errors.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp.js";

const MAIN = join(import.meta.dirname, "main.ts");

function run(args: string[]) {
  const r = spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", MAIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, HEMOSENTINEL_DEBUG: "" },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("hemosentinel cohort (process)", { timeout: 300_000 }, () => {
  const dir = tempDir("cli-cohort-");
  const cdm = join(dir, "cdm");
  const db = join(dir, "h.duckdb");

  it("generates, imports, screens day after day and writes the statistics and the report", () => {
    const gen = run(["cohort", "generate", "--patients", "80", "--seed", "9", "--enrich", "8", "--out", cdm]);
    expect(gen.code).toBe(0);
    expect(JSON.parse(gen.stdout)).toMatchObject({ patients: 80 });
    expect(existsSync(join(cdm, "measurement.csv"))).toBe(true);

    const imp = run(["cohort", "import", cdm, "--db", db, "--format", "json", "--memory-limit", "256MB"]);
    expect(imp.code).toBe(0);
    const summary = JSON.parse(imp.stdout) as {
      tables: { table: string; read: number; used: number; rejected: unknown[] }[];
    };
    expect(summary.tables.find((t) => t.table === "person")).toMatchObject({
      read: 80,
      used: 80,
      rejected: [],
    });

    const first = run(["cohort", "screen", "--db", db, "--at", "2024-10-01", "--format", "json"]);
    expect(first.code).toBe(0);
    const r1 = JSON.parse(first.stdout) as {
      run: { runId: number; exposed: number };
      items: { status: string }[];
    };
    // First doses fall over 2024: by October most, not all, of the 80 are exposed.
    expect(r1.run.runId).toBe(1);
    expect(r1.run.exposed).toBeGreaterThan(40);
    expect(r1.run.exposed).toBeLessThan(80);
    expect(r1.items.every((i) => i.status === "new")).toBe(true);
    // Only counts on stderr: no patient data.
    expect(first.stderr).toMatch(/candidate\(s\) for the engine/);
    expect(first.stderr).not.toMatch(/person/);

    const second = run(["cohort", "screen", "--db", db, "--at", "2025-04-01", "--format", "csv"]);
    expect(second.code).toBe(0);
    const [header, ...rows] = second.stdout.trimEnd().split("\n");
    expect(header).toBe(
      "status,person_id,kind,item,certainty,grade,at,drug,drug_class,days_from_first_dose,summary",
    );
    expect(rows.some((r) => r.startsWith("unchanged,"))).toBe(true);

    const table = run(["cohort", "screen", "--db", db, "--at", "2025-04-01"]);
    expect(table.stdout).toMatch(/^run 3 evaluated 2025-04-01T23:59:59Z/);
    expect(table.stdout).toMatch(/compared with run 2 \(2025-04-01T23:59:59Z\)\n0 new or changed/);
    // Nothing changed since run 2, evaluated at the same time: no candidate is assessed again.
    expect(table.stdout).toMatch(/ candidates \(\d+ unchanged since run 2, 0 assessed\), /);

    const report = join(dir, "report.html");
    const stats = run(["cohort", "stats", "--db", db, "--by", "class", "--out", report]);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/^run 3 evaluated/);
    expect(stats.stdout).toMatch(/\nici: \d+ exposed/);
    expect(readFileSync(report, "utf8")).toMatch(/<h1>HemoSentinel cohort report<\/h1>/);

    const json = JSON.parse(run(["cohort", "stats", "--db", db, "--format", "json"]).stdout) as {
      groups: { group: string }[];
    };
    expect(json.groups.map((g) => g.group)).toEqual(["all"]);
  });

  it("exits 2 with one line on usage errors", () => {
    const missing = run(["cohort", "screen", "--db", join(dir, "none.duckdb")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /none\.duckdb: no such database \(run `hemosentinel cohort import` first\)\n$/,
    );
    const bad = run(["cohort", "generate", "--patients", "many", "--out", join(dir, "x")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('hemosentinel: --patients "many": expected a whole number ≥ 1\n');
    const empty = join(dir, "empty.duckdb");
    run(["cohort", "import", cdm, "--db", empty]);
    const noRun = run(["cohort", "stats", "--db", empty]);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toBe("hemosentinel: no screening run yet: run `cohort screen` first\n");
    expect(run(["cohort", "screen", "--db", empty, "--since", "yesterday"]).code).toBe(2);
    const memory = run(["cohort", "screen", "--db", empty, "--memory-limit", "2"]);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toBe(
      'hemosentinel: --memory-limit "2": expected a positive size with a unit, such as 512MB or 2GB\n',
    );
    const threads = run(["cohort", "stats", "--db", empty, "--threads", "0"]);
    expect(threads.stderr).toBe('hemosentinel: --threads "0": expected a whole number ≥ 1\n');
  });
});
