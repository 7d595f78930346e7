/**
 * Concept ids for the codes of a FHIR export, decided as the generator decides them: a code the
 * generator's vocabulary holds keeps the generator's id (the OHDSI id where Eunomia's vocabulary has the
 * code, else its site-local id), so a drug, lab or event reads the same whichever way the cohort came in;
 * any other code gets a site-local id (≥ 2,000,000,000, as OMOP prescribes) after the generator's, in the
 * order the codes are first met. Only the concepts used become rows of `concept`.
 */

import { CONCEPTS, conceptIds } from "../generate/vocabulary.js";
import { OPERATORS } from "../records.js";

/** The vocabulary of local concepts: a drug named by its INN, an event named by its text. */
export const LOCAL_VOCABULARY = "HemoSentinel";

/** One row of `concept` (the columns the import reads). */
export interface ConceptRow {
  readonly concept_id: number;
  readonly concept_name: string;
  readonly domain_id: string;
  readonly vocabulary_id: string;
  readonly concept_code: string;
}

const key = (vocabulary: string, code: string) => `${vocabulary}\u0000${code}`;

export class ConceptIds {
  /** Ids the generator (and OMOP's value operators) fixed, by (vocabulary, code). */
  private readonly known = new Map<string, ConceptRow>();
  private readonly used = new Map<string, ConceptRow>();
  private nextLocal: number;

  constructor() {
    const ids = conceptIds();
    for (const c of CONCEPTS) {
      const id = ids.get(c.key) as number;
      this.known.set(key(c.vocabulary, c.code), {
        concept_id: id,
        concept_name: c.name,
        domain_id: c.domain,
        vocabulary_id: c.vocabulary,
        concept_code: c.code,
      });
    }
    for (const [id, symbol] of OPERATORS) {
      const k = key("Meas Value Operator", symbol);
      if (!this.known.has(k))
        this.known.set(k, {
          concept_id: id,
          concept_name: symbol,
          domain_id: "Meas Value Operator",
          vocabulary_id: "Meas Value Operator",
          concept_code: symbol,
        });
    }
    this.nextLocal = Math.max(...[...ids.values()]) + 1;
  }

  /**
   * The id of (vocabulary, code), registering it as used; `name` and `domain` name a new concept.
   * @example
   * ids.id("LOINC", "777-3", "Platelets", "Measurement"); // 3024929
   */
  id(vocabulary: string, code: string, name: string, domain: string): number {
    const k = key(vocabulary, code);
    let row = this.used.get(k);
    if (row === undefined) {
      row = this.known.get(k) ?? {
        concept_id: this.nextLocal++,
        concept_name: name === "" ? code : name,
        domain_id: domain,
        vocabulary_id: vocabulary,
        concept_code: code,
      };
      this.used.set(k, row);
    }
    return row.concept_id;
  }

  /**
   * The concept of a drug of the knowledge catalogue: the generator's concept of that drug (RxNorm where
   * verified), else a local concept named by its INN, which the catalogue reads by name.
   */
  drug(inn: string): number {
    const generated = CONCEPTS.find((c) => c.domain === "Drug" && c.name === inn);
    return generated !== undefined
      ? this.id(generated.vocabulary, generated.code, generated.name, "Drug")
      : this.id(LOCAL_VOCABULARY, inn.replaceAll(" ", "-"), inn, "Drug");
  }

  /** The concepts used, in the order first met. */
  rows(): readonly ConceptRow[] {
    return [...this.used.values()];
  }
}
