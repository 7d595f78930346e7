/**
 * Runs case specs through the same path as the suite (spec → FHIR bundle → ingestion → assess) and prints
 * each outcome with its criteria trace, for transcribing a new case. Run: `npm run case -- <spec.yaml>…`.
 * Exits 1 when a case does not meet its `expected` block.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import type { Certainty } from "../../packages/core/src/contracts/vocabularies.js";
import { createEngine } from "../../packages/core/src/index.js";
import type { Knowledge } from "../../packages/core/src/knowledge/knowledge.js";
import { loadKnowledge } from "../../packages/knowledge/src/bundle.js";
import { buildBundle } from "./build-bundles.js";
import { CaseSpec } from "./spec.js";

/** The evaluation time of every case run: after every case's records. */
export const CASE_AT = "2026-11-01T00:00:00Z";
const RANK: Record<Certainty, number> = { possible: 1, probable: 2, definite: 3 };

/** One case bundle through ingestion and assessment, as the CLI runs it. */
export function runBundle(k: Knowledge, bundle: unknown, file: string): PatientReport[] {
  const engine = createEngine(k, { evaluatedAt: CASE_AT, version: "case" });
  engine.add({ kind: "fhir", value: bundle }, file);
  return [...engine.report().patients];
}

/** The first finding is the disorder the report diagnosed (none at all for `primary: none`). */
export function primaryMet(spec: CaseSpec, report: PatientReport): boolean {
  const p = spec.expected.primary;
  if (p === "none") return report.findings.length === 0;
  if (p === "unexplained") return report.findings.length === 0 && report.unexplained.length > 0;
  return report.findings[0]?.disorder === p;
}

/** What is wrong with a report against the spec's expectations (empty when it meets them). */
export function shortfalls(spec: CaseSpec, report: PatientReport): string[] {
  const e = spec.expected;
  const found = report.findings.map((f) => f.disorder as string);
  const out: string[] = [];
  if (!primaryMet(spec, report)) out.push(`primary: expected ${e.primary}, got ${found[0] ?? "none"}`);
  for (const d of e.present) if (!found.includes(d)) out.push(`missing: ${d}`);
  for (const d of e.absent) if (found.includes(d)) out.push(`found but expected absent: ${d}`);
  const primary = report.findings.find((f) => f.disorder === e.primary);
  if (e.minCertainty && (!primary || RANK[primary.certainty] < RANK[e.minCertainty]))
    out.push(`certainty: expected at least ${e.minCertainty}, got ${primary?.certainty ?? "none"}`);
  if (e.maxCertainty && primary && RANK[primary.certainty] > RANK[e.maxCertainty])
    out.push(`certainty: expected at most ${e.maxCertainty}, got ${primary.certainty}`);
  const listed = report.unexplained.map((u) => u.abnormality);
  for (const a of e.unexplained) if (!listed.includes(a)) out.push(`not in unexplained: ${a}`);
  return out;
}

function show(spec: CaseSpec, report: PatientReport): void {
  for (const r of report.rejected) console.log(`  rejected ${r.ref}: ${r.reason}`);
  for (const c of report.conflicts) console.log(`  conflict: ${c.detail}`);
  for (const f of report.findings) {
    console.log(`  ${f.disorder} — ${f.certainty}${f.grade !== undefined ? `, grade ${f.grade}` : ""}`);
    for (const c of f.criteria) console.log(`      ${c.status.padEnd(7)} ${c.id}`);
    for (const c of f.differentials) console.log(`      diff ${c.status.padEnd(7)} ${c.id}`);
  }
  if (report.findings.length === 0) console.log(`  no finding (${spec.kind})`);
}

if (process.argv[1]?.endsWith("try-case.ts")) {
  const k = loadKnowledge();
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    const parsed = CaseSpec.safeParse(parse(readFileSync(file, "utf8")));
    if (!parsed.success) {
      console.log(
        `${file}: not a case spec\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
      );
      failed++;
      continue;
    }
    const spec = parsed.data;
    const [report] = runBundle(k, buildBundle(spec), file);
    if (!report) throw new Error(`${spec.id}: the bundle has no patient`);
    const problems = shortfalls(spec, report);
    console.log(
      `${spec.id}: ${problems.length === 0 ? "meets expected" : "DOES NOT meet expected"}${spec.expected.dataGap ? " (data gap)" : ""}`,
    );
    show(spec, report);
    for (const p of problems) console.log(`  ✗ ${p}`);
    if (problems.length > 0) failed++;
  }
  process.exit(failed > 0 ? 1 : 0);
}
