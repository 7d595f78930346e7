/**
 * The executable as a user runs it: a real process with the real engine, stdin, stdout, stderr and exit
 * code (run through tsx on the packages' sources; the compiled knowledge bundle comes from the build).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AssessmentReport } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { SYNTHEA } from "../../../test/support/paths.js";

const MAIN = join(import.meta.dirname, "main.ts");

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", MAIN, ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, HEMOSENTINEL_DEBUG: "" },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("hemosentinel (process)", () => {
  it("assesses a FHIR bundle from stdin: JSON on stdout, nothing on stderr, exit 0", () => {
    const bundle = readFileSync(
      join(SYNTHEA, "Bonnie_Marvin_5c55a67c-fb41-4509-9eae-a55eebf760e1.json"),
      "utf8",
    );
    const r = run(["assess", "-", "--at", "2025-01-01"], bundle);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as AssessmentReport;
    expect(report.evaluatedAt).toBe("2025-01-01T23:59:59Z");
    expect(report.patients).toHaveLength(1);
    const [p] = report.patients;
    expect(p?.findings).toEqual([]);
    // A real record: nothing rejected, the out-of-scope records counted as not used, and the counts add up.
    expect(p?.rejected).toEqual([]);
    expect(p?.counts.notUsed).toBeGreaterThan(50);
    const { read, ...outcomes } = p?.counts ?? { read: -1 };
    expect(Object.values(outcomes).reduce((a, n) => a + n, 0)).toBe(read);
    // Every resource of the bundle, its contained resources included.
    const entries = (JSON.parse(bundle) as { entry: { resource: { contained?: unknown[] } }[] }).entry;
    expect(read).toBe(entries.reduce((n, e) => n + 1 + (e.resource.contained?.length ?? 0), 0));
  }, 60_000);

  it("exits 2 on malformed stdin with one line naming the position, no stack trace", () => {
    const r = run(["assess", "-"], '{"resourceType": "Bundle",\n "entry": [}');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "hemosentinel: <stdin>: malformed JSON at line 2, column 12: unexpected character, expected a value\n" +
        "hemosentinel: no patient could be assessed (1 input problem(s))\n",
    );
  }, 60_000);

  it("prints engine and knowledge versions", () => {
    const r = run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hemosentinel \d+\.\d+\.\d+ \(knowledge \d{4}\.\d+\.\d+\)\n$/);
  }, 60_000);
});
