/** What a patient's plans offer, for tests that check a drug is barred or kept. */

import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { withWholePlans } from "../../packages/core/src/engine/manage/shared-lines.js";
import type { Knowledge } from "../../packages/core/src/knowledge/knowledge.js";

/**
 * The plan items of every finding whose knowledge tags include `tag` (what offers the drug), avoid items
 * left out.
 * @example
 * offering(knowledge, report, "rituximab"); // ["itp-second-line"]
 */
export function offering(knowledge: Knowledge, p: PatientReport, tag: string): string[] {
  const recs = Object.values(knowledge.management).flat();
  return withWholePlans(p)
    .findings.flatMap((f) => f.management)
    .filter((m) => m.kind !== "avoid")
    .filter((m) => recs.find((r) => r.id === m.id)?.tags?.includes(tag))
    .map((m) => m.id);
}
