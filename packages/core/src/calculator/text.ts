/**
 * A calculator result as plain text for "copy as text": the score, its band, each component, what is
 * missing, the values as read (with the unit conversion the engine made), the sources and the knowledge
 * version, so that a pasted result says where it came from.
 */

import { displayUnit } from "../engine/display.js";
import type { Calculation } from "./calculate.js";

function cite(r: Calculation["sources"][number]): string {
  return r.doi ? `${r.citation} doi:${r.doi}` : r.url ? `${r.citation} ${r.url}` : r.citation;
}

/**
 * @example
 * calculationText(result);
 * // "ISTH overt DIC score: 7 (overt)\nCompatible with overt DIC (ISTH >= 5); …\n  Platelet count: 2\n…"
 */
export function calculationText(r: Calculation): string {
  const lines: string[] = [];
  const value = r.value === null ? "not computable" : String(r.value);
  lines.push(`${r.name}: ${value} (${r.category})`);
  lines.push(r.interpretation);
  if (r.components.length > 0) {
    lines.push("Components:");
    for (const c of r.components) lines.push(`  ${c.label}: ${c.value ?? "missing"}`);
  }
  if (r.missing.length > 0)
    lines.push(`Missing: ${r.missing.map((m) => `${m.label} (enter ${m.fields.join(" or ")})`).join("; ")}`);
  if (r.readings.length > 0) {
    lines.push("Values as read:");
    for (const x of r.readings) {
      const read = `${x.value} ${displayUnit(x.unit)}`.trim();
      lines.push(
        `  ${x.field}: ${x.original}${read === x.original ? "" : ` → ${read}`}${x.lab === x.field ? "" : ` (${x.lab})`}`,
      );
    }
  }
  if (r.sources.length > 0) {
    lines.push("Sources:");
    for (const s of r.sources) lines.push(`  ${cite(s)}`);
  }
  lines.push(`HemoSentinel knowledge ${r.knowledge.version} (${r.knowledge.hash})`);
  return lines.join("\n");
}
