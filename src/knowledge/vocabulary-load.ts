/** The adapters' Vocabulary over the shipped catalogues: labs, drugs and clinical events. */
import { createMedicationMatcher, loadDrugCatalogue } from "./drugs.js";
import { createEventClassifier, loadEventMap } from "./events.js";
import { labVocabulary, loadLabCatalogue } from "./labs.js";
import { knowledgeDir } from "./read.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * Loads and validates knowledge/labs.yaml, the drug catalogues and the event map, and wires them into
 * one Vocabulary.
 * @example
 * const vocabulary = loadVocabulary();
 * vocabulary.lab("777-3")?.id; // "platelets"
 */
export function loadVocabulary(dir = knowledgeDir()): Vocabulary {
  return {
    ...labVocabulary(loadLabCatalogue(dir)),
    medication: createMedicationMatcher(loadDrugCatalogue(dir)),
    event: createEventClassifier(loadEventMap(dir)),
  };
}
