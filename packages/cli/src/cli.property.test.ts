/**
 * Robustness of the whole CLI (reading, adapters, core, renderers) against random and mutated input:
 * it always writes a report and exits 0 or 2 — or 1 only with the failing input named in the report
 * (an adapter bug, contained) — never prints a stack, never lists one record twice, and each patient's
 * counts add up.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AssessmentReport } from "@hemosentinel/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCaptured, sourceRuntime } from "../../../test/support/cli.js";
import { hostileJson, mutate } from "../../../test/support/mutate.js";
import { REPO_ROOT } from "../../../test/support/paths.js";

const runtime = sourceRuntime();

const CASES = join(REPO_ROOT, "test", "cases", "bundles");
const seeds = ["ttp-pembrolizumab-nsclc-de-filippis-2021.json", "itp-rituximab-smzl-qureini-2019.json"].map(
  (f) => JSON.parse(readFileSync(join(CASES, f), "utf8")) as unknown,
);

type Json = unknown;

/** Duplicates the bundle entry at `index` (a resource sent twice must not count twice). */
function duplicateEntry(bundle: Json, index: number): Json {
  if (bundle === null || typeof bundle !== "object") return bundle;
  const b = bundle as { entry?: Json };
  const entries = Array.isArray(b.entry) ? b.entry : [];
  const e = entries[index % Math.max(1, entries.length)];
  return e === undefined ? bundle : { ...b, entry: [...entries, e] };
}

const input = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .tuple(fc.constantFrom(...seeds), fc.nat(400), fc.option(hostileJson, { nil: undefined }), fc.nat(50))
    .map(
      ([seed, pick, replacement, dup]) =>
        // A mutation can remove the whole document: stdin is then empty.
        JSON.stringify(duplicateEntry(mutate(seed, pick, replacement), dup)) ?? "",
    ),
  fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([seed, cut]) => {
    const text = JSON.stringify(seed);
    return text.slice(0, cut % text.length);
  }),
);

const runOn = (stdin: string, format: string) =>
  runCaptured(["assess", "-", "--at", "2025-01-01", "--format", format], runtime, stdin);

describe("CLI under random and mutated input", () => {
  it("always reports, contains internal errors to their input, never lists a rejected record twice", async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.constantFrom("json", "text", "html"), async (stdin, format) => {
        const { code, out, err } = await runOn(stdin, format);
        expect(err).not.toMatch(/\n\s+at /);
        expect([0, 1, 2]).toContain(code);
        if (format !== "json") return;
        // Nothing readable at all (empty stdin) is a usage error without a report.
        if (out === "") return expect(code).toBe(2);
        const report = JSON.parse(out) as AssessmentReport;
        // An internal error is contained to the input and reported with it, never a crash.
        if (code === 1) expect(report.inputErrors.map((e) => e.code)).toContain("internal-error");
        for (const p of report.patients) {
          const keys = p.rejected.map((r) => `${r.ref}|${r.code}|${r.reason}`);
          expect(new Set(keys).size).toBe(keys.length);
          const { read, ...outcomes } = p.counts;
          expect(Object.values(outcomes).reduce((a, n) => a + n, 0)).toBe(read);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
