/**
 * The real runtime behind the executable: package version, knowledge base and site settings (loaded once
 * per run, at the edge) and the engine bound to them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadManifest } from "../knowledge/disorders-load.js";
import { type Knowledge, loadKnowledge } from "../knowledge/knowledge.js";
import { knowledgeDir } from "../knowledge/read.js";
import type { Criterion } from "../knowledge/scores.js";
import type { RenderContext } from "../render/view.js";
import { withSettings } from "../settings/apply.js";
import { readSettingsFile } from "../settings/read.js";
import { createEngine } from "./engine.js";
import type { Runtime } from "./program.js";

/** The version in the package.json beside the shipped knowledge/ folder. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(knowledgeDir(), "..", "package.json"), "utf8")) as {
    version?: unknown;
  };
  if (typeof pkg.version !== "string") throw new Error("package.json has no version");
  return pkg.version;
}

/** Label of a score's sub-criterion (PLASMIC hemolysis): the lab's name and its condition. */
function subCriterionLabel(c: Criterion, lab: (id: string) => string | undefined): string {
  const name = lab(c.lab) ?? c.lab;
  if ("undetectable" in c) return `${name} undetectable`;
  const bounds = [
    c.gt !== undefined ? `> ${c.gt}` : "",
    c.ge !== undefined ? `≥ ${c.ge}` : "",
    c.lt !== undefined ? `< ${c.lt}` : "",
    c.le !== undefined ? `≤ ${c.le}` : "",
  ].filter((b) => b !== "");
  return bounds.length === 0 ? name : `${name} ${bounds.join(" and ")} ${c.unit}`;
}

/**
 * What the renderers need from the knowledge base: citations and the names of disorders, CTCAE terms,
 * scores, score components and labs, so that reports name what the JSON gives by id.
 */
export function renderContextOf(
  k: Pick<Knowledge, "references" | "disorders"> &
    Partial<Pick<Knowledge, "ctcae" | "scores" | "vocabulary">>,
): RenderContext {
  const disorders = new Map(k.disorders.map((d) => [d.id, d.name]));
  const terms = new Map((k.ctcae?.terms ?? []).map((t) => [t.term, t.name]));
  const labName = (id: string) => k.vocabulary?.labById(id)?.name;
  const scores = [...(k.scores?.values() ?? [])];
  const components = new Map<string, Map<string, string>>();
  for (const s of scores) {
    const own = new Map<string, string>();
    const list = "components" in s ? s.components : [];
    for (const c of list) {
      own.set(c.id, c.label);
      if (c.kind === "any-of") for (const sub of c.criteria) own.set(sub.id, subCriterionLabel(sub, labName));
    }
    components.set(s.id, own);
  }
  return {
    reference: (id) => k.references.get(id),
    disorderName: (id) => disorders.get(id),
    ctcaeTermName: (term) => terms.get(term),
    scoreName: (id) => k.scores?.get(id)?.name,
    scoreComponentName: (component, score) => {
      if (score !== undefined) return components.get(score)?.get(component);
      for (const own of components.values()) {
        const label = own.get(component);
        if (label !== undefined) return label;
      }
      return undefined;
    },
    labName,
  };
}

/**
 * The runtime of the installed package.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), io, nodeRuntime());
 */
export function nodeRuntime(): Runtime {
  const version = packageVersion();
  return {
    version,
    knowledgeVersion: () => loadManifest().version,
    load: (evaluatedAt, settingsFile) => {
      const file =
        settingsFile === undefined
          ? undefined
          : { name: settingsFile, settings: readSettingsFile(settingsFile) };
      const { knowledge, settings } = withSettings(loadKnowledge(), file);
      return {
        engine: createEngine(knowledge, evaluatedAt, version, settings),
        render: renderContextOf(knowledge),
      };
    },
  };
}
