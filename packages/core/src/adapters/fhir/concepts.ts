/** FHIR CodeableConcepts as the Vocabulary reads them, and as rejection messages name them. */
import type { CodeableConcept } from "@medplum/fhirtypes";
import type { SourceCoding, SourceConcept } from "../../knowledge/vocabulary.js";
import { clipInput, quoteInput } from "../quote.js";

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
  // Input is unvalidated JSON: anything that is not the FHIR shape is left out, never trusted.
  const codings: SourceCoding[] = [];
  const list: unknown = (cc as { coding?: unknown } | undefined)?.coding;
  for (const c of Array.isArray(list) ? list : []) {
    if (!c || typeof c !== "object") continue;
    const { system, code, display } = c as Record<string, unknown>;
    // Assigned field by field in this order (the order spreads would give): this runs for every coding.
    const coding: { system?: string; code?: string; display?: string } = {};
    if (typeof system === "string") coding.system = system;
    if (typeof code === "string") coding.code = code;
    if (typeof display === "string") coding.display = display;
    codings.push(coding);
  }
  const text: unknown = (cc as { text?: unknown } | undefined)?.text;
  return typeof text === "string" ? { codings, text } : { codings };
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

/** LOINC's OID (HL7), as exports converted from CDA or HL7 v2 name the system (`urn:oid:…`). */
const LOINC_OID = "2.16.840.1.113883.6.1";

/**
 * Whether a coding's system is LOINC: its FHIR URI, or another spelling of it (the OID, a trailing slash,
 * another case), as the drug and event code systems are recognised.
 */
function isLoincSystem(system: string): boolean {
  if (system === LOINC) return true;
  const s = system.toLowerCase();
  return s.includes("loinc.org") || s === `urn:oid:${LOINC_OID}` || s === LOINC_OID;
}

/**
 * LOINC codes of a concept: codings with the LOINC system (any spelling, see isLoincSystem), or without a
 * system but shaped like LOINC.
 * @example
 * loincCodes({ codings: [{ system: "urn:oid:2.16.840.1.113883.6.1", code: "777-3" }] }); // ["777-3"]
 */
export function loincCodes(concept: SourceConcept): string[] {
  const out: string[] = [];
  for (const c of concept.codings) {
    if (c.code === undefined) continue;
    if (c.system === undefined ? LOINC_SHAPE.test(c.code) : isLoincSystem(c.system)) out.push(c.code);
  }
  return out;
}

/** Human-readable names of a concept's codes, for messages: `LOINC 8302-2 (Body Height)`. */
export function describeConcept(concept: SourceConcept): string {
  const parts = concept.codings.slice(0, 3).map((c) => {
    const system = c.system === undefined ? "code" : (SYSTEM_LABELS.get(c.system) ?? c.system);
    const display = c.display ?? undefined;
    return `${system} ${c.code === undefined ? "(no code)" : clipInput(c.code)}${display !== undefined ? ` (${clipInput(display)})` : ""}`;
  });
  if (concept.codings.length > 3) parts.push(`and ${concept.codings.length - 3} more codes`);
  if (parts.length === 0)
    return concept.text !== undefined ? quoteInput(concept.text) : "no code and no text";
  return parts.join(", ");
}

/** A concept with neither a code nor any words cannot be placed in or out of scope. */
export function isEmptyConcept(concept: SourceConcept): boolean {
  const blank = (s: string | undefined) => s === undefined || s.trim() === "";
  return concept.codings.every((c) => blank(c.code) && blank(c.display)) && blank(concept.text);
}
