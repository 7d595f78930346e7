/**
 * OMOP concepts as the core's vocabulary reads codes: the concept's vocabulary becomes a code system
 * (LOINC, SNOMED CT, RxNorm, ICD-10(-CM), ATC, UCUM), its code the code and its name the display and the
 * text. A vocabulary without a FHIR system (RxNorm Extension, a site's local vocabulary) contributes its
 * name only, so a local code is never mistaken for a code of another system.
 */
import type { SourceConcept } from "@hemosentinel/core";

export const UCUM_SYSTEM = "http://unitsofmeasure.org";

const SYSTEMS: ReadonlyMap<string, string> = new Map([
  ["LOINC", "http://loinc.org"],
  ["SNOMED", "http://snomed.info/sct"],
  ["RxNorm", "http://www.nlm.nih.gov/research/umls/rxnorm"],
  ["ICD10CM", "http://hl7.org/fhir/sid/icd-10-cm"],
  ["ICD10", "http://hl7.org/fhir/sid/icd-10"],
  ["ATC", "http://www.whocc.no/atc"],
  ["UCUM", UCUM_SYSTEM],
]);

/** The concept columns a mapping reads. */
export interface OmopConcept {
  readonly vocabulary_id: string;
  readonly concept_code: string;
  readonly concept_name: string;
}

const VOCABULARIES: ReadonlyMap<string, string> = new Map([...SYSTEMS].map(([v, s]) => [s, v]));

/** The OMOP vocabulary of a FHIR system URI, if the CDM has one for it. */
export function vocabularyOf(system: string): string | undefined {
  return VOCABULARIES.get(system);
}

/** The FHIR system URI of an OMOP vocabulary, if it has one. */
export function systemOf(vocabularyId: string): string | undefined {
  return SYSTEMS.get(vocabularyId);
}

/**
 * The concept as a CodeableConcept (also the SourceConcept the vocabulary matchers take).
 * @example
 * codeableConcept({ vocabulary_id: "LOINC", concept_code: "777-3", concept_name: "Platelets" });
 * // { coding: [{ system: "http://loinc.org", code: "777-3", display: "Platelets" }], text: "Platelets" }
 */
export function codeableConcept(c: OmopConcept): {
  coding: { system: string; code: string; display: string }[];
  text: string;
} {
  const system = systemOf(c.vocabulary_id);
  return {
    coding: system === undefined ? [] : [{ system, code: c.concept_code, display: c.concept_name }],
    text: c.concept_name,
  };
}

/** The concept as the core's vocabulary matchers take it (the same content as {@link codeableConcept}). */
export function sourceConcept(c: OmopConcept): SourceConcept {
  const cc = codeableConcept(c);
  return { codings: cc.coding, text: cc.text };
}
