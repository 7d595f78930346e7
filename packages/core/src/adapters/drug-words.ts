/**
 * The words of a source record that name a catalogue immunotherapy and gave no dose: a note or problem entry that
 * is no event HemoSentinel reads ("s/p pembrolizumab x3 cycles"), a dose record refused for its missing date. Kept
 * beside the record (PatientRecord `drugWords`) so that a serious abnormality is not silent for want of a dose date;
 * no date is ever made from them.
 */
import type { SourceConcept, Vocabulary } from "../knowledge/vocabulary.js";

/**
 * The record's words when they name a catalogue immunotherapy, else undefined; with `drugs` (a dose record whose
 * code alone names it), the drugs' ids when the record has no words of its own.
 * @example
 * immunotherapyWords(vocabulary, { codings: [], text: "s/p pembrolizumab x3 cycles" }); // "s/p pembrolizumab x3 cycles"
 * immunotherapyWords(vocabulary, { codings: [], text: "Ankle sprain" }); // undefined
 */
export function immunotherapyWords(
  vocabulary: Pick<Vocabulary, "medications">,
  concept: SourceConcept,
  coded = false,
): string | undefined {
  const text = concept.text ?? concept.codings.find((c) => c.display !== undefined)?.display;
  const named = (
    coded
      ? vocabulary.medications(concept)
      : text === undefined
        ? []
        : vocabulary.medications({ codings: [], text })
  ).flatMap((m) => (m.kind === "immunotherapy" ? [m.drug] : []));
  if (named.length === 0) return undefined;
  return text ?? named.join(", ");
}
