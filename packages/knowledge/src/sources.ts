/**
 * Readers of the knowledge sources (data/*.yaml): each file read, validated against its schema from the
 * core's contracts, and checked on its own. Every reader takes the knowledge folder, so a copy (the
 * mutation run, a site's fork) is read the same way as the shipped one.
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import {
  AtlasFile,
  type AtlasKnowledge,
  assertNoProblems,
  buildLabCatalogue,
  buildUnitSpellings,
  CalculatorFile,
  type CalculatorKnowledge,
  ContextDrugFile,
  type CtcaeRules,
  CtcaeRulesFile,
  catalogueProblems,
  DISORDER_IDS,
  Disorder,
  type DisorderId,
  type DrugCatalogue,
  DrugFile,
  type EventMap,
  EventMapFile,
  eventMapProblems,
  IncidenceFile,
  type IncidenceRules,
  type Invariant,
  KnowledgeError,
  type LabCatalogue,
  LabCatalogueFile,
  type ManagementFactRules,
  ManagementFactsFile,
  ManagementFile,
  type ManagementKnowledge,
  Manifest,
  type OrderAvoids,
  OrderAvoidsFile,
  type PvTerms,
  PvTermsFile,
  patternWithShared,
  pvTermProblems,
  type Recommendation,
  type Reference,
  ReferenceFile,
  ruleWithLeading,
  SafetyFile,
  ScoreConfig,
  type SharedManagement,
  SharedManagementFile,
  UnexplainedFile,
  type UnexplainedRules,
  type UnitSpellings,
  UnitSpellingsFile,
  WorkupFile,
  type WorkupKnowledge,
  withShared,
} from "@hemosentinel/core";
import { knowledgeDir, knowledgeFiles, readKnowledgeFile } from "./read.js";
import { inCatalogueUnits } from "./score-units.js";

export function loadManifest(dir = knowledgeDir()): Manifest {
  return readKnowledgeFile(join(dir, "manifest.yaml"), Manifest);
}

/** Disorder definitions in the manifest's evaluation order; each file must be named after its id. */
export function loadDisorders(manifest: Manifest, dir = knowledgeDir()): Disorder[] {
  return manifest.disorders.map((id) => {
    const d = readKnowledgeFile(join(dir, "disorders", `${id}.yaml`), Disorder);
    if (d.id !== id) throw new KnowledgeError(`disorders/${id}.yaml: id is ${d.id}, expected ${id}`);
    return d;
  });
}

/** Every reference of references/*.yaml, in file-name order; a duplicated id is an error. */
export function loadReferences(dir = knowledgeDir()): Reference[] {
  const seen = new Set<string>();
  const out: Reference[] = [];
  for (const file of knowledgeFiles("references", dir)) {
    for (const r of readKnowledgeFile(file, ReferenceFile).references) {
      if (seen.has(r.id)) throw new KnowledgeError(`${file}: reference id ${r.id} is defined twice`);
      seen.add(r.id);
      out.push(r);
    }
  }
  return out;
}

/** Reads and validates ctcae.yaml. */
export function loadCtcaeRules(dir = knowledgeDir()): CtcaeRules {
  return readKnowledgeFile(join(dir, "ctcae.yaml"), CtcaeRulesFile);
}

/** Reads and validates labs.yaml (the validated file, as the bundle holds it). */
export function loadLabsFile(dir = knowledgeDir()): LabCatalogueFile {
  return readKnowledgeFile(join(dir, "labs.yaml"), LabCatalogueFile);
}

/**
 * The lab catalogue of labs.yaml.
 * @example
 * loadLabCatalogue().byLoinc.get("777-3")?.id; // "platelets"
 */
export function loadLabCatalogue(dir = knowledgeDir()): LabCatalogue {
  return buildLabCatalogue(loadLabsFile(dir));
}

/** Reads and validates unit-spellings.yaml. */
export function loadUnitSpellingsFile(dir = knowledgeDir()): UnitSpellingsFile {
  return readKnowledgeFile(join(dir, "unit-spellings.yaml"), UnitSpellingsFile);
}

/** The spelling table of unit-spellings.yaml. */
export function loadUnitSpellings(dir = knowledgeDir()): UnitSpellings {
  return buildUnitSpellings(loadUnitSpellingsFile(dir));
}

/** Reads events.yaml and checks that no code or phrase names two kinds. */
export function loadEventMap(dir = knowledgeDir()): EventMap {
  const file = join(dir, "events.yaml");
  const map = readKnowledgeFile(file, EventMapFile);
  assertNoProblems(file, eventMapProblems(map));
  return map;
}

/** Reads both drug catalogues; a duplicated id, name or code is an error. */
export function loadDrugCatalogue(dir = knowledgeDir()): DrugCatalogue {
  const catalogue: DrugCatalogue = {
    drugs: readKnowledgeFile(join(dir, "drugs.yaml"), DrugFile).drugs,
    contextDrugs: readKnowledgeFile(join(dir, "context-drugs.yaml"), ContextDrugFile).contextDrugs,
  };
  assertNoProblems("drug catalogues", catalogueProblems(catalogue));
  return catalogue;
}

/** Every score of scores/*.yaml, in file-name order; each file is named after its id. */
export function loadScoreConfigList(
  dir = knowledgeDir(),
  catalogues?: { readonly labs: LabCatalogue; readonly spellings: UnitSpellings },
): ScoreConfig[] {
  let units = catalogues;
  return knowledgeFiles("scores", dir).map((path) => {
    const config = readKnowledgeFile(path, ScoreConfig);
    const expected = basename(path, ".yaml");
    if (config.id !== expected)
      throw new KnowledgeError(`scores/${expected}.yaml: id is ${config.id}, expected ${expected}`);
    units ??= { labs: loadLabCatalogue(dir), spellings: loadUnitSpellings(dir) };
    return inCatalogueUnits(config, units.labs, units.spellings);
  });
}

/** The scores by id. */
export function loadScoreConfigs(dir = knowledgeDir()): Map<string, ScoreConfig> {
  return new Map(loadScoreConfigList(dir).map((s) => [s.id, s]));
}

/** The management file whose recommendations every disorder's plan carries after its own (written once). */
export const SHARED_MANAGEMENT = "every";

/**
 * management/<disorder>.yaml for every disorder, each followed by the shared recommendations of
 * management/every.yaml as that disorder reads them; a missing file or a repeated recommendation id is an error.
 */
export function loadManagement(dir = knowledgeDir()): ManagementKnowledge {
  const seen = new Set<string>();
  const out = {} as Record<DisorderId, Recommendation[]>;
  const shared = readKnowledgeFile(
    join(dir, "management", `${SHARED_MANAGEMENT}.yaml`),
    SharedManagementFile,
  );
  for (const disorder of DISORDER_IDS) {
    const path = join(dir, "management", `${disorder}.yaml`);
    if (!existsSync(path)) throw new KnowledgeError(`management/${disorder}.yaml is missing`);
    const file = readKnowledgeFile(path, ManagementFile);
    if (file.disorder !== disorder) throw new KnowledgeError(`${path}: disorder must be ${disorder}`);
    const plan = withShared(file.recommendations, disorder, shared);
    for (const r of plan) {
      if (seen.has(r.id)) throw new KnowledgeError(`${path}: duplicate recommendation id ${r.id}`);
      seen.add(r.id);
    }
    out[disorder] = plan;
  }
  return out;
}

/** management/facts.yaml: how the planner reads the facts its recommendations are conditioned on. */
export function loadManagementFacts(dir = knowledgeDir()): ManagementFactRules {
  return readKnowledgeFile(join(dir, "management", "facts.yaml"), ManagementFactsFile);
}

/** workup.yaml; a test listed twice for one disorder is an error. */
export function loadWorkup(dir = knowledgeDir()): WorkupKnowledge {
  const path = join(dir, "workup.yaml");
  const file = readKnowledgeFile(path, WorkupFile);
  for (const disorder of DISORDER_IDS) {
    const ids = new Set<string>();
    for (const w of file.workup[disorder]) {
      if (ids.has(w.id)) throw new KnowledgeError(`${path}: ${disorder} lists ${w.id} twice`);
      ids.add(w.id);
    }
  }
  return file.workup;
}

/**
 * unexplained.yaml, each named pattern's plan followed by the shared recommendations of management/every.yaml
 * (the pattern's id as their prefix), as every disorder's plan is; a single abnormality's plan (`labs[].plan`)
 * followed by the shared lines that lead their kind (the adult-dose line of a child), `unexplained-<term>` as
 * their prefix, as the engine plans it; an event rule's plan (`events[].plan`) likewise, with the shared lines
 * it `carries` (the major-bleeding reversal); the patient's procedure plan (`procedures`) likewise, the shared
 * lines it `carries` with `procedure` as their prefix.
 */
export function loadUnexplained(dir = knowledgeDir()): UnexplainedRules {
  const file = readKnowledgeFile(join(dir, "unexplained.yaml"), UnexplainedFile);
  const shared = readKnowledgeFile(
    join(dir, "management", `${SHARED_MANAGEMENT}.yaml`),
    SharedManagementFile,
  );
  // An urgent line of the procedure timing is one the procedure plan carries: another id would never be urgent.
  const urgentUncarried = (file.procedures?.timing?.urgentLines ?? []).filter(
    (id) => !file.procedures?.carries.includes(id),
  );
  if (urgentUncarried.length > 0)
    throw new Error(
      `unexplained.yaml procedures.timing.urgentLines: ${urgentUncarried.join(", ")} not in procedures.carries`,
    );
  return {
    ...file,
    patterns: file.patterns.map((p) => ({ ...p, plan: patternWithShared(p.plan, p.id, shared) })),
    labs: file.labs.map(({ carries, ...l }) => ({
      ...l,
      ...withCarried(`labs ${l.term}`, `unexplained-${l.term}`, l, carries, shared),
    })),
    events: file.events.map(({ carries, ...e }) => ({
      ...e,
      ...withCarried(`events ${e.id}`, `unexplained-${e.id}`, e, carries, shared),
    })),
    ...(file.procedures !== undefined && {
      procedures: {
        carries: file.procedures.carries,
        ...(file.procedures.timing !== undefined && { timing: file.procedures.timing }),
        ...withCarried("procedures", "procedure", {}, file.procedures.carries, shared),
      },
    }),
  };
}

/**
 * A rule's plan with the shared lines that lead their kind and those it `carries`; refuses an unknown carry. A
 * rule whose only plans are those of what it `shows` (the anaemia's immune AIHA) gets the leading lines alone,
 * planned with the entry's lines (engine/assess.ts): a child's AIHA plan says its doses are adult ones, as every
 * other plan does, and with nothing shown the leading lines are no plan alone. A rule may carry shared lines with
 * no line of its own (the anaemia and the neutropenia carry the hold and treatment of a likely HLH after a
 * checkpoint inhibitor): the carried lines are then its plan.
 */
function withCarried(
  where: string,
  prefix: string,
  rule: { readonly plan?: Recommendation[]; readonly shows?: readonly { readonly plan?: unknown }[] },
  carries: readonly string[] | undefined,
  shared: SharedManagement,
): { plan?: Recommendation[] } {
  const { plan } = rule;
  const unknown = (carries ?? []).filter((id) => !shared.recommendations.some((r) => r.id === id));
  if (unknown.length > 0) {
    throw new Error(`unexplained.yaml ${where}: carries unknown shared lines ${unknown.join(", ")}`);
  }
  const showsPlan = rule.shows?.some((s) => s.plan !== undefined) === true;
  return plan || showsPlan || (carries?.length ?? 0) > 0
    ? { plan: ruleWithLeading(plan ?? [], prefix, shared, carries) }
    : {};
}

/** order-avoids.yaml: which drugs each avoid tag of the plans covers, for draft-order checks. */
export function loadOrderAvoids(dir = knowledgeDir()): OrderAvoids {
  return readKnowledgeFile(join(dir, "order-avoids.yaml"), OrderAvoidsFile);
}

export function loadSafety(dir = knowledgeDir()): Invariant[] {
  return readKnowledgeFile(join(dir, "safety.yaml"), SafetyFile).invariants;
}

export function loadIncidence(dir = knowledgeDir()): IncidenceRules {
  return readKnowledgeFile(join(dir, "incidence.yaml"), IncidenceFile);
}

/** calculators.yaml: the units calculator forms offer, their questions and worked examples. */
export function loadCalculators(dir = knowledgeDir()): CalculatorKnowledge {
  return readKnowledgeFile(join(dir, "calculators.yaml"), CalculatorFile);
}

/** atlas.yaml: cited definitions, manifestations, mechanisms and onset per disorder, and drug reports. */
export function loadAtlas(dir = knowledgeDir()): AtlasKnowledge {
  return readKnowledgeFile(join(dir, "atlas.yaml"), AtlasFile);
}

/** pv-terms.yaml: the MedDRA term lists per disorder and the signal thresholds; a term in two lists is an error. */
export function loadPvTerms(dir = knowledgeDir()): PvTerms {
  const file = join(dir, "pv-terms.yaml");
  const terms = readKnowledgeFile(file, PvTermsFile);
  assertNoProblems(file, pvTermProblems(terms));
  return terms;
}
