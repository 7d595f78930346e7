/**
 * The real knowledge for tests that use it rather than test how it is read. The first test file of a run
 * to ask reads the YAML sources, validates and cross-checks them (loadKnowledgeBundle, a second or more)
 * and leaves the bundle as JSON in the run's cache (test/support/run-cache.ts); the other files open that
 * copy (tens of milliseconds), as the CLI opens the compiled bundle. The copy is named by the sources'
 * content hash, so a changed or mutated knowledge folder (HEMOSENTINEL_KNOWLEDGE_DIR, the mutation run) is
 * read anew; a bundle survives JSON unchanged (the compiled bundle is that JSON). Outside a Vitest run every
 * call reads the YAML. Each call returns objects of its own, as loadKnowledge does. The knowledge package's
 * own tests of reading and validating keep calling loadKnowledge and loadKnowledgeBundle.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type Knowledge, type KnowledgeBundle, openKnowledge } from "@hemosentinel/core";
import { knowledgeDir, loadKnowledgeBundle, sourceHash } from "@hemosentinel/knowledge";
import { runCachePath } from "./run-cache.js";

/** The knowledge bundle of `dir` (the shipped sources, or the folder HEMOSENTINEL_KNOWLEDGE_DIR names). */
export function testKnowledgeBundle(dir = knowledgeDir()): KnowledgeBundle {
  const file = runCachePath(`knowledge-${sourceHash(dir)}.json`);
  if (file === undefined) return loadKnowledgeBundle(dir);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as KnowledgeBundle;
  const bundle = loadKnowledgeBundle(dir);
  mkdirSync(dirname(file), { recursive: true });
  // Written beside and renamed into place, so that a worker reading at the same time never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(bundle));
  renameSync(partial, file);
  return bundle;
}

/** The knowledge of `dir` opened for the engine (what loadKnowledge gives). */
export function testKnowledge(dir = knowledgeDir()): Knowledge {
  return openKnowledge(testKnowledgeBundle(dir));
}
