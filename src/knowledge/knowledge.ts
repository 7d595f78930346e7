/**
 * The whole knowledge base, loaded once at the edge (CLI, server) and passed into the pure core.
 * Loading validates every file and every cross-reference, so a broken knowledge base fails at start-up
 * with the file and field named, never in the middle of an assessment.
 */

import type { DisorderId } from "../core/report.js";
import type { CtcaeRules } from "./ctcae.js";
import { loadCtcaeRules } from "./ctcae.js";
import type { Disorder } from "./disorders.js";
import { loadDisorders, loadManifest } from "./disorders-load.js";
import { loadManagement, loadWorkup, type ManagementKnowledge, type WorkupKnowledge } from "./management.js";
import { KnowledgeError, knowledgeDir, readKnowledgeFile } from "./read.js";
import type { Reference } from "./references.js";
import { loadReferences } from "./references-load.js";
import { type Invariant, SafetyFile, safetyPath } from "./safety.js";
import { loadScoreConfigs, type ScoreConfigs } from "./scores.js";
import { UnexplainedFile, type UnexplainedRules, unexplainedPath } from "./unexplained.js";
import type { Vocabulary } from "./vocabulary.js";
import { loadVocabulary } from "./vocabulary-load.js";

export { loadReferences } from "./references-load.js";

export interface Knowledge {
  readonly version: string;
  readonly references: ReadonlyMap<string, Reference>;
  readonly disorders: readonly Disorder[];
  readonly vocabulary: Vocabulary;
  readonly ctcae: CtcaeRules;
  readonly scores: ScoreConfigs;
  readonly management: ManagementKnowledge;
  readonly workup: WorkupKnowledge;
  readonly unexplained: UnexplainedRules;
  readonly safety: readonly Invariant[];
}

/** Every `sourceIds` list anywhere in a loaded object. */
function citedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) citedIds(v, out);
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "sourceIds" && Array.isArray(v)) for (const id of v) out.add(String(id));
      else citedIds(v, out);
    }
  }
  return out;
}

/** Loads and cross-checks the knowledge base shipped with the package. */
export function loadKnowledge(dir = knowledgeDir()): Knowledge {
  const manifest = loadManifest(dir);
  const references = loadReferences();
  const ids = new Set(references.keys());
  const k: Knowledge = {
    version: manifest.version,
    references,
    disorders: loadDisorders(manifest, dir),
    vocabulary: loadVocabulary(),
    ctcae: loadCtcaeRules(),
    scores: loadScoreConfigs(),
    management: loadManagement(ids),
    workup: loadWorkup(ids),
    unexplained: readKnowledgeFile(unexplainedPath(dir), UnexplainedFile),
    safety: readKnowledgeFile(safetyPath(dir), SafetyFile).invariants,
  };
  const unknown = [...citedIds([k.disorders, k.ctcae, k.scores, k.unexplained, k.safety])].filter(
    (id) => !ids.has(id),
  );
  if (unknown.length > 0) throw new KnowledgeError(`unknown reference ids cited: ${unknown.join(", ")}`);
  const isLabTerm = (term: string, lab: string) =>
    k.ctcae.terms.some((t) => t.term === term && t.kind === "lab" && t.lab === lab);
  for (const d of k.disorders) {
    for (const c of [d.grade.ctcae, ...(d.grade.arms ?? []).map((a) => a.ctcae)]) {
      if (c && !isLabTerm(c.term, c.lab))
        throw new KnowledgeError(
          `disorders/${d.id}.yaml: grade ctcae ${c.term} is not a CTCAE lab term of ${c.lab}`,
        );
    }
  }
  // A recommendation that reads an arm's grade belongs to a disorder graded by arms, with that arm.
  for (const d of k.disorders) {
    const arms = new Set((d.grade.arms ?? []).map((a) => a.id));
    for (const r of k.management[d.id])
      if (r.when.arm !== undefined && !arms.has(r.when.arm))
        throw new KnowledgeError(`management/${d.id}.yaml ${r.id}: ${d.id} has no grade arm ${r.when.arm}`);
  }
  for (const l of k.unexplained.labs)
    if (!isLabTerm(l.term, l.lab))
      throw new KnowledgeError(`unexplained.yaml: ${l.term} is not a CTCAE lab term of ${l.lab}`);
  for (const ref of [...k.unexplained.labs, ...k.unexplained.events].flatMap((x) => x.workup)) {
    const [disorder, id] = ref.split("/") as [DisorderId, string];
    if (!k.workup[disorder]?.some((w) => w.id === id))
      throw new KnowledgeError(`unexplained.yaml: workup ${ref} is not an entry of workup.yaml`);
  }
  return k;
}
