/**
 * The executable as a user runs it: a real process with the real engine, stdin, stdout, stderr and exit
 * code (run through tsx on the packages' sources; the compiled knowledge bundle comes from the build).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AssessmentReport } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, SYNTHEA } from "../../../test/support/paths.js";

const MAIN = join(import.meta.dirname, "main.ts");

const NODE_ARGS = ["--conditions=source", "--import", "tsx", MAIN];

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [...NODE_ARGS, ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, HEMOSENTINEL_DEBUG: "" },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI with its stdout sent into `into` by the shell (`> /dev/full`, `| head -c 10`); its exit code. */
function runInto(args: string[], into: string) {
  const quoted = [process.execPath, ...NODE_ARGS, ...args].map((a) => `'${a}'`).join(" ");
  const r = spawnSync("bash", ["-c", `${quoted} ${into}; exit \${PIPESTATUS[0]}`], {
    encoding: "utf8",
    env: { ...process.env, HEMOSENTINEL_DEBUG: "" },
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

/** Platelet counts in the two spellings ucum-lhc prints a message about when it reads them. */
const PRINTING_UNITS = JSON.stringify({
  resourceType: "Bundle",
  type: "collection",
  entry: [
    { resource: { resourceType: "Patient", id: "p1" } },
    ...["x10 3/uL<script>alert(1)</script>", "thou/cu mm"].map((unit, i) => ({
      resource: {
        resourceType: "Observation",
        id: `o${i}`,
        status: "final",
        subject: { reference: "Patient/p1" },
        code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
        effectiveDateTime: "2024-03-01",
        valueQuantity: { value: 12, unit },
      },
    })),
  ],
});

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

  it("writes nothing but the report to stdout, whatever the unit library prints", () => {
    const json = run(["assess", "-", "--at", "2025-01-01"], PRINTING_UNITS);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as AssessmentReport;
    expect(report.patients[0]?.rejected.map((r) => r.code)).toEqual([
      "unit-not-convertible",
      "unit-not-convertible",
    ]);
    expect(json.stderr).toBe("");
    const html = run(["assess", "-", "--at", "2025-01-01", "--format", "html"], PRINTING_UNITS);
    expect(html.code).toBe(0);
    expect(html.stdout.startsWith("<!doctype html>")).toBe(true);
    expect(html.stdout).not.toContain("<script");
    expect(html.stdout).toContain("x10 3/uL&lt;script&gt;");
  }, 60_000);

  it("ends with one line and exit 2 when stdout cannot take the report: disk full, closed pipe", () => {
    const args = ["assess", join(REPO_ROOT, "examples"), "--at", "2026-11-01"];
    const full = runInto(args, "> /dev/full");
    expect(full).toEqual({
      code: 2,
      stderr: "hemosentinel: cannot write the report to stdout: no space left on the device (ENOSPC)\n",
    });
    // The report (some 240 KB) is larger than a pipe holds, so head's leaving is seen.
    const closed = runInto(args, "| head -c 10 > /dev/null");
    expect(closed).toEqual({
      code: 2,
      stderr:
        "hemosentinel: cannot write the report to stdout: the reading end of the pipe was closed (EPIPE)\n",
    });
  }, 60_000);

  it("prints engine and knowledge versions", () => {
    const r = run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hemosentinel \d+\.\d+\.\d+ \(knowledge \d{4}\.\d+\.\d+\)\n$/);
  }, 60_000);
});
