/** FHIR CodeableConcepts as the Vocabulary reads them, and as rejection messages name them. */
import type { CodeableConcept } from "@medplum/fhirtypes";
import type { SourceCoding, SourceConcept } from "../../knowledge/vocabulary.js";

export const LOINC = "http://loinc.org";

const SYSTEM_LABELS: ReadonlyMap<string, string> = new Map([
  [LOINC, "LOINC"],
  ["http://snomed.info/sct", "SNOMED CT"],
  ["http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm"],
  ["http://www.whocc.no/atc", "ATC"],
  ["http://hl7.org/fhir/sid/icd-10", "ICD-10"],
  ["http://hl7.org/fhir/sid/icd-10-cm", "ICD-10-CM"],
  ["http://hl7.org/fhir/sid/ndc", "NDC"],
]);
const LOINC_SHAPE = /^\d{1,7}-\d$/;

/** A CodeableConcept as codings plus text (empty when absent). */
export function toConcept(cc: CodeableConcept | undefined): SourceConcept {
  const codings: SourceCoding[] = [];
  for (const c of cc?.coding ?? []) {
    codings.push({
      ...(c.system !== undefined && { system: c.system }),
      ...(c.code !== undefined && { code: c.code }),
      ...(c.display !== undefined && { display: c.display }),
    });
  }
  return cc?.text !== undefined ? { codings, text: cc.text } : { codings };
}

/** Concepts combined (a Procedure's code and usedCode), for one vocabulary lookup. */
export function joinConcepts(parts: readonly SourceConcept[]): SourceConcept {
  const codings = parts.flatMap((p) => p.codings);
  const text = parts
    .map((p) => p.text)
    .filter((t): t is string => t !== undefined && t !== "")
    .join(" ");
  return text === "" ? { codings } : { codings, text };
}

/** LOINC codes of a concept: codings with the LOINC system, or without a system but shaped like LOINC. */
export function loincCodes(concept: SourceConcept): string[] {
  const out: string[] = [];
  for (const c of concept.codings) {
    if (c.code === undefined) continue;
    if (c.system === LOINC || (c.system === undefined && LOINC_SHAPE.test(c.code))) out.push(c.code);
  }
  return out;
}

/** Human-readable names of a concept's codes, for messages: `LOINC 8302-2 (Body Height)`. */
export function describeConcept(concept: SourceConcept): string {
  const parts = concept.codings.slice(0, 3).map((c) => {
    const system = c.system === undefined ? "code" : (SYSTEM_LABELS.get(c.system) ?? c.system);
    const display = c.display ?? undefined;
    return `${system} ${c.code ?? "(no code)"}${display !== undefined ? ` (${display})` : ""}`;
  });
  if (concept.codings.length > 3) parts.push(`and ${concept.codings.length - 3} more codes`);
  if (parts.length === 0) return concept.text !== undefined ? `"${concept.text}"` : "no code and no text";
  return parts.join(", ");
}
