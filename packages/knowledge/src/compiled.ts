/**
 * The compiled bundle this package ships (dist/bundle.json, written by `compile.ts` at build time): read
 * once, never re-validated, so a process starts without parsing YAML or running a schema.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type KnowledgeBundle, KnowledgeError } from "@hemosentinel/core";

/**
 * Where the compiled bundle lives: dist/bundle.json of this package, found through the package's own
 * `exports` entry ("./bundle.json"), so that it is found from this file in src/ or dist/ and from a program
 * that bundled this code (the CLI's single-file build); beside src/ before the package is built.
 */
export function compiledBundlePath(): string {
  try {
    return createRequire(import.meta.url).resolve("@hemosentinel/knowledge/bundle.json");
  } catch {
    return join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bundle.json");
  }
}

let cached: KnowledgeBundle | undefined;

/**
 * The compiled knowledge bundle, read once per process.
 * @example
 * const k = openKnowledge(compiledBundle());
 */
export function compiledBundle(): KnowledgeBundle {
  if (cached) return cached;
  const path = compiledBundlePath();
  if (!existsSync(path))
    throw new KnowledgeError(`${path} is missing: build the knowledge bundle (npm run build)`);
  cached = JSON.parse(readFileSync(path, "utf8")) as KnowledgeBundle;
  return cached;
}
