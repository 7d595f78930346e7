/**
 * How records whose codes are outside scope are counted in `notUsed`: by record type and by the code
 * system they were coded in, shared by the FHIR and CSV adapters.
 */
import type { SourceConcept } from "../knowledge/vocabulary.js";

/** How `notUsed` names a concept's code system: a coding that has no system. */
const NO_SYSTEM = "no-system";
/** How `notUsed` names a concept with text and no coding. */
const TEXT_ONLY = "text";

/**
 * The code system a record is counted under in `notUsed`: the system of its first coding that names
 * one, `no-system` when its codings name none, `text` when it has text only.
 * @example
 * codeSystemOf({ codings: [{ system: "http://snomed.info/sct", code: "44465007" }] }); // "http://snomed.info/sct"
 */
export function codeSystemOf(concept: SourceConcept): string {
  if (concept.codings.length === 0) return TEXT_ONLY;
  return concept.codings.find((c) => c.system !== undefined && c.system !== "")?.system ?? NO_SYSTEM;
}
