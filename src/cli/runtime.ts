/**
 * The real runtime behind the executable: package version, knowledge base and site settings (loaded once
 * per run, at the edge) and the engine bound to them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadManifest } from "../knowledge/disorders-load.js";
import { type Knowledge, loadKnowledge } from "../knowledge/knowledge.js";
import { knowledgeDir } from "../knowledge/read.js";
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

/** What the renderers need from the knowledge base: citations and disorder names. */
export function renderContextOf(k: Pick<Knowledge, "references" | "disorders">): RenderContext {
  const names = new Map(k.disorders.map((d) => [d.id, d.name]));
  return { reference: (id) => k.references.get(id), disorderName: (id) => names.get(id) };
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
