/**
 * The whole knowledge base, loaded once at the edge (CLI, server) and passed into the pure core.
 * Loading validates every file and every cross-reference, so a broken knowledge base fails at start-up
 * with the file and field named, never in the middle of an assessment.
 */
import type { CtcaeRules } from "./ctcae.js";
import { loadCtcaeRules } from "./ctcae.js";
import type { Disorder } from "./disorders.js";
import { loadDisorders, loadManifest } from "./disorders-load.js";
import { loadManagement, loadWorkup, type ManagementKnowledge, type WorkupKnowledge } from "./management.js";
import { KnowledgeError, knowledgeDir } from "./read.js";
import type { Reference } from "./references.js";
import { loadReferences } from "./references-load.js";
import { loadScoreConfigs, type ScoreConfigs } from "./scores.js";
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
  };
  const unknown = [...citedIds([k.disorders, k.ctcae, k.scores])].filter((id) => !ids.has(id));
  if (unknown.length > 0) throw new KnowledgeError(`unknown reference ids cited: ${unknown.join(", ")}`);
  for (const d of k.disorders) {
    const c = d.grade.ctcae;
    if (c && !k.ctcae.terms.some((t) => t.term === c.term && t.kind === "lab" && t.lab === c.lab))
      throw new KnowledgeError(
        `disorders/${d.id}.yaml: grade.ctcae ${c.term} is not a CTCAE lab term of ${c.lab}`,
      );
  }
  return k;
}
