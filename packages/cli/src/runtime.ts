/**
 * The real runtime behind the executable: package version, the compiled knowledge bundle and site settings
 * (read once per run, at the edge) and the engine bound to them.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEngine, openKnowledge, renderContextOf, withSettings } from "@hemosentinel/core";
import { compiledBundle } from "@hemosentinel/knowledge";
import type { Runtime } from "./program.js";

/** The version of this package (its package.json sits one level above src/ and dist/). */
export function packageVersion(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const pkg = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8")) as {
    version?: unknown;
  };
  if (typeof pkg.version !== "string") throw new Error("package.json has no version");
  return pkg.version;
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
    knowledgeVersion: () => compiledBundle().version,
    load: async (evaluatedAt, settingsFile) => {
      // The settings parser (YAML reader and schema) is loaded only by a run with --config.
      const file =
        settingsFile === undefined
          ? undefined
          : {
              name: settingsFile,
              settings: (await import("./settings-read.js")).readSettingsFile(settingsFile),
            };
      const { knowledge, settings } = withSettings(openKnowledge(compiledBundle()), file);
      return {
        engine: createEngine(knowledge, { evaluatedAt, version, settings }),
        render: renderContextOf(knowledge),
      };
    },
    serve: async (options) => {
      // The server (fastify, DuckDB, jose) is loaded only by `serve`, not by `assess`.
      const { findWebBuild, serve, shutdownSignal } = await import("./serve.js");
      const webRoot = findWebBuild();
      return serve(options, {
        version,
        bundle: compiledBundle,
        stopped: shutdownSignal(),
        ...(webRoot !== undefined && { webRoot }),
      });
    },
  };
}
