/**
 * A clot ruled out by a study reported as a structured result: a DiagnosticReport of a CT pulmonary angiography, a
 * V/Q scan or a duplex with no result observations but a conclusion ("No pulmonary embolism"), or an Observation of
 * such a study with a written or coded answer. The study's name and its answer are read together as the same words
 * in a note are (events.yaml `ruleOutStudies`): a negative study of a site is that site ruled out
 * (thrombosis-ruled-out), which settles an earlier suspicion of that site (unexplained.yaml settledBy). Only a
 * final, amended, corrected or appended result rules anything out: a registered or preliminary study has not been
 * read by its radiologist. A report that names a clot rules nothing out (its words are the clot's to read), and
 * nothing else of such a result is read here: its positive findings stay unread, as before.
 */
import type { CodeableConcept } from "@medplum/fhirtypes";
import type { EventMatch, SourceConcept, Vocabulary } from "../../knowledge/vocabulary.js";

/** The statuses of a study whose result is released (R4 DiagnosticReport and Observation status). */
export const RELEASED_STUDY: ReadonlySet<string> = new Set(["final", "amended", "corrected", "appended"]);

/** The kinds a negative study is read as (events.yaml `ruledOutKinds`' values). */
const RULED_OUT_KINDS: ReadonlySet<string> = new Set(["thrombosis-ruled-out"]);

/** A clot, found or suspected: the kinds a study's answer must not name for it to rule one out. */
const CLOT_KINDS: ReadonlySet<string> = new Set(["thrombosis", "thrombosis-suspected"]);

/** The words of a concept: its text, else its displays. */
function wordsOf(concept: SourceConcept): string | undefined {
  if (concept.text !== undefined && concept.text.trim() !== "") return concept.text;
  const displays = concept.codings.map((c) => c.display).filter((d): d is string => d !== undefined);
  return displays.length > 0 ? displays.join(" ") : undefined;
}

/** The words of a CodeableConcept-like answer (unvalidated JSON): its text, else its displays. */
export function answerWords(cc: CodeableConcept | undefined): string | undefined {
  if (cc === null || typeof cc !== "object") return undefined;
  if (typeof cc.text === "string" && cc.text.trim() !== "") return cc.text;
  const displays = (Array.isArray(cc.coding) ? cc.coding : [])
    .map((c) => (c !== null && typeof c === "object" ? c.display : undefined))
    .filter((d): d is string => typeof d === "string" && d.trim() !== "");
  return displays.length > 0 ? displays.join("; ") : undefined;
}

/**
 * The sites a study named by `study` rules out by its `answers` (empty when it rules out none): the study's name
 * then its answer ("CTPA: No pulmonary embolism", "Venous duplex left leg: negative"), or the answer then the
 * study ("No DVT (venous duplex)"), each read as a note is. Nothing when either reading names a clot or its
 * suspicion as found: a report that finds one rules nothing out.
 * @example
 * studyRuleOuts(vocabulary, { codings: [], text: "CTPA" }, ["No pulmonary embolism"]);
 * // [{ kind: "thrombosis-ruled-out", qualifiers: ["pulmonary-embolism"] }] (with the words read as its text)
 */
export function studyRuleOuts(
  vocabulary: Pick<Vocabulary, "noteEvents">,
  study: SourceConcept,
  answers: readonly string[],
  at: string,
): { readonly match: EventMatch; readonly text: string }[] {
  const name = wordsOf(study);
  const answer = answers.map((a) => a.trim()).filter((a) => a !== "");
  if (name === undefined || answer.length === 0) return [];
  const said = answer.join(". ");
  // An answer that names a clot, found or possible ("No central PE; possible subsegmental PE"), rules nothing out.
  if (vocabulary.noteEvents({ codings: [], text: said }, at).some((m) => CLOT_KINDS.has(m.kind))) return [];
  const out: { match: EventMatch; text: string }[] = [];
  for (const text of [`${name}: ${said}`, `${said} (${name})`]) {
    const read = vocabulary.noteEvents({ codings: [], text }, at);
    // The study's name may say what it looks for ("CT angiogram chest for pulmonary embolus"): a suspicion there
    // is the indication, but a clot read as found rules nothing out.
    if (read.some((m) => m.kind === "thrombosis")) return [];
    for (const m of read)
      if (RULED_OUT_KINDS.has(m.kind) && !out.some((o) => o.match.qualifiers.join() === m.qualifiers.join()))
        out.push({ match: m, text });
  }
  return out;
}
