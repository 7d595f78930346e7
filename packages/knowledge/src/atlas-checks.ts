/**
 * Cross-checks of atlas.yaml against the rest of the knowledge: every disorder of the manifest is
 * described, and every drug report names a drug of the catalogue. (Cited sources are checked with all
 * the others in bundle.ts.)
 */
import type { KnowledgeBundle } from "@hemosentinel/core";

/** What does not hold together between atlas.yaml and the other files (empty when it does). */
export function atlasProblems(b: Omit<KnowledgeBundle, "hash" | "format">): string[] {
  const problems: string[] = [];
  const described = new Set(b.atlas.disorders.map((d) => d.disorder));
  for (const d of b.disorders)
    if (!described.has(d.id)) problems.push(`atlas.yaml: disorder ${d.id} has no atlas entry`);
  const drugs = new Set(b.drugs.drugs.map((d) => d.id));
  for (const r of b.atlas.drugReports)
    if (!drugs.has(r.drug)) problems.push(`atlas.yaml: drug report names unknown drug ${r.drug}`);
  return problems;
}
