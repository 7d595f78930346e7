/**
 * A clot or bleed study reported as a structured result: a DiagnosticReport of a CT pulmonary angiography, a V/Q scan or a
 * duplex with no result observations but a conclusion ("No pulmonary embolism", "Acute segmental pulmonary
 * embolism"), or an Observation of such a study with a written or coded answer. The study's name and its answer are
 * read together as the same words in a note are. A clot the answer names as found ("acute PE", "occlusive DVT of the
 * left femoral vein", or "Positive" under a request's name, "CTPA for PE") is that clot, dated by the study, with
 * the site and side its words name: a narrative report's conclusion whatever the study (a PE found on a staging CT),
 * an Observation's answer only under the name of a clot study or its request; a study's name alone answered with a
 * bare word ("CTPA: positive", "V/Q scan: high probability") is the clot of the site it decides, "indeterminate" its
 * suspicion (events.yaml `studyAnswers`). A negative study of a site is that
 * site ruled out (thrombosis-ruled-out, events.yaml `ruleOutStudies`), which settles an earlier suspicion of that
 * site (unexplained.yaml settledBy). A narrative report's conclusion that names a bleed ("Acute subdural haematoma"
 * on a CT head, "Iliopsoas haematoma") is that bleed, read as a note's words are (the same sites and grading); a
 * negative study never rules a bleed out. A final, amended, corrected or appended result finds or rules out; a
 * preliminary or partial one that names a clot or a bleed is its suspicion (a preliminary read is acted on, but its
 * radiologist has not signed it off), and rules nothing out; a registered one has not been read. A clot or bleed named only as possible ("indeterminate for PE", "cannot
 * exclude subarachnoid haemorrhage") is neither found nor ruled out: it is its suspicion.
 */
import type { CodeableConcept } from "@medplum/fhirtypes";
import type { EventMatch, SourceConcept, Vocabulary } from "../../knowledge/vocabulary.js";
import { type PatientBuilder, usedOrMerged } from "../patient-builder.js";
import { clipInput } from "../quote.js";
import type { Ingestion, Outcome } from "./context.js";
import { observationDates } from "./final-results.js";
import { clinicalEvent, rejectDate } from "./handler.js";

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

/** A study's reading: the events it gives, each with the words it was read from. */
type StudyReading = readonly { readonly match: EventMatch; readonly text: string }[];

/**
 * The clots a study named by `study` finds by its `answers` (empty when it finds none): the clots its answer names as
 * found ("Acute segmental PE", "Occlusive DVT of the left femoral vein"), or, when the answer names none, those its
 * name and answer read together name while its name alone names none (a request answered: "CTPA for PE" then
 * "Positive"). A name that reads as a clot by itself ("Pulmonary embolism protocol CT", "DVT study") finds nothing
 * by its answer's words: its answer must name the clot. A clot named only as possible ("possible subsegmental PE")
 * or denied ("no PE") is none. Each clot keeps the study's name with its answer as its words (the side a duplex's
 * name gives: "Venous duplex left leg"). With `kind` thrombosis-suspected, the clots its answer alone names as
 * possible ("No central PE; possible subsegmental PE", "Indeterminate for PE").
 * @example
 * studyClots(vocabulary, { codings: [], text: "CTPA" }, ["Acute segmental PE"]);
 * // [{ match: { kind: "thrombosis", qualifiers: ["venous", "pulmonary-embolism"] }, text: "CTPA: Acute segmental PE" }]
 */
export function studyClots(
  vocabulary: Pick<Vocabulary, "noteEvents">,
  study: SourceConcept,
  answers: readonly string[],
  at: string,
  kind: "thrombosis" | "thrombosis-suspected" = "thrombosis",
): { readonly match: EventMatch; readonly text: string }[] {
  const words = studyWords(study, answers);
  if (words === undefined) return [];
  const { said, name, text } = words;
  const clotsIn = (words: string, of: string) =>
    vocabulary.noteEvents({ codings: [], text: words }, at).filter((m) => m.kind === of);
  const own = clotsIn(said, kind);
  if (own.length > 0) return own.map((match) => ({ match, text }));
  // A request's name is a suspicion by itself: only a clot found is read from it with its answer. A study's name
  // alone ("CTPA") with a bare answer is read with it: "CTPA: positive" the PE, "CTPA: indeterminate" its suspicion.
  if (name === undefined || clotsIn(name, kind).length > 0) return [];
  if (kind !== "thrombosis" && clotsIn(name, "thrombosis").length > 0) return [];
  return clotsIn(text, kind).map((match) => ({ match, text }));
}

/**
 * Whether a study's name names a clot study: one that rules out a site when negative ("CTPA", "Venous duplex left
 * leg", events.yaml `ruleOutStudies`), or a request for one ("Duplex for DVT", a suspicion by itself).
 */
function namesClotStudy(
  vocabulary: Pick<Vocabulary, "noteEvents">,
  study: SourceConcept,
  at: string,
): boolean {
  const name = wordsOf(study);
  if (name === undefined) return false;
  if (vocabulary.noteEvents({ codings: [], text: name }, at).some((m) => m.kind === "thrombosis-suspected"))
    return true;
  return studyRuleOuts(vocabulary, study, ["negative"], at).length > 0;
}

/**
 * The bleeds a narrative report's conclusion names (empty when it names none): read from its answer alone, exactly
 * as a note's words are ("Acute subdural haematoma" an intracranial bleed, "Iliopsoas haematoma" a muscle bleed,
 * "no evidence of intracranial haemorrhage" none), so the same sites and grading follow; when it names none found,
 * the bleeds it names only as possible ("cannot exclude subarachnoid haemorrhage"). Each keeps the study's name with
 * its answer as its words.
 */
function reportBleeds(
  vocabulary: Pick<Vocabulary, "noteEvents">,
  study: SourceConcept,
  answers: readonly string[],
  at: string,
): { readonly match: EventMatch; readonly text: string }[] {
  const words = studyWords(study, answers);
  if (words === undefined) return [];
  const read = vocabulary.noteEvents({ codings: [], text: words.said }, at);
  const found = read.filter((m) => m.kind === "bleeding");
  return (found.length > 0 ? found : read.filter((m) => m.kind === "bleeding-suspected")).map((match) => ({
    match,
    text: words.text,
  }));
}

/**
 * A study's answers as one text (`said`), and the words its events keep: the study's name, when it has one, before
 * its answer. Undefined when the answers say nothing.
 */
function studyWords(
  study: SourceConcept,
  answers: readonly string[],
): { readonly said: string; readonly name: string | undefined; readonly text: string } | undefined {
  const said = answers
    .map((a) => a.trim())
    .filter((a) => a !== "")
    .join(". ");
  if (said === "") return undefined;
  const name = wordsOf(study);
  return { said, name, text: name === undefined ? said : `${name}: ${said}` };
}

/**
 * What a study's answers give: the clots it finds, else the sites it rules out, else the clots it leaves possible
 * (a suspicion listed with its imaging, never silent); and, for a narrative report, the bleeds its conclusion names,
 * found or else possible. A negative report rules out no bleed (a bleed may stop or lie beyond the study). With
 * `anyStudy` false (an Observation, whose answer may be anything: a cause of death, a history item) clots are read
 * only when its name names a clot study, and no bleed is read; a narrative report's conclusion is its radiologist's
 * or clinician's impression, read whatever the study (a PE found on a staging CT, a subdural haematoma on a CT head).
 */
function readStudy(
  vocabulary: Pick<Vocabulary, "noteEvents">,
  study: SourceConcept,
  answers: readonly string[],
  at: string,
  anyStudy: boolean,
): StudyReading {
  const ruledOut = () => studyRuleOuts(vocabulary, study, answers, at);
  if (!anyStudy && !namesClotStudy(vocabulary, study, at)) return ruledOut();
  const bleeds = anyStudy ? reportBleeds(vocabulary, study, answers, at) : [];
  const clots = studyClots(vocabulary, study, answers, at);
  if (clots.length > 0) return [...clots, ...bleeds];
  const out = ruledOut();
  if (out.length > 0) return [...out, ...bleeds];
  return [...studyClots(vocabulary, study, answers, at, "thrombosis-suspected"), ...bleeds];
}

/** The statuses of a study read but not yet signed off: a preliminary read, or a partial report. */
export const PRELIMINARY_STUDY: ReadonlySet<string> = new Set(["preliminary", "partial"]);

/**
 * A clot or bleed study sent as a narrative result (a DiagnosticReport with no result observations, or an
 * Observation whose code is no lab or event): the clot or bleed its answers find, or the site they rule out, dated by
 * the study's own date, as events of `ref` (see the file's note). A preliminary or partial study (read, not yet
 * signed off) that names a clot or a bleed is that clot's or bleed's suspicion, never the clot or bleed itself: a
 * preliminary CTPA read is acted on, so it is listed, with the final report asked for in its words; one that rules a
 * site out settles nothing and is refused as `not-final`, as is a study with no result yet (its status missing or
 * registered). Undefined when its answers find and rule out nothing: the caller reads the result as before.
 */
export function studyResult(
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
  result: {
    readonly status?: unknown;
    readonly study: SourceConcept;
    readonly answers: readonly (string | undefined)[];
    readonly dates: Parameters<typeof observationDates>[0];
    /** A narrative report (its conclusion read whatever the study), not an Observation's answer. */
    readonly report: boolean;
  },
): Outcome | undefined {
  const answers = result.answers.filter((a): a is string => a !== undefined);
  const date = ctx.date(observationDates(result.dates));
  const at = date.ok ? date.at : ctx.opts.evaluatedAt;
  const vocabulary = ctx.opts.vocabulary;
  const read = readStudy(vocabulary, result.study, answers, at, result.report);
  if (read.length === 0) return undefined;
  const status = typeof result.status === "string" ? result.status : undefined;
  const found =
    status !== undefined && RELEASED_STUDY.has(status)
      ? read
      : status !== undefined && PRELIMINARY_STUDY.has(status)
        ? preliminary(vocabulary, read, status)
        : [];
  if (found.length === 0) {
    const what = read.some((r) => !RULED_OUT_KINDS.has(r.match.kind))
      ? "finds no clot or bleed"
      : "rules nothing out";
    return ctx.refuse(
      patient,
      ref,
      "not-final",
      `status is ${clipInput(String(result.status ?? "missing"))}: a study not yet final ${what}`,
      "status",
    );
  }
  if (!date.ok) return rejectDate(ctx, patient, ref, date);
  const [first, ...others] = found as [(typeof found)[number], ...typeof found];
  const added = patient.addEvent(
    clinicalEvent(ref, first.match, date.at, { codings: [], text: first.text }, undefined),
  );
  for (const o of others)
    patient.addEvent(clinicalEvent(ref, o.match, date.at, { codings: [], text: o.text }, undefined));
  return usedOrMerged(added);
}

/**
 * What a preliminary or partial study's reading leaves: each clot or bleed it names, found or possible, as its
 * suspicion (events.yaml `suspectedKinds`, as a note's "possible" reads), its words saying the final report is
 * awaited; no rule-out (a negative read not signed off settles nothing).
 */
function preliminary(
  vocabulary: Pick<Vocabulary, "qualify">,
  read: StudyReading,
  status: string,
): StudyReading {
  const out: { match: EventMatch; text: string }[] = [];
  for (const r of read) {
    if (RULED_OUT_KINDS.has(r.match.kind)) continue;
    const match = r.match.kind.endsWith("-suspected") ? r.match : vocabulary.qualify(r.match, "doubted");
    if (match !== undefined)
      out.push({ match, text: `${r.text} (${status} report: the final report decides)` });
  }
  return out;
}
