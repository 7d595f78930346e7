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
import { createMedicationMatcher } from "./medication-index.js";
import type { OrderAvoids } from "./order-avoids.js";
import type { PvTerms } from "./pv-terms.js";
import type { Reference } from "./references.js";
import type { Invariant } from "./safety.js";
import type { ScoreConfig, ScoreConfigs } from "./scores.js";
import type { UnexplainedRules } from "./unexplained.js";
import type { Vocabulary } from "./vocabulary.js";

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

/**
 * A function whose index is built on its first call: a run that never asks (no medication record, no
 * coded event) never pays for building it.
 */
function onFirstUse<A, R>(build: () => (arg: A) => R): (arg: A) => R {
  let fn: ((arg: A) => R) | undefined;
  return (arg) => {
    fn ??= build();
    return fn(arg);
  };
}

/** The event readers of the vocabulary over one event index, built on first use. */
function eventVocabulary(
  build: () => EventIndex,
): Pick<Vocabulary, "event" | "noteEvents" | "eventsOnAnyDate" | "qualify"> {
  let index: EventIndex | undefined;
  return {
    event: (concept, noteDate) => {
      index ??= build();
      return index.classify(concept, noteDate);
    },
    noteEvents: (concept, noteDate) => {
      index ??= build();
      return index.classifyNote(concept, noteDate);
    },
    eventsOnAnyDate: (concept) => {
      index ??= build();
      return index.classifyAnyDate(concept);
    },
    qualify: (match, reading) => {
      index ??= build();
      return index.qualify(match, reading);
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
  return {
    version: bundle.version,
    hash: bundle.hash,
    references: new Map(bundle.references.map((r) => [r.id, r])),
    disorders: bundle.disorders,
    vocabulary: {
      ...labVocabulary(labCatalogue),
      medication: onFirstUse(() => createMedicationMatcher(bundle.drugs, { trusted: true })),
      ...eventVocabulary(() => createEventIndex(bundle.events, { trusted: true })),
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
