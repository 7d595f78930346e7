/**
 * The knowledge runtime: the compiled knowledge bundle (plain JSON, validated and cross-checked when it was
 * compiled by the knowledge package) opened into the look-ups the engine uses. Nothing here reads a file:
 * the bundle is passed in, so the same engine runs in Node, in a browser and in a server.
 */

import { createUnitConverter } from "../adapters/units.js";
import type { AtlasKnowledge } from "./atlas.js";
import type { CalculatorKnowledge } from "./calculators.js";
import type { CtcaeRules } from "./ctcae.js";
import type { Disorder } from "./disorders.js";
import type { DrugCatalogue } from "./drugs.js";
import { createEventIndex, type EventIndex } from "./event-index.js";
import type { EventMap } from "./events.js";
import type { IncidenceRules } from "./incidence.js";
import { buildLabCatalogue, buildUnitSpellings, type LabCatalogue, labVocabulary } from "./lab-catalogue.js";
import type { LabCatalogueFile, UnitSpellingsFile } from "./labs.js";
import type { ManagementFactRules, ManagementKnowledge, WorkupKnowledge } from "./management.js";
import type { Manifest } from "./manifest.js";
import { createMedicationIndex, type MedicationIndex } from "./medication-index.js";
import type { OrderAvoids } from "./order-avoids.js";
import { type PhraseIndex, phraseSet, tokenize } from "./phrase-index.js";
import type { PvTerms } from "./pv-terms.js";
import type { Reference } from "./references.js";
import type { Invariant } from "./safety.js";
import type { ScoreConfig, ScoreConfigs } from "./scores.js";
import type { UnexplainedRules } from "./unexplained.js";
import type { EventMatch, SourceConcept, Vocabulary } from "./vocabulary.js";

/** The compiled knowledge base: every knowledge file's validated content, its version and content hash. */
export interface KnowledgeBundle {
  /** Bumped when the shape of the bundle changes. */
  readonly format: 1;
  readonly version: string;
  /** SHA-256 of the knowledge sources, first 16 hex digits: two reports with the same hash used the same rules. */
  readonly hash: string;
  readonly manifest: Manifest;
  readonly references: readonly Reference[];
  readonly disorders: readonly Disorder[];
  readonly ctcae: CtcaeRules;
  readonly scores: readonly ScoreConfig[];
  readonly management: ManagementKnowledge;
  /** How the planner reads the facts the recommendations are conditioned on. */
  readonly managementFacts: ManagementFactRules;
  readonly workup: WorkupKnowledge;
  readonly unexplained: UnexplainedRules;
  readonly safety: readonly Invariant[];
  /** Which drugs each avoid tag of the plans covers (read by the order-sign service). */
  readonly orderAvoids: OrderAvoids;
  readonly labs: LabCatalogueFile;
  readonly unitSpellings: UnitSpellingsFile;
  readonly events: EventMap;
  readonly drugs: DrugCatalogue;
  readonly incidence: IncidenceRules;
  readonly calculators: CalculatorKnowledge;
  readonly atlas: AtlasKnowledge;
  /** MedDRA term lists and signal thresholds for disproportionality analysis (packages/pv). */
  readonly pvTerms: PvTerms;
}

/** The knowledge base as the engine reads it. */
export interface Knowledge {
  readonly version: string;
  readonly hash: string;
  readonly references: ReadonlyMap<string, Reference>;
  readonly disorders: readonly Disorder[];
  readonly vocabulary: Vocabulary;
  readonly labCatalogue: LabCatalogue;
  readonly ctcae: CtcaeRules;
  readonly scores: ScoreConfigs;
  readonly management: ManagementKnowledge;
  readonly managementFacts: ManagementFactRules;
  readonly workup: WorkupKnowledge;
  readonly unexplained: UnexplainedRules;
  readonly safety: readonly Invariant[];
  /** Which drugs each avoid tag of the plans covers (read by the order-sign service). */
  readonly orderAvoids: OrderAvoids;
  /** Incidence per disorder and therapy class, with confounders (read by the cohort generator). */
  readonly incidence: IncidenceRules;
  /** The drug catalogues as written (the atlas's drug pages; matching goes through `vocabulary.medication`). */
  readonly drugs: DrugCatalogue;
  readonly calculators: CalculatorKnowledge;
  readonly atlas: AtlasKnowledge;
}

/** The words of a text concept, lower-cased, for the allergy cues. */
function conceptText(concept: SourceConcept): string {
  return [concept.text, ...concept.codings.map((c) => c.display)]
    .filter((t): t is string => typeof t === "string")
    .join(" ; ")
    .toLowerCase();
}

/** Compiled cue patterns, by flags and phrase: a few cues, read for every record. */
const PATTERNS = new Map<string, RegExp>();

/** A pattern of `phrase` as whole words (group 1: the character before it, or the start). */
function phrasePattern(phrase: string, flags: string): RegExp {
  const key = `${flags} ${phrase}`;
  let pattern = PATTERNS.get(key);
  if (pattern === undefined) {
    const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, flags);
    PATTERNS.set(key, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

/** Whether `phrase` stands in `text` as whole words (compiled patterns kept: cues are read for every record). */
export function hasPhrase(text: string, phrase: string): boolean {
  return phrasePattern(phrase, "u").test(text);
}

/** `text` without the cue phrases, each replaced by a space. */
function withoutPhrases(text: string, phrases: readonly string[]): string {
  return phrases.reduce((out, phrase) => out.replace(phrasePattern(phrase, "gu"), "$1 "), text);
}

/**
 * The event readers of the vocabulary over one event index, built on first use, with the allergy rules of
 * events.yaml (`allergyReactions`): an allergy to a drug of a rule's roles whose reaction is one of its
 * reaction kinds is read as its event, from an AllergyIntolerance's substance and reactions or from a text
 * that names the allergy by a cue ("heparin allergy: thrombocytopenia").
 */
function eventVocabulary(
  events: () => EventMap,
  medication: Vocabulary["medication"],
): Pick<
  Vocabulary,
  | "event"
  | "noteEvents"
  | "eventsOnAnyDate"
  | "qualify"
  | "doneKindOf"
  | "allergy"
  | "drugHypersensitivity"
  | "drugHypersensitivitySevereGrade"
  | "relativeWords"
  | "gradedQualifiers"
> {
  let built:
    | {
        index: EventIndex;
        allergies: EventMap["allergyReactions"];
        hypersensitivity: EventMap["drugHypersensitivity"];
        cueGrades: ReadonlyMap<string, number>;
      }
    | undefined;
  const open = () => {
    if (built === undefined) {
      const map = events();
      built = {
        index: createEventIndex(map, { trusted: true }),
        allergies: map.allergyReactions,
        hypersensitivity: map.drugHypersensitivity,
        // The lowest grade each kind's graded qualifier stands for (`kind\u0000qualifier`).
        cueGrades: map.qualifierCues.reduce((m, c) => {
          if (c.grade === undefined) return m;
          const key = `${c.kind}\u0000${c.qualifier}`;
          return m.set(key, Math.min(c.grade, m.get(key) ?? c.grade));
        }, new Map<string, number>()),
      };
    }
    return built;
  };
  const drugHypersensitivity = (
    substance: SourceConcept,
    reactions: readonly SourceConcept[],
    severe: boolean,
  ): EventMatch | undefined => {
    const rule = open().hypersensitivity;
    if (rule === undefined) return undefined;
    const drug = medication(substance);
    if (drug === undefined) return undefined;
    const tags = rule.tags
      .filter(
        (t) =>
          t.drugs.includes(drug.drug) ||
          (drug.kind === "context" && t.roles.some((r) => drug.roles.includes(r))),
      )
      .map((t) => t.tag);
    if (tags.length === 0) return undefined;
    const words = [substance, ...reactions].map(conceptText).join(" ; ");
    const isSevere = severe || rule.severe.some((w) => hasPhrase(words, w));
    return { kind: "drug-hypersensitivity", qualifiers: isSevere ? [...tags, "severe"] : tags };
  };
  const allergy = (substance: SourceConcept, reactions: readonly SourceConcept[]): EventMatch | undefined => {
    const { index, allergies } = open();
    if (allergies.length === 0) return undefined;
    const drug = medication(substance);
    if (drug?.kind !== "context") return undefined;
    for (const rule of allergies) {
      if (!rule.roles.some((r) => drug.roles.includes(r))) continue;
      for (const reaction of reactions) {
        const found = index.classify(reaction);
        if (found !== undefined && rule.reactions.includes(found.kind))
          return { kind: rule.reads, qualifiers: [] };
      }
    }
    return undefined;
  };
  /** An allergy written in the text of one concept: a cue, a drug of the rule and a reaction beside it. */
  const allergyInText = (concept: SourceConcept): EventMatch | undefined => {
    const { allergies, hypersensitivity } = open();
    if (allergies.length === 0 && hypersensitivity === undefined) return undefined;
    const text = conceptText(concept);
    if (text === "") return undefined;
    for (const rule of allergies) {
      if (!rule.cues.some((cue) => hasPhrase(text, cue))) continue;
      const found = allergy({ codings: [], text }, [{ codings: [], text: withoutPhrases(text, rule.cues) }]);
      if (found !== undefined) return found;
    }
    // Any other allergy to a drug a plan may offer: not one that names an event an allergy rule reads ("heparin
    // allergy: HIT" is a past HIT, not a heparin hypersensitivity).
    if (!hypersensitivity?.cues.some((cue) => hasPhrase(text, cue))) return undefined;
    const { index } = open();
    const named = index.classify(concept);
    const past = named === undefined ? undefined : index.qualify(named, "historical");
    if (allergies.some((r) => r.reads === named?.kind || r.reads === past?.kind)) return undefined;
    return drugHypersensitivity({ codings: [], text }, [], false);
  };
  /** The events a concept gives, with the allergy its text names when none of them is of that kind. */
  const withAllergy = (found: EventMatch[], concept: SourceConcept): EventMatch[] => {
    const fromAllergy = allergyInText(concept);
    return fromAllergy === undefined || found.some((e) => e.kind === fromAllergy.kind)
      ? found
      : [...found, fromAllergy];
  };
  return {
    event: (concept, noteDate) => open().index.classify(concept, noteDate) ?? allergyInText(concept),
    noteEvents: (concept, noteDate) => withAllergy(open().index.classifyNote(concept, noteDate), concept),
    eventsOnAnyDate: (concept) => withAllergy(open().index.classifyAnyDate(concept), concept),
    qualify: (match, reading) => open().index.qualify(match, reading),
    doneKindOf: (planned) =>
      Object.entries(events().negation.plannedKinds).find(([, kind]) => kind === planned)?.[0] as
        | EventMatch["kind"]
        | undefined,
    allergy,
    drugHypersensitivity,
    drugHypersensitivitySevereGrade: () => open().hypersensitivity?.severeFromGrade,
    relativeWords: () => {
      const neg = events().negation;
      return [...neg.relatives.flatMap((r) => [r, `${r}s`]), ...neg.familyHeaders];
    },
    gradedQualifiers: (kind, qualifiers, grade) => {
      if (grade === undefined) return qualifiers;
      const grades = open().cueGrades;
      return qualifiers.filter((q) => grade >= (grades.get(`${kind}\u0000${q}`) ?? 0));
    },
  };
}

/**
 * Opens a compiled bundle: builds the catalogues, matchers and indexes, the medication and event indexes
 * on first use. The bundle is trusted (the knowledge package validated and cross-checked it when it
 * compiled it), so nothing is checked again; its hash identifies it in every report.
 *
 * @example
 * const k = openKnowledge(bundle);
 * k.vocabulary.lab("777-3")?.id; // "platelets"
 */
export function openKnowledge(bundle: KnowledgeBundle): Knowledge {
  const labCatalogue = buildLabCatalogue(bundle.labs);
  const unitSpellings = buildUnitSpellings(bundle.unitSpellings);
  // Built on first use: a run that never asks (no medication record) never pays for the index.
  let medicationIndex: MedicationIndex | undefined;
  const medicines = (): MedicationIndex =>
    (medicationIndex ??= createMedicationIndex(bundle.drugs, { trusted: true }));
  const medication: Vocabulary["medication"] = (concept) => medicines().match(concept);
  const medications: Vocabulary["medications"] = (concept) => medicines().medications(concept);
  let notGivenWords: PhraseIndex<true> | undefined;
  const doseNotGiven: Vocabulary["doseNotGiven"] = (concept) => {
    notGivenWords ??= phraseSet(bundle.unexplained.namedDrug?.given?.notGivenOnDate ?? []);
    const words = notGivenWords;
    return [concept.text, ...concept.codings.map((c) => c.display)].some((t) => {
      if (!t) return false;
      const tokens = tokenize(t);
      return tokens.tokens.some((_, i) => words.startsAt(tokens, i));
    });
  };
  return {
    version: bundle.version,
    hash: bundle.hash,
    references: new Map(bundle.references.map((r) => [r.id, r])),
    disorders: bundle.disorders,
    vocabulary: {
      ...labVocabulary(labCatalogue),
      medication,
      medications,
      doseNotGiven,
      ...eventVocabulary(() => bundle.events, medication),
      unitSpellings,
      units: createUnitConverter(unitSpellings),
    },
    labCatalogue,
    ctcae: bundle.ctcae,
    scores: new Map(bundle.scores.map((s) => [s.id, s])),
    management: bundle.management,
    managementFacts: bundle.managementFacts,
    workup: bundle.workup,
    unexplained: bundle.unexplained,
    safety: bundle.safety,
    orderAvoids: bundle.orderAvoids,
    incidence: bundle.incidence,
    // Read only by the atlas's drug pages: the medication index keeps its own first-use build.
    get drugs() {
      return bundle.drugs;
    },
    calculators: bundle.calculators,
    atlas: bundle.atlas,
  };
}
