/**
 * Runs case specs through the same path as the suite (spec → FHIR bundle → ingestion → assess) and prints
 * each outcome with its criteria trace, for transcribing a new case. Run: `npm run case -- <spec.yaml>…`.
 * Exits 1 when a case does not meet its `expected` block.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { ingestFhir } from "../../src/adapters/fhir/ingest.js";
import { assess } from "../../src/core/assess.js";
import type { Certainty, PatientReport } from "../../src/core/report.js";
import { loadKnowledge } from "../../src/knowledge/knowledge.js";
import { buildBundle } from "./build-bundles.js";
import { CaseSpec } from "./spec.js";

const AT = "2026-11-01T00:00:00Z";
const RANK: Record<Certainty, number> = { possible: 1, probable: 2, definite: 3 };

/** What is wrong with a report against the spec's expectations (empty when it meets them). */
export function shortfalls(spec: CaseSpec, report: PatientReport): string[] {
  const e = spec.expected;
  const found = report.findings.map((f) => f.disorder as string);
  const out: string[] = [];
  const first = found[0] ?? "none";
  if (e.primary === "none" ? found.length > 0 : first !== e.primary)
    out.push(`primary: expected ${e.primary}, got ${first}`);
  for (const d of e.present) if (!found.includes(d)) out.push(`missing: ${d}`);
  for (const d of e.absent) if (found.includes(d)) out.push(`found but expected absent: ${d}`);
  const primary = report.findings.find((f) => f.disorder === e.primary);
  if (e.minCertainty && (!primary || RANK[primary.certainty] < RANK[e.minCertainty]))
    out.push(`certainty: expected at least ${e.minCertainty}, got ${primary?.certainty ?? "none"}`);
  return out;
}

function show(spec: CaseSpec, report: PatientReport): void {
  for (const r of report.rejected) console.log(`  rejected ${r.ref}: ${r.reason}`);
  for (const c of report.conflicts) console.log(`  conflict: ${c.message}`);
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
    const { patients } = ingestFhir(buildBundle(spec), { vocabulary: k.vocabulary, evaluatedAt: AT, file });
    const [report] = assess(patients, AT, k, { version: "case" }).patients;
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
