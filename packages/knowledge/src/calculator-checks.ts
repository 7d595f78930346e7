/**
 * Cross-checks of calculators.yaml against the rest of the knowledge: every unit a form offers converts
 * with the engine's converter (in the lab's canonical unit), and every worked example names a calculator
 * that exists.
 */
import {
  buildLabCatalogue,
  buildUnitSpellings,
  createUnitConverter,
  type KnowledgeBundle,
} from "@hemosentinel/core";

/** What does not hold together between calculators.yaml and the other files (empty when it does). */
export function calculatorProblems(b: Omit<KnowledgeBundle, "hash" | "format">): string[] {
  const problems: string[] = [];
  const labs = buildLabCatalogue(b.labs);
  const units = createUnitConverter(buildUnitSpellings(b.unitSpellings));
  for (const [id, offered] of Object.entries(b.calculators.units)) {
    const lab = labs.byId.get(id);
    if (!lab) {
      problems.push(`calculators.yaml: units for unknown lab ${id}`);
      continue;
    }
    for (const unit of offered) {
      const c = units.convert(1, unit, lab);
      if (!c.ok) problems.push(`calculators.yaml: ${id} unit ${unit} does not convert: ${c.reason}`);
    }
  }
  const calculators = new Set([
    ...b.scores.map((s) => s.id),
    ...b.ctcae.terms.filter((t) => t.kind === "lab").map((t) => `ctcae/${t.term}`),
  ]);
  for (const e of b.calculators.examples)
    if (!calculators.has(e.calculator))
      problems.push(`calculators.yaml: example for unknown calculator ${e.calculator}`);
  return problems;
}
