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

/**
 * ICD-10-CM's shape (a letter other than U, two characters, an optional dot and up to four more): a code an
 * ETL copied into `condition_source_value` without mapping it. The dot is optional, as extracts often drop it.
 */
const ICD10CM_SHAPE = /^[A-TV-Z][0-9][0-9AB](\.?[0-9A-Z]{1,4})?$/;

/**
 * A LOINC code as an ETL copies it into `measurement_source_value`: the code alone (`777-3`), after a system
 * prefix (`LOINC:777-3`, `LN 777-3`), or before the test's name (`777-3|Platelets`, `777-3 Platelets`).
 */
const LOINC_SHAPE = /^(?:(?:LOINC|LN)\s*[:|]?\s*)?(\d{1,7})-(\d)(?:\s*[|:;,\s]\s*.*)?$/i;

/**
 * The LOINC check digit of a code's number: LOINC's mod 10 (the Luhn algorithm: from the right, every other
 * digit doubled starting with the last, digits of the products summed; the check digit brings the sum to a
 * multiple of ten). `777` → 3 (777-3, platelets).
 */
export function loincCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    const x = i % 2 === 0 ? d * 2 : d;
    sum += x > 9 ? x - 9 : x;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * What a measurement's source value says of its code: a LOINC code (`777-3`), a LOINC-shaped value whose check
 * digit is wrong (a typo: no LOINC code, and no other test's to guess), or no code (local codes, words).
 * @example
 * loincSourceCode("LOINC:777-3"); // { code: "777-3" }
 * loincSourceCode("778-3");       // { invalid: "measurement_source_value 778-3 is not a LOINC code (its check digit would be 1)" }
 * loincSourceCode("PLT");         // undefined
 */
export function loincSourceCode(value: unknown): { code: string } | { invalid: string } | undefined {
  const v = value === null || value === undefined ? "" : String(value).trim();
  const m = LOINC_SHAPE.exec(v);
  if (!m?.[1] || m[2] === undefined) return undefined;
  const digits = m[1];
  const check = loincCheckDigit(digits);
  if (check !== Number(m[2]))
    return {
      invalid: `measurement_source_value ${v} is not a LOINC code (its check digit would be ${check})`,
    };
  return { code: `${digits}-${m[2]}` };
}

/**
 * An OMOP row of concept 0 ("No matching concept") read by its source value, as the core's vocabulary reads
 * codes: a `condition_source_value` shaped like ICD-10-CM as that ICD-10-CM code (the dot restored), a
 * `measurement_source_value` holding a LOINC code (see {@link loincSourceCode}) as that LOINC code, each with a
 * display saying it is the row's source value and no standard concept; any other words (a drug's, a procedure's,
 * a local lab code) as text alone, for the core's free-text reader. None for an empty value.
 * @example
 * sourceValueConcept("D693", "condition_source_value");
 * // { vocabulary_id: "ICD10CM", concept_code: "D69.3", concept_name: "D693 (condition_source_value, no standard concept)" }
 * sourceValueConcept("ITP after pembrolizumab", "condition_source_value");
 * // { vocabulary_id: "", concept_code: "", concept_name: "ITP after pembrolizumab" }
 */
export function sourceValueConcept(value: unknown, column: string): OmopConcept | undefined {
  const v = value === null || value === undefined ? "" : String(value).trim();
  if (v === "") return undefined;
  if (column === "measurement_source_value") {
    const loinc = loincSourceCode(v);
    return loinc !== undefined && "code" in loinc
      ? {
          vocabulary_id: "LOINC",
          concept_code: loinc.code,
          concept_name: `${v} (${column}, no standard concept)`,
        }
      : { vocabulary_id: "", concept_code: "", concept_name: v };
  }
  // A drug's or a procedure's source value is read as words only ("pembrolizumab 200 mg"): the knowledge holds
  // no NDC, CPT or ICD-10-PCS code to read one by, so no code system is guessed for it.
  if (column !== "condition_source_value" || !ICD10CM_SHAPE.test(v))
    return { vocabulary_id: "", concept_code: "", concept_name: v };
  const code = v.includes(".") || v.length === 3 ? v : `${v.slice(0, 3)}.${v.slice(3)}`;
  return {
    vocabulary_id: "ICD10CM",
    concept_code: code,
    concept_name: `${v} (${column}, no standard concept)`,
  };
}
