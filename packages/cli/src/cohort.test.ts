/**
 * `hemosentinel cohort …` as a user runs it: real processes (tsx on the sources; the compiled knowledge
 * bundle from the build) over a small generated cohort — generate, import, two daily screens, stats with
 * the HTML report — and the usage errors.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../../../test/support/cli-process.js";
import { writeOmopCohort } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";

const run = (args: string[]) => runMain(args);

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
      "status,person_id,kind,item,certainty,grade,at,drug,drug_class,days_from_first_dose,summary,deceased",
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
    const workers = run(["cohort", "screen", "--db", empty, "--workers", "0"]);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toBe('hemosentinel: --workers "0": expected a whole number ≥ 1\n');
  });

  it("imports with a site's lab map (--lab-map), listing the lines it could not use, keeps it for the next import without one and says when another replaces it; refuses a file that is no map", () => {
    const omop = join(dir, "local-codes");
    writeOmopCohort(omop, [[900_056, "RxNorm", "1597876", "nivolumab"]], [1], {
      drug: [[1, 900_056, "2025-01-01", "2025-01-01"]],
      measurement: [],
      condition: [],
    });
    const map = join(dir, "site-labs.csv");
    const text = "source_value,loinc\nPLT,777-3\nHB,718-8\n";
    writeFileSync(map, text);
    const sha = createHash("sha256").update(text).digest("hex").slice(0, 12);
    const imp = run(["cohort", "import", omop, "--db", join(dir, "local.duckdb"), "--lab-map", map]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain(
      `lab map ${map} (sha256 ${sha}): 1 local code(s) read, 1 line(s) not used (listed in import_rejection)\n`,
    );
    expect(imp.stdout).toContain(
      "  line 3 not used: loinc 718-8 is not a LOINC code (its check digit would be 7)\n",
    );
    // Without the option, the next import keeps the stored map and says so.
    const again = run(["cohort", "import", omop, "--db", join(dir, "local.duckdb")]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `lab map: none given, the stored map ${map} (sha256 ${sha}) is kept (1 local code(s))\n`,
    );
    const other = join(dir, "site-labs-2.csv");
    writeFileSync(other, "source_value,loinc\nPLT,777-3\nHGB,718-7\n");
    const replaced = run(["cohort", "import", omop, "--db", join(dir, "local.duckdb"), "--lab-map", other]);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain(`  replaces the stored map ${map} (sha256 ${sha}) (1 local code(s))\n`);
    writeFileSync(map, "PLT,777-3\n");
    const noHeader = run(["cohort", "import", omop, "--db", join(dir, "local.duckdb"), "--lab-map", map]);
    expect(noHeader.code).toBe(2);
    expect(noHeader.stderr).toBe(
      `hemosentinel: --lab-map ${map}: line 1 must be the header "source_value,loinc" (found "PLT,777-3")\n`,
    );
    const missing = join(dir, "none.csv");
    const absent = run(["cohort", "import", omop, "--db", join(dir, "local.duckdb"), "--lab-map", missing]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toBe(`hemosentinel: --lab-map ${missing}: no such file\n`);
  });

  it("exits 2 naming the re-import for a store imported by an earlier release", async () => {
    const old = join(dir, "old.duckdb");
    expect(run(["cohort", "import", cdm, "--db", old]).code).toBe(0);
    // A store from before versions were recorded: no version table.
    const { openDuckDb } = await import("@hemosentinel/cohort");
    const db = await openDuckDb(old);
    try {
      await db.run("DROP TABLE hemosentinel_results.store_version");
    } finally {
      db.close();
    }
    for (const args of [["screen", "--at", "2025-04-01"], ["stats"]]) {
      const res = run(["cohort", ...args, "--db", old]);
      expect(res.code, args[0]).toBe(2);
      expect(res.stderr, args[0]).toMatch(
        /^hemosentinel: this store was imported by an earlier HemoSentinel release \(no store version recorded; .*run `hemosentinel cohort import <OMOP folder> --db <this database>` again \(screening runs are kept\)\n$/,
      );
    }
  });

  it("imports a FHIR bulk export and shows what became of each resource type before the CDM tables", () => {
    const fhir = join(dir, "export");
    mkdirSync(fhir);
    writeFileSync(
      join(fhir, "Patient.ndjson"),
      '{"resourceType":"Patient","id":"a","gender":"female","birthDate":"1970-01-01"}\n',
    );
    writeFileSync(
      join(fhir, "Observation.ndjson"),
      `${[
        '{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"subject":{"reference":"Patient/a"},"effectiveDateTime":"2024-06-01","valueQuantity":{"value":12,"unit":"10*9/L","system":"http://unitsofmeasure.org","code":"10*9/L"}}',
        '{"resourceType":"Observation","id":"o2","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"effectiveDateTime":"2024-06-01"}',
      ].join("\n")}\n`,
    );
    const imp = run(["cohort", "import", fhir, "--db", join(dir, "fhir.duckdb")]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/^Observation +2 +1 +1 +measurement$/m);
    expect(imp.stdout).toMatch(/^ {2}rejected 1: missing-subject \(Observation has no subject reference\)$/m);
    expect(imp.stdout).toMatch(/^measurement +1 +1 +1 +0 +0$/m);
  });
});
